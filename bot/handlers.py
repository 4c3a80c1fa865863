"""The bot's own handlers: questions in private and group chats, small talk, /start, /help, /ask, /stats.

`register` adds the commands; `register_fallbacks` adds the catch-all handlers (plain text, other
messages, unknown commands) and runs after every other module, so theirs take precedence.
"""

from __future__ import annotations

import logging

from telegram import BotCommand, Message, MessageEntity, Update
from telegram.constants import ChatType
from telegram.ext import ContextTypes, MessageHandler, filters

from bot.answers import AnswerHandlers, claim_of
from bot.check import reply_check
from bot.context import BotApplication, BotContext, Shown, add_commands
from bot.examples import example_questions
from bot.formatting import escape
from bot.ingest import is_just_a_link
from bot.replies import reply_html, reply_notice
from bot.sources import indexed_articles, reply_latest
from bot.talk import (
    Kind,
    addresses_bot,
    command_argument,
    is_claim,
    kind_of,
    replies_to_bot,
    subject_of,
)
from index import ArticleRecord, shown_date

log = logging.getLogger(__name__)

EMPTY_ASK = "Put your question after the command, like this: /ask {example}"
GENERIC_EXAMPLE = "What happened this week?"
EMPTY_MENTION = "Yes? Ask me a question about the news, e.g. by replying to this message."
NON_TEXT = "I can only read text. Please send your question as a text message."
UNKNOWN_COMMAND = "I don't know that command. /help lists what I can do."
ADMINS_ONLY = "Only the bot's admins can use /stats."
LINKS_ADMINS_ONLY = (
    "Only the bot's admins can add articles. Ask me a question about the indexed news instead, or send "
    "/latest for the newest headlines."
)
GREETING = "Hi! Ask me a question about the news, or send /latest for the newest headlines."
THANKS = "You're welcome! Reply to an answer to ask a follow-up."
HINT = "Ask me a question about the news, or send /latest for the newest headlines."
NOTHING_TO_VERIFY = "Send this as a reply to a message and I'll check what it says, or use /check CLAIM."
PRIVACY_HELP = (
    "<b>In groups</b>\n"
    "I answer /ask, messages that mention me, and replies to my answers (a reply is a follow-up "
    "to the question I answered). Mention me or send /ask in reply to someone's message and I check "
    "it if it's a claim, or answer it if it's a question. Telegram's privacy mode, on by default, can "
    "keep plain mentions from reaching me; /ask always works. To fix it, a group admin can either make "
    "me an admin of the group, or turn privacy mode off: in @BotFather send /setprivacy, pick {bot}, "
    "choose Disable, then remove me from the group and add me again."
)


class DeskHandlers:
    """Handlers bound to the shared bot context."""

    def __init__(self, context: BotContext) -> None:
        self.context = context
        self.answers = AnswerHandlers(context)
        self._examples: tuple[object, list[str]] | None = None

    # -- questions ---------------------------------------------------------------------------------

    async def on_text(self, update: Update, telegram: ContextTypes.DEFAULT_TYPE) -> None:
        """Private chats: every message. Groups: mentions and replies to the bot."""
        message = update.effective_message
        if message is None or message.text is None:
            return
        replied_to_bot = replies_to_bot(message, telegram.bot.id)
        if message.chat.type != ChatType.PRIVATE and not addresses_bot(message, telegram.bot):
            return
        await self.route(
            update, message, self.without_mention(message, telegram.bot.username), replied_to_bot
        )

    async def on_ask(self, update: Update, telegram: ContextTypes.DEFAULT_TYPE) -> None:
        """/ask QUESTION (also /ask@botname), in any chat; a bare /ask as a reply works on that message."""
        message = update.effective_message
        if message is None or message.text is None:
            return
        question = command_argument(message)
        if not question and message.reply_to_message is None:
            examples = await self.examples()
            await reply_notice(message, EMPTY_ASK.format(example=(examples or [GENERIC_EXAMPLE])[0]))
            return
        await self.route(update, message, question, replies_to_bot(message, telegram.bot.id))

    async def route(self, update: Update, message: Message, text: str, replied_to_bot: bool) -> None:
        """Small talk, the latest news, a follow-up, someone's replied-to message, or a question."""
        replied = message.reply_to_message
        shown = (
            self.context.answers.get(message.chat.id, replied.message_id)
            if replied_to_bot and replied
            else None
        )
        kind = kind_of(text) if text else Kind.VERIFY
        if replied is not None and not replied_to_bot and kind in (Kind.VERIFY, Kind.TEXT):
            await self.on_replied(update, message, replied, text, kind)
        elif not text:
            await reply_notice(message, EMPTY_MENTION)
        elif kind is Kind.MORE and await self.answers.more(message, shown):
            return
        elif kind in (Kind.THANKS, Kind.CHATTER) and replied_to_bot:
            if kind is Kind.THANKS:  # laughter or "ok" under an answer needs no reply at all
                await reply_notice(message, THANKS)
        elif kind in (Kind.GREETING, Kind.THANKS, Kind.CHATTER, Kind.MORE):
            await reply_notice(
                message, GREETING if kind is Kind.GREETING else THANKS if kind is Kind.THANKS else HINT
            )
        elif kind is Kind.LATEST:
            await reply_latest(self.context, message)
        elif kind is Kind.VERIFY and shown is not None and shown.answer is not None:
            await reply_check(
                self.context, update, message, claim_of(shown)
            )  # "is that true?" under an answer
        elif kind is Kind.VERIFY:
            await reply_notice(message, NOTHING_TO_VERIFY)
        elif is_just_a_link(text) and not self.is_admin(update):
            await reply_notice(message, LINKS_ADMINS_ONLY)
        else:
            await self.answers.answer(update, message, text, shown)

    async def on_replied(
        self, update: Update, message: Message, replied: Message, text: str, kind: Kind
    ) -> None:
        """A mention or /ask in reply to someone's message: "is this true?" (or nothing) checks a claim
        and asks a question; a question of one's own is asked about that message's subject."""
        target = (replied.text or replied.caption or "").strip()
        if not target:
            await (
                self.answers.answer(update, message, text) if text else reply_notice(message, EMPTY_MENTION)
            )
        elif kind is Kind.TEXT:
            await self.answers.answer(update, message, text, Shown(target, subject_of(target), None))
        elif is_claim(target):
            await reply_check(self.context, update, message, target)
        else:
            await self.answers.answer(update, message, target)

    def is_admin(self, update: Update) -> bool:
        user = update.effective_user
        return self.context.is_admin(user.id if user else None)

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
        """Stickers, photos, voice... in a private chat: say what the bot can read; a photo's caption is
        read as the message."""
        message = update.effective_message
        if message is not None and message.caption:
            await self.route(update, message, message.caption, replies_to_bot(message, telegram.bot.id))
        elif message is not None:
            await reply_notice(message, NON_TEXT)

    async def on_unknown_command(self, update: Update, telegram: ContextTypes.DEFAULT_TYPE) -> None:
        if update.effective_message is not None:
            await reply_notice(update.effective_message, UNKNOWN_COMMAND)

    # -- commands ----------------------------------------------------------------------------------

    async def on_start(self, update: Update, telegram: ContextTypes.DEFAULT_TYPE) -> None:
        """What the bot knows, how to ask, and two example questions from the indexed articles."""
        message = update.effective_message
        if message is None:
            return
        records = await indexed_articles(self.context, message)
        if not records:
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

    async def on_stats(self, update: Update, telegram: ContextTypes.DEFAULT_TYPE) -> None:
        """Admins only: index size, questions answered, abstentions, checks, feedback and median latency,
        kept in the data folder across restarts."""
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
        usage = await self.context.on_disk(self.context.journal.usage)
        median = usage.median_latency
        lines = [
            "<b>Newsdesk stats</b> (since the data folder was created)",
            f"Articles: {articles}",
            f"Chunks: {chunks}",
            f"Questions answered: {usage.count('questions')} ({usage.count('abstained')} abstained)",
            f"Claims checked: {usage.count('checks')}",
            f"Feedback: {usage.count('votes_up')} 👍, {usage.count('votes_down')} 👎 "
            "(newsdesk feedback --json exports it)",
            f"Median latency: {'-' if median is None else f'{median * 1000:.0f} ms'}",
        ]
        await reply_html(message, ["\n".join(lines)])


def describe_collection(records: list[ArticleRecord]) -> str:
    """ "12 articles from 3 sources, published 2 Jan 2025 to 4 Mar 2025"."""
    sources = {r.source for r in records if r.source}
    dates = sorted(r.published for r in records if r.published)
    dates = [shown_date(d) for d in (dates[:1] + dates[-1:])]
    described = f"{len(records)} news article{'s' if len(records) != 1 else ''}"
    if sources:
        described += f" from {len(sources)} source{'s' if len(sources) != 1 else ''}"
    if dates:
        span = dates[0] if dates[0] == dates[-1] else f"{dates[0]} to {dates[-1]}"
        described += f", published {span}"
    return escape(described)


def register(application: BotApplication, context: BotContext) -> None:
    """The bot's commands."""
    handlers = DeskHandlers(context)
    add_commands(
        application,
        start=handlers.on_start,
        help=handlers.on_help,
        ask=handlers.on_ask,
        stats=handlers.on_stats,
    )
    context.commands.extend(
        [
            BotCommand("ask", "ask a question about the news"),
            BotCommand("help", "how to ask, and how I work in groups"),
        ]
    )
    context.admin_commands.append(BotCommand("stats", "questions, checks, feedback, latency"))


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
