"""Stage 6: the extractive answerer. It quotes sentences of the retrieved chunks and never invents text.

Each candidate sentence is scored by how much of the question it covers (IDF-weighted stems) and by the
rank of its chunk; the answer is the best one to three sentences, each with a citation marker [n]. When
the evidence is weak it abstains and names the closest article instead.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date

from index.chunks import split_sentences
from index.embeddings import Embedder
from index.search import Hit, Tokenizer
from index.store import StoredChunk
from index.validate import Validation

# Calibrated on RealTime QA dev (see `newsdesk eval --calibrate`): below this the bot abstains.
DEFAULT_MIN_EVIDENCE = 0.27
MAX_QUOTES = 3
# A further sentence is quoted only when it scores close to the best one.
_SECOND_QUOTE_RATIO = 0.75
_QUOTE_MAX_CHARS = 600


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
    """Answers by quoting the retrieved sentences that best cover the question."""

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
        quotes = self.rank_sentences(retrieval)
        if not quotes:
            return abstention(retrieval.question, None, 0.0)
        best_hit, best = quotes[0]
        confidence = evidence_score(best, max(h.dense for h in retrieval.hits[: self.depth]))
        if confidence < self.min_evidence:
            return abstention(retrieval.question, source_for(best_hit.chunk, 1), confidence)
        chosen = [(h, q) for h, q in quotes[:MAX_QUOTES] if q.score >= best.score * _SECOND_QUOTE_RATIO]
        return cited_answer(retrieval.question, chosen, confidence)

    def rank_sentences(self, retrieval: Retrieval) -> list[tuple[Hit, Quote]]:
        """Every sentence of the retrieved chunks, best first."""
        candidates: list[tuple[int, Hit, int, int]] = []
        for rank, hit in enumerate(retrieval.hits[: self.depth]):
            for span in split_sentences(hit.chunk.text):
                if span.end - span.start <= _QUOTE_MAX_CHARS:
                    candidates.append((rank, hit, span.start, span.end))
        if not candidates:
            return []
        texts = [hit.chunk.text[start:end] for _, hit, start, end in candidates]
        similarity = self.embedder.embed(texts) @ self.embedder.embed_query(retrieval.question)
        weights = self._question_weights(retrieval.question)
        ranked: list[tuple[Hit, Quote]] = []
        for (rank, hit, start, end), text, dense in zip(candidates, texts, similarity, strict=True):
            score = 0.5 * float(dense) + 0.5 * self._coverage(text, weights) + 0.05 / (rank + 1)
            offset = hit.chunk.start
            ranked.append((hit, Quote(text, offset + start, offset + end, score)))
        ranked.sort(key=lambda item: item[1].score, reverse=True)
        return ranked

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


def evidence_score(best: Quote, top_dense: float) -> float:
    """How strongly the retrieved text supports an answer, on the scale of DEFAULT_MIN_EVIDENCE."""
    return 0.5 * min(best.score, 1.0) + 0.5 * top_dense


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
