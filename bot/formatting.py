"""Answers as Telegram HTML messages: every piece of article text escaped, split under Telegram's limit.

A message is built from units: answer paragraphs (joined by a blank line) and source lines (joined by a
newline). Messages are packed from whole units, so a split never falls inside a tag, an entity or a
citation; only a paragraph that alone exceeds the limit is cut, between words, before it is escaped.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from urllib.parse import urlsplit

from index import Source, shown_date

# Telegram's limit is 4096 characters (UTF-16 code units) of a message's text.
MESSAGE_LIMIT = 4096
# Titles and links are bounded so that one citation always fits in a message with room to spare.
TITLE_MAX_CHARS = 300
URL_MAX_CHARS = 1000
PARAGRAPH_JOINER = "\n\n"
LINE_JOINER = "\n"

_WORD_BREAK = re.compile(r"(?<=\S)\s+")
_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")
# A title that is a URL's last segment: words joined by - or _, perhaps ending in .html and an id.
_SLUG = re.compile(r"[\w%]+(?:[-_][\w%]+){2,}(?:\.s?html?|\.php|\.aspx?)?", re.IGNORECASE)
_SLUG_SEPARATORS = re.compile(r"[-_]+")
_SLUG_SUFFIX = re.compile(r"\.(s?html?|php|aspx?)$", re.IGNORECASE)
_SLUG_ID = re.compile(r"\d{5,}|[0-9a-f]{8,}", re.IGNORECASE)


@dataclass(frozen=True)
class Unit:
    """A piece of a message that is never split: HTML, and what joins it to the unit before it."""

    html: str
    joiner: str = PARAGRAPH_JOINER


def escape(text: str) -> str:
    """Text as Telegram HTML: <, > and & become entities, nothing else changes."""
    return html.escape(text, quote=False)


def telegram_length(text: str) -> int:
    """Length as Telegram counts it: UTF-16 code units."""
    return len(text.encode("utf-16-le")) // 2


def is_web_url(url: str) -> bool:
    """Only http(s) links of sane length become <a href>: Telegram rejects other schemes."""
    parts = urlsplit(url.strip())
    return parts.scheme in {"http", "https"} and bool(parts.netloc) and len(url) <= URL_MAX_CHARS


def link(url: str, text: str) -> str:
    """An escaped link, or just the escaped text when the url is not a web address."""
    if not is_web_url(url):
        return escape(text)
    return f'<a href="{html.escape(url.strip(), quote=True)}">{escape(text)}</a>'


def shorten(text: str, limit: int) -> str:
    """At most `limit` characters, cut at a word with "…" (a single overlong word is cut inside)."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    at_word = cut.rsplit(" ", 1)[0] if " " in cut[limit // 2 :] else cut
    return at_word.rstrip(" ,;:-–—") + "…"


def clean_title(title: str) -> str:
    """A title fit to show: a URL slug ("us-gas-prices_hit-5.html") made words, and a title its feed cut
    mid-word ("…for verifi…") ended at the last whole word."""
    title = " ".join(title.split())
    if _SLUG.fullmatch(title):
        words = _SLUG_SEPARATORS.split(_SLUG_SUFFIX.sub("", title))
        title = " ".join(w for w in words if w and not _SLUG_ID.fullmatch(w))
        title = title[:1].upper() + title[1:]
    if title.endswith(("…", "...")):
        kept = title.rstrip(".… ")
        if " " in kept:
            kept = kept.rsplit(" ", 1)[0]
        title = kept.rstrip(" ,;:-–—") + "…"
    return title or "untitled article"


def when(published: str) -> str:
    """One date format everywhere: "2 Nov 2022", or "undated"."""
    try:
        return shown_date(published) if published else "undated"
    except ValueError:  # a date the feed wrote its own way: shown as written
        return published


def source_line(source: Source) -> str:
    """`[n] title-as-link · source · date`, then where a syndicated copy also ran; all escaped."""
    title = link(source.url, shorten(clean_title(source.title), TITLE_MAX_CHARS))
    where = escape(shorten(source.source or "unknown source", 100))
    when_ = escape(when(source.published))
    also = f" · {escape(shorten(source.also_ran_line, 300))}" if source.also_ran_in else ""
    return f"[{source.number}] {title} · {where} · {when_}{also}"


def headline(title: str, url: str, outlet: str, published: str) -> str:
    """One line of a headline list: the linked clean title, outlet, date; all escaped."""
    shown = link(url, shorten(clean_title(title), 160))
    return f"{shown} · {escape(shorten(outlet or 'unknown source', 60))} · {escape(when(published))}"


def text_units(text: str, limit: int = MESSAGE_LIMIT) -> list[Unit]:
    """Plain text as escaped paragraphs; a paragraph too long for one message is cut between words."""
    units: list[Unit] = []
    for paragraph in _PARAGRAPH_BREAK.split(text):
        pieces = _split_words(paragraph.strip(), limit)
        units.extend(
            Unit(escape(piece), PARAGRAPH_JOINER if n == 0 else " ") for n, piece in enumerate(pieces)
        )
    return units


def format_text_html(text: str, limit: int = MESSAGE_LIMIT) -> list[str]:
    """Any plain text (a notice, an error message) as escaped messages under the limit."""
    return pack_units(text_units(text, limit), limit)


def pack_units(units: Iterable[Unit], limit: int = MESSAGE_LIMIT) -> list[str]:
    """Greedily fill messages with whole units, each of which fits in a message on its own."""
    return _pack(((unit.joiner, unit.html) for unit in units), lambda html: telegram_length(html) <= limit)


def _pack(pieces: Iterable[tuple[str, str]], fits: Callable[[str], bool]) -> list[str]:
    """Join (joiner, piece) pairs greedily into as few texts as `fits` allows; each piece fits alone."""
    packed: list[str] = []
    current = ""
    for joiner, piece in pieces:
        candidate = f"{current}{joiner}{piece}" if current else piece
        if current and not fits(candidate):
            packed.append(current)
            candidate = piece
        current = candidate
    if current:
        packed.append(current)
    return packed


def _split_words(text: str, limit: int) -> Sequence[str]:
    """Cut plain text between words so that each piece, once escaped, fits in `limit`."""
    if telegram_length(escape(text)) <= limit:
        return [text] if text else []
    parts = ((" ", part) for word in _WORD_BREAK.split(text) for part in _hard_wrap(word, limit))
    return _pack(parts, lambda plain: telegram_length(escape(plain)) <= limit)


def _hard_wrap(word: str, limit: int) -> list[str]:
    """A "word" longer than a message (a pasted blob) is cut into pieces that fit once escaped."""
    if telegram_length(escape(word)) <= limit:
        return [word]
    # An escaped character is at most 5 units ("&amp;") or 2 (a surrogate pair): /5 always fits.
    size = limit // 5
    return [word[i : i + size] for i in range(0, len(word), size)]
