"""A real `chroma run` server on a free 127.0.0.1 port, for tests and benchmarks; stopped by its PID."""

from __future__ import annotations

import signal
import socket
import subprocess
import sys
from pathlib import Path

from tests.processes import stop, wait_until_answering

CHROMA = Path(sys.executable).with_name("chroma")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


class ChromaServer:
    """`chroma run --path DIR --port PORT`, restartable on the same folder and port."""

    def __init__(self, path: Path, port: int | None = None) -> None:
        self.path = path
        self.port = port or free_port()
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, timeout: float = 60.0) -> None:
        self.process = subprocess.Popen(
            [str(CHROMA), "run", "--path", str(self.path), "--host", "127.0.0.1", "--port", str(self.port)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            # `chroma run` exits 0 when the port is taken, so only the heartbeat proves it is ours.
            wait_until_answering(f"{self.url}/api/v2/heartbeat", timeout, self.process)
        except RuntimeError:
            self.stop()
            raise

    def stop(self, sig: signal.Signals = signal.SIGTERM) -> None:
        if self.process is None:
            return
        stop(self.process, sig)
        self.process = None

    def kill(self) -> None:
        """Die as in a crash: no clean shutdown."""
        self.stop(signal.SIGKILL)

    def rss_bytes(self) -> int:
        """Resident memory of the server process (Linux)."""
        assert self.process is not None
        for line in Path(f"/proc/{self.process.pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
        return 0
