"""The answer model: what a question asks for, fitting its weights, and its file."""

from __future__ import annotations

from dataclasses import replace
from itertools import pairwise

import numpy as np
import pytest

from index.answer.answer_model import FEATURES, AnswerModel
from index.answer.sentences import coverage
from index.evaluate.fit_answers import (
    MAX_ABSTAINED,
    Reading,
    fit,
    fit_logistic,
    fit_ranking,
    told,
    trade_off,
)
from index.evaluate.questions import EvalQuestion
from index.language.asked import (
    Asked,
    amount_asked,
    asked,
    counted_words,
    counts_asked,
    entities_of,
    of_kind,
    rate_asked,
    toll_asked,
    toll_figures,
)
from index.language.roles import asked_deed, deeds_asked, roles, tells_deed, told_of_others
from index.language.tokens import TOKENIZER, stem


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("Which company stopped mining near Walikale?", Asked.ORGANISATION),
        ("Who won the 2022 World Cup final?", Asked.WHO),
        ("Where did Hurricane Ian make landfall?", Asked.PLACE),
        ("When did US gas prices hit $5 a gallon?", Asked.DATE),
        ("How many Rwandan soldiers support the rebels?", Asked.NUMBER),
        ("What is the population of Kinshasa?", Asked.NUMBER),
        ("Which US national park was flooded this week?", Asked.PLACE),
        ("What did the rebels say about the ceasefire?", Asked.OTHER),
        ("Meloni became which country’s new prime minister?", Asked.PLACE),
        ("Which head of state announced his resignation?", Asked.PERSON),
        ("Nichelle Nichols, who died this week, was a trailblazer. Which role made her famous?", Asked.OTHER),
        ("Where the storm hit, homes were lost. Who led the rescue?", Asked.WHO),
        ("Dr. Sato led the team. In what year did Mr. Biden visit Kyiv?", Asked.DATE),
        ("and when was that? (M23 Walikale)", Asked.DATE),  # a follow-up, its subject after it
        ("Among the firms that cut ties, which one cost him the most money?", Asked.OTHER),
        ("Which one of the company's brands cut ties with him?", Asked.ORGANISATION),
        ("What is the official name of Presidents' Day?", Asked.OTHER),
    ],
)
def test_the_asked_kind_comes_from_the_question_word_and_the_noun_after_it(
    question: str, kind: Asked
) -> None:
    """who, where, when, how many, and "which company/park/population" name the kind of the answer; a
    possessive names it too ("which country's prime minister" asks for a country). Only the sentence
    that asks counts, and a "who" after a comma opens a clause about someone named, not the question.
    A word of a kind before "name" describes the name: "the official name" asks for a name of anything."""
    assert asked(question) is kind


def test_an_answer_of_the_asked_kind_is_an_entity_the_question_does_not_name() -> None:
    """For "which company", Alphamin counts and the question's own Walikale does not; for "how many",
    a figure counts and "millions" does not."""
    sentence = "Mining run by Alphamin Resources near Walikale stopped, affecting millions and 4,000 workers."
    found = entities_of([sentence])[0]
    words = {"which", "company", "stopped", "mining", "near", "walikale"}
    assert "Alphamin Resources" in of_kind(found, Asked.ORGANISATION, words)
    assert all("Walikale" not in e for e in of_kind(found, Asked.PLACE, words))
    numbers = of_kind(found, Asked.NUMBER, {"how", "many", "workers"})
    assert numbers and all(any(c.isdigit() for c in n) for n in numbers)


def test_a_span_of_time_answers_how_many_of_its_unit_how_long_and_how_old() -> None:
    """spaCy reads "six months", "17-year-old" and "the age of 96" as dates: they still answer "how many
    months" and "how old", but not "how many people", and "70 years" on the throne is no age; a number
    written in words is a figure, "millions" is not; nor is the "four" of a four-octave range an age."""
    sentence = "A court extended her detention by six months, and 17-year-old Mack Rutherford landed."
    found = entities_of([sentence])[0]
    assert "six months" in of_kind(found, Asked.NUMBER, {"how", "many", "months", "was", "it", "extended"})
    assert "17-year-old" in of_kind(found, Asked.NUMBER, {"how", "old", "is", "he"})
    assert not of_kind(found, Asked.NUMBER, {"how", "many", "people", "landed"})
    reign = "Queen Elizabeth II, who reigned for 70 years, died at the age of 96."
    ages = of_kind(entities_of([reign])[0], Asked.NUMBER, {"how", "old", "was", "queen", "elizabeth"})
    assert ages == ["the age of 96"]
    assert not of_kind([("four", "CARDINAL")], Asked.NUMBER, {"how", "old", "was", "she"})


def test_a_count_answers_how_many_only_when_it_counts_what_is_asked() -> None:
    """ "approximately 4,000 Rwandan troops" counts troops: no population of Kinshasa, but the answer to
    "how many Rwandan troops"; a question that names nothing counted takes any figure."""
    sentence = "The rebels are backed by approximately 4,000 Rwandan troops, with ambitions toward Kinshasa."
    figure = ("approximately 4,000", "CARDINAL")
    assert not counts_asked(sentence, figure, counted_words("What is the population of Kinshasa?"))
    assert counts_asked(sentence, figure, counted_words("How many Rwandan troops back the rebels?"))
    thrust = "The rocket lifted off with 7.6 million pounds of thrust."
    assert not counts_asked(thrust, ("7.6 million pounds", "MONEY"), counted_words("How many moons?"))
    assert counts_asked("It cost $5 million.", ("$5 million", "MONEY"), counted_words("How many dollars?"))
    displaced = "Fighting has left over 7 million displaced persons."
    assert counts_asked(displaced, ("over 7 million", "CARDINAL"), counted_words("How many people fled?"))
    assert counted_words("What did the rebels say?") == frozenset()
    # A population that only sets the scene is not what is counted.
    counted = counted_words("Facing a falling population, how many children win a medal?")
    assert "children" in counted and "popul" not in counted
    assert counts_asked(sentence, figure, frozenset())


def test_a_toll_is_answered_only_by_a_figure_told_as_that_toll() -> None:
    """ "How many people died" is answered by the people killed, even when the toll's word stands well
    before its figure, and not by the people rescued; of "six people were killed and two dozen were
    injured", six are the dead and two dozen the injured. A count of recalled swings asks for no toll,
    though the question mentions injuries."""
    dead, hurt = toll_asked("How many people died in Storm Wenna?"), toll_asked("How many were hurt?")
    rescued = "More than 1,600 people have been rescued from the storm's path."
    assert not toll_figures(rescued, [("More than 1,600", "CARDINAL")], dead)
    killed = "The number of people killed along the coast by Storm Wenna rose to at least 23 on Tuesday."
    assert toll_figures(killed, [("at least 23", "CARDINAL"), ("Tuesday", "DATE")], dead) == {"at least 23"}
    parade = "At least six people were killed and two dozen were injured at the parade."
    figures = [("At least six", "CARDINAL"), ("two dozen", "CARDINAL")]
    assert toll_figures(parade, figures, dead) == {"At least six"}
    assert toll_figures(parade, figures, hurt) == {"two dozen"}
    counted = counted_words("How many people died in Storm Wenna?")
    assert not counts_asked(parade, figures[1], counted, toll_figures(parade, figures, dead))
    assert toll_asked("How many baby swings were recalled after reports of infant injuries?") == frozenset()


def test_a_toll_verb_in_ing_counts_the_figure_after_it() -> None:
    """ "a magnitude 5.9 quake struck, killing more than 1,000 people": the dead are the thousand, not
    the magnitude before the verb."""
    dead = toll_asked("How many people died in the Veloria earthquake?")
    quake = "A magnitude 5.9 quake struck the east on Wednesday, killing more than 1,000 people."
    figures = [("5.9", "CARDINAL"), ("Wednesday", "DATE"), ("more than 1,000", "CARDINAL")]
    assert toll_figures(quake, figures, dead) == {"more than 1,000"}


def test_the_deed_a_question_gives_a_name_is_told_of_others_when_the_name_plays_another_part() -> None:
    """ "Who replaced Mara Quist?" gives Quist the part of the one replaced. A sentence giving her the
    other part, or that part to another name in the same verb, tells the deed of others; one giving
    her that part does not, and neither does a rival "defeated" where a title was "won". Verbs of
    saying and light verbs ("made a visit") give no deed."""
    (replaced,) = deeds_asked("Who replaced Mara Quist as premier?")
    assert (replaced.verb, replaced.part, replaced.name) == ("replaced", "done to", "Mara Quist")
    assert told_of_others(replaced, "Quist replaces Tomas Varga, who leaves office on Tuesday.")
    assert told_of_others(replaced, "Mara Quist said on Monday that she would replace Tomas Varga.")
    assert not told_of_others(replaced, "Elena Broch is running to replace Quist.")
    assert not told_of_others(replaced, "Quist, 51, led the finance ministry for six years.")
    (won,) = deeds_asked("Which team won the Orbis Cup?")
    champions = "The Harbor Kings are Orbis Cup champions after defeating the Valley Owls."
    assert not told_of_others(won, champions)
    assert deeds_asked("Nancy Pelosi made a visit to which island?") == ()
    assert deeds_asked("What did Mara Quist say about the budget?") == ()
    assert asked_deed("Who shot Mara Quist?") == ("shot", "doer")
    assert asked_deed("Which firm did Broch buy?") == ("buy", "done to")
    assert asked_deed("Who is Mara Quist?") is None and asked_deed("What did Quist say?") is None
    assert tells_deed("bought", "Broch acquired Quist's firm.")
    assert not tells_deed("bought", "Broch met Quist.")


def test_a_name_between_was_and_a_participle_in_a_question_is_the_one_done_to() -> None:
    """ "Where was former premier Mara Quist shot?" asks about Quist as the one shot: a sentence telling
    just that is no deed of others; "What was Quist doing?" gives no deed."""
    (shot,) = deeds_asked("Where was former premier Mara Quist shot?")
    assert (shot.verb, shot.part, shot.name) == ("shot", "done to", "Mara Quist")
    assert not told_of_others(shot, "Former premier Mara Quist was shot during a speech in Lyon, France.")
    assert deeds_asked("What was Mara Quist doing?") == ()


def test_a_verb_without_a_subject_shares_the_subject_of_the_verb_it_hangs_from() -> None:
    """ "after defeating the Valley Owls" is the Harbor Falcons' deed, and "Having carried out ..." an
    active one; a clause of purpose ("to celebrate") and a question's verbs share no subject, as the
    parser misreads them ("Which teams did the league invite to join?" would have the league join)."""

    def parts(text: str, verb: str) -> list[tuple[str, str]]:
        return [(r.part, r.name) for r in roles(text) if r.verb == verb]

    champions = "The Harbor Falcons are Orbis Cup champions after defeating the Valley Owls."
    assert ("doer", "Harbor Falcons") in parts(champions, "defeating")
    having = "Having carried out its last execution in 1993, Estland was called abolitionist."
    assert parts(having, "carried") == [("doer", "Estland")]
    hosted = "The Valley Owls were hosted by Mara Quist at her office to celebrate their title."
    assert parts(hosted, "celebrate") == []
    invited = deeds_asked("Which two teams did Mara Quist invite to join the Orbis League?")
    assert ("join", "doer", "Mara Quist") not in [(r.verb, r.part, r.name) for r in invited]


def test_a_tolls_other_words_hold_the_questions_word() -> None:
    """ "How many people died" is held by "the number of dead" when the toll's words are its kin; without
    them only "died" itself is."""
    weights = {stem("died"): 1.0, stem("Seoul"): 1.0}
    dead = "Through Sunday, the number of dead climbed to 154."
    kin = dict.fromkeys([stem("died")], toll_asked("How many people died in Seoul?"))
    assert coverage(dead, weights, 2.0, kin) == 0.5
    assert coverage(dead, weights, 2.0) == 0.0


def test_how_much_asks_for_an_amount_not_a_count() -> None:
    """ "How much did it cost?" asks for a sum, a share or a weight; "how many" for a count."""
    assert amount_asked("How much did Twitter Blue cost?")
    assert not amount_asked("How many countries is Twitter Blue available in?")


def test_a_sum_per_something_answers_only_a_question_about_that_something() -> None:
    """ "$8 a month" is no price paid for a company, but it is the monthly fee, and "$5 a gallon" is the
    cost of a gallon; a sum that is per nothing answers any "how much"."""

    def asked_of(question: str) -> frozenset[str]:
        return frozenset(TOKENIZER.stems(question))

    fee = "Musk said Twitter would charge $8 a month for verification."
    assert not rate_asked(fee, ("$8", "MONEY"), asked_of("How much did Elon Musk pay for Twitter?"))
    assert rate_asked(fee, ("$8", "MONEY"), asked_of("What is the monthly fee for verification?"))
    gas = "The national average hit $5 a gallon."
    assert rate_asked(gas, ("$5", "MONEY"), asked_of("How much does it cost for a gallon of regular gas?"))
    deal = "Musk acquired Twitter for $44 billion."
    assert rate_asked(deal, ("$44 billion", "MONEY"), asked_of("How much did Elon Musk pay for Twitter?"))


def test_ranking_weights_put_the_gold_sentence_first() -> None:
    """Where the first signal marks the gold sentence, the fitted weights rank it first in unseen groups."""
    rng = np.random.default_rng(7)
    groups = []
    for _ in range(40):
        signals = rng.random((6, 3))
        gold = np.zeros(6, dtype=bool)
        gold[int(np.argmax(signals[:, 0]))] = True
        groups.append((signals, gold))
    weights = fit_ranking(groups)
    held_out = rng.random((6, 3))
    assert int(np.argmax(held_out @ weights)) == int(np.argmax(held_out[:, 0]))


def test_logistic_regression_learns_which_side_is_likely() -> None:
    """High values of a signal that marks the positives give a positive coefficient."""
    rows = np.array([[0.1], [0.2], [0.3], [0.7], [0.8], [0.9]])
    labels = np.array([0.0, 0.0, 1.0, 0.0, 1.0, 1.0])
    slope, _bias = fit_logistic(rows, labels)
    assert slope > 0


def noisy_readings(seed: int) -> list[Reading]:
    """Sixty questions over five weeks, each read with its evidence (the gold sentence has a higher first
    signal, by a random margin) and without it (no gold sentence)."""
    rng = np.random.default_rng(seed)
    readings = []
    for n in range(60):
        question = EvalQuestion(f"2022010{n % 5}_{n}", "Which?", "gold", (), True, None)
        for with_evidence in (True, False):
            signals = rng.random((5, len(FEATURES)))
            gold = np.zeros(5, dtype=bool)
            if with_evidence:
                signals[2, 0] += rng.random()
                gold[2] = True
            readings.append(Reading(question, with_evidence, signals, gold))
    return readings


def test_the_threshold_refuses_at_most_its_share_of_questions_asked_with_their_evidence() -> None:
    """Fitted on readings where the gold sentence is the one with the highest first signal, the model
    abstains on no more than MAX_ABSTAINED of the readings with evidence."""
    readings = noisy_readings(3)
    model = fit(readings)
    present = [r for r in readings if r.with_evidence]
    refused = sum(model.answerable(r.signals) < model.threshold for r in present)
    assert refused <= MAX_ABSTAINED * len(present)


def test_an_answer_without_the_asked_figure_counts_as_refused() -> None:
    """Cross-validation scores what the answerer does: a "how many" question whose best sentence names
    no figure is refused, however likely the model finds it."""
    readings = noisy_readings(3)
    model = fit(readings)
    answered = next(r for r in readings if r.with_evidence and told(model, r)[0])
    no_figure = replace(answered, holds_asked=np.zeros(len(answered.gold), dtype=bool))
    assert told(model, no_figure) == (False, False, False)
    assert told(model, replace(answered, holds_asked=np.ones(len(answered.gold), dtype=bool)))[0]


def test_refusing_more_answerable_questions_answers_fewer_near_misses() -> None:
    """The trade-off table: a larger refusal share gives a higher `min_evidence`, refuses more questions
    asked with their evidence, and answers fewer of those asked without it."""
    rows = trade_off(noisy_readings(5), (0.05, 0.3, 0.6))
    for lower, higher in pairwise(rows):
        assert lower["min_evidence"] < higher["min_evidence"]
        assert lower["abstained_with_evidence"] <= higher["abstained_with_evidence"]
        assert lower["answered_without_gold"] >= higher["answered_without_gold"]
    assert rows[0]["abstained_with_evidence"] < rows[-1]["abstained_with_evidence"]
    assert rows[0]["answered_without_gold"] > rows[-1]["answered_without_gold"]


def test_the_model_file_round_trips_and_refuses_other_signals() -> None:
    """The bundled file loads; what `to_json` writes reads back the same; a file fitted on other
    signals is refused with the command that refits it."""
    model = AnswerModel.bundled()
    assert AnswerModel.from_json(model.to_json("dev")) == model
    other = model.to_json("dev").replace('"similarity"', '"something else"')
    with pytest.raises(ValueError, match="fit-answers"):
        AnswerModel.from_json(other)


def test_a_name_compounded_twice_is_read_whole() -> None:
    """ "New York City" is one doer, not "York City": the deed "New York has agreed" tells is told of
    the claim's city, not of others."""
    (agreed,) = [
        r for r in roles("New York City agreed to pay $26 million to two men.") if r.verb == "agreed"
    ]
    assert agreed.name == "New York City"
    assert told_of_others(agreed, "New York has agreed to pay $26 million to settle lawsuits.") is None
