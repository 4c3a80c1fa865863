"""What the fact-check rules see and say: an evidence sentence, an assertion paired with it, a finding."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum, auto
from functools import cached_property

from index.factcheck.claims import Analysis
from index.language.sentences import split_sentences

# How far past a sentence its successor is looked for: a news sentence is rarely longer.
_NEXT_SENTENCE_REACH = 600
# How far before a sentence, and into its article's opening, the name it calls "he" or "the company" is
# looked for: about two sentences.
_LEAD_IN_REACH = 300


@dataclass(frozen=True)
class Evidence:
    """One candidate evidence sentence with the context of its article."""

    text: str
    article_text: str
    title: str
    published: str
    similarity: float  # cosine similarity of claim and sentence embeddings

    @cached_property
    def at(self) -> int:
        """Where the sentence stands in its article; -1 where the article lacks it."""
        return self.article_text.find(self.text)

    def next_sentence(self) -> str:
        """The sentence after this one in its article; "" at its end or where the article lacks it."""
        if self.at < 0:
            return ""
        end = self.at + len(self.text)
        reach = min(end + _NEXT_SENTENCE_REACH, len(self.article_text))
        spans = split_sentences(self.article_text, end, reach)
        return self.article_text[spans[0].start : spans[0].end] if spans else ""

    def lead_in(self) -> str:
        """The headline, the article's opening and the text just before this sentence: where the names
        it leaves to a pronoun are given."""
        lead = self.article_text[: min(max(self.at, 0), _LEAD_IN_REACH)]
        return f"{self.title}\n{lead}\n{self.just_before()}"

    def just_before(self) -> str:
        """The text just before this sentence, where the one it calls "the Serbian star" is named."""
        start = max(self.at, 0)
        return self.article_text[max(0, start - _LEAD_IN_REACH) : start]


class FindingKind(Enum):
    """What a finding is about, for the rules that weigh findings against one another."""

    OTHER = auto()
    NAME_ABSENT = auto()  # the articles do not mention a name the claim gives
    NO_FIGURE = auto()  # the evidence gives no figure for a quantity the claim gives
    OTHER_FIGURE = auto()  # the evidence gives another figure of the same kind, maybe of something else
    POLARITY = auto()  # one side turns the statement round, the other does not
    HEDGED = auto()  # the evidence only says it may happen
    OTHER_NAME = auto()  # another name of the same kind stands where the claim's is, maybe in another story


@dataclass(frozen=True)
class Finding:
    """A clash or an unverified detail, with the sentence a reader sees; `subject` is what it is about."""

    clash: bool
    explanation: str
    kind: FindingKind = FindingKind.OTHER
    subject: str = ""
    stated: str = ""  # for a clash of values: what the article says instead

    def doubted(self) -> Finding:
        """A clash of values as an unverified detail, when the article's value may be of something else."""
        return Finding(
            False, f"the article says {self.stated}, perhaps of something else, not {self.subject}"
        )


def other_value(claimed: str, stated: str) -> Finding:
    """The article gives another value than the claim for the same thing: "claim says $20 a month;
    article says $8 a month"."""
    return Finding(True, f"claim says {claimed}; article says {stated}", FindingKind.OTHER, claimed, stated)


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
