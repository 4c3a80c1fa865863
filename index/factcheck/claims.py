"""What a fact-checker reads out of a sentence: quantities, dates, names, polarity and hedges.

Pure text analysis with regular expressions and the shared stemmer; `index.factcheck.rules` and
`index.factcheck.polarity` compare what this module extracts from a claim with what it extracts from an
evidence sentence.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

import bm25s

from index.language.numbers import numerals, shares
from index.language.tokens import TOKENIZER, stem
from index.language.wordlists import (
    CLAUSE_OPENERS,
    CONDITIONS,
    FUNCTION_WORDS,
    HEDGES,
    LOWER_BOUNDS,
    MODALS,
    MONEY_UNITS,
    MONTHS,
    NAME_SUFFIXES,
    NEGATIONS,
    NOT_NAMES,
    NUMBER_WORDS,
    POLARITY_CUES,
    SCALES,
    UNIT_WORDS,
    UPPER_BOUNDS,
    VERB_NEGATIONS,
    WEEKDAYS,
)

_APPROXIMATE = (
    r"about|around|approximately|roughly|nearly|almost|some|over|more than|less than|fewer than|"
    r"up to|at least|an estimated|estimated|close to|under|just over|just under"
)
_BOUND_AFTER = re.compile(
    r"(?:\s+[a-z]+){0,2}?\s+or\s+(?P<side>more|higher|above|less|fewer|lower|below)\b", re.I
)
_QUANTITY = re.compile(
    rf"(?:\b(?P<approx>{_APPROXIMATE})\s+)?"
    r"(?P<currency>[$€£])?"
    rf"(?P<number>(?<![\w.,-])\d+(?:,\d{{3}})*(?:\.\d+)?|\b(?:{'|'.join(NUMBER_WORDS)})\b)"
    r"(?P<ordinal>st|nd|rd|th)?"
    # A range, "$700-$800 million": the scale and unit belong to both ends.
    r"(?:\s*(?:-|–|to)\s*[$€£]?(?P<high>\d+(?:,\d{3})*(?:\.\d+)?)(?![\w-]))?"
    r"(?:(?:\s*|-)(?P<scale>thousand|million|billion|trillion)\b|(?P<suffix>k|m|bn)\b)?"
    r"(?:\s*(?P<unit>%|percent\b|per cent\b|percentage points?\b|dollars?\b|euros?\b|cents?\b|pounds?\b))?",
    re.IGNORECASE,
)

_DECADE = re.compile(r"s\b")
# A number joined to what it counts: "5-year-old", "36-foot", "14-day".
_COMPOUND = re.compile(r"-([A-Za-z]+(?:-[A-Za-z]+)*)")

_MONTH_ABBREVIATIONS = {m[:3]: m for m in MONTHS} | {"sept": "september"}
_MONTH_WORD = r"\b(?:" + "|".join(list(MONTHS) + list(_MONTH_ABBREVIATIONS)) + r")\b\.?"
# "May" is a month only next to a day or a year; elsewhere it is the modal verb.
_MONTH = re.compile(rf"(?P<month>{_MONTH_WORD})(?:\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\b)?", re.IGNORECASE)
_YEAR = re.compile(r"(?<![$€£\d,.])\b(?P<year>19\d\d|20\d\d)\b(?!\s*%|,\d|\.\d)")
_WEEKDAY = re.compile(r"\b(?P<weekday>" + "|".join(WEEKDAYS) + r")s?\b", re.IGNORECASE)

_WORDS = re.compile(r"[A-Za-z0-9][\w’'.\-&]*[\w]|[A-Za-z0-9]|n[’']t\b")
_STOPWORDS = frozenset(bm25s.stopwords.STOPWORDS_EN) | NEGATIONS | frozenset(_APPROXIMATE.split("|"))


# Cues that only turn round what follows ("is yet to reach"): no word of what is said themselves.
_TURNING = frozenset(["yet", "without", "unless", "instead", "against"])
# How many words after a negation it turns round: "failed to reach a fresh record".
CUE_SCOPE = 5

# How many words before a figure a condition may stand and still govern it.
CONDITION_SCOPE = 10

# Units a number can be counted in; "187 minutes" and "three hours" are not compared.
UNITS = frozenset(stem(w) for w in UNIT_WORDS)


@dataclass(frozen=True)
class Quantity:
    """A number as a fact-checker reads it: value, kind, how it was written and what it counts."""

    value: float
    kind: str  # count | percent | money | ordinal
    text: str
    approximate: bool
    context: frozenset[str]
    counted: str  # the words after the number, for explanations: "7 million *displaced*", "$8 *a month*"
    high: float  # the top of a range ("$700-$800 million"), else the value
    counts: frozenset[str]  # stems of the words just after the number: what it counts
    bound: str = ""  # "lower" for "more than 5", "upper" for "up to 5", else ""
    conditional: bool = False  # said under "if", "could", "may" in its clause: a possibility, not a fact

    @property
    def described(self) -> str:
        return f"{self.text} {self.counted}".strip()

    def matches(self, other: Quantity) -> bool:
        """Same value (or within the other's range); "about"/"nearly" on either side allows 10%."""
        tolerance = 0.1 if self.approximate or other.approximate else 0.005
        low = min(self.value, other.value)
        high = max(self.value, other.value)
        if self.high >= other.value >= self.value or other.high >= self.value >= other.value:
            return True
        return high - low <= tolerance * max(abs(high), 1e-9)

    def excludes(self, other: Quantity) -> bool:
        """Can the two not both be true? A bound rules out only the values on its wrong side: "more than
        $5 a gallon" does not rule out $7. Two bounds of one side read as rough values, as a reader
        takes them: "more than 25 million" is not "more than 2.5 million"."""
        if self.matches(other):
            return False
        if self.bound and self.bound == other.bound:
            return True
        for bound, value in ((self, other), (other, self)):
            if bound.bound == "lower" and value.high >= bound.value:
                return False
            if bound.bound == "upper" and value.value <= bound.high:
                return False
        return True


@dataclass(frozen=True)
class DateMention:
    kind: str  # year | month | day | weekday
    value: str
    text: str
    start: int = 0  # where in the text


@dataclass(frozen=True)
class Token:
    """A word with its position, lower-cased form and stem."""

    text: str
    lower: str
    stem: str
    start: int


@dataclass(frozen=True)
class Analysis:
    """Everything the rules compare, read once per sentence."""

    text: str
    tokens: tuple[Token, ...]
    quantities: tuple[Quantity, ...]
    dates: tuple[DateMention, ...]
    names: tuple[str, ...]
    opening: tuple[str, ...]  # name-like parts of a capitalised first word: a name, or just a capital
    content: frozenset[str]

    def negated(self, stem: str) -> bool:
        """Is every use of this word stem preceded by a negation ("not", "never", "n't") within three
        words? "no candidate" negates a noun, not a statement, and is left out."""
        return self._always_after(stem, VERB_NEGATIONS, 3)

    def negated_loosely(self, stem: str) -> bool:
        """Is some use of this word stem turned round by any negation ("no change", "is yet to reach")
        within five words of the same clause?"""
        uses = [i for i, token in enumerate(self.tokens) if token.stem == stem]
        return any(self._cue_in_clause(i, POLARITY_CUES, 5) for i in uses)

    def turned_round(self) -> frozenset[str]:
        """Stems of the words a negation or other cue turns round: the few words after it in its clause
        ("failed to reach a fresh *record*", "without ever *reproducing*"); names are left out (the cue
        turns round what is said of them)."""
        turned: set[str] = set()
        for i, cue in enumerate(self.tokens):
            if cue.lower not in POLARITY_CUES:
                continue
            for token in self.tokens[i + 1 : i + 1 + CUE_SCOPE]:
                if token.lower in CLAUSE_OPENERS or clause_breaks(self.text, cue.start, token.start):
                    break
                if not token.text[0].isupper():
                    turned |= _content_stems(token.lower)
        return frozenset(turned)

    def turns_round_name(self, name: str) -> bool:
        """Is the name said just after a negation in its clause ("an interim repair for Hyundai but not
        *Kia*")?"""
        uses = [i for i, token in enumerate(self.tokens) if names_token(token, name)]
        return any(self._cue_in_clause(i, POLARITY_CUES, CUE_SCOPE) for i in uses)

    def _cue_in_clause(self, index: int, cues: frozenset[str], window: int) -> bool:
        for back in range(index - 1, max(-1, index - window - 1), -1):
            token = self.tokens[back]
            if token.lower in CLAUSE_OPENERS:
                return False
            if token.lower in cues:
                return not clause_breaks(self.text, token.start, self.tokens[index].start)
        return False

    def hedged(self, stem: str) -> bool:
        """Is every use of this word stem preceded by a hedge (may, could, plans...) within four words?"""
        return self._always_after(stem, HEDGES, 4)

    def _always_after(self, stem: str, cues: frozenset[str], window: int) -> bool:
        uses = [i for i, token in enumerate(self.tokens) if token.stem == stem]
        return bool(uses) and all(self._cued(i, cues, window) for i in uses)

    def _cued(self, index: int, cues: frozenset[str], window: int) -> bool:
        """Is the word at `index` governed by a cue word a few words before it, in the same clause and
        with only function words in between ("did not *capture*", "has not yet *testified*")?"""
        for back in range(index - 1, max(-1, index - window - 1), -1):
            token = self.tokens[back]
            if token.lower in cues:
                end = self.tokens[index].start
                return not clause_breaks(self.text, token.start, end)
            if _content_stems(token.lower) or token.text[0].isupper():
                return False
        return False

    def has_hedge(self) -> bool:
        return any(t.lower in HEDGES for t in self.tokens)

    def words_with_stem(self, stem: str) -> str:
        return next((t.text for t in self.tokens if t.stem == stem), stem)


def _tokens(text: str) -> tuple[Token, ...]:
    found: list[Token] = []
    for match in _WORDS.finditer(text):
        word = match.group().rstrip(".")
        lower = word.lower().replace("’", "'")
        if lower.endswith("n't") and lower != "n't":
            # "didn't" reads as "did" + "n't", so the negation is a word of its own.
            found.append(Token(word[:-3], lower[:-3], stem(lower[:-3]), match.start()))
            found.append(Token("n't", "n't", "n't", match.start() + len(word) - 3))
            continue
        found.append(Token(word, lower, stem(lower), match.start()))
    return tuple(found)


def context(tokens: tuple[Token, ...], start: int, end: int) -> frozenset[str]:
    """Stems of the content words just around a number: what it counts."""
    before = [t for t in tokens if t.start < start and t.stem in _content_stems(t.lower)][-3:]
    after = [t for t in tokens if t.start >= end and t.stem in _content_stems(t.lower)][:3]
    return frozenset(t.stem for t in before + after)


@lru_cache(maxsize=4096)
def _content_stems(word: str) -> frozenset[str]:
    """The stem of a word that carries meaning (not a stop word, number, scale, unit or month)."""
    if word in SCALES or word in NUMBER_WORDS or word in MODALS:
        return frozenset()
    if "-" in word.strip("-"):
        # "second-round run-off" says "second round runoff": each part, and the parts run together;
        # "7.0-magnitude" says magnitude.
        parts = [p for p in word.split("-") if p]
        return frozenset().union(*(_content_stems(p) for p in parts), _content_stems("".join(parts)))
    if len(word) < 2 or any(c.isdigit() for c in word) or word in MONTHS or word in WEEKDAYS:
        return frozenset()
    if word in FUNCTION_WORDS or word in NEGATIONS or word in _TURNING:
        return frozenset()
    return frozenset(s for s in TOKENIZER.stems(word) if len(s) > 1)


def quantities(text: str, tokens: tuple[Token, ...]) -> tuple[Quantity, ...]:
    found: list[Quantity] = []
    day_numbers = {m.start("day") for m in _MONTH.finditer(text) if m.group("day")}
    for match in _QUANTITY.finditer(text):
        number = match.group("number").lower()
        plain = not (match.group("currency") or match.group("unit"))
        if plain and (_YEAR.fullmatch(number) or match.start("number") in day_numbers):
            continue
        if plain and _DECADE.match(text, match.end("number")):
            continue  # "the 1950s and 60s" are times, not figures
        if number in NUMBER_WORDS:
            value, kind = float(NUMBER_WORDS[number]), "count"
        else:
            value, kind = float(number.replace(",", "")), "count"
        scale = (match.group("scale") or match.group("suffix") or "").lower()
        value *= SCALES.get(scale, 1.0)
        high = (
            float(match.group("high").replace(",", "")) * SCALES.get(scale, 1.0)
            if match.group("high")
            else value
        )
        unit = (match.group("unit") or "").lower()
        if match.group("ordinal"):
            kind = "ordinal"
        elif unit in ("%", "percent", "per cent"):
            kind = "percent"
        elif unit.startswith("percentage"):
            kind = "points"
        elif match.group("currency") or unit.rstrip("s") in MONEY_UNITS:
            # Sums in different currencies are different things: "money $" is never "money £".
            kind = f"money {match.group('currency') or MONEY_UNITS[unit.rstrip('s')]}"
            value /= 100 if unit.startswith("cent") else 1
            high /= 100 if unit.startswith("cent") else 1
        written = match.group().strip()
        around = context(tokens, match.start("number"), match.end())
        counted, counts = counted_by(text, match.end(), tokens)
        approx = " ".join((match.group("approx") or "").lower().split())
        after = _BOUND_AFTER.match(text, match.end())
        if after:  # "$5 a gallon or more"
            approx = "more than" if after.group("side").lower() in ("more", "higher", "above") else "up to"
        bound = "lower" if approx in LOWER_BOUNDS else "upper" if approx in UPPER_BOUNDS else ""
        conditional = _in_conditional_clause(text, tokens, match.start())
        found.append(
            Quantity(value, kind, written, bool(approx), around, counted, high, counts, bound, conditional)
        )
    return tuple(found)


def clause_breaks(text: str, start: int, end: int) -> bool:
    """Does a comma, semicolon, colon, dash or bracket stand between the two offsets?"""
    return any(mark in text[start:end] for mark in ",;:—()")


def _in_conditional_clause(text: str, tokens: tuple[Token, ...], start: int) -> bool:
    """Is the text at `start` said under a condition or a possibility earlier in its clause ("could
    also take away the check marks if they don't start paying the higher $19.99")?"""
    before = [t for t in tokens if t.start < start][-CONDITION_SCOPE:]
    for token in reversed(before):
        if clause_breaks(text, token.start, start):
            return False
        if token.lower in CONDITIONS and token.text != "May":  # the month, not the modal
            return True
    return False


_LINKING = frozenset(["is", "are", "was", "were", "been"])


def counted_by(text: str, end: int, tokens: tuple[Token, ...]) -> tuple[str, frozenset[str]]:
    """What the number ending at `end` counts, as written and as stems: "90% of US plastic" counts
    plastic ("of" is skipped; "for the" ends it); "a five-year-old otter" counts years."""
    compound = _COMPOUND.match(text, end)
    if compound:
        return compound.group(1), _content_stems(compound.group(1).lower())
    after = [t for t in tokens if t.start >= end]
    skipped = 1 if after[:1] and after[0].lower == "of" else 0
    following = after[skipped : skipped + 2]
    word = next((t for t in following if _content_stems(t.lower)), None)
    # As written from the number on: "$20 *a month*", "90% *of US*".
    counted = text[end : word.start + len(word.text)].strip(" ,;:") if word else ""
    # "130 others were injured" counts the injured: the word after "were" says what befell them.
    linked = next((i for i, t in enumerate(following) if t.lower in _LINKING), None)
    if linked is not None:
        following = after[skipped : skipped + linked + 2]
    return counted, frozenset(s for t in following for s in _content_stems(t.lower))


def dates(text: str) -> tuple[DateMention, ...]:
    found: list[DateMention] = []
    for match in _YEAR.finditer(text):
        found.append(DateMention("year", match.group("year"), match.group("year"), match.start()))
    for match in _MONTH.finditer(text):
        word = match.group("month").lower().rstrip(".")
        month = _MONTH_ABBREVIATIONS.get(word, word)
        day = match.group("day")
        next_text = text[match.end() : match.end() + 6]
        if month == "may" and not day and not _YEAR.match(next_text.strip(" ,")):
            continue
        if word in ("mar", "jan", "dec") and not day and not match.group("month")[0].isupper():
            continue
        found.append(DateMention("month", month, match.group("month"), match.start()))
        if day:
            found.append(DateMention("day", f"{month} {int(day)}", match.group().strip(), match.start()))
    for match in _WEEKDAY.finditer(text):
        weekday = match.group("weekday")
        found.append(DateMention("weekday", weekday.lower(), weekday, match.start()))
    return tuple(found)


def _starts_clause(text: str, token: Token) -> bool:
    """Does the word follow an opening quote, a colon or a sentence end, where any word is capitalised?"""
    before = text[: token.start].rstrip()
    return not before or before.endswith(("“", '"', ":", ".", "!", "?", "—"))


def names(text: str, tokens: tuple[Token, ...]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Capitalised words that look like names of people, places and organisations, as written: those
    inside the sentence, and those of its first word (which may be capitalised only because it is first).
    """
    inside: list[str] = []
    opening: list[str] = []
    for token in tokens:
        if not token.text[0].isupper() or token.lower in NOT_NAMES or token.lower in _STOPWORDS:
            continue
        found = opening if _starts_clause(text, token) else inside
        for part in without_possessive(token.text).replace(".", "").split("-"):
            lower = part.lower()
            if (
                len(part) > 1
                and not part.isdigit()
                and lower not in _STOPWORDS | NAME_SUFFIXES
                and part not in found
            ):
                found.append(part)
    return tuple(inside), tuple(p for p in opening if p not in inside)


@lru_cache(maxsize=8192)
def analyse(text: str) -> Analysis:
    """Read the facts of one sentence (cached: evidence sentences recur across claims)."""
    tokens = _tokens(text)
    content = frozenset(s for t in tokens for s in _content_stems(t.lower))
    inside, opening = names(text, tokens)
    # Figures are read with their words as digits ("nearly seven million" is "nearly 7 million") and
    # shares as percentages ("3 out of 10" is 30%).
    written = shares(numerals(text))
    figures = quantities(written, tokens if written == text else _tokens(written))
    return Analysis(text, tokens, figures, dates(text), inside, opening, content)


@lru_cache(maxsize=256)
def figures_of(text: str) -> tuple[Quantity, ...]:
    """The figures a whole article gives (cached: a claim's candidate sentences share articles)."""
    written = shares(numerals(text))
    return quantities(written, _tokens(written))


def without_possessive(word: str) -> str:
    """The word without its 's: "Ghana" of "Ghana's"."""
    return _POSSESSIVE.sub("", word)


_POSSESSIVE = re.compile(r"['’]s$")


def names_token(token: Token, name: str) -> bool:
    """Is this word (or a hyphenated part of it) the name? "Rwanda-backed" names Rwanda."""
    bare = without_possessive(token.lower).replace(".", "")
    return name.lower().replace(".", "") in bare.split("-")


_LOWER_WORD = re.compile(r"(?<![.!?]\s)\b[a-z][a-z’'-]+\b")


def lower_case_words(texts: Iterable[str]) -> frozenset[str]:
    """Words the texts write in lower case: a capitalised first word found here is not a name."""
    return frozenset(w for text in texts for w in _LOWER_WORD.findall(text))
