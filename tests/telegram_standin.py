"""A Telegram Bot API stand-in: an HTTP server on 127.0.0.1 that behaves like api.telegram.org.

The bot under test talks to it through TELEGRAM_BASE_URL exactly as it talks to Telegram. Tests push
updates (a user's message, a button press), then wait for the calls the bot makes. Every call is
recorded with Telegram's verdict, and Telegram's rules are enforced: the token, known chats, empty text,
the 4096-character limit, Telegram's HTML subset and entities, "message is not modified", and 429
Too Many Requests with retry_after when a test asks for it. Inline queries are answered as Telegram takes
them: once per query, at most 50 results with unique ids of 1 to 64 bytes, each article with a title and a
message of 1 to 4096 characters in valid HTML.
"""

from __future__ import annotations

import asyncio
import contextlib
import inspect
import itertools
import json
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any, Self

from aiohttp import web

TOKEN = "123456789:TEST-token-for-the-stand-in_xyz"
BOT_ID = 123456789
BOT_USERNAME = "newsdesk_test_bot"
MESSAGE_LIMIT = 4096
# A callback query's answer (a toast or an alert) is at most 200 characters.
CALLBACK_ANSWER_LIMIT = 200
# answerInlineQuery: at most 50 results, result ids of 1 to 64 bytes; a query is at most 256 characters.
INLINE_RESULTS_LIMIT = 50
INLINE_ID_BYTES = 64
INLINE_QUERY_LIMIT = 256

Json = dict[str, Any]

_JSON_FIELDS = {
    "reply_parameters",
    "reply_markup",
    "link_preview_options",
    "commands",
    "entities",
    "allowed_updates",
    "scope",
    "results",
    "button",
}
_INT_FIELDS = {
    "chat_id", "message_id", "offset", "limit", "timeout", "user_id", "reply_to_message_id", "cache_time"
}  # fmt: skip
_TAGS = {
    "b", "strong", "i", "em", "u", "ins", "s", "strike", "del", "a", "code", "pre", "span",
    "tg-spoiler", "tg-emoji", "blockquote",
}  # fmt: skip
_ADMIN_RIGHTS = (
    "can_be_edited", "can_manage_chat", "can_delete_messages", "can_manage_video_chats",
    "can_restrict_members", "can_promote_members", "can_change_info", "can_invite_users",
    "can_post_stories", "can_edit_stories", "can_delete_stories",
)  # fmt: skip
_NAMED_ENTITIES = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}
_MENTION = re.compile(r"@\w+")
_COMMAND = re.compile(r"^/\w+(@\w+)?")


class ApiError(Exception):
    """A Bot API error response: HTTP status, description, optional parameters."""

    def __init__(self, status: int, description: str, parameters: Json | None = None) -> None:
        super().__init__(description)
        self.status = status
        self.description = description
        self.parameters = parameters


def utf16_length(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


class _TelegramHtml(HTMLParser):
    """Telegram's HTML subset: known tags only, properly nested; returns the visible text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.open: list[tuple[str, Json]] = []
        self.text: list[str] = []
        # Links and blockquotes as Telegram returns them in a message's entities.
        self.entities: list[Json] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in _TAGS:
            raise ApiError(400, f'Bad Request: can\'t parse entities: Unsupported start tag "{tag}"')
        href = next((value for name, value in attrs if name == "href"), None)
        if tag == "a" and not href:
            raise ApiError(400, "Bad Request: can't parse entities: <a> without href")
        if tag == "blockquote" and any(name == "blockquote" for name, _ in self.open):
            raise ApiError(400, "Bad Request: can't parse entities: nested blockquotes")
        entity: Json = {"offset": utf16_length("".join(self.text))}
        if tag == "a":
            entity.update(type="text_link", url=href)
        elif tag == "blockquote":
            expandable = any(name == "expandable" for name, _ in attrs)
            entity["type"] = "expandable_blockquote" if expandable else "blockquote"
        self.open.append((tag, entity))

    def handle_endtag(self, tag: str) -> None:
        if not self.open or self.open[-1][0] != tag:
            raise ApiError(400, f'Bad Request: can\'t parse entities: Unexpected end tag "{tag}"')
        _, entity = self.open.pop()
        if "type" in entity:
            entity["length"] = utf16_length("".join(self.text)) - entity["offset"]
            self.entities.append(entity)

    def handle_data(self, data: str) -> None:
        if any(symbol in data for symbol in "<>&"):
            raise ApiError(400, "Bad Request: can't parse entities: unescaped <, > or &")
        self.text.append(data)

    def handle_entityref(self, name: str) -> None:
        if name not in _NAMED_ENTITIES:
            raise ApiError(400, f'Bad Request: can\'t parse entities: Unsupported HTML entity "&{name};"')
        self.text.append(_NAMED_ENTITIES[name])

    def handle_charref(self, name: str) -> None:
        number = int(name[1:], 16) if name.lower().startswith("x") else int(name)
        self.text.append(chr(number))

    def unknown_decl(self, data: str) -> None:
        raise ApiError(400, "Bad Request: can't parse entities: unsupported declaration")

    def handle_decl(self, decl: str) -> None:
        self.unknown_decl(decl)

    def handle_comment(self, data: str) -> None:
        self.unknown_decl(data)

    def handle_pi(self, data: str) -> None:
        self.unknown_decl(data)


def visible_text(text: str, parse_mode: str | None) -> str:
    """What the user would see: the text with Telegram's HTML parsed, or the text itself."""
    return parsed(text, parse_mode)[0]


def parsed(text: str, parse_mode: str | None) -> tuple[str, list[Json]]:
    """The visible text and its link and blockquote entities, as Telegram parses a message."""
    if not parse_mode:
        return text, []
    if parse_mode.upper() != "HTML":
        raise ApiError(400, f"Bad Request: unsupported parse_mode {parse_mode}")
    parser = _TelegramHtml()
    parser.feed(text)
    parser.close()
    if parser.open:
        raise ApiError(400, f"Bad Request: can't parse entities: Can't find end tag \"{parser.open[-1][0]}\"")
    if parser.rawdata:  # an unfinished "<..." left in the buffer
        raise ApiError(400, "Bad Request: can't parse entities: unfinished tag")
    return "".join(parser.text), sorted(parser.entities, key=lambda e: e["offset"])


@dataclass
class Call:
    """One request the bot made, in order of arrival, and what the stand-in answered (status 0: pending)."""

    method: str
    params: Json
    ok: bool = False
    result: Any = None
    error: str = ""
    status: int = 0
    at: float = field(default_factory=time.monotonic)


class TelegramStandin:
    """The Bot API, enough of it for Newsdesk, with Telegram's validation."""

    def __init__(self, token: str = TOKEN, username: str = BOT_USERNAME) -> None:
        self.token = token
        self.bot_user: Json = {"id": BOT_ID, "is_bot": True, "first_name": "Newsdesk", "username": username}
        self.calls: list[Call] = []
        self.chats: dict[int, Json] = {}
        self.messages: dict[tuple[int, int], Json] = {}
        # The bot's replies by the (chat, message) they answer: waiting tests look them up often.
        self._replies: dict[tuple[int, int], list[Json]] = {}
        # Who waits for a reply to which message: woken by that reply alone, not by every call (with a
        # load benchmark's 20 users waiting, each call woke all of them).
        self._reply_waiters: dict[tuple[int, int], list[asyncio.Future[None]]] = {}
        self.updates: list[Json] = []
        self.confirmed_offset = 0
        self.chat_members: dict[tuple[int, int], str] = {}
        # Inline queries by id: None until the bot answers, then its answerInlineQuery parameters.
        self.inline_answers: dict[str, Json | None] = {}
        self._update_ids = itertools.count(1)
        self._message_ids: dict[int, itertools.count[int]] = {}
        self._throttles: dict[str, list[int]] = {}
        self._changed = asyncio.Condition()
        self._update_pushed = asyncio.Event()
        self._runner: web.AppRunner | None = None
        self.port = 0

    # -- server ------------------------------------------------------------------------------------

    async def start(self) -> None:
        app = web.Application()
        app.router.add_route("*", "/bot{token}/{method}", self._handle)
        self._runner = web.AppRunner(app, access_log=None, handler_cancellation=True)
        await self._runner.setup()
        await web.TCPSite(self._runner, "127.0.0.1", 0).start()
        self.port = self._runner.addresses[0][1]

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()

    async def __aenter__(self) -> Self:
        await self.start()
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.stop()

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/bot"

    async def _handle(self, request: web.Request) -> web.Response:
        params = decode_params(await request_body(request))
        params.update(decode_params(dict(request.query)))
        call = Call(request.match_info["method"], params)
        async with self._changed:
            self.calls.append(call)
            self._changed.notify_all()
        try:
            if request.match_info["token"] != self.token:
                raise ApiError(401, "Unauthorized")
            self._throttle(call.method)
            call.result = await self._dispatch(call.method, params)
        except ApiError as error:
            await self._settle(call, error.status, error.description)
            body: Json = {"ok": False, "error_code": error.status, "description": error.description}
            if error.parameters:
                body["parameters"] = error.parameters
            return web.json_response(body, status=error.status)
        await self._settle(call, 200, "")
        return web.json_response({"ok": True, "result": call.result})

    async def _settle(self, call: Call, status: int, error: str) -> None:
        async with self._changed:
            call.status, call.ok, call.error = status, status == 200, error
            self._changed.notify_all()

    def _throttle(self, method: str) -> None:
        pending = self._throttles.get(method)
        if pending:
            retry_after = pending.pop(0)
            raise ApiError(429, f"Too Many Requests: retry after {retry_after}", {"retry_after": retry_after})

    async def _dispatch(self, method: str, params: Json) -> Any:
        handler: Callable[[Json], Any] | None = getattr(self, f"api_{method.lower()}", None)
        if handler is None:
            raise ApiError(404, "Not Found")
        result = handler(params)
        return await result if inspect.isawaitable(result) else result

    # -- Bot API methods ---------------------------------------------------------------------------

    def api_getme(self, params: Json) -> Json:
        return self.bot_user

    def api_deletewebhook(self, params: Json) -> bool:
        return True

    def api_setmycommands(self, params: Json) -> bool:
        for command in params.get("commands", []):
            if not re.fullmatch(r"[a-z0-9_]{1,32}", command["command"]) or not command["description"]:
                raise ApiError(400, "Bad Request: BOT_COMMAND_INVALID")
        scope = params.get("scope") or {}
        if "chat_id" in scope:
            self._chat(scope["chat_id"])
        return True

    def api_close(self, params: Json) -> bool:
        return True

    async def api_getupdates(self, params: Json) -> list[Json]:
        offset = int(params.get("offset") or 0)
        limit = int(params.get("limit") or 100)
        timeout = float(params.get("timeout") or 0)
        async with self._changed:
            self.confirmed_offset = max(self.confirmed_offset, offset)
            self.updates = [u for u in self.updates if u["update_id"] >= offset]
            self._changed.notify_all()
        if not self.updates:
            # Woken by a new update alone: with 20 users asking, every call used to wake this poll.
            self._update_pushed.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._update_pushed.wait(), timeout)
        return self.updates[:limit]

    def api_sendchataction(self, params: Json) -> bool:
        self._chat(params.get("chat_id"))
        return True

    def api_sendmessage(self, params: Json) -> Json:
        chat = self._chat(params.get("chat_id"))
        text = self._checked_text(params)
        self._check_markup(params)
        reply_to = self._reply_target(chat["id"], params)
        message = self._new_message(chat, self.bot_user, text)
        if reply_to is not None:
            message["reply_to_message"] = reply_to
            answered = (chat["id"], reply_to["message_id"])
            self._replies.setdefault(answered, []).append(message)
            for waiter in self._reply_waiters.pop(answered, []):
                if not waiter.done():
                    waiter.set_result(None)
        if params.get("reply_markup"):
            message["reply_markup"] = params["reply_markup"]
        message["html"] = params.get("text")
        self._set_entities(message, params)
        return self._public(message)

    def api_editmessagetext(self, params: Json) -> Json:
        chat = self._chat(params.get("chat_id"))
        message = self.messages.get((chat["id"], int(params.get("message_id") or 0)))
        if message is None:
            raise ApiError(400, "Bad Request: message to edit not found")
        text = self._checked_text(params)
        self._check_markup(params)
        markup = params.get("reply_markup")
        if (
            text == message["text"]
            and params.get("text") == message.get("html")
            and markup == message.get("reply_markup")
        ):
            raise ApiError(
                400,
                "Bad Request: message is not modified: specified new message content and reply markup "
                "are exactly the same as a current content and reply markup of the message",
            )
        message.update(text=text, html=params.get("text"), edit_date=int(time.time()))
        message.pop("reply_markup", None)
        if markup:
            message["reply_markup"] = markup
        self._set_entities(message, params)
        return self._public(message)

    def api_answercallbackquery(self, params: Json) -> bool:
        if not params.get("callback_query_id"):
            raise ApiError(400, "Bad Request: query is too old and response timeout expired")
        if len(str(params.get("text") or "")) > CALLBACK_ANSWER_LIMIT:
            raise ApiError(400, "Bad Request: MESSAGE_TOO_LONG")
        return True

    def api_answerinlinequery(self, params: Json) -> bool:
        query_id = str(params.get("inline_query_id") or "")
        if query_id not in self.inline_answers or self.inline_answers[query_id] is not None:
            raise ApiError(
                400, "Bad Request: query is too old and response timeout expired or query ID is invalid"
            )
        results = params.get("results") or []
        if len(results) > INLINE_RESULTS_LIMIT:
            raise ApiError(400, "Bad Request: RESULTS_TOO_MUCH")
        ids = [str(r.get("id") or "") for r in results]
        if any(not 1 <= len(i.encode()) <= INLINE_ID_BYTES for i in ids):
            raise ApiError(400, "Bad Request: RESULT_ID_INVALID")
        if len(set(ids)) != len(ids):
            raise ApiError(400, "Bad Request: RESULT_ID_DUPLICATE")
        for result in results:
            self._check_inline_result(result)
        if int(params.get("cache_time") or 0) < 0:
            raise ApiError(400, "Bad Request: CACHE_TIME_INVALID")
        self.inline_answers[query_id] = params
        return True

    def _check_inline_result(self, result: Json) -> None:
        """An article result: a title, a message Telegram can post, and valid buttons."""
        if result.get("type") != "article":
            raise ApiError(400, "Bad Request: RESULT_TYPE_INVALID")
        if not str(result.get("title") or "").strip():
            raise ApiError(400, "Bad Request: RESULT_TITLE_EMPTY")
        content = result.get("input_message_content") or {}
        try:
            self._checked_text({"text": content.get("message_text"), "parse_mode": content.get("parse_mode")})
        except ApiError as error:
            raise ApiError(400, error.description.replace("message text is empty", "MESSAGE_EMPTY")) from None
        self._check_markup(result)

    def api_getchatmember(self, params: Json) -> Json:
        chat = self._chat(params.get("chat_id"))
        user_id = int(params.get("user_id") or 0)
        status = self.chat_members.get((chat["id"], user_id), "member")
        member: Json = {
            "status": status,
            "user": {"id": user_id, "is_bot": False, "first_name": f"user{user_id}"},
        }
        if status in {"administrator", "creator"}:
            member["is_anonymous"] = False
        if status == "administrator":  # the rights Telegram lists for an administrator
            member.update(dict.fromkeys(_ADMIN_RIGHTS, False), can_manage_chat=True, can_delete_messages=True)
        return member

    # -- validation --------------------------------------------------------------------------------

    def _chat(self, chat_id: object) -> Json:
        try:
            return self.chats[int(str(chat_id))]
        except (KeyError, ValueError):
            raise ApiError(400, "Bad Request: chat not found") from None

    @staticmethod
    def _check_markup(params: Json) -> None:
        """Inline buttons as Telegram takes them: a text, and callback data of 1 to 64 bytes."""
        for row in (params.get("reply_markup") or {}).get("inline_keyboard", []):
            for button in row:
                data = button.get("callback_data")
                if not button.get("text") or (data is not None and not 1 <= len(data.encode()) <= 64):
                    raise ApiError(400, "Bad Request: BUTTON_DATA_INVALID")

    @staticmethod
    def _set_entities(message: Json, params: Json) -> None:
        message.pop("entities", None)
        entities = parsed(str(params.get("text") or ""), params.get("parse_mode"))[1]
        if entities:
            message["entities"] = entities

    @staticmethod
    def _checked_text(params: Json) -> str:
        text = visible_text(str(params.get("text") or ""), params.get("parse_mode"))
        if not text.strip():
            raise ApiError(400, "Bad Request: message text is empty")
        if utf16_length(text) > MESSAGE_LIMIT:
            raise ApiError(400, "Bad Request: message is too long")
        return text

    def _reply_target(self, chat_id: int, params: Json) -> Json | None:
        reply = params.get("reply_parameters") or {}
        message_id = reply.get("message_id") or params.get("reply_to_message_id")
        if not message_id:
            return None
        target = self.messages.get((chat_id, int(message_id)))
        if target is None and not reply.get("allow_sending_without_reply"):
            raise ApiError(400, "Bad Request: message to be replied not found")
        return self._public(target) if target else None

    # -- what tests do -----------------------------------------------------------------------------

    def private_chat(self, user_id: int, first_name: str = "Reader") -> tuple[Json, Json]:
        """A private chat with a user: (chat, user)."""
        user = {"id": user_id, "is_bot": False, "first_name": first_name}
        chat = {"id": user_id, "type": "private", "first_name": first_name}
        self.chats[user_id] = chat
        return chat, user

    def conversation(self, user_id: int, first_name: str = "Reader") -> Conversation:
        """A user's private chat with the bot, to send messages and wait for the answers."""
        return Conversation(self, *self.private_chat(user_id, first_name))

    def group_chat(self, chat_id: int, title: str = "Newsroom") -> Json:
        chat = {"id": chat_id, "type": "supergroup", "title": title}
        self.chats[chat_id] = chat
        return chat

    def user(self, user_id: int, first_name: str = "Reader") -> Json:
        return {"id": user_id, "is_bot": False, "first_name": first_name}

    def send(
        self,
        chat: Json,
        user: Json,
        text: str,
        reply_to: Json | None = None,
        forwarded_from: Json | None = None,
    ) -> Json:
        """A user sends a text message (or forwards one `forwarded_from` another user wrote); entities for
        commands and @mentions as Telegram sets them."""
        message = self._new_message(chat, user, text)
        if forwarded_from is not None:
            message["forward_origin"] = {
                "type": "user",
                "date": message["date"],
                "sender_user": forwarded_from,
            }
        entities: list[Json] = [
            {"type": "mention", "offset": utf16_length(text[: m.start()]), "length": utf16_length(m[0])}
            for m in _MENTION.finditer(text)
        ]
        command = _COMMAND.match(text)
        if command:
            command_length = utf16_length(command[0])
            entities = [e for e in entities if e["offset"] >= command_length]
            entities.insert(0, {"type": "bot_command", "offset": 0, "length": command_length})
        if entities:
            message["entities"] = entities
        if reply_to is not None:
            message["reply_to_message"] = self._public(reply_to)
        self.push({"message": self._public(message)})
        return message

    def send_photo(self, chat: Json, user: Json, caption: str) -> Json:
        """A user sends a photo with a caption (without caption entities: no test's caption needs them)."""
        message = self._new_message(chat, user, None)
        del message["text"]
        message["caption"] = caption
        message["photo"] = [
            {"file_id": "photo-file", "file_unique_id": "photo-unique", "width": 8, "height": 8}
        ]
        self.push({"message": self._public(message)})
        return message

    def send_sticker(self, chat: Json, user: Json) -> Json:
        message = self._new_message(chat, user, None)
        del message["text"]
        message["sticker"] = {
            "file_id": "sticker-file", "file_unique_id": "sticker-unique", "type": "regular",
            "width": 512, "height": 512, "is_animated": False, "is_video": False,
        }  # fmt: skip
        self.push({"message": self._public(message)})
        return message

    def press(self, chat: Json, user: Json, message: Json, data: str) -> str:
        """A user taps an inline button under one of the bot's messages; returns the query id."""
        query_id = f"query-{next(self._update_ids)}"
        # The button is under the message as it is now, after any edits.
        current = self.messages.get((chat["id"], message["message_id"]), message)
        query = {
            "id": query_id,
            "from": user,
            "chat_instance": f"instance-{chat['id']}",
            "message": self._public(current),
            "data": data,
        }
        self.push({"callback_query": query})
        return query_id

    def inline_query(self, user: Json, query: str) -> str:
        """A user types `@bot query` in some chat; returns the query's id."""
        query_id = f"inline-{next(self._update_ids)}"
        self.inline_answers[query_id] = None
        inline = {
            "id": query_id,
            "from": user,
            "query": query[:INLINE_QUERY_LIMIT],
            "offset": "",
            "chat_type": "sender",
        }
        self.push({"inline_query": inline})
        return query_id

    async def inline_answer(self, query_id: str, timeout: float = 120) -> Json:
        """The bot's answerInlineQuery parameters for the query, once it has answered."""
        await self.wait_for(lambda _: self.inline_answers.get(query_id) is not None, timeout)
        answered = self.inline_answers[query_id]
        assert answered is not None
        return answered

    def choose(self, chat: Json, user: Json, result: Json) -> Json:
        """The user picks a result card: Telegram posts its message in the chat, via the bot."""
        content = result["input_message_content"]
        params = {"text": content["message_text"], "parse_mode": content.get("parse_mode")}
        message = self._new_message(chat, user, self._checked_text(params))
        message["via_bot"] = self.bot_user
        message["html"] = content["message_text"]
        if result.get("reply_markup"):
            message["reply_markup"] = result["reply_markup"]
        self._set_entities(message, params)
        return self._public(message)

    def push(self, update: Json) -> None:
        update["update_id"] = next(self._update_ids)
        self.updates.append(update)
        self._update_pushed.set()

    def throttle(self, method: str, times: int, retry_after: int = 1) -> None:
        """The next `times` calls of `method` get 429 Too Many Requests with this retry_after."""
        self._throttles.setdefault(method, []).extend([retry_after] * times)

    async def wait_for(self, predicate: Callable[[list[Call]], bool], timeout: float = 120) -> None:
        """Wait until the recorded calls satisfy `predicate` (a generous timeout guards against hangs)."""
        async with self._changed:
            await asyncio.wait_for(self._changed.wait_for(lambda: predicate(self.calls)), timeout)

    async def replies(self, message: Json, count: int = 1, timeout: float = 120) -> list[Json]:
        """The bot's messages replying to `message`, once there are `count` of them."""
        answered = (message["chat"]["id"], message["message_id"])

        async def enough() -> None:
            while len(self._replies.get(answered, [])) < count:
                waiter = asyncio.get_running_loop().create_future()
                self._reply_waiters.setdefault(answered, []).append(waiter)
                await waiter

        await asyncio.wait_for(enough(), timeout)
        return self.replies_now(message)

    async def reply(self, message: Json, timeout: float = 120) -> Json:
        """The bot's (first) reply to `message`."""
        return (await self.replies(message, 1, timeout))[0]

    def replies_now(self, message: Json) -> list[Json]:
        return list(self._replies.get((message["chat"]["id"], message["message_id"]), []))

    def sent(self, chat_id: int) -> list[Json]:
        """Messages the bot sent to a chat, in order (as stored, with their current text)."""
        return [
            self.messages[(chat_id, c.result["message_id"])]
            for c in self.calls
            if c.ok and c.method == "sendMessage" and c.result["chat"]["id"] == chat_id
        ]

    def calls_to(self, method: str) -> list[Call]:
        return [c for c in self.calls if c.method == method]

    def failures(self) -> list[Call]:
        """Calls Telegram refused, other than the 429s a test asked for."""
        return [c for c in self.calls if not c.ok and c.status not in {0, 429}]

    async def processed(self, timeout: float = 120) -> None:
        """Wait until the bot has fetched and confirmed every update pushed so far."""
        last = max((u["update_id"] for u in self.updates), default=0)
        await self.wait_for(lambda _: self.confirmed_offset > last, timeout)

    # -- helpers -----------------------------------------------------------------------------------

    def _new_message(self, chat: Json, sender: Json, text: str | None) -> Json:
        counter = self._message_ids.setdefault(chat["id"], itertools.count(1))
        message: Json = {
            "message_id": next(counter),
            "date": int(time.time()),
            "chat": chat,
            "from": sender,
            "text": text,
        }
        self.messages[(chat["id"], message["message_id"])] = message
        return message

    @staticmethod
    def _public(message: Json) -> Json:
        """The message as the Bot API returns it (without the stand-in's own bookkeeping)."""
        return {k: v for k, v in message.items() if k != "html"}


@dataclass
class Conversation:
    """One user in one chat with the bot."""

    standin: TelegramStandin
    chat: Json
    user: Json

    async def ask(self, text: str, timeout: float = 120) -> Json:
        """Send `text` and return the bot's (first) reply to it."""
        return await self.standin.reply(self.standin.send(self.chat, self.user, text), timeout)


async def request_body(request: web.Request) -> dict[str, Any]:
    """A call's parameters, sent as Telegram takes them: a JSON object or a form."""
    if not request.can_read_body:
        return {}
    if request.content_type == "application/json":
        body = await request.json()
        return body if isinstance(body, dict) else {}
    return dict(await request.post())


def decode_params(raw: dict[str, Any]) -> Json:
    """Fields as Telegram reads them: as PTB sends them (JSON text for objects and lists, strings for the
    rest, in a form or a JSON object), or as a JSON object's own numbers, booleans, objects and lists."""
    params: Json = {}
    for name, value in raw.items():
        if isinstance(value, web.FileField):
            continue  # uploaded files: not needed by these tests
        if not isinstance(value, str):
            params[name] = value
        elif name in _JSON_FIELDS:
            params[name] = json.loads(value)
        elif name in _INT_FIELDS and re.fullmatch(r"-?\d+", value):
            params[name] = int(value)
        elif name not in {"text", "data"} and value in {"true", "false"}:
            params[name] = value == "true"
        else:
            params[name] = value
    return params
