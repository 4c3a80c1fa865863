"""Incremental indexing: articles -> chunks -> embeddings -> store, skipping what is already there.

An unchanged article (same content id) is skipped without re-embedding; a changed one (same key: url or
file, new content) replaces its old chunks; the same text under two names is indexed once.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from index.errors import ArticleError
from index.ingest.articles import tidied
from index.model import Article
from index.store.chroma import Store
from index.store.chunks import Chunk, chunk_article
from index.store.embeddings import Embedder

log = logging.getLogger(__name__)

# Articles are embedded and committed in groups, so an interrupted run keeps the groups it finished.
_COMMIT_CHUNKS = 1024

Progress = Callable[[int], None]


@dataclass
class IndexReport:
    """What one indexing run did."""

    added: list[Article] = field(default_factory=list)
    replaced: list[str] = field(default_factory=list)
    unchanged: int = 0
    duplicates: int = 0
    chunks: int = 0
    problems: list[ArticleError] = field(default_factory=list)

    def summary(self) -> str:
        parts = [f"indexed {len(self.added)} new article(s), {self.chunks} chunk(s)"]
        if self.replaced:
            parts.append(f"{len(self.replaced)} updated")
        if self.unchanged:
            parts.append(f"{self.unchanged} unchanged")
        if self.duplicates:
            parts.append(f"{self.duplicates} duplicate(s) skipped")
        if self.problems:
            parts.append(f"{len(self.problems)} skipped with problems")
        return "; ".join(parts)


def plan(articles: Sequence[Article], store: Store, report: IndexReport) -> tuple[list[Article], list[str]]:
    """Which articles need embedding, and which stored ones they replace."""
    stored = store.articles()
    stored_ids = {r.id for r in stored}
    id_by_key = {r.key: r.id for r in stored}
    seen: set[str] = set()
    fresh: list[Article] = []
    replaced: list[str] = []
    for article in articles:
        if article.id in stored_ids:
            report.unchanged += 1
        elif article.id in seen:
            report.duplicates += 1
        else:
            fresh.append(article)
            previous = id_by_key.get(article.key)
            if previous is not None and previous != article.id:
                replaced.append(previous)
        seen.add(article.id)
    return fresh, replaced


def index_articles(
    articles: Sequence[Article],
    store: Store,
    embedder: Embedder,
    chunk_chars: int,
    progress: Progress | None = None,
) -> IndexReport:
    report = IndexReport()
    fresh, replaced = plan([tidied(a) for a in articles], store, report)
    group: list[Chunk] = []
    for article in fresh:
        chunks = chunk_article(article, chunk_chars)
        if not chunks:
            report.problems.append(ArticleError(f"{article.origin}: the article has no text to index"))
            continue
        group.extend(chunks)
        report.added.append(article)
        if len(group) >= _COMMIT_CHUNKS:
            _commit(group, store, embedder, progress)
            report.chunks += len(group)
            group = []
    if group:
        _commit(group, store, embedder, progress)
        report.chunks += len(group)
    # Old versions go only once their replacements are safely in.
    store.remove(replaced)
    report.replaced = replaced
    return report


def _commit(chunks: list[Chunk], store: Store, embedder: Embedder, progress: Progress | None) -> None:
    vectors = embedder.embed_for_index([c.embedding_text for c in chunks])
    store.add(chunks, vectors)
    if progress is not None:
        progress(len(chunks))


def progress_bar() -> tuple[Progress, Callable[[], None]]:
    """A chunk counter on stderr; silent when stderr is not a terminal."""
    from tqdm import tqdm

    bar = tqdm(total=None, unit=" chunks", disable=not sys.stderr.isatty(), desc="indexing")
    return bar.update, bar.close
