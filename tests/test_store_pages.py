"""Reading whole collections page by page: more records than one page (5000) come back complete and once.

One unpaged read of 100k chunks exceeded SQLite's limit on query variables (commit 30169ee). These tests
use real Chroma collections; vectors are small fixed unit vectors, since only reading is under test.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import chromadb
import numpy as np
import pytest
from chromadb.api.models.Collection import Collection
from chromadb.config import Settings as ChromaSettings

from index.model import Article
from index.search.searcher import Searcher
from index.settings import Settings
from index.store.chroma import Store, read_all
from index.store.chunks import Chunk
from index.store.embeddings import DIMENSIONS, Embedder

ARTICLES = 5_100  # more registry records than one page of 5000


@pytest.fixture
def numbered(tmp_path: Path) -> Collection:
    """A real Chroma collection of 3,000 records: id r<n>, document "record n", metadata n and n % 3."""
    client = chromadb.PersistentClient(
        path=str(tmp_path / "chroma"), settings=ChromaSettings(anonymized_telemetry=False)
    )
    collection = client.create_collection("numbered", embedding_function=None)
    numbers = range(3_000)
    collection.add(
        ids=[f"r{n}" for n in numbers],
        documents=[f"record {n}" for n in numbers],
        metadatas=[{"n": n, "group": n % 3} for n in numbers],
        embeddings=np.tile(np.array([1.0, 0.0], dtype=np.float32), (3_000, 1)),
    )
    return collection


@pytest.mark.parametrize("page_size", [1_000, 700, 5_000])
def test_read_all_returns_every_record_once_whatever_the_page_size(
    numbered: Collection, page_size: int
) -> None:
    """Pages that divide the count exactly, that leave a remainder, or one page for all: same records."""
    found = read_all(numbered, ["documents", "metadatas"], page_size=page_size)
    assert sorted(found.ids) == sorted(f"r{n}" for n in range(3_000))
    for record_id, document, metadata in zip(found.ids, found.documents, found.metadatas, strict=True):
        number = int(record_id.removeprefix("r"))
        assert document == f"record {number}"
        assert metadata["n"] == number


def test_read_all_pages_through_a_filter(numbered: Collection) -> None:
    """A `where` filter is applied on every page, so the pages add up to exactly the matching records."""
    found = read_all(numbered, ["metadatas"], where={"group": 1}, page_size=400)
    assert sorted(found.ids) == sorted(f"r{n}" for n in range(1, 3_000, 3))
    assert {m["group"] for m in found.metadatas} == {1}


def one_chunk_article(number: int) -> Chunk:
    text = f"Harbour report {number}: the ferry timetable changed on pier {number % 40}."
    article = Article(
        title=f"Harbour report {number}",
        text=text,
        source=f"paper{number % 7}.example",
        url=f"https://paper.example/harbour/{number}",
        published=date(2024, 1 + number % 12, 1 + number % 28),
    )
    return Chunk(article=article, index=0, start=0, end=len(text))


def test_store_and_search_load_more_articles_than_one_page(settings: Settings, embedder: Embedder) -> None:
    """5,100 articles: the registry, the chunk reads and a fresh searcher all see every one of them."""
    chunks = [one_chunk_article(n) for n in range(ARTICLES)]
    # Random unit vectors for all but the last article, which gets its real one: the search at the end
    # must find it by meaning, so only a searcher that loaded every page passes.
    vectors = np.random.default_rng(7).standard_normal((ARTICLES, DIMENSIONS)).astype(np.float32)
    vectors[-1] = embedder.embed([chunks[-1].embedding_text])[0]
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    store = Store(settings, embedder)
    store.add(chunks, vectors)

    expected = {c.article.id for c in chunks}
    assert set(store.registered()) == expected
    records = store.articles()
    assert len(records) == ARTICLES and {r.id for r in records} == expected
    stored = store.all_chunks()
    assert sorted(c.id for c in stored) == sorted(c.id for c in chunks)
    by_id = {c.id: c for c in stored}
    last = chunks[-1]
    assert by_id[last.id].text == last.text
    assert by_id[last.id].url == "https://paper.example/harbour/5099"

    searcher = Searcher(store, embedder)
    assert searcher.article_count == ARTICLES
    assert len(searcher.chunks) == ARTICLES
    hits = searcher.search("harbour report 5099 ferry timetable", 3)
    assert hits[0].chunk.title == "Harbour report 5099"
