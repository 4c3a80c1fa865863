"""What a claim says across its parts, and what an article says across its sentences: figures told in
another sentence than the one judged, and a later part that names its subject by a pronoun."""

from __future__ import annotations

from index.factcheck.assertions import split_claim
from index.factcheck.claims import analyse
from index.factcheck.findings import Evidence, FindingKind
from index.factcheck.judge import RuleJudge

LAYOFFS = (
    "Chirper on Wednesday said it is laying off 11,000 employees, the largest cut in its history. "
    "The cuts come as advertisers pull back. "
    "“I’ve decided to reduce the size of our team by about 13% and let more than 11,000 of our talented "
    "employees go,” chief executive Mara Quill wrote."
)
JURY = (
    "A Los Angeles jury found the comedian liable in a civil case on Tuesday. "
    "The jury, made up of eight women and four men, awarded $500,000 in damages."
)


def _reading(claim: str, sentence: str, article: str) -> tuple[set[FindingKind], str]:
    evidence = Evidence(sentence, article, "Layoffs", "2022-11-09", 0.7)
    reading = RuleJudge().reading(claim, evidence)
    return {f.kind for f in reading.findings}, reading.missing


def test_a_figure_told_beside_another_of_the_claims_figures_is_given() -> None:
    """The article gives "13%" beside "11,000" in a quote: judged on its opening, which gives only
    11,000, the share is not unverified; judged on the quote, what the claim says the figures count
    ("staff", "workforce") is not missing."""
    claim = "Chirper let go of 11,000 staff, roughly 13 percent of its workforce."
    opening, _, quote = LAYOFFS.split(". ")
    kinds, _ = _reading(claim, opening + ".", LAYOFFS)
    assert FindingKind.NO_FIGURE not in kinds
    _, missing = _reading(claim, quote, LAYOFFS)
    assert "staff" not in missing and "workforce" not in missing


def test_a_figure_told_alone_elsewhere_is_not_given() -> None:
    """Without another of the claim's figures beside it, a "13%" elsewhere may count anything."""
    claim = "Chirper's shares rose 13 percent on the day."
    article = LAYOFFS.replace(" and let more than 11,000 of our talented employees go", "")
    kinds, _ = _reading(claim, article.split(". ")[0] + ".", article)
    assert FindingKind.NO_FIGURE in kinds


def test_figures_told_together_but_counting_each_others_things_are_not_given() -> None:
    """ "eight women and four men" does not tell the claim's "eight men and four women"."""
    claim = "The jury that found the comedian liable was made up of eight men and four women."
    kinds, _ = _reading(claim, JURY.split(". ", maxsplit=1)[0] + ".", JURY)
    assert FindingKind.NO_FIGURE in kinds


def test_a_pronouns_contraction_is_no_name() -> None:
    """ "I’ve" opening a quote and "He’d" inside a sentence are no names; "O’Brien" is one."""
    analysis = analyse("“I’ve decided to go,” she said, and He’d agreed with Sean O’Brien.")
    assert "I’ve" not in analysis.opening and "He’d" not in analysis.names
    assert "O’Brien" in analysis.names


def test_a_later_parts_pronoun_stands_for_whom_it_names() -> None:
    """ "her album sales" is judged of the one person the claim names, "it destroyed" of the first part's
    named subject; with two people named ("she was awarded"), the one person named only in the part
    itself, or an unnamed subject ("The rebels"), the part is left as written."""
    assert split_claim(
        "Mara Quill won four Grammys over her career, and her album sales came to 50 million."
    ) == [
        "Mara Quill won four Grammys over her career",
        "Mara Quill's album sales came to 50 million.",
    ]
    fire = split_claim("The Marshall fire burned 6,000 acres in Boulder County, and it destroyed 500 homes.")
    assert fire[1] == "The Marshall fire destroyed 500 homes."
    award = split_claim(
        "A jury found Bill Cosby liable in Judy Huth's civil suit, and she was awarded $500,000."
    )
    assert award[1] == "she was awarded $500,000."
    assert (
        split_claim("The rebels took the town on Monday, and they burned the mine.")[1]
        == "they burned the mine."
    )
    fired = split_claim(
        "The company fired its chief executive on Monday, and he said Tom Hale would take over."
    )
    assert fired[1] == "he said Tom Hale would take over."
