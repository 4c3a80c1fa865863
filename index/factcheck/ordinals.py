"""Ranks written "first" and "second": a clash with another rank of the same thing, never a figure to find.

`index.language.numbers.numerals` leaves "first" and "second" as words (they are more often no figures:
"for the first time", "the first lady"), so a claim's "second woman prime minister" is no figure the
rules compare with the article's "3rd woman prime minister". Here they are ranks that can clash with a
rank counting the same thing, and nothing more: a sentence that gives no rank leaves the claim's as it is.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from index.factcheck.claims import Analysis, analyse
from index.factcheck.findings import Finding, other_value
from index.factcheck.rules import comparable_quantities
from index.factcheck.values import Quantity, context, counted_by

_SPELLED = re.compile(r"\b(first|second)\b", re.IGNORECASE)
_VALUES = {"first": 1.0, "second": 2.0}


@lru_cache(maxsize=4096)
def spelled_ranks(text: str) -> tuple[Quantity, ...]:
    """ "first" and "second" in the text, as ranks with what they count ("second woman")."""
    tokens = analyse(text).tokens
    found = []
    for match in _SPELLED.finditer(text):
        value = _VALUES[match.group(1).lower()]
        written, counts = counted_by(text, match.end(), tokens)
        around = context(tokens, match.start(), match.end())
        found.append(Quantity(value, "ordinal", match.group(), False, around, written, value, counts))
    return tuple(found)


def compare_ranks(claim: Analysis, sentence: Analysis) -> Iterable[Finding]:
    """A rank of the claim against another rank of the same thing in the sentence, one of them spelled
    ("second woman prime minister" against "3rd woman prime minister"): a clash."""
    claim_spelled, sentence_spelled = spelled_ranks(claim.text), spelled_ranks(sentence.text)
    claim_written = tuple(q for q in claim.quantities if q.kind == "ordinal")
    sentence_ranks = sentence_spelled + tuple(q for q in sentence.quantities if q.kind == "ordinal")
    # Two ranks written as figures are the number rules' to compare.
    pairs = [(r, sentence_ranks) for r in claim_spelled] + [(r, sentence_spelled) for r in claim_written]
    for rank, rivals in pairs:
        if any(rank.matches(other) for other in sentence_ranks):
            continue
        rival = next((o for o in rivals if comparable_quantities(rank, o)), None)
        if rival is not None:
            yield other_value(rank.described, rival.described)
