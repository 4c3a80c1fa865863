"""Running the real bot against the Bot API stand-in, for the tests of every bot module."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import Any

from pydantic import SecretStr

from bot.app import build_application, running
from bot.context import BotApplication
from index.desk import Newsdesk
from tests.telegram_standin import TOKEN, TelegramStandin


@asynccontextmanager
async def running_bot(
    standin: TelegramStandin,
    desk: Newsdesk,
    extra_handlers: Callable[[BotApplication], None] | None = None,
    **overrides: Any,
) -> AsyncIterator[BotApplication]:
    """The real Application answering from `desk`, polling the stand-in, with settings overridden as
    given; `extra_handlers` may add handlers before it starts."""
    bot_settings = {"telegram_bot_token": SecretStr(TOKEN), "telegram_base_url": standin.base_url}
    application = build_application(desk.settings.model_copy(update=bot_settings | overrides), desk)
    if extra_handlers is not None:
        extra_handlers(application)
    async with running(application):
        yield application


async def eventually(condition: Callable[[], bool], deadline: float) -> None:
    """Wait until `condition` holds, checking it on a worker thread; fail after `deadline` seconds (a
    guard against hanging on a machine under load, not a timing assertion)."""
    give_up = time.monotonic() + deadline
    while not await asyncio.to_thread(condition):
        assert time.monotonic() < give_up, f"still not true after {deadline:.0f} s"
        await asyncio.sleep(0.1)
