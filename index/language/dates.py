"""Dates: ISO dates as articles and feeds write them, month and weekday names, and day-and-month dates.

Day-and-month dates are read with a hand rule, not dateparser's `search_dates`: on 400 RealTime QA
sentences dateparser took 987 ms against 2 ms and read "we", "now", "may", "M19" and "$5 a" as dates.
"""

from __future__ import annotations

import re
from datetime import date, datetime

from index.language.wordlists import MONTHS, WEEKDAYS

# Month names and their abbreviations, by month number: "march" and "mar" are 3.
MONTH_ABBREVIATIONS = {name[:3]: number for number, name in enumerate(MONTHS, start=1)} | {"sept": 9}
MONTH_NUMBERS = {name: number for number, name in enumerate(MONTHS, start=1)} | MONTH_ABBREVIATIONS
# Words that name a month or a day of the week, lower-cased.
CALENDAR_WORDS = frozenset(MONTH_NUMBERS) | frozenset(WEEKDAYS)

# Month names are capitalised in news copy; matching them case-sensitively keeps "may" a verb.
_MONTH = "|".join(sorted((m.title() for m in MONTH_NUMBERS), key=len, reverse=True))
_DAY_MONTH = re.compile(
    rf"\b(?:(?P<month>{_MONTH})\.?\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?"
    rf"|(?P<day2>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<month2>{_MONTH}))\b"
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
_YEARS_BACK = {"last": 1, "this": 0, "next": -1, "two": 2, "three": 3, "four": 4, "five": 5}


def relative_years(text: str, published: date) -> list[tuple[int, str, int]]:
    """The years a report dated `published` names relative to its own, each as (where, as written,
    year): "last year" in a 2022 report is 2021. A baseline ("up 5% from last year") dates nothing."""
    found = []
    for match in _RELATIVE_YEAR.finditer(text):
        if _BASELINE.search(text, max(0, match.start() - 20), match.start()):
            continue
        which = (match["which"] or match["count"]).lower()
        back = int(which) if which.isdecimal() else _YEARS_BACK[which]
        found.append((match.start(), match.group(), published.year - back))
    return found


def names_a_time(text: str) -> bool:
    """Does the phrase say when: a month, a weekday, a year, "yesterday"? "age 89" and "decades" say
    how long, not when."""
    return _NAMES_A_TIME.search(text) is not None


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
