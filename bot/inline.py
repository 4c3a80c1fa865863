"""Inline mode: `@botname question` in any chat offers result cards; the one chosen is posted there.

The top card is the cited answer as the bot would send it, with a button to its first article; the next
cards are the top sources, each with its quote. An abstention is one card saying the articles don't cover
it. Inline queries come with no chat, so the allowlist is applied to the user: listed users, admins, and
members of the listed groups (asked of Telegram, remembered a few minutes).
"""

from __future__ import annotations

import logging
import math
import time
from collections.abc import Callable

from telegram import (
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InlineQueryResultArticle,
    InlineQueryResultsButton,
    InputTextMessageContent,
    Update,
)
from telegram.constants import ChatMemberStatus, ParseMode
from telegram.error import TelegramError
from telegram.ext import ContextTypes, InlineQueryHandler

from bot.answer_view import View, render
from bot.context import BotApplication, BotContext
from bot.formatting import clean_title, escape, headline, is_web_url, shorten, when
from bot.replies import NO_PREVIEW
from index import Answer, NewsdeskError, Source

log = logging.getLogger(__name__)

# Telegram takes at most 50 results per query; a few sources are what fits a phone's result list.
SOURCE_CARDS = 4
TITLE_CHARS = 100
DESCRIPTION_CHARS = 200
QUOTE_CHARS = 1000
NOT_COVERED_TITLE = "Not covered by the articles"
RATE_LIMITED_CARD = "Too many questions: try again in {seconds} s"
# How long a user's membership of the allowed groups is trusted before Telegram is asked again.
MEMBERSHIP_SECONDS = 300.0
MEMBER_STATUSES = {
    ChatMemberStatus.MEMBER,
    ChatMemberStatus.ADMINISTRATOR,
    ChatMemberStatus.OWNER,
    ChatMemberStatus.RESTRICTED,
}


def answer_card(answer: Answer) -> InlineQueryResultArticle:
    """The cited answer, exactly as the bot's message shows it, and a button to the first article."""
    first = answer.sources[0] if answer.sources else None
    markup = None
    if first is not None and is_web_url(first.url):
        markup = InlineKeyboardMarkup([[InlineKeyboardButton("Read the article", url=first.url)]])
    title = answer.short or answer.text.split("\n", 1)[0]
    where = f"{first.source or 'unknown source'}, {when(first.published)}" if first else ""
    return InlineQueryResultArticle(
        id="answer",
        title=shorten(title, TITLE_CHARS),
        description=shorten(where, DESCRIPTION_CHARS) or None,
        input_message_content=InputTextMessageContent(
            render(answer, View.ANSWER), parse_mode=ParseMode.HTML, link_preview_options=NO_PREVIEW
        ),
        reply_markup=markup,
    )


def source_card(source: Source) -> InlineQueryResultArticle:
    """One source: its quote, then the linked title, outlet and date."""
    quote = escape(shorten(source.quote, QUOTE_CHARS))
    return InlineQueryResultArticle(
        id=f"source-{source.number}",
        title=shorten(f"[{source.number}] {clean_title(source.title)}", TITLE_CHARS),
        description=shorten(
            f"{source.source or 'unknown source'}, {when(source.published)}: {source.quote}",
            DESCRIPTION_CHARS,
        ),
        input_message_content=InputTextMessageContent(
            f"“{quote}”\n— {headline(source.title, source.url, source.source, source.published)}",
            parse_mode=ParseMode.HTML,
            link_preview_options=NO_PREVIEW,
        ),
        url=source.url if is_web_url(source.url) else None,
    )


def not_covered_card(answer: Answer) -> InlineQueryResultArticle:
    return InlineQueryResultArticle(
        id="not-covered",
        title=NOT_COVERED_TITLE,
        description=shorten(answer.text, DESCRIPTION_CHARS),
        input_message_content=InputTextMessageContent(render(answer, View.ANSWER), parse_mode=ParseMode.HTML),
    )


def inline_cards(answer: Answer) -> list[InlineQueryResultArticle]:
    if answer.abstained or not answer.sources:
        return [not_covered_card(answer)]
    return [answer_card(answer)] + [source_card(s) for s in answer.sources[:SOURCE_CARDS] if s.quotes]


class Membership:
    """Whether a user belongs to one of the allowed group chats, remembered for a few minutes."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self.clock = clock
        self._known: dict[int, tuple[bool, float]] = {}

    def remembered(self, user_id: int) -> bool | None:
        known = self._known.get(user_id)
        if known is None or self.clock() - known[1] > MEMBERSHIP_SECONDS:
            return None
        return known[0]

    def remember(self, user_id: int, member: bool) -> bool:
        self._known[user_id] = (member, self.clock())
        return member


class InlineHandlers:
    """Inline queries, bound to the bot's shared context."""

    def __init__(self, context: BotContext) -> None:
        self.context = context
        self.membership = Membership()

    async def on_inline_query(self, update: Update, telegram: ContextTypes.DEFAULT_TYPE) -> None:
        """Answer `@botname question` with cards; users outside the allowlist get none."""
        query = update.inline_query
        if query is None:
            return
        question = query.query.strip()
        access = self.context.access
        # With an allowlist the answer depends on who asks: Telegram must not share it between users.
        personal = bool(access.allowed)
        if not question or not await self.admits(telegram, query.from_user.id):
            await query.answer([], cache_time=0, is_personal=personal)
            return
        wait = self.context.rate_limiter.count_or_wait(query.from_user.id)
        if wait:
            # Telegram sends a query as the user types: past the limit, no cards, and when they come back.
            note = InlineQueryResultsButton(
                text=RATE_LIMITED_CARD.format(seconds=math.ceil(wait)), start_parameter="help"
            )
            await query.answer([], cache_time=0, is_personal=True, button=note)
            return
        try:
            answer = await self.context.ask(question)
        except NewsdeskError as error:  # search is down: no cards, and nothing cached
            log.info("inline query not answered: %s", error.message)
            await query.answer([], cache_time=0, is_personal=personal)
            return
        await query.answer(
            inline_cards(answer), cache_time=self.context.settings.inline_cache_seconds, is_personal=personal
        )
        log.info("inline answer abstained=%s sources=%d", answer.abstained, len(answer.sources))

    async def admits(self, telegram: ContextTypes.DEFAULT_TYPE, user_id: int) -> bool:
        """Every user without an allowlist; else listed users, admins, and members of a listed group."""
        access = self.context.access
        if access.admits(user_id, user_id):  # the user's own private chat is served
            return True
        known = self.membership.remembered(user_id)
        if known is not None:
            return known
        for chat_id in sorted(c for c in access.allowed if c < 0):
            try:
                member = await telegram.bot.get_chat_member(chat_id, user_id)
            except TelegramError:
                continue
            if member.status in MEMBER_STATUSES:
                return self.membership.remember(user_id, True)
        return self.membership.remember(user_id, False)


def register(application: BotApplication, context: BotContext) -> None:
    """Inline queries (@BotFather /setinline turns them on for the bot)."""
    application.add_handler(InlineQueryHandler(InlineHandlers(context).on_inline_query))
