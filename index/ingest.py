"""Getting articles in without a developer: links, feeds, documents and text posts. Used by CLI and bot.

Everything goes through `Newsdesk.add`, so the usual deduplication applies: the same URL (normalised) or the
same text is indexed once, and an article fetched again from its URL with new text replaces its old chunks.
"""

from __future__ import annotations

import re
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from urllib.parse import urlsplit

from index.articles import ARTICLE_SUFFIXES, Article, parse_text_article, read_file
from index.desk import Newsdesk
from index.errors import ArticleError
from index.extract import page_to_article
from index.feeds import FEED_ORIGIN, FeedPoller, FeedRegistry, Indexer
from index.fetch import Fetcher
from index.indexing import IndexReport
from index.settings import Settings
from index.store import ArticleRecord

# The origin of links added with `newsdesk add`.
CLI_ORIGIN = "newsdesk add"
# The origins of links an admin sends the bot: `/add URL`, or a bare link confirmed with a button.
TELEGRAM_ADD_ORIGIN = "telegram /add"
TELEGRAM_LINK_ORIGIN = "telegram link"
_JSONL_LINE = re.compile(r":\d+$")


def describe_origin(record: ArticleRecord, who: bool = False) -> str:
    """Where an indexed article came from: a file, a feed, a link, a Telegram upload. Listings anyone may
    see leave people out; `who` (the CLI, the bot's admins) names who sent it via Telegram, and when, and
    gives whole paths and feed addresses."""
    origin = record.origin
    if origin.startswith(FEED_ORIGIN):
        feed = origin.removeprefix(FEED_ORIGIN)
        return f"from the feed {feed if who else urlsplit(feed).hostname}"
    if origin.startswith("telegram"):
        return describe_telegram_origin(record, who)
    if origin == CLI_ORIGIN:
        return "added by link"
    # A file, or a line of a .jsonl file ("path:line").
    return f"file {origin if who else Path(origin).name.rsplit(':', 1)[0]}" if origin else ""


def describe_telegram_origin(record: ArticleRecord, who: bool) -> str:
    """A link, a document or a post sent to the bot (bot/ingest.py keeps the sender, chat and date)."""
    extra = record.extra
    if record.origin in (TELEGRAM_ADD_ORIGIN, TELEGRAM_LINK_ORIGIN):
        described = "link sent via Telegram"
    else:  # "telegram:CHAT/MESSAGE_ID" for a post, "telegram:CHAT/NAME[:LINE]" for a document
        sent = record.origin.rsplit("/", 1)[-1]
        name = _JSONL_LINE.sub("", sent)
        described = "post sent via Telegram" if sent.isdigit() else f"document {name} sent via Telegram"
    if "forwarded_from" in extra:
        described += f", forwarded from {extra['forwarded_from']}"
    if not who:
        return described
    sender, chat = extra.get("sender", "an unknown sender"), extra.get("chat", "")
    described += f" by {sender}" + (f" in {chat}" if chat and chat != sender else "")
    return described + (f" on {extra['date'][:10]}" if extra.get("date") else "")


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

    `index` does the indexing (default `desk.add`); the bot passes one that runs it on the desk's own
    thread, so fetching never holds up questions and indexing never runs beside a search.
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
        if len(data) > self.max_document_bytes:
            raise ArticleError(
                f"{name}: the document is {len(data) / 1e6:.1f} MB, over the "
                f"{self.max_document_bytes / 1e6:g} MB limit (NEWSDESK_MAX_DOCUMENT_MB)"
            )
        with tempfile.TemporaryDirectory(prefix="newsdesk-doc-") as folder:
            path = Path(folder) / name
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

    def add_post(self, text: str, origin: str, extra: Mapping[str, str] | None = None) -> IndexReport:
        """Index a text post (e.g. forwarded from a channel): first line is the title."""
        article = parse_text_article(text, origin)
        return self.index([replace(article, extra=dict(extra or {}))])
