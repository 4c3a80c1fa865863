"""Stage 2: cut an article into sentence-aligned chunks that remember their offsets."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from index.model import Article

# Abbreviations whose trailing period does not end a sentence in news copy.
_ABBREVIATIONS = frozenset(
    [
        "mr",
        "mrs",
        "ms",
        "dr",
        "prof",
        "sen",
        "rep",
        "gov",
        "gen",
        "col",
        "lt",
        "sgt",
        "st",
        "jr",
        "sr",
        "inc",
        "corp",
        "co",
        "ltd",
        "vs",
        "etc",
        "no",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        "u.s",
        "u.k",
        "u.n",
        "e.g",
        "i.e",
        "a.m",
        "p.m",
    ]
)
_SENTENCE_END = re.compile(r"[.!?][\"'”’)\]]*(?=\s+[\"'“‘(\[]?[A-Z0-9])|\n\s*\n")


@dataclass(frozen=True)
class Span:
    """A piece of an article's text, by character offsets into `Article.text`."""

    start: int
    end: int


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


def _ends_with_abbreviation(text: str, end: int) -> bool:
    word_start = max(text.rfind(" ", 0, end), text.rfind("\n", 0, end)) + 1
    word = text[word_start:end].lower().strip("\"'“‘(")
    return word.rstrip(".") in _ABBREVIATIONS or re.fullmatch(r"[a-z]", word) is not None


def split_sentences(text: str, start: int = 0, end: int | None = None) -> list[Span]:
    """Sentence spans of text[start:end], trimmed of surrounding whitespace."""
    stop = len(text) if end is None else end
    spans: list[Span] = []
    begin = start
    for match in _SENTENCE_END.finditer(text, start, stop):
        period = match.start()
        if text[period] == "." and _ends_with_abbreviation(text, period):
            continue
        _append_trimmed(spans, text, begin, match.end())
        begin = match.end()
    _append_trimmed(spans, text, begin, stop)
    return spans


def _append_trimmed(spans: list[Span], text: str, start: int, end: int) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        spans.append(Span(start, end))


def chunk_article(article: Article, target_chars: int) -> list[Chunk]:
    """Pack whole sentences into chunks of at most about `target_chars` characters."""
    chunks: list[Chunk] = []
    for start, end in _pack(split_sentences(article.text), target_chars):
        chunks.append(Chunk(article, len(chunks), start, end))
    return chunks


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
