"""Who did it: the name a passive verb gives its doer ("led by Matteo Salvini")."""

from __future__ import annotations

import re
from collections.abc import Sequence

from index.factcheck.findings import Pair
from index.factcheck.wording import Token
from index.language.names import mentions, without_possessive
from index.language.stopwords import STOPWORDS

# Where a list of doers ends: "led by Captain Sarah Lund of the civil defence and Omar Haddad, who ...".
_CLAUSE_END = re.compile(r"[,;:.!?—–()]|\s(?:while|who|which|but|as)\s")


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
