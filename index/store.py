"""Stage 4: keep chunks and their vectors in Chroma, with a registry of indexed articles.

Two collections: `<name>_chunks` (cosine space, one record per chunk) and `<name>_articles` (one record per
article). An article's record is written after its chunks and deleted before them, so it marks a
complete article: chunks without a record are leftovers of an interrupted run and are never served.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, cast

import chromadb
import numpy as np
from chromadb.api import ClientAPI
from chromadb.api.models.Collection import Collection
from chromadb.api.types import Documents, EmbeddingFunction, Embeddings, Where
from chromadb.config import Settings as ChromaSettings
from chromadb.utils.embedding_functions import register_embedding_function

from index.chunks import Chunk
from index.embeddings import Embedder, Vectors, shared_embedder
from index.errors import StoreError, StoreUnavailableError
from index.settings import Settings

log = logging.getLogger(__name__)

# Chroma refuses larger batches in one call.
_WRITE_BATCH = 4000

Metadata = Mapping[str, Any]


@register_embedding_function
class NewsdeskEmbeddingFunction(EmbeddingFunction[Documents]):
    """Chroma's view of our model, so Chroma never falls back to downloading its own."""

    def __init__(self, embedder: Embedder) -> None:
        self.embedder = embedder

    def __call__(self, input: Documents) -> Embeddings:
        return list(self.embedder.embed(list(input)))

    @staticmethod
    def name() -> str:
        return "newsdesk-minilm"

    def get_config(self) -> dict[str, Any]:
        return {"precision": self.embedder.precision, "batch_size": self.embedder.batch_size}

    @staticmethod
    def build_from_config(config: dict[str, Any]) -> NewsdeskEmbeddingFunction:
        return NewsdeskEmbeddingFunction(
            shared_embedder(str(config.get("precision", "auto")), int(config.get("batch_size", 32)))
        )


@dataclass(frozen=True)
class ArticleRecord:
    """What the registry knows of one indexed article."""

    id: str
    title: str
    source: str
    url: str
    published: str
    author: str
    origin: str
    key: str
    ref: str
    chunks: int
    indexed_at: float

    @property
    def published_date(self) -> date | None:
        return date.fromisoformat(self.published) if self.published else None

    @classmethod
    def from_metadata(cls, article_id: str, meta: Metadata) -> ArticleRecord:
        return cls(
            id=article_id,
            title=str(meta.get("title", "")),
            source=str(meta.get("source", "")),
            url=str(meta.get("url", "")),
            published=str(meta.get("published", "")),
            author=str(meta.get("author", "")),
            origin=str(meta.get("origin", "")),
            key=str(meta.get("key", "")),
            ref=str(meta.get("ref", "")),
            chunks=int(meta.get("chunks", 0)),
            indexed_at=float(meta.get("indexed_at", 0.0)),
        )


@dataclass(frozen=True)
class StoredChunk:
    """A chunk as read back from the store: its text and the metadata needed to cite it."""

    id: str
    text: str
    article_id: str
    title: str
    source: str
    url: str
    published: str
    start: int
    end: int

    @classmethod
    def from_record(cls, chunk_id: str, text: str, meta: Metadata) -> StoredChunk:
        return cls(
            id=chunk_id,
            text=text,
            article_id=str(meta["article_id"]),
            title=str(meta.get("title", "")),
            source=str(meta.get("source", "")),
            url=str(meta.get("url", "")),
            published=str(meta.get("published", "")),
            start=int(meta.get("start", 0)),
            end=int(meta.get("end", 0)),
        )


def chunk_metadata(chunk: Chunk) -> dict[str, str | int]:
    article = chunk.article
    return {
        "article_id": article.id,
        "title": article.title,
        "source": article.source,
        "url": article.url,
        "published": article.published.isoformat() if article.published else "",
        "start": chunk.start,
        "end": chunk.end,
        "index": chunk.index,
    }


def article_metadata(chunks: Sequence[Chunk]) -> dict[str, str | int | float]:
    article = chunks[0].article
    return {
        "title": article.title,
        "source": article.source,
        "url": article.url,
        "published": article.published.isoformat() if article.published else "",
        "author": article.author,
        "origin": article.origin,
        "key": article.key,
        "ref": article.ref,
        "chunks": len(chunks),
        "indexed_at": time.time(),
    }


def open_client(settings: Settings) -> ClientAPI:
    chroma_settings = ChromaSettings(anonymized_telemetry=False, allow_reset=False)
    try:
        settings.chroma_dir.mkdir(parents=True, exist_ok=True)
        return chromadb.PersistentClient(path=str(settings.chroma_dir), settings=chroma_settings)
    except OSError:
        raise StoreError(
            f"cannot write to the data folder {settings.data_dir}; "
            "make it writable or set NEWSDESK_DATA_DIR to another folder"
        ) from None
    except Exception as error:  # Chroma raises many kinds on an unusable folder
        log.exception("opening the index failed")
        raise StoreError(f"cannot open the index in {settings.data_dir}: {error}") from None


class Store:
    """The Chroma-backed index: chunks, vectors and the article registry."""

    def __init__(self, settings: Settings, embedder: Embedder) -> None:
        self.settings = settings
        self.client = open_client(settings)
        function = NewsdeskEmbeddingFunction(embedder)
        self.chunks: Collection = self.client.get_or_create_collection(
            f"{settings.collection}_chunks",
            configuration={"hnsw": {"space": "cosine"}},
            embedding_function=function,  # type: ignore[arg-type]
        )
        self.registry: Collection = self.client.get_or_create_collection(
            f"{settings.collection}_articles",
            embedding_function=function,  # type: ignore[arg-type]
        )

    def articles(self) -> list[ArticleRecord]:
        found = self.registry.get(include=["metadatas"])
        metadatas = found["metadatas"] or []
        return [ArticleRecord.from_metadata(i, m) for i, m in zip(found["ids"], metadatas, strict=True)]

    def article(self, article_id: str) -> ArticleRecord | None:
        found = self.registry.get(ids=[article_id], include=["metadatas"])
        if not found["ids"] or not found["metadatas"]:
            return None
        return ArticleRecord.from_metadata(article_id, found["metadatas"][0])

    def add(self, chunks: Sequence[Chunk], vectors: Vectors) -> None:
        """Write the chunks of whole articles, then register those articles."""
        by_article: dict[str, list[Chunk]] = {}
        for chunk in chunks:
            by_article.setdefault(chunk.article.id, []).append(chunk)
        self._delete_chunks(list(by_article))
        for begin in range(0, len(chunks), _WRITE_BATCH):
            batch = chunks[begin : begin + _WRITE_BATCH]
            self.chunks.add(
                ids=[c.id for c in batch],
                documents=[c.text for c in batch],
                embeddings=vectors[begin : begin + _WRITE_BATCH],
                metadatas=[chunk_metadata(c) for c in batch],
            )
        ids = list(by_article)
        self.registry.upsert(
            ids=ids,
            embeddings=np.ones((len(ids), 1), dtype=np.float32),
            metadatas=[article_metadata(by_article[i]) for i in ids],
        )

    def remove(self, article_ids: Sequence[str]) -> None:
        if not article_ids:
            return
        self.registry.delete(ids=list(article_ids))
        self._delete_chunks(article_ids)

    def _delete_chunks(self, article_ids: Sequence[str]) -> None:
        for begin in range(0, len(article_ids), _WRITE_BATCH):
            batch = list(article_ids[begin : begin + _WRITE_BATCH])
            self.chunks.delete(where=cast(Where, {"article_id": {"$in": batch}}))

    def remove_orphans(self, registered: Iterable[str]) -> int:
        """Delete chunks left by an interrupted run (their article was never registered)."""
        known = set(registered)
        found = self.chunks.get(include=["metadatas"])
        orphans = {
            str(m["article_id"]) for m in found["metadatas"] or [] if str(m["article_id"]) not in known
        }
        self._delete_chunks(sorted(orphans))
        return len(orphans)

    def all_chunks(self) -> list[StoredChunk]:
        found = self.chunks.get(include=["documents", "metadatas"])
        documents = found["documents"] or []
        metadatas = found["metadatas"] or []
        return [
            StoredChunk.from_record(i, d, m)
            for i, d, m in zip(found["ids"], documents, metadatas, strict=True)
        ]

    def nearest(self, vector: Vectors, k: int) -> list[tuple[str, float]]:
        """Ids and cosine similarities of the k chunks nearest to `vector` (k <= chunk count)."""
        if k <= 0:
            return []
        found = self.chunks.query(query_embeddings=vector.reshape(1, -1), n_results=k, include=["distances"])
        distances = (found["distances"] or [[]])[0]
        return [(i, 1.0 - float(d)) for i, d in zip(found["ids"][0], distances, strict=True)]

    def chunk_count(self) -> int:
        return self.chunks.count()

    def revision(self) -> tuple[int, float]:
        """Changes whenever articles are added or removed, by this process or another."""
        records = self.registry.get(include=["metadatas"])
        stamps = [float(str(m.get("indexed_at", 0.0))) for m in records["metadatas"] or []]
        return len(stamps), sum(stamps)


def wrap_store_errors(error: Exception) -> StoreError:
    """Turn a Chroma failure into the sentence the user reads."""
    if isinstance(error, StoreError):
        return error
    if isinstance(error, ValueError | ConnectionError):
        return StoreUnavailableError("search is unavailable right now (the index cannot be reached)")
    return StoreError(f"the index failed: {error}")
