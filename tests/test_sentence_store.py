"""Sentences read ahead for answering: their vectors and entities kept beside the index, and answers that
look them up instead of reading them again."""

from __future__ import annotations

import threading
from pathlib import Path

import numpy as np
import pytest

from index.answer.candidates import quotable_texts
from index.desk import Newsdesk
from index.errors import StoreError
from index.language.asked import entities_of
from index.store.sentence_store import SentenceReading, SentenceStore
from index.store.torch_model import DIMENSIONS
from tests.bot_support import eventually
from tests.telegram_standin import TelegramStandin
from tests.test_bot import READER_ID, StartBot, bot_desk, start_bot  # noqa: F401  (fixtures)

SEED_QUESTIONS = (
    "Which company stopped mining near Walikale?",
    "How many Rwandan soldiers support the rebels?",
    "Who is the president of Congo?",
    "What is the weather in Oslo?",
)
# A guard against hanging on a machine under load, not a timing assertion.
READ_AHEAD_DEADLINE = 120.0
HARBOUR_REPORT = """Harbour ferry service resumes in Tromsø

The harbour ferry in Tromsø resumed its winter timetable on Monday after a two-week repair of its engine.
The operator said the crossing now runs every forty minutes until the end of March.
"""


def test_a_reading_comes_back_as_it_was_stored(tmp_path: Path) -> None:
    """Vector (here in steps float16 holds exactly) and entities read back as written; only the texts
    without a reading are unread, once each."""
    store = SentenceStore(tmp_path / "sentences.sqlite3")
    vector = ((np.arange(DIMENSIONS) - DIMENSIONS // 2) / 512).astype(np.float32)
    store.put({"Alphamin stopped mining.": SentenceReading(vector, (("Alphamin", "ORG"),))})
    found = store.get(["Alphamin stopped mining.", "Not stored."])
    assert list(found) == ["Alphamin stopped mining."]
    assert np.array_equal(found["Alphamin stopped mining."].vector, vector)
    assert found["Alphamin stopped mining."].entities == (("Alphamin", "ORG"),)
    assert store.unread(["Not stored.", "Alphamin stopped mining.", "Not stored."]) == ["Not stored."]


def test_looking_up_a_missing_store_creates_nothing(tmp_path: Path) -> None:
    """A data folder without the file has nothing stored, and a question's look-up leaves it so."""
    store = SentenceStore(tmp_path / "data" / "sentences.sqlite3")
    assert store.get(["A sentence."]) == {}
    assert store.unread(["A sentence."]) == ["A sentence."]
    assert not store.path.exists()


def test_reading_ahead_reads_each_sentence_once(seeded_desk: Newsdesk, tmp_path: Path) -> None:
    """The first call reads every quotable sentence; the next reads nothing while the index is unchanged;
    after an article is added, only the new article's sentences are read."""
    seeded = len(set(quotable_texts(seeded_desk.searcher.chunks)))
    assert seeded_desk.read_sentences() == seeded > 0
    assert seeded_desk.read_sentences() == 0
    report = tmp_path / "harbour.txt"
    report.write_text(HARBOUR_REPORT, encoding="utf-8")
    seeded_desk.index_paths([report])
    assert seeded_desk.read_sentences() == len(set(quotable_texts(seeded_desk.searcher.chunks))) - seeded


def test_a_stopped_reading_stores_nothing_and_is_taken_up_again(seeded_desk: Newsdesk) -> None:
    """Stopped before its first batch, the reading stores nothing, and the next call reads everything."""
    stop = threading.Event()
    stop.set()
    assert seeded_desk.read_sentences(stop) == 0
    assert seeded_desk.read_sentences() == len(set(quotable_texts(seeded_desk.searcher.chunks)))


def test_stored_readings_are_what_answering_reads_live(seeded_desk: Newsdesk) -> None:
    """A stored vector is the sentence's live vector, its entities are spaCy's, and the answers are the
    same once the sentences are stored."""
    before = [(a.abstained, a.text) for a in map(seeded_desk.ask, SEED_QUESTIONS)]
    seeded_desk.read_sentences()
    texts = list(dict.fromkeys(quotable_texts(seeded_desk.searcher.chunks)))
    stored = seeded_desk.answerer.reader.read(texts)
    live = seeded_desk.embedder.embed(texts)
    assert min(float(r.vector @ v) for r, v in zip(stored, live, strict=True)) > 0.999
    assert [r.entities for r in stored] == entities_of(texts)
    assert [(a.abstained, a.text) for a in map(seeded_desk.ask, SEED_QUESTIONS)] == before


def test_answers_look_their_sentences_up_in_the_store(seeded_desk: Newsdesk) -> None:
    """Once stored, a sentence is not read again: stored without its entities, the mining sentence no
    longer names the company to lead the answer with."""
    question = "Which company stopped mining near Walikale?"
    assert seeded_desk.ask(question).short == "Alphamin Resources"
    seeded_desk.read_sentences()
    store = seeded_desk.answerer.reader.store
    assert store is not None
    stored = store.get(quotable_texts(seeded_desk.searcher.chunks))
    store.put({text: SentenceReading(reading.vector, ()) for text, reading in stored.items()})
    assert seeded_desk.ask(question).short != "Alphamin Resources"


async def test_the_bot_reads_the_sentences_ahead_by_itself(
    standin: TelegramStandin,
    start_bot: StartBot,  # noqa: F811
    bot_desk: Newsdesk,  # noqa: F811
) -> None:
    """Running, the bot reads every indexed sentence ahead on its own, and answers meanwhile."""
    store = bot_desk.answerer.reader.store
    assert store is not None
    texts = quotable_texts(bot_desk.searcher.chunks)
    chat, reader = standin.private_chat(READER_ID)
    async with start_bot():
        asked = standin.send(chat, reader, "By how much will the Halvern harbour board raise mooring fees?")
        answer = await standin.reply(asked)
        await eventually(lambda: not store.unread(texts), READ_AHEAD_DEADLINE)
    assert "12 percent" in answer["text"]


def test_a_damaged_store_leaves_questions_answered_and_says_why_it_cannot_be_read(
    seeded_desk: Newsdesk,
) -> None:
    """Questions read their sentences themselves when the store's file is not a database; reading ahead
    stops with a message that names the file."""
    store = seeded_desk.answerer.reader.store
    assert store is not None
    store.path.write_bytes(b"not a database, " * 512)
    assert seeded_desk.ask("Which company stopped mining near Walikale?").short == "Alphamin Resources"
    with pytest.raises(StoreError, match=r"sentences\.sqlite3"):
        seeded_desk.read_sentences()
