"""The sentences an answer may quote, and the signals that say whether each answers the question."""

from __future__ import annotations

import math
import re
import threading
from collections.abc import Callable, Iterable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import date

import numpy as np
from numpy.typing import NDArray

from index.answer.answer_model import FEATURES, Matrix
from index.answer.answerability import missing_word_share, name_coverage, question_names
from index.answer.candidates import Candidate, candidates_of, quotable_texts
from index.language.asked import (
    LABELS,
    Asked,
    amount_asked,
    asked,
    asking_sentence,
    asks_about_recent_news,
    counted_words,
    counts_asked,
    entities_of,
    named_in,
    of_kind,
    rate_asked,
    recognised,
    toll_asked,
    toll_figures,
)
from index.language.roles import (
    Deed,
    Role,
    asked_deed,
    deed_asked_beside_names,
    deeds_asked,
    may_tell,
    may_tell_of_the_asker,
    names_in_part,
    parse_ahead,
    same_name,
    tells_deed,
    told_of_others,
    told_of_the_asker,
)
from index.language.tokens import TOKENIZER, WORD
from index.language.wordlists import NOT_NAMES, QUESTION_WORDS
from index.model import Hit, StoredChunk, parse_published
from index.store.embeddings import Embedder
from index.store.sentence_store import SentenceReading, SentenceStore

# "why" is stemmed to "whi": question words in both forms, never a topic word.
_QUESTION_STEMS = frozenset(TOKENIZER.stems(" ".join(QUESTION_WORDS))) | QUESTION_WORDS
# Names are counted over this many hits; this many sentences are embedded and weighed per answer.
_NAME_DEPTH = 10
SHORTLIST = 10
# Sentences read ahead for the store go in batches as large as a question's: torch keeps compiled kernels
# for every batch shape it meets, and batches of 64 cost the process 130 MB more than these. A question
# waits for at most one batch.
STORED_BATCH = SHORTLIST
# On RealTime QA dev no answerable question misses a word above 0.27, and 1 in 100 misses names above 0.19.
MAX_MISSING_WORD_SHARE = 0.3
MAX_MISSING_NAME_SHARE = 0.2
# A week: the news cycle a question about "this week" or "the latest" asks about.
RECENT_DAYS = 7.0
_NAME = re.compile(r"\b[A-Z][\w’'-]*|\b\d[\d,.]*\d|\b\d")


@dataclass
class Evidence:
    """The shortlisted sentences of a question's best chunks, with one row of signals each."""

    question: str
    kind: Asked
    candidates: list[Candidate]
    signals: Matrix
    question_words: frozenset[str] = field(default_factory=frozenset)
    # For each candidate, the share of the question its report can speak to (1: it names all the
    # question is about); None: all of it.
    reach: NDArray[np.float64] | None = None
    # For each candidate, whether it names the figure a "how many" question asks for (`holds_asked`);
    # None: the question asks for no figure.
    holds_asked: NDArray[np.bool_] | None = None
    # The names the question gives a part in a deed ("Who replaced Liz Truss?").
    deeds: tuple[Role, ...] = ()

    def may_answer(self, index: int) -> bool:
        """Can the candidate answer at all: it names the asked-for figure, if the question asks one."""
        return self.holds_asked is None or bool(self.holds_asked[index])

    def tells_the_deeds(self, candidate: Candidate) -> bool:
        """Does the candidate tell the deeds the question gives its names, and the one its question word
        asks about ("Who scored the winning goal?": scored)?"""
        asking = self.asking()
        verbs = [deed.verb for deed in self.deeds] + ([asking.verb] if asking else [])
        return all(tells_deed(verb, candidate.text) for verb in verbs)

    def in_the_asked_part(self, candidate: Candidate, names: Iterable[str]) -> set[str]:
        """Those of the names the candidate gives the part the question word asks for: "Argentina", not
        "France", in "Argentina won the final, beating France" for "Who won the final?"."""
        asking = self.asking()
        playing = names_in_part(asking, candidate.text) if asking else ()
        return {n for n in names if any(same_name(n, p) for p in playing)}

    def asking(self) -> Deed | None:
        """The deed the question word asks about (parsed on first call, then remembered by the parser)."""
        return asked_deed(asking_sentence(self.question))


@dataclass
class Deeds:
    """The deeds the question gives its names, and which of the shortlisted texts tell them of others:
    "Truss replaces Boris Johnson" does not say who replaced Liz Truss (`told_of_others`)."""

    question: str
    asked: tuple[Role, ...] = ()
    of_others: list[bool] = field(default_factory=list)

    def judge(self, texts: Sequence[str]) -> None:
        asking = asking_sentence(self.question)
        self.asked, word_asks = deeds_asked(asking), deed_asked_beside_names(asking)
        # One batch of parses (a third cheaper than one by one): the texts either reading needs.
        parse_ahead(
            t
            for t in texts
            if any(may_tell(d, t) for d in self.asked)
            or (word_asks is not None and may_tell_of_the_asker(word_asks, asking, t))
        )
        # "Who became prime minister after Liz Truss resigned?" asks for someone else than Truss.
        self.of_others = [
            any(told_of_others(d, t) is not None for d in self.asked)
            or (word_asks is not None and told_of_the_asker(word_asks, asking, t))
            for t in texts
        ]


class SentenceReader:
    """Reads the retrieved chunks' sentences and measures the signals `evidence.FEATURES` names."""

    def __init__(
        self,
        embedder: Embedder,
        idf: Callable[[str], float] | None = None,
        indexed: Callable[[str], bool] | None = None,
        depth: int = 6,
        store: SentenceStore | None = None,
    ) -> None:
        self.embedder = embedder
        self.store = store
        self.idf = idf
        self.indexed = indexed
        self.depth = depth
        # One thread: concurrent questions' sentences take turns on it. A thread each let six encodes
        # run at once under load, and the bot then held 814 MB at 22.9k chunks, against 772.
        self._aside = ThreadPoolExecutor(1, thread_name_prefix="sentences")

    def evidence(self, question: str, hits: Sequence[Hit], as_of: date | None = None) -> Evidence | None:
        """The question's shortlisted sentences and their signals, for a question asked on `as_of`
        (default: today); None when no sentence can be quoted."""
        candidates = candidates_of(hits[: self.depth])
        if not candidates:
            return None
        weights = self.question_weights(question)
        # "How many died" is held by "the number of dead", "killed", "deaths".
        toll = toll_asked(question)
        covered = self.coverages(weights, candidates, dict.fromkeys(weights.keys() & toll, toll))
        recurring = recurring_names(question, hits)
        names = [recurring(c.text) for c in candidates]
        # Only the most promising sentences are embedded and read for entities: most of an answer's time.
        order = sorted(range(len(candidates)), key=lambda i: covered[i] + 0.3 * names[i], reverse=True)
        deeds = Deeds(question)
        order, similarity = self.shortlisted(question, candidates, order, toll, deeds)
        if not order:
            return None
        shortlist = [candidates[i] for i in order]
        kind = asked(question)
        words = frozenset(w.lower() for w in WORD.findall(question))
        kind_votes = entity_votes(shortlist, kind, words)
        reach = self.reach(question, weights, hits[: self.depth], shortlist)
        asked_on = (as_of or date.today()) if asks_about_recent_news(question) else None
        rows = [
            [
                float(similarity[position]),
                covered[i],
                candidate.hit.dense,
                1.0 / (candidate.rank + 1),
                names[i],
                *kind_signals(candidate, kind, words, kind_votes),
                1.0 if asked_on is None else recency(candidate.hit.chunk.published, asked_on),
            ]
            for position, (i, candidate) in enumerate(zip(order, shortlist, strict=True))
        ]
        signals = np.asarray(rows, dtype=np.float64).reshape(len(rows), len(FEATURES))
        # Only a number is a must: a place or a date may be named in words the recogniser does not label
        # as one ("European regulators" for "which continent", "last week").
        holds = np.array([holds_asked(c, kind, words) for c in shortlist]) if kind is Asked.NUMBER else None
        return Evidence(
            question,
            kind,
            shortlist,
            signals,
            words,
            reach,
            holds,
            deeds=deeds.asked,
        )

    def shortlisted(
        self,
        question: str,
        candidates: Sequence[Candidate],
        order: Sequence[int],
        toll: frozenset[str],
        deeds: Deeds,
    ) -> tuple[list[int], NDArray[np.float32]]:
        """The first SHORTLIST candidates in order that do not tell the question's deeds of others, read,
        and their similarity to the question. One more batch fills the places of those left out."""
        kept: list[int] = []
        similarity: list[NDArray[np.float32]] = []
        pending = list(order)
        for _ in range(2):
            batch, pending = pending[: SHORTLIST - len(kept)], pending[SHORTLIST - len(kept) :]
            if not batch:
                break
            read = self.read_shortlist(question, [candidates[i] for i in batch], toll, deeds)
            on_the_deed = [position for position, other in enumerate(deeds.of_others) if not other]
            kept += [batch[p] for p in on_the_deed]
            similarity.append(read[on_the_deed])
            if len(on_the_deed) == len(batch):
                break
        return kept, np.concatenate(similarity)

    def coverages(
        self, weights: dict[str, float], candidates: Sequence[Candidate], kin: Kin | None = None
    ) -> list[float]:
        """Each candidate's share of the question's weight; a question word is held by any of its `kin`.
        A word no indexed article uses is the asker's own ("stopped" for "halted"): no sentence can
        hold it, so it counts against none."""
        matchable = {s: w for s, w in weights.items() if self.indexed is None or self.indexed(s)}
        total = math.fsum(matchable.values())
        return [coverage(c.text, matchable, total, kin) for c in candidates]

    def read_shortlist(
        self,
        question: str,
        shortlist: Sequence[Candidate],
        toll: frozenset[str] = frozenset(),
        deeds: Deeds | None = None,
    ) -> NDArray[np.float32]:
        """Read the shortlisted sentences (their entities are kept on them) and return their similarity
        to the question; a figure answers the asked `toll` only when told as it (`toll_figures`). The
        `deeds` are judged while the model embeds."""
        texts = [c.text for c in shortlist]
        readings = self.read(texts, (lambda: deeds.judge(texts)) if deeds is not None else None)
        counted, question_stems = counted_words(question), frozenset(TOKENIZER.stems(question))
        # "How much did Twitter Blue cost?" is not answered by "available in four countries".
        counts_may_answer = not amount_asked(question)
        for candidate, reading in zip(shortlist, readings, strict=True):
            # "4,000 Rwandan troops" is of the asked kind only for a question about troops.
            tolled = toll_figures(candidate.text, reading.entities, toll) if toll else None
            candidate.entities = tuple(
                e
                for e in reading.entities
                if counts_asked(candidate.text, e, counted, tolled)
                and rate_asked(candidate.text, e, question_stems)
                and (counts_may_answer or e[1] != "CARDINAL")
            )
        vectors = np.array([r.vector for r in readings], dtype=np.float32)
        similarity: NDArray[np.float32] = vectors @ self.embedder.embed_query(question)
        return similarity

    def read(
        self, texts: Sequence[str], meanwhile: Callable[[], None] | None = None
    ) -> list[SentenceReading]:
        """Each sentence's vector and entities: from the store when it was read before, else read now;
        `meanwhile` runs on this thread while the model embeds."""
        known = self.store.get(texts) if self.store is not None else {}
        fresh = [t for t in dict.fromkeys(texts) if t not in known]
        # The transformer runs on another thread, with the GIL released, while spaCy reads the entities
        # here: 36 ms for both against 43 ms one after the other, for ten sentences.
        vectors = self._aside.submit(self.embedder.embed, fresh) if fresh else None
        entities = entities_of(fresh) if fresh else []
        if meanwhile is not None:
            meanwhile()
        if vectors is not None:
            known.update(
                (text, SentenceReading(vector, found))
                for text, vector, found in zip(fresh, vectors.result(), entities, strict=True)
            )
        return [known[t] for t in texts]

    def read_stored(self, chunks: Iterable[StoredChunk], stop: threading.Event | None = None) -> int:
        """Read the quotable sentences of these chunks that the store lacks, and store them, a batch at a
        time behind any question waiting for the model; returns how many were read. Stops between
        batches once `stop` is set."""
        if self.store is None:
            return 0
        unread = self.store.unread(quotable_texts(chunks))
        for start in range(0, len(unread), STORED_BATCH):
            if stop is not None and stop.is_set():
                return start
            batch = unread[start : start + STORED_BATCH]
            vectors = self.embedder.embed(batch, urgent=False)
            self.store.put(
                {
                    text: SentenceReading(vector, found)
                    for text, vector, found in zip(batch, vectors, recognised(batch), strict=True)
                }
            )
        return len(unread)

    def reach(
        self,
        question: str,
        weights: dict[str, float],
        evidence: Sequence[Hit],
        shortlist: Sequence[Candidate],
    ) -> NDArray[np.float64]:
        """Each candidate's reach: the share of the question that its own report's retrieved chunks can
        speak to. A report that never names what the question is about answers none of it, however
        well its sentences score, even when another retrieved report does name it."""
        names = question_names(question)
        total = math.fsum(weights.values())
        of_article: dict[str, float] = {}
        for article_id in {c.hit.chunk.article_id for c in shortlist}:
            report = [hit for hit in evidence if hit.chunk.article_id == article_id]
            named = name_coverage(names, report, self.name_weight, total)
            missing = self.missing_word_share(weights, report)
            # A name or a rare word holding this much of the question's weight that the report does
            # not use means it is about something else ("the earthquake in Morocco" answered from an
            # Afghan one, "the Karsk rebels" from a quake report).
            beyond = 1.0 - named > MAX_MISSING_NAME_SHARE or missing > MAX_MISSING_WORD_SHARE
            of_article[article_id] = 0.0 if beyond else named * (1.0 - missing)
        return np.array([of_article[c.hit.chunk.article_id] for c in shortlist], dtype=np.float64)

    def question_weights(self, question: str) -> dict[str, float]:
        """The question's topic words (stems), each weighed by its rarity in the index."""
        stems = set(TOKENIZER.stems(question)) - _QUESTION_STEMS
        if self.idf is None:
            return dict.fromkeys(stems, 1.0)
        return {s: self.idf(s) for s in stems}

    def name_weight(self, name: str) -> float:
        """A name's weight in the question, on the scale of `question_weights`."""
        return math.fsum(self.question_weights(name).values())

    def missing_word_share(self, weights: dict[str, float], evidence: Sequence[Hit]) -> float:
        """`missing_word_share` counting only words the index uses: a word no indexed article uses may be
        the asker's own word for what the reports call otherwise ("soldiers" for "troops")."""
        if self.indexed is None:
            return 0.0
        stems = {s for hit in evidence for s in TOKENIZER.stems(f"{hit.chunk.title}\n{hit.chunk.text}")}
        return missing_word_share(weights, stems, counted=self.indexed)


def kind_signals(
    candidate: Candidate, kind: Asked, words: frozenset[str], kind_votes: dict[str, float]
) -> list[float]:
    """kind_found, kind_known, kind_recurring and new_entity of one sentence (see `FEATURES`)."""
    kind_named = of_kind(candidate.entities, kind, words)
    return [
        float(bool(kind_named)),
        float(kind is not Asked.OTHER),
        max((kind_votes.get(e.lower(), 0.0) for e in kind_named), default=0.0),
        float(any(not named_in(e, words) for e, _ in candidate.entities)),
    ]


def holds_asked(candidate: Candidate, kind: Asked, words: frozenset[str]) -> bool:
    """Does the sentence, or the one after it that an answer adds, name a thing of the asked kind that
    the question does not? The population of Kinshasa is not "4,000 Rwandan troops"."""
    follower = candidate.next.entities if candidate.next is not None else ()
    return bool(of_kind(candidate.entities, kind, words) or of_kind(follower, kind, words))


def recency(published: str, asked_on: date) -> float:
    """How recent a report is for a question asked on `asked_on`: 1 that day, falling by e every
    RECENT_DAYS before it; 1 when the report's date is unknown."""
    day = parse_published(published)
    if day is None:
        return 1.0
    return math.exp(-max((asked_on - day).days, 0) / RECENT_DAYS)


# Question word stems, each with the stems that say the same in a sentence.
Kin = Mapping[str, frozenset[str]]


def coverage(sentence: str, weights: dict[str, float], total: float, kin: Kin | None = None) -> float:
    """Share of the question's (IDF-weighted) words that the sentence contains, itself or one of its
    `kin` (word stems that say the same)."""
    stems = set(TOKENIZER.stems(sentence))
    covered = {s for s in weights if s in stems or not stems.isdisjoint((kin or {}).get(s, ()))}
    return math.fsum(weights[s] for s in covered) / total if total else 0.0


def entity_votes(sentences: Sequence[Candidate], kind: Asked, words: frozenset[str]) -> dict[str, float]:
    """How strongly the reports name each entity of the asked kind: an article votes once per entity, by
    its rank; 1 is the most named."""
    if not LABELS[kind]:
        return {}
    by_article: dict[str, set[str]] = {}
    for sentence in sentences:
        named = {e.lower() for e in of_kind(sentence.entities, kind, words)}
        by_article.setdefault(sentence.hit.chunk.article_id, set()).update(named)
    return article_votes(by_article)


def article_votes(named_by_article: dict[str, set[str]]) -> dict[str, float]:
    """Each name's votes: every article, in rank order, gives 1 / (its rank + 1) to each name it holds;
    scaled so that the most named has 1."""
    votes: dict[str, float] = {}
    for rank, named in enumerate(named_by_article.values()):
        for name in named:
            votes[name] = votes.get(name, 0.0) + 1.0 / (rank + 1)
    top = max(votes.values(), default=0.0)
    return {name: vote / top for name, vote in votes.items()} if top else {}


def name_tokens(text: str, question_words: set[str]) -> set[str]:
    """Capitalised words and figures of `text` that the question does not use."""
    found = {token.lower().strip("’'") for token in _NAME.findall(text)}
    return {t for t in found if t not in question_words and t not in NOT_NAMES}


def recurring_names(question: str, hits: Sequence[Hit]) -> Callable[[str], float]:
    """Scores a sentence by the best-supported new name it holds (1: named by the most reports).

    Redundancy is the signal: the answer to a news question tends to recur across the independent reports
    of the story, while incidental names do not. Each article votes once per name, by its rank.
    """
    question_words = {w.lower() for w in WORD.findall(question)}
    names_by_article: dict[str, set[str]] = {}
    for hit in hits[:_NAME_DEPTH]:
        names = name_tokens(f"{hit.chunk.title}\n{hit.chunk.text}", question_words)
        names_by_article.setdefault(hit.chunk.article_id, set()).update(names)
    votes = article_votes(names_by_article)

    def score(sentence: str) -> float:
        return max((votes.get(n, 0.0) for n in name_tokens(sentence, question_words)), default=0.0)

    return score
