"""Indexing on the real store: boilerplate stays out, re-runs are idempotent, changes replace chunks."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from index.desk import Newsdesk
from index.errors import NotFoundError
from index.ingest.articles import load_articles
from index.model import Article
from index.store.chroma import NewsdeskEmbeddingFunction
from index.store.chunks import chunk_article
from index.store.embeddings import Embedder
from tests.conftest import SEED_FILE
from tests.news_server import article_html

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


def test_changed_file_replaces_its_chunks(
    desk: Newsdesk, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Editing a file and re-indexing leaves only the new version's chunks: no orphans, also when the
    file is named another way the second time (a relative path, then the full one)."""
    monkeypatch.chdir(tmp_path)
    write_article(tmp_path, "harbour.txt", "Harbour Reopens", "The harbour reopened on Monday after repairs.")
    desk.index_paths([Path("harbour.txt")])
    path = write_article(
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


def test_reference_marks_are_not_indexed_so_they_never_pass_for_citations(desk: Newsdesk) -> None:
    """ "opened in 1932.[3]" is indexed as "opened in 1932.": the [n] markers of an answer are only its
    own, each numbering one of its sources."""
    desk.add(
        [
            Article(
                title="Tarn Bridge history",
                text="The Tarn Bridge opened to traffic in 1932.[3] It was designed by engineer Edith "
                "Varley and cost 4 million pounds.[4][5] The bridge was closed for repairs in 2019 "
                "[citation needed].",
            )
        ]
    )
    (chunk,) = desk.store.all_chunks()
    assert "[" not in chunk.text and "cost 4 million pounds. The bridge" in chunk.text
    answer = desk.ask("Who designed the Tarn Bridge?")
    assert set(re.findall(r"\[(\d+)\]", answer.text)) == {str(s.number) for s in answer.sources} == {"1"}


def test_a_byte_order_mark_is_not_part_of_the_title(desk: Newsdesk, tmp_path: Path) -> None:
    """A file saved with a UTF-8 byte-order mark gives the same article as one saved without."""
    marked, plain = tmp_path / "marked.txt", tmp_path / "plain.txt"
    marked.write_bytes("\ufeffÉlection à Genève\n\nLes électeurs ont voté dimanche.\n".encode())
    plain.write_bytes("Élection à Genève\n\nLes électeurs ont voté dimanche.\n".encode())
    report = desk.index_paths([marked, plain])
    assert [a.title for a in report.added] == ["Élection à Genève"] and report.duplicates == 1


def test_a_paragraph_on_the_title_line_is_cut_to_a_title(desk: Newsdesk, tmp_path: Path) -> None:
    """A .txt whose first line is a 4,600-character paragraph gets a title of at most 300 characters,
    cut at a word: every answer and abstention names its article by title."""
    path = write_article(
        tmp_path, "long.txt", "The harbour story goes on and on " * 140, "The harbour reopened."
    )
    (article,) = desk.index_paths([path]).added
    assert len(article.title) <= 300 and article.title.endswith("on…")


def test_text_without_sentence_ends_is_still_cut_into_chunks_of_the_target_size() -> None:
    """A 24,000-character article in lower case with no full stops becomes chunks of at most the
    target size, cut at spaces, each its article's text at its offsets: the model reads every chunk to
    its end."""
    text = " ".join(f"plan number {n} would cost {n} million dollars" for n in range(600))
    article = Article(title="Plans", text=text)
    chunks = chunk_article(article, 600)
    assert len(chunks) > 30 and max(len(c.text) for c in chunks) <= 600
    assert all(article.text[c.start : c.end] == c.text and not c.text.startswith(" ") for c in chunks)
    assert "plan number 599 would cost 599 million dollars" in chunks[-1].text


def test_a_unicode_text_file_and_a_page_in_its_declared_charset_are_read(
    desk: Newsdesk, tmp_path: Path
) -> None:
    """A .txt saved as UTF-16 (Windows' "Unicode") and a saved web page in the ISO-8859-1 it declares
    are read as the text they hold, not refused as binary or as bad UTF-8."""
    (tmp_path / "unicode.txt").write_bytes("Café reopens\n\nThe café reopened on Monday.\n".encode("utf-16"))
    paragraphs = [
        "The café in Genève reopened on Monday after a year of repairs, its owner said.",
        "Regulars queued from dawn for the first coffee, and the mayor cut a ribbon at nine.",
        "The building, a former post office, dates from 1898 and is listed as a monument.",
    ]
    page = article_html("Café reopens in Genève", paragraphs)
    page = page.replace("<head>", '<head><meta charset="iso-8859-1">')
    (tmp_path / "page.html").write_bytes(page.encode("latin-1"))
    report = desk.index_paths([tmp_path])
    assert not report.problems
    assert sorted(a.title for a in report.added) == ["Café reopens", "Café reopens in Genève"]
