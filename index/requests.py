"""What every request (a question, a claim) goes through: its text checked, and store failures told."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from index.errors import QuestionError, StoreError
from index.store.chroma import wrap_store_errors

log = logging.getLogger(__name__)


def checked_text(text: str, max_chars: int, empty: str, too_long: Callable[[int], str]) -> str:
    """The text with its whitespace collapsed; a QuestionError when it is empty or over `max_chars`."""
    text = " ".join(text.split())
    if not text:
        raise QuestionError(empty)
    if len(text) > max_chars:
        raise QuestionError(too_long(len(text)))
    return text


@contextmanager
def store_errors() -> Iterator[None]:
    """Inside the block, a search failure becomes the StoreError the user reads."""
    try:
        yield
    except StoreError:
        raise
    except (ValueError, ConnectionError) as error:
        log.exception("search failed")
        raise wrap_store_errors(error) from None
