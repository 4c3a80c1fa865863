"""The comparison step of fact-checking: one assertion against one evidence sentence.

`Judge` is the seam: `RuleJudge` below is a transparent rule set; an NLI model or an LLM that maps
(assertion, evidence) to a `Judgement` can replace it without touching retrieval or alignment.

The rules, in the order they apply (a clash needs the sentence to be about the same thing first):

1. Topic: the sentence must cover enough of the claim's words (IDF-weighted), else NOT_IN_ARTICLES.
2. Numbers: each number of the claim (with its magnitude word, %, currency, unit) must equal a number of the
   sentence, a score ("2-0") the same score; "about"/"nearly" on either side allows 10%, at most five
   steps of the coarser last written digit. A different
   number measuring the same thing (same kind and a shared neighbouring word) is a clash when both
   cannot be true: a bound ("more than $5") rules out only values on its wrong side. No such number
   leaves the claim unverified, unless the article gives the claim's figure elsewhere, counting the
   same thing or beside another of the claim's figures. The same number in another unit ("70 grams"
   for "70 kilograms"), or one the sentence gives another name ("Gonzalez's 111"), is not the claim's.
3. Dates: years, months, days and weekdays must agree with those in the sentence (a year only with a year
   said of the same thing: a shared neighbouring word, not only a name). "last year" is the year before
   the report's. A date the whole article never gives, other than its publication date (when the sentence
   names no other year), is unverified. The claim's year given in the sentence to another deed than the
   claim's ("incorporated in 1923 ... purchased in 1927" for "bought in 1923") is a clash, and so is its
   figure given for another year beside another figure for the claim's year. A date opening the sentence
   dates all of it ("At its May meeting, ..."). A sentence looking ahead ("will raise") in a report
   published before the claim's date tells only what was expected, not what a claim tells as past.
4. Names: every name of the claim must appear in the article. A missing name whose place in the sentence
   is taken by another name (same neighbouring word) is a clash ("claim names X; article names Y"); else
   unverified; from an article that lacks another of the claim's names (it may tell another story), the
   other name is unverified too. Two names in swapped roles around the same verb are a clash (who did
   what to whom). The
   name the claim opens with must be in the sentence itself when the sentence names someone
   else: a sentence saying all the rest of someone else is a clash, and so is one surely about the
   claim that names another of the same kind (a person for a person) in words of its own; else
   unverified. A figure or date
   clashes only when the article names every name the claim gives beside its figures and dates (else it
   may count something else), and a sentence that gives no figure for the claim's number is not about
   the same fact: its other clashes do not count. A title before a name ("Prime Minister") is part of
   the name.
5. Polarity: a word negated on one side only ("did not capture" vs "captured"), or a pair of opposite
   verbs ("accepted" vs "dismissed", "rose" vs "fell", "agrees" vs "disagrees"), is a clash unless one
   of the pair is negated. A
   cue that turns round words the other side says ("failed to reach a fresh record" vs "hit a record"),
   with none turned round there, contradicts on a sentence surely about the claim. A cue's reach ends
   where a clause of its own opens ("does not know how the animals escaped"); a cue the other side says
   in other words ("refused to accept" against "rejected") turns nothing round. A claim word negated
   ("would not challenge") that the sentence never says leaves the claim unverified.
6. Modality: when the sentence hedges what the claim states as fact ("may", "plans to", "exploring"),
   or gives the claim's figure only under a condition ("if", "could"), the claim is unverified.
7. Support: no clash, nothing unverified, and the sentence covers most of the claim: SUPPORTED. A
   support that gives not every figure and date of the claim never outweighs another sentence's clash.
   A sentence that names others must give each of the claim's names, or its lead-in must (the
   headline, the article's opening, the text just before it).

Anything unclear ends as NOT_IN_ARTICLES: a wrong SUPPORTED is the worst outcome.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Protocol, TypeVar

from index.factcheck.agents import swapped_part, told_otherwise
from index.factcheck.alignment import AlignmentModel
from index.factcheck.claims import Analysis, analyse, names_token
from index.factcheck.dating import (
    compare_dates,
    date_context,
    dates_told,
    figure_of_another_year,
    reported_before,
    undated_relative_year,
    year_of_another_deed,
)
from index.factcheck.figures import compare_quantities, figure_words, labelled_in
from index.factcheck.findings import Evidence, Finding, FindingKind, Pair
from index.factcheck.ordinals import compare_ranks
from index.factcheck.polarity import (
    compare_modality,
    compare_polarity,
    negated_state,
    turned_round,
    unsaid_negation,
)
from index.factcheck.rules import (
    called_by_title,
    compare_names,
    named_otherwise,
    replaced_names,
    surface_name,
    unshared_names,
)
from index.factcheck.values import Quantity
from index.factcheck.words import found_words
from index.language.dates import dates
from index.language.names import mentions
from index.language.numbers import numerals, shares
from index.language.tokens import stem
from index.language.wordlists import TITLES
from index.model import Verdict

T = TypeVar("T")
# What joins the items of a list: "third and fourth", "$125 billion, $116 billion".
_LISTED = r"\s*(?:,\s*(?:and\s+|or\s+)?|and\s+|or\s+)"

# A sentence covering this share of the claim's words (names aside) says what the claim says of its
# names: a name it lacks was replaced.
SUPPORT_COVERAGE = 0.75
RARE_WORD_WEIGHT = 5.0
UNSURE = "the closest sentence may say this, but not plainly enough to call it supported: read the quote"
# A count below this is matched by chance too often to vouch for a sentence ("two sites").
TELLING_COUNT = 10


@dataclass(frozen=True)
class Judgement:
    verdict: Verdict
    explanation: str
    strength: float  # how probably the sentence states the assertion's fact, 0..1
    states_figures: bool = False  # a support that gives every figure of the claim
    states_details: bool = True  # a support that gives every figure and date of the claim (or it has none)


@dataclass(frozen=True)
class Reading:
    """What the comparisons found in one sentence for one assertion, before the verdict."""

    findings: tuple[Finding, ...]
    features: dict[str, float]
    states_figures: bool
    states_details: bool  # the sentence gives every figure and date of the claim (or it gives none)
    specific: bool  # the sentence gives every figure and date of the claim, one of them telling
    supported: str  # the explanation when it supports
    missing: str  # the claim's words the sentence lacks, rarest first
    unnamed: str = ""  # the claim's names a sentence naming others leaves out, and its lead-in too


class Judge(Protocol):
    """Decides what one evidence sentence says about one assertion."""

    def judge(self, assertion: str, evidence: Evidence) -> Judgement: ...

    def recheck(self, assertion: str, evidence: Evidence, judgement: Judgement) -> Judgement: ...


class RuleJudge:
    """Typed comparisons (figures, dates, names, polarity, hedges) and a learned alignment.

    `idf` weighs words by rarity; `is_plain_opener(word, sentence)` tells whether a sentence's
    capitalised first word is an ordinary word ("Officials") rather than a name ("Tshisekedi"); `model`
    says how surely a sentence is about the claim's fact (`index.factcheck.alignment`).
    """

    def __init__(
        self,
        idf: Callable[[str], float] | None = None,
        is_plain_opener: Callable[[str, str], bool] | None = None,
        model: AlignmentModel | None = None,
    ) -> None:
        self.idf = idf
        self.is_plain_opener = is_plain_opener or (lambda word, sentence: False)
        self.model = model or AlignmentModel.load()

    def pair_of(self, assertion: str, evidence: Evidence) -> Pair:
        claim, sentence = analyse(assertion), analyse(evidence.text)
        return Pair(claim, sentence, evidence, self.names_of(claim), self.names_of(sentence))

    def names_of(self, analysis: Analysis) -> tuple[str, ...]:
        """Names inside the sentence, and its first word's unless it is a plain word there."""
        opening = tuple(n for n in analysis.opening if not self.is_plain_opener(n, analysis.text))
        return analysis.names + opening

    def judge(self, assertion: str, evidence: Evidence) -> Judgement:
        return conclude(self.reading(assertion, evidence), self.model)

    def recheck(self, assertion: str, evidence: Evidence, judgement: Judgement) -> Judgement:
        """A support read once more for who did what to whom: a clash when the sentence gives one of the
        claim's names the other part in its deed, no support when it tells the deed of others only
        (spaCy's parser takes 5 ms a sentence: only the supports that decide a verdict are read)."""
        if judgement.verdict is not Verdict.SUPPORTED:
            return judgement
        swapped = swapped_part(self.pair_of(assertion, evidence))
        if swapped is not None:
            return Judgement(Verdict.CONTRADICTED, swapped.explanation, judgement.strength)
        untold = told_otherwise(assertion, evidence.text)
        if untold is not None:
            return Judgement(Verdict.NOT_IN_ARTICLES, untold, judgement.strength)
        return judgement

    def reading(self, assertion: str, evidence: Evidence) -> Reading:
        """Compare the assertion with the sentence: typed findings, and the features of their alignment."""
        pair = self.pair_of(assertion, evidence)
        words = self.claim_words(pair)
        said_of = words - self.name_stems(pair)
        # The headline frames every sentence of the article: its words count towards the topic.
        topic = self.coverage(pair, words, analyse(evidence.title).content)
        # What a figure counts may be said beside it elsewhere ("130 others were injured").
        counted = figure_words(pair.claim, pair.article, pair.sentence)
        predicate = self.coverage(pair, said_of, counted)
        missing = [s for s in self.missing(pair, said_of) if s not in counted]
        features = self.features(pair, topic, predicate, missing)
        claim = pair.claim
        states = bool(claim.quantities) and features["figures_here"] == 1.0
        details = features["figures_here"] == features["dates_here"] == 1.0
        # The report's date may stand for the claim's ("on Thursday" in July 2022) only here: a sentence
        # silent on the year must not outweigh another's clash (`states_details`).
        dated = len(dates_told(claim, pair.sentence, pair.evidence)) == len(claim.dates)
        specific = (
            features["figures_here"] == 1.0
            and dated
            and telling(claim, pair.sentence, evidence.title)
            and not listed_figures(claim, pair.sentence)
        )
        said = ", ".join(claim.words_with_stem(s) for s in missing[:3])
        findings = self.findings(pair, predicate)
        return Reading(
            findings, features, states, details, specific, support_explanation(pair), said, unnamed(pair)
        )

    def findings(self, pair: Pair, predicate: float) -> tuple[Finding, ...]:
        """The clashes and unverified details of figures, dates, names, polarity and hedges."""
        figures = [
            *compare_quantities(pair.claim, pair.sentence, pair.article, self.following(pair)),
            *compare_dates(pair.claim, pair.sentence, pair.evidence),
            *filter(None, [year_of_another_deed(pair.claim, pair.sentence)]),
            *filter(None, [figure_of_another_year(pair.claim, pair.sentence)]),
            *filter(None, [undated_relative_year(pair.claim, pair.sentence, pair.evidence)]),
            *filter(None, [reported_before(pair.claim, pair.sentence, pair.evidence)]),
            *compare_ranks(pair.claim, pair.sentence, pair.article),
        ]
        names = list(compare_names(pair))
        polarity = list(compare_polarity(pair.claim, pair.sentence))
        round_about = (
            None
            if polarity
            else turned_round(pair.claim, pair.sentence) or negated_state(pair.claim, pair.sentence)
        )
        unsaid = unsaid_negation(pair.claim, pair.sentence)
        findings = [
            *same_subject(figures, names, pair.claim),
            *names,
            *polarity,
            *(finding for finding in (round_about, unsaid) if finding),
        ]
        hedge = compare_modality(pair.claim, pair.sentence)
        if hedge:
            findings.append(Finding(False, hedge, FindingKind.HEDGED))
        says_all = predicate >= SUPPORT_COVERAGE
        if not findings and (otherwise := named_otherwise(pair, says_all)):
            # Everything else said, of someone else: the claim swapped the name ("Hernandez won...").
            findings.append(otherwise)
        if says_all:
            findings = replaced_names(pair, findings)
        return tuple(about_the_figure(figures, findings))

    @staticmethod
    def following(pair: Pair) -> str:
        """The sentence after the evidence, read only for a claim with figures (the one rule using it)."""
        return pair.evidence.next_sentence() if pair.claim.quantities else ""

    def features(self, pair: Pair, topic: float, predicate: float, missing: list[str]) -> dict[str, float]:
        """What the alignment model reads: how much of the claim the sentence and its article hold."""
        claim, sentence = pair.claim, pair.sentence
        return {
            "similarity": pair.evidence.similarity,
            "topic": topic,
            "predicate": predicate,
            "names_here": _share(pair.claim_names, lambda n: mentions(sentence.text, n)),
            "names_in_article": _share(pair.claim_names, lambda n: mentions(pair.article, n)),
            # A figure in another unit is the claim's, miscounted: the comparison of figures judges it.
            "figures_here": _share(
                claim.quantities,
                lambda q: (
                    any(q.matches(o) or q.in_another_unit(o) for o in sentence.quantities)
                    or labelled_in(q, pair.article)
                ),
            ),
            "dates_here": _share(claim.dates, lambda d: any(d.value == o.value for o in sentence.dates)),
            "rare_missing": float(any(self._weight(s) >= RARE_WORD_WEIGHT for s in missing)),
        }

    def claim_words(self, pair: Pair) -> frozenset[str]:
        """The claim's content words and names; a title before a name ("Prime Minister Ranil
        Wickremesinghe") is part of the name, which a sentence need not repeat."""
        return (pair.claim.content | self.name_stems(pair)) - titles_of(pair)

    def name_stems(self, pair: Pair) -> frozenset[str]:
        return frozenset(stem(n) for n in pair.claim_names)

    def missing(self, pair: Pair, words: frozenset[str]) -> list[str]:
        """These claim words (names aside) that the sentence lacks, rarest first."""
        lacking = words - found_words(words, pair.sentence.content)
        return sorted(lacking, key=lambda s: (-self._weight(s), s))

    def coverage(self, pair: Pair, words: frozenset[str], context: frozenset[str] = frozenset()) -> float:
        """Share of these claim words (IDF-weighted) that the sentence (or `context`) contains; a name
        counts as contained when the sentence names it, a word when a synonym is there."""
        total = math.fsum(self._weight(s) for s in words)
        if not total:
            return 1.0
        named = {stem(n) for n in pair.claim_names if mentions(pair.sentence.text, n)}
        if context:
            named |= {stem(n) for n in pair.claim_names if mentions(pair.article, n)}
        found = found_words(words, pair.sentence.content | context) | (words & named)
        return math.fsum(self._weight(s) for s in found) / total

    def _weight(self, word_stem: str) -> float:
        """1 + IDF: rare words count most, but common ones still count (in a handful of articles IDF
        alone would make a single unseen word outweigh all the others)."""
        return 1.0 + (self.idf(word_stem) if self.idf else 0.0)


def conclude(reading: Reading, model: AlignmentModel) -> Judgement:
    """The verdict from the typed findings, on a sentence the model aligns with the claim: a clash on a
    sentence about the same fact contradicts; a sentence that states it with nothing unverified supports;
    anything else is not in the articles."""
    aligned = model.probability(reading.features)
    findings = list(reading.findings)
    # A sentence surely about the claim's fact that gives another figure for it, or says it the other
    # way round, contradicts it; not from an article that never names someone the claim names (it may
    # be about another mission, another team).
    about = aligned >= model.clash and not any(f.kind is FindingKind.NAME_ABSENT for f in findings)
    upgraded = {FindingKind.OTHER_FIGURE, FindingKind.POLARITY, FindingKind.OTHER_NAME} if about else set()
    findings = [Finding(True, f.explanation) if f.kind in upgraded else f for f in findings]
    clashes = [f.explanation for f in findings if f.clash]
    if clashes and aligned >= model.clash:
        return Judgement(Verdict.CONTRADICTED, "; ".join(dict.fromkeys(clashes)), aligned)
    unverified = [f.explanation for f in findings if not f.clash]
    if unverified:
        return Judgement(Verdict.NOT_IN_ARTICLES, "; ".join(dict.fromkeys(unverified)), aligned)
    supports = aligned >= (model.specific if reading.specific else model.support) and not clashes
    if supports and reading.unnamed:
        # The name given elsewhere in the article: the sentence may say this of someone else.
        return Judgement(Verdict.NOT_IN_ARTICLES, f"the sentence does not name {reading.unnamed}", aligned)
    if supports:
        return Judgement(
            Verdict.SUPPORTED, reading.supported, aligned, reading.states_figures, reading.states_details
        )
    if aligned < model.clash:
        return Judgement(Verdict.NOT_IN_ARTICLES, "the closest sentence is about something else", aligned)
    if not reading.missing:
        # Every word is there, yet the model is not sure the sentence states it ("Brown, a Democrat,").
        return Judgement(Verdict.NOT_IN_ARTICLES, UNSURE, aligned)
    return Judgement(Verdict.NOT_IN_ARTICLES, f"the evidence does not say: {reading.missing}", aligned)


def unnamed(pair: Pair) -> str:
    """The claim's names that a sentence naming others does not give, nor its lead-in (headline, opening
    and the text just before it, where the name of a "he" or "the company" is): a name found only
    further off may belong to another part of the story ("Bergen" for "Oslo and Trondheim")."""
    if not unshared_names(pair, opening=True):
        return ""
    lead_in = pair.evidence.lead_in()
    return ", ".join(
        surface_name(pair.claim, n)
        for n in pair.claim_names
        if not mentions(pair.sentence.text, n) and not mentions(lead_in, n) and not called_by_title(pair, n)
    )


def telling(claim: Analysis, sentence: Analysis, headline: str = "") -> bool:
    """Does the claim give a figure or date that a sentence seldom matches by chance: a count of ten or
    more, a percentage, a sum, a rank, a year or a day of a month (not "two" or "Saturday"), or two
    figures at once ("8 points and 8 assists")? A date tells only when the sentence writes it, not when
    the report's date stands for it, nor when the headline gives it (the whole report is about that
    day: "Megadrought thwarts 4th of July fireworks")."""
    quantities = claim.quantities
    figures = len(quantities) >= 2 or any(q.value >= TELLING_COUNT or q.kind != "count" for q in quantities)
    written = {(d.kind, d.value) for d in sentence.dates} - {(d.kind, d.value) for d in dates(headline)}
    return figures or any(d.kind in ("year", "day") and (d.kind, d.value) in written for d in claim.dates)


def listed_figures(claim: Analysis, sentence: Analysis) -> bool:
    """Is a figure the sentence shares with the claim one of a list of its kind ("who rank third and
    fourth", "$125 billion and $116 billion")? Then which is whose is for the words to tell."""
    written = shares(numerals(sentence.text))
    shared = [o for o in sentence.quantities if any(f.matches(o) for f in claim.quantities)]
    others = [o for o in sentence.quantities if o not in shared]
    return any(
        re.search(re.escape(first.text) + _LISTED + re.escape(second.text), written)
        for one in shared
        for other in others
        if other.kind == one.kind
        for first, second in ((one, other), (other, one))
    )


def _share(items: Sequence[T], found: Callable[[T], bool]) -> float:
    """Share of the items found; 1 when there are none (nothing to miss)."""
    return sum(1 for item in items if found(item)) / len(items) if items else 1.0


def titles_of(pair: Pair) -> frozenset[str]:
    """Stems of the title words the sentence lacks, standing just before a name it mentions."""
    tokens = pair.claim.tokens
    named = {i for i, t in enumerate(tokens) if any(names_token(t, n) for n in pair.claim_names)}
    return frozenset(
        t.stem
        for i, t in enumerate(tokens)
        if t.lower in TITLES
        and t.stem not in pair.sentence.content
        and any(j in named and mentions(pair.sentence.text, tokens[j].text) for j in (i + 1, i + 2))
    )


def same_subject(figures: list[Finding], names: list[Finding], claim: Analysis) -> list[Finding]:
    """A figure or date clashes only when the article names everyone the claim names beside its figures
    and dates: "85% in a Gallup poll" against "63% in a CNN poll" from an article that never mentions
    Gallup is another survey; "60% of respondents ... before Covid" against "40% ... before the
    pandemic" is not."""
    around = frozenset().union(
        *(q.context for q in claim.quantities), *(date_context(claim, d) for d in claim.dates)
    )
    if not any(f.kind is FindingKind.NAME_ABSENT and stem(f.subject) in around for f in names):
        return figures
    return [f.doubted() if f.clash else f for f in figures]


def about_the_figure(figures: list[Finding], findings: list[Finding]) -> list[Finding]:
    """A sentence that gives no figure for the claim's number is not about the same fact: its clashes
    on other details ("US" for "California", "open" for "close") prove nothing."""
    if not any(f.kind is FindingKind.NO_FIGURE for f in figures):
        return findings
    return [f for f in findings if not f.clash or f in figures]


def support_explanation(pair: Pair) -> str:
    """What the sentence gives of the claim: its figures (one in another unit as the article has it,
    "45 days as 6 weeks"), dates and names."""
    claim = pair.claim
    details = [_as_given(q, pair.sentence) for q in claim.quantities] + [d.text for d in claim.dates]
    details += [surface_name(claim, n) for n in pair.claim_names if mentions(pair.sentence.text, n)]
    return "article says the same" + (f" ({', '.join(dict.fromkeys(details))})" if details else "")


def _as_given(quantity: Quantity, sentence: Analysis) -> str:
    other = next((o for o in sentence.quantities if quantity.same_figure(o)), None)
    if other is None or not quantity.other_unit(other):
        return quantity.text
    return f"{quantity.described} as {other.described}"
