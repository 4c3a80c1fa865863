"""Figures in news sentences, and reports that disagree on one.

A figure is a number as written ("311", "$4.2 million", "8.5%"), its kind (currency, percent), value and
unit (the word after it: "people", "acres"), the words around it and the names in its sentence. Two
reports disagree on "the same thing" only when all of this holds, because news is full of different
figures near similar words (two fires' acreage, two polls, last year's count):
- the same kind and unit, a different value, and two or more shared words around the figures ("the
  death toll rose to 311" vs "a death toll of 228");
- their sentences share a name (the place, the event), and the reports are at most STORY_DAYS apart;
- neither report also states the other's value (then it tells a change itself: "rose from 228 to 311").
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date

from index.language.dates import CALENDAR_WORDS, MONTH_NUMBERS
from index.language.names import inner_names
from index.language.quantities import amounts_in
from index.language.stopwords import STOPWORDS
from index.language.tokens import WORD, Tokenizer
from index.model import StoredChunk

# Words on each side of a figure that say what it counts; two shared ones make it "the same thing".
WORDS_BEFORE = 4
WORDS_AFTER = 3
SHARED_WORDS = 2
# Reports further apart than this are about different events (last year's count), not a disagreement.
STORY_DAYS = 30
MAX_CONFLICTS = 2
# A disagreement shows the quoted figure and at most this many others, one per report.
MAX_FIGURES = 3
_SOURCE = r"[A-Z][\w&.’'-]*(?:\s+(?:of\s+)?[A-Z][\w&.’'-]*)*"
_ATTRIBUTION = re.compile(
    rf"\b(?i:according to) (?:the |data from (?:the )?)?(?P<cited>{_SOURCE})"
    rf"|(?P<speaker>{_SOURCE})(?: data)? (?:said|says|reported|reports)\b"
)
# Words that sit next to any figure and say nothing about what it counts.
_GENERIC = frozenset(
    {*("more", "than", "least", "about", "nearly", "almost", "over", "under", "around", "roughly")}
    | {*("approximately", "some", "up", "total", "just", "only", "another", "have", "has", "had")}
    | {*("been", "were", "said", "says", "according", "also", "would", "could", "per", "each")}
    | {*("new", "including", "which", "who", "while", "after", "before", "since", "week", "month")}
    | {"day", "days", "today", "yesterday", "last", "first", "year", "one", "two", "three"}
)


@dataclass(frozen=True)
class Figure:
    """A number stated in a sentence: as written, its kind and value, and the words around it."""

    text: str
    kind: str
    value: float
    unit: str  # stem of the word after the figure, "" when none
    context: dict[str, str]  # stem -> the word as written, in sentence order
    names: frozenset[str]  # capitalised words of its sentence (not the first)

    def same_thing(self, other: Figure) -> list[str]:
        """The words that make `other` a figure about the same thing (empty when it is not)."""
        if (other.kind, other.unit) != (self.kind, self.unit) or not self.names & other.names:
            return []
        shared = [word for stem, word in self.context.items() if stem in other.context]
        return shared if len(shared) >= SHARED_WORDS else []

    def equals(self, other: Figure) -> bool:
        return self.kind == other.kind and math.isclose(self.value, other.value)


@dataclass(frozen=True)
class Statement:
    """A figure as one article states it, in one of its sentences (offsets in the article)."""

    figure: Figure
    chunk: StoredChunk
    sentence: str
    start: int
    end: int


@dataclass(frozen=True)
class Disagreement:
    """Reports giving different values for the same thing; the first statement is the quoted one."""

    about: str
    statements: list[Statement]


def figures(sentence: str, tokenizer: Tokenizer) -> Iterator[Figure]:
    """The figures of a sentence, leaving out years, days of the month and labels ("Game 3")."""
    amounts = [amount for amount in amounts_in(sentence) if amount.standalone(sentence)]
    if not amounts:
        return  # most sentences: their names need not be read
    names = frozenset(n.lower() for n in inner_names(sentence)) - CALENDAR_WORDS - sources_named(sentence)
    for amount in amounts:
        before = WORD.findall(sentence[: amount.start])
        after = WORD.findall(sentence[amount.figure_end :])
        number = sentence[amount.start : amount.number_end].lstrip("$€£ ")
        written = sentence[amount.start : amount.figure_end]
        scaled = amount.figure_end > amount.number_end
        if not (amount.symbol or scaled) and (
            _is_date(number, before[-1:] + after[:1]) or _is_label(before[-1:])
        ):
            continue
        context = dict(_content_words([*before[-WORDS_BEFORE:], *after[:WORDS_AFTER]], tokenizer))
        unit = next(iter(_content_words(after[:1], tokenizer)), ("", ""))[0]
        kind = amount.symbol + ("%" if amount.percent else "")
        yield Figure(written, kind, float(amount.value), unit, context, names)


def sources_named(sentence: str) -> frozenset[str]:
    """The names a sentence gives as its sources ("according to AAA", "the Labor Department said"): who
    reports a figure says nothing of what it counts, so "the national average, according to AAA" is not
    about California because "California's average, according to AAA" is."""
    found = (match["cited"] or match["speaker"] for match in _ATTRIBUTION.finditer(sentence))
    return frozenset(word.lower().rstrip(".") for source in found for word in source.split())


def _content_words(words: list[str], tokenizer: Tokenizer) -> list[tuple[str, str]]:
    """(stem, word) of the common words that can say what a figure counts, in order (names are left to
    `Figure.names`: "Ukraine" near two figures does not make them the same quantity)."""
    kept = " ".join(w for w in words if w.islower() and w not in CALENDAR_WORDS | _GENERIC)
    return list(zip(tokenizer.stems(kept), tokenizer.words(kept), strict=True))


def _is_date(number: str, neighbours: list[str]) -> bool:
    is_year = len(number) == 4 and number.isdigit() and 1800 <= int(number) <= 2100
    return is_year or any(w.lower() in MONTH_NUMBERS for w in neighbours)


def _is_label(previous: list[str]) -> bool:
    """A number right after a capitalised word names something ("Game 3", "Category 4", "Title 42")."""
    return bool(previous) and previous[0][0].isupper() and previous[0].lower() not in _GENERIC | STOPWORDS


def disagreements(
    question: set[str], quoted: Sequence[Statement], stated: Sequence[Statement], limit: int = MAX_CONFLICTS
) -> list[Disagreement]:
    """Where another article gives a different value for a figure the answer quotes.

    `question`: the question's word stems (a figure worth disputing is near one of them); `quoted`: the
    figures of the answer's sentences; `stated`: every figure of the retrieved text.
    """
    values_of: dict[str, list[Figure]] = {}
    for statement in stated:
        values_of.setdefault(statement.chunk.article_id, []).append(statement.figure)
    found: list[Disagreement] = []
    covered: set[tuple[str, str]] = set()
    for mine in quoted:
        if not question & mine.figure.context.keys():
            continue
        others = _differing(mine, stated, values_of)
        if not others or all((s.chunk.article_id, s.figure.text) in covered for s in [mine, *others]):
            continue
        about = " ".join(mine.figure.same_thing(others[0].figure))
        found.append(Disagreement(about, [mine, *others]))
        covered.update((s.chunk.article_id, s.figure.text) for s in [mine, *others])
        if len(found) == limit:
            break
    return found


def _differing(
    mine: Statement, stated: Sequence[Statement], values_of: dict[str, list[Figure]]
) -> list[Statement]:
    """One statement per other article giving a different value for the same thing as `mine`."""
    figure, article_id = mine.figure, mine.chunk.article_id
    others: dict[str, Statement] = {}
    for theirs in stated:
        other_id = theirs.chunk.article_id
        if other_id == article_id or other_id in others or not figure.same_thing(theirs.figure):
            continue
        if not same_story(mine.chunk, theirs.chunk):
            continue
        if figure.equals(theirs.figure):
            continue
        # Either report also stating the other's value tells a change, not a disagreement.
        if any(figure.equals(f) for f in values_of[other_id]) or any(
            theirs.figure.equals(f) for f in values_of.get(article_id, [])
        ):
            continue
        others[other_id] = theirs
    return list(others.values())[: MAX_FIGURES - 1]


def same_story(first: StoredChunk, second: StoredChunk) -> bool:
    """Dated reports at most STORY_DAYS apart (undated ones cannot be placed in a story)."""
    if not first.published or not second.published:
        return False
    apart = date.fromisoformat(first.published) - date.fromisoformat(second.published)
    return abs(apart.days) <= STORY_DAYS
