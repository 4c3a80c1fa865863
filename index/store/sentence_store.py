"""What answering reads from a sentence, kept beside the index: its vector and its named entities.

Reading the retrieved sentences (MiniLM vectors, spaCy entities) was most of an answer's time: 41 of
59 ms a question at 22.9k chunks. `Newsdesk.read_sentences` (`newsdesk prepare`, and the bot while it is
idle) reads every indexed sentence once and keeps it here, so that a question only looks its sentences
up; a sentence not read yet is read while answering, as before.

Sentences are keyed by a hash of their text: the same text reads the same in any chunk, and a removed
article's rows are harmless. One SQLite file, in WAL mode like the journal, so the bot and a `newsdesk`
command may use it at once.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from index.errors import StoreError
from index.ops.sqlite import transaction
from index.store.torch_model import Vectors

log = logging.getLogger(__name__)

FILE_NAME = "sentences.sqlite3"
_SCHEMA = """
CREATE TABLE IF NOT EXISTS reading (
    key BLOB PRIMARY KEY,
    vector BLOB NOT NULL,
    entities TEXT NOT NULL
);
"""
# Rows of about 900 bytes, packed four to a page: a table "WITHOUT ROWID" gave each its own page or more
# (4.7 kB a sentence, against 1.0).
# SQLite's default limit on the parameters of one statement is 999 on older builds.
_KEYS_PER_QUERY = 500

Entities = tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class SentenceReading:
    """A sentence's vector (L2-normalised float32) and its entities as (text, label). Stored, the vector
    is rounded to float16: half the size, and its cosines move by about 1e-4, far below what bfloat16's
    rounding already moves them."""

    vector: Vectors
    entities: Entities


class SentenceStore:
    """Sentence readings in the SQLite file at `path`."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def get(self, texts: Iterable[str]) -> dict[str, SentenceReading]:
        """The stored readings of these texts; texts not read yet are left out. A store that cannot be
        read (a read-only data folder, a damaged file) has nothing: the question reads its sentences."""
        by_key = {key_of(text): text for text in texts}
        try:
            rows = self._rows("key, vector, entities", list(by_key))
        except StoreError as error:
            log.warning("sentences are read while answering: %s", error.message)
            return {}
        return {
            by_key[key]: SentenceReading(
                np.frombuffer(vector, dtype=np.float16).astype(np.float32),
                tuple((text, label) for text, label in json.loads(entities)),
            )
            for key, vector, entities in rows
        }

    def unread(self, texts: Sequence[str]) -> list[str]:
        """The texts (once each, in order) that have no stored reading; a StoreError when the file
        cannot be read."""
        by_key = {key_of(text): text for text in dict.fromkeys(texts)}
        known = {key for (key,) in self._rows("key", list(by_key))}
        return [text for key, text in by_key.items() if key not in known]

    def put(self, readings: Mapping[str, SentenceReading]) -> None:
        """Store these readings; a StoreError when the file cannot be written."""
        rows = [
            (key_of(text), reading.vector.astype(np.float16).tobytes(), json.dumps(reading.entities))
            for text, reading in readings.items()
        ]
        with transaction(self.path, _SCHEMA) as connection:
            connection.executemany("INSERT OR REPLACE INTO reading VALUES (?, ?, ?)", rows)

    def _rows(self, columns: str, keys: Sequence[bytes]) -> list[tuple[Any, ...]]:
        """These columns of the rows with these keys."""
        if not keys or not self.path.exists():
            return []
        rows: list[tuple[Any, ...]] = []
        with transaction(self.path, _SCHEMA) as connection:
            for start in range(0, len(keys), _KEYS_PER_QUERY):
                part = keys[start : start + _KEYS_PER_QUERY]
                marks = ",".join("?" * len(part))
                rows += connection.execute(f"SELECT {columns} FROM reading WHERE key IN ({marks})", part)
        return rows


def key_of(text: str) -> bytes:
    return hashlib.blake2b(text.encode("utf-8"), digest_size=16).digest()
