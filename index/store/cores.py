"""How embedding calls share the CPU cores: one call alone takes them all, calls that wait together then
take one each, and questions go before indexing's next batch."""

from __future__ import annotations

import itertools
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator
from contextlib import contextmanager

# While questions were asked this recently, indexing keeps to one core and leaves the other to them.
QUESTIONS_RECENT_SECONDS = 5.0


class CoreTurns:
    """Hands out cores to calls. Two one-core encodes side by side answer concurrent users about a third
    more questions a second than one two-core encode after another (benchmarks/bot_load.py)."""

    def __init__(self, cores: int, clock: Callable[[], float] = time.monotonic) -> None:
        self.total = cores
        self._free = cores
        self._clock = clock
        self._turns = threading.Condition()
        self._waiting: deque[int] = deque()
        self._tickets = itertools.count()
        self._last_question = clock() - QUESTIONS_RECENT_SECONDS

    @property
    def waiting(self) -> int:
        """How many questions' calls wait in line for a core."""
        with self._turns:
            return len(self._waiting)

    @contextmanager
    def turn(self, *, urgent: bool) -> Iterator[int]:
        """Wait for a free core: questions' calls (`urgent`) in the order they came, indexing's batches
        when no question is waiting. Yields the number of cores taken."""
        with self._turns:
            if urgent:
                self._wait_in_line()
                self._last_question = self._clock()
            else:
                self._turns.wait_for(lambda: self._free > 0 and not self._waiting)
            cores = self._cores_for(urgent)
            self._free -= cores
        try:
            yield cores
        finally:
            with self._turns:
                self._free += cores
                self._turns.notify_all()

    def _wait_in_line(self) -> None:
        """Until this question's call is first in line and a core is free (holding `_turns`)."""
        ticket = next(self._tickets)
        self._waiting.append(ticket)
        self._turns.notify_all()  # for anyone watching `waiting`
        try:
            self._turns.wait_for(lambda: self._free > 0 and self._waiting[0] == ticket)
        finally:
            # Also when interrupted: a ticket left in line would stop every later question.
            self._waiting.remove(ticket)
            # The next in line may take the other core.
            self._turns.notify_all()

    def _cores_for(self, urgent: bool) -> int:
        """One core when others wait, or for indexing while questions come; else every free core."""
        questions_recent = self._clock() - self._last_question < QUESTIONS_RECENT_SECONDS
        return 1 if self._waiting or (not urgent and questions_recent) else self._free
