"""Quantities as news copy writes them: "$4.2 million", "8.5%", "1,500 dollars", "311".

A hand rule, not quantulum3: on 1,500 RealTime QA sentences quantulum3 took 9.0 s against the rule's
25 ms, needed its unit classifier switched off (its pickle does not load with the installed scikit-learn),
and read "a U" as atomic mass units, "negative" as a number and "18 to 21" as 19.5. Number words are
turned into digits first by `index.language.numbers.numerals` (text2num).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from index.language.tokens import stem

# Units a number can be counted in, each with its other spellings: "187 minutes" and "three hours" are not
# compared, and "70 grams" is not "70 kilograms".
UNIT_SPELLINGS = {
    "second": ("second", "sec"),
    "minute": ("minute", "min"),
    "hour": ("hour", "hr"),
    "day": ("day",),
    "week": ("week",),
    "month": ("month",),
    "year": ("year",),
    "decade": ("decade",),
    "century": ("century", "centuries"),
    "millennium": ("millennium", "millennia"),
    "mile": ("mile",),
    "kilometer": ("kilometer", "kilometre", "km"),
    "meter": ("meter", "metre"),
    "centimeter": ("centimeter", "centimetre", "cm"),
    "millimeter": ("millimeter", "millimetre", "mm"),
    "micrometer": ("micrometer", "micrometre", "micron"),
    "foot": ("foot", "feet", "ft"),
    "inch": ("inch",),
    "yard": ("yard",),
    "mph": ("mph",),
    "km/h": ("kph", "kmh"),
    "knot": ("knot",),
    "gram": ("gram",),
    "kilogram": ("kilogram", "kilo", "kg"),
    "milligram": ("milligram", "mg"),
    "microgram": ("microgram", "mcg"),
    "ounce": ("ounce", "oz"),
    "pound": ("pound", "lb"),
    "ton": ("ton", "tonne"),
    "acre": ("acre",),
    "hectare": ("hectare",),
    "gallon": ("gallon",),
    "liter": ("liter", "litre"),
    "barrel": ("barrel",),
    "degree": ("degree",),
    "fahrenheit": ("fahrenheit",),
    "celsius": ("celsius", "centigrade"),
    "point": ("point",),
    "dose": ("dose",),
    "magnitude": ("magnitude",),  # of a quake: "7.0-magnitude" is no count of anything
}

# Each spelling's stem, to the unit it spells.
_UNIT_OF = {stem(spelling): unit for unit, spellings in UNIT_SPELLINGS.items() for spelling in spellings}
_TEMPERATURE_SCALES = frozenset({"fahrenheit", "celsius"})


def units_among(stems: Iterable[str]) -> frozenset[str]:
    """The units these word stems spell. "degrees Celsius" and "degrees Fahrenheit" share no unit: the
    scale is the unit."""
    units = frozenset(_UNIT_OF[s] for s in stems if s in _UNIT_OF)
    return units - {"degree"} if units & _TEMPERATURE_SCALES else units


# The days each unit of time spans: "18 months" is a year and a half, "46 millennia" 46,000 years.
DAYS_IN = {
    "second": 1 / 86400,
    "minute": 1 / 1440,
    "hour": 1 / 24,
    "day": 1.0,
    "week": 7.0,
    "month": 365.25 / 12,
    "year": 365.25,
    "decade": 3652.5,
    "century": 36525.0,
    "millennium": 365250.0,
}

SCALE_VALUES = {"thousand": 10**3, "million": 10**6, "billion": 10**9, "bn": 10**9, "trillion": 10**12}
CURRENCY_CODES = {"$": "USD", "€": "EUR", "£": "GBP", "dollar": "USD", "euro": "EUR", "pound": "GBP"}

_AMOUNT = re.compile(
    r"(?P<symbol>[$€£])?\s?(?P<digits>\d{1,3}(?:,\d{3})+|\d+)(?P<fraction>\.\d+)?"
    r"(?:\s?(?P<scale>thousand|million|billion|bn|trillion)\b)?"
    r"(?:\s?(?P<percent>%|percent\b|per cent\b))?"
    r"(?:\s?(?P<currency>dollar|euro|pound)s?\b)?",
    re.IGNORECASE,
)
# Characters that glue a number to a word, a date or a code ("Covid-19", "9/11", "10:30", "3.5.1").
_GLUED_BEFORE = frozenset("._,/:-")
_GLUED_AFTER = frozenset("/:-")


@dataclass(frozen=True)
class Amount:
    """A number as written, with its value (scale applied), currency and whether it is a percentage."""

    text: str
    start: int
    end: int
    number_end: int  # where its digits end
    figure_end: int  # where its scale or percent sign ends, before a currency word ("pounds" may weigh)
    value: Decimal
    symbol: str  # "$", "€", "£" or ""
    currency: str  # "USD", "EUR", "GBP" (from a symbol or a word) or ""
    percent: bool

    @property
    def key(self) -> str:
        """What makes two amounts the same: "$1.5 billion" and "1,500,000,000 dollars" are both
        "USD 1500000000"."""
        unit = self.currency or ("%" if self.percent else "")
        return f"{unit} {self.value.normalize():f}".strip()

    def standalone(self, text: str) -> bool:
        """Not glued to a word or code on either side ("Covid-19", "9/11", "2021-22", "3.5.1")."""
        before = text[self.start - 1] if self.start else " "
        after = text[self.number_end : self.number_end + 2]
        if before.isalnum() or before in _GLUED_BEFORE:
            return False
        if after[:1].isalnum() or after[:1] == "_" or after[:1] in _GLUED_AFTER:
            return False
        return not (after[:1] in {".", ","} and after[1:2].isdigit())


def amounts_in(text: str) -> Iterator[Amount]:
    """Every number in the text, with the scale, percent sign and currency written around it."""
    for match in _AMOUNT.finditer(text):
        try:
            value = Decimal(match["digits"].replace(",", "") + (match["fraction"] or ""))
        except InvalidOperation:
            continue
        if match["scale"]:
            value *= SCALE_VALUES[match["scale"].lower()]
        symbol = match["symbol"] or ""
        currency = CURRENCY_CODES.get(symbol or (match["currency"] or "").lower(), "")
        start = match.start() + len(match.group()) - len(match.group().lstrip())
        number_end = match.end("fraction") if match["fraction"] else match.end("digits")
        figure_end = max(number_end, match.end("scale"), match.end("percent"))
        yield Amount(
            match.group().strip(),
            start,
            match.end(),
            number_end,
            figure_end,
            value,
            symbol,
            currency,
            bool(match["percent"]),
        )


def quantities(text: str) -> dict[str, str]:
    """Numbers by comparable key (`Amount.key`), each as first written."""
    found: dict[str, str] = {}
    for amount in amounts_in(text):
        found.setdefault(amount.key, amount.text)
    return found
