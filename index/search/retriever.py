"""`NewsdeskRetriever`: the hybrid search as a LangChain retriever, for the answer chain and users' chains.

Each Document is one chunk: its text exactly as it stands in the article, and in its metadata the article
it came from, the chunk's character offsets into that article's text, and its fused score (with the dense
and BM25 scores behind it, so that the answer chain gets back the very hits the search returned).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

from langchain_core.callbacks import CallbackManagerForRetrieverRun
from langchain_core.documents import Document
from langchain_core.retrievers import BaseRetriever
from pydantic import ConfigDict, Field, PrivateAttr, model_validator

from index.model import Hit, StoredChunk
from index.search.searcher import Searcher, SearchFilter


@runtime_checkable
class HasSearcher(Protocol):
    """What the retriever needs of an open desk (index.desk.Newsdesk)."""

    @property
    def searcher(self) -> Searcher: ...


class NewsdeskRetriever(BaseRetriever):
    """Hybrid (MiniLM + BM25) search over a Newsdesk index.

    `NewsdeskRetriever(data_dir=PATH, k=4)` opens the index in PATH; `NewsdeskRetriever(desk=desk)` searches
    an open `Newsdesk`. `k`, `source`, `since` and `as_of` are defaults that `invoke(query, k=...,
    source=..., since=..., as_of=...)` overrides for one call. `as_of` hides articles published after it
    and favours the ones published shortly before it.
    """

    model_config = ConfigDict(arbitrary_types_allowed=True)

    desk: HasSearcher | None = Field(default=None, exclude=True)
    data_dir: Path | None = None
    k: int = Field(default=4, ge=1)
    source: str | None = None
    since: date | None = None
    as_of: date | None = None
    _searcher: Searcher = PrivateAttr()

    @model_validator(mode="after")
    def _open(self) -> NewsdeskRetriever:
        if self.desk is not None:
            self._searcher = self.desk.searcher
        elif self.data_dir is not None:
            self._searcher = open_searcher(self.data_dir)
        else:
            raise ValueError("NewsdeskRetriever needs data_dir=PATH or desk=Newsdesk(...)")
        return self

    @property
    def searcher(self) -> Searcher:
        return self._searcher

    def _get_relevant_documents(
        self,
        query: str,
        *,
        run_manager: CallbackManagerForRetrieverRun,
        k: int | None = None,
        source: str | None = None,
        since: date | None = None,
        as_of: date | None = None,
    ) -> list[Document]:
        where = SearchFilter(source or self.source, since or self.since, as_of or self.as_of)
        hits = self._searcher.search(query, k or self.k, where if where != SearchFilter() else None)
        return [document_of(hit) for hit in hits]


def open_searcher(data_dir: Path) -> Searcher:
    """A searcher over the index in `data_dir`, with the settings the environment gives otherwise."""
    from index.settings import Settings
    from index.store.chroma import Store
    from index.store.embeddings import questions_model_in, shared_embedder

    settings = Settings(data_dir=data_dir)
    embedder = shared_embedder(settings.precision, settings.batch_size, questions_model_in(data_dir))
    return Searcher(Store(settings, embedder), embedder)


def document_of(hit: Hit) -> Document:
    chunk = hit.chunk
    metadata: dict[str, Any] = {
        "article_id": chunk.article_id,
        "title": chunk.title,
        "source": chunk.source,
        "published": chunk.published,
        "url": chunk.url,
        "start": chunk.start,
        "end": chunk.end,
        "score": hit.score,
        "chunk_id": chunk.id,
        "dense": hit.dense,
        "lexical": hit.lexical,
    }
    return Document(page_content=chunk.text, metadata=metadata, id=chunk.id)


def hit_of(document: Document) -> Hit:
    """The search hit a Document of this retriever stands for."""
    meta = document.metadata
    chunk = StoredChunk(
        id=str(meta["chunk_id"]),
        text=document.page_content,
        article_id=str(meta["article_id"]),
        title=str(meta["title"]),
        source=str(meta["source"]),
        url=str(meta["url"]),
        published=str(meta["published"]),
        start=int(meta["start"]),
        end=int(meta["end"]),
    )
    return Hit(chunk, float(meta["score"]), float(meta["dense"]), float(meta["lexical"]))
