"""Watched claims: the time to check 100 new articles against 200 watches, and what questions asked
meanwhile pay for it.

    .venv/bin/python benchmarks/bench_watch.py [--eval ../shared/eval/realtimeqa] [--archive 400]
        [--watches 200] [--batch 100] [--questions 40]
        [--claims tests/data/claims_dev.jsonl tests/data/claims_paraphrase.jsonl]

In a temporary data folder it indexes `--archive` distractor articles, then watches `--watches` labelled
claims (their verdicts so far taken from the archive), then indexes two batches of `--batch` RealTime QA
articles, those the claims are about first, shared between the batches. The first batch is checked
alone (`Watcher.run`); while the second is checked on a thread, the main thread asks dev questions one
after another, and their latency is set beside that of the same questions asked with no run going.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import threading
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from index.desk import Newsdesk  # noqa: E402
from index.evaluate.questions import percentile, read_questions  # noqa: E402
from index.factcheck.check import FactChecker  # noqa: E402
from index.ingest.articles import load_articles  # noqa: E402
from index.model import Article  # noqa: E402
from index.ops.watches import Watcher, WatchStore  # noqa: E402
from index.settings import Settings  # noqa: E402

EVAL = ROOT.parent / "shared" / "eval" / "realtimeqa"
CLAIMS = [ROOT / "tests/data/claims_dev.jsonl", ROOT / "tests/data/claims_paraphrase.jsonl"]


def read_claims(files: list[Path], count: int) -> tuple[list[str], list[str]]:
    """The first `count` distinct claims, and the ids of the articles they are about, in order."""
    claims: dict[str, str] = {}
    for file in files:
        for line in file.read_text(encoding="utf-8").splitlines():
            record = json.loads(line)
            claims.setdefault(record["claim"], record["article_id"])
    chosen = list(claims.items())[:count]
    return [c for c, _ in chosen], list(dict.fromkeys(a for _, a in chosen))


def batches(articles: list[Article], about: list[str], size: int) -> tuple[list[Article], list[Article]]:
    """Two batches of new articles: those the claims are about dealt out in turn, then the others."""
    by_ref = {a.ref: a for a in articles}
    first = [by_ref[r] for r in about if r in by_ref]
    rest = [a for a in articles if a.ref not in set(about)]
    ordered = first[0::2] + first[1::2]
    half = len(first[0::2])
    one = (ordered[:half] + rest)[:size]
    two = (ordered[half:] + [a for a in rest if a not in one])[:size]
    return one, two


def latencies(
    desk: Newsdesk, questions: list[tuple[str, date | None]], until: threading.Event | None
) -> list[float]:
    """Milliseconds per question, asked in turn: all of them, or (with `until`) until the event is set."""
    spent: list[float] = []
    turn = 0
    while (until is None and turn < len(questions)) or (until is not None and not until.is_set()):
        question, as_of = questions[turn % len(questions)]
        began = time.perf_counter()
        desk.ask(question, as_of=as_of, answerer="extractive")
        spent.append((time.perf_counter() - began) * 1000)
        turn += 1
    return spent


def line(name: str, spent: list[float]) -> str:
    ordered = sorted(spent)
    p50, p95 = percentile(ordered, 50), percentile(ordered, 95)
    return f"{name:22} n {len(spent):3}  p50 {p50:6.1f} ms  p95 {p95:6.1f} ms"


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--eval", type=Path, default=EVAL, help="the RealTime QA folder")
    parser.add_argument("--claims", type=Path, nargs="+", default=CLAIMS, help="labelled claims (JSONL)")
    parser.add_argument("--archive", type=int, default=400, help="distractor articles indexed first")
    parser.add_argument("--watches", type=int, default=200)
    parser.add_argument("--batch", type=int, default=100, help="new articles per batch")
    parser.add_argument("--questions", type=int, default=40, help="dev questions for the idle latency")
    args = parser.parse_args()

    claims, about = read_claims(args.claims, args.watches)
    archive = load_articles([args.eval / "distractors.jsonl"], 10**9).articles[: args.archive]
    news = load_articles([args.eval / "articles.jsonl"], 10**9).articles
    one, two = batches(news, about, args.batch)
    questions = [(q.question, q.question_date) for q in read_questions(args.eval / "questions_dev.jsonl")]
    questions = questions[: args.questions]

    with tempfile.TemporaryDirectory() as folder:
        data = Path(folder) / "data"
        desk = Newsdesk(Settings(data_dir=data, _env_file=None))
        desk.add(archive)
        watcher = Watcher(desk, FactChecker.for_desk(desk), WatchStore(data, max_per_chat=len(claims)))
        began = time.perf_counter()
        for claim in claims:
            watcher.add(claim)
        added = time.perf_counter() - began
        latencies(desk, questions[:3], None)  # warm
        idle = latencies(desk, questions, None)

        desk.add(one)
        began = time.perf_counter()
        alerts_one = watcher.run()
        alone = time.perf_counter() - began

        desk.add(two)
        done = threading.Event()
        outcome: dict[str, float | int] = {}

        def run_second() -> None:
            started = time.perf_counter()
            outcome["alerts"] = len(watcher.run())
            outcome["seconds"] = time.perf_counter() - started
            done.set()

        thread = threading.Thread(target=run_second)
        thread.start()
        during = latencies(desk, questions, done)
        thread.join()

        print(
            f"archive {len(archive)} articles, {desk.chunk_count()} chunks at the end; {len(claims)} watches "
            f"(added in {added:.1f} s); load average {os.getloadavg()[0]:.1f} (2 cores)"
        )
        print(f"batch 1: {len(one)} new articles checked alone in {alone:.1f} s, {len(alerts_one)} alerts")
        print(
            f"batch 2: {len(two)} new articles checked in {outcome['seconds']:.1f} s with questions asked "
            f"meanwhile, {outcome['alerts']} alerts"
        )
        print(line("questions, no run", idle))
        print(line("questions, during run", during))
        extra = percentile(sorted(during), 50) - percentile(sorted(idle), 50)
        print(f"extra question latency during a run: p50 {extra:+.1f} ms")


if __name__ == "__main__":
    main()
