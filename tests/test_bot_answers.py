"""Answers for reporters on Telegram: the phone-sized message and its buttons, feedback and /stats kept in
the data folder, follow-ups, group habits, small talk and the latest headlines, /sources search and
Manage. The real bot against the Bot API stand-in, answering from a real index."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from bot.answer_view import HEAD_VISIBLE_CHARS, View, keyboard, render
from bot.answers import FORGOTTEN
from bot.context import AnswerMemory
from bot.formatting import MESSAGE_LIMIT, clean_title, shorten, telegram_length
from index.answer.compose import UNSURE_NOTE
from index.cli import main as cli_main
from index.desk import Newsdesk
from index.model import Answer, Article, Quote, Source
from tests.telegram_standin import BOT_USERNAME, Conversation, TelegramStandin, parsed
from tests.test_bot import (  # noqa: F401  (fixtures)
    ADMIN_ID,
    GROUP_ID,
    HARBOUR,
    READER_ID,
    StartBot,
    bot_desk,
    buttons,
    press,
    reader,
    settle,
    start_bot,
)


def made_answer(short: str | None = None, more: str = "", sentences: int = 3) -> Answer:
    """An answer as the desk builds one: cited sentences, two sources (one with a slug title, undated)."""
    sources = [
        Source(1, "a1", "Twitter to charge $8 for verifi…", "Reuters", "2022-11-02", "https://r.example/1",
               [Quote("Twitter will charge $8 a month.", 0, 31, 1.0)]),
        Source(2, "a2", "musk-twitter-blue-price-20221102.html", "AP", "", "https://ap.example/2",
               [Quote("Musk set the price.", 0, 19, 0.5)]),
    ]  # fmt: skip
    text = " ".join(
        ["Twitter will charge $8 a month for verification. [1]"]
        + ["Musk set the <price>. [2]"] * (sentences - 1)
    )
    return Answer("How much will Twitter charge?", text, False, sources, 0.9, short=short, more=more)


def test_the_answer_view_leads_with_the_short_answer_and_keeps_further_quotes_for_more() -> None:
    """The default view opens with the short answer in bold and the first sentence with [1] linked,
    "— Reuters, 2 Nov 2022" under it, under 500 visible characters; More puts the further quotes (and
    `more`) in an expandable blockquote Telegram accepts; without a short answer there is no bold line."""
    answer = made_answer(short="$8 a month", more="Advertisers paused spending. [1]")
    shown, entities = parsed(render(answer, View.ANSWER), "HTML")
    more_html = render(answer, View.MORE)
    more_shown, more_entities = parsed(more_html, "HTML")
    plain = render(made_answer(), View.ANSWER)
    assert render(answer, View.ANSWER).startswith('<b>$8 a month</b> <a href="https://r.example/1">[1]</a>\n')
    assert "Twitter will charge $8 a month for verification. [1]" in shown
    assert "— [1] Reuters, 2 Nov 2022; [2] AP, undated" in shown
    assert len(shown) <= HEAD_VISIBLE_CHARS
    assert {"type": "text_link", "offset": shown.index("[1]"), "length": 3, "url": "https://r.example/1"} in (
        entities
    )
    assert "<blockquote expandable>" in more_html and "Advertisers paused spending. [1]" in more_shown
    assert [e["type"] for e in more_entities if "blockquote" in e["type"]] == ["expandable_blockquote"]
    assert "Musk set the <price>. [2]" in more_shown  # article text escaped, shown as written
    assert not plain.startswith("<b>")


def test_buttons_show_more_only_when_there_is_more_and_sources_with_their_count() -> None:
    """Sources (n) always, More only with quotes beyond what the message shows, Check this on request,
    👍 👎 always; in the sources view the first button leads back to the answer."""

    def labels(answer: Answer, view: View, check: bool) -> list[str]:
        return [b.text for row in keyboard(answer, view, check).inline_keyboard for b in row]

    assert labels(made_answer(sentences=1), View.ANSWER, True) == ["Sources (2)", "Check this", "👍", "👎"]
    assert labels(made_answer(sentences=1, more="More here. [2]"), View.ANSWER, False)[:2] == [
        "Sources (2)",
        "More",
    ]
    assert labels(made_answer(sentences=9), View.MORE, False)[:2] == ["Sources (2)", "Less"]
    assert labels(made_answer(), View.SOURCES, False)[0] == "‹ Answer"


def test_titles_are_cleaned_and_every_view_of_a_huge_answer_fits_a_message() -> None:
    """Slug titles read as words, a title cut mid-word ends at a whole word, shortening cuts at a word;
    an answer of 60 long sentences still renders every view under Telegram's limit."""
    huge = made_answer(sentences=60, more=" ".join(["A further quote with <tags> & marks. [1]"] * 80))
    assert clean_title("musk-twitter-blue-price-20221102.html") == "Musk twitter blue price"
    assert clean_title("Twitter to charge $8 for verifi…") == "Twitter to charge $8 for…"
    assert shorten("The council approved the budget on Monday", 20) == "The council…"
    for view in View:
        html = render(huge, view)
        assert telegram_length(html) <= MESSAGE_LIMIT and parsed(html, "HTML")[0]


async def test_more_feedback_and_check_this_under_a_real_answer(
    standin: TelegramStandin,
    reader: Conversation,  # noqa: F811
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Under a real answer: More edits the message to add the expandable blockquote; 👍 answers the tap
    and stores the vote with the question and the answer's sources, which `newsdesk feedback --json`
    exports; "Check this" replies to the answer with a verdict; /stats counts the vote and the check."""
    chat, user = reader.chat, reader.user
    reply = await reader.ask("Where have the M23 rebels advanced?")
    more = await press(standin, chat, user, reply, "More")
    await press(standin, chat, user, reply, "👍", method="answerCallbackQuery")
    standin.press(chat, user, reply, buttons(reply)["Check this"])
    [verdict] = await standin.replies(reply)
    stats = await standin.conversation(ADMIN_ID, "Admin").ask("/stats")
    monkeypatch.setenv("NEWSDESK_DATA_DIR", str(tmp_path / "bot"))
    assert cli_main(["feedback", "--json"]) == 0
    assert "expandable_blockquote" in [e["type"] for e in more["entities"]]
    assert "Less" in buttons(more)
    toast = [c for c in standin.calls_to("answerCallbackQuery") if c.params.get("text")]
    assert toast[0].params["text"] == "Thanks! Glad it helped."
    assert verdict["text"].startswith("Claim:")
    assert "Claims checked: 1" in stats["text"] and "Feedback: 1 👍, 0 👎" in stats["text"]
    assert standin.failures() == []


async def test_replies_and_taps_under_an_answer_act_on_that_answer_once(
    standin: TelegramStandin,
    reader: Conversation,  # noqa: F811
) -> None:
    """Under an answer: "is that true?" checks it; "Check this" tapped twice posts one verdict; a button
    whose data this bot never made gets a short alert, not an apology; "tell me more" sends the further
    quotes, and that message's buttons and follow-ups work as the answer's own."""
    chat, user = reader.chat, reader.user
    reply = await reader.ask("Where have the M23 rebels advanced?")
    verified = await standin.reply(standin.send(chat, user, "is that true?", reply_to=reply))
    for _ in range(2):
        standin.press(chat, user, reply, buttons(reply)["Check this"])
    standin.press(chat, user, reply, "ans:zzz")
    await standin.replies(reply)  # the verdict
    more = await standin.reply(standin.send(chat, user, "tell me more", reply_to=reply))
    label, further = next(b for b in buttons(more) if b.startswith("Sources")), more["text"]
    sources = await press(standin, chat, user, more, label)
    await settle(standin, chat, user)
    assert verified["text"].startswith("Claim:")
    assert [m["text"][:6] for m in standin.replies_now(reply)] == ["Claim:"]
    alerts = [c.params for c in standin.calls_to("answerCallbackQuery") if c.params.get("show_alert")]
    assert [a["text"] for a in alerts] == [FORGOTTEN]
    assert further != sources["text"] and sources["text"].startswith("Sources\n[1]")
    assert not any("something went wrong" in m["text"] for m in standin.sent(chat["id"]))
    assert standin.failures() == []


async def test_feedback_export_and_stats_survive_a_restart(
    standin: TelegramStandin,
    start_bot: StartBot,  # noqa: F811
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A 👎 and a question before a restart are still counted by /stats after it, and the vote is
    exported as one JSON line with the question, the vote and the cited sources."""
    chat, user = standin.private_chat(READER_ID)
    admin = standin.conversation(ADMIN_ID, "Admin")
    async with start_bot():
        reply = await standin.reply(standin.send(chat, user, "Which mining company halted operations?"))
        await press(standin, chat, user, reply, "👎", method="answerCallbackQuery")
    async with start_bot():
        stats = await admin.ask("/stats")
    monkeypatch.setenv("NEWSDESK_DATA_DIR", str(tmp_path / "bot"))
    capsys.readouterr()
    assert cli_main(["feedback", "--json"]) == 0
    [line] = capsys.readouterr().out.splitlines()
    exported = json.loads(line)
    assert "Questions answered: 1 (0 abstained)" in stats["text"] and "0 👍, 1 👎" in stats["text"]
    assert exported["vote"] == "down" and exported["question"] == "Which mining company halted operations?"
    assert exported["answer"]["sources"][0]["title"].startswith("Rwanda-Backed Rebels")


async def test_follow_ups_say_what_the_articles_do_not_give_and_chatter_gets_no_re_answer(
    standin: TelegramStandin,
    start_bot: StartBot,  # noqa: F811
) -> None:
    """Replying "and when was that?" to an answer never quotes the answer again: it gives a sentence the
    articles date, or says they give no date; "lol" as a reply gets nothing, "thanks" a one-line
    acknowledgement; "tell me more" as a reply to /start gets a hint, not quotes."""
    group = standin.group_chat(GROUP_ID)
    user = standin.user(READER_ID)
    async with start_bot():
        answer = await standin.reply(
            standin.send(group, user, f"/ask@{BOT_USERNAME} Which town did the M23 rebels advance into?")
        )
        when = await standin.reply(standin.send(group, user, "and when was that?", reply_to=answer))
        lol = standin.send(group, user, "lol", reply_to=answer)
        thanks = await standin.reply(standin.send(group, user, "thanks!", reply_to=answer))
        welcome = await standin.reply(standin.send(group, user, f"/start@{BOT_USERNAME}"), timeout=180)
        more = await standin.reply(standin.send(group, user, "tell me more", reply_to=welcome))
        await settle(standin, group, user)
    first_quote = answer["text"].split(" [1]")[0].splitlines()[-1]
    assert first_quote not in when["text"]
    assert "[1]" in when["text"]
    assert standin.replies_now(lol) == []
    assert thanks["text"] == "You're welcome! Reply to an answer to ask a follow-up."
    assert "[1]" not in more["text"] and "/latest" in more["text"]


async def test_in_groups_a_mention_or_bare_ask_as_a_reply_works_on_the_replied_message(
    standin: TelegramStandin,
    start_bot: StartBot,  # noqa: F811
) -> None:
    """ "@bot is this true?" in reply to a colleague's claim checks the claim; a bare /ask in reply to a
    colleague's question answers that question."""
    group = standin.group_chat(GROUP_ID)
    colleague, user = standin.user(3003, "Colleague"), standin.user(READER_ID)
    async with start_bot():
        claim = standin.send(group, colleague, "Alphamin Resources suspended mining near Walikale, right?")
        checked = await standin.reply(
            standin.send(group, user, f"@{BOT_USERNAME} is this true?", reply_to=claim)
        )
        question = standin.send(group, colleague, "Where did the peace talks take place?")
        asked = await standin.reply(standin.send(group, user, "/ask", reply_to=question))
    assert checked["text"].startswith("Claim: Alphamin Resources suspended mining near Walikale")
    assert "Qatar" in asked["text"] and "[1]" in asked["text"]


async def test_small_talk_latest_and_refusals_in_telegrams_words(
    standin: TelegramStandin,
    reader: Conversation,  # noqa: F811
) -> None:
    """ "hi" and "thanks!" get one line with a hint; "What is the latest news?" and /latest list the newest
    headlines by date; a reader's bare link is told only admins add articles."""
    hello = await reader.ask("hi")
    thanks = await reader.ask("thanks!")
    latest = await reader.ask("What is the latest news?")
    command = await reader.ask("/latest")
    link = await reader.ask("https://news.example/some-story")
    assert hello["text"] == "Hi! Ask me a question about the news, or send /latest for the newest headlines."
    assert thanks["text"].startswith("You're welcome!")
    lines = latest["text"].splitlines()
    assert lines[0] == "Latest headlines"
    assert lines[1] == '• Harbour <Board> & "Friends" vote on *fees* · Example Gazette · 22 Mar 2025'
    assert lines[2].startswith("• Pellow museum buys a map") and command["text"] == latest["text"]
    assert link["text"].startswith("Only the bot's admins can add articles.")


async def test_latest_folds_syndicated_copies(
    standin: TelegramStandin,
    start_bot: StartBot,  # noqa: F811
    desk: Newsdesk,
) -> None:
    """The same headline run by two outlets is listed once, naming the other outlet."""
    story = "The Velmar tram line opened with nine stops and carried 12,000 riders on its first day."
    title = "Velmar opens its tram line"
    desk.add([
        Article(title, story, "Valley Courier", "https://vc.example/1", date(2025, 4, 2)),
        Article(title, f"{story} More soon.", "Wire Service", "https://ws.example/1", date(2025, 4, 1)),
        Article("Dravia orchards hit by frost", "Frost hit Dravia.", "Farm Post", "", date(2025, 3, 1)),
    ])  # fmt: skip
    async with start_bot(desk=desk):
        latest = await standin.conversation(READER_ID).ask("/latest")
    lines = latest["text"].splitlines()
    assert lines[1] == "• Velmar opens its tram line · Valley Courier · 2 Apr 2025 (also in Wire Service)"
    assert lines[2] == "• Dravia orchards hit by frost · Farm Post · 1 Mar 2025"


async def test_sources_searches_filters_jumps_and_admins_manage_with_confirmation(
    standin: TelegramStandin,
    start_bot: StartBot,  # noqa: F811
    seeded_desk: Newsdesk,
) -> None:
    """/sources QUERY searches titles and outlets; outlet: and date: filter; page:N jumps (page:² is no
    page number); no match says so. Only an admin sees Manage, which shows ids and origins, and Remove
    asks before removing."""
    seeded_desk.add([HARBOUR])
    reader_chat, reader_user = standin.private_chat(READER_ID)
    admin_chat, admin = standin.private_chat(ADMIN_ID, "Admin")
    async with start_bot(desk=seeded_desk):
        found = await standin.reply(standin.send(reader_chat, reader_user, "/sources harbour"))
        by_outlet = await standin.reply(standin.send(reader_chat, reader_user, "/sources outlet:2news"))
        dated = await standin.reply(standin.send(reader_chat, reader_user, "/sources date:2025-03 page:9"))
        nothing = await standin.reply(standin.send(reader_chat, reader_user, "/sources zzzz"))
        odd_page = await standin.reply(standin.send(reader_chat, reader_user, "/sources harbour page:²"))
        listing = await standin.reply(standin.send(admin_chat, admin, "/sources harbour"))
        listing_buttons = buttons(listing)
        managed = await press(standin, admin_chat, admin, listing, "Manage")
        confirm = await press(standin, admin_chat, admin, listing, "Remove 1")
        await press(standin, admin_chat, admin, listing, "Yes, remove it")
        await settle(standin, admin_chat, admin)
    assert "matching harbour" in found["text"] and "1. Harbour <Board>" in found["text"]
    assert "Manage" not in buttons(found) and HARBOUR.id not in found["text"]
    assert "Rwanda-Backed Rebels" in by_outlet["text"] and "Harbour" not in by_outlet["text"]
    assert "Harbour <Board>" in dated["text"] and "page 1 of 1" in dated["text"]
    assert "1. Harbour <Board>" in odd_page["text"]
    assert nothing["text"] == "No indexed article matches zzzz. /sources lists them all."
    assert "Manage" in listing_buttons
    assert HARBOUR.id in managed["text"] and "Remove 1" in buttons(managed)
    assert confirm["text"].startswith("Remove “Harbour <Board>") and "Cancel" in buttons(confirm)
    assert [r.title for r in seeded_desk.articles()] == [
        "Rwanda-Backed Rebels Advance into Walikale, Ignoring Ceasefire Calls"
    ]


def test_check_this_counts_once_per_answer() -> None:
    """The first "Check this" under an answer is checked; any later tap, by anyone, is not."""
    memory = AnswerMemory(capacity=2)
    assert memory.first_check(7, 1) and not memory.first_check(7, 1) and memory.first_check(7, 2)


def test_a_doubtful_answer_says_so_above_its_quote(seeded_desk: Newsdesk) -> None:
    """In Telegram, an answer the model doubts opens with the note, in italics, that it may not answer."""
    answer = seeded_desk.ask("What happened to the town population?")
    shown = render(answer, View.ANSWER)
    assert shown.startswith(f"<i>{UNSURE_NOTE}</i>")
    sure = seeded_desk.ask("Which company stopped mining near Walikale?")
    assert UNSURE_NOTE not in render(sure, View.ANSWER)
