"""What telling an answer honestly costs: composition (the newest date, citations, copies, disagreements)
and the abstention's coverage summary, against the whole `ask`, on the same questions in one run.

    .venv/bin/python benchmarks/bench_compose.py [--data data/eval-index] [--questions 176]

For each dev question (as of its date): one timed `Newsdesk.ask`, then, on that question's retrieval and
ranked sentences, one timed `cited_answer` (what index/compose.py adds to every answer) and one timed
coverage summary (what an abstention adds). The three alternate question by question, so load from
other processes hits them alike; printed are p50/p95 in ms and compose's share of ask.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from index.answer.compose import cited_answer, coverage_of  # noqa: E402
from index.desk import Newsdesk  # noqa: E402
from index.evaluate.questions import percentile, read_questions  # noqa: E402
from index.model import Retrieval  # noqa: E402
from index.search.searcher import SearchFilter  # noqa: E402
from index.settings import Settings  # noqa: E402

# The RealTime QA folder, relative to the repository unless --eval names another.
EVAL = ROOT.parent / "shared" / "eval" / "realtimeqa"


def timed_ms(started: float) -> float:
    return (time.perf_counter() - started) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=ROOT / "data" / "eval-index")
    parser.add_argument("--questions", type=int, default=176)
    parser.add_argument("--eval", type=Path, default=EVAL, help="the RealTime QA folder")
    args = parser.parse_args()
    desk = Newsdesk(Settings(data_dir=args.data, _env_file=None))
    questions = list(read_questions(args.eval / "questions_dev.jsonl"))[: args.questions]
    desk.ask(questions[0].question)  # warm-up
    ask_ms: list[float] = []
    compose_ms: list[float] = []
    coverage_ms: list[float] = []
    for question in questions:
        started = time.perf_counter()
        answer = desk.ask(question.question, as_of=question.question_date, answerer="extractive")
        ask_ms.append(timed_ms(started))
        retrieval = Retrieval(question.question, answer.retrieved, question.question_date)
        ranked = desk.answerer.rank_quotes(retrieval)
        started = time.perf_counter()
        cited_answer(retrieval, ranked[:2], 1.0, more=ranked[2:5])
        compose_ms.append(timed_ms(started))
        started = time.perf_counter()
        coverage_of(desk.searcher.article_chunks(), SearchFilter(until=question.question_date))
        coverage_ms.append(timed_ms(started))
    ask_ms.sort()
    compose_ms.sort()
    coverage_ms.sort()
    figures = {
        "questions": len(questions),
        "chunks": desk.chunk_count(),
        "ask_p50_ms": round(percentile(ask_ms, 50), 1),
        "ask_p95_ms": round(percentile(ask_ms, 95), 1),
        "compose_p50_ms": round(percentile(compose_ms, 50), 2),
        "compose_p95_ms": round(percentile(compose_ms, 95), 2),
        "coverage_p50_ms": round(percentile(coverage_ms, 50), 2),
        "coverage_p95_ms": round(percentile(coverage_ms, 95), 2),
        "compose_share_of_ask_p50": round(percentile(compose_ms, 50) / percentile(ask_ms, 50), 3),
    }
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
