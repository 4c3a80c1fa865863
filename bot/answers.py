"""Answer messages and their buttons: send an answer, switch its views in place, take 👍 👎, check it;
and follow-ups, which are asked with the earlier question's subject and never repeat its quotes."""

from __future__ import annotations

import hashlib
import logging
import re
import time

from telegram import Message, Update
from telegram.constants import ParseMode
from telegram.ext import CallbackQueryHandler, ContextTypes

from bot.answer_view import ANSWER_CALLBACK, Action, View, keyboard, render, split_answer
from bot.asking import library_result, within_rate_limit
from bot.check import reply_check
from bot.context import BotApplication, BotContext, Shown
from bot.replies import NO_PREVIEW, edit_unless_unchanged, reply_notice
from bot.talk import asked_for, is_claim, subject_of, with_subject
from index import Answer, human_date

log = logging.getLogger(__name__)

FORGOTTEN = "This answer is too old for its buttons now; please ask again."
THANKS_FOR_VOTE = {"up": "Thanks! Glad it helped.", "down": "Thanks, noted: this helps improve the answers."}
NOTHING_NEW = {
    "date": "The articles give no date for this beyond {date}.",
    "place": "The articles name no place for this beyond the answer above.",
    "person": "The articles name no one for this beyond the answer above.",
    "figure": "The articles give no figure for this beyond the answer above.",
    "reason": "The articles give no reason for this beyond the answer above.",
    "": "The articles say no more about this than the answer above.",
}
NO_DATE = "The articles give no date for this."


def without_markers(sentence: str) -> str:
    return re.sub(r"\s*\[\d+\]", "", sentence).strip()


def nothing_new(question: str, earlier: Answer) -> str:
    """What the articles don't give, said instead of quoting the earlier answer again."""
    wanted = asked_for(question)
    if wanted == "date":
        dated = earlier.as_of_evidence
        return NOTHING_NEW["date"].format(date=human_date(dated)) if dated else NO_DATE
    return NOTHING_NEW[wanted]


def can_check(shown: Shown) -> bool:
    """ "Check this" is offered for an answer with quotes, and for a claim typed as a question."""
    return shown.answer is not None and (not shown.answer.abstained or is_claim(shown.question))


def claim_of(shown: Shown) -> str:
    """What "Check this" checks: the reader's own statement, else the answer's first quoted sentence."""
    if is_claim(shown.question) or shown.answer is None or not shown.answer.sources:
        return shown.question
    source = shown.answer.sources[0]
    return source.quotes[0].text if source.quotes else shown.question


class AnswerHandlers:
    """Sending answers, their buttons, and follow-ups, bound to the bot's shared context."""

    def __init__(self, context: BotContext) -> None:
        self.context = context

    async def answer(
        self, update: Update, message: Message, question: str, earlier: Shown | None = None
    ) -> None:
        """Rate-limit, answer off the event loop while showing "typing", reply once with the buttons.
        A follow-up (`earlier`) is asked with the earlier subject, and if it would only quote the same
        sentences again the reply says what the articles don't give instead."""
        started = time.perf_counter()
        if not await within_rate_limit(self.context, update, message):
            return
        subject = earlier.subject if earlier else subject_of(question)
        asked = with_subject(question, subject) if earlier else question
        answer = await library_result(message, self.context.ask(asked))
        if answer is None:
            return
        latency = time.perf_counter() - started
        await self.context.count(self.context.journal.record_question, latency, answer.abstained)
        log.info(
            "question chat=%d latency_ms=%.0f abstained=%s", message.chat.id, latency * 1000, answer.abstained
        )
        if earlier is not None and earlier.answer is not None and self.repeats(answer, earlier.answer):
            [sent] = await reply_notice(message, nothing_new(question, earlier.answer))
            self.context.answers.remember(message.chat.id, sent.message_id, earlier)
            return
        await self.send(message, Shown(asked, subject, answer))

    @staticmethod
    def repeats(answer: Answer, earlier: Answer) -> bool:
        """Nothing new: no answer, or what it would show first the earlier answer showed already (its
        further quotes stay hidden until asked for, so they do not count)."""
        if answer.abstained:
            return True
        return all(without_markers(sentence) in earlier.text for sentence in split_answer(answer).head)

    async def send(self, message: Message, shown: Shown) -> None:
        assert shown.answer is not None
        sent = await message.reply_text(
            render(shown.answer, View.ANSWER),
            parse_mode=ParseMode.HTML,
            link_preview_options=NO_PREVIEW,
            reply_markup=keyboard(shown.answer, View.ANSWER, can_check(shown)),
            do_quote=True,
        )
        self.context.answers.remember(message.chat.id, sent.message_id, shown)

    async def more(self, message: Message, shown: Shown | None) -> bool:
        """ "tell me more" as a reply to an answer: its further quotes, or that there are none. False when
        the reply was not to an answer."""
        if shown is None or shown.answer is None:
            return False
        answer = shown.answer
        if answer.abstained:
            await reply_notice(message, NOTHING_NEW[""])
            return True
        text = render(answer, View.MORE)
        if text == render(answer, View.ANSWER):
            await reply_notice(message, NOTHING_NEW[""])
            return True
        sent = await message.reply_text(
            text,
            parse_mode=ParseMode.HTML,
            link_preview_options=NO_PREVIEW,
            reply_markup=keyboard(answer, View.MORE, can_check(shown)),
            do_quote=True,
        )
        # Its buttons and the follow-ups replying to it work as under the answer itself.
        self.context.answers.remember(message.chat.id, sent.message_id, shown)
        return True

    # -- buttons -----------------------------------------------------------------------------------

    async def on_button(self, update: Update, telegram: ContextTypes.DEFAULT_TYPE) -> None:
        """A tap on Sources, More, Less, ‹ Answer, Check this, 👍 or 👎 under an answer."""
        query = update.callback_query
        if query is None or query.data is None or query.message is None:
            return
        try:
            action = Action(query.data.removeprefix(ANSWER_CALLBACK))
        except ValueError:  # a button from an older version of the bot, or a forged one
            await query.answer(FORGOTTEN, show_alert=True)
            return
        shown = self.context.answers.get(query.message.chat.id, query.message.message_id)
        if shown is None or shown.answer is None:
            await query.answer(FORGOTTEN, show_alert=True)
            return
        if action in (Action.UP, Action.DOWN):
            await self.vote(update, shown, action.value)
            return
        await query.answer()
        if action is Action.CHECK:
            first = self.context.answers.first_check(query.message.chat.id, query.message.message_id)
            if first and isinstance(query.message, Message):
                await reply_check(self.context, update, query.message, claim_of(shown))
            return
        view = View(action.value)
        await edit_unless_unchanged(
            query,
            render(shown.answer, view),
            parse_mode=ParseMode.HTML,
            reply_markup=keyboard(shown.answer, view, can_check(shown)),
        )

    async def vote(self, update: Update, shown: Shown, vote: str) -> None:
        """Store the vote with the question, the answer and its sources; voting again changes it."""
        query = update.callback_query
        assert query is not None and query.message is not None and shown.answer is not None
        chat, message_id = query.message.chat.id, query.message.message_id
        # Who voted is kept only as a digest: enough to count one vote per reader, not to find them.
        voter = hashlib.sha256(f"{chat}:{query.from_user.id}".encode()).hexdigest()[:16]
        journal = self.context.journal
        await self.context.on_disk(
            journal.record_vote, f"{chat}/{message_id}", voter, "up" if vote == "up" else "down", shown.answer
        )
        await query.answer(THANKS_FOR_VOTE["up" if vote == "up" else "down"])


def register(application: BotApplication, context: BotContext) -> None:
    """The buttons under answers (answers themselves are sent by bot/handlers.py's routing)."""
    handlers = AnswerHandlers(context)
    application.add_handler(CallbackQueryHandler(handlers.on_button, pattern=rf"^{ANSWER_CALLBACK}"))
