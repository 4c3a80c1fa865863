"""Bad input gets a message naming the file and what to do; the rest of the batch is still indexed."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from bot.__main__ import main as bot_main
from index.cli.batch import answer_batch
from index.cli.commands import main
from index.desk import Newsdesk
from index.errors import ArticleError, QuestionError
from index.evaluate.questions import read_questions
from index.settings import Settings
from tests.conftest import ROOT, SEED_FILE, point_cli_at


@pytest.fixture
def bad_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "empty.txt").write_text("", encoding="utf-8")
    (folder / "binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 10)
    (folder / "latin1.txt").write_bytes("Caf\xe9 opens\n\nThe caf\xe9 opened.".encode("latin-1"))
    (folder / "huge.txt").write_bytes(b"Big\n\n" + b"word " * (10 * 1024 * 1024))
    (folder / "lines.jsonl").write_text(
        '{"title": "Good One", "text": "The bridge opened to traffic on Friday morning."}\n'
        "{not json\n"
        '{"title": "No Text"}\n',
        encoding="utf-8",
    )
    (folder / "seed.txt").write_bytes(SEED_FILE.read_bytes())
    return folder


def test_bad_files_are_reported_and_the_rest_indexed(desk: Newsdesk, bad_folder: Path) -> None:
    """Each bad file or line is named with a reason; good articles still get in."""
    report = desk.index_paths([bad_folder, bad_folder / "missing.txt"])
    messages = "\n".join(str(p) for p in report.problems)
    assert "empty.txt: the file is empty" in messages
    assert "binary.txt: this looks like a binary file" in messages
    assert "latin1.txt: not valid UTF-8" in messages and "save it as UTF-8" in messages
    assert "lines.jsonl:2: not valid JSON" in messages
    assert "lines.jsonl:3: the record has no text" in messages
    assert "missing.txt: no such file or folder" in messages
    assert "huge.txt: the file is 52 MB, over the 20 MB limit" in messages
    assert {a.title for a in report.added} == {
        "Good One",
        "Rwanda-Backed Rebels Advance into Walikale, Ignoring Ceasefire Calls",
    }


@pytest.mark.parametrize(
    ("question", "message"),
    [
        ("   ", "the message is empty"),
        ("???", "the message is empty"),
        ("why " * 5000, "characters long"),
        ("bad \udcff bytes?", "could not be read"),  # undecodable terminal input
    ],
)
def test_empty_or_huge_questions_are_refused_politely(
    seeded_desk: Newsdesk, question: str, message: str
) -> None:
    """An empty question (or one of punctuation only), one over NEWSDESK_MAX_QUESTION_CHARS, and one
    holding characters that are not text are a `QuestionError` saying which."""
    with pytest.raises(QuestionError, match=message):
        seeded_desk.ask(question)


def run_cli(*args: str, data: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NEWSDESK_DATA_DIR": str(data)}
    return subprocess.run(
        [sys.executable, "-m", "index.cli", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=120,
        check=False,
    )


def test_cli_reports_skipped_files_with_a_nonzero_exit_and_no_traceback(
    tmp_path: Path, bad_folder: Path
) -> None:
    """`newsdesk index` prints one line per problem, indexes the rest, and exits 3."""
    result = run_cli("index", str(bad_folder / "empty.txt"), str(SEED_FILE), data=tmp_path / "d")
    assert result.returncode == 3
    assert "skipped: " in result.stderr and "empty.txt" in result.stderr
    assert "Traceback" not in result.stderr
    assert "indexed 1 new article(s)" in result.stdout


def test_cli_unwritable_data_folder_says_what_to_do(tmp_path: Path) -> None:
    """A data folder that cannot be written gives one line naming NEWSDESK_DATA_DIR."""
    not_a_folder = tmp_path / "data"
    not_a_folder.write_text("a file where the data folder should be", encoding="utf-8")
    result = run_cli("index", str(SEED_FILE), data=not_a_folder)
    assert result.returncode == 4
    assert "NEWSDESK_DATA_DIR" in result.stderr and "Traceback" not in result.stderr


def test_cli_ask_empty_question_exits_2(tmp_path: Path) -> None:
    """`newsdesk ask "  "` exits 2 with one line asking for a question."""
    result = run_cli("ask", "  ", data=tmp_path / "d")
    assert result.returncode == 2
    assert result.stderr.strip() == "newsdesk: Ask a question: the message is empty."


def test_cli_names_a_file_it_cannot_read_in_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """`ask --batch` with a file that is not there exits 3 with one line naming it, not a traceback."""
    monkeypatch.setenv("NEWSDESK_DATA_DIR", str(tmp_path / "d"))
    missing = tmp_path / "questions.jsonl"
    assert main(["ask", "--batch", str(missing)]) == 3
    assert capsys.readouterr().err == f"newsdesk: {missing}: No such file or directory\n"


def test_a_batch_line_that_cannot_be_asked_gets_an_error_and_the_rest_go_on(seeded_desk: Newsdesk) -> None:
    """`ask --batch`: a line that is not UTF-8, a source that is not a text, or no question gets
    `{"line": n, "error": ...}`; the good line is answered with its latency."""
    lines = [
        b'{"question": "Which mining company halted operations?"}\n',
        '{"question": "Caf\xe9 opening hours?"}\n'.encode("latin-1"),
        b'{"question": "Who halted operations?", "source": 5}\n',
        b'{"text": "no question"}\n',
    ]
    answered, *refused = answer_batch(seeded_desk, lines)
    assert answered["short"] == "Alphamin Resources" and answered["latency_ms"] > 0
    assert refused == [
        {"line": 2, "error": "not UTF-8 text"},
        {"line": 3, "error": '"source" must be a text, e.g. "CNN"'},
        {"line": 4, "error": 'expected a JSON object with a "question" text'},
    ]


def test_ask_options_hold_for_every_batch_line_that_sets_none_of_its_own(
    seeded_desk: Newsdesk, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """`ask --batch FILE --source X --answerer extractive`: --source limits every line that names no
    source, a line's own "source" wins, and --answerer picks the answerer of each; asking for a model that
    is not configured fails the batch at once with one line (exit 2), not once per line."""
    point_cli_at(seeded_desk.settings, monkeypatch)
    batch = tmp_path / "questions.jsonl"
    question = "Which mining company halted operations?"
    lines = [{"question": question}, {"question": question, "source": "www.2news.com"}]
    batch.write_text("\n".join(json.dumps(line) for line in lines), encoding="utf-8")
    assert main(["ask", "--batch", str(batch), "--source", "CNN", "--answerer", "extractive"]) == 0
    limited, own = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert limited["abstained"] and limited["coverage"]["searched"] == 0
    assert own["short"] == "Alphamin Resources"
    assert limited["answerer"] == own["answerer"] == "extractive"
    assert main(["ask", "--batch", str(batch), "--answerer", "llm"]) == QuestionError.exit_code
    told = capsys.readouterr()
    assert told.out == "" and told.err.startswith("newsdesk: No language model is configured")


def test_help_and_a_command_line_missing_a_part_are_usage_not_work(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """`python -m bot --help` prints its usage and exits 0 without opening a terminal chat; an argument it
    does not know, `newsdesk feeds add` without the feed's URL, and `fit-answers --trade-off --write` (which
    of its models would be saved?) are usage errors (exit 2), as every command line argparse cannot read."""
    monkeypatch.setenv("NEWSDESK_DATA_DIR", str(tmp_path / "d"))
    with pytest.raises(SystemExit) as helped:
        bot_main(["--help"])
    assert helped.value.code == 0 and capsys.readouterr().out.startswith("usage: python -m bot")
    with pytest.raises(SystemExit) as unknown:
        bot_main(["--telgram"])
    assert unknown.value.code == 2
    capsys.readouterr()
    with pytest.raises(SystemExit) as no_url:
        main(["feeds", "add"])
    assert no_url.value.code == 2
    told = capsys.readouterr().err.splitlines()
    assert told[0].startswith("usage: newsdesk feeds") and told[-1].endswith("`add` needs the feed's URL")
    with pytest.raises(SystemExit) as both:
        main(["fit-answers", "questions.jsonl", "--trade-off", "--write"])
    assert both.value.code == 2 and "not allowed with" in capsys.readouterr().err


@pytest.mark.parametrize("entry", [main, bot_main])
def test_a_setting_that_cannot_be_used_is_named_in_one_line(
    entry: object, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """The CLI and the bot exit 7 naming the variable and what is wrong with it, never a traceback."""
    monkeypatch.setenv("NEWSDESK_TOP_K", "ten")
    monkeypatch.setenv("NEWSDESK_MIN_EVIDENCE", "5")
    assert callable(entry)
    assert entry(["sources"] if entry is main else []) == 7
    told = capsys.readouterr().err
    assert told.startswith("newsdesk: NEWSDESK_TOP_K: Input should be a valid integer")
    assert "NEWSDESK_MIN_EVIDENCE: Input should be less than or equal to 1" in told
    assert told.count("\n") == 1


def test_an_empty_line_left_from_env_example_means_unset(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`TELEGRAM_BOT_TOKEN=` and `NEWSDESK_AS_OF=` in .env are unset (a terminal chat, no date limit), not
    an empty token or a date that cannot be read."""
    monkeypatch.delenv("TELEGRAM_BOT_TOKEN", raising=False)
    monkeypatch.delenv("NEWSDESK_AS_OF", raising=False)
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".env").write_text("TELEGRAM_BOT_TOKEN=\nNEWSDESK_AS_OF=\n", encoding="utf-8")
    settings = Settings()
    assert settings.telegram_bot_token is None and settings.as_of is None


def test_an_evaluation_file_that_is_not_utf8_is_named(tmp_path: Path) -> None:
    """`newsdesk eval` and `eval-check` read their file as UTF-8: another encoding is one named error."""
    questions = tmp_path / "questions.jsonl"
    questions.write_bytes('{"question": "Caf\xe9?", "answer": "x"}\n'.encode("latin-1"))
    with pytest.raises(ArticleError, match=r"questions\.jsonl: not UTF-8 text"):
        list(read_questions(questions))
