"""`newsdesk add URL...` and `newsdesk feeds add|list|remove|poll`: the command-line side of ingestion."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, NoReturn

from index import (
    FEED_ACTIONS,
    ArticleError,
    FeedDropped,
    FeedFollowed,
    FeedRegistry,
    FeedsListed,
    FeedsMisused,
    FeedsOutcome,
    FeedsPolled,
    Fetcher,
    NotFoundError,
    PollReport,
    Settings,
    feeds_command,
    feeds_table,
)

if TYPE_CHECKING:
    from index import Ingest

NO_FEEDS = "No feeds yet: add one with `newsdesk feeds add URL`."


@contextmanager
def open_ingest(settings: Settings) -> Iterator[Ingest]:
    # Imported here: the desk loads the model's libraries, which `feeds list|add|remove` never need.
    from index import Ingest
    from index.cli.common import open_desk

    ingest = Ingest(open_desk(settings))
    try:
        yield ingest
    finally:
        ingest.close()


def cmd_add(args: argparse.Namespace, settings: Settings) -> int:
    from index import CLI_ORIGIN

    failed = 0
    with open_ingest(settings) as ingest:
        for url in args.urls:
            try:
                print(ingest.add_link(url, origin=CLI_ORIGIN).summary())
            except ArticleError as problem:
                failed += 1
                print(f"skipped: {problem}", file=sys.stderr)
    return ArticleError.exit_code if failed else 0


def cmd_feeds(args: argparse.Namespace, settings: Settings) -> int:
    registry = FeedRegistry(settings.data_dir)
    with Fetcher(settings) as fetcher:
        try:
            outcome = feeds_command(
                args.action, args.url or "", registry, fetcher, lambda: poll_with_desk(settings, fetcher)
            )
        except NotFoundError as error:
            raise NotFoundError(f"{error.message}; `newsdesk feeds list` shows the followed feeds") from None
    return print_feeds_outcome(outcome, args.json, args.usage_error)


def poll_with_desk(settings: Settings, fetcher: Fetcher) -> PollReport:
    # Imported here: only a poll indexes, so only a poll loads the model and the index.
    from index import Ingest
    from index.cli.common import open_desk

    return Ingest(open_desk(settings), fetcher).feeds.poll()


def print_feeds_outcome(outcome: FeedsOutcome, as_json: bool, usage_error: Callable[[str], NoReturn]) -> int:
    """Print what a feed command did; the exit code says whether all of it went well. A command line that
    lacks the feed's URL is argparse's usage error (exit 2), as any other command line that cannot be read."""
    match outcome:
        case FeedsListed(feeds):
            views = [_feed_view(f.model_dump()) for f in feeds]
            print(json.dumps(views, indent=2) if as_json else feeds_table(feeds) or NO_FEEDS)
        case FeedFollowed(feed):
            print(f"following {feed.url} ({feed.title or 'untitled'}); `newsdesk feeds poll` indexes it")
        case FeedDropped(feed):
            print(f"stopped following {feed.url}; its articles stay indexed (`newsdesk remove ID`)")
        case FeedsPolled(report):
            polled = [f.as_dict() for f in report.feeds]
            print(json.dumps(polled, ensure_ascii=False, indent=2) if as_json else report.summary())
            return ArticleError.exit_code if report.busy or any(f.error for f in report.feeds) else 0
        case FeedsMisused(action):
            usage_error(f"`{action}` needs the feed's URL")
    return 0


def _feed_view(feed: dict[str, Any]) -> dict[str, Any]:
    """The feed without its bookkeeping of seen items."""
    return {k: v for k, v in feed.items() if k not in {"seen", "failures"}}


def add_ingest_commands(commands: Any) -> None:
    """Register `add` and `feeds` on the CLI's subcommand parser."""
    add = commands.add_parser("add", help="fetch web articles by URL and index them")
    add.add_argument("urls", nargs="+", metavar="URL")
    add.set_defaults(run=cmd_add)

    feeds = commands.add_parser("feeds", help="follow RSS/Atom feeds: add, list, remove, poll")
    feeds.add_argument("action", choices=FEED_ACTIONS)
    feeds.add_argument("url", nargs="?", help="the feed's URL (add, remove)")
    feeds.add_argument("--json", action="store_true", help="print JSON (list, poll)")
    feeds.set_defaults(run=cmd_feeds, usage_error=feeds.error)
