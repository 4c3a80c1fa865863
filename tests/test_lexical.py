"""The incremental BM25 scores like bm25s and stays right through additions, removals and compaction."""

from __future__ import annotations

import bm25s
import pytest

from index.language.tokens import Tokenizer
from index.store.lexical import LexicalIndex

DOCUMENTS = [
    "The harbour reopened on Monday after storm repairs to the northern pier.",
    "Storm damage closed the coastal railway for a week; engineers rebuilt two bridges.",
    "The city council voted to expand the ferry service to the islands.",
    "Ferry passengers waited for hours as the storm delayed crossings to the islands.",
    "A new bridge over the river opened to traffic after three years of work.",
    "The council's budget adds money for harbour dredging and pier maintenance.",
    "Rail operators said the coastal line would reopen once the bridges were inspected.",
    "Fishermen welcomed the reopened harbour but asked for a longer pier.",
]
QUERIES = ["harbour pier storm", "ferry islands", "bridge reopened", "council budget money", "railway"]


@pytest.fixture(scope="module")
def tokenizer() -> Tokenizer:
    return Tokenizer()


def built(documents: list[str], tokenizer: Tokenizer) -> LexicalIndex:
    index = LexicalIndex(tokenizer.stems)
    for text in documents:
        index.add(text)
    return index


def test_scores_equal_bm25s(tokenizer: Tokenizer) -> None:
    """Same documents, same query: the same top documents with the same BM25 scores as bm25s."""
    reference = bm25s.BM25()
    reference.index([tokenizer.stems(d) for d in DOCUMENTS], show_progress=False)
    index = built(DOCUMENTS, tokenizer)
    for query in QUERIES:
        stems = [s for s in tokenizer.stems(query) if s in reference.vocab_dict]
        positions, scores = reference.retrieve([stems], k=len(DOCUMENTS), show_progress=False)
        expected = {int(p): float(s) for p, s in zip(positions[0], scores[0], strict=True) if s > 0}
        ours = dict(index.top(query, len(DOCUMENTS)))
        assert ours.keys() == expected.keys(), query
        for slot, score in ours.items():
            assert score == pytest.approx(expected[slot], rel=1e-5), query


def test_removal_and_compaction_match_a_fresh_index(tokenizer: Tokenizer) -> None:
    """Removing documents gives the scores of an index built without them, before and after compaction."""
    index = built(DOCUMENTS, tokenizer)
    removed = {0, 3, 5}
    for slot in removed:
        index.remove(slot)
    kept = [d for i, d in enumerate(DOCUMENTS) if i not in removed]
    fresh = built(kept, tokenizer)
    live_slots = [i for i in range(len(DOCUMENTS)) if i not in removed]
    # Every match, compared as slot -> score: equal scores may come in either order.
    every = len(DOCUMENTS)
    for query in QUERIES:
        expected = {live_slots[s]: x for s, x in fresh.top(query, every)}
        assert dict(index.top(query, every)) == pytest.approx(expected), query
        assert index.idf("harbour") == pytest.approx(fresh.idf("harbour"))

    renumber = index.compact()
    assert renumber == {old: new for new, old in enumerate(live_slots)}
    for query in QUERIES:
        assert dict(index.top(query, every)) == pytest.approx(dict(fresh.top(query, every))), query


def test_unknown_and_removed_words_find_nothing(tokenizer: Tokenizer) -> None:
    """A query of words no live document has returns no results rather than zero-score noise."""
    index = built(DOCUMENTS[:2], tokenizer)
    assert index.top("parliament election", 5) == []
    index.remove(1)
    assert index.top("railway bridges", 5) == []
    assert index.top("harbour", 5)[0][0] == 0
