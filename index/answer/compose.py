"""What an answer is, and how it is told honestly.

The answerer picks sentences; this module tells them: closed by the newest cited report's date ("Newest
report: 12 Mar 2025."), sources numbered in the order the answer cites them (the answering sentence's is
[1]), a syndicated copy folded into the source it copies ("also ran in ..."), so that it never looks like
independent confirmation, and where reports disagree on a figure, each value with its date, newest first.
An abstention says what the index covers and which article came closest.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from index.answer.figures import Disagreement, Statement, disagreements, figures
from index.answer.syndication import NEAR_IDENTICAL, copy_groups, jaccard, shingles
from index.answer.validate import markers
from index.language.tokens import TOKENIZER, Tokenizer
from index.model import (
    Answer,
    Conflict,
    Coverage,
    Hit,
    Outlet,
    Quote,
    ReportedFigure,
    Retrieval,
    Source,
    StoredChunk,
    cited_in,
    human_date,
    newest_date,
    parse_published,
    plural,
    shown_date,
)
from index.search.searcher import SearchFilter
from index.store.chunks import split_sentences

NOT_COVERED = "The articles don't say."
# What a front end says above an answer the answer model doubts (`Answer.unsure`).
UNSURE_NOTE = "This may not answer the question: it is the closest the articles come."


_AS_OF_LINE = re.compile(r"\n\nNewest report: [^\n]*$")


def source_for(chunk: StoredChunk, number: int) -> Source:
    return Source(number, chunk.article_id, chunk.title, chunk.source, chunk.published, chunk.url)


def coverage_of(articles: Sequence[StoredChunk], where: SearchFilter | None) -> Coverage:
    """Coverage from one chunk per indexed article (they carry the article's date and source)."""
    dates = sorted(c.published for c in articles if c.published)
    searched = sum(1 for c in articles if where is None or where.admits(c))
    first, last = (parse_published(dates[0]), parse_published(dates[-1])) if dates else (None, None)
    return Coverage(len(articles), first, last, searched)


def as_of_line(newest: date | None, as_of: date | None) -> str:
    """`Newest report: 12 Mar 2025.`, with its age when the question is asked as of a later date. It
    closes an answer: at its start the date would read as the answer to a "when" question."""
    if newest is None:
        return ""
    line = f"Newest report: {human_date(newest)}"
    if as_of is not None and as_of > newest:
        line += f" ({plural((as_of - newest).days, 'day')} before {human_date(as_of)})"
    return f"{line}."


def without_as_of_line(text: str) -> str:
    """The answer's own sentences, without the closing line that `as_of_line` made."""
    return _AS_OF_LINE.sub("", text)


class Citations:
    """The articles an answer cites, in order of first citation, and its sentences in order."""

    def __init__(self, hits: Sequence[Hit]) -> None:
        self.retrieved: dict[str, list[StoredChunk]] = {}
        for hit in hits:
            self.retrieved.setdefault(hit.chunk.article_id, []).append(hit.chunk)
        self.articles: dict[str, StoredChunk] = {}
        self.quotes: dict[str, list[Quote]] = {}
        self.sentences: list[tuple[str, Quote]] = []
        self.home: dict[str, str] = {}  # a folded copy -> the article it is shown as
        self.copies: dict[str, list[StoredChunk]] = {}

    def cite(self, chunk: StoredChunk, quote: Quote, in_text: bool = True) -> None:
        self.articles.setdefault(chunk.article_id, chunk)
        quotes = self.quotes.setdefault(chunk.article_id, [])
        if quote not in quotes:
            quotes.append(quote)
            if in_text:
                self.sentences.append((chunk.article_id, quote))

    def fold_copies(self, groups: dict[str, list[str]]) -> None:
        """Show each cited article's copies as places it also ran, never as sources of their own.

        A cited copy folds into the first-cited article of its group when each sentence quoted from it
        is found in that article's retrieved text (the quote then points there, in that article's
        words); otherwise it stays a source of its own.
        """
        placed: set[str] = set()
        for article_id in list(self.articles):
            if article_id in self.home or article_id in placed:
                continue
            placed.add(article_id)
            for copy_id in groups.get(article_id, []):
                if copy_id in placed:
                    continue
                if copy_id in self.articles:
                    moved = [self.rebased(q, article_id) for q in self.quotes[copy_id]]
                    if None in moved:
                        continue
                    self.home[copy_id] = article_id
                placed.add(copy_id)
                self.copies.setdefault(article_id, []).append(self.retrieved[copy_id][0])

    def rebased(self, quote: Quote, article_id: str) -> Quote | None:
        """The same sentence as another article's retrieved text tells it, if it is there: verbatim, or
        a near-identical sentence (a copy's dateline or edits differ)."""
        for chunk in self.retrieved.get(article_id, []):
            at = chunk.text.find(quote.text)
            if at >= 0:
                return Quote(quote.text, chunk.start + at, chunk.start + at + len(quote.text), quote.score)
        quoted = shingles(quote.text)
        for chunk in self.retrieved.get(article_id, []):
            for span in split_sentences(chunk.text):
                sentence = chunk.text[span.start : span.end]
                if jaccard(quoted, shingles(sentence)) >= NEAR_IDENTICAL:
                    return Quote(sentence, chunk.start + span.start, chunk.start + span.end, quote.score)
        return None

    def shown_as(self, article_id: str, quote: Quote) -> tuple[str, Quote]:
        home = self.home.get(article_id)
        if home is None:
            return article_id, quote
        moved = self.rebased(quote, home)
        assert moved is not None, "a copy is folded only when all its quotes are found in its home"
        return home, moved

    def sources(self) -> dict[str, Source]:
        """Article id -> its numbered source in order of first citation (the answering sentence's is [1]),
        copies folded in."""
        shown = [a for a in self.articles if a not in self.home]
        numbered: dict[str, Source] = {}
        for number, article_id in enumerate(shown, start=1):
            source = source_for(self.articles[article_id], number)
            source.also_ran_in = [
                Outlet(c.article_id, c.title, c.source, c.published, c.url)
                for c in self.copies.get(article_id, [])
            ]
            numbered[article_id] = source
        for article_id, quotes in self.quotes.items():
            for quote in quotes:
                home, moved = self.shown_as(article_id, quote)
                if all(q.start != moved.start for q in numbered[home].quotes):
                    numbered[home].quotes.append(moved)
        return numbered


def statements(chunk: StoredChunk, text: str, offset: int, tokenizer: Tokenizer) -> list[Statement]:
    """The figures of `text` (sentences of `chunk`), each with its sentence and article offsets."""
    found: list[Statement] = []
    for span in split_sentences(text):
        sentence = text[span.start : span.end]
        found.extend(
            Statement(figure, chunk, sentence, offset + span.start, offset + span.end)
            for figure in figures(sentence, tokenizer)
        )
    return found


def cited_answer(
    retrieval: Retrieval,
    chosen: Sequence[tuple[Hit, Quote]],
    confidence: float,
    tokenizer: Tokenizer | None = None,
    *,
    short: str | None = None,
    more: Sequence[tuple[Hit, Quote]] = (),
    unsure: bool = False,
) -> Answer:
    """The chosen sentences told as an answer, in order, then the newest report's date; copies folded
    in, any figure that other retrieved reports give differently shown with each value and its date, and
    `more` quotes numbered with the rest but kept apart, for whoever asks for them; `unsure` when the
    quotes may not answer (front ends say so above them)."""
    tokenizer = tokenizer or TOKENIZER
    citations = Citations(retrieval.hits)
    for hit, quote in chosen:
        citations.cite(hit.chunk, quote)
    for hit, quote in more:
        citations.cite(hit.chunk, quote, in_text=False)
    disagreeing = cited_disagreements(retrieval, chosen, citations, tokenizer)
    citations.fold_copies(copy_groups([hit.chunk for hit in retrieval.hits], kept_apart(disagreeing)))
    sources = citations.sources()
    told: Told = set()
    parts = told_sentences(citations, sources, [CitedSentence([s]) for s in citations.sentences], told)
    extra = [CitedSentence([(hit.chunk.article_id, quote)]) for hit, quote in more]
    further = told_sentences(citations, sources, extra, told)
    conflicts = distinct([conflict(d, citations, sources) for d in disagreeing])
    ordered = sorted(sources.values(), key=lambda s: s.number)
    notes = [c.sentence for c in conflicts]
    # The date of the newest report the told text cites: `more` quotes are not told.
    told_sources = cited_in(" ".join([*parts, *notes]), ordered)
    return Answer(
        retrieval.question,
        answer_text(parts, told_sources, retrieval.as_of, notes),
        False,
        ordered,
        confidence,
        conflicts=conflicts,
        short=short,
        more=" ".join(further),
        unsure=unsure,
    )


def kept_apart(disagreeing: Sequence[Disagreement]) -> set[frozenset[str]]:
    """Pairs of articles never folded together as copies of one another: they give different values."""
    return {
        frozenset((first.chunk.article_id, other.chunk.article_id))
        for d in disagreeing
        for first in d.statements
        for other in d.statements
    }


def cited_disagreements(
    retrieval: Retrieval, chosen: Sequence[tuple[Hit, Quote]], citations: Citations, tokenizer: Tokenizer
) -> list[Disagreement]:
    """The figures of the chosen quotes that other retrieved reports give differently, each statement of
    them cited apart from the answer's text."""
    quoted = [s for hit, q in chosen for s in statements(hit.chunk, q.text, q.start, tokenizer)]
    stated = [
        s for hit in retrieval.hits for s in statements(hit.chunk, hit.chunk.text, hit.chunk.start, tokenizer)
    ]
    disagreeing = disagreements(set(tokenizer.stems(retrieval.question)), quoted, stated)
    for disagreement in disagreeing:
        for statement in disagreement.statements:
            quote = Quote(statement.sentence, statement.start, statement.end, 0.0)
            citations.cite(statement.chunk, quote, in_text=False)
    return disagreeing


@dataclass(frozen=True)
class CitedSentence:
    """A sentence of an answer and the quotes that back it, each (article id, quote). A sentence without
    `words` of its own (the extractive answerer's) is its one quote, told in the words of the article it
    is shown as; the LLM answerer's sentence is the model's, backed by a quote of each source it cites."""

    quotes: Sequence[tuple[str, Quote]]
    words: str = ""


# The sentences already told, each as its words and its sources' numbers.
Told = set[tuple[str, tuple[int, ...]]]


def told_sentences(
    citations: Citations,
    sources: dict[str, Source],
    sentences: Sequence[CitedSentence],
    told: Told | None = None,
) -> list[str]:
    """Each sentence followed by the [n] markers of the sources its quotes are shown as, in `sources`'
    numbering, once: a sentence already in `told` with the same sources (a copy's sentence, told from
    its home) is not told again."""
    told = set() if told is None else told
    parts: list[str] = []
    for sentence in sentences:
        shown = [citations.shown_as(article_id, quote) for article_id, quote in sentence.quotes]
        numbers = tuple(dict.fromkeys(sources[home].number for home, _ in shown))
        words = sentence.words or shown[0][1].text
        if (words, numbers) not in told:
            told.add((words, numbers))
            parts.append(f"{words} {markers(numbers)}")
    return parts


def answer_text(
    sentences: Sequence[str], sources: Sequence[Source], as_of: date | None, notes: Sequence[str] = ()
) -> str:
    """The told sentences as one paragraph; then each note (a figure the reports give differently) and
    the newest cited report's date, each a paragraph of its own."""
    dated = as_of_line(newest_date(sources), as_of)
    return "\n\n".join(filter(None, [" ".join(sentences), *notes, dated]))


def conflict(disagreement: Disagreement, citations: Citations, sources: dict[str, Source]) -> Conflict:
    """A disagreement in the answer's numbering, newest report first."""
    reported = [
        ReportedFigure(
            s.figure.text,
            sources[citations.home.get(s.chunk.article_id, s.chunk.article_id)].number,
            s.chunk.published,
        )
        for s in disagreement.statements
    ]
    reported = list(dict.fromkeys(reported))  # a folded copy's figure is its home's
    reported.sort(key=lambda f: f.published, reverse=True)
    return Conflict(disagreement.about, reported)


def distinct(conflicts: list[Conflict]) -> list[Conflict]:
    """Conflicts that still show two values, and values the ones before them did not show together."""
    kept: list[Conflict] = []
    for candidate in conflicts:
        values = {f.value for f in candidate.figures}
        if len(values) > 1 and not any(values <= {f.value for f in earlier.figures} for earlier in kept):
            kept.append(candidate)
    return kept


def abstention(retrieval: Retrieval, closest: Source | None, confidence: float) -> Answer:
    """The honest "not covered": which article came closest, and what the index holds."""
    text = NOT_COVERED
    if closest is not None:
        dated = f", {shown_date(closest.published)}" if closest.published else ""
        outlet = closest.source or "unknown source"
        text += f" The closest coverage, which does not answer it: “{closest.title}” ({outlet}{dated})."
    coverage = retrieval.coverage() if retrieval.coverage is not None else None
    if coverage is not None:
        text += f" {coverage.sentence}"
    return Answer(retrieval.question, text, True, [], confidence, closest=closest, coverage=coverage)
