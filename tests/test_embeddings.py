"""The bundled model as the pipeline uses it: batched, offline, in input order."""

from __future__ import annotations

import numpy as np

from index.embeddings import Embedder


def test_a_long_call_returns_vectors_in_input_order(embedder: Embedder) -> None:
    """Indexing embeds in length-sorted batches; each vector still belongs to the text at its position."""
    texts = [f"Harbour report {n}: " + "the ferry was delayed again. " * (n % 7 + 1) for n in range(75)]
    texts[40] = "A volcano erupted near the capital overnight."
    together = embedder.embed(texts)
    for position in (0, 13, 40, 74):
        alone = embedder.embed([texts[position]])[0]
        assert float(together[position] @ alone) > 0.99
    assert float(together[40] @ together[39]) < 0.5
    assert np.allclose(np.linalg.norm(together, axis=1), 1.0, atol=1e-2)
