"""/check CLAIM, and /check sent as a reply (checks the replied message): fact-checks as cited HTML.

A verdict message shows the overall verdict, then per assertion its verdict, what matched or clashed,
and the exact quotes with their [n] markers; the sources block links each cited article (title, source,
date). Article text, the claim and explanations are always escaped.
"""

from __future__ import annotations

import logging

from telegram import BotCommand, Message, Update
from telegram.ext import ContextTypes

from bot.asking import library_result, within_rate_limit
from bot.context import BotApplication, BotContext, add_commands
from bot.formatting import (
    LINE_JOINER,
    MESSAGE_LIMIT,
    Unit,
    clean_title,
    escape,
    link,
    pack_units,
    shorten,
    source_line,
    when,
)
from bot.replies import reply_html, reply_notice
from bot.talk import argument_or_reply
from index import CheckResult, Citation, PartCheck, Verdict

log = logging.getLogger(__name__)

CHECK_USAGE = (
    "Put the claim after the command, like this: /check The council approved the budget on Monday.\n"
    "Or send /check as a reply to a message to check what it says."
)
NOTHING_TO_CHECK = "The message you replied to has no text to check."
VERDICT_MARKS = {
    Verdict.SUPPORTED: "✅",
    Verdict.CONTRADICTED: "❌",
    Verdict.NOT_IN_ARTICLES: "❔",
    Verdict.MIXED: "⚖️",
}
CLAIM_SHOWN_CHARS = 400
PART_SHOWN_CHARS = 300
EXPLANATION_SHOWN_CHARS = 600


def verdict_heading(verdict: Verdict) -> str:
    return f"{VERDICT_MARKS[verdict]} <b>{escape(verdict.label)}</b>"


def quote_line(citation: Citation) -> str:
    return f"“{escape(citation.quote.text)}” [{citation.source.number}]"


def closest_line(citation: Citation) -> str:
    """The nearest passage for a claim the articles do not settle, with its article named inline."""
    source = citation.source
    article = link(source.url, shorten(clean_title(source.title), 200))
    where = escape(f"{source.source or 'unknown source'}, {when(source.published)}")
    return f"Closest passage: “{escape(citation.quote.text)}” ({article}, {where})"


def part_units(part: PartCheck, number: int | None) -> list[Unit]:
    """One assertion: its verdict and why, then its quotes, one per line."""
    heading = verdict_heading(part.verdict)
    if number is not None:
        heading = f"{number}. <i>{escape(shorten(part.text, PART_SHOWN_CHARS))}</i>\n{heading}"
    lines = [f"{heading}: {escape(shorten(part.explanation, EXPLANATION_SHOWN_CHARS))}"]
    lines += [quote_line(c) for c in part.evidence]
    if part.closest is not None:
        lines.append(closest_line(part.closest))
    units = [Unit(lines[0])]
    units += [Unit(line, LINE_JOINER) for line in lines[1:]]
    return units


def check_units(result: CheckResult) -> list[Unit]:
    claim = escape(shorten(result.claim, CLAIM_SHOWN_CHARS))
    units = [Unit(f"<b>Claim</b>: <i>{claim}</i>")]
    if len(result.parts) > 1:
        units.append(Unit(f"Overall: {verdict_heading(result.verdict)}"))
    numbered = len(result.parts) > 1
    for number, part in enumerate(result.parts, start=1):
        units += part_units(part, number if numbered else None)
    lines = [source_line(s) for s in result.sources]
    if lines:
        units.append(Unit(f"<b>Sources</b>{LINE_JOINER}{lines[0]}"))
        units += [Unit(line, LINE_JOINER) for line in lines[1:]]
    return units


def format_check_html(result: CheckResult, limit: int = MESSAGE_LIMIT) -> list[str]:
    """The messages that carry a verdict. Every unit fits in one message: the claim, parts and
    explanations are shortened, and a quote is one sentence of at most 600 characters."""
    return pack_units(check_units(result), limit)


class CheckHandlers:
    """The /check command, bound to the bot's shared context."""

    def __init__(self, context: BotContext) -> None:
        self.context = context

    async def on_check(self, update: Update, telegram: ContextTypes.DEFAULT_TYPE) -> None:
        """/check CLAIM checks the claim; /check as a reply checks the replied message's text."""
        message = update.effective_message
        if message is None or message.text is None:
            return
        claim = argument_or_reply(message)
        if not claim:
            await reply_notice(message, CHECK_USAGE if message.reply_to_message is None else NOTHING_TO_CHECK)
            return
        await reply_check(self.context, update, message, claim)


async def reply_check(context: BotContext, update: Update, message: Message, claim: str) -> None:
    """Check a claim and reply to `message` with the verdict: /check, a claim in a group, "Check this"."""
    if not await within_rate_limit(context, update, message):
        return
    result = await library_result(message, context.check(claim))
    if result is None:
        return
    # Counted before the reply: whoever sees the verdict and asks /stats sees it counted.
    await context.count(context.journal.count, "checks")
    await reply_html(message, format_check_html(result))
    log.info("check chat=%d verdict=%s parts=%d", message.chat.id, result.verdict.value, len(result.parts))


def register(application: BotApplication, context: BotContext) -> None:
    """/check, in any chat (also /check@botname in groups)."""
    handlers = CheckHandlers(context)
    add_commands(application, check=handlers.on_check)
    context.commands.append(
        BotCommand("check", "fact-check a claim: /check CLAIM, or reply /check to a message")
    )
