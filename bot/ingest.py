"""Admins keep the index current from Telegram: /add, links and forwarded posts, documents, /feeds, /remove.

Fetching and extraction run on threads of their own (never on the event loop); the indexing itself runs on
one of the desk's worker threads (NEWSDESK_SEARCH_THREADS), beside the questions on the others, and the
model serves a waiting question before indexing's next batch (index/store/cores.py), so the bot keeps
answering while it ingests. The feeds are polled every NEWSDESK_FEED_POLL_MINUTES by PTB's JobQueue.
"""

from __future__ import annotations

import asyncio
import logging
import re
import secrets
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass, field

from telegram import (
    BotCommand,
    Chat,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    Message,
    MessageEntity,
    MessageOriginChannel,
    Update,
    User,
)
from telegram.error import TelegramError
from telegram.ext import CallbackQueryHandler, ContextTypes, MessageHandler, filters

from bot.context import BotApplication, BotContext, add_commands
from bot.origins import TELEGRAM_ADD_ORIGIN, TELEGRAM_LINK_ORIGIN, document_origin, message_origin
from bot.replies import edit_unless_unchanged, reply_notice, while_typing
from index import (
    Article,
    FeedDropped,
    FeedFollowed,
    FeedsListed,
    FeedsMisused,
    FeedsOutcome,
    FeedsPolled,
    IndexReport,
    Ingest,
    NewsdeskError,
    NotFoundError,
    feeds_command,
    feeds_table,
)

log = logging.getLogger(__name__)

CONFIRM_CALLBACK = "ingest:"
# Offers awaiting a tap on "Index it"; the oldest are forgotten first.
OFFERS_REMEMBERED = 500
# The first scheduled poll comes soon after start: feeds may have news from while the bot was down.
FIRST_POLL_SECONDS = 30

ADMINS_ONLY = "Only the bot's admins can add articles, remove them or follow feeds."
ADD_USAGE = "Put the article's link after the command, like this: /add https://example.com/news/story"
REMOVE_USAGE = (
    "Put the article's id after the command, like this: /remove 24de631d. Admins see the ids under "
    "/sources → Manage, which can also remove an article."
)
NO_MATCH = "/remove: no article matches {id}; /sources lists them"
MANY_MATCH = "/remove: {count} articles match {id}; give more of the id"
FEEDS_USAGE = "Use /feeds to list the feeds, /feeds add URL, /feeds remove URL, or /feeds poll."
NO_FEEDS = "No feeds yet: add one with /feeds add URL."
OFFER_LINK = "Index this article?\n{url}"
OFFER_POST = "Index this forwarded post as an article?\n{title}"
OFFER_EXPIRED = "That offer has expired; send the link or post again."
DECLINED = "OK, not indexed."
WORKING = "Indexing…"
NO_TEXT = "That forwarded post has no text or link to index."

_URL = re.compile(r"https?://[^\s<>\"']+", re.IGNORECASE)


@dataclass(frozen=True)
class Offer:
    """What an admin is asked to confirm: a link to fetch, or a forwarded post's own text."""

    url: str = ""
    text: str = ""
    origin: str = ""
    extra: dict[str, str] = field(default_factory=dict)


class IngestHandlers:
    """The ingestion commands, bound to the bot's shared context."""

    def __init__(self, context: BotContext) -> None:
        self.context = context
        self.ingest = Ingest(context.desk, index=self.index_on_desk_thread)
        self.offers: OrderedDict[str, Offer] = OrderedDict()

    def index_on_desk_thread(self, articles: Sequence[Article]) -> IndexReport:
        """Called from a fetching thread: index on one of the desk's worker threads, beside the questions,
        whose embedding goes before indexing's next batch."""
        return self.context.executor.submit(self.context.desk.add, articles).result()

    async def admin_message(self, update: Update) -> Message | None:
        """The message, if an admin sent it; a non-admin gets the polite refusal and None."""
        message = update.effective_message
        if message is None:
            return None
        user = update.effective_user
        if self.context.is_admin(user.id if user else None):
            return message
        await reply_notice(message, ADMINS_ONLY)
        return None

    # -- links and posts ---------------------------------------------------------------------------

    async def on_add(self, update: Update, telegram: ContextTypes.DEFAULT_TYPE) -> None:
        """/add URL: fetch, extract and index the article, then say what was indexed or why not."""
        message = await self.admin_message(update)
        if message is None:
            return
        urls = links_in(message)
        if not urls:
            await reply_notice(message, ADD_USAGE)
            return
        offers = [Offer(url=url, origin=TELEGRAM_ADD_ORIGIN, extra=provenance(message)) for url in urls]
        for offer in offers:
            await reply_notice(message, await while_typing(message.chat, self.add_link(offer)))

    async def add_link(self, offer: Offer) -> str:
        try:
            added = await asyncio.to_thread(self.ingest.add_link, offer.url, offer.origin, offer.extra)
        except NewsdeskError as error:
            return f"Not indexed: {error.message}"
        return added.summary()

    async def on_link_or_forward(self, update: Update, telegram: ContextTypes.DEFAULT_TYPE) -> None:
        """An admin's message that is just a link, or a forwarded post: offer to index it."""
        message = update.effective_message
        if message is None:
            return
        urls = links_in(message)
        text = (message.text or message.caption or "").strip()
        if urls:
            offer = Offer(url=urls[0], origin=TELEGRAM_LINK_ORIGIN, extra=provenance(message))
            prompt = OFFER_LINK.format(url=urls[0])
        elif text:
            offer = Offer(text=text, origin=post_origin(message), extra=provenance(message))
            prompt = OFFER_POST.format(title=text.split("\n", 1)[0][:200])
        else:
            await reply_notice(message, NO_TEXT)
            return
        token = self.remember(offer)
        buttons = InlineKeyboardMarkup(
            [
                [
                    InlineKeyboardButton("Index it", callback_data=f"{CONFIRM_CALLBACK}yes:{token}"),
                    InlineKeyboardButton("No", callback_data=f"{CONFIRM_CALLBACK}no:{token}"),
                ]
            ]
        )
        await message.reply_text(prompt, reply_markup=buttons, do_quote=True)

    def remember(self, offer: Offer) -> str:
        token = secrets.token_hex(6)
        self.offers[token] = offer
        while len(self.offers) > OFFERS_REMEMBERED:
            self.offers.popitem(last=False)
        return token

    async def on_confirm(self, update: Update, telegram: ContextTypes.DEFAULT_TYPE) -> None:
        """A tap on "Index it" or "No" under an offer."""
        query = update.callback_query
        if query is None or query.data is None:
            return
        if not self.context.is_admin(query.from_user.id):
            await query.answer(ADMINS_ONLY, show_alert=True)
            return
        await query.answer()
        choice, _, token = query.data.removeprefix(CONFIRM_CALLBACK).partition(":")
        offer = self.offers.pop(token, None)
        if offer is None or choice != "yes":
            await edit_unless_unchanged(query, OFFER_EXPIRED if offer is None else DECLINED)
            return
        await edit_unless_unchanged(query, WORKING)
        if offer.url:
            outcome = await self.add_link(offer)
        else:
            outcome = await self.index_post(offer)
        await edit_unless_unchanged(query, outcome)

    async def index_post(self, offer: Offer) -> str:
        try:
            report = await asyncio.to_thread(self.ingest.add_post, offer.text, offer.origin, offer.extra)
        except NewsdeskError as error:
            return f"Not indexed: {error.message}"
        return describe_report(report, "the post")

    # -- documents ---------------------------------------------------------------------------------

    async def on_document(self, update: Update, telegram: ContextTypes.DEFAULT_TYPE) -> None:
        """A .txt, .md, .html or .jsonl document an admin sends the bot is indexed with its provenance."""
        message = await self.admin_message(update)
        if message is None or message.document is None:
            return
        await reply_notice(message, await while_typing(message.chat, self.index_document(message)))

    async def index_document(self, message: Message) -> str:
        document = message.document
        assert document is not None
        name = document.file_name or "document.txt"
        try:
            self.ingest.check_document_size(name, document.file_size or 0)
        except NewsdeskError as error:
            return f"Not indexed: {error.message}"
        try:
            data = bytes(await (await document.get_file()).download_as_bytearray())
        except TelegramError as error:
            log.warning("downloading %s failed: %s", name, error)
            return f"Not indexed: Telegram did not hand over {name} ({error.message}); please send it again."
        origin = document_origin(message.chat.id, name)
        try:
            report = await asyncio.to_thread(
                self.ingest.add_document, name, data, origin, provenance(message)
            )
        except NewsdeskError as error:
            return f"Not indexed: {error.message}"
        return describe_report(report, name)

    # -- feeds and removal -------------------------------------------------------------------------

    async def on_feeds(self, update: Update, telegram: ContextTypes.DEFAULT_TYPE) -> None:
        """/feeds lists the feeds with their last error; /feeds add|remove URL; /feeds poll."""
        message = await self.admin_message(update)
        if message is None:
            return
        action, _, argument = " ".join(telegram.args or []).partition(" ")
        try:
            text = await while_typing(message.chat, asyncio.to_thread(self.feeds_action, action, argument))
        except NotFoundError as error:
            text = f"{error.message}; /feeds lists the followed feeds"
        except NewsdeskError as error:
            text = error.message
        await reply_notice(message, text)

    def feeds_action(self, action: str, url: str) -> str:
        """One /feeds request, on a worker thread (it may fetch); a bare /feeds lists the feeds."""
        ingest = self.ingest
        outcome = feeds_command(action or "list", url, ingest.registry, ingest.fetcher, ingest.feeds.poll)
        return feeds_reply(outcome)

    async def on_remove(self, update: Update, telegram: ContextTypes.DEFAULT_TYPE) -> None:
        """/remove ID: take an article out of the index (an id prefix is enough)."""
        message = await self.admin_message(update)
        if message is None:
            return
        if not telegram.args:
            await reply_notice(message, REMOVE_USAGE)
            return
        try:
            record = await self.context.run_blocking(self.context.desk.remove, telegram.args[0])
        except NotFoundError:
            records = await self.context.run_blocking(self.context.desk.articles)
            count = sum(r.id.startswith(telegram.args[0]) for r in records)
            wording = MANY_MATCH if count > 1 else NO_MATCH
            await reply_notice(message, wording.format(id=telegram.args[0], count=count))
            return
        except NewsdeskError as error:
            await reply_notice(message, error.message)
            return
        await reply_notice(message, f"Removed {record.id[:8]}: {record.title}")

    async def poll_feeds(self, telegram: ContextTypes.DEFAULT_TYPE) -> None:
        """The JobQueue's scheduled poll of every feed."""
        try:
            report = await asyncio.to_thread(self.ingest.feeds.poll)
        except NewsdeskError as error:
            log.warning("feed poll failed: %s", error.message)
            return
        log.info("feed poll: %s", report.summary().replace("\n", "; "))


def links_in(message: Message) -> list[str]:
    """The web links in a message: typed URLs and hyperlinked text, in order, without repeats."""
    found = [
        entity.url if entity.type == MessageEntity.TEXT_LINK and entity.url else with_scheme(text)
        for source in (message.parse_entities, message.parse_caption_entities)
        for entity, text in source([MessageEntity.URL, MessageEntity.TEXT_LINK]).items()
    ]
    if not found:  # a client that marks no entities: the typed links, without the sentence's punctuation
        found = [trimmed(u) for u in _URL.findall(message.text or message.caption or "")]
    return [
        u for n, u in enumerate(found) if u.lower().startswith(("http://", "https://")) and u not in found[:n]
    ]


def trimmed(url: str) -> str:
    """A link typed in a sentence without the punctuation after it: "…/story)." is "…/story"; a closing
    bracket the link opened ("…/Bridge_(1932)") stays."""
    while url and (url[-1] in ".,;:!?'\"”’]}" or (url[-1] == ")" and url.count("(") < url.count(")"))):
        url = url[:-1]
    return url


def with_scheme(text: str) -> str:
    """Telegram marks "example.com/story" as a link too; it means http(s)."""
    return text if "://" in text else f"http://{text}"


def is_just_a_link(text: str) -> bool:
    """Is the whole text one web link?"""
    return _URL.fullmatch(text.strip()) is not None


class JustALink(filters.MessageFilter):
    """A message whose whole text is one web link."""

    def filter(self, message: Message) -> bool:
        return is_just_a_link(message.text or "")


def describe_user(user: User | None) -> str:
    if user is None:
        return "unknown"
    handle = f"@{user.username}, " if user.username else ""
    return f"{user.full_name} ({handle}{user.id})"


def describe_chat(chat: Chat) -> str:
    return f"{chat.title or chat.full_name or chat.type} ({chat.id})"


def provenance(message: Message) -> dict[str, str]:
    """Who sent it, in which chat, when; and for a forward, where it was first posted."""
    extra = {
        "sender": describe_user(message.from_user),
        "chat": describe_chat(message.chat),
        "date": message.date.isoformat(),
    }
    origin = message.forward_origin
    if isinstance(origin, MessageOriginChannel):
        extra["forwarded_from"] = describe_chat(origin.chat)
        extra["posted"] = origin.date.isoformat()
    return extra


def post_origin(message: Message) -> str:
    """A channel post is keyed by where it was posted, so forwarding it twice indexes it once."""
    origin = message.forward_origin
    if isinstance(origin, MessageOriginChannel):
        return message_origin(origin.chat.id, origin.message_id)
    return message_origin(message.chat.id, message.message_id)


def describe_report(report: IndexReport, what: str) -> str:
    lines = [f"From {what}: {report.summary()}."]
    lines += [f'• "{a.title}"' for a in report.added]
    lines += [f"Skipped: {p.message}" for p in report.problems]
    return "\n".join(lines)


def feeds_reply(outcome: FeedsOutcome) -> str:
    """What a /feeds command did, as the reply says it."""
    match outcome:
        case FeedsListed(feeds):
            return feeds_table(feeds) or NO_FEEDS
        case FeedFollowed(feed):
            return f"Following {feed.url} ({feed.title or 'untitled'}); new items are indexed every poll."
        case FeedDropped(feed):
            return f"Stopped following {feed.url}; its articles stay indexed (/remove ID removes one)."
        case FeedsPolled(report):
            return report.summary()
        case FeedsMisused():
            return FEEDS_USAGE


def register(application: BotApplication, context: BotContext) -> None:
    """/add, /feeds, /remove, links and forwarded posts, documents, and the scheduled feed poll."""
    handlers = IngestHandlers(context)
    add_commands(application, add=handlers.on_add, feeds=handlers.on_feeds, remove=handlers.on_remove)
    new_messages = filters.UpdateType.MESSAGE
    admins = filters.User(user_id=list(context.access.admins))
    offers = new_messages & filters.ChatType.PRIVATE & admins & (JustALink() | filters.FORWARDED)
    application.add_handler(MessageHandler(offers & ~filters.COMMAND, handlers.on_link_or_forward))
    # Private chats only: files shared in a group are the group's business, not articles for the index.
    documents = new_messages & filters.ChatType.PRIVATE & filters.Document.ALL
    application.add_handler(MessageHandler(documents, handlers.on_document))
    application.add_handler(CallbackQueryHandler(handlers.on_confirm, pattern=rf"^{CONFIRM_CALLBACK}"))
    minutes = context.settings.feed_poll_minutes
    if minutes > 0 and application.job_queue is not None:
        application.job_queue.run_repeating(
            handlers.poll_feeds,
            interval=minutes * 60,
            first=min(minutes * 60, FIRST_POLL_SECONDS),
            name="feeds",
        )
    context.admin_commands.extend(
        [
            BotCommand("add", "index a web article: /add URL"),
            BotCommand("feeds", "the followed feeds; /feeds add|remove URL, /feeds poll"),
            BotCommand("remove", "remove an article: /remove ID"),
        ]
    )
