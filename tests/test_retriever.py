"""NewsdeskRetriever: LangChain's standard retriever tests, offsets into the article, filters, and the
docs' LCEL example run against the real test model."""

from __future__ import annotations

import contextlib
import io
import re
from datetime import date, timedelta
from pathlib import Path

import pytest
from langchain_core.retrievers import BaseRetriever
from langchain_tests.integration_tests import RetrieversIntegrationTests

from index import Newsdesk, NewsdeskRetriever
from index.ingest.articles import load_articles
from tests.conftest import ROOT, SEED_FILE
from tests.llm_server import smollm2_server
from tests.test_llm import BRIDGE

QUESTIONS = [
    "Which town did the M23 rebels advance into?",
    "What minerals are found near Walikale?",
    "ceasefire talks in Qatar",
]


class TestStandardRetriever(RetrieversIntegrationTests):
    data_dir: Path

    @pytest.fixture(scope="class", autouse=True)
    def _seeded(self, request: pytest.FixtureRequest, seeded_dir: Path) -> None:
        request.cls.data_dir = seeded_dir

    @property
    def retriever_constructor(self) -> type[BaseRetriever]:
        return NewsdeskRetriever

    @property
    def retriever_constructor_params(self) -> dict[str, object]:
        return {"data_dir": self.data_dir, "k": 2}

    @property
    def retriever_query_example(self) -> str:
        return QUESTIONS[0]


def test_every_document_is_its_article_text_at_its_offsets(seeded_desk: Newsdesk) -> None:
    """Each Document's text is its article's text between the start and end it cites, with the article's
    title, url and date."""
    articles = {a.id: a for a in load_articles([SEED_FILE], 10_000_000).articles}
    retriever = NewsdeskRetriever(desk=seeded_desk, k=10)
    documents = [d for question in QUESTIONS for d in retriever.invoke(question)]
    assert documents
    for document in documents:
        meta = document.metadata
        article = articles[meta["article_id"]]
        assert article.text[meta["start"] : meta["end"]] == document.page_content
        assert (meta["title"], meta["url"]) == (article.title, article.url)
        assert meta["published"] == (article.published.isoformat() if article.published else "")
        assert meta["score"] > 0


def test_filters_are_fields_and_call_arguments(seeded_desk: Newsdesk) -> None:
    """source, as_of and since filter as retriever fields and as invoke arguments; as_of and since include
    their own day."""
    seeded_desk.add([BRIDGE])
    question = "How much did the bridge repairs cost?"

    def bridge_found(**limits: date) -> bool:
        return BRIDGE.id in {d.metadata["article_id"] for d in everything.invoke(question, None, **limits)}

    assert NewsdeskRetriever(desk=seeded_desk, source="no such source").invoke(question) == []
    everything = NewsdeskRetriever(desk=seeded_desk)
    assert {d.metadata["source"] for d in everything.invoke(question, source=BRIDGE.source)} == {
        BRIDGE.source
    }
    assert everything.invoke(question, source="no such source") == []
    assert BRIDGE.published is not None
    assert bridge_found(as_of=BRIDGE.published)
    assert not bridge_found(as_of=BRIDGE.published - timedelta(days=1))
    assert not bridge_found(since=BRIDGE.published + timedelta(days=1))
    assert bridge_found(since=BRIDGE.published)


def test_ask_answers_from_the_retrievers_hits(seeded_desk: Newsdesk) -> None:
    """One search path: the answer's retrieved hits are the retriever's Documents, in order."""
    question = QUESTIONS[0]
    answer = seeded_desk.ask(question)
    documents = NewsdeskRetriever(desk=seeded_desk, k=seeded_desk.settings.top_k).invoke(question)
    assert [h.chunk.id for h in answer.retrieved] == [d.metadata["chunk_id"] for d in documents]
    assert [h.chunk.text for h in answer.retrieved] == [d.page_content for d in documents]


def test_a_retriever_needs_an_index() -> None:
    """A retriever built with neither a desk nor a data folder says it needs data_dir."""
    with pytest.raises(ValueError, match="data_dir"):
        NewsdeskRetriever()


def docs_example() -> str:
    text = (ROOT / "docs" / "langchain.md").read_text(encoding="utf-8")
    (code,) = re.findall(r"```python\n(.*?)```", text, re.DOTALL)
    return str(code)


def test_the_docs_lcel_example_runs_against_the_test_model(
    seeded_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The LCEL example of docs/langchain.md runs as written against a real model server and prints an
    answer."""
    with smollm2_server() as url:
        monkeypatch.setenv("NEWSDESK_DATA_DIR", str(seeded_dir))
        monkeypatch.setenv("NEWSDESK_LLM_URL", url)
        printed = io.StringIO()
        with contextlib.redirect_stdout(printed):
            exec(compile(docs_example(), "docs/langchain.md", "exec"), {"__name__": "docs_example"})
    assert printed.getvalue().strip()
