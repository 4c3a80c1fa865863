"""Retrieval and answer quality on a question set (the RealTime QA format).

A retrieval hit is a chunk from one of the question's `evidence_ids` (article refs); an answer "has gold"
when its quoted text contains the gold answer after light normalisation.
"""

from __future__ import annotations

import json
import re
import statistics
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from index.articles import parse_date
from index.desk import Newsdesk
from index.errors import ArticleError


@dataclass(frozen=True)
class EvalQuestion:
    id: str
    question: str
    answer: str
    evidence_ids: tuple[str, ...]
    answer_in_text: bool
    question_date: date | None
    choices: tuple[str, ...] = ()


@dataclass
class QuestionResult:
    question: EvalQuestion
    rank: int | None
    has_gold: bool
    abstained: bool
    latency_ms: float
    answer: str


@dataclass
class EvalReport:
    results: list[QuestionResult] = field(default_factory=list)

    def _share(self, values: Sequence[bool]) -> float:
        return sum(values) / len(values) if values else 0.0

    def hits_at(self, k: int) -> float:
        return self._share([r.rank is not None and r.rank <= k for r in self.results])

    def metrics(self) -> dict[str, float | int]:
        latencies = sorted(r.latency_ms for r in self.results) or [0.0]
        extractable = [r for r in self.results if r.question.answer_in_text]
        return {
            "questions": len(self.results),
            "hits_at_1": round(self.hits_at(1), 3),
            "hits_at_4": round(self.hits_at(4), 3),
            "hits_at_10": round(self.hits_at(10), 3),
            "mrr_at_10": round(
                statistics.fmean([1 / r.rank if r.rank and r.rank <= 10 else 0.0 for r in self.results])
                if self.results
                else 0.0,
                3,
            ),
            "answer_has_gold": round(self._share([r.has_gold for r in extractable]), 3),
            "abstained": round(self._share([r.abstained for r in self.results]), 3),
            "latency_p50_ms": round(percentile(latencies, 50), 1),
            "latency_p95_ms": round(percentile(latencies, 95), 1),
        }

    def failures(self) -> list[dict[str, Any]]:
        return [
            {
                "id": r.question.id,
                "question": r.question.question,
                "gold": r.question.answer,
                "rank": r.rank,
                "abstained": r.abstained,
                "answer": r.answer,
            }
            for r in self.results
            if not r.has_gold or r.rank != 1
        ]


def percentile(sorted_values: Sequence[float], pct: float) -> float:
    index = min(len(sorted_values) - 1, max(0, round(pct / 100 * (len(sorted_values) - 1))))
    return sorted_values[index]


def normalize_answer(text: str) -> str:
    text = text.lower().replace("&", " and ")
    text = re.sub(r"(?<=\d),(?=\d{3})", "", text)
    text = re.sub(r"[“”\"‘’'`´.,!?;:()\[\]-]", " ", text)
    return " ".join(text.split())


def contains_answer(haystack: str, gold: str) -> bool:
    needle = normalize_answer(gold)
    return bool(needle) and f" {needle} " in f" {normalize_answer(haystack)} "


def read_questions(path: Path) -> Iterator[EvalQuestion]:
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as error:
        raise ArticleError(f"{path}: cannot be read ({error.strerror})") from None
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
            yield EvalQuestion(
                id=str(record.get("id", number)),
                question=str(record["question"]),
                answer=str(record.get("answer", "")),
                evidence_ids=tuple(record.get("evidence_ids", ())),
                answer_in_text=bool(record.get("answer_in_text", True)),
                question_date=parse_date(record.get("question_date")),
                choices=tuple(record.get("choices", ())),
            )
        except (json.JSONDecodeError, KeyError, TypeError) as error:
            raise ArticleError(f"{path}:{number}: not a question record ({error})") from None


def evaluate(desk: Newsdesk, questions: Sequence[EvalQuestion]) -> EvalReport:
    ref_of = {r.id: r.ref or r.id for r in desk.store.articles()}
    report = EvalReport()
    for question in questions:
        started = time.perf_counter()
        answer = desk.ask(question.question, as_of=question.question_date)
        latency = (time.perf_counter() - started) * 1000
        evidence = set(question.evidence_ids)
        rank = next(
            (
                i
                for i, hit in enumerate(answer.retrieved[:10], 1)
                if ref_of.get(hit.chunk.article_id) in evidence
            ),
            None,
        )
        quoted = " ".join(s.quote for s in answer.sources)
        report.results.append(
            QuestionResult(
                question,
                rank,
                not answer.abstained and contains_answer(quoted, question.answer),
                answer.abstained,
                latency,
                answer.text,
            )
        )
    return report
