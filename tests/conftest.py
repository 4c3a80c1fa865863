"""Shared fixtures: one real MiniLM per session, a fresh real Chroma index per test."""

from __future__ import annotations

import shutil
import uuid
from collections.abc import AsyncIterator, Iterator
from importlib import metadata
from pathlib import Path

import pytest

from index.desk import Newsdesk
from index.ingest.service import Ingest
from index.settings import Settings
from index.store.embeddings import Embedder, questions_model_in, shared_embedder
from tests.news_server import NewsServer
from tests.telegram_standin import TelegramStandin

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
SEED_FILE = SEEDS / "000_dab4e7f61802e5c4.txt"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--chroma-server",
        action="store_true",
        help="run the tests on the settings, desk and seeded_desk fixtures against a real `chroma run`",
    )


@pytest.fixture(scope="session")
def chroma_url(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str | None]:
    """None: the embedded index. With --chroma-server: one real Chroma server for the session."""
    if not request.config.getoption("--chroma-server"):
        yield None
        return
    from tests.chroma_server import ChromaServer

    server = ChromaServer(tmp_path_factory.mktemp("chroma-server"))
    server.start()
    yield server.url
    server.stop()


def index_settings(data: Path, chroma_url: str | None) -> Settings:
    """A fresh index: its own data folder, and on a server its own collections."""
    collection = f"t{uuid.uuid4().hex[:12]}" if chroma_url else "newsdesk"
    return Settings(data_dir=data, chroma_url=chroma_url, collection=collection, _env_file=None)


def point_cli_at(desk_settings: Settings, monkeypatch: pytest.MonkeyPatch) -> None:
    """Make the command line open the index `desk_settings` opens: its data folder, and with
    --chroma-server the server and collections it uses."""
    monkeypatch.setenv("NEWSDESK_DATA_DIR", str(desk_settings.data_dir))
    monkeypatch.setenv("NEWSDESK_COLLECTION", desk_settings.collection)
    if desk_settings.chroma_url:
        monkeypatch.setenv("NEWSDESK_CHROMA_URL", desk_settings.chroma_url)


@pytest.fixture(scope="session")
def embedder(tmp_path_factory: pytest.TempPathFactory) -> Embedder:
    """The bundled model, loaded once for the whole session, at the precision NEWSDESK_PRECISION asks,
    with questions embedded by its ONNX export as in the product."""
    exported = questions_model_in(tmp_path_factory.mktemp("model"))
    model = shared_embedder(Settings(_env_file=None).precision, questions_model=exported)
    _precisions_run.add(model.precision)
    return model


_precisions_run: set[str] = set()
_REPORTED_PACKAGES = (
    "torch",
    "sentence-transformers",
    "transformers",
    "tokenizers",
    "onnxruntime",
    "numpy",
    "chromadb",
    "bm25s",
    "spacy",
    "langchain-core",
    "python-telegram-bot",
)


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """Ends every run with what it ran on, so that a failure report says what was installed."""
    import torch

    versions = " ".join(f"{name} {metadata.version(name)}" for name in _REPORTED_PACKAGES)
    capability = torch.backends.cpu.get_cpu_capability()
    precisions = ", ".join(sorted(_precisions_run)) or "no model loaded"
    terminalreporter.write_line(f"environment: {versions}; torch CPU {capability}; embedded in {precisions}")


@pytest.fixture
def settings(tmp_path: Path, chroma_url: str | None) -> Settings:
    return index_settings(tmp_path / "data", chroma_url)


@pytest.fixture
def desk(settings: Settings, embedder: Embedder) -> Newsdesk:
    return Newsdesk(settings, embedder)


@pytest.fixture
def news_server() -> Iterator[NewsServer]:
    """Synthetic news pages and feeds on 127.0.0.1 (tests/news_server.py), stopped after the test."""
    with NewsServer() as running:
        yield running


@pytest.fixture
async def standin() -> AsyncIterator[TelegramStandin]:
    """The Bot API stand-in on 127.0.0.1 (tests/telegram_standin.py), stopped after the test."""
    async with TelegramStandin() as running:
        yield running


@pytest.fixture
def web_settings(settings: Settings) -> Settings:
    """The test index, allowed to fetch from 127.0.0.1 (the news server), with a short fetch timeout."""
    return settings.model_copy(update={"allow_private_urls": True, "fetch_timeout_seconds": 1.5})


@pytest.fixture
def web_cli_env(web_settings: Settings, monkeypatch: pytest.MonkeyPatch) -> Settings:
    """The environment a `newsdesk` command run in-process reads: the test index, private URLs allowed."""
    monkeypatch.setenv("NEWSDESK_DATA_DIR", str(web_settings.data_dir))
    monkeypatch.setenv("NEWSDESK_ALLOW_PRIVATE_URLS", "1")
    return web_settings


@pytest.fixture
def ingest(web_settings: Settings, embedder: Embedder) -> Iterator[Ingest]:
    running = Ingest(Newsdesk(web_settings, embedder))
    yield running
    running.close()


@pytest.fixture(scope="session")
def seeded_dir(tmp_path_factory: pytest.TempPathFactory, embedder: Embedder) -> Path:
    """A data folder with the seed articles indexed, built once."""
    data = tmp_path_factory.mktemp("seeded") / "data"
    seeded = Newsdesk(Settings(data_dir=data, _env_file=None), embedder)
    seeded.index_paths([SEEDS])
    return data


@pytest.fixture
def seeded_desk(seeded_dir: Path, tmp_path: Path, embedder: Embedder, chroma_url: str | None) -> Newsdesk:
    """A private copy of the seeded index, so a test may change it."""
    data = tmp_path / "data"
    if chroma_url:  # a server's collections cannot be copied as a folder: index the seeds afresh
        desk = Newsdesk(index_settings(data, chroma_url), embedder)
        desk.index_paths([SEEDS])
        return desk
    shutil.copytree(seeded_dir, data)
    return Newsdesk(Settings(data_dir=data, _env_file=None), embedder)
