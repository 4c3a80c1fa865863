"""The HNSW graph is searched widely enough that one query finds the same nearest chunks in every process.

At Chroma's default width (ef_search 100) the chunks near the end of a 100-deep search differed from one
process to the next, and with them the fused hits, the answers and the fact-check verdicts.
"""

from __future__ import annotations

from chromadb.api.models.Collection import Collection

from index.settings import Settings
from index.store.chroma import SEARCH_EF, NewsdeskEmbeddingFunction, Store, open_client
from index.store.embeddings import Embedder


def test_a_new_index_is_searched_widely(settings: Settings, embedder: Embedder) -> None:
    """The chunk collection of a new index is made with SEARCH_EF."""
    chunks = Store(settings, embedder).connect().chunks
    assert search_width(chunks) == SEARCH_EF


def test_an_index_made_at_chromas_default_width_is_widened_when_opened(
    settings: Settings, embedder: Embedder
) -> None:
    """An index made before (Chroma's default ef_search, 100) is searched with SEARCH_EF once opened, and
    stays so."""
    made_before = open_client(settings).create_collection(
        f"{settings.collection}_chunks",
        configuration={"hnsw": {"space": "cosine"}},
        embedding_function=NewsdeskEmbeddingFunction(embedder),  # type: ignore[arg-type]
    )
    assert search_width(made_before) == 100
    Store(settings, embedder).connect()
    reopened = open_client(settings).get_collection(f"{settings.collection}_chunks")
    assert search_width(reopened) == SEARCH_EF


def search_width(chunks: Collection) -> int:
    hnsw = chunks.configuration.get("hnsw") or {}
    return int(hnsw.get("ef_search") or 0)
