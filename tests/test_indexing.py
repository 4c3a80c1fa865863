"""Indexing on the real store: boilerplate stays out, re-runs are idempotent, changes replace chunks."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from index.desk import Newsdesk
from index.errors import NotFoundError
from index.ingest.articles import load_articles
from index.store.chroma import NewsdeskEmbeddingFunction
from index.store.embeddings import Embedder
from tests.conftest import SEED_FILE

BOILERPLATE = ("Original Source", "About Marcus Chen", "View all posts", "Leave a Reply", "email address")


def write_article(folder: Path, name: str, title: str, body: str) -> Path:
    path = folder / name
    path.write_text(f"{title}\n\n{body}\n", encoding="utf-8")
    return path


def test_seed_format_drops_boilerplate_and_keeps_source_and_author() -> None:
    """The trailing source line, bio and comment form become metadata, never text."""
    article = load_articles([SEED_FILE], 10**7).articles[0]
    assert article.title == "Rwanda-Backed Rebels Advance into Walikale, Ignoring Ceasefire Calls"
    assert article.source == "www.2news.com"
    assert article.author == "Marcus Chen"
    assert article.text.startswith("Rwanda-backed M23 rebels have advanced into Walikale")
    assert not any(marker in article.text for marker in BOILERPLATE)


def test_no_indexed_chunk_contains_boilerplate(seeded_desk: Newsdesk) -> None:
    """Every stored chunk is article text only."""
    chunks = seeded_desk.store.all_chunks()
    assert len(chunks) >= 5
    for chunk in chunks:
        assert not any(marker in chunk.text for marker in BOILERPLATE)


def test_chunks_carry_provenance_and_exact_offsets(seeded_desk: Newsdesk) -> None:
    """Each chunk names its article and its text is the article text at its offsets."""
    article = load_articles([SEED_FILE], 10**7).articles[0]
    for chunk in seeded_desk.store.all_chunks():
        assert chunk.article_id == article.id
        assert chunk.title == article.title
        assert article.text[chunk.start : chunk.end] == chunk.text
        assert len(chunk.text) <= seeded_desk.settings.chunk_chars


def test_reindexing_is_idempotent(seeded_desk: Newsdesk) -> None:
    """A second run finds the article unchanged and embeds nothing."""
    before = seeded_desk.store.chunk_count()
    report = seeded_desk.index_paths([SEED_FILE])
    assert report.added == [] and report.unchanged == 1
    assert seeded_desk.store.chunk_count() == before


def test_same_text_under_two_names_is_indexed_once(desk: Newsdesk, tmp_path: Path) -> None:
    """Copies of one article under different file names become one article."""
    shutil.copy(SEED_FILE, tmp_path / "a.txt")
    shutil.copy(SEED_FILE, tmp_path / "b.txt")
    report = desk.index_paths([tmp_path])
    assert len(report.added) == 1 and report.duplicates == 1
    assert len(desk.articles()) == 1


def test_changed_file_replaces_its_chunks(desk: Newsdesk, tmp_path: Path) -> None:
    """Editing a file and re-indexing leaves only the new version's chunks: no orphans."""
    path = write_article(
        tmp_path, "harbour.txt", "Harbour Reopens", "The harbour reopened on Monday after repairs."
    )
    desk.index_paths([path])
    write_article(
        tmp_path, "harbour.txt", "Harbour Reopens", "The harbour reopened on Tuesday after long repairs."
    )
    report = desk.index_paths([path])
    assert len(report.replaced) == 1
    texts = [c.text for c in desk.store.all_chunks()]
    assert texts == ["The harbour reopened on Tuesday after long repairs."]
    assert "Tuesday" in desk.ask("When did the harbour reopen?").text


def test_remove_deletes_the_article_and_its_chunks(seeded_desk: Newsdesk) -> None:
    """After removal the article is gone from listings, chunks and answers."""
    record = seeded_desk.remove("24de631d")
    assert record.title.startswith("Rwanda-Backed Rebels")
    assert seeded_desk.articles() == [] and seeded_desk.store.chunk_count() == 0
    assert seeded_desk.ask("Who backs the M23 rebels?").abstained
    with pytest.raises(NotFoundError, match="no article with id"):
        seeded_desk.remove("24de631d")


def test_interrupted_run_is_completed_by_the_next(desk: Newsdesk, tmp_path: Path) -> None:
    """Chunks written without their registry record (a killed run) are never served, then replaced."""
    article = load_articles([SEED_FILE], 10**7).articles[0]
    from index.store.chunks import chunk_article

    chunks = chunk_article(article, desk.settings.chunk_chars)
    desk.store.chunks.add(
        ids=[c.id for c in chunks[:2]],
        documents=[c.text for c in chunks[:2]],
        embeddings=desk.embedder.embed([c.text for c in chunks[:2]]),
        metadatas=[{"article_id": article.id, "start": c.start, "end": c.end} for c in chunks[:2]],
    )
    desk.searcher.refresh(force=True)
    assert desk.searcher.chunks == [] and desk.articles() == []
    report = desk.index_paths([SEED_FILE])
    assert len(report.added) == 1
    assert desk.store.chunk_count() == len(chunks)


def test_jsonl_articles_keep_their_metadata(desk: Newsdesk, tmp_path: Path) -> None:
    """JSONL records keep url, source and published date through to the citation."""
    record = {
        "title": "Ferry Line Adds Night Service",
        "url": "https://example.org/ferry",
        "published": "2024-05-02",
        "source": "Example Gazette",
        "text": "The ferry line will run a night service from June, the port authority said on Thursday.",
    }
    path = tmp_path / "a.jsonl"
    path.write_text(json.dumps(record) + "\n", encoding="utf-8")
    desk.index_paths([path])
    answer = desk.ask("When will the ferry night service start?")
    assert not answer.abstained
    source = answer.sources[0]
    assert (source.url, source.source, source.published) == (
        "https://example.org/ferry",
        "Example Gazette",
        "2024-05-02",
    )


def test_reopening_an_index_reuses_the_loaded_model(embedder: Embedder) -> None:
    """Chroma rebuilds our embedding function from its stored config; that must not load a second model."""
    function = NewsdeskEmbeddingFunction(embedder)
    rebuilt = NewsdeskEmbeddingFunction.build_from_config(function.get_config())
    assert function.get_config()["precision"] in {"float32", "bfloat16"}
    assert rebuilt.embedder is embedder
