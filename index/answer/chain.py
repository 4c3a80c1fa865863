"""The answer chain as LangChain runnables: retriever -> answerer.

The retriever is the `NewsdeskRetriever` a LangChain user gets; its Documents are turned back into the
hits they stand for, so the answerer reads exactly what the search found. The answerer step is any
runnable from `Retrieval` to `Answer`, so an LLM answerer plugs in without touching retrieval.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from langchain_core.runnables import Runnable, RunnableConfig, RunnableLambda

from index.answer.compose import coverage_of
from index.model import Answer, Coverage, Retrieval
from index.search.retriever import NewsdeskRetriever, hit_of
from index.search.searcher import SearchFilter, with_lead


@dataclass(frozen=True)
class Query:
    """A question as the chain receives it."""

    question: str
    where: SearchFilter | None = None
    as_of: date | None = None


def retrieval(retriever: NewsdeskRetriever) -> Runnable[Query, Retrieval]:
    def retrieve(query: Query, config: RunnableConfig) -> Retrieval:
        where = query.where or SearchFilter()

        def coverage() -> Coverage:
            # Only an abstention asks, so answered questions never pay for it.
            return coverage_of(retriever.searcher.article_chunks(), query.where)

        documents = retriever.invoke(
            query.question, config, source=where.source, since=where.since, as_of=where.until
        )
        hits = with_lead([hit_of(d) for d in documents], retriever.searcher, after_best=True)
        return Retrieval(query.question, hits, query.as_of, coverage)

    return RunnableLambda(retrieve, name="newsdesk_retrieval")


def answer_chain(
    retriever: NewsdeskRetriever, answerer: Callable[[Retrieval], Answer] | Runnable[Retrieval, Answer]
) -> Runnable[Query, Answer]:
    step = answerer if isinstance(answerer, Runnable) else RunnableLambda(answerer, name="answerer")
    return retrieval(retriever) | step
