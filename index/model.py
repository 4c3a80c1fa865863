"""The records and results every layer passes around: articles, stored chunks, answers and checks."""

from __future__ import annotations

import hashlib
import re
import sys
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import Any

# Extra provenance (who sent a document, in which chat) is stored as metadata keys with this prefix.
EXTRA_PREFIX = "extra_"
Metadata = Mapping[str, Any]


@dataclass(frozen=True)
class Article:
    """One news article: the text that may be quoted, and where it came from."""

    title: str
    text: str
    source: str = ""
    url: str = ""
    published: date | None = None
    author: str = ""
    origin: str = ""
    ref: str = ""
    extra: dict[str, str] = field(default_factory=dict)

    @property
    def id(self) -> str:
        """Stable id from the content: the same text under two names is one article."""
        digest = hashlib.sha1(normalize_for_id(self.title + "\n" + self.text).encode("utf-8"))
        return digest.hexdigest()[:16]

    @property
    def key(self) -> str:
        """What identifies "the same article, maybe updated": its url, else where it was read from."""
        return self.url or self.origin or self.id


@dataclass(frozen=True)
class ArticleRecord:
    """What the registry knows of one indexed article."""

    id: str
    title: str
    source: str
    url: str
    published: str
    author: str
    origin: str
    key: str
    ref: str
    chunks: int
    indexed_at: float
    # Provenance beyond the fixed fields, e.g. who sent a document to the bot, in which chat, when.
    extra: Mapping[str, str] = field(default_factory=dict)

    @classmethod
    def from_metadata(cls, article_id: str, meta: Metadata) -> ArticleRecord:
        return cls(
            id=article_id,
            title=str(meta.get("title", "")),
            source=str(meta.get("source", "")),
            url=str(meta.get("url", "")),
            published=str(meta.get("published", "")),
            author=str(meta.get("author", "")),
            origin=str(meta.get("origin", "")),
            key=str(meta.get("key", "")),
            ref=str(meta.get("ref", "")),
            chunks=int(meta.get("chunks", 0)),
            indexed_at=float(meta.get("indexed_at", 0.0)),
            extra={
                k.removeprefix(EXTRA_PREFIX): str(v) for k, v in meta.items() if k.startswith(EXTRA_PREFIX)
            },
        )


@dataclass(frozen=True, slots=True)
class StoredChunk:
    """A chunk as read back from the store: its text and the metadata needed to cite it.

    Search keeps every chunk in memory (100k at scale): slots, and one shared copy of the per-article
    strings every chunk of an article repeats, keep that small.
    """

    id: str
    text: str
    article_id: str
    title: str
    source: str
    url: str
    published: str
    start: int
    end: int

    @classmethod
    def from_record(cls, chunk_id: str, text: str, meta: Metadata) -> StoredChunk:
        return cls(
            id=chunk_id,
            text=text,
            article_id=sys.intern(str(meta["article_id"])),
            title=sys.intern(str(meta.get("title", ""))),
            source=sys.intern(str(meta.get("source", ""))),
            url=sys.intern(str(meta.get("url", ""))),
            published=sys.intern(str(meta.get("published", ""))),
            start=int(meta.get("start", 0)),
            end=int(meta.get("end", 0)),
        )


@dataclass(frozen=True)
class Hit:
    """A retrieved chunk with the evidence for its rank."""

    chunk: StoredChunk
    score: float
    dense: float
    lexical: float


@dataclass(frozen=True)
class KeptSentence:
    sentence: str
    claim: str
    cites: tuple[int, ...]


@dataclass(frozen=True)
class DroppedSentence:
    sentence: str
    reason: str


@dataclass
class Validation:
    """What the validator did with a model's reply, for `ask --json` and the evaluation."""

    kept: list[KeptSentence] = field(default_factory=list)
    dropped: list[DroppedSentence] = field(default_factory=list)
    dont_know: bool = False
    # answered | abstained | fallback | unavailable: set once the answer is decided.
    outcome: str = "answered"
    note: str = ""

    def as_dict(self) -> dict[str, object]:
        return {
            "outcome": self.outcome,
            "note": self.note,
            "kept": [{"sentence": k.sentence, "cites": list(k.cites)} for k in self.kept],
            "dropped": [{"sentence": d.sentence, "reason": d.reason} for d in self.dropped],
        }


def human_date(day: date) -> str:
    """12 Mar 2025: unambiguous in every locale."""
    return f"{day.day} {day:%b %Y}"


def parse_published(published: str) -> date | None:
    return date.fromisoformat(published) if published else None


def shown_date(published: str) -> str:
    day = parse_published(published)
    return human_date(day) if day else "date unknown"


def plural(count: int, noun: str) -> str:
    return f"{count:,} {noun}{'' if count == 1 else 's'}"


# A longer "sentence" is text the splitter could not break (a list, a table), not a quote to show.
MAX_QUOTE_CHARS = 600


@dataclass(frozen=True)
class Quote:
    """A sentence of an article, by its offsets in the article text."""

    text: str
    start: int
    end: int
    score: float


@dataclass(frozen=True)
class Outlet:
    """Another article that ran the same text: a syndicated copy, counted once with the source."""

    article_id: str
    title: str
    source: str
    published: str
    url: str

    def as_dict(self) -> dict[str, object]:
        return {
            "id": self.article_id,
            "title": self.title,
            "source": self.source,
            "published": self.published,
            "url": self.url,
        }


@dataclass
class Source:
    """One cited article: what [n] points to, the exact text quoted from it, and where else it ran."""

    number: int
    article_id: str
    title: str
    source: str
    published: str
    url: str
    quotes: list[Quote] = field(default_factory=list)
    also_ran_in: list[Outlet] = field(default_factory=list)

    @property
    def quote(self) -> str:
        return " … ".join(q.text for q in self.quotes)

    @property
    def also_ran_line(self) -> str:
        """`also ran in 2 outlets: AP, Yahoo News`, or "" for a story that ran once."""
        outlets = list(dict.fromkeys(o.source or "unknown source" for o in self.also_ran_in))
        return f"also ran in {plural(len(outlets), 'outlet')}: {', '.join(outlets)}" if outlets else ""

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
            "also_ran_in": [o.as_dict() for o in self.also_ran_in],
        }


_MARKER = re.compile(r"\[(\d+)\]")


def cited_in(text: str, sources: Sequence[Source]) -> list[Source]:
    """The sources whose [n] markers the text carries, in their order."""
    numbers = {int(n) for n in _MARKER.findall(text)}
    return [s for s in sources if s.number in numbers]


def newest_date(sources: Sequence[Source]) -> date | None:
    return max(filter(None, (parse_published(s.published) for s in sources)), default=None)


@dataclass(frozen=True)
class ReportedFigure:
    """One report's value in a disagreement."""

    value: str
    source: int
    published: str

    def as_dict(self) -> dict[str, object]:
        return {"value": self.value, "source": self.source, "published": self.published}


@dataclass(frozen=True)
class Conflict:
    """Sources that give different values for the same thing, each shown with its date."""

    about: str
    figures: list[ReportedFigure]

    @property
    def sentence(self) -> str:
        told = [f"{f.value} [{f.source}] ({shown_date(f.published)})" for f in self.figures]
        return f"Reports differ on the {self.about}: {'; '.join(told)}."

    def as_dict(self) -> dict[str, object]:
        return {"about": self.about, "figures": [f.as_dict() for f in self.figures]}


@dataclass(frozen=True)
class Coverage:
    """What the index holds: its articles, their date span, and how many a question could use."""

    articles: int
    first: date | None
    last: date | None
    searched: int

    @property
    def sentence(self) -> str:
        if not self.articles:
            return "The index is empty."
        span = ""
        if self.first and self.last:
            span = f" published {human_date(self.first)}"
            span += f" to {human_date(self.last)}" if self.last != self.first else ""
        told = f"The index holds {plural(self.articles, 'article')}{span}"
        if self.searched != self.articles:
            told += f"; {self.searched:,} of them fit this question's date and source limits"
        return told + "."

    def as_dict(self) -> dict[str, object]:
        return {
            "articles": self.articles,
            "first": self.first.isoformat() if self.first else None,
            "last": self.last.isoformat() if self.last else None,
            "searched": self.searched,
        }


@dataclass(frozen=True)
class Retrieval:
    """The question and what the retriever found for it; `coverage` says what it searched (on demand)."""

    question: str
    hits: Sequence[Hit]
    as_of: date | None = None
    coverage: Callable[[], Coverage] | None = None


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
    conflicts: list[Conflict] = field(default_factory=list)
    # Set on an abstention: what the index holds.
    coverage: Coverage | None = None
    # The asked-for thing in a few words ("Alphamin Resources"), cited by the first sentence's [n].
    short: str | None = None
    # Further quotes with their [n] markers, shown only on request (CLI --more, Telegram's More).
    more: str = ""
    # The answer model doubts that the quote answers: front ends say so above it (`compose.UNSURE_NOTE`).
    unsure: bool = False

    @property
    def as_of_evidence(self) -> date | None:
        """The newest publication date among the sources the text cites: the answer is true as of then."""
        return newest_date(self.shown_sources())

    def shown_sources(self, more: bool = False) -> list[Source]:
        """The sources the text cites, and with `more` those its further quotes cite (`sources` numbers
        both)."""
        return cited_in(f"{self.text} {self.more}" if more else self.text, self.sources)

    def as_dict(self) -> dict[str, object]:
        as_of = self.as_of_evidence
        return {
            "question": self.question,
            "answer": self.text,
            "short": self.short,
            "more": self.more,
            "abstained": self.abstained,
            "unsure": self.unsure,
            "confidence": round(self.confidence, 4),
            "answerer": self.answerer,
            "as_of_evidence": as_of.isoformat() if as_of else None,
            "sources": [s.as_dict() for s in self.sources],
            "conflicts": [c.as_dict() for c in self.conflicts],
            "closest": self.closest.as_dict() if self.closest else None,
            "coverage": self.coverage.as_dict() if self.coverage else None,
            "validation": self.validation.as_dict() if self.validation else None,
        }


class Verdict(StrEnum):
    SUPPORTED = "SUPPORTED"
    CONTRADICTED = "CONTRADICTED"
    NOT_IN_ARTICLES = "NOT_IN_ARTICLES"
    MIXED = "MIXED"

    @property
    def label(self) -> str:
        return "NOT IN THE ARTICLES" if self is Verdict.NOT_IN_ARTICLES else self.value


@dataclass(frozen=True)
class Citation:
    """A quote that decided a part, and the article it is from."""

    source: Source
    quote: Quote

    def as_dict(self) -> dict[str, object]:
        cited = self.source.as_dict()
        cited.update(quote=self.quote.text, offsets=[[self.quote.start, self.quote.end]])
        return cited


@dataclass
class PartCheck:
    """The verdict on one assertion of the claim, with why and the quotes behind it."""

    text: str
    verdict: Verdict
    explanation: str
    evidence: list[Citation] = field(default_factory=list)
    closest: Citation | None = None

    def as_dict(self) -> dict[str, object]:
        return {
            "text": self.text,
            "verdict": self.verdict.value,
            "explanation": self.explanation,
            "evidence": [c.as_dict() for c in self.evidence],
            "closest": self.closest.as_dict() if self.closest else None,
        }


@dataclass
class CheckResult:
    """A checked claim: the overall verdict, one verdict per part, and the cited evidence."""

    claim: str
    verdict: Verdict
    parts: list[PartCheck]
    sources: list[Source]

    def as_dict(self) -> dict[str, object]:
        return {
            "claim": self.claim,
            "verdict": self.verdict.value,
            "parts": [p.as_dict() for p in self.parts],
            "evidence": [s.as_dict() for s in self.sources],
        }


def normalize_for_id(text: str) -> str:
    text = unicodedata.normalize("NFC", text)
    return " ".join(text.split())
