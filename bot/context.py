"""State the bot's handlers share: settings, the desk, access rules, rate limits, stats, follow-ups.

Every handler module receives one `BotContext`; CPU-heavy library calls go through `run_blocking`, which
runs them on the bot's long-lived worker threads so the event loop keeps serving other chats meanwhile.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import logging
import threading
import time
from collections import OrderedDict, deque
from collections.abc import Callable, Coroutine
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any, TypeAlias, TypeVar, TypeVarTuple

from telegram import BotCommand, Update
from telegram.ext import Application, CommandHandler, ContextTypes, filters

from index import Answer, CheckResult, FactChecker, FeedbackStore, Newsdesk, NewsdeskError, Settings

log = logging.getLogger(__name__)

T = TypeVar("T")
Args = TypeVarTuple("Args")

# The Application as handler modules see it: `register(application: BotApplication, context: BotContext)`.
BotApplication: TypeAlias = Application[Any, Any, Any, Any, Any, Any]

# A handler's callback, as PTB calls it.
Callback: TypeAlias = Callable[[Update, ContextTypes.DEFAULT_TYPE], Coroutine[Any, Any, None]]

RATE_WINDOW_SECONDS = 60.0
# Answers remembered for their buttons and follow-ups; the oldest are forgotten first.
ANSWERS_REMEMBERED = 5000
# A guard on start-up: the worker threads are all running well before this.
WARM_UP_SECONDS = 120.0


def add_commands(application: BotApplication, **callbacks: Callback) -> None:
    """A command handler per keyword (`ask=on_ask` serves /ask and /ask@botname) for new messages only:
    an edited message is not asked again."""
    for name, callback in callbacks.items():
        application.add_handler(CommandHandler(name, callback, filters=filters.UpdateType.MESSAGE))


class Told:
    """Who has been told something: `first` is True once per id, until the id is forgotten."""

    def __init__(self) -> None:
        self._ids: set[int] = set()

    def first(self, id_: int) -> bool:
        if id_ in self._ids:
            return False
        self._ids.add(id_)
        return True

    def forget(self, id_: int) -> None:
        self._ids.discard(id_)


class QuestionRateLimiter:
    """At most `limit` questions per user in any 60 seconds (a sliding window); 0 disables it."""

    def __init__(self, limit: int, clock: Callable[[], float] = time.monotonic) -> None:
        self.limit = limit
        self.clock = clock
        self._asked: dict[int, deque[float]] = {}
        self._warned = Told()

    def count_or_wait(self, user_id: int) -> float:
        """0 when this user may ask now, and the question is counted; else the seconds until they may."""
        if not self.limit:
            return 0.0
        now = self.clock()
        asked = self._asked.setdefault(user_id, deque())
        while asked and now - asked[0] >= RATE_WINDOW_SECONDS:
            asked.popleft()
        if len(asked) >= self.limit:
            return RATE_WINDOW_SECONDS - (now - asked[0])
        asked.append(now)
        self._warned.forget(user_id)
        return 0.0

    def first_warning(self, user_id: int) -> bool:
        """True once per stretch of refused questions: a flood gets one notice, not one per message."""
        return self._warned.first(user_id)


class AccessControl:
    """Which chats the bot serves, and who its admins are."""

    def __init__(self, allowed_chat_ids: list[int], admin_user_ids: list[int]) -> None:
        self.allowed = frozenset(allowed_chat_ids)
        self.admins = frozenset(admin_user_ids)
        self._refused = Told()

    def is_admin(self, user_id: int | None) -> bool:
        return user_id is not None and user_id in self.admins

    def admits(self, chat_id: int, user_id: int | None) -> bool:
        """Every chat when no list is set; else the listed chats, and admins' own private chats."""
        return not self.allowed or chat_id in self.allowed or (chat_id == user_id and self.is_admin(user_id))

    def first_refusal(self, chat_id: int) -> bool:
        """True the first time a chat is refused: it is told once, then ignored."""
        return self._refused.first(chat_id)


@dataclass(frozen=True)
class Shown:
    """An answer message as the bot sent it: what was asked, the subject a follow-up carries over, and
    the answer its buttons show (None for a notice that answers nothing, e.g. "nothing more")."""

    question: str
    subject: str
    answer: Answer | None


class AnswerMemory:
    """The bot's recent answer messages by (chat, message): their buttons and follow-ups read them."""

    def __init__(self, capacity: int = ANSWERS_REMEMBERED) -> None:
        self.capacity = capacity
        self._shown: OrderedDict[tuple[int, int], Shown] = OrderedDict()
        self._checked: OrderedDict[tuple[int, int], None] = OrderedDict()

    def remember(self, chat_id: int, message_id: int, shown: Shown) -> None:
        self._shown[(chat_id, message_id)] = shown
        while len(self._shown) > self.capacity:
            self._shown.popitem(last=False)

    def get(self, chat_id: int, message_id: int) -> Shown | None:
        return self._shown.get((chat_id, message_id))

    def first_check(self, chat_id: int, message_id: int) -> bool:
        """True the first time "Check this" is pressed under this answer: a second tap, by anyone, would
        post the same verdict again."""
        key = (chat_id, message_id)
        if key in self._checked:
            return False
        self._checked[key] = None
        while len(self._checked) > self.capacity:
            self._checked.popitem(last=False)
        return True


@dataclass
class BotContext:
    """What every handler module of the bot shares; built once by `bot.app.build_application`."""

    settings: Settings
    desk: Newsdesk
    # Feedback and /stats, in the data folder: they outlive a restart.
    journal: FeedbackStore
    rate_limiter: QuestionRateLimiter
    access: AccessControl
    answers: AnswerMemory
    # Long-lived workers (NEWSDESK_SEARCH_THREADS): encodes share the cores, questions in turn
    # (index/store/embeddings.py), while Chroma and BM25 work of other questions overlaps; long-lived threads
    # keep the questions' model warm in each thread. One per question in flight, so that no question
    # waits for a worker as well as for the model (benchmarks/bot_load.py).
    executor: ThreadPoolExecutor
    # The command menu (setMyCommands) and /help; each handler module appends its own commands.
    commands: list[BotCommand] = field(default_factory=list)
    admin_commands: list[BotCommand] = field(default_factory=list)
    # Set when the bot stops: background work (reading sentences ahead) ends at its next step.
    stopping: threading.Event = field(default_factory=threading.Event)

    @classmethod
    def create(cls, settings: Settings, desk: Newsdesk) -> BotContext:
        return cls(
            settings=settings,
            desk=desk,
            journal=FeedbackStore(settings.data_dir),
            rate_limiter=QuestionRateLimiter(settings.questions_per_minute),
            access=AccessControl(settings.allowed_chat_ids, settings.admin_user_ids),
            answers=AnswerMemory(),
            executor=ThreadPoolExecutor(settings.search_threads, thread_name_prefix="newsdesk-desk"),
        )

    def is_admin(self, user_id: int | None) -> bool:
        return self.access.is_admin(user_id)

    def run_blocking(self, function: Callable[[*Args], T], *args: *Args) -> asyncio.Future[T]:
        """Start a library call (search, indexing) on the bot's worker threads, off the event loop, and
        return its future. It is handed to a worker at once, before the handler awaits anything, so that
        sending "typing" meanwhile does not delay it."""
        return asyncio.get_running_loop().run_in_executor(self.executor, function, *args)

    def ask(self, question: str) -> asyncio.Future[Answer]:
        return self.run_blocking(self.desk.ask, question)

    def check(self, claim: str) -> asyncio.Future[CheckResult]:
        return self.run_blocking(self.checker.check, claim)

    @functools.cached_property
    def checker(self) -> FactChecker:
        return FactChecker.for_desk(self.desk)

    async def on_disk(self, function: Callable[[*Args], T], *args: *Args) -> T:
        """A SQLite call (the journal's feedback and counts, the watches), off the event loop but not on
        the desk's workers: a disk sync must not hold up a question."""
        return await asyncio.to_thread(function, *args)

    async def count(self, function: Callable[[*Args], None], *args: *Args) -> None:
        """Record a usage count for /stats; if the data folder cannot take it, the reader's answer still
        goes out, and the log says why."""
        try:
            await self.on_disk(function, *args)
        except NewsdeskError as error:
            log.warning("usage not recorded: %s", error.message)

    async def warm_up(self) -> None:
        """Encode once on every worker thread, so that no user pays for the questions' model starting up
        in a thread."""
        workers = self.settings.search_threads
        # Each warm-up holds its thread until all have started: one per worker, none doubled up.
        all_started = threading.Barrier(workers, timeout=WARM_UP_SECONDS)

        def warm_this_thread() -> None:
            with contextlib.suppress(threading.BrokenBarrierError):  # slow to start: warm it anyway
                all_started.wait()
            self.desk.warm_up()

        await asyncio.gather(*(self.run_blocking(warm_this_thread) for _ in range(workers)))

    def close(self) -> None:
        self.stopping.set()
        self.executor.shutdown(wait=True, cancel_futures=True)
