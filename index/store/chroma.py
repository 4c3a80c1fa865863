"""Keep chunks and their vectors in Chroma, with a registry of indexed articles.

Two collections: `<name>_chunks` (cosine space, one record per chunk) and `<name>_articles` (one record per
article). An article's record is written after its chunks and deleted before them, so it marks a
complete article: chunks without a record are leftovers of an interrupted run and are never served.
A third, `<name>_changes`, holds one stamp rewritten after every write, so that searchers in any process
notice a change with one small read.

The same code runs on the embedded PersistentClient (data folder) and on a Chroma server (HttpClient,
NEWSDESK_CHROMA_URL).
"""

from __future__ import annotations

import functools
import logging
import threading
import time
import uuid
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, Concatenate, ParamSpec, TypeVar, cast
from urllib.parse import urlsplit

import chromadb
import chromadb.errors
import httpx
import numpy as np
from chromadb.api import ClientAPI
from chromadb.api.models.Collection import Collection
from chromadb.api.types import Documents, EmbeddingFunction, Embeddings, Include, Where
from chromadb.config import Settings as ChromaSettings
from chromadb.utils.embedding_functions import register_embedding_function

from index.errors import StoreError, StoreUnavailableError
from index.model import EXTRA_PREFIX, ArticleRecord, Metadata, StoredChunk
from index.settings import Settings
from index.store.chunks import Chunk
from index.store.embeddings import Embedder, Vectors, shared_embedder

log = logging.getLogger(__name__)

# Chroma refuses larger batches in one call.
_WRITE_BATCH = 4000
# Article ids per filtered read, to keep each request and its `$in` list small.
_READ_BATCH = 500
# Records per read: one unbounded read of 100k records exceeds SQLite's limit on query variables.
_PAGE = 5000
_CHANGE_ID = "revision"
# How widely the HNSW graph is searched. Chroma's default, 100, returned different nearest chunks in each
# process for the same query and index (so answers and verdicts changed from run to run); at 500 every
# process we tried found the same ones, for 2-3 ms more a question at 10k chunks (bench_ask).
SEARCH_EF = 500

UNAVAILABLE = "search is unavailable right now (the index cannot be reached)"


def unavailable(settings: Settings) -> StoreUnavailableError:
    """The error for an unreachable index, naming the server an operator should look at."""
    if settings.chroma_url:
        return StoreUnavailableError(
            f"search is unavailable right now (the Chroma server at {settings.chroma_url} cannot be reached)"
        )
    return StoreUnavailableError(UNAVAILABLE)


# A connection lost below Chroma's client: outside the store's own calls, the only failure that means
# search is down (any other error there is a bug, and is told as one).
CONNECTION_LOST = (httpx.TransportError, ConnectionError)
# What a lost or refused connection to a Chroma server raises inside a store call: the connection's errors,
# the client's ValueError when no server answers, and the server's own errors when it restarts or loses a
# collection.
_UNREACHABLE = (
    *CONNECTION_LOST,
    ValueError,
    chromadb.errors.InternalError,
    chromadb.errors.NotFoundError,
)

P = ParamSpec("P")
R = TypeVar("R")


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
        # The stored batch size is the one the index was built with: the loaded model serves it as is.
        return NewsdeskEmbeddingFunction(shared_embedder(str(config.get("precision", "auto"))))


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
        **{EXTRA_PREFIX + k: v for k, v in article.extra.items()},
    }


def server_address(url: str) -> tuple[str, int, bool]:
    """Host, port and TLS of a Chroma server URL such as http://127.0.0.1:8000."""
    parsed = urlsplit(url if "://" in url else f"http://{url}")
    if parsed.scheme not in {"http", "https"} or not parsed.hostname:
        raise StoreError(f"NEWSDESK_CHROMA_URL must look like http://HOST:PORT, not {url!r}")
    secure = parsed.scheme == "https"
    return parsed.hostname, parsed.port or (443 if secure else 8000), secure


def open_client(settings: Settings) -> ClientAPI:
    """A Chroma server's HttpClient when NEWSDESK_CHROMA_URL is set, else the data folder's own index."""
    chroma_settings = ChromaSettings(anonymized_telemetry=False, allow_reset=False)
    if settings.chroma_url:
        host, port, secure = server_address(settings.chroma_url)
        try:
            client = chromadb.HttpClient(host=host, port=port, ssl=secure, settings=chroma_settings)
        except _UNREACHABLE as error:
            log.warning("Chroma server %s:%d unreachable: %s", host, port, error)
            raise unavailable(settings) from None
        # Chroma's HTTP session waits for ever: a server that hangs (rather than dies) would hold every
        # question and /healthz. A timeout makes it "search is unavailable" like a server that is down.
        session = getattr(getattr(client, "_server", None), "_session", None)
        if isinstance(session, httpx.Client):
            session.timeout = httpx.Timeout(settings.chroma_timeout)
        return client
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


@dataclass
class Records:
    """Records read from a collection: ids with their documents and metadata, in the same order."""

    ids: list[str] = field(default_factory=list)
    documents: list[str] = field(default_factory=list)
    metadatas: list[Metadata] = field(default_factory=list)


def read_all(
    collection: Collection, include: Include, where: Where | None = None, page_size: int = _PAGE
) -> Records:
    """Every record of `collection` (that matches `where`), read `page_size` records at a time."""
    records = Records()
    while True:
        page = collection.get(where=where, include=include, limit=page_size, offset=len(records.ids))
        records.ids.extend(page["ids"])
        records.documents.extend(page["documents"] or [])
        records.metadatas.extend(page["metadatas"] or [])
        if len(page["ids"]) < page_size:
            return records


@dataclass(frozen=True)
class Collections:
    """The three collections of one connection."""

    chunks: Collection
    registry: Collection
    changes: Collection


def searched_widely(chunks: Collection) -> Collection:
    """The chunk collection searched with SEARCH_EF, also when it was made by an older version."""
    hnsw = (chunks.configuration or {}).get("hnsw") or {}
    if hnsw.get("ef_search", 0) < SEARCH_EF:
        chunks.modify(configuration={"hnsw": {"ef_search": SEARCH_EF}})
    return chunks


def reaching_store(method: Callable[Concatenate[Store, P], R]) -> Callable[Concatenate[Store, P], R]:
    """Turn a lost connection into StoreUnavailableError and reconnect on the next call."""

    @functools.wraps(method)
    def guarded(store: Store, /, *args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return method(store, *args, **kwargs)
        except _UNREACHABLE as error:
            store.disconnect(error)
            raise unavailable(store.settings) from None

    return guarded


class Store:
    """The Chroma-backed index: chunks, vectors and the article registry.

    The connection is opened lazily and dropped on any transport failure, so a Chroma server that goes
    away and comes back is picked up again without a restart; meanwhile calls raise StoreUnavailableError.
    """

    def __init__(self, settings: Settings, embedder: Embedder) -> None:
        self.settings = settings
        self.function = NewsdeskEmbeddingFunction(embedder)
        self._lock = threading.Lock()
        self._collections: Collections | None = None
        try:
            self.connect()
        except StoreUnavailableError:
            if not settings.chroma_url:
                raise
            # A server that is down at start-up is retried on each use; the caller keeps running.

    def connect(self) -> Collections:
        with self._lock:
            if self._collections is None:
                self._collections = self._open_collections()
            return self._collections

    def _open_collections(self) -> Collections:
        client = open_client(self.settings)
        name = self.settings.collection
        try:
            return Collections(
                chunks=searched_widely(
                    client.get_or_create_collection(
                        f"{name}_chunks",
                        configuration={"hnsw": {"space": "cosine", "ef_search": SEARCH_EF}},
                        embedding_function=self.function,  # type: ignore[arg-type]
                    )
                ),
                registry=client.get_or_create_collection(
                    f"{name}_articles",
                    embedding_function=self.function,  # type: ignore[arg-type]
                ),
                changes=client.get_or_create_collection(
                    f"{name}_changes",
                    embedding_function=self.function,  # type: ignore[arg-type]
                ),
            )
        except _UNREACHABLE as error:
            log.warning("Chroma collections unreachable: %s", error)
            raise unavailable(self.settings) from None

    def disconnect(self, error: Exception) -> None:
        log.warning("lost the index connection (%s: %s); will reconnect", type(error).__name__, error)
        with self._lock:
            self._collections = None

    @property
    def connected(self) -> bool:
        return self._collections is not None

    @property
    def chunks(self) -> Collection:
        return self.connect().chunks

    @property
    def registry(self) -> Collection:
        return self.connect().registry

    @reaching_store
    def ping(self) -> int:
        """The number of indexed articles; raises StoreUnavailableError when the index cannot be reached."""
        return self.registry.count()

    @reaching_store
    def articles(self) -> list[ArticleRecord]:
        found = read_all(self.registry, ["metadatas"])
        return [ArticleRecord.from_metadata(i, m) for i, m in zip(found.ids, found.metadatas, strict=True)]

    @reaching_store
    def article(self, article_id: str) -> ArticleRecord | None:
        found = self.registry.get(ids=[article_id], include=["metadatas"])
        if not found["ids"] or not found["metadatas"]:
            return None
        return ArticleRecord.from_metadata(article_id, found["metadatas"][0])

    @reaching_store
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
        self._stamp_change()

    @reaching_store
    def remove(self, article_ids: Sequence[str]) -> None:
        if not article_ids:
            return
        self.registry.delete(ids=list(article_ids))
        self._delete_chunks(article_ids)
        self._stamp_change()

    def _stamp_change(self) -> None:
        # Every write leaves a new random stamp, so readers in any process see that something changed
        # with one small read; concurrent writers cannot lose each other's change (each stamp is new).
        self.connect().changes.upsert(
            ids=[_CHANGE_ID],
            embeddings=np.ones((1, 1), dtype=np.float32),
            metadatas=[{"stamp": uuid.uuid4().hex, "at": time.time()}],
        )

    def _delete_chunks(self, article_ids: Sequence[str]) -> None:
        for begin in range(0, len(article_ids), _WRITE_BATCH):
            batch = list(article_ids[begin : begin + _WRITE_BATCH])
            self.chunks.delete(where=cast(Where, {"article_id": {"$in": batch}}))

    @reaching_store
    def remove_orphans(self, registered: Iterable[str]) -> int:
        """Delete chunks left by an interrupted run (their article was never registered)."""
        known = set(registered)
        found = read_all(self.chunks, ["metadatas"])
        orphans = {str(m["article_id"]) for m in found.metadatas if str(m["article_id"]) not in known}
        self._delete_chunks(sorted(orphans))
        return len(orphans)

    @reaching_store
    def all_chunks(self) -> list[StoredChunk]:
        return self._read_chunks(read_all(self.chunks, ["documents", "metadatas"]))

    @reaching_store
    def chunks_of(self, article_ids: Sequence[str]) -> list[StoredChunk]:
        """The chunks of these articles, in batches the server accepts."""
        chunks: list[StoredChunk] = []
        for begin in range(0, len(article_ids), _READ_BATCH):
            batch = list(article_ids[begin : begin + _READ_BATCH])
            where = cast(Where, {"article_id": {"$in": batch}})
            chunks.extend(self._read_chunks(read_all(self.chunks, ["documents", "metadatas"], where)))
        return chunks

    @staticmethod
    def _read_chunks(found: Records) -> list[StoredChunk]:
        return [
            StoredChunk.from_record(i, d, m)
            for i, d, m in zip(found.ids, found.documents, found.metadatas, strict=True)
        ]

    @reaching_store
    def nearest(
        self, vector: Vectors, k: int, articles: Iterable[str] | None = None
    ) -> list[tuple[str, float]]:
        """Ids and cosine similarities of the k chunks nearest to `vector` (k <= chunk count), among the
        chunks of `articles` when given."""
        if k <= 0:
            return []
        where = cast(Where, {"article_id": {"$in": sorted(articles)}}) if articles is not None else None
        found = self.chunks.query(
            query_embeddings=vector.reshape(1, -1), n_results=k, where=where, include=["distances"]
        )
        distances = (found["distances"] or [[]])[0]
        return [(i, 1.0 - float(d)) for i, d in zip(found["ids"][0], distances, strict=True)]

    @reaching_store
    def chunk_count(self) -> int:
        return self.chunks.count()

    @reaching_store
    def revision(self) -> tuple[int, str]:
        """Changes whenever articles are added or removed, by this process or another; two small reads."""
        found = self.connect().changes.get(ids=[_CHANGE_ID], include=["metadatas"])
        stamp = str((found["metadatas"] or [{}])[0].get("stamp", "")) if found["ids"] else ""
        return self.registry.count(), stamp

    @reaching_store
    def registered(self) -> dict[str, float]:
        """Every registered article id with the time it was indexed (a re-index changes it)."""
        found = read_all(self.registry, ["metadatas"])
        return {
            i: float(str(m.get("indexed_at", 0.0))) for i, m in zip(found.ids, found.metadatas, strict=True)
        }
