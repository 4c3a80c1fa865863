"""Watched claims in the library and the CLI: the real index and model, the data folder's SQLite file,
`newsdesk watch` run in-process."""

from __future__ import annotations

import json

import pytest

from index import FactChecker, Verdict, Watcher, WatchStore
from index.cli.commands import main
from index.desk import Newsdesk
from index.model import Article
from index.settings import Settings
from tests.test_check import BRIDGE, CUP_FINAL, FUEL

TRUE_CLAIM = "The Harbor City council approved a $45 million plan to rebuild the Miller Street bridge."
FALSE_CLAIM = "The Harbor City council approved a $60 million plan to rebuild the Miller Street bridge."
CUP_CLAIM = "Eastbrook Rovers won the regional cup final."
SECOND_REPORT = Article(
    title="Miller Street bridge to be rebuilt",
    text=(
        "Harbor City will spend $45 million to rebuild the Miller Street bridge, after a council vote on "
        "Tuesday."
    ),
    source="Harbor Radio",
    url="https://radio.example/bridge",
)


def watcher_for(desk: Newsdesk) -> Watcher:
    return Watcher(desk, FactChecker.for_desk(desk), WatchStore(desk.settings.data_dir))


def test_only_new_articles_are_judged_and_a_verdict_is_told_once(desk: Newsdesk) -> None:
    """Articles there before the first watch are never new; a new article is judged only for the claims
    whose words it shares; a verdict is told when it differs from the watch's last one, so a second
    report saying the same tells nobody; a later run, or another process's watcher, finds nothing new."""
    desk.add([CUP_FINAL])
    watcher = watcher_for(desk)
    watcher.add(CUP_CLAIM)
    true, false = watcher.add(TRUE_CLAIM, chat_id=-5), watcher.add(FALSE_CLAIM, chat_id=7)
    assert true.verdict is false.verdict is Verdict.NOT_IN_ARTICLES
    assert watcher.run() == []  # the cup final was there before: not news
    desk.add([BRIDGE])
    judged = watcher.judge([BRIDGE.id], watcher.store.watches(every_chat=True))
    assert [w.claim for w, _ in judged] == [TRUE_CLAIM, FALSE_CLAIM]  # the cup claim shares no words
    alerts = watcher.run()
    assert [(a.chat_id, a.verdict, a.previous) for a in alerts] == [
        (-5, Verdict.SUPPORTED, Verdict.NOT_IN_ARTICLES),
        (7, Verdict.CONTRADICTED, Verdict.NOT_IN_ARTICLES),
    ]
    assert alerts[0].quotes[0].url == BRIDGE.url and "$45 million plan" in alerts[0].quotes[0].quote
    assert watcher.run() == [] and watcher_for(desk).run() == []
    desk.add([SECOND_REPORT])
    assert watcher.run() == []
    assert [w.verdict for w in watcher.store.watches(-5)] == [Verdict.SUPPORTED]
    assert [a.id for a in watcher.store.pending(False)] == [a.id for a in alerts]


def test_an_article_another_process_indexed_is_judged_on_the_next_run(desk: Newsdesk) -> None:
    """The bot's watcher runs beside `newsdesk index` in another process: the article that process
    adds is judged on the watcher's next run, not marked seen unread (its alert lost)."""
    watcher = watcher_for(desk)
    watcher.add(TRUE_CLAIM, chat_id=-5)
    assert watcher.run() == []
    Newsdesk(desk.settings, desk.embedder).add([BRIDGE])  # as another process writes to the store
    assert [(a.chat_id, a.verdict) for a in watcher.run()] == [(-5, Verdict.SUPPORTED)]


def test_two_runs_on_the_same_batch_alert_once(desk: Newsdesk) -> None:
    """Two processes that judged the same new article at once: the second to record it alerts nobody."""
    watcher = watcher_for(desk)
    watcher.add(TRUE_CLAIM)
    desk.add([BRIDGE])
    judged = watcher.judge([BRIDGE.id], watcher.store.watches())
    first, second = watcher.store.record([BRIDGE.id], judged), watcher.store.record([BRIDGE.id], judged)
    assert [a.verdict for a in first] == [Verdict.SUPPORTED] and second == []


def test_watches_are_limited_per_chat(desk: Newsdesk) -> None:
    """NEWSDESK_MAX_WATCHES caps each chat (the local watches count as one); other chats are not affected."""
    watcher = Watcher(desk, FactChecker.for_desk(desk), WatchStore(desk.settings.data_dir, max_per_chat=1))
    watcher.add(TRUE_CLAIM)
    with pytest.raises(Exception, match="already watches 1 claims"):
        watcher.add(FALSE_CLAIM)
    assert watcher.add(FALSE_CLAIM, chat_id=9).chat_id == 9


def test_the_watch_commands_add_list_run_and_remove(
    desk: Newsdesk, settings: Settings, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """`watch add` prints the verdict so far; `watch run --json` prints each new verdict once (a chat's
    alert stays waiting for the bot); `watch list --json` shows the last verdicts; `watch remove N`."""
    monkeypatch.setenv("NEWSDESK_DATA_DIR", str(settings.data_dir))
    desk.add([FUEL])
    assert main(["watch", "add", TRUE_CLAIM]) == 0
    assert main(["watch", "add", "--chat", "42", "--json", FALSE_CLAIM]) == 0
    added = capsys.readouterr().out.splitlines()
    assert added[0] == f"watching: 1. [NOT_IN_ARTICLES] {TRUE_CLAIM}"
    assert json.loads(added[1])["chat_id"] == 42
    desk.add([BRIDGE])
    assert main(["watch", "run", "--json"]) == 0
    printed = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [(p["chat_id"], p["verdict"]) for p in printed] == [(None, "SUPPORTED"), (42, "CONTRADICTED")]
    assert printed[0]["quotes"][0]["source"] == "Harbor Gazette"
    assert main(["watch", "run"]) == 0
    assert capsys.readouterr().out == "No new verdicts.\n"
    assert main(["watch", "list", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["verdict"] == "SUPPORTED"
    assert main(["watch", "remove", "1"]) == 0
    assert main(["watch", "remove", "1"]) == 6  # NotFoundError: there is no watch 1 any more
    assert main(["watch", "list"]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"stopped watching: {TRUE_CLAIM}\n") and "No watched claims" in out
    assert [a.chat_id for a in WatchStore(settings.data_dir).pending(False)] == [42]
