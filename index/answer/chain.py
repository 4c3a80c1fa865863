"""The answer chain as LangChain runnables: retriever -> answerer.

The retriever step is fixed; the answerer step is any runnable from `Retrieval` to `Answer`, so an LLM
answerer plugs in without touching retrieval.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from langchain_core.runnables import Runnable, RunnableLambda

from index.answer.compose import coverage_of
from index.model import Answer, Coverage, Retrieval
from index.search.searcher import Searcher, SearchFilter


@dataclass(frozen=True)
class Query:
    """A question as the chain receives it."""

    question: str
    where: SearchFilter | None = None
    as_of: date | None = None


def retriever(searcher: Searcher, k: int) -> Runnable[Query, Retrieval]:
    def retrieve(query: Query) -> Retrieval:
        def coverage() -> Coverage:
            # Only an abstention asks, so answered questions never pay for it.
            return coverage_of(searcher.article_chunks(), query.where)

        hits = searcher.search(query.question, k, query.where)
        return Retrieval(query.question, hits, query.as_of, coverage)

    return RunnableLambda(retrieve, name="hybrid_retriever")


def answer_chain(
    searcher: Searcher, k: int, answerer: Callable[[Retrieval], Answer] | Runnable[Retrieval, Answer]
) -> Runnable[Query, Answer]:
    step = answerer if isinstance(answerer, Runnable) else RunnableLambda(answerer, name="answerer")
    return retriever(searcher, k) | step
