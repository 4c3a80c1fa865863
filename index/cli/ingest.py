"""`newsdesk add URL...` and `newsdesk feeds add|list|remove|poll`: the command-line side of ingestion."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from index.errors import ArticleError
from index.ingest.feeds import FeedRegistry, feeds_table, subscribe
from index.ingest.fetch import Fetcher
from index.settings import Settings

if TYPE_CHECKING:
    from index.ingest.service import Ingest


@contextmanager
def open_ingest(settings: Settings) -> Iterator[Ingest]:
    # Imported here: the desk loads the model's libraries, which `feeds list|add|remove` never need.
    from index.cli.common import open_desk
    from index.ingest.service import Ingest

    ingest = Ingest(open_desk(settings))
    try:
        yield ingest
    finally:
        ingest.close()


def cmd_add(args: argparse.Namespace, settings: Settings) -> int:
    from index.ingest.origins import CLI_ORIGIN

    failed = 0
    with open_ingest(settings) as ingest:
        for url in args.urls:
            try:
                print(ingest.add_link(url, origin=CLI_ORIGIN).summary())
            except ArticleError as problem:
                failed += 1
                print(f"skipped: {problem}", file=sys.stderr)
    return 3 if failed else 0


def cmd_feeds(args: argparse.Namespace, settings: Settings) -> int:
    # Only a poll indexes: the other actions answer at once, without loading the model and the index.
    if args.action == "poll":
        return poll_feeds(args, settings)
    registry = FeedRegistry(settings.data_dir)
    if args.action == "list":
        feeds = registry.feeds()
        if args.json:
            print(json.dumps([_feed_view(f.model_dump()) for f in feeds], indent=2))
        else:
            print(feeds_table(feeds))
        return 0
    if not args.url:
        raise ArticleError(f"`newsdesk feeds {args.action}` needs the feed's URL")
    if args.action == "add":
        with Fetcher(settings) as fetcher:
            feed = subscribe(registry, fetcher, args.url)
        print(f"following {feed.url} ({feed.title or 'untitled'}); `newsdesk feeds poll` indexes it")
    else:
        feed = registry.remove(args.url)
        print(f"stopped following {feed.url}; its articles stay indexed (`newsdesk remove ID`)")
    return 0


def poll_feeds(args: argparse.Namespace, settings: Settings) -> int:
    with open_ingest(settings) as ingest:
        report = ingest.feeds.poll()
    views = [f.as_dict() for f in report.feeds]
    print(json.dumps(views, ensure_ascii=False, indent=2) if args.json else report.summary())
    return 3 if report.busy or any(f.error for f in report.feeds) else 0


def _feed_view(feed: dict[str, Any]) -> dict[str, Any]:
    """The feed without its bookkeeping of seen items."""
    return {k: v for k, v in feed.items() if k not in {"seen", "failures"}}


def add_ingest_commands(commands: Any) -> None:
    """Register `add` and `feeds` on the CLI's subcommand parser."""
    add = commands.add_parser("add", help="fetch web articles by URL and index them")
    add.add_argument("urls", nargs="+", metavar="URL")
    add.set_defaults(run=cmd_add)

    feeds = commands.add_parser("feeds", help="follow RSS/Atom feeds: add, list, remove, poll")
    feeds.add_argument("action", choices=["add", "list", "remove", "poll"])
    feeds.add_argument("url", nargs="?", help="the feed's URL (add, remove)")
    feeds.add_argument("--json", action="store_true", help="print JSON (list, poll)")
    feeds.set_defaults(run=cmd_feeds)
