"""Fact-checking claims that change one detail of what an article says: a unit, a year told from the
report's own, a detail the supporting sentence leaves out. None of them may come back SUPPORTED."""

from __future__ import annotations

from datetime import date

import pytest

from index.desk import Newsdesk
from index.factcheck.agents import swapped_part
from index.factcheck.check import FactChecker
from index.factcheck.claims import analyse
from index.factcheck.dating import compare_dates, figure_of_another_year, year_of_another_deed
from index.factcheck.figures import compare_quantities, swapped_figures
from index.factcheck.findings import Evidence, FindingKind, Pair
from index.factcheck.judge import RuleJudge, support_explanation
from index.factcheck.polarity import compare_modality, compare_polarity, negated_state, turned_round
from index.language.dates import relative_years
from index.language.tokens import stem
from index.model import Article, Verdict

METEORITE = Article(
    title="Two new minerals found in Somali meteorite",
    text=(
        "Researchers at the University of Alberta found two new minerals in a 70-gram slice of the El Ali "
        "meteorite. The meteorite was found in Somalia in 2020 and weighs about 15 tonnes."
    ),
    source="Science Desk",
    url="https://science.example/meteorite",
    published=date(2022, 11, 30),
)
CARD = Article(
    title="Honus Wagner card breaks auction record",
    text=(
        "A rare Honus Wagner baseball card sold at auction for $6.6 million last year, a record for a "
        "sports card at the time. Collectors say fewer than 60 of the cards exist."
    ),
    source="Card Wire",
    url="https://cards.example/wagner",
    published=date(2022, 8, 5),
)
FINAL = Article(
    title="Avalanche end Lightning's reign",
    text=(
        "Colorado Avalanche players celebrated on the ice after defeating the Tampa Bay Lightning in "
        "Florida. The Lightning had won the Stanley Cup in 2020 and 2021."
    ),
    source="Ice Report",
    url="https://ice.example/final",
    published=date(2022, 6, 27),
)

ELECTION = Article(
    title="Meloni's bloc heads for victory in Italy",
    text=(
        "With most votes counted, the Brothers of Italy party had won 26%, with its partners the League, "
        "led by Matteo Salvini, taking around 9% and Silvio Berlusconi's Forza Italia about 8%."
    ),
    source="Europe Desk",
    url="https://europe.example/italy",
    published=date(2022, 9, 26),
)

TALKS = Article(
    title="Two rounds of trade talks in Geneva",
    text=(
        "The first round of the Geneva trade talks, led by Qin Gang, ended on Monday, while the second, "
        "led by Wang Yi, began on Tuesday."
    ),
    source="Trade Wire",
    url="https://trade.example/geneva",
    published=date(2023, 3, 8),
)

HARBOUR = Article(
    title="Harbour row deepens",
    text=(
        "The port authority has argued with the city over dredging for years. In May 2023 its deputy "
        "chief, Maria Olsen, ranked the harbour plan behind projects in Oslo and Trondheim. A project in "
        "Bergen is waiting too."
    ),
    source="Coast Desk",
    url="https://coast.example/harbour",
    published=date(2023, 5, 20),
)

COUGH = Article(
    title="What parents should know about RSV",
    text=(
        "RSV usually causes mild, cold-like symptoms in children. Sometimes, the cough can linger for up "
        "to four weeks, pediatricians say. Most children get better within a week or two."
    ),
    source="Health Desk",
    url="https://health.example/rsv",
    published=date(2022, 10, 28),
)

WIMBLEDON = Article(
    title="Wimbledon final goes to the Serbian",
    text=(
        "That is how many titles Novak Djokovic now holds after Sunday. The Serbian star faced Nick "
        "Kyrgios in an enthralling final on Centre Court, winning 4-6, 6-3, 6-4, 7-6 (7-3)."
    ),
    source="Tennis Desk",
    url="https://tennis.example/final",
    published=date(2031, 7, 11),
)


def clashes(claim: str, sentence: str, published: str = "2031-05-04") -> list[str]:
    """The clashes the judge finds between the claim and a sentence read as a whole article."""
    reading = RuleJudge().reading(claim, Evidence(sentence, sentence, "Report", published, 0.8))
    return [f.explanation for f in reading.findings if f.clash]


@pytest.fixture
def checker(desk: Newsdesk) -> FactChecker:
    desk.add([METEORITE, CARD, FINAL, ELECTION, TALKS, HARBOUR])
    return FactChecker.for_desk(desk)


def test_the_same_number_in_another_unit_contradicts(checker: FactChecker) -> None:
    """A "70-kilogram slice" where the article says a "70-gram slice" is contradicted, naming both;
    the article's own unit is supported."""
    wrong = checker.check(
        "Researchers found two new minerals in a 70-kilogram slice of the El Ali meteorite."
    )
    assert wrong.verdict is Verdict.CONTRADICTED
    assert wrong.parts[0].explanation == "the article says 70 gram, not 70 kilogram"
    right = checker.check("Researchers found two new minerals in a 70-gram slice of the El Ali meteorite.")
    assert right.verdict is Verdict.SUPPORTED


def test_the_same_number_in_another_unit_contradicts_a_claim_in_other_words(desk: Newsdesk) -> None:
    """Reworded, the claim still speaks of the article's cough: its "four months" is the article's "four
    weeks" counted in another unit, not a figure the article leaves out, and its unit word is no word
    the article lacks."""
    desk.add([COUGH])
    result = FactChecker.for_desk(desk).check(
        "Pediatricians say the cough that comes with RSV can hang on for as long as four months."
    )
    assert result.verdict is Verdict.CONTRADICTED, result.parts[0].explanation
    assert result.parts[0].explanation == "the article says up to 4 weeks, not 4 months"


def test_a_sentence_naming_another_place_does_not_support_one_the_article_names_elsewhere(
    checker: FactChecker,
) -> None:
    """The plan was ranked behind projects in Oslo and Trondheim; Bergen comes up only in the next
    sentence. The ranking sentence does not support "behind Oslo and Bergen", and says why; it supports
    "behind Oslo and Trondheim"."""
    other = checker.check(
        "In May 2023 Maria Olsen ranked the harbour plan behind projects in Oslo and Bergen."
    )
    assert other.verdict is Verdict.NOT_IN_ARTICLES
    assert other.parts[0].explanation == "the sentence does not name Bergen"
    same = checker.check(
        "In May 2023 Maria Olsen ranked the harbour plan behind projects in Oslo and Trondheim."
    )
    assert same.verdict is Verdict.SUPPORTED


def test_last_year_in_a_report_is_the_year_before_its_own(checker: FactChecker) -> None:
    """ "last year" in a 2022 report is 2021: a claim dating the sale to 2022 is not supported by the
    report's own year."""
    result = checker.check("A Honus Wagner card sold for $6.6 million in 2022.")
    assert result.verdict is not Verdict.SUPPORTED


def test_relative_years_are_told_from_the_reports_year() -> None:
    """ "last year", "this year" and "3 years ago" each name a year from the report's. A baseline ("up
    5% from last year"), "a year ago", "three years earlier" (counted from the story's year, not the
    report's) and "last year's crowd" name none."""
    text = "It rose last year, falls this year and fell 3 years ago."
    years = [(said, year) for _, said, year in relative_years(text, date(2022, 8, 5))]
    assert years == [("last year", 2021), ("this year", 2022), ("3 years ago", 2019)]
    others = "Up 5% from last year, as a year ago; three years earlier, last year's crowd was small."
    assert relative_years(others, date(2022, 8, 5)) == []


def test_a_support_silent_on_the_year_does_not_outweigh_a_sentence_giving_other_years(
    checker: FactChecker,
) -> None:
    """ "The Tampa Bay Lightning won the Stanley Cup in 2022." meets a sentence naming the Lightning
    without a year and one giving their Cup wins as 2020 and 2021: never SUPPORTED."""
    result = checker.check("The Tampa Bay Lightning won the Stanley Cup in 2022.")
    assert result.verdict is not Verdict.SUPPORTED


def test_a_names_words_do_not_count_towards_a_negations_reach() -> None:
    """ "is not a World Golf Hall of Fame member" turns round "member": the name between them is one
    thing, not six words."""
    turned = analyse("Greg Norman is not a World Golf Hall of Fame member.").turned_round()
    assert stem("member") in turned


def test_a_figure_another_name_owns_is_not_the_claims() -> None:
    """ "Gates has 111 touchdowns" against "Gates' 116 and Tony Gonzalez's 111": the 111 is Gonzalez's,
    so the claim clashes with the 116 the sentence gives Gates."""
    claim = analyse("Antonio Gates has 111 career receiving touchdowns.")
    sentence = analyse(
        "Only Antonio Gates' 116 and Tony Gonzalez's 111 career receiving touchdowns rank higher."
    )
    findings = list(compare_quantities(claim, sentence))
    assert len(findings) == 1 and findings[0].clash
    assert findings[0].explanation.startswith("claim says 111 career; article says 116")


@pytest.mark.parametrize(
    ("claimed", "stated"),
    [
        (
            "Instagram agrees with how the fine was calculated.",
            "Instagram disagrees with how the fine was calculated.",
        ),
        (
            "The club was able to pay its players in March.",
            "The club was unable to pay its players in March.",
        ),
    ],
)
def test_a_word_turned_round_by_its_prefix_clashes(claimed: str, stated: str) -> None:
    """ "agrees" against "disagrees", "able" against "unable", said of the same thing: a clash."""
    findings = list(compare_polarity(analyse(claimed), analyse(stated)))
    assert [f.clash for f in findings] == [True]


def test_a_prefixed_word_negated_says_the_same() -> None:
    """ "did not agree" and "disagrees" say the same: no clash."""
    claim = analyse("Instagram did not agree with how the fine was calculated.")
    assert not list(compare_polarity(claim, analyse("Instagram disagrees with how the fine was calculated.")))


def test_not_only_and_not_since_deny_nothing() -> None:
    """ "Not only did Pulisic score ..." says he scored; "Not since 2014 had the US men's team reached a
    World Cup round of 16" is told of the win that ended the wait: nothing is turned round. "has not
    since played" still denies."""
    assert not analyse("Not only did Pulisic score, he also set up two goals.").turned_round()
    assert not analyse("Not since 2014 had the US men's team reached a World Cup round of 16.").turned_round()
    assert stem("played") in analyse("Tyler Adams has not since played in Europe.").turned_round()


def test_no_fewer_than_is_at_least_and_denies_nothing() -> None:
    """ "no fewer than five people dead" bounds the count from below, like "at least five"; its "no"
    turns nothing round. "no more than 20" bounds it from above."""
    at_least = analyse("The quake left no fewer than five people dead.")
    assert [(q.value, q.bound) for q in at_least.quantities] == [(5.0, "lower")]
    assert not at_least.turned_round()
    at_most = analyse("No more than 20 people attended.")
    assert [(q.value, q.bound) for q in at_most.quantities] == [(20.0, "upper")]


def test_a_number_of_times_after_a_name_is_a_count() -> None:
    """ "won the US Open six times" counts wins, unlike "Game 6", which names a game."""
    won = analyse("Williams has won the US Open six times.").quantities
    assert [(q.value, q.kind) for q in won] == [(6.0, "count")]
    assert [q.kind for q in analyse("The Avalanche won Game 6 in Tampa.").quantities] == ["label game"]


def test_a_change_told_the_other_way_round_clashes() -> None:
    """ "increased from 8% to 9.4%" against "decreased from 9.4% to 8%": the same two figures, each at
    the other end of the change. "fell to 8% from 9.4%" tells the article's change in another order."""
    article = analyse("Smoking rates decreased from 9.4% to 8% in the past 12 months.")
    reversed_change = analyse("Smoking rates increased from 8% to 9.4% in the past 12 months.")
    assert [f.clash for f in compare_quantities(reversed_change, article)] == [True, True]
    reordered = analyse("Smoking rates fell to 8% from 9.4% in the past 12 months.")
    assert not list(compare_quantities(reordered, article))


def test_another_doer_of_the_same_deed_clashes(checker: FactChecker) -> None:
    """ "The League is led by Silvio Berlusconi." against "the League, led by Matteo Salvini, ... Silvio
    Berlusconi's Forza Italia": both names are there, but the League is led by Salvini."""
    wrong = checker.check("The League is led by Silvio Berlusconi.")
    assert wrong.verdict is Verdict.CONTRADICTED
    assert "article says led by Matteo Salvini" in wrong.parts[0].explanation
    assert checker.check("The League is led by Matteo Salvini.").verdict is Verdict.SUPPORTED


@pytest.mark.parametrize(
    ("claimed", "stated"),
    [
        ("Fiona was packing winds of 130 miles per hour.", "Fiona was packing winds of 130 mph on Sunday."),
        ("The line will run at up to 160 kph.", "Trains will run at up to 160 kilometres per hour."),
        (
            "The survey drew responses from 30,000 people, up from 25,000.",
            "Some 30,000 people took part in the survey, compared with 25,000 before.",
        ),
        (
            "Arsenal beat Chelsea 3-1 on Saturday.",
            "Arsenal's 3-1 win over Chelsea on Saturday lifted them top.",
        ),
        (
            "An earthquake killed 12 people in Peru on Wednesday.",
            "Wednesday's earthquake killed 12 people in Peru.",
        ),
    ],
)
def test_the_same_figure_written_another_way_is_no_clash(claimed: str, stated: str) -> None:
    """A speed spelt out, a source's "from", the doer's own possessive and a day's are not another unit,
    another end of a change or another's figure."""
    assert not list(compare_quantities(analyse(claimed), analyse(stated)))


def test_a_word_that_only_contains_a_prefixed_form_is_no_opposite() -> None:
    """ "lifted the veil" and "unveiled" say the same: only a word as written, prefixed, is turned round."""
    claim = analyse("Nimbus lifted the veil on its folding phone on Tuesday.")
    assert not list(compare_polarity(claim, analyse("Nimbus unveiled its folding phone on Tuesday.")))


def test_not_since_inside_a_sentence_denies() -> None:
    """ "has not since played" denies playing."""
    assert stem("played") in analyse("Tyler Adams has not since played in Europe.").turned_round()


def test_a_doer_of_the_same_deed_later_in_the_sentence_is_no_clash(checker: FactChecker) -> None:
    """With "led by Qin Gang" and later "led by Wang Yi", a claim that Wang Yi led a round of the
    talks is not contradicted."""
    result = checker.check("The second round of the Geneva trade talks was led by Wang Yi.")
    assert result.verdict is not Verdict.CONTRADICTED


@pytest.mark.parametrize(
    ("claimed", "stated"),
    [
        ("The slice was 85 millimetres thick.", "The slice was 85 centimetres thick."),
        ("Winds reached 12 knots off the coast.", "Winds reached 12 mph off the coast."),
        ("Cazaux logged 42.4 degrees Celsius.", "Cazaux logged 42.4 degrees Fahrenheit."),
        ("The fuel is chilled to -423°F.", "The fuel is kept at minus 423 degrees Celsius."),
    ],
)
def test_more_units_are_told_apart(claimed: str, stated: str) -> None:
    """Millimetres are not centimetres, knots are not miles per hour, degrees Celsius are not degrees
    Fahrenheit (written "°F" too)."""
    findings = list(compare_quantities(analyse(claimed), analyse(stated)))
    assert [f.kind for f in findings] == [FindingKind.OTHER_FIGURE]


def test_a_gap_that_widened_is_not_one_that_narrowed() -> None:
    """ "narrowed to $410 million" against "widened to $410 million": opposite verbs of the same gap."""
    claim = analyse("The trade gap narrowed to $410 million in May.")
    assert [
        f.clash for f in compare_polarity(claim, analyse("The trade gap widened to $410 million in May."))
    ] == [True]


def test_a_quarter_of_the_year_is_no_name() -> None:
    """ "Q2" is the second quarter: no name that "NY Fed" could stand in for."""
    assert analyse("In Q2 Americans opened more new credit cards than in any quarter since 2008.").names == (
        "Americans",
    )


@pytest.mark.parametrize(
    ("sentence", "swapped", "same", "one", "explanation"),
    [
        (
            "In January, urban rent fell by 2.5% and suburban rent grew by 3.9%.",
            "Urban rents climbed 3.9% in January while suburban rents dropped 2.5%.",
            "Suburban rents grew 3.9% in January while urban rents dropped 2.5%.",
            "Urban rents climbed 3.9% in January.",
            "the article gives 3.9% and 2.5% the other way round",
        ),
        (
            "The jury, comprised of eight women and four men, awarded Huth $500,000 in damages.",
            "The jury was made up of eight men and four women.",
            "The jury was made up of four men and eight women.",
            "The jury was made up of eight men.",
            "the article says 8 women and 4 men, the other way round",
        ),
    ],
)
def test_two_figures_given_the_other_way_round_clash(
    sentence: str, swapped: str, same: str, one: str, explanation: str
) -> None:
    """Two figures of a kind, each with the words leading to the other ("urban rents climbed 3.9% while
    suburban rents dropped 2.5%" against "urban rent fell by 2.5% and suburban rent grew by 3.9%") or
    counting the other's thing ("eight men and four women" against "eight women and four men"), clash,
    naming both; the same facts in another order do not, nor does one figure of a kind."""
    finding = swapped_figures(analyse(swapped), analyse(sentence))
    assert finding is not None and finding.clash
    assert finding.explanation == explanation
    assert swapped_figures(analyse(same), analyse(sentence)) is None
    assert swapped_figures(analyse(one), analyse(sentence)) is None


def test_words_trailing_a_figure_do_not_lead_to_the_next() -> None:
    """ "Exports grew 12% to China and 7% to Japan" gives "China" to the 12%, not to the 7% it comes
    before: the sentence "exports to Japan grew 7% and exports to China grew 12%" says the same, no
    clash; "exports to Japan grew 12%, while exports to China grew 7%" does give them the other way
    round."""
    claim = analyse("Exports grew 12% to China and 7% to Japan last year.")
    same = analyse("Last year exports to Japan grew 7% and exports to China grew 12%.")
    assert swapped_figures(claim, same) is None
    led = analyse("Exports to China grew 12% and exports to Japan grew 7%.")
    swapped = analyse("Exports to Japan grew 12%, while exports to China grew 7%.")
    finding = swapped_figures(led, swapped)
    assert finding is not None and finding.clash


def test_a_year_said_of_another_name_is_no_rival() -> None:
    """ "Kilauea's devastating 2018 eruption" dates Kilauea's eruption: no clash with a claim about
    Mauna Loa's 2022 one. Said of Mauna Loa, it clashes."""
    claim = analyse("Mauna Loa's 2022 eruption was its first since 1984.")
    for owner, clash in (("Kilauea’s", False), ("Mauna Loa’s", True)):
        text = f"Lava from Mauna Loa stirred memories of {owner} devastating 2018 eruption."
        findings = compare_dates(claim, analyse(text), Evidence(text, text, "Lava", "2022-11-30", 0.8))
        assert any(f.clash for f in findings) is clash


def test_a_difference_is_no_rival_to_a_level() -> None:
    """ "roughly 50 cents lower than the 2022 average" tells a difference: the article's $3.99 average
    does not rule it out, while another difference does."""
    claim = analyse("Gas will cost roughly 50 cents lower than the 2022 average.")
    level = analyse("GasBuddy said gas would average $3.99 in 2022.")
    findings = list(compare_quantities(claim, level))
    assert [f.kind for f in findings] == [FindingKind.NO_FIGURE]
    other = analyse("Gas will cost about 20 cents lower than the 2022 average.")
    assert any(f.clash for f in compare_quantities(claim, other))


def test_plus_or_minus_belongs_to_its_figure() -> None:
    """ "a margin of sampling error of plus or minus 4 points" leads to the 4 with all its words: "or"
    there ends nothing, and a poll of 1,002 adults with a four-point margin is not told the other way
    round."""
    claim = analyse("The poll surveyed 1,002 adults and carries a sampling error margin of four points.")
    sentence = analyse(
        "The national sample of 1,002 adults has a margin of sampling error of plus or minus 4.0 points."
    )
    assert swapped_figures(claim, sentence) is None


def test_declining_to_do_a_thing_is_not_doing_it() -> None:
    """ "declined to back Johnson" says what "refused to back him" says: both turn "back" round, so
    neither clashes with the other. "Sales declined to $5 billion" only fell."""
    claim = analyse("In June, 41 percent of Conservative MPs declined to back Boris Johnson.")
    sentence = analyse("In June, 41% of his own party refused to back Boris Johnson.")
    assert turned_round(claim, sentence) is None
    assert not list(compare_polarity(claim, sentence))
    assert stem("back") in claim.turned_round()
    assert not analyse("Sales declined to $5 billion in March.").turned_round()


def test_a_year_the_claim_gives_itself_is_no_rival_to_its_other_years() -> None:
    """ "the largest stranding before the 2023 one was in 2011" meets "the previous largest stranding was
    in 2011": the sentence's 2011 is the claim's own, so its 2023 is not contradicted."""
    claim = analyse("The largest whale stranding before the 2023 one was in 2011, when 19 whales died.")
    text = "The previous largest stranding was in 2011, when 19 whales died."
    evidence = Evidence(text, text, "Whales stranded", "2023-07-17", 0.8)
    assert not any(f.clash for f in compare_dates(claim, analyse(text), evidence))


def test_refusing_a_thing_is_rejecting_it() -> None:
    """ "refused to accept the plan" says what "rejected the plan" says: the word turned round meets its
    opposite, which is no clash; "accepted the plan" against "rejected the plan" is one."""
    sentence = analyse("Residents rejected the ceasefire plan in 2002.")
    assert turned_round(analyse("Residents refused to accept the ceasefire plan in 2002."), sentence) is None
    accepted = list(compare_polarity(analyse("Residents accepted the ceasefire plan in 2002."), sentence))
    assert [f.clash for f in accepted] == [True]


@pytest.mark.parametrize(
    "claimed",
    ["Voters backed the 1982 ballot measure.", "Voters voted in favor of the 1982 ballot measure."],
)
def test_backing_a_measure_clashes_with_defeating_it(claimed: str) -> None:
    """ "backed" and "in favor of" are the opposite of "defeated" and "rejected", said of the same
    measure."""
    for stated in ("Voters defeated the 1982 ballot measure.", "Voters rejected the 1982 ballot measure."):
        findings = list(compare_polarity(analyse(claimed), analyse(stated)))
        assert [f.clash for f in findings] == [True]


def test_the_one_year_of_a_sentence_dates_a_fact_the_articles_date_no_other_way() -> None:
    """ "Paddleball began life inauspiciously in 1965 when future state senator Joel Pritt..." dates what
    the claim dates to 1975, a year the article never gives: a clash, though "invented" and "began life"
    share no word.
    With the claim's year elsewhere in the article, two years in the sentence, or the year another's
    ("Kilauea's 2018 eruption"), the sentence does not say which year is the claim's."""
    claim = analyse("Paddleball was invented in 1975 by Joel Pritt and Bill Bale.")
    text = (
        "Paddleball began life inauspiciously in 1965 when future state senator Joel Pritt and his friend "
        "Bill Bale entertained their children."
    )

    def dated_otherwise(sentence: str, article: str) -> bool:
        evidence = Evidence(sentence, article, "Paddleball", "2022-08-01", 0.8)
        return any(f.clash for f in compare_dates(claim, analyse(sentence), evidence))

    assert dated_otherwise(text, text)
    assert not dated_otherwise(text, f"{text} The first club opened in 1975.")
    two = text.replace("their children", "their children, and in 2008 a league followed")
    assert not dated_otherwise(two, two)
    owned = "Paddleball began life inauspiciously at Joel Pritt's 1965 summer party with Bill Bale."
    assert dated_otherwise(owned, owned)
    another = "Paddleball began life inauspiciously at Harold Oster's 1965 party, years before Joel Pritt."
    assert not dated_otherwise(another, another)


def test_a_year_the_sentence_gives_another_deed_clashes() -> None:
    """ "bought in 1931" against "founded in 1931 and bought by Nordmat in 1958": the sentence dates the
    purchase 1958. A claim about the founding, a year opening the purchase's clause ("In 2019 the firm
    was bought"), or a year of a list ("in 2020 and 2021") is no clash."""
    sentence = analyse("The Harbour Bakery was founded in 1931 and was bought by Nordmat in 1958.")
    finding = year_of_another_deed(analyse("Nordmat bought the Harbour Bakery in 1931."), sentence)
    assert finding is not None and finding.clash
    assert finding.explanation == "claim says 1931; article says 1958 for “bought”"
    assert year_of_another_deed(analyse("The Harbour Bakery was founded in 1931."), sentence) is None
    fronted = analyse("In 2019 the bakery was bought by Nordmat, which was founded in 1903.")
    assert year_of_another_deed(analyse("Nordmat bought the bakery in 2019."), fronted) is None
    listed = analyse("The Lightning had won the Stanley Cup in 2020 and 2021.")
    assert year_of_another_deed(analyse("The Lightning won the Stanley Cup in 2021."), listed) is None


def test_a_figure_the_sentence_gives_another_year_clashes() -> None:
    """ "a 12% premium in 2022" against "12% in March 2019, but only 6% in March 2022": the sentence gives
    the claim's figure for 2019 and another for 2022. Each figure in its own year is no clash."""
    sentence = analyse("Renters paid a 12% premium in March 2019, but only a 6% premium in March 2022.")
    finding = figure_of_another_year(analyse("Renters paid a 12% premium in 2022."), sentence)
    assert finding is not None and finding.clash
    assert finding.explanation == "claim says 12% in 2022; article says 12% in 2019, 6% in 2022"
    assert figure_of_another_year(analyse("Renters paid a 6% premium in 2022."), sentence) is None
    assert figure_of_another_year(analyse("Renters paid a 12% premium in 2019."), sentence) is None


def test_a_year_opening_the_sentence_dates_all_of_it() -> None:
    """ "In 2019 the firm bought a chain founded in 2015": the opening year dates the purchase, so
    "bought in 2019" is no clash, with or without a comma after the year, and neither is a figure of it
    ("In 2022 sales rose 10%, and costs rose 15% over 2019 levels" for "costs rose 15% in 2022")."""
    for text in (
        "In 2019 the firm bought a bakery chain founded in 2015.",
        "In 2019, the firm bought a bakery chain founded in 2015.",
        "In March 2019 the firm bought a bakery chain founded in 2015.",
    ):
        assert year_of_another_deed(analyse("The firm bought a bakery chain in 2019."), analyse(text)) is None
    sales = analyse("In 2022 the firm's sales rose 10%, and its costs rose 15% over 2019 levels.")
    assert figure_of_another_year(analyse("The firm's costs rose 15% in 2022."), sales) is None


def test_a_figure_said_twice_is_dated_where_each_is_written() -> None:
    """ "10% in 2020 and another 10% in 2022, when costs rose 12%" gives 10% for 2022 too, and "5%" is
    not read inside "15%": neither claim is a clash."""
    twice = analyse("Revenue grew 10% in 2020 and another 10% in 2022, when costs rose 12%.")
    assert figure_of_another_year(analyse("Revenue grew 10% in 2022."), twice) is None
    inside = analyse("Sales rose 15% in 2019 and 5% in 2022, when costs climbed 8%.")
    assert figure_of_another_year(analyse("Sales rose 5% in 2022."), inside) is None


@pytest.mark.parametrize(
    "stated",
    [
        "Shareholders approved the merger after shares declined 5%.",
        "Shareholders approved the merger, which critics had rejected.",
    ],
)
def test_refusing_is_not_said_by_a_rejection_beside_the_approval(stated: str) -> None:
    """ "refused to approve the merger" against "approved the merger": a "declined" or "rejected" said of
    something else in the sentence does not make it a refusal, so the turned-round word still counts."""
    finding = turned_round(analyse("Shareholders refused to approve the merger."), analyse(stated))
    assert finding is not None and finding.kind is FindingKind.POLARITY


def test_a_sentence_opening_with_another_name_does_not_support_the_claims_doer() -> None:
    """ "Lind promoted Hale to treasurer in 2020." says it of Lind: it does not support "Carla Berg made
    Tom Hale treasurer in 2020", though the article names Carla Berg a sentence before; of Lind it does."""
    article = "Carla Berg gave Tom Hale a junior post in 2018. Lind promoted Hale to treasurer in 2020."
    evidence = Evidence("Lind promoted Hale to treasurer in 2020.", article, "Hale's rise", "2022-10-24", 0.8)
    other = RuleJudge().judge("Carla Berg made Tom Hale treasurer in 2020.", evidence)
    assert other.verdict is Verdict.NOT_IN_ARTICLES
    assert other.explanation == "the sentence names Lind, not Carla Berg"
    assert RuleJudge().judge("Lind made Tom Hale treasurer in 2020.", evidence).verdict is Verdict.SUPPORTED


@pytest.mark.parametrize(
    ("stated", "verdict", "explanation"),
    [
        (
            "Pop star Mara Quist will perform at the Winter Games opening show, the league announced Sunday.",
            Verdict.CONTRADICTED,
            "the sentence names Mara Quist, not Dana Holt",
        ),
        (
            "Ostrava will host the Winter Games opening show, the league announced Sunday.",
            Verdict.NOT_IN_ARTICLES,
            "the sentence names Ostrava, not Dana Holt",
        ),
    ],
)
def test_another_person_in_the_claimed_persons_place_contradicts(
    stated: str, verdict: Verdict, explanation: str
) -> None:
    """A sentence about the claim's event naming another person where the claim names one contradicts
    it, though it tells the deed in other words ("perform" for "headline"); a place there is no rival
    to a person."""
    evidence = Evidence(
        stated, f"{stated} Dana Holt sang at last year's show.", "The show", "2031-05-04", 0.8
    )
    judgement = RuleJudge().judge(
        "Dana Holt will headline the Winter Games opening gala, organisers said.", evidence
    )
    assert (judgement.verdict, judgement.explanation) == (verdict, explanation)


@pytest.mark.parametrize(
    ("claimed", "stated", "same"),
    [
        ("about 11.4 billion people", "around 10.4 billion people", False),
        ("about 4,000 troops", "3,800 troops", True),
        ("nearly 7 million people", "6.8 million people", True),
        ("about 1,900 homes", "1,879 homes", True),
    ],
)
def test_about_allows_no_more_than_five_steps_of_the_last_written_digit(
    claimed: str, stated: str, same: bool
) -> None:
    """ "about" allows 10%, but "about 11.4 billion" writes tenths of a billion: 10.4 billion is ten
    steps off. "about 4,000" writes thousands, so 3,800 is close enough."""
    (claim,), (sentence,) = analyse(claimed).quantities, analyse(stated).quantities
    assert claim.matches(sentence) is same


def test_the_claims_figure_counting_something_else_clashes_with_the_figure_for_its_thing() -> None:
    """ "15 landslides" against "58 landslides ... in 15 provinces": the 15 counts provinces, the
    landslides are 58. "$20m goes to players" against "$20 million split between players, $5 million
    shared between teams" is no clash: the $5 million counts nothing the claim's $20m does."""
    claim = analyse("Officials said 15 landslides were reported after the quake.")
    sentence = analyse("Officials said 58 landslides were reported, and 200 towns in 15 provinces were hit.")
    findings = list(compare_quantities(claim, sentence))
    assert [(f.clash, f.explanation) for f in findings] == [
        (True, "claim says 15 landslides; article says 58 landslides")
    ]
    purse = analyse("Each event has a $25m purse, of which $20m goes to individual players.")
    split = analyse(
        "Each event has a purse of $25 million, with $20 million split between individual players and "
        "the remaining $5 million shared between the top teams."
    )
    assert not [f for f in compare_quantities(purse, split) if f.clash]


def test_a_multiplier_counts_what_it_multiplies() -> None:
    """ "3.8 times as many deaths" counts deaths, not "times": against "3.8 times more hospitalizations
    and 4.1 times more deaths" it clashes with the 4.1."""
    (claimed,) = analyse("Without vaccines there would have been 3.8 times as many deaths.").quantities
    assert stem("deaths") in claimed.counts
    sentence = analyse("There would have been 3.8 times more hospitalizations and 4.1 times more deaths.")
    findings = list(compare_quantities(analyse("There would have been 3.8 times as many deaths."), sentence))
    assert [f.clash for f in findings] == [True]
    assert findings[0].explanation.endswith("article says 4.1 times more deaths")


def test_another_name_doing_the_claims_deed_clashes() -> None:
    """ "Marland won the Harbour Cup, beating Valdoria" says Marland won, not Valdoria, though it names
    both; a name before a participle ("a reception for the Harbour Committee hosted at the home of Ann
    Lee") is not who did it."""

    final = "Marland won the 2031 Harbour Cup on Sunday, beating Valdoria on penalties."
    assert clashes("Valdoria won the 2031 Harbour Cup final.", final) == [
        "claim says Valdoria won; article says Marland won"
    ]
    assert not clashes("Marland won the 2031 Harbour Cup final.", final)
    hosted = "The mayor attended a reception for the Harbour Committee hosted at the home of Ann Lee."
    assert not clashes("Ann Lee hosted the reception.", hosted)


def test_a_swap_the_order_of_words_pairs_wrongly_is_named_by_the_parser() -> None:
    """ "Valdoria beat Marland in the 2031 Harbour Cup final" against "Marland won the 2031 Harbour Cup
    on Sunday, beating Valdoria": the clash names who was beaten, not "Valdoria beat Cup"; where the
    two names the order of words swapped are the deed's, its wording stays."""

    final = "Marland won the 2031 Harbour Cup on Sunday, beating Valdoria on penalties."
    assert clashes("Valdoria beat Marland in the 2031 Harbour Cup final.", final) == [
        "claim says Valdoria beat; article says “beating Valdoria”"
    ]
    plain = "Marland defeated Valdoria 3-1 in the Harbour Cup final."
    assert clashes("Valdoria defeated Marland in the Harbour Cup final.", plain) == [
        "claim says Valdoria defeated Marland; article says Marland defeated Valdoria"
    ]


def test_a_sentence_telling_the_deed_but_not_who_did_it_to_whom_supports_nothing(desk: Newsdesk) -> None:
    """ "The Serbian star faced Nick Kyrgios ..., winning" tells a win, but not who beat whom: neither
    "Kyrgios beat Djokovic" nor "Djokovic beat Kyrgios" is supported, and Novak Djokovic, named just
    before, is not contradicted by another name of the sentence ("Centre Court")."""
    desk.add([WIMBLEDON])
    checker = FactChecker.for_desk(desk)
    for claim in (
        "Nick Kyrgios beat Novak Djokovic in the Wimbledon final.",
        "Novak Djokovic beat Nick Kyrgios in the Wimbledon final.",
    ):
        result = checker.check(claim)
        assert result.verdict is Verdict.NOT_IN_ARTICLES, result.parts[0].explanation
        assert result.parts[0].explanation == "the sentence does not say who beat whom"


def test_a_year_something_is_measured_from_dates_nothing_else() -> None:
    """ "its lowest level against the euro since 2009" measures from 2009: it does not date the fall to
    2009, so the claim's 2031 is no clash; a "since" against a "since" still is."""

    lowest = "The krona dropped 0.3% to its lowest level against the euro since 2009."
    assert clashes("The krona fell to a record low against the euro in 2031.", lowest, published="") == []
    banned = "Valdoria has banned self-service fuel since 1951."
    assert clashes("Valdoria has banned self-service fuel since 1961.", banned, published="") == [
        "claim says 1961; article says 1951"
    ]


def test_a_weekday_in_a_dated_report_dates_the_month() -> None:
    """ "began Tuesday" in a report of Wednesday 18 June 2031 tells 17 June: a claim of January clashes,
    naming the day; one of June does not."""

    began = "Vaccinations for children under 5 began Tuesday across Valdoria."
    january = "Vaccinations for children under 5 began in Valdoria in January 2031."
    assert clashes(january, began, published="2031-06-18") == [
        "claim says January; article says Tuesday (17 June)"
    ]
    assert (
        clashes("Vaccinations for children under 5 began in Valdoria in June 2031.", began, "2031-06-18")
        == []
    )


def test_a_figure_in_another_unit_is_told_as_the_article_has_it() -> None:
    """ "a year and a half" is given by "18 months", and a support says how the article has it."""
    jail = analyse("Osk was freed in 1987, after 18 months in jail.")
    freed = analyse("Osk was freed in 1987 after a year and a half in jail.")
    assert list(compare_quantities(freed, jail)) == []
    said = support_explanation(Pair(freed, jail, Evidence("", "", "", "", 0.0), (), ()))
    assert said.startswith("article says the same (1.5 year as 18 months")


def test_a_state_denied_on_one_side_and_said_on_the_other_is_turned_round() -> None:
    """ "was not over" against "is “over”" (a word too common to count as content) is said the other way
    round, whichever side denies it; both denying it, or neither, is not."""
    over = analyse("Osk said he believes the pandemic is “over” in an interview on Sunday.")
    denied = analyse("Osk said in an interview that the pandemic was not over.")
    finding = negated_state(denied, over)
    assert finding is not None and finding.kind is FindingKind.POLARITY
    assert finding.explanation == "the claim says “was not over”, the article says “is over”"
    turned = negated_state(over, denied)
    assert turned is not None and turned.explanation.startswith("the article says “was not over”")
    assert negated_state(denied, analyse("Osk said the pandemic isn't over.")) is None
    assert negated_state(over, analyse("Osk said the pandemic was over.")) is None


def test_a_name_of_several_words_is_told_whole() -> None:
    """A name is told whole, as each side writes it, though each of its words is judged: "claim names
    Carla Ostrova; article names Anna Berg", and "the articles do not mention Carla Ostrova"."""

    def told(claim: str, sentence: str) -> list[str]:
        reading = RuleJudge().reading(claim, Evidence(sentence, sentence, "Film", "2031-07-10", 0.8))
        return [f.explanation for f in reading.findings]

    team = "The film has Tom Hale's hero team up with Anna Berg's rival to fight off an evil force."
    assert (
        told("In the film, Tom Hale's hero teams up with Carla Ostrova's rival.", team)
        == ["claim names Carla Ostrova; article names Anna Berg"] * 2
    )
    grossed = (
        "The film, which has Tom Hale's hero team up with Anna Berg's The Mighty One to fight off an evil "
        "force that is killing gods, has made $302 million worldwide so far."
    )
    claim = "In the film, Tom Hale's hero joins forces with Carla Ostrova's The Mighty One, and it is a hit."
    assert told(claim, grossed) == ["the articles do not mention Carla Ostrova"] * 2


def test_last_month_in_a_dated_report_is_the_month_before_it() -> None:
    """ "last month" in a report of 5 July 2031 is June 2031: a claim of March clashes, naming the month;
    one of June does not, and neither does a figure measured from last month."""
    survived = "Last month, Prime Minister Osk survived a confidence vote among his own party's MPs."
    march = "Prime Minister Osk survived a confidence vote of his party's MPs in March 2031."
    assert clashes(march, survived, published="2031-07-05") == [
        "claim says March; article says Last month (June 2031)"
    ]
    june = "Prime Minister Osk survived a confidence vote of his party's MPs in June 2031."
    assert clashes(june, survived, published="2031-07-05") == []
    rents = "Rents in Valdoria fell 3% from last month."
    assert clashes("Rents in Valdoria fell 3% in March 2031.", rents, published="2031-07-05") == []


def test_a_figure_ending_its_clause_counts_nothing_after_the_comma() -> None:
    """ "the flood killed 96, sending the country into mourning" gives 96, not "96 sending": the clash
    names the figures alone."""
    claim = analyse("The flood in Orsk killed 95.")
    sentence = analyse("The flood in Orsk killed 96, sending the country into mourning.")
    assert [f.explanation for f in compare_quantities(claim, sentence) if f.clash] == [
        "claim says 95; article says 96"
    ]


def test_a_name_in_the_other_part_of_the_same_deed_clashes() -> None:
    """ "Kyrgios won" against "after defeating Nick Kyrgios": the sentence has Kyrgios beaten (to defeat
    is to win), and "Elon Musk struck a deal to buy Twitter" does not say Twitter bought; the winner's
    own claim is no clash, and neither is a name after a verb of saying ("..., reported Nature")."""

    def swapped(claim: str, sentence: str) -> str:
        pair = RuleJudge().pair_of(claim, Evidence(sentence, sentence, "Final", "2031-07-10", 0.8))
        finding = swapped_part(pair)
        return finding.explanation if finding else ""

    final = "Novak Djokovic kissed the trophy after defeating Nick Kyrgios in the 2031 final at Wimbledon."
    assert swapped("Nick Kyrgios won the 2031 final at Wimbledon.", final) == (
        "claim says Nick Kyrgios won; article says “defeating Nick Kyrgios”"
    )
    assert not swapped("Novak Djokovic won the 2031 final at Wimbledon.", final)
    deal = "Elon Musk struck a $44 billion deal to buy Twitter on Monday."
    assert swapped("Twitter bought Elon Musk's company for $44 billion.", deal)
    review = "Early attempts to reproduce the result fell short, reported Nature in August 2031."
    assert not swapped("Nature reported it in August 2031.", review)


def test_a_support_giving_the_claims_name_the_other_part_contradicts(desk: Newsdesk) -> None:
    """Djokovic kissed the trophy "after defeating Nick Kyrgios": the claim that Kyrgios won the final is
    contradicted, quoting it; that Djokovic won it is supported."""
    desk.add(
        [
            Article(
                title="Djokovic wins on Centre Court",
                text=(
                    "Novak Djokovic kissed the trophy after defeating Nick Kyrgios in the final on Centre "
                    "Court on Sunday. It was his seventh title at the All England Club."
                ),
                source="Court Report",
                url="https://court.example/final",
                published=date(2031, 7, 10),
            )
        ]
    )
    checker = FactChecker.for_desk(desk)
    result = checker.check("Nick Kyrgios won the final on Centre Court.")
    assert result.verdict is Verdict.CONTRADICTED, result.parts[0].explanation
    assert "defeating Nick Kyrgios" in result.parts[0].explanation
    assert checker.check("Novak Djokovic won the final on Centre Court.").verdict is Verdict.SUPPORTED


def test_selling_is_the_opposite_of_buying() -> None:
    """ "sold Twitter" against "a deal to buy Twitter" turns the deal round."""
    findings = list(
        compare_polarity(analyse("Elon Musk sold Twitter."), analyse("Elon Musk agreed to buy Twitter."))
    )
    assert [f.clash for f in findings] == [True]


def test_upholding_a_ruling_is_the_opposite_of_overturning_it() -> None:
    """ "upheld" against "overturned" said of the same ruling clashes."""
    findings = list(
        compare_polarity(
            analyse("The high court upheld the Osk ruling in June."),
            analyse("The high court overturned the Osk ruling on Friday, June 24."),
        )
    )
    assert [f.clash for f in findings] == [True]


def test_a_rate_hike_is_the_opposite_of_a_cut() -> None:
    """ "cut interest rates" against "approved a rate hike" says the move the other way round."""
    findings = list(
        compare_polarity(
            analyse("The Fed cut interest rates in June."), analyse("The Fed approved a rate hike in June.")
        )
    )
    assert [f.clash for f in findings] == [True]


ATTACK = Article(
    title="Tomas Varga attacked at home; suspect arrested",
    text=(
        "An intruder who assaulted the husband of Mayor Anna Varga inside the family's Port Wendle home "
        "was arrested on Friday, police said. Tomas Varga, 82, was taken to hospital. The intruder pulled a "
        "hammer from Mr. Varga and struck him with it, the police chief said."
    ),
    source="Estuary News",
    url="https://estuary.example/attack",
    published=date(2031, 3, 7),
)


def test_a_deed_done_to_someones_kin_is_not_done_to_them(desk: Newsdesk) -> None:
    """ "assaulted the husband of Mayor Anna Varga" does not say the mayor was attacked, and "Mr. Varga"
    after "Tomas Varga" is not Anna Varga: neither backs the claim that she was; the article's words are
    quoted."""
    desk.add([ATTACK])
    checker = FactChecker.for_desk(desk)
    attacked = checker.check("Mayor Anna Varga was attacked in her Port Wendle home.")
    assert attacked.verdict is Verdict.NOT_IN_ARTICLES, attacked.parts[0].explanation
    assert "the husband of Mayor Anna Varga" in attacked.parts[0].explanation
    struck = checker.check("Anna Varga was struck with a hammer.")
    assert struck.verdict is Verdict.NOT_IN_ARTICLES, struck.parts[0].explanation
    assert "Tomas Varga" in struck.parts[0].explanation


def test_a_date_is_said_of_its_own_clause() -> None:
    """ "became mayor in October 2031 after Tomas Lund resigned" dates the becoming: "Tomas Lund, who
    resigned in July" does not contradict it, while "became mayor in July" does."""
    claim = analyse("Anna Varga became mayor in October 2031 after Tomas Lund resigned.")

    def clashes(text: str) -> bool:
        evidence = Evidence(text, text, "New mayor", "2031-10-20", 0.8)
        return any(f.clash for f in compare_dates(claim, analyse(text), evidence))

    assert not clashes("Anna Varga has become mayor, succeeding Tomas Lund, who resigned in July.")
    assert clashes("Anna Varga became mayor in July, succeeding Tomas Lund.")


def test_a_month_opening_the_sentence_dates_all_of_it() -> None:
    """ "At its May meeting, the bank raised rates by half a point" dates the raise to May: a claim of a
    raise in June is contradicted; a month said of another clause still is not ("who resigned in July")."""
    may = "At its May meeting, the Valdoria central bank raised rates by half a percentage point."
    june = "The Valdoria central bank raised rates by half a percentage point in June 2031."
    assert clashes(june, may, published="2031-06-20") == ["claim says June; article says May"]
    resigned = "Osk became prime minister, replacing Lind, who resigned in July."
    assert clashes("Osk became prime minister in October 2031.", resigned, published="2031-10-25") == []


def test_a_forecast_from_before_the_date_does_not_tell_it_happened() -> None:
    """A report of March saying the bank "will" raise rates in June tells what was expected, not a
    raise in June told in the past; a claim about what is still to come is not held to it."""
    forecast = "Economists say the Valdoria central bank will raise rates by half a point in June."
    evidence = Evidence(forecast, forecast, "Report", "2031-03-10", 0.8)
    raised = RuleJudge().reading(
        "The Valdoria central bank raised rates by half a point in June 2031.", evidence
    )
    assert [f.explanation for f in raised.findings] == [
        "the report, of 10 Mar 2031, came before June 2031: it tells only what was expected"
    ]
    pending = RuleJudge().reading(
        "The bank has not said when in 2031 it raises rates by half a point.", evidence
    )
    assert not any("came before" in f.explanation for f in pending.findings)


def test_the_figure_a_change_came_from_is_not_the_one_it_came_to() -> None:
    """ "30 cents, a slide from the 51 cents it earned a year ago" says earnings came to 30 cents: a claim
    that they came to 51 cents is contradicted, once; one that they slid from 51 cents is not."""
    stated = analyse(
        "Ford reported earnings per share of 30 cents, a slide from the 51 cents it earned a year ago."
    )
    came_to = list(compare_quantities(analyse("Ford's earnings came to 51 cents per share."), stated))
    assert [f.clash for f in came_to] == [True]
    slid = analyse("Ford's earnings fell from 51 cents a share to 30 cents.")
    assert not any(f.clash for f in compare_quantities(slid, stated))


def test_yet_turns_round_only_what_is_to_come() -> None:
    """ "is yet to raise" turns round "raise"; "his most explicit acknowledgment yet of the proposal" and
    "the biggest yet" turn round nothing."""
    assert "rais" in analyse("The bank is yet to raise rates.").turned_round()
    assert (
        analyse("Musk gave his most explicit acknowledgment yet of the proposal to charge.").turned_round()
        == set()
    )
    assert analyse("It was the biggest crowd yet.").turned_round() == set()


def test_a_particle_of_a_name_is_not_turned_round() -> None:
    """ "no al Qaeda" denies al Qaeda's presence, not the word "al" that "the al Qaeda leader" says."""
    turned = analyse("They had claimed there were no foreign fighters and no al Qaeda.").turned_round()
    assert "al" not in turned and "foreign" in turned


def test_a_claim_of_what_will_be_is_not_outdone_by_a_plan() -> None:
    """ "Twitter will charge $8 a month" states no fact that "he planned to charge $8 a month" only
    hedges; "Twitter charged $8 a month" does."""
    planned = analyse("Musk said he planned to charge $8 a month for verification.")
    assert compare_modality(analyse("Twitter will charge $8 a month for verification."), planned) is None
    assert compare_modality(analyse("Twitter charged $8 a month for verification."), planned) is not None


def test_a_sentence_giving_the_claimed_persons_surname_names_no_rival() -> None:
    """ "could make West the latest celebrity owner ... after former President Donald Trump's bid" speaks
    of Kanye West: Trump is no other person in his place."""
    stated = (
        "Buying Parler could make West an owner of a platform, after former President Donald Trump's bid."
    )
    evidence = Evidence(
        stated, f"Kanye West is acquiring Parler. {stated}", "Kanye West to buy Parler", "2031-05-04", 0.8
    )
    assert RuleJudge().judge("Kanye West agreed to buy Parler.", evidence).verdict is not Verdict.CONTRADICTED


def test_most_is_more_than_half() -> None:
    """ "Most plastic ... is recycled" is more than half, which "only around 9% of plastic ... is
    recycled" rules out; "the most popular" and "Most likely" give no share."""
    stated = analyse("Only around 9% of plastic in the US is recycled.")
    findings = list(compare_quantities(analyse("Most plastic waste in the US is recycled."), stated))
    assert [f.clash for f in findings] == [True]
    assert analyse("It was the most popular song.").quantities == ()
    assert analyse("Most likely it was recycled.").quantities == ()


def test_a_unit_is_not_turned_round_with_the_deed() -> None:
    """ "did not act for 187 minutes" turns round acting, not the minutes: "all about 187 minutes" does
    not say it the other way."""
    assert analyse("Trump did not act for 187 minutes as the Capitol was attacked.").turned_round() == {"act"}


def test_a_photo_credit_names_no_one() -> None:
    """ "Arun Sankar/AFP/Getty Images" run into a caption is a credit: no rival to the claim's names;
    "Pfizer/BioNTech" names two firms."""
    caption = analyse(
        "Arun Sankar/AFP/Getty Images On Monday, protesters stormed the President's House in Colombo."
    )
    assert caption.names == ("President", "House", "Colombo")
    assert analyse("Shots from Moderna and Pfizer/BioNTech were backed.").names == (
        "Moderna",
        "Pfizer",
        "BioNTech",
    )
