"""Scale: index time, disk, RSS and ask latency at 15k, 50k and 100k chunks, embedded vs Chroma server,
plus freshness (another process indexes an article; how soon the running bot answers from it).

    .venv/bin/python benchmarks/bench_scale.py [--sizes 15000,50000,100000] [--questions 176]

The base is the shared RealTime QA articles plus distractors (about 15k chunks), embedded for real once and
cached. Larger indexes add deterministic variants of every base article, like follow-up reports of a story:
the title gets "(update N)", every digit of the text is shifted by N (same length, so chunk offsets hold),
the url and date move. A variant chunk reuses its original's vector plus a small fixed-seed perturbation,
so building 100k chunks does not re-embed 85k texts; the index time printed is the measured store-write
time plus the embedding time those chunks would take at the embedding rate measured in this run.

Each mode's index is grown by a writer process to each size in turn; after each size a fresh "bot"
process (Newsdesk, as the bot holds it) loads the index and answers the dev questions: its load time,
RSS after loading and after the questions, retrieval alone (search p50/p95: what grows with the index)
and the whole ask (p50/p95, including the extractive answerer) are what the table shows. Freshness: a
running bot process asks about an article that another process then indexes with `newsdesk index`;
the time from that process's commit to the bot's first answer citing it. Targets: ask p95 < 150 ms at
100k, server mode adds < 20 ms to p95, bot RSS < 1 GB at 100k, freshness < 5 s. Figures taken on a
machine shared with other jobs are only comparable within one run; the load average is printed.
"""

from __future__ import annotations

import argparse
import dataclasses
import hashlib
import json
import os
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from index.ingest.articles import load_articles  # noqa: E402
from index.model import Article  # noqa: E402
from index.settings import Settings  # noqa: E402
from index.store.chunks import Chunk, chunk_article  # noqa: E402
from index.store.embeddings import Vectors  # noqa: E402
from tests.chroma_server import ChromaServer  # noqa: E402

# The RealTime QA folder, relative to the repository unless --eval names another.
EVAL = ROOT.parent / "shared" / "eval" / "realtimeqa"


class Data:
    """The RealTime QA folder the benchmark reads (--eval)."""

    folder = EVAL


COLLECTION = "bench"
NEWSDESK = Path(sys.executable).with_name("newsdesk")
# Variant vectors: original + this much seeded noise (cosine to the original stays about 0.99).
PERTURBATION = 0.006
WRITE_GROUP = 2000

FRESH_TITLE = "Lantern Festival Draws Record Crowds to the Old Quarry"
FRESH_TEXT = (
    "Organisers of the Brightwater lantern festival counted a record 48,000 visitors at the old quarry on "
    "Saturday. Festival director Odalys Pemberton-Quist said the crowds doubled after the council added "
    "night buses from the harbour."
)
FRESH_QUESTION = "How many visitors did the Brightwater lantern festival count?"


# -- the corpus ----------------------------------------------------------------------------------


def base_articles() -> list[Article]:
    return load_articles([Data.folder / "articles.jsonl", Data.folder / "distractors.jsonl"], 10**9).articles


def shift_digits(text: str, by: int) -> str:
    return text.translate(str.maketrans("0123456789", "".join(str((d + by) % 10) for d in range(10))))


def variant(article: Article, number: int) -> Article:
    """Follow-up report number `number` of an article: same length text, so chunk offsets hold."""
    return dataclasses.replace(
        article,
        title=f"{article.title} (update {number})",
        text=shift_digits(article.text, number),
        url=f"{article.url}#update-{number}" if article.url else "",
        published=article.published + timedelta(days=3 * number) if article.published else None,
        origin=f"{article.origin}#update-{number}",
    )


def corpus_chunks(articles: list[Article], chunk_chars: int) -> list[list[Chunk]]:
    return [chunk_article(a, chunk_chars) for a in articles]


def variant_chunks(chunks: list[Chunk], number: int) -> list[Chunk]:
    if number == 0:
        return chunks
    article = variant(chunks[0].article, number)
    return [dataclasses.replace(c, article=article) for c in chunks]


def variant_vectors(vectors: Vectors, number: int, article_index: int) -> Vectors:
    if number == 0:
        return vectors
    noise = np.random.default_rng([number, article_index]).normal(0, PERTURBATION, vectors.shape)
    moved = vectors + noise.astype(np.float32)
    normalised: Vectors = moved / np.linalg.norm(moved, axis=1, keepdims=True)
    return normalised


def vector_cache(work: Path, per_article: list[list[Chunk]], precision: str) -> Path:
    texts = "\n\x00".join(c.embedding_text for chunks in per_article for c in chunks)
    return work / f"vectors-{hashlib.sha1(texts.encode()).hexdigest()[:16]}-{precision}.npy"


def embed_base(work: Path, per_article: list[list[Chunk]]) -> float:
    """Embed every base chunk once (cached in `work`); returns the embedding rate measured now, chunks/s."""
    from index.store.embeddings import shared_embedder

    settings = Settings(_env_file=None)
    embedder = shared_embedder(settings.precision, settings.batch_size)
    texts = [c.embedding_text for chunks in per_article for c in chunks]
    sample = texts[:512]
    embedder.embed_for_index(sample[:32])  # warm-up, as indexing
    started = time.perf_counter()
    embedder.embed_for_index(sample)
    rate = len(sample) / (time.perf_counter() - started)
    cache = vector_cache(work, per_article, embedder.precision)
    if not cache.exists():
        print(f"embedding {len(texts)} base chunks once (cached in {cache})...", flush=True)
        np.save(cache, embedder.embed_for_index(texts))
    return rate


def base_vectors(work: Path, per_article: list[list[Chunk]], precision: str) -> list[Vectors]:
    """The cached vectors of the base chunks, split by article."""
    flat = np.load(vector_cache(work, per_article, precision))
    split: list[Vectors] = []
    begin = 0
    for chunks in per_article:
        split.append(flat[begin : begin + len(chunks)])
        begin += len(chunks)
    return split


# -- roles run in their own processes ------------------------------------------------------------


def bench_settings(data: Path, chroma_url: str | None) -> Settings:
    return Settings(data_dir=data, chroma_url=chroma_url, collection=COLLECTION, _env_file=None)


def rss_mb(pid: int | None = None) -> float:
    for line in Path(f"/proc/{pid or os.getpid()}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def planned(per_article: list[list[Chunk]]) -> Iterator[tuple[int, int]]:
    """(variant number, base article index), in the order the writer adds them."""
    number = 0
    while True:
        for index in range(len(per_article)):
            yield number, index
        number += 1


def role_write(args: argparse.Namespace) -> dict[str, Any]:
    """Grow the index to at least `target` chunks with the next planned articles."""
    from index.store.chroma import Store
    from index.store.embeddings import shared_embedder

    settings = bench_settings(args.data, args.chroma_url)
    per_article = corpus_chunks(base_articles(), settings.chunk_chars)
    embedder = shared_embedder(settings.precision, settings.batch_size)
    vectors = base_vectors(args.work, per_article, embedder.precision)
    store = Store(settings, embedder)
    present = store.ping()
    total = store.chunk_count()
    started = time.perf_counter()
    group: list[Chunk] = []
    group_vectors: list[Vectors] = []
    for position, (number, index) in enumerate(planned(per_article)):
        if total >= args.target:
            break
        if position < present:
            continue
        chunks = variant_chunks(per_article[index], number)
        group.extend(chunks)
        group_vectors.append(variant_vectors(vectors[index], number, index))
        total += len(chunks)
        if len(group) >= WRITE_GROUP:
            store.add(group, np.concatenate(group_vectors))
            group, group_vectors = [], []
    if group:
        store.add(group, np.concatenate(group_vectors))
    return {"write_s": time.perf_counter() - started, "chunks": store.chunk_count()}


def role_probe(args: argparse.Namespace) -> dict[str, Any]:
    """Load the index as the bot does and answer the dev questions."""
    from index.desk import Newsdesk

    started = time.perf_counter()
    desk = Newsdesk(bench_settings(args.data, args.chroma_url))
    load_s = time.perf_counter() - started
    loaded_rss = rss_mb()
    lines = (Data.folder / "questions_dev.jsonl").read_text().splitlines()
    questions = [json.loads(line)["question"] for line in lines]
    questions = questions[: args.questions]
    for question in questions[:5]:
        desk.ask(question + " ?")  # warm-up, different text so the query cache stays cold
    searches, asks = [], []
    for question in questions:
        # Retrieval alone (what grows with the index), then the whole ask; each encodes its query afresh
        # (the trailing space makes a new cache key, not a new meaning).
        started = time.perf_counter()
        desk.searcher.search(question + " ", desk.settings.top_k)
        searches.append(time.perf_counter() - started)
        started = time.perf_counter()
        desk.ask(question)
        asks.append(time.perf_counter() - started)
    return {
        "load_s": load_s,
        "chunks": len(desk.searcher.chunks),
        "loaded_rss_mb": loaded_rss,
        "rss_mb": rss_mb(),
        **percentiles("search", searches),
        **percentiles("ask", asks),
    }


def percentiles(name: str, seconds: list[float]) -> dict[str, float]:
    ordered = sorted(seconds)
    return {
        f"{name}_p50_ms": 1000 * statistics.median(ordered),
        f"{name}_p95_ms": 1000 * ordered[int(0.95 * (len(ordered) - 1))],
    }


def role_watch(args: argparse.Namespace) -> dict[str, Any]:
    """The running bot: ready, then ask until an answer cites the fresh article."""
    from index.desk import Newsdesk

    desk = Newsdesk(bench_settings(args.data, args.chroma_url))
    print(json.dumps({"ready": True}), flush=True)
    while not any(s.title == FRESH_TITLE for s in desk.ask(FRESH_QUESTION).sources):
        time.sleep(0.05)
    seen = time.time()
    # indexed_at is stamped by the writing process just before it registers the article: its commit.
    committed = next(r.indexed_at for r in desk.articles() if r.title == FRESH_TITLE)
    return {"seen_at": seen, "after_commit_s": seen - committed}


def run_role(role: str, args: argparse.Namespace, *extra: str) -> dict[str, Any]:
    command = [sys.executable, __file__, "--role", role, "--work", str(args.work), "--data", str(args.data)]
    command += ["--eval", str(Data.folder)]
    if args.chroma_url:
        command += ["--chroma-url", args.chroma_url]
    result = subprocess.run([*command, *extra], check=True, capture_output=True, text=True)
    last: dict[str, Any] = json.loads(result.stdout.strip().splitlines()[-1])
    return last


# -- the sweep -----------------------------------------------------------------------------------


def disk_mb(path: Path) -> float:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file()) / 1e6


def freshness(args: argparse.Namespace, server: ChromaServer) -> tuple[float, float]:
    """Seconds from `newsdesk index` starting, and from its commit, to the bot answering from it."""
    command = [
        sys.executable,
        __file__,
        "--role",
        "watch",
        "--work",
        str(args.work),
        "--data",
        str(args.data),
    ]
    watcher = subprocess.Popen([*command, "--chroma-url", server.url], stdout=subprocess.PIPE, text=True)
    assert watcher.stdout is not None
    watcher.stdout.readline()  # ready
    article = args.work / "fresh.txt"
    article.write_text(f"{FRESH_TITLE}\n\n{FRESH_TEXT}\n", encoding="utf-8")
    environment = {
        **os.environ,
        "NEWSDESK_CHROMA_URL": server.url,
        "NEWSDESK_COLLECTION": COLLECTION,
        "NEWSDESK_DATA_DIR": str(args.data),
    }
    started = time.time()
    subprocess.run([str(NEWSDESK), "index", str(article)], check=True, env=environment, cwd=args.work)
    seen = json.loads(watcher.stdout.readline())
    watcher.wait()
    return seen["seen_at"] - started, seen["after_commit_s"]


def sweep(args: argparse.Namespace) -> None:
    args.work.mkdir(parents=True, exist_ok=True)
    settings = Settings(_env_file=None)
    per_article = corpus_chunks(base_articles(), settings.chunk_chars)
    rate = embed_base(args.work, per_article)
    base = sum(len(c) for c in per_article)
    print(f"base: {len(per_article)} articles, {base} chunks; embedding rate {rate:.0f} chunks/s")
    sizes = [int(s) for s in args.sizes.split(",")]
    rows: list[dict[str, Any]] = []
    server = ChromaServer(args.work / "server")
    for folder in (args.work / "embedded", args.work / "server", args.work / "client"):
        shutil.rmtree(folder, ignore_errors=True)
    server.start()
    try:
        write_total = {"embedded": 0.0, "server": 0.0}
        for size in sizes:
            for mode in ("embedded", "server"):
                role_args = argparse.Namespace(
                    work=args.work,
                    data=args.work / ("embedded" if mode == "embedded" else "client"),
                    chroma_url=server.url if mode == "server" else None,
                )
                written = run_role("write", role_args, "--target", str(size))
                write_total[mode] += written["write_s"]
                probe = run_role("probe", role_args, "--questions", str(args.questions))
                chunks = written["chunks"]
                row = {
                    "size": size,
                    "mode": mode,
                    "chunks": chunks,
                    "index_s": write_total[mode] + chunks / rate,
                    "write_s": write_total[mode],
                    "disk_mb": disk_mb(args.work / mode),
                    **probe,
                    "server_rss_mb": server.rss_bytes() / 2**20 if mode == "server" else 0.0,
                }
                rows.append(row)
                print(json.dumps({k: round(v, 1) if isinstance(v, float) else v for k, v in row.items()}))
        fresh_start, fresh_commit = freshness(
            argparse.Namespace(work=args.work, data=args.work / "client"), server
        )
    finally:
        server.stop()
    report(rows, rate, fresh_start, fresh_commit)


def report(rows: list[dict[str, Any]], rate: float, fresh_start: float, fresh_commit: float) -> None:
    print()
    load = " ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"machine load average (1/5/15 min) at the end: {load} on {os.cpu_count()} cores")
    print(f"index s = measured store writes + embedding at the {rate:.0f} chunks/s measured in this run")
    print(
        f"{'chunks':>7} {'mode':8} {'index s':>7} {'write s':>7} {'disk MB':>7} {'load s':>6} "
        f"{'RSS MB':>13} {'srv RSS':>7} {'search p50/p95 ms':>17} {'ask p50/p95 ms':>15}"
    )
    for r in rows:
        print(
            f"{r['chunks']:>7} {r['mode']:8} {r['index_s']:7.0f} {r['write_s']:7.1f} {r['disk_mb']:7.0f} "
            f"{r['load_s']:6.1f} {r['loaded_rss_mb']:6.0f}->{r['rss_mb']:5.0f} {r['server_rss_mb']:7.0f} "
            f"{r['search_p50_ms']:8.0f}/{r['search_p95_ms']:<8.0f} "
            f"{r['ask_p50_ms']:7.0f}/{r['ask_p95_ms']:<7.0f}"
        )
    by = {(r["size"], r["mode"]): r for r in rows}
    for size in sorted({r["size"] for r in rows}):
        embedded, server = by[(size, "embedded")], by[(size, "server")]
        ratio = server["ask_p95_ms"] / embedded["ask_p95_ms"]
        print(
            f"{embedded['chunks']:>7} chunks: ask p95 server/embedded {ratio:.2f} "
            f"(+{server['ask_p95_ms'] - embedded['ask_p95_ms']:.0f} ms; target < +20 ms); "
            f"ask p95 {embedded['ask_p95_ms']:.0f} / {server['ask_p95_ms']:.0f} ms (target < 150 ms); "
            f"bot RSS {embedded['rss_mb']:.0f} / {server['rss_mb']:.0f} MB (target < 1024)"
        )
    print(
        f"freshness (server mode): the running bot answered from the new article {fresh_commit:.1f} s after "
        f"another process committed it ({fresh_start:.1f} s after `newsdesk index` started; target < 5 s)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="15000,50000,100000")
    parser.add_argument("--questions", type=int, default=176)
    parser.add_argument("--work", type=Path, default=ROOT / "data" / "bench-scale")
    parser.add_argument("--role", choices=["write", "probe", "watch"])
    parser.add_argument("--data", type=Path)
    parser.add_argument("--chroma-url")
    parser.add_argument("--target", type=int, default=0)
    parser.add_argument("--eval", type=Path, default=EVAL, help="the RealTime QA folder")
    args = parser.parse_args()
    Data.folder = args.eval.resolve()
    args.work = args.work.resolve()
    if args.role is None:
        sweep(args)
        return
    roles = {"write": role_write, "probe": role_probe, "watch": role_watch}
    print(json.dumps(roles[args.role](args)), flush=True)


if __name__ == "__main__":
    main()
