"""Who did what to whom: the names a sentence gives as the doer and as the one done to of each verb,
from spaCy's parser ("Djokovic kisses his trophy after defeating Australia's Nick Kyrgios": Kyrgios is
the one defeated).

The parser loads on first use, once per process (a third of a second), beside the entity recogniser of
`index.language.names`; a sentence takes about 2-3 ms, so callers parse only the sentences that matter:
the answers parse the question and the shortlisted sentences that name its names and tell its deed,
the fact-checker the supports that decide a verdict.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterable, Iterator, Sequence
from functools import cache, lru_cache
from typing import TYPE_CHECKING, Literal, NamedTuple

from index.imports import without_torch
from index.language.names import SPACY_PIPELINE, mentions
from index.language.senses import senses_of, shares_a_sense
from index.language.tokens import WORD, stem
from index.language.wordlists import HEDGES, OPPOSITE_PAIRS, SYNONYM_GROUPS

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc, Token

Part = Literal["doer", "done to"]
_WORD = re.compile(r"[A-Za-z]+")
_LATER_CAPITAL = re.compile(r"(?<=\s)[A-Z]")
_QUESTION_WORD = re.compile(r"\b(?:who|whom|what|which)\b", re.IGNORECASE)
_LATER_NAME = re.compile(r"(?<=\s)[A-Z][\w'’-]*")
_LISTING = frozenset(["conj", "appos"])
_PARTS: dict[str, Part] = {"nsubj": "doer", "dobj": "done to", "nsubjpass": "done to"}
# Verbs that report another's words: any number may say the same thing, and the one reported may
# stand after the verb ("..., reported Nature").
SAYING = frozenset(
    """say says said saying tell tells told telling add adds added adding write writes wrote writing
    announce announces announced announcing note notes noted noting state states stated stating report
    reports reported reporting""".split()  # noqa: SIM905
)
# Verbs that name no deed of their own ("made a visit", "took office"): who did what is in their object.
_LIGHT_VERBS = frozenset(
    """make makes made making take takes took taken taking have has had having do does did done doing get
    gets got gotten getting give gives gave given giving go goes went gone going come comes came coming
    put puts putting set sets setting keep keeps kept keeping""".split()  # noqa: SIM905
)
# Stems that name one deed: listed synonyms, and each side of an opposite ("bought" is the deed of
# "buy", whoever did it; that it was sold instead is for the polarity rules).
SAME_DEED = tuple(
    frozenset(stem(w) for w in words.split())
    for words in (*SYNONYM_GROUPS, *(side for pair in OPPOSITE_PAIRS for side in pair))
)


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


class Deed(NamedTuple):
    """A verb, and the part a question word asks of it: the doer of "won" in "Who won the final?"."""

    verb: str
    part: Part


class Tie(NamedTuple):
    """Someone tied to a name who plays a part in place of the name: "the husband of Nancy Pelosi" as
    the one "assaulted" (`role` gives the name, `said` the words as written)."""

    role: Role
    said: str


class _Parse(NamedTuple):
    """What a text's parse tells, kept for the next call."""

    listed: tuple[Role, ...]
    attached: tuple[Role, ...]
    asked_deed: Deed | None
    ties: tuple[Tie, ...]
    past: bool  # the main verb tells of the past: "raised", "was raised", "had raised"


def roles(text: str, lists: bool = True) -> tuple[Role, ...]:
    """The names the text's verbs have as their doers (subjects, "by" of a passive) and as the ones done
    to (objects, subjects of a passive). With `lists`, every name of a list counts ("beat Chile and
    Peru"), and a verb without a subject shares its head's ("Argentina won, beating France"); without,
    only the one the parser attaches to the verb, as lists and shared subjects are where it errs most
    ("Which countries did NATO invite to join?" would have NATO join)."""
    (parse,) = _parsed([text])
    return parse.listed if lists else parse.attached


def asked_deed(question: str) -> Deed | None:
    """The verb whose doer or done-to the question word asks for: the doer of "shot" in "Who shot
    Shinzo Abe?", the one done to of "buy" in "Which firm did Broch buy?"; None for "Who is...", "When
    did...", a verb of saying or a light verb, or a question word the parser does not attach to a verb."""
    if not _QUESTION_WORD.search(question):
        return None
    (parse,) = _parsed([question])
    return parse.asked_deed


def deed_asked_beside_names(question: str) -> Deed | None:
    """`asked_deed` of a question that names someone, whose parse `deeds_asked` reads anyway; None,
    and no parse, for one that names no one."""
    return asked_deed(question) if _LATER_CAPITAL.search(question) else None


def parse_ahead(texts: Iterable[str]) -> None:
    """Parse these texts now, in one batch (ten sentences take 20 ms so, 34 ms one by one), for `roles`
    to find."""
    _parsed(list(texts))


def _parsed(texts: Sequence[str]) -> list[_Parse]:
    """Each text's parse, read once (the parser loads only for a text)."""
    with _parsing:
        if len(_remembered) + len(texts) > _REMEMBERED:
            _remembered.clear()
        fresh = [t for t in dict.fromkeys(texts) if t not in _remembered]
        if fresh:
            parser = _parser()
            # In a memory zone, the words the parser meets are forgotten after, as the recogniser's are.
            with parser.memory_zone():
                for text, doc in zip(fresh, parser.pipe(fresh), strict=True):
                    listed, attached = tuple(_roles_of(doc, True)), tuple(_roles_of(doc, False))
                    _remembered[text] = _Parse(
                        listed, attached, _asked_deed(doc), tuple(_ties_of(doc)), _in_the_past(doc)
                    )
        return [_remembered[t] for t in texts]


def told_in_the_past(text: str) -> bool:
    """Does the text's main verb tell of the past ("The Fed raised rates", "was raised", "had raised"),
    not of now ("has not said", "comes out") nor of what is to come ("will raise")?"""
    return _parsed([text])[0].past


# Words that tell of what may or is to come: hedges ("may", "plans"), "will", "scheduled".
_AHEAD = HEDGES | {"will", "shall", "scheduled", "upcoming", "due"}


def looks_ahead(text: str) -> bool:
    """Does the text tell of what may or is to come ("will be named on Monday", "plans to")? A capital
    "May" is the month."""
    return any(word.lower() in _AHEAD and word != "May" for word in WORD.findall(text))


def _in_the_past(doc: Doc) -> bool:
    root = next((t for t in doc if t.dep_ == "ROOT"), None)
    if root is None:
        return False
    helpers = {child.lower_ for child in root.children if child.dep_ in ("aux", "auxpass")}
    return root.tag_ == "VBD" or (root.tag_ == "VBN" and bool(helpers & {"was", "were", "had"}))


def _roles_of(doc: Doc, lists: bool) -> Iterator[Role]:
    for verb in (token for token in doc if token.pos_ == "VERB"):
        filled_parts = [_part_of(child) for child in verb.children]
        for filled in [*filled_parts, _shared_subject(verb) if lists else None]:
            if filled is None:
                continue
            part, filler = filled
            for name in _listed(filler) if lists else [filler]:
                written, at = _name(name)
                if written:
                    yield Role(verb.text, verb.idx, part, written, at)


def _ties_of(doc: Doc) -> Iterator[Tie]:
    """The parts verbs give to a kin or an aide of a name: "his wife", "the lawyer for Alex Jones"."""
    for verb in (token for token in doc if token.pos_ == "VERB"):
        for filled in map(_part_of, verb.children):
            if filled is None or filled[1].pos_ != "NOUN" or filled[1].lower_ not in _TIED:
                continue
            part, tied = filled
            for name_token in _names_tied_to(tied):
                name, at = _name(name_token)
                said = doc[tied.left_edge.i : max(tied.i, name_token.i) + 1].text
                yield Tie(Role(verb.text, verb.idx, part, name, at), said)


def _names_tied_to(noun: Token) -> Iterator[Token]:
    """The proper names a noun belongs to: "Nancy Pelosi's husband", "the husband of Nancy Pelosi"."""
    for child in noun.children:
        if child.dep_ == "poss" and child.pos_ == "PROPN":
            yield child
        elif child.dep_ == "prep" and child.lower_ in ("of", "for"):
            yield from (t for t in child.children if t.dep_ == "pobj" and t.pos_ == "PROPN")


# Kin and aides, who may do or suffer a deed in place of the one they are tied to.
_TIED = frozenset(
    """husband wife son daughter mother father brother sister child children spouse partner family
    parents aide aides lawyer lawyers attorney attorneys spokesman spokeswoman spokesperson adviser
    advisers""".split()  # noqa: SIM905
)


def _asked_deed(doc: Doc) -> Deed | None:
    """The verb the text's first question word (or the noun it asks about) is subject or object of."""
    word = next((t for t in doc if t.tag_ in ("WP", "WDT")), None)
    if word is None:
        return None
    filler = word.head if word.dep_ == "det" else word  # "which company"
    verb = filler.head
    if filler.dep_ not in _PARTS or verb.pos_ != "VERB" or verb.text.lower() in SAYING | _LIGHT_VERBS:
        return None
    return Deed(str(verb.text), _PARTS[filler.dep_])


def _part_of(child: Token) -> tuple[Part, Token] | None:
    """The part a child of a verb plays, and the word that fills it; None for any other child."""
    if child.dep_ == "agent":  # "by" of a passive
        filler = next((t for t in child.children if t.dep_ == "pobj"), None)
        return ("doer", filler) if filler is not None else None
    part = _PARTS.get(child.dep_)
    return (part, child) if part is not None else None


def _shared_subject(verb: Token) -> tuple[Part, Token] | None:
    """The subject a verb without one shares with the verb it hangs from: Argentina beat France in
    "Argentina won the final, beating France", the Astros the Phillies in "The Astros are champions
    after defeating the Phillies"; the object of "forced Castillo to resign" resigns. A participle in
    "-ed" ("Ousted by Congress, Castillo was arrested") gives the subject the part done to."""
    head = verb
    for _ in range(_SHARING_DEPTH):
        if any(child.dep_ in _SUBJECTS for child in head.children):
            break
        if head.dep_ == "pcomp" and head.head.dep_ == "prep":  # "after defeating"
            head = head.head
        elif not _sharing(head):
            return None
        head = head.head
    else:
        return None
    if head is verb:
        return None
    objects = [c for c in head.children if c.dep_ == "dobj"] if verb.dep_ == "xcomp" else []
    subject = objects[0] if objects else next(c for c in head.children if c.dep_ in _SUBJECTS)
    # "Having carried out its last execution in 1993, Ghana ...": a participle after "having" is active.
    passive = verb.tag_ == "VBN" and not any(child.dep_ == "aux" for child in verb.children)
    return ("done to" if passive else "doer"), subject


def _sharing(verb: Token) -> bool:
    """Does the verb take its subject from the verb it hangs from: a complement ("agreed to sell") or a
    participle ("..., beating France")? A clause of purpose ("hosted ... to celebrate their win") may
    be anyone's deed."""
    return verb.dep_ == "xcomp" or (verb.dep_ == "advcl" and verb.tag_ in ("VBG", "VBN"))


_SUBJECTS = frozenset(["nsubj", "nsubjpass", "csubj"])
# "tried to save her job by replacing her chancellor": replacing's subject is two verbs up.
_SHARING_DEPTH = 3


def _listed(token: Token) -> list[Token]:
    """The word and those listed with it ("Chile and Peru") or set beside it ("Fellow Briton, actor Brian
    Cox")."""
    return [token, *(t for child in token.children if child.dep_ in _LISTING for t in _listed(child))]


def _name(token: Token) -> tuple[str, int]:
    """The proper name the word ends, with the proper nouns compounded before it ("Nick Kyrgios"), and
    where it starts; empty when the word is no proper noun."""
    if token.pos_ != "PROPN":
        return "", token.idx
    words = sorted([*_compounded(token), token], key=lambda t: t.i)
    return " ".join(t.text for t in words), words[0].idx


def _compounded(token: Token) -> Iterator[Token]:
    """The proper nouns compounded before the word, and theirs: "New" and "York" of "New York City"."""
    for child in token.children:
        if child.dep_ == "compound" and child.pos_ == "PROPN" and child.i < token.i:
            yield from _compounded(child)
            yield child


@lru_cache(maxsize=65536)
def same_deed(one: str, other: str) -> bool:
    """Do the two verbs name one deed: the same stem or first six letters, a listed synonym, a side of
    the same opposite, or a common WordNet sense ("succeeded" for "replaced")."""
    first, second = stem(one.lower()), stem(other.lower())
    if first == second or (len(first) >= 6 and first[:6] == second[:6]):
        return True
    listed = any(first in group and second in group for group in SAME_DEED)
    return listed or shares_a_sense(first, senses_of([second]))


def deeds_asked(question: str) -> tuple[Role, ...]:
    """The names the question gives a part in a deed ("Who replaced Liz Truss?": Liz Truss, the one
    replaced); verbs of saying and light verbs ("made a visit") left out."""
    if not _LATER_CAPITAL.search(question):  # no name, nothing to parse
        return ()
    found = (r for r in roles(question, lists=False) if r.verb.lower() not in SAYING | _LIGHT_VERBS)
    return tuple(_as_passive(r, question) for r in found)


def _as_passive(role: Role, question: str) -> Role:
    """The part of a name between "was" and a participle ("Where was former premier Anna Berg shot?"):
    the one done to, which the parser may read as the doer of an asked question."""
    if role.part != "doer" or role.verb.lower().endswith("ing"):
        return role
    name, verb = re.escape(role.name), re.escape(role.verb)
    inverted = rf"\b(?:was|were|is|are|been)\s+(?:[\w’'-]+\s+){{0,3}}?{name}\s+{verb}\b"
    return role._replace(part="done to") if re.search(inverted, question, re.IGNORECASE) else role


def told_of_others(asked: Role, text: str) -> Role | None:
    """Where the text, naming the asked name, tells the asked deed of others only: the question "Who
    replaced Liz Truss?" gives Liz Truss as the one replaced; "Truss replaces Boris Johnson" gives her
    the other part, and "Liz Truss ... would replace Boris Johnson" that part to another. Another name
    counts only in the same verb: one "wins" a title but "defeats" a rival. None when the text gives
    her the asked part, or tells the deed with no name in it."""
    if not may_tell(asked, text):
        return None
    told = [r for r in roles(text) if same_deed(asked.verb, r.verb)]
    if any(r.part == asked.part and same_name(r.name, asked.name) for r in told):
        return None
    verb = stem(asked.verb.lower())
    swapped = (r for r in told if same_name(r.name, asked.name))
    others = (r for r in told if r.part == asked.part and stem(r.verb.lower()) == verb)
    return next(swapped, None) or next(others, None)


def told_of_a_tie(asked: Role, text: str) -> Tie | None:
    """Where the text gives the asked name's part in the asked deed to someone tied to the name only:
    "Nancy Pelosi was attacked" against "an attacker who assaulted the husband of Nancy Pelosi". None
    when the text gives the name itself that part of any verb (the parse may name the deed otherwise)."""
    if not may_tell(asked, text):
        return None
    (parse,) = _parsed([text])
    if any(r.part == asked.part and same_name(r.name, asked.name) for r in parse.listed):
        return None
    return next(
        (
            tie
            for tie in parse.ties
            if tie.role.part == asked.part
            and same_name(tie.role.name, asked.name)
            and same_deed(asked.verb, tie.role.verb)
        ),
        None,
    )


def names_in_part(deed: Deed, text: str) -> tuple[str, ...]:
    """The names the text gives the deed's part: "Argentina", doer of "won" in "Argentina won the
    final, beating France"."""
    return tuple(r.name for r in roles(text) if r.part == deed.part and same_deed(deed.verb, r.verb))


def untold_direction(claim: str, text: str) -> Role | None:
    """The doer of a deed the claim gives two names ("Nick Kyrgios beat Novak Djokovic") when the text
    tells that deed but gives neither name its part in it ("The Serbian star faced Nick Kyrgios ...,
    winning"): it does not say who did it to whom. None when it does, or tells no such deed."""
    attached = [r for r in roles(claim, lists=False) if r.verb.lower() not in SAYING | _LIGHT_VERBS]
    for doer in (r for r in attached if r.part == "doer"):
        deed = [r for r in attached if r.verb_at == doer.verb_at]
        if len(deed) < 2 or not tells_deed(doer.verb, text):
            continue
        told = [r for r in roles(text) if same_deed(doer.verb, r.verb)]
        if not any(t.part == d.part and same_name(t.name, d.name) for d in deed for t in told):
            return doer
    return None


def told_of_the_asker(deed: Deed, question: str, text: str) -> bool:
    """Does the text give the part the question word asks for only to names the question gives itself?
    "Liz Truss became prime minister" does not answer "Who became prime minister after Liz Truss
    resigned?": the question asks for someone else."""
    if not may_tell_of_the_asker(deed, question, text):
        return False
    playing = names_in_part(deed, text)
    return bool(playing) and all(mentions(question, name) for name in playing)


def may_tell_of_the_asker(deed: Deed, question: str, text: str) -> bool:
    """Might the text tell the asked deed of the question's own names? Only a text naming one of them
    before a word for the deed ("Liz Truss became ...") is parsed."""
    words = list(_WORD.finditer(text))
    deed_at = next((w.start() for w in words if same_deed(deed.verb, w.group())), None)
    if deed_at is None:
        return False
    before = text[:deed_at]
    return any(mentions(before, name) for name in _LATER_NAME.findall(question))


def may_tell(asked: Role, text: str) -> bool:
    """Might the text tell the asked deed of others? Parsing is the cost: only a text with the name (or
    its last word) and a word for the deed is parsed."""
    return mentions(text, asked.name.split()[-1]) and tells_deed(asked.verb, text)


def tells_deed(verb: str, text: str) -> bool:
    """Has the text a word for the verb's deed?"""
    return any(same_deed(verb, word) for word in _WORD.findall(text))


def same_name(one: str, other: str) -> bool:
    """Does either name the other ("Kyrgios" and "Nick Kyrgios")?"""
    return mentions(one, other) or mentions(other, one)


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
# Texts parsed, by text: claims and their sentences come back as a watch runs or a question is reworded.
_REMEMBERED = 4096
_remembered: dict[str, _Parse] = {}
