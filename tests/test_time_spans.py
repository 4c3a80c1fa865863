"""Spans, times of day and months as news copy writes them: "18 months" is a year and a half, "two
decades" 20 years, "2:17 in the afternoon" is 2:17 p.m., and "protesters will march" names no month."""

from __future__ import annotations

from datetime import date

from index.desk import Newsdesk
from index.factcheck.check import FactChecker
from index.factcheck.claims import analyse
from index.factcheck.values import Quantity
from index.language.dates import dates
from index.language.numbers import numerals
from index.model import Article, Verdict

JAILED = Article(
    title="Former rebel sworn in as president",
    text=(
        "Mateo Ruiz was sworn in as president on Sunday. He spent 18 months in a military jail before he "
        "was freed in 1987, and later served two decades in the senate."
    ),
    source="Andes Wire",
    url="https://andes.example/ruiz",
    published=date(2022, 8, 7),
)


def figure(text: str) -> Quantity:
    (quantity,) = analyse(text).quantities
    return quantity


def test_halves_and_a_couple_of_a_unit_of_time_are_numbers() -> None:
    """ "a year and a half" is 1.5 years, "two and a half hours" 2.5, "half an hour" 0.5; "a couple of
    weeks" is about two, "a dozen" twelve and "two dozen" 24, while "dozens" says no number; "half a
    mile" is no span and stays words."""
    assert numerals("a year and a half") == "1.5 year"
    assert numerals("two and a half hours") == "2.5 hours"
    assert numerals("half an hour") == "0.5 hour"
    assert numerals("a couple of weeks") == "about 2 weeks"
    assert numerals("about a dozen people") == "about 12 people"
    assert numerals("two dozen were injured") == "24 were injured"
    assert numerals("dozens were injured") == "dozens were injured"
    assert numerals("half a mile") == "half a mile"


def test_a_span_of_one_after_a_bound_is_a_number() -> None:
    """ "more than a decade" is more than 1 decade and "for a week" 1 week, so a sentence that gives no
    span cannot vouch for them; "a year ago", "once a week" and "12% above a year earlier" say no span."""
    assert numerals("existed for more than a decade") == "existed for more than 1 decade"
    assert numerals("it lasted for a week") == "it lasted for 1 week"
    assert figure("almost a year later").matches(figure("about 12 months later"))
    assert numerals("a year ago") == "a year ago"
    assert numerals("once a week") == "once a week"
    assert numerals("12% above a year earlier") == "12% above a year earlier"


def test_one_span_in_other_units_matches() -> None:
    """A span matches itself counted in another unit of time, and only the same length: 18 months is a
    year and a half, not two years; "two weeks" is "a couple of weeks"; grams are still not kilograms."""
    months = figure("He spent 18 months in jail.")
    assert months.matches(figure("He spent a year and a half in jail."))
    assert not months.matches(figure("He spent 2 years in jail."))
    assert figure("two decades earlier").matches(figure("20 years earlier"))
    assert figure("frozen for 46 millennia").matches(figure("frozen for 46,000 years"))
    assert figure("it lasts two weeks").matches(figure("it lasts a couple of weeks"))
    assert not figure("a 70-gram slice").matches(figure("a 70-kilogram sack"))


def test_a_time_in_the_afternoon_is_post_meridiem() -> None:
    """ "2:17 in the afternoon" is 2:17 p.m., "10:30 in the morning" 10:30 a.m.; without minutes, "killed
    3 in the afternoon" still counts three, not a time."""
    assert figure("at 2:17 in the afternoon").matches(figure("at 2:17 p.m."))
    assert not figure("at 2:17 in the afternoon").matches(figure("at 2:17 a.m."))
    assert figure("at 10:30 in the morning").value == figure("at 10:30 a.m.").value
    assert figure("Gunmen killed 3 in the afternoon.").kind == "count"


def test_a_span_in_other_units_supports_the_claim(desk: Newsdesk) -> None:
    """A claim giving the article's span in other units is SUPPORTED; another length is not."""
    desk.add([JAILED])
    checker = FactChecker.for_desk(desk)
    same = checker.check("Mateo Ruiz later served 20 years in the senate.")
    assert same.verdict is Verdict.SUPPORTED
    longer = checker.check("Mateo Ruiz later served 25 years in the senate.")
    assert longer.verdict is not Verdict.SUPPORTED


def test_a_month_name_that_is_a_plain_word_is_a_month_only_beside_a_day_or_year() -> None:
    """ "protesters will march" and "an august body" give no month; "march 2022", "march 3" and a
    capitalised "March" do."""
    assert dates("Protesters will march on the capitol.") == ()
    assert dates("An august body met.") == ()
    assert [d.value for d in dates("Sales rose in march 2022.") if d.kind == "month"] == ["march"]
    assert [d.value for d in dates("It opened on march 3.") if d.kind == "day"] == ["march 3"]
    assert [d.value for d in dates("The march began in March.")] == ["march"]


def test_days_listed_after_a_month_are_its_days_not_counts() -> None:
    """ "September 2 and 5" gives two days of September and no figure 5; a list needs its "and" or "or",
    and a number that counts what follows it ("4 people", ", 12 were hurt") is no day."""
    assert [d.value for d in dates("Backups on September 2 and 5 held.") if d.kind == "day"] == [
        "september 2",
        "september 5",
    ]
    assert analyse("Backups on September 2 and 5 held in reserve.").quantities == ()
    assert [d.value for d in dates("between May 3, 4 or 6.") if d.kind == "day"] == [
        "may 3",
        "may 4",
        "may 6",
    ]
    assert figure("On June 3 and 4 people died.").value == 4
    assert figure("On March 5, 12 were hurt.").value == 12


def test_a_number_after_no_is_a_rank() -> None:
    """ "world No. 2" ranks second: a rank, not a count of the name after it."""
    rank = figure("She beat world No. 2 Anett Kontaveit.")
    assert (rank.kind, rank.value, rank.text) == ("ordinal", 2.0, "No. 2")


def test_ages_in_news_copy_read_as_years_old() -> None:
    """ "aged 40", "died at 68" and a number in commas after a name are ages, like "a 40-year-old"; a
    tally in a list, a time, a range and an age "at the time" (then, not now) are not."""
    assert numerals("Dina Boluarte, 60, is president.") == "Dina Boluarte, 60 years old, is president."
    assert numerals("Serena Williams, aged forty, won.") == "Serena Williams, aged 40 years old, won."
    assert numerals("He died at 68.") == "He died at 68 years old."
    assert figure("Ana Ruiz, 60, won.").counts >= {"year", "old"}
    for text in (
        "Texas, 38, and Florida, 29, led.",
        "He died at 7:14 p.m.",
        "aged 18 to 21",
        "aged 16 at the time",
    ):
        assert numerals(text) == text


def test_a_day_in_words_before_its_month_is_a_day() -> None:
    """ "the Fourth of July" gives July 4, as "4th of July" does (an article's dates are read without
    turning words into digits); "the first of many" gives no date."""
    assert [d.value for d in dates("Fireworks light up the Fourth of July.") if d.kind == "day"] == ["july 4"]
    assert [d.value for d in dates("On the twenty-first of May 2022.") if d.kind == "day"] == ["may 21"]
    assert dates("It was the first of many.") == ()
