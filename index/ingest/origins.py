"""Where an indexed article came from, told for a listing.

The library stores provenance neutrally: `origin` (a file path, a feed, a link, or a key a front end chose)
and the `extra` mapping a front end fills with who sent it ("sender"), where ("chat"), when ("date") and
where it was first posted ("forwarded_from"). Front ends that write their own origins (the bot) also
describe them; this module describes the rest.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

from index.ingest.feeds import FEED_ORIGIN
from index.model import ArticleRecord

# The origin of links added with `newsdesk add`.
CLI_ORIGIN = "newsdesk add"


def describe_origin(record: ArticleRecord, who: bool = False, sent_as: str = "") -> str:
    """Where an indexed article came from: a file, a feed, a link, or a person who sent it in. Listings
    anyone may see leave people out; `who` (the CLI, admins) names who sent it, where and when, and gives
    whole paths and feed addresses. `sent_as` is how the front end that took it in tells it ("document
    budget.md sent via Telegram")."""
    origin = record.origin
    if sent_as or "sender" in record.extra:
        told = sent_as or (f"sent in as {origin}" if who else "sent in")
        return told + forwarded(record) + (added_by(record) if who else "")
    if origin.startswith(FEED_ORIGIN):
        feed = origin.removeprefix(FEED_ORIGIN)
        return f"from the feed {feed if who else urlsplit(feed).hostname}"
    if origin == CLI_ORIGIN:
        return "added by link"
    # A file, or a line of a .jsonl file ("path:line").
    return f"file {origin if who else Path(origin).name.rsplit(':', 1)[0]}" if origin else ""


def forwarded(record: ArticleRecord) -> str:
    """ ", forwarded from CHANNEL" when the article was first posted elsewhere, else ""."""
    source = record.extra.get("forwarded_from")
    return f", forwarded from {source}" if source else ""


def added_by(record: ArticleRecord) -> str:
    """ " by SENDER in CHAT on DATE", from the provenance a front end stored with the article."""
    extra = record.extra
    sender, chat = extra.get("sender", "an unknown sender"), extra.get("chat", "")
    told = f" by {sender}" + (f" in {chat}" if chat and chat != sender else "")
    return told + (f" on {extra['date'][:10]}" if extra.get("date") else "")
