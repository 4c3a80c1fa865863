"""Cut an article into sentence-aligned chunks that remember their offsets."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

# Sentences are the language layer's; they are imported from here by modules that cut chunks into them.
from index.language.sentences import Span, split_sentences
from index.model import Article

__all__ = ["Chunk", "Span", "chunk_article", "split_sentences"]


@dataclass(frozen=True)
class Chunk:
    """A retrievable piece of one article, with everything needed to cite it."""

    article: Article
    index: int
    start: int
    end: int

    @property
    def id(self) -> str:
        return f"{self.article.id}:{self.index}"

    @property
    def text(self) -> str:
        return self.article.text[self.start : self.end]

    @property
    def embedding_text(self) -> str:
        """What the model embeds: the title gives every chunk its story's context."""
        return f"{self.article.title}\n{self.text}"


def chunk_article(article: Article, target_chars: int) -> list[Chunk]:
    """Pack whole sentences into chunks of at most about `target_chars` characters."""
    chunks: list[Chunk] = []
    spans = [
        piece for span in split_sentences(article.text) for piece in _within(span, article.text, target_chars)
    ]
    for start, end in _pack(spans, target_chars):
        chunks.append(Chunk(article, len(chunks), start, end))
    return chunks


def _within(span: Span, text: str, limit: int) -> Iterator[Span]:
    """The span, or pieces of it cut at spaces, none longer than `limit`: text with no sentence ends
    the splitter knows (all lower case, another script) would otherwise be one chunk the model cannot
    read to its end."""
    start = span.start
    while span.end - start > limit:
        cut = text.rfind(" ", start + limit // 2, start + limit)
        cut = cut if cut > start else start + limit
        yield Span(start, cut)
        start = cut + 1 if text[cut] == " " else cut
    yield Span(start, span.end)


def _pack(sentences: list[Span], target_chars: int) -> Iterator[tuple[int, int]]:
    if not sentences:
        return
    start, end = sentences[0].start, sentences[0].end
    for sentence in sentences[1:]:
        if sentence.end - start > target_chars:
            yield start, end
            start = sentence.start
        end = sentence.end
    yield start, end
