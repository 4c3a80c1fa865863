"""Fact-check mode: is a claim supported, contradicted, or not in the indexed articles?

A claim is split into assertions; for each, the hybrid searcher retrieves chunks, their sentences are
aligned with the assertion (embedding similarity plus IDF-weighted word overlap), and a `Judge` compares
the assertion with the best-aligned sentences (see `index.factcheck.judge` for the rule set). Quotes are exact
sentences of the articles, by offset, as in `index.answer.extractive`.
"""

from __future__ import annotations

import itertools
import logging
import math
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import TYPE_CHECKING, NamedTuple, TypeVar

from index.answer.compose import source_for
from index.factcheck.alignment import AlignmentModel
from index.factcheck.assertions import names_elsewhere, split_claim
from index.factcheck.claims import analyse, inner_name_parts, lower_case_words
from index.factcheck.findings import Evidence
from index.factcheck.judge import Judge, Judgement, RuleJudge
from index.language.names import mentions, opens_a_name
from index.language.numbers import numerals
from index.language.sentences import SENTENCE_GAP
from index.language.tokens import TOKENIZER
from index.model import (
    MAX_QUOTE_CHARS,
    CheckResult,
    Citation,
    Hit,
    PartCheck,
    Quote,
    Source,
    StoredChunk,
    Verdict,
)
from index.ops.metrics import measure_check
from index.requests import checked_text, store_errors
from index.search.searcher import Searcher, SearchFilter, with_lead
from index.store.chunks import split_sentences
from index.store.embeddings import Embedder

if TYPE_CHECKING:
    from index.desk import Newsdesk

log = logging.getLogger(__name__)

CHUNKS_PER_PART = 8
SENTENCES_JUDGED = 6
# A fact may be told over two sentences ("... 31 votes to the California Republican's 188"): this many
# pairs of consecutive sentences are judged too, where the second adds this share of the claim's words.
# A second pair changed no verdict on any claim set and cost an embedding.
PAIRS_JUDGED = 1
PAIR_GAIN = 0.15
# How much the retrieved chunk's similarity to the assertion counts when ranking its sentences.
CHUNK_SIMILARITY_WEIGHT = 0.3
MAX_QUOTES_PER_PART = 2
SUPPORT_MARGIN = 0.1
ALIGNED_MARGIN = 0.2
UNCONFIRMED = "only a part of the article that search did not find for the claim seems to say it"
UNCONFIRMED_PAIR = "only two sentences read together seem to say it, and they may tell of different things"


def overall_verdict(parts: Sequence[PartCheck]) -> Verdict:
    """The parts' common verdict; MIXED when one part is supported and another contradicted. A claim
    with a contradicted part and the rest unfound is contradicted; one supported only in part is not in
    the articles as a whole."""
    verdicts = {p.verdict for p in parts}
    if len(verdicts) == 1:
        return verdicts.pop()
    if {Verdict.SUPPORTED, Verdict.CONTRADICTED} <= verdicts:
        return Verdict.MIXED
    return Verdict.CONTRADICTED if Verdict.CONTRADICTED in verdicts else Verdict.NOT_IN_ARTICLES


@dataclass(frozen=True)
class Candidate:
    chunk: StoredChunk
    quote: Quote
    similarity: float
    # False for a sentence of the article that search did not return for the claim, and for two
    # sentences read together: they may contradict the claim but not support it (a wrong SUPPORTED is
    # the worst mistake).
    may_support: bool = True
    paired: bool = False  # two sentences read together


class Sentence(NamedTuple):
    """A sentence of a chunk, by offsets, with its word stems and their share of the claim's words."""

    start: int
    end: int
    stems: frozenset[str]
    share: float


@dataclass(frozen=True)
class Passage:
    """Text of a chunk to judge an assertion on: a sentence, or two read together, ranked by `score`."""

    score: float
    chunk: StoredChunk
    start: int
    end: int
    may_support: bool
    paired: bool = False


class FactChecker:
    """Checks claims against the articles a `Searcher` can retrieve."""

    def __init__(
        self,
        searcher: Searcher,
        embedder: Embedder,
        judge: Judge | None = None,
        max_chars: int = 2000,
        as_of: date | None = None,
    ) -> None:
        self.searcher = searcher
        self.embedder = embedder
        self.judge: Judge = judge or RuleJudge(searcher.idf, self.is_plain_opener)
        self.max_chars = max_chars
        self.as_of = as_of
        self.tokenizer = TOKENIZER
        self._texts: dict[str, str] = {}
        self._lower_words: frozenset[str] = frozenset()
        self._inner_names: frozenset[str] = frozenset()
        self._indexed: tuple[int, str] | None = None
        self._read = False

    @classmethod
    def for_desk(cls, desk: Newsdesk, alignment: AlignmentModel | None = None) -> FactChecker:
        """A checker of the desk's articles, as of the desk's date (`NEWSDESK_AS_OF`) unless a check
        names another; `alignment` replaces the bundled alignment model."""
        checker = cls(
            desk.searcher,
            desk.embedder,
            max_chars=desk.settings.max_question_chars,
            as_of=desk.settings.as_of,
        )
        if alignment is not None:
            checker.judge = RuleJudge(desk.searcher.idf, checker.is_plain_opener, alignment)
        return checker

    def validate(self, claim: str) -> str:
        return checked_text(
            claim,
            self.max_chars,
            "Give a claim to check: the message is empty.",
            lambda length: (
                f"That claim is {length:,} characters long; please check at most {self.max_chars:,} "
                "characters at a time (one or two sentences work best)."
            ),
        )

    @measure_check
    def check(
        self,
        claim: str,
        *,
        as_of: date | None = None,
        source: str | None = None,
        articles: Collection[str] | None = None,
    ) -> CheckResult:
        """Verdict on the claim from the articles published up to `as_of` (default: the checker's date;
        only `articles`, by id, when given)."""
        claim = self.validate(claim)
        scope = frozenset(articles) if articles is not None else None
        where = SearchFilter(source=source, until=as_of or self.as_of, articles=scope)
        sources: dict[str, Source] = {}
        with store_errors():
            assertions = split_claim(claim)
            parts = [
                self.check_part(part, where, sources, names_elsewhere(part, assertions))
                for part in assertions
            ]
        return CheckResult(claim, overall_verdict(parts), parts, list(sources.values()))

    def check_part(
        self, part: str, where: SearchFilter, sources: dict[str, Source], context: str = ""
    ) -> PartCheck:
        """Judge one assertion; `context` (names from the rest of the claim) helps find its story when
        the part says "she was awarded..."."""
        judged = [(c, self.judgement(part, c)) for c in self.candidates(part, where, context)]
        verdict, deciding, judged = self.settle(part, judged)
        if verdict is Verdict.NOT_IN_ARTICLES:
            closest = judged[0] if judged else None
            explanation = closest[1].explanation if closest else "nothing in the articles is about this"
            cited = _cite(closest[0], sources, register=False) if closest else None
            return PartCheck(part, verdict, explanation, [], cited)
        # A wire copy gives its original's very sentence: it is quoted once, from the stronger.
        quoted = {c.quote.text: c for c, _ in reversed(deciding)}
        citations = [_cite(c, sources) for c, _ in deciding if quoted[c.quote.text] is c]
        return PartCheck(part, verdict, deciding[0][1].explanation, citations)

    def settle(
        self, part: str, judged: list[tuple[Candidate, Judgement]]
    ) -> tuple[Verdict, list[tuple[Candidate, Judgement]], list[tuple[Candidate, Judgement]]]:
        """The verdict, each support that decides it read once more (`Judge.recheck`) until those that
        decide hold: a support found to give the claim's name the other part in its deed clashes, one
        telling the deed of others supports nothing. Returns the verdict, the judgements that decide
        it and every judgement as rechecked."""
        read: set[int] = set()
        while True:
            verdict, deciding = decide(having_a_say(judged, lambda c: c.may_support))
            unread = {
                id(c): (c, j) for c, j in deciding if verdict is Verdict.SUPPORTED and id(c) not in read
            }
            if not unread:
                return verdict, deciding, judged
            read |= unread.keys()
            rechecked = {key: self.judge.recheck(part, self.evidence(c), j) for key, (c, j) in unread.items()}
            judged = [(c, rechecked.get(id(c), j)) for c, j in judged]

    def judgement(self, part: str, candidate: Candidate) -> Judgement:
        """The judge's verdict on the passage; only against the claim from one that may not support."""
        judgement = self.judge.judge(part, self.evidence(candidate))
        return limited(
            judgement, candidate.may_support, UNCONFIRMED_PAIR if candidate.paired else UNCONFIRMED
        )

    def candidates(self, part: str, where: SearchFilter, context: str = "") -> list[Candidate]:
        """The evidence sentences to judge the assertion on, best aligned first."""
        query = f"{part} {context}".strip()
        hits = with_lead(self.searcher.search(query, CHUNKS_PER_PART, where), self.searcher)
        if context and not analyse(part).names:
            # "she was awarded $5 million" is about the claim's people: only their articles can say.
            names = context.split()
            hits = [h for h in hits if any(mentions(self.article_text(h.chunk.article_id), n) for n in names)]
        return self.align(part, hits, rest_of_article(hits, self.searcher))

    def align(self, part: str, hits: Sequence[Hit], rest: Sequence[Hit] = ()) -> list[Candidate]:
        """The passages of the retrieved chunks (and of `rest`, chunks search did not return) best
        aligned with the assertion, best first: sentences, then pairs of sentences.

        Passages are ranked by the assertion's IDF-weighted words they contain, plus their chunk's
        similarity; only the few that get judged are embedded (embedding every sentence would cost
        seconds per claim on a small CPU).
        """
        sentences, pairs = self.passages(part, hits, rest)
        best = sentences[:SENTENCES_JUDGED] + pairs[:PAIRS_JUDGED]
        if not best:
            return []
        texts = [p.chunk.text[p.start : p.end] for p in best]
        similarity = self.embedder.embed(texts) @ self.embedder.embed_query(part)
        return [
            Candidate(
                p.chunk,
                Quote(text, p.chunk.start + p.start, p.chunk.start + p.end, p.score),
                float(dense),
                p.may_support,
                p.paired,
            )
            for p, text, dense in zip(best, texts, similarity, strict=True)
        ]

    def passages(
        self, part: str, hits: Sequence[Hit], rest: Sequence[Hit]
    ) -> tuple[list[Passage], list[Passage]]:
        """The chunks' sentences, and the pairs of consecutive sentences of retrieved chunks whose second
        adds `PAIR_GAIN` of the assertion's words to the first's (or the first to the second's); each
        list best first. Numbers in words count as digits on both sides: "eight points" is "8 points"."""
        weights = {s: self.searcher.idf(s) for s in set(self.tokenizer.stems(numerals(part)))}
        total = math.fsum(weights.values()) or 1.0

        def share(stems: frozenset[str]) -> float:
            return math.fsum(weights[s] for s in stems & weights.keys()) / total

        retrieved = {hit.chunk.id for hit in hits}
        sentences: list[Passage] = []
        pairs: list[Passage] = []
        for hit in (*hits, *rest):
            chunk, bonus = hit.chunk, CHUNK_SIMILARITY_WEIGHT * hit.dense
            read = self.sentences_of(chunk, share)
            sentences.extend(
                Passage(r.share + bonus, chunk, r.start, r.end, chunk.id in retrieved) for r in read
            )
            if chunk.id not in retrieved:
                continue
            for first, second in itertools.pairwise(read):
                both = share(first.stems | second.stems)
                told_apart = both - max(first.share, second.share) >= PAIR_GAIN
                adjacent = second.start - first.end <= SENTENCE_GAP
                if told_apart and adjacent and second.end - first.start <= MAX_QUOTE_CHARS:
                    pairs.append(Passage(both + bonus, chunk, first.start, second.end, False, paired=True))
        return _best_first(sentences), _best_first(pairs)

    def sentences_of(self, chunk: StoredChunk, share: Callable[[frozenset[str]], float]) -> list[Sentence]:
        """The chunk's sentences short enough to quote, with the `share` of the claim their stems hold."""
        stems = (
            (span, frozenset(self.tokenizer.stems(numerals(chunk.text[span.start : span.end]))))
            for span in split_sentences(chunk.text)
            if span.end - span.start <= MAX_QUOTE_CHARS
        )
        return [Sentence(span.start, span.end, words, share(words)) for span, words in stems]

    def evidence(self, candidate: Candidate) -> Evidence:
        chunk = candidate.chunk
        return Evidence(
            candidate.quote.text,
            self.article_text(chunk.article_id),
            chunk.title,
            chunk.published,
            candidate.similarity,
        )

    def article_text(self, article_id: str) -> str:
        """The indexed text of an article, rebuilt from its chunks (for names and dates said elsewhere)."""
        self._follow_index()
        if article_id not in self._texts:
            chunks = self.searcher.chunks_of(article_id)
            self._texts[article_id] = "\n".join(c.text for c in chunks)
        return self._texts[article_id]

    def is_plain_opener(self, word: str, sentence: str) -> bool:
        """Is the sentence's capitalised first word an ordinary word ("Officials said...") rather than a
        name? Yes when the indexed articles write it in lower case, no when they capitalise it inside a
        sentence; a word they never write (a small index) is a name when spaCy's recogniser reads it
        as one: "Turkey said ..." but not "More than seven million ..." or "Explosions near ..."."""
        self._follow_index()
        if word.lower() in self._lower_words:
            return True
        return word not in self._inner_names and not opens_a_name(sentence, word)

    def _follow_index(self) -> None:
        """Forget what was read from the articles when the searcher reloaded them."""
        # By revision: `chunks` is a fresh list on every read, so reading it each time would re-scan
        # every chunk on every check.
        if not self._read or self._indexed != self.searcher.revision:
            self._indexed, self._read = self.searcher.revision, True
            self._texts = {}
            chunks = self.searcher.chunks
            self._lower_words = lower_case_words(c.text for c in chunks)
            self._inner_names = inner_name_parts(c.text for c in chunks)


def rest_of_article(hits: Sequence[Hit], searcher: Searcher) -> list[Hit]:
    """The best hit's article's other chunks, ranked as the weakest hit: a near miss changes the very
    detail (a figure, a name) that would have let search find the sentence that contradicts it."""
    if not hits:
        return []
    returned = {h.chunk.id for h in hits}
    weakest = min(hits, key=lambda h: h.dense)
    chunks = searcher.chunks_of(hits[0].chunk.article_id)
    return [replace(weakest, chunk=c) for c in chunks if c.id not in returned]


def _best_first(passages: list[Passage]) -> list[Passage]:
    return sorted(passages, key=lambda p: p.score, reverse=True)


C = TypeVar("C")


def limited(judgement: Judgement, may_support: bool, why: str = UNCONFIRMED) -> Judgement:
    """The judgement of a passage, `only_against` the claim unless it may support it."""
    return judgement if may_support else only_against(judgement, why)


def having_a_say(
    judged: Sequence[tuple[C, Judgement]], may_support: Callable[[C], bool]
) -> list[tuple[C, Judgement]]:
    """The judgements that decide: a passage that may only contradict has no say unless it does;
    however surely it is about the claim, it must not silence the sentences that may support it."""
    return [(c, j) for c, j in judged if may_support(c) or j.verdict is Verdict.CONTRADICTED]


def only_against(judgement: Judgement, why: str = UNCONFIRMED) -> Judgement:
    """The judgement of a passage that may contradict the claim but not support it: `why` not."""
    if judgement.verdict is not Verdict.SUPPORTED:
        return judgement
    return replace(judgement, verdict=Verdict.NOT_IN_ARTICLES, explanation=why)


def decide(judged: Sequence[tuple[C, Judgement]]) -> tuple[Verdict, list[tuple[C, Judgement]]]:
    """Combine the judgements of the best sentences: the support or contradiction from the sentence
    closest to the claim's topic wins. A support that matched every number, name and date may be a
    little less on topic than a clash; one that states the claim's very figures wins outright: the
    article reports them, and a different figure elsewhere counts something else ("237,000 homes" late
    on Thursday against the claim's "2.5 million homes" early that day)."""
    # Only the sentences about as surely aligned with the claim as the best one have a say.
    best = max((j.strength for _, j in judged), default=0.0)
    judged = [(c, j) for c, j in judged if j.strength >= best - ALIGNED_MARGIN]
    supports = sorted(
        ((c, j) for c, j in judged if j.verdict is Verdict.SUPPORTED),
        key=lambda cj: (-cj[1].states_figures, -cj[1].strength),
    )
    clashes = sorted(
        ((c, j) for c, j in judged if j.verdict is Verdict.CONTRADICTED), key=lambda cj: -cj[1].strength
    )
    stated = bool(supports) and supports[0][1].states_figures
    # A support silent on the figure or date a clash is about cannot outweigh it: "the Lightning won
    # the Cup in 2022" is not backed by a sentence on the Lightning that gives no year.
    silent = not any(j.states_details for _, j in supports)
    if (
        clashes
        and not stated
        and (silent or clashes[0][1].strength > supports[0][1].strength + SUPPORT_MARGIN)
    ):
        return Verdict.CONTRADICTED, clashes[:MAX_QUOTES_PER_PART]
    if supports:
        return Verdict.SUPPORTED, supports[:MAX_QUOTES_PER_PART]
    return Verdict.NOT_IN_ARTICLES, []


def _cite(candidate: Candidate, sources: dict[str, Source], register: bool = True) -> Citation:
    """The candidate's quote under its article's source number (new articles get the next number)."""
    chunk = candidate.chunk
    source = sources.get(chunk.article_id)
    if source is None:
        source = source_for(chunk, len(sources) + 1 if register else 0)
        if register:
            sources[chunk.article_id] = source
    if register and candidate.quote not in source.quotes:
        source.quotes.append(candidate.quote)
    return Citation(source, candidate.quote)
