"""Retrieval and answer quality on a question set (the RealTime QA format).

A retrieval hit is a chunk from one of the question's `evidence_ids` (article refs); an answer "has gold"
when its quoted text contains the gold answer after light normalisation. Abstention is calibrated by
asking the same questions of a copy of the index without their evidence articles (`--drop-evidence`):
there an answer without the gold answer is a confident wrong answer.
"""

from __future__ import annotations

import json
import re
import shutil
import statistics
import tempfile
import time
from argparse import Namespace
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, TypeVar

from index.desk import Newsdesk
from index.errors import ArticleError, StoreError
from index.evaluate.choices import pick_choice
from index.language.dates import parse_date
from index.model import Answer

Record = TypeVar("Record")


@dataclass(frozen=True)
class EvalQuestion:
    id: str
    question: str
    answer: str
    evidence_ids: tuple[str, ...]
    answer_in_text: bool
    question_date: date | None
    choices: tuple[str, ...] = ()
    answer_index: int | None = None
    # Every linked evidence article, also those that do not hold the answer string.
    all_evidence_ids: tuple[str, ...] = ()


@dataclass
class QuestionResult:
    question: EvalQuestion
    rank: int | None
    has_gold: bool
    abstained: bool
    latency_ms: float
    answer: str
    confidence: float
    choice: int | None = None
    # The gold answer is in the answer's short line or first sentence; the sentences the answer tells.
    first_has_gold: bool = False
    sentences: int = 0


@dataclass
class EvalReport:
    results: list[QuestionResult] = field(default_factory=list)

    def hits_at(self, k: int) -> float:
        return share([r.rank is not None and r.rank <= k for r in self.results])

    def mrr_at_10(self) -> float:
        reciprocal = [1 / r.rank if r.rank else 0.0 for r in self.results]
        return statistics.fmean(reciprocal) if reciprocal else 0.0

    def metrics(self) -> dict[str, float | int]:
        """The figures `newsdesk eval --json` prints, under stable names (scripts read them)."""
        extractable = [r for r in self.results if r.question.answer_in_text]
        answered = [r for r in self.results if not r.abstained]
        return {
            "questions": len(self.results),
            "hits_at_1": round(self.hits_at(1), 3),
            "hits_at_4": round(self.hits_at(4), 3),
            "hits_at_10": round(self.hits_at(10), 3),
            "mrr_at_10": round(self.mrr_at_10(), 3),
            "answer_has_gold": round(share([r.has_gold for r in extractable]), 3),
            "first_sentence_gold": round(share([r.first_has_gold for r in extractable]), 3),
            "answered_without_gold": round(
                share([not r.abstained and not r.has_gold for r in extractable]), 3
            ),
            "abstained": round(share([r.abstained for r in self.results]), 3),
            "median_sentences": statistics.median([r.sentences for r in answered] or [0]),
            **self.latency(),
        }

    def choice_metrics(self) -> dict[str, float | int]:
        """Multiple-choice accuracy (RealTime QA's own metric) over questions that have choices."""
        chosen = [r for r in self.results if r.question.choices and r.question.answer_index is not None]
        return {
            "questions": len(chosen),
            "choice_accuracy": round(share([r.choice == r.question.answer_index for r in chosen]), 3),
            **self.latency(),
        }

    def latency(self) -> dict[str, float]:
        latencies = sorted(r.latency_ms for r in self.results) or [0.0]
        return {
            "latency_p50_ms": round(percentile(latencies, 50), 1),
            "latency_p95_ms": round(percentile(latencies, 95), 1),
        }

    def failures(self) -> list[dict[str, Any]]:
        """Questions whose evidence was not ranked first, whose answer missed the gold, or chose wrong."""
        return [
            {
                "id": r.question.id,
                "question": r.question.question,
                "gold": r.question.answer,
                "rank": r.rank,
                "has_gold": r.has_gold,
                "abstained": r.abstained,
                "confidence": round(r.confidence, 4),
                "choice": r.choice,
                "answer": r.answer,
            }
            for r in self.results
            if r.rank != 1
            or (r.question.answer_in_text and not r.has_gold)
            or (r.choice is not None and r.choice != r.question.answer_index)
        ]


_TOLD_SENTENCE = re.compile(r"(.+?) \[\d+\]")


def told_sentences(answer: Answer) -> list[str]:
    """The quoted sentences the answer shows by default, in order (not the ones kept for "more")."""
    return [s.strip() for s in _TOLD_SENTENCE.findall(answer.text.split("\n\n")[0])]


def share(values: Sequence[bool]) -> float:
    return sum(values) / len(values) if values else 0.0


def percentile(sorted_values: Sequence[float], pct: float) -> float:
    index = min(len(sorted_values) - 1, max(0, round(pct / 100 * (len(sorted_values) - 1))))
    return sorted_values[index]


_NUMBER_WORDS = {
    word: str(value)
    for value, word in enumerate(
        (
            *("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"),
            *("eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen"),
            *("nineteen", "twenty"),
        )
    )
}


def normalize_answer(text: str) -> str:
    """SQuAD-style: lower case, no punctuation or articles; "1,600" and "six" read as 1600 and 6."""
    text = text.lower().replace("&", " and ")
    text = re.sub(r"(?<=\d),(?=\d{3})", "", text)
    text = re.sub(r"[“”\"‘’'`´.,!?;:()\[\]-]", " ", text)
    words = [_NUMBER_WORDS.get(w, w) for w in text.split() if w not in {"a", "an", "the"}]
    return " ".join(words)


def contains_answer(haystack: str, gold: str) -> bool:
    needle = normalize_answer(gold)
    return bool(needle) and f" {needle} " in f" {normalize_answer(haystack)} "


def read_questions(path: Path) -> Iterator[EvalQuestion]:
    return read_records(path, question_from_record, "not a question record")


def read_records(
    path: Path, parse: Callable[[dict[str, Any], int], Record], expected: str
) -> Iterator[Record]:
    """Each non-blank line of a JSONL file, parsed with its line number; a line `parse` cannot read is
    an `ArticleError` naming the line and saying what was `expected`."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as error:
        raise ArticleError(f"{path}: cannot be read ({error.strerror})") from None
    except UnicodeDecodeError:
        raise ArticleError(f"{path}: not UTF-8 text") from None
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            yield parse(json.loads(line), number)
        except (json.JSONDecodeError, KeyError, TypeError, ValueError) as error:
            raise ArticleError(f"{path}:{number}: {expected} ({error})") from None


def question_from_record(record: dict[str, Any], number: int) -> EvalQuestion:
    evidence = tuple(str(e) for e in record.get("evidence_ids", ()))
    answer_index = record.get("answer_index")
    return EvalQuestion(
        id=str(record.get("id", number)),
        question=str(record["question"]),
        answer=str(record.get("answer", "")),
        evidence_ids=evidence,
        answer_in_text=bool(record.get("answer_in_text", True)),
        question_date=parse_date(record.get("question_date")),
        choices=tuple(str(c) for c in record.get("choices", ())),
        answer_index=int(answer_index) if answer_index is not None else None,
        all_evidence_ids=tuple(str(e) for e in record.get("all_evidence_ids", evidence)),
    )


def evaluate(desk: Newsdesk, questions: Sequence[EvalQuestion], choices: bool = False) -> EvalReport:
    """Ask every question through the real `ask` path, as of its question date."""
    ref_of = {r.id: r.ref or r.id for r in desk.store.articles()}
    report = EvalReport()
    for question in questions:
        started = time.perf_counter()
        answer = desk.ask(question.question, as_of=question.question_date, answerer="extractive")
        choice = None
        if choices:
            choice = pick_choice(desk.searcher, question.question, answer.retrieved, question.choices).index
        latency = (time.perf_counter() - started) * 1000
        evidence = set(question.evidence_ids)
        refs = [ref_of.get(hit.chunk.article_id) for hit in answer.retrieved[:10]]
        rank = next((i for i, ref in enumerate(refs, 1) if ref in evidence), None)
        told = told_sentences(answer)
        first = f"{answer.short or ''} {told[0] if told else ''}"
        report.results.append(
            QuestionResult(
                question,
                rank,
                not answer.abstained
                and contains_answer(f"{answer.short or ''} {' '.join(told)}", question.answer),
                answer.abstained,
                latency,
                answer.text,
                answer.confidence,
                choice,
                first_has_gold=not answer.abstained and contains_answer(first, question.answer),
                sentences=len(told),
            )
        )
    return report


def evaluate_without_evidence(desk: Newsdesk, questions: Sequence[EvalQuestion]) -> EvalReport:
    """The same questions asked of a throwaway copy of the index that lacks every evidence article."""
    if desk.settings.chroma_url:
        raise StoreError("--drop-evidence copies the data folder; it cannot copy a Chroma server's index")
    evidence = {e for q in questions for e in (*q.evidence_ids, *q.all_evidence_ids)}
    with tempfile.TemporaryDirectory(prefix="newsdesk-eval-") as folder:
        data_dir = Path(folder) / "data"
        shutil.copytree(desk.settings.data_dir, data_dir)
        copy = Newsdesk(desk.settings.model_copy(update={"data_dir": data_dir}), desk.embedder)
        dropped = [r.id for r in copy.store.articles() if (r.ref or r.id) in evidence]
        copy.store.remove(dropped)
        copy.searcher.refresh(force=True)
        return evaluate(copy, questions)


def run_eval(desk: Newsdesk, questions: Sequence[EvalQuestion], args: Namespace) -> dict[str, Any]:
    """What `newsdesk eval` prints, by its flags: metrics, or choice accuracy."""
    if args.drop_evidence:
        report = evaluate_without_evidence(desk, questions)
    else:
        report = evaluate(desk, questions, choices=args.choices)
    if args.failures:
        lines = [json.dumps(f, ensure_ascii=False) for f in report.failures()]
        args.failures.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    return report.choice_metrics() if args.choices else report.metrics()
