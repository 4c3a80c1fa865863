"""Fact-check latency (p50/p95) at about 10k chunks, beside ask latency in the same run.

    .venv/bin/python benchmarks/bench_check.py [--size 10000] [--claims tests/data/claims_dev.jsonl]
        [--vectors data/eval-index] [--rounds 162]

The index is built as `bench_ask.py` builds it (the first RealTime QA articles, then distractors, up to
`--size` chunks, vectors copied from `--vectors` where it has them) in a temporary folder. The probe then
loads it as the bot does, warms up, and alternates one `FactChecker.check` of a labelled claim with one
`Newsdesk.ask` of a dev question, round by round, so that the load other sessions put on the shared
cores hits both sides alike; it prints p50/p95 wall and CPU time for each and their ratio.
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

from bench_ask import EVAL, ROOT, Data, build, settings_for, use_eval_folder

from index.desk import Newsdesk
from index.evaluate.checks import read_claims
from index.evaluate.questions import percentile, read_questions
from index.factcheck.check import FactChecker

CLAIMS = ROOT / "tests/data/claims_dev.jsonl"


def timed(call: Callable[[], object]) -> tuple[float, float]:
    """Wall and CPU milliseconds of one call."""
    began, began_cpu = time.perf_counter(), time.process_time()
    call()
    return (time.perf_counter() - began) * 1000, (time.process_time() - began_cpu) * 1000


def summary(name: str, wall: list[float], cpu: list[float]) -> str:
    return (
        f"{name:6} p50 {percentile(sorted(wall), 50):7.1f} ms  p95 {percentile(sorted(wall), 95):7.1f} ms  "
        f"mean {statistics.fmean(wall):7.1f} ms  cpu p50 {percentile(sorted(cpu), 50):7.1f} ms  "
        f"cpu p95 {percentile(sorted(cpu), 95):7.1f} ms"
    )


def probe(data_dir: Path, claims_file: Path, rounds: int) -> None:
    desk = Newsdesk(settings_for(data_dir))
    checker = FactChecker.for_desk(desk)
    claims = [c.claim for c in read_claims(claims_file)]
    questions = list(read_questions(Data.questions))
    checker.check(claims[0])
    desk.ask(questions[0].question, answerer="extractive")
    wall: dict[str, list[float]] = {"check": [], "ask": []}
    cpu: dict[str, list[float]] = {"check": [], "ask": []}
    for turn in range(rounds):
        claim, question = claims[turn % len(claims)], questions[turn % len(questions)]
        sides: list[tuple[str, Callable[[], object]]] = [
            ("check", partial(checker.check, claim)),
            (
                "ask",
                partial(desk.ask, question.question, as_of=question.question_date, answerer="extractive"),
            ),
        ]
        # Alternate which side goes first, so neither always runs on a cache the other warmed.
        for side, call in sides if turn % 2 == 0 else sides[::-1]:
            spent, spent_cpu = timed(call)
            wall[side].append(spent)
            cpu[side].append(spent_cpu)
    print(
        f"chunks {len(desk.searcher.chunks)}, {rounds} rounds, "
        f"load average {os.getloadavg()[0]:.1f} (2 cores)"
    )
    for side in ("check", "ask"):
        print(summary(side, wall[side], cpu[side]))
    ratio_p50 = percentile(sorted(wall["check"]), 50) / percentile(sorted(wall["ask"]), 50)
    ratio_p95 = percentile(sorted(wall["check"]), 95) / percentile(sorted(wall["ask"]), 95)
    print(f"check / ask: p50 {ratio_p50:.2f}x, p95 {ratio_p95:.2f}x")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=10000)
    parser.add_argument("--claims", type=Path, default=CLAIMS)
    parser.add_argument("--rounds", type=int, default=162)
    parser.add_argument("--vectors", type=Path, default=ROOT / "data" / "eval-index")
    parser.add_argument(
        "--index", type=Path, help="measure this existing data folder instead of building one"
    )
    parser.add_argument("--eval", type=Path, default=EVAL, help="the RealTime QA folder")
    args = parser.parse_args()
    use_eval_folder(args.eval)
    if args.index:
        probe(args.index, args.claims, args.rounds)
        return
    vectors_from = args.vectors if (args.vectors / "chroma").is_dir() else None
    with tempfile.TemporaryDirectory(prefix="bench-check-") as work:
        data_dir = Path(work) / "index"
        started = time.perf_counter()
        build(data_dir, args.size, vectors_from)
        print(f"built in {time.perf_counter() - started:.0f} s", flush=True)
        probe(data_dir, args.claims, args.rounds)


if __name__ == "__main__":
    main()
