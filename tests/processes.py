"""Helpers for the real servers the tests start as subprocesses: wait until ready, stop by PID."""

from __future__ import annotations

import os
import signal
import subprocess
import time

import httpx

Server = subprocess.Popen[bytes] | subprocess.Popen[str]


def wait_until_answering(url: str, timeout: float, process: Server | None = None) -> None:
    """Poll `url` until it answers 200; fail early when `process` has exited meanwhile."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"the server for {url} exited with {process.returncode}")
        try:
            if httpx.get(url, timeout=2.0).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.1)
    raise RuntimeError(f"{url} did not answer within {timeout:.0f} s")


def stop(
    process: subprocess.Popen[bytes] | subprocess.Popen[str], sig: signal.Signals = signal.SIGTERM
) -> None:
    """Send `sig` to the process and reap it; a process that ignores it for 20 s is killed."""
    if process.poll() is None:
        os.kill(process.pid, sig)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.kill(process.pid, signal.SIGKILL)
            process.wait()
