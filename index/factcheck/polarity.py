"""The fact-check rules on how a thing is said: negated or not, turned round, or only hedged."""

from __future__ import annotations

import re
from collections.abc import Iterable

from index.factcheck.claims import Analysis
from index.factcheck.findings import Finding, FindingKind
from index.factcheck.words import (
    OPPOSITES,
    SAME_MEANING,
    SYNONYMS,
    found_words,
    neighbours,
    phrase,
    turned_phrase,
)
from index.language.roles import looks_ahead
from index.language.tokens import stem


def compare_polarity(claim: Analysis, sentence: Analysis) -> Iterable[Finding]:
    names = {stem(n) for n in claim.names}
    for shared in sorted((claim.content & sentence.content) - names):
        negated = claim.negated(shared)
        if negated != sentence.negated(shared) and not (sentence if negated else claim).negated_loosely(
            shared
        ):
            # Negated on one side and in no form on the other ("did not change" is "no change").
            yield Finding(
                True, f"claim says “{phrase(claim, shared)}”; article says “{phrase(sentence, shared)}”"
            )
    for word in sorted(claim.content - sentence.content - names):
        # "will not prohibit" against "ban": a negation clashes with a word of the same meaning too.
        for group in SAME_MEANING:
            rival = min(group & sentence.content, default=None) if word in group else None
            if rival is not None and claim.negated(word) != sentence.negated(rival):
                yield Finding(
                    True, f"claim says “{phrase(claim, word)}”; article says “{phrase(sentence, rival)}”"
                )
                break
    for one, other in OPPOSITES:
        for said, found in ((one, other), (other, one)):
            in_claim = said & claim.content
            in_sentence = found & sentence.content
            if not in_claim or not in_sentence or said & sentence.content or found & claim.content:
                continue
            # Only a pair said of the same thing: "growing fears" is no answer to "the pound dropped".
            pairs = [
                (word, rival)
                for word in sorted(in_claim)
                for rival in sorted(in_sentence)
                if neighbours(claim, word) & neighbours(sentence, rival)
            ]
            if pairs and claim.negated(pairs[0][0]) == sentence.negated(pairs[0][1]):
                word, rival = pairs[0]
                yield Finding(
                    True, f"claim says “{phrase(claim, word)}”; article says “{phrase(sentence, rival)}”"
                )
    yield from prefixed_clashes(claim, sentence)


def prefixed_clashes(claim: Analysis, sentence: Analysis) -> Iterable[Finding]:
    """A clash for each word the other side turns round with a prefix, unless one side negates it."""
    for word, rival in prefixed_opposites(claim, sentence):
        if claim.negated(word) == sentence.negated(rival):
            yield Finding(
                True, f"claim says “{phrase(claim, word)}”; article says “{phrase(sentence, rival)}”"
            )


# Prefixes that turn a word into its opposite: "agrees" and "disagrees", "able" and "unable".
_NEGATING_PREFIXES = ("un", "dis")


def prefixed_opposites(claim: Analysis, sentence: Analysis) -> list[tuple[str, str]]:
    """Pairs of a claim word and a sentence word that is the same word, as written, turned round by a
    prefix (either way), said of the same thing (a shared neighbouring word). As written: "veil" is not
    "unveiled", nor "arms" "disarm"."""
    claim_only, sentence_only = claim.content - sentence.content, sentence.content - claim.content
    words = {t.lower: t.stem for t in claim.tokens if t.stem in claim_only}
    found = []
    for token in sentence.tokens:
        if token.stem not in sentence_only:
            continue
        for prefix in _NEGATING_PREFIXES:
            word = words.get(token.lower.removeprefix(prefix)) if token.lower.startswith(prefix) else None
            word = word or words.get(prefix + token.lower)
            if word and neighbours(claim, word) & neighbours(sentence, token.stem):
                found.append((word, token.stem))
    return sorted(set(found))


def unsaid_negation(claim: Analysis, sentence: Analysis) -> Finding | None:
    """A claim that something did not happen is only as good as a sentence that speaks of it: "would
    not challenge the fine" is not borne out by a sentence that never says challenge (it may say
    "plans to appeal"). Names aside; the polarity rules judge a negated word the sentence has."""
    names = {stem(n) for n in claim.names}
    negated = sorted(w for w in claim.content - names if claim.negated(w))
    unsaid = [w for w in negated if not found_words(frozenset([w]), sentence.content)]
    if not unsaid:
        return None
    return Finding(False, f"the article does not say “{phrase(claim, unsaid[0])}”")


# A state said with a form of "to be": "the pandemic is over", "was not over", "isn't over".
_BE = r"(?:is|was|are|were|be|been|being)"
_NOT_BE = re.compile(rf"\b(?:{_BE}\s+(?:not|never)|(?:is|was|are|were)n['’]t)\s+[“\"‘']?(\w+)", re.IGNORECASE)


def negated_state(claim: Analysis, sentence: Analysis) -> Finding | None:
    """A state one side denies and the other says, with a word too common to be compared as content:
    "the pandemic was not over" against "the pandemic is “over”" (the other rules compare content
    words; "over" is not one)."""
    for negative, positive, side in ((claim, sentence, "claim"), (sentence, claim, "article")):
        for match in _NOT_BE.finditer(negative.text):
            word = match.group(1).lower()
            if word in negative.content:
                continue  # a content word: `compare_polarity` compares it
            said = re.search(rf"\b{_BE}\s+[“\"‘']?{word}\b", positive.text, re.IGNORECASE)
            if said is not None:
                other = "article" if side == "claim" else "claim"
                unquoted = re.sub(r"[“\"‘']", "", said.group())
                return Finding(
                    False,
                    f"the {side} says “{match.group()}”, the {other} says “{unquoted}”",
                    FindingKind.POLARITY,
                )
    return None


def turned_round(claim: Analysis, sentence: Analysis) -> Finding | None:
    """One side turns round a word the other side also says ("failed to reach a fresh record" against
    "hit a record") and the other turns none of them round: on a sentence surely about the same fact,
    the two say opposite things. When both sides turn something round, they may say one negative fact in
    other words ("symptoms have not returned", "has not had a reemergence of symptoms"): no clash."""
    turned_in_claim, turned_in_sentence = claim.turned_round(), sentence.turned_round()
    # A word turned round against its opposite says the same ("refused to back" is "rejected").
    in_claim = found_words(turned_in_claim, sentence.content, SYNONYMS)
    in_sentence = found_words(turned_in_sentence, claim.content, SYNONYMS)
    if bool(in_claim) == bool(in_sentence) or (turned_in_claim and turned_in_sentence):
        return None
    # The other side says the cue itself in other words: "refused to accept the plan" is "rejected the plan";
    # not when it also says the cue's opposite ("approved the merger after shares declined").
    cues = frozenset(t.stem for t in (claim if in_claim else sentence).tokens if t.cue)
    other = (sentence if in_claim else claim).content
    opposed = any(cues & side and rival & other for pair in OPPOSITES for side, rival in (pair, pair[::-1]))
    if found_words(cues, other, SAME_MEANING) and not opposed:
        return None
    negative, positive = ("claim", "article") if in_claim else ("article", "claim")
    said, word = (claim, min(in_claim)) if in_claim else (sentence, min(in_sentence))
    return Finding(
        False,
        f"the {negative} says “{turned_phrase(said, word)}”, the {positive} says it without a negation",
        FindingKind.POLARITY,
    )


def compare_modality(claim: Analysis, sentence: Analysis) -> str | None:
    """A hedge in the sentence on a word the claim states flatly; a claim of what will be ("Twitter will
    charge $8") is no flat statement that it happened ("he planned to charge $8")."""
    if claim.has_hedge() or looks_ahead(claim.text):
        return None
    # A hedge says something may happen: what is said of a name ("proposed to Lopez") is no hedge on it.
    names = {stem(n) for n in claim.names}
    for shared in sorted((claim.content & sentence.content) - names):
        if sentence.hedged(shared) and not claim.negated(shared):
            return f"the article only says “{phrase(sentence, shared)}”, not that it happened"
    return None
