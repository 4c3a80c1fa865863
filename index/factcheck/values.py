"""The figures a claim states, as the fact-checker reads them: counts, sums, shares, ranks, scores and
times of day, with what they count and how surely they are said. A claim's dates are read by
`index.language.dates`."""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, replace
from itertools import islice, takewhile

from index.factcheck.wording import Token, clause_breaks, content_stems, leading_words
from index.language.dates import CALENDAR_WORDS, day_of_month_offsets, is_year
from index.language.numbers import PLURAL_SCALES, ROUGH_OR_BOUND, last_digit_step
from index.language.quantities import DAYS_IN, units_among
from index.language.sentences import split_sentences
from index.language.tokens import stem
from index.language.wordlists import (
    CONDITIONS,
    LOWER_BOUNDS,
    MONEY_UNITS,
    MONTHS,
    NOT_NAMES,
    NUMBER_WORDS,
    SCALES,
    UPPER_BOUNDS,
    WEEKDAYS,
)

APPROXIMATE = frozenset(ROUGH_OR_BOUND.split("|"))
_BOUND_AFTER = re.compile(
    r"(?:\s+[a-z]+){0,2}?\s+or\s+(?P<side>more|higher|above|less|fewer|lower|below)\b", re.I
)
_QUANTITY = re.compile(
    rf"(?:\b(?P<approx>{ROUGH_OR_BOUND})\s+)?"
    r"(?P<currency>[$€£])?"
    rf"(?P<number>(?<![\w.,:-])\d+(?:,\d{{3}})*(?:\.\d+)?|\b(?:{'|'.join(NUMBER_WORDS)})\b)"
    r"(?P<ordinal>st|nd|rd|th)?"
    # A range, "$700-$800 million": the scale and unit belong to both ends.
    r"(?:\s*(?:-|–|to)\s*[$€£]?(?P<high>\d+(?:,\d{3})*(?:\.\d+)?)(?![\w-]))?"
    r"(?:(?:\s*|-)(?P<scale>thousand|million|billion|trillion)\b|(?P<suffix>k|m|bn)\b)?"
    # "a 3-cent drop"; "96,000 US dollars" is $96,000.
    r"(?:(?:\s*|-(?=(?:cents?|dollars?|percent)\b))(?:U\.?S\.?\s+(?=dollars?\b))?"
    r"(?P<unit>%|percent\b|per cent\b|percentage points?\b|dollars?\b|euros?\b|cents?\b|pounds?\b))?",
    re.IGNORECASE,
)

_DECADE = re.compile(r"s\b")
_DENIED = re.compile(r"\b(?:no|not)\s+$", re.IGNORECASE)
# A figure another is compared with: "compared with 25,000", "up from 6.2%", "fell from 9.4% to 8%". A
# bare "from" more often says where something came from ("responses from 30,000 people").
_COMPARED_WITH = re.compile(r"\b(?:compared (?:with|to)|versus|vs\.?)\s+$", re.IGNORECASE)
_CHANGED_FROM = re.compile(
    r"\b(?:up|down|r[io]se|risen|f[ae]ll|fallen|grew|grown|increased|decreased|dropped|climbed|jumped"
    r"|declined|slipped|surged|dipped|plunged|soared|slide|drop|fall|rise|increase|decrease|decline|jump|dip)"
    r"\s+from\s+(?:the\s+)?$",
    re.IGNORECASE,
)
# A speed written out is the speed abbreviated: "130 miles per hour" is "130 mph".
_SPEED = re.compile(
    r"[\s-]*(?:(?P<mph>miles?)|kilomet(?:er|re)s?|km)\s*(?:per|an|a|/)\s*h(?:our|r)?\b", re.IGNORECASE
)
_FROM = re.compile(r"\bfrom\s+$", re.IGNORECASE)
# After "pounds", what is weighed: "pounds of chicken", "pounds (8.2 million kilograms)".
_WEIGHED = re.compile(r"\s+of\b|\s*\([^)]*\bkilo", re.IGNORECASE)
_TO_FIGURE = re.compile(r"[^\s]*\s+to\s+[$€£]?\d")
# An aside or the next figure, which end the words a figure counts ("COVID-19" and "F-35" are words).
_ASIDE = re.compile(r"\(|(?<![\w.,:-])\d")
_CLAUSE_AFTER = re.compile(r"\s*[,;:—–]")
# What ends the words trailing a figure: the words after it lead to the next figure ("rose 5% in the
# US *and* 3% in Europe": "US" is the 5%'s). "plus or minus 4 points" is one figure.
_TRAIL_END = re.compile(r"[,;:—(]|\b(?:and|but|while|whereas)\b|(?<!plus )\bor\b", re.IGNORECASE)
# A number joined to what it counts: "5-year-old", "36-foot", "14-day".
_COMPOUND = re.compile(r"-([A-Za-z]+(?:-[A-Za-z]+)*)")

_VAGUE_AMOUNT = re.compile(
    rf"\b(?:(?P<outer>tens|hundreds) of )?(?P<scale>{'|'.join(s for s in PLURAL_SCALES if s != 'tens')})\b",
    re.IGNORECASE,
)

# "10 a.m.", "5:10 p.m.", "12.07 a.m.", "02:44": a time of day, compared only with another.
# "2 p.m.", "2:17 pm", "2:17 in the afternoon" (not "killed 3 in the afternoon").
_CLOCK = re.compile(
    r"(?::(?P<minutes>\d{2})\b(?:\s+in the (?:(?P<pm>afternoon|evening)|(?P<am>morning))\b)?)?"
    r"(?:\s*(?P<half>[ap])\.?m\b\.?)?",
    re.IGNORECASE,
)

# A name in the possessive right before a number owns it: "Gates' 116 and Tony Gonzalez's 111".
_OWNER = re.compile(r"\b([A-Z][\w-]*)(?:'s|’s|'|’)\s+$")
# Words whose "'s" is short for "is" or "us" ("Here's", "Let's"), beyond the function words of `NOT_NAMES`.
_CONTRACTED = frozenset(["here", "he", "she", "let"])
# A capitalised word right before a number names it: "Tier 2", "Title 42", "Game 6".
_LABEL = re.compile(r"(?<![.!?]\s)(?<!^)\b([A-Z][a-z]+) $")
# A stage of a sequence before its number is a rank: "round three" is the third round, "No. 2" second.
# (In lower case: "Game 6" is a name, see `_LABEL`.)
_STAGE = re.compile(r"\b(round|game|stage|leg|phase|season|episode|chapter|week|day|level|part|step|No\.) $")
_NOT_LABELS = frozenset(MONTHS) | frozenset(WEEKDAYS) | frozenset(["no", "the", "about", "nearly", "over"])

# How many words before a figure a condition may stand and still govern it.
CONDITION_SCOPE = 10

# The words after a figure that make it a difference: "50 cents *lower* than last year".
_COMPARATIVES = frozenset(map(stem, "lower higher less more fewer cheaper bigger smaller larger".split()))  # noqa: SIM905


@dataclass(frozen=True)
class Quantity:
    """A number as a fact-checker reads it: value, kind, how it was written and what it counts."""

    value: float
    kind: str  # count | percent | points | ordinal | score | time | "money $" (€, £): currencies differ
    text: str
    approximate: bool
    context: frozenset[str]
    counted: str  # the words after the number, for explanations: "7 million *displaced*", "$8 *a month*"
    high: float  # the top of a range ("$700-$800 million"), else the value
    counts: frozenset[str]  # stems of the words just after the number: what it counts
    bound: str = ""  # "lower" for "more than 5", "upper" for "up to 5", else ""
    conditional: bool = False  # said under "if", "could", "may" in its clause: a possibility, not a fact
    against: float | None = None  # a score's or a record's other side: "2-0" is 2 against 0
    vague: bool = False  # a plural scale's rough range ("millions"): it states no exact figure
    owner: str = ""  # a name whose figure it is, written just before it: "Gonzalez" of "Gonzalez's 111"
    baseline: bool = False  # what another figure is compared with: "up from 6.2%", "from 9.4% to 8%"
    lead: frozenset[str] = frozenset()  # stems of the words leading to it: "urban rent fell by" (`_lead`)

    @property
    def described(self) -> str:
        return f"{self.text} {self.counted}".strip()

    @property
    def units(self) -> frozenset[str]:
        """The units the figure is counted in ("70-gram", "$22 an hour", a price "$54.20 per share")."""
        priced = {"share"} if self.kind.startswith("money") and "share" in self.counts else set()
        return units_among(self.counts) | priced

    @property
    def difference(self) -> bool:
        """Does the figure tell how far one thing is from another ("50 cents lower than the 2022
        average"), not a level? A difference and a level never measure the same thing."""
        return bool(self.counts & _COMPARATIVES)

    def other_unit(self, other: Quantity) -> bool:
        """Do both give a unit, and different ones ("70 grams" and "70 kilograms", "a day" and "an hour")?"""
        return bool(self.units and other.units and not self.units & other.units)

    def in_another_unit(self, other: Quantity) -> bool:
        """The same number counted in another unit: "a 70-gram slice" for "70 kilograms"."""
        return self.value == other.value and self.other_unit(other)

    @property
    def days(self) -> float | None:
        """The span of time the figure gives, in days, when it is counted in one unit of time."""
        if len(self.units) != 1:
            return None
        (unit,) = self.units
        return self.value * DAYS_IN[unit] if unit in DAYS_IN else None

    def same_span(self, other: Quantity) -> bool:
        """Do the two give one span of time in different units: "18 months" and "1.5 years"?"""
        mine, theirs = self.days, other.days
        if mine is None or theirs is None:
            return False
        rough = 0.1 if self.approximate or other.approximate else 0.005
        return abs(mine - theirs) <= rough * max(mine, theirs)

    def same_figure(self, other: Quantity) -> bool:
        """Of the same kind and `matches`: the one figure, however written."""
        return self.kind == other.kind and self.matches(other)

    def matches(self, other: Quantity) -> bool:
        """Same value (or within the other's range); "about" on either side allows 10%, at most five steps
        of the coarser last written digit ("about 11.4 billion" is not "around 10.4 billion"). A score
        matches only the same score: "2-1" is not "2-0". Spans of time compare across units (`same_span`)."""
        if self.against is not None or other.against is not None:
            return (self.value, self.against) == (other.value, other.against)
        if {self.bound, other.bound} == {"lower", "upper"}:
            return False  # "above 1,050 feet" is not "below 1,050 feet"
        if self.vague != other.vague:
            return False  # "millions" does not say "25 million", though it allows it
        if self.other_unit(other):
            return self.same_span(other)
        if self.within(other):
            return True
        high, gap = max(self.value, other.value, 1e-9), abs(self.value - other.value)
        if not (self.approximate or other.approximate):
            return gap <= 0.005 * high
        return gap <= min(0.1 * high, 5 * max(last_digit_step(q.text, q.value) for q in (self, other)))

    def within(self, other: Quantity) -> bool:
        """Is either value inside the other's range?"""
        return self.high >= other.value >= self.value or other.high >= self.value >= other.value

    def excludes(self, other: Quantity) -> bool:
        """Can the two not both be true? A bound rules out only the values on its wrong side: "more than
        $5 a gallon" does not rule out $7. Two bounds of one side read as rough values, as a reader
        takes them: "more than 25 million" is not "more than 2.5 million"."""
        if self.matches(other) or ((self.vague or other.vague) and self.within(other)):
            return False
        if self.bound and self.bound == other.bound:
            return True
        if {self.bound, other.bound} == {"lower", "upper"}:
            lower, upper = (self, other) if self.bound == "lower" else (other, self)
            return lower.value >= upper.high
        for bound, value in ((self, other), (other, self)):
            if bound.bound == "lower" and value.high >= bound.value:
                return False
            if bound.bound == "upper" and value.value <= bound.high:
                return False
        return True


def _at(tokens: tuple[Token, ...], position: int) -> int:
    """The index of the first token at or after `position`: tokens are in the text's order, so bisect."""
    return bisect_left(tokens, position, key=lambda t: t.start)


def context(
    tokens: tuple[Token, ...], start: int, end: int, stops: frozenset[str] = frozenset()
) -> frozenset[str]:
    """Stems of the content words just around a number (three either side): what it counts. A word in
    `stops` ends a side ("after" opens another event's clause)."""
    around = (range(_at(tokens, start) - 1, -1, -1), range(_at(tokens, end), len(tokens)))
    sides = (takewhile(lambda t: t.lower not in stops, (tokens[i] for i in r)) for r in around)
    words = ((t for t in side if t.stem in content_stems(t.lower)) for side in sides)
    return frozenset(t.stem for near in words for t in islice(near, 3))


def quantities(text: str, tokens: tuple[Token, ...]) -> tuple[Quantity, ...]:
    """The text's figures: numbers with their scale, unit and what they count, times of day, and plural
    scales as rough ranges."""
    day_numbers = day_of_month_offsets(text)
    # A figure's words stay in its sentence: two sentences read together, or a whole article, do not
    # lend one sentence's words to the other's figures.
    spans = split_sentences(text)
    ends = [span.end for span in spans]
    found: list[Quantity] = []
    previous = -1  # where the figure before ends
    for match in _QUANTITY.finditer(text):
        at = bisect_left(ends, match.end())
        sentence = spans[at] if at < len(spans) else None
        figure = _figure(text, tokens, match, day_numbers, sentence.end if sentence else len(text))
        if figure is not None:
            begins = sentence.start if sentence else 0
            since = begins if previous < begins else _lead_start(text, previous, match.start())
            words = tokens[_at(tokens, since) : _at(tokens, match.start())]
            lead = frozenset(t.stem for t in words if t.stem in content_stems(t.lower))
            found.append(replace(figure, lead=lead))
            previous = match.end()
    return tuple(found) + tuple(vague_amounts(text, tokens))


def _lead_start(text: str, previous: int, start: int) -> int:
    """Where the words leading to the figure at `start` begin, when the figure before (ending at
    `previous`) is in the same sentence: after the words trailing that figure, so that "rose 5% in the US
    and 3% in Europe" gives the 3% no leading words rather than "US"."""
    trail_end = _TRAIL_END.search(text, previous, start)
    return trail_end.end() if trail_end else start


def _figure(
    text: str, tokens: tuple[Token, ...], match: re.Match[str], day_numbers: frozenset[int], limit: int
) -> Quantity | None:
    """The figure a match of `_QUANTITY` gives, counting words before `limit` (its sentence's end); None
    for a year, a day of a month or a decade."""
    number = match.group("number").lower()
    plain = not (match.group("currency") or match.group("unit"))
    if plain and (is_year(number) or match.start("number") in day_numbers):
        return None
    if plain and _DECADE.match(text, match.end("number")):
        return None  # "the 1950s and 60s" are times, not figures
    value = float(NUMBER_WORDS[number]) if number in NUMBER_WORDS else float(number.replace(",", ""))
    clock = _CLOCK.match(text, match.end("number"))
    if plain and clock and clock.group().strip() and value < 25 and not match.group("high"):
        return _time_of_day(text, tokens, match, clock)
    kind, value, high, against = _measure(match, value)
    approx, bound = _roughness(text, match)
    around = context(tokens, match.start("number"), match.end())
    counted, counts = counted_by(text, match.end(), tokens, limit)
    if kind == "count" and (match.group("unit") or "").lower().startswith("pound"):
        counts |= {"pound"}  # pounds that are not money (`_weighs`) weigh
    if speed := _SPEED.match(text, match.end()):
        counts |= {"mph" if speed["mph"] else "kph"}
    # Only the few characters before the number: searching the whole prefix of a long article is slow.
    label = _LABEL.search(text, max(0, match.start("number") - 40), match.start("number"))
    # "won the US Open six times" counts wins: a label's number counts nothing.
    labelled = label.group(1).lower() if label and "time" not in counts else ""
    if kind == "count" and not match.group("high") and labelled and labelled not in _NOT_LABELS:
        # "Tier 2 reduction", "Game 6", "Category 4": a name with a number, not a count of anything.
        kind, counts = f"label {labelled}", frozenset()
    stage = _STAGE.search(text, max(0, match.start("number") - 10), match.start("number"))
    if kind == "count" and plain and not match.group("high") and stage:
        kind, counted, counts = "ordinal", "", content_stems(stage.group(1).replace("No.", "rank"))
    conditional = _in_conditional_clause(text, tokens, match.start())
    written = (
        f"{stage.group(1)} {match.group().strip()}" if kind == "ordinal" and stage else match.group().strip()
    )
    said = (value, kind, written, bool(approx), around, counted, high, counts, bound, conditional, against)
    return Quantity(*said, owner=_owner(text, match), baseline=_is_baseline(text, match))


def _owner(text: str, match: re.Match[str]) -> str:
    """The name in the possessive just before the figure ("Gonzalez's 111"), not a day's ("Wednesday's")
    nor a contraction's ("That's about 24,000")."""
    owner = _OWNER.search(text, max(0, match.start() - 40), match.start())
    word = owner.group(1).lower() if owner else ""
    return owner.group(1) if owner and word not in CALENDAR_WORDS | NOT_NAMES | _CONTRACTED else ""


def _measure(match: re.Match[str], value: float) -> tuple[str, float, float, float | None]:
    """The figure's kind, value, top of its range and, for a score, its other side."""
    scale = (match.group("scale") or match.group("suffix") or "").lower()
    value *= SCALES.get(scale, 1.0)
    high = (
        float(match.group("high").replace(",", "")) * SCALES.get(scale, 1.0) if match.group("high") else value
    )
    unit = (match.group("unit") or "").lower()
    kind = "count"
    if match.group("ordinal"):
        kind = "ordinal"
    elif unit in ("%", "percent", "per cent"):
        kind = "percent"
    elif unit.startswith("percentage"):
        kind = "points"
    elif match.group("currency") or (unit.rstrip("s") in MONEY_UNITS and not _weighs(match)):
        # Sums in different currencies are different things: "money $" is never "money £".
        kind = f"money {match.group('currency') or MONEY_UNITS[unit.rstrip('s')]}"
        value /= 100 if unit.startswith("cent") else 1
        high /= 100 if unit.startswith("cent") else 1
    if kind == "count" and high < value and not scale:
        # "2-0", "87-75": a score or a record, not a range.
        return "score", value, value, high
    return kind, value, high, None


# What tells pounds are money: "pounds sterling", "15,000 pounds ($18,500)", "pounds, or about $18,500".
_IN_MONEY = re.compile(r" sterling\b|[\s,(]*(?:or\s+)?(?:about\s+|around\s+|roughly\s+|nearly\s+)?[$€]")


def _weighs(match: re.Match[str]) -> bool:
    """Is "pounds" a weight ("a 215 pounds python", "8.5 million pounds of chicken")? As money it takes a
    sign, "sterling", a sum in another currency after it ("15,000 pounds, or about $18,500"), or a scale
    with nothing weighed after it ("a fee of 50 million pounds")."""
    unit = (match.group("unit") or "").lower()
    if not unit.startswith("pound") or _IN_MONEY.match(match.string, match.end()):
        return False
    scaled = match.group("scale") or match.group("suffix")
    return not scaled or bool(_WEIGHED.match(match.string, match.end()))


def _is_baseline(text: str, match: re.Match[str]) -> bool:
    """Is the figure what another is compared with or changed from?"""
    start = max(0, match.start() - 25)
    if _COMPARED_WITH.search(text, start, match.start()) or _CHANGED_FROM.search(text, start, match.start()):
        return True
    return bool(_FROM.search(text, start, match.start()) and _TO_FIGURE.match(text, match.end()))


def _roughness(text: str, match: re.Match[str]) -> tuple[str, str]:
    """How roughly the figure is said ("about", "more than"...), and the side it bounds, if any: "lower"
    for "more than 5" and "$5 a gallon or more", "upper" for "up to 5"."""
    approx = " ".join((match.group("approx") or "").lower().split())
    after = _BOUND_AFTER.match(text, match.end())
    if after:
        approx = "more than" if after.group("side").lower() in ("more", "higher", "above") else "up to"
    elif approx and _DENIED.search(text, max(0, match.start() - 5), match.start()):
        # "no fewer than five" is at least five; "no more than five" is up to five.
        approx = "at least" if approx in UPPER_BOUNDS else "up to" if approx in LOWER_BOUNDS else approx
    return approx, "lower" if approx in LOWER_BOUNDS else "upper" if approx in UPPER_BOUNDS else ""


def _time_of_day(
    text: str, tokens: tuple[Token, ...], match: re.Match[str], clock: re.Match[str]
) -> Quantity:
    """The time at the match as minutes after midnight ("12.07 a.m." is 7)."""
    hours, _, fraction = match.group("number").partition(".")
    minutes = int(clock["minutes"] or fraction or 0)
    half = (clock["half"] or ("p" if clock["pm"] else "a" if clock["am"] else "")).lower()
    hour = int(hours) % 12 + (12 if half == "p" else 0) if half else int(hours)
    written = text[match.start("number") : clock.end()].strip()
    around = context(tokens, match.start("number"), clock.end())
    value = float(60 * hour + minutes)
    return Quantity(value, "time", written, False, around, "", value, frozenset())


def vague_amounts(text: str, tokens: tuple[Token, ...]) -> list[Quantity]:
    """Plural scales as the rough ranges they say: "hundreds" is 200 to 999, "tens of thousands" 20,000
    to 99,999, "millions" 2 million or more; "2.5 million" is among "millions", "a few dozen" is not
    "hundreds"."""
    found = []
    for match in _VAGUE_AMOUNT.finditer(text):
        unit = PLURAL_SCALES[match["scale"].lower()] * PLURAL_SCALES.get((match["outer"] or "").lower(), 1)
        counted, counts = counted_by(text, match.end(), tokens)
        around = context(tokens, match.start(), match.end())
        conditional = _in_conditional_clause(text, tokens, match.start())
        # "thousands" runs up to a million; "hundreds", "dozens" and "tens of thousands" to ten times.
        low, high = 2 * unit, (10 if match["outer"] or unit < 1000 else 1000) * unit - 1
        found.append(
            Quantity(
                low, "count", match.group(), True, around, counted, high, counts, "", conditional, vague=True
            )
        )
    return found


def _in_conditional_clause(text: str, tokens: tuple[Token, ...], start: int) -> bool:
    """Is the text at `start` said under a condition or a possibility earlier in its clause ("could
    also take away the check marks if they don't start paying the higher $19.99")?"""
    until = _at(tokens, start)
    for token in reversed(tokens[max(0, until - CONDITION_SCOPE) : until]):
        if clause_breaks(text, token.start, start):
            return False
        if token.lower in CONDITIONS and token.text != "May":  # the month, not the modal
            return True
    return False


_LINKING = frozenset(["is", "are", "was", "were", "been"])


def counted_by(
    text: str, end: int, tokens: tuple[Token, ...], limit: int | None = None
) -> tuple[str, frozenset[str]]:
    """What the number ending at `end` counts, as written and as stems, from words before `limit`:
    "90% of US plastic" counts plastic ("of" is skipped; "for the" ends it); "a five-year-old otter"
    counts years."""
    compound = _COMPOUND.match(text, end)
    if compound:
        words = compound.group(1).lower()
        # A unit may be a function word elsewhere: "a 215-pound python" weighs, "$5" is five dollars.
        units = {stem(w) for w in words.split("-") if units_among([stem(w)])}
        return compound.group(1), content_stems(words) | units
    # An aside or the next figure says nothing of this one: "120 pounds (54.4 kilograms)".
    aside = _ASIDE.search(text, end)
    stop = min(aside.start() if aside else len(text), len(text) if limit is None else limit)
    # A clause ends with the figure: "died at the age of 96, sending the country into mourning".
    if _CLAUSE_AFTER.match(text, end):
        stop = end
    first = _at(tokens, end)  # "of" or "times as many", then two words, one more after "were"
    after = [t for t in tokens[first : first + 7] if t.start < stop]
    skipped = leading_words(after)
    following = after[skipped : skipped + 2]
    word = next((t for t in following if content_stems(t.lower)), None)
    # As written from the number on: "$20 *a month*", "90% *of US*".
    counted = text[end : word.start + len(word.text)].strip(' ,;:"“”') if word else ""
    # "130 others were injured" counts the injured: the word after "were" says what befell them.
    linked = next((i for i, t in enumerate(following) if t.lower in _LINKING), None)
    if linked is not None:
        following = after[skipped : skipped + linked + 2]
    return counted, frozenset(s for t in following for s in content_stems(t.lower))
