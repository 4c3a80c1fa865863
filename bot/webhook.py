"""Webhook mode: Telegram posts updates to PTB's own webhook server instead of the bot polling for them.

Chosen by TELEGRAM_WEBHOOK_URL (the public HTTPS address, usually a reverse proxy in front of
TELEGRAM_WEBHOOK_LISTEN:TELEGRAM_WEBHOOK_PORT). With TELEGRAM_WEBHOOK_SECRET set, PTB refuses every post
that does not carry it, so nobody but Telegram can feed the bot updates.
"""

from __future__ import annotations

import logging
from urllib.parse import urlsplit

from telegram.ext import Updater

from index import Settings, SetupError

log = logging.getLogger(__name__)


def webhook_path(url: str) -> str:
    """The path PTB serves, taken from the public URL (a proxy forwards that path unchanged)."""
    return urlsplit(url).path.strip("/")


async def start_webhook(updater: Updater, settings: Settings) -> None:
    """Register the webhook with Telegram and start listening for its posts."""
    assert settings.telegram_webhook_url, "webhook mode needs TELEGRAM_WEBHOOK_URL"
    secret = settings.telegram_webhook_secret
    if secret is None:
        log.warning("TELEGRAM_WEBHOOK_SECRET is not set: anyone who finds the URL can post updates")
    listen, port = settings.telegram_webhook_listen, settings.telegram_webhook_port
    try:
        await updater.start_webhook(
            listen=listen,
            port=port,
            url_path=webhook_path(settings.telegram_webhook_url),
            webhook_url=settings.telegram_webhook_url,
            secret_token=secret.get_secret_value() if secret else None,
        )
    except OSError as error:
        raise SetupError(
            f"cannot listen for Telegram webhooks on {listen}:{port} ({error.strerror or error}); "
            "set TELEGRAM_WEBHOOK_PORT to a free port"
        ) from None
    log.info("webhook mode: listening on %s:%d for %s", listen, port, settings.telegram_webhook_url)
