"""Generative answers in Telegram: the real bot against the Bot API stand-in, its model the scripted
OpenAI-compatible stand-in (real HTTP, the real ChatOpenAI client), the real index and embedding model."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from index.desk import Newsdesk
from index.settings import Settings
from index.store.embeddings import Embedder
from tests.bot_support import running_bot
from tests.openai_standin import OpenAIStandIn, Scripted
from tests.telegram_standin import TelegramStandin
from tests.test_llm import APPLES, BRIDGE, COST_QUESTION

READER_ID = 2002
# The model takes this long to write its answer: long enough for "typing" to need renewing, since
# Telegram clears it after 5 seconds and the bot renews it every 4.
THINKING_SECONDS = 9.0


@pytest.fixture
def model() -> Iterator[OpenAIStandIn]:
    with OpenAIStandIn() as server:
        yield server


@pytest.fixture
def llm_desk(settings: Settings, model: OpenAIStandIn, embedder: Embedder) -> Newsdesk:
    """Two synthetic articles ([1] the bridge, [2] apples), answered by the stand-in model; its timeout
    leaves room for the slow reply."""
    desk = Newsdesk(settings.model_copy(update={"llm_url": model.url, "llm_timeout": 60.0}), embedder)
    desk.add([BRIDGE, APPLES])
    return desk


async def test_typing_is_renewed_while_the_model_writes_and_the_answer_is_sent_once(
    standin: TelegramStandin, model: OpenAIStandIn, llm_desk: Newsdesk
) -> None:
    """While a slow model writes, the private chat shows "typing", sent again before Telegram clears it,
    until the answer is ready; then the validated, cited answer arrives as one message, never edited,
    and "typing" is not sent after it."""
    cited = "The repairs cost the city $42 million, officials said [1]."
    model.reply = Scripted(cited, delay=THINKING_SECONDS)
    async with running_bot(standin, llm_desk):
        reply = await standin.conversation(READER_ID).ask(COST_QUESTION)
    assert reply["text"].startswith("The repairs cost the city $42 million, officials said. [1]\n")
    assert "— Bay Courier, 14 Apr 2025" in reply["text"] and "Sources (1)" in str(reply["reply_markup"])
    [send] = standin.calls_to("sendMessage")
    typing = standin.calls_to("sendChatAction")
    assert len(typing) >= 2, "typing was shown once only, so Telegram cleared it during generation"
    assert all(c.params == {"chat_id": READER_ID, "action": "typing"} for c in typing)
    assert all(c.at < send.at for c in typing)
    assert standin.calls_to("editMessageText") == []
    assert len(model.requests) == 1
    assert standin.failures() == []
