"""A real small model (SmolLM2-135M on llama.cpp) behind an OpenAI-compatible API, caught by the validator.

SmolLM2 omits citations, invents numbers and years, and mixes facts across sources. Whatever it writes,
no sentence it made up may reach the reader. Replies are greedy (temperature 0), so each run sees the same
text from the same build.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest

from index.answer.compose import without_as_of_line
from index.answer.llm import LLMAnswerer, chat_model, passages
from index.answer.validate import Validator, reply_sentences, strip_citations
from index.desk import Newsdesk
from index.model import Retrieval
from index.settings import Settings
from index.store.embeddings import Embedder
from tests.llm_server import smollm2_server
from tests.test_llm import APPLES, BRIDGE

ARTICLE_TEXT = f"{BRIDGE.title} {BRIDGE.text} {APPLES.title} {APPLES.text}"
NUMBER = re.compile(r"\d[\d,.]*\d|\d")


@pytest.fixture(scope="module")
def smollm2_url() -> Iterator[str]:
    with smollm2_server() as url:
        yield url


@pytest.fixture(scope="module")
def smollm2_desk(smollm2_url: str, tmp_path_factory: pytest.TempPathFactory, embedder: Embedder) -> Newsdesk:
    data = tmp_path_factory.mktemp("smollm2") / "data"
    settings = Settings(data_dir=data, llm_url=smollm2_url, llm_timeout=300, _env_file=None)
    desk = Newsdesk(settings, embedder)
    desk.add([BRIDGE, APPLES])
    return desk


def numbers_in(text: str) -> set[str]:
    return {n.replace(",", "") for n in NUMBER.findall(text)}


def test_smollm2s_uncited_answer_never_reaches_the_reader(smollm2_desk: Newsdesk) -> None:
    """SmolLM2 answers without [n]: every sentence is dropped and the reader gets the quoted answer."""
    question = "How much did the bridge repairs cost?"
    answer = smollm2_desk.ask(question)
    assert answer.validation is not None and answer.validation.dropped
    assert "cites no source" in {d.reason for d in answer.validation.dropped}
    # The date closing the answer comes from the article's metadata, not from its text.
    quoted = re.sub(r"\[\d+\]", "", without_as_of_line(answer.text))
    assert numbers_in(quoted) <= numbers_in(ARTICLE_TEXT)
    if answer.answerer == "extractive":
        assert answer.text == smollm2_desk.ask(question, answerer="extractive").text


@pytest.mark.parametrize(
    # The article holds neither answer, so any number SmolLM2 gives is its own.
    "question",
    ["In what year was the harbor bridge built?", "How long is the harbor bridge?"],
)
def test_smollm2s_invented_numbers_are_dropped_even_when_cited(
    smollm2_desk: Newsdesk, smollm2_url: str, question: str
) -> None:
    """Given SmolLM2's own sentences cited to the bridge article, each invented number or year is named."""
    llm = LLMAnswerer(chat_model(smollm2_desk.settings), smollm2_desk.answerer)
    hits = [h for h in smollm2_desk.searcher.search(question, 10) if h.chunk.title == BRIDGE.title]
    draft = llm.draft(Retrieval(question, hits), {})
    assert draft.reply, draft.fault
    cited = " ".join(f"{strip_citations(s)} [1]" for s in reply_sentences(draft.reply))
    validation = Validator(passages(hits)).validate(cited)
    source_numbers = numbers_in(BRIDGE.text)
    invented = [d for d in validation.dropped if d.reason.startswith("the number")]
    assert invented, f"SmolLM2 invented nothing this time: {draft.reply!r}"
    for dropped in invented:
        number = re.search(r"'([^']*)'", dropped.reason)
        assert number is not None and not numbers_in(number.group(1)) <= source_numbers
    for kept in validation.kept:
        assert numbers_in(kept.claim) <= source_numbers
