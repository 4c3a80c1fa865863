"""The data folder's SQLite file, opened the one crash-safe way its stores (feedback, watches) share.

WAL mode with full syncs: a crash or a power cut loses at most the write in flight, never the file. Every
call opens its own connection, so the bot's threads and a `newsdesk` command at the same time need no lock
of ours; each block is one transaction, committed whole or rolled back.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from contextlib import closing, contextmanager
from pathlib import Path

from index.errors import StoreError

FILE_NAME = "newsdesk.sqlite3"
_prepared: set[tuple[Path, str]] = set()
_preparing = threading.Lock()


@contextmanager
def transaction(path: Path, schema: str, immediate: bool = False) -> Iterator[sqlite3.Connection]:
    """One transaction on the file at `path`, its tables created first when missing. `immediate` takes the
    write lock at once: what the block reads is not changed by another writer before it writes."""
    try:
        prepare(path, schema)
        with closing(sqlite3.connect(path, timeout=30, isolation_level=None)) as connection:
            connection.execute("PRAGMA synchronous=FULL")
            connection.execute("BEGIN IMMEDIATE" if immediate else "BEGIN")
            try:
                yield connection
            except BaseException:
                connection.execute("ROLLBACK")
                raise
            connection.execute("COMMIT")
    except sqlite3.Error as error:  # damaged, full, read-only, or deleted under us
        raise StoreError(
            f"{path} cannot be used ({error}); check the data folder's disk space and permissions"
        ) from None


def prepare(path: Path, schema: str) -> None:
    """WAL mode (the file keeps it) and the tables, once per process and file. Switching the journal
    mode needs the file to itself: connections racing to do it got "database is locked" at once,
    whatever their timeout, and a bot question asked alongside four others failed."""
    with _preparing:
        if (path, schema) in _prepared and path.exists():  # a deleted file is made again
            return
        make_folder(path)
        with closing(sqlite3.connect(path, timeout=30, isolation_level=None)) as connection:
            connection.execute("PRAGMA journal_mode=WAL")
            connection.executescript(schema)
        _prepared.add((path, schema))


def make_folder(path: Path) -> None:
    """The folder of the file at `path`, made when missing. A StoreError naming the file when it cannot
    be, as for a data folder that is a file: an OSError would reach the user as a file of theirs."""
    folder = path.parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        reason = f"{folder} is not a folder" if folder.is_file() else error.strerror or str(error)
        raise StoreError(
            f"{path} cannot be used ({reason}); set NEWSDESK_DATA_DIR to a folder that can be written"
        ) from None
