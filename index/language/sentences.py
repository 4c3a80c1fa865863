"""Sentences: spans of a text, cut where news copy ends a sentence.

A hand rule, not spaCy's parser: on 60 RealTime QA articles spaCy took 19.5 s against the rule's 19 ms, and
chunking runs on every article indexed, on the ingest path. The rule keeps exact character offsets, which
chunks and quotes are cited by.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from index.language.dates import MONTH_ABBREVIATIONS

# Abbreviations whose trailing period does not end a sentence in news copy.
ABBREVIATIONS = frozenset(
    {*("mr", "mrs", "ms", "dr", "prof", "sen", "sens", "rep", "reps", "gov", "gen", "col", "lt", "sgt")}
    | {*("st", "jr", "sr")}
    # "etc." is left out: it ends a list, and mostly a sentence ("tablet, etc. Well, in a huge step...").
    | {*("inc", "corp", "co", "ltd", "vs", "no", "u.s", "u.k", "u.n", "e.g", "i.e", "a.m", "p.m")}
    # "May." ends a sentence: it is a whole month name, not an abbreviation.
    | (MONTH_ABBREVIATIONS.keys() - {"may"})
)
# At most this much whitespace lies between two consecutive sentences of a text.
SENTENCE_GAP = 3
_SENTENCE_END = re.compile(r"[.!?][\"'”’)\]]*(?=\s+[\"'“‘(\[]?[A-Z0-9])|\n\s*\n")


@dataclass(frozen=True)
class Span:
    """A piece of a text, by character offsets into it."""

    start: int
    end: int


def split_sentences(text: str, start: int = 0, end: int | None = None) -> list[Span]:
    """Sentence spans of text[start:end], trimmed of surrounding whitespace."""
    stop = len(text) if end is None else end
    spans: list[Span] = []
    begin = start
    for match in _SENTENCE_END.finditer(text, start, stop):
        period = match.start()
        if text[period] == "." and _ends_with_abbreviation(text, period):
            continue
        _append_trimmed(spans, text, begin, match.end())
        begin = match.end()
    _append_trimmed(spans, text, begin, stop)
    return spans


def sentences(text: str) -> list[str]:
    """The sentences of a text, as strings."""
    return [text[span.start : span.end] for span in split_sentences(text)]


def _ends_with_abbreviation(text: str, end: int) -> bool:
    word_start = max(text.rfind(" ", 0, end), text.rfind("\n", 0, end)) + 1
    word = text[word_start:end].lower().strip("\"'“‘(")
    return word.rstrip(".") in ABBREVIATIONS or re.fullmatch(r"[a-z]", word) is not None


def _append_trimmed(spans: list[Span], text: str, start: int, end: int) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        spans.append(Span(start, end))
