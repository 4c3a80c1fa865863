"""Ranks in words ("second", "the leading"): a clash with another rank of the same thing, never a figure.

`index.language.numbers.numerals` leaves "first" and "second" as words (they are more often no figures:
"for the first time", "the first lady"), so a claim's "second woman prime minister" is no figure the
rules compare with the article's "3rd woman prime minister". Here they are ranks that can clash with a
rank counting the same thing, and nothing more: a sentence that gives no rank leaves the claim's as it is.
A superlative after "the" or a possessive is a first rank: "the leading cause" is not "the third leading
cause".
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from index.factcheck.claims import Analysis, analyse
from index.factcheck.figures import comparable_quantities
from index.factcheck.findings import Finding, other_value
from index.factcheck.values import Quantity, context, counted_by
from index.factcheck.wording import content_stems
from index.language.sentences import sentences

_SPELLED = re.compile(r"\b(first|second)\b", re.IGNORECASE)
_VALUES = {"first": 1.0, "second": 2.0}
# "the leading cause", "Texas's largest city": first of its kind, unless a rank stands before it
# ("the third leading cause").
_SUPERLATIVES = (
    "leading|largest|biggest|highest|lowest|smallest|greatest|deadliest|longest|oldest|youngest|richest"
    "|busiest|fastest|worst|best"
)
_SUPERLATIVE = re.compile(rf"\b(?:the|\w+['’]s?)\s+((?:{_SUPERLATIVES})\b)", re.IGNORECASE)
# A superlative after a rank: "second-*biggest*", "third *highest*".
_SUPERLATIVE_WORD = re.compile(rf"{_SUPERLATIVES}|\w+est", re.IGNORECASE)


@lru_cache(maxsize=4096)
def spelled_ranks(text: str) -> tuple[Quantity, ...]:
    """ "first", "second" and superlatives ("the largest") in the text, as ranks with what they count
    ("second woman", "largest city")."""
    tokens = analyse(text).tokens
    found = []
    for match in _SPELLED.finditer(text):
        value = _VALUES[match.group(1).lower()]
        written, counts = counted_by(text, match.end(), tokens)
        if _SUPERLATIVE_WORD.fullmatch(written):
            # "second-biggest military spender" ranks military spenders, as "3rd highest military
            # spender" does: the words after the superlative count too.
            counts |= counted_by(text, text.index(written, match.end()) + len(written), tokens)[1]
        around = context(tokens, match.start(), match.end())
        found.append(Quantity(value, "ordinal", match.group(), False, around, written, value, counts))
    for match in _SUPERLATIVE.finditer(text):
        # What it ranks: the superlative and the word it qualifies ("leading *cause*").
        written, counts = counted_by(text, match.end(1), tokens)
        counts |= content_stems(match.group(1).lower())
        around = context(tokens, match.start(1), match.end(1))
        found.append(Quantity(1.0, "ordinal", match.group(), False, around, written, 1.0, counts))
    return tuple(found)


def compare_ranks(claim: Analysis, sentence: Analysis, article: str = "") -> Iterable[Finding]:
    """A rank of the claim against another rank of the same thing in the sentence, one of them spelled
    ("second woman prime minister" against "3rd woman prime minister"): a clash, unless the article
    gives the claim's rank of it too ("the first season" and "a second season": two seasons)."""
    claim_spelled, sentence_spelled = spelled_ranks(claim.text), spelled_ranks(sentence.text)
    claim_written = tuple(q for q in claim.quantities if q.kind == "ordinal")
    sentence_ranks = sentence_spelled + tuple(q for q in sentence.quantities if q.kind == "ordinal")
    # Two ranks written as figures are the number rules' to compare.
    pairs = [(r, sentence_ranks) for r in claim_spelled] + [(r, sentence_spelled) for r in claim_written]
    for rank, rivals in pairs:
        if any(rank.matches(other) for other in sentence_ranks):
            continue
        rival = next((o for o in rivals if comparable_quantities(rank, o)), None)
        if rival is not None and not _ranked_elsewhere(rank, article):
            yield other_value(rank.described, rival.described)


def _ranked_elsewhere(rank: Quantity, article: str) -> bool:
    """Does the article give this rank of the same thing? Only its sentences with the rank's word are
    read."""
    word = re.compile(rf"\b{re.escape(rank.text.split()[-1])}\b", re.IGNORECASE)
    return any(
        rank.matches(o) and comparable_quantities(rank, o)
        for sentence in sentences(article)
        if word.search(sentence)
        for o in spelled_ranks(sentence)
    )
