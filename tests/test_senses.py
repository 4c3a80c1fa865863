"""Words in other words: WordNet senses let a claim's word be found as its synonym in the article."""

from __future__ import annotations

import gzip
from datetime import date
from pathlib import Path

from index.desk import Newsdesk
from index.factcheck.check import FactChecker
from index.factcheck.claims import analyse
from index.factcheck.words import found_words
from index.language.build_senses import irregular_forms, stem_senses, word_senses, write_table
from index.language.senses import senses_of, shares_a_sense
from index.language.tokens import stem
from index.model import Article, Verdict

ESCAPE = Article(
    title="Lion cub slips out of zoo enclosure",
    text=(
        "Zoo keepers tranquilized one lion cub on Sunday after it slipped out of its enclosure. The zoo "
        "said no visitors were hurt."
    ),
    source="City Wire",
    url="https://city.example/cub",
    published=date(2022, 8, 4),
)


def same_sense(word: str, other: str) -> bool:
    return shares_a_sense(stem(word), senses_of([stem(other)]))


def test_synonyms_share_a_sense_and_opposites_do_not() -> None:
    """ "lawyer" is an "attorney" and "bought" (an irregular form) is "purchased"; "illegal" is not
    "legal", "men" are not "women", a word outside WordNet has no sense."""
    assert same_sense("lawyer", "attorney")
    assert same_sense("bought", "purchased")
    assert same_sense("sedated", "tranquilized")
    assert not same_sense("illegal", "legal")
    assert not same_sense("men", "women")
    assert not same_sense("Zelenskyy", "president")


def test_a_claim_word_is_found_as_its_synonym() -> None:
    """found_words counts a claim word whose synonym the sentence has, and only that one."""
    claim = frozenset({stem("lawyer"), stem("questioned")})
    sentence = frozenset({stem("attorney"), stem("jury")})
    assert found_words(claim, sentence) == {stem("lawyer")}


def test_a_hyphenated_word_is_found_when_each_part_is() -> None:
    """ "book-ban" is found in a sentence on groups that "ban books" (its parts, and its parts run
    together); "book-club" is not, nor is a part alone, and an explanation writes the word as the claim
    does."""
    claim = analyse("The book-ban groups met.")
    assert stem("bookban") in found_words(claim.content, analyse("Groups that ban books met.").content)
    assert stem("bookban") not in found_words(claim.content, analyse("Groups that sell books met.").content)
    assert claim.words_with_stem("bookban") == "book-ban"


def test_a_ranked_compound_is_found_with_the_superlatives_synonym() -> None:
    """ "fifth-biggest airline" is found in "fifth-largest airline"; "jobs" cut are the employees cut."""
    claim = analyse("It forms the fifth-biggest airline and cuts jobs.")
    sentence = analyse("It creates the fifth-largest airline and lays off employees.")
    assert {stem("fifthbiggest"), stem("jobs")} <= found_words(claim.content, sentence.content)


def test_the_table_is_built_from_a_wordnet_index(tmp_path: Path) -> None:
    """The builder keeps each word's first two senses per part of speech, gives an irregular form its
    lemma's senses, numbers senses from 0 and writes the same bytes twice."""
    dictionary = tmp_path / "dict"
    dictionary.mkdir()
    (dictionary / "index.noun").write_text("  licence header\nman n 3 1 @ 3 2 001 002 003\n")
    (dictionary / "index.verb").write_text("buy v 2 1 @ 2 1 010 011\n")
    for part in ("adj", "adv"):
        (dictionary / f"index.{part}").write_text("")
    senses = stem_senses(word_senses(dictionary), irregular_forms())
    assert senses[stem("man")] == {"n001", "n002"} == senses[stem("men")]
    assert senses[stem("bought")] == {"v010", "v011"}
    first = write_table(senses, tmp_path / "senses.txt.gz").read_bytes()
    assert write_table(senses, tmp_path / "again.txt.gz").read_bytes() == first
    lines = gzip.decompress(first).decode().splitlines()
    assert f"{stem('buy')} 0 1" in lines


def test_a_claim_with_a_synonym_of_the_articles_word_is_supported(desk: Newsdesk) -> None:
    """ "sedated" where the article says "tranquilized" supports the claim; a word that means
    something else does not."""
    desk.add([ESCAPE])
    checker = FactChecker.for_desk(desk)
    assert checker.check("Keepers sedated one cub on Sunday.").verdict is Verdict.SUPPORTED
    assert checker.check("Keepers released one cub on Sunday.").verdict is not Verdict.SUPPORTED
