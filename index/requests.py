"""What every request (a question, a claim) goes through: its text checked, and store failures told."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from index.errors import QuestionError, StoreUnavailableError
from index.store.chroma import CONNECTION_LOST, UNAVAILABLE

log = logging.getLogger(__name__)


# A terminal in another encoding hands Python undecodable bytes as lone surrogates ("\udcff").
UNREADABLE = "Some characters of that message could not be read; please type it again in plain text."


def checked_text(text: str, max_chars: int, empty: str, too_long: Callable[[int], str]) -> str:
    """The text with its whitespace collapsed; a QuestionError when it is empty (or only punctuation),
    over `max_chars`, or holds characters that are not text."""
    text = " ".join(text.split())
    if len(text) > max_chars:
        raise QuestionError(too_long(len(text)))
    if not any(c.isalnum() for c in text):  # "???" or "<b>&</b>" asks nothing
        raise QuestionError(empty)
    if not text.isascii() and not _encodable(text):
        raise QuestionError(UNREADABLE)
    return text


def _encodable(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


@contextmanager
def store_errors() -> Iterator[None]:
    """Inside the block, a connection lost to the index becomes the StoreUnavailableError the user reads.

    Only that: each store call already says when search is down (`reaching_store`), so any other error
    here (a ValueError from a bug, an answer model fitted on other signals) is told as the bug it is,
    never as "search is unavailable"."""
    try:
        yield
    except CONNECTION_LOST:
        log.exception("search failed")
        raise StoreUnavailableError(UNAVAILABLE) from None
