"""The extractive answerer. It quotes sentences of the retrieved chunks and never invents text.

The answer leads with the sentence that answers, and is short: that sentence, at most one more that adds
to it, and a short answer line when the sentence names the asked-for thing ("Alphamin Resources").
Further quotes are kept for whoever asks for more. When the best sentence is unlikely to answer (the
fitted model in `answer_model.py`), it says the articles don't, and names the closest coverage instead.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from functools import cached_property
from itertools import permutations

import numpy as np

from index.answer.answer_model import FEATURES, UNSURE_BELOW, AnswerModel
from index.answer.candidates import Candidate
from index.answer.compose import abstention, cited_answer, source_for
from index.answer.sentences import Evidence, SentenceReader
from index.language.asked import Asked, of_kind
from index.language.dates import names_a_time, told_from_the_report
from index.language.roles import looks_ahead, told_in_the_past
from index.language.tokens import TOKENIZER, whole_words
from index.language.wordlists import NUMBER_WORDS
from index.model import Answer, Hit, Quote, Retrieval, human_date, parse_published
from index.store.embeddings import Embedder
from index.store.sentence_store import SentenceStore

# A second sentence is told only when its ranking score is within this of the best one's.
SECOND_SENTENCE_MARGIN = 1.0
# At most this many further quotes are kept for "more", scoring at most this far below the best.
MORE_QUOTES = 3
MORE_MARGIN = 2.0
# A sentence sharing more than this share of its words with a better quoted one restates it.
RESTATED_SHARE = 0.8


class ExtractiveAnswerer:
    """Answers by quoting the retrieved sentence that answers the question, first."""

    def __init__(
        self,
        embedder: Embedder,
        *,
        idf: Callable[[str], float] | None = None,
        indexed: Callable[[str], bool] | None = None,
        model: AnswerModel | None = None,
        min_answerable: float | None = None,
        depth: int = 6,
        sentences: SentenceStore | None = None,
    ) -> None:
        self.reader = SentenceReader(embedder, idf, indexed, depth, sentences)
        self._model = model
        self._min_answerable = min_answerable

    @cached_property
    def model(self) -> AnswerModel:
        """The given model, or the bundled one, read at the first answer: `newsdesk fit-answers` reads
        evidence with a bundled file fitted on other signals, to replace it."""
        return self._model or AnswerModel.bundled()

    @property
    def min_answerable(self) -> float:
        return self._min_answerable or self.model.threshold

    def __call__(self, retrieval: Retrieval) -> Answer:
        answer = self.answer(retrieval)
        answer.retrieved = retrieval.hits
        return answer

    def answer(self, retrieval: Retrieval) -> Answer:
        evidence = self.reader.evidence(retrieval.question, retrieval.hits, retrieval.as_of)
        if evidence is None:
            return abstention(retrieval, None, 0.0)
        scores = self.model.scores(evidence.signals)
        order = [int(i) for i in np.argsort(-scores, kind="stable")]
        confidence = self.model.answerable(evidence.signals, evidence.reach)
        best = evidence.candidates[order[0]]
        if confidence < self.min_answerable or not evidence.may_answer(order[0]):
            return abstention(retrieval, source_for(best.hit.chunk, 1), confidence)
        told = self.told(evidence, order, scores)
        # Further quotes stay on the question: close to the best, and holding some of its words.
        covered = evidence.signals[:, FEATURES.index("covered")]
        related = [i for i in order if scores[i] >= scores[order[0]] - MORE_MARGIN and covered[i] > 0]
        more = without_restatements([evidence.candidates[i] for i in related], told)[:MORE_QUOTES]
        # A doubtful quote is told as the closest the articles come: no short line reads as its answer.
        unsure = confidence < UNSURE_BELOW or deed_untold(evidence, best) or foretold(evidence, best)
        return cited_answer(
            retrieval,
            [(c.hit, c.quote(float(scores[evidence.candidates.index(c)]))) for c in told],
            confidence,
            short=None if unsure else short_answer(evidence, best),
            more=[(c.hit, c.quote(0.0)) for c in more],
            unsure=unsure,
        )

    def told(self, evidence: Evidence, order: Sequence[int], scores: np.ndarray) -> list[Candidate]:
        """The best sentence, then the one after it when that names the asked-for thing the best one
        lacks, or else the runner-up when it scores close and says something new."""
        best = evidence.candidates[order[0]]
        words = evidence.question_words
        follower = best.next
        if (
            follower is not None
            and evidence.kind is not Asked.OTHER
            and not of_kind(best.entities, evidence.kind, words)
            and follower in evidence.candidates
            and of_kind(follower.entities, evidence.kind, words)
        ):
            return [best, follower]
        covered = evidence.signals[:, FEATURES.index("covered")]
        runner_up = order[1] if len(order) > 1 else None
        if (
            runner_up is not None
            and scores[runner_up] >= scores[order[0]] - SECOND_SENTENCE_MARGIN
            and covered[runner_up] > 0  # on the question, not only near it in meaning
        ):
            return without_restatements([best, evidence.candidates[runner_up]], [])
        return [best]

    def rank_quotes(self, retrieval: Retrieval) -> list[tuple[Hit, Quote]]:
        """Every shortlisted sentence with its ranking score, best first."""
        evidence = self.reader.evidence(retrieval.question, retrieval.hits, retrieval.as_of)
        if evidence is None:
            return []
        scores = self.model.scores(evidence.signals)
        ranked = sorted(zip(scores, evidence.candidates, strict=True), key=lambda p: -p[0])
        return [(c.hit, c.quote(float(s))) for s, c in ranked]


def deed_untold(evidence: Evidence, best: Candidate) -> bool:
    """Does the best sentence leave untold the deed a question asks who did ("Who replaced Liz Truss as
    prime minister?" against "Liz Truss took over as British Prime Minister")? It may name people,
    but not as the ones who did it."""
    asks_who = evidence.kind in (Asked.WHO, Asked.PERSON) and evidence.asking() is not None
    return asks_who and not evidence.tells_the_deeds(best)


def foretold(evidence: Evidence, best: Candidate) -> bool:
    """Does the best sentence only look ahead to what a "when" question asks was done ("When was Rishi
    Sunak appointed prime minister?" against "Truss or Sunak will be named ... on Monday")?"""
    return evidence.kind is Asked.DATE and looks_ahead(best.text) and told_in_the_past(evidence.question)


def short_answer(evidence: Evidence, best: Candidate) -> str | None:
    """The asked-for thing when the best sentence names exactly one, as it is written there ("$5", not
    the recogniser's "5"); for "when", the report's date if the sentence names no time, and beside a
    weekday or the report's own day ("Thursday, in a report of Friday 9 Sep 2022", "today, in a report
    of Friday 8 Jul 2022"). None when the question asks for no particular kind of thing, or about a
    deed the sentence does not tell ("Who replaced Liz Truss?" is not answered by "Britain" in "Liz
    Truss is Britain's third prime minister", nor "Who scored the winning goal?" by a team that won)."""
    line = _named_line(evidence, best)
    # Only a line about to be shown pays for reading the question's deeds (a parse of a few ms).
    return line if line is None or evidence.tells_the_deeds(best) else None


# A time from now on: "the next 25 years", "the coming months", "within a decade".
_AHEAD = re.compile(r"\b(?:next|coming|within)\b", re.IGNORECASE)


def _named_line(evidence: Evidence, best: Candidate) -> str | None:
    named = set(of_kind(best.entities, evidence.kind, evidence.question_words))
    if len(named) > 1:
        named = evidence.in_the_asked_part(best, named) or named
    if evidence.kind is Asked.DATE:  # "age 89" or "decades" is of the date kind, but says no when
        # ...though "in the next 25 years" may be the very "when" asked, beside the day it was said.
        if any(_AHEAD.search(n) for n in named):
            return None
        named = {n for n in named if names_a_time(n)}
    published = parse_published(best.hit.chunk.published)
    if len(named) == 1:
        told = whole_words(best.text, named.pop())
        if published and evidence.kind is Asked.DATE and told_from_the_report(told):
            return f"{told}, in a report of {published:%A} {human_date(published)}"
        return _with_listed_counts(told, best.text, evidence) if evidence.kind is Asked.NUMBER else told
    if within := _place_within(evidence, best, named):
        return within
    if named:  # two places in one sentence: which one answers is for the reader to see
        return None
    if evidence.kind is Asked.DATE:
        return f"reported {human_date(published)}" if published else None
    return None


def _place_within(evidence: Evidence, best: Candidate, named: set[str]) -> str | None:
    """Two places written as one, a place and where it lies: "Nara, Japan" answers "Where was Shinzo Abe
    shot?" as the sentence writes it."""
    if evidence.kind is not Asked.PLACE or len(named) != 2:
        return None
    written = (f"{place}, {within}" for place, within in permutations(named))
    return next((both for both in written if both in best.text), None)


def _with_listed_counts(told: str, sentence: str, evidence: Evidence) -> str:
    """A count told with another of other things ("killed 19 students and two teachers") answers "how
    many people" only with both: the short line gives the list, unless the question names what the
    first counts ("How many students ...")."""
    listed = re.search(rf"(?<![\w.,]){re.escape(told)} (\w+(?: \w+)?) and {_COUNT} \w+", sentence)
    if listed is None or any(w in evidence.question_words for w in listed.group(1).lower().split()):
        return told
    return listed.group()


# A count as news writes it: digits, or a number word ("two teachers", "one teacher").
_COUNT = rf"(?:\d[\d,.]*|{'|'.join(sorted([*NUMBER_WORDS, 'one'], key=len, reverse=True))})"


def without_restatements(candidates: Sequence[Candidate], told: Sequence[Candidate]) -> list[Candidate]:
    """Drops a sentence told already, or saying again, in mostly the same words, what a better one says.

    A news summary paragraph restates its body; quoting both would only lengthen the answer.
    """
    kept: list[Candidate] = []
    seen = [set(TOKENIZER.stems(c.text)) for c in told]
    for candidate in candidates:
        if candidate in told:
            continue
        words = set(TOKENIZER.stems(candidate.text))
        shared = (len(words & other) / max(min(len(words), len(other)), 1) for other in seen)
        if all(share <= RESTATED_SHARE for share in shared):
            kept.append(candidate)
            seen.append(words)
    return kept
