"""Inline mode (`@botname question` in any chat): the real PTB Application against the Bot API stand-in,
which answers inline queries with Telegram's limits, the real index and model."""

from __future__ import annotations

from index.desk import Newsdesk
from tests.bot_support import running_bot
from tests.telegram_standin import TelegramStandin
from tests.test_check import BRIDGE

READER_ID = 4001
MEMBER_ID = 4002
OUTSIDER_ID = 4003
GROUP_ID = -100888
OTHER_CHAT_ID = 4999


async def test_an_inline_query_gets_the_cited_answer_card_then_source_cards(
    standin: TelegramStandin, desk: Newsdesk
) -> None:
    """The top card is the answer as the bot would send it, its [1] linked and a button to the article;
    the next card is the source with its quote. Chosen, the card posts a valid message in the other chat;
    the answer may be cached briefly."""
    desk.add([BRIDGE])
    chat, _ = standin.private_chat(OTHER_CHAT_ID, "Colleague")
    reader = standin.user(READER_ID)
    async with running_bot(standin, desk, inline_cache_seconds=30):
        query_id = standin.inline_query(reader, "How much will the Miller Street bridge rebuild cost?")
        answered = await standin.inline_answer(query_id)
    top, source = answered["results"][:2]
    assert answered["cache_time"] == 30 and not answered.get("is_personal")
    assert "$45 million" in top["title"]
    assert top["reply_markup"]["inline_keyboard"][0][0]["url"] == BRIDGE.url
    assert f'<a href="{BRIDGE.url}">[1]</a>' in top["input_message_content"]["message_text"]
    assert source["title"] == f"[1] {BRIDGE.title}"
    assert "Harbor Gazette" in source["description"]
    posted = standin.choose(chat, reader, top)
    assert "$45 million" in posted["text"] and posted["via_bot"]["is_bot"]
    assert standin.choose(chat, reader, source)["text"].startswith("“")
    assert standin.failures() == []


async def test_an_inline_query_the_articles_do_not_cover_gets_one_not_covered_card(
    standin: TelegramStandin, desk: Newsdesk
) -> None:
    """An abstention is a single card saying the articles don't cover it."""
    desk.add([BRIDGE])
    async with running_bot(standin, desk):
        query_id = standin.inline_query(standin.user(READER_ID), "What is the capital of Peru?")
        answered = await standin.inline_answer(query_id)
    (card,) = answered["results"]
    assert card["title"] == "Not covered by the articles"
    assert "don't" in card["input_message_content"]["message_text"]
    assert standin.failures() == []


async def test_inline_queries_honour_the_allowlist(standin: TelegramStandin, desk: Newsdesk) -> None:
    """With NEWSDESK_ALLOWED_CHAT_IDS set, listed users and members of a listed group get cards (never
    shared between users); a user outside them gets none."""
    desk.add([BRIDGE])
    standin.group_chat(GROUP_ID)
    standin.chat_members[(GROUP_ID, OUTSIDER_ID)] = "left"
    question = "How much will the Miller Street bridge rebuild cost?"
    async with running_bot(standin, desk, allowed_chat_ids=[READER_ID, GROUP_ID]):
        listed = await standin.inline_answer(standin.inline_query(standin.user(READER_ID), question))
        member = await standin.inline_answer(standin.inline_query(standin.user(MEMBER_ID), question))
        outsider = await standin.inline_answer(standin.inline_query(standin.user(OUTSIDER_ID), question))
    assert listed["results"] and member["results"]
    assert listed["is_personal"] and member["is_personal"]
    assert outsider["results"] == [] and outsider["cache_time"] == 0
    assert standin.failures() == []


async def test_inline_queries_count_towards_the_questions_per_minute(
    standin: TelegramStandin, desk: Newsdesk
) -> None:
    """Each inline query is a question: past NEWSDESK_QUESTIONS_PER_MINUTE the user gets no cards, but a
    button saying when to try again, and nothing Telegram may cache."""
    desk.add([BRIDGE])
    question = "How much will the Miller Street bridge rebuild cost?"
    async with running_bot(standin, desk, questions_per_minute=1):
        first = await standin.inline_answer(standin.inline_query(standin.user(READER_ID), question))
        second = await standin.inline_answer(standin.inline_query(standin.user(READER_ID), question))
    assert first["results"]
    assert second["results"] == [] and second["cache_time"] == 0
    assert second["button"]["text"].startswith("Too many questions: try again in")
    assert standin.failures() == []
