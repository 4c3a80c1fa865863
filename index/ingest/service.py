"""Getting articles in without a developer: links, feeds, documents and text posts. Used by CLI and bot.

Everything goes through `Newsdesk.add`, so the usual deduplication applies: the same URL (normalised) or the
same text is indexed once, and an article fetched again from its URL with new text replaces its old chunks.
"""

from __future__ import annotations

import tempfile
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path

from index.desk import Newsdesk
from index.errors import ArticleError
from index.ingest.articles import ARTICLE_SUFFIXES, check_size, parse_text_article, read_file
from index.ingest.extract import page_to_article
from index.ingest.feeds import FeedPoller, FeedRegistry, Indexer
from index.ingest.fetch import Fetcher
from index.ingest.indexing import IndexReport
from index.model import Article, ArticleRecord
from index.settings import Settings


@dataclass(frozen=True)
class Added:
    """The outcome of adding one link: the article read, and what indexing made of it."""

    article: Article
    report: IndexReport
    record: ArticleRecord | None

    def summary(self) -> str:
        record = self.record
        dated = self.article.published.isoformat() if self.article.published else "date unknown"
        described = f'"{self.article.title}" ({self.article.source or "unknown source"}, {dated})'
        if record is None:
            return f"{described}: nothing indexed ({'; '.join(str(p) for p in self.report.problems)})"
        where = f"{record.chunks} chunk(s); id {record.id[:8]}"
        if self.report.replaced:
            return f"Updated {described}: {where}"
        if self.report.added:
            return f"Indexed {described}: {where}"
        if record.url and record.url != self.article.url:
            return f"Already indexed from {record.url}: {described}; id {record.id[:8]}"
        return f"Already indexed, unchanged: {described}; id {record.id[:8]}"


class Ingest:
    """Links, documents and feeds into one desk; owns the HTTP client and the feed registry.

    `index` does the indexing (default `desk.add`); the bot passes one that runs it on one of the desk's
    worker threads, beside the questions' searches, so that fetching, on a thread of its own, never holds
    up questions; while indexing embeds, a waiting question's embedding goes before its next batch.
    """

    def __init__(self, desk: Newsdesk, fetcher: Fetcher | None = None, index: Indexer | None = None) -> None:
        settings: Settings = desk.settings
        self.desk = desk
        self.index: Indexer = index or desk.add
        self.max_document_bytes = int(settings.max_document_mb * 1_000_000)
        self.fetcher = fetcher or Fetcher(settings)
        self.registry = FeedRegistry(settings.data_dir)
        self.feeds = FeedPoller(self.registry, self.fetcher, self.index, settings.feed_items_per_poll)

    def close(self) -> None:
        self.fetcher.close()

    def add_link(self, url: str, origin: str = "", extra: Mapping[str, str] | None = None) -> Added:
        """Fetch, extract and index one article page; ArticleError says why a page was refused."""
        article = page_to_article(self.fetcher.fetch(url), origin)
        article = replace(article, extra=dict(extra or {}))
        report = self.index([article])
        return Added(article, report, self.desk.store.article(article.id))

    def add_document(
        self, file_name: str, data: bytes, origin: str, extra: Mapping[str, str] | None = None
    ) -> IndexReport:
        """Index a .txt, .md, .html or .jsonl document received as bytes (e.g. sent to the bot)."""
        name = Path(file_name).name or "document.txt"
        if Path(name).suffix.lower() not in ARTICLE_SUFFIXES:
            raise ArticleError(f"{name}: only .txt, .md, .html and .jsonl documents can be indexed")
        self.check_document_size(name, len(data))
        with tempfile.TemporaryDirectory(prefix="newsdesk-doc-") as folder:
            # Not the sent name, which may be longer than the file system allows; resolved, as
            # `read_file` names the articles it reads by their full path.
            path = Path(folder).resolve() / f"document{Path(name).suffix.lower()}"
            path.write_bytes(data)
            items = list(read_file(path, self.max_document_bytes))
        problems = [i for i in items if isinstance(i, ArticleError)]
        # The temporary path means nothing later: the origin names the document where it was sent.
        articles = [
            replace(i, origin=i.origin.replace(str(path), origin, 1), extra=dict(extra or {}))
            for i in items
            if isinstance(i, Article)
        ]
        report = self.index(articles)
        report.problems[:0] = [ArticleError(str(p).replace(str(path), name)) for p in problems]
        return report

    def check_document_size(self, name: str, size: int) -> None:
        """An ArticleError when a document is over NEWSDESK_MAX_DOCUMENT_MB (checked before a front end
        downloads it, and again on the bytes)."""
        check_size(name, size, self.max_document_bytes, "NEWSDESK_MAX_DOCUMENT_MB", what="document")

    def add_post(self, text: str, origin: str, extra: Mapping[str, str] | None = None) -> IndexReport:
        """Index a text post (e.g. forwarded from a channel): first line is the title."""
        article = parse_text_article(text, origin)
        return self.index([replace(article, extra=dict(extra or {}))])
