"""What every question-like request (a question, /check) shares: the per-user rate limit, "typing" while
the library works, and failures told to the user in plain words."""

from __future__ import annotations

import logging
import math
import secrets
from collections.abc import Awaitable
from typing import TypeVar

from telegram import Message, Update

from bot.context import BotContext
from bot.replies import reply_notice, while_typing
from index import NewsdeskError, StoreError, StoreUnavailableError

log = logging.getLogger(__name__)

T = TypeVar("T")

SEARCH_DOWN = "Search is down right now, so I can't look anything up. Please try again in a few minutes."
STORE_FAILED = (
    "Sorry, my data folder cannot be used right now (error id {error_id}); the bot's operator can see why "
    "in its log."
)
RATE_LIMITED = (
    "You're asking faster than I can answer well: at most {limit} questions a minute. "
    "Please try again in {seconds} seconds."
)


async def within_rate_limit(context: BotContext, update: Update, message: Message) -> bool:
    """True when the asker may ask now (the question is counted); otherwise False, after one notice per
    stretch of refused questions saying when to try again."""
    user = update.effective_user
    asker = user.id if user else message.chat.id
    wait = context.rate_limiter.count_or_wait(asker)
    if not wait:
        return True
    if context.rate_limiter.first_warning(asker):
        limit = context.settings.questions_per_minute
        await reply_notice(message, RATE_LIMITED.format(limit=limit, seconds=math.ceil(wait)))
    return False


async def library_result(message: Message, work: Awaitable[T]) -> T | None:
    """The library's result, with "typing" shown meanwhile (in groups too: readers there wait as well);
    None once the user has been told why there is none (search is down, the question was refused)."""
    try:
        return await while_typing(message.chat, work)
    except StoreError as error:
        await reply_notice(message, store_failure(error, secrets.token_hex(4)))
    except NewsdeskError as error:
        await reply_notice(message, error.message)
    return None


def store_failure(error: StoreError, error_id: str) -> str:
    """What the reader is told of a failing store, logged under `error_id`: search being down (the index
    cannot be reached) is said as it is; a data folder that is damaged, full or read-only is the
    operator's to fix, and the log says why."""
    if isinstance(error, StoreUnavailableError):
        log.warning("search is down (%s): %s", error_id, error.message)
        return SEARCH_DOWN
    log.error("error %s: %s", error_id, error.message)
    return STORE_FAILED.format(error_id=error_id)
