"""Generative answers from any OpenAI-compatible model, every sentence checked against its citations.

The chain is retriever -> prompt -> model -> citation validator. The model never has the last word: the
validator shows only sentences whose cited sources back their facts, and whatever goes wrong with the
model (down, slow, refusing the key, throttling, rambling, talking nonsense) the reader gets the extractive
answer instead. A circuit breaker stops asking a model that keeps failing, so that readers don't each
wait out its timeout.
"""

from __future__ import annotations

import contextvars
import logging
import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import Future
from dataclasses import dataclass
from datetime import date
from importlib import resources
from typing import TypeVar

import httpx
import openai
from langchain_core.language_models import BaseChatModel
from langchain_core.messages import BaseMessage
from langchain_core.prompts import ChatPromptTemplate
from langchain_core.runnables import Runnable, RunnableConfig, RunnableLambda
from langchain_openai import ChatOpenAI
from pydantic import SecretStr

from index.answer.compose import (
    Citations,
    CitedSentence,
    abstention,
    answer_text,
    source_for,
    told_sentences,
)
from index.answer.syndication import copy_groups
from index.answer.validate import DONT_KNOW, Passage, Validator
from index.language.tokens import TOKENIZER
from index.model import Answer, Hit, KeptSentence, Quote, Retrieval, StoredChunk, Validation
from index.settings import Settings
from index.store.chunks import split_sentences

log = logging.getLogger(__name__)
T = TypeVar("T")

MAX_PASSAGES = 6
# Bounds an endless reply; a reply cut off here is treated as a fault, not validated half-way.
MAX_ANSWER_TOKENS = 300
FAILURES_TO_OPEN = 3
COOLDOWN_SECONDS = 60.0
UNAVAILABLE_NOTE = "(The language model is unavailable right now, so this answer quotes the articles.)"
TIMED_OUT = "the model timed out"


class ModelFault(Exception):
    """A reply that is no answer: cut off at the token limit, empty, or not text."""


# Everything a remote model can do wrong; none of it may reach the reader.
MODEL_FAULTS = (
    openai.OpenAIError,
    httpx.HTTPError,
    ModelFault,
    ValueError,
    LookupError,
    TypeError,
    AttributeError,
)


def answer_prompt() -> ChatPromptTemplate:
    instructions = resources.files("index").joinpath("prompts", "answer.txt").read_text(encoding="utf-8")
    prompt = ChatPromptTemplate.from_messages([("system", instructions), ("human", "{question}")])
    return prompt.partial(dont_know=DONT_KNOW)


def chat_model(settings: Settings) -> ChatOpenAI:
    """The configured model; built without contacting it."""
    # Local servers take any key, but the client insists on one.
    key = settings.llm_api_key or SecretStr("none")
    return ChatOpenAI(
        model=settings.llm_model,
        base_url=settings.llm_url,
        api_key=key,
        timeout=settings.llm_timeout,
        max_retries=0,
        max_completion_tokens=MAX_ANSWER_TOKENS,
        temperature=0,
    )


class CircuitBreaker:
    """Skips an endpoint that failed `failures_to_open` times in a row (down, timing out, refusing,
    throttling, sending garbage); lets one try through after `cooldown` seconds."""

    def __init__(
        self,
        failures_to_open: int = FAILURES_TO_OPEN,
        cooldown: float = COOLDOWN_SECONDS,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.failures_to_open = failures_to_open
        self.cooldown = cooldown
        self.clock = clock
        self.failures = 0
        self.opened_at: float | None = None
        self._lock = threading.Lock()

    def allows(self) -> bool:
        with self._lock:
            if self.opened_at is None:
                return True
            if self.clock() - self.opened_at < self.cooldown:
                return False
            # Half open: this caller tries the model; a failure re-opens the breaker for a full cooldown.
            self.opened_at = None
            self.failures = self.failures_to_open - 1
            return True

    def record(self, ok: bool) -> None:
        with self._lock:
            self.failures = 0 if ok else self.failures + 1
            if self.failures >= self.failures_to_open:
                self.opened_at = self.clock()


@dataclass(frozen=True)
class Draft:
    """The model's reply to a retrieval, or why there is none."""

    retrieval: Retrieval
    hits: Sequence[Hit]
    reply: str | None = None
    fault: str = ""


class LLMAnswerer:
    """Asks the model with numbered sources, then lets only validated sentences through."""

    def __init__(
        self,
        model: BaseChatModel,
        fallback: Callable[[Retrieval], Answer],
        breaker: CircuitBreaker | None = None,
        deadline: float | None = None,
    ) -> None:
        self.fallback = fallback
        self.breaker = breaker or CircuitBreaker()
        self.deadline = deadline
        self.tokenizer = TOKENIZER
        self.generate: Runnable[dict[str, str], str] = (
            answer_prompt() | model | RunnableLambda(reply_text, name="reply_text")
        )

    def runnable(self) -> Runnable[Retrieval, Answer]:
        """prompt -> model, then the validator, as steps of the answer chain."""
        return RunnableLambda(self.draft, name="llm") | RunnableLambda(self.finish, name="citation_validator")

    def draft(self, retrieval: Retrieval, config: RunnableConfig) -> Draft:
        hits = retrieval.hits[:MAX_PASSAGES]
        if not hits:
            return Draft(retrieval, hits)
        if not self.breaker.allows():
            return Draft(retrieval, hits, fault="skipped after repeated failures")
        sources = "\n\n".join(f"[{p.number}] {p.text}" for p in passages(hits))
        request = {"sources": sources, "question": retrieval.question}
        try:
            reply = within(self.deadline, lambda: self.generate.invoke(request, config))
        except TimeoutError:
            self.breaker.record(ok=False)
            log.warning("language model failed: %s after %s s", TIMED_OUT, self.deadline)
            return Draft(retrieval, hits, fault=TIMED_OUT)
        except MODEL_FAULTS as error:
            # A reply that is too long or empty still shows the endpoint alive: no reason to skip it.
            self.breaker.record(ok=isinstance(error, ModelFault))
            log.warning("language model failed: %s", describe(error))
            return Draft(retrieval, hits, fault=describe(error))
        self.breaker.record(ok=True)
        return Draft(retrieval, hits, reply=reply)

    def finish(self, draft: Draft) -> Answer:
        if not draft.hits:
            return self.fallen_back(
                draft.retrieval, Validation(outcome="fallback", note="no article matched")
            )
        if draft.reply is None:
            return self.fallen_back(draft.retrieval, Validation(outcome="unavailable", note=draft.fault))
        validation = Validator(passages(draft.hits), self.tokenizer).validate(draft.reply)
        if validation.kept:
            return self.cited_answer(draft, validation)
        if validation.dont_know:
            validation.outcome = "abstained"
            answer = abstention(draft.retrieval, source_for(draft.hits[0].chunk, 1), 0.0)
            answer.answerer, answer.validation, answer.retrieved = "llm", validation, draft.retrieval.hits
            return answer
        validation.outcome = "fallback"
        validation.note = "no sentence of the model's answer was backed by its sources"
        return self.fallen_back(draft.retrieval, validation)

    def fallen_back(self, retrieval: Retrieval, validation: Validation) -> Answer:
        answer = self.fallback(retrieval)
        if validation.outcome == "unavailable":
            answer.text = f"{answer.text}\n\n{UNAVAILABLE_NOTE}"
        answer.validation = validation
        return answer

    def cited_answer(self, draft: Draft, validation: Validation) -> Answer:
        """The kept sentences told as extractive answers are: closed by the newest cited report's date,
        sources numbered in citation order, syndicated copies folded in; each source quotes the sentence
        of it that best supports a claim citing it."""
        citations = Citations(draft.hits)
        sentences = [self.cited_sentence(kept, draft.hits, citations) for kept in validation.kept]
        citations.fold_copies(copy_groups([hit.chunk for hit in draft.hits]))
        sources = citations.sources()
        ordered = sorted(sources.values(), key=lambda source: source.number)
        told = told_sentences(citations, sources, sentences)
        confidence = len(validation.kept) / (len(validation.kept) + len(validation.dropped))
        return Answer(
            draft.retrieval.question,
            answer_text(told, ordered, draft.retrieval.as_of),
            False,
            ordered,
            confidence,
            answerer="llm",
            retrieved=draft.retrieval.hits,
            validation=validation,
        )

    def cited_sentence(self, kept: KeptSentence, hits: Sequence[Hit], citations: Citations) -> CitedSentence:
        """The model's sentence, backed by the supporting quote of each source it cites (cited, not told)."""
        quotes: list[tuple[str, Quote]] = []
        for number in kept.cites:
            chunk = hits[number - 1].chunk
            quote = self.supporting_quote(kept, chunk)
            citations.cite(chunk, quote, in_text=False)
            quotes.append((chunk.article_id, quote))
        return CitedSentence(quotes, kept.claim)

    def supporting_quote(self, kept: KeptSentence, chunk: StoredChunk) -> Quote:
        """The sentence of the cited chunk sharing most words with the claim, so the reader can check it."""
        claim = set(self.tokenizer.stems(kept.claim))
        best: Quote | None = None
        for span in split_sentences(chunk.text):
            text = chunk.text[span.start : span.end]
            overlap = len(claim & set(self.tokenizer.stems(text))) / max(len(claim), 1)
            if best is None or overlap > best.score:
                best = Quote(text, chunk.start + span.start, chunk.start + span.end, overlap)
        assert best is not None, "a stored chunk has at least one sentence"
        return best


def within(seconds: float | None, call: Callable[[], T]) -> T:
    """`call()`, or TimeoutError once `seconds` have passed. httpx's timeout bounds each read, so a model
    server trickling its reply would otherwise hold the reader for as long as it trickles. The late call
    runs on in a daemon thread (bounded by the circuit breaker) and its result is dropped."""
    if seconds is None:
        return call()
    future: Future[T] = Future()
    context = contextvars.copy_context()  # LangChain's callbacks and tracing live in context variables

    def run() -> None:
        try:
            future.set_result(context.run(call))
        except BaseException as error:  # handed to the waiting reader, who decides
            future.set_exception(error)

    threading.Thread(target=run, name="model-call", daemon=True).start()
    return future.result(timeout=seconds)


def reply_text(message: BaseMessage) -> str:
    """The reply's text; a reply cut off at the token limit or without text is a fault."""
    if message.response_metadata.get("finish_reason") == "length":
        raise ModelFault(f"the reply ran past {MAX_ANSWER_TOKENS} tokens")
    if not isinstance(message.content, str) or not message.content.strip():
        raise ModelFault("the reply had no text")
    return message.content


def passages(hits: Sequence[Hit]) -> list[Passage]:
    """The numbered sources as the model reads them (title, source, date, text) and as they are checked."""
    return [
        Passage(n, f"{heading(c)}\n{c.text}", f"{c.title}\n{c.source}\n{c.text}")
        for n, c in enumerate((hit.chunk for hit in hits), start=1)
    ]


def heading(chunk: StoredChunk) -> str:
    published = "date unknown"
    if chunk.published:
        day = date.fromisoformat(chunk.published)
        published = f"published {day:%B} {day.day}, {day.year} ({chunk.published})"
    return f"“{chunk.title}” ({chunk.source or 'unknown source'}, {published})"


def describe(error: Exception) -> str:
    """A short, secret-free account of a model failure for the log and `ask --json`."""
    if isinstance(error, openai.APITimeoutError):
        return TIMED_OUT
    if isinstance(error, openai.APIStatusError):
        return f"the model answered HTTP {error.status_code}"
    if isinstance(error, openai.APIConnectionError):
        return "the model could not be reached"
    if isinstance(error, ModelFault):
        return str(error)
    return f"the model's reply could not be read ({type(error).__name__})"
