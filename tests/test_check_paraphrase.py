"""Fact-checking claims written in other words: the cases reported from Telegram, on synthetic articles."""

from __future__ import annotations

import math
from dataclasses import replace
from datetime import date

import pytest

from index.desk import Newsdesk
from index.factcheck.alignment import FEATURES, AlignmentModel, fit_weights
from index.factcheck.assertions import split_claim
from index.factcheck.check import (
    UNCONFIRMED,
    UNCONFIRMED_PAIR,
    FactChecker,
    decide,
    having_a_say,
    limited,
    only_against,
    rest_of_article,
)
from index.factcheck.claims import analyse
from index.factcheck.dating import date_context
from index.factcheck.figures import comparable_quantities, compare_quantities
from index.factcheck.findings import Evidence, Finding, FindingKind
from index.factcheck.judge import Judgement, Reading, RuleJudge, conclude, telling
from index.factcheck.ordinals import compare_ranks
from index.factcheck.polarity import compare_modality, compare_polarity, turned_round, unsaid_negation
from index.factcheck.rules import describes
from index.factcheck.words import found_words
from index.language.dates import dates
from index.language.names import bracketed_abbreviations, given_names, mentions
from index.language.numbers import numerals, shares
from index.language.sentences import sentences
from index.model import Article, Verdict
from index.search.searcher import SearchFilter, with_lead

ZOO = Article(
    title="Lions break out of enclosure at Sydney zoo",
    text=(
        "Five lions escaped from their enclosure at Sydney's Taronga Zoo early on Wednesday, prompting a "
        "lockdown of the grounds. Keepers sedated one young lion and returned the others within two hours, "
        "the zoo said. No visitors were hurt."
    ),
    source="Harbour Post",
    url="https://post.example/lions",
    published=date(2023, 11, 2),
)
STADIUM = Article(
    title="Council backs new stadium",
    text=(
        "The Harbor City council met on Monday to debate a plan for a new waterfront stadium. "
        "It passed by 7 votes to 2, with building to start in May."
    ),
    source="Harbor Times",
    url="https://times.example/stadium",
    published=date(2023, 3, 7),
)
BLUE_TICK = Article(
    title="Chirper to charge for verified badges",
    text=(
        "Chirper will charge users $8 a month for a verified badge, chief executive Mara Quill said on "
        "Tuesday. The subscription will launch first in the United States and Canada. Under an earlier "
        "plan, users could lose their badges if they did not start paying the higher $19.99 a month."
    ),
    source="Tech Ledger",
    url="https://ledger.example/badges",
    published=date(2023, 11, 1),
)
FUEL = Article(
    title="Petrol passes $5 a gallon",
    text=(
        "The national average price of petrol topped $5 a gallon for the first time in June 2022, the "
        "Motorists' Club said. Prices have since eased as demand fell."
    ),
    source="Road Desk",
    url="https://road.example/petrol",
    published=date(2022, 6, 14),
)

RENTS = Article(
    title="Rents set a record for the 17th month running",
    text=(
        "Rents hit a record high in July for the 17th month in a row, the listings site Homefinder said. "
        "The median rent rose to $1,900 a month."
    ),
    source="Home Desk",
    url="https://home.example/rents",
    published=date(2022, 8, 12),
)
CLEMENCY = Article(
    title="Governor commutes every death sentence in the state",
    text=(
        "Governor Ana Ruiz is commuting the sentences of all 12 people on death row to life in prison "
        "without the possibility of parole, her office said on Tuesday."
    ),
    source="State Wire",
    url="https://wire.example/clemency",
    published=date(2022, 12, 13),
)

HARBOUR = Article(
    title="Sea lion steals fish from boats in Monterey",
    text=(
        "The six-year-old sea lion, known as Captain, has been stealing fish from boats in Monterey "
        "harbour, the harbour master said. According to the harbour office, 40% of fishermen said they "
        "landed fewer fish than before the pandemic. The harbour was rebuilt in 2019 and reopened on "
        "Friday."
    ),
    source="Coast Post",
    url="https://coast.example/sea-lion",
    published=date(2023, 5, 5),
)
RECALL = Article(
    title="Carmaker recalls two models over wiring fault",
    text=(
        "The recall covers 12,040 Vesta Aria and 3,120 Kora Linea cars built in 2021, the regulator said. "
        "Tucson, where sales rose 21%, saw the biggest drop in complaints among the 40 largest cities. "
        "For now, a repair is ready for the Vesta Aria but not the Kora Linea."
    ),
    source="Auto Wire",
    url="https://auto.example/recall",
    published=date(2023, 3, 9),
)


@pytest.fixture
def checker(desk: Newsdesk) -> FactChecker:
    desk.add([ZOO, BLUE_TICK, FUEL, RENTS, CLEMENCY, HARBOUR, RECALL])
    return FactChecker.for_desk(desk)


def test_a_claim_reordered_and_reworded_is_supported(checker: FactChecker) -> None:
    """ "Five lions escaped at Taronga Zoo in Sydney." states the article's sentence in another order:
    SUPPORTED, quoting that sentence."""
    result = checker.check("Five lions escaped at Taronga Zoo in Sydney.")
    assert result.verdict is Verdict.SUPPORTED
    assert "Five lions escaped" in result.parts[0].evidence[0].quote.text


def test_a_name_is_explained_without_its_possessive(checker: FactChecker) -> None:
    """ "Sydney's Taronga Zoo" is about Sydney: the explanation names Sydney, not "Sydney's"."""
    result = checker.check("Five lions escaped from their enclosure at Sydney's Taronga Zoo.")
    assert result.verdict is Verdict.SUPPORTED
    assert "Sydney" in result.parts[0].explanation
    assert "Sydney's" not in result.parts[0].explanation


def test_another_price_for_the_same_thing_is_a_contradiction_naming_both(checker: FactChecker) -> None:
    """The article says $8 a month: a claim of $20 a month is CONTRADICTED, and the explanation gives
    both figures. The $19.99 a month users could have paid under a plan does not support it."""
    result = checker.check("Chirper will charge $20 a month for verification.")
    assert result.verdict is Verdict.CONTRADICTED
    explanation = result.parts[0].explanation
    assert "$8 a month" in explanation and "$20 a month" in explanation


def test_a_rate_is_no_rival_to_a_bare_sum() -> None:
    """ "$20 a month" and "$44 billion" of one company measure different things: no clash; "$8 a month"
    measures the same."""
    claim = analyse("Chirper will charge $20 a month for verification.").quantities[0]
    deal = analyse("Quill wants out of his $44 billion deal to buy Chirper.").quantities[0]
    price = analyse("Chirper will charge users $8 a month.").quantities[0]
    assert not comparable_quantities(claim, deal)
    assert comparable_quantities(claim, price)


def test_a_quakes_magnitude_is_no_rival_to_a_toll() -> None:
    """ "7.0-magnitude" is measured on a scale of its own: a sentence giving "130 others were injured"
    gives no figure for it, none other."""
    claim = analyse("At least five people died when the 7.0-magnitude quake hit northern Veloria.")
    sentence = analyse("At least five people died and 130 others were injured after the quake.")
    findings = list(compare_quantities(claim, sentence))
    assert [f.explanation for f in findings] == ["the evidence gives no figure for 7.0 magnitude"]


def test_a_price_per_share_is_no_rival_to_a_deals_sum() -> None:
    """ "$54.20 per share" is a price, not what a buyer paid in all; a market share stays a share."""
    paid = analyse("Quill bought Chirper for $54 billion.").quantities[0]
    offer = analyse("Quill offered to buy Chirper for $54.20 per share.").quantities[0]
    deal = analyse("Quill struck a $44 billion deal to buy Chirper.").quantities[0]
    assert not comparable_quantities(paid, offer)
    assert comparable_quantities(paid, deal)
    share = analyse("Quill held a 24% market share.").quantities[0]
    assert comparable_quantities(share, analyse("Quill held 42% of the market.").quantities[0])


def test_a_figure_under_a_condition_is_a_possibility() -> None:
    """A figure after "if" or "could" in its clause is a possibility, and one after "must" a
    requirement; "would" reports a plan as fact, a comma closes the condition, and "May" is the month."""
    conditional = [
        (q.text, q.conditional)
        for text in (
            "Users could lose their badges if they did not start paying the higher $19.99 a month.",
            "Quill said Chirper would charge $8 a month.",
            "If approved, the plan costs $5 billion.",
            "Petrol prices in May hit $5 a gallon.",
            "Osk must win 218 votes to become speaker.",
        )
        for q in analyse(text).quantities
    ]
    assert conditional == [
        ("$19.99", True),
        ("$8", False),
        ("$5 billion", False),
        ("$5", False),
        ("218", True),
    ]


def test_for_the_first_time_is_not_a_figure(checker: FactChecker) -> None:
    """ "for the first time" is no number to find in the article: the claim with the article's price and
    date is SUPPORTED."""
    result = checker.check("Petrol hit $5 a gallon for the first time in June 2022.")
    assert result.verdict is Verdict.SUPPORTED
    assert "first time" not in result.parts[0].explanation


def test_half_a_scale_is_half_of_it() -> None:
    """ "half a million dollars" is $500,000, not a million; "two and a half billion" is 2.5 billion and
    "a million and a half" 1.5 million; "half a mile" has no scale to halve."""
    (half,) = analyse("The jury ordered him to pay half a million dollars.").quantities
    (awarded,) = analyse("The jury awarded $500,000 in damages.").quantities
    assert half.matches(awarded)
    assert not analyse("He must pay a million dollars.").quantities[0].matches(awarded)
    assert numerals("two and a half billion") == "2.5 billion"
    assert numerals("a million and a half") == "1.5 million"
    assert numerals("half a mile") == "half a mile"


def test_half_a_scale_in_other_spellings() -> None:
    """ "a half million" and "a half-million" are 500,000 (not a million, not nothing); "twenty-two and a
    half million" is 22.5 million (not 20 million); a word that is no number before "and a half
    million" leaves half the scale."""
    assert numerals("The city paid a half million dollars.") == "The city paid 0.5 million dollars."
    assert numerals("a half-million people") == "0.5 million people"
    (voters,) = analyse("Some twenty-two and a half million people voted.").quantities
    assert voters.value == 22_500_000
    assert numerals("the firm and a half million more") == "the firm and 0.5 million more"


def test_an_age_by_its_decade_is_an_age() -> None:
    """ "a man in his 30s" is 30 to 39 years old: "a 34-year-old man" gives it, but a sentence silent on
    his age does not, even where the article speaks of "the last 20 to 30 years" (a span, not an age).
    "the 1950s" stays a time."""
    assert numerals("a woman in her early 40s") == "a woman in her early 40-49 years old"
    assert numerals("the 1950s and 60s") == "the 1950s and 60s"
    judge = RuleJudge()
    claim = "The first Valorian patient, diagnosed in May 2022, was a man in his 30s."
    aged = "The first Valorian patient, a 34-year-old man, was diagnosed in May 2022."
    assert judge.judge(claim, Evidence(aged, aged, "", "2022-05-20", 0.8)).verdict is Verdict.SUPPORTED
    silent = "The first Valorian patient, a man, was diagnosed in May 2022."
    article = f"{silent} The disease has spread among people over the last 20 to 30 years."
    unsaid = judge.judge(claim, Evidence(silent, article, "", "2022-05-20", 0.8))
    assert unsaid.verdict is not Verdict.SUPPORTED


def test_several_dozen_is_dozens_not_a_dozen() -> None:
    """ "several dozen German warships" says what "dozens of German warships" says: no clash with 12."""
    assert numerals("several dozen warships and a few dozen barges") == "dozens warships and dozens barges"
    (several,) = analyse("The river exposed several dozen German warships.").quantities
    (dozens,) = analyse("Dozens of German warships were exposed in the river.").quantities
    assert several.matches(dozens)


def test_dollars_and_cents_are_one_sum() -> None:
    """ "thirty-three dollars and fifty cents a share" is $33.50, the article's figure, not 33 dollars
    and another 50 cents."""
    (sum_in_words,) = analyse("Investors get thirty-three dollars and fifty cents a share.").quantities
    (sum_in_digits,) = analyse("Investors get $33.50 a share in cash.").quantities
    assert sum_in_words.matches(sum_in_digits)


def test_us_dollars_and_a_hyphenated_unit_are_money() -> None:
    """ "roughly 96,000 US dollars" is "about $96,000" and "a 3-cent drop" is "dropped three cents"; "a
    20-percent rise" is 20%, and "a 215-pound python" still weighs."""
    (in_words,) = analyse("a fine as high as roughly 96,000 US dollars").quantities
    (in_digits,) = analyse("fines of up to (about $96,000)").quantities
    assert in_words.matches(in_digits)
    (hyphenated,) = analyse("after a 3-cent drop on the day").quantities
    (spelled,) = analyse("The average dropped three cents on the day.").quantities
    assert hyphenated.matches(spelled)
    assert analyse("a 20-percent rise").quantities[0].kind == "percent"
    assert analyse("a 215-pound python").quantities[0].kind == "count"


def test_a_web_name_keeps_its_dot_and_initials_lose_theirs() -> None:
    """ "Realtor.com" and "Character.ai" are named as written, so a sentence naming Realtor.com names it;
    "U.S." is "US"."""
    claim = analyse("Realtor.com data show that U.S. rents hit a record.")
    assert claim.names + claim.opening == ("US", "Realtor.com")
    assert mentions("the median rent, according to Realtor.com.", "Realtor.com")
    assert analyse("Character.ai paused the bot.").opening == ("Character.ai",)


def test_pounds_without_a_sign_scale_or_sterling_weigh() -> None:
    """ "weighing 215 pounds" is the weight of "a 215-pound python", not £215; "50 million pounds" and
    "300 pounds sterling" are money, and so are pounds given in dollars too ("15,000 pounds, or about
    $18,500"). A unit in brackets after a figure is another figure's: "120 pounds (54.4 kilograms)"
    gives no 120 kilograms."""
    (weight,) = analyse("The python weighed 215 pounds.").quantities
    (compound,) = analyse("A 215-pound python was caught.").quantities
    assert weight.kind == "count" and weight.units == {"pound"}
    assert weight.matches(compound) and compound.units == {"pound"}
    assert analyse("The fee was 50 million pounds.").quantities[0].kind == "money £"
    assert analyse("It cost 300 pounds sterling.").quantities[0].kind == "money £"
    (fine, _) = analyse("The blogger was fined 15,000 pounds, or about $18,500.").quantities
    assert fine.kind == "money £" and fine.matches(analyse("He was fined £15,000.").quantities[0])
    (kilograms,) = analyse("Orion will fly 120 kilograms of keepsakes.").quantities
    converted = analyse("Orion will carry 120 pounds (54.4 kilograms) of mementos.").quantities
    assert not any(kilograms.matches(figure) for figure in converted)


def test_pounds_of_something_weigh_however_many() -> None:
    """ "8.5 million pounds of chicken" and "18 million pounds (8.2 million kilograms)" are weights, not
    sums in sterling; "a fee of 50 million pounds" stays money."""
    (chicken,) = analyse("Tyson recalled 8.5 million pounds of chicken.").quantities
    assert chicken.kind == "count" and chicken.units == {"pound"}
    haul = analyse("The motors can each haul 18 million pounds (8.2 million kilograms).").quantities
    assert haul[0].kind == "count" and haul[0].units == {"pound"}
    assert analyse("It was a fee of 50 million pounds.").quantities[0].kind == "money £"


def test_a_word_with_a_number_in_it_is_still_what_a_figure_counts() -> None:
    """Only an aside or the next figure ends what a figure counts: "10 COVID-19 deaths" counts deaths and
    "3 F-35 jets" jets; "1,200 dollars and 50 cents" is $1,200.50."""
    assert "death" in analyse("There were 10 COVID-19 deaths.").quantities[0].counts
    assert "jet" in analyse("The 3 F-35 jets landed.").quantities[0].counts
    (fare,) = analyse("It cost 1,200 dollars and 50 cents.").quantities
    assert fare.kind == "money $" and fare.value == 1200.5


def test_the_reports_date_stands_for_a_date_the_sentence_leaves_out() -> None:
    """A sentence giving the claim's telling figure "on Wednesday" in a report of June 2022 states it
    with the claim's "in June 2022", and may support it from the lower cut-off; not in a report of May.
    It stays silent on the year where a rival sentence gives another. A figure listed with another of
    its kind leaves which is whose to the words ("Adani and Bezos rank third and fourth")."""
    judge = RuleJudge()
    claim = "In June 2022 an earthquake struck 28.5 miles southwest of Khost."
    quake = "The quake struck on Wednesday about 28.5 miles southwest of the city of Khost."

    def reading(text: str, published: str, said: str = claim) -> Reading:
        return judge.reading(said, Evidence(text, text, "Quake", published, 0.8))

    assert reading(quake, "2022-06-22").specific
    assert not reading(quake, "2022-06-22").states_details
    assert not reading(quake, "2022-05-22").specific
    ranks = "Gautam Adani and Jeff Bezos rank third and fourth on Bloomberg's list."
    bezos = "In December 2022, Jeff Bezos ranked third on Bloomberg's list."
    assert not reading(ranks, "2022-12-14", bezos).specific
    assert reading("Jeff Bezos ranks third on Bloomberg's list.", "2022-12-14", bezos).specific


def test_numbers_in_words_read_as_digits_with_their_scale() -> None:
    """Number words become digits with the scale kept as a word; "first" and "one" stay words."""
    assert numerals("nearly seven million people") == "nearly 7 million people"
    assert numerals("close to 7 million people") == "close to 7 million people"
    assert numerals("seeded sixth") == "seeded 6th"
    assert numerals("for the first time, one of them") == "for the first time, one of them"
    assert numerals("cutting power to millions") == "cutting power to millions"
    assert numerals("tens of thousands of fans") == "tens of thousands of fans"


def test_a_plural_scale_is_a_rough_range() -> None:
    """ "millions" allows "more than 2.5 million" but does not state it (a sentence saying "millions"
    supports no exact figure); "tens of thousands" holds 20,000 to 99,999; "hundreds of drones" rules out
    "a few dozen drones"."""
    millions = analyse("The storm cut power to millions of homes.").quantities[0]
    claimed = analyse("The storm cut power to more than 25 million homes.").quantities[0]
    assert not claimed.matches(millions) and not claimed.excludes(millions)
    assert millions.matches(analyse("Millions lost power.").quantities[0])
    sentence = "The storm smashed into the coast on Wednesday, cutting power to millions of homes."
    evidence = Evidence(sentence, sentence, "Storm hits the coast", "2022-09-29", 0.8)
    judgement = RuleJudge().judge("The storm cut power to more than 25 million homes.", evidence)
    assert judgement.verdict is Verdict.NOT_IN_ARTICLES
    fans = analyse("Tens of thousands of fans came.").quantities[0]
    assert (fans.value, fans.high) == (20_000, 99_999)
    sentence = "Tehran is preparing to supply Russia with hundreds of drones for the war in Ukraine."
    evidence = Evidence(sentence, sentence, "Iran to send drones to Russia", "2022-07-12", 0.8)
    judgement = RuleJudge().judge(
        "Tehran is preparing to supply Russia with a few dozen drones for the war.", evidence
    )
    assert judgement.verdict is Verdict.CONTRADICTED
    assert "article says hundreds of drones" in judgement.explanation


def test_the_alignment_model_learns_which_feature_tells_the_classes_apart() -> None:
    """Fitted on rows where only the similarity separates the labels, the model weighs similarity most
    and ranks a similar sentence above a dissimilar one."""
    rows = [dict.fromkeys(FEATURES, 0.5) | {"similarity": s / 10} for s in range(10)]
    weights, bias = fit_weights(rows, [s >= 5 for s in range(10)])
    assert max(weights, key=lambda name: abs(weights[name])) == "similarity"
    model = AlignmentModel(weights, bias, 0.5, 0.5, 0.5)
    assert model.probability(rows[9]) > 0.5 > model.probability(rows[0])


def test_a_negation_of_what_the_article_says_is_a_contradiction(checker: FactChecker) -> None:
    """ "rents failed to reach a fresh record" turns round the article's "Rents hit a record high":
    CONTRADICTED."""
    result = checker.check("In July, rents failed to reach a fresh record.")
    assert result.verdict is Verdict.CONTRADICTED
    assert "failed to reach a fresh record" in result.parts[0].explanation


def test_a_negation_about_something_else_does_not_turn_the_claim_round(checker: FactChecker) -> None:
    """The sentence's "without the possibility of parole" negates nothing the claim says: the claim it
    states is SUPPORTED."""
    result = checker.check("Ruiz is commuting the sentences of the 12 people on death row.")
    assert result.verdict is Verdict.SUPPORTED


def test_a_negation_turned_round_again_by_without_negates_nothing() -> None:
    """ "They wouldn't have held on, though, without Osk's win" says they held on: no clash with a claim
    that they held it; "They did not hold the seat" still negates "hold"."""
    claim = analyse("Osk's win in Valdoria held the seat for the Greens.")
    undone = analyse("The Greens wouldn't have held on at this point, though, without Osk's win in Valdoria.")
    assert not undone.negated("held") and list(compare_polarity(claim, undone)) == []
    assert undone.turned_round() == frozenset() and turned_round(claim, undone) is None
    assert analyse("The Greens did not hold the seat in Valdoria.").negated("hold")


def test_a_negation_turns_round_the_few_words_after_it_in_its_clause() -> None:
    """The words a cue turns round are those just after it, up to the end of its clause; names are not
    among them; "without" turns round a deed, not a thing."""
    assert analyse("rents failed to reach a fresh record").turned_round() == {"reach", "fresh", "record"}
    assert analyse("died without ever reproducing, Ruiz said").turned_round() == {"ever", "reproduc"}
    assert analyse("homes without power").turned_round() == set()  # what "lost power" says
    assert analyse("The extension cannot be cut by Ruiz").turned_round() == {"cut"}


def test_no_opening_the_subject_turns_round_the_deed_not_the_subject() -> None:
    """ "No previously impeached president has ever run again" denies the running, not presidents: a
    claim about a president is not turned round by it. "no injuries" with no verb after it still denies
    the injuries."""
    assert analyse("No previously impeached president has ever run again.").turned_round() == {
        "ever",
        "run",
    }
    assert analyse("No charges were filed.").turned_round() == {"file"}
    assert analyse("There were no injuries in the blast.").turned_round() == {"injuri", "blast"}


def test_a_negated_claim_needs_a_sentence_that_speaks_of_it() -> None:
    """ "would not challenge the fine" is not borne out by a sentence that never says challenge: the
    claim is unverified there, and the finding quotes its words. A sentence that says it is left to the
    polarity rules."""
    claim = analyse("Meta said Instagram would not challenge the fine.")
    appeal = analyse("Instagram plans to appeal against the fine, a spokesperson for Meta said.")
    finding = unsaid_negation(claim, appeal)
    assert finding is not None and not finding.clash
    assert "not challenge" in finding.explanation
    assert unsaid_negation(claim, analyse("Instagram will not challenge the fine, Meta said.")) is None


def test_both_sides_turning_something_round_is_no_clash() -> None:
    """ "symptoms have not returned" and "has not had a reemergence of symptoms" say one negative fact
    in other words: the sentence's negation does not turn the claim round."""
    claim = analyse("The first lady's symptoms have not returned, her spokeswoman said.")
    sentence = analyse("The first lady has not had a reemergence of symptoms, her spokesman said.")
    assert turned_round(claim, sentence) is None


QUAKE = Article(
    title="Strong earthquake shakes the north of Veloria",
    text=(
        "At least five people died and 130 others were injured after a powerful earthquake struck the "
        "north of Veloria on Wednesday, officials said. The 7.0-magnitude quake hit northern Veloria, "
        "the island's most populous region, shortly after dawn."
    ),
    source="Island Wire",
    url="https://island.example/quake",
    published=date(2022, 7, 27),
)


def test_a_claim_spread_over_two_sentences_is_read_from_both() -> None:
    """The article gives the quake's magnitude in one sentence and its dead and injured in the one
    before: against the magnitude sentence, nothing of the claim is unverified, and what the figures
    count ("dead", "injured") is not missing."""
    sentence = "The 7.0-magnitude quake hit northern Veloria, the island's most populous region."
    evidence = Evidence(sentence, QUAKE.text, QUAKE.title, "2022-07-27", 0.7)
    claim = "The magnitude 7 quake in northern Veloria left at least five dead and 130 injured."
    reading = RuleJudge().reading(claim, evidence)
    assert reading.findings == ()
    assert reading.missing == "left"


def test_what_a_figure_counts_is_read_past_were_and_inside_a_compound() -> None:
    """ "130 others were injured" counts the injured; "7.0-magnitude" says magnitude."""
    injured = analyse("At least five people died and 130 others were injured.").quantities[1]
    assert injured.value == 130 and "injur" in injured.counts
    assert "magnitud" in analyse("The 7.0-magnitude quake hit Veloria.").content


def test_a_title_is_no_rival_name() -> None:
    """ "IAEA Director General Rafael Grossi" names Grossi: when the claim's first name is missing, the
    sentence's rival is a person or place, never the title "Director"."""
    sentence = "IAEA Director General Rafael Grossi received a written request from Ukraine to send teams."
    article = f"{sentence} Officials in Kyiv said the request was sent on Monday."
    evidence = Evidence(sentence, article, "Ukraine asks IAEA to inspect two sites", "2022-10-25", 0.7)
    judgement = RuleJudge().judge("Kyiv asked IAEA chief Rafael Grossi to send inspectors.", evidence)
    assert "Director" not in judgement.explanation
    assert "Ukraine" in judgement.explanation


def test_a_report_is_judged_from_its_opening_too(desk: Newsdesk) -> None:
    """When search finds a later chunk of a report, its opening chunk, where a report states its main
    facts, is judged with it; an answer, which reads only the first few hits, reads it second."""
    filler = " ".join(f"Keeper number {n} spoke to reporters about the feeding rota." for n in range(40))
    desk.add([replace(ZOO, text=f"{ZOO.text} {filler} The rota changes weekly.")])
    hits = desk.searcher.search("keeper feeding rota changes weekly", 1, SearchFilter())
    assert hits[0].chunk.start > 0
    judged = with_lead(hits, desk.searcher)
    assert [h.chunk.start for h in judged] == [hits[0].chunk.start, 0]
    assert judged[1].chunk.text.startswith("Five lions escaped")
    more = desk.searcher.search("keeper feeding rota changes weekly", 3, SearchFilter())
    read = with_lead(more, desk.searcher, after_best=True)
    assert [h.chunk.id for h in read] == [
        more[0].chunk.id,
        judged[1].chunk.id,
        *(h.chunk.id for h in more[1:]),
    ]


def test_the_rest_of_the_best_article_is_read_ranked_as_the_weakest_hit(desk: Newsdesk) -> None:
    """The best hit's article's chunks that search did not return are read too, each ranked as the
    weakest returned hit."""
    filler = " ".join(f"Keeper number {n} spoke to reporters about the feeding rota." for n in range(40))
    desk.add([replace(ZOO, text=f"{ZOO.text} {filler} The rota changes weekly.")])
    hits = desk.searcher.search("keeper feeding rota changes weekly", 1, SearchFilter())
    rest = rest_of_article(hits, desk.searcher)
    chunks = desk.searcher.chunks_of(hits[0].chunk.article_id)
    assert [h.chunk.id for h in rest] == [c.id for c in chunks if c.id != hits[0].chunk.id]
    assert {h.dense for h in rest} == {hits[0].dense}


def test_a_number_in_words_finds_the_sentence_that_writes_it_in_digits(desk: Newsdesk) -> None:
    """ "eight points" counts as the words of "8 points" when the checker ranks an article's sentences:
    the sentence giving the claim's figures comes first, not the one giving only its names."""
    farewell = Article(
        title="Basketball great retires",
        text=(
            "Sue Bird played her final game on Tuesday, when her Seattle Storm lost to the Las Vegas "
            "Aces. In her last game, she finished with 8 points and 8 assists. The crowd chanted her name."
        ),
        source="Court Wire",
        url="https://court.example/bird",
        published=date(2022, 9, 7),
    )
    desk.add([farewell])
    checker = FactChecker.for_desk(desk)
    claim = "Sue Bird finished her final game with eight points and eight assists."
    hits = desk.searcher.search(claim, 1, SearchFilter())
    best = checker.passages(claim, hits, [])[0][0]
    figures = "In her last game, she finished with 8 points and 8 assists."
    assert best.chunk.text[best.start : best.end] == figures


def test_a_passage_search_did_not_return_contradicts_but_does_not_support(checker: FactChecker) -> None:
    """A sentence of a chunk search did not return for the claim (here: the zoo report, passed as the
    rest of an article) may contradict it, but its support is not confirmed: NOT IN THE ARTICLES, with
    a reason."""
    rest = checker.searcher.search("lions escaped Taronga Zoo", 1, SearchFilter())
    for claim, verdict in (
        ("Five lions escaped from their enclosure at Sydney's Taronga Zoo.", Verdict.NOT_IN_ARTICLES),
        ("Nine lions escaped from their enclosure at Sydney's Taronga Zoo.", Verdict.CONTRADICTED),
    ):
        candidates = checker.align(claim, [], rest)
        assert candidates and not any(c.may_support for c in candidates)
        assert decide([(c, checker.judgement(claim, c)) for c in candidates])[0] is verdict
    supported = checker.judge.judge("Five lions escaped at Taronga Zoo.", checker.evidence(candidates[0]))
    assert supported.verdict is Verdict.SUPPORTED
    assert only_against(supported).explanation == UNCONFIRMED


def test_two_sentences_read_together_may_contradict_and_say_why_they_do_not_support(desk: Newsdesk) -> None:
    """A claim spread over two sentences is read from both together too; that pair may contradict it,
    but its support is told as two sentences that may tell of different things, not as a support."""
    desk.add([QUAKE])
    checker = FactChecker.for_desk(desk)
    claim = "At least five people died when the 7.0-magnitude quake hit northern Veloria."
    pairs = [c for c in checker.align(claim, desk.searcher.search(claim, 3, SearchFilter())) if c.paired]
    assert pairs and not any(c.may_support for c in pairs)
    assert checker.judge.judge(claim, checker.evidence(pairs[0])).verdict is Verdict.SUPPORTED
    judgement = checker.judgement(claim, pairs[0])
    assert (judgement.verdict, judgement.explanation) == (Verdict.NOT_IN_ARTICLES, UNCONFIRMED_PAIR)


def test_against_a_figure_sets_one_tally_against_another() -> None:
    """ "188 votes, against 31 for the challenger" turns nothing round; "voted against abolishing the
    tax" still does."""
    tally = analyse("McCarthy won with 188 votes, against 31 for challenger Andy Biggs.")
    assert not any(t.cue for t in tally.tokens)
    stance = analyse("The council voted against abolishing the tax.")
    assert [t.text for t in stance.tokens if t.cue] == ["against"]


def test_a_number_sign_is_no_negation() -> None:
    """ "the No. 5 and No. 10 retailers" numbers them; "No injuries" still denies."""
    assert not any(t.cue for t in analyse("The deal unites the No. 5 and No. 10 retailers.").tokens)
    assert [t.text for t in analyse("No injuries were reported.").tokens if t.cue] == ["No"]


def test_a_passage_that_may_only_contradict_does_not_silence_a_support() -> None:
    """A pair of sentences or a passage search did not return, surer than the supporting sentence but
    not contradicting, has no say: the claim stays SUPPORTED. When it does contradict, it counts."""
    support = Judgement(Verdict.SUPPORTED, "article says the same", 0.7)
    sure = limited(Judgement(Verdict.SUPPORTED, "article says the same", 1.0), may_support=False)
    clash = limited(Judgement(Verdict.CONTRADICTED, "claim says 9; article says 7", 1.0), may_support=False)
    assert decide([("sentence", support), ("pair", sure)])[0] is Verdict.NOT_IN_ARTICLES
    heard = having_a_say([("sentence", support), ("pair", sure)], lambda c: c == "sentence")
    assert decide(heard)[0] is Verdict.SUPPORTED
    heard = having_a_say([("sentence", support), ("pair", clash)], lambda c: c == "sentence")
    assert decide(heard)[0] is Verdict.CONTRADICTED


def test_a_negation_stops_where_a_clause_of_its_own_opens() -> None:
    """ "does not yet know how the animals escaped" turns round the knowing, not the escape: the
    sentence says nothing against "five lions escaped"."""
    sentence = analyse("The zoo does not yet know how the animals escaped and has launched a review.")
    assert sentence.turned_round() == {"know"}
    assert not sentence.negated_loosely("escap")
    claim = analyse("Five lions escaped at Taronga Zoo.")
    assert turned_round(claim, sentence) is None
    assert list(compare_polarity(claim, sentence)) == []


def test_a_name_is_found_without_its_accents_and_a_spoken_acronym_in_title_case() -> None:
    """ "Tomljanovic" names "Tomljanović"; "NASA" names "Nasa's", a two-letter acronym is never found in
    a title-case word ("US" is not "Us")."""
    assert mentions("knocked out by Ajla Tomljanović", "Tomljanovic")
    assert mentions("Nasa’s Perseverance rover", "NASA")
    assert not mentions("Us Weekly said", "US")


def test_a_plural_title_does_not_end_a_sentence() -> None:
    """ "Sens." before the senators' names is an abbreviation: the sentence goes on to name them."""
    text = "The group includes Republican Sens. Rob Portman and Susan Collins. It met on Monday."
    assert sentences(text) == [
        "The group includes Republican Sens. Rob Portman and Susan Collins.",
        "It met on Monday.",
    ]


def test_etc_ends_a_list_and_its_sentence() -> None:
    """ "etc." before a capitalised word closes the sentence; "Dr." does not."""
    text = "Use one cable for your phone, laptop, camera, etc. Well, Dr. Ruiz says regulators agree."
    assert sentences(text) == [
        "Use one cable for your phone, laptop, camera, etc.",
        "Well, Dr. Ruiz says regulators agree.",
    ]


def test_a_claim_with_two_predicates_is_checked_as_two_assertions(checker: FactChecker) -> None:
    """ "X did A and did B" states two things of X: each is checked with X as its subject, and one true
    and one false make the claim MIXED; "tin and gold" stays one assertion."""
    claim = "Captain has been stealing fish from boats in Monterey and was born in 2021."
    assert split_claim(claim) == [
        "Captain has been stealing fish from boats in Monterey",
        "Captain was born in 2021.",
    ]
    assert split_claim("Walikale has tin and gold deposits.") == ["Walikale has tin and gold deposits."]
    result = checker.check("The harbour in Monterey was rebuilt in 2019 and reopened on Monday.")
    assert [p.verdict for p in result.parts] == [Verdict.SUPPORTED, Verdict.CONTRADICTED]
    assert result.verdict is Verdict.MIXED


def test_an_age_written_as_one_word_is_compared_with_an_age_in_years(checker: FactChecker) -> None:
    """ "the six-year-old sea lion" gives an age in years: "is 4 years old" is CONTRADICTED."""
    assert analyse("the six-year-old sea lion").quantities[0].counts >= {"year", "old"}
    result = checker.check("Captain, the sea lion stealing fish in Monterey, is 4 years old.")
    assert result.verdict is Verdict.CONTRADICTED


def test_a_name_far_from_the_figure_does_not_make_it_another_count(checker: FactChecker) -> None:
    """ "Covid" is not in the article, but the claim says it far from its figure: the article's 40% of
    fishermen contradicts the claim's 60 percent."""
    claim = "The harbour office found that 60 percent of fishermen landed fewer fish than before Covid."
    result = checker.check(claim)
    assert result.verdict is Verdict.CONTRADICTED
    assert "40%" in result.parts[0].explanation


def test_figures_given_for_each_others_names_are_a_contradiction(checker: FactChecker) -> None:
    """The article's 12,040 are Vesta Arias and its 3,120 Kora Lineas: the claim giving them the other
    way round is CONTRADICTED."""
    result = checker.check("The recall covers about 3,000 Vesta Arias and roughly 12,000 Kora Lineas.")
    assert result.verdict is Verdict.CONTRADICTED
    assert "3,120 Kora" in result.parts[0].explanation


def test_a_name_the_articles_never_use_is_replaced_by_the_sentences_first_word(
    checker: FactChecker,
) -> None:
    """ "Tucson, where..." opens the sentence that says all the rest: the claim's Reno, which no article
    names, is CONTRADICTED by it."""
    result = checker.check("Among the 40 largest cities, Reno saw the biggest drop in complaints.")
    assert result.verdict is Verdict.CONTRADICTED
    assert "Reno" in result.parts[0].explanation and "Tucson" in result.parts[0].explanation


@pytest.mark.parametrize(
    "written",
    [
        "three-quarters of a percentage point",
        "three-quarters of a point",
        "75 basis points",
        "a three-quarter-point",
        "0.75 percentage points",
    ],
)
def test_a_move_in_parts_of_a_point_is_a_figure_in_percentage_points(written: str) -> None:
    """A rate rise "by three-quarters of a percentage point", "by 75 basis points" or "a three-quarter-
    point hike" is 0.75 percentage points; half a point is another figure, not the same."""
    figure = analyse(f"The Valorian central bank raised rates by {written}.").quantities[0]
    assert (figure.kind, figure.value) == ("points", 0.75)
    half = analyse("The bank raised rates by half a percentage point.").quantities[0]
    assert (half.kind, half.value) == ("points", 0.5)
    assert not figure.matches(half)


def test_shares_are_read_as_percentages() -> None:
    """ "3 out of 10" is 30%; a fraction is a rough percentage unless the text already hedges it; "a
    fourth season" is a rank, not a quarter; "half" and "one-fifth" are shares before "of" or "the",
    opening a sentence or not."""
    assert shares(numerals("About three out of 10 are children")) == "About 30% are children"
    assert shares(numerals("grown by a fifth")) == "grown by about 20%"
    assert shares(numerals("grown by around a fifth since 2010")) == "grown by around 20% since 2010"
    assert shares(numerals("renewed for a fourth season")) == "renewed for a 4th season"
    assert shares(numerals("more than half of the vote")) == "more than 50% of the vote"
    assert shares(numerals("Fewer than half of them")) == "Fewer than 50% of them"
    assert shares("Half of all formula") == "about 50% of all formula"
    assert shares("takes up half the surface") == "takes up about 50% the surface"
    assert shares(numerals("with one-fifth the standard dose")) == "with about 20% the standard dose"
    assert shares("won 3 in 2022, half my crew") == "won 3 in 2022, half my crew"
    assert shares(numerals("Three-quarters of voters")) == "about 75% of voters"
    assert shares(numerals("nearly two-thirds of the seats")) == "nearly 66.7% of the seats"
    claim, sentence = (
        analyse("Roughly 30 percent of them are minors"),
        analyse("About 3 out of 10 are children"),
    )
    assert claim.quantities[0].matches(sentence.quantities[0])


def test_a_bound_on_a_share_is_kept() -> None:
    """ "Fewer than half" is below 50%, not about 50%: it cannot be "over half"."""
    fewer = analyse("Fewer than half of the people sickened were men").quantities[0]
    over = analyse("Over half of those sickened were men").quantities[0]
    assert fewer.bound == "upper"
    assert fewer.excludes(over)


def test_decades_are_no_figures() -> None:
    """ "the 1950s and 60s" name times, not counts of anything."""
    assert analyse("weapons tests from the 1950s and 60s").quantities == ()


def test_a_hedge_word_before_a_name_hedges_nothing() -> None:
    """ "proposed to Lopez" is no "may": the name after it is not hedged."""
    claim = analyse("In April, Affleck asked Lopez to marry him again.")
    assert compare_modality(claim, analyse("Affleck proposed to Lopez again in April.")) is None


def test_yet_is_a_cue_not_a_word_of_the_statement() -> None:
    """ "has not yet sunk deep enough to reach" and "is yet to reach" say the same: no clash on "yet"."""
    claim = analyse("Caesium has not yet sunk deep enough to reach the truffles.")
    assert list(compare_polarity(claim, analyse("Caesium is yet to reach the truffles."))) == []


def test_each_side_negating_another_name_is_a_contradiction(checker: FactChecker) -> None:
    """The article has a repair for the Vesta but not the Kora: the claim of one for the Kora but not
    for the Vesta is CONTRADICTED, quoting both negations."""
    result = checker.check("A repair is ready for the Kora Linea but not yet for the Vesta Aria.")
    assert result.verdict is Verdict.CONTRADICTED
    assert "not yet for the Vesta" in result.parts[0].explanation


def test_stopping_and_staying_away_turn_round_what_follows() -> None:
    """ "stopped requiring a negative test" says what "no longer needing to provide a negative test" says,
    and "stay away from its platforms" what "not to engage in its platforms" says: no clash. "stopped the
    car" and "stay in the city" turn nothing round."""
    stopped = analyse("The rules stopped requiring a negative test from travelers.")
    needing = analyse("Under the rules, travelers are no longer needing to provide a negative test.")
    assert "requir" in stopped.turned_round()
    assert turned_round(stopped, needing) is None
    away = analyse("Hess urged readers to stay away from the paper's platforms.")
    engage = analyse("Hess asked readers to not engage in any of the paper's platforms.")
    assert turned_round(away, engage) is None
    assert not analyse("Police stopped the car in the city.").turned_round()
    assert not analyse("Tourists stay in the city.").turned_round()


def test_two_denials_of_one_deed_are_no_contrast_of_names() -> None:
    """ "Neither of the two Valorian juries charged Tom Hale" and "Two juries in Valoria declined to charge
    Hale" deny the same thing: each turns round another name, but neither keeps one before its cue, as
    "for the Kora but not for the Vesta" does."""
    sentence = "Two grand juries in Valoria declined to charge Hale with any crimes."
    claim = "Neither of the two Valoria grand juries brought criminal charges against Tom Hale."
    judgement = RuleJudge().judge(claim, Evidence(sentence, sentence, "Hale", "2022-08-03", 0.8))
    assert judgement.verdict is not Verdict.CONTRADICTED


def test_opposites_said_of_the_same_thing_clash_whichever_comes_first() -> None:
    """ "strengthen" against "weakening is expected", beside a "dissipate" said of something else, and
    "grown" against "shrunk" are clashes."""
    claim = analyse("Forecasters expected the storm to strengthen after landfall.")
    sentence = analyse("Rapid weakening is expected to continue, and it will dissipate by this evening.")
    assert any(f.clash and "weakening" in f.explanation for f in compare_polarity(claim, sentence))
    grown, shrunk = analyse("The budget has grown since 2010."), analyse("The budget has shrunk since 2010.")
    assert any(f.clash for f in compare_polarity(grown, shrunk))


def test_a_figure_the_article_gives_elsewhere_of_the_same_thing_is_not_missing() -> None:
    """ "at least five dead" is given two sentences on ("At least five people died"): the sentence that
    lacks it leaves nothing unverified; a figure of something else elsewhere does not count."""
    claim = analyse("The quake in the north left at least five dead.")
    sentence = analyse("The quake hit the north at dawn.")
    article = "The quake hit the north at dawn. At least five people died, officials said."
    assert list(compare_quantities(claim, sentence, article)) == []
    elsewhere = "The quake hit the north at dawn. At least five buildings fell, officials said."
    assert [f.kind for f in compare_quantities(claim, sentence, elsewhere)] == [FindingKind.NO_FIGURE]


def test_a_span_of_time_elsewhere_counts_only_where_no_other_span_stands_beside_it() -> None:
    """ "over the last 12 months" gives the claim's "twelve months" two sentences on; "three days into a
    four-day visit" does not say that a trip lasted three days."""
    sentence = analyse("The first lady made a surprise trip to Valdoria.")
    trip = analyse("The first lady's trip to Valdoria lasted three days.")
    visit = "The first lady made a surprise trip to Valdoria. She is three days into a four-day visit."
    assert [f.kind for f in compare_quantities(trip, sentence, visit)] == [FindingKind.NO_FIGURE]
    prices = analyse("Over the twelve months to August, egg prices jumped 38%.")
    eggs = analyse("Egg prices jumped 38%.")
    report = "Egg prices jumped 38%. Over the last 12 months, grocery prices soared."
    assert list(compare_quantities(prices, eggs, report)) == []


def test_a_figure_the_next_sentence_gives_of_the_same_subject_is_not_missing() -> None:
    """ "He was 68." after the sentence that says he died gives his age; a sentence opening with another
    subject ("His wife was 68.") does not."""
    claim = analyse("Ashton Carter died at 68.")
    sentence = analyse("Ashton Carter has died, his family said.")
    article = "Ashton Carter has died, his family said. He was 68. His wife was 68."
    assert list(compare_quantities(claim, sentence, article, "He was 68.")) == []
    evidence = Evidence("Ashton Carter has died, his family said.", article, "Carter dies", "2022-10-25", 0.8)
    assert evidence.next_sentence() == "He was 68."
    other = "His wife was 68."
    assert [f.kind for f in compare_quantities(claim, sentence, other, other)] == [FindingKind.NO_FIGURE]


def test_a_sentence_giving_the_claims_telling_figures_supports_from_the_lower_cut_off() -> None:
    """A sentence 0.9 probably about the claim supports it when it gives every figure and date of the
    claim, one of them telling ("32 teams"), under the telling-figures cut-off; without them it must
    reach the support cut-off. "two sites" and a weekday alone are not telling, nor a year the sentence
    does not write."""
    model = AlignmentModel({}, math.log(0.9 / 0.1), support=0.95, clash=0.65, specific=0.85)
    with_figures = Reading((), {}, True, True, True, "article says the same", "")
    without = Reading((), {}, False, False, False, "article says the same", "backed")
    assert conclude(with_figures, model).verdict is Verdict.SUPPORTED
    assert conclude(without, model).verdict is Verdict.NOT_IN_ARTICLES
    listed = analyse("Forbes first listed him as a billionaire in 2020.")
    assert telling(analyse("All 32 teams backed the sale."), analyse("The 32 teams agreed."))
    assert telling(listed, analyse("He joined the Forbes list in 2020."))
    assert not telling(listed, analyse("He joined the Forbes list on Tuesday."))
    sites = analyse("The agency will inspect the two sites on Saturday.")
    assert not telling(sites, sites)


def test_a_sentence_short_of_the_support_cut_off_says_why_even_with_no_word_missing() -> None:
    """Below the support cut-off, the explanation names the claim's words the sentence lacks; with none
    missing it says the sentence may say it, to be read, never an empty list."""
    model = AlignmentModel({}, math.log(0.9 / 0.1), support=0.95, clash=0.65, specific=0.85)
    lacking = conclude(Reading((), {}, False, False, False, "article says the same", "backed"), model)
    assert lacking.explanation == "the evidence does not say: backed"
    complete = conclude(Reading((), {}, False, False, False, "article says the same", ""), model)
    assert complete.verdict is Verdict.NOT_IN_ARTICLES
    assert "read the quote" in complete.explanation


def test_a_negation_from_an_article_missing_a_claimed_name_is_no_contradiction() -> None:
    """On a sentence 0.9 probably about the claim, a negation the other side lacks contradicts it; not
    when the article never names someone the claim names: it may tell of another mission."""
    model = AlignmentModel({}, math.log(0.9 / 0.1), support=0.95, clash=0.65, specific=0.85)
    turned = Finding(False, "the claim says “with no astronauts on board”", FindingKind.POLARITY)
    absent = Finding(False, "the articles do not mention Orion", FindingKind.NAME_ABSENT, "Orion")
    alone = Reading((turned,), {}, False, False, False, "", "")
    elsewhere = Reading((turned, absent), {}, False, False, False, "", "")
    assert conclude(alone, model).verdict is Verdict.CONTRADICTED
    assert conclude(elsewhere, model).verdict is Verdict.NOT_IN_ARTICLES


def test_a_spelled_rank_clashes_with_another_rank_of_the_same_thing() -> None:
    """ "second woman prime minister" against "third woman prime minister" is a clash, either way
    round; "the first time" is no rank of a win."""
    second = analyse("Liz Truss became Britain's second woman prime minister.")
    third = analyse("Truss is Britain's third woman prime minister.")
    assert [f.clash for f in compare_ranks(second, third)] == [True]
    assert [f.clash for f in compare_ranks(third, second)] == [True]
    first_time = analyse("It is the first time the team won.")
    assert list(compare_ranks(first_time, analyse("It is the third win in a row."))) == []


def test_a_superlative_is_the_first_rank_of_what_it_ranks() -> None:
    """ "the leading cause" is first of its kind: it clashes with "the third leading cause", and agrees
    with a sentence that says "the leading cause" too."""
    claim = analyse("Listeria is the leading cause of food poisoning deaths in the US.")
    third = analyse("Listeria is the third leading cause of death from food poisoning in the US.")
    clashes = list(compare_ranks(claim, third))
    assert [f.clash for f in clashes] == [True]
    assert "the leading cause" in clashes[0].explanation and "3rd" in clashes[0].explanation
    same = analyse("Listeria is the leading cause of food poisoning deaths.")
    assert list(compare_ranks(claim, same)) == []


def test_a_rank_before_a_superlative_ranks_what_the_superlative_qualifies() -> None:
    """ "the world's second-biggest military spender" ranks military spenders, as "the third highest
    military spender" does, though "biggest" and "highest" are other words: a clash."""
    claim = analyse("Valoria ranked as the world's second-biggest military spender in 2021.")
    third = analyse("That made Valoria the third highest military spender globally in 2021.")
    clashes = list(compare_ranks(claim, third))
    assert [f.clash for f in clashes] == [True]
    assert "second" in clashes[0].explanation and "3rd" in clashes[0].explanation


def test_a_score_matches_only_the_same_score() -> None:
    """ "2-0" is a score, not a range from 2 down to 0: the same score supports, another one of the same
    match contradicts, and a record reads the same way ("87-75")."""
    sentence = "Defending champion Valoria ended Kestria's cup dream on Wednesday thanks to a 2-0 victory."
    evidence = Evidence(sentence, sentence, "Valoria beat Kestria to reach the final", "2022-12-14", 0.8)
    judge = RuleJudge()
    assert (
        judge.judge("Valoria beat Kestria 2-0 in the cup semifinal.", evidence).verdict is Verdict.SUPPORTED
    )
    other = judge.judge("Valoria beat Kestria 2-1 in the cup semifinal.", evidence)
    assert other.verdict is Verdict.CONTRADICTED
    assert "2-1" in other.explanation and "2-0" in other.explanation
    record = analyse("The team finished with a record of 87-75.").quantities[0]
    assert (record.kind, record.value, record.against) == ("score", 87, 75)


def test_another_park_in_a_report_that_never_names_the_claims_event_is_no_contradiction() -> None:
    """ "Yellowstone National Park" stands where the claim says "Yosemite National Park", but the report
    never names the claim's Oak Fire: it may tell another story, so the swap is unverified, not a
    clash; in a report that names the fire, it is a clash."""
    sentence = "All entrances of Yellowstone National Park were closed after floods, park officials said."
    claim = "The Oak Fire forced park officials to close all entrances of Yosemite National Park."
    elsewhere = Evidence(sentence, sentence, "Floods close Yellowstone", "2022-06-14", 0.8)
    judgement = RuleJudge().judge(claim, elsewhere)
    assert judgement.verdict is Verdict.NOT_IN_ARTICLES
    assert "the sentence names Yellowstone National Park, not Yosemite National Park" in judgement.explanation
    same_story = Evidence(
        sentence, f"{sentence} The Oak Fire was still burning.", "Parks shut", "2022-06-14", 0.8
    )
    assert RuleJudge().judge(claim, same_story).verdict is Verdict.CONTRADICTED


def test_a_name_is_found_whichever_way_its_apostrophe_curls() -> None:
    """ "O'Brien" typed on a keyboard names the article's "O’Brien", and the other way round."""
    assert mentions("Teamsters president Sean O’Brien said", "O'Brien")
    assert mentions("Teamsters president Sean O'Brien said", "O’Brien")


def test_a_number_joined_to_a_word_says_only_the_word() -> None:
    """ "six-game ban" says game and ban, not a word "sixgame" no sentence can match."""
    assert analyse("The NFL appealed the six-game ban.").content == frozenset(
        {"nfl", "appeal", "game", "ban"}
    )


def test_another_figure_from_a_report_that_never_names_the_claims_source_is_unverified() -> None:
    """ "85% in a Gallup poll" against "63% in a CNN poll" from a report that never mentions Gallup may be
    another survey: not a clash, and the explanation says so."""
    sentence = "In a CNN poll, 63% of voters said the economy was their top issue."
    evidence = Evidence(sentence, sentence, "Economy tops voters' worries", "2022-10-30", 0.8)
    judgement = RuleJudge().judge(
        "In a Gallup poll, 85% of voters said the economy was their top issue.", evidence
    )
    assert judgement.verdict is Verdict.NOT_IN_ARTICLES
    assert (
        "the article says 63% of voters, perhaps of something else, not 85% of voters"
        in judgement.explanation
    )


def test_stopping_what_the_article_says_will_continue_is_a_clash() -> None:
    """ "would stop tracking the infants" against "will continue to follow the infants" clashes."""
    claim = analyse("The drugmaker said it would stop tracking the infants in the trial.")
    sentence = analyse("The drugmaker says it will continue to follow the infants who are enrolled.")
    assert any(f.clash and "continue" in f.explanation for f in compare_polarity(claim, sentence))


def test_against_turns_round_only_after_a_verb_of_taking_sides() -> None:
    """ "voted against abolishing the tax" turns round "abolishing"; "declined to bring charges against
    the deputy" does not turn round "deputy", so it is no clash with a claim about charging him."""
    assert "abolish" in analyse("The council voted against abolishing the tax.").turned_round()
    charged = analyse("Prosecutors declined to bring charges against the deputy who shot him.")
    assert "deputi" not in charged.turned_round()
    claim = analyse("Prosecutors declined to charge the deputy who shot him.")
    assert not any(f.clash for f in compare_polarity(claim, charged))


def test_a_time_of_day_is_compared_only_with_a_time() -> None:
    """ "12:07 a.m." and "12.07 a.m." are one time, "1:07 a.m." another; "10 a.m." is no count of ten."""
    sentence = "The 69-minute launch window will open at 12.07 a.m. ET on Monday, November 14, NASA said."
    evidence = Evidence(sentence, sentence, "NASA sets new Artemis launch date", "2022-11-09", 0.8)
    judge = RuleJudge()
    same = judge.judge(
        "NASA said the 69-minute launch window opens at 12:07 a.m. ET on Monday, November 14.", evidence
    )
    assert same.verdict is Verdict.SUPPORTED
    other = judge.judge(
        "NASA said the 69-minute launch window opens at 1:07 a.m. ET on Monday, November 14.", evidence
    )
    assert other.verdict is Verdict.CONTRADICTED and "1:07 a.m." in other.explanation
    kinds = [q.kind for q in analyse("The order takes effect at 10 a.m. for 5,000 homes.").quantities]
    assert kinds == ["time", "count"]


def test_a_number_after_a_capitalised_word_is_part_of_a_name() -> None:
    """ "Tier 2" and "Game 6" name things; they count nothing: a sentence without "Tier 2" does not leave
    it unverified when the article gives it elsewhere."""
    kinds = [q.kind for q in analyse("Arizona faces a Tier 2 shortage of 592,000 acre-feet.").quantities]
    assert kinds == ["label tier", "count"]
    assert [q.kind for q in analyse("Officials said 44 people were missing.").quantities] == ["count"]
    sentence = "Arizona will face the largest cuts, 592,000 acre-feet, or about 21% of its yearly allotment."
    article = f"The Interior Department declared a Tier 2 shortage on the Colorado River. {sentence}"
    evidence = Evidence(sentence, article, "Colorado River cuts", "2022-08-16", 0.8)
    reading = RuleJudge().reading(
        "Arizona's Tier 2 cut of 592,000 acre-feet is about 21% of its allotment.", evidence
    )
    assert not any("no figure" in f.explanation for f in reading.findings)


def test_declared_is_found_where_the_sentence_says_announced() -> None:
    """ "declared a partial mobilization" is said by "announced the immediate partial mobilization"."""
    claim = analyse("Putin declared a partial mobilization.")
    sentence = analyse("Putin announced the immediate partial mobilization on Wednesday.")
    assert found_words(claim.content, sentence.content) == claim.content


def test_a_date_written_day_first_is_a_date_not_a_figure() -> None:
    """ "20 October 2022", as British copy writes it, is the day "October 20, 2022" names: its 20 is no
    figure the sentence must give, and the sentence supports it. "5 may be" is no date."""
    claim = analyse("Premier Ana Ruiz said on 20 October 2022 that she was resigning.")
    assert ("day", "october 20") in {(d.kind, d.value) for d in claim.dates}
    assert not claim.quantities
    assert not analyse("The 5 may be late.").dates
    sentence = "Premier Ana Ruiz announces her resignation in Valoria on October 20, 2022."
    evidence = Evidence(sentence, sentence, "Ruiz resigns", "2022-10-21", 0.8)
    judgement = RuleJudge().judge("Premier Ana Ruiz said on 20 October 2022 that she resigned.", evidence)
    assert judgement.verdict is Verdict.SUPPORTED


def test_another_year_beside_the_same_month_is_a_contradiction() -> None:
    """ "March 2019" against "March 2018" of the same vote dates the same thing: a clash naming both
    years, even when the words around the years differ."""
    sentence = "Quill entered March 2018, the month shareholders approved the pay plan, at No. 41."
    evidence = Evidence(sentence, sentence, "Quill's pay on trial", "2022-11-14", 0.8)
    judgement = RuleJudge().judge("Shareholders approved the chief's big pay plan in March 2019.", evidence)
    assert judgement.verdict is Verdict.CONTRADICTED
    assert "claim says 2019; article says 2018" in judgement.explanation


_RESIGNED = "Lind has become Valoria's new prime minister, succeeding Ruskin, who resigned in July."
_VOTE = "Valoria voters on Tuesday will approve a constitutional amendment that legalizes cannabis."
_BUDGET = "The council approved the budget in March, the mayor said."
_VOTED = "Valoria voters approved the amendment on Tuesday, legalizing recreational cannabis."


@pytest.mark.parametrize(
    ("unrelated", "related"),
    [
        # "became prime minister in October" is not dated by "Ruskin, who resigned in July".
        (
            (
                Evidence(_RESIGNED, f"{_RESIGNED} Lind defeated Tomas Berg.", "", "2022-09-05", 0.8),
                "Tomas Berg became prime minister in October 2022.",
                "July",
            ),
            (
                Evidence(_BUDGET, _BUDGET, "", "", 0.8),
                "The council approved the budget in April.",
                "claim says April; article says March",
            ),
        ),
        # "Valoria voters on Tuesday will approve" shares only a name with "legal in Valoria in July".
        (
            (
                Evidence(_VOTE, _VOTE, "", "2022-11-09", 0.8),
                "Recreational cannabis becomes legal in Valoria in July 2023.",
                "Tuesday",
            ),
            (
                Evidence(_VOTED, _VOTED, "", "2022-11-09", 0.8),
                "Valoria voters approved the amendment in July.",
                "claim says July",
            ),
        ),
    ],
)
def test_a_date_clashes_only_when_said_of_the_claims_deed(
    unrelated: tuple[Evidence, str, str], related: tuple[Evidence, str, str]
) -> None:
    """A sentence's date said of another deed, or sharing only a name with the claim's date, is no
    clash; one said of the claim's deed, by a word of it, is."""
    judge = RuleJudge()
    evidence, claim, told = unrelated
    other = judge.judge(claim, evidence)
    assert told not in other.explanation and other.verdict is not Verdict.CONTRADICTED
    evidence, claim, clash = related
    same = judge.judge(claim, evidence)
    assert same.verdict is Verdict.CONTRADICTED
    assert clash in same.explanation


def test_a_photo_credit_is_no_given_name() -> None:
    """A caption's credit run into the next name ("Jane Doe/Reuters Newton-John") gives no other
    Newton-John: the sentence's Newton-John is still the claim's Olivia Newton-John."""
    text = "Olivia Newton-John sings. Jane Doe/Reuters Newton-John performed in 1978."
    assert given_names(text, "Newton-John") == {"Olivia"}
    sentence = "In 2005 Newton-John's then-boyfriend, Patrick McDermott, disappeared on a fishing trip."
    credit = "Jane Doe/Reuters Newton-John in 1978."
    article = f"Olivia Newton-John, the singer, died on Monday. {credit} {sentence}"
    claim = "Patrick McDermott, Olivia Newton-John's boyfriend, disappeared on a fishing trip in 2005."
    judgement = RuleJudge().judge(claim, Evidence(sentence, article, "Olivia Newton-John", "2022-08-09", 0.8))
    assert "Reuters" not in judgement.explanation


def test_the_other_one_is_not_the_one_named_just_before() -> None:
    """A sentence after one about the Kestrasaurus that speaks of "the other species" gives its figures
    of another: it does not support the Kestrasaurus's figures."""
    before = "Most tracks belong to the Kestrasaurus, which stood 15 feet tall."
    sentence = "The other species that left tracks was the Valosaurus, which would be about 60 feet tall."
    evidence = Evidence(sentence, f"{before} {sentence}", "Dinosaur tracks", "2022-08-23", 0.8)
    claim = "The Kestrasaurus, whose tracks were found at the park, would be about 60 feet tall."
    assert RuleJudge().judge(claim, evidence).verdict is not Verdict.SUPPORTED


def test_a_replaced_name_is_replaced_whole() -> None:
    """ "Justice Anna Berg" where the article has "Justice Clara Lind" do the same is a swapped name: the
    surname the article lacks too goes with the replaced first name, and is no sign of another story."""
    sentence = "Supreme Court Justice Clara Lind rejected the challenge, declining to take up an appeal."
    evidence = Evidence(sentence, sentence, "Court turns down appeal", "2022-10-21", 0.8)
    judgement = RuleJudge().judge("Supreme Court Justice Anna Berg declined to take up the appeal.", evidence)
    assert judgement.verdict is Verdict.CONTRADICTED
    assert "Anna Berg" in judgement.explanation and "Clara Lind" in judgement.explanation


def test_a_word_of_a_name_is_no_neighbour_a_substitute_stands_by() -> None:
    """ "Launch" of "Space Launch System" is no "launch" beside which the claim's "Artemis" was replaced:
    the rocket that lit its engines is no rival of the mission it launched."""
    sentence = "The Valorian Space Launch System, or VLS, rocket lit its engines at 1:47 a.m. ET."
    article = f"{sentence} The rocket carried the Kestra I mission around the moon."
    evidence = Evidence(sentence, article, "Kestra I lifts off", "2022-11-16", 0.8)
    claim = "The VLS rocket ignited at 1:47 a.m. Eastern time to launch Kestra I."
    judgement = RuleJudge().judge(claim, evidence)
    assert "Space Launch System" not in judgement.explanation
    assert judgement.verdict is not Verdict.CONTRADICTED


def test_a_colon_ends_the_clause_a_year_dates() -> None:
    """ "born into a new era: In 2011, the monarchy abolished a rule" dates the abolition, not the
    birth: no clash with "born on May 2, 2015". A time of day's colon ends nothing."""
    sentence = (
        "Princess Anna of Valoria was born into a new era: In 2011, the monarchy abolished a rule that "
        "favoured male heirs."
    )
    article = f"{sentence} Anna, the second child of the crown prince, was born in 2015."
    evidence = Evidence(sentence, article, "Princess Anna", "2022-09-10", 0.8)
    born = RuleJudge().judge("Princess Anna of Valoria was born on May 2, 2015.", evidence)
    assert "2011" not in born.explanation and born.verdict is not Verdict.CONTRADICTED
    launch = analyse("The rocket lifted off at 2:17 p.m. on Tuesday from Florida.")
    assert date_context(launch, launch.dates[0]) == {"lift", "rocket", "florida"}


def test_may_with_a_capital_inside_a_sentence_is_the_month() -> None:
    """ "At its May meeting" dates the meeting and hedges nothing; "Theresa May" is a name and a
    sentence's opening "May" may be the verb."""
    meeting = dates("At its May meeting, the bank raised rates.")
    assert [(d.kind, d.value) for d in meeting] == [("month", "may")]
    assert dates("Theresa May said so.") == ()
    sentence = "At its May meeting, the Valorian bank raised rates by half a percentage point."
    evidence = Evidence(sentence, sentence, "Bank raises rates", "2022-06-10", 0.8)
    judge = RuleJudge()
    rise = "the Valorian bank raised rates by half a percentage point."
    assert judge.judge(f"At its May meeting, {rise}", evidence).verdict is Verdict.SUPPORTED
    assert judge.judge(f"At its June meeting, {rise}", evidence).verdict is not Verdict.SUPPORTED


def test_a_country_named_in_two_words_is_one_name_with_its_aliases() -> None:
    """ "the United States" is one name, which "the US" names too; not two names "United" and
    "States" that no sentence about the US team gives."""
    assert "United States" in analyse("Pulisic gave the United States a 1-0 win over Iran.").names
    sentence = "The US team earned a 1-0 win over Iran to reach the knockout stage."
    evidence = Evidence(sentence, sentence, "US beat Iran", "2022-11-30", 0.8)
    judgement = RuleJudge().judge("The United States beat Iran 1-0 to reach the knockout stage.", evidence)
    assert judgement.verdict is Verdict.SUPPORTED


def test_a_demonym_ending_in_i_names_its_country() -> None:
    """ "Israeli" and "Pakistani" find "Israel" and "Pakistan", as "Congolese" finds "Congo"."""
    assert mentions("Israel said on Monday", "Israeli")
    assert mentions("floods in Pakistan", "Pakistani")
    assert not mentions("floods in Pakistan", "Israeli")


def test_a_people_named_unlike_its_country_finds_the_country() -> None:
    """ "Dutch" finds "the Netherlands", "Martian" finds "Mars" and "GOP" finds "Republicans": names no
    ending rule derives. They find no other country, and no ending is cut from them: "Republicans" is not
    "Republic"."""
    assert mentions("a round of 16 tie against the Netherlands", "Dutch")
    assert mentions("organic matter on the surface of Mars", "Martian")
    assert mentions("ten Republicans backed the bill", "GOP")
    assert not mentions("a round of 16 tie against Germany", "Dutch")
    assert not mentions("the Czech Republic said", "GOP")


def test_another_name_after_the_same_capitalised_word_is_a_swap() -> None:
    """ "Hurricane Maria" where the sentence says "Hurricane Fiona" names another storm, even when the
    article mentions Maria elsewhere (an older storm): a clash naming both. "The" before a name is no
    such word."""
    sentence = (
        "More than a million people in Valoria are without power again Thursday as crews repair utilities "
        "disabled by Hurricane Fiona."
    )
    article = f"{sentence} Fiona hit five years after Hurricane Maria plunged the island into a blackout."
    evidence = Evidence(sentence, article, "Many in Valoria remain without power", "2022-09-22", 0.8)
    claim = "Over a million people in Valoria lost power because of Hurricane Maria this week."
    judgement = RuleJudge().judge(claim, evidence)
    assert judgement.verdict is Verdict.CONTRADICTED
    assert "claim names Hurricane Maria; article names Hurricane Fiona" in judgement.explanation
    other = "The UN's nuclear watchdog did not say where the two sites are."
    watchdog = Evidence(other, other, "Watchdog silent", "2022-10-20", 0.8)
    assert (
        "article names UN"
        not in RuleJudge().judge("The IAEA disclosed where the two sites are.", watchdog).explanation
    )


def test_a_sentence_calling_the_claims_person_by_their_title_names_them() -> None:
    """ "The queen died ... in Valoria" speaks of the claim's "Queen Maren II" in an article that names
    her, if only further on: no "claim names Maren II; article names Valoria" swap, and no "the sentence
    does not name Maren". The figure still decides."""
    sentence = "The queen died Thursday at Halden Castle in Valoria, at age 96 after 70 years on the throne."
    article = (
        f"{sentence} Flags flew at half-mast. Queen Maren II was the longest-reigning monarch of Valoria."
    )
    evidence = Evidence(sentence, article, "The queen has died", "2022-09-09", 0.8)
    judge = RuleJudge()
    assert judge.judge("Queen Maren II died at Halden Castle at the age of 96.", evidence).verdict is (
        Verdict.SUPPORTED
    )
    older = judge.judge("Queen Maren II died at Halden Castle at the age of 95.", evidence)
    assert older.verdict is Verdict.CONTRADICTED
    assert "names Valoria" not in older.explanation


def test_a_bare_surname_shared_by_two_people_of_the_article_is_not_the_claims_person() -> None:
    """In an article about first lady Jill Varga and President Joe Varga, "Varga tested positive" may be
    either of them: "President Varga tested positive" is not supported by it, nor contradicted; a
    sentence that gives the title is the president's."""
    bare = "Varga, who is staying in Halden, tested positive again on Wednesday."
    titled = "President Joe Varga tested positive on Wednesday, the White House said."
    article = f"First lady Jill Varga has Covid. {bare} {titled}"
    judge = RuleJudge()
    claim = "President Varga tested positive on Wednesday."
    unsure = judge.judge(claim, Evidence(bare, article, "Varga tests positive", "2022-08-18", 0.8))
    assert unsure.verdict is Verdict.NOT_IN_ARTICLES
    assert "which Varga: the article names Jill Varga and Joe Varga" in unsure.explanation
    said = judge.judge(claim, Evidence(titled, article, "Varga tests positive", "2022-08-18", 0.8))
    assert said.verdict is Verdict.SUPPORTED


def test_an_abbreviation_in_brackets_is_the_name_before_it() -> None:
    """ "11 Dongfeng (DF) missiles" names Dongfeng twice: a claim about Dongfeng missiles is not told
    that the article names DF instead of Valoria."""
    sentence = "A total of 11 Dongfeng (DF) missiles were fired into the waters north of the island."
    evidence = Evidence(sentence, sentence, "Drills near Valoria", "2022-08-04", 0.8)
    judgement = RuleJudge().judge("Valoria said 11 Dongfeng missiles were fired north of it.", evidence)
    assert "names DF" not in judgement.explanation
    assert bracketed_abbreviations("the Centers for Disease Control and Prevention (CDC) said") == {
        "CDC": "Centers for Disease Control and Prevention"
    }


def test_a_demonym_before_a_noun_describes_what_the_claim_is_about() -> None:
    """In "The Valorian pound fell...", the claim is about the pound: a sentence naming Asia, where the
    trading happened, is no sentence about someone else."""
    sentence = "The plunge of nearly 5% to just above $1.03 came during trading in Asia on Monday."
    evidence = Evidence(
        sentence, f"The Valorian pound crashed. {sentence}", "Pound slumps", "2022-09-26", 0.8
    )
    judgement = RuleJudge().judge("The Valorian pound fell nearly 5% to just above $1.03.", evidence)
    assert "names Asia" not in judgement.explanation


def test_above_and_below_are_bounds_on_opposite_sides() -> None:
    """ "above 1,050 feet" against "below 1,050 feet" is a clash naming both; "below 1,200 feet" allows
    "above 1,050 feet"."""
    sentence = "The lake's level will be below 1,050 feet come January, the Interior Department projects."
    evidence = Evidence(sentence, sentence, "Lake falls to a record low", "2022-08-16", 0.8)
    judgement = RuleJudge().judge("The lake's level will sit above 1,050 feet in January.", evidence)
    assert judgement.verdict is Verdict.CONTRADICTED
    assert "claim says above 1,050 feet; article says below 1,050 feet" in judgement.explanation
    above = analyse("The level will sit above 1,050 feet.").quantities[0]
    assert not above.excludes(analyse("The level will be below 1,200 feet.").quantities[0])


def test_a_stage_before_its_number_is_a_rank() -> None:
    """ "round three" is the third round and "game 6" the sixth game: "round two" against "the third
    round" is a clash naming both; a count of games stays a count."""
    assert [(q.kind, q.value) for q in analyse("She lost in round three.").quantities] == [("ordinal", 3)]
    assert [q.kind for q in analyse("He scored 6 goals in 3 games.").quantities] == ["count", "count"]
    sentence = "Valoria's Ana Ruiz lost to Mara Quill in the third round of the Open on Friday."
    evidence = Evidence(sentence, sentence, "Ruiz out of the Open", "2022-09-02", 0.8)
    judgement = RuleJudge().judge("Ana Ruiz lost to Mara Quill in round two of the Open.", evidence)
    assert judgement.verdict is Verdict.CONTRADICTED
    assert "claim says round two; article says 3rd round" in judgement.explanation


def test_a_demonym_describing_a_noun_is_not_swapped_for_a_name() -> None:
    """ "Martian surface material" is not contradicted by "the surface of Mars": the claim's adjective
    is unverified, not replaced. A person's name before a comma ("Ana Ruizi, leader of...") still is."""
    sentence = "The Valoria rover has found organic molecules on the surface of Mars, the agency said."
    evidence = Evidence(sentence, sentence, "Rover finds organic molecules", "2022-09-15", 0.8)
    claim = "The Valoria rover has found organic molecules in Martian surface material."
    assert "article names Mars" not in RuleJudge().judge(claim, evidence).explanation
    assert not describes(analyse("Ana Ruizi, leader of the party, won."), "Ruizi")
    assert describes(analyse("The Valorian pound fell."), "Valorian")


def test_a_fact_told_over_two_sentences_can_contradict_but_not_support(desk: Newsdesk) -> None:
    """The council, the plan and the stadium are in one sentence, the vote and the building date in the
    next ("It passed by 7 votes to 2"). Read together they contradict a wrong tally, and the clash quotes
    both, verbatim; a right vote is not SUPPORTED by the pair alone (two sentences may join facts of
    different things)."""
    desk.add([STADIUM])
    checker = FactChecker.for_desk(desk)
    claim = "The Harbor City council passed the stadium plan by {} votes to {}, with building to start in May"
    wrong = checker.check(claim.format(9, 0) + ".")
    assert wrong.verdict is Verdict.CONTRADICTED
    assert wrong.parts[0].evidence[0].quote.text == STADIUM.text
    right = checker.check(
        "The Harbor City council passed the stadium plan by 7 votes, with building to start in May."
    )
    assert right.verdict is Verdict.NOT_IN_ARTICLES


def test_two_figures_given_together_are_specific_enough_to_support_in_other_words() -> None:
    """ "eight points and six assists" both given by the sentence seldom match by chance: it supports
    the claim told in other words ("ended the last game of her career"); one small count alone does not."""
    stated = "In her final game, she finished with 8 points and 6 assists."
    article = f"Mara Quist retires. The guard played 19 seasons for the Storm. {stated}"
    evidence = Evidence(stated, article, "Mara Quist retires", "2031-05-04", 0.7)
    both = RuleJudge().judge(
        "Mara Quist ended the last game of her career with eight points and six assists.", evidence
    )
    one = RuleJudge().judge("Mara Quist ended the last game of her career with eight points.", evidence)
    assert (both.verdict, one.verdict) == (Verdict.SUPPORTED, Verdict.NOT_IN_ARTICLES)


def test_a_date_the_headline_gives_is_not_telling() -> None:
    """A report headlined "Drought thwarts 4th of July fireworks" is all about July 4: a sentence giving
    that day matches the claim's date by no chance, so the date alone does not make it specific."""
    claim = analyse("Albuquerque is swapping its July 4 fireworks for a laser show.")
    sentence = analyse("Albuquerque will continue its free show on the Fourth of July, with fireworks.")
    assert telling(claim, sentence, "City hall backs free show")
    assert not telling(claim, sentence, "Drought thwarts 4th of July fireworks")


def test_a_temperature_written_with_its_sign_is_the_one_in_words() -> None:
    """ "-423°F, or about -252°C" gives the two temperatures "minus 423 degrees Fahrenheit (minus 252
    degrees Celsius)" gives, and the scales' names are no one the claim fails to name."""
    stated = "The liquid hydrogen is about minus 423 degrees Fahrenheit (minus 252 degrees Celsius)."
    evidence = Evidence(stated, f"Nasa fuels the rocket. {stated}", "Rocket fuel", "2031-05-04", 0.7)
    claim = "The liquid hydrogen that fuels Nasa's rocket is chilled to roughly -423°F, or about -252°C."
    judgement = RuleJudge().judge(claim, evidence)
    assert (judgement.verdict, judgement.explanation) == (
        Verdict.SUPPORTED,
        "article says the same (roughly 423, about 252)",
    )


def test_a_label_the_article_gives_need_not_be_repeated_in_the_sentence() -> None:
    """ "Tier 2", like a name, is given once: a sentence giving every other figure of the claim about
    the Tier 2 cut supports it, in words of its own ("reduction" for "cuts")."""
    stated = (
        "Arizona will face the largest cuts, 592,000 acre-feet, or about 21% of the state's yearly share."
    )
    article = f"The Tier 2 shortage means Arizona and Nevada must use less river water. {stated}"
    evidence = Evidence(stated, article, "Water cuts for Arizona", "2031-05-04", 0.75)
    claim = (
        "Arizona's Tier 2 reduction of 592 thousand acre-feet equals roughly 21 percent of what it receives."
    )
    assert RuleJudge().judge(claim, evidence).verdict is Verdict.SUPPORTED


def test_a_rank_the_article_also_gives_is_no_clash() -> None:
    """ "the first season" does not contradict "a second season" in an article that gives both: it
    speaks of two seasons. Without the second, it does."""
    claim = analyse("Netflix is making a second season of Squid Game.")
    sentence = analyse("It took 12 years to bring the first season of Squid Game to life.")
    article = f"Netflix said the show is green lit for a second season. {sentence.text}"
    assert list(compare_ranks(claim, sentence, article)) == []
    assert [f.clash for f in compare_ranks(claim, sentence, sentence.text)] == [True]
