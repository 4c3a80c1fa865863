"""The bundled model as the pipeline uses it: batched, offline, in input order."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import overload

import numpy as np
import pytest
import torch
from sentence_transformers import SentenceTransformer

from index.store.chroma import NewsdeskEmbeddingFunction
from index.store.cores import QUESTIONS_RECENT_SECONDS, CoreTurns
from index.store.embeddings import Embedder, cpu_has_native_bf16, questions_model_in, resolve_precision
from index.store.torch_model import (
    SAME_AT_ANY_PADDING,
    TorchModel,
    batches,
    lanes,
    model_path,
    shared_out,
    tokenized,
)


def test_a_long_call_returns_vectors_in_input_order(embedder: Embedder) -> None:
    """Indexing embeds in length-sorted batches; each vector still belongs to the text at its position."""
    texts = [f"Harbour report {n}: " + "the ferry was delayed again. " * (n % 7 + 1) for n in range(75)]
    texts[40] = "A volcano erupted near the capital overnight."
    together = embedder.embed_for_index(texts)
    for position in (0, 13, 40, 74):
        alone = embedder.embed_for_index([texts[position]])[0]
        assert float(together[position] @ alone) > 0.99
    assert float(together[40] @ together[39]) < 0.5
    assert np.allclose(np.linalg.norm(together, axis=1), 1.0, atol=1e-2)


def test_inputs_are_padded_to_a_multiple_of_16_tokens_without_moving_their_vectors(
    torch_model: TorchModel,
) -> None:
    """Few input shapes keep torch's kernel cache small; the padding is masked, so vectors stay put
    (up to bfloat16's rounding)."""
    texts = ["Ferry delayed.", "The harbour ferry was delayed by fog for the third morning running."]
    for text in texts:
        assert tokenized(torch_model.tokenizer, [text])[0].shape[1] % 16 == 0
    padded = torch_model.encode(texts, cores=1)
    torch_model.tokenizer.enable_padding()
    try:
        unpadded = torch_model.encode(texts, cores=1)
    finally:
        torch_model.tokenizer.enable_padding(pad_to_multiple_of=16)
    assert np.allclose(np.sum(padded * unpadded, axis=1), 1.0, atol=5e-3)


def test_a_short_texts_vector_does_not_depend_on_its_batch(torch_model: TorchModel) -> None:
    """What lets a call's texts be cut into batches of similar length: up to SAME_AT_ANY_PADDING tokens,
    a text's vector alone is its vector padded among longer texts (bit for bit on the machine this was
    measured on; to rounding here, as bfloat16 kernels differ between CPUs)."""
    texts = [
        "Goma fell.",
        "Rebels seized the eastern city of Goma after weeks of fighting, officials said on Tuesday. " * 6,
        "Lula beat Bolsonaro in the runoff.",
        "Grocery prices soared 13.1% over the last 12 months, the largest rise since 1979. " * 2,
    ]
    assert max(tokenized(torch_model.tokenizer, texts)[1].sum(axis=1)) <= SAME_AT_ANY_PADDING
    alone = np.concatenate([torch_model.encode([text], cores=1) for text in texts])
    for cores in (1, 2):
        assert np.allclose(np.sum(torch_model.encode(texts, cores=cores) * alone, axis=1), 1.0, atol=5e-3)
    together = torch_model._encode_part(tokenized(torch_model.tokenizer, texts))
    assert np.allclose(np.sum(together * alone, axis=1), 1.0, atol=5e-3)


def test_a_call_is_cut_into_batches_of_similar_length_that_keep_every_core_busy() -> None:
    """Short texts go together and long ones apart, each text in one batch; a call given two cores
    uses both, halving its one batch when there is only one."""
    lengths = [12, 90, 14, 95, 11, 88]
    cut = batches(lengths)
    assert sorted(sorted(batch) for batch in cut) == [[0, 2, 4], [1, 3, 5]]
    assert sorted(len(lane) for lane in lanes(cut, lengths, cores=2)) == [1, 1]
    similar = [20, 21, 22, 23]
    assert len(batches(similar)) == 1
    assert lanes(batches(similar), similar, cores=2) == [[[0, 1]], [[2, 3]]]
    assert lanes(batches([20]), [20], cores=2) == [[[0]]]


def test_a_call_holding_a_long_text_keeps_one_length_sorted_part_a_core() -> None:
    """Longer than SAME_AT_ANY_PADDING tokens, a text's vector may move with its padding: such calls
    (indexing's chunks) are cut as they always were, so their vectors stay as they were."""
    texts = ["Goma fell.", "Rebels seized the city. " * 60, "Lula beat Bolsonaro."]
    assert shared_out(texts, [5, 256, 7], cores=2) == [[[0, 2]], [[1]]]


def test_indexing_gives_sentence_transformers_own_vectors_at_any_batch_size_and_length(
    embedder: Embedder,
) -> None:
    """The traced graph, the model's tokenizer and mean pooling give what sentence-transformers gives
    for the bundled model at any batch size and padded length, up to bfloat16 rounding (cosine
    0.997-0.998 to float32 on these texts)."""
    reference = SentenceTransformer(model_path(), device="cpu")
    if embedder.precision == "bfloat16":
        reference.to(torch.bfloat16)
    sentence = "Rebels seized the eastern city of Goma after weeks of fighting, officials said. "
    texts = [sentence * (1 + n % 9) for n in range(32)]
    for batch in (texts[:1], texts[5:8], texts):
        ours = embedder.embed_for_index(batch)
        theirs = reference.encode(batch, batch_size=32, normalize_embeddings=True)
        assert np.min(np.sum(ours * theirs, axis=1)) > 0.995


@pytest.fixture(scope="module")
def torch_model() -> TorchModel:
    return TorchModel(resolve_precision("auto"))


def test_the_traced_graph_gives_the_eager_models_vectors_bit_for_bit() -> None:
    """The graph traced on two short texts gives the eager model's vectors for other texts, bit for
    bit."""
    model = TorchModel(resolve_precision("auto"))
    texts = ["Who won the election in Brazil?", "Lula beat Bolsonaro in the runoff. " * 5, "Goma fell."]
    eager = model.encode(texts, cores=2)
    model.trace()
    assert np.array_equal(model.encode(texts, cores=2), eager)
    assert np.array_equal(model.encode(texts[:1], cores=2), eager[:1])


@pytest.fixture(scope="module")
def float32_model() -> Embedder:
    return Embedder("float32", batch_size=8)


@pytest.fixture
def one_shot(embedder: Embedder) -> Embedder:
    """A fresh process's embedder at the suite's precision, with the suite's exported questions' model."""
    assert embedder.questions_model is not None
    embedder.export_questions_model()
    return Embedder(embedder.precision, batch_size=8, questions_model=embedder.questions_model)


def test_questions_are_embedded_by_the_onnx_export_with_torchs_float32_vectors(
    one_shot: Embedder, float32_model: Embedder
) -> None:
    """The exported graph gives what torch gives in float32, up to rounding, and close to what indexing
    gives at its own precision; a long call keeps input order."""
    texts = [f"Harbour report {n}: " + "the ferry was delayed again. " * (n % 7 + 1) for n in range(40)]
    texts[33] = "A volcano erupted near the capital overnight."
    exported = one_shot.embed(texts)
    assert np.min(np.sum(exported * float32_model.embed_for_index(texts), axis=1)) > 0.9999
    assert np.min(np.sum(exported * one_shot.embed_for_index(texts), axis=1)) > 0.99


def test_a_warmed_up_process_on_a_bfloat16_cpu_embeds_questions_with_torch(
    one_shot: Embedder, float32_model: Embedder
) -> None:
    """Where the CPU computes bfloat16 natively, warming up (the bot, a batch) moves questions to torch
    in bfloat16: their vectors then match indexing's bfloat16 ones more closely than float32's, where
    before they matched float32's more closely."""
    if not (one_shot.precision == "bfloat16" and cpu_has_native_bf16()):
        pytest.skip("not bfloat16 on a CPU that computes it natively: questions stay with the ONNX export")
    texts = [
        "Rebels seized the eastern city of Goma after weeks of fighting, officials said on Tuesday.",
        "Grocery prices soared 13.1% over the last 12 months, the largest rise since 1979.",
        "NASA has two new dates in mind for its next attempt to launch the moon rocket.",
        "Children borrowed more than 900 books on the first day, the library reported.",
    ]
    float32, bfloat16 = float32_model.embed_for_index(texts), one_shot.embed_for_index(texts)

    def closer_to_bfloat16(vectors: np.ndarray) -> bool:
        # Distances, not cosines: bfloat16 vectors are normalised only up to its rounding.
        return bool(np.linalg.norm(vectors - bfloat16) < np.linalg.norm(vectors - float32))

    assert not closer_to_bfloat16(one_shot.embed(texts))
    one_shot.warm_up()
    assert closer_to_bfloat16(one_shot.embed(texts))


def test_a_model_that_cannot_be_exported_leaves_questions_to_torch(tmp_path: Path) -> None:
    """Where the export cannot be written (here its folder is a file), questions are embedded with
    torch at the index's precision instead of failing."""
    (tmp_path / "data").write_text("not a folder", encoding="utf-8")
    model = Embedder("float32", batch_size=8, questions_model=tmp_path / "data" / "model.onnx")
    vector = model.embed(["Who won the election in Brazil?"])
    assert model.questions_model is None
    assert np.array_equal(vector, model.embed_for_index(["Who won the election in Brazil?"]))


class HeldChunks(Sequence[str]):
    """Chunks to index that stop their reader at the first chunk of the given batches until the test
    releases it. Indexing reads every chunk once to sort them by length, then each batch's chunks as it
    embeds them, in its turn on the cores."""

    def __init__(self, chunks: list[str], batch_size: int, held_batches: Sequence[int]) -> None:
        self.chunks = chunks
        self.reads = 0
        self.holds = {len(chunks) + (n - 1) * batch_size + 1: n for n in held_batches}
        self.reached = {n: threading.Event() for n in held_batches}
        self.released = {n: threading.Event() for n in held_batches}

    def __len__(self) -> int:
        return len(self.chunks)

    @overload
    def __getitem__(self, index: int) -> str: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[str]: ...
    def __getitem__(self, index: int | slice) -> str | Sequence[str]:
        if isinstance(index, slice):
            return self.chunks[index]
        self.reads += 1
        held = self.holds.get(self.reads)
        if held is not None:
            self.reached[held].set()
            assert self.released[held].wait(timeout=30), "the test never released the indexing call"
        return self.chunks[index]


def test_a_question_is_embedded_between_indexing_batches_not_after_them(embedder: Embedder) -> None:
    """A question asked while an indexing batch holds the model is answered before the next batch: at
    once on a core the batch left free, or else at the batch's end, while the indexing call stands at
    the start of the next one."""
    sentence = "the harbour ferry was delayed by fog again, officials said. "
    chunks = HeldChunks(
        [f"Report {n}: " + sentence * 6 for n in range(5 * embedder.batch_size)],
        embedder.batch_size,
        held_batches=(2, 3),
    )
    indexing = threading.Thread(target=embedder.embed_for_index, args=(chunks,))
    indexing.start()
    assert chunks.reached[2].wait(timeout=30)
    vectors: list[np.ndarray] = []
    asked = ["Why was the night ferry held in port?"]
    question = threading.Thread(target=lambda: vectors.append(embedder.embed(asked)))
    question.start()
    wait_until(lambda: embedder.cores.waiting == 1 or not question.is_alive())
    chunks.released[2].set()
    question.join(timeout=30)  # stuck behind batch 3, which is held, had it not gone first
    answered_between_batches = not question.is_alive()
    chunks.released[3].set()
    indexing.join()
    question.join()
    assert answered_between_batches
    assert vectors[0].shape == (1, 384)


def test_calls_waiting_together_share_the_cores_instead_of_queueing() -> None:
    """A call alone takes every core; two questions that waited behind it then run side by side, a core
    each: the second starts while the first still holds its core, instead of queueing behind it."""
    turns = CoreTurns(cores=2)
    cores_taken: dict[str, int] = {}
    both_running = threading.Barrier(2)
    release_long_call = threading.Event()

    def long_call() -> None:
        with turns.turn(urgent=False) as cores:
            cores_taken["long call"] = cores
            release_long_call.wait()

    def question(name: str) -> None:
        with turns.turn(urgent=True) as cores:
            cores_taken[name] = cores
            # Both questions must hold a core at once to pass this barrier; queued, they never would.
            both_running.wait(timeout=30)

    threads = [threading.Thread(target=long_call)]
    threads[0].start()
    wait_until(lambda: "long call" in cores_taken)
    threads += [threading.Thread(target=question, args=(name,)) for name in ("first", "second")]
    for thread in threads[1:]:
        thread.start()
    wait_until(lambda: turns.waiting == 2)
    release_long_call.set()
    for thread in threads:
        thread.join()
    assert cores_taken == {"long call": 2, "first": 1, "second": 1}


def wait_until(condition: Callable[[], bool]) -> None:
    """Polls a state the test waits for; the deadline only stops a broken scheduler hanging the suite."""
    deadline = time.monotonic() + 30
    while not condition():
        assert time.monotonic() < deadline, "the scheduler never reached the awaited state"
        time.sleep(0.001)


def test_indexing_right_after_a_question_leaves_a_core_to_the_next_ones() -> None:
    """A question alone takes every core; indexing takes one while questions came in the last few
    seconds, and every free core again once they stop."""
    now = [100.0]
    turns = CoreTurns(cores=2, clock=lambda: now[0])
    with turns.turn(urgent=True) as cores:
        assert cores == 2
    with turns.turn(urgent=False) as cores:
        assert cores == 1
    now[0] += QUESTIONS_RECENT_SECONDS + 1
    with turns.turn(urgent=False) as cores:
        assert cores == 2


def test_chroma_rebuilding_an_older_index_s_embedding_function_gets_the_loaded_model(
    embedder: Embedder,
) -> None:
    """An index built with another batch size stored it in its Chroma config, with the precision it
    resolved to; rebuilding the embedding function from that config reuses the model already loaded
    instead of loading a second copy."""
    config = {"precision": embedder.precision, "batch_size": 32}
    rebuilt = NewsdeskEmbeddingFunction.build_from_config(config)
    assert rebuilt.embedder is embedder


def test_after_newsdesk_index_a_process_that_only_answers_never_imports_torch(tmp_path: Path) -> None:
    """Indexing exports the questions' model beside the data; answering then needs neither torch nor
    sentence-transformers, so `newsdesk ask` starts in a fraction of their load time."""
    env = {**os.environ, "NEWSDESK_DATA_DIR": str(tmp_path / "data")}
    indexed = run_python("from index.cli.commands import main; main(['index', 'seeds'])", env)
    assert indexed.returncode == 0, indexed.stderr
    assert questions_model_in(tmp_path / "data").exists()
    script = (
        "import sys; from index.cli.commands import main; code = main(['ask', 'Who leads M23?']);"
        " print(sorted(m for m in ('torch', 'sentence_transformers') if m in sys.modules)); sys.exit(code)"
    )
    asked = run_python(script, env)
    assert asked.returncode == 0, asked.stderr
    assert "[1]" in asked.stdout
    assert asked.stdout.strip().endswith("[]")


def test_indexing_embeds_with_torch_alone_never_transformers(tmp_path: Path) -> None:
    """MiniLM runs as the project's own torch module: a process that indexes never imports transformers
    (a second of start-up and about 120 MB)."""
    env = {**os.environ, "NEWSDESK_DATA_DIR": str(tmp_path / "data")}
    script = (
        "import sys; from index.cli.commands import main; code = main(['index', 'seeds']);"
        " print(sorted(m for m in ('torch', 'transformers') if m in sys.modules)); sys.exit(code)"
    )
    indexed = run_python(script, env)
    assert indexed.returncode == 0, indexed.stderr
    assert indexed.stdout.strip().endswith("['torch']")


def run_python(script: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        env=env,
        cwd=Path(__file__).resolve().parents[1],
        timeout=300,
        check=False,
    )
