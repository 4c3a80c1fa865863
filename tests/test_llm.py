"""Generative answers through a scripted OpenAI-compatible stand-in: the accept path, rejections, faults.

The stand-in is a real HTTP server on 127.0.0.1 and the client is the real ChatOpenAI, so the prompt,
timeouts and HTTP errors go through the same code as with a hosted model.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date

import pytest

from index.answer.chain import Query, answer_chain
from index.answer.llm import MAX_ANSWER_TOKENS, UNAVAILABLE_NOTE, CircuitBreaker, LLMAnswerer, chat_model
from index.answer.validate import DONT_KNOW
from index.cli.commands import main
from index.desk import Newsdesk
from index.errors import QuestionError
from index.evaluate.llm import evaluate_llm
from index.evaluate.questions import EvalQuestion
from index.model import Answer, Article
from index.search.retriever import NewsdeskRetriever
from index.settings import Settings
from index.store.embeddings import Embedder
from tests.openai_standin import OpenAIStandIn, Scripted

BRIDGE = Article(
    "Harbor bridge reopens after repairs",
    "The Lantern Bay harbor bridge reopened on Monday after eight months of repairs. "
    "The city spent $42 million on the work, officials said. "
    "Mayor Olena Brisk said traffic would return to normal by Friday. "
    "The bridge carries about 61,000 vehicles a day.",
    "Bay Courier",
    "https://example.test/bridge",
    date(2025, 4, 14),
)
APPLES = Article(
    "Orchard cooperative reports record apple harvest",
    "The Greyfield Orchard Cooperative harvested 3,400 tonnes of apples this season, a record. "
    "Its chair, Tomas Ruelle, credited a mild spring. The cooperative has 85 member farms.",
    "Valley Ledger",
    "https://example.test/apples",
    date(2025, 10, 2),
)
COST_QUESTION = "How much did the city spend on the bridge work?"


@pytest.fixture
def standin() -> Iterator[OpenAIStandIn]:
    with OpenAIStandIn() as server:
        yield server


@pytest.fixture
def llm_settings(settings: Settings, standin: OpenAIStandIn) -> Settings:
    return settings.model_copy(update={"llm_url": standin.url, "llm_timeout": 1.0})


@pytest.fixture
def llm_desk(llm_settings: Settings, embedder: Embedder) -> Newsdesk:
    """A desk answering with the stand-in model from two synthetic articles: [1] bridge, [2] apples."""
    desk = Newsdesk(llm_settings, embedder)
    desk.add([BRIDGE, APPLES])
    return desk


def ask(desk: Newsdesk, standin: OpenAIStandIn, reply: Scripted, question: str = COST_QUESTION) -> Answer:
    standin.reply = reply
    return desk.ask(question)


def extractive(desk: Newsdesk, question: str = COST_QUESTION) -> str:
    """What the extractive answerer says, which every fallback must say too."""
    answer = desk.ask(question, answerer="extractive")
    assert "$42 million" in answer.text or question != COST_QUESTION
    return answer.text


def test_prompt_numbers_the_sources_with_title_source_and_date(
    llm_desk: Newsdesk, standin: OpenAIStandIn
) -> None:
    """The model reads numbered sources with title, source and date, the don't-know phrase, a token cap."""
    ask(llm_desk, standin, Scripted(DONT_KNOW))
    request = standin.requests[0]
    system, user = request["messages"]
    assert (
        "[1] “Harbor bridge reopens after repairs” (Bay Courier, published April 14, 2025"
        in system["content"]
    )
    assert "[2] “Orchard cooperative reports record apple harvest” (Valley Ledger" in system["content"]
    assert "The city spent $42 million on the work" in system["content"]
    assert DONT_KNOW in system["content"]
    assert user == {"role": "user", "content": COST_QUESTION}
    assert request["max_completion_tokens"] == MAX_ANSWER_TOKENS
    assert request["temperature"] == 0


def test_a_correctly_cited_answer_is_shown_with_a_verbatim_supporting_quote(
    llm_desk: Newsdesk, standin: OpenAIStandIn
) -> None:
    """A sentence whose facts are in its cited source is shown, cited, and its source quotes the support."""
    answer = ask(llm_desk, standin, Scripted("The repairs cost the city $42 million, officials said [1]."))
    assert answer.answerer == "llm"
    assert (
        answer.text
        == "The repairs cost the city $42 million, officials said. [1]\n\nNewest report: 14 Apr 2025."
    )
    assert answer.validation is not None and answer.validation.outcome == "answered"
    assert answer.validation.dropped == []
    source = answer.sources[0]
    assert (source.number, source.title, source.source) == (1, BRIDGE.title, "Bay Courier")
    assert source.quote == "The city spent $42 million on the work, officials said."
    start, end = source.quotes[0].start, source.quotes[0].end
    assert BRIDGE.text[start:end] == source.quote


def test_a_sentence_the_model_repeats_with_the_same_sources_is_told_once(
    llm_desk: Newsdesk, standin: OpenAIStandIn
) -> None:
    """Model answers are numbered and joined as extractive ones are: the same sentence citing the same
    sources is told once."""
    said = "The repairs cost the city $42 million [1]."
    answer = ask(llm_desk, standin, Scripted(f"{said} {said}"))
    assert answer.text == "The repairs cost the city $42 million. [1]\n\nNewest report: 14 Apr 2025."


def test_a_model_answer_numbers_its_sources_in_citation_order_and_closes_with_the_newest_date(
    llm_desk: Newsdesk, standin: OpenAIStandIn
) -> None:
    """The model cites the bridge report first and the apple report second; shown, they are [1] and
    [2] in that order, each claim's marker follows, and the answer closes with its newest source's
    date, as extractive answers do."""
    reply = "The city spent $42 million on the work [1]. The cooperative has 85 member farms [2]."
    answer = ask(llm_desk, standin, Scripted(reply))
    assert answer.text == (
        "The city spent $42 million on the work. [1] The cooperative has 85 member farms. [2]"
        "\n\nNewest report: 2 Oct 2025."
    )
    assert [(s.number, s.title) for s in answer.sources] == [(1, BRIDGE.title), (2, APPLES.title)]
    assert answer.as_dict()["as_of_evidence"] == "2025-10-02"


def test_a_wrong_number_is_dropped_and_the_backed_sentence_kept(
    llm_desk: Newsdesk, standin: OpenAIStandIn
) -> None:
    """Only the sentence whose money amount is in the source survives; the other is dropped with why."""
    reply = (
        "The repairs cost $24 million [1]. The bridge reopened on Monday after eight months of repairs [1]."
    )
    answer = ask(llm_desk, standin, Scripted(reply))
    assert (
        answer.text
        == "The bridge reopened on Monday after eight months of repairs. [1]\n\nNewest report: 14 Apr 2025."
    )
    assert answer.validation is not None
    dropped = answer.validation.dropped
    assert [(d.sentence, d.reason) for d in dropped] == [
        ("The repairs cost $24 million [1].", "the number '$24 million' is not in [1]")
    ]
    assert "$24" not in json.dumps(answer.as_dict()["answer"])


def test_a_fact_cited_to_the_wrong_source_is_dropped(llm_desk: Newsdesk, standin: OpenAIStandIn) -> None:
    """Mixing sources: the bridge's cost cited to the apple article [2] is not shown."""
    reply = "The bridge repairs cost $42 million [2]. The cooperative has 85 member farms [2]."
    answer = ask(llm_desk, standin, Scripted(reply))
    assert answer.text == "The cooperative has 85 member farms. [1]\n\nNewest report: 2 Oct 2025."
    assert [s.title for s in answer.sources] == [APPLES.title]
    assert answer.validation is not None
    assert answer.validation.dropped[0].reason == "the number '$42 million' is not in [2]"


@pytest.mark.parametrize(
    ("reply", "reason"),
    [
        ("The city spent $42 million on the repairs [7].", "cites [7], which does not exist"),
        ("The city spent $42 million on the repairs.", "cites no source"),
        ("Governor Ada Quill approved the repairs [1].", "the name 'Governor Ada Quill' is not in [1]"),
        ("The repairs ended on March 3 [1].", "the date 'March 3' is not in [1]"),
    ],
)
def test_an_answer_with_nothing_backed_falls_back_to_the_extractive_answer(
    llm_desk: Newsdesk, standin: OpenAIStandIn, reply: str, reason: str
) -> None:
    """Missing source, no citation, invented name or date: the reader gets the quoted sentence instead."""
    answer = ask(llm_desk, standin, Scripted(reply))
    assert answer.answerer == "extractive"
    assert answer.text == extractive(llm_desk)
    assert answer.validation is not None and answer.validation.outcome == "fallback"
    assert [d.reason for d in answer.validation.dropped] == [reason]


def test_the_models_dont_know_becomes_an_abstention(llm_desk: Newsdesk, standin: OpenAIStandIn) -> None:
    """The fixed phrase is an honest "not covered" naming the closest article, not a fallback quote."""
    answer = ask(llm_desk, standin, Scripted(DONT_KNOW), "Who won the cycling race?")
    assert answer.abstained and answer.answerer == "llm"
    assert answer.sources == []
    assert answer.text.startswith("The articles don't say. The closest coverage, which does not answer it:")
    assert answer.validation is not None and answer.validation.outcome == "abstained"


@pytest.mark.parametrize(
    ("reply", "fault"),
    [
        (Scripted(status=429), "the model answered HTTP 429"),
        (Scripted(status=401), "the model answered HTTP 401"),
        (Scripted(status=500), "the model answered HTTP 500"),
        (Scripted(hang=True), "the model timed out"),
        (Scripted("The city spent $42 million [1].", trickle=0.05), "the model timed out"),
        (Scripted(raw_body="<html>not json</html>"), "the model's reply could not be read"),
        (Scripted(raw_body='{"choices": "nope"}'), "the model's reply could not be read"),
        (Scripted(raw_body='{"choices": []}'), "the model's reply could not be read"),
        (Scripted(raw_body='{"choices": [{"message": null}]}'), "the model's reply could not be read"),
        (Scripted("On and on and on", finish_reason="length"), f"ran past {MAX_ANSWER_TOKENS} tokens"),
        (Scripted("   "), "the reply had no text"),
    ],
    ids=[
        "429",
        "401",
        "500",
        "hang",
        "trickle",
        "html",
        "bad-json",
        "no-choices",
        "no-message",
        "endless",
        "empty",
    ],
)
def test_model_faults_give_the_extractive_answer_and_one_line_saying_so(
    llm_desk: Newsdesk, standin: OpenAIStandIn, reply: Scripted, fault: str
) -> None:
    """Whatever the model does wrong, the reader gets the quoted answer plus one short note, no error."""
    answer = ask(llm_desk, standin, reply)
    assert answer.text == f"{extractive(llm_desk)}\n\n{UNAVAILABLE_NOTE}"
    assert answer.answerer == "extractive"
    assert answer.validation is not None and answer.validation.outcome == "unavailable"
    assert fault in answer.validation.note


def test_a_model_that_cannot_be_reached_falls_back(settings: Settings, embedder: Embedder) -> None:
    """Nothing listening at the URL: the extractive answer and the note."""
    with OpenAIStandIn() as closed:
        url = closed.url
    desk = Newsdesk(settings.model_copy(update={"llm_url": url, "llm_timeout": 1.0}), embedder)
    desk.add([BRIDGE, APPLES])
    answer = desk.ask(COST_QUESTION)
    assert answer.text == f"{extractive(desk)}\n\n{UNAVAILABLE_NOTE}"
    assert answer.validation is not None and answer.validation.note == "the model could not be reached"


def test_the_circuit_breaker_skips_a_failing_model_then_tries_again(
    llm_desk: Newsdesk, llm_settings: Settings, standin: OpenAIStandIn
) -> None:
    """Three failures open the breaker: the model is not asked until the cooldown has passed."""
    now = [0.0]
    breaker = CircuitBreaker(failures_to_open=3, cooldown=60.0, clock=lambda: now[0])
    llm = LLMAnswerer(chat_model(llm_settings), llm_desk.answerer, breaker)
    chain = answer_chain(NewsdeskRetriever(desk=llm_desk, k=10), llm.runnable())
    standin.reply = Scripted(status=503)
    for _ in range(4):
        answer = chain.invoke(Query(COST_QUESTION))
    assert len(standin.requests) == 3
    assert answer.validation is not None and answer.validation.note == "skipped after repeated failures"
    assert answer.text.endswith(UNAVAILABLE_NOTE)

    now[0] = 61.0
    standin.reply = Scripted("The city spent $42 million on the work [1].")
    answer = chain.invoke(Query(COST_QUESTION))
    assert len(standin.requests) == 4
    assert (
        answer.answerer == "llm"
        and answer.text == "The city spent $42 million on the work. [1]\n\nNewest report: 14 Apr 2025."
    )


def test_an_endless_reply_does_not_open_the_circuit_breaker(
    llm_desk: Newsdesk, standin: OpenAIStandIn
) -> None:
    """A model that rambles past the token cap is alive: every question still asks it."""
    standin.reply = Scripted("On and on", finish_reason="length")
    for _ in range(4):
        answer = llm_desk.ask(COST_QUESTION)
    assert len(standin.requests) == 4
    assert answer.validation is not None and "ran past" in answer.validation.note


def test_without_a_model_url_answers_stay_extractive(desk: Newsdesk) -> None:
    """NEWSDESK_LLM_URL unset: extractive answers, no validation, and asking for the model is refused."""
    desk.add([BRIDGE, APPLES])
    answer = desk.ask(COST_QUESTION)
    assert (answer.answerer, answer.validation) == ("extractive", None)
    assert answer.text == extractive(desk)
    with pytest.raises(QuestionError, match="NEWSDESK_LLM_URL"):
        desk.ask(COST_QUESTION, answerer="llm")


def test_ask_json_reports_the_answerer_and_the_validation(
    llm_desk: Newsdesk,
    llm_settings: Settings,
    standin: OpenAIStandIn,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """`ask --json` shows kept and dropped sentences with reasons; `--answerer extractive` skips the model."""
    monkeypatch.chdir(llm_settings.data_dir.parent)
    monkeypatch.setenv("NEWSDESK_DATA_DIR", str(llm_settings.data_dir))
    monkeypatch.setenv("NEWSDESK_LLM_URL", standin.url)
    standin.reply = Scripted("The repairs cost $42 million [1]. They began in 2019 [1].")
    assert main(["ask", COST_QUESTION, "--json"]) == 0
    payload = json.loads(capsys.readouterr().out)
    assert payload["answerer"] == "llm"
    assert payload["answer"] == "The repairs cost $42 million. [1]\n\nNewest report: 14 Apr 2025."
    assert payload["validation"]["kept"] == [{"sentence": "The repairs cost $42 million [1].", "cites": [1]}]
    assert payload["validation"]["dropped"] == [
        {"sentence": "They began in 2019 [1].", "reason": "the number '2019' is not in [1]"}
    ]

    assert main(["ask", COST_QUESTION, "--json", "--answerer", "extractive"]) == 0
    payload = json.loads(capsys.readouterr().out)
    assert (payload["answerer"], payload["validation"]) == ("extractive", None)
    assert len(standin.requests) == 1


def test_llm_evaluation_reports_gold_fallbacks_and_citation_precision(
    llm_desk: Newsdesk, standin: OpenAIStandIn
) -> None:
    """One validated answer holding the gold, one model fault: precision 1.0, half the answers fell back."""
    questions = [
        EvalQuestion("q1", COST_QUESTION, "$42 million", (), True, None),
        EvalQuestion("q2", "How many member farms does the cooperative have?", "85", (), True, None),
    ]
    standin.reply = Scripted("The city spent $42 million on the bridge work [1].")
    first = evaluate_llm(llm_desk, questions[:1])
    standin.reply = Scripted(status=429)
    second = evaluate_llm(llm_desk, questions[1:])
    assert (first["answer_has_gold"], first["answered_by_model"], first["fallback_rate"]) == (1.0, 1.0, 0.0)
    assert (first["sentences_shown"], first["citation_precision"]) == (1, 1.0)
    assert (second["model_unavailable"], second["fallback_rate"], second["citation_precision"]) == (
        1.0,
        1.0,
        None,
    )
    assert second["answer_has_gold"] == 1.0
