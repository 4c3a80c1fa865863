"""The words of a sentence as the fact-checker reads them: tokens with their offsets and stems, the
content words that say what a sentence is about, and where a clause breaks."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache

from index.language.tokens import TOKENIZER, stem
from index.language.wordlists import (
    FUNCTION_WORDS,
    MODALS,
    MONTHS,
    NEGATIONS,
    NUMBER_WORDS,
    POLARITY_CUES,
    SCALES,
    STANCE_VERBS,
    WEEKDAYS,
)

_WORDS = re.compile(r"[A-Za-z0-9][\w’'.\-&]*[\w]|[A-Za-z0-9]|n[’']t\b")
# Cues that only turn round what follows ("is yet to reach"): no word of what is said themselves.
_TURNING = frozenset(["yet", "without", "unless", "instead", "against"])
# Words that may stand between "without" and the deed it turns round: "without ever reproducing".
_BEFORE_A_DEED = frozenset(["ever", "even", "first", "really", "actually"])


@dataclass(frozen=True)
class Token:
    """A word with its position, lower-cased form and stem; `cue` when it turns round what follows it
    ("not", "failed", "voted *against*"), not when it only links ("charges *against* the deputy")."""

    text: str
    lower: str
    stem: str
    start: int
    cue: bool = False


# "No. 10" is number 10, no negation.
_NUMBER_SIGN = re.compile(r"No\.\s*\d")


def tokens_of(text: str) -> tuple[Token, ...]:
    found: list[Token] = []
    for match in _WORDS.finditer(text):
        word = match.group().rstrip(".")
        lower = word.lower().replace("’", "'")
        if lower.endswith("n't") and lower != "n't":
            # "didn't" reads as "did" + "n't", so the negation is a word of its own.
            found.append(Token(word[:-3], lower[:-3], stem(lower[:-3]), match.start()))
            found.append(Token("n't", "n't", "n't", match.start() + len(word) - 3, cue=True))
            continue
        cue = _turns_round(lower, found) and not _NUMBER_SIGN.match(text, match.start())
        found.append(Token(word, lower, stem(lower), match.start(), cue))
    turned = _without_a_verb_turns_nothing(_verbs_turning_round(_yet_to_come(found)))
    return tuple(_affirming_nots_turn_nothing(_against_a_figure_turns_nothing(turned)))


# "no fewer than five people died" says at least five died: a bound, not a denial.
_BOUND_AFTER_NO = frozenset(["fewer", "less", "more"])


def _affirming_nots_turn_nothing(tokens: list[Token]) -> list[Token]:
    """ "Not only did Pulisic score, but ..." and "no fewer than five died" deny nothing; nor does "Not
    since 2014 had the team reached the last 16": a report tells it beside the deed that ends the
    wait, so "the team reached the last 16" bears it out."""
    for i, token in enumerate(tokens[:-2]):
        following, then = tokens[i + 1].lower, tokens[i + 2].lower
        affirming = token.text == "Not" and following in ("only", "since", "until")
        bound = token.lower in ("no", "not") and following in _BOUND_AFTER_NO and then == "than"
        if affirming or bound:
            tokens[i] = replace(token, cue=False)
    return tokens


def _yet_to_come(tokens: list[Token]) -> list[Token]:
    """ "is yet to reach" turns round what follows; "his most explicit acknowledgment yet" and "the
    biggest yet." do not."""
    for i, token in enumerate(tokens):
        if token.lower == "yet" and [t.lower for t in tokens[i + 1 : i + 2]] != ["to"]:
            tokens[i] = replace(token, cue=False)
    return tokens


_DECLINE = frozenset(["decline", "declines", "declined", "declining"])
_STOP = frozenset(["stop", "stops", "stopped", "stopping", "cease", "ceases", "ceased", "quit", "quits"])
_STAY = frozenset(["stay", "stays", "stayed", "keep", "keeps", "kept"])


def _verbs_turning_round(tokens: list[Token]) -> list[Token]:
    """Verbs that turn round what follows only in some company: "declined to charge him" says he was not
    charged, "stopped requiring a test" that none is required, "stay away from its platforms" not to
    engage with them; "sales declined to $5 billion", "stopped the car" and "stay in the city" turn
    nothing round."""
    for i, token in enumerate(tokens[:-1]):
        following = [t.lower for t in tokens[i + 1 : i + 3]]
        to_a_verb = following[0] == "to" and len(following) > 1 and following[1].isalpha()
        if (
            (token.lower in _DECLINE and to_a_verb)
            or (token.lower in _STOP and following[0].endswith("ing"))
            or (token.lower in _STAY and following[0] == "away")
        ):
            tokens[i] = replace(token, cue=True)
    return tokens


def _without_a_verb_turns_nothing(tokens: list[Token]) -> list[Token]:
    """ "without" turns round a deed ("died without ever reproducing"), not a noun: "homes without power"
    says what "homes lost power" says, so it clashes with no plain "power"."""
    for i, token in enumerate(tokens):
        if token.lower == "without":
            following = [t.lower for t in tokens[i + 1 : i + 3] if t.lower not in _BEFORE_A_DEED][:1]
            if not (following and following[0].endswith("ing")):
                tokens[i] = replace(token, cue=False)
    return tokens


def _against_a_figure_turns_nothing(tokens: list[Token]) -> list[Token]:
    """ "188 votes, against 31 for the challenger" sets one figure against another: nothing is turned
    round, whatever stands before "against"."""
    for i, token in enumerate(tokens[:-1]):
        following = tokens[i + 1].lower
        if token.cue and token.lower == "against" and (following[0].isdigit() or following in NUMBER_WORDS):
            tokens[i] = replace(token, cue=False)
    return tokens


def _turns_round(lower: str, before: list[Token]) -> bool:
    """Is the word a cue here? "against" is one only after a verb of taking sides ("voted against",
    "ruled overwhelmingly against"), not after a noun ("charges against", "fell against the dollar")."""
    if lower != "against":
        return lower in POLARITY_CUES
    stance = [t for t in before[-2:] if not t.lower.endswith("ly")][-1:]
    return bool(stance) and stance[0].lower in STANCE_VERBS


@lru_cache(maxsize=4096)
def content_stems(word: str) -> frozenset[str]:
    """The stem of a word that carries meaning (not a stop word, number, scale, unit or month)."""
    if word in SCALES or word in NUMBER_WORDS or word in MODALS:
        return frozenset()
    if "-" in word.strip("-"):
        # "second-round run-off" says "second round runoff": each part, and the parts run together;
        # "7.0-magnitude" and "six-game" say magnitude and game.
        parts = [p for p in word.split("-") if p]
        figure = any(p in NUMBER_WORDS or any(c.isdigit() for c in p) for p in parts)
        joined = frozenset() if figure else content_stems("".join(parts))
        return frozenset().union(*(content_stems(p) for p in parts), joined)
    if len(word) < 2 or any(c.isdigit() for c in word) or word in MONTHS or word in WEEKDAYS:
        return frozenset()
    if word in FUNCTION_WORDS or word in NEGATIONS or word in _TURNING:
        return frozenset()
    return frozenset(s for s in TOKENIZER.stems(word) if len(s) > 1)


def clause_breaks(text: str, start: int, end: int, marks: str = ",;:—()") -> bool:
    """Does one of `marks` (by default a comma, semicolon, colon, dash or bracket) stand between the two
    offsets, in either order?"""
    return any(mark in text[min(start, end) : max(start, end)] for mark in marks)


# What stands between a multiplier and what it multiplies: "3.8 times as many deaths", "twice more".
_MULTIPLYING = frozenset(["as", "many", "much", "more", "higher", "greater", "larger", "fewer", "less"])


def leading_words(after: list[Token]) -> int:
    """How many of the words after a figure come before what it counts: "of" ("90% of plastic"), or a
    multiplier's "times as many" / "times more" ("3.8 times more deaths" counts deaths)."""
    if after[:1] and after[0].lower == "of":
        return 1
    if len(after) < 2 or after[0].lower != "times" or after[1].lower not in _MULTIPLYING:
        return 0
    return 1 + next((i for i, t in enumerate(after[1:]) if t.lower not in _MULTIPLYING), len(after) - 1)
