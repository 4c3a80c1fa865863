"""The bot's HTTP client for the Bot API (aiohttp under PTB's `BaseRequest`), against real local servers,
and its rate limiter.

Everything else about it is exercised by the bot's own tests, which all talk to the stand-in through it.
"""

from __future__ import annotations

import asyncio
import socket
from collections.abc import AsyncIterator, Awaitable, Callable

import pytest
from aiohttp import web
from telegram.error import NetworkError, TimedOut
from telegram.request import RequestData
from telegram.request._requestparameter import RequestParameter

from bot.telegram_http import AiohttpRequest, MessageRateLimiter


@pytest.fixture
async def request_client() -> AsyncIterator[AiohttpRequest]:
    client = AiohttpRequest(read_timeout=0.5)
    await client.initialize()
    yield client
    await client.shutdown()


async def serve(handler: Callable[[web.Request], Awaitable[web.Response]]) -> tuple[web.AppRunner, str]:
    app = web.Application()
    app.router.add_post("/method", handler)
    runner = web.AppRunner(app)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", 0).start()
    return runner, f"http://127.0.0.1:{runner.addresses[0][1]}/method"


async def test_parameters_arrive_as_telegram_reads_them(request_client: AiohttpRequest) -> None:
    """Parameters are sent as a JSON object (objects inside it JSON-encoded, as in a form), and the
    status and body come back."""
    received: dict[str, str] = {}

    async def record(request: web.Request) -> web.Response:
        assert request.content_type == "application/json"
        received.update(await request.json())
        return web.json_response({"ok": True, "result": True}, status=200)

    runner, url = await serve(record)
    try:
        parameters = {"chat_id": 42, "text": "a & b <i>", "reply_parameters": {"message_id": 7}}
        data = RequestData([RequestParameter.from_input(k, v) for k, v in parameters.items()])
        status, body = await request_client.do_request(url, "POST", data)
    finally:
        await runner.cleanup()
    assert (status, body) == (200, b'{"ok": true, "result": true}')
    assert received == {"chat_id": "42", "text": "a & b <i>", "reply_parameters": '{"message_id": 7}'}


async def test_a_network_error_never_quotes_the_bot_token(request_client: AiohttpRequest) -> None:
    """A malformed address (here no scheme) makes aiohttp quote the whole URL: the error told to logs
    and admins names the kind of failure, but the token in the URL's path is taken out."""
    with pytest.raises(NetworkError) as raised:
        await request_client.do_request("api.example.org/file/bot123:SECRET-x_y/documents/a.txt", "GET")
    assert "InvalidUrl" in raised.value.message
    assert "SECRET" not in raised.value.message
    assert "123:" not in raised.value.message


async def test_a_silent_server_times_out(request_client: AiohttpRequest) -> None:
    """A server that does not answer within the read timeout gives PTB's TimedOut, which PTB retries."""

    async def hang(request: web.Request) -> web.Response:
        await asyncio.sleep(1.5)
        return web.Response()

    runner, url = await serve(hang)
    try:
        with pytest.raises(TimedOut):
            await request_client.do_request(url, "POST")
    finally:
        await runner.cleanup()


async def test_an_unreachable_server_is_a_network_error(request_client: AiohttpRequest) -> None:
    """Nothing listening on the port: PTB's NetworkError, with aiohttp's reason in its message."""
    with socket.socket() as unused:
        unused.bind(("127.0.0.1", 0))
        port = unused.getsockname()[1]
    with pytest.raises(NetworkError, match=r"aiohttp\.ClientConnectorError"):
        await request_client.do_request(f"http://127.0.0.1:{port}/method", "POST")


async def test_typing_is_not_paced_like_messages() -> None:
    """With a budget of one message a minute, the second message waits; "typing" goes out at once,
    however often, and does not use up the budget."""
    limiter = MessageRateLimiter(overall_max_rate=1, overall_time_period=60)
    sent: list[str] = []

    async def post(endpoint: str, data: dict[str, int]) -> bool:
        sent.append(endpoint)
        return True

    async def send(endpoint: str) -> object:
        data = {"chat_id": 7}
        return await limiter.process_request(post, (endpoint, data), {}, endpoint, data, None)

    for _ in range(5):
        await asyncio.wait_for(send("sendChatAction"), timeout=5)
    await asyncio.wait_for(send("sendMessage"), timeout=5)
    with pytest.raises(TimeoutError):
        await asyncio.wait_for(send("sendMessage"), timeout=0.5)
    assert sent == ["sendChatAction"] * 5 + ["sendMessage"]
