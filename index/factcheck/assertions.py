"""A claim cut into the assertions the checker judges one by one: its sentences, and the clauses and
predicates that state something of their own ("Rebels took the town, and the mine closed")."""

from __future__ import annotations

import re
from collections.abc import Sequence

from index.factcheck.claims import analyse
from index.language.names import entities, mentions
from index.language.tokens import WORD
from index.language.wordlists import AUXILIARIES, IRREGULAR_PAST
from index.store.chunks import split_sentences

MAX_PARTS = 6
# Where a sentence holding several assertions may be cut: "X happened, and Y did Z", "X; Y".
_CLAUSE_BREAK = re.compile(r";\s+|,\s+(?:and|but|while|whereas)\s+(?=\S)", re.IGNORECASE)
_MIN_CLAUSE_WORDS = 4
_AND = re.compile(r"\s+and\s+", re.IGNORECASE)
# Where a subject ends: a verb carrying tense or mood, or a verb of saying ("X said").
_SUBJECT_ENDS = AUXILIARIES | {"said", "says"}
# A subject a later part may stand for by a pronoun: a short one, with a name in it.
_MAX_SUBJECT_WORDS = 5
# Words that may stand between "and" and the verb of a second predicate: "and now opens".
_ADVERBS = frozenset(["now", "also", "later", "then", "still"])


def split_claim(claim: str) -> list[str]:
    """The claim's assertions: its sentences, and clauses joined by "and"/"but"/";" when both halves
    are long enough to state something of their own ("tin and gold" stays whole)."""
    parts: list[str] = []
    for span in split_sentences(claim):
        parts.extend(_split_clauses(claim[span.start : span.end]))
    return _named(parts[:MAX_PARTS])


def _named(parts: list[str]) -> list[str]:
    """The parts after the first with an opening pronoun replaced by whom it stands for: "her album sales
    came to roughly 50 million" of "Olivia Newton-John collected 4 Grammys, and her album sales ..." is
    judged as "Olivia Newton-John's album sales ...", which a sentence naming her can bear out or
    contradict. "he" and "she" stand for the one person the claim names, in its first part (with two,
    either may be meant), "it" for the first part's subject when that is a named thing, not a person."""
    if len(parts) < 2:
        return parts
    people = list(dict.fromkeys(name for name, label in entities(" ".join(parts)) if label == "PERSON"))
    subject = _subject(parts[0])
    words = subject.split()
    thing = 0 < len(words) <= _MAX_SUBJECT_WORDS and any(w[0].isupper() for w in words[1:] or words)
    stands_for = {}
    if len(people) == 1 and mentions(parts[0], people[0]):
        stands_for = {"he": people[0], "she": people[0], "his": _owner(people[0]), "her": _owner(people[0])}
    if thing and subject not in people:
        stands_for |= {"it": subject, "its": _owner(subject)}
    named = parts[:1]
    for part in parts[1:]:
        first, _, rest = part.partition(" ")
        named.append(f"{stands_for[first.lower()]} {rest}" if first.lower() in stands_for and rest else part)
    return named


def _owner(name: str) -> str:
    """The name's possessive: "Olivia Newton-John's", "Alaska's Pavlof volcano's", "the Times'"."""
    return name + ("'" if name.endswith("s") else "'s")


def _split_clauses(sentence: str) -> list[str]:
    clauses: list[str] = []
    start = 0
    for match in _CLAUSE_BREAK.finditer(sentence):
        left, right = sentence[start : match.start()], sentence[match.end() :]
        if len(WORD.findall(left)) >= _MIN_CLAUSE_WORDS and len(WORD.findall(right)) >= _MIN_CLAUSE_WORDS:
            clauses.append(left.strip(" ,"))
            start = match.end()
    clauses.append(sentence[start:].strip(" ,"))
    return [part for c in clauses if c for part in _split_predicates(c)]


def _split_predicates(clause: str) -> list[str]:
    """ "X is 36 feet tall and was put up on Monday" states two things of X: "X is 36 feet tall" and "X
    was put up on Monday". Only a verb right after the "and" ("and said", "and will", "and now opens")
    starts a second predicate; "tin and gold" stays whole."""
    for match in _AND.finditer(clause):
        following = WORD.findall(clause[match.end() :])
        if following[:1] and following[0].lower() in _ADVERBS:
            following = following[1:]
        subject = _subject(clause[: match.start()])
        if not following or not _is_verb(following[0]) or not subject:
            continue
        left, right = clause[: match.start()], clause[match.end() :]
        if len(WORD.findall(left)) >= _MIN_CLAUSE_WORDS and len(following) >= _MIN_CLAUSE_WORDS - 1:
            return [left.strip(" ,"), *_split_predicates(f"{subject} {right.strip()}")]
    return [clause]


def _subject(clause: str) -> str:
    """The words before the clause's first verb: "The Manhattan menorah" of "The Manhattan menorah is"."""
    words = list(WORD.finditer(clause))
    verb = next((i for i, w in enumerate(words) if _is_verb(w.group())), None)
    return clause[: words[verb].start()].strip() if verb else ""


def _is_verb(word: str) -> bool:
    """An auxiliary or a past tense ("was", "will", "said", "extended", "took"): where a subject ends.
    Third-person forms are left out, unlike `rules._looks_like_verb`: "results" or "rates" after an
    "and" more often go on a list than open a predicate."""
    lower = word.lower()
    return lower in _SUBJECT_ENDS or lower in IRREGULAR_PAST or (lower.endswith("ed") and len(lower) > 4)


def names_elsewhere(part: str, assertions: Sequence[str]) -> str:
    """The names the claim's other assertions mention and this one does not."""
    if len(assertions) == 1:
        return ""
    names = dict.fromkeys(n for other in assertions if other != part for n in analyse(other).names)
    return " ".join(n for n in names if not mentions(part, n))
