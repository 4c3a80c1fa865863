"""Watched claims in Telegram: the real PTB Application against the Bot API stand-in, documents served by
a real HTTP server, the real index and model. The scheduled run is started through the JobQueue's own
job (`Job.run`), not by waiting for its clock."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator

import pytest

from bot.context import BotApplication
from bot.watch import NO_SUCH_WATCH, NOT_YOURS, TOO_MANY, UNWATCH_USAGE, WATCH_JOB, WATCH_USAGE
from index.desk import Newsdesk
from index.settings import Settings
from index.store.embeddings import Embedder
from tests.news_server import NewsServer
from tests.telegram_standin import Json
from tests.test_bot_ingest import ADMIN_ID, FileStandin, StartBot, admin_bot
from tests.test_check import BRIDGE, CUP_FINAL

READER_ID = 2002
MEMBER_ID = 2003
OTHER_ID = 2004
GROUP_ID = -100777
TRUE_CLAIM = "The Harbor City council approved a $45 million plan to rebuild the Miller Street bridge."
FALSE_CLAIM = "The Harbor City council approved a $60 million plan to rebuild the Miller Street bridge."


@pytest.fixture
async def standin(news_server: NewsServer) -> AsyncIterator[FileStandin]:
    async with FileStandin(news_server) as running:
        yield running


@pytest.fixture
def desk(settings: Settings, embedder: Embedder) -> Newsdesk:
    """An index with one unrelated story: the watched claims are not in the articles yet."""
    desk = Newsdesk(settings, embedder)
    desk.add([CUP_FINAL])
    return desk


@pytest.fixture
def start_bot(standin: FileStandin, news_server: NewsServer, desk: Newsdesk) -> StartBot:
    """The admin's bot, with a watch schedule that never comes due in a test."""
    return admin_bot(standin, news_server, desk, watch_poll_minutes=600)


async def run_watches(application: BotApplication) -> None:
    """The scheduled run, now: the JobQueue's watch job run by hand."""
    assert application.job_queue is not None
    (job,) = application.job_queue.get_jobs_by_name(WATCH_JOB)
    await job.run(application)


def alerts(standin: FileStandin, chat_id: int) -> list[Json]:
    return [m for m in standin.sent(chat_id) if m["text"].startswith("🔔")]


async def test_new_articles_alert_each_watching_chat_once_and_not_again_after_a_restart(
    standin: FileStandin, start_bot: StartBot, desk: Newsdesk
) -> None:
    """A watch set in a private chat and one in a group; an admin's document supports the first and
    contradicts the second. Each chat gets its alert (verdict, the quoted sentence, the linked article
    with outlet and date) once; another run and a restart tell nobody again; /watches shows the verdicts."""
    reader_chat, reader = standin.private_chat(READER_ID)
    group, member = standin.group_chat(GROUP_ID), standin.user(MEMBER_ID, "Member")
    admin_chat, admin = standin.private_chat(ADMIN_ID, "Admin")
    async with start_bot() as application:
        watched = await standin.reply(standin.send(reader_chat, reader, f"/watch {TRUE_CLAIM}"))
        group_watched = await standin.reply(
            standin.send(group, member, f"/watch@newsdesk_test_bot {FALSE_CLAIM}")
        )
        await run_watches(application)  # nothing new yet
        record = {"title": BRIDGE.title, "text": BRIDGE.text, "source": BRIDGE.source, "url": BRIDGE.url}
        document = json.dumps(record | {"published": "2024-05-14"}).encode()
        indexed = await standin.reply(standin.send_document(admin_chat, admin, "bridge.jsonl", document))
        await run_watches(application)
        await run_watches(application)
        listed = await standin.reply(standin.send(group, member, "/watches"))
    async with start_bot() as restarted:
        await run_watches(restarted)
    assert watched["text"].startswith("👀 Watching #1: " + TRUE_CLAIM)
    assert "So far: ❔ NOT IN THE ARTICLES" in watched["text"] and "So far" in group_watched["text"]
    assert "indexed 1 new article" in indexed["text"]
    (supported,) = alerts(standin, READER_ID)
    (contradicted,) = alerts(standin, GROUP_ID)
    assert alerts(standin, ADMIN_ID) == []
    assert "✅ SUPPORTED in new articles (was: NOT IN THE ARTICLES)" in supported["text"]
    assert "❌ CONTRADICTED in new articles" in contradicted["text"]
    for alert in (supported, contradicted):
        assert "“The Harbor City council voted on Tuesday to approve a $45 million plan" in alert["text"]
        assert f"— {BRIDGE.title} · Harbor Gazette · 14 May 2024" in alert["text"]
    assert f'<a href="{BRIDGE.url}">' in supported["html"]
    assert "1. " + FALSE_CLAIM in listed["text"] and "❌ CONTRADICTED" in listed["text"]
    assert standin.failures() == []


async def test_an_alert_telegram_refuses_for_good_is_not_sent_again(
    standin: FileStandin, start_bot: StartBot, desk: Newsdesk
) -> None:
    """A watching chat Telegram no longer knows ("chat not found"): its alert is tried once and dropped,
    not re-sent at every run for ever."""
    chat, reader = standin.private_chat(READER_ID)
    async with start_bot() as application:
        await standin.reply(standin.send(chat, reader, f"/watch {TRUE_CLAIM}"))
        await run_watches(application)  # nothing new yet
        desk.add([BRIDGE])
        del standin.chats[READER_ID]
        await run_watches(application)
        await run_watches(application)
    tried = [c for c in standin.calls_to("sendMessage") if c.params["chat_id"] == READER_ID]
    assert [c.error for c in tried[1:]] == ["Bad Request: chat not found"]


async def test_watch_refuses_bad_input_and_only_the_setter_or_an_admin_unwatches(
    standin: FileStandin, start_bot: StartBot
) -> None:
    """An empty /watch gets the usage, a 3,000-character claim the length limit, a watch past
    NEWSDESK_MAX_WATCHES the limit; /unwatch with no number (a superscript "²" is none), or an unknown one,
    says how; in a group another member may not remove a watch, a group admin may."""
    group = standin.group_chat(GROUP_ID)
    member, other, boss = (
        standin.user(i, n) for i, n in ((MEMBER_ID, "M"), (OTHER_ID, "O"), (READER_ID, "B"))
    )
    standin.chat_members[(GROUP_ID, READER_ID)] = "administrator"
    standin.private_chat(ADMIN_ID, "Admin")  # the bot's admin, shown the admin commands

    async def say(user: Json, text: str) -> str:
        return str((await standin.reply(standin.send(group, user, text)))["text"])

    async with start_bot(max_watches=2):
        empty = await say(member, "/watch")
        long = await say(member, "/watch " + ("The council approved the plan. " * 100)[:3000])
        first = await say(member, f"/watch {TRUE_CLAIM}")
        second = await say(member, f"/watch {FALSE_CLAIM}")
        third = await say(member, "/watch Eastbrook Rovers won the regional cup final.")
        no_number = await say(member, "/unwatch")
        superscript = await say(member, "/unwatch ²")
        unknown = await say(member, "/unwatch 7")
        not_yours = await say(other, "/unwatch 1")
        by_admin = await say(boss, "/unwatch 1")
        by_setter = await say(member, "/unwatch 1")
        listed = await say(member, "/watches")
    assert empty == WATCH_USAGE
    assert long.startswith("That claim is 3,000 characters long")
    assert first.startswith("👀 Watching #1") and second.startswith("👀 Watching #2")
    assert third == TOO_MANY.format(count=2)
    assert no_number == superscript == UNWATCH_USAGE
    assert unknown == NO_SUCH_WATCH.format(number=7)
    assert not_yours == NOT_YOURS
    assert by_admin == f"Stopped watching: {TRUE_CLAIM}"
    assert by_setter == f"Stopped watching: {FALSE_CLAIM}"
    assert listed.startswith("This chat watches no claims")
    assert standin.failures() == []
