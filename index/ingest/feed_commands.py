"""The feed commands every front end offers (add, list, remove, poll) as one flow with typed results: the
CLI prints them as terminal text, the bot as Telegram messages."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from index.ingest.feeds import Feed, FeedRegistry, PollReport, subscribe
from index.ingest.fetch import Fetcher

FEED_ACTIONS = ("add", "list", "remove", "poll")


@dataclass(frozen=True)
class FeedsListed:
    """`list`: the followed feeds, with what the polls learned about each."""

    feeds: list[Feed]


@dataclass(frozen=True)
class FeedFollowed:
    """`add URL`: the feed now followed (or followed already); the next poll indexes it."""

    feed: Feed


@dataclass(frozen=True)
class FeedDropped:
    """`remove URL`: the feed no longer followed; the articles indexed from it stay."""

    feed: Feed


@dataclass(frozen=True)
class FeedsPolled:
    """`poll`: what one poll of every feed indexed."""

    report: PollReport


@dataclass(frozen=True)
class FeedsMisused:
    """An action that is no feed command, or `add`/`remove` without the feed's URL; each front end shows
    its own usage."""

    action: str


FeedsOutcome = FeedsListed | FeedFollowed | FeedDropped | FeedsPolled | FeedsMisused


def feeds_command(
    action: str, url: str, registry: FeedRegistry, fetcher: Fetcher, poll: Callable[[], PollReport]
) -> FeedsOutcome:
    """Run one feed command. `poll` is called only for a poll: it indexes, so it needs the desk (the model
    and the index), which listing, adding or removing a feed never loads."""
    url = url.strip()
    if action == "list":
        return FeedsListed(registry.feeds())
    if action == "poll":
        return FeedsPolled(poll())
    if action not in FEED_ACTIONS or not url:
        return FeedsMisused(action)
    if action == "add":
        return FeedFollowed(subscribe(registry, fetcher, url))
    return FeedDropped(registry.remove(url))
