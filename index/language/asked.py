"""What a question asks for (a person, an organisation, a place, a date, a number), and the entities of
that kind in a text: an answer names a thing of the asked kind that the question does not."""

from __future__ import annotations

import re
import threading
from collections.abc import Sequence, Set
from enum import StrEnum
from itertools import zip_longest

from index.language.names import pipeline, without_possessive
from index.language.numbers import numerals
from index.language.sentences import sentences
from index.language.stopwords import STOPWORDS
from index.language.tokens import WORD, stem


class Asked(StrEnum):
    WHO = "who"  # a person, or a team, party or country that did something
    PERSON = "person"
    ORGANISATION = "organisation"
    PLACE = "place"
    DATE = "date"
    NUMBER = "number"
    OTHER = "other"


# spaCy's entity labels that can answer each kind of question.
LABELS: dict[Asked, frozenset[str]] = {
    Asked.WHO: frozenset({"PERSON", "ORG", "GPE", "NORP"}),
    Asked.PERSON: frozenset({"PERSON"}),
    Asked.ORGANISATION: frozenset({"ORG"}),
    Asked.PLACE: frozenset({"GPE", "LOC", "FAC"}),
    Asked.DATE: frozenset({"DATE", "TIME"}),
    Asked.NUMBER: frozenset({"CARDINAL", "QUANTITY", "MONEY", "PERCENT"}),
    Asked.OTHER: frozenset(),
}

# The noun after "which" or "what" that names the kind ("which company", "what country"). Word lists
# read better as one string.
_KIND_NOUNS: dict[Asked, frozenset[str]] = {
    Asked.PLACE: frozenset(
        """country city state continent nation town region province island park county capital village
        territory location neighborhood neighbourhood airport area site venue stadium""".split()  # noqa: SIM905
    ),
    Asked.ORGANISATION: frozenset(
        """company firm organization organisation team school university college agency network group
        retailer brand airline bank party club chain automaker carrier newspaper outlet store startup
        manufacturer platform app league studio franchise restaurant""".split()  # noqa: SIM905
    ),
    Asked.PERSON: frozenset(
        """person star celebrity actor actress singer player senator rapper leader president minister ceo
        executive judge lawmaker governor founder athlete musician author comedian host billionaire official
        candidate quarterback coach artist director icon legend monarch king queen prince princess pope
        chancellor mayor secretary astronaut golfer champion head""".split()  # noqa: SIM905
    ),
    Asked.NUMBER: frozenset(
        """percentage percent number magnitude amount price age cost total sum rate share size fee salary
        population""".split()  # noqa: SIM905
    ),
    Asked.DATE: frozenset(["year", "date", "day", "month", "decade", "century"]),
}
_HOW_MUCH = re.compile(r"\bhow (?:many|much|long|far|old|big|tall|high)\b")
_WHEN = re.compile(r"\bwhen\b|\bwhat (?:year|date|day|month|time)\b")
_WHERE = re.compile(r"\bwhere\b")
_WHO = re.compile(r"\bwho(?:m|se)?\b")
_RECENT = re.compile(
    r"\b(?:this|last|past) (?:week|weekend|month)\b|\brecent(?:ly)?\b|\blatest\b|\bin recent days\b"
    r"|\btoday\b|\byesterday\b"
)
# The few words after "which" or "what", where the noun naming the kind stands.
_WHICH_NOUN = re.compile(r"\b(?:which|what)((?:\s+[\w’'-]+){1,4})")


# "who" after a comma opens a clause about someone named ("Nichols, who died this week, played..."):
# it is not what the question asks.
_RELATIVE_WHO = re.compile(r",\s*who(?:m|se)?\b")


def asking_sentence(question: str) -> str:
    """The sentence that asks: a quiz question gives its context first ("X happened. Who did Y?"), and
    its last question asks."""
    parts = sentences(question) or [question]
    return next((p for p in reversed(parts) if p.rstrip().endswith("?")), parts[-1])


def asked(question: str) -> Asked:
    """The kind of thing the question asks for, from its question word and the noun after it, in the
    sentence that asks."""
    lowered = _RELATIVE_WHO.sub(",", asking_sentence(question).lower())
    for pattern, kind in ((_HOW_MUCH, Asked.NUMBER), (_WHEN, Asked.DATE), (_WHERE, Asked.PLACE)):
        if pattern.search(lowered):
            return kind
    if _WHO.search(lowered):
        return Asked.WHO
    for match in _WHICH_NOUN.finditer(lowered):
        # "which country's new prime minister" asks for a country; "which head of state" for a person;
        # "what is the official name" for no kind (a name of anything).
        words = [without_possessive(w) for w in _kind_words(match.group(1).split())]
        for word, following in zip_longest(words, words[1:], fillvalue=""):
            named = next((k for k, nouns in _KIND_NOUNS.items() if word in nouns), None)
            if named is not None and following not in _NAMING_NOUNS:
                return named
    return Asked.OTHER


# Nouns asking for a name of no particular kind: "what is the official name of ...".
_NAMING_NOUNS = frozenset(["name", "title", "nickname", "term", "word", "phrase"])


def _kind_words(words: list[str]) -> list[str]:
    """The words after "which" where the kind's noun may stand: after "one of" ("which one of the
    firms"), none after a bare "one" ("which one cost him the most money" asks for no sum)."""
    if words[0] not in ("one", "ones"):
        return words
    return words[2:] if words[1:2] == ["of"] else []


def asks_about_recent_news(question: str) -> bool:
    """True when the question asks about the last days' news ("this week", "recently", "the latest"): a
    report from months before it was asked does not answer it, however well it matches."""
    return _RECENT.search(question.lower()) is not None


def entities_of(texts: Sequence[str]) -> list[tuple[Entity, ...]]:
    """spaCy's entities of each text, as (text, label). The recogniser runs once over the texts not seen
    yet: the same sentences come back for the questions of one story."""
    with _recognising:
        fresh = [t for t in dict.fromkeys(texts) if t not in _seen]
        if len(_seen) + len(fresh) > _REMEMBERED:
            _seen.clear()
        _seen.update(zip(fresh, recognised(fresh), strict=True))
        return [_seen[t] for t in texts]


def recognised(texts: Sequence[str]) -> list[tuple[Entity, ...]]:
    """spaCy's entities of each text, as (text, label), read now and not remembered."""
    recogniser = pipeline()
    # One reader at a time (questions, and the sentences read ahead); in a memory zone, the words spaCy
    # meets are forgotten after: its vocabulary would otherwise keep every word of every sentence read.
    with _recognising, recogniser.memory_zone():
        return [tuple((entity.text, entity.label_) for entity in doc.ents) for doc in recogniser.pipe(texts)]


def of_kind(entities: Sequence[Entity], kind: Asked, question_words: Set[str]) -> list[str]:
    """The entities that can answer a question of this kind and that the question does not already
    name, in order."""
    # "How old" is answered by an age only: not by the "four" of "a four-octave vocal range".
    labels = frozenset() if kind is Asked.NUMBER and "old" in question_words else LABELS[kind]
    return [
        text
        for text, label in entities
        if (label in labels or (kind is Asked.NUMBER and counts_time(text, label, question_words)))
        and not named_in(text, question_words)
        # "millions" or "dozens" does not say how many.
        and (kind is not Asked.NUMBER or any(c.isdigit() for c in numerals(text)))
    ]


def counts_time(text: str, label: str, question_words: Set[str]) -> bool:
    """Is this date a span of time that a "how many months" or "how long" question asks for, or an age
    that "how old" asks for? spaCy reads "six months", "187 minutes", "17-year-old" and "the age of
    96" as dates or times, not as numbers; "70 years on the throne" is no age."""
    if label not in ("DATE", "TIME"):
        return False
    written = numerals(text)
    if "old" in question_words:
        return _AGE.search(written) is not None
    span = _SPAN_OF_TIME.search(written)
    if span is None:
        return False
    unit = span.group(1).lower()
    return "long" in question_words or any(w.startswith(unit) for w in question_words)


def counted_words(question: str) -> frozenset[str]:
    """Stems of what a "how many" question counts ("how many baby swings" -> baby, swing), or of people
    for a population; empty when the question names nothing counted."""
    lowered = question.lower()
    match = _HOW_MANY.search(lowered)
    if match is not None:
        # The counted thing stands in the first three words; a toll (`toll_asked`) may come later.
        named = " ".join(match.group(1).split()[:_COUNTED_WORDS])
        counted = frozenset(stem(w) for w in WORD.findall(named) if w not in STOPWORDS)
        # "How many people" is answered by "7 million displaced persons".
        return counted | _PEOPLE if counted & _PEOPLE else counted
    if _POPULATION.search(lowered):
        return _PEOPLE | {stem("population")}
    return frozenset()


def amount_asked(question: str) -> bool:
    """Does the question ask "how much": a sum, a share, a weight, which a bare count ("available in
    four countries") does not answer?"""
    return _AMOUNT.search(question.lower()) is not None


def toll_asked(question: str) -> frozenset[str]:
    """Stems of the toll a "how many" question asks for ("how many people died": died, dead, deaths,
    killed...) in the words after "how many", or empty when it asks for none. People rescued or evacuated
    are not the dead, and "how many swings were recalled after reports of injuries" asks for no toll."""
    match = _HOW_MANY.search(question.lower())
    stems = {stem(w) for w in WORD.findall(match.group(1))} if match is not None else set()
    return frozenset().union(*(toll for toll in _TOLLS if toll & stems))


def counts_asked(text: str, entity: Entity, counted: frozenset[str], tolled: Set[str] | None = None) -> bool:
    """Does the number count what the question asks about: one of its words within a few words after
    it ("4,000 Rwandan troops" counts troops, not Kinshasa's population)? For a toll, the figures
    `tolled` (from `toll_figures`). A sum answers "how many" only of money ("how many dollars"), and a
    share only of what it is a share of ("60% of voters"); any figure may answer a question that names
    nothing counted."""
    figure, label = entity
    if not counted or label not in _NUMBER_LABELS:
        return True
    if label == "MONEY" and counted & _MONEY:
        return True
    if tolled is not None:
        return figure in tolled
    at = text.find(figure)
    after = WORD.findall(text[at + len(figure) :])[:_COUNTED_REACH] if at >= 0 else []
    return any(stem(w.lower()) in counted for w in [*WORD.findall(figure), *after])


def toll_figures(text: str, entities: Sequence[Entity], toll: frozenset[str]) -> frozenset[str]:
    """The figures a toll's words count, a few words off: a toll word counts the last figure before it
    ("six people were killed and two dozen were injured": six killed, two dozen injured), or, before
    any figure, the first after it ("the number of people killed rose to at least 101"), as does a toll
    verb in "-ing" ("a magnitude 5.9 quake struck, killing more than 1,000 people": not 5.9). People
    rescued are not the dead."""
    figures = sorted(
        (at, figure)
        for figure, label in entities
        if label in _NUMBER_LABELS and (at := text.find(figure)) >= 0
    )
    tolled: set[str] = set()
    for word in WORD.finditer(text):
        if stem(word.group().lower()) not in toll:
            continue
        before = [(at, figure) for at, figure in figures if at < word.start()]
        after = [(at, figure) for at, figure in figures if at > word.start()]
        doing = word.group().lower().endswith("ing") and after
        at, figure = after[0] if doing else before[-1] if before else (figures[0] if figures else (0, ""))
        between = text[min(at, word.start()) : max(at, word.start())]
        if figure and len(WORD.findall(between)) <= _TOLL_REACH + len(WORD.findall(figure)):
            tolled.add(figure)
    return frozenset(tolled)


def rate_asked(text: str, entity: Entity, question_stems: Set[str]) -> bool:
    """Is a sum per something ("$8 a month", "$5 a gallon") what the question (its word stems) asks
    for: only when it names that something ("how much ... for a gallon", "the monthly fee"). "How much
    did Musk pay for Twitter?" is not answered by "$8 a month". Any other figure may be."""
    figure, label = entity
    at = text.find(figure)
    per = _PER.match(text, at + len(figure)) if label == "MONEY" and at >= 0 else None
    if per is None:
        return True
    unit = stem(per.group(1).lower())
    return any(s.startswith(unit) for s in question_stems)


def named_in(entity: str, words: Set[str]) -> bool:
    """True when every word of the entity is among the (lower-case) words."""
    return set(WORD.findall(entity.lower())) <= words


Entity = tuple[str, str]
# What a "how many" question counts, and what befell it, a few words on: "how many Ukrainian soldiers
# have been killed".
_HOW_MANY = re.compile(r"\bhow many((?:\s+[\w’'-]+){1,5})")
_COUNTED_WORDS = 3
_AMOUNT = re.compile(r"\bhow much\b")
# "the population of Kinshasa" asks for it; "Russia's dwindling population" only sets the scene.
_POPULATION = re.compile(r"\bpopulation of\b")
_COUNTED_REACH = 4
_NUMBER_LABELS = ("CARDINAL", "QUANTITY", "MONEY", "PERCENT")
# "The number of people killed in Florida by Hurricane Ian rose to at least 101": the toll may be named
# well before its figure.
_TOLL_REACH = 10
_TOLLS = tuple(
    frozenset(stem(w) for w in words.split())
    for words in ("died dead death deaths killed fatalities perished", "injured injuries wounded hurt")
)
# What a sum is counted per: "$8 *a month*", "50 cents *per share*".
_PER = re.compile(r"\s+(?:a|an|per|each|every)\s+([A-Za-z]+)\b")
_MONEY = frozenset(stem(w) for w in ("dollars", "euros", "pounds", "yen", "yuan", "rupees", "money"))
_PEOPLE = frozenset(stem(w) for w in ("people", "persons", "individuals", "residents", "inhabitants"))
# An age as spaCy's dates write it: "17-year-old", "96 years old", "aged 96", "the age of 96".
_AGE = re.compile(r"\b\d+[ -]years?[ -]old\b|\bage(?:d| of)\s+\d+\b", re.IGNORECASE)
_SPAN_OF_TIME = re.compile(
    r"\b\d[\d,.]*[ -](second|minute|hour|day|week|month|year|decade|centur)", re.IGNORECASE
)
_REMEMBERED = 20_000
_seen: dict[str, tuple[Entity, ...]] = {}
_recognising = threading.RLock()
