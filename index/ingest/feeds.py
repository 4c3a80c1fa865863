"""RSS and Atom feeds: a registry in the data folder, and polls that index each new item's page.

Crash safety: an item is marked seen only after its article is in the index, and a feed's ETag and
Last-Modified are kept only once every new item of that response is handled. A poll killed half way
therefore leaves the index consistent (indexing commits whole articles) and the next poll fetches the feed
again and picks up what was missed; re-indexing an item that did get in is a no-op (same content id).
"""

from __future__ import annotations

import fcntl
import logging
import os
import tempfile
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urljoin

import feedparser
from pydantic import BaseModel, Field, ValidationError

from index.errors import ArticleError, NewsdeskError, NotFoundError, StoreError
from index.ingest.extract import page_to_article
from index.ingest.fetch import FEED_TYPES, Fetcher, FetchError, normalize_url
from index.model import Article
from index.ops.metrics import count_feed_poll

if TYPE_CHECKING:  # indexing loads the model's libraries, which listing or adding a feed never needs
    from index.ingest.indexing import IndexReport

log = logging.getLogger(__name__)

# An article's origin names the feed it came from.
FEED_ORIGIN = "feed "
# Items remembered per feed; feeds show far fewer, so an item never comes back as "new".
_SEEN_LIMIT = 5000
# An item page that keeps failing is given up after this many polls, so it cannot block the feed.
MAX_ITEM_ATTEMPTS = 3
# Articles indexed per call: in the bot each call holds one of the desk's worker threads for one group, not
# for a whole poll, and each group is searchable as soon as its call returns. Smaller groups embed in small
# batches: measured here, groups of 8 took 3x as long as one call for 96 articles, groups of 32 no longer.
INDEX_GROUP = 32


class Feed(BaseModel):
    """One subscribed feed and what the polls learned about it."""

    url: str
    title: str = ""
    added_at: str = ""
    etag: str = ""
    last_modified: str = ""
    last_polled: str = ""
    last_error: str = ""
    indexed: int = 0
    seen: list[str] = Field(default_factory=list)
    failures: dict[str, int] = Field(default_factory=dict)


class FeedFile(BaseModel):
    feeds: list[Feed] = Field(default_factory=list)


class FeedRegistry:
    """The feeds, persisted as JSON in the data folder; every write is atomic and locked across processes."""

    def __init__(self, data_dir: Path) -> None:
        self.path = data_dir / "feeds.json"
        self._lock_path = data_dir / "feeds.lock"
        self._poll_lock_path = data_dir / "feeds.poll.lock"

    def feeds(self) -> list[Feed]:
        return self._load().feeds

    def get(self, url: str) -> Feed:
        for feed in self.feeds():
            if feed.url == url:
                return feed
        raise NotFoundError(f"no feed {url} is followed")

    def add(self, feed: Feed) -> bool:
        """Subscribe; False if the feed was already there."""
        with self._locked():
            state = self._load()
            if any(f.url == feed.url for f in state.feeds):
                return False
            state.feeds.append(feed)
            self._save(state)
        return True

    def remove(self, url: str) -> Feed:
        with self._locked():
            state = self._load()
            found = [f for f in state.feeds if f.url in {url, _normalized_or_same(url)}]
            if not found:
                raise NotFoundError(f"no feed {url} is followed")
            state.feeds = [f for f in state.feeds if f not in found]
            self._save(state)
        return found[0]

    def update(self, url: str, **changes: Any) -> None:
        """Change one feed's fields, re-reading the file first so concurrent edits are not lost."""
        with self._locked():
            state = self._load()
            state.feeds = [f.model_copy(update=changes) if f.url == url else f for f in state.feeds]
            self._save(state)

    @contextmanager
    def polling(self) -> Iterator[bool]:
        """Hold the poll lock; yields False when another process (cron or the bot) is polling already."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with open(self._poll_lock_path, "a") as handle:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                yield False
                return
            try:
                yield True
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)

    @contextmanager
    def _locked(self) -> Iterator[None]:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            handle = open(self._lock_path, "a")  # noqa: SIM115 - held for the whole block
        except OSError as error:
            raise StoreError(f"cannot write the feed list in {self.path.parent} ({error.strerror})") from None
        with handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            yield

    def _load(self) -> FeedFile:
        try:
            return FeedFile.model_validate_json(self.path.read_bytes())
        except FileNotFoundError:
            return FeedFile()
        except (OSError, ValidationError, ValueError):
            raise StoreError(
                f"the feed list {self.path} is unreadable; fix or delete it and add the feeds again"
            ) from None

    def _save(self, state: FeedFile) -> None:
        # Write a new file and rename it over the old: a crash leaves the old or the new list, never half.
        handle, temporary = tempfile.mkstemp(dir=self.path.parent, prefix=".feeds-", suffix=".json")
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as out:
                out.write(state.model_dump_json(indent=1))
                out.flush()
                os.fsync(out.fileno())
            os.replace(temporary, self.path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise


def _normalized_or_same(url: str) -> str:
    try:
        return normalize_url(url)
    except FetchError:
        return url


@dataclass
class FeedResult:
    """What one poll did for one feed."""

    url: str
    title: str = ""
    indexed: list[Article] = field(default_factory=list)
    updated: int = 0
    chunks: int = 0
    not_modified: bool = False
    pending: int = 0
    problems: list[ArticleError] = field(default_factory=list)
    error: str = ""

    def as_dict(self) -> dict[str, Any]:
        return {
            "url": self.url,
            "title": self.title,
            "indexed": [{"id": a.id, "title": a.title, "url": a.url} for a in self.indexed],
            "updated": self.updated,
            "chunks": self.chunks,
            "not_modified": self.not_modified,
            "pending": self.pending,
            "problems": [p.message for p in self.problems],
            "error": self.error,
        }

    def summary(self) -> str:
        name = self.title or self.url
        if self.error:
            return f"{name}: failed: {self.error}"
        if self.not_modified:
            return f"{name}: unchanged since the last poll"
        parts = [f"{name}: {len(self.indexed)} new article(s), {self.chunks} chunk(s)"]
        if self.updated:
            parts.append(f"{self.updated} updated")
        if self.problems:
            parts.append(f"{len(self.problems)} item(s) skipped")
        if self.pending:
            parts.append(f"{self.pending} more next poll")
        return "; ".join(parts)


@dataclass
class PollReport:
    feeds: list[FeedResult] = field(default_factory=list)
    busy: bool = False

    @property
    def indexed(self) -> int:
        return sum(len(f.indexed) for f in self.feeds)

    def summary(self) -> str:
        if self.busy:
            return "another feed poll is running; try again when it has finished"
        if not self.feeds:
            return "no feeds yet: add one first"
        return "\n".join(f.summary() for f in self.feeds)


def parse_feed(url: str, body: bytes) -> Any:
    """feedparser's result; FetchError if the document is not an RSS or Atom feed."""
    parsed = feedparser.parse(body)
    if not parsed.get("version") and not parsed.entries:
        raise FetchError(f"{url}: this is not an RSS or Atom feed")
    return parsed


def item_key(entry: Any, feed_url: str) -> str:
    """What identifies a feed item across polls: its guid/id, else its link (joined to the subscribed URL,
    not the one a redirect led to, so the key stays the same when the feed moves)."""
    return str(entry.get("id") or entry.get("guid") or _item_link(entry, feed_url))


def _item_link(entry: Any, base: str) -> str:
    """The item's link resolved against `base`; a malformed link is kept as it is, for its fetch to refuse
    as a failed item, so one bad link cannot stop the feed."""
    link = str(entry.get("link") or "")
    try:
        return urljoin(base, link) if link else ""
    except ValueError:  # e.g. "http://[::1/story": urljoin raises "Invalid IPv6 URL"
        return link


def _entry_date(entry: Any) -> date | None:
    """The day the item was published where it was published: "Tue, 05 Mar 2024 23:30:00 -0500" is
    5 March, though feedparser's parsed time, in UTC, says the 6th."""
    written = str(entry.get("published") or entry.get("updated") or "")
    with suppress(TypeError, ValueError):
        return parsedate_to_datetime(written).date()  # RSS dates (RFC 822)
    with suppress(ValueError):
        return datetime.fromisoformat(written.replace("Z", "+00:00")).date()  # Atom dates (RFC 3339)
    stamp = entry.get("published_parsed") or entry.get("updated_parsed")
    return date(stamp.tm_year, stamp.tm_mon, stamp.tm_mday) if stamp else None


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def subscribe(registry: FeedRegistry, fetcher: Fetcher, url: str) -> Feed:
    """Fetch the feed once (so a typo is caught now, not at the next poll) and add it."""
    page = fetcher.fetch(url, FEED_TYPES)
    parsed = parse_feed(url, page.body)
    feed = Feed(url=normalize_url(url), title=str(parsed.feed.get("title", "")), added_at=_now())
    if not registry.add(feed):
        return registry.get(feed.url)
    return feed


# What indexes a batch of articles: `Newsdesk.add`, or (in the bot) a call of it on a desk worker thread.
Indexer = Callable[[Sequence[Article]], "IndexReport"]


class FeedPoller:
    """Polls the registry's feeds through one fetcher and indexes the new items with `index`."""

    def __init__(self, registry: FeedRegistry, fetcher: Fetcher, index: Indexer, items_per_poll: int) -> None:
        self.registry = registry
        self.fetcher = fetcher
        self.index = index
        self.items_per_poll = items_per_poll

    def subscribe(self, url: str) -> Feed:
        return subscribe(self.registry, self.fetcher, url)

    def poll(self) -> PollReport:
        """One poll of every feed; a broken feed is recorded and the others go on."""
        with self.registry.polling() as acquired:
            if not acquired:
                return PollReport(busy=True)
            return PollReport([self.poll_feed(feed) for feed in self.registry.feeds()])

    def poll_feed(self, feed: Feed) -> FeedResult:
        result = FeedResult(feed.url, feed.title)
        try:
            self._poll(feed, result)
        except NewsdeskError as error:
            result.error = error.message
        except Exception as error:  # one feed's surprise must not stop the others
            log.exception("polling %s failed", feed.url)
            result.error = f"unexpected error ({type(error).__name__})"
        if result.error:
            self.registry.update(feed.url, last_error=result.error, last_polled=_now())
        count_feed_poll(result)
        return result

    def _poll(self, feed: Feed, result: FeedResult) -> None:
        conditional = {}
        if feed.etag:
            conditional["If-None-Match"] = feed.etag
        if feed.last_modified:
            conditional["If-Modified-Since"] = feed.last_modified
        page = self.fetcher.fetch(feed.url, FEED_TYPES, conditional)
        if page.not_modified:
            result.not_modified = True
            self.registry.update(feed.url, last_error="", last_polled=_now())
            return
        parsed = parse_feed(feed.url, page.body)
        result.title = str(parsed.feed.get("title", "")) or feed.title
        seen = set(feed.seen)
        new = [e for e in parsed.entries if item_key(e, feed.url) not in seen]
        batch, result.pending = new[: self.items_per_poll], max(0, len(new) - self.items_per_poll)
        # Relative links are relative to where the feed was fetched from, after any redirects.
        articles, handled, failures = self._fetch_items(batch, feed, page.url, result)
        for begin in range(0, len(articles), INDEX_GROUP):
            report = self.index(articles[begin : begin + INDEX_GROUP])
            result.indexed += report.added
            result.updated += len(report.replaced)
            result.chunks += report.chunks
            result.problems.extend(report.problems)
        # Validators are kept only when nothing is left over: else a 304 would hide the missed items.
        complete = result.pending == 0 and len(handled) == len(batch)
        self.registry.update(
            feed.url,
            title=result.title,
            seen=(feed.seen + handled)[-_SEEN_LIMIT:],
            failures=failures,
            indexed=feed.indexed + len(result.indexed),
            etag=page.headers.get("etag", "") if complete else "",
            last_modified=page.headers.get("last-modified", "") if complete else "",
            last_error="",
            last_polled=_now(),
        )

    def _fetch_items(
        self, entries: list[Any], feed: Feed, base: str, result: FeedResult
    ) -> tuple[list[Article], list[str], dict[str, int]]:
        """Articles of the items' pages, the item keys handled, and the failure counts still open."""
        articles: list[Article] = []
        handled: list[str] = []
        failures = dict(feed.failures)
        for entry in entries:
            key = item_key(entry, feed.url)
            try:
                articles.append(self._item_article(entry, feed, base, result.title))
            except ArticleError as problem:
                result.problems.append(problem)
                failures[key] = failures.get(key, 0) + 1
                if failures[key] < MAX_ITEM_ATTEMPTS:
                    continue
                log.warning("giving up on %s after %d attempts", key, failures[key])
            failures.pop(key, None)
            handled.append(key)
        return articles, handled, failures

    def _item_article(self, entry: Any, feed: Feed, base: str, feed_title: str) -> Article:
        link = _item_link(entry, base)
        if not link:
            raise ArticleError(f"{feed.url}: an item has no link to its article")
        article = page_to_article(self.fetcher.fetch(link), origin=FEED_ORIGIN + feed.url)
        # The feed knows the date and outlet when the page's markup does not say.
        return replace(
            article,
            title=article.title or str(entry.get("title", "")),
            published=article.published or _entry_date(entry),
            source=article.source or feed_title,
        )


def feeds_table(feeds: list[Feed]) -> str:
    """The feed list as text lines for the terminal and the bot; "" when no feed is followed (each front
    end then says how to add one its own way)."""
    lines = []
    for feed in feeds:
        polled = feed.last_polled or "never polled"
        status = f"error: {feed.last_error}" if feed.last_error else "ok"
        lines.append(
            f"{feed.url}\n  {feed.title or '(untitled)'}; {feed.indexed} indexed; {polled}; {status}"
        )
    return "\n".join(lines)
