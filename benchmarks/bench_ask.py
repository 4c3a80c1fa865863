"""Ask latency (p50/p95) and peak RSS at about 1k and 10k chunks of the shared RealTime QA articles.

    .venv/bin/python benchmarks/bench_ask.py [--sizes 1000,10000] [--questions 176]
        [--vectors data/eval-index]

Each size is an index of the first articles of articles.jsonl + distractors.jsonl (in file order) up to
that many chunks, built through the real `Store.add`. Embedding 10k chunks takes minutes on this machine,
so when `--vectors` names a data folder that already indexed these files (`newsdesk index`), the
chunk vectors are copied from it; chunks it lacks are embedded. Every size then runs in a fresh process
(a bot's view: load, warm up with one question, then the dev questions as of their dates through
`Newsdesk.ask`), which prints its load time, ask p50/p95 (wall and CPU time) and peak RSS.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import ClassVar

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from index.desk import Newsdesk  # noqa: E402
from index.evaluate.questions import percentile, read_questions  # noqa: E402
from index.ingest.articles import load_articles  # noqa: E402
from index.settings import Settings  # noqa: E402
from index.store.chroma import Store  # noqa: E402
from index.store.chunks import Chunk, chunk_article  # noqa: E402
from index.store.embeddings import Vectors  # noqa: E402

# The RealTime QA folder, relative to the repository unless --eval names another.
EVAL = ROOT.parent / "shared" / "eval" / "realtimeqa"


class Data:
    """The articles and questions the benchmark reads: RealTime QA dev, from the --eval folder."""

    sources: ClassVar[list[Path]] = [EVAL / "articles.jsonl", EVAL / "distractors.jsonl"]
    questions = EVAL / "questions_dev.jsonl"


def use_eval_folder(folder: Path) -> None:
    """Read the articles and questions from this RealTime QA folder (--eval)."""
    Data.sources = [folder / "articles.jsonl", folder / "distractors.jsonl"]
    Data.questions = folder / "questions_dev.jsonl"


def settings_for(data_dir: Path) -> Settings:
    return Settings(data_dir=data_dir, _env_file=None)


def first_articles(size: int, chunk_chars: int) -> list[list[Chunk]]:
    """The chunks of whole articles, in file order, until there are `size` chunks."""
    articles: list[list[Chunk]] = []
    total = 0
    for article in load_articles(Data.sources, 10**9).articles:
        if total >= size:
            break
        articles.append(chunk_article(article, chunk_chars))
        total += len(articles[-1])
    return articles


def vectors_for(chunks: list[Chunk], desk: Newsdesk, vectors_from: Path | None) -> Vectors:
    """Vectors copied from an index of the same files where it has them, else embedded now as indexing
    embeds them (embedded through the questions' model instead, one such chunk raised the probe's peak
    RSS from about 605 MB to 805 MB at 10k chunks, which an index built by `Newsdesk.add` does not)."""
    known: dict[str, Vectors] = {}
    if vectors_from is not None:
        source = Store(settings_for(vectors_from), desk.embedder)
        for begin in range(0, len(chunks), 1000):
            ids = [c.id for c in chunks[begin : begin + 1000]]
            found = source.chunks.get(ids=ids, include=["embeddings"])
            known.update(zip(found["ids"], np.asarray(found["embeddings"]), strict=True))
    missing = [c for c in chunks if c.id not in known]
    if missing:
        fresh = desk.embedder.embed_for_index([c.embedding_text for c in missing])
        known.update(zip([c.id for c in missing], fresh, strict=True))
    return np.stack([known[c.id] for c in chunks]).astype(np.float32)


def build(data_dir: Path, size: int, vectors_from: Path | None) -> None:
    """An index of about `size` chunks, written through Store.add in groups of whole articles."""
    desk = Newsdesk(settings_for(data_dir))
    articles = first_articles(size, desk.settings.chunk_chars)
    for begin in range(0, len(articles), 100):
        group = [c for chunks in articles[begin : begin + 100] for c in chunks]
        desk.store.add(group, vectors_for(group, desk, vectors_from))


def probe(data_dir: Path, questions: int) -> dict[str, float]:
    """Run in a fresh process: what a bot sees at this index size."""
    started = time.perf_counter()
    desk = Newsdesk(settings_for(data_dir))
    desk.warm_up()  # as the bot does before its first question
    load_s = time.perf_counter() - started
    asked = list(read_questions(Data.questions))[:questions]
    desk.ask(asked[0].question, as_of=asked[0].question_date, answerer="extractive")
    latencies: list[float] = []
    cpu: list[float] = []
    for question in asked:
        began, began_cpu = time.perf_counter(), time.process_time()
        desk.ask(question.question, as_of=question.question_date, answerer="extractive")
        latencies.append((time.perf_counter() - began) * 1000)
        cpu.append((time.process_time() - began_cpu) * 1000)
    latencies.sort()
    cpu.sort()
    return {
        "chunks": len(desk.searcher.chunks),
        "load_s": round(load_s, 1),
        "ask_p50_ms": round(percentile(latencies, 50), 1),
        "ask_p95_ms": round(percentile(latencies, 95), 1),
        "ask_mean_ms": round(statistics.fmean(latencies), 1),
        # CPU time of all threads: unlike wall time, other sessions on the shared cores hardly change it.
        "cpu_p50_ms": round(percentile(cpu, 50), 1),
        "cpu_p95_ms": round(percentile(cpu, 95), 1),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000")
    parser.add_argument("--questions", type=int, default=176)
    parser.add_argument("--vectors", type=Path, default=ROOT / "data" / "eval-index")
    parser.add_argument("--probe", type=Path, help="only measure this existing data folder (prints JSON)")
    parser.add_argument("--eval", type=Path, default=EVAL, help="the RealTime QA folder")
    args = parser.parse_args()
    use_eval_folder(args.eval)
    if args.probe:
        print(json.dumps(probe(args.probe, args.questions)))
        return
    vectors_from = args.vectors if (args.vectors / "chroma").is_dir() else None
    print(f"load average at start: {os.getloadavg()[0]:.1f} (2 cores)")
    print("chunks  load_s  ask_p50_ms  ask_p95_ms  cpu_p50_ms  cpu_p95_ms  peak_rss_mb")
    with tempfile.TemporaryDirectory(prefix="bench-ask-") as work:
        for size in (int(s) for s in args.sizes.split(",")):
            data_dir = Path(work) / f"size-{size}"
            build(data_dir, size, vectors_from)
            command = [sys.executable, __file__, "--probe", str(data_dir), "--questions", str(args.questions)]
            command += ["--eval", str(args.eval)]
            row = json.loads(subprocess.run(command, check=True, capture_output=True, text=True).stdout)
            print(
                f"{row['chunks']:6}  {row['load_s']:6}  {row['ask_p50_ms']:10}  {row['ask_p95_ms']:10}  "
                f"{row['cpu_p50_ms']:10}  {row['cpu_p95_ms']:10}  {row['peak_rss_mb']:11}",
                flush=True,
            )


if __name__ == "__main__":
    main()
