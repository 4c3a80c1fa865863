"""Questions about the seed article, worded as readers word them, answered from the real index."""

from __future__ import annotations

import json

import pytest

from index.desk import Newsdesk
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
        ("What minerals are found around Walikale?", "tin and gold"),
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
    assert answer.text.startswith("The indexed articles don't cover this.")
    assert answer.closest is not None and "Walikale" in answer.closest.title


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


def test_the_sentence_after_the_best_one_is_read_right_after_it(seeded_desk: Newsdesk) -> None:
    """The deposits sentence is best; the next one, in the following chunk, names the company."""
    sentences = seeded_desk.ask("Which company stopped mining near Walikale?").text.split(" [1] ")
    assert sentences[0].startswith("Walikale is home to vast tin and gold deposits")
    assert sentences[1].startswith("Recent rebel offensives have compelled major mining operations")


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
