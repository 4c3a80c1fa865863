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

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from typing import Protocol

from index.factcheck.claims import (
    TITLES,
    UNITS,
    Analysis,
    DateMention,
    Quantity,
    analyse,
    context,
    mentions,
    names_token,
    stem,
)
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
class Evidence:
    """One candidate evidence sentence with the context of its article."""

    text: str
    article_text: str
    title: str
    published: str
    similarity: float  # cosine similarity of claim and sentence embeddings


@dataclass(frozen=True)
class Judgement:
    verdict: Verdict
    explanation: str
    strength: float  # how closely the sentence matches the assertion's topic, 0..1
    states_figures: bool = False  # a support that gives every figure of the claim


class Judge(Protocol):
    """Decides what one evidence sentence says about one assertion."""

    def judge(self, assertion: str, evidence: Evidence) -> Judgement: ...


# Groups of stems with opposite meanings; a claim word from one side and an evidence word from the other
# clash.
_OPPOSITES: tuple[tuple[str, str], ...] = (
    (
        "accept agree approve embrace heed welcome endorse",
        "reject refuse dismiss ignore disregard decline deny oppose veto spurn rebuff",
    ),
    (
        "rise rose increase climb gain grow grew jump soar surge higher raise",
        "fall fell decrease drop decline shrink plunge slump lower cut reduce tumble",
    ),
    ("capture seize conquer", "lose lost retreat surrender withdraw abandon"),
    ("win won beat defeat victory", "lose lost"),
    ("positive", "negative"),
    ("open reopen resume", "close shut halt suspend pause"),
    ("allow permit legalize", "ban prohibit forbid outlaw"),
    ("pass passed", "fail failed"),
    ("hire hired", "fire fired"),
    ("acquit acquitted", "convict convicted"),
    ("more most", "less least fewer"),
    ("high highest", "low lowest"),
    ("alive survive survived", "dead die died"),
    ("guilty", "innocent"),
)


# Words news copy uses for one another; a claim word counts as found when a synonym is in the sentence.
_SYNONYMS = (
    "beat defeat",
    "kid child children",
    "people person persons resident civilian",
    "us american america",
    "lawmaker legislator parliament congress",
    "eat ate devour",
    "game match",
    "woman female",
    "man male",
    "die died death dead killed",
    "buy bought purchase acquire acquiring",
    "halt halting pause suspend stop",
    "stop eliminate end scrap",
    "offer give provide",
    "east eastern",
    "west western",
    "north northern",
    "south southern",
    "flight service",
    "flee fled escape escaped",
    "soldier troop army military",
    "say said tell told announce announced state",
    "show reveal unveil",
    "get receive eligible",
    "prime premier",
    "leader head chief",
    "law legislation bill",
    "price cost",
    "fire blaze wildfire",
    "study survey report poll",
    "rise rose increase climb jump soar",
    "fall fell drop decline plunge tumble crash",
    "big large huge",
    "record highest",
    "start begin launch",
    "raise lift boost hike",
    "pay wage wages salary",
    "home residence household",
)


def _stems(words: str) -> frozenset[str]:
    return frozenset(stem(w) for w in words.split())


OPPOSITES = tuple((_stems(a), _stems(b)) for a, b in _OPPOSITES)
SYNONYMS = tuple(_stems(group) for group in _SYNONYMS)
_RELATED = (*SYNONYMS, *(a | b for a, b in OPPOSITES))
_SAME_MEANING = (*SYNONYMS, *(side for pair in OPPOSITES for side in pair))


def found_words(claim: frozenset[str], sentence: frozenset[str]) -> frozenset[str]:
    """Claim stems the sentence has: the same stem, a synonym, the same first six letters ("competitive"
    for "compete"), or an opposite (the same slot filled the other way: the polarity rules judge it)."""
    prefixes = {s[:6] for s in sentence if len(s) >= 6}
    found = set(claim & sentence)
    for word in claim - sentence:
        same_prefix = len(word) >= 6 and word[:6] in prefixes
        if same_prefix or any(word in group and group & sentence for group in _RELATED):
            found.add(word)
    return frozenset(found)


@dataclass(frozen=True)
class Finding:
    """A clash or an unverified detail, with the sentence a reader sees."""

    clash: bool
    explanation: str


@dataclass(frozen=True)
class Pair:
    """An assertion and an evidence sentence as the rules see them."""

    claim: Analysis
    sentence: Analysis
    evidence: Evidence
    claim_names: tuple[str, ...]
    sentence_names: tuple[str, ...]

    @property
    def article(self) -> str:
        return f"{self.evidence.title}\n{self.evidence.article_text}"


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
    if not any(f.explanation.startswith(_ABSENT) for f in names):
        return figures
    return [
        Finding(False, f.explanation.replace("claim says", "the claim's", 1)) if f.clash else f
        for f in figures
    ]


def about_the_figure(figures: list[Finding], findings: list[Finding]) -> list[Finding]:
    """A sentence that gives no figure for the claim's number is not about the same fact: its clashes
    on other details ("US" for "California", "open" for "close") prove nothing."""
    if not any(f.explanation.startswith(_NO_FIGURE) for f in figures):
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


def compare_quantities(claim: Analysis, sentence: Analysis) -> Iterable[Finding]:
    matched = [
        other
        for quantity in claim.quantities
        for other in sentence.quantities
        if quantity.kind == other.kind and quantity.matches(other)
    ]
    # A number the claim already matched is no rival to its other numbers.
    unmatched = tuple(o for o in sentence.quantities if o not in matched)
    for quantity in claim.quantities:
        if any(quantity.kind == other.kind and quantity.matches(other) for other in sentence.quantities):
            continue
        rival = _rival(quantity, unmatched)
        if rival is not None and rival.excludes(quantity):
            yield Finding(True, f"claim says {quantity.described}; article says {rival.described}")
        elif rival is not None:
            yield Finding(False, f"the article only says {rival.described}, not {quantity.described}")
        else:
            yield Finding(False, f"{_NO_FIGURE}{quantity.described}")


def comparable_quantities(one: Quantity, other: Quantity) -> bool:
    """Do both numbers measure the same thing? Same kind, never different units, and: what they count
    agrees ("2 million *people*" and "7 million *displaced persons*"), or, when only one says what it
    counts, that word stands next to the other; when neither does, two shared neighbouring words. Sums
    of one currency need only one shared neighbouring word ("awarded $5 million", "awarded $500,000")."""
    if one.kind != other.kind:
        return False
    mine, theirs = one.counts & UNITS, other.counts & UNITS
    if mine and theirs and not mine & theirs:
        return False
    if one.kind.startswith("money") and one.context & other.context:
        return True
    if one.counts and other.counts:
        return bool(found_words(one.counts, other.counts))
    if one.counts or other.counts:
        return bool(found_words(one.counts, other.context) or found_words(other.counts, one.context))
    return len(one.context & other.context) >= 2


def _rival(quantity: Quantity, others: tuple[Quantity, ...]) -> Quantity | None:
    """The sentence's number that measures what the claim's number measures, if any."""
    comparable = [o for o in others if comparable_quantities(quantity, o)]
    return comparable[0] if comparable else None


def compare_dates(claim: Analysis, sentence: Analysis, evidence: Evidence) -> Iterable[Finding]:
    published = date.fromisoformat(evidence.published) if evidence.published else None
    article = analyse_dates_of(evidence.article_text)
    for kind in ("year", "month", "day", "weekday"):
        claimed = [d for d in claim.dates if d.kind == kind]
        for mention in claimed:
            stated = {d.value: d.text for d in sentence.dates if d.kind == kind}
            if mention.value in stated:
                continue
            if kind == "year":
                # "its first title since 1995" dates another event than "their 2021 World Series win".
                said_of = _date_context(claim, mention)
                stated = {
                    d.value: d.text
                    for d in sentence.dates
                    if d.kind == kind and said_of & _date_context(sentence, d)
                }
            if stated:
                yield Finding(True, f"claim says {mention.text}; article says {', '.join(stated.values())}")
            elif mention.value not in article.get(kind, set()) and not _is_publication(
                kind, mention.value, published
            ):
                yield Finding(False, f"the articles do not date it to {mention.text}")


def _date_context(analysis: Analysis, mention: DateMention) -> frozenset[str]:
    return context(analysis.tokens, mention.start, mention.start + len(mention.text))


def analyse_dates_of(text: str) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for mention in analyse(text).dates:
        found.setdefault(mention.kind, set()).add(mention.value)
    return found


def _is_publication(kind: str, value: str, published: date | None) -> bool:
    if published is None:
        return False
    if kind == "year":
        return value == str(published.year)
    if kind == "weekday":
        return value == published.strftime("%A").lower()
    if kind == "month":
        return value == published.strftime("%B").lower()
    return value == f"{published.strftime('%B').lower()} {published.day}"


def compare_names(pair: Pair) -> Iterable[Finding]:
    """Each name of the claim is in the sentence; or another name stands in its place (a clash); or the
    article names it elsewhere (the sentence says "he"); or it is not in the articles."""
    for name in pair.claim_names:
        if mentions(pair.sentence.text, name):
            continue
        in_article = mentions(pair.article, name)
        # A name the article uses elsewhere is replaced only by one right next to the same word.
        substitute = _substitute(pair, name, 1 if in_article else _NEIGHBOURS)
        if substitute:
            yield Finding(True, f"claim names {_surface(pair.claim, name)}; article names {substitute}")
        elif not in_article:
            yield Finding(False, f"the articles do not mention {_surface(pair.claim, name)}")
    swapped = _swapped_roles(pair)
    if swapped:
        yield Finding(True, swapped)


_ABSENT = "the articles do not mention "
_NO_FIGURE = "the evidence gives no figure for "


def replaced_names(pair: Pair, findings: list[Finding]) -> list[Finding]:
    """When the sentence says everything the claim says but for a name the articles never use, the
    sentence's own name is the one the claim replaced ("Princeton" for "Dartmouth")."""
    rivals = _unshared(pair)
    if not rivals or not findings or not all(f.explanation.startswith(_ABSENT) for f in findings):
        return findings
    if len(findings) > 1:
        return findings
    rival = _surface(pair.sentence, rivals[0])
    return [
        Finding(True, f"claim names {f.explanation[len(_ABSENT) :]}; article names {rival}") for f in findings
    ]


def _unshared(pair: Pair) -> list[str]:
    """The sentence's names the claim lacks (a capitalised first word is too unsure to stand in)."""
    return [n for n in pair.sentence.names if not mentions(pair.claim.text, n)]


def _surface(analysis: Analysis, name: str) -> str:
    return next((t.text for t in analysis.tokens if names_token(t, name)), name)


def _substitute(pair: Pair, name: str, reach: int) -> str | None:
    """The sentence's name standing where the claim has `name`: within `reach` words of a word that is
    also next to `name` in the claim."""
    claim, sentence = pair.claim, pair.sentence
    index = next((i for i, t in enumerate(claim.tokens) if names_token(t, name)), None)
    if index is None:
        return None
    names = {stem(n) for n in pair.claim_names}
    window = claim.tokens[max(0, index - reach) : index + reach + 1]
    neighbours = {t.stem for t in window if t.stem in claim.content} - names
    rivals = _unshared(pair)
    for i, token in enumerate(sentence.tokens):
        if not any(names_token(token, r) for r in rivals):
            continue
        around = {t.stem for t in sentence.tokens[max(0, i - reach) : i + reach + 1]}
        if neighbours & around:
            return token.text
    return None


_NEIGHBOURS = 3


def _swapped_roles(pair: Pair) -> str | None:
    """Two names on opposite sides of the same verb in claim and sentence: who did what to whom."""
    claim, sentence = pair.claim, pair.sentence
    shared = [n.lower() for n in pair.claim_names if mentions(sentence.text, n)]
    verbs = {t.stem for t in claim.tokens if _looks_like_verb(t.lower)} & sentence.content
    for first, second in ((a, b) for a in shared for b in shared if a < b):
        for verb in sorted(verbs):
            in_claim = _order(claim, first, verb, second)
            in_sentence = _order(sentence, first, verb, second)
            if in_claim and in_sentence and in_claim != in_sentence:
                return (
                    f"claim says {_surface(claim, in_claim[0])} {claim.words_with_stem(verb)} "
                    f"{_surface(claim, in_claim[1])}; article says {_surface(sentence, in_sentence[0])} "
                    f"{sentence.words_with_stem(verb)} {_surface(sentence, in_sentence[1])}"
                )
    return None


_IRREGULAR_PAST = frozenset(
    [
        "won",
        "beat",
        "lost",
        "took",
        "hit",
        "shot",
        "sent",
        "met",
        "led",
        "left",
        "sold",
        "bought",
        "told",
        "fought",
        "caught",
    ]
)


def _looks_like_verb(word: str) -> bool:
    """A past-tense or third-person verb form ("captured", "defeats"): nouns like "leader" are not."""
    return word.endswith("ed") or word in _IRREGULAR_PAST or (word.endswith("s") and not word.endswith("ss"))


def _order(analysis: Analysis, first: str, verb: str, second: str) -> tuple[str, str] | None:
    """(agent, patient) when the two names stand on either side of the verb, passives turned round."""
    tokens = analysis.tokens
    a = next((i for i, t in enumerate(tokens) if names_token(t, first)), None)
    b = next((i for i, t in enumerate(tokens) if names_token(t, second)), None)
    v = next((i for i, t in enumerate(tokens) if t.stem == verb), None)
    if a is None or b is None or v is None or not min(a, b) < v < max(a, b) or abs(a - b) > 8:
        return None
    agent, patient = (first, second) if a < b else (second, first)
    if "by" in (t.lower for t in tokens[v : max(a, b)]):
        agent, patient = patient, agent
    return agent, patient


def compare_polarity(claim: Analysis, sentence: Analysis) -> Iterable[Finding]:
    names = {stem(n) for n in claim.names}
    for shared in sorted((claim.content & sentence.content) - names):
        if claim.negated(shared) != sentence.negated(shared):
            yield Finding(
                True, f"claim says “{_phrase(claim, shared)}”; article says “{_phrase(sentence, shared)}”"
            )
    for word in sorted(claim.content - sentence.content - names):
        # "will not prohibit" against "ban": a negation clashes with a word of the same meaning too.
        for group in _SAME_MEANING:
            rival = min(group & sentence.content, default=None) if word in group else None
            if rival is not None and claim.negated(word) != sentence.negated(rival):
                yield Finding(
                    True, f"claim says “{_phrase(claim, word)}”; article says “{_phrase(sentence, rival)}”"
                )
                break
    for one, other in OPPOSITES:
        for said, found in ((one, other), (other, one)):
            in_claim = said & claim.content
            in_sentence = found & sentence.content
            if not in_claim or not in_sentence or said & sentence.content or found & claim.content:
                continue
            word, rival = min(in_claim), min(in_sentence)
            if not _neighbours(claim, word) & _neighbours(sentence, rival):
                continue  # "growing fears" is no answer to "the pound dropped"
            if claim.negated(word) == sentence.negated(rival):
                yield Finding(
                    True, f"claim says “{_phrase(claim, word)}”; article says “{_phrase(sentence, rival)}”"
                )


def _neighbours(analysis: Analysis, word_stem: str, reach: int = 4) -> set[str]:
    """Stems of the content words around a word: what it is said of."""
    found: set[str] = set()
    for i, token in enumerate(analysis.tokens):
        if token.stem == word_stem:
            window = analysis.tokens[max(0, i - reach) : i + reach + 1]
            found |= {t.stem for t in window if t.stem != word_stem and t.stem in analysis.content}
            found |= {t.lower for t in window if t.text[0].isupper()}
    return found


def _phrase(analysis: Analysis, word_stem: str) -> str:
    """The word with its neighbours, as written: "did not capture Goma"."""
    index = next((i for i, t in enumerate(analysis.tokens) if t.stem == word_stem), None)
    if index is None:
        return word_stem
    start = index
    while start > max(0, index - 3) and analysis.tokens[start - 1].lower in _LEAD_INS:
        start -= 1
    end = min(len(analysis.tokens), index + 3)
    first, last = analysis.tokens[start], analysis.tokens[end - 1]
    return analysis.text[first.start : last.start + len(last.text)]


_LEAD_INS = frozenset(
    ["not", "n't", "n’t", "no", "never", "did", "does", "do", "was", "were", "is", "has", "have", "had"]
)


def compare_modality(claim: Analysis, sentence: Analysis) -> str | None:
    """A hedge in the sentence on a word the claim states flatly."""
    if claim.has_hedge():
        return None
    for shared in sorted(claim.content & sentence.content):
        if sentence.hedged(shared) and not claim.negated(shared):
            return f"the article only says “{_phrase(sentence, shared)}”, not that it happened"
    return None
