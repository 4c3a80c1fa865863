"""What a fact-checker reads out of a sentence: its figures, dates and names, and which of its words a
negation, a cue ("failed to") or a hedge ("may") governs.

Pure text analysis with regular expressions and the shared stemmer; `index.factcheck.figures`, `rules` and
`index.factcheck.polarity` compare what this module reads in a claim with what it reads in an evidence
sentence. Figures are read by `index.factcheck.values`, dates by `index.language.dates`, words by
`index.factcheck.wording`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cached_property, lru_cache

from index.factcheck.values import APPROXIMATE, Quantity, quantities
from index.factcheck.wording import Token, clause_breaks, content_stems, tokens_of
from index.language.dates import DateMention, dates
from index.language.names import compound_name_at, credit_spans, inner_names, without_possessive
from index.language.numbers import numerals, shares
from index.language.quantities import units_among
from index.language.stopwords import STOPWORDS
from index.language.wordlists import (
    AUXILIARIES,
    CLAUSE_OPENERS,
    HEDGES,
    NAME_PARTICLES,
    NAME_SUFFIXES,
    NEGATIONS,
    NOT_NAMES,
    NOUN_NEGATIONS,
    VERB_NEGATIONS,
)

# Words that never name anyone, even capitalised.
_STOPWORDS = STOPWORDS | NEGATIONS | APPROXIMATE
# A pronoun's contraction ("I’ve", "We’re", "He’d") is no name.
_CONTRACTION = re.compile(r"^(?:i|we|you|he|she|it|they)'(?:ve|re|d|ll|m)$")
# How many words after a negation it turns round: "failed to reach a fresh record".
CUE_SCOPE = 5
# How many words a subject opened by "no" may take before its verb: "no previously impeached president has".
SUBJECT_REACH = 5
# How far before a verb "not" negates it ("did not yet capture"), and a hedge hedges it ("plans to
# formally propose").
NEGATION_REACH = 3
HEDGE_REACH = 4
# How many words after a negation a "without" may turn it round again.
UNDOING_REACH = 10


@dataclass(frozen=True)
class Analysis:
    """Everything the rules compare, read once per sentence."""

    text: str
    tokens: tuple[Token, ...]
    quantities: tuple[Quantity, ...]
    dates: tuple[DateMention, ...]
    names: tuple[str, ...]
    opening: tuple[str, ...]  # name-like parts of a capitalised first word: a name, or just a capital
    content: frozenset[str]

    def negated(self, stem: str) -> bool:
        """Is every use of this word stem preceded by a negation ("not", "never", "n't") within three
        words? "no candidate" negates a noun, not a statement, and is left out; so does a negation its
        clause turns round again ("they wouldn't have held on without Fetterman's win" says they held)."""
        return self._always_after(
            stem,
            lambda t: t.lower in VERB_NEGATIONS and t.start not in self._undone,
            NEGATION_REACH,
            _says_something,
        )

    @cached_property
    def _undone(self) -> frozenset[int]:
        """Where the negations stand that "without" or "unless" turns round again a few words on, an
        aside between commas allowed ("wouldn't have held on at this point, though, without"), and where
        those words stand."""
        undone: set[int] = set()
        for at, negation in enumerate(self.tokens):
            if negation.lower not in VERB_NEGATIONS:
                continue
            after = self.tokens[at + 1 : at + 1 + UNDOING_REACH]
            undoing = next((t for t in after if t.lower in ("without", "unless")), None)
            if undoing and not clause_breaks(self.text, negation.start, undoing.start, ";:—()"):
                undone |= {negation.start, undoing.start}
        return frozenset(undone)

    def negated_loosely(self, stem: str) -> bool:
        """Is some use of this word stem turned round by any negation ("no change", "is yet to reach")
        within five words of the same clause?"""
        uses = [i for i, token in enumerate(self.tokens) if token.stem == stem]
        return any(self._cue_in_clause(i) for i in uses)

    def turned_round(self) -> frozenset[str]:
        """Stems of the words a negation or other cue turns round: the few words after it in its clause
        ("failed to reach a fresh *record*", "without ever *reproducing*"); names are left out (the cue
        turns round what is said of them)."""
        turned: set[str] = set()
        for i, cue in enumerate(self.tokens):
            if not cue.cue or cue.start in self._undone:
                continue
            # A name's words do not count towards the reach: "is not a World Golf Hall of Fame *member*".
            reach = CUE_SCOPE
            start = self._scope_start(i)
            for at, token in enumerate(self.tokens[start:], start=start):
                if (
                    reach == 0
                    or token.lower in CLAUSE_OPENERS
                    or clause_breaks(self.text, cue.start, token.start)
                ):
                    break
                if not token.text[0].isupper() and not self._particle_of_a_name(at):
                    # A unit is the figure's, not the deed's: "did not act for 187 *minutes*".
                    turned |= {s for s in content_stems(token.lower) if not units_among([s])}
                    reach -= 1
        return frozenset(turned)

    def _particle_of_a_name(self, at: int) -> bool:
        """Is the word a particle of the name after it: "al" of "no al Qaeda", "van" of "van Gogh"?"""
        following = self.tokens[at + 1 : at + 2]
        return self.tokens[at].lower in NAME_PARTICLES and bool(following) and following[0].text[0].isupper()

    def _scope_start(self, cue: int) -> int:
        """Where the words a cue turns round begin: just after it, or, when "no" opens the subject, after
        the subject's verb: "no previously impeached president has ever *run again*" denies the deed,
        not that there are presidents."""
        if self.tokens[cue].lower in NOUN_NEGATIONS:
            subject = self.tokens[cue + 1 : cue + 1 + SUBJECT_REACH]
            verb = next((j for j, t in enumerate(subject) if t.lower in AUXILIARIES), None)
            if verb is not None:
                return cue + verb + 2
        return cue + 1

    def name_index(self, name: str) -> int | None:
        """Where the name is first written, as the index of its word."""
        return next((i for i, token in enumerate(self.tokens) if names_token(token, name)), None)

    def turns_round_name(self, name: str) -> bool:
        """Is the name said just after a negation in its clause ("an interim repair for Hyundai but not
        *Kia*")?"""
        uses = [i for i, token in enumerate(self.tokens) if names_token(token, name)]
        return any(self._cue_in_clause(i) for i in uses)

    def _cue_in_clause(self, index: int) -> bool:
        """Is the word at `index` turned round by a cue a few words before it, in its own clause?"""
        return self._governed(index, lambda t: t.cue, CUE_SCOPE, lambda t: t.lower in CLAUSE_OPENERS)

    def hedged(self, stem: str) -> bool:
        """Is every use of this word stem preceded by a hedge (may, could, plans...) within four words?
        The hedge reaches past a verb in -ing too: "aimed at establishing *peace*"."""
        return self._always_after(stem, _hedges, HEDGE_REACH, _says_something_besides_doing)

    def _always_after(
        self,
        stem: str,
        is_cue: Callable[[Token], bool],
        window: int,
        stops: Callable[[Token], bool],
    ) -> bool:
        uses = [i for i, token in enumerate(self.tokens) if token.stem == stem]
        # Only function words may stand between: "did not *capture*", "has not yet *testified*".
        return bool(uses) and all(self._governed(i, is_cue, window, stops) for i in uses)

    def _governed(
        self, index: int, is_cue: Callable[[Token], bool], window: int, stops: Callable[[Token], bool]
    ) -> bool:
        """Does a cue stand within `window` words before the word at `index`, in the same clause, with no
        `stops` word between them?"""
        for token in reversed(self.tokens[max(0, index - window) : index]):
            if is_cue(token):
                return not clause_breaks(self.text, token.start, self.tokens[index].start)
            if stops(token):
                return False
        return False

    def has_hedge(self) -> bool:
        return any(_hedges(t) for t in self.tokens)

    def words_with_stem(self, stem: str) -> str:
        """The word as written: "fifth-biggest" for the stem of its parts run together."""
        return next((t.text for t in self.tokens if t.stem == stem or stem in content_stems(t.lower)), stem)


def _hedges(token: Token) -> bool:
    """A hedge ("may", "plans"); "May" with a capital is the month: "at its May meeting"."""
    return token.lower in HEDGES and token.text != "May"


def _says_something(token: Token) -> bool:
    """A content word or a name: more than a function word."""
    return bool(content_stems(token.lower)) or token.text[0].isupper()


def _says_something_besides_doing(token: Token) -> bool:
    """A content word or a name other than a verb in -ing ("establishing")."""
    return _says_something(token) and not token.lower.endswith("ing")


def _starts_clause(text: str, token: Token) -> bool:
    """Does the word follow an opening quote, a colon or a sentence end, where any word is capitalised?"""
    before = text[: token.start].rstrip()
    return not before or before.endswith(("“", '"', ":", ".", "!", "?", "—"))


def names(text: str, tokens: tuple[Token, ...]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Capitalised words that look like names of people, places and organisations, as written: those
    inside the sentence, and those of its first word (which may be capitalised only because it is first).
    """
    inside: list[str] = []
    opening: list[str] = []
    compound_end = 0
    credits = credit_spans(text)
    for token in tokens:
        if token.start < compound_end or any(start <= token.start < end for start, end in credits):
            continue
        if not token.text[0].isupper() or token.lower in NOT_NAMES or token.lower in _STOPWORDS:
            continue
        if _CONTRACTION.match(token.lower):
            continue
        found = opening if _starts_clause(text, token) else inside
        compound = compound_name_at(text, token.start)
        if compound:
            found.append(compound)
            compound_end = token.start + len(compound)
            continue
        for part in _undotted(without_possessive(token.text)).split("-"):
            lower = part.lower()
            if (
                len(part) > 1
                and not part.isdigit()
                and lower not in _STOPWORDS | NAME_SUFFIXES
                and part not in found
            ):
                found.append(part)
    return tuple(inside), tuple(p for p in opening if p not in inside)


def _undotted(word: str) -> str:
    """Initials without their dots ("U.S." is "US"); a web name keeps its own ("Realtor.com")."""
    return word if _WEB_NAME.search(word) else word.replace(".", "")


@lru_cache(maxsize=8192)
def analyse(text: str) -> Analysis:
    """Read the facts of one sentence (cached: evidence sentences recur across claims)."""
    tokens = tokens_of(text)
    content = frozenset(s for t in tokens for s in content_stems(t.lower))
    inside, opening = names(text, tokens)
    # Figures are read with their words as digits ("nearly seven million" is "nearly 7 million") and
    # shares as percentages ("3 out of 10" is 30%).
    figures = read_figures(text, tokens)
    return Analysis(text, tokens, figures, dates(text), inside, opening, content)


def read_figures(text: str, tokens: tuple[Token, ...] | None = None) -> tuple[Quantity, ...]:
    """The text's figures, number words read as digits and shares as percentages; `tokens` are the
    text's own, reused when reading changed no word."""
    written = shares(numerals(text))
    return quantities(written, tokens if tokens is not None and written == text else tokens_of(written))


def names_token(token: Token, name: str) -> bool:
    """Is this word (or a hyphenated part of it) the name? "Rwanda-backed" names Rwanda."""
    bare = without_possessive(token.lower).replace(".", "")
    return name.lower().replace(".", "") in bare.split("-")


_WEB_NAME = re.compile(r"\w\.(?:com|org|net|co|io|ai|gov|edu|uk|tv|news)\b", re.IGNORECASE)
_LOWER_WORD = re.compile(r"(?<![.!?]\s)\b[a-z][a-z’'-]+\b")


def lower_case_words(texts: Iterable[str]) -> frozenset[str]:
    """Words the texts write in lower case: a capitalised first word found here is not a name."""
    return frozenset(w for text in texts for w in _LOWER_WORD.findall(text))


def inner_name_parts(texts: Iterable[str]) -> frozenset[str]:
    """Capitalised words the texts write inside a sentence, possessive cut and split at hyphens as
    `names` splits them: a capitalised first word found here is a name."""
    return frozenset(
        part for text in texts for word in inner_names(text) for part in without_possessive(word).split("-")
    )
