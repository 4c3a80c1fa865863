"""Hybrid search, dense (Chroma) plus lexical (bm25s), fused by reciprocal rank.

The searcher keeps every chunk's text and metadata in memory (tens of MB at 100k chunks) for BM25 and for
filtering, and follows the store's changes article by article, whichever process made them.
"""

from __future__ import annotations

import logging
import math
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from index.errors import StoreUnavailableError
from index.language.tokens import TOKENIZER
from index.model import Hit, StoredChunk
from index.ops.memory import release_memory
from index.store import snapshot
from index.store.chroma import Store
from index.store.embeddings import Embedder
from index.store.lexical import LexicalIndex

log = logging.getLogger(__name__)

RRF_K = 60
# Fusion weights, tuned on RealTime QA dev with distractors (`newsdesk eval`): BM25 counts a little
# more than MiniLM, whose news-domain ranking is weaker; a chunk published on the as-of date gets a bonus
# worth about two first places, fading with its age (news questions are about the latest reports).
DENSE_WEIGHT = 1.0
LEXICAL_WEIGHT = 1.5
RECENCY_WEIGHT = 2.0
RECENCY_DAYS = 30.0
# An article's second chunk counts half, its third a quarter, ...
REPEAT_WEIGHT = 0.5
# How deep each ranking is read before fusion.
FUSION_DEPTH = 100
# A refresh that loaded this many chunks hands the memory its reads freed back to the system.
RELEASE_AFTER_CHUNKS = 1000


@dataclass(frozen=True)
class SearchFilter:
    """Optional limits on what may be retrieved; `until` also hides articles from the future."""

    source: str | None = None
    since: date | None = None
    until: date | None = None
    # Only these articles, by id (a watch judges new articles alone).
    articles: frozenset[str] | None = None

    def admits(self, chunk: StoredChunk) -> bool:
        if self.articles is not None and chunk.article_id not in self.articles:
            return False
        if self.source and chunk.source.lower() != self.source.lower():
            return False
        if (self.since or self.until) and chunk.published:
            published = date.fromisoformat(chunk.published)
            if self.since and published < self.since:
                return False
            if self.until and published > self.until:
                return False
        elif self.since:
            return False
        return True


class Searcher:
    """Hybrid retrieval over a store, kept in step with it incrementally.

    Every `refresh_seconds` a search reads the store's change stamp (one small read); when another process
    or this one has added or removed articles since, only those articles' chunks are fetched or dropped.
    """

    def __init__(
        self,
        store: Store,
        embedder: Embedder,
        refresh_seconds: float = 2.0,
        snapshot_path: Path | None = None,
    ) -> None:
        self.store = store
        self.embedder = embedder
        self.tokenizer = TOKENIZER
        self.refresh_seconds = refresh_seconds
        self._lock = threading.RLock()
        self._checked_at = 0.0
        self._revision: tuple[int, str] | None = None
        self._indexed_at: dict[str, float] = {}  # loaded article id -> its indexed_at
        self._slots: list[StoredChunk | None] = []  # lexical slot -> chunk (None: removed)
        self._slots_of: dict[str, list[int]] = {}  # article id -> its chunks' slots
        self.positions: dict[str, int] = {}  # chunk id -> slot
        self.lexical = LexicalIndex(self.tokenizer.stems)
        self.snapshot_path = snapshot_path
        saved = snapshot.load(snapshot_path) if snapshot_path else None
        if saved is not None:
            self._restore(saved)
        try:
            # Against a current snapshot this is one small read; a stale one catches up article by article.
            if self.refresh() and snapshot_path:
                self.save()
        except StoreUnavailableError:
            log.warning("the index is unreachable; search starts empty and catches up when it is back")

    @property
    def chunks(self) -> list[StoredChunk]:
        """The chunks search currently serves."""
        with self._lock:
            return [c for c in self._slots if c is not None]

    def chunks_of(self, article_id: str) -> list[StoredChunk]:
        """The chunks of one article that search serves, in the article's order."""
        with self._lock:
            chunks = [self._slots[slot] for slot in self._slots_of.get(article_id, ())]
        return sorted((c for c in chunks if c is not None), key=lambda c: c.start)

    @property
    def revision(self) -> tuple[int, str] | None:
        """The store revision search has caught up with: it changes whenever articles come or go."""
        return self._revision

    @property
    def article_count(self) -> int:
        """The articles search currently serves."""
        return len(self._indexed_at)

    def article_chunks(self) -> list[StoredChunk]:
        """One chunk of every article search serves: its date and source stand for the article's."""
        with self._lock:
            return [self._chunk(slots[0]) for slots in self._slots_of.values() if slots]

    def refresh(self, force: bool = False) -> bool:
        """Catch up with articles added or removed since the last look, by any process; True if any were."""
        now = time.monotonic()
        if not force and now - self._checked_at < self.refresh_seconds:
            return False
        with self._lock:
            # The stamp is read before the registry, so a change made in between is seen next time.
            revision = self.store.revision()
            # Only a look that worked counts: while the store is down every search asks again and fails,
            # rather than abstaining over an index it could not load.
            self._checked_at = now
            if revision == self._revision and not force:
                return False
            registered = self.store.registered()
            gone = [a for a, at in self._indexed_at.items() if registered.get(a) != at]
            new = [a for a, at in registered.items() if self._indexed_at.get(a) != at]
            chunks = self.store.chunks_of(new) if new else []
            for article_id in gone:
                self._drop(article_id)
            for chunk in chunks:
                self._add(chunk)
            for article_id in new:
                self._indexed_at[article_id] = registered[article_id]
            if self.lexical.needs_compaction():
                self._compact()
            self._revision = revision
            if gone or new:
                log.info("search index: +%d -%d articles, %d chunks", len(new), len(gone), self.lexical.size)
        if len(chunks) >= RELEASE_AFTER_CHUNKS:
            # Reading them from Chroma leaves far more freed memory behind than they take.
            release_memory()
        return bool(gone or new)

    def save(self) -> None:
        """Write what search serves to the snapshot file, for the next process to start from."""
        if self.snapshot_path is None or self._revision is None:
            return
        with self._lock:
            if self.lexical.slots != self.lexical.size:
                self._compact()
            taken = snapshot.Snapshot(
                self._revision, dict(self._indexed_at), self.chunks, self.lexical.postings()
            )
        snapshot.save(self.snapshot_path, taken)

    def _restore(self, saved: snapshot.Snapshot) -> None:
        self.lexical = LexicalIndex.from_postings(self.tokenizer.stems, saved.postings)
        self._slots = list(saved.chunks)
        for slot, chunk in enumerate(saved.chunks):
            self._slots_of.setdefault(chunk.article_id, []).append(slot)
            self.positions[chunk.id] = slot
        self._indexed_at = dict(saved.registered)
        self._revision = saved.revision

    def _add(self, chunk: StoredChunk) -> None:
        slot = self.lexical.add(f"{chunk.title}\n{chunk.text}")
        self._slots.append(chunk)
        self._slots_of.setdefault(chunk.article_id, []).append(slot)
        self.positions[chunk.id] = slot

    def _drop(self, article_id: str) -> None:
        for slot in self._slots_of.pop(article_id, []):
            self._drop_slot(slot)
        del self._indexed_at[article_id]

    def _drop_slot(self, slot: int) -> None:
        chunk = self._slots[slot]
        if chunk is not None:
            self.lexical.remove(slot)
            self._slots[slot] = None
            del self.positions[chunk.id]

    def _compact(self) -> None:
        renumber = self.lexical.compact()
        self._slots = [self._slots[old] for old in renumber]
        self._slots_of = {a: [renumber[s] for s in slots] for a, slots in self._slots_of.items()}
        self.positions = {chunk_id: renumber[slot] for chunk_id, slot in self.positions.items()}

    def idf(self, stem: str) -> float:
        """Rarity of a word stem in the current index (higher: more telling)."""
        return self.lexical.idf(stem)

    def uses(self, stem: str) -> bool:
        """True when an indexed chunk holds the word stem."""
        return self.lexical.uses(stem)

    def search(
        self, query: str, k: int, where: SearchFilter | None = None, depth: int = FUSION_DEPTH
    ) -> list[Hit]:
        """The k best chunks for `query`: weighted reciprocal-rank fusion of dense and BM25 rankings.

        With `where.until` (the as-of date) fresher chunks rank higher. The result is diverse: an
        article's further chunks are discounted, so one long report does not crowd out the others.
        """
        self.refresh()
        size = self.lexical.size
        if not size:
            return []
        vector = self.embedder.embed_query(query)
        filtered = where is not None and where != SearchFilter()
        pool = min(size, depth * 4 if filtered else depth)
        scope = where.articles if where is not None else None
        if scope is not None:
            # A few named articles: ranked among themselves, not cut from the whole index's best.
            with self._lock:
                pool = min(sum(len(self._slots_of.get(a, ())) for a in scope), size)
            if not pool:
                return []
        nearest = self.store.nearest(vector, pool, scope)
        with self._lock:
            dense = [(self.positions[i], s) for i, s in nearest if i in self.positions]
            lexical = self.lexical.top(query, size if scope is not None else pool)
            if where is not None:
                dense = [(p, s) for p, s in dense if where.admits(self._chunk(p))]
                lexical = [(p, s) for p, s in lexical if where.admits(self._chunk(p))]
            as_of = where.until if where is not None else None
            return self._fuse(dense[:depth], lexical[:depth], k, as_of)

    def _chunk(self, slot: int) -> StoredChunk:
        chunk = self._slots[slot]
        assert chunk is not None, "positions and lexical results only name live slots"
        return chunk

    def _fuse(
        self, dense: list[tuple[int, float]], lexical: list[tuple[int, float]], k: int, as_of: date | None
    ) -> list[Hit]:
        fused: dict[int, float] = {}
        for weight, ranking in ((DENSE_WEIGHT, dense), (LEXICAL_WEIGHT, lexical)):
            for rank, (position, _) in enumerate(ranking):
                fused[position] = fused.get(position, 0.0) + weight / (RRF_K + rank + 1)
        if as_of is not None:
            for position in fused:
                fused[position] += RECENCY_WEIGHT * freshness(self._chunk(position), as_of) / (RRF_K + 1)
        dense_score = dict(dense)
        lexical_score = dict(lexical)
        fused = diversified(fused, self._chunk)
        best = sorted(fused, key=fused.__getitem__, reverse=True)[:k]
        return [
            Hit(self._chunk(p), fused[p], dense_score.get(p, 0.0), lexical_score.get(p, 0.0)) for p in best
        ]


def freshness(chunk: StoredChunk, as_of: date) -> float:
    """1 for a chunk published on the as-of date, fading exponentially with age; 0 when undated."""
    if not chunk.published:
        return 0.0
    age = (as_of - date.fromisoformat(chunk.published)).days
    return math.exp(-max(age, 0) / RECENCY_DAYS)


def diversified(fused: dict[int, float], chunk_of: Callable[[int], StoredChunk]) -> dict[int, float]:
    """Fused scores where each further chunk of an article counts REPEAT_WEIGHT times its rank's worth.

    Other reports of the story then come before an article's second chunk, unless that chunk is far
    better than they are (as when only one article covers the story: its next chunks still come next).
    """
    seen: dict[str, int] = {}
    adjusted: dict[int, float] = {}
    for position in sorted(fused, key=fused.__getitem__, reverse=True):
        article_id = chunk_of(position).article_id
        adjusted[position] = fused[position] * REPEAT_WEIGHT ** seen.get(article_id, 0)
        seen[article_id] = seen.get(article_id, 0) + 1
    return adjusted


def with_lead(hits: list[Hit], searcher: Searcher, after_best: bool = False) -> list[Hit]:
    """The hits, and the opening chunk of the best hit's article: a report states its main facts in
    its first sentences, and search, which discounts an article's further chunks, may return only a
    later one ("Five lions escaped..." opens the report whose fourth chunk matched best). Last, or
    `after_best` (an answer reads only the first few hits' sentences)."""
    if not hits:
        return hits
    best = hits[0]
    chunks = searcher.chunks_of(best.chunk.article_id)
    if not chunks or any(h.chunk.id == chunks[0].id for h in hits):
        return hits
    lead = Hit(chunks[0], best.score, best.dense, best.lexical)
    return [best, lead, *hits[1:]] if after_best else [*hits, lead]
