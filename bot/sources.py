"""/sources for reporters, and the newest headlines (/latest, "what's new").

`/sources QUERY` searches titles and outlets; `outlet:NAME`, `date:2022-11` (a year, month or day),
`since:DATE`, `until:DATE` filter, and `page:N` jumps. Each listing's buttons page through the same search.
Ids and where an article came from (file paths, who sent it) show only to an admin in a private chat,
behind "Manage", which also offers Remove with a confirmation.
"""

from __future__ import annotations

import math
import re
from collections import OrderedDict
from dataclasses import dataclass

from telegram import BotCommand, InlineKeyboardButton, InlineKeyboardMarkup, Message, Update
from telegram.constants import ChatType, ParseMode
from telegram.ext import CallbackQueryHandler, ContextTypes

from bot.context import BotApplication, BotContext, add_commands
from bot.formatting import MESSAGE_LIMIT, clean_title, escape, headline, shorten, telegram_length
from bot.origins import describe_article_origin
from bot.replies import NO_PREVIEW, edit_unless_unchanged, reply_notice
from index import ArticleRecord, NewsdeskError

PAGE_SIZE = 8
LATEST_COUNT = 8
CALLBACK = "src:"
LISTINGS_REMEMBERED = 2000
NOTHING_INDEXED = "No articles are indexed yet, so I can't answer questions right now."
NO_MATCH = "No indexed article matches {query}. /sources lists them all."
ADMINS_ONLY = "Only the bot's admins can manage articles."
BAD_DATE = "/sources: write dates as 2022-11-02, 2022-11 or 2022, not {date}."
GONE = "That article is no longer indexed."
_FILTER = re.compile(r"\b(outlet|from|date|since|until|page):(\S+)", re.IGNORECASE)
_DATE_PREFIX = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?")


@dataclass(frozen=True)
class Search:
    """What a /sources listing shows: words to find in titles and outlets, and its filters."""

    words: tuple[str, ...] = ()
    outlet: str = ""
    date: str = ""
    since: str = ""
    until: str = ""

    @classmethod
    def parse(cls, text: str) -> tuple[Search, int]:
        """The search and the page asked for (0-based) from a command's arguments."""
        found = {key.lower(): value for key, value in _FILTER.findall(text)}
        page = int(found["page"]) - 1 if found.get("page", "").isdecimal() else 0
        words = tuple(w.lower() for w in _FILTER.sub(" ", text).split())
        dates = {k: found.get(k, "") for k in ("date", "since", "until")}
        return cls(words, found.get("outlet") or found.get("from", ""), **dates), max(page, 0)

    def admits(self, record: ArticleRecord) -> bool:
        haystack = f"{clean_title(record.title)} {record.title} {record.source}".lower()
        published = record.published
        return (
            all(word in haystack for word in self.words)
            and (not self.outlet or self.outlet.lower() in record.source.lower())
            and (not self.date or published.startswith(self.date))
            and (not self.since or (bool(published) and published >= self.since))
            and (not self.until or (bool(published) and published[: len(self.until)] <= self.until))
        )

    def describe(self) -> str:
        parts = [" ".join(self.words)] if self.words else []
        parts += [f"{k}:{v}" for k in ("outlet", "date", "since", "until") if (v := getattr(self, k))]
        return " ".join(parts)


def bad_dates(search: Search) -> list[str]:
    return [d for d in (search.date, search.since, search.until) if d and not _DATE_PREFIX.fullmatch(d)]


@dataclass(frozen=True)
class Listing:
    search: Search
    page: int
    manage: bool = False


def listing_text(records: list[ArticleRecord], listing: Listing) -> tuple[str, int]:
    """One page of the matching articles (an admin's manage view: with ids and origins), and the count
    of pages."""
    pages = max(1, math.ceil(len(records) / PAGE_SIZE))
    page = min(max(listing.page, 0), pages - 1)
    first = page * PAGE_SIZE
    shown = records[first : first + PAGE_SIZE]
    about = f" matching {escape(listing.search.describe())}" if listing.search.describe() else ""
    heading = (
        f"<b>Indexed articles</b>{about}, newest first ({first + 1}–{first + len(shown)} of "
        f"{len(records)}; page {page + 1} of {pages})"
    )
    lines = [heading] + [entry(first + n + 1, r, listing.manage) for n, r in enumerate(shown)]
    text = "\n\n".join(lines)
    if telegram_length(text) > MESSAGE_LIMIT:  # very long links or origins: shorter entries
        text = "\n\n".join([heading] + [escape(shorten(clean_title(r.title), 200)) for r in shown])
    return text, pages


def entry(number: int, record: ArticleRecord, manage: bool) -> str:
    line = f"{number}. {headline(record.title, record.url, record.source, record.published)}"
    if not manage:
        return line
    origin = describe_article_origin(record, True) or "origin unknown"
    return f"{line}\n<code>{record.id}</code> · {escape(shorten(origin, 300))}"


def listing_keyboard(
    listing: Listing, pages: int, records: list[ArticleRecord], admin: bool
) -> list[list[InlineKeyboardButton]]:
    """Paging (with jumps to the first and last page), then Manage for an admin, or Remove buttons."""
    page = min(listing.page, pages - 1)
    paging = []
    if page > 1:
        paging.append(_button("« 1", f"p:{0}"))
    if page > 0:
        paging.append(_button("‹ Newer", f"p:{page - 1}"))
    if page < pages - 1:
        paging.append(_button("Older ›", f"p:{page + 1}"))
    if page < pages - 2:
        paging.append(_button(f"{pages} »", f"p:{pages - 1}"))
    rows = [paging] if paging else []
    if admin and not listing.manage:
        rows.append([_button("Manage", "manage")])
    if admin and listing.manage:
        first = page * PAGE_SIZE
        removes = [
            _button(f"Remove {first + n + 1}", f"rm:{r.id}")
            for n, r in enumerate(records[first : first + PAGE_SIZE])
        ]
        rows += [removes[i : i + 4] for i in range(0, len(removes), 4)]
        rows.append([_button("Done", "done")])
    return rows


def _button(text: str, data: str) -> InlineKeyboardButton:
    return InlineKeyboardButton(text, callback_data=f"{CALLBACK}{data}")


def newest_headlines(records: list[ArticleRecord], count: int = LATEST_COUNT) -> list[str]:
    """The newest dated headlines, a syndicated copy (the same title elsewhere) folded into the first."""
    groups: OrderedDict[str, list[ArticleRecord]] = OrderedDict()
    for record in records:
        if record.published:
            key = " ".join(re.findall(r"\w+", clean_title(record.title).lower()))
            groups.setdefault(key, []).append(record)
    lines = []
    for copies in list(groups.values())[:count]:
        first = copies[0]
        line = f"• {headline(first.title, first.url, first.source, first.published)}"
        also = list(dict.fromkeys(c.source for c in copies[1:] if c.source and c.source != first.source))
        if also:
            line += escape(f" (also in {', '.join(also[:3])}{'…' if len(also) > 3 else ''})")
        lines.append(line)
    return lines


class SourcesHandlers:
    """/sources, /latest and the listing's buttons, bound to the bot's shared context."""

    def __init__(self, context: BotContext) -> None:
        self.context = context
        self.listings: OrderedDict[tuple[int, int], Listing] = OrderedDict()

    async def on_sources(self, update: Update, telegram: ContextTypes.DEFAULT_TYPE) -> None:
        """/sources [QUERY] [outlet:X] [date:YYYY-MM] [since:DATE] [until:DATE] [page:N]."""
        message = update.effective_message
        if message is None:
            return
        search, page = Search.parse(" ".join(telegram.args or []))
        if bad_dates(search):
            await reply_notice(message, BAD_DATE.format(date=bad_dates(search)[0]))
            return
        records = await indexed_articles(self.context, message)
        matching = [r for r in records if search.admits(r)]
        if records and not matching:
            await reply_notice(message, NO_MATCH.format(query=search.describe()))
            return
        if not matching:
            return
        listing = Listing(search, page)
        text, pages = listing_text(matching, listing)
        keyboard = listing_keyboard(listing, pages, matching, self.manages(update))
        sent = await message.reply_text(
            text,
            parse_mode=ParseMode.HTML,
            link_preview_options=NO_PREVIEW,
            reply_markup=InlineKeyboardMarkup(keyboard) if keyboard else None,
            do_quote=True,
        )
        self.remember(sent, Listing(search, min(page, pages - 1)))

    def remember(self, message: Message, listing: Listing) -> None:
        self.listings[(message.chat.id, message.message_id)] = listing
        while len(self.listings) > LISTINGS_REMEMBERED:
            self.listings.popitem(last=False)

    def manages(self, update: Update) -> bool:
        """Admins, in their private chat, manage the index from the listing; a group never sees ids."""
        user, chat = update.effective_user, update.effective_chat
        private = chat is not None and chat.type == ChatType.PRIVATE
        return private and self.context.is_admin(user.id if user else None)

    async def on_button(self, update: Update, telegram: ContextTypes.DEFAULT_TYPE) -> None:
        """Paging, Manage, Remove N, its confirmation, and Done under a listing."""
        query = update.callback_query
        if query is None or query.data is None or not isinstance(query.message, Message):
            return
        action, _, argument = query.data.removeprefix(CALLBACK).partition(":")
        admin = self.manages(update)
        if action in {"manage", "rm", "yes", "done"} and not admin:
            await query.answer(ADMINS_ONLY, show_alert=True)
            return
        await query.answer()
        key = (query.message.chat.id, query.message.message_id)
        listing = self.listings.get(key, Listing(Search(), 0))
        if action == "rm":
            await self.confirm_removal(update, argument)
            return
        if action == "yes":
            await self.remove(update, argument)
        elif action == "p" and argument.isdecimal():
            listing = Listing(listing.search, int(argument), listing.manage)
        elif action in {"manage", "done"}:
            listing = Listing(listing.search, listing.page, action == "manage")
        records = await self.context.run_blocking(self.context.desk.articles)
        matching = [r for r in records if listing.search.admits(r)] or records
        text, pages = listing_text(matching, listing)
        listing = Listing(listing.search, min(listing.page, pages - 1), listing.manage)
        self.remember(query.message, listing)
        keyboard = listing_keyboard(listing, pages, matching, admin)
        await edit_unless_unchanged(
            query, text, parse_mode=ParseMode.HTML, reply_markup=InlineKeyboardMarkup(keyboard)
        )

    async def confirm_removal(self, update: Update, article_id: str) -> None:
        query = update.callback_query
        assert query is not None
        try:
            record = await self.context.run_blocking(self.context.desk.find, article_id)
        except NewsdeskError:
            await edit_unless_unchanged(query, GONE, reply_markup=self.back())
            return
        title = escape(shorten(clean_title(record.title), 200))
        buttons = [[_button("Yes, remove it", f"yes:{record.id}"), _button("Cancel", "manage")]]
        await edit_unless_unchanged(
            query,
            f"Remove “{title}” ({escape(record.source or 'unknown source')}) from the index? "
            "It stops being quoted at once.",
            parse_mode=ParseMode.HTML,
            reply_markup=InlineKeyboardMarkup(buttons),
        )

    async def remove(self, update: Update, article_id: str) -> None:
        query = update.callback_query
        assert query is not None and isinstance(query.message, Message)
        try:
            record = await self.context.run_blocking(self.context.desk.remove, article_id)
        except NewsdeskError:
            return  # removed meanwhile: the listing shown next no longer has it
        await query.message.reply_text(f"Removed “{clean_title(record.title)}”.", do_quote=False)

    @staticmethod
    def back() -> InlineKeyboardMarkup:
        return InlineKeyboardMarkup([[_button("‹ Back to the list", "manage")]])

    async def on_latest(self, update: Update, telegram: ContextTypes.DEFAULT_TYPE) -> None:
        """/latest: the newest headlines."""
        if update.effective_message is not None:
            await reply_latest(self.context, update.effective_message)


async def indexed_articles(context: BotContext, message: Message) -> list[ArticleRecord]:
    """The indexed articles, newest first; when there are none the user is told so."""
    records = await context.run_blocking(context.desk.articles)
    if not records:
        await reply_notice(message, NOTHING_INDEXED)
    return records


async def reply_latest(context: BotContext, message: Message) -> None:
    """The newest headlines by date, for /latest and for "what's new"."""
    records = await indexed_articles(context, message)
    if not records:
        return
    lines = newest_headlines(records) or ["No indexed article has a date yet; /sources lists them all."]
    text = "\n".join(["<b>Latest headlines</b>", *lines, "", "Ask me about any of them."])
    await message.reply_text(text, parse_mode=ParseMode.HTML, link_preview_options=NO_PREVIEW, do_quote=True)


def register(application: BotApplication, context: BotContext) -> None:
    """/sources and /latest, and the listing's buttons."""
    handlers = SourcesHandlers(context)
    add_commands(application, sources=handlers.on_sources, latest=handlers.on_latest)
    application.add_handler(CallbackQueryHandler(handlers.on_button, pattern=rf"^{CALLBACK}"))
    context.commands.extend(
        [
            BotCommand("sources", "the indexed articles; /sources WORDS searches titles and outlets"),
            BotCommand("latest", "the newest headlines"),
        ]
    )
