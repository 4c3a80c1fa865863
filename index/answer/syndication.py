"""Syndicated copies: the same story run by several outlets, told apart from independent reports.

Near-identity is decided on the retrieved chunks' text: the Jaccard similarity of their word 5-gram
shingles. Independent reports of one story share names and figures but rarely five words in a row. Over
RealTime QA's 22,923 chunks, of the 49,598 pairs of articles that share any 5-gram, 97% have no chunk
pair above 0.1 and 99% none above 0.6; at 0.6 and above are copies and reused paragraphs (a live page's
passage repeated in the next update, a digest quoting a report), and copies whose chunk boundaries fall
a sentence apart still score above it. A chunk of under MIN_SHINGLES shingles (a newsletter footer, a
one-line promo) proves nothing and is never compared.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from index.language.tokens import WORD
from index.model import StoredChunk

SHINGLE_WORDS = 5
NEAR_IDENTICAL = 0.6
MIN_SHINGLES = 20


def shingles(text: str) -> frozenset[int]:
    """Hashes of the text's runs of SHINGLE_WORDS lower-cased words (a shorter text: the whole run)."""
    words = WORD.findall(text.lower())
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
    group_of = {chunk.article_id: chunk.article_id for chunk in chunks}
    shingled = [(c.article_id, s) for c in chunks if len(s := shingles(c.text)) >= MIN_SHINGLES]

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
