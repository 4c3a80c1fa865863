"""What a message is before it is a search: small talk, a request for the latest news, a request for more,
a claim or a question; and the subject a follow-up carries over from the question before it.

Only whole short messages count as small talk ("thanks!", "hi there"), so a question that happens to start
with "hi" or mention "thanks" is still asked.
"""

from __future__ import annotations

import re
from enum import Enum

from telegram import Bot, Chat, Message, MessageEntity, Update

SMALL_TALK_CHARS = 60
_END = r"[\s!.,?😀-🙏👍👌🙌❤]*$"
GREETING = re.compile(
    r"^(hi|hello|hey|hiya|howdy|yo|greetings|good (morning|afternoon|evening|day))"
    r"(\s+(there|all|everyone|bot|folks))?" + _END,
    re.IGNORECASE,
)
THANKS = re.compile(
    r"^(thanks?|thank you|thx|ty|cheers|much appreciated|great,? thanks|ok,? thanks)"
    r"(\s+(a lot|so much|very much|again|mate|bot))?" + _END,
    re.IGNORECASE,
)
CHATTER = re.compile(
    r"^(lol|lmao|rofl|haha+|hehe+|ok(ay)?|k|cool|nice|great|wow|oh|ah|hm+|interesting|got it|i see|"
    r"good|sure|yes|no|yep|nope|wtf|omg|:\)|:\(|:d|[😀-🙏👍👌🙌❤]+)" + _END,
    re.IGNORECASE,
)
LATEST = re.compile(
    r"^((what'?s|what is|whats|any|anything)\s+)?(the\s+)?(latest|new|newest|fresh|happening)"
    r"(\s+(news|headlines|stories|articles))?(\s+(today|now))?"
    + _END
    + r"|^(news|headlines|latest news|top stories)"
    + _END,
    re.IGNORECASE,
)
MORE = re.compile(
    r"^(tell me more|more|go on|more please|details|more details|and\??|anything else|what else)" + _END,
    re.IGNORECASE,
)
# "is this true?" sent as a reply: it asks about the replied-to message, it is no question of its own.
VERIFY = re.compile(
    r"^((is|was) (this|that|it) (true|right|correct|accurate|real|so)|true|really|"
    r"fact[- ]?check( this| that)?|check( this| that)?|verify( this| that)?|source|sources|is that a fact)"
    + _END,
    re.IGNORECASE,
)
_QUESTION_START = re.compile(
    r"^(and |so |but |ok |okay )?(who|whom|whose|what|when|where|which|why|how|is|are|was|were|do|does|did|"
    r"has|have|had|can|could|will|would|should|shall|may|might)\b",
    re.IGNORECASE,
)
# A statement with a tag asking for confirmation ("Gas hit $6 a gallon… right?") is still a claim.
_TAG = re.compile(
    r"[\s,.…]*\b(right|true|correct|no|isn'?t it|is that (so|true|right)|didn'?t (it|they|he|she)|"
    r"is it|yes)\s*\?+\s*$",
    re.IGNORECASE,
)
_LEAD = re.compile(
    r"^(and |so |but |ok |okay )?"
    r"((who|whom|whose|what|when|where|which|why)\b|how( many| much| long| far)?\b)"
    r"(\s+(is|are|was|were|do|does|did|has|have|had|will|would|can|could|should))?\s*",
    re.IGNORECASE,
)
# Names and figures: capitalised words (not the first of the question), and words with digits.
_NAME_OR_FIGURE = re.compile(
    r"(?<!^)(?<![.?!]\s)\b[A-Z][\w’'&-]*(?:\s+[A-Z][\w’'&-]*)*|\b\w*\d[\w,.%$]*\w\b|\$\d+"
)


class Kind(Enum):
    GREETING = "greeting"
    THANKS = "thanks"
    CHATTER = "chatter"
    LATEST = "latest"
    MORE = "more"
    VERIFY = "verify"
    TEXT = "text"


_PATTERNS = (
    (Kind.GREETING, GREETING),
    (Kind.THANKS, THANKS),
    (Kind.LATEST, LATEST),
    (Kind.MORE, MORE),
    (Kind.VERIFY, VERIFY),
    (Kind.CHATTER, CHATTER),
)


def kind_of(text: str) -> Kind:
    """What a message is, by its whole text; anything longer than small talk is text."""
    text = " ".join(text.split())
    if len(text) > SMALL_TALK_CHARS:
        return Kind.TEXT
    for kind, pattern in _PATTERNS:
        if pattern.match(text):
            return kind
    return Kind.TEXT


def is_claim(text: str) -> bool:
    """A statement to check rather than a question to ask: no question word in front, and no question
    mark other than a tag asking for confirmation."""
    text = " ".join(text.split())
    untagged = _TAG.sub("", text)
    if _QUESTION_START.match(untagged):
        return False
    if untagged.rstrip().endswith("?"):
        return False
    return len(untagged.split()) >= 3


def asked_for(question: str) -> str:
    """What a question asks for: "date", "place", "person", "figure", "reason" or "" for anything else."""
    lowered = question.lower()
    for word, wanted in (
        ("when", "date"),
        ("what year", "date"),
        ("what date", "date"),
        ("how many", "figure"),
        ("how much", "figure"),
        ("where", "place"),
        ("who", "person"),
        ("why", "reason"),
    ):
        if re.search(rf"\b{word}\b", lowered):
            return wanted
    return ""


def subject_of(question: str) -> str:
    """What a follow-up carries over from the question before it: its names, figures and dates, or, when
    it has none, the question without its question words."""
    found = [m.group(0) for m in _NAME_OR_FIGURE.finditer(question.strip())]
    found = [f for f in found if not _QUESTION_START.fullmatch(f) and f.lower() not in {"i", "and"}]
    if found:
        return " ".join(dict.fromkeys(found))
    return _LEAD.sub("", question.strip()).rstrip("?!. ")


def with_subject(question: str, subject: str) -> str:
    """The follow-up as it is searched: its own words, then the subject it continues."""
    if not subject or subject.lower() in question.lower():
        return question
    return f"{question.rstrip()} ({subject})"


def command_argument(message: Message) -> str:
    """What follows the command that opens the message (/watch@botname too)."""
    text = message.text or ""
    command = message.entities[0] if message.entities else None
    return text[command.length :].strip() if command and command.offset == 0 else text.strip()


def argument_or_reply(message: Message) -> str:
    """What follows the command, or else the text of the message it replies to ("/check" sent as a
    reply checks that message)."""
    argument = command_argument(message)
    replied = message.reply_to_message
    if argument or replied is None:
        return argument
    return (replied.text or replied.caption or "").strip()


# Anonymous group admins write as this bot (with the group as `sender_chat`).
ANONYMOUS_ADMIN_ID = 1087968824


def replies_to_bot(message: Message, bot_id: int) -> bool:
    replied = message.reply_to_message
    return replied is not None and replied.from_user is not None and replied.from_user.id == bot_id


def mentions_bot(message: Message, username: str) -> bool:
    mention = f"@{username}".lower()
    found = message.parse_entities([MessageEntity.MENTION])
    return any(text.lower() == mention for text in found.values())


def addresses_bot(message: Message, bot: Bot) -> bool:
    """In a group: does this message speak to the bot? A reply to it, or a mention by whoever sends the
    message: a forwarded message's mention was its first author's, and other bots are not asked."""
    sender = message.from_user
    if sender is not None and sender.is_bot and sender.id != ANONYMOUS_ADMIN_ID:
        return False
    if replies_to_bot(message, bot.id):
        return True
    return message.forward_origin is None and mentions_bot(message, bot.username)


def speaks_to_bot(update: Update, bot: Bot) -> bool:
    """Is the update for the bot: a button pressed, a private message, or in a group a command to it, a
    reply to it or a mention of it? Edits, channel posts and group chatter are not."""
    if update.callback_query is not None:
        return True
    message = update.message
    if message is None:
        return False
    if message.chat.type == Chat.PRIVATE:
        return True
    words = (message.text or message.caption or "").split()  # a sticker or a photo has none
    first = words[0].lower() if words else ""
    to_this_bot = "@" not in first or first.endswith(f"@{bot.username.lower()}")
    return (first.startswith("/") and to_this_bot) or addresses_bot(message, bot)
