"""Indexing speed: the whole indexing pipeline against raw `model.encode` of the same chunks, same run.

    .venv/bin/python benchmarks/bench_index.py [--articles 120] [--rounds 2]

Raw encode is the fastest configuration measured on this machine (the model at the precision the
pipeline picks, batch 32, all chunks in one call so sentence-transformers sorts them by length, no
padding beyond the batch's longest text: the pipeline pads to a multiple of 16 tokens). The
pipeline time covers chunking, embedding, the Chroma writes and the search-index refresh, on a fresh data
folder each round. Rounds alternate so that machine noise hits both sides alike.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

import torch
from sentence_transformers import SentenceTransformer

from index.desk import Newsdesk
from index.ingest.articles import load_articles
from index.settings import Settings
from index.store.chunks import chunk_article
from index.store.embeddings import shared_embedder
from index.store.torch_model import model_path

# RealTime QA articles, relative to the repository unless --source names another file.
ARTICLES = Path(__file__).resolve().parents[1].parent / "shared" / "eval" / "realtimeqa" / "articles.jsonl"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=120)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--source", type=Path, default=ARTICLES)
    args = parser.parse_args()

    settings = Settings(_env_file=None)
    embedder = shared_embedder(settings.precision, settings.batch_size)
    articles = load_articles([args.source], 10**9).articles[: args.articles]
    texts = [c.embedding_text for a in articles for c in chunk_article(a, settings.chunk_chars)]
    embedder.embed(texts[:64])  # warm-up
    print(f"{len(articles)} articles, {len(texts)} chunks, precision {embedder.precision}")

    reference = SentenceTransformer(model_path(), device="cpu")
    if embedder.precision == "bfloat16":
        reference.to(torch.bfloat16)
    ratios = []
    for round_number in range(1, args.rounds + 1):
        raw = raw_encode_speed(reference, texts)
        with tempfile.TemporaryDirectory() as data:
            desk = Newsdesk(settings.model_copy(update={"data_dir": Path(data)}), embedder)
            started = time.perf_counter()
            report = desk.add(articles)
            pipeline = report.chunks / (time.perf_counter() - started)
        ratios.append(pipeline / raw)
        print(
            f"round {round_number}: raw encode {raw:6.1f} chunks/s, "
            f"newsdesk index {pipeline:6.1f} chunks/s, ratio {pipeline / raw:.2f}"
        )
    print(f"median ratio pipeline/raw: {statistics.median(ratios):.2f} (target >= 0.85)")


def raw_encode_speed(model: SentenceTransformer, texts: list[str]) -> float:
    """Chunks a second of `model.encode` as sentence-transformers ships it."""
    started = time.perf_counter()
    model.encode(texts, batch_size=32, normalize_embeddings=True, show_progress_bar=False)
    return len(texts) / (time.perf_counter() - started)


if __name__ == "__main__":
    main()
