"""The Telegram bot: build the Application, start it (index loaded first), stop it cleanly.

Handler modules plug in through `HANDLER_MODULES`: each is a function
`register(application: BotApplication, context: BotContext) -> None` that adds its handlers (group 0)
and appends its commands to `context.commands`. The allowlist runs before all of them; the bot's own
catch-alls (plain-text questions, other messages) after all of them.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
import sys
from collections.abc import AsyncIterator, Callable

from telegram import Bot, BotCommandScopeChat, LinkPreviewOptions
from telegram.error import BadRequest, InvalidToken, NetworkError, TelegramError
from telegram.ext import Application, Defaults

from bot import answers, check, guards, handlers, ingest, inline, read_ahead, sources, watch
from bot.context import BotApplication, BotContext
from bot.logs import configure_bot_logging
from bot.telegram_http import AiohttpRequest, MessageRateLimiter
from bot.webhook import start_webhook
from index import (
    Newsdesk,
    NewsdeskError,
    Settings,
    SetupError,
    UnreachableError,
    loading_for_good,
    start_metrics,
)

log = logging.getLogger(__name__)

Register = Callable[[BotApplication, BotContext], None]

HANDLER_MODULES: list[Register] = [
    handlers.register,
    sources.register,
    answers.register,
    ingest.register,
    check.register,
    watch.register,
    inline.register,
    read_ahead.register,
]

CONTEXT_KEY = "newsdesk"
# Seconds a getUpdates long poll waits for news; shutdown does not wait for it.
POLL_TIMEOUT_SECONDS = 10


def build_application(settings: Settings, desk: Newsdesk) -> BotApplication:
    """The configured Application with every handler module registered; nothing is sent yet."""
    if settings.telegram_bot_token is None or not settings.telegram_bot_token.get_secret_value():
        raise SetupError("TELEGRAM_BOT_TOKEN is not set")
    context = BotContext.create(settings, desk)
    application: BotApplication = (
        Application.builder()
        .token(settings.telegram_bot_token.get_secret_value())
        .base_url(settings.telegram_base_url)
        .base_file_url(settings.telegram_base_file_url)
        .request(AiohttpRequest())
        .get_updates_request(AiohttpRequest(connections=1))
        # Without retries PTB's limiter re-raises the first 429 and the message is lost.
        .rate_limiter(MessageRateLimiter(max_retries=settings.send_retries))
        .defaults(
            Defaults(
                link_preview_options=LinkPreviewOptions(is_disabled=True),
                allow_sending_without_reply=True,
            )
        )
        # Updates are handled concurrently: a slow question never holds up another chat.
        .concurrent_updates(True)
        .build()
    )
    application.bot_data[CONTEXT_KEY] = context
    guards.register(application, context)
    for register in HANDLER_MODULES:
        register(application, context)
    handlers.register_fallbacks(application, context)
    return application


def bot_context(application: BotApplication) -> BotContext:
    context: BotContext = application.bot_data[CONTEXT_KEY]
    return context


async def prepare(application: BotApplication) -> None:
    """After `initialize`: warm the worker thread and publish the command menu."""
    context = bot_context(application)
    await context.warm_up()
    await application.bot.set_my_commands(context.commands)
    for admin in context.access.admins:
        # Admins see the admin commands too; a chat the bot has never seen is refused, and that's fine.
        with contextlib.suppress(TelegramError):
            await application.bot.set_my_commands(
                context.commands + context.admin_commands, scope=BotCommandScopeChat(admin)
            )


@contextlib.asynccontextmanager
async def running(application: BotApplication) -> AsyncIterator[BotApplication]:
    """Run the bot inside the block, by long polling or (TELEGRAM_WEBHOOK_URL) by webhook; on exit, finish
    the updates in hand and stop."""
    context = bot_context(application)
    try:
        async with application:
            await prepare(application)
            assert application.updater is not None
            if context.settings.telegram_webhook_url:
                await start_webhook(application.updater, context.settings)
            else:
                await application.updater.start_polling(poll_interval=0, timeout=POLL_TIMEOUT_SECONDS)
            await application.start()
            try:
                yield application
            finally:
                await application.updater.stop()
                await application.stop()
    finally:
        context.close()


def run_bot(settings: Settings) -> int:
    """`make run`, `python -m bot --telegram`: check the token, load the index once, poll until SIGTERM or
    Ctrl-C; a failure is one line on stderr and the exit code of its error."""
    try:
        serve(settings)
    except NewsdeskError as error:
        print(f"newsdesk: {error.message}", file=sys.stderr)
        return error.exit_code
    except KeyboardInterrupt:  # Ctrl-C while the model was loading
        return 130
    return 0


def serve(settings: Settings) -> None:
    token = settings.telegram_bot_token.get_secret_value() if settings.telegram_bot_token else ""
    if not token:
        raise SetupError("TELEGRAM_BOT_TOKEN is not set; get a token from @BotFather.")
    configure_bot_logging(token)
    try:
        username = asyncio.run(check_token(token, settings.telegram_base_url))
        # Up before the model loads, so /healthz says "not ready" rather than nothing at all.
        metrics = start_metrics(settings.metrics_host, settings.metrics_port)
        with loading_for_good():
            desk = Newsdesk(settings)
        if metrics is not None:
            metrics.attach(desk)
        application = build_application(settings, desk)
        asyncio.run(serve_until_stopped(application, username))
    except TelegramError as error:
        raise telegram_failure(error, settings.telegram_base_url) from None


def telegram_failure(error: TelegramError, base_url: str) -> NewsdeskError:
    """A Telegram error while starting, as the error the operator reads: a token or setup to fix, or an
    API that cannot be reached (or is throttling) for now."""
    if isinstance(error, InvalidToken):
        return SetupError("Telegram rejected TELEGRAM_BOT_TOKEN; copy it again from @BotFather.")
    if isinstance(error, BadRequest):  # a NetworkError too: Telegram was reached, and refused the setup
        return SetupError(f"Telegram refused the bot's setup: {error.message}")
    if isinstance(error, NetworkError):
        return UnreachableError(f"cannot reach the Telegram Bot API at {base_url}")
    return UnreachableError(f"the Telegram Bot API failed: {error.message}")  # throttled or forbidden


async def check_token(token: str, base_url: str) -> str:
    """The bot's username; fails fast on a bad token, before the model is loaded."""
    async with Bot(token, base_url=base_url) as bot:
        return bot.username


async def serve_until_stopped(application: BotApplication, username: str) -> None:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for stop_signal in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(stop_signal, stop.set)
    async with running(application):
        print(f"Newsdesk bot @{username} is running; Ctrl-C stops it.", file=sys.stderr)
        await stop.wait()
        print("Stopping: finishing the questions in hand...", file=sys.stderr)
