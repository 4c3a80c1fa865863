"""The persisted lexical index: load time and query time of the options, on one index's chunks.

    .venv/bin/python benchmarks/bench_lexical.py --data-dir DATA_DIR [--collection newsdesk]

Options, each holding the same stemmed chunks: the search snapshot search keeps (index/store/snapshot.py,
an .npz of chunks and postings keyed by the store revision), SQLite FTS5 over pre-stemmed text, and
bm25s saved and loaded memory-mapped. Load is what a new process pays before its first query (for the
snapshot: the chunks' text and metadata as well, which the others would still have to read from Chroma);
query is the mean of 100-best lookups over the questions.
"""

from __future__ import annotations

import argparse
import sqlite3
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from index.language.tokens import TOKENIZER  # noqa: E402
from index.store import snapshot  # noqa: E402
from index.store.lexical import LexicalIndex  # noqa: E402

QUERIES = [
    "Who won the presidential election in Brazil?",
    "Which company stopped mining near Walikale?",
    "How much did the Federal Reserve raise interest rates?",
    "What did the court decide about abortion?",
    "Which country hosted the climate summit?",
]


def timed(action: Callable[[], object]) -> tuple[float, object]:
    began = time.perf_counter()
    result = action()
    return (time.perf_counter() - began) * 1000, result


def query_ms(top: Callable[[str], object]) -> float:
    took = []
    for query in QUERIES:
        began = time.perf_counter()
        top(query)
        took.append((time.perf_counter() - began) * 1000)
    return sum(took) / len(took)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data-dir", type=Path, default=ROOT / "data")
    parser.add_argument("--collection", default="newsdesk")
    args = parser.parse_args()
    path = args.data_dir / f"search-{args.collection}.npz"
    load_ms, saved = timed(lambda: snapshot.load(path))
    assert isinstance(saved, snapshot.Snapshot), f"no snapshot at {path}: run `newsdesk ask` once"
    build_ms, index = timed(lambda: LexicalIndex.from_postings(TOKENIZER.stems, saved.postings))
    assert isinstance(index, LexicalIndex)
    print(f"{len(saved.chunks):,} chunks")
    npz_query_ms = query_ms(lambda q: index.top(q, 100))
    print(f"npz snapshot   load {load_ms + build_ms:7.0f} ms (with chunks)  query {npz_query_ms:6.1f} ms")
    stemmed = [" ".join(TOKENIZER.stems(f"{c.title}\n{c.text}")) for c in saved.chunks]
    with tempfile.TemporaryDirectory() as folder:
        database = Path(folder) / "fts.sqlite"
        with sqlite3.connect(database) as connection:
            connection.execute("CREATE VIRTUAL TABLE chunks USING fts5(stems)")
            connection.executemany("INSERT INTO chunks(stems) VALUES (?)", ((s,) for s in stemmed))
        began = time.perf_counter()
        connection = sqlite3.connect(database)
        open_ms = (time.perf_counter() - began) * 1000

        def fts(query: str) -> object:
            terms = " OR ".join(f'"{s}"' for s in set(TOKENIZER.stems(query)))
            sql = "SELECT rowid, bm25(chunks) FROM chunks WHERE chunks MATCH ? ORDER BY rank LIMIT 100"
            return connection.execute(sql, (terms,)).fetchall()

        first_ms, _ = timed(lambda: fts(QUERIES[0]))
        print(
            f"SQLite FTS5    load {open_ms + first_ms:7.0f} ms (first query)   query {query_ms(fts):6.1f} ms"
        )
        import bm25s

        model = bm25s.BM25()
        model.index([s.split() for s in stemmed], show_progress=False)
        model.save(Path(folder) / "bm25s")
        bm_ms, loaded = timed(lambda: bm25s.BM25.load(Path(folder) / "bm25s", mmap=True))
        assert isinstance(loaded, bm25s.BM25)

        def bm(query: str) -> object:
            ids = [loaded.vocab_dict[s] for s in TOKENIZER.stems(query) if s in loaded.vocab_dict]
            return loaded.get_scores(ids).argsort()[-100:]

        print(f"bm25s (mmap)   load {bm_ms:7.0f} ms                query {query_ms(bm):6.1f} ms")


if __name__ == "__main__":
    main()
