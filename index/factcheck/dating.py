"""The fact-check rules on dates: the years, months, days and weekdays a claim gives, against those its
evidence sentence tells, counting what the report's own date and "last year" say."""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date, timedelta
from functools import lru_cache

from index.factcheck.claims import Analysis
from index.factcheck.findings import Evidence, Finding, other_value
from index.factcheck.values import Quantity, context
from index.factcheck.wording import clause_breaks
from index.factcheck.words import found_words
from index.language.dates import DateMention, dates, relative_months, relative_years, years_back
from index.language.names import mentions
from index.language.roles import looks_ahead, told_in_the_past
from index.language.tokens import stem
from index.language.wordlists import MONTHS, WEEKDAYS
from index.model import parse_published

# Years this close are a list ("in 2020 and 2021"): which is whose is not told by distance.
_LISTED_YEARS = 12
# What ends the clause a year dates; not brackets: "purchased by Kraft (KHC) in 1927".
_CLAUSE_MARKS = ",;:—"
# What may open a sentence before the date that dates all of it: "In 2019", "By late 2019,", "At its May
# meeting".
_FRONTED = re.compile(r"\W*(?:in|by|since|during|on|at|until|after|before|early|late)\b[\w\s,.]{0,16}", re.I)
# A name in the possessive a few words before a year: "Kilauea's devastating 2018 eruption".
_OWNED = re.compile(r"\b([A-Z][\w-]*)(?:'s|’s)\s+(?:[a-z]+\s+){0,2}$")
# What may stand between a month and its year: "March 2019", "March 5, 2019", "March of 2018".
_MONTH_TO_YEAR = re.compile(r"(?:\s+\d{1,2}(?:st|nd|rd|th)?)?,?\s+(?:of\s+)?")


def compare_dates(claim: Analysis, sentence: Analysis, evidence: Evidence) -> Iterable[Finding]:
    published = parse_published(evidence.published)
    article = analyse_dates_of(evidence.article_text)
    told = told_dates(sentence, published)
    for kind in ("year", "month", "day", "weekday"):
        claimed = [d for d in claim.dates if d.kind == kind]
        # A date the claim gives itself is no rival to its other dates: "the largest stranding before
        # the 2023 one was in 2011" is not contradicted by "the previous largest was in 2011".
        own = {d.value for d in claimed}
        for mention in claimed:
            if any(d.kind == kind and d.value == mention.value for d in told):
                continue
            stated = {d.value: d.text for d in told if d.kind == kind and d.value not in own}
            # The report's own year vouches for a year only when the sentence names no other.
            dated = _is_publication(kind, mention.value, published) and not stated
            if kind == "year":
                # "its first title since 1995" dates another event than "their 2021 World Series win".
                # ...but "March 2018" dates the same thing as "March 2019".
                said_of, month = deed_context(claim, mention), month_of(claim, mention)
                stated = {
                    d.value: d.text
                    for d in told
                    if d.kind == kind
                    and d.value not in own
                    and (said_of & date_context(sentence, d) or (month and month_of(sentence, d) == month))
                    and not year_of_another(sentence, d, claim)
                    and measured_from(sentence, d) == measured_from(claim, mention)
                }
            elif kind == "month":
                stated = _months_of_the_deed(claim, sentence, mention, stated)
            lone = _lone_year(claim, sentence) if kind == "year" else None
            if stated:
                yield other_value(mention.text.rstrip("."), ", ".join(stated.values()))
            elif mention.value not in article.get(kind, set()) and not dated:
                yield (
                    other_value(mention.text.rstrip("."), lone.text)
                    if lone
                    else Finding(False, f"the articles do not date it to {mention.text.rstrip('.')}")
                )


def _lone_year(claim: Analysis, sentence: Analysis) -> DateMention | None:
    """The one year a sentence writes, when the claim gives one year too and the articles never give
    the claim's: a sentence aligned with the claim then dates its fact otherwise ("Pickleball began
    life in 1965" for "Pickleball was invented in 1975"), unless the year is another's ("Kilauea's
    2018 eruption") or one it is measured from ("lowest since 1985")."""
    claimed = [d for d in claim.dates if d.kind == "year"]
    written = [d for d in sentence.dates if d.kind == "year"]
    if (
        len(claimed) != 1
        or len({d.value for d in written}) != 1
        or year_of_another(sentence, written[0], claim)
        or measured_from(sentence, written[0]) != measured_from(claim, claimed[0])
    ):
        return None
    return written[0]


def _said_of(sentence: Analysis, kind: str, value: str, words: frozenset[str]) -> bool:
    """Does the sentence write this date, or the weekday it is told by ("began Tuesday": June), beside
    one of these words, or date it only by the report's own date?"""
    written = [d for d in sentence.dates if d.kind == kind and d.value == value]
    if not written and kind == "month":
        written = [d for d in sentence.dates if d.kind == "weekday"]
    return not written or any(words & date_context(sentence, d) for d in written)


def _months_of_the_deed(
    claim: Analysis, sentence: Analysis, mention: DateMention, stated: dict[str, str]
) -> dict[str, str]:
    """The sentence's months said of the claim's deed: "became prime minister in October" is not dated
    by "Johnson, who resigned in July"; a month opening the sentence dates all of it."""
    said_of = deed_context(claim, mention)
    return {
        v: t for v, t in stated.items() if _said_of(sentence, "month", v, said_of) or _fronted(sentence, v)
    }


def _fronted(sentence: Analysis, value: str) -> bool:
    """Does this date open the sentence, dating all of it ("At its May meeting, the Fed raised ...")?"""
    return any(d.value == value and _FRONTED.fullmatch(sentence.text[: d.start]) for d in sentence.dates)


def measured_from(analysis: Analysis, year: DateMention) -> bool:
    """Is the year what something is measured from ("its lowest level against the US dollar since
    1985", "the closest race since the return to democracy in 1985")? It dates no deed of a claim's
    year, only another "since"."""
    return _SINCE.search(analysis.text, max(0, year.start - 50), year.start) is not None


_SINCE = re.compile(r"\bsince\b[^,.;:()]{0,40}$", re.IGNORECASE)


def year_of_another(sentence: Analysis, year: DateMention, claim: Analysis) -> bool:
    """Is the year said of a name the claim does not give ("Kilauea's devastating 2018 eruption" in a
    sentence on Mauna Loa)? Then it dates another's deed, not the claim's."""
    owner = _OWNED.search(sentence.text, max(0, year.start - 40), year.start)
    return owner is not None and not mentions(claim.text, owner.group(1))


def reported_before(claim: Analysis, sentence: Analysis, evidence: Evidence) -> Finding | None:
    """A sentence looking ahead ("the Fed will hike by half a point at its June meeting") in a report
    published before the earliest date a claim gives tells only what was expected then, not that it
    happened, as a claim told in the past says ("The Fed raised rates by half a point in June 2022").
    spaCy's parser reads the claim's tense only when the rest holds."""
    published = parse_published(evidence.published)
    years = sorted({int(d.value) for d in claim.dates if d.kind == "year"})
    if published is None or not years or not looks_ahead(sentence.text):
        return None
    months = [d for d in claim.dates if d.kind == "month"] if len(years) == 1 else []
    month = min((MONTHS.index(d.value) + 1 for d in months), default=1)
    days = [
        int(d.value.split()[1])
        for d in claim.dates
        if d.kind == "day" and d.value.startswith(MONTHS[month - 1])
    ]
    if date(years[0], month, min(days, default=1)) <= published or not told_in_the_past(claim.text):
        return None
    when = " ".join([*(d.text for d in months[:1]), str(years[0])])
    before = f"the report, of {published.day} {published:%b %Y}, came before {when}"
    return Finding(False, f"{before}: it tells only what was expected")


def undated_relative_year(claim: Analysis, sentence: Analysis, evidence: Evidence) -> Finding | None:
    """A claim's "last year" is told from when it is made; an undated report's "earlier this year" from
    a year no one knows. Such a report confirms the claim's year only by the same words ("rose 12% last
    year" for "rose 12% last year"), read as told from the same time."""
    if parse_published(evidence.published) is not None:
        return None
    said = {back for _, _, back in years_back(sentence.text)}
    unconfirmed = [text for _, text, back in years_back(claim.text) if back not in said]
    if not unconfirmed:
        return None
    return Finding(False, f"the article is undated, so it cannot confirm “{unconfirmed[0]}”")


def year_of_another_deed(claim: Analysis, sentence: Analysis) -> Finding | None:
    """The sentence gives the claim's one year and another, and dates every word of the claim it says
    by the other: "Kraft bought the company in 1923" against "incorporated in 1923 ... and purchased by
    Kraft in 1927"."""
    against = _years_against(claim, sentence)
    if against is None:
        return None
    claimed, same, years = against
    said = found_words(sentence.content, claim.content)
    # Lower-case words only: a name says who, not which deed the year dates.
    deeds = [t for t in sentence.tokens if t.stem in said and t.text[:1].islower()]
    nearest = [(_year_of(sentence, t.start, years), t) for t in deeds]
    if not nearest or any(year is same for year, _ in nearest):
        return None
    year, deed = nearest[0]
    return other_value(claimed.text, f"{year.text} for “{deed.text}”")


def figure_of_another_year(claim: Analysis, sentence: Analysis) -> Finding | None:
    """The sentence gives the claim's figure for another year, and another figure of its kind for the
    claim's year: "a 12.4% premium in July 2019, but only 5.8% in July 2022" against "12.4% in 2022"."""
    against = _years_against(claim, sentence)
    if against is None:
        return None
    claimed, same, years = against
    dated = [(o, _year_of(sentence, at, years)) for o, at in _places(sentence) if at >= 0]
    for quantity in claim.quantities:
        mine = [year for o, year in dated if quantity.matches(o)]
        rivals = [
            o for o, year in dated if year is same and o.kind == quantity.kind and not quantity.matches(o)
        ]
        if mine and same not in mine and rivals:
            return other_value(
                f"{quantity.text} in {claimed.text}",
                f"{quantity.text} in {mine[0].text}, {rivals[0].text} in {same.text}",
            )
    return None


def _years_against(
    claim: Analysis, sentence: Analysis
) -> tuple[DateMention, DateMention, list[DateMention]] | None:
    """(the claim's one year, the sentence's mention of it, the sentence's years) when the sentence gives
    that year once and another year too, not in a list with it ("in 2020 and 2021"), nor opening the
    sentence ("In 2019 the firm bought a chain founded in 2015": it dates all of it)."""
    claimed = [d for d in claim.dates if d.kind == "year"]
    years = [d for d in sentence.dates if d.kind == "year"]
    same = [d for d in years if claimed and d.value == claimed[0].value]
    if len(claimed) != 1 or len(same) != 1 or len(years) < 2:
        return None
    if any(0 < abs(d.start - same[0].start) < _LISTED_YEARS for d in years):
        return None
    if _FRONTED.fullmatch(sentence.text[: same[0].start]):
        return None
    return claimed[0], same[0], years


def _year_of(sentence: Analysis, at: int, years: list[DateMention]) -> DateMention:
    """The year that dates the word at this offset: the first after it in its clause ("bought by Kraft
    in 1927"), else the last before it ("In 2019 the firm was bought"), else the nearest ("in 2012, a
    party whose agenda")."""
    clause = [y for y in years if not clause_breaks(sentence.text, at, y.start, _CLAUSE_MARKS)]
    after = [y for y in clause if y.start > at]
    before = [y for y in clause if y.start < at]
    if after or before:
        return after[0] if after else before[-1]
    return min(years, key=lambda y: abs(y.start - at))


def _places(sentence: Analysis) -> list[tuple[Quantity, int]]:
    """Each figure of the sentence with where it is written (-1 if its words are not found as written, "7"
    for "seven"): a figure said twice at its own place each time, and not inside a longer number ("5%" in
    "15%")."""
    taken: dict[str, int] = {}
    placed = []
    for figure in sentence.quantities:
        written = re.compile(rf"(?<![\w.,$€£]){re.escape(figure.text)}(?!\w|[.,]\d)")
        match = written.search(sentence.text, taken.get(figure.text, 0))
        taken[figure.text] = match.end() if match else len(sentence.text)
        placed.append((figure, match.start() if match else -1))
    return placed


def dates_told(claim: Analysis, sentence: Analysis, evidence: Evidence) -> tuple[DateMention, ...]:
    """The claim's dates the sentence gives, or its report's date where the sentence names none of that
    kind ("announced on Thursday" in a report of July 2022 dates it to July 2022)."""
    published = parse_published(evidence.published)
    told = told_dates(sentence, published)
    kinds = {d.kind for d in told}
    return tuple(
        m
        for m in claim.dates
        if any(d.kind == m.kind and d.value == m.value for d in told)
        or (m.kind not in kinds and _is_publication(m.kind, m.value, published))
    )


def told_dates(sentence: Analysis, published: date | None) -> tuple[DateMention, ...]:
    """The sentence's dates, with the years and months it tells from its report's ("last year" in 2022:
    2021; "last month" in July: June) and the months of its weekdays (`weekday_months`)."""
    if published is None:
        return sentence.dates
    relative = relative_years(sentence.text, published)
    years = tuple(DateMention("year", str(year), said, at) for at, said, year in relative)
    months = tuple(
        DateMention("month", MONTHS[month.month - 1], f"{said} ({month:%B %Y})", at)
        for at, said, month in relative_months(sentence.text, published)
    )
    return sentence.dates + years + months + weekday_months(sentence, published)


def weekday_months(sentence: Analysis, published: date) -> tuple[DateMention, ...]:
    """The month of each weekday a sentence naming no month gives, the week up to its report's date
    ("began Tuesday" in a report of Wednesday 22 June: 21 June), and the month of the week after when
    that is another ("will begin Tuesday" in a report of Thursday 30 June)."""
    if any(d.kind == "month" for d in sentence.dates):
        return ()
    months = []
    for weekday in (d for d in sentence.dates if d.kind == "weekday"):
        back = (published.weekday() - WEEKDAYS.index(weekday.value)) % 7
        days = [published - timedelta(days=back), published + timedelta(days=7 - back if back else 7)]
        for day in days if days[0].month != days[1].month else days[:1]:
            written = f"{weekday.text} ({day.day} {day:%B})"
            months.append(DateMention("month", MONTHS[day.month - 1], written, weekday.start))
    return tuple(months)


def date_context(analysis: Analysis, mention: DateMention) -> frozenset[str]:
    """The words a date is said of, in its own clause: "became prime minister in October" is not dated
    by what comes "after Liz Truss resigned"."""
    start, end = mention.start, mention.start + len(mention.text)
    # A colon or semicolon ends the clause too: "born into a new era: In 2011, the monarchy abolished".
    marks = [m.start() for m in _CLAUSE_MARK.finditer(analysis.text)]
    left = max((at for at in marks if at < start), default=-1)
    right = min((at for at in marks if at >= end), default=len(analysis.text))
    clause = tuple(t for t in analysis.tokens if left < t.start < right)
    return context(clause, start, end, _OTHER_EVENT)


def deed_context(claim: Analysis, mention: DateMention) -> frozenset[str]:
    """The words a claim's date is said of, but its names: two dates tell the same deed by a word of it,
    not by a name both give ("Maryland voters on Tuesday" does not date "legal in Maryland in July")."""
    return date_context(claim, mention) - {stem(n) for n in (*claim.names, *claim.opening)}


# A colon or semicolon between words, not in a time of day ("2:17 p.m.").
_CLAUSE_MARK = re.compile(r"[:;](?=\s)")
# Words that open the clause of another event than the one a date is said of.
_OTHER_EVENT = frozenset(["after", "before", "when", "while", "since", "until", "because"])


def month_of(analysis: Analysis, year: DateMention) -> str:
    """The month written just before a year ("March 2019", "October 20, 2022", "20 October 2022")."""
    for month in analysis.dates:
        end = month.start + len(month.text)
        if month.kind == "month" and _MONTH_TO_YEAR.fullmatch(analysis.text, end, max(end, year.start)):
            return month.value
    return ""


@lru_cache(maxsize=256)
def analyse_dates_of(text: str) -> dict[str, set[str]]:
    """The dates a whole article gives (only its dates are read: figures in words cost time)."""
    found: dict[str, set[str]] = {}
    for mention in dates(text):
        found.setdefault(mention.kind, set()).add(mention.value)
    return found


def _is_publication(kind: str, value: str, published: date | None) -> bool:
    if published is None:
        return False
    if kind == "year":
        return value == str(published.year)
    if kind == "weekday":
        return value == published.strftime("%A").lower()
    if kind == "month":
        return value == published.strftime("%B").lower()
    return value == f"{published.strftime('%B').lower()} {published.day}"
