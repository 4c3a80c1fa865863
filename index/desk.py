"""`Newsdesk`: the library's front door, used by the CLI and the bot alike."""

from __future__ import annotations

import logging
import threading
from collections.abc import Collection, Sequence
from datetime import date
from pathlib import Path
from typing import Literal

from langchain_core.runnables import Runnable

from index.answer.chain import Query, answer_chain
from index.answer.extractive import ExtractiveAnswerer
from index.errors import NotFoundError, QuestionError
from index.ingest.articles import LoadResult, load_articles
from index.ingest.indexing import IndexReport, Progress, index_articles
from index.language.names import pipeline
from index.language.roles import load_parser
from index.language.senses import load_senses
from index.model import Answer, Article, ArticleRecord, StoredChunk
from index.ops.memory import limit_arenas
from index.ops.metrics import measure_question
from index.requests import checked_text, store_errors
from index.search.retriever import NewsdeskRetriever
from index.search.searcher import Searcher, SearchFilter
from index.settings import Settings
from index.store.chroma import Store
from index.store.embeddings import Embedder, questions_model_in, shared_embedder
from index.store.sentence_store import FILE_NAME as SENTENCES_FILE
from index.store.sentence_store import SentenceStore

log = logging.getLogger(__name__)

AnswererName = Literal["extractive", "llm"]


def search_snapshot(settings: Settings) -> Path:
    """Where search keeps its saved index: beside the data, one file per collection."""
    return settings.data_dir / f"search-{settings.collection}.npz"


class Newsdesk:
    """Index articles and answer questions about them, with citations."""

    def __init__(self, settings: Settings, embedder: Embedder | None = None) -> None:
        self.settings = settings
        # Before the model and the index start their threads, so that those share few malloc arenas.
        limit_arenas(settings.malloc_arenas)
        self.embedder = embedder or shared_embedder(
            settings.precision, settings.batch_size, questions_model_in(settings.data_dir)
        )
        self.store = Store(settings, self.embedder)
        self.searcher = Searcher(self.store, self.embedder, snapshot_path=search_snapshot(settings))
        self.answerer = ExtractiveAnswerer(
            self.embedder,
            idf=self.searcher.idf,
            indexed=self.searcher.uses,
            min_answerable=settings.min_evidence or None,
            sentences=SentenceStore(settings.data_dir / SENTENCES_FILE),
        )
        self._sentences_read_at: tuple[int, str] | None = None
        # The retriever a LangChain user gets: questions take no other search path.
        self.retriever = NewsdeskRetriever(desk=self, k=settings.top_k)
        self.chains: dict[AnswererName, Runnable[Query, Answer]] = {
            "extractive": answer_chain(self.retriever, self.answerer)
        }
        if settings.llm_url:
            from index.answer.llm import LLMAnswerer, chat_model

            llm = LLMAnswerer(chat_model(settings), fallback=self.answerer, deadline=settings.llm_timeout)
            self.chains["llm"] = answer_chain(self.retriever, llm.runnable())
        # The model when one is configured, else the extractive answerer.
        self.chain = self.chains.get("llm", self.chains["extractive"])

    # -- questions -------------------------------------------------------------------------------

    def validate_question(self, question: str) -> str:
        limit = self.settings.max_question_chars
        return checked_text(
            question,
            limit,
            "Ask a question: the message is empty.",
            lambda length: f"That question is {length:,} characters long; please keep it under {limit:,}.",
        )

    @measure_question
    def ask(
        self,
        question: str,
        *,
        as_of: date | None = None,
        source: str | None = None,
        since: date | None = None,
        answerer: AnswererName | None = None,
    ) -> Answer:
        """Answer from the indexed articles published up to `as_of` (default: any date).

        `answerer` picks the extractive answerer or the configured model (default: the model if any).
        """
        question = self.validate_question(question)
        chain = self.chain_for(answerer)
        as_of = as_of or self.settings.as_of
        where = SearchFilter(source=source, since=since, until=as_of)
        with store_errors():
            return chain.invoke(Query(question, where, as_of))

    def chain_for(self, answerer: AnswererName | None) -> Runnable[Query, Answer]:
        if answerer is None:
            return self.chain
        if answerer not in self.chains:
            raise QuestionError("No language model is configured: set NEWSDESK_LLM_URL (see .env.example).")
        return self.chains[answerer]

    # -- the index -------------------------------------------------------------------------------

    def load(self, paths: Sequence[Path]) -> LoadResult:
        return load_articles(paths, int(self.settings.max_file_mb * 1_000_000))

    def index_paths(self, paths: Sequence[Path], progress: Progress | None = None) -> IndexReport:
        loaded = self.load(paths)
        self.store.remove_orphans(r.id for r in self.store.articles())
        report = self.add(loaded.articles, progress)
        report.problems[:0] = loaded.problems
        return report

    def add(self, articles: Sequence[Article], progress: Progress | None = None) -> IndexReport:
        """Index articles; searchable as soon as this returns."""
        report = index_articles(articles, self.store, self.embedder, self.settings.chunk_chars, progress)
        if self.searcher.refresh(force=True):
            self.searcher.save()
        self.embedder.export_questions_model()
        return report

    def remove(self, article_id: str) -> ArticleRecord:
        record = self.find(article_id)
        self.store.remove([record.id])
        if self.searcher.refresh(force=True):
            self.searcher.save()
        return record

    def find(self, article_id: str) -> ArticleRecord:
        """An article by its id or a unique prefix of it."""
        matches = [r for r in self.store.articles() if r.id.startswith(article_id.strip())]
        if len(matches) != 1 or not article_id.strip():
            found = "no article" if not matches else f"{len(matches)} articles"
            raise NotFoundError(f"{found} with id {article_id!r}")
        return matches[0]

    def articles(self) -> list[ArticleRecord]:
        """Indexed articles, newest first (undated last)."""
        records = self.store.articles()
        return sorted(records, key=lambda r: (r.published, r.indexed_at), reverse=True)

    def chunk_count(self) -> int:
        return len(self.searcher.chunks)

    def chunks_of(self, article_id: str) -> list[StoredChunk]:
        """The chunks search serves for one article, in index order."""
        return [c for c in self.searcher.chunks if c.article_id == article_id]

    def article_texts(self, article_ids: Collection[str]) -> dict[str, str]:
        """Each named article's title and indexed text, rebuilt from its chunks in one pass over them."""
        wanted = set(article_ids)
        found: dict[str, list[StoredChunk]] = {}
        for chunk in self.searcher.chunks:
            if chunk.article_id in wanted:
                found.setdefault(chunk.article_id, []).append(chunk)
        return {
            a: "\n".join([chunks[0].title, *(c.text for c in sorted(chunks, key=lambda c: c.start))])
            for a, chunks in found.items()
        }

    def catch_up(self) -> None:
        """Serve the articles another process added or removed since search last looked (it looks
        every few seconds on its own)."""
        with store_errors():
            self.searcher.refresh(force=True)

    def revision(self) -> tuple[int, str]:
        """Changes whenever the indexed articles do: a cache key for anything derived from them."""
        return self.store.revision()

    # -- health, for long-running front ends -------------------------------------------------------

    @property
    def indexed_chunks(self) -> int:
        """Chunks the lexical index serves right now."""
        return self.searcher.lexical.size

    @property
    def article_count(self) -> int:
        return self.searcher.article_count

    @property
    def model_loaded(self) -> bool:
        return self.embedder.loaded

    def ping(self) -> None:
        """Raise a StoreError when the index does not answer."""
        self.store.ping()

    def read_sentences(self, stop: threading.Event | None = None) -> int:
        """Read the indexed sentences no question has needed yet (their vectors and entities) and keep
        them beside the index, so that answers only look them up; returns how many were read. Questions
        go first: the reading waits for the model while one is waiting. Nothing to do when the index has
        not changed since the last call; stops early once `stop` is set."""
        with store_errors():
            self.searcher.refresh()
        revision = self.searcher.revision
        if revision is not None and revision == self._sentences_read_at:
            return 0
        with store_errors():
            read = self.answerer.reader.read_stored(self.searcher.chunks, stop)
        if stop is None or not stop.is_set():
            self._sentences_read_at = revision
        return read

    def warm_up(self) -> None:
        """Load the questions' model, the entity recogniser, the parser and the word senses (and run the
        model once), so that the first question or claim pays for none of them."""
        self.embedder.warm_up()
        pipeline()
        load_parser()
        load_senses()
