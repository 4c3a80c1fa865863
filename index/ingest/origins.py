"""Where an indexed article came from, told for a listing."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

from index.ingest.feeds import FEED_ORIGIN
from index.model import ArticleRecord

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
