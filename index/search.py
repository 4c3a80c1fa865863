"""Stage 5: hybrid search, dense (Chroma) plus lexical (bm25s), fused by reciprocal rank.

The searcher keeps every chunk's text and metadata in memory (tens of MB at 100k chunks) for BM25 and for
filtering, and reloads it when the store's revision changes, whichever process changed it.
"""

from __future__ import annotations

import logging
import math
import re
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

import bm25s
import Stemmer

from index.embeddings import Embedder
from index.store import Store, StoredChunk

log = logging.getLogger(__name__)

RRF_K = 60
_TOKEN = re.compile(r"\w+")
_STOPWORDS = frozenset(bm25s.stopwords.STOPWORDS_EN)


@dataclass(frozen=True)
class SearchFilter:
    """Optional limits on what may be retrieved; `until` also hides articles from the future."""

    source: str | None = None
    since: date | None = None
    until: date | None = None

    def admits(self, chunk: StoredChunk) -> bool:
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


@dataclass(frozen=True)
class Hit:
    """A retrieved chunk with the evidence for its rank."""

    chunk: StoredChunk
    score: float
    dense: float
    lexical: float


class Tokenizer:
    """Lower-cased, stop-word-free, stemmed word tokens, shared by BM25 and the answerer."""

    def __init__(self) -> None:
        self._stemmer = Stemmer.Stemmer("english")

    def words(self, text: str) -> list[str]:
        return [w for w in _TOKEN.findall(text.lower()) if w not in _STOPWORDS]

    def stems(self, text: str) -> list[str]:
        return list(self._stemmer.stemWords(self.words(text)))


class LexicalIndex:
    """BM25 over the chunks' titles and texts."""

    def __init__(self, chunks: Sequence[StoredChunk], tokenizer: Tokenizer) -> None:
        self.tokenizer = tokenizer
        self.model = bm25s.BM25()
        corpus = [tokenizer.stems(f"{c.title}\n{c.text}") for c in chunks]
        self.size = len(chunks)
        self.document_frequency: dict[str, int] = {}
        for tokens in corpus:
            for token in set(tokens):
                self.document_frequency[token] = self.document_frequency.get(token, 0) + 1
        if self.size:
            self.model.index(corpus, show_progress=False)

    def idf(self, stem: str) -> float:
        frequency = self.document_frequency.get(stem, 0)
        return math.log(1 + (self.size - frequency + 0.5) / (frequency + 0.5))

    def top(self, query: str, k: int) -> list[tuple[int, float]]:
        stems = [s for s in self.tokenizer.stems(query) if s in self.document_frequency]
        if not stems or not self.size:
            return []
        positions, scores = self.model.retrieve(
            [stems], k=min(k, self.size), show_progress=False, n_threads=1
        )
        return [(int(p), float(s)) for p, s in zip(positions[0], scores[0], strict=True) if s > 0]


class Searcher:
    """Hybrid retrieval over a store, refreshed when the store changes."""

    def __init__(self, store: Store, embedder: Embedder, refresh_seconds: float = 2.0) -> None:
        self.store = store
        self.embedder = embedder
        self.tokenizer = Tokenizer()
        self.refresh_seconds = refresh_seconds
        self._lock = threading.Lock()
        self._checked_at = 0.0
        self._revision: tuple[int, float] | None = None
        self.chunks: list[StoredChunk] = []
        self.positions: dict[str, int] = {}
        self.lexical = LexicalIndex([], self.tokenizer)
        self.refresh(force=True)

    def refresh(self, force: bool = False) -> None:
        """Reload chunks and BM25 if articles were added or removed since the last look."""
        now = time.monotonic()
        if not force and now - self._checked_at < self.refresh_seconds:
            return
        with self._lock:
            self._checked_at = now
            revision = self.store.revision()
            if revision == self._revision and not force:
                return
            registered = {r.id for r in self.store.articles()}
            chunks = [c for c in self.store.all_chunks() if c.article_id in registered]
            self.lexical = LexicalIndex(chunks, self.tokenizer)
            self.positions = {c.id: i for i, c in enumerate(chunks)}
            self.chunks = chunks
            self._revision = revision
            log.info("search index loaded: %d chunks", len(chunks))

    def idf(self, stem: str) -> float:
        """Rarity of a word stem in the current index (higher: more telling)."""
        return self.lexical.idf(stem)

    def search(self, query: str, k: int, where: SearchFilter | None = None, depth: int = 50) -> list[Hit]:
        """The k best chunks for `query` by reciprocal-rank fusion of dense and BM25 rankings."""
        self.refresh()
        if not self.chunks:
            return []
        vector = self.embedder.embed_query(query)
        filtered = where is not None and where != SearchFilter()
        pool = min(len(self.chunks), depth * 4 if filtered else depth)
        dense = [(self.positions[i], s) for i, s in self.store.nearest(vector, pool) if i in self.positions]
        lexical = self.lexical.top(query, pool)
        if where is not None:
            dense = [(p, s) for p, s in dense if where.admits(self.chunks[p])]
            lexical = [(p, s) for p, s in lexical if where.admits(self.chunks[p])]
        return self._fuse(dense[:depth], lexical[:depth], k)

    def _fuse(self, dense: list[tuple[int, float]], lexical: list[tuple[int, float]], k: int) -> list[Hit]:
        fused: dict[int, float] = {}
        for ranking in (dense, lexical):
            for rank, (position, _) in enumerate(ranking):
                fused[position] = fused.get(position, 0.0) + 1.0 / (RRF_K + rank + 1)
        dense_score = dict(dense)
        lexical_score = dict(lexical)
        best = sorted(fused, key=lambda p: fused[p], reverse=True)[:k]
        return [
            Hit(self.chunks[p], fused[p], dense_score.get(p, 0.0), lexical_score.get(p, 0.0)) for p in best
        ]
