"""Who did it: the name a passive verb gives its doer ("led by Matteo Salvini"), the name before a verb,
and the part each name plays in a deed as spaCy's parser reads it."""

from __future__ import annotations

import re
from collections.abc import Sequence

from index.factcheck.findings import Finding, Pair
from index.factcheck.wording import Token
from index.factcheck.words import SAME_MEANING, found_words
from index.language.names import mentions, without_possessive
from index.language.roles import (
    SAYING,
    deeds_asked,
    roles,
    same_deed,
    same_name,
    told_of_a_tie,
    told_of_others,
    untold_direction,
)
from index.language.stopwords import STOPWORDS
from index.language.tokens import stem
from index.language.wordlists import IRREGULAR_PAST

# Where a list of doers ends: "led by Captain Sarah Lund of the civil defence and Omar Haddad, who ...".
_CLAUSE_END = re.compile(r"[,;:.!?—–()]|\s(?:while|who|which|but|as)\s")
# What may stand before a clause's subject: "..., Argentina won", "and Argentina won".
_CLAUSE_MARK = re.compile(r"[,;:—–(]")
_SUBJECT_OPENERS = frozenset(["and", "but", "while", "as", "when", "after", "before", "because", "that"])


def other_doer(pair: Pair) -> str | None:
    """The clash when the claim gives one of its names as the doer of a passive verb ("The League is
    led by Silvio Berlusconi") and the sentence gives that verb only others ("the League, led by Matteo
    Salvini, ... and Silvio Berlusconi's Forza Italia"); None when it does not."""
    claim, sentence = pair.claim, pair.sentence
    for name in pair.claim_names:
        at = claim.name_index(name)
        if not at or at < 2 or not mentions(sentence.text, name):
            continue
        verb, by = claim.tokens[at - 2], claim.tokens[at - 1]
        if by.lower != "by" or not verb.text.islower() or verb.lower in STOPWORDS:
            continue
        doers = [i for i in range(2, len(sentence.tokens)) if _after(sentence.tokens, i, verb.lower)]
        # Any of the verb's doers may be the claim's: "led by Qin Gang ..., while the second, led by Wang Yi".
        if not doers or any(
            mentions(_clause_from(sentence.text, sentence.tokens[i].start), name) for i in doers
        ):
            continue
        other = sentence.tokens[doers[0]]
        if other.text[0].isupper() and not mentions(claim.text, other.text):
            said, stated = whole_name(claim.tokens, at), whole_name(sentence.tokens, doers[0])
            return f"claim says {verb.text} by {said}; article says {verb.text} by {stated}"
    return None


def other_subject(pair: Pair) -> str | None:
    """The clash when the claim gives one of its names right before a verb in the past ("France won
    the 2022 World Cup final") and the sentence, naming it too, gives that verb another name the claim
    does not ("Argentina won the 2022 World Cup on Sunday, beating France"); None when it does not.
    Verbs of saying are left out: many say the same."""
    claim, sentence = pair.claim, pair.sentence
    for name in pair.claim_names:
        at = claim.name_index(name)
        if at is None or not mentions(sentence.text, name):
            continue
        verb = next((t for t in claim.tokens[at:] if not t.text[0].isupper()), None)
        if (
            verb is None
            or not (verb.lower.endswith("ed") or verb.lower in IRREGULAR_PAST)
            or verb.lower in SAYING
        ):
            continue
        doers = [
            _name_before(sentence.text, sentence.tokens, i)
            for i, t in enumerate(sentence.tokens)
            if t.lower == verb.lower
        ]
        if doers and all(d and not mentions(claim.text, d) and not mentions(d, name) for d in doers):
            return (
                f"claim says {whole_name(claim.tokens, at)} {verb.text}; article says {doers[0]} {verb.text}"
            )
    return None


def swapped_part(pair: Pair) -> Finding | None:
    """The clash when the sentence gives one of the claim's names the other part in the same deed:
    "Nick Kyrgios won Wimbledon" against "Novak Djokovic kisses his trophy after defeating Australia's
    Nick Kyrgios", "Twitter bought Elon Musk's company" against "a $44 billion deal to buy Twitter" (a
    synonym, or a word on the same side of an opposite, is the same deed)."""
    sentence = pair.sentence
    # The sentence is parsed only when it names one of the claim's doers or done-to and has the deed.
    told = [
        said
        for said in roles(pair.claim.text, lists=False)
        if said.verb.lower() not in SAYING
        and mentions(sentence.text, said.name)
        and found_words(frozenset([stem(said.verb.lower())]), sentence.content, SAME_MEANING)
    ]
    for said in told:
        for stated in roles(sentence.text):
            if (
                stated.part != said.part
                and same_name(stated.name, said.name)
                and same_deed(said.verb, stated.verb)
            ):
                start, end = stated.span
                quoted = sentence.text[start:end]
                return Finding(True, f"claim says {said.name} {said.verb}; article says “{quoted}”")
    return None


def told_otherwise(claim: str, sentence: str) -> str | None:
    """Why a sentence that says the claim's words does not say the claim's fact: it tells the deed of
    others, or of someone tied to the claim's person, or not who did it to whom; None when none of
    these."""
    # "Dina Boluarte was ousted by Congress" is not backed by "Boluarte took office ... after Congress
    # ousted former president Pedro Castillo".
    for deed in deeds_asked(claim):
        other = told_of_others(deed, sentence)
        if other is not None:
            start, end = other.span
            return f"the article says “{sentence[start:end]}”, not of {deed.name}"
        tie = told_of_a_tie(deed, sentence)
        if tie is not None:
            return f"the article says it of “{tie.said}”, not of {deed.name}"
    # "Nick Kyrgios beat Novak Djokovic" is not backed by "The Serbian star faced Nick Kyrgios ...,
    # winning": who beat whom is the claim.
    doer = untold_direction(claim, sentence)
    return None if doer is None else f"the sentence does not say who {doer.verb} whom"


def _name_before(text: str, tokens: Sequence[Token], end: int) -> str:
    """The capitalised words right before the word at `end` when they open a clause, a sentence's
    opening "The" left out: "Argentina won", not "a reception for the Democratic National Committee
    hosted at the home of..."."""
    start = end
    while start > 0 and tokens[start - 1].text[0].isupper():
        start -= 1
    opens = (
        start == 0
        or tokens[start - 1].lower in _SUBJECT_OPENERS
        or bool(
            _CLAUSE_MARK.search(
                text, tokens[start - 1].start + len(tokens[start - 1].text), tokens[start].start
            )
        )
    )
    words = [t.text for t in tokens[start:end] if t.lower not in STOPWORDS]
    return without_possessive(" ".join(words)) if opens and start < end else ""


def _after(tokens: Sequence[Token], i: int, verb: str) -> bool:
    """Does the word at `i` follow "`verb` by"?"""
    return (tokens[i - 2].lower, tokens[i - 1].lower) == (verb, "by")


def _clause_from(text: str, start: int) -> str:
    """The text from `start` to the end of its clause: a list of doers ends there."""
    end = _CLAUSE_END.search(text, start)
    return text[start : end.start() if end else len(text)]


def whole_name(tokens: Sequence[Token], start: int) -> str:
    """The capitalised words from `start` on: "Matteo Salvini"."""
    words: list[str] = []
    for token in tokens[start:]:
        if not token.text[0].isupper():
            break
        words.append(token.text)
    return without_possessive(" ".join(words))
