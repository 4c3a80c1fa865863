"""Shared fixtures: one real MiniLM per session, a fresh real Chroma index per test."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from index.desk import Newsdesk
from index.embeddings import Embedder, shared_embedder
from index.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
SEED_FILE = SEEDS / "000_dab4e7f61802e5c4.txt"


@pytest.fixture(scope="session")
def embedder() -> Embedder:
    """The bundled model, loaded once for the whole session."""
    return shared_embedder("auto", 32)


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(data_dir=tmp_path / "data", _env_file=None)  # type: ignore[call-arg]


@pytest.fixture
def desk(settings: Settings, embedder: Embedder) -> Newsdesk:
    return Newsdesk(settings, embedder)


@pytest.fixture(scope="session")
def seeded_dir(tmp_path_factory: pytest.TempPathFactory, embedder: Embedder) -> Path:
    """A data folder with the seed articles indexed, built once."""
    data = tmp_path_factory.mktemp("seeded") / "data"
    seeded = Newsdesk(Settings(data_dir=data, _env_file=None), embedder)  # type: ignore[call-arg]
    seeded.index_paths([SEEDS])
    return data


@pytest.fixture
def seeded_desk(seeded_dir: Path, tmp_path: Path, embedder: Embedder) -> Newsdesk:
    """A private copy of the seeded index, so a test may change it."""
    data = tmp_path / "data"
    shutil.copytree(seeded_dir, data)
    return Newsdesk(Settings(data_dir=data, _env_file=None), embedder)  # type: ignore[call-arg]
