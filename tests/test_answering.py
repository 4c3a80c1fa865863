"""Questions about the seed article, worded as readers word them, answered from the real index."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import pytest

from index.answer.compose import UNSURE_NOTE
from index.cli.terminal import format_answer
from index.desk import Newsdesk
from index.model import Answer, Source
from index.settings import Settings
from index.store.embeddings import shared_embedder
from tests.conftest import SEED_FILE

SEED_ID = "24de631dd57c4b30"


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("How many Rwandan soldiers support the rebels?", "4,000 Rwandan troops"),
        ("How many people have been displaced in eastern Congo?", "7 million displaced"),
        ("Which mining company halted operations?", "Alphamin Resources"),
        ("Which company stopped mining near Walikale?", "Alphamin Resources"),
        ("Where did the peace talks take place?", "Qatar"),
        ("Who is the president of Congo?", "Felix Tshisekedi"),
        ("What is Tshisekedi seeking from the US?", "U.S. support"),
    ],
)
def test_reader_questions_are_answered_with_the_right_cited_sentence(
    seeded_desk: Newsdesk, question: str, expected: str
) -> None:
    """The answer quotes the sentence holding the fact, cites [1], and [1] is the seed article."""
    answer = seeded_desk.ask(question)
    assert not answer.abstained
    assert expected in answer.text
    assert "[1]" in answer.text
    assert answer.sources[0].article_id == SEED_ID
    assert answer.sources[0].source == "www.2news.com"


@pytest.mark.parametrize(
    "question",
    [
        "Who won the 2022 World Cup?",
        "What is the price of Bitcoin?",
        "How do I bake sourdough bread?",
        "Did the Fed raise interest rates?",
        "What is the capital of France?",
    ],
)
def test_unrelated_questions_abstain_and_name_the_closest_article(
    seeded_desk: Newsdesk, question: str
) -> None:
    """Off-topic questions get an honest "don't cover this", never a quote."""
    answer = seeded_desk.ask(question)
    assert answer.abstained
    assert answer.sources == []
    assert answer.text.startswith("The articles don't say.")
    assert answer.closest is not None and "Walikale" in answer.closest.title


def test_a_figure_of_something_else_does_not_answer_how_many(seeded_desk: Newsdesk) -> None:
    """The seed article gives no population of Kinshasa: the sentence on its 4,000 Rwandan troops is
    not quoted as the answer; the articles don't say, and the closest coverage is named."""
    answer = seeded_desk.ask("What is the population of Kinshasa?")
    assert answer.abstained and answer.short is None
    assert answer.text.startswith("The articles don't say.")
    assert "4,000" not in answer.text


def test_a_doubtful_quote_is_told_as_the_closest_the_articles_come(seeded_desk: Newsdesk) -> None:
    """The model doubts that any sentence answers "What happened to the town population?": the answer
    quotes the closest under a note that it may not answer, and gives no short line to read as the
    answer. A confident answer carries no such note."""
    answer = seeded_desk.ask("What happened to the town population?")
    assert answer.unsure and not answer.abstained and answer.short is None
    assert format_answer(answer).startswith(UNSURE_NOTE)
    assert answer.as_dict()["unsure"] is True
    sure = seeded_desk.ask("Which company stopped mining near Walikale?")
    assert not sure.unsure and UNSURE_NOTE not in format_answer(sure)


def test_a_summary_sentence_restating_the_quoted_body_sentence_is_left_out(seeded_desk: Newsdesk) -> None:
    """The summary paragraph says again what the body says; the answer quotes it once, not twice."""
    answer = seeded_desk.ask("Did the rebels ignore the ceasefire calls?")
    assert "disregarding recent calls for a ceasefire" in answer.text
    assert "dismissing ceasefire calls" not in answer.text


def test_background_sentences_sharing_no_word_with_the_question_are_left_out(seeded_desk: Newsdesk) -> None:
    """The capture of Goma and Bukavu is near the mining paragraph in meaning, but says nothing about it."""
    answer = seeded_desk.ask("Which company stopped mining near Walikale?")
    assert "Alphamin Resources" in answer.text
    assert "Goma and Bukavu" not in answer.text


def test_the_sentence_that_names_the_asked_for_company_leads_and_the_short_answer_names_it(
    seeded_desk: Newsdesk,
) -> None:
    """The deposits sentence is closest in meaning, but the Alphamin sentence names a company: it comes
    first, and the short answer line is the company."""
    answer = seeded_desk.ask("Which company stopped mining near Walikale?")
    assert answer.text.startswith("Recent rebel offensives have compelled major mining operations")
    assert answer.short == "Alphamin Resources"


def test_answers_are_short_and_further_quotes_wait_for_more(seeded_desk: Newsdesk) -> None:
    """The answer tells at most two sentences; the others it found are kept apart, each cited."""
    answer = seeded_desk.ask("What happened to mining near Walikale?")
    told = answer.text.split("\n\n")[0]
    assert 1 <= told.count(" [1]") <= 2
    assert re.fullmatch(r"(.+? \[\d+\] ?)+", answer.more)


SEED_QUESTIONS = (
    "Which company stopped mining near Walikale?",
    "How many Rwandan soldiers support the rebels?",
    "Where did the peace talks take place?",
    "Who is the president of Congo?",
    "What is the population of Kinshasa?",
)


def test_the_seed_questions_get_the_same_answers_in_float32_and_bfloat16(tmp_path: Path) -> None:
    """Rounding differs between the precisions; what is answered, and which sentence leads, does not."""
    told: dict[str, list[tuple[bool, str]]] = {}
    for precision in ("float32", "bfloat16"):
        settings = Settings(data_dir=tmp_path / precision, precision=precision, _env_file=None)
        desk = Newsdesk(settings, shared_embedder(precision))
        desk.index_paths([SEED_FILE])
        answers = [desk.ask(question) for question in SEED_QUESTIONS]
        told[precision] = [(a.abstained, a.text.split(" [")[0]) for a in answers]
    assert told["float32"] == told["bfloat16"]


def test_every_quote_is_verbatim_at_its_offsets_in_the_article(seeded_desk: Newsdesk) -> None:
    """A citation points to text that is really in the article, at the offsets it claims."""
    article = seeded_desk.load([SEED_FILE]).articles[0]
    for question in ("Who backs the M23 rebels?", "What happened to mining near Walikale?"):
        answer = seeded_desk.ask(question)
        for source in answer.sources:
            for quote in source.quotes:
                assert article.text[quote.start : quote.end] == quote.text


def test_ask_json_has_the_fields_other_tools_rely_on(seeded_desk: Newsdesk) -> None:
    """`ask --json` exposes answer, abstained and sources with id/title/source/published/url/quote."""
    payload = json.loads(json.dumps(seeded_desk.ask("Who backs the M23 rebels?").as_dict()))
    assert isinstance(payload["answer"], str) and payload["abstained"] is False
    source = payload["sources"][0]
    assert {"id", "title", "source", "published", "url", "quote"} <= source.keys()
    seed_text = SEED_FILE.read_text(encoding="utf-8")
    assert all(part in seed_text for part in source["quote"].split(" … "))


def test_the_sources_and_date_shown_are_those_the_told_text_cites() -> None:
    """A source only the further quotes (`more`) cite is listed, and dates the answer, only when they are
    shown: "Newest report" and `as_of_evidence` speak for the quotes the reader sees."""
    told = Source(1, "a", "Election won", "CNN", "2022-06-17", "https://cnn.example/a")
    further = Source(2, "b", "Later profile", "CNN", "2022-12-07", "https://cnn.example/b")
    answer = Answer("q", "Petro won on Sunday. [1]", False, [told, further], 0.9, more="He spoke. [2]")
    assert answer.shown_sources() == [told] and answer.shown_sources(more=True) == [told, further]
    assert answer.as_of_evidence == date(2022, 6, 17)
    assert "[2] Later profile" not in format_answer(answer)
    assert "[2] Later profile" in format_answer(answer, more=True)
