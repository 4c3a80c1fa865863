"""How the bot talks to the Bot API: PTB's requests sent with aiohttp instead of httpx, paced by PTB's
rate limiter except for "typing".

Under load every CPU millisecond the bot spends outside the library is taken from the questions it is
answering. A question makes three calls (getUpdates, sendChatAction, sendMessage); with aiohttp the bot
process spent 3.3-4.9 ms less CPU per question than with httpx, in the same runs of
benchmarks/bot_load.py.
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from typing import Any

import aiohttp
from telegram._utils.defaultvalue import DefaultValue
from telegram._utils.types import JSONDict, ODVInput
from telegram.error import NetworkError, TimedOut
from telegram.ext import AIORateLimiter
from telegram.request import BaseRequest, RequestData

# PTB's own defaults for its httpx client (seconds), and its connection pool for the bot's calls.
READ_TIMEOUT = 5.0
WRITE_TIMEOUT = 5.0
CONNECT_TIMEOUT = 5.0
POOL_TIMEOUT = 1.0
CONNECTIONS = 256
JSON_HEADERS = {"Content-Type": "application/json"}


class AiohttpRequest(BaseRequest):
    """A `BaseRequest` on one aiohttp session, opened by `initialize` and closed by `shutdown`."""

    def __init__(self, connections: int = CONNECTIONS, read_timeout: float = READ_TIMEOUT) -> None:
        self.connections = connections
        self._read_timeout = read_timeout
        self._session: aiohttp.ClientSession | None = None

    @property
    def read_timeout(self) -> float:
        return self._read_timeout

    async def initialize(self) -> None:
        if self._session is None or self._session.closed:
            connector = aiohttp.TCPConnector(limit=self.connections)
            headers = {"User-Agent": self.USER_AGENT}
            self._session = aiohttp.ClientSession(connector=connector, headers=headers)

    async def shutdown(self) -> None:
        if self._session is not None:
            await self._session.close()
            self._session = None

    async def do_request(  # noqa: PLR0917 (BaseRequest's signature)
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        write_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        connect_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        pool_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
    ) -> tuple[int, bytes]:
        if self._session is None or self._session.closed:
            raise RuntimeError("This AiohttpRequest is not initialized")
        read = chosen(read_timeout, self._read_timeout)
        timeout = aiohttp.ClientTimeout(
            # aiohttp waits for a pooled connection and for connecting within one timeout.
            connect=added(chosen(pool_timeout, POOL_TIMEOUT), chosen(connect_timeout, CONNECT_TIMEOUT)),
            sock_read=read,
            # Writing a request and reading its reply share aiohttp's total timeout.
            total=added(chosen(write_timeout, WRITE_TIMEOUT), read),
        )
        try:
            async with self._session.request(
                method, url, data=json_body(request_data), headers=JSON_HEADERS, timeout=timeout
            ) as response:
                return response.status, await response.read()
        except TimeoutError as error:
            raise TimedOut from error
        except aiohttp.ClientError as error:
            told = without_token(str(error), url)
            raise NetworkError(f"aiohttp.{type(error).__name__}: {told}") from error


def without_token(text: str, url: str) -> str:
    """The text with the bot token taken out: aiohttp's errors may quote the URL, whose path holds the
    token (".../bot123:ABC/getMe"), and their text reaches logs and admins' chats."""
    for part in url.split("/"):
        if ":" in part and "." not in part:  # the token's segment, not a "host:port"
            text = text.replace(part, "<token>")
    return text


def chosen(timeout: ODVInput[float], default: float) -> float | None:
    """The timeout given for one call, else the default; None waits for ever."""
    return default if isinstance(timeout, DefaultValue) else timeout


def added(first: float | None, second: float | None) -> float | None:
    return None if first is None or second is None else first + second


def json_body(request_data: RequestData | None) -> bytes | None:
    """The call's parameters as a JSON object, which the Bot API takes as it takes a form. Not a form:
    urlencode quotes an answer's text byte by byte in Python (0.064 ms for 1,800 characters, json.dumps
    0.005 ms), and aiohttp's form builder drew a multipart boundary from os.urandom for every call."""
    if request_data is None:
        return None
    if request_data.contains_files:
        raise NetworkError("Newsdesk's bot does not upload files")
    return request_data.json_payload


class MessageRateLimiter(AIORateLimiter):
    """PTB's rate limiter (about 30 messages a second overall, 20 a minute per group, a 429 retried after
    its retry_after) for every call but "typing".

    Telegram's published limits are on messages. Counted like one, "typing" took half the budget: 20
    users asking without pause got 15 answers a second, where the library answers 25
    (benchmarks/bot_load.py --slices 1). "typing" is a courtesy whose failure is ignored anyway.
    """

    async def process_request(  # noqa: PLR0917 (BaseRateLimiter's signature)
        self,
        callback: Callable[..., Coroutine[Any, Any, bool | JSONDict | list[JSONDict]]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: int | None,
    ) -> bool | JSONDict | list[JSONDict]:
        if endpoint == "sendChatAction":
            return await callback(*args, **kwargs)
        return await super().process_request(callback, args, kwargs, endpoint, data, rate_limit_args)
