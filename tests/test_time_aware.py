"""Time-aware, honest answers on synthetic news the tests own: the evidence date, the as-of cut-off,
sources in citation order, syndicated copies counted once, disagreeing figures shown with their dates, and
abstentions that say what the index covers."""

from __future__ import annotations

import json
import re
from datetime import date

import pytest

from bot.answer_view import View, render
from index.answer.compose import as_of_line
from index.answer.figures import Statement, disagreements, figures
from index.answer.syndication import copy_groups
from index.cli.terminal import format_answer
from index.desk import Newsdesk
from index.language.tokens import Tokenizer
from index.model import Answer, Article, StoredChunk, human_date

QUAKE_LATER = Article(
    "Marlow earthquake toll climbs as rescuers reach hill villages",
    "Rescue teams reached the hill villages above Marlow on Wednesday. "
    "Officials said the Marlow earthquake death toll rose to 311 on Wednesday. "
    "Aid convoys from Keswin brought tents, water and medicine to the valley.",
    "Valley Herald",
    "https://example.test/quake-later",
    date(2025, 3, 12),
)
QUAKE_EARLIER = Article(
    "Marlow earthquake: rescuers search collapsed schools",
    "Crews searched collapsed schools in the old town through the night. "
    "Rescuers said the Marlow earthquake death toll stood at 228 on Sunday. "
    "The regional governor declared three days of mourning.",
    "Coast Tribune",
    "https://example.test/quake-earlier",
    date(2025, 3, 9),
)
QUAKE_AFTER_AS_OF = Article(
    "Marlow earthquake: final count published",
    "The interior ministry said the Marlow earthquake death toll reached 402 after the search ended. "
    "Reconstruction of the hill villages will begin in April.",
    "Valley Herald",
    "https://example.test/quake-final",
    date(2025, 3, 20),
)
FERRY_WIRE_TEXT = (
    "The Dunmore ferry line will add a night crossing to Selby Island from 1 June, the operator said. "
    "The new service leaves the harbour at 11 pm and returns before dawn. "
    "Tickets for the night crossing will cost the same as daytime fares, according to the operator. "
    "Island businesses had asked for a late ferry for several years."
)
FERRY = Article(
    "Dunmore ferry adds a night crossing to Selby Island",
    FERRY_WIRE_TEXT,
    "Harbour Wire",
    "https://example.test/wire/ferry",
    date(2025, 5, 2),
)
FERRY_COPIES = [
    Article(
        title,
        f"DUNMORE ({outlet}) — {FERRY_WIRE_TEXT}",
        outlet,
        f"https://example.test/{n}/ferry",
        date(2025, 5, 2 + n),
    )
    for n, (title, outlet) in enumerate(
        [("Night ferry to Selby Island from June", "Selby Gazette"), ("Late ferry coming", "Coast Daily")],
        start=1,
    )
]
QUAKE_QUESTION = "What is the death toll of the Marlow earthquake?"
FERRY_QUESTION = "When will the Dunmore ferry add a night crossing to Selby Island?"


@pytest.fixture
def quake_desk(desk: Newsdesk) -> Newsdesk:
    desk.add([QUAKE_LATER, QUAKE_EARLIER, QUAKE_AFTER_AS_OF])
    return desk


def cited_numbers(text: str) -> set[int]:
    return {int(n) for n in re.findall(r"\[(\d+)\]", text)}


def test_dates_are_shown_unambiguously_and_the_evidence_age_relative_to_the_as_of_date() -> None:
    """The as-of line names the newest evidence date, and how old it is when asked as of a later day."""
    assert human_date(date(2025, 3, 12)) == "12 Mar 2025"
    assert as_of_line(date(2025, 3, 12), None) == "Newest report: 12 Mar 2025."
    assert as_of_line(date(2025, 3, 12), date(2025, 3, 12)) == "Newest report: 12 Mar 2025."
    assert (
        as_of_line(date(2025, 3, 12), date(2025, 3, 13))
        == "Newest report: 12 Mar 2025 (1 day before 13 Mar 2025)."
    )
    assert as_of_line(None, date(2025, 3, 13)) == ""


def test_answer_states_its_evidence_date_and_never_uses_articles_after_the_as_of_date(
    quake_desk: Newsdesk,
) -> None:
    """Asked as of 15 Mar, the answer is dated by its newest source (12 Mar, 3 days earlier), and the
    20 Mar report is neither retrieved nor cited; asked without a date, the 20 Mar report is used."""
    answer = quake_desk.ask(QUAKE_QUESTION, as_of=date(2025, 3, 15))
    assert not answer.abstained
    # The date closes the answer: at its start it would read as the answer to a "when" question.
    assert answer.text.endswith("\n\nNewest report: 12 Mar 2025 (3 days before 15 Mar 2025).")
    assert answer.as_of_evidence == date(2025, 3, 12)
    assert answer.retrieved and all(h.chunk.published <= "2025-03-15" for h in answer.retrieved)
    assert "402" not in answer.text and all(s.published <= "2025-03-15" for s in answer.sources)

    unbounded = quake_desk.ask(QUAKE_QUESTION)
    assert any(h.chunk.published == "2025-03-20" for h in unbounded.retrieved)
    assert unbounded.text.endswith("\n\nNewest report: 20 Mar 2025.")


def test_sources_are_numbered_in_citation_order_and_markers_follow_the_numbering(
    quake_desk: Newsdesk,
) -> None:
    """Sources are numbered 1..n in the order the answer first cites them (the answering sentence's is
    [1]), and each [n] in the text sits after a sentence quoted from source n."""
    answer = quake_desk.ask(QUAKE_QUESTION, as_of=date(2025, 3, 15))
    assert [s.number for s in answer.sources] == [1, 2]
    assert answer.text.startswith(answer.sources[0].quotes[0].text)
    for sentence, number in re.findall(r"([^\]]+?) \[(\d+)\]", answer.text.split("\n\n")[0]):
        source = answer.sources[int(number) - 1]
        assert sentence.split(": ", 1)[-1].strip() in source.quote
    assert cited_numbers(answer.text) == {1, 2}


def test_disagreeing_figures_are_both_shown_with_their_dates(quake_desk: Newsdesk) -> None:
    """311 (12 Mar) and 228 (9 Mar) for the same death toll: both values are shown, newest first, each
    cited to the report that gives it, and listed in `ask --json` under conflicts."""
    answer = quake_desk.ask(QUAKE_QUESTION, as_of=date(2025, 3, 15))
    assert "Reports differ on the death toll: 311 [1] (12 Mar 2025); 228 [2] (9 Mar 2025)." in answer.text
    assert "311" in answer.sources[0].quote and "228" in answer.sources[1].quote
    payload = json.loads(json.dumps(answer.as_dict()))
    assert payload["as_of_evidence"] == "2025-03-12"
    assert payload["conflicts"] == [
        {
            "about": "death toll",
            "figures": [
                {"value": "311", "source": 1, "published": "2025-03-12"},
                {"value": "228", "source": 2, "published": "2025-03-09"},
            ],
        }
    ]


def statement(text: str, article_id: str, published: str) -> list[Statement]:
    chunk = StoredChunk(f"{article_id}:0", text, article_id, "t", "s", "", published, 0, len(text))
    return [Statement(f, chunk, text, 0, len(text)) for f in figures(text, Tokenizer())]


def test_figures_skip_years_dates_and_labels_and_a_reported_change_is_no_disagreement() -> None:
    """Years, days of the month and labels ("Game 3") are no figures; "$4.2 million" and "8.5%" are
    read with their kind; a report saying the toll "rose from 228 to 311" does not disagree with 311,
    and neither do unrelated figures or reports months apart."""
    tokenizer = Tokenizer()
    found = list(figures("In 2024, on March 3, Game 3 drew $4.2 million and 8.5% more fans.", tokenizer))
    assert [(f.text, f.kind, f.value) for f in found] == [("$4.2 million", "$", 4.2e6), ("8.5%", "%", 8.5)]

    question = set(tokenizer.stems(QUAKE_QUESTION))
    toll = "Officials said the Marlow earthquake death toll"
    mine = statement(f"{toll} rose to 311 on Wednesday.", "a", "2025-03-12")
    change = statement(f"{toll} rose from 228 to 311.", "b", "2025-03-12")
    other = statement("Officials said the Marlow earthquake injured 228 people on Sunday.", "c", "2025-03-09")
    old = statement(f"{toll} stood at 228 on Sunday.", "d", "2024-03-09")
    assert disagreements(question, mine, [*mine, *change, *other, *old]) == []
    earlier = statement(f"{toll} stood at 228 on Sunday.", "e", "2025-03-09")
    [found_one] = disagreements(question, mine, [*mine, *earlier])
    assert found_one.about == "death toll"
    assert [s.figure.text for s in found_one.statements] == ["311", "228"]


def test_syndicated_copies_collapse_into_one_source_that_names_where_it_also_ran(desk: Newsdesk) -> None:
    """The wire story and two outlets' copies (with their own dateline) are one source, counted once,
    that "also ran in 2 outlets" named in the text, the terminal and Telegram source lines and the JSON."""
    desk.add([FERRY, *FERRY_COPIES])
    answer = desk.ask(FERRY_QUESTION)
    assert not answer.abstained
    assert len(answer.sources) == 1 and cited_numbers(answer.text) == {1}
    [source] = answer.sources
    assert {o.source for o in source.also_ran_in} | {source.source} == {
        "Harbour Wire",
        "Selby Gazette",
        "Coast Daily",
    }
    assert source.also_ran_line.startswith("also ran in 2 outlets: ")
    article_text = next(a.text for a in [FERRY, *FERRY_COPIES] if a.id == source.article_id)
    assert all(article_text[q.start : q.end] == q.text for q in source.quotes)
    assert source.also_ran_line in format_answer(answer)
    assert source.also_ran_line in render(answer, View.SOURCES)
    payload = answer.as_dict()["sources"]
    assert isinstance(payload, list) and len(payload[0]["also_ran_in"]) == 2


def test_independent_reports_of_one_story_are_not_copies() -> None:
    """Two reports of the same earthquake in their own words stay apart, and so do two articles that
    share only a one-line newsletter footer; a copy with a dateline joins its original."""
    footer = "For deals and tips, join our readers' group on Facebook."
    chunks = [
        StoredChunk("a:0", QUAKE_LATER.text, "a", "", "", "", "", 0, 0),
        StoredChunk("b:0", QUAKE_EARLIER.text, "b", "", "", "", "", 0, 0),
        StoredChunk("c:0", FERRY_WIRE_TEXT, "c", "", "", "", "", 0, 0),
        StoredChunk("d:0", FERRY_COPIES[0].text, "d", "", "", "", "", 0, 0),
        StoredChunk("a:1", footer, "a", "", "", "", "", 0, 0),
        StoredChunk("b:1", footer, "b", "", "", "", "", 0, 0),
    ]
    assert copy_groups(chunks) == {"a": [], "b": [], "c": ["d"], "d": ["c"]}


def test_abstention_names_the_closest_article_and_what_the_index_covers(quake_desk: Newsdesk) -> None:
    """An off-topic question says the index's article count and date span, how many articles the as-of
    date leaves, and the closest article; the coverage follows articles added and removed."""
    answer = quake_desk.ask("How do I bake sourdough bread at home?", as_of=date(2025, 3, 15))
    assert answer.abstained and answer.sources == []
    assert answer.text.startswith("The articles don't say. The closest coverage, which does not answer it: “")
    assert "The index holds 3 articles published 9 Mar 2025 to 20 Mar 2025; " in answer.text
    assert "2 of them fit this question's date and source limits." in answer.text
    assert answer.as_dict()["coverage"] == {
        "articles": 3,
        "first": "2025-03-09",
        "last": "2025-03-20",
        "searched": 2,
    }
    quake_desk.add([FERRY])
    quake_desk.remove(QUAKE_EARLIER.id)
    later = quake_desk.ask("How do I bake sourdough bread at home?")
    assert "The index holds 3 articles published 12 Mar 2025 to 2 May 2025." in later.text


def test_an_answer_without_dated_sources_has_no_as_of_line() -> None:
    """Undated evidence gets no invented date: no as-of line, and as_of_evidence is null."""
    answer = Answer("q", "text", False, [], 1.0)
    assert answer.as_of_evidence is None and answer.as_dict()["as_of_evidence"] is None


def test_figures_that_share_only_their_source_are_not_one_thing() -> None:
    """California's average "according to AAA" and the national average "according to AAA" are two
    figures: a shared source is no shared subject. Two reports of California's average disagree."""
    tokenizer = Tokenizer()
    question = set(tokenizer.stems("What is the average price of a gallon of gas in California?"))
    mine = statement(
        "According to AAA, California had the highest average at $6.43 a gallon.", "a", "2022-06-11"
    )
    national = statement(
        "The national average jumped to $4.87 a gallon on Monday, according to AAA.", "b", "2022-06-06"
    )
    assert disagreements(question, mine, [*mine, *national]) == []
    state = statement(
        "The highest state remains California, with an average of $6.39 a gallon.", "c", "2022-06-10"
    )
    [found] = disagreements(question, mine, [*mine, *state])
    assert [s.figure.text for s in found.statements] == ["$6.43", "$6.39"]
