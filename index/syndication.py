"""Syndicated copies: the same story run by several outlets, told apart from independent reports.

Near-identity is decided on the retrieved chunks' text: the Jaccard similarity of their word 5-gram
shingles. Independent reports of one story share names and figures but rarely five words in a row, so
their chunks score low (under 0.3 on RealTime QA's same-story distractors); copies of one text score near
1, and still well above the threshold when the copies' chunk boundaries fall a sentence apart.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from index.store import StoredChunk

SHINGLE_WORDS = 5
NEAR_IDENTICAL = 0.6
_WORD = re.compile(r"\w+")


def shingles(text: str) -> frozenset[int]:
    """Hashes of the text's runs of SHINGLE_WORDS lower-cased words (a shorter text: the whole run)."""
    words = _WORD.findall(text.lower())
    width = min(SHINGLE_WORDS, len(words))
    return frozenset(hash(tuple(words[i : i + width])) for i in range(len(words) - width + 1))


def jaccard(first: frozenset[int], second: frozenset[int]) -> float:
    union = len(first | second)
    return len(first & second) / union if union else 0.0


def copy_groups(chunks: Sequence[StoredChunk], apart: Iterable[frozenset[str]] = ()) -> dict[str, list[str]]:
    """Article id -> the other articles whose retrieved text is near-identical to one of its chunks.

    Copies of copies are copies (the groups are closed). A pair in `apart` (articles that disagree on a
    figure) is not joined directly, whatever their other chunks share.
    """
    kept_apart = set(apart)
    shingled = [(chunk.article_id, shingles(chunk.text)) for chunk in chunks]
    group_of = {article_id: article_id for article_id, _ in shingled}

    def root(article_id: str) -> str:
        while group_of[article_id] != article_id:
            article_id = group_of[article_id]
        return article_id

    for n, (first, first_shingles) in enumerate(shingled):
        for second, second_shingles in shingled[n + 1 :]:
            if first == second or frozenset((first, second)) in kept_apart:
                continue
            if jaccard(first_shingles, second_shingles) >= NEAR_IDENTICAL:
                group_of[root(second)] = root(first)
    members: dict[str, list[str]] = {}
    for article_id in group_of:
        members.setdefault(root(article_id), []).append(article_id)
    return {a: [m for m in members[root(a)] if m != a] for a in group_of}
