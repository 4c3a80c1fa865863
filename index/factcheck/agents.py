"""Who did it: the name a passive verb gives its doer ("led by Matteo Salvini")."""

from __future__ import annotations

from collections.abc import Sequence

from index.factcheck.findings import Pair
from index.factcheck.wording import Token
from index.language.names import mentions, without_possessive
from index.language.stopwords import STOPWORDS

# How far past "led by" a sentence may list the claim's name among others ("led by Salvini and Meloni").
_LISTED_WITHIN = 6


def other_doer(pair: Pair) -> str | None:
    """The clash when the claim gives one of its names as the doer of a passive verb ("The League is
    led by Silvio Berlusconi") and the sentence gives that verb another ("the League, led by Matteo
    Salvini, ... and Silvio Berlusconi's Forza Italia"); None when it does not."""
    claim, sentence = pair.claim, pair.sentence
    for name in pair.claim_names:
        at = claim.name_index(name)
        if not at or at < 2 or not mentions(sentence.text, name):
            continue
        verb, by = claim.tokens[at - 2], claim.tokens[at - 1]
        if by.lower != "by" or not verb.text.islower() or verb.lower in STOPWORDS:
            continue
        for i in range(2, len(sentence.tokens)):
            if (sentence.tokens[i - 2].lower, sentence.tokens[i - 1].lower) != (verb.lower, "by"):
                continue
            doer = sentence.tokens[i]
            listed = " ".join(t.text for t in sentence.tokens[i : i + _LISTED_WITHIN])
            if doer.text[0].isupper() and not mentions(claim.text, doer.text) and not mentions(listed, name):
                said, stated = whole_name(claim.tokens, at), whole_name(sentence.tokens, i)
                return f"claim says {verb.text} by {said}; article says {verb.text} by {stated}"
    return None


def whole_name(tokens: Sequence[Token], start: int) -> str:
    """The capitalised words from `start` on: "Matteo Salvini"."""
    words: list[str] = []
    for token in tokens[start:]:
        if not token.text[0].isupper():
            break
        words.append(token.text)
    return without_possessive(" ".join(words))
