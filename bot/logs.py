"""Logging for the bot: one line per question at INFO, and the token never written anywhere."""

from __future__ import annotations

import logging

REDACTED = "<TELEGRAM_BOT_TOKEN>"


class TokenRedactor(logging.Filter):
    """Replaces the bot token in a record's message and traceback (URLs and errors can carry it)."""

    def __init__(self, token: str) -> None:
        super().__init__()
        self.token = token

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if self.token in message:
            record.msg, record.args = message.replace(self.token, REDACTED), None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text and self.token in record.exc_text:
            record.exc_text = record.exc_text.replace(self.token, REDACTED)
        return True


def configure_bot_logging(token: str) -> None:
    """Show the bot's own INFO lines, and redact the token on every handler of the root logger."""
    logging.getLogger("bot").setLevel(logging.INFO)
    redactor = TokenRedactor(token)
    for handler in logging.getLogger().handlers:
        handler.addFilter(redactor)
