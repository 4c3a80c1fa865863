"""The data folder's SQLite file under concurrent first use."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from index.cli.commands import main
from index.errors import StoreError
from index.ops.sqlite import transaction

SCHEMA = "CREATE TABLE IF NOT EXISTS asked (n INTEGER);"
WRITERS = 8


def test_threads_that_open_a_new_file_at_once_all_get_their_transaction(tmp_path: Path) -> None:
    """Eight threads write to a file none has opened before, released together (the bot's first
    questions, each recording itself): every write lands, none fails with "database is locked".
    Fifty fresh files make a race that lost about one time in ten show."""
    for trial in range(50):
        path = tmp_path / f"trial{trial}" / "newsdesk.sqlite3"
        assert write_at_once(path) == []
        with transaction(path, SCHEMA) as connection:
            assert connection.execute("SELECT COUNT(*) FROM asked").fetchone()[0] == WRITERS


def write_at_once(path: Path) -> list[Exception]:
    """What the writers raised, each writing one row as soon as all are ready."""
    released = threading.Barrier(WRITERS)
    errors: list[Exception] = []

    def write() -> None:
        released.wait(timeout=30)
        try:
            with transaction(path, SCHEMA) as connection:
                connection.execute("INSERT INTO asked VALUES (1)")
        except Exception as error:
            errors.append(error)

    threads = [threading.Thread(target=write) for _ in range(WRITERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return errors


def test_a_damaged_file_is_one_store_error_naming_it(tmp_path: Path) -> None:
    """A file that is not a database (damaged, or something else saved in its place) is a StoreError
    naming the file, which the CLI prints in one line and the bot logs: never sqlite3's traceback."""
    path = tmp_path / "newsdesk.sqlite3"
    path.write_bytes(b"not a database " * 100)
    with pytest.raises(StoreError, match=r"newsdesk\.sqlite3 cannot be used"), transaction(path, SCHEMA):
        pass


def test_a_data_folder_that_is_a_file_is_one_store_error_naming_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """NEWSDESK_DATA_DIR naming a regular file is a StoreError naming the database file and saying the
    folder is none: `newsdesk feedback` exits 4 with that one line, not 3 as for a file the user named."""
    data = tmp_path / "data"
    data.write_text("a file where the data folder should be", encoding="utf-8")
    with (
        pytest.raises(StoreError, match=r"data/newsdesk\.sqlite3 cannot be used \(.*data is not a folder\)"),
        transaction(data / "newsdesk.sqlite3", SCHEMA),
    ):
        pass
    monkeypatch.setenv("NEWSDESK_DATA_DIR", str(data))
    assert main(["feedback"]) == StoreError.exit_code
    told = capsys.readouterr().err
    assert told.startswith(f"newsdesk: {data / 'newsdesk.sqlite3'} cannot be used") and told.count("\n") == 1


def test_a_file_deleted_while_the_process_runs_is_made_again(tmp_path: Path) -> None:
    """Tables are created once per process and file, and again when the file has gone."""
    path = tmp_path / "newsdesk.sqlite3"
    with transaction(path, SCHEMA) as connection:
        connection.execute("INSERT INTO asked VALUES (1)")
    path.unlink()
    with transaction(path, SCHEMA) as connection:
        assert connection.execute("SELECT COUNT(*) FROM asked").fetchone()[0] == 0
