"""The terminal chat (`newsdesk chat`, what `make run` opens without a token) answers questions and
checks claims, as the bot does."""

from __future__ import annotations

import io

import pytest

from index.cli.commands import main
from index.desk import Newsdesk
from tests.conftest import point_cli_at


def chat(
    lines: str, desk: Newsdesk, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> str:
    point_cli_at(desk.settings, monkeypatch)
    monkeypatch.setattr("sys.stdin", io.StringIO(lines))
    assert main(["chat"]) == 0
    return capsys.readouterr().out


def test_the_chat_answers_a_question_and_checks_a_claim(
    seeded_desk: Newsdesk, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A question gets the cited answer; "/check CLAIM" gets the verdict, not an answer to the words
    "/check ..."; a bare "/check" gets the usage line; "quit" leaves."""
    said = chat(
        "Which company stopped mining near Walikale?\n"
        "/check Rwanda-backed M23 rebels advanced into Walikale.\n"
        "/check\n"
        "quit\n",
        seeded_desk,
        monkeypatch,
        capsys,
    )
    assert "Alphamin Resources [1]" in said
    assert "Verdict: SUPPORTED" in said
    assert said.count("Verdict:") == 1
    assert "Give a claim to check" in said
