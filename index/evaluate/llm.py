"""`newsdesk eval --answerer llm`: what the model's answers are worth once the validator has had its say.

Reports answer_has_gold on what the reader is shown, the fallback and abstention rates, and citation
precision: the share of shown model sentences that pass the validator again, read back from the final
answer (renumbered citations against the cited articles' retrieved text). That is 1.0 by construction;
measuring it checks the construction.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Sequence

from index.answer.compose import without_as_of_line
from index.answer.llm import MAX_PASSAGES, UNAVAILABLE_NOTE
from index.answer.validate import Passage, Validator
from index.desk import Newsdesk
from index.evaluate.questions import EvalQuestion, contains_answer, percentile
from index.model import Answer


def evaluate_llm(desk: Newsdesk, questions: Sequence[EvalQuestion]) -> dict[str, float | int | None]:
    outcomes: Counter[str] = Counter()
    gold: list[bool] = []
    shown = precise = 0
    latencies: list[float] = []
    for question in questions:
        started = time.perf_counter()
        answer = desk.ask(question.question, as_of=question.question_date, answerer="llm")
        latencies.append((time.perf_counter() - started) * 1000)
        outcomes[answer.validation.outcome if answer.validation else "none"] += 1
        text = answer.text.removesuffix(f"\n\n{UNAVAILABLE_NOTE}")
        if question.answer_in_text:
            gold.append(not answer.abstained and contains_answer(text, question.answer))
        if answer.answerer == "llm" and not answer.abstained:
            recheck = Validator(cited_passages(answer)).validate(without_as_of_line(answer.text))
            shown += len(recheck.kept) + len(recheck.dropped)
            precise += len(recheck.kept)
    count = len(questions) or 1
    latencies.sort()
    return {
        "questions": len(questions),
        "answer_has_gold": round(sum(gold) / len(gold), 3) if gold else 0.0,
        "answered_by_model": round(outcomes["answered"] / count, 3),
        "abstained_by_model": round(outcomes["abstained"] / count, 3),
        "fallback_rate": round((outcomes["fallback"] + outcomes["unavailable"]) / count, 3),
        "model_unavailable": round(outcomes["unavailable"] / count, 3),
        "sentences_shown": shown,
        "citation_precision": round(precise / shown, 3) if shown else None,
        "latency_p50_ms": round(percentile(latencies or [0.0], 50), 1),
        "latency_p95_ms": round(percentile(latencies or [0.0], 95), 1),
    }


def cited_passages(answer: Answer) -> list[Passage]:
    """Each numbered source of the answer with the text of its article that the model read."""
    result: list[Passage] = []
    for source in answer.sources:
        read = answer.retrieved[:MAX_PASSAGES]
        texts = [h.chunk.text for h in read if h.chunk.article_id == source.article_id]
        evidence = "\n".join([source.title, source.source, *texts])
        result.append(Passage(source.number, evidence, evidence))
    return result
