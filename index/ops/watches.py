"""Watched claims: each is checked against newly indexed articles, and a new verdict becomes an alert.

The watches, the articles already looked at, and the alerts waiting to be delivered live in the data
folder's SQLite file (`index.ops.sqlite`), so they survive restarts and are shared by the bot and the
`newsdesk watch` commands. An alert is written to an outbox in the same transaction that records the
verdict: a front end delivers it and marks it delivered, so a crash before delivery sends it later, and a
watch is never told the same verdict from the same article twice.
"""

from __future__ import annotations

import dataclasses
import json
import math
import sqlite3
import threading
import time
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING

from index.errors import NotFoundError, QuestionError
from index.language.tokens import TOKENIZER
from index.model import CheckResult, Citation, Verdict
from index.ops.sqlite import FILE_NAME, transaction

if TYPE_CHECKING:
    from pathlib import Path

    from index.desk import Newsdesk
    from index.factcheck.check import FactChecker

# An article is judged for a claim when it holds at least this share of the claim's word stems (and at
# least two of them): a cheap look that spares the checker the articles about other stories.
SHARED_TERMS = 0.5
QUOTES_PER_ALERT = 2

_SCHEMA = """
CREATE TABLE IF NOT EXISTS watches (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    chat_id INTEGER,
    user_id INTEGER,
    claim TEXT NOT NULL,
    created_at REAL NOT NULL,
    verdict TEXT,
    verdict_at REAL
);
CREATE TABLE IF NOT EXISTS watch_told (
    watch_id INTEGER NOT NULL, article_id TEXT NOT NULL, PRIMARY KEY (watch_id, article_id)
);
CREATE TABLE IF NOT EXISTS watch_seen (article_id TEXT PRIMARY KEY);
CREATE TABLE IF NOT EXISTS watch_state (name TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS watch_alerts (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    watch_id INTEGER NOT NULL,
    chat_id INTEGER,
    at REAL NOT NULL,
    alert TEXT NOT NULL,
    delivered INTEGER NOT NULL DEFAULT 0
);
"""
_WATCH_COLUMNS = "id, chat_id, user_id, claim, created_at, verdict, verdict_at"


@dataclass(frozen=True)
class Watch:
    """A claim followed for a chat (chat_id None: a local watch, kept by the CLI)."""

    id: int
    chat_id: int | None
    user_id: int | None
    claim: str
    created_at: float
    verdict: Verdict | None = None
    verdict_at: float | None = None

    @classmethod
    def from_row(cls, row: tuple[int, int | None, int | None, str, float, str | None, float | None]) -> Watch:
        id_, chat_id, user_id, claim, created_at, verdict, verdict_at = row
        return cls(
            id_, chat_id, user_id, claim, created_at, Verdict(verdict) if verdict else None, verdict_at
        )

    def as_dict(self) -> dict[str, object]:
        return {
            "id": self.id,
            "chat_id": self.chat_id,
            "user_id": self.user_id,
            "claim": self.claim,
            "created_at": self.created_at,
            "verdict": self.verdict.value if self.verdict else None,
            "verdict_at": self.verdict_at,
        }


@dataclass(frozen=True)
class AlertQuote:
    """A sentence that decided the new verdict, and the article it is from."""

    verdict: Verdict
    quote: str
    article_id: str
    title: str
    outlet: str
    published: str
    url: str

    @classmethod
    def of(cls, verdict: Verdict, citation: Citation) -> AlertQuote:
        source = citation.source
        return cls(
            verdict,
            citation.quote.text,
            source.article_id,
            source.title,
            source.source,
            source.published,
            source.url,
        )

    def as_dict(self) -> dict[str, str]:
        return {
            "verdict": self.verdict.value,
            "quote": self.quote,
            "id": self.article_id,
            "title": self.title,
            "source": self.outlet,
            "published": self.published,
            "url": self.url,
        }


@dataclass(frozen=True)
class Alert:
    """A watched claim's new verdict from new articles, for the chat that set the watch."""

    id: int
    watch_id: int
    chat_id: int | None
    claim: str
    verdict: Verdict
    previous: Verdict | None
    quotes: tuple[AlertQuote, ...]
    at: float

    def as_dict(self) -> dict[str, object]:
        return {
            "id": self.id,
            "watch_id": self.watch_id,
            "chat_id": self.chat_id,
            "claim": self.claim,
            "verdict": self.verdict.value,
            "previous": self.previous.value if self.previous else None,
            "quotes": [q.as_dict() for q in self.quotes],
            "at": self.at,
        }


def alert_quotes(result: CheckResult) -> tuple[AlertQuote, ...]:
    """The deciding quotes of the parts that were settled, first quote of each part first."""
    quotes = [AlertQuote.of(p.verdict, c) for p in result.parts for c in p.evidence[:1]]
    quotes += [AlertQuote.of(p.verdict, c) for p in result.parts for c in p.evidence[1:]]
    return tuple(quotes[:QUOTES_PER_ALERT])


def _alert_from_row(row: tuple[int, str]) -> Alert:
    alert_id, body = row
    data = json.loads(body)
    quotes = tuple(
        AlertQuote(
            Verdict(q["verdict"]), q["quote"], q["id"], q["title"], q["source"], q["published"], q["url"]
        )
        for q in data["quotes"]
    )
    previous = Verdict(data["previous"]) if data["previous"] else None
    return Alert(
        alert_id,
        data["watch_id"],
        data["chat_id"],
        data["claim"],
        Verdict(data["verdict"]),
        previous,
        quotes,
        data["at"],
    )


class WatchStore:
    """Watches, the articles already looked at, and the alerts' outbox, in the data folder."""

    def __init__(self, data_dir: Path, max_per_chat: int = 20) -> None:
        self.path = data_dir / FILE_NAME
        self.max_per_chat = max_per_chat

    @contextmanager
    def _connection(self, immediate: bool = False) -> Iterator[sqlite3.Connection]:
        with transaction(self.path, _SCHEMA, immediate) as connection:
            yield connection

    # -- watches ---------------------------------------------------------------------------------

    def add(self, claim: str, chat_id: int | None, user_id: int | None, result: CheckResult) -> Watch:
        """A new watch, its verdict so far from `result`; refused past the chat's limit."""
        with self._connection(immediate=True) as db:
            count = db.execute("SELECT COUNT(*) FROM watches WHERE chat_id IS ?", (chat_id,)).fetchone()[0]
            if count >= self.max_per_chat:
                raise QuestionError(
                    f"This chat already watches {count} claims, the most it may; remove one first."
                )
            now = time.time()
            cursor = db.execute(
                "INSERT INTO watches (chat_id, user_id, claim, created_at, verdict, verdict_at)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                (chat_id, user_id, claim, now, result.verdict.value, now),
            )
            watch_id = int(cursor.lastrowid or 0)
            _mark_told(db, watch_id, result)
        return Watch(watch_id, chat_id, user_id, claim, now, result.verdict, now)

    def watches(self, chat_id: int | None = None, *, every_chat: bool = False) -> list[Watch]:
        """One chat's watches (None: the local ones), or every watch, oldest first."""
        query = f"SELECT {_WATCH_COLUMNS} FROM watches"
        with self._connection() as db:
            if every_chat:
                rows = db.execute(f"{query} ORDER BY id").fetchall()
            else:
                rows = db.execute(f"{query} WHERE chat_id IS ? ORDER BY id", (chat_id,)).fetchall()
        return [Watch.from_row(row) for row in rows]

    def numbered(self, chat_id: int | None, number: int) -> Watch:
        """A chat's watch by its number in `watches(chat_id)`, counted from 1."""
        watches = self.watches(chat_id)
        if not 1 <= number <= len(watches):
            raise NotFoundError(f"no watch number {number} (there are {len(watches)})")
        return watches[number - 1]

    def remove(self, watch_id: int) -> None:
        """Forget a watch, with what it was told and its undelivered alerts."""
        with self._connection() as db:
            for table, column in (
                ("watches", "id"),
                ("watch_told", "watch_id"),
                ("watch_alerts", "watch_id"),
            ):
                db.execute(f"DELETE FROM {table} WHERE {column} = ?", (watch_id,))

    # -- new articles ----------------------------------------------------------------------------

    def has_baseline(self) -> bool:
        with self._connection() as db:
            return db.execute("SELECT 1 FROM watch_state WHERE name = 'baseline'").fetchone() is not None

    def set_baseline(self, article_ids: Sequence[str]) -> None:
        """The articles there were before anything was watched: never judged as new."""
        with self._connection(immediate=True) as db:
            db.executemany("INSERT OR IGNORE INTO watch_seen VALUES (?)", ((a,) for a in article_ids))
            db.execute("INSERT OR IGNORE INTO watch_state VALUES ('baseline', ?)", (str(time.time()),))

    def unseen(self, article_ids: Sequence[str]) -> list[str]:
        """Which of these articles have not been looked at for the watches yet."""
        with self._connection() as db:
            seen = {a for (a,) in db.execute("SELECT article_id FROM watch_seen")}
        return [a for a in article_ids if a not in seen]

    def record(self, article_ids: Sequence[str], judged: Sequence[tuple[Watch, CheckResult]]) -> list[Alert]:
        """Mark the articles looked at, and turn each verdict new for its watch into an alert in the
        outbox. Decided under the write lock, on the watch as stored: two runs at once alert once."""
        alerts: list[Alert] = []
        with self._connection(immediate=True) as db:
            db.executemany("INSERT OR IGNORE INTO watch_seen VALUES (?)", ((a,) for a in article_ids))
            for watch, result in judged:
                alert = _new_alert(db, watch.id, result)
                if alert is not None:
                    alerts.append(alert)
        return alerts

    # -- the outbox ------------------------------------------------------------------------------

    def pending(self, local: bool) -> list[Alert]:
        """Alerts not yet delivered: the chats' (for the bot) or the local watches' (for the CLI)."""
        test = "IS NULL" if local else "IS NOT NULL"
        with self._connection() as db:
            rows = db.execute(
                f"SELECT id, alert FROM watch_alerts WHERE delivered = 0 AND chat_id {test} ORDER BY id"
            ).fetchall()
        return [_alert_from_row(row) for row in rows]

    def delivered(self, alert_id: int) -> None:
        with self._connection() as db:
            db.execute("UPDATE watch_alerts SET delivered = 1 WHERE id = ?", (alert_id,))


def _cited(result: CheckResult) -> set[str]:
    return {c.source.article_id for p in result.parts for c in p.evidence}


def _mark_told(db: sqlite3.Connection, watch_id: int, result: CheckResult) -> None:
    db.executemany("INSERT OR IGNORE INTO watch_told VALUES (?, ?)", ((watch_id, a) for a in _cited(result)))


def _new_alert(db: sqlite3.Connection, watch_id: int, result: CheckResult) -> Alert | None:
    """The alert for a watch's verdict on new articles, if the verdict is news to the watch."""
    row = db.execute(f"SELECT {_WATCH_COLUMNS} FROM watches WHERE id = ?", (watch_id,)).fetchone()
    if row is None or result.verdict is Verdict.NOT_IN_ARTICLES:  # removed meanwhile, or nothing to say
        return None
    watch = Watch.from_row(row)
    told = {a for (a,) in db.execute("SELECT article_id FROM watch_told WHERE watch_id = ?", (watch_id,))}
    if result.verdict is watch.verdict or _cited(result) <= told:
        return None
    now = time.time()
    db.execute(
        "UPDATE watches SET verdict = ?, verdict_at = ? WHERE id = ?", (result.verdict.value, now, watch_id)
    )
    _mark_told(db, watch_id, result)
    draft = Alert(
        0, watch_id, watch.chat_id, watch.claim, result.verdict, watch.verdict, alert_quotes(result), now
    )
    cursor = db.execute(
        "INSERT INTO watch_alerts (watch_id, chat_id, at, alert) VALUES (?, ?, ?, ?)",
        (watch_id, watch.chat_id, now, json.dumps(draft.as_dict(), ensure_ascii=False)),
    )
    return dataclasses.replace(draft, id=int(cursor.lastrowid or 0))


class Watcher:
    """Checks every watched claim against the articles indexed since it last looked.

    Each new article's words are read once; a claim is judged only on the new articles that share enough
    of its words, by the fact-checker limited to those articles (the model has already embedded them
    when they were indexed). One run at a time in a process; the outbox keeps two processes' runs apart.
    """

    def __init__(self, desk: Newsdesk, checker: FactChecker, store: WatchStore) -> None:
        self.desk = desk
        self.checker = checker
        self.store = store
        self._lock = threading.Lock()
        self._revision: tuple[int, str] | None = None

    def add(self, claim: str, chat_id: int | None = None, user_id: int | None = None) -> Watch:
        """Watch a claim; its verdict so far (from every article) is the one later verdicts must differ
        from to be news."""
        claim = self.checker.validate(claim)
        if not self.store.has_baseline():
            self.store.set_baseline([r.id for r in self.desk.articles()])
        return self.store.add(claim, chat_id, user_id, self.checker.check(claim))

    def run(self) -> list[Alert]:
        """Judge the articles indexed since the last run against every watch; the new alerts (also left
        in the outbox for their front end to deliver)."""
        with self._lock:
            self.desk.catch_up()  # another process (`newsdesk index`, a feed poll) may have added them
            revision = self.desk.revision()
            if revision == self._revision:
                return []
            ids = [r.id for r in self.desk.articles()]
            if not self.store.has_baseline():
                self.store.set_baseline(ids)
                self._revision = revision
                return []
            # An article search does not serve yet cannot be judged: it stays unseen for the next run.
            unseen = self.store.unseen(ids)
            served = self.desk.article_texts(unseen)
            new = [a for a in unseen if a in served]
            judged = self.judge(new, self.store.watches(every_chat=True), served) if new else []
            alerts = self.store.record(new, judged)
            self._revision = revision
            return alerts

    def judge(
        self, article_ids: Sequence[str], watches: Sequence[Watch], texts: Mapping[str, str] | None = None
    ) -> list[tuple[Watch, CheckResult]]:
        """Each watch's verdict from the new articles that share its words (watches sharing none are
        not judged); `texts` are the articles' texts when the caller has read them already."""
        texts = self.desk.article_texts(article_ids) if texts is None else texts
        terms = {a: frozenset(TOKENIZER.stems(text)) for a, text in texts.items()}
        judged = []
        for watch in watches:
            claim = claim_terms(watch.claim)
            scope = [a for a in article_ids if shares_terms(claim, terms.get(a, frozenset()))]
            if scope:
                judged.append((watch, self.checker.check(watch.claim, articles=scope)))
        return judged


def claim_terms(claim: str) -> frozenset[str]:
    return frozenset(TOKENIZER.stems(claim))


def shares_terms(claim: frozenset[str], article: frozenset[str]) -> bool:
    """Does the article hold enough of the claim's word stems to be worth judging it on?"""
    needed = max(min(2, len(claim)), math.ceil(len(claim) * SHARED_TERMS))
    return bool(claim) and len(claim & article) >= needed
