"""Reading the indexed sentences ahead while the bot runs, so that answers only look them up.

Every READ_AHEAD_SECONDS the bot checks whether the index changed (a feed poll, /add, another process) and,
if so, reads the new sentences on a thread of its own. The reading takes the model only when no question
is waiting for it (`index.store.cores`), so questions are never held up by more than one small batch.
"""

from __future__ import annotations

import logging
import threading

from telegram.ext import ContextTypes

from bot.context import BotApplication, BotContext
from index import NewsdeskError

log = logging.getLogger(__name__)

READ_AHEAD_SECONDS = 60
# Soon after start-up (the warm-up has run): questions go first anyway.
FIRST_READ_SECONDS = 1


class ReadAhead:
    """Starts a reading when none is running; `context.stopping` ends it at the next batch."""

    def __init__(self, context: BotContext) -> None:
        self.context = context
        self._reading: threading.Thread | None = None

    async def start(self, telegram: ContextTypes.DEFAULT_TYPE) -> None:
        # A thread of its own, not a job that runs for minutes: the job queue would warn, every interval,
        # that the last run had not finished.
        if self._reading is None or not self._reading.is_alive():
            self._reading = threading.Thread(target=self.read, name="read-ahead", daemon=True)
            self._reading.start()

    def read(self) -> None:
        try:
            read = self.context.desk.read_sentences(self.context.stopping)
        except NewsdeskError as error:
            log.warning("reading sentences ahead stopped: %s", error)
            return
        if read:
            log.info("read %d sentences ahead for answering", read)


def register(application: BotApplication, context: BotContext) -> None:
    if application.job_queue is not None:
        application.job_queue.run_repeating(
            ReadAhead(context).start, interval=READ_AHEAD_SECONDS, first=FIRST_READ_SECONDS, name="read-ahead"
        )
