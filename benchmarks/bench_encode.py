"""Encoding while other threads run Python: torch eager, torch traced and the ONNX export questions
use, on the same batches, same run.

    PYTHONPATH=. .venv/bin/python benchmarks/bench_encode.py [--busy 0 1 3] [--repeats 20]

In the bot, questions are encoded while the event loop and other questions' search run Python on other
threads. An eager encode takes the GIL back after every one of the model's operations, so it waits on
those threads; the traced graph and onnxruntime run in C++ with the GIL released. `--busy N` starts N
threads running pure Python meanwhile. Batches are a question (1 text) and an answer's candidate
sentences (30 texts), taken from RealTime QA articles, each run on both cores; sides alternate batch by
batch so machine noise hits them alike. Torch runs at the precision the settings resolve to, ONNX in
float32.
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from index.store.embeddings import resolve_precision
from index.store.onnx_model import OnnxModel, export
from index.store.torch_model import TorchModel

# RealTime QA articles, relative to the repository unless --source names another file.
ARTICLES = Path(__file__).resolve().parents[1].parent / "shared" / "eval" / "realtimeqa" / "articles.jsonl"


def sentences(path: Path, count: int) -> list[str]:
    with path.open(encoding="utf-8") as lines:
        text = " ".join(str(json.loads(line)["text"]) for line, _ in zip(lines, range(5), strict=False))
    return [s.strip() + "." for s in text.split(". ") if len(s) > 40][:count]


@contextmanager
def busy_threads(count: int) -> Iterator[None]:
    """`count` threads running pure Python (as search and the event loop do) until the block ends."""
    done = threading.Event()

    def spin() -> None:
        while not done.is_set():
            sum(i * i for i in range(2000))

    threads = [threading.Thread(target=spin) for _ in range(count)]
    for thread in threads:
        thread.start()
    try:
        yield
    finally:
        done.set()
        for thread in threads:
            thread.join()


def timed(encode: Callable[[list[str]], object], texts: list[str]) -> float:
    started = time.perf_counter()
    encode(texts)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--busy", type=int, nargs="+", default=[0, 1, 3])
    parser.add_argument("--repeats", type=int, default=20)
    parser.add_argument("--source", type=Path, default=ARTICLES)
    args = parser.parse_args()

    precision = resolve_precision("auto")
    eager, traced = TorchModel(precision), TorchModel(precision)
    traced.trace()
    with tempfile.TemporaryDirectory() as folder:
        export(Path(folder) / "model.onnx")
        exported = OnnxModel(Path(folder) / "model.onnx", cores=2)
    pool = sentences(args.source, 31)
    sides: dict[str, Callable[[list[str]], object]] = {
        "eager": lambda texts: eager.encode(texts, 2),
        "traced": lambda texts: traced.encode(texts, 2),
        "onnx": lambda texts: exported.encode(texts, 2),
    }
    for encode in sides.values():  # warm-up: first calls compile kernels
        encode(pool[:30])
        encode(pool[30:])
    print(f"torch in {precision}, onnx in float32; median ms per batch")
    for busy in args.busy:
        for label, texts in (("question (1 text)", pool[30:]), ("sentences (30 texts)", pool[:30])):
            times: dict[str, list[float]] = {name: [] for name in sides}
            with busy_threads(busy):
                for _ in range(args.repeats):
                    for name, encode in sides.items():
                        times[name].append(timed(encode, texts))
            medians = {name: statistics.median(times[name]) * 1000 for name in sides}
            print(
                f"{busy} busy threads, {label:20}: "
                + "  ".join(f"{name} {ms:7.1f} ms" for name, ms in medians.items())
                + f"  onnx / traced {medians['onnx'] / medians['traced']:5.2f}x"
            )


if __name__ == "__main__":
    main()
