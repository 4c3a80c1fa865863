"""The citation validator: a model's sentence is shown only when its cited sources back every fact in it.

A sentence passes when it cites at least one source that exists, when every number, date, money amount
and proper name in it occurs in the sources it cites (not merely in some other source), when what it
quotes is word for word in them, and when most of its content words are. Anything else is dropped
with the reason. The model's fixed "don't know" phrase is recognised so that it becomes an abstention
rather than an empty answer.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from index.language.dates import day_month_dates
from index.language.names import is_shortening, names_in
from index.language.numbers import numerals
from index.language.quantities import quantities
from index.language.sentences import split_sentences
from index.language.tokens import TOKENIZER, Tokenizer
from index.model import DroppedSentence, KeptSentence, Validation

DONT_KNOW = "The sources do not answer this."
# Share of a sentence's content words that its cited sources must contain; facts are checked exactly.
MIN_WORD_SUPPORT = 0.5

_CITATION = re.compile(r"\[\s*(\d+(?:\s*[,;]\s*\d+)*)\s*\]")
# "... in 2021. [1]" -> "... in 2021 [1]." so the marker stays with the sentence it belongs to.
_MARKERS_AFTER_STOP = re.compile(r"([.!?])((?:\s*\[\s*\d+(?:\s*[,;]\s*\d+)*\s*\])+)")
_LIST_BULLET = re.compile(r"^\s*(?:[-*•]|\d+[.)])\s+")
# A quotation of this many words or more must be found word for word in a cited source.
QUOTED_WORDS = 3
_QUOTED = re.compile(r'"([^"]+)"')
_STRAIGHT_QUOTES = str.maketrans({"“": '"', "”": '"', "„": '"', "‘": "'", "’": "'"})


@dataclass(frozen=True)
class Passage:
    """A numbered source: the text the model reads, and the evidence its facts are checked against.

    The evidence leaves out the publication date the model is shown: a year is backed when the article
    says it, not because the article happened to be published that year.
    """

    number: int
    text: str
    evidence: str


@dataclass(frozen=True)
class Facts:
    """The checkable facts of a text: quantities, day-and-month dates, its names and lower-cased text."""

    quantities: frozenset[str]
    dates: frozenset[str]
    names: tuple[tuple[str, ...], ...]
    text: str

    @classmethod
    def of(cls, text: str) -> Facts:
        text = numerals(text)
        return cls(
            frozenset(quantities(text)),
            frozenset(day_month_dates(text)),
            tuple(tuple(name.lower().split()) for name in names_in(text)),
            " ".join(text.lower().split()),
        )

    def has_name(self, name: str) -> bool:
        """The name as written, or a shortening of one of the text's names ("President Tshisekedi" for
        "President Felix Tshisekedi"), but never a blend of two names."""
        if re.search(rf"(?<!\w){re.escape(name.lower())}(?!\w)", self.text):
            return True
        words = name.lower().split()
        return any(is_shortening(words, full) for full in self.names)


class Validator:
    """Checks each sentence of a reply against the passages the model was given."""

    def __init__(self, passages: Sequence[Passage], tokenizer: Tokenizer | None = None) -> None:
        self.tokenizer = tokenizer or TOKENIZER
        self.passages = {p.number: p for p in passages}
        # Read on first citation: most replies cite one or two of the passages.
        self._facts: dict[int, Facts] = {}
        self._stems: dict[int, set[str]] = {}

    def validate(self, reply: str) -> Validation:
        validation = Validation()
        for sentence in reply_sentences(reply):
            claim = strip_citations(sentence)
            if is_dont_know(claim):
                validation.dont_know = True
                validation.dropped.append(DroppedSentence(sentence, "the model's don't-know phrase"))
                continue
            cites = citations(sentence)
            reason = self.rejection(claim, cites)
            if reason:
                validation.dropped.append(DroppedSentence(sentence, reason))
            else:
                validation.kept.append(KeptSentence(sentence, claim, cites))
        return validation

    def facts(self, number: int) -> Facts:
        if number not in self._facts:
            self._facts[number] = Facts.of(self.passages[number].evidence)
        return self._facts[number]

    def stems(self, number: int) -> set[str]:
        if number not in self._stems:
            self._stems[number] = set(self.tokenizer.stems(self.passages[number].evidence))
        return self._stems[number]

    def rejection(self, claim: str, cites: tuple[int, ...]) -> str:
        """Why the sentence may not be shown, or "" when its cited sources back it."""
        if not cites:
            return "cites no source"
        missing = [n for n in cites if n not in self.passages]
        if missing:
            return f"cites {markers(missing)}, which does not exist"
        cited = markers(cites)
        facts = [self.facts(n) for n in cites]
        claim_text = numerals(claim)
        for key, shown in day_month_dates(claim_text).items():
            if not any(key in f.dates for f in facts):
                return f"the date {shown!r} is not in {cited}"
        for key, shown in quantities(claim_text).items():
            if not any(key in f.quantities for f in facts):
                return f"the number {shown!r} is not in {cited}"
        for name in names_in(claim_text):
            if not any(f.has_name(name) for f in facts):
                return f"the name {name!r} is not in {cited}"
        for quoted in quotations(claim):
            if not any(quoted in _plain(self.passages[n].evidence) for n in cites):
                return f"the quotation {quoted!r} is not in {cited}"
        words = set(self.tokenizer.stems(claim))
        supported = words & set().union(*(self.stems(n) for n in cites))
        if words and len(supported) < MIN_WORD_SUPPORT * len(words):
            return f"only {len(supported)} of its {len(words)} content words are in {cited}"
        return ""


def reply_sentences(reply: str) -> list[str]:
    """The sentences of a reply, each with its citation markers; list bullets and emphasis removed."""
    sentences: list[str] = []
    for raw_line in reply.replace("**", "").splitlines():
        line = _MARKERS_AFTER_STOP.sub(r"\2\1", _LIST_BULLET.sub("", raw_line)).strip()
        sentences.extend(line[s.start : s.end] for s in split_sentences(line))
    return [s for s in sentences if strip_citations(s)]


def citations(sentence: str) -> tuple[int, ...]:
    numbers = (int(n) for group in _CITATION.findall(sentence) for n in re.split(r"[,;]", group))
    return tuple(dict.fromkeys(numbers))


def strip_citations(sentence: str) -> str:
    text = " ".join(_CITATION.sub(" ", sentence).split())
    return re.sub(r"\s+([.,;:!?])", r"\1", text)


def quotations(sentence: str) -> list[str]:
    """What the sentence puts in quotation marks, of three words or more (a quote, not a scare-quoted
    term), as `_plain` writes it: a quotation must be the article's very words."""
    spans = _QUOTED.findall(_plain(sentence))
    return [q.strip(" ,.") for q in spans if len(q.split()) >= QUOTED_WORDS]


def _plain(text: str) -> str:
    """Lower case, straight quotation marks, single spaces."""
    return " ".join(text.translate(_STRAIGHT_QUOTES).lower().split())


def markers(numbers: Iterable[int]) -> str:
    return "".join(f"[{n}]" for n in numbers)


def is_dont_know(claim: str) -> bool:
    return _letters(claim) == _letters(DONT_KNOW)


def _letters(text: str) -> str:
    return re.sub(r"[^a-z]+", " ", text.lower()).strip()
