"""How the bot writes a Telegram origin into an article's provenance, and how it reads one back."""

from __future__ import annotations

import re

from index import ArticleRecord, describe_origin

# The origins of links an admin sends the bot: `/add URL`, or a bare link confirmed with a button.
TELEGRAM_ADD_ORIGIN = "telegram /add"
TELEGRAM_LINK_ORIGIN = "telegram link"
_TELEGRAM = "telegram"
_JSONL_LINE = re.compile(r":\d+$")


def document_origin(chat_id: int, file_name: str) -> str:
    """A document is keyed by the chat it was sent in and its name, so sending it again updates it."""
    return f"{_TELEGRAM}:{chat_id}/{file_name}"


def message_origin(chat_id: int, message_id: int) -> str:
    """A post is keyed by where it was posted, so forwarding it twice indexes it once."""
    return f"{_TELEGRAM}:{chat_id}/{message_id}"


def describe_article_origin(record: ArticleRecord, who: bool) -> str:
    """Where an article came from, telling links, documents and posts sent to the bot as such."""
    if not record.origin.startswith(_TELEGRAM):
        return describe_origin(record, who)
    if record.origin in (TELEGRAM_ADD_ORIGIN, TELEGRAM_LINK_ORIGIN):
        sent_as = "link sent via Telegram"
    else:  # "telegram:CHAT/MESSAGE_ID" for a post, "telegram:CHAT/NAME[:LINE]" for a document
        sent = record.origin.rsplit("/", 1)[-1]
        name = _JSONL_LINE.sub("", sent)
        sent_as = "post sent via Telegram" if sent.isdigit() else f"document {name} sent via Telegram"
    return describe_origin(record, who, sent_as)
