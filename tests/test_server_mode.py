"""Chroma server mode: a real `chroma run`, other processes writing to it, and the server going away."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest

from bot.app import build_application, running
from bot.asking import SEARCH_DOWN
from index.answer.answer_model import FEATURES, AnswerModel
from index.answer.chain import answer_chain
from index.answer.extractive import ExtractiveAnswerer
from index.desk import Newsdesk
from index.errors import StoreError, StoreUnavailableError
from index.settings import Settings
from index.store.embeddings import Embedder
from tests.chroma_server import ChromaServer, free_port
from tests.conftest import SEEDS
from tests.telegram_standin import TOKEN, Json, TelegramStandin

NEWSDESK = Path(sys.executable).with_name("newsdesk")

FERRY_TITLE = "Glasswater Ferry Service Returns After Storm Repairs"
FERRY_TEXT = (
    "The Glasswater ferry resumed its crossings on Thursday after three weeks of storm repairs to the "
    "northern pier. Harbour master Ilse Varkonyi said the Quillmoor route will run every forty minutes. "
    "Engineers replaced eleven pylons that the October storm had cracked."
)


def write_ferry_article(folder: Path) -> Path:
    path = folder / "ferry.txt"
    path.write_text(f"{FERRY_TITLE}\n\n{FERRY_TEXT}\n", encoding="utf-8")
    return path


def wait_for(condition: Callable[[], bool], seconds: float = 60.0) -> bool:
    """Poll until `condition` holds; a generous deadline only guards against hanging forever."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.25)
    return False


@pytest.fixture(scope="module")
def chroma_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ChromaServer]:
    """One real Chroma server for the module; each test uses collections of its own."""
    server = ChromaServer(tmp_path_factory.mktemp("chroma-server"))
    server.start()
    yield server
    server.stop()


def server_settings(url: str, data_dir: Path, **overrides: Any) -> Settings:
    collection = f"t{uuid.uuid4().hex[:12]}"
    return Settings(data_dir=data_dir, chroma_url=url, collection=collection, _env_file=None, **overrides)


@pytest.fixture(params=["embedded", "server"])
def either_settings(request: pytest.FixtureRequest, tmp_path: Path) -> Settings:
    """The same settings on the embedded index and on the Chroma server."""
    if request.param == "embedded":
        return Settings(data_dir=tmp_path / "data", _env_file=None)
    server: ChromaServer = request.getfixturevalue("chroma_server")
    return server_settings(server.url, tmp_path / "data")


def run_newsdesk(settings: Settings, *args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """The `newsdesk` command in a process of its own, configured through the environment."""
    environment = {
        **os.environ,
        "NEWSDESK_DATA_DIR": str(settings.data_dir),
        "NEWSDESK_COLLECTION": settings.collection,
        "NEWSDESK_CHROMA_URL": settings.chroma_url or "",
    }
    return subprocess.run(
        [str(NEWSDESK), *args],
        check=False,
        cwd=cwd,
        env=environment,
        capture_output=True,
        text=True,
        timeout=300,
    )


def cites(desk: Newsdesk, question: str, title: str) -> bool:
    return any(s.title == title for s in desk.ask(question).sources)


def test_index_ask_and_remove_in_both_modes(
    either_settings: Settings, embedder: Embedder, tmp_path: Path
) -> None:
    """Indexing, a cited answer, and removal behave the same on the embedded index and on the server."""
    desk = Newsdesk(either_settings, embedder)
    report = desk.index_paths([SEEDS, write_ferry_article(tmp_path)])
    assert len(report.added) == 2
    answer = desk.ask("How often will the Quillmoor ferry route run?")
    assert "every forty minutes" in answer.text
    assert answer.sources[0].title == FERRY_TITLE
    assert "Walikale" in desk.ask("Which town did the M23 rebels advance into?").text

    ferry = next(r for r in desk.articles() if r.title == FERRY_TITLE)
    desk.remove(ferry.id)
    assert len(desk.articles()) == 1 and FERRY_TITLE not in {r.title for r in desk.articles()}
    assert not cites(desk, "How often will the Quillmoor ferry route run?", FERRY_TITLE)


def test_a_second_desk_sees_the_first_ones_changes(
    either_settings: Settings, embedder: Embedder, tmp_path: Path
) -> None:
    """Two desks on one index: what one adds or removes, the other serves after its next refresh."""
    writer = Newsdesk(either_settings, embedder)
    reader = Newsdesk(either_settings, embedder)
    reader.searcher.refresh_seconds = 0.0
    writer.index_paths([write_ferry_article(tmp_path)])
    assert cites(reader, "Who is the Glasswater harbour master?", FERRY_TITLE)
    writer.remove(writer.articles()[0].id)
    assert reader.ask("Who is the Glasswater harbour master?").sources == []


def test_other_processes_index_and_remove_while_a_desk_answers(
    chroma_server: ChromaServer, embedder: Embedder, tmp_path: Path
) -> None:
    """`newsdesk index` and `newsdesk remove` in other processes reach a running desk without a restart,
    lexical search included."""
    settings = server_settings(chroma_server.url, tmp_path / "data")
    running = Newsdesk(settings, embedder)
    running.index_paths([SEEDS])
    question = "Which pier did engineers repair for the Glasswater ferry?"
    assert not cites(running, question, FERRY_TITLE)

    indexed = run_newsdesk(settings, "index", str(write_ferry_article(tmp_path)), cwd=tmp_path)
    assert indexed.returncode == 0, indexed.stderr
    assert wait_for(lambda: cites(running, question, FERRY_TITLE))
    # The invented name matches no meaning the model knows: only BM25 can rank it, so BM25 has the article.
    lexical = [h for h in running.searcher.search("Varkonyi", 5) if h.lexical > 0]
    assert lexical and lexical[0].chunk.title == FERRY_TITLE

    ferry_id = next(r.id for r in running.articles() if r.title == FERRY_TITLE)
    removed = run_newsdesk(settings, "remove", ferry_id[:10], cwd=tmp_path)
    assert removed.returncode == 0, removed.stderr
    # Answers and the keyword index each follow the removal; the test waits until both have.
    assert wait_for(
        lambda: (
            not cites(running, question, FERRY_TITLE)
            and all(h.chunk.title != FERRY_TITLE for h in running.searcher.search("Varkonyi", 5))
        )
    )


def test_server_outage_says_search_is_down_then_recovers(embedder: Embedder, tmp_path: Path) -> None:
    """A killed server makes questions fail as "search is unavailable", not as an abstention; once the
    server is back on the same folder, the same desk answers again by itself."""
    server = ChromaServer(tmp_path / "chroma")
    server.start()
    try:
        desk = Newsdesk(server_settings(server.url, tmp_path / "data"), embedder)
        desk.index_paths([SEEDS])
        question = "Which town did the M23 rebels advance into?"
        assert "Walikale" in desk.ask(question).text

        server.kill()
        for _ in range(2):  # the refresh check and the dense query both report it
            with pytest.raises(StoreUnavailableError, match="search is unavailable"):
                desk.ask(question)
        with pytest.raises(StoreUnavailableError):
            desk.index_paths([write_ferry_article(tmp_path)])

        server.start()
        assert wait_for(lambda: answers(desk, question, "Walikale"))
        desk.index_paths([write_ferry_article(tmp_path)])
        assert "every forty minutes" in desk.ask("How often will the Quillmoor ferry route run?").text
    finally:
        server.stop()


def test_an_answering_bug_is_not_told_as_search_being_down(seeded_desk: Newsdesk) -> None:
    """An error in answering rather than in reaching the index (here an answer model fitted on fewer
    signals than the answerer reads, as a stale answer_model.json is) is raised as itself, never as
    "search is unavailable", which would send the operator to a server that is fine."""
    stale = AnswerModel(
        rank_weights=(1.0,) * (len(FEATURES) - 1),
        answerable_weights=(1.0,) * (len(FEATURES) + 1),
        answerable_bias=0.0,
        threshold=0.5,
    )
    answerer = ExtractiveAnswerer(seeded_desk.embedder, model=stale)
    seeded_desk.chains["extractive"] = answer_chain(seeded_desk.retriever, answerer)
    with pytest.raises(ValueError, match="mismatch"):
        seeded_desk.ask("Which mining company halted operations?", answerer="extractive")


def test_a_server_that_hangs_is_search_down_after_the_timeout(embedder: Embedder, tmp_path: Path) -> None:
    """A server that stops answering (hung, not dead) makes a question "search is unavailable" after
    NEWSDESK_CHROMA_TIMEOUT instead of a wait for ever; once it answers again, so does the desk."""
    server = ChromaServer(tmp_path / "chroma")
    server.start()
    try:
        settings = server_settings(server.url, tmp_path / "data").model_copy(update={"chroma_timeout": 2.0})
        desk = Newsdesk(settings, embedder)
        desk.index_paths([SEEDS])
        question = "Which town did the M23 rebels advance into?"
        assert server.process is not None
        pool = ThreadPoolExecutor(1)
        server.process.send_signal(signal.SIGSTOP)
        try:
            asked = pool.submit(desk.ask, question)
            with pytest.raises(StoreUnavailableError):
                asked.result(timeout=120)  # a hang fails here, not for ever
        finally:
            server.process.send_signal(signal.SIGCONT)
            pool.shutdown()
        assert wait_for(lambda: answers(desk, question, "Walikale"))
    finally:
        server.stop()


def answers(desk: Newsdesk, question: str, expected: str) -> bool:
    try:
        return expected in desk.ask(question).text
    except StoreUnavailableError:
        return False


def test_desk_started_before_the_server_catches_up(embedder: Embedder, tmp_path: Path) -> None:
    """A bot started while the server is down keeps running, reports search as down, and serves the
    index once the server comes up."""
    server = ChromaServer(tmp_path / "chroma")
    settings = server_settings(server.url, tmp_path / "data")
    desk = Newsdesk(settings, embedder)
    assert not desk.store.connected
    with pytest.raises(StoreUnavailableError, match="search is unavailable"):
        desk.ask("Which town did the M23 rebels advance into?")

    server.start()
    try:
        Newsdesk(settings, embedder).index_paths([SEEDS])
        assert wait_for(lambda: answers(desk, "Which town did the M23 rebels advance into?", "Walikale"))
    finally:
        server.stop()


def test_cli_says_search_is_down_when_the_server_is(tmp_path: Path) -> None:
    """`newsdesk ask` against an unreachable server prints one plain line naming the server and exits 5,
    no traceback."""
    settings = server_settings(f"http://127.0.0.1:{free_port()}", tmp_path / "data")
    result = run_newsdesk(settings, "ask", "Who backs the M23 rebels?", cwd=tmp_path)
    assert result.returncode == StoreUnavailableError.exit_code
    assert f"search is unavailable right now (the Chroma server at {settings.chroma_url}" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_malformed_server_url_is_a_clear_error(tmp_path: Path, embedder: Embedder) -> None:
    """A NEWSDESK_CHROMA_URL that is not http(s)://HOST:PORT is refused with the setting's name."""
    settings = server_settings("ftp://chroma.example", tmp_path / "data")
    with pytest.raises(StoreError, match="NEWSDESK_CHROMA_URL"):
        Newsdesk(settings, embedder)


async def reply_until(standin: TelegramStandin, chat: Json, user: Json, question: str, expected: str) -> Json:
    """Ask in the chat until a reply contains `expected` (or the tries run out); the last reply."""
    for _ in range(120):
        reply = await standin.reply(standin.send(chat, user, question))
        if expected in reply["text"]:
            return reply
        await asyncio.sleep(0.5)
    return reply


async def test_the_bot_on_a_server_follows_other_processes_and_outages(
    embedder: Embedder, tmp_path: Path
) -> None:
    """The Telegram bot on a server-mode index answers with citations, answers from an article another
    process indexed while it runs, tells users search is down when the server dies (not "the articles
    don't cover this"), and answers again once the server is back."""
    server = ChromaServer(tmp_path / "chroma")
    standin = TelegramStandin()
    await asyncio.to_thread(server.start)
    await standin.start()
    try:
        settings = server_settings(
            server.url,
            tmp_path / "data",
            telegram_bot_token=TOKEN,
            telegram_base_url=standin.base_url,
            questions_per_minute=0,
        )
        desk = Newsdesk(settings, embedder)
        desk.index_paths([SEEDS])
        chat, user = standin.private_chat(4004)
        async with running(build_application(settings, desk)):
            first = await standin.reply(
                standin.send(chat, user, "Which town did the M23 rebels advance into?")
            )
            assert "Walikale" in first["text"] and "[1]" in first["text"]

            ferry = str(write_ferry_article(tmp_path))
            indexed = await asyncio.to_thread(run_newsdesk, settings, "index", ferry, cwd=tmp_path)
            assert indexed.returncode == 0, indexed.stderr
            question = "How often will the Quillmoor ferry route run?"
            fresh = await reply_until(standin, chat, user, question, "every forty minutes")
            # Only the ferry report says "every forty minutes"; its title waits behind the Sources button.
            assert "every forty minutes" in fresh["text"] and "[1]" in fresh["text"]

            await asyncio.to_thread(server.kill)
            down = await standin.reply(standin.send(chat, user, question))
            assert down["text"] == SEARCH_DOWN

            await asyncio.to_thread(server.start)
            back = await reply_until(standin, chat, user, question, "every forty minutes")
            assert "every forty minutes" in back["text"]
        assert standin.failures() == []
    finally:
        await standin.stop()
        await asyncio.to_thread(server.stop)
