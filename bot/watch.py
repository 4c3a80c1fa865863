"""/watch CLAIM, /watches, /unwatch N: a chat follows claims, and hears when new articles settle one.

Every NEWSDESK_WATCH_POLL_MINUTES the JobQueue runs the watcher on the desk's worker threads (it looks
only when the index has changed, and judges only the new articles), then delivers the alerts waiting in
the outbox, whichever process made them (`newsdesk watch run` from cron, too).
"""

from __future__ import annotations

import logging

from telegram import BotCommand, Message, Update
from telegram.constants import ChatMemberStatus, ParseMode
from telegram.error import BadRequest, Forbidden, TelegramError
from telegram.ext import ContextTypes

from bot.asking import library_result, within_rate_limit
from bot.check import verdict_heading
from bot.context import BotApplication, BotContext, add_commands
from bot.formatting import escape, headline, shorten
from bot.replies import NO_PREVIEW, reply_html, reply_notice
from bot.talk import argument_or_reply, command_argument
from index import Alert, NotFoundError, Verdict, Watch, Watcher, WatchStore

log = logging.getLogger(__name__)

WATCH_USAGE = (
    "Put the claim after the command, like this: /watch M23 rebels have captured Pinga.\n"
    "I check it against every new article and tell this chat when one supports or contradicts it."
)
NO_WATCHES = "This chat watches no claims. /watch CLAIM follows one."
UNWATCH_USAGE = "Put the watch's number after the command, like this: /unwatch 2. /watches lists them."
NO_SUCH_WATCH = "/unwatch: no watch number {number}; /watches lists them"
NOT_YOURS = "Only the one who set this watch, or an admin, can remove it."
TOO_MANY = "This chat already watches {count} claims, the most it may. /unwatch N removes one."
CLAIM_SHOWN_CHARS = 300
QUOTE_SHOWN_CHARS = 500
# The first look comes soon after start: articles may have come in while the bot was down.
FIRST_RUN_SECONDS = 20
CHAT_ADMINS = {ChatMemberStatus.ADMINISTRATOR, ChatMemberStatus.OWNER}


def verdict_so_far(verdict: Verdict | None) -> str:
    return verdict_heading(verdict) if verdict else "no verdict yet"


def watches_html(watches: list[Watch]) -> str:
    lines = ["<b>Watched claims</b>"]
    for number, watch in enumerate(watches, start=1):
        claim = escape(shorten(watch.claim, CLAIM_SHOWN_CHARS))
        lines.append(f"{number}. <i>{claim}</i>\n    {verdict_so_far(watch.verdict)}")
    lines.append("/unwatch N stops watching one.")
    return "\n".join(lines)


def alert_html(alert: Alert) -> str:
    """The new verdict, the sentence that decided it, and the article it is from (linked)."""
    claim = escape(shorten(alert.claim, CLAIM_SHOWN_CHARS))
    was = f" (was: {escape(alert.previous.label)})" if alert.previous else ""
    lines = [
        f"🔔 <b>Watched claim</b>: <i>{claim}</i>",
        f"{verdict_heading(alert.verdict)} in new articles{was}",
    ]
    for quote in alert.quotes:
        lines.append(f"“{escape(shorten(quote.quote, QUOTE_SHOWN_CHARS))}”")
        lines.append(f"— {headline(quote.title, quote.url, quote.outlet, quote.published)}")
    return "\n".join(lines)


class WatchHandlers:
    """The watch commands and the scheduled run, bound to the bot's shared context."""

    def __init__(self, context: BotContext) -> None:
        self.context = context
        self.store = WatchStore(context.settings.data_dir, context.settings.max_watches)
        self.watcher = Watcher(context.desk, context.checker, self.store)

    async def on_watch(self, update: Update, telegram: ContextTypes.DEFAULT_TYPE) -> None:
        """/watch CLAIM, or /watch sent as a reply (watches the replied message's text)."""
        message = update.effective_message
        if message is None or message.text is None:
            return
        claim = argument_or_reply(message)
        if not claim:
            await reply_notice(message, WATCH_USAGE)
            return
        if not await within_rate_limit(self.context, update, message):  # a watch starts with a check
            return
        chat_id = message.chat.id
        count = len(await self.context.on_disk(self.store.watches, chat_id))
        if count >= self.store.max_per_chat:
            await reply_notice(message, TOO_MANY.format(count=count))
            return
        user = update.effective_user
        work = self.context.run_blocking(self.watcher.add, claim, chat_id, user.id if user else None)
        watch = await library_result(message, work)
        if watch is None:
            return
        claim_html = escape(shorten(watch.claim, CLAIM_SHOWN_CHARS))
        text = (
            f"👀 Watching #{count + 1}: <i>{claim_html}</i>\nSo far: {verdict_so_far(watch.verdict)}.\n"
            "I'll post here when new articles support or contradict it."
        )
        await reply_html(message, [text])

    async def on_watches(self, update: Update, telegram: ContextTypes.DEFAULT_TYPE) -> None:
        """/watches lists the chat's watched claims with their last verdict."""
        message = update.effective_message
        if message is None:
            return
        watches = await self.context.on_disk(self.store.watches, message.chat.id)
        if not watches:
            await reply_notice(message, NO_WATCHES)
            return
        await reply_html(message, [watches_html(watches)])

    async def on_unwatch(self, update: Update, telegram: ContextTypes.DEFAULT_TYPE) -> None:
        """/unwatch N: removes watch N, for the one who set it and for admins."""
        message = update.effective_message
        if message is None or message.text is None:
            return
        argument = command_argument(message).lstrip("#")
        if not argument.isdecimal():
            await reply_notice(message, UNWATCH_USAGE)
            return
        try:
            watch = await self.context.on_disk(self.store.numbered, message.chat.id, int(argument))
        except NotFoundError:
            await reply_notice(message, NO_SUCH_WATCH.format(number=int(argument)))
            return
        user = update.effective_user
        if not (user and user.id == watch.user_id) and not await self.is_admin_here(
            message, user.id if user else None
        ):
            await reply_notice(message, NOT_YOURS)
            return
        await self.context.on_disk(self.store.remove, watch.id)
        await reply_html(
            message, [f"Stopped watching: <i>{escape(shorten(watch.claim, CLAIM_SHOWN_CHARS))}</i>"]
        )

    async def is_admin_here(self, message: Message, user_id: int | None) -> bool:
        """The bot's admins, and in a group its administrators."""
        if user_id is None or self.context.is_admin(user_id):
            return user_id is not None
        if message.chat.type == message.chat.PRIVATE:
            return False
        try:
            member = await message.chat.get_member(user_id)
        except TelegramError:
            return False
        return member.status in CHAT_ADMINS

    async def run(self, telegram: ContextTypes.DEFAULT_TYPE) -> None:
        """The JobQueue's scheduled run: judge new articles, then deliver every waiting alert."""
        try:
            await self.context.run_blocking(self.watcher.run)
        except Exception:  # a failed look is tried again at the next run; the bot goes on
            log.warning("watch run failed", exc_info=True)
        for alert in await self.context.on_disk(self.store.pending, False):
            await self.deliver(telegram, alert)

    async def deliver(self, telegram: ContextTypes.DEFAULT_TYPE, alert: Alert) -> None:
        assert alert.chat_id is not None, "the bot is given chats' alerts only"
        try:
            await telegram.bot.send_message(
                alert.chat_id, alert_html(alert), parse_mode=ParseMode.HTML, link_preview_options=NO_PREVIEW
            )
        except Forbidden:  # the bot was removed from the chat: no one is left to tell
            log.info("alert %d dropped: chat %d is closed to the bot", alert.id, alert.chat_id)
        except BadRequest as error:  # "chat not found" and the like: sending again cannot help
            log.warning("alert %d dropped: Telegram refused it (%s)", alert.id, error.message)
        except TelegramError:  # Telegram or the network failed: the next run delivers it
            log.warning("alert %d not delivered yet", alert.id, exc_info=True)
            return
        await self.context.on_disk(self.store.delivered, alert.id)
        log.info("alert chat=%d watch=%d verdict=%s", alert.chat_id, alert.watch_id, alert.verdict.value)


WATCH_JOB = "watches"


def register(application: BotApplication, context: BotContext) -> None:
    """/watch, /watches, /unwatch in any chat, and the scheduled run (NEWSDESK_WATCH_POLL_MINUTES)."""
    handlers = WatchHandlers(context)
    add_commands(
        application, watch=handlers.on_watch, watches=handlers.on_watches, unwatch=handlers.on_unwatch
    )
    minutes = context.settings.watch_poll_minutes
    if minutes > 0 and application.job_queue is not None:
        application.job_queue.run_repeating(
            handlers.run, interval=minutes * 60, first=FIRST_RUN_SECONDS, name=WATCH_JOB
        )
    context.commands.extend(
        [
            BotCommand("watch", "follow a claim: I post when new articles support or contradict it"),
            BotCommand("watches", "this chat's watched claims and their verdicts"),
            BotCommand("unwatch", "stop watching a claim: /unwatch N"),
        ]
    )
