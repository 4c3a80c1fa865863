"""Stage 6: the extractive answerer. It quotes sentences of the retrieved chunks and never invents text.

Each candidate sentence is scored by its MiniLM similarity to the question, how much of the question it
covers (IDF-weighted stems), the rank of its chunk, and whether it holds a name or figure that recurs
across the retrieved reports; the answer is the best few sentences, each with a citation marker [n].
When the evidence is weak it abstains and names the closest article instead."""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date

import bm25s

from index.chunks import split_sentences
from index.embeddings import Embedder
from index.search import Hit, Tokenizer
from index.store import StoredChunk
from index.validate import Validation

# Calibrated on RealTime QA dev (see `newsdesk eval --calibrate`): below this the bot abstains.
DEFAULT_MIN_EVIDENCE = 0.235
# Four sentences (plus the one after the best) hold the asked-for fact far more often than three, on dev.
MAX_QUOTES = 4
_QUOTE_MAX_CHARS = 600
# Sentence score = 0.5 similarity + 0.5 coverage + these (tuned on RealTime QA dev, README "Evaluation").
_RANK_WEIGHT = 0.05
_NAME_WEIGHT = 0.3
# Names are counted over this many hits; this many sentences are embedded per answer.
_NAME_DEPTH = 10
_EMBEDDED_SENTENCES = 12
_NAME = re.compile(r"\b[A-Z][\w’'-]*|\b\d[\d,.]*\d|\b\d")
_WORD = re.compile(r"\w+")
# Capitalised words that are never an answer: sentence starts, weekdays, months, the wire.
_NOT_NAMES = frozenset(bm25s.stopwords.STOPWORDS_EN) | {
    *("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"),
    *("january", "february", "march", "april", "may", "june", "july", "august"),
    *("september", "october", "november", "december"),
    *("cnn", "week", "year", "day", "time", "said", "says", "new", "first"),
}


@dataclass(frozen=True)
class Quote:
    """A sentence of an article, by its offsets in the article text."""

    text: str
    start: int
    end: int
    score: float


@dataclass
class Source:
    """One cited article: what [n] points to, and the exact text quoted from it."""

    number: int
    article_id: str
    title: str
    source: str
    published: str
    url: str
    quotes: list[Quote] = field(default_factory=list)

    @property
    def quote(self) -> str:
        return " … ".join(q.text for q in self.quotes)

    def as_dict(self) -> dict[str, object]:
        return {
            "n": self.number,
            "id": self.article_id,
            "title": self.title,
            "source": self.source,
            "published": self.published,
            "url": self.url,
            "quote": self.quote,
            "offsets": [[q.start, q.end] for q in self.quotes],
        }


@dataclass(frozen=True)
class Retrieval:
    """The question and what the retriever found for it."""

    question: str
    hits: Sequence[Hit]
    as_of: date | None = None


@dataclass
class Answer:
    """An answer as every front end shows it: text with [n] markers and the numbered sources."""

    question: str
    text: str
    abstained: bool
    sources: list[Source]
    confidence: float
    closest: Source | None = None
    answerer: str = "extractive"
    retrieved: Sequence[Hit] = ()
    # Set when a language model was asked: what the citation validator kept and dropped.
    validation: Validation | None = None

    def as_dict(self) -> dict[str, object]:
        return {
            "question": self.question,
            "answer": self.text,
            "abstained": self.abstained,
            "confidence": round(self.confidence, 4),
            "answerer": self.answerer,
            "sources": [s.as_dict() for s in self.sources],
            "closest": self.closest.as_dict() if self.closest else None,
            "validation": self.validation.as_dict() if self.validation else None,
        }


def source_for(chunk: StoredChunk, number: int) -> Source:
    return Source(number, chunk.article_id, chunk.title, chunk.source, chunk.published, chunk.url)


class ExtractiveAnswerer:
    """Answers by quoting the retrieved sentences that best answer the question.

    A sentence scores by how close it is to the question (MiniLM), how much of the question's rarer words
    it holds, the rank of its chunk, and whether it names what the retrieved reports keep naming (the
    names and figures that recur across them, which the question lacks: usually the answer).
    """

    def __init__(
        self,
        embedder: Embedder,
        idf: Callable[[str], float] | None = None,
        min_evidence: float = DEFAULT_MIN_EVIDENCE,
        depth: int = 4,
    ) -> None:
        self.embedder = embedder
        self.idf = idf
        self.depth = depth
        self.tokenizer = Tokenizer()
        self.min_evidence = min_evidence

    def __call__(self, retrieval: Retrieval) -> Answer:
        answer = self.answer(retrieval)
        answer.retrieved = retrieval.hits
        return answer

    def answer(self, retrieval: Retrieval) -> Answer:
        ranked = self.rank_sentences(retrieval)
        if not ranked.quotes:
            return abstention(retrieval.question, None, 0.0)
        best_hit = ranked.quotes[0][0]
        confidence = evidence_score(ranked.relevance, max(h.dense for h in retrieval.hits[: self.depth]))
        if confidence < self.min_evidence:
            return abstention(retrieval.question, source_for(best_hit.chunk, 1), confidence)
        chosen = ranked.quotes[:MAX_QUOTES]
        following = ranked.following
        if following is not None and all(q.start != following.start for _, q in chosen):
            # The sentence after the best one often finishes its thought (the name, the figure).
            chosen.insert(1, (best_hit, following))
        return cited_answer(retrieval.question, chosen, confidence)

    def rank_sentences(self, retrieval: Retrieval) -> RankedSentences:
        """The sentences of the best retrieved chunks, best first, and how relevant the best one is."""
        candidates = self._candidates(retrieval.hits[: self.depth])
        if not candidates:
            return RankedSentences([], None, 0.0)
        weights = self._question_weights(retrieval.question)
        recurring = recurring_names(retrieval.question, retrieval.hits)
        extras = [_RANK_WEIGHT / (c.rank + 1) + _NAME_WEIGHT * recurring(c.text) for c in candidates]
        coverage = [self._coverage(c.text, weights) for c in candidates]
        # Only the most promising sentences are embedded: embedding is most of an answer's time.
        shortlist = sorted(range(len(candidates)), key=lambda i: coverage[i] + extras[i], reverse=True)
        shortlist = shortlist[:_EMBEDDED_SENTENCES]
        texts = [candidates[i].text for i in shortlist]
        similarity = self.embedder.embed(texts) @ self.embedder.embed_query(retrieval.question)
        fits = {
            i: 0.5 * float(dense) + 0.5 * coverage[i] for i, dense in zip(shortlist, similarity, strict=True)
        }
        scored = [(fit + extras[i], i) for i, fit in fits.items()]
        scored.sort(reverse=True)
        quotes = [(candidates[i].hit, candidates[i].quote(score)) for score, i in scored]
        best = candidates[scored[0][1]]
        following = best.next.quote(0.0) if best.next is not None else None
        return RankedSentences(quotes, following, max(fits.values()))

    def _candidates(self, hits: Sequence[Hit]) -> list[Candidate]:
        candidates: list[Candidate] = []
        for rank, hit in enumerate(hits):
            sentences = [
                Candidate(rank, hit, span.start, span.end)
                for span in split_sentences(hit.chunk.text)
                if span.end - span.start <= _QUOTE_MAX_CHARS
            ]
            for sentence, after in itertools.pairwise(sentences):
                sentence.next = after
            candidates.extend(sentences)
        return candidates

    def _coverage(self, sentence: str, weights: dict[str, float]) -> float:
        """Share of the question's (IDF-weighted) words that the sentence contains."""
        total = sum(weights.values())
        covered = set(self.tokenizer.stems(sentence)) & weights.keys()
        return sum(weights[s] for s in covered) / total if total else 0.0

    def _question_weights(self, question: str) -> dict[str, float]:
        stems = set(self.tokenizer.stems(question))
        if self.idf is None:
            return dict.fromkeys(stems, 1.0)
        return {s: self.idf(s) for s in stems}


@dataclass
class Candidate:
    """A sentence of a retrieved chunk, by offsets into the chunk's text."""

    rank: int
    hit: Hit
    start: int
    end: int
    next: Candidate | None = None

    @property
    def text(self) -> str:
        return self.hit.chunk.text[self.start : self.end]

    def quote(self, score: float) -> Quote:
        offset = self.hit.chunk.start
        return Quote(self.text, offset + self.start, offset + self.end, score)


@dataclass(frozen=True)
class RankedSentences:
    """Candidate quotes best first; the sentence after the best one; the best sentence's fit."""

    quotes: list[tuple[Hit, Quote]]
    following: Quote | None
    relevance: float


def name_tokens(text: str, question_words: set[str]) -> set[str]:
    """Capitalised words and figures of `text` that the question does not use."""
    found = {token.lower().strip("’'") for token in _NAME.findall(text)}
    return {t for t in found if t not in question_words and t not in _NOT_NAMES}


def recurring_names(question: str, hits: Sequence[Hit]) -> Callable[[str], float]:
    """Scores a sentence by the best-supported new name it holds (1: named by the most reports).

    Redundancy is the signal: the answer to a news question tends to recur across the independent reports
    of the story, while incidental names do not. Each article votes once per name, by its rank.
    """
    question_words = {w.lower() for w in _WORD.findall(question)}
    names_by_article: dict[str, set[str]] = {}
    for hit in hits[:_NAME_DEPTH]:
        names = name_tokens(f"{hit.chunk.title}\n{hit.chunk.text}", question_words)
        names_by_article.setdefault(hit.chunk.article_id, set()).update(names)
    votes: dict[str, float] = {}
    for rank, names in enumerate(names_by_article.values()):
        for name in names:
            votes[name] = votes.get(name, 0.0) + 1.0 / (rank + 1)
    top = max(votes.values(), default=0.0)

    def score(sentence: str) -> float:
        names = name_tokens(sentence, question_words)
        return max((votes.get(n, 0.0) for n in names), default=0.0) / top if top else 0.0

    return score


def evidence_score(relevance: float, top_dense: float) -> float:
    """How strongly the retrieved text supports an answer, on the scale of DEFAULT_MIN_EVIDENCE.

    `relevance` is the best sentence's fit to the question (half MiniLM similarity, half covered words);
    `top_dense` the best chunk's similarity. Name recurrence is left out: it ranks sentences, but any
    pile of articles has recurring names.
    """
    return 0.5 * min(relevance, 1.0) + 0.5 * top_dense


def cited_answer(question: str, chosen: Sequence[tuple[Hit, Quote]], confidence: float) -> Answer:
    sources: dict[str, Source] = {}
    parts: list[str] = []
    for hit, quote in chosen:
        source = sources.get(hit.chunk.article_id)
        if source is None:
            source = source_for(hit.chunk, len(sources) + 1)
            sources[hit.chunk.article_id] = source
        if quote not in source.quotes:
            source.quotes.append(quote)
            parts.append(f"{quote.text} [{source.number}]")
    return Answer(question, " ".join(parts), False, list(sources.values()), confidence)


def abstention(question: str, closest: Source | None, confidence: float) -> Answer:
    text = "The indexed articles don't cover this."
    if closest is not None:
        dated = f", {closest.published}" if closest.published else ""
        text += f" The closest article is “{closest.title}” ({closest.source or 'unknown source'}{dated})."
    return Answer(question, text, True, [], confidence, closest=closest)
