"""Dates: ISO dates as articles and feeds write them, month and weekday names, day-and-month dates, and
the dates the fact-checker compares (years, months, days of a month, weekdays), with the numbers that are
dates rather than figures: years and days of a month.

Dates in text are read with hand rules, not dateparser's `search_dates`: on 400 RealTime QA sentences
dateparser took 987 ms against 2 ms and read "we", "now", "may", "M19" and "$5 a" as dates.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime

from index.language.wordlists import MONTHS, WEEKDAYS

# Month names and their abbreviations, by month number: "march" and "mar" are 3.
MONTH_ABBREVIATIONS = {name[:3]: number for number, name in enumerate(MONTHS, start=1)} | {"sept": 9}
MONTH_NUMBERS = {name: number for number, name in enumerate(MONTHS, start=1)} | MONTH_ABBREVIATIONS
# Words that name a month or a day of the week, lower-cased.
CALENDAR_WORDS = frozenset(MONTH_NUMBERS) | frozenset(WEEKDAYS)

# Month names are capitalised in news copy; matching them case-sensitively keeps "may" a verb.
_CAPITALISED_MONTHS = "|".join(sorted((m.title() for m in MONTH_NUMBERS), key=len, reverse=True))
_DAY_MONTH = re.compile(
    rf"\b(?:(?P<month>{_CAPITALISED_MONTHS})\.?\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?"
    rf"|(?P<day2>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<month2>{_CAPITALISED_MONTHS}))\b"
)


_NAMES_A_TIME = re.compile(
    rf"\b(?:{'|'.join(sorted(CALENDAR_WORDS, key=len, reverse=True))})\b|\b(?:1[5-9]|20)\d\d\b"
    r"|\b(?:today|yesterday|tonight|tomorrow)\b|\b(?:last|this|next) (?:week|month|year)\b",
    re.IGNORECASE,
)


# A year told from the report's own: "last year", "this year", "two years ago". "A year ago" and "three
# years earlier" are left out: the first is mostly a baseline ("6% a year ago"), the second counts from
# whatever year the story has reached; "last year's crowd" dates the crowd, not the sentence.
_RELATIVE_YEAR = re.compile(
    r"\b(?P<which>last|this|next)\s+year\b(?!['’]s)"
    r"|\b(?P<count>two|three|four|five|[2-9]|\d{2})\s+years\s+ago\b",
    re.IGNORECASE,
)
# What a figure is compared with or measured over ("up 26% from last year", "over the last year") is
# no date of the event.
_BASELINE = re.compile(r"\b(?:from|than|over|since|with|to|versus|vs\.?|the|past)\s+$", re.IGNORECASE)
# How many years (or months) back from the report's: "last" 1, "next" -1, "two years ago" 2.
_BACK = {"last": 1, "this": 0, "next": -1, "two": 2, "three": 3, "four": 4, "five": 5}


def relative_years(text: str, published: date) -> list[tuple[int, str, int]]:
    """The years a report dated `published` names relative to its own, each as (where, as written,
    year): "last year" in a 2022 report is 2021. A baseline ("up 5% from last year") dates nothing."""
    return [(at, said, published.year - back) for at, said, back in years_back(text)]


def years_back(text: str) -> list[tuple[int, str, int]]:
    """The years the text names relative to its own time, each as (where, as written, how many years
    before it): "last year" is 1, "this year" 0, "two years ago" 2. A baseline ("up 5% from last year")
    dates nothing."""
    found = []
    for match in _dating(_RELATIVE_YEAR, text):
        which = (match["which"] or match["count"]).lower()
        found.append((match.start(), match.group(), int(which) if which.isdecimal() else _BACK[which]))
    return found


def _dating(pattern: re.Pattern[str], text: str) -> list[re.Match[str]]:
    """The pattern's matches that date something: not a baseline ("up 5% from last year")."""
    return [
        m for m in pattern.finditer(text) if not _BASELINE.search(text, max(0, m.start() - 20), m.start())
    ]


_RELATIVE_MONTH = re.compile(r"\b(?P<which>last|this|next)\s+month\b(?!['’]s)", re.IGNORECASE)


def relative_months(text: str, published: date) -> list[tuple[int, str, date]]:
    """The months a report dated `published` names relative to its own, each as (where, as written,
    the month's first day): "last month" in a report of 5 July 2022 is June 2022. A baseline ("down 3%
    from last month") dates nothing."""
    found = []
    for match in _dating(_RELATIVE_MONTH, text):
        months = published.year * 12 + published.month - 1 - _BACK[match["which"].lower()]
        found.append((match.start(), match.group(), date(months // 12, months % 12 + 1, 1)))
    return found


def names_a_time(text: str) -> bool:
    """Does the phrase say when: a month, a weekday, a year, "yesterday"? "age 89" and "decades" say
    how long, not when."""
    return _NAMES_A_TIME.search(text) is not None


def told_from_the_report(text: str) -> bool:
    """Does the phrase date something by its weekday alone ("Thursday", "on Monday afternoon") or by the
    report's own day ("today", "last night")? News writes the week's days so: which Thursday, or which
    today, is for the report's date to tell."""
    if _REPORTS_DAY.fullmatch(text.strip()):
        return True
    found = dates(text)
    return bool(found) and all(d.kind == "weekday" for d in found)


_REPORTS_DAY = re.compile(
    r"(?:earlier |later )?(?:today|tonight|yesterday|this (?:morning|afternoon|evening)|last night)",
    re.IGNORECASE,
)


def parse_date(value: object) -> date | None:
    """Read an ISO date or datetime; anything else is treated as unknown."""
    if isinstance(value, date):
        return value
    if not isinstance(value, str) or not value.strip():
        return None
    raw = value.strip()
    try:
        return datetime.fromisoformat(raw.replace("Z", "+00:00")).date()
    except ValueError:
        pass
    try:
        return date.fromisoformat(raw[:10])
    except ValueError:
        return None


def day_month_dates(text: str) -> dict[str, str]:
    """Day-and-month dates by key, each as first written ("3-5" for "March 5" and "5th of March")."""
    found: dict[str, str] = {}
    for match in _DAY_MONTH.finditer(text):
        month = MONTH_NUMBERS[(match["month"] or match["month2"]).lower()]
        found.setdefault(f"{month}-{int(match['day'] or match['day2'])}", match.group())
    return found


@dataclass(frozen=True)
class DateMention:
    """A date a text gives, as the fact-checker compares it: a year, a month, a day of a month or a
    weekday, with its value ("march 5"), as written and where."""

    kind: str  # year | month | day | weekday
    value: str
    text: str
    start: int = 0  # where in the text


_MONTH_WORD = r"\b(?:" + "|".join(MONTH_NUMBERS) + r")\b\.?"
_UNIT_ORDINALS = ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth")
_TEEN_ORDINALS = ("eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth", "sixteenth")
_ORDINAL_WORDS = (
    *_UNIT_ORDINALS,
    "tenth",
    *_TEEN_ORDINALS,
    "seventeenth",
    "eighteenth",
    "nineteenth",
    "twentieth",
    *(f"twenty-{word}" for word in _UNIT_ORDINALS),
    "thirtieth",
    "thirty-first",
)
# A day in words ("the Fourth of July"): an article's dates are read without turning words into digits.
_ORDINAL_DAYS = {word: day for day, word in enumerate(_ORDINAL_WORDS, start=1)}
_ORDINAL_DAY = "|".join(sorted(_ORDINAL_WORDS, key=len, reverse=True))
# "May" is a month only next to a day or a year; elsewhere it is the modal verb.
# "October 20", and "20 October" as British copy writes it (its day is `lead`, or `lead_word` in words).
_MONTH = re.compile(
    rf"(?:\b(?P<lead>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?|\b(?P<lead_word>{_ORDINAL_DAY})\s+of\s+)?"
    rf"(?P<month>{_MONTH_WORD})(?:\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\b)?",
    re.IGNORECASE,
)
# More days of the month just named: "September 2 and 5", "May 3, 4 or 6"; not a count of what follows
# ("On March 5, 12 people").
_MORE_DAYS = re.compile(
    r"(?:\s*,\s*(?P<joined>and\s+|or\s+)?|\s+(?P<last>and|or)\s+)(?P<day>\d{1,2})(?:st|nd|rd|th)?\b"
    r"(?![.,:]\d|\s*(?:%|per\b|percent\b|thousand\b|million\b|billion\b|people\b|men\b|women\b|children\b|of\b|[a-z]+s\b))"
)
_YEAR = re.compile(r"(?<![$€£\d,.])\b(?P<year>19\d\d|20\d\d)\b(?!\s*%|,\d|\.\d)")
_WEEKDAY = re.compile(r"\b(?P<weekday>" + "|".join(WEEKDAYS) + r")s?\b", re.IGNORECASE)
_PLAIN_WORD_MONTHS = frozenset(["mar", "jan", "dec", "march", "august"])


def _day_group(match: re.Match[str]) -> str:
    """Which group of a `_MONTH` match holds its day, if any: "5 may be" has none, "5 May" and "Fourth
    of July" have."""
    if match["day"]:
        return "day"
    if not match["month"][0].isupper():
        return ""
    return "lead" if match["lead"] else "lead_word" if match["lead_word"] else ""


def _day_of(match: re.Match[str]) -> int | None:
    group = _day_group(match)
    if not group:
        return None
    return _ORDINAL_DAYS[match[group].lower()] if group == "lead_word" else int(match[group])


def dates(text: str) -> tuple[DateMention, ...]:
    """The years, months, days of a month and weekdays the text gives."""
    found: list[DateMention] = []
    for match in _YEAR.finditer(text):
        found.append(DateMention("year", match.group("year"), match.group("year"), match.start()))
    for match in _MONTH.finditer(text):
        word = match.group("month").lower().rstrip(".")
        month = MONTHS[MONTH_NUMBERS[word] - 1]
        capitalised = match.group("month")[0].isupper()
        day = _day_of(match)
        beside_year = bool(_YEAR.match(text[match.end() : match.end() + 6].strip(" ,")))
        # "May" is also the modal verb, and some month names are plain words in lower case ("protesters
        # will march", "an august body"): such a name is a month only beside a day or a year.
        ambiguous = (month == "may" and not _the_month_may(text, match)) or (
            word in _PLAIN_WORD_MONTHS and not capitalised
        )
        if ambiguous and not day and not beside_year:
            continue
        found.append(DateMention("month", month, match.group("month"), match.start("month")))
        if day:
            found.append(DateMention("day", f"{month} {day}", match.group().strip(), match.start()))
        for start, more in _listed_days(text, match):
            found.append(DateMention("day", f"{month} {int(more)}", f"{match['month']} {more}", start))
    for match in _WEEKDAY.finditer(text):
        weekday = match.group("weekday")
        found.append(DateMention("weekday", weekday.lower(), weekday, match.start()))
    return tuple(found)


def _the_month_may(text: str, match: re.Match[str]) -> bool:
    """Is a capital "May" inside a sentence the month ("at its May meeting", "in May")? Not after a
    capitalised word ("Theresa May") nor opening a sentence, where it may be the verb."""
    before = _WORD_BEFORE.search(text, 0, match.start("month"))
    return match.group("month").rstrip(".") == "May" and before is not None and before.group(1)[0].islower()


_WORD_BEFORE = re.compile(r"(\w[\w'’]*)\s+$")


def day_of_month_offsets(text: str) -> frozenset[int]:
    """Where the text writes the day of a month: "20" in "October 20" and "20 October", "5" in
    "September 2 and 5", not "5" in "5 may be"."""
    found = set()
    for match in _MONTH.finditer(text):
        if _day_group(match):
            found |= {match.start(_day_group(match)), *(start for start, _ in _listed_days(text, match))}
    return frozenset(found)


def _listed_days(text: str, match: re.Match[str]) -> list[tuple[int, str]]:
    """The further days listed after a "Month day" match: (where, day) for "5" in "September 2 and 5"."""
    if not match["day"]:
        return []
    listed, end, closed = [], match.end(), False
    while not closed and (more := _MORE_DAYS.match(text, end)) and 1 <= int(more["day"]) <= 31:
        listed.append((more.start("day"), more["day"]))
        end, closed = more.end(), bool(more["joined"] or more["last"])
    # A list ends with "and" or "or": "On March 5, 12 were hurt" lists nothing.
    return listed if closed else []


def is_year(number: str) -> bool:
    """Is the number, written alone, a year ("2019", not "2019.5" or "3019")?"""
    return _YEAR.fullmatch(number) is not None
