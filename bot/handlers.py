"""The bot's own handlers: questions in private and group chats, /start, /help, /ask, /sources, /stats.

`register` adds the commands; `register_fallbacks` adds the catch-all handlers (plain text, other
messages, unknown commands) and runs after every other module, so theirs take precedence.
"""

from __future__ import annotations

import logging
import math
import time

from telegram import (
    BotCommand,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    Message,
    MessageEntity,
    Update,
)
from telegram.constants import ChatType, ParseMode
from telegram.ext import CallbackQueryHandler, ContextTypes, MessageHandler, filters

from bot.asking import library_result, within_rate_limit
from bot.context import BotApplication, BotContext, add_commands
from bot.examples import example_questions
from bot.formatting import MESSAGE_LIMIT, escape, format_answer_html, link, shorten, telegram_length
from bot.replies import NO_PREVIEW, edit_unless_unchanged, reply_html, reply_notice
from index import ArticleRecord, describe_origin

log = logging.getLogger(__name__)

SOURCES_PAGE_SIZE = 8
SOURCES_CALLBACK = "sources:"
SOURCES_TITLE_CHARS = 120
SOURCES_DETAIL_CHARS = 200

EMPTY_ASK = "Put your question after the command, like this: /ask {example}"
GENERIC_EXAMPLE = "What happened this week?"
EMPTY_MENTION = "Yes? Ask me a question about the news, e.g. by replying to this message."
NON_TEXT = "I can only read text. Please send your question as a text message."
UNKNOWN_COMMAND = "I don't know that command. /help lists what I can do."
ADMINS_ONLY = "Only the bot's admins can use /stats."
NOTHING_INDEXED = "No articles are indexed yet, so I can't answer questions right now."
PRIVACY_HELP = (
    "<b>In groups</b>\n"
    "I answer /ask, messages that mention me, and replies to my answers (a reply is a follow-up "
    "to the question I answered). Telegram's privacy mode, on by default, can keep plain mentions "
    "from reaching me; /ask always works. To fix it, a group admin can either make me an admin of the "
    "group, or turn privacy mode off: in @BotFather send /setprivacy, pick {bot}, choose Disable, then "
    "remove me from the group and add me again."
)
# A follow-up is asked with the earlier question in front of it; older context is cut first.
FOLLOW_UP_SEPARATOR = " "


class DeskHandlers:
    """Handlers bound to the shared bot context."""

    def __init__(self, context: BotContext) -> None:
        self.context = context
        self._examples: tuple[object, list[str]] | None = None

    # -- questions ---------------------------------------------------------------------------------

    async def on_text(self, update: Update, telegram: ContextTypes.DEFAULT_TYPE) -> None:
        """Private chats: every message is a question. Groups: only mentions and replies to the bot."""
        message = update.effective_message
        if message is None or message.text is None:
            return
        replied_to_bot = self.replies_to_bot(message, telegram.bot.id)
        mentioned = self.mentions_bot(message, telegram.bot.username)
        if message.chat.type != ChatType.PRIVATE and not (replied_to_bot or mentioned):
            return
        question = self.without_mention(message, telegram.bot.username)
        if not question:
            await reply_notice(message, EMPTY_MENTION)
            return
        await self.answer(update, message, question)

    async def on_ask(self, update: Update, telegram: ContextTypes.DEFAULT_TYPE) -> None:
        """/ask QUESTION (also /ask@botname), in any chat."""
        message = update.effective_message
        if message is None or message.text is None:
            return
        command = message.entities[0] if message.entities else None
        question = message.text[command.length :] if command else ""
        if not question.strip():
            examples = await self.examples()
            await reply_notice(message, EMPTY_ASK.format(example=(examples or [GENERIC_EXAMPLE])[0]))
            return
        await self.answer(update, message, question)

    async def answer(self, update: Update, message: Message, question: str) -> None:
        """Rate-limit, answer off the event loop while showing "typing", reply once."""
        started = time.perf_counter()
        if not await within_rate_limit(self.context, update, message):
            return
        question = self.with_earlier_question(message, question)
        answer = await library_result(message, self.context.ask(question))
        if answer is None:
            return
        sent = await reply_html(message, format_answer_html(answer))
        for part in sent:
            self.context.follow_ups.remember(message.chat.id, part.message_id, question)
        latency = time.perf_counter() - started
        self.context.stats.record(latency, answer.abstained)
        log.info(
            "question chat=%d latency_ms=%.0f abstained=%s", message.chat.id, latency * 1000, answer.abstained
        )

    def with_earlier_question(self, message: Message, question: str) -> str:
        """A reply to one of the bot's answers is asked with that answer's question as context."""
        replied = message.reply_to_message
        if replied is None:
            return question
        earlier = self.context.follow_ups.question_for(message.chat.id, replied.message_id)
        if earlier is None:
            return question
        room = self.context.settings.max_question_chars - len(question) - len(FOLLOW_UP_SEPARATOR)
        if room <= 0:
            return question
        return f"{earlier[-room:]}{FOLLOW_UP_SEPARATOR}{question}"

    @staticmethod
    def replies_to_bot(message: Message, bot_id: int) -> bool:
        replied = message.reply_to_message
        return replied is not None and replied.from_user is not None and replied.from_user.id == bot_id

    @staticmethod
    def mentions_bot(message: Message, username: str) -> bool:
        mention = f"@{username}".lower()
        found = message.parse_entities([MessageEntity.MENTION])
        return any(text.lower() == mention for text in found.values())

    @staticmethod
    def without_mention(message: Message, username: str) -> str:
        """The message text with the bot's @mentions taken out."""
        text = message.text or ""
        mention = f"@{username}".lower()
        found = message.parse_entities([MessageEntity.MENTION])
        for entity_text in sorted(set(found.values()), key=len, reverse=True):
            if entity_text.lower() == mention:
                text = text.replace(entity_text, " ")
        return " ".join(text.split()).strip(" ,:")

    async def on_non_text(self, update: Update, telegram: ContextTypes.DEFAULT_TYPE) -> None:
        """Stickers, photos, voice... in a private chat: say what the bot can read."""
        if update.effective_message is not None:
            await reply_notice(update.effective_message, NON_TEXT)

    async def on_unknown_command(self, update: Update, telegram: ContextTypes.DEFAULT_TYPE) -> None:
        if update.effective_message is not None:
            await reply_notice(update.effective_message, UNKNOWN_COMMAND)

    # -- commands ----------------------------------------------------------------------------------

    async def on_start(self, update: Update, telegram: ContextTypes.DEFAULT_TYPE) -> None:
        """What the bot knows, how to ask, and two example questions from the indexed articles."""
        message = update.effective_message
        records = await self.indexed_articles(message)
        if message is None or not records:
            return
        examples = await self.examples()
        lines = [
            f"<b>Newsdesk</b> answers questions about {describe_collection(records)}. Every answer "
            "quotes the articles, marks each quote [n], and lists the numbered sources with links. "
            "When the articles don't say, I say so.",
            "",
            "Ask in plain words, for example:" if examples else "Ask in plain words.",
            *(f"• {escape(example)}" for example in examples),
            "",
            "In a group, use /ask, mention me, or reply to one of my answers. /help lists everything.",
        ]
        await reply_html(message, ["\n".join(lines)])

    async def indexed_articles(self, message: Message | None) -> list[ArticleRecord]:
        """The indexed articles, newest first; when there are none the user is told so."""
        if message is None:
            return []
        records = await self.context.run_blocking(self.context.desk.articles)
        if not records:
            await reply_notice(message, NOTHING_INDEXED)
        return records

    async def examples(self) -> list[str]:
        """Example questions, worked out again only when the index changes."""
        desk = self.context.desk
        revision = await self.context.run_blocking(desk.revision)
        if self._examples is None or self._examples[0] != revision:
            self._examples = (revision, await self.context.run_blocking(example_questions, desk, 2))
        return self._examples[1]

    async def on_help(self, update: Update, telegram: ContextTypes.DEFAULT_TYPE) -> None:
        message = update.effective_message
        if message is None:
            return
        user = update.effective_user
        commands = list(self.context.commands)
        if self.context.is_admin(user.id if user else None):
            commands += self.context.admin_commands
        lines = [
            "<b>How to ask</b>",
            "Send a question as a message. Answers quote the indexed articles; [n] points to the "
            "numbered sources under the answer. Reply to an answer to ask a follow-up.",
            "",
            "<b>Commands</b>",
            *(f"/{c.command} – {escape(c.description)}" for c in commands),
            "",
            PRIVACY_HELP.format(bot=escape(f"@{telegram.bot.username}")),
        ]
        await reply_html(message, ["\n".join(lines)])

    async def on_sources(self, update: Update, telegram: ContextTypes.DEFAULT_TYPE) -> None:
        """The indexed articles, newest first, a page at a time."""
        message = update.effective_message
        records = await self.indexed_articles(message)
        if message is None or not records:
            return
        text, keyboard = sources_page(records, 0, self.shows_who(update))
        await message.reply_text(
            text,
            parse_mode=ParseMode.HTML,
            link_preview_options=NO_PREVIEW,
            reply_markup=keyboard,
            do_quote=True,
        )

    async def on_sources_page(self, update: Update, telegram: ContextTypes.DEFAULT_TYPE) -> None:
        """A paging button under /sources: edit that message to show the chosen page."""
        query = update.callback_query
        if query is None or query.data is None:
            return
        await query.answer()
        records = await self.context.run_blocking(self.context.desk.articles)
        page = int(query.data.removeprefix(SOURCES_CALLBACK))
        text, keyboard = sources_page(records, page, self.shows_who(update))
        # A double tap asks for the page already shown: the identical edit is let go.
        await edit_unless_unchanged(query, text, parse_mode=ParseMode.HTML, reply_markup=keyboard)

    def shows_who(self, update: Update) -> bool:
        """Admins, in their private chat, see who sent each article via Telegram; a group never does."""
        user, chat = update.effective_user, update.effective_chat
        private = chat is not None and chat.type == ChatType.PRIVATE
        return private and self.context.is_admin(user.id if user else None)

    async def on_stats(self, update: Update, telegram: ContextTypes.DEFAULT_TYPE) -> None:
        """Admins only: index size, questions answered and median latency since start."""
        message = update.effective_message
        if message is None:
            return
        user = update.effective_user
        if not self.context.is_admin(user.id if user else None):
            await reply_notice(message, ADMINS_ONLY)
            return
        desk = self.context.desk
        articles = len(await self.context.run_blocking(desk.articles))
        chunks = await self.context.run_blocking(desk.chunk_count)
        stats = self.context.stats
        median = stats.median_latency()
        lines = [
            "<b>Newsdesk stats</b>",
            f"Articles: {articles}",
            f"Chunks: {chunks}",
            f"Questions answered: {stats.questions} ({stats.abstained} abstained)",
            f"Median latency: {'-' if median is None else f'{median * 1000:.0f} ms'}",
        ]
        await reply_html(message, ["\n".join(lines)])


def describe_collection(records: list[ArticleRecord]) -> str:
    """ "12 articles from 3 sources, published 2025-01-02 to 2025-03-04"."""
    sources = {r.source for r in records if r.source}
    dates = sorted(r.published for r in records if r.published)
    described = f"{len(records)} news article{'s' if len(records) != 1 else ''}"
    if sources:
        described += f" from {len(sources)} source{'s' if len(sources) != 1 else ''}"
    if dates:
        span = dates[0] if dates[0] == dates[-1] else f"{dates[0]} to {dates[-1]}"
        described += f", published {span}"
    return escape(described)


def sources_page(
    records: list[ArticleRecord], page: int, who: bool = False
) -> tuple[str, InlineKeyboardMarkup | None]:
    """One page of the article list, each with where it came from (`who`: and who sent it), and the
    buttons to the pages around it."""
    pages = max(1, math.ceil(len(records) / SOURCES_PAGE_SIZE))
    page = min(max(page, 0), pages - 1)
    first = page * SOURCES_PAGE_SIZE
    shown = records[first : first + SOURCES_PAGE_SIZE]
    heading = f"<b>Indexed articles</b>, newest first ({first + 1}–{first + len(shown)} of {len(records)})"
    text = "\n\n".join([heading, *(article_line(first + n + 1, r, who, True) for n, r in enumerate(shown))])
    if telegram_length(text) > MESSAGE_LIMIT:  # very long links: list the page without them
        text = "\n\n".join(
            [heading, *(article_line(first + n + 1, r, who, False) for n, r in enumerate(shown))]
        )
    buttons = []
    if page > 0:
        buttons.append(InlineKeyboardButton("‹ Newer", callback_data=f"{SOURCES_CALLBACK}{page - 1}"))
    if page < pages - 1:
        buttons.append(InlineKeyboardButton("Older ›", callback_data=f"{SOURCES_CALLBACK}{page + 1}"))
    return text, InlineKeyboardMarkup([buttons]) if buttons else None


def article_line(number: int, record: ArticleRecord, who: bool, with_link: bool) -> str:
    title = shorten(record.title or "untitled article", SOURCES_TITLE_CHARS)
    shown_title = link(record.url, title) if with_link else escape(title)
    parts = (record.source, record.published, describe_origin(record, who))
    details = " · ".join(escape(shorten(part, SOURCES_DETAIL_CHARS)) for part in parts if part)
    return f"{number}. {shown_title}\n{details + ' · ' if details else ''}<code>{record.id}</code>"


def register(application: BotApplication, context: BotContext) -> None:
    """The bot's commands."""
    handlers = DeskHandlers(context)
    add_commands(
        application,
        start=handlers.on_start,
        help=handlers.on_help,
        ask=handlers.on_ask,
        sources=handlers.on_sources,
        stats=handlers.on_stats,
    )
    application.add_handler(
        CallbackQueryHandler(handlers.on_sources_page, pattern=rf"^{SOURCES_CALLBACK}\d+$")
    )
    context.commands.extend(
        [
            BotCommand("ask", "ask a question about the news"),
            BotCommand("sources", "the indexed articles, newest first"),
            BotCommand("help", "how to ask, and how I work in groups"),
        ]
    )
    context.admin_commands.append(BotCommand("stats", "articles, chunks, questions, latency"))


def register_fallbacks(application: BotApplication, context: BotContext) -> None:
    """Catch-alls, added after every module's handlers: questions as plain text, everything else."""
    handlers = DeskHandlers(context)
    new_messages = filters.UpdateType.MESSAGE
    private = filters.ChatType.PRIVATE
    application.add_handler(MessageHandler(new_messages & filters.TEXT & ~filters.COMMAND, handlers.on_text))
    application.add_handler(
        MessageHandler(new_messages & private & filters.COMMAND, handlers.on_unknown_command)
    )
    application.add_handler(
        MessageHandler(
            new_messages & private & ~filters.TEXT & ~filters.StatusUpdate.ALL, handlers.on_non_text
        )
    )
