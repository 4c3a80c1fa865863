"""The bundled model as the pipeline uses it: batched, offline, in input order."""

from __future__ import annotations

import numpy as np
from sentence_transformers.models import Transformer

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


def test_inputs_are_padded_to_a_multiple_of_16_tokens_without_moving_their_vectors(
    embedder: Embedder,
) -> None:
    """Few input shapes keep torch's kernel cache small; the padding is masked, so vectors stay put
    (up to bfloat16's rounding)."""
    texts = ["Ferry delayed.", "The harbour ferry was delayed by fog for the third morning running."]
    transformer = embedder.model[0]
    assert isinstance(transformer, Transformer)
    for text in texts:
        assert transformer.preprocess([text])["input_ids"].shape[1] % 16 == 0
    padded = embedder.embed(texts)
    transformer.processing_kwargs = {}
    try:
        unpadded = embedder.embed(texts)
    finally:
        transformer.processing_kwargs = {"text": {"pad_to_multiple_of": 16}}
    assert np.allclose(np.sum(padded * unpadded, axis=1), 1.0, atol=5e-3)
