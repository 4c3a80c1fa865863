"""An answer as one phone-sized Telegram message, in three views its buttons switch between.

- answer: the short answer in bold, then the answering sentence (and one more when it fits) with each
  [n] linked to its article, and the outlet and date under it: about HEAD_VISIBLE_CHARS at most;
- more: the same, then the further quotes in an expandable blockquote (Telegram shows its first lines);
- sources: the numbered sources, each linked, with outlet, date and where copies also ran.

Article text is always escaped; only the tags written here reach Telegram.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.formatting import (
    MESSAGE_LIMIT,
    escape,
    format_text_html,
    link,
    shorten,
    source_line,
    telegram_length,
    when,
)
from index import UNSURE_NOTE, Answer, Source, without_as_of_line

# The default view stays under this many visible characters: a phone screen, not a scroll.
HEAD_VISIBLE_CHARS = 500
SHORT_ANSWER_CHARS = 120
ANSWER_CALLBACK = "ans:"
# A cited sentence: text up to its [n] markers ("… in June. [1]", "… [1][2]").
_CITED = re.compile(r"\S.*?\[\d+\](?:[\s,]*\[\d+\])*", re.DOTALL)
_MARKER = re.compile(r"\[(\d+)\]")


class View(Enum):
    ANSWER = "a"
    MORE = "m"
    SOURCES = "s"


class Action(Enum):
    """What a button under an answer does; its value is the callback data after ANSWER_CALLBACK."""

    ANSWER = "a"
    MORE = "m"
    SOURCES = "s"
    CHECK = "c"
    UP = "up"
    DOWN = "down"


@dataclass(frozen=True)
class Parts:
    """The answer's text cut for a phone: what is shown at once, and what More adds."""

    head: list[str]
    rest: list[str]


def cited_sentences(text: str) -> list[str]:
    """The answer text as cited sentences, paragraph by paragraph; a paragraph that does not end in a
    marker (a note on differing reports) stays one piece."""
    pieces: list[str] = []
    for written in re.split(r"\n\s*\n", text.strip()):
        paragraph = " ".join(written.split())
        if paragraph.endswith("]"):
            pieces.extend(_CITED.findall(paragraph))
        elif paragraph:
            pieces.append(paragraph)
    return pieces


def head_budget(answer: Answer) -> int:
    """Characters the head's sentences may take beside the short answer line (cut as it is shown) or
    the note that the quote may not answer."""
    above = len(UNSURE_NOTE) if answer.unsure else len(shorten(answer.short or "", SHORT_ANSWER_CHARS))
    return max(HEAD_VISIBLE_CHARS - above, HEAD_VISIBLE_CHARS // 2)


def split_answer(answer: Answer) -> Parts:
    """The first sentence, and the next while the head stays phone-sized; the rest and `more` after."""
    # Each source line shows its date: the answer's closing "newest report" line would say it twice.
    sentences = cited_sentences(without_as_of_line(answer.text))
    budget = head_budget(answer)
    head = sentences[:1]
    if len(sentences) > 1 and sum(len(s) for s in sentences[:2]) < budget:
        head = sentences[:2]
    rest = sentences[len(head) :] + cited_sentences(answer.more)
    return Parts(head, rest)


def has_more(answer: Answer) -> bool:
    return not answer.abstained and bool(split_answer(answer).rest)


def linked_markers(text: str, sources: dict[int, Source]) -> str:
    """Escaped text whose [n] markers are links to the cited articles (those with a web address)."""
    shown: list[str] = []
    last = 0
    for marker in _MARKER.finditer(text):
        shown.append(escape(text[last : marker.start()]))
        source = sources.get(int(marker.group(1)))
        shown.append(link(source.url, marker.group(0)) if source else escape(marker.group(0)))
        last = marker.end()
    shown.append(escape(text[last:]))
    return "".join(shown)


def attribution(sentences: list[str], sources: dict[int, Source]) -> str:
    """Outlet and date of the articles the shown sentences cite: "— Reuters, 2 Nov 2022"."""
    numbers = list(dict.fromkeys(int(n) for s in sentences for n in _MARKER.findall(s)))
    cited = [sources[n] for n in numbers if n in sources]
    if not cited:
        return ""
    named = [f"{shorten(s.source or 'unknown source', 60)}, {when(s.published)}" for s in cited]
    if len(cited) == 1:
        return f"— {escape(named[0])}"
    return "— " + "; ".join(f"[{s.number}] {escape(n)}" for s, n in zip(cited, named, strict=True))


def head_html(answer: Answer, head: list[str]) -> str:
    sources = {s.number: s for s in answer.sources}
    budget = head_budget(answer)
    lines = [f"<i>{escape(UNSURE_NOTE)}</i>"] if answer.unsure else []
    if answer.short:
        first = _MARKER.search(head[0]) if head else None
        cite = f" {linked_markers(first.group(0), sources)}" if first else ""
        lines.append(f"<b>{escape(shorten(answer.short, SHORT_ANSWER_CHARS))}</b>{cite}")
    body = " ".join(head)
    if len(body) > budget:  # one very long sentence: cut, keeping its markers
        markers = " ".join(_MARKER.findall(body))
        body = shorten(_MARKER.sub("", body), budget) + " " + " ".join(f"[{n}]" for n in markers.split())
    lines.append(linked_markers(body, sources))
    told = attribution(head, sources)
    if told:
        lines.append(f"<i>{told}</i>")
    return "\n".join(lines)


def render(answer: Answer, view: View) -> str:
    """The message text of one view, always under Telegram's limit."""
    if answer.abstained:  # only an absurdly long title could make it longer than one message
        return format_text_html(answer.text)[0]
    if view is View.SOURCES:
        return sources_html(answer)
    parts = split_answer(answer)
    head = head_html(answer, parts.head)
    if view is View.ANSWER or not parts.rest:
        return head
    sources = {s.number: s for s in answer.sources}
    room = MESSAGE_LIMIT - telegram_length(head) - 50
    quoted: list[str] = []
    for sentence in parts.rest:
        piece = linked_markers(sentence, sources)
        if telegram_length("\n".join([*quoted, piece])) > room:
            break
        quoted.append(piece)
    return f"{head}\n<blockquote expandable>{chr(10).join(quoted)}</blockquote>" if quoted else head


def sources_html(answer: Answer) -> str:
    """The sources view: every cited article that fits, then how many more there are."""
    lines = ["<b>Sources</b>"]
    for number, source in enumerate(answer.sources):
        line = source_line(source)
        left = len(answer.sources) - number
        if telegram_length("\n".join([*lines, line])) > MESSAGE_LIMIT - 40:
            lines.append(escape(f"…and {left} more"))
            break
        lines.append(line)
    return "\n".join(lines)


def keyboard(answer: Answer, view: View, can_check: bool) -> InlineKeyboardMarkup:
    """Sources (n) / More on the first row (each turning into the way back), Check this and 👍 👎 below."""
    first: list[InlineKeyboardButton] = []
    if answer.sources:
        sources = (
            ("‹ Answer", Action.ANSWER)
            if view is View.SOURCES
            else (f"Sources ({len(answer.sources)})", Action.SOURCES)
        )
        first.append(button(*sources))
    if has_more(answer):
        first.append(button(*(("Less", Action.ANSWER) if view is View.MORE else ("More", Action.MORE))))
    second = [button("Check this", Action.CHECK)] if can_check else []
    second += [button("👍", Action.UP), button("👎", Action.DOWN)]
    return InlineKeyboardMarkup([row for row in (first, second) if row])


def button(text: str, action: Action) -> InlineKeyboardButton:
    return InlineKeyboardButton(text, callback_data=f"{ANSWER_CALLBACK}{action.value}")
