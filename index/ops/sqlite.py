"""The data folder's SQLite file, opened the one crash-safe way its stores (feedback, watches) share.

WAL mode with full syncs: a crash or a power cut loses at most the write in flight, never the file. Every
call opens its own connection, so the bot's threads and a `newsdesk` command at the same time need no lock
of ours; each block is one transaction, committed whole or rolled back.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import closing, contextmanager
from pathlib import Path

FILE_NAME = "newsdesk.sqlite3"


@contextmanager
def transaction(path: Path, schema: str, immediate: bool = False) -> Iterator[sqlite3.Connection]:
    """One transaction on the file at `path`, its tables created first when missing. `immediate` takes the
    write lock at once: what the block reads is not changed by another writer before it writes."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with closing(sqlite3.connect(path, timeout=30, isolation_level=None)) as connection:
        connection.execute("PRAGMA journal_mode=WAL")
        connection.execute("PRAGMA synchronous=FULL")
        connection.executescript(schema)
        connection.execute("BEGIN IMMEDIATE" if immediate else "BEGIN")
        try:
            yield connection
        except BaseException:
            connection.execute("ROLLBACK")
            raise
        connection.execute("COMMIT")
