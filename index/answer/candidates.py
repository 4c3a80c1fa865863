"""The sentences of retrieved chunks that an answer may quote, each linked to the sentence after it."""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from index.answer.answerability import quotable
from index.language.asked import Entity
from index.language.sentences import SENTENCE_GAP
from index.model import MAX_QUOTE_CHARS, Hit, Quote, StoredChunk
from index.store.chunks import split_sentences


@dataclass
class Candidate:
    """A sentence of a retrieved chunk, by offsets into the chunk's text."""

    rank: int
    hit: Hit
    start: int
    end: int
    next: Candidate | None = None
    entities: tuple[Entity, ...] = ()

    @property
    def text(self) -> str:
        return self.hit.chunk.text[self.start : self.end]

    def quote(self, score: float) -> Quote:
        offset = self.hit.chunk.start
        return Quote(self.text, offset + self.start, offset + self.end, score)


def candidates_of(hits: Sequence[Hit]) -> list[Candidate]:
    """The quotable sentences of the chunks, each linked to the sentence after it."""
    candidates: list[Candidate] = []
    for rank, hit in enumerate(hits):
        sentences = [Candidate(rank, hit, start, end) for start, end, _ in quotable_sentences(hit.chunk.text)]
        for sentence, after in itertools.pairwise(sentences):
            sentence.next = after
        candidates.extend(sentences)
    link_across_chunks(candidates)
    return candidates


def quotable_sentences(text: str) -> list[tuple[int, int, str]]:
    """The sentences of a chunk's text that an answer may quote, as (start, end, sentence)."""
    spans = split_sentences(text)
    texts = [text[span.start : span.end] for span in spans]
    return [
        (span.start, span.end, sentence)
        for span, sentence, after in zip(spans, texts, [*texts[1:], None], strict=True)
        if span.end - span.start <= MAX_QUOTE_CHARS and quotable(sentence, after)
    ]


def quotable_texts(chunks: Iterable[StoredChunk]) -> list[str]:
    """The quotable sentences of these chunks, as text: what reading ahead stores."""
    return [sentence for chunk in chunks for _, _, sentence in quotable_sentences(chunk.text)]


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
            if 0 <= c.hit.chunk.start + c.start - end <= SENTENCE_GAP
        ]
        sentence.next = min(after, key=lambda c: c.hit.chunk.start + c.start, default=None)
