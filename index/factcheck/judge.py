"""The comparison step of fact-checking: one assertion against one evidence sentence.

`Judge` is the seam: `RuleJudge` below is a transparent rule set; an NLI model or an LLM that maps
(assertion, evidence) to a `Judgement` can replace it without touching retrieval or alignment.

The rules, in the order they apply (a clash needs the sentence to be about the same thing first):

1. Topic: the sentence must cover enough of the claim's words (IDF-weighted), else NOT_IN_ARTICLES.
2. Numbers: each number of the claim (with its magnitude word, %, currency) must equal a number of the
   sentence; "about"/"nearly" on either side allows 10%. A different number measuring the same thing (same
   kind and a shared neighbouring word) is a clash when both cannot be true: a bound ("more than $5")
   rules out only values on its wrong side. No such number leaves the claim unverified.
3. Dates: years, months, days and weekdays must agree with those in the sentence (a year only with a
   year said of the same thing: a shared neighbouring word). A date the whole article never gives,
   other than its publication date, is unverified.
4. Names: every name of the claim must appear in the article. A missing name whose place in the sentence
   is taken by another name (same neighbouring word) is a clash ("claim names X; article names Y"); else
   unverified. Two names in swapped roles around the same verb are a clash (who did what to whom). The
   name the claim opens with must be in the sentence itself when the sentence names someone
   else: a sentence saying all the rest of someone else is a clash, else unverified. A figure or date
   clashes only when the article names everyone the claim names (else it may count something else),
   and a sentence that gives no figure for the claim's number is not about the same fact: its other
   clashes do not count. A title before a name ("Prime Minister") is part of the name.
5. Polarity: a word negated on one side only ("did not capture" vs "captured"), or a pair of opposite
   verbs ("accepted" vs "dismissed", "rose" vs "fell"), is a clash unless one of the pair is negated.
6. Modality: when the sentence hedges what the claim states as fact ("may", "plans to", "exploring"),
   the claim is unverified.
7. Support: no clash, nothing unverified, and the sentence covers most of the claim: SUPPORTED.

Anything unclear ends as NOT_IN_ARTICLES: a wrong SUPPORTED is the worst outcome.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from index.factcheck.claims import Analysis, analyse, mentions, names_token
from index.factcheck.findings import Evidence, Finding, FindingKind, Pair
from index.factcheck.rules import (
    _surface,
    _unshared,
    compare_dates,
    compare_modality,
    compare_names,
    compare_polarity,
    compare_quantities,
    found_words,
    replaced_names,
)
from index.language.tokens import stem
from index.language.wordlists import TITLES
from index.model import Verdict

# Share of the claim's (IDF-weighted) words the sentence must contain to be about the same thing...
MIN_TOPIC = 0.45
# ... and to contradict it: a clash found in a loosely related sentence proves nothing.
MIN_CLASH_TOPIC = 0.55
# To support: nearly all of the claim's words and no rare one missing, or most of them and a close
# paraphrase by embedding.
SUPPORT_COVERAGE = 0.75
RARE_WORD_WEIGHT = 5.0
PARAPHRASE_COVERAGE = 0.6
PARAPHRASE_SIMILARITY = 0.75
CLOSE_PARAPHRASE_SIMILARITY = 0.85
# A sentence this close to the claim by embedding may contradict it with fewer shared words.
CLASH_SIMILARITY = 0.7


@dataclass(frozen=True)
class Judgement:
    verdict: Verdict
    explanation: str
    strength: float  # how closely the sentence matches the assertion's topic, 0..1
    states_figures: bool = False  # a support that gives every figure of the claim


class Judge(Protocol):
    """Decides what one evidence sentence says about one assertion."""

    def judge(self, assertion: str, evidence: Evidence) -> Judgement: ...


class RuleJudge:
    """The documented rule set above.

    `idf` weighs words by rarity; `is_common_word` tells whether a capitalised first word is an ordinary
    word ("Officials") rather than a name ("Tshisekedi").
    """

    def __init__(
        self,
        idf: Callable[[str], float] | None = None,
        is_common_word: Callable[[str], bool] | None = None,
    ) -> None:
        self.idf = idf
        self.is_common_word = is_common_word or (lambda word: False)

    def read(self, assertion: str, evidence: Evidence) -> Pair:
        claim, sentence = analyse(assertion), analyse(evidence.text)
        return Pair(claim, sentence, evidence, self.names_of(claim), self.names_of(sentence))

    def names_of(self, analysis: Analysis) -> tuple[str, ...]:
        """Names inside the sentence, and its first word's unless the articles use it as a plain word."""
        opening = tuple(n for n in analysis.opening if not self.is_common_word(n.lower()))
        return analysis.names + opening

    def judge(self, assertion: str, evidence: Evidence) -> Judgement:
        pair = self.read(assertion, evidence)
        # The headline frames every sentence of the article: its words count towards the topic.
        topic = self.coverage(pair, self.claim_words(pair), analyse(evidence.title).content)
        similarity = evidence.similarity
        if topic < MIN_TOPIC and similarity < PARAPHRASE_SIMILARITY:
            return Judgement(Verdict.NOT_IN_ARTICLES, "the closest sentence is about something else", topic)
        predicate = self.coverage(pair, self.claim_words(pair) - self.name_stems(pair))
        figures = [
            *compare_quantities(pair.claim, pair.sentence),
            *compare_dates(pair.claim, pair.sentence, evidence),
        ]
        names = list(compare_names(pair))
        findings = [*same_subject(figures, names), *names, *compare_polarity(pair.claim, pair.sentence)]
        hedge = compare_modality(pair.claim, pair.sentence)
        if hedge:
            findings.append(Finding(False, hedge))
        other = named_instead(pair)
        if other and not findings:
            # Everything else said, of someone else: the claim swapped the name ("Hernandez won...").
            claimed, rival = other
            if predicate >= SUPPORT_COVERAGE:
                findings.append(Finding(True, f"claim names {claimed}; article names {rival}"))
            else:
                findings.append(Finding(False, f"the sentence names {rival}, not {claimed}"))
        missing = self.missing(pair)
        if predicate >= SUPPORT_COVERAGE:
            findings = replaced_names(pair, findings)
        findings = about_the_figure(figures, findings)
        clashes = [f.explanation for f in findings if f.clash]
        if clashes and (topic >= MIN_CLASH_TOPIC or similarity >= CLASH_SIMILARITY):
            return Judgement(Verdict.CONTRADICTED, "; ".join(dict.fromkeys(clashes)), topic)
        if findings:
            unverified = [f.explanation for f in findings if not f.clash] or ["the evidence is unclear"]
            return Judgement(Verdict.NOT_IN_ARTICLES, "; ".join(dict.fromkeys(unverified)), topic)
        if self.supports(predicate, missing, similarity, figures_agree=bool(pair.claim.quantities)):
            return Judgement(Verdict.SUPPORTED, support_explanation(pair), topic, bool(pair.claim.quantities))
        words = ", ".join(pair.claim.words_with_stem(s) for s in missing[:3])
        return Judgement(Verdict.NOT_IN_ARTICLES, f"the evidence does not say: {words}", topic)

    def supports(
        self, predicate: float, missing: list[str], similarity: float, figures_agree: bool = False
    ) -> bool:
        """The sentence says what the claim says of its names: nearly all of the claim's other words, or
        most of them in a close paraphrase (embedding similarity); a missing rare word (often the very
        verb that matters: "disqualified") needs a very close paraphrase. A sentence that gives every
        figure of the claim (and clashes with nothing) needs only most of the words: the figures are
        what is most specific to a fact."""
        if figures_agree:
            return predicate >= PARAPHRASE_COVERAGE
        rare_missing = any(self._weight(s) >= RARE_WORD_WEIGHT for s in missing)
        if rare_missing and similarity < CLOSE_PARAPHRASE_SIMILARITY:
            return False
        if similarity >= PARAPHRASE_SIMILARITY:
            return predicate >= PARAPHRASE_COVERAGE
        return predicate >= SUPPORT_COVERAGE

    def claim_words(self, pair: Pair) -> frozenset[str]:
        """The claim's content words and names; a title before a name ("Prime Minister Ranil
        Wickremesinghe") is part of the name, which a sentence need not repeat."""
        return (pair.claim.content | self.name_stems(pair)) - titles_of(pair)

    def name_stems(self, pair: Pair) -> frozenset[str]:
        return frozenset(stem(n) for n in pair.claim_names)

    def missing(self, pair: Pair) -> list[str]:
        """Claim words (names aside) the sentence lacks, rarest first."""
        words = self.claim_words(pair) - self.name_stems(pair)
        words -= found_words(words, pair.sentence.content)
        return sorted(words, key=self._weight, reverse=True)

    def coverage(self, pair: Pair, words: frozenset[str], context: frozenset[str] = frozenset()) -> float:
        """Share of these claim words (IDF-weighted) that the sentence (or `context`) contains; a name
        counts as contained when the sentence names it, a word when a synonym is there."""
        total = sum(self._weight(s) for s in words)
        if not total:
            return 1.0
        named = {stem(n) for n in pair.claim_names if mentions(pair.sentence.text, n)}
        if context:
            named |= {stem(n) for n in pair.claim_names if mentions(pair.article, n)}
        found = found_words(words, pair.sentence.content | context) | (words & named)
        return sum(self._weight(s) for s in found) / total

    def _weight(self, word_stem: str) -> float:
        """1 + IDF: rare words count most, but common ones still count (in a handful of articles IDF
        alone would make a single unseen word outweigh all the others)."""
        return 1.0 + (self.idf(word_stem) if self.idf else 0.0)


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


def same_subject(figures: list[Finding], names: list[Finding]) -> list[Finding]:
    """A figure or date clashes only when the article names everyone the claim names: "85% in a Gallup
    poll" against "63% in a CNN poll" from an article that never mentions Gallup is another survey."""
    if not any(f.kind is FindingKind.NAME_ABSENT for f in names):
        return figures
    return [
        Finding(False, f.explanation.replace("claim says", "the claim's", 1)) if f.clash else f
        for f in figures
    ]


def about_the_figure(figures: list[Finding], findings: list[Finding]) -> list[Finding]:
    """A sentence that gives no figure for the claim's number is not about the same fact: its clashes
    on other details ("US" for "California", "open" for "close") prove nothing."""
    if not any(f.kind is FindingKind.NO_FIGURE for f in figures):
        return findings
    return [f for f in findings if not f.clash or f in figures]


def named_instead(pair: Pair) -> tuple[str, str] | None:
    """(the claim's name, the sentence's name) when the sentence lacks the name the claim is about (no
    part of it there) and names someone the claim does not: it may be said of someone else ("Petro will
    become Colombia's first leftist leader" for a claim about Hernandez, named elsewhere as runner-up)."""
    rivals = _unshared(pair)
    groups = name_groups(pair.claim, pair.claim_names)
    if not rivals or not groups or not _opens(pair.claim, groups[0][0]):
        return None
    # A name opening the claim is who it is about; later ones ("25 Emmy nominations") may be worded
    # otherwise.
    if any(mentions(pair.sentence.text, n) for n in groups[0]):
        return None
    return " ".join(_surface(pair.claim, n) for n in groups[0]), _surface(pair.sentence, rivals[0])


def _opens(analysis: Analysis, name: str) -> bool:
    """Is the name among the first three words ("Rodolfo Hernandez won...", "The EPA says...")?"""
    return any(names_token(t, name) for t in analysis.tokens[:3])


def name_groups(analysis: Analysis, names: tuple[str, ...]) -> list[tuple[str, ...]]:
    """Names written next to each other, or with only a title between them, form one ("Sri Lankan Prime
    Minister Ranil Wickremesinghe"): any part of it names it."""
    groups: list[list[str]] = []
    last = -2
    for i, token in enumerate(analysis.tokens):
        name = next((n for n in names if names_token(token, n)), None)
        if name is None:
            continue
        between = analysis.tokens[last + 1 : i] if last >= 0 else ()
        if groups and all(t.lower in TITLES for t in between):
            groups[-1].append(name)
        else:
            groups.append([name])
        last = i
    return [tuple(g) for g in groups]


def support_explanation(pair: Pair) -> str:
    claim = pair.claim
    details = [q.text for q in claim.quantities] + [d.text for d in claim.dates]
    details += [_surface(claim, n) for n in pair.claim_names if mentions(pair.sentence.text, n)]
    return "article says the same" + (f" ({', '.join(dict.fromkeys(details))})" if details else "")
