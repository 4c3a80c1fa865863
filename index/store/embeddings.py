"""Turn text into vectors with the bundled all-MiniLM-L6-v2, offline."""

from __future__ import annotations

import logging
import os
import threading
from collections import OrderedDict
from collections.abc import Sequence
from pathlib import Path
from typing import Literal

import numpy as np

from index.store.cores import CoreTurns
from index.store.onnx_model import OnnxModel, export
from index.store.torch_model import DIMENSIONS, MODEL_NAME, TorchModel, Vectors

__all__ = ["DIMENSIONS", "MODEL_NAME", "Embedder", "Vectors", "questions_model_in", "shared_embedder"]

log = logging.getLogger(__name__)

# A question's calls (the question, an answer's or a check's candidate sentences) stay under this.
QUESTION_CALL_TEXTS = 32
# Question-time texts whose vectors are kept, least recently used first out (1.5 MB a thousand).
REMEMBERED_TEXTS = 4096
# Chunks per model call when indexing: with length-sorted batches, 8 embeds as fast as 32 and a question
# asked meanwhile waits a quarter as long (benchmarks/bench_ingest.py).
DEFAULT_BATCH_SIZE = 8


def cpu_has_native_bf16(cpuinfo: Path = Path("/proc/cpuinfo")) -> bool:
    """True when the CPU has AVX512-BF16 or AMX, where bfloat16 is faster at the same top-1."""
    try:
        flags = cpuinfo.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return False
    return " avx512_bf16" in flags or " amx_bf16" in flags


def resolve_precision(setting: str) -> Literal["float32", "bfloat16"]:
    if setting == "bfloat16":
        return "bfloat16"
    if setting == "float32":
        return "float32"
    return "bfloat16" if cpu_has_native_bf16() else "float32"


class Embedder:
    """MiniLM, loaded on first use, once per process; vectors are L2-normalised float32.

    Indexing embeds chunks with torch at the set precision. Questions (the question, an answer's or a
    check's candidate sentences) are embedded with the ONNX export at `questions_model` when one is
    given, else with torch too.
    """

    def __init__(
        self,
        precision: str = "auto",
        batch_size: int = DEFAULT_BATCH_SIZE,
        questions_model: Path | None = None,
    ) -> None:
        self.precision = resolve_precision(precision)
        self.batch_size = batch_size
        self.questions_model = questions_model
        # Questions' calls go before indexing's next batch; calls that wait together share the cores.
        self.cores = CoreTurns(available_cores())
        self._loading = threading.RLock()
        self._torch: TorchModel | None = None
        self._onnx: OnnxModel | None = None
        # Set by `warm_up` on a CPU that computes bfloat16 natively: questions go to torch too.
        self._questions_in_torch = False
        self._remembered: OrderedDict[str, Vectors] = OrderedDict()
        self._remembering = threading.Lock()

    @property
    def loaded(self) -> bool:
        """Whether questions can be embedded without loading a model first."""
        in_torch = self._questions_in_torch or self.questions_model is None
        return self._torch is not None if in_torch else self._onnx is not None

    def _torch_model(self) -> TorchModel:
        with self._loading:
            if self._torch is None:
                self._torch = TorchModel(self.precision)
                # 0.2 s with its first call; indexing 633 chunks then ran at 0.87 of raw encode's speed
                # against 0.76 eagerly (benchmarks/bench_index.py).
                self._torch.trace()
            return self._torch

    def _questions_model(self) -> TorchModel | OnnxModel:
        with self._loading:
            if self._questions_in_torch:
                return self._torch_model()
            if self._onnx is None and self.questions_model is not None:
                self.export_questions_model()
                if self.questions_model.exists():
                    self._onnx = OnnxModel(self.questions_model, self.cores.total)
                else:  # the export failed: torch serves, and the export is not tried again
                    self.questions_model = None
            return self._onnx or self._torch_model()

    def export_questions_model(self) -> None:
        """Write the questions' model if it is missing (indexing calls this while it has torch loaded
        anyway: the next process to answer, the bot's included, then never needs torch)."""
        with self._loading:
            if self.questions_model is None or self.questions_model.exists():
                return
            try:
                export(self.questions_model)
            except (OSError, ImportError, ValueError) as error:
                log.warning("questions will be embedded with torch: %s", error)

    def warm_up(self) -> None:
        """Ready the questions' model for a process that answers for long (the bot, a batch), and run it
        once. On a CPU that computes bfloat16 natively that is torch's traced graph in bfloat16: at
        22.9k chunks a question took a median 65 ms that way against 135 ms with ONNX in float32
        (benchmarks/bench_start.py), for about 260 MB more memory. Elsewhere it is the ONNX export."""
        with self._loading:
            if self.precision == "bfloat16" and cpu_has_native_bf16():
                self._questions_in_torch = True
                self._onnx = None
                with self._remembering:  # vectors of the other model
                    self._remembered.clear()
        self.embed(["warm-up"])

    def embed(self, texts: Sequence[str], urgent: bool = True) -> Vectors:
        """Embed texts for a question, in calls of up to QUESTION_CALL_TEXTS texts, each in one turn
        ahead of indexing's next batch. Vectors come back in input order. Texts embedded lately are not
        embedded again: the questions about one story read the same sentences. Not `urgent` (reading
        sentences ahead for the store), the calls wait behind questions, and are not remembered."""
        known = self._recall(texts)
        fresh = [t for t in dict.fromkeys(texts) if t not in known]
        if fresh:
            model = self._questions_model()
            for start in range(0, len(fresh), QUESTION_CALL_TEXTS):
                batch = fresh[start : start + QUESTION_CALL_TEXTS]
                with self.cores.turn(urgent=urgent) as cores:
                    known.update(zip(batch, model.encode(batch, cores), strict=True))
            if urgent:
                self._remember({t: known[t] for t in fresh})
        return np.array([known[t] for t in texts], dtype=np.float32).reshape(len(texts), DIMENSIONS)

    def _recall(self, texts: Sequence[str]) -> dict[str, Vectors]:
        with self._remembering:
            known = {t: self._remembered[t] for t in texts if t in self._remembered}
            for text in known:
                self._remembered.move_to_end(text)
        return known

    def _remember(self, vectors: dict[str, Vectors]) -> None:
        with self._remembering:
            self._remembered.update(vectors)
            while len(self._remembered) > REMEMBERED_TEXTS:
                self._remembered.popitem(last=False)

    def embed_for_index(self, texts: Sequence[str]) -> Vectors:
        """Embed chunks in length-sorted batches of `batch_size`, returned in input order.

        Between batches the model goes to any question waiting for it, and while questions have been
        asked in the last few seconds a batch takes one core, leaving the other to them.
        Measured during a poll of 500 items (benchmarks/bench_ingest.py): question p95 92 ms, 2.2x idle,
        against 161 ms, 4.4x, when batches took both cores.
        """
        model = self._torch_model()
        vectors = np.zeros((len(texts), DIMENSIONS), dtype=np.float32)
        by_length = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        for start in range(0, len(by_length), self.batch_size):
            batch = by_length[start : start + self.batch_size]
            with self.cores.turn(urgent=False) as cores:
                vectors[batch] = model.encode([texts[i] for i in batch], cores)
        return vectors

    def embed_query(self, text: str) -> Vectors:
        """One text's vector; repeated questions (retrieval, then answering) are encoded once."""
        vector: Vectors = self.embed([text])[0]
        return vector


def questions_model_in(data_dir: Path) -> Path:
    """Where an index keeps the questions' ONNX model: beside its data."""
    return data_dir / f"{MODEL_NAME}.onnx"


def available_cores() -> int:
    return len(os.sched_getaffinity(0))


def shared_embedder(
    precision: str = "auto", batch_size: int | None = None, questions_model: Path | None = None
) -> Embedder:
    """One model per process, whoever asks for it.

    Chroma rebuilds the embedding function from the config it stored with the index: the resolved
    precision ("bfloat16" where the settings say "auto") and the batch size the index was built with,
    which may be older than the settings'. It asks without a batch size and gets the model this process
    already loaded at that precision, never a second copy; a new one uses DEFAULT_BATCH_SIZE.
    The questions' model is the first one named.
    """
    resolved = resolve_precision(precision)
    with _loading:
        if batch_size is None:
            same_precision = [e for (p, _), e in _loaded.items() if p == resolved]
            if same_precision:
                return same_precision[0]
            batch_size = DEFAULT_BATCH_SIZE
        key = (resolved, batch_size)
        if key not in _loaded:
            _loaded[key] = Embedder(resolved, batch_size, questions_model)
        embedder = _loaded[key]
        if embedder.questions_model is None and embedder._onnx is None:
            embedder.questions_model = questions_model
        return embedder


_loaded: dict[tuple[str, int], Embedder] = {}
_loading = threading.Lock()
