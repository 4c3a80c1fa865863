"""MiniLM exported to ONNX, for questions: onnxruntime and the tokenizer start in a fifth of a second,
where torch and sentence-transformers take seconds, and give torch's float32 vectors up to rounding.

The graph is exported once from the bundled model, beside the index, and checked against torch before
it is kept (`export`). Only indexing needs torch: a process that only answers never imports it.
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np

from index.store.torch_model import (
    Tokens,
    Vectors,
    export_onnx,
    in_parts,
    mean_pooled,
    model_tokenizer,
    tokenized,
)

log = logging.getLogger(__name__)

# The least cosine between the exported graph's vectors and torch's float32 ones on the probe texts.
AGREEMENT = 0.9999
PROBES = (
    "Who won the election?",
    "Rebels seized the eastern city of Goma after weeks of fighting, officials said on Tuesday.",
)


class OnnxModel:
    """The exported graph with the model's own tokenizer, mean pooling and normalisation."""

    def __init__(self, path: Path, cores: int) -> None:
        import onnxruntime

        options = onnxruntime.SessionOptions()
        # One thread a run: a call given several cores runs its batches on as many threads (`in_parts`).
        options.intra_op_num_threads = 1
        options.inter_op_num_threads = 1
        options.log_severity_level = 3
        self.session = onnxruntime.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])
        self.tokenizer = model_tokenizer()
        self._parts = ThreadPoolExecutor(max(cores, 1), thread_name_prefix="onnx")
        log.info("question encoder loaded from %s", path.name)

    def encode(self, texts: Sequence[str], cores: int) -> Vectors:
        """Vectors in input order, the texts in batches of similar length on up to one thread a core
        (`in_parts`)."""
        return in_parts(texts, tokenized(self.tokenizer, list(texts)), cores, self._run, self._parts)

    def _run(self, tokens: Tokens) -> Vectors:
        ids, mask = tokens
        inputs = {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)}
        return mean_pooled(self.session.run(None, inputs)[0], mask)


def export(path: Path) -> None:
    """Export the bundled model's graph to `path`. One whose vectors disagree with torch's is not kept
    (ValueError)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    # Written aside and moved in whole, so that a process reading the folder never sees half a file.
    partial = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}")
    try:
        reference = export_onnx(partial, PROBES)
        agreement = float(np.min(np.sum(OnnxModel(partial, 1).encode(PROBES, 1) * reference, axis=1)))
        if agreement < AGREEMENT:
            raise ValueError(f"the exported model disagrees with torch (cosine {agreement:.5f})")
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)
