"""Admins keep the index current from Telegram: the real PTB Application against the Bot API stand-in,
pages, feeds and files served by a real HTTP server on 127.0.0.1, the real index and model."""

from __future__ import annotations

import time
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from telegram import Chat, Message, MessageEntity

from bot.context import BotApplication
from bot.ingest import ADMINS_ONLY, NO_FEEDS, links_in
from index.desk import Newsdesk
from index.ingest.feeds import Feed, FeedRegistry
from index.settings import Settings
from index.store.embeddings import Embedder
from tests.bot_support import eventually, running_bot
from tests.news_server import NewsServer
from tests.telegram_standin import Json, TelegramStandin
from tests.test_feeds import publish, serve_rss
from tests.test_ingest import HARBOUR_PAGE

ADMIN_ID = 1001
READER_ID = 2002
CHANNEL = {"id": -1009876, "type": "channel", "title": "Valley Courier Live"}
# The scheduled poll fetches and indexes three items with the real model: minutes on a loaded machine.
FEED_POLL_DEADLINE = 600.0
BUDGET_NOTE = (
    "Council Approves Budget\n\n"
    "The Orlen town council approved a budget of 48 million euros on Monday, with a third for schools."
)


class FileStandin(TelegramStandin):
    """The Bot API stand-in plus what ingestion needs: documents (getFile, download) and forwarded posts."""

    def __init__(self, files: NewsServer) -> None:
        super().__init__()
        self.files = files
        self.file_paths: dict[str, str] = {}

    def send_document(self, chat: Json, user: Json, name: str, data: bytes) -> Json:
        """A user sends a file; its bytes are downloadable under TELEGRAM_BASE_FILE_URL, as on Telegram."""
        file_id = f"doc{len(self.file_paths) + 1}"
        self.file_paths[file_id] = f"documents/{file_id}{Path(name).suffix}"
        self.files.serve(
            f"/file/bot{self.token}/{self.file_paths[file_id]}", data, "application/octet-stream"
        )
        message = self._new_message(chat, user, None)
        del message["text"]
        message["document"] = {
            "file_id": file_id, "file_unique_id": f"u{file_id}", "file_name": name, "file_size": len(data)
        }  # fmt: skip
        self.push({"message": self._public(message)})
        return message

    def forward(self, chat: Json, user: Json, text: str, post_id: int) -> Json:
        """A user forwards a channel's post to the bot."""
        message = self._new_message(chat, user, text)
        message["forward_origin"] = {
            "type": "channel",
            "chat": CHANNEL,
            "message_id": post_id,
            "date": 1717200000,
        }
        self.push({"message": self._public(message)})
        return message

    def api_getfile(self, params: Json) -> Json:
        file_id = str(params.get("file_id"))
        return {"file_id": file_id, "file_unique_id": f"u{file_id}", "file_path": self.file_paths[file_id]}


@pytest.fixture
async def standin(news_server: NewsServer) -> AsyncIterator[FileStandin]:
    async with FileStandin(news_server) as running:
        yield running


@pytest.fixture
def desk(web_settings: Settings, embedder: Embedder) -> Newsdesk:
    """The bot's index, allowed to fetch from the news server."""
    return Newsdesk(web_settings, embedder)


StartBot = Callable[..., AbstractAsyncContextManager[BotApplication]]


def admin_bot(standin: FileStandin, news_server: NewsServer, desk: Newsdesk, **defaults: Any) -> StartBot:
    """Starts the bot with an admin, documents downloadable, no scheduled feed poll, and these settings."""

    @asynccontextmanager
    async def start(**overrides: Any) -> AsyncIterator[BotApplication]:
        ingest_settings: dict[str, Any] = {
            "telegram_base_file_url": news_server.url("/file/bot"),
            "admin_user_ids": [ADMIN_ID],
            "feed_poll_minutes": 0,
        }
        async with running_bot(standin, desk, **(ingest_settings | defaults | overrides)) as application:
            yield application

    return start


@pytest.fixture
def start_bot(standin: FileStandin, news_server: NewsServer, desk: Newsdesk) -> StartBot:
    return admin_bot(standin, news_server, desk)


def buttons(message: Json) -> list[tuple[str, str]]:
    rows = message["reply_markup"]["inline_keyboard"]
    return [(b["text"], b["callback_data"]) for row in rows for b in row]


async def tap(standin: FileStandin, who: tuple[Json, Json], offer: Json, data: str, until: str) -> str:
    """Tap a button under the offer; the offer's text once it starts with `until`."""
    chat, user = who
    standin.press(chat, user, offer, data)
    key = (chat["id"], offer["message_id"])
    await standin.wait_for(lambda _: standin.messages[key]["text"].startswith(until))
    return str(standin.messages[key]["text"])


async def test_add_indexes_a_link_for_admins_and_refuses_others(
    standin: FileStandin, news_server: NewsServer, start_bot: StartBot
) -> None:
    """/add URL replies with title, source, date and chunks; the running bot answers from it at once;
    a reader's /add gets the polite refusal and indexes nothing."""
    admin_chat, admin = standin.private_chat(ADMIN_ID, "Admin")
    reader_chat, reader = standin.private_chat(READER_ID)
    url = news_server.serve("/news/harbour", HARBOUR_PAGE)
    async with start_bot() as application:
        refused = await standin.reply(standin.send(reader_chat, reader, f"/add {url}"))
        added = await standin.reply(standin.send(admin_chat, admin, f"/add {url}?utm_source=tg"))
        answer = await standin.reply(standin.send(reader_chat, reader, "When did Lindqvist harbour reopen?"))
        records = application.bot_data["newsdesk"].desk.articles()
    assert refused["text"] == ADMINS_ONLY
    assert added["text"].startswith(
        'Indexed "Lindqvist Harbour Reopens After Repairs" (Northern Gazette, 2024-05-02): 1 chunk(s)'
    )
    assert "Tuesday" in answer["text"] and "— Northern Gazette, 2 May 2024" in answer["text"]
    assert [(r.url, r.origin, r.extra["sender"]) for r in records] == [
        (url, "telegram /add", f"Admin ({ADMIN_ID})")
    ]
    assert len(news_server.hits("/news/harbour")) == 1
    assert standin.failures() == []


async def test_a_bare_link_and_forwarded_posts_are_offered_with_a_confirm_button(
    standin: FileStandin, news_server: NewsServer, start_bot: StartBot, desk: Newsdesk
) -> None:
    """An admin's bare link is indexed only after "Index it"; "No" indexes nothing; a forwarded
    channel post without a link is indexed as text, with the channel and dates as provenance."""
    chat, admin = standin.private_chat(ADMIN_ID, "Admin")
    url = news_server.serve("/news/harbour", HARBOUR_PAGE)
    who = (chat, admin)
    async with start_bot():
        offer = await standin.reply(standin.send(chat, admin, url))
        assert offer["text"] == f"Index this article?\n{url}" and not news_server.hits("/news/harbour")
        indexed = await tap(standin, who, offer, dict(buttons(offer))["Index it"], "Indexed")
        declined_offer = await standin.reply(standin.forward(chat, admin, f"Read more: {url}#x", 41))
        assert declined_offer["text"] == f"Index this article?\n{url}#x"
        declined = await tap(standin, who, declined_offer, dict(buttons(declined_offer))["No"], "OK")
        post_offer = await standin.reply(standin.forward(chat, admin, BUDGET_NOTE, 42))
        assert post_offer["text"] == "Index this forwarded post as an article?\nCouncil Approves Budget"
        post_yes = dict(buttons(post_offer))["Index it"]
        post = await tap(standin, who, post_offer, post_yes, "From the post")
        again = await tap(standin, who, post_offer, post_yes, "That offer has expired")
    assert indexed.startswith('Indexed "Lindqvist Harbour Reopens After Repairs"')
    assert declined == "OK, not indexed."
    assert post.startswith("From the post: indexed 1 new article(s)")
    assert again.startswith("That offer has expired")
    budget = next(r for r in desk.articles() if r.title == "Council Approves Budget")
    assert budget.origin == f"telegram:{CHANNEL['id']}/42"
    assert budget.extra["forwarded_from"] == f"Valley Courier Live ({CHANNEL['id']})"
    assert budget.extra["sender"] == f"Admin ({ADMIN_ID})"
    assert len(desk.articles()) == 2


async def test_documents_from_admins_are_indexed_with_sender_chat_and_date(
    standin: FileStandin, start_bot: StartBot, desk: Newsdesk
) -> None:
    """A .md document is downloaded and indexed with its provenance; an unsupported file is refused
    with the reason; a reader's document gets the polite refusal; files shared in a group are left alone.
    A reader's /sources shows no origin; the admin's Manage view shows the id, the document, who sent
    it and when."""
    chat, admin = standin.private_chat(ADMIN_ID, "Admin")
    reader_chat, reader = standin.private_chat(READER_ID)
    group = standin.group_chat(-100777)
    async with start_bot():
        shared = standin.send_document(group, admin, "minutes.md", BUDGET_NOTE.encode())
        indexed = await standin.reply(standin.send_document(chat, admin, "budget.md", BUDGET_NOTE.encode()))
        pdf = await standin.reply(standin.send_document(chat, admin, "scan.pdf", b"%PDF-1.7 binary"))
        refused = await standin.reply(
            standin.send_document(reader_chat, reader, "x.md", BUDGET_NOTE.encode())
        )
        answer = await standin.reply(standin.send(reader_chat, reader, "How large is the Orlen budget?"))
        listing = await standin.reply(standin.send(reader_chat, reader, "/sources"))
        admin_listing = await standin.reply(standin.send(chat, admin, "/sources"))
        standin.press(chat, admin, admin_listing, "src:manage")  # an admin's Manage shows origins
        await standin.wait_for(lambda calls: any(c.method == "editMessageText" and c.ok for c in calls))
        managed = standin.messages[(chat["id"], admin_listing["message_id"])]
    assert (
        indexed["text"]
        == 'From budget.md: indexed 1 new article(s), 1 chunk(s).\n• "Council Approves Budget"'
    )
    assert pdf["text"] == "Not indexed: scan.pdf: only .txt, .md, .html and .jsonl documents can be indexed"
    assert refused["text"] == ADMINS_ONLY
    assert standin.replies_now(shared) == [] and standin.calls_to("getFile")[0].params["file_id"] != "doc1"
    assert "48 million euros" in answer["text"]
    assert "1. Council Approves Budget · unknown source · undated" in listing["text"]
    assert "Admin" not in listing["text"] and "sent via Telegram" not in listing["text"]
    today = time.strftime("%Y-%m-%d", time.gmtime())
    assert (
        f"<code>{desk.articles()[0].id}</code> · document budget.md sent via Telegram by Admin ({ADMIN_ID}) "
        f"on {today}" in managed["html"]
    )
    record = desk.articles()[0]
    assert record.origin == f"telegram:{ADMIN_ID}/budget.md"
    assert record.extra["sender"] == f"Admin ({ADMIN_ID})" and record.extra["chat"] == f"Admin ({ADMIN_ID})"
    assert record.extra["date"].startswith(time.strftime("%Y-", time.gmtime()))


async def test_feeds_and_remove_commands(
    standin: FileStandin, news_server: NewsServer, start_bot: StartBot, desk: Newsdesk
) -> None:
    """/feeds add, /feeds poll, /feeds (with a broken feed's error), /feeds remove and /remove work for
    admins, and a feed not followed gets a pointer to /feeds; a reader gets the polite refusal for each."""
    chat, admin = standin.private_chat(ADMIN_ID, "Admin")
    reader_chat, reader = standin.private_chat(READER_ID)
    feed_url = serve_rss(news_server, publish(news_server, 2))

    async def ask(text: str, who: tuple[Json, Json] = (chat, admin)) -> str:
        return str((await standin.reply(standin.send(*who, text)))["text"])

    async with start_bot():
        followed = await ask(f"/feeds add {feed_url}")
        polled = await ask("/feeds poll")
        news_server.serve("/rss.xml", "gone", "text/plain", status=410)
        await ask("/feeds poll")
        listed = await ask("/feeds")
        unfollowed = await ask(f"/feeds remove {feed_url}")
        not_followed = await ask(f"/feeds remove {feed_url}")
        empty = await ask("/feeds")
        tram = next(r for r in desk.articles() if r.title.startswith("Velmar"))
        removed = await ask(f"/remove {tram.id[:8]}")
        missing = await ask("/remove ffffffff")
        refusals = [await ask(text, (reader_chat, reader)) for text in ("/feeds", f"/remove {tram.id}")]
    assert followed.startswith(f"Following {feed_url} (Valley Courier)")
    assert polled == "Valley Courier: 2 new article(s), 2 chunk(s)"
    assert "Valley Courier; 2 indexed" in listed and "error: " in listed and "answered 410 Gone" in listed
    assert unfollowed.startswith(f"Stopped following {feed_url}; its articles stay indexed")
    assert not_followed == f"no feed {feed_url} is followed; /feeds lists the followed feeds"
    assert empty == NO_FEEDS
    assert removed == "Removed " + tram.id[:8] + ": Velmar Opens Its First Tram Line"
    assert missing == "/remove: no article matches ffffffff; /sources lists them"
    assert refusals == [ADMINS_ONLY, ADMINS_ONLY]
    assert [r.title for r in desk.articles()] == ["Frost Damages Apricot Orchards in Dravia"]


async def test_the_job_queue_polls_feeds_without_a_restart(
    standin: FileStandin, news_server: NewsServer, start_bot: StartBot, desk: Newsdesk
) -> None:
    """With NEWSDESK_FEED_POLL_MINUTES set, the bot polls the feeds by itself; the new articles are
    answered from without a restart."""
    chat, reader = standin.private_chat(READER_ID)
    feed_url = serve_rss(news_server, publish(news_server, 3))
    FeedRegistry(desk.settings.data_dir).add(Feed(url=feed_url))
    async with start_bot(feed_poll_minutes=0.01):
        # Searchable, not just stored: the search index has taken in all three (it refreshes after the
        # store is written). Looked at off the event loop, so the bot keeps running meanwhile.
        await eventually(lambda: desk.chunk_count() == 3, FEED_POLL_DEADLINE)
        answer = await standin.reply(standin.send(chat, reader, "How long is the Velmar tram line?"))
    assert len(desk.articles()) == 3 and desk.chunk_count() == 3
    assert "9 kilometres" in answer["text"]
    assert len(news_server.hits("/rss.xml")) >= 1


def typed(text: str, entities: list[MessageEntity]) -> Message:
    return Message(1, datetime.now(UTC), Chat(7, Chat.PRIVATE), text=text, entities=entities)


def test_each_link_of_a_message_is_found_once_without_the_punctuation_after_it() -> None:
    """Telegram's link entities give the links; from a client that marks none, the typed links come
    without the sentence's punctuation after them, and a bracket the link opened stays."""
    marked = typed("/add https://example.com/a, https://example.com/b.", [
        MessageEntity(MessageEntity.URL, 5, 21), MessageEntity(MessageEntity.URL, 28, 21)
    ])  # fmt: skip
    assert links_in(marked) == ["https://example.com/a", "https://example.com/b"]
    bare = typed("Read this (https://example.com/story) and https://en.example.org/Bridge_(1932).", [])
    assert links_in(bare) == ["https://example.com/story", "https://en.example.org/Bridge_(1932)"]
