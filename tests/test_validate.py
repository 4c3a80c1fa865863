"""The citation validator on hand-written replies: which sentences it keeps and why it drops the others."""

from __future__ import annotations

import pytest

from index.answer.validate import DONT_KNOW, Passage, Validator, reply_sentences

COUNCIL = (
    "Riverton council approves budget\nRiverton Gazette\n"
    "The Riverton council approved a $3.2 billion budget on March 4. "
    "Councillor Amara Dunne voted against it. "
    "About 12 percent of the money goes to schools, and two new libraries will open."
)
FERRY = "Ferry service resumes\nCoast Post\nThe Northpoint ferry carried 1,200 passengers on its first day."


@pytest.fixture(scope="module")
def validator() -> Validator:
    return Validator([Passage(1, COUNCIL, COUNCIL), Passage(2, FERRY, FERRY)])


@pytest.mark.parametrize(
    "sentence",
    [
        "The council approved a budget of $3.2 billion [1].",
        "The budget of 3.2 billion dollars was approved [1].",
        "The council approved the budget on 4 March [1].",
        "Amara Dunne voted against the budget [1].",
        "Councillor Dunne's vote was against the budget [1].",
        "About 12% of the budget goes to schools [1].",
        "Two new libraries will open [1].",
        "The council approved the budget [1], and the ferry carried 1,200 passengers [2].",
        "The ferry carried 1200 passengers on its first day [1, 2].",
        'The paper said "two new libraries will open" [1].',
        "The council approved a “balanced” budget [1].",  # a quoted word is a term, not a quotation
    ],
)
def test_sentences_whose_cited_sources_hold_their_facts_are_kept(validator: Validator, sentence: str) -> None:
    """Same facts, other spellings: $3.2 billion / 3.2 billion dollars, 4 March / March 4, 12% / percent;
    a quotation that is the source's own words."""
    validation = validator.validate(sentence)
    assert [k.sentence for k in validation.kept] == [sentence]
    assert validation.dropped == []


@pytest.mark.parametrize(
    ("sentence", "reason"),
    [
        ("The council approved a $3.2 million budget [1].", "the number '$3.2 million' is not in [1]"),
        ("The council approved a €3.2 billion budget [1].", "the number '€3.2 billion' is not in [1]"),
        ("The budget was approved on March 14 [1].", "the date 'March 14' is not in [1]"),
        ("The budget was approved in 2023 [1].", "the number '2023' is not in [1]"),
        ("Mayor Ellis Ward voted against the budget [1].", "the name 'Mayor Ellis Ward' is not in [1]"),
        (
            "Councillor Amara Dunne voted for the ferry [2].",
            "the name 'Councillor Amara Dunne' is not in [2]",
        ),
        (
            "Councillor Riverton Dunne voted against it [1].",
            "the name 'Councillor Riverton Dunne' is not in [1]",
        ),
        ("Three new libraries will open [1].", "the number '3' is not in [1]"),
        (
            "Amara Dunne said the budget was “a disaster for our schools” [1].",
            "the quotation 'a disaster for our schools' is not in [1]",
        ),
        ("The ferry carried 1,200 passengers [3].", "cites [3], which does not exist"),
        ("The ferry carried 1,200 passengers.", "cites no source"),
        (
            "The crowd celebrated wildly downtown that evening [1].",
            "only 0 of its 5 content words are in [1]",
        ),
    ],
)
def test_sentences_with_facts_missing_from_their_cited_sources_are_dropped_with_the_reason(
    validator: Validator, sentence: str, reason: str
) -> None:
    """Wrong amount, currency, date, year, name, count; a quotation the source never wrote; a fact cited
    to the wrong source; bad citations."""
    validation = validator.validate(sentence)
    assert validation.kept == []
    assert [(d.sentence, d.reason) for d in validation.dropped] == [(sentence, reason)]


def test_markers_after_the_full_stop_stay_with_their_sentence() -> None:
    """ "… 2021. [1] Next …": the marker belongs to the sentence before it; bullets and bold are ignored."""
    reply = "- **The ferry carried 1,200 passengers.** [2] The council met.\n2. Schools get 12 percent. [1]"
    assert reply_sentences(reply) == [
        "The ferry carried 1,200 passengers [2].",
        "The council met.",
        "Schools get 12 percent [1].",
    ]


def test_the_dont_know_phrase_is_recognised_not_validated(validator: Validator) -> None:
    """The fixed phrase marks the reply as "don't know" instead of being dropped as uncited."""
    validation = validator.validate(DONT_KNOW)
    assert validation.dont_know and validation.kept == []
    assert [d.reason for d in validation.dropped] == ["the model's don't-know phrase"]
