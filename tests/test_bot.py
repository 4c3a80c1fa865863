"""The Telegram bot end to end: the real PTB Application, built by `build_application`, talking to a
Bot API stand-in over HTTP on 127.0.0.1, answering from a real index with the real model."""

from __future__ import annotations

import asyncio
import copy
import dataclasses
import io
import logging
import os
import re
import shutil
import signal
import sys
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from datetime import date
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from telegram import Bot, Update
from telegram.error import BadRequest, InvalidToken
from telegram.ext import CommandHandler, ContextTypes

from bot.answer_view import View, render
from bot.asking import SEARCH_DOWN, store_failure
from bot.context import BotApplication
from bot.formatting import MESSAGE_LIMIT, format_text_html, telegram_length
from bot.logs import TokenRedactor
from index import SetupError, StoreError, StoreUnavailableError, UnreachableError
from index.desk import Newsdesk
from index.model import Answer, Article, Source
from index.settings import Settings
from index.store.embeddings import Embedder
from tests.bot_support import running_bot
from tests.chroma_server import free_port
from tests.telegram_standin import BOT_USERNAME, TOKEN, Conversation, Json, TelegramStandin, visible_text

ADMIN_ID = 1001
READER_ID = 2002
GROUP_ID = -100555

HARBOUR = Article(
    title='Harbour <Board> & "Friends" vote on *fees*',
    text=(
        "The Halvern harbour board voted on Tuesday to raise mooring fees by 12 percent from June. "
        "Board chair Ilse Marten said the extra income would pay for dredging the northern channel. "
        "Fishing crews argued that the increase would push smaller boats to the port of Tessby. "
        "The vote passed five to two after a three-hour meeting."
    ),
    source="Example Gazette",
    url="https://news.example/harbour?id=1&ref=bot",
    published=date(2025, 3, 22),
)
# Synthetic filler articles, enough for /sources to need more than one page.
FILLER = [
    ("Orrin Lake falls to a record low", "Orrin Lake dropped 40 centimetres over the dry winter.", 1),
    ("Velden approves a tram extension", "Velden council approved a six-stop tram extension.", 2),
    ("Kestrel Motors recalls scooters", "Kestrel Motors recalled 4,000 scooters over brake faults.", 3),
    ("Brannock library reopens", "The Brannock library reopened after flood repairs costing 2 million.", 4),
    (
        "Northfield orchards double harvest",
        "Northfield orchards picked twice as many apples as last year.",
        5,
    ),
    ("Talmar marathon draws runners", "The Talmar marathon drew 9,000 runners on a cold Sunday.", 6),
    (
        "Cobalt Bay ferry strike ends",
        "Ferry crews in Cobalt Bay ended a nine-day strike after a pay deal.",
        7,
    ),
    ("Ashgrove school adds robotics", "Ashgrove school added a robotics class for pupils aged twelve.", 8),
    ("Dunmere bridge closes", "The Dunmere bridge closed for three months of cable repairs.", 9),
    ("Pellow museum buys a map", "The Pellow museum bought a lost sea chart of the Varne coast.", 10),
]
ARTICLE_COUNT = 1 + 1 + len(FILLER)  # the seed, the harbour story, the fillers


def filler_articles() -> list[Article]:
    return [
        Article(
            title=title,
            text=f"{text} Officials described the change as {title.lower()} in a statement on Monday.",
            source=f"Example Wire {day % 3}",
            url=f"https://wire.example/{day}",
            published=date(2025, 3, day),
        )
        for title, text, day in FILLER
    ]


@pytest.fixture(scope="session")
def bot_desk(seeded_dir: Path, tmp_path_factory: pytest.TempPathFactory, embedder: Embedder) -> Newsdesk:
    """The seed article plus synthetic ones, indexed once; the bot tests only read it."""
    data = tmp_path_factory.mktemp("bot") / "data"
    shutil.copytree(seeded_dir, data)
    desk = Newsdesk(Settings(data_dir=data, _env_file=None), embedder)
    desk.add([HARBOUR, *filler_articles()])
    return desk


StartBot = Callable[..., AbstractAsyncContextManager[BotApplication]]


@pytest.fixture
def start_bot(standin: TelegramStandin, bot_desk: Newsdesk, tmp_path: Path) -> StartBot:
    """Run the real Application against the stand-in, with settings overridden per test; each test's bot
    keeps its feedback and stats in a data folder of its own."""

    @asynccontextmanager
    async def start(
        desk: Newsdesk = bot_desk,
        extra_handlers: Callable[[BotApplication], None] | None = None,
        **overrides: Any,
    ) -> AsyncIterator[BotApplication]:
        standin.private_chat(ADMIN_ID, "Admin")  # the admin has talked to the bot before
        settings = {"admin_user_ids": [ADMIN_ID], "data_dir": tmp_path / "bot"} | overrides
        async with running_bot(standin, desk, extra_handlers, **settings) as application:
            yield application

    return start


@pytest.fixture
async def reader(standin: TelegramStandin, start_bot: StartBot) -> AsyncIterator[Conversation]:
    """The bot running with its usual settings, and a reader's private chat with it."""
    async with start_bot():
        yield standin.conversation(READER_ID)


def buttons(message: Json) -> dict[str, str]:
    """The inline buttons under a message: text -> callback data."""
    rows = message.get("reply_markup", {}).get("inline_keyboard", [])
    return {button["text"]: button["callback_data"] for row in rows for button in row}


async def press(
    standin: TelegramStandin,
    chat: Json,
    user: Json,
    message: Json,
    text: str,
    *,
    method: str = "editMessageText",
) -> Json:
    """Tap the button `text` under `message`, wait for the bot's `method` call, return (a copy of) the
    message as it is then."""
    before = len(standin.calls)
    standin.press(chat, user, message, buttons(standin.messages[(chat["id"], message["message_id"])])[text])
    await standin.wait_for(lambda calls: any(c.method == method and c.status for c in calls[before:]))
    return copy.deepcopy(standin.messages[(chat["id"], message["message_id"])])


async def settle(standin: TelegramStandin, chat: Json, user: Json) -> None:
    """Send /help and wait for it: everything pushed earlier in this chat has been handled by then."""
    await standin.reply(standin.send(chat, user, "/help"))


# -- private chats ---------------------------------------------------------------------------------


async def test_private_question_gets_a_phone_sized_answer_with_sources_behind_a_button(
    standin: TelegramStandin, reader: Conversation
) -> None:
    """A question shows "typing", then one HTML reply: the answering sentence with its [1] linked to the
    article, outlet and date ("22 Mar 2025") under it, in under 500 visible characters, previews off, and
    the buttons Sources (1), Check this, 👍, 👎. "Sources (1)" edits the message in place to the escaped,
    linked title (full of <, & and quotes); "‹ Answer" brings the answer back."""
    reply = await reader.ask("By how much will Halvern raise mooring fees?")
    sources = await press(standin, reader.chat, reader.user, reply, "Sources (1)")
    back = await press(standin, reader.chat, reader.user, reply, "‹ Answer")
    assert "raise mooring fees by 12 percent from June. [1]" in reply["text"]
    assert "— Example Gazette, 22 Mar 2025" in reply["text"] and len(reply["text"]) <= 500
    assert '<a href="https://news.example/harbour?id=1&amp;ref=bot">[1]</a>' in reply["html"]
    assert {"type": "text_link", "url": "https://news.example/harbour?id=1&ref=bot"} in [
        {k: e[k] for k in ("type", "url")} for e in reply["entities"]
    ]
    assert {"Sources (1)", "Check this", "👍", "👎"} <= set(buttons(reply))
    assert sources["text"].splitlines()[1] == (
        '[1] Harbour <Board> & "Friends" vote on *fees* · Example Gazette · 22 Mar 2025'
    )
    assert (
        '[1] <a href="https://news.example/harbour?id=1&amp;ref=bot">'
        'Harbour &lt;Board&gt; &amp; "Friends" vote on *fees*</a>' in sources["html"]
    )
    assert back["text"] == reply["text"] and "Sources (1)" in buttons(back)
    send = next(c for c in standin.calls_to("sendMessage") if c.ok)
    assert send.params["parse_mode"] == "HTML"
    assert send.params["link_preview_options"] == {"is_disabled": True}
    assert send.params["reply_parameters"]["message_id"] == reply["reply_to_message"]["message_id"]
    typing = standin.calls_to("sendChatAction")
    assert typing and typing[0].params == {"chat_id": READER_ID, "action": "typing"}
    assert typing[0].at <= send.at
    assert standin.failures() == []


async def test_an_unanswerable_question_gets_a_short_plain_abstention(reader: Conversation) -> None:
    """Off-topic questions get a short "the articles don't cover this", no quotes, no sources block."""
    reply = await reader.ask("How do I bake sourdough bread?")
    assert reply["text"].startswith("The articles don't say.")
    assert "[1]" not in reply["text"] and "Sources" not in reply["text"]
    assert len(reply["text"]) < 300


async def test_start_names_the_collection_and_two_answerable_example_questions(
    reader: Conversation,
) -> None:
    """/start says what the bot knows and how to ask, with two example questions taken from the indexed
    articles; asked in turn, both get cited answers."""
    welcome = await reader.ask("/start", timeout=180)
    examples = [line[2:] for line in welcome["text"].splitlines() if line.startswith("• ")]
    answers = [await reader.ask(question) for question in examples]
    assert f"{ARTICLE_COUNT} news articles" in welcome["text"]
    assert "/ask" in welcome["text"] and "reply to one of my answers" in welcome["text"]
    assert len(examples) == 2 and examples[0] != examples[1]
    for answer in answers:
        assert "[1]" in answer["text"] and "Sources (1)" in buttons(answer)


async def test_help_lists_commands_and_how_to_handle_group_privacy_mode(
    standin: TelegramStandin, reader: Conversation
) -> None:
    """/help explains asking, lists the commands (admins also see /stats) and says how a group admin
    turns privacy mode off in BotFather or makes the bot an admin, and that /ask always works."""
    reader_help = (await reader.ask("/help"))["text"]
    admin_help = (await standin.conversation(ADMIN_ID, "Admin").ask("/help"))["text"]
    for command in ("/ask", "/sources", "/help"):
        assert command in reader_help
    assert "/stats" not in reader_help and "/stats" in admin_help
    assert "/setprivacy" in reader_help and f"@{BOT_USERNAME}" in reader_help
    assert "make me an admin" in reader_help and "/ask always works" in reader_help


async def test_the_command_menu_is_set_before_polling_starts(
    standin: TelegramStandin, start_bot: StartBot
) -> None:
    """setMyCommands publishes /ask, /help, /sources and /latest before the first getUpdates."""
    async with start_bot():
        await standin.wait_for(lambda calls: any(c.method == "getUpdates" for c in calls))
    methods = [c.method for c in standin.calls]
    assert methods.index("setMyCommands") < methods.index("getUpdates")
    menu = standin.calls_to("setMyCommands")[0].params["commands"]
    assert [c["command"] for c in menu][:4] == ["ask", "help", "sources", "latest"]  # others add theirs


async def test_ask_command_answers_and_an_empty_ask_explains_itself(reader: Conversation) -> None:
    """/ask QUESTION answers like a plain question; a bare /ask shows how to use it."""
    answer = await reader.ask("/ask Where did the peace talks take place?")
    usage = await reader.ask("/ask")
    assert "Recent talks in Qatar" in answer["text"] and "[1]" in answer["text"]
    assert usage["text"].startswith("Put your question after the command, like this: /ask ")


async def test_sources_lists_articles_newest_first_in_pages_with_buttons(
    standin: TelegramStandin, start_bot: StartBot
) -> None:
    """/sources shows the newest articles (linked title, outlet, one date format, no ids) with an "Older"
    button; pressing it edits the message to the next page (with a "Newer" button) and answers the
    button press; a repeated press changes nothing and causes no error. A reader gets no Manage button."""
    chat, user = standin.private_chat(READER_ID)
    async with start_bot():
        listing = await standin.reply(standin.send(chat, user, "/sources"))
        first_page, first_buttons = listing["text"], buttons(listing)
        second_page = await press(standin, chat, user, listing, "Older ›")
        standin.press(chat, user, listing, first_buttons["Older ›"])
        await standin.wait_for(
            lambda calls: len([c for c in calls if c.method == "answerCallbackQuery"]) == 2
        )
        await settle(standin, chat, user)
    assert list(first_buttons) == ["Older ›"]
    assert f"(1–8 of {ARTICLE_COUNT}; page 1 of 2)" in first_page
    assert '1. Harbour <Board> & "Friends" vote on *fees* · Example Gazette · 22 Mar 2025' in first_page
    assert first_page.index("Harbour <Board>") < first_page.index("Pellow museum buys a map")
    assert "Orrin Lake" not in first_page and not re.search(r"\b[0-9a-f]{16}\b", first_page)
    assert f"(9–{ARTICLE_COUNT} of {ARTICLE_COUNT}; page 2 of 2)" in second_page["text"]
    assert "Orrin Lake falls to a record low" in second_page["text"]
    assert (
        "Rwanda-Backed Rebels Advance into Walikale, Ignoring Ceasefire Calls · www.2news.com · undated"
        in (second_page["text"])
    )  # undated: last
    assert list(buttons(second_page)) == ["‹ Newer"]
    not_modified = [c for c in standin.calls_to("editMessageText") if not c.ok]
    assert len(not_modified) == 1 and "message is not modified" in not_modified[0].error
    assert all("error id" not in m["text"] for m in standin.sent(chat["id"]))


async def test_stats_answers_admins_only(standin: TelegramStandin, reader: Conversation) -> None:
    """/stats gives an admin the article and chunk counts, questions answered and median latency; anyone
    else is told it is for admins."""
    await reader.ask("Where did the peace talks take place?")
    refusal = await reader.ask("/stats")
    stats = await standin.conversation(ADMIN_ID, "Admin").ask("/stats")
    assert refusal["text"] == "Only the bot's admins can use /stats."
    assert f"Articles: {ARTICLE_COUNT}" in stats["text"]
    assert re.search(r"Chunks: \d+", stats["text"])
    assert "Questions answered: 1 (0 abstained)" in stats["text"]
    assert "Claims checked: 0" in stats["text"] and "Feedback: 0 👍, 0 👎" in stats["text"]
    assert re.search(r"Median latency: \d+ ms", stats["text"])


# -- groups ----------------------------------------------------------------------------------------


async def test_group_answers_only_ask_mentions_and_replies_with_follow_up_context(
    standin: TelegramStandin, start_bot: StartBot
) -> None:
    """In a group the bot ignores chatter, other bots' /ask, a forwarded message that mentioned it (its
    author did, not the forwarder) and another bot mentioning it; it answers /ask@bot and mentions,
    showing "typing" there too, and answers a reply to its answer as a follow-up with the earlier
    question's subject: "and where did the peace talks take place?" after a question about the M23
    rebels names Qatar."""
    group = standin.group_chat(GROUP_ID)
    user = standin.user(READER_ID)
    robot = {"id": 4444, "is_bot": True, "first_name": "Relay", "username": "relay_bot"}
    async with start_bot():
        chatter = standin.send(group, user, "Where have the M23 rebels advanced?")
        other_bot = standin.send(group, user, "/ask@some_other_bot Where have the M23 rebels advanced?")
        addressed = f"@{BOT_USERNAME} Where have the M23 rebels advanced?"
        forwarded = standin.send(group, user, addressed, forwarded_from=standin.user(3333, "Author"))
        from_a_bot = standin.send(group, robot, addressed)
        asked = standin.send(group, user, f"/ask@{BOT_USERNAME} Where have the M23 rebels advanced?")
        answer = await standin.reply(asked)
        follow_up = await standin.reply(
            standin.send(group, user, "and where did the peace talks take place?", reply_to=answer)
        )
        mention = await standin.reply(
            standin.send(group, user, f"@{BOT_USERNAME}, which company halted mining?")
        )
        await settle(standin, group, user)
    assert "M23 rebels" in answer["text"] and "[1]" in answer["text"]
    assert "Qatar" in follow_up["text"] and "[1]" in follow_up["text"]
    assert "Alphamin Resources" in mention["text"]
    assert standin.replies_now(chatter) == [] and standin.replies_now(other_bot) == []
    assert standin.replies_now(forwarded) == [] and standin.replies_now(from_a_bot) == []
    assert len(standin.sent(GROUP_ID)) == 4  # three answers and the /help
    assert {c.params["chat_id"] for c in standin.calls_to("sendChatAction")} == {GROUP_ID}


async def test_an_exception_in_a_handler_gets_an_apology_with_an_error_id_and_the_bot_goes_on(
    standin: TelegramStandin, start_bot: StartBot, caplog: pytest.LogCaptureFixture
) -> None:
    """A handler that raises: the user gets a short apology with an error id, the log has the traceback
    under that id, and the next question is answered as usual."""

    async def broken(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        raise RuntimeError("the printing press jammed")

    def add_broken(application: BotApplication) -> None:
        application.add_handler(CommandHandler("boom", broken))

    group = standin.group_chat(GROUP_ID)
    user = standin.user(READER_ID)
    with caplog.at_level(logging.ERROR, logger="bot"):
        async with start_bot(extra_handlers=add_broken):
            apology = await standin.reply(standin.send(group, user, "/boom"))
            answer = await standin.reply(
                standin.send(group, user, "/ask Which mining company halted operations?")
            )
    error_id = re.fullmatch(
        r"Sorry, something went wrong on my side \(error id ([0-9a-f]{8})\)\. Please try again in a moment\.",
        apology["text"],
    )
    assert error_id is not None
    [record] = [r for r in caplog.records if error_id[1] in r.getMessage()]
    assert record.exc_info is not None and "printing press jammed" in str(record.exc_info[1])
    assert "Traceback" not in apology["text"] and "Alphamin Resources" in answer["text"]


# -- Telegram's rules and hostile input ------------------------------------------------------------


def long_answer() -> Answer:
    """A synthetic answer of about 9,000 characters, full of HTML-looking text, with three sources."""
    paragraph = "Council <b>notes</b> & 'minutes' say fees rise by 12% <script>x</script> *now* [1]. " * 18
    sources = [
        Source(n, f"id{n}", f"Title {n} <i>with</i> & marks " * 8, "Example & Co", f"2025-03-0{n}",
               f"https://news.example/{n}?a=1&b=<2>")
        for n in (1, 2, 3)
    ]  # fmt: skip
    return Answer("q", "\n\n".join([paragraph] * 6), False, sources, 1.0)


async def test_every_view_of_a_long_hostile_answer_is_one_message_telegram_accepts(
    standin: TelegramStandin, start_bot: StartBot
) -> None:
    """An answer of 9,000 characters full of HTML-looking text renders each view (answer, more,
    sources) as one message under 4096 characters that the stand-in's HTML check accepts, as do a
    9,000-character abstention and an answer with a 600-character short line; the sources view gives
    every citation line whole."""
    answer = long_answer()
    abstained = Answer("q", "The articles don't say. " + "x & <y> " * 1200, True, [], 0.1)
    long_short = dataclasses.replace(answer, short="Short & <answer> " * 40)
    views = [render(answer, view) for view in View]
    views += [render(abstained, View.ANSWER), render(long_short, View.ANSWER)]
    chat, _ = standin.private_chat(READER_ID)
    async with start_bot() as application:
        for html in views:
            await application.bot.send_message(chat["id"], html, parse_mode="HTML")
    assert all(telegram_length(html) <= MESSAGE_LIMIT for html in views)
    shown = visible_text(render(answer, View.SOURCES), "HTML")
    citations = [line for line in shown.splitlines() if re.match(r"\[\d\] Title", line)]
    assert [c[:3] for c in citations] == ["[1]", "[2]", "[3]"]
    assert all(c.endswith(f"· Example & Co · {c[1]} Mar 2025") for c in citations)
    assert "<script>" in visible_text(render(answer, View.MORE), "HTML")
    assert standin.failures() == []


def test_an_oversized_paragraph_is_cut_between_words_and_never_inside_an_entity() -> None:
    """A single paragraph longer than a message, made of characters that escape to entities, and a
    pasted blob without spaces, are cut into messages under the limit that parse as Telegram HTML and
    together show the whole text."""
    words = " ".join(["<&>" * 40] * 100)
    blob = "&" * 9000
    for text in (words, blob):
        parts = format_text_html(text)
        shown = [visible_text(part, "HTML") for part in parts]
        assert len(parts) > 1 and all(telegram_length(part) <= MESSAGE_LIMIT for part in parts)
        assert "".join(shown).replace(" ", "") == text.replace(" ", "")
    assert all(part.startswith("&lt;&amp;&gt;") for part in format_text_html(words))


async def test_hostile_text_long_messages_and_stickers_get_clear_replies_never_a_400(
    standin: TelegramStandin, reader: Conversation
) -> None:
    """Text full of <, &, *, _ and tags is answered, a 10,000-character message is refused with its
    length, a sticker is told the bot reads text, a photo's caption is answered as a question; Telegram
    rejects none of the bot's messages."""
    hostile = "<b>Who</b> & <script>alert(1)</script> *backs* _the_ </i> M23 &amp; rebels &#x27; <"
    hostile_reply = await reader.ask(hostile)
    too_long = await reader.ask("?" * 10_000)
    sticker = await standin.reply(standin.send_sticker(reader.chat, reader.user))
    photo = await standin.reply(
        standin.send_photo(reader.chat, reader.user, "Which town did the rebels take?")
    )
    assert "[1]" in hostile_reply["text"] and "Walikale" in photo["text"]
    assert too_long["text"] == "That question is 10,000 characters long; please keep it under 2,000."
    assert sticker["text"] == "I can only read text. Please send your question as a text message."
    assert standin.failures() == []


async def test_a_chat_not_allowed_is_refused_once_then_ignored(
    standin: TelegramStandin, start_bot: StartBot
) -> None:
    """With an allowlist, another chat gets one polite refusal naming its id, then silence; a group not
    on the list hears it only when it speaks to the bot, not for its own chatter or stickers. An allowed
    chat and the admin's own private chat are served."""
    allowed_chat, allowed_user = standin.private_chat(READER_ID)
    stranger_chat, stranger = standin.private_chat(3003, "Stranger")
    admin_chat, admin = standin.private_chat(ADMIN_ID, "Admin")
    group = standin.group_chat(GROUP_ID)
    async with start_bot(allowed_chat_ids=[READER_ID]):
        first = await standin.reply(standin.send(stranger_chat, stranger, "hello?"))
        standin.send(stranger_chat, stranger, "Where did the peace talks take place?")
        standin.send(stranger_chat, stranger, "/start")
        chatter = standin.send(group, stranger, "anyone up for lunch?")
        sticker = standin.send_sticker(group, stranger)
        addressed = await standin.reply(standin.send(group, stranger, f"/ask@{BOT_USERNAME} Who won?"))
        await standin.processed()
        await settle(standin, allowed_chat, allowed_user)
        admin_stats = await standin.reply(standin.send(admin_chat, admin, "/stats"))
    assert first["text"].startswith("Sorry, this bot is not available in this chat. (Chat id 3003")
    assert len(standin.sent(3003)) == 1
    assert standin.replies_now(chatter) == standin.replies_now(sticker) == []
    assert addressed["text"].startswith("Sorry, this bot is not")
    assert "Articles:" in admin_stats["text"]


async def test_the_per_user_rate_limit_says_when_to_try_again_once(
    standin: TelegramStandin, start_bot: StartBot
) -> None:
    """Over the per-user limit a question gets a friendly note with the wait in seconds; further
    questions in the same stretch are ignored rather than each getting a note."""
    chat, user = standin.private_chat(READER_ID)
    async with start_bot(questions_per_minute=2):
        for question in ("Where did the peace talks take place?", "Who is the president of Congo?"):
            assert "[1]" in (await standin.reply(standin.send(chat, user, question)))["text"]
        limited = await standin.reply(standin.send(chat, user, "What minerals are found around Walikale?"))
        ignored = standin.send(chat, user, "How many people have been displaced?")
        await settle(standin, chat, user)
    assert re.fullmatch(
        r"You're asking faster than I can answer well: at most 2 questions a minute\. "
        r"Please try again in \d+ seconds\.",
        limited["text"],
    )
    assert standin.replies_now(ignored) == []


async def test_a_429_burst_is_retried_after_retry_after_and_no_answer_is_lost(
    standin: TelegramStandin, start_bot: StartBot
) -> None:
    """Telegram answers the first sends with 429 retry_after=1: each is sent again after the wait and
    every one of five chats asking at once gets its answer."""
    chats = [standin.private_chat(4000 + n) for n in range(5)]
    standin.throttle("sendMessage", times=4, retry_after=1)
    async with start_bot():
        questions = [
            standin.send(chat, user, "Which mining company halted operations?") for chat, user in chats
        ]
        replies = await asyncio.gather(*(standin.reply(q) for q in questions))
    assert all("Alphamin Resources" in r["text"] for r in replies)
    throttled = [c for c in standin.calls_to("sendMessage") if c.status == 429]
    assert len(throttled) == 4 and all(c.error == "Too Many Requests: retry after 1" for c in throttled)
    assert standin.failures() == []


async def test_twenty_questions_from_ten_chats_at_once_are_all_answered(
    standin: TelegramStandin, start_bot: StartBot
) -> None:
    """Ten chats ask two questions each at the same moment: every question gets its own right answer."""
    questions = {
        "Which mining company halted operations?": "Alphamin Resources",
        "By how much will Halvern raise mooring fees?": "12 percent",
    }
    chats = [standin.private_chat(5000 + n) for n in range(10)]
    async with start_bot():
        sent = [
            (standin.send(chat, user, q), expected)
            for chat, user in chats
            for q, expected in questions.items()
        ]
        replies = await asyncio.gather(*(standin.reply(message) for message, _ in sent))
    for (_, expected), reply in zip(sent, replies, strict=True):
        assert expected in reply["text"]
    assert standin.failures() == []


async def test_search_down_is_reported_as_search_down(
    standin: TelegramStandin, start_bot: StartBot, tmp_path: Path, embedder: Embedder
) -> None:
    """When the index cannot be reached the user hears that search is down, not that the articles don't
    cover the question, nor "something went wrong": for a question, and for the commands that list or
    count the articles (/start, /sources, /latest, a bare /ask, /stats)."""
    settings = Settings(_env_file=None, data_dir=tmp_path / "data", chroma_url="http://127.0.0.1:9")
    unreachable = Newsdesk(settings, embedder)
    chat, user = standin.private_chat(READER_ID)
    admin_chat, admin = standin.private_chat(ADMIN_ID, "Admin")
    async with start_bot(desk=unreachable):
        reply = await standin.reply(standin.send(chat, user, "Who backs the M23 rebels?"))
        commands = [standin.send(chat, user, c) for c in ("/start", "/sources", "/latest", "/ask")]
        commands.append(standin.send(admin_chat, admin, "/stats"))
        told = [(await standin.reply(sent, timeout=60))["text"] for sent in commands]
    assert reply["text"].startswith("Search is down right now")
    assert "don't cover" not in reply["text"]
    assert all(text.startswith("Search is down right now") for text in told), told


def test_a_question_and_the_error_handler_tell_a_store_failure_alike() -> None:
    """A question, a /check or a /watch that fails on the store tells the reader what the error handler
    does: search is down only when the index cannot be reached; a data folder that cannot be used is said
    to be that, with the error id the operator finds in the log."""
    assert store_failure(StoreUnavailableError("search is unavailable right now"), "a1b2c3d4") == SEARCH_DOWN
    told = store_failure(StoreError("data/newsdesk.sqlite3 cannot be used (disk I/O error)"), "a1b2c3d4")
    assert told.startswith("Sorry, my data folder cannot be used right now (error id a1b2c3d4)")


async def test_a_damaged_data_file_never_costs_the_reader_the_answer(
    standin: TelegramStandin, start_bot: StartBot, tmp_path: Path
) -> None:
    """With newsdesk.sqlite3 damaged, a question is still answered: only its /stats count is lost; a
    command that needs the file (/watches) says the data folder cannot be used, not that search is down."""
    data = tmp_path / "damaged"
    data.mkdir()
    (data / "newsdesk.sqlite3").write_bytes(b"not a database " * 100)
    chat, user = standin.private_chat(READER_ID)
    async with start_bot(data_dir=data):
        reply = await standin.reply(standin.send(chat, user, "Which mining company halted operations?"))
        watches = await standin.reply(standin.send(chat, user, "/watches"))
    assert "Alphamin Resources" in reply["text"]
    assert watches["text"].startswith("Sorry, my data folder cannot be used right now")


# -- the process: `python -m bot` -------------------------------------------------------------------


async def run_process(*args: str, env: dict[str, str], cwd: Path) -> asyncio.subprocess.Process:
    return await asyncio.create_subprocess_exec(
        sys.executable,
        *args,
        env=env,
        cwd=cwd,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )


def process_env(data: Path, **extra: str) -> dict[str, str]:
    keep = {k: v for k, v in os.environ.items() if not k.startswith(("NEWSDESK_", "TELEGRAM_"))}
    return {**keep, "NEWSDESK_DATA_DIR": str(data), **extra}


async def test_a_missing_or_rejected_token_is_one_clear_line(
    standin: TelegramStandin, tmp_path: Path
) -> None:
    """`python -m bot --telegram` without a token, or with one Telegram rejects, prints one line and
    exits with SetupError's code: no traceback, and the token is not shown."""
    missing = await run_process("-m", "bot", "--telegram", env=process_env(tmp_path / "data"), cwd=tmp_path)
    wrong = "999:not-the-right-token"
    rejected = await run_process(
        "-m", "bot", "--telegram", cwd=tmp_path,
        env=process_env(tmp_path / "data", TELEGRAM_BOT_TOKEN=wrong, TELEGRAM_BASE_URL=standin.base_url),
    )  # fmt: skip
    missing_err = (await missing.communicate())[1].decode()
    rejected_err = (await rejected.communicate())[1].decode()
    assert (missing.returncode, rejected.returncode) == (SetupError.exit_code, SetupError.exit_code)
    assert missing_err.strip() == "newsdesk: TELEGRAM_BOT_TOKEN is not set; get a token from @BotFather."
    assert (
        rejected_err.strip()
        == "newsdesk: Telegram rejected TELEGRAM_BOT_TOKEN; copy it again from @BotFather."
    )
    assert wrong not in rejected_err


async def test_a_telegram_api_that_cannot_be_reached_is_one_line_and_its_own_exit_code(
    tmp_path: Path,
) -> None:
    """`python -m bot` with TELEGRAM_BASE_URL where nothing listens prints one line naming the address
    and exits with UnreachableError's code (8): a service to wait for, not a setting to fix."""
    base_url = f"http://127.0.0.1:{free_port()}/bot"
    env = process_env(tmp_path / "data", TELEGRAM_BOT_TOKEN=TOKEN, TELEGRAM_BASE_URL=base_url)
    process = await run_process("-m", "bot", "--telegram", env=env, cwd=tmp_path)
    told = (await asyncio.wait_for(process.communicate(), 120))[1].decode()
    assert process.returncode == UnreachableError.exit_code == 8
    assert told.strip() == f"newsdesk: cannot reach the Telegram Bot API at {base_url}"


async def test_python_m_bot_answers_then_stops_cleanly_on_sigterm(
    standin: TelegramStandin, seeded_dir: Path, tmp_path: Path
) -> None:
    """`python -m bot` with a token loads the index, sets the menu, answers a question, logs one line
    with chat id, latency and abstention, and exits 0 on SIGTERM; the token never appears in its output."""
    data = tmp_path / "data"
    shutil.copytree(seeded_dir, data)
    env = process_env(data, TELEGRAM_BOT_TOKEN=TOKEN, TELEGRAM_BASE_URL=standin.base_url)
    process = await run_process("-m", "bot", env=env, cwd=tmp_path)
    chat, user = standin.private_chat(READER_ID)
    try:
        await standin.wait_for(lambda calls: any(c.method == "getUpdates" for c in calls), timeout=300)
        reply = await standin.reply(standin.send(chat, user, "Which mining company halted operations?"))
        process.send_signal(signal.SIGTERM)
        stdout, stderr = await asyncio.wait_for(process.communicate(), 120)
    finally:
        if process.returncode is None:
            process.kill()
    output = stdout.decode() + stderr.decode()
    assert process.returncode == 0
    assert "Alphamin Resources" in reply["text"]
    assert re.search(rf"question chat={READER_ID} latency_ms=\d+ abstained=False", output)
    assert "Traceback" not in output and TOKEN not in output


def test_the_token_is_redacted_from_log_lines_and_tracebacks() -> None:
    """A log line or a traceback that carries the bot token (a request URL, an error message) is written
    with the token replaced."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(TokenRedactor(TOKEN))
    logger = logging.getLogger("bot.test_redaction")
    logger.addHandler(handler)
    try:
        logger.error("POST %s/getMe failed", f"https://api.telegram.org/bot{TOKEN}")
        try:
            raise ConnectionError(f"cannot reach https://api.telegram.org/bot{TOKEN}/getUpdates")
        except ConnectionError:
            logger.exception("polling failed")
    finally:
        logger.removeHandler(handler)
    written = stream.getvalue()
    assert TOKEN not in written
    assert "POST https://api.telegram.org/bot<TELEGRAM_BOT_TOKEN>/getMe failed" in written
    assert (
        "ConnectionError: cannot reach https://api.telegram.org/bot<TELEGRAM_BOT_TOKEN>/getUpdates" in written
    )


# -- the stand-in keeps Telegram's rules -----------------------------------------------------------


async def test_the_standin_reads_json_bodies_with_native_values_as_telegram_does(
    standin: TelegramStandin,
) -> None:
    """A JSON body may carry numbers and objects as themselves, not as text: the stand-in reads them as
    Telegram does, instead of dropping them (a dropped chat_id would read as "chat not found")."""
    chat, user = standin.private_chat(READER_ID)
    question = standin.send(chat, user, "Who backs the rebels?")
    body = {
        "chat_id": chat["id"],
        "text": "<b>An answer</b>",
        "parse_mode": "HTML",
        "reply_parameters": {"message_id": question["message_id"]},
    }
    async with (
        aiohttp.ClientSession() as session,
        session.post(f"{standin.base_url}{TOKEN}/sendMessage", json=body) as response,
    ):
        result = await response.json()
    assert response.status == 200, result
    assert result["result"]["text"] == "An answer"
    assert [m["text"] for m in standin.replies_now(question)] == ["An answer"]


async def test_the_standin_refuses_what_telegram_refuses(standin: TelegramStandin) -> None:
    """The checks the bot's tests rely on are real: the stand-in rejects empty and over-long text, bad
    HTML and unknown entities, unknown chats, identical edits and a wrong token, like Telegram does."""
    chat, _ = standin.private_chat(READER_ID)
    async with Bot(TOKEN, base_url=standin.base_url) as bot:
        fine = "<b>fine</b> &amp; &#x27;ok&#39;"
        sent = await bot.send_message(chat["id"], fine, parse_mode="HTML")
        refused = {
            "empty": bot.send_message(chat["id"], "   "),
            "too long": bot.send_message(chat["id"], "x" * (MESSAGE_LIMIT + 1)),
            "unclosed": bot.send_message(chat["id"], "<b>bold", parse_mode="HTML"),
            "unknown tag": bot.send_message(chat["id"], "<script>x</script>", parse_mode="HTML"),
            "bare <": bot.send_message(chat["id"], "1 < 2", parse_mode="HTML"),
            "entity": bot.send_message(chat["id"], "a&nbsp;b", parse_mode="HTML"),
            "unknown chat": bot.send_message(777, "hello"),
            "not modified": bot.edit_message_text(fine, chat["id"], sent.message_id, parse_mode="HTML"),
        }  # fmt: skip
        errors = {}
        for name, request in refused.items():
            with pytest.raises(BadRequest) as raised:
                await request
            errors[name] = raised.value.message
    with pytest.raises(InvalidToken):
        async with Bot("1:wrong", base_url=standin.base_url):
            pass
    assert sent.text == "fine & 'ok'"
    assert errors["empty"] == "Message text is empty"
    assert errors["too long"] == "Message is too long"
    assert all(
        errors[n].startswith("Can't parse entities") for n in ("unclosed", "unknown tag", "bare <", "entity")
    )
    assert errors["unknown chat"] == "Chat not found"
    assert errors["not modified"].startswith("Message is not modified")
