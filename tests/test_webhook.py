"""Webhook mode: the real Application behind PTB's own webhook server on 127.0.0.1, registered with a Bot
API stand-in; updates are posted to it as Telegram would post them."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from bot.app import build_application, running
from index.desk import Newsdesk
from index.errors import NewsdeskError
from index.settings import Settings
from tests.chroma_server import free_port
from tests.telegram_standin import TOKEN, Json, TelegramStandin

READER_ID = 3003
SECRET = "hook-secret_42"


class WebhookStandin(TelegramStandin):
    """The Bot API stand-in, also accepting setWebhook."""

    def __init__(self) -> None:
        super().__init__()
        self.webhook: Json = {}

    def api_setwebhook(self, params: Json) -> bool:
        self.webhook = params
        return True


@pytest.fixture
async def standin() -> AsyncIterator[WebhookStandin]:
    async with WebhookStandin() as server:
        yield server


def webhook_settings(standin: TelegramStandin, data_dir: Path, port: int, **overrides: Any) -> Settings:
    return Settings(
        _env_file=None,
        data_dir=data_dir,
        telegram_bot_token=TOKEN,
        telegram_base_url=standin.base_url,
        telegram_webhook_url=f"http://127.0.0.1:{port}/telegram/hook",
        telegram_webhook_listen="127.0.0.1",
        telegram_webhook_port=port,
        **overrides,
    )


async def post_update(port: int, update: Json, secret: str | None) -> int:
    headers = {"X-Telegram-Bot-Api-Secret-Token": secret} if secret else {}
    async with httpx.AsyncClient() as client:
        response = await client.post(
            f"http://127.0.0.1:{port}/telegram/hook", json=update, headers=headers, timeout=30
        )
    return response.status_code


async def test_webhook_mode_registers_and_answers_posted_updates(
    standin: WebhookStandin, seeded_desk: Newsdesk
) -> None:
    """The bot registers its URL and secret with Telegram, answers an update posted to its webhook, and
    refuses a post without the secret."""
    port = free_port()
    settings = webhook_settings(standin, seeded_desk.settings.data_dir, port, telegram_webhook_secret=SECRET)
    chat, user = standin.private_chat(READER_ID)
    async with running(build_application(settings, seeded_desk)):
        assert standin.webhook["url"] == f"http://127.0.0.1:{port}/telegram/hook"
        assert standin.webhook["secret_token"] == SECRET
        assert standin.calls_to("getUpdates") == []

        standin.send(chat, user, "Which town did the M23 rebels advance into?")
        # 403: the webhook server dropped the forged update before it reached any handler.
        assert await post_update(port, standin.updates[-1], secret=None) == 403
        question = standin.send(chat, user, "Which town did the M23 rebels advance into?")
        assert await post_update(port, standin.updates[-1], secret=SECRET) == 200
        reply = await standin.reply(question)
    assert "Walikale" in reply["text"] and "[1]" in reply["text"]


async def test_a_taken_webhook_port_is_one_clear_error(
    standin: WebhookStandin, seeded_desk: Newsdesk
) -> None:
    """When the webhook port is in use the bot stops with a sentence naming the setting."""
    port = free_port()
    settings = webhook_settings(standin, seeded_desk.settings.data_dir, port)
    blocker = await asyncio.start_server(lambda r, w: None, "127.0.0.1", port)
    try:
        with pytest.raises(NewsdeskError, match="TELEGRAM_WEBHOOK_PORT"):
            async with running(build_application(settings, seeded_desk)):
                pass
    finally:
        blocker.close()
        await blocker.wait_closed()
