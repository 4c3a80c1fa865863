"""What stands before and after every handler: the chat allowlist, and the error handler."""

from __future__ import annotations

import logging
import secrets

from telegram import Update
from telegram.error import TelegramError
from telegram.ext import ApplicationHandlerStop, ContextTypes, TypeHandler

from bot.asking import store_failure
from bot.context import BotApplication, BotContext
from bot.talk import speaks_to_bot
from index import StoreError

log = logging.getLogger(__name__)

# Runs before handler group 0, where every module registers its handlers.
GATE_GROUP = -1

REFUSAL = (
    "Sorry, this bot is not available in this chat. (Chat id {chat_id}: the bot's operator can add it "
    "to NEWSDESK_ALLOWED_CHAT_IDS.)"
)
APOLOGY = "Sorry, something went wrong on my side (error id {error_id}). Please try again in a moment."


def register(application: BotApplication, context: BotContext) -> None:
    """The allowlist runs before every other handler; the error handler catches what they raise."""

    async def access_gate(update: Update, telegram: ContextTypes.DEFAULT_TYPE) -> None:
        chat = update.effective_chat
        if update.inline_query is not None:  # no chat: bot/inline.py applies the allowlist to the user
            return
        if chat is None:  # chosen inline results and the like: nothing the bot answers
            raise ApplicationHandlerStop
        user = update.effective_user
        if context.access.admits(chat.id, user.id if user else None):
            return
        # Told once, and only when spoken to: a group's own chatter is none of the bot's business.
        if speaks_to_bot(update, telegram.bot) and context.access.first_refusal(chat.id):
            log.info("refused chat %d", chat.id)
            message = update.effective_message
            try:
                await telegram.bot.send_message(
                    chat.id,
                    REFUSAL.format(chat_id=chat.id),
                    reply_to_message_id=message.message_id if message else None,
                )
            except TelegramError:
                log.warning("could not tell chat %d it is refused", chat.id, exc_info=True)
        raise ApplicationHandlerStop

    application.add_handler(TypeHandler(Update, access_gate), group=GATE_GROUP)
    application.add_error_handler(report_error)


async def report_error(update: object, telegram: ContextTypes.DEFAULT_TYPE) -> None:
    """Log the traceback under a short id and give the user that id with an apology; search being down,
    or the data folder failing, is no bug, and is said as it is."""
    error_id = secrets.token_hex(4)
    if isinstance(telegram.error, StoreError):
        told = store_failure(telegram.error, error_id)
    else:
        log.error("error %s while handling an update", error_id, exc_info=telegram.error)
        told = APOLOGY.format(error_id=error_id)
    if not isinstance(update, Update) or update.effective_chat is None:
        return
    message = update.effective_message
    try:
        await telegram.bot.send_message(
            update.effective_chat.id, told, reply_to_message_id=message.message_id if message else None
        )
    except TelegramError:
        log.warning("could not send the apology for error %s", error_id, exc_info=True)
