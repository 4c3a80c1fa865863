"""Numbers written in words, read as digits: "nearly seven million" -> "nearly 7 million", "sixth" -> "6th",
"three-quarters of a percentage point" -> "0.75 percentage points"; shares as percentages: "3 out of 10"
-> "30%", "a fifth" -> "about 20%".

Built on text2num's `alpha2digit`, which leaves "one", "first" and "second" as words (they are more
often not figures: "for the first time", "one of the backers").
"""

from __future__ import annotations

import re
from functools import lru_cache

from text_to_num import alpha2digit

from index.language.wordlists import MONTHS, NUMBER_WORDS, WEEKDAYS

# Plural scales and what each counts in: "millions", "tens of thousands" say roughly how many, no number.
PLURAL_SCALES = {
    "tens": 10,
    "dozens": 12,
    "hundreds": 100,
    "thousands": 1000,
    "millions": 10**6,
    "billions": 10**9,
    "trillions": 10**12,
}

# alpha2digit writes a scale after digits as a number of its own: "close to 7 million" -> "7 1000000".
_SPLIT_SCALE = re.compile(r"\b(\d+(?:[.,]\d+)*)\s+1(000|000000|000000000|000000000000)\b")
# ...and a scale alone as digits: "nearly seven million" -> "7000000"; written back with its word.
_ROUND = re.compile(r"(?<![\d.,])(\d+?)(000000000000|000000000|000000)(?![\d.,])")
_SCALE_WORDS = {"000": "thousand", "000000": "million", "000000000": "billion", "000000000000": "trillion"}


# Halves of a scale, which alpha2digit drops ("half a million" -> "a 1000000"): "half a million",
# "a half-million", "two and a half billion", "twenty-two and a half million", "a million and a half";
# and of a span of time: "a year and a half" -> "1.5 year", "half an hour" -> "0.5 hour".
_SPANS = r"(?:second|minute|hour|day|week|month|year|decade)s?|century|centuries"
_SCALE = rf"(?P<scale>{'|'.join(_SCALE_WORDS.values())}|{_SPANS})"
_TENS = r"(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)[ -]"
_SMALL = {"one": 1, **NUMBER_WORDS}
_HALVES = re.compile(
    rf"\b(?:half an?|an? half)[ -]{_SCALE}\b"
    rf"|(?<![\d.,])\b(?P<whole>(?:{_TENS})?\w+) and a half {_SCALE.replace('scale', 'after')}\b"
    rf"|\ban? {_SCALE.replace('scale', 'before')} and a half\b",
    re.IGNORECASE,
)

# "a couple of weeks" is about two; "a dozen" twelve, "two dozen" 24.
_DOZENS = {word: n for word, n in NUMBER_WORDS.items() if n < 12}
_FEW = re.compile(
    rf"\b(?:(?P<couple>a couple of)|(?P<dozen>a dozen)|(?P<times>{'|'.join(_DOZENS)}|\d+) dozen)\b",
    re.IGNORECASE,
)

# "thirty-three dollars and fifty cents" is one sum, $33.50, not 33 dollars and 50 cents.
_DOLLARS_AND_CENTS = re.compile(r"(?<![\d.,])(\d+(?:,\d{3})*) dollars? and (\d{1,2}) cents?\b", re.IGNORECASE)

# "several dozen" and "a few dozen" say what "dozens" says, not "a dozen".
_SEVERAL_DOZEN = re.compile(r"\b(?:several|a few) dozen\b", re.IGNORECASE)
# "millions", "tens of thousands": no number, however alpha2digit reads them ("1 million", "10 of 1000").
_VAGUE = re.compile(rf"\b({'|'.join(PLURAL_SCALES)})\b", re.IGNORECASE)


@lru_cache(maxsize=8192)
def numerals(text: str) -> str:
    """The text with its number words as digits, scales kept as words ("7 million", "93 percent"); a
    plural scale ("millions") stays a word."""
    # The split keeps the vague words at odd places; only the text between them is read.
    pieces = _VAGUE.split(_SEVERAL_DOZEN.sub("dozens", text))
    return "".join(piece if i % 2 else _digits(piece) for i, piece in enumerate(pieces))


def _halves(match: re.Match[str]) -> str:
    """ "half a million" -> "0.5 million", "a million and a half" -> "1.5 million", "twenty-two and a half
    million" -> "22.5 million"."""
    if match["scale"]:
        return f"0.5 {match['scale']}"
    if match["before"]:
        return f"1.5 {match['before']}"
    word = match["whole"]
    whole = str(_SMALL[word.lower()]) if word.lower() in _SMALL else alpha2digit(word, "en")
    if whole.isdigit() and int(whole) < 1000:
        return f"{whole}.5 {match['after']}"
    # "the firm and a half million more": no whole number before it, so half the scale.
    return f"{word} and 0.5 {match['after']}"


# Rate moves in parts of a point: "three-quarters of a percentage point", "a half-point hike", "75 basis
# points" are 0.75, 0.5 and 0.75 percentage points.
_POINT_PARTS = {"three-quarters": 0.75, "three-quarter": 0.75, "half": 0.5, "quarter": 0.25}
_PART_OF_A_POINT = re.compile(
    r"\b(?:an?\s+|one[ -])?(?P<part>three[ -]quarters?|half|quarter)"
    r"(?:\s+(?:of\s+)?a\s+(?:percentage\s+)?point|[ -]point)\b",
    re.IGNORECASE,
)
_BASIS_POINTS = re.compile(r"(?<![\d.,])(\d+(?:\.\d+)?)\s+basis[ -]points?\b", re.IGNORECASE)


def _points(text: str) -> str:
    text = _PART_OF_A_POINT.sub(
        lambda m: f"{_POINT_PARTS[m['part'].lower().replace(' ', '-')]} percentage points", text
    )
    return _BASIS_POINTS.sub(lambda m: f"{float(m[1]) / 100:g} percentage points", text)


def _few(match: re.Match[str]) -> str:
    if match["couple"]:
        return "about 2"
    times = match["times"]
    if times is None:
        return "12"
    return str(12 * (int(times) if times.isdigit() else _DOZENS[times.lower()]))


# Ages as news copy gives them, all read as "N years old" (like "a 60-year-old"): "aged 60", "at the age
# of 60", "died at 68", and a number set off by commas after a name ("Dina Boluarte, 60, is ...").
_AGE = re.compile(
    r"\b(?:aged?|at the age of|(?:died|dies|dead) at|(?P<name>[A-Z][\w’'-]*[a-z]),)"
    r" (?P<age>\d{1,3})(?P<comma>,?)"
    # Not a decimal, a time, a range, a list of tallies ("Texas, 38, and Florida, 29"), nor a span.
    r"(?![-\d:%]|[.,]\d|,? (?:and|or|to)\b|\s*(?:years?|months?|percent|[ap]\.?m)\b)"
)


# An age by its decade: "a man in his 30s" is 30 to 39 years old (not the 1930s).
_AGE_DECADE = re.compile(r"\b((?:in|into) (?:his|her|their) (?:early |mid-?|late )?)([1-9]0)s\b")


def _ages(match: re.Match[str]) -> str:
    """An `_AGE` match as "N years old", or as written when it is no age."""
    age, name, text = match["age"], match["name"], match.string
    # An age "at the time" is an age then, which a report's "17-year-old" of today does not deny.
    if not 0 < int(age) < 120 or text.startswith(" at the time", match.end()):
        return match.group()
    if name is None:
        return f"{match.group().rsplit(' ', 1)[0]} {age} years old{match['comma']}"
    listed = text[max(0, match.start() - 4) : match.start()].endswith(("and ", "or "))
    if not match["comma"] or listed or name.lower() in (*MONTHS, *WEEKDAYS):
        return match.group()
    return f"{name}, {age} years old,"


def _digits(text: str) -> str:
    text = _FEW.sub(_few, _HALVES.sub(_halves, _points(text)))
    text = _ONE_SPAN.sub(r"\g<lead> 1 \g<span>", text)
    digits = alpha2digit(text, "en")
    digits = _AGE.sub(_ages, _AGE_DECADE.sub(lambda m: f"{m[1]}{m[2]}-{int(m[2]) + 9} years old", digits))
    digits = _DEGREES.sub(lambda m: f"{m['figure']} degrees {_SCALES[m['scale'].upper()]}", digits)
    digits = _DOLLARS_AND_CENTS.sub(lambda m: f"${m[1]}.{int(m[2]):02d}", digits)
    digits = _SPLIT_SCALE.sub(lambda m: f"{m.group(1)} {_SCALE_WORDS[m.group(2)]}", digits)
    return _ROUND.sub(lambda m: f"{m.group(1)} {_SCALE_WORDS[m.group(2)]}", digits)


# A temperature with its sign: "-423°F" is 423 degrees Fahrenheit (a sign rarely tells two claims apart).
_DEGREES = re.compile(r"(?<![\w.])[-−–]?(?P<figure>\d+(?:\.\d+)?)\s?[°º]\s?(?P<scale>[FCfc])\b")
_SCALES = {"F": "Fahrenheit", "C": "Celsius"}

# Words that make a figure rough or a bound: "about 5", "more than $5", "close to 7 million".
ROUGH_OR_BOUND = (
    r"about|around|approximately|roughly|nearly|almost|some|over|more than|less than|fewer than|"
    r"up to|at least|an estimated|estimated|close to|under|just over|just under|above|below"
)

# A span of one after a bound or "for": "more than a decade" is more than 1 decade, "for a week" 1 week;
# not "a year ago" or "once a week", nor after "above" or "below" ("12% above a year earlier").
_ONE_SPAN = re.compile(
    r"\b(?P<lead>about|around|roughly|nearly|almost|over|more than|less than|under|up to|at least|close to"
    r"|just over|just under|for|within) an? "
    r"(?P<span>(?:second|minute|hour|day|week|month|year|decade|century)\b)",
    re.IGNORECASE,
)

# "3 out of 10", "one in 5": a share of a whole of at most 100.
_RATIO = re.compile(r"\b(\d+|one) (?:out of|in) (\d{1,3})\b(?![.,]\d|\s*%)", re.IGNORECASE)
# "a fifth", "one-third", "a quarter" (`numerals` writes "fifth" as "5th"), "half of", "half the".
_FRACTION = re.compile(
    rf"(?P<rough>\b(?:{ROUGH_OR_BOUND}) )?"
    r"(?:\b(?:a|one)[ -](?:(?P<nth>\d)(?:st|nd|rd|th)|(?P<word>third|quarter|fifth|tenth))\b"
    # `share` matches (empty) when "of", "the" ("a fifth the dose"), punctuation or the end follows.
    r"(?P<share>(?=\s+(?:of|the)\b|\s*[^\w\s]|\s*$))?"
    r"|\bhalf(?= of\b| the\b| its\b| their\b))",
    re.IGNORECASE,
)
_PARTS = {"third": 3, "quarter": 4, "fifth": 5, "tenth": 10}
# "two-thirds", "three-quarters": several parts of a whole, always a share.
_SEVERAL_PARTS = re.compile(
    rf"(?P<rough>\b(?:{ROUGH_OR_BOUND}) )?\b(?P<count>two|three|four|seven|nine)[ -]"
    r"(?P<word>third|quarter|fifth|tenth)s\b",
    re.IGNORECASE,
)
_COUNTS = {"two": 2, "three": 3, "four": 4, "seven": 7, "nine": 9}
# "Most plastic", "most of the voters", "the majority of": more than half; not "Most likely" nor "the most
# popular" (a superlative).
_MOST = re.compile(
    r"(?:^|(?<=[.!?] ))Most (?=[a-z])(?![a-z]+ly\b|of all\b)"
    r"|\bmost of (?=(?:the|its|their|his|her|them|these|those)\b)|\bthe majority of ",
    re.IGNORECASE,
)


def shares(text: str) -> str:
    """The text with shares written as percentages: "3 out of 10" -> "30%", "a fifth" -> "about 20%",
    "two-thirds" -> "about 66.7%";
    a fraction is as rough as "about" (a fifth of a budget is seldom exactly 20% of it)."""
    text = _RATIO.sub(_ratio, text)
    text = _SEVERAL_PARTS.sub(_several_parts, text)
    text = _MOST.sub(lambda m: "more than 50% of " if m.group().endswith("of ") else "More than 50% ", text)
    return _FRACTION.sub(_fraction, text)


def _several_parts(match: re.Match[str]) -> str:
    count, whole = _COUNTS[match["count"].lower()], _PARTS[match["word"].lower()]
    return f"{match['rough'] or 'about '}{100 * count / whole:.3g}%" if count < whole else match.group()


def _ratio(match: re.Match[str]) -> str:
    part = 1 if match.group(1).lower() == "one" else int(match.group(1))
    whole = int(match.group(2))
    return f"{100 * part / whole:.3g}%" if 0 < part < whole else match.group()


def _fraction(match: re.Match[str]) -> str:
    whole = int(match["nth"]) if match["nth"] else _PARTS.get((match["word"] or "").lower(), 2)
    # A share is rough, "by" one, "of" something or ends the clause: "a fourth season" is a rank.
    by = match.string[: match.start()].endswith("by ")
    if whole < 2 or not (
        match["rough"] or by or match["share"] is not None or match.group().lower().startswith("half")
    ):
        return match.group()
    return f"{match['rough'] or 'about '}{100 / whole:.3g}%"


_WRITTEN_NUMBER = re.compile(r"\d[\d,]*(?:\.(\d+))?")


def last_digit_step(text: str, value: float) -> float:
    """What the last written digit of a figure is worth: 0.1 billion in "11.4 billion", 1,000 in "4,000",
    1 in "93%"; the whole value when the text writes no digits."""
    match = _WRITTEN_NUMBER.search(text)
    digits = match.group().replace(",", "") if match else ""
    if not digits or not float(digits):
        return abs(value)
    scale = value / float(digits)
    if match and match.group(1):
        return scale * 10.0 ** -len(match.group(1))
    return scale * 10.0 ** (len(digits) - len(digits.rstrip("0")))
