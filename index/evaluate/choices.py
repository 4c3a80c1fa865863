"""Multiple-choice mode: pick the choice the retrieved articles support best.

A choice is supported by a retrieved chunk in proportion to the share of its (IDF-weighted) words the
chunk holds, and a better-ranked chunk counts much more (support fades with the square of the rank).
Words every choice shares, and words of the question itself, tell the choices apart no better than
chance, so they are left out.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from index.model import Hit
from index.search.searcher import Searcher

# How many retrieved chunks may lend support (tuned on RealTime QA dev).
SUPPORT_DEPTH = 10


@dataclass(frozen=True)
class ChoicePick:
    """The chosen choice's position (None when nothing supports any) and every choice's support."""

    index: int | None
    support: tuple[float, ...]


def pick_choice(searcher: Searcher, question: str, hits: Sequence[Hit], choices: Sequence[str]) -> ChoicePick:
    stems = [set(searcher.tokenizer.stems(choice)) for choice in choices]
    uninformative = set(searcher.tokenizer.stems(question))
    if stems:
        uninformative |= set.intersection(*stems)
    chunks = [set(searcher.tokenizer.stems(f"{h.chunk.title}\n{h.chunk.text}")) for h in hits[:SUPPORT_DEPTH]]
    support = tuple(
        _support([s for s in words if s not in uninformative], chunks, searcher.idf) for words in stems
    )
    best = max(range(len(support)), key=support.__getitem__, default=None)
    return ChoicePick(best if best is not None and support[best] > 0 else None, support)


def _support(words: Sequence[str], chunks: Sequence[set[str]], idf: Callable[[str], float]) -> float:
    total = sum(idf(w) for w in words)
    if not total:
        return 0.0
    return sum(
        sum(idf(w) for w in words if w in chunk) / total / (rank + 1) ** 2
        for rank, chunk in enumerate(chunks)
    )
