"""Stage 6: the extractive answerer. It quotes sentences of the retrieved chunks and never invents text.

Each candidate sentence is scored by its MiniLM similarity to the question, how much of the question it
covers (IDF-weighted stems), the rank of its chunk, and whether it holds a name or figure that recurs
across the retrieved reports; the answer is the best few sentences, each with a citation marker [n].
When the evidence is weak it abstains and names the closest article instead."""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from index.answer.answerability import (
    NOT_NAMES,
    QUESTION_WORDS,
    missing_word_share,
    name_coverage,
    question_names,
    quotable,
)
from index.answer.compose import abstention, cited_answer, source_for
from index.language.tokens import TOKENIZER
from index.model import Answer, Hit, Quote, Retrieval, Source
from index.store.chunks import split_sentences
from index.store.embeddings import Embedder

__all__ = [  # Answer and friends, re-exported for callers of the extractive answerer
    "DEFAULT_MIN_EVIDENCE",
    "Answer",
    "ExtractiveAnswerer",
    "Quote",
    "Retrieval",
    "Source",
    "abstention",
    "cited_answer",
    "evidence_score",
    "source_for",
]

# Calibrated on RealTime QA dev (see `newsdesk eval --calibrate`): below this the bot abstains.
DEFAULT_MIN_EVIDENCE = 0.271
# Four sentences (plus the one after the best) hold the asked-for fact far more often than three, on dev.
MAX_QUOTES = 4
# A sentence scoring this much below the best one is left out: when one sentence clearly answers, the
# answer is short (on dev, 4.0 sentences on average instead of 4.5, one gold answer fewer of 153).
QUOTE_MARGIN = 0.3
# A question word holding more than this share of the question's weight that no retrieved report uses
# means the reports are about something else ("the earthquake in Morocco" answered from an Afghan one).
# On dev no answerable question misses a word above 0.27; the off-topic probes mostly do.
MAX_MISSING_WORD_SHARE = 0.3
# A sentence sharing more than this share of its words with a better quoted one restates it.
RESTATED_SHARE = 0.8
# "why" is stemmed to "whi": question words in both forms, never a topic word.
_QUESTION_STEMS = frozenset(TOKENIZER.stems(" ".join(QUESTION_WORDS))) | QUESTION_WORDS
_QUOTE_MAX_CHARS = 600
# At most this much whitespace lies between two consecutive sentences of an article.
_SENTENCE_GAP = 3
# Sentence score = 0.5 similarity + 0.5 coverage + these (tuned on RealTime QA dev).
_RANK_WEIGHT = 0.05
_NAME_WEIGHT = 0.3
# Names are counted over this many hits; this many sentences are embedded per answer.
_NAME_DEPTH = 10
_EMBEDDED_SENTENCES = 12
_NAME = re.compile(r"\b[A-Z][\w’'-]*|\b\d[\d,.]*\d|\b\d")
_WORD = re.compile(r"\w+")


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
        indexed: Callable[[str], bool] | None = None,
        min_evidence: float = DEFAULT_MIN_EVIDENCE,
        depth: int = 4,
    ) -> None:
        self.embedder = embedder
        self.idf = idf
        self.indexed = indexed
        self.depth = depth
        self.tokenizer = TOKENIZER
        self.min_evidence = min_evidence

    def __call__(self, retrieval: Retrieval) -> Answer:
        answer = self.answer(retrieval)
        answer.retrieved = retrieval.hits
        return answer

    def answer(self, retrieval: Retrieval) -> Answer:
        ranked = self.rank_sentences(retrieval)
        if not ranked.quotes:
            return abstention(retrieval, None, 0.0)
        best_hit = ranked.quotes[0][0]
        evidence = retrieval.hits[: self.depth]
        weights = self._question_weights(retrieval.question)
        names = question_names(retrieval.question)
        names_covered = name_coverage(names, evidence, self._name_weight, sum(weights.values()))
        confidence = evidence_score(ranked.relevance, max(h.dense for h in evidence), names_covered)
        topic_weights = {stem: weight for stem, weight in weights.items() if stem not in _QUESTION_STEMS}
        missing = self._missing_word_share(topic_weights, evidence)
        if confidence < self.min_evidence or missing > MAX_MISSING_WORD_SHARE:
            return abstention(retrieval, source_for(best_hit.chunk, 1), confidence)
        best_score = ranked.quotes[0][1].score
        # A sentence sharing none of the question's words is there for its similarity alone: background.
        topic_words = topic_weights.keys()
        close_to_best = [
            (h, q)
            for rank, (h, q) in enumerate(ranked.quotes)
            if q.score >= best_score - QUOTE_MARGIN
            and (rank == 0 or not topic_words.isdisjoint(self.tokenizer.stems(q.text)))
        ]
        chosen = self._without_restatements(close_to_best)[:MAX_QUOTES]
        following = ranked.following
        if following is not None:
            # The sentence after the best one often finishes its thought (the name, the figure): it is read
            # right after it.
            place = (best_hit.chunk.article_id, following.start)
            chosen = [(h, q) for h, q in chosen if (h.chunk.article_id, q.start) != place]
            chosen.insert(1, (best_hit, following))
        return cited_answer(retrieval, chosen, confidence, self.tokenizer)

    def _missing_word_share(self, topic_weights: dict[str, float], evidence: Sequence[Hit]) -> float:
        """`missing_word_share` counting only words the index uses: a word no indexed article uses may be
        the asker's own word for what the reports call otherwise ("soldiers" for "troops")."""
        if self.indexed is None:
            return 0.0
        stems = {s for hit in evidence for s in self.tokenizer.stems(f"{hit.chunk.title}\n{hit.chunk.text}")}
        return missing_word_share(topic_weights, stems, counted=self.indexed)

    def _without_restatements(self, quotes: Sequence[tuple[Hit, Quote]]) -> list[tuple[Hit, Quote]]:
        """Drops a sentence that says again, in mostly the same words, what a better one already says.

        A news summary paragraph restates its body; quoting both would only lengthen the answer.
        """
        kept: list[tuple[Hit, Quote]] = []
        kept_words: list[set[str]] = []
        for hit, quote in quotes:
            words = set(self.tokenizer.stems(quote.text))
            shared = (len(words & other) / max(min(len(words), len(other)), 1) for other in kept_words)
            if all(share <= RESTATED_SHARE for share in shared):
                kept.append((hit, quote))
                kept_words.append(words)
        return kept

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
            spans = split_sentences(hit.chunk.text)
            texts = [hit.chunk.text[span.start : span.end] for span in spans]
            sentences = [
                Candidate(rank, hit, span.start, span.end)
                for span, text, after in zip(spans, texts, [*texts[1:], None], strict=True)
                if span.end - span.start <= _QUOTE_MAX_CHARS and quotable(text, after)
            ]
            for sentence, after in itertools.pairwise(sentences):
                sentence.next = after
            candidates.extend(sentences)
        link_across_chunks(candidates)
        return candidates

    def _coverage(self, sentence: str, weights: dict[str, float]) -> float:
        """Share of the question's (IDF-weighted) words that the sentence contains."""
        total = sum(weights.values())
        covered = set(self.tokenizer.stems(sentence)) & weights.keys()
        return sum(weights[s] for s in covered) / total if total else 0.0

    def _name_weight(self, name: str) -> float:
        """A name's weight in the question, on the scale of `_question_weights`."""
        return sum(self._question_weights(name).values())

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


def link_across_chunks(candidates: Sequence[Candidate]) -> None:
    """Give a chunk's last sentence its successor when the chunk after it in the article was retrieved too.

    The sentence after the best one often finishes its thought; a chunk boundary must not hide it.
    """
    by_article: dict[str, list[Candidate]] = {}
    for candidate in candidates:
        by_article.setdefault(candidate.hit.chunk.article_id, []).append(candidate)
    for sentence in candidates:
        if sentence.next is not None:
            continue
        end = sentence.hit.chunk.start + sentence.end
        after = [
            c
            for c in by_article[sentence.hit.chunk.article_id]
            if 0 <= c.hit.chunk.start + c.start - end <= _SENTENCE_GAP
        ]
        sentence.next = min(after, key=lambda c: c.hit.chunk.start + c.start, default=None)


@dataclass(frozen=True)
class RankedSentences:
    """Candidate quotes best first; the sentence after the best one; the best sentence's fit."""

    quotes: list[tuple[Hit, Quote]]
    following: Quote | None
    relevance: float


def name_tokens(text: str, question_words: set[str]) -> set[str]:
    """Capitalised words and figures of `text` that the question does not use."""
    found = {token.lower().strip("’'") for token in _NAME.findall(text)}
    return {t for t in found if t not in question_words and t not in NOT_NAMES}


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


def evidence_score(relevance: float, top_dense: float, names_covered: float = 1.0) -> float:
    """How strongly the retrieved text supports an answer, on the scale of DEFAULT_MIN_EVIDENCE.

    `relevance` is the best sentence's fit to the question (half MiniLM similarity, half covered words);
    `top_dense` the best chunk's similarity; `names_covered` the share of the question's names that the
    retrieved reports name (`name_coverage`). Similarity alone answers an off-topic question from a story
    that shares its place or topic; a question is about its names, so missing ones discount the score by
    their share of the question's weight. Name recurrence is left out: it ranks sentences, but any pile
    of articles has recurring names.
    """
    return (0.5 * min(relevance, 1.0) + 0.5 * top_dense) * names_covered
