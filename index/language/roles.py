"""Who did what to whom: the names a sentence gives as the doer and as the one done to of each verb,
from spaCy's parser ("Djokovic kisses his trophy after defeating Australia's Nick Kyrgios": Kyrgios is
the one defeated).

The parser loads on first use, once per process (a third of a second), beside the entity recogniser of
`index.language.names`; a sentence takes about 1.5 ms, so callers parse only the sentences that matter.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from functools import cache, lru_cache
from typing import TYPE_CHECKING, Literal, NamedTuple

from index.imports import without_torch
from index.language.names import SPACY_PIPELINE

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc, Token

Part = Literal["doer", "done to"]
_PARTS: dict[str, Part] = {"nsubj": "doer", "dobj": "done to", "nsubjpass": "done to"}


class Role(NamedTuple):
    """A name in a part of a verb, with the verb as written and where each stands in the text."""

    verb: str
    verb_at: int
    part: Part
    name: str
    name_at: int

    @property
    def span(self) -> tuple[int, int]:
        """From the first of verb and name to the end of the other."""
        ends = (self.verb_at + len(self.verb), self.name_at + len(self.name))
        return min(self.verb_at, self.name_at), max(ends)


@lru_cache(maxsize=4096)
def roles(text: str, lists: bool = True) -> tuple[Role, ...]:
    """The names the text's verbs have as their doers (subjects, "by" of a passive) and as the ones done
    to (objects, subjects of a passive). With `lists`, every name of a list counts ("beat Chile and
    Peru"); without, only the one the parser attaches, as its lists are where it errs most."""
    parser = _parser()
    # In a memory zone, the words the parser meets are forgotten after, as the recogniser's are.
    with _parsing, parser.memory_zone():
        return tuple(_roles_of(parser(text), lists))


def _roles_of(doc: Doc, lists: bool) -> Iterator[Role]:
    for verb in (token for token in doc if token.pos_ == "VERB"):
        for child in verb.children:
            filled = _part_of(child)
            if filled is None:
                continue
            part, filler = filled
            for name in _listed(filler) if lists else [filler]:
                written, at = _name(name)
                if written:
                    yield Role(verb.text, verb.idx, part, written, at)


def _part_of(child: Token) -> tuple[Part, Token] | None:
    """The part a child of a verb plays, and the word that fills it; None for any other child."""
    if child.dep_ == "agent":  # "by" of a passive
        filler = next((t for t in child.children if t.dep_ == "pobj"), None)
        return ("doer", filler) if filler is not None else None
    part = _PARTS.get(child.dep_)
    return (part, child) if part is not None else None


def _listed(token: Token) -> list[Token]:
    """The word and those listed with it ("Chile and Peru")."""
    return [token, *(t for child in token.children if child.dep_ == "conj" for t in _listed(child))]


def _name(token: Token) -> tuple[str, int]:
    """The proper name the word ends, with the proper nouns compounded before it ("Nick Kyrgios"), and
    where it starts; empty when the word is no proper noun."""
    if token.pos_ != "PROPN":
        return "", token.idx
    words = [t for t in token.children if t.dep_ == "compound" and t.pos_ == "PROPN" and t.i < token.i]
    words.append(token)
    return " ".join(t.text for t in words), words[0].idx


def load_parser() -> None:
    """Load the parser now rather than on the first claim that needs it (a quarter of a second, 27 MB)."""
    _parser()


@cache
def _parser() -> Language:
    with without_torch():
        import spacy
    # The parser needs its own token vectors and tags; the recogniser and lemmas are not read.
    return spacy.load(SPACY_PIPELINE, exclude=["ner", "lemmatizer"])


_parsing = threading.Lock()
