"""What readers told us and how much the desk was used, kept in the data folder across restarts.

One SQLite file (`newsdesk.sqlite3` in NEWSDESK_DATA_DIR), opened as `index.ops.sqlite` does for every
store in the data folder: crash-safe, and shared by the bot and a `newsdesk feedback` run at the same time.
"""

from __future__ import annotations

import json
import sqlite3
import statistics
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from index.model import Answer
from index.ops.sqlite import FILE_NAME, transaction

# The median latency /stats shows is taken over this many of the newest questions.
LATENCIES_KEPT = 1000

Vote = Literal["up", "down"]

_SCHEMA = """
CREATE TABLE IF NOT EXISTS feedback (
    answer_key TEXT NOT NULL,
    voter TEXT NOT NULL,
    vote TEXT NOT NULL,
    at REAL NOT NULL,
    question TEXT NOT NULL,
    answer TEXT NOT NULL,
    PRIMARY KEY (answer_key, voter)
);
CREATE TABLE IF NOT EXISTS counters (name TEXT PRIMARY KEY, value INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS latencies (id INTEGER PRIMARY KEY AUTOINCREMENT, seconds REAL NOT NULL);
"""


@dataclass(frozen=True)
class Feedback:
    """One reader's 👍 or 👎 on one answer, with the question, the answer and its sources as shown."""

    answer_key: str
    voter: str
    vote: Vote
    at: float
    question: str
    answer: dict[str, object]

    def as_dict(self) -> dict[str, object]:
        return {
            "answer_key": self.answer_key,
            "voter": self.voter,
            "vote": self.vote,
            "at": self.at,
            "question": self.question,
            "answer": self.answer,
        }


@dataclass(frozen=True)
class Usage:
    """The counts /stats shows, since the data folder was created."""

    counters: dict[str, int] = field(default_factory=dict)
    latencies: Sequence[float] = ()

    def count(self, name: str) -> int:
        return self.counters.get(name, 0)

    @property
    def median_latency(self) -> float | None:
        return statistics.median(self.latencies) if self.latencies else None


class FeedbackStore:
    """Feedback on answers, and usage counters, in the data folder."""

    def __init__(self, data_dir: Path) -> None:
        self.path = data_dir / FILE_NAME

    @contextmanager
    def _connection(self) -> Iterator[sqlite3.Connection]:
        with transaction(self.path, _SCHEMA) as connection:
            yield connection

    def record_vote(self, answer_key: str, voter: str, vote: Vote, answer: Answer) -> None:
        """Store a vote; the same reader voting again on the same answer changes their vote."""
        with self._connection() as db:
            db.execute(
                "INSERT OR REPLACE INTO feedback VALUES (?, ?, ?, ?, ?, ?)",
                (answer_key, voter, vote, time.time(), answer.question, json.dumps(answer.as_dict())),
            )

    def feedback(self) -> list[Feedback]:
        """Every vote, oldest first."""
        with self._connection() as db:
            rows = db.execute("SELECT * FROM feedback ORDER BY at").fetchall()
        return [Feedback(key, voter, vote, at, q, json.loads(a)) for key, voter, vote, at, q, a in rows]

    def count(self, name: str, by: int = 1) -> None:
        with self._connection() as db:
            _bump(db, name, by)

    def record_question(self, seconds: float, abstained: bool) -> None:
        """One answered question: counted, with its latency, and as an abstention when it was one."""
        with self._connection() as db:
            _bump(db, "questions", 1)
            _bump(db, "abstained", int(abstained))
            db.execute("INSERT INTO latencies (seconds) VALUES (?)", (seconds,))
            db.execute(
                "DELETE FROM latencies WHERE id <= (SELECT MAX(id) FROM latencies) - ?", (LATENCIES_KEPT,)
            )

    def usage(self) -> Usage:
        """The counters, the votes by kind, and the newest latencies."""
        with self._connection() as db:
            counters = dict(db.execute("SELECT name, value FROM counters").fetchall())
            for vote, votes in db.execute("SELECT vote, COUNT(*) FROM feedback GROUP BY vote"):
                counters[f"votes_{vote}"] = votes
            latencies = [seconds for (seconds,) in db.execute("SELECT seconds FROM latencies")]
        return Usage(counters, latencies)


def _bump(db: sqlite3.Connection, name: str, by: int) -> None:
    db.execute(
        "INSERT INTO counters VALUES (?, ?) ON CONFLICT(name) DO UPDATE SET value = value + ?", (name, by, by)
    )
