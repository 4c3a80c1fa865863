"""Sending replies the way every handler should: HTML, no link previews, one message per part."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Sequence
from typing import TypeVar

from telegram import CallbackQuery, Chat, InlineKeyboardMarkup, LinkPreviewOptions, Message
from telegram.constants import ChatAction, ParseMode
from telegram.error import BadRequest, TelegramError

from bot.formatting import format_text_html

log = logging.getLogger(__name__)

T = TypeVar("T")

NO_PREVIEW = LinkPreviewOptions(is_disabled=True)
# Telegram shows "typing" for about 5 seconds; a slower answer (a model writing) renews it a second early.
TYPING_RENEWAL_SECONDS = 4.0


async def reply_html(message: Message, parts: Sequence[str]) -> list[Message]:
    """Send prepared HTML parts in order, the first as a reply to `message`."""
    sent: list[Message] = []
    for number, part in enumerate(parts):
        sent.append(
            await message.reply_text(
                part,
                parse_mode=ParseMode.HTML,
                link_preview_options=NO_PREVIEW,
                do_quote=number == 0,
            )
        )
    return sent


async def reply_notice(message: Message, text: str) -> list[Message]:
    """Send plain text (escaped, split if needed) as a reply."""
    return await reply_html(message, format_text_html(text))


async def edit_unless_unchanged(
    query: CallbackQuery,
    text: str,
    parse_mode: str | None = None,
    reply_markup: InlineKeyboardMarkup | None = None,
) -> None:
    """Edit the message under a button (previews off); Telegram refuses an identical edit (a double
    tap), which is no error here."""
    try:
        await query.edit_message_text(
            text, parse_mode=parse_mode, link_preview_options=NO_PREVIEW, reply_markup=reply_markup
        )
    except BadRequest as error:
        if "not modified" not in error.message.lower():
            raise


async def while_typing(chat: Chat, work: Awaitable[T]) -> T:
    """Await `work` while the chat shows "typing", renewed until the work is done."""
    task = asyncio.ensure_future(work)
    await _send_typing(chat)
    while True:
        done, _ = await asyncio.wait({task}, timeout=TYPING_RENEWAL_SECONDS)
        if done:
            return task.result()
        await _send_typing(chat)


async def _send_typing(chat: Chat) -> None:
    # "typing" is a courtesy: failing to show it must not cost the answer.
    with contextlib.suppress(TelegramError):
        await chat.send_action(ChatAction.TYPING)
