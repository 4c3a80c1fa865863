"""The saved search index: a new process serves exactly what a full rebuild would, follows index and
remove, catches up from a stale file, and shrugs off a damaged one."""

from __future__ import annotations

import shutil
from pathlib import Path

from index.desk import Newsdesk, search_snapshot
from index.language.tokens import TOKENIZER
from index.model import Hit
from index.search.searcher import Searcher
from index.settings import Settings
from index.store.embeddings import Embedder
from index.store.lexical import LexicalIndex
from tests.test_lexical import DOCUMENTS, QUERIES
from tests.test_llm import APPLES, BRIDGE

QUESTIONS = ["Which town did the M23 rebels advance into?", "How much did the bridge repairs cost?"]


def ranked(hits: list[Hit]) -> list[tuple[str, float, float, float]]:
    return [(h.chunk.id, round(h.score, 9), round(h.dense, 6), round(h.lexical, 5)) for h in hits]


def rebuilt(desk: Newsdesk) -> Searcher:
    """A searcher that reads and stems every chunk from the store, as without a snapshot."""
    return Searcher(desk.store, desk.embedder)


def test_postings_round_trip_and_keep_changing() -> None:
    """An index restored from its postings ranks as the original, before and after both remove and add."""
    index = LexicalIndex(TOKENIZER.stems)
    for text in DOCUMENTS:
        index.add(text)
    restored = LexicalIndex.from_postings(TOKENIZER.stems, index.postings())
    for query in QUERIES:
        assert restored.top(query, 5) == index.top(query, 5)
    for changed in (index, restored):
        changed.remove(0)
        changed.add("A storm closed the harbour pier again.")
    for query in QUERIES:
        assert restored.top(query, 5) == index.top(query, 5)


def test_a_new_desk_serves_from_the_snapshot_what_a_rebuild_serves(seeded_desk: Newsdesk) -> None:
    """A desk started from the saved snapshot has the same chunks, ranking and word weights as one that
    reads every chunk from the store."""
    seeded_desk.add([BRIDGE, APPLES])
    assert search_snapshot(seeded_desk.settings).exists()
    started = Newsdesk(seeded_desk.settings, seeded_desk.embedder)
    assert started.searcher.revision == seeded_desk.store.revision()
    reference = rebuilt(seeded_desk)
    assert sorted(c.id for c in started.searcher.chunks) == sorted(c.id for c in reference.chunks)
    for question in QUESTIONS:
        assert ranked(started.searcher.search(question, 10)) == ranked(reference.search(question, 10))
        assert started.searcher.idf("bridg") == reference.idf("bridg")


def test_removing_an_article_is_saved(seeded_desk: Newsdesk) -> None:
    """A removed article is gone from the snapshot the next desk starts from."""
    seeded_desk.add([BRIDGE, APPLES])
    seeded_desk.remove(BRIDGE.id)
    started = Newsdesk(seeded_desk.settings, seeded_desk.embedder)
    assert {c.article_id for c in started.searcher.chunks} == {
        c.article_id for c in rebuilt(seeded_desk).chunks
    }
    assert BRIDGE.id not in {c.article_id for c in started.searcher.chunks}


def test_a_stale_snapshot_catches_up_with_another_writer(seeded_desk: Newsdesk, tmp_path: Path) -> None:
    """A snapshot older than the store (another process added an article) catches up: the next desk finds
    the article."""
    path = search_snapshot(seeded_desk.settings)
    shutil.copy(path, tmp_path / "old.npz")
    seeded_desk.add([BRIDGE])
    shutil.copy(tmp_path / "old.npz", path)  # as if the writer had not saved it
    started = Newsdesk(seeded_desk.settings, seeded_desk.embedder)
    assert BRIDGE.id in {c.article_id for c in started.searcher.chunks}
    assert ranked(started.searcher.search(QUESTIONS[1], 5)) == ranked(
        rebuilt(seeded_desk).search(QUESTIONS[1], 5)
    )


def test_a_damaged_snapshot_is_rebuilt(seeded_dir: Path, tmp_path: Path, embedder: Embedder) -> None:
    """A snapshot that cannot be read is rebuilt from the store, and saved for the next desk."""
    data = tmp_path / "data"
    shutil.copytree(seeded_dir, data)
    settings = Settings(data_dir=data, _env_file=None)
    search_snapshot(settings).write_bytes(b"not a snapshot")
    desk = Newsdesk(settings, embedder)
    assert desk.chunk_count() == len(rebuilt(desk).chunks) > 0
    assert Newsdesk(settings, embedder).chunk_count() == desk.chunk_count()
