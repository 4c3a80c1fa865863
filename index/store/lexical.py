"""BM25 that grows and shrinks one document at a time, so a large index follows the store cheaply.

bm25s precomputes every document's scores and must be rebuilt from scratch on each change (seconds at 100k
chunks). This index keeps postings (document slot, term frequency) per term and scores at query time
with the same formula as bm25s's default (Lucene: k1 1.5, b 0.75, idf log(1 + (N - df + .5)/(df + .5))),
so adding or removing an article costs time in proportion to that article only. Removed documents leave a
dead slot that is skipped; the postings are compacted once dead slots outnumber live ones.
"""

from __future__ import annotations

import itertools
import math
from array import array
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

K1 = 1.5
B = 0.75

Stems = Callable[[str], list[str]]


@dataclass(frozen=True)
class Postings:
    """A compacted index as flat arrays, for saving: term t's postings are slots[starts[t]:starts[t + 1]]."""

    terms: list[str]
    starts: NDArray[np.int64]
    slots: NDArray[np.int32]
    counts: NDArray[np.float32]
    lengths: NDArray[np.float32]


class LexicalIndex:
    """BM25 over documents addressed by slot numbers that never change while the document lives."""

    def __init__(self, stems: Stems) -> None:
        self.stems = stems
        self.vocabulary: dict[str, int] = {}
        self.document_frequency: list[int] = []
        self._posting_slots: list[array[int]] = []
        self._posting_counts: list[array[float]] = []
        self._terms: list[array[int] | None] = []  # per slot: its distinct term ids (None: removed)
        self._lengths = array("f")
        self._alive = array("b")
        self.size = 0
        self._total_length = 0.0

    @classmethod
    def from_postings(cls, stems: Stems, saved: Postings) -> LexicalIndex:
        """The index `postings()` saved, without stemming a single document again."""
        index = cls(stems)
        index.vocabulary = {term: i for i, term in enumerate(saved.terms)}
        frequencies = np.diff(saved.starts)
        index.document_frequency = frequencies.tolist()
        bounds = saved.starts.tolist()
        slots, counts = saved.slots.tobytes(), saved.counts.tobytes()
        for begin, end in itertools.pairwise(bounds):
            index._posting_slots.append(array("i", slots[begin * 4 : end * 4]))
            index._posting_counts.append(array("f", counts[begin * 4 : end * 4]))
        # Each document's distinct terms, for removing it later: the postings regrouped by slot.
        terms_of_posting = np.repeat(np.arange(len(saved.terms), dtype=np.int32), frequencies)
        order = np.argsort(saved.slots, kind="stable")
        cuts = np.searchsorted(saved.slots[order], np.arange(1, len(saved.lengths)))
        grouped = np.split(terms_of_posting[order], cuts) if len(saved.lengths) else []
        index._terms = [array("i", part.tobytes()) for part in grouped]
        index._lengths = array("f", saved.lengths.tobytes())
        index._alive = array("b", bytes([1]) * len(saved.lengths))
        index.size = len(saved.lengths)
        index._total_length = float(saved.lengths.sum(dtype=np.float64))
        return index

    def postings(self) -> Postings:
        """The index as flat arrays; only a compacted index (every slot live) can be saved."""
        if self.size != len(self._terms):
            raise ValueError("compact the index before saving it")
        sizes = [len(p) for p in self._posting_slots]
        return Postings(
            terms=list(self.vocabulary),
            starts=np.concatenate([[0], np.cumsum(sizes, dtype=np.int64)]).astype(np.int64),
            slots=np.frombuffer(b"".join(p.tobytes() for p in self._posting_slots), dtype=np.int32),
            counts=np.frombuffer(b"".join(p.tobytes() for p in self._posting_counts), dtype=np.float32),
            lengths=np.frombuffer(self._lengths.tobytes(), dtype=np.float32),
        )

    @property
    def slots(self) -> int:
        """Slots handed out so far, live or dead."""
        return len(self._terms)

    def add(self, text: str) -> int:
        """Index one document; returns its slot."""
        slot = len(self._terms)
        counts = Counter(self._term_id(stem) for stem in self.stems(text))
        for term, count in counts.items():
            self._posting_slots[term].append(slot)
            self._posting_counts[term].append(count)
            self.document_frequency[term] += 1
        self._terms.append(array("i", counts))
        length = float(sum(counts.values()))
        self._lengths.append(length)
        self._alive.append(1)
        self.size += 1
        self._total_length += length
        return slot

    def remove(self, slot: int) -> None:
        terms = self._terms[slot]
        if terms is None:
            return
        for term in terms:
            self.document_frequency[term] -= 1
        self._terms[slot] = None
        self._alive[slot] = 0
        self.size -= 1
        self._total_length -= self._lengths[slot]

    def alive(self, slot: int) -> bool:
        return self._terms[slot] is not None

    def needs_compaction(self) -> bool:
        dead = len(self._terms) - self.size
        return dead > 1000 and dead > self.size

    def compact(self) -> dict[int, int]:
        """Drop dead slots from the postings; returns old slot -> new slot for the live documents."""
        live = [slot for slot, terms in enumerate(self._terms) if terms is not None]
        renumber = {old: new for new, old in enumerate(live)}
        for term, slots in enumerate(self._posting_slots):
            counts = self._posting_counts[term]
            kept = [i for i, slot in enumerate(slots) if slot in renumber]
            self._posting_slots[term] = array("i", (renumber[slots[i]] for i in kept))
            self._posting_counts[term] = array("f", (counts[i] for i in kept))
        self._terms = [self._terms[old] for old in live]
        self._lengths = array("f", (self._lengths[old] for old in live))
        self._alive = array("b", bytes([1]) * len(live))
        return renumber

    def idf(self, stem: str) -> float:
        """Rarity of a word stem among the live documents (higher: more telling)."""
        term = self.vocabulary.get(stem)
        return self._idf(self.document_frequency[term] if term is not None else 0)

    def uses(self, stem: str) -> bool:
        """True when a live document holds the word stem."""
        term = self.vocabulary.get(stem)
        return term is not None and self.document_frequency[term] > 0

    def _idf(self, frequency: int) -> float:
        return math.log(1 + (self.size - frequency + 0.5) / (frequency + 0.5))

    def top(self, query: str, k: int) -> list[tuple[int, float]]:
        """The k best live slots for `query` with their BM25 scores (only scores above zero)."""
        terms = [self.vocabulary[s] for s in self.stems(query) if s in self.vocabulary]
        terms = [t for t in terms if self.document_frequency[t] > 0]
        if not terms or not self.size or k <= 0:
            return []
        scores = self._scores(terms)
        candidates = np.flatnonzero(scores > 0)
        if len(candidates) > k:
            candidates = candidates[np.argpartition(-scores[candidates], k - 1)[:k]]
        ranked = candidates[np.argsort(-scores[candidates], kind="stable")]
        return [(int(slot), float(scores[slot])) for slot in ranked]

    def _scores(self, terms: Sequence[int]) -> np.ndarray[tuple[int], np.dtype[np.float32]]:
        # Views of the arrays, dropped on return: the arrays may grow again afterwards.
        lengths = np.asarray(self._lengths, dtype=np.float32)
        alive = np.asarray(self._alive, dtype=np.int8).astype(bool)
        norms = K1 * (1 - B + B * lengths / (self._total_length / self.size))
        scores = np.zeros(len(self._terms), dtype=np.float32)
        for term in terms:
            slots = np.asarray(self._posting_slots[term], dtype=np.int64)
            counts = np.asarray(self._posting_counts[term], dtype=np.float32)
            scores[slots] += self._idf(self.document_frequency[term]) * counts / (counts + norms[slots])
        scores[~alive] = 0.0
        return scores

    def _term_id(self, stem: str) -> int:
        term = self.vocabulary.get(stem)
        if term is None:
            term = self.vocabulary[stem] = len(self.vocabulary)
            self.document_frequency.append(0)
            self._posting_slots.append(array("i"))
            self._posting_counts.append(array("f"))
        return term
