"""`newsdesk eval` on a small synthetic question set: metrics, the as-of cut-off, recency, no evidence."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from datetime import date
from pathlib import Path

import pytest

from index.cli.commands import main
from index.desk import Newsdesk
from index.evaluate.questions import (
    EvalQuestion,
    contains_answer,
    evaluate,
    evaluate_without_evidence,
    read_questions,
)
from index.search.searcher import SearchFilter

ARTICLES = [
    {
        "id": "harbor-1",
        "title": "Port Wendle opens a floating library",
        "published": "2031-03-02",
        "source": "Estuary News",
        "url": "https://example.org/harbor-1",
        "text": "The harbour town of Port Wendle opened a floating library on Tuesday, a converted grain "
        "barge holding 12,000 books. Mayor Ilse Varga said the barge will visit six villages along the "
        "estuary each month. Children borrowed more than 900 books on the first day, the library reported.",
    },
    {
        "id": "harbor-0",
        "title": "Port Wendle council debates library plans",
        "published": "2030-01-10",
        "source": "Estuary News",
        "url": "https://example.org/harbor-0",
        "text": "Councillors in Port Wendle argued for hours on Monday about whether the town could afford a "
        "new library. Some proposed converting an old grain barge into a floating library, while others "
        "wanted a building near the market. No decision was taken.",
    },
    {
        "id": "harbor-2",
        "title": "Port Wendle floating library closes for the winter",
        "published": "2031-06-01",
        "source": "Estuary News",
        "url": "https://example.org/harbor-2",
        "text": "The floating library of Port Wendle will close for the winter after a storm damaged its "
        "moorings, Mayor Ilse Varga said on Friday. The barge held 15,000 books by then. Books will be lent "
        "from the town hall until spring.",
    },
    {
        "id": "ice-1",
        "title": "Glacier core reveals ancient pollen",
        "published": "2031-02-27",
        "source": "Northern Science Desk",
        "url": "https://example.org/ice-1",
        "text": "Researchers drilling the Tarn glacier in northern Norway found pollen that is about 8,000 "
        "years old, the university team said on Thursday. The pollen comes from birch and pine forests that "
        "grew when the climate was warmer.",
    },
]

QUESTIONS = [
    {
        "id": "q-library",
        "question_date": "2031-03-04",
        "question": "How many books does the floating library in Port Wendle hold?",
        "choices": ["6,000", "12,000", "15,000", "900"],
        "answer_index": 1,
        "answer": "12,000",
        "evidence_ids": ["harbor-1"],
        "answer_in_text": True,
    },
    {
        "id": "q-pollen",
        "question_date": "2031-03-01",
        "question": "How old is the pollen the researchers found in the Tarn glacier?",
        "choices": ["800 years", "8,000 years", "80,000 years", "8 million years"],
        "answer_index": 1,
        "answer": "8,000 years",
        "evidence_ids": ["ice-1"],
        "answer_in_text": True,
    },
    {
        "id": "q-chess",
        "question_date": "2031-03-04",
        "question": "Who won the national chess championship in Lisbon?",
        "choices": ["Rui Matos", "Ana Sousa", "Pedro Lima", "Joana Reis"],
        "answer_index": 0,
        "answer": "Rui Matos",
        "evidence_ids": ["chess-1"],
        "answer_in_text": False,
    },
]

ISSUE_KEYS = {
    "questions",
    "hits_at_1",
    "hits_at_4",
    "hits_at_10",
    "mrr_at_10",
    "answer_has_gold",
    "first_sentence_gold",
    "answered_without_gold",
    "median_sentences",
    "abstained",
    "latency_p50_ms",
    "latency_p95_ms",
}


def write_jsonl(path: Path, records: Sequence[Mapping[str, object]]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


@pytest.fixture
def eval_desk(desk: Newsdesk, tmp_path: Path) -> Newsdesk:
    desk.index_paths([write_jsonl(tmp_path / "articles.jsonl", ARTICLES)])
    return desk


@pytest.fixture
def questions(tmp_path: Path) -> list[EvalQuestion]:
    return list(read_questions(write_jsonl(tmp_path / "questions.jsonl", QUESTIONS)))


def test_metrics_count_hits_gold_answers_and_abstentions(
    eval_desk: Newsdesk, questions: list[EvalQuestion]
) -> None:
    """Two answerable questions hit their evidence first and quote the gold; the off-topic one abstains."""
    report = evaluate(eval_desk, questions)
    by_id = {r.question.id: r for r in report.results}
    assert by_id["q-library"].rank == 1 and by_id["q-library"].has_gold
    assert by_id["q-pollen"].rank == 1 and by_id["q-pollen"].has_gold
    assert by_id["q-chess"].rank is None and by_id["q-chess"].abstained
    metrics = report.metrics()
    assert set(metrics) == ISSUE_KEYS
    assert metrics["questions"] == 3
    assert metrics["hits_at_1"] == metrics["hits_at_10"] == metrics["mrr_at_10"] == 0.667
    assert metrics["answer_has_gold"] == 1.0  # counted over the two answer_in_text questions
    assert metrics["abstained"] == 0.333
    assert [f["id"] for f in report.failures()] == ["q-chess"]


def test_articles_published_after_the_question_date_are_never_retrieved(eval_desk: Newsdesk) -> None:
    """As of 4 March the June closure report does not exist yet, so its 15,000 never reaches the answer."""
    answer = eval_desk.ask(QUESTIONS[0]["question"], as_of=date(2031, 3, 4))  # type: ignore[arg-type]
    titles = {hit.chunk.title for hit in answer.retrieved}
    assert "Port Wendle floating library closes for the winter" not in titles
    assert all(hit.chunk.published <= "2031-03-04" for hit in answer.retrieved)
    assert "12,000 books" in answer.text and "15,000" not in answer.text


def test_the_report_nearest_the_as_of_date_ranks_first(eval_desk: Newsdesk) -> None:
    """Two reports of one story: asked in March 2031, the fresh opening outranks last year's debate."""
    hits = eval_desk.searcher.search("Port Wendle library barge", 4, SearchFilter(until=date(2031, 3, 4)))
    assert hits[0].chunk.title == "Port Wendle opens a floating library"
    assert [h.chunk.title for h in hits].index("Port Wendle council debates library plans") > 0


def test_multiple_choice_picks_the_choice_the_articles_support(
    eval_desk: Newsdesk, questions: list[EvalQuestion]
) -> None:
    """The library and pollen questions get their right choice; accuracy counts all three questions."""
    report = evaluate(eval_desk, questions, choices=True)
    picks = {r.question.id: r.choice for r in report.results}
    assert picks["q-library"] == 1 and picks["q-pollen"] == 1
    metrics = report.choice_metrics()
    assert metrics["questions"] == 3
    assert metrics["choice_accuracy"] in (0.667, 1.0)


def test_without_evidence_the_same_questions_abstain_and_the_index_is_untouched(
    eval_desk: Newsdesk, questions: list[EvalQuestion]
) -> None:
    """The copy lacks the evidence, so nothing is hit; the real index still holds all four articles."""
    answerable = [q for q in questions if q.answer_in_text]
    report = evaluate_without_evidence(eval_desk, answerable)
    assert all(r.rank is None for r in report.results)
    assert report.metrics()["answer_has_gold"] == 0.0
    assert len(eval_desk.articles()) == 4


@pytest.mark.parametrize(
    ("haystack", "gold", "expected"),
    [
        ("The barge holds 12000 books.", "12,000", True),
        ("Her detention was extended six months.", "6", True),
        ("Broadway's best gathered for the Tony Awards.", "The Tony Awards", True),
        ("Prices rose 38%.", "3", False),
        ("The Avalanche won.", "Colorado Avalanche", False),
    ],
)
def test_gold_answers_match_after_light_normalisation(haystack: str, gold: str, expected: bool) -> None:
    """Thousands separators, number words and articles do not hide a gold answer; half a name does not."""
    assert contains_answer(haystack, gold) is expected


def test_eval_json_prints_exactly_the_issue_keys_and_writes_failures(
    eval_desk: Newsdesk, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """`newsdesk eval --json --failures F` prints one object with the fixed keys and lists failures in F."""
    monkeypatch.setenv("NEWSDESK_DATA_DIR", str(eval_desk.settings.data_dir))
    failures = tmp_path / "failures.jsonl"
    questions = write_jsonl(tmp_path / "q.jsonl", QUESTIONS)
    assert main(["eval", str(questions), "--json", "--failures", str(failures)]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert set(printed) == ISSUE_KEYS and printed["questions"] == 3
    assert [json.loads(line)["id"] for line in failures.read_text().splitlines()] == ["q-chess"]
