"""The fact-check rules on who is named and who did what to whom (figures are `index.factcheck.figures`,
dates `index.factcheck.dating`; how it is said, negated or hedged, is `index.factcheck.polarity`)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from itertools import pairwise

from index.factcheck.agents import other_doer, other_subject, swapped_part
from index.factcheck.claims import Analysis, names_token
from index.factcheck.findings import Finding, FindingKind, Pair
from index.factcheck.wording import Token
from index.factcheck.words import turned_phrase
from index.language.names import (
    DEMONYM_ENDINGS,
    bracketed_abbreviations,
    entity_of,
    given_names,
    mentions,
    names_in,
    people,
    without_possessive,
)
from index.language.quantities import units_among
from index.language.roles import roles
from index.language.stopwords import STOPWORDS
from index.language.tokens import stem
from index.language.wordlists import (
    IRREGULAR_PAST,
    TITLES,
)


def compare_names(pair: Pair) -> Iterable[Finding]:
    """Each name of the claim is in the sentence; or another name stands in its place (a clash); or the
    article names it elsewhere (the sentence says "he"); or it is not in the articles."""
    absent = [n for n in pair.claim_names if not mentions(pair.sentence.text, n)]
    substitutes = _substitutes(pair, absent)
    # The other words of a replaced name are replaced with it: "Sonia" with "Sotomayor".
    replaced = {
        n for g in name_groups(pair.claim, pair.claim_names) if any(substitutes.get(m) for m in g) for n in g
    }
    unmatched = [
        n for n in absent if not substitutes[n] and n not in replaced and not mentions(pair.article, n)
    ]
    for name in absent:
        surface, substitute = surface_name(pair.claim, name), substitutes[name]
        # Each part of a name is judged, but told as the whole name: "Scarlett Johansson", not "Scarlett".
        told = whole_name(pair.claim, pair.claim_names, name)
        substitute = substitute and whole_name(pair.sentence, pair.sentence_names, substitute)
        if substitute and unmatched:
            # The article lacks another of the claim's names: it may tell another story ("Yellowstone
            # National Park" for "Yosemite National Park", in a report that never names the Oak Fire).
            yield Finding(False, f"the sentence names {substitute}, not {told}")
        elif substitute:
            yield Finding(True, f"claim names {told}; article names {substitute}")
        elif name in unmatched:
            yield Finding(False, f"the articles do not mention {told}", FindingKind.NAME_ABSENT, surface)
    yield from _whose_surname(pair)
    yield from _namesake_before(pair)
    swapped = _swapped_roles(pair)
    if swapped:
        yield _named_better(pair, *swapped)
    elif other := other_doer(pair) or other_subject(pair):
        yield Finding(True, other)
    turned = _turned_round_names(pair)
    if turned:
        yield Finding(True, turned)


def _substitutes(pair: Pair, absent: list[str]) -> dict[str, str | None]:
    """The sentence's name standing in each absent claim name's place, if any. A name the article uses
    elsewhere is replaced only by one right next to the same word; a demonym describing a noun ("Martian
    surface") is no name another can stand in for ("Mars")."""
    return {
        n: None
        if describes(pair.claim, n)
        else _after_the_same_word(pair, n)
        or _substitute(pair, n, 1 if mentions(pair.article, n) else _NEIGHBOURS)
        for n in absent
    }


def _whose_surname(pair: Pair) -> Iterable[Finding]:
    """A claim's "President Biden" against a sentence's bare "Biden" in an article that names two
    Bidens ("Jill Biden", "Joe Biden"): the sentence may speak of the other one."""
    tokens = pair.claim.tokens
    for title, surname in pairwise(tokens):
        if title.lower not in TITLES or title.stem in pair.sentence.content or not surname.text[0].isupper():
            continue
        name, sentence = surname.text, pair.sentence.text
        given = sorted(given_names(pair.article, name))
        if len(given) > 1 and mentions(sentence, name) and not given_names(sentence, name):
            people = " and ".join(f"{first} {name}" for first in given[:2])
            yield Finding(False, f"the sentence does not say which {name}: the article names {people}")


# How much of the text before a name the recogniser reads to tell whether it names a person.
_NAME_WINDOW = 60


def _namesake_before(pair: Pair) -> Iterable[Finding]:
    """A claim's "Nancy Pelosi" against a sentence's bare "Pelosi" or "Mr. Pelosi" when the full name
    written last before the sentence is another Pelosi's ("Paul Pelosi"): the sentence speaks of him."""
    evidence, sentence = pair.evidence, pair.sentence.text
    before = f"{evidence.title}\n{evidence.article_text[: max(evidence.at, 0)]}"
    for given, surname in pairwise(pair.claim.tokens):
        first, name = given.text, without_possessive(surname.text)
        if (
            not (first[0].isupper() and name[:1].isupper())
            or given.lower in TITLES
            or mentions(sentence, first)
        ):
            continue
        if not mentions(sentence, name) or given_names(sentence, name):
            continue
        last = max(
            given_names(before, name) - {first}, key=lambda g: before.rfind(f"{g} {name}"), default=None
        )
        # The recogniser runs only now: on the claim, and before the other name (not a photo credit's
        # end, "Getty Images Sunak", nor a team's, "Los Angeles Dodgers").
        if last is None or not _a_person(f"{first} {name}", pair.claim.text):
            continue
        at = before.rfind(f"{last} {name}")
        around = before[max(0, at - _NAME_WINDOW) : at + len(f"{last} {name}")]
        if at > before.rfind(f"{first} {name}") and _a_person(f"{last} {name}", around):
            yield Finding(False, f"the sentence's {name} is {last} {name}, named just before it")


def _a_person(name: str, text: str) -> bool:
    """Is the name, whole words, (part of) a person the recogniser finds in the text?"""
    return any(re.search(rf"\b{re.escape(name)}\b", person) for person in people(text))


def _turned_round_names(pair: Pair) -> str | None:
    """Of two names both sides give, each side keeps one and then negates the other: "a fix for Kia but
    not yet for Hyundai" against "a repair for Hyundai but not Kia"."""
    shared = [n for n in pair.claim_names if mentions(pair.sentence.text, n)]
    in_claim = [n for n in shared if pair.claim.turns_round_name(n)]
    in_sentence = [n for n in shared if pair.sentence.turns_round_name(n)]
    if not in_claim or not in_sentence or set(in_claim) & set(in_sentence):
        return None
    # A contrast says the name it keeps first: "for Kia but not for Hyundai". "Neither of the Texas
    # juries charged Watson" and "Texas juries declined to charge Watson" both deny it all.
    if _first_named(pair.claim, shared) in in_claim or _first_named(pair.sentence, shared) in in_sentence:
        return None
    return (
        f"claim says “{turned_phrase(pair.claim, stem(in_claim[0]))}”; "
        f"article says “{turned_phrase(pair.sentence, stem(in_sentence[0]))}”"
    )


def _first_named(analysis: Analysis, names: list[str]) -> str:
    """The one of these names the text writes first."""
    unwritten = len(analysis.tokens)
    return min(names, key=lambda n: unwritten if (at := analysis.name_index(n)) is None else at)


def replaced_names(pair: Pair, findings: list[Finding]) -> list[Finding]:
    """When the sentence says everything the claim says but for a name the articles never use, the
    sentence's own name is the one the claim replaced ("Princeton" for "Dartmouth")."""
    rivals = unshared_names(pair, opening=True)
    if not rivals or not findings or not all(f.kind is FindingKind.NAME_ABSENT for f in findings):
        return findings
    if len(findings) > 1 or describes(pair.claim, findings[0].subject):
        return findings
    # The rival next to a word the claim's name is next to ("Rwanda-backed" for "backed by Uganda").
    rival = _substitute(pair, findings[0].subject, _NEIGHBOURS) or rivals[0]
    rival = whole_name(pair.sentence, pair.sentence_names, rival)
    return [Finding(True, f"claim names {f.subject}; article names {rival}") for f in findings]


def describes(analysis: Analysis, name: str) -> bool:
    """Is the name an adjective of the thing the claim is about ("The *British* pound fell")? A
    demonym of one word right before a lower-case noun describes it; "Matteo Salvini, leader" and
    "Meloni won" name someone."""
    if not name.endswith(DEMONYM_ENDINGS):
        return False
    tokens = analysis.tokens
    index = analysis.name_index(name)
    if not index or index + 1 >= len(tokens) or not _adjacent(analysis, index + 1):
        return False
    before, following = tokens[index - 1], tokens[index + 1]
    in_a_name = before.text[0].isupper() and before.lower not in STOPWORDS
    return not in_a_name and following.text[0].islower() and not _looks_like_verb(following.lower)


def unshared_names(pair: Pair, opening: bool = False) -> list[str]:
    """The sentence's names the claim lacks; with `opening`, also its first word when the articles never
    write that word in lower case ("Miami, where rents..."), else too unsure to stand in."""
    names = pair.sentence_names if opening else pair.sentence.names
    # "DF" of "Dongfeng (DF)" is named by a claim that names Dongfeng.
    spelled_out = bracketed_abbreviations(pair.sentence.text)
    # A title ("Director General Rafael Grossi") is no one of its own, nor is a unit ("Celsius"), nor a
    # demonym describing a noun ("The Serbian star faced Nick Kyrgios" names no one in Novak Djokovic's
    # place).
    claimed = pair.claim.text
    return [
        n
        for n in names
        if n.lower() not in TITLES
        and not units_among([stem(n)])
        and not any(mentions(claimed, m) for m in {n, spelled_out.get(n, n)})
        and not describes(pair.sentence, n)
    ]


def surface_name(analysis: Analysis, name: str) -> str:
    """The name as the text writes it, without a possessive ("Ghana" of "Ghana's")."""
    return without_possessive(next((t.text for t in analysis.tokens if names_token(t, name)), name))


def _substitute(pair: Pair, name: str, reach: int) -> str | None:
    """The sentence's name standing where the claim has `name`: within `reach` words of a word that is
    also next to `name` in the claim."""
    claim, sentence = pair.claim, pair.sentence
    index = claim.name_index(name)
    if index is None:
        return None
    names = {stem(n) for n in pair.claim_names}
    window = claim.tokens[max(0, index - reach) : index + reach + 1]
    neighbours = {t.stem for t in window if t.stem in claim.content} - names
    rivals = unshared_names(pair)
    for i, token in enumerate(sentence.tokens):
        named = next((r for r in rivals if names_token(token, r)), None)
        if named is None:
            continue
        # A word of a name is no neighbour: "Launch" of "Space Launch System" is not "launch Artemis".
        window = sentence.tokens[max(0, i - reach) : i + reach + 1]
        around = {t.stem for t in window if not any(names_token(t, n) for n in pair.sentence_names)}
        # A compound's other parts stand next to the name too: "backed" of "Rwanda-backed".
        around |= {stem(part) for part in token.lower.split("-")}
        if neighbours & around:
            return named if "-" in token.text else token.text
    return None


_NEIGHBOURS = 3


def _office_before(tokens: Sequence[Token], at: int) -> str | None:
    """The title whose "of" the name at `at` follows: "president" in "The president of Peru was
    ousted"."""
    before = [t.lower for t in tokens[max(0, at - 3) : at]]
    if before[-1:] == ["the"]:
        before.pop()
    return before[-2] if len(before) >= 2 and before[-1] == "of" and before[-2] in TITLES else None


def _after_the_same_word(pair: Pair, name: str) -> str | None:
    """The sentence's name right after the capitalised word the claim's name follows: "Fiona" of
    "Hurricane Fiona" for the claim's "Hurricane Maria"."""
    claim, sentence = pair.claim, pair.sentence
    index = claim.name_index(name)
    if not index or not _adjacent(claim, index):
        return None
    before = claim.tokens[index - 1]
    if not before.text[0].isupper() or before.lower in STOPWORDS:
        return None  # "The IAEA" and "The UN" share no title
    for i, token in enumerate(sentence.tokens[1:], start=1):
        if (
            sentence.tokens[i - 1].text == before.text
            and _adjacent(sentence, i)
            and token.text[0].isupper()
            and not mentions(claim.text, token.text)
        ):
            return without_possessive(token.text)
    return None


def _adjacent(analysis: Analysis, index: int) -> bool:
    """Does only a space stand between the word at `index` and the one before it?"""
    before, token = analysis.tokens[index - 1], analysis.tokens[index]
    return analysis.text[before.start + len(before.text) : token.start] == " "


def _named_better(pair: Pair, explanation: str, names: tuple[str, str]) -> Finding:
    """The swap the order of words found, or the parser's when the two names are not the parties to
    the claim's deed ("claim says France beat; article says “beating France”", not "France beat
    Cup" of "France beat Argentina in the 2022 World Cup final")."""
    parties = [r.name for r in roles(pair.claim.text, lists=False)]
    if all(any(mentions(party, name) for party in parties) for name in names):
        return Finding(True, explanation)
    return swapped_part(pair) or Finding(True, explanation)


def _swapped_roles(pair: Pair) -> tuple[str, tuple[str, str]] | None:
    """Two names on opposite sides of the same verb in claim and sentence, who did what to whom: the
    clash, and the two names."""
    claim, sentence = pair.claim, pair.sentence
    shared = [n.lower() for n in pair.claim_names if mentions(sentence.text, n)]
    verbs = {t.stem for t in claim.tokens if _looks_like_verb(t.lower)} & sentence.content
    for first, second in ((a, b) for a in shared for b in shared if a < b):
        for verb in sorted(verbs):
            in_claim = _order(claim, first, verb, second)
            in_sentence = _order(sentence, first, verb, second)
            if in_claim and in_sentence and in_claim != in_sentence:
                said = [surface_name(claim, n) for n in in_claim]
                stated = [surface_name(sentence, n) for n in in_sentence]
                return (
                    f"claim says {said[0]} {claim.words_with_stem(verb)} {said[1]}; "
                    f"article says {stated[0]} {sentence.words_with_stem(verb)} {stated[1]}"
                ), (first, second)
    return None


def _looks_like_verb(word: str) -> bool:
    """A past-tense or third-person verb form ("captured", "defeats"): nouns like "leader" are not. A
    plural noun taken for a verb matters only when both sides put two names around it, in opposite
    orders."""
    return word.endswith("ed") or word in IRREGULAR_PAST or (word.endswith("s") and not word.endswith("ss"))


def _order(analysis: Analysis, first: str, verb: str, second: str) -> tuple[str, str] | None:
    """(agent, patient) when the two names stand on either side of the verb, passives turned round."""
    tokens = analysis.tokens
    a, b = analysis.name_index(first), analysis.name_index(second)
    v = next((i for i, t in enumerate(tokens) if t.stem == verb), None)
    if a is None or b is None or v is None or not min(a, b) < v < max(a, b) or abs(a - b) > 8:
        return None
    agent, patient = (first, second) if a < b else (second, first)
    if "by" in (t.lower for t in tokens[v : max(a, b)]):
        agent, patient = patient, agent
    return agent, patient


# A sentence opening on someone other than the one named before: "The other species ...", "Another ...".
_OF_ANOTHER = re.compile(r"\W*(?:the other|another)\b", re.IGNORECASE)


def named_instead(pair: Pair) -> tuple[str, str] | None:
    """(the claim's name, the sentence's name) when the sentence lacks the name the claim is about (no
    part of it there) and names someone the claim does not: it may be said of someone else ("Petro will
    become Colombia's first leftist leader" for a claim about Hernandez, named elsewhere as runner-up)."""
    rivals = unshared_names(pair, opening=True)
    groups = name_groups(pair.claim, pair.claim_names)
    if (
        not rivals
        or not groups
        or not _opens(pair.claim, groups[0][0])
        or describes(pair.claim, groups[0][-1])
    ):
        return None
    # A name opening the claim is who it is about; later ones ("25 Emmy nominations") may be worded
    # otherwise.
    if any(mentions(pair.sentence.text, n) for n in groups[0]) or called_by_title(pair, groups[0][0]):
        return None
    # Named just before, the claim's subject may be the sentence's "The Serbian star", unless another
    # name opens it ("Carla Berg gave Tom Hale a post. Lind promoted Hale") or it speaks of "the other".
    before = pair.evidence.just_before()
    named_before = any(mentions(before, n) for n in groups[0]) and not _OF_ANOTHER.match(pair.sentence.text)
    if named_before and not any(_opens(pair.sentence, r) for r in rivals):
        return None
    return " ".join(surface_name(pair.claim, n) for n in groups[0]), whole_name(
        pair.sentence, pair.sentence_names, rivals[0]
    )


def named_otherwise(pair: Pair, says_all: bool) -> Finding | None:
    """What `named_instead` finds: a clash when the sentence `says_all` the claim's other words, or names
    one of the same kind in the claimed one's place (a clash on a sentence surely about the claim's
    fact); else the claimed name unverified."""
    other = named_instead(pair)
    if other is None:
        return None
    claimed, rival = other
    if says_all:
        return Finding(True, f"claim names {claimed}; article names {rival}")
    if kin := rival_of_a_kind(pair, claimed):
        return Finding(False, f"the sentence names {kin}, not {claimed}", FindingKind.OTHER_NAME)
    return Finding(False, f"the sentence names {rival}, not {claimed}")


def rival_of_a_kind(pair: Pair, claimed: str) -> str | None:
    """The sentence's first name the claim lacks that spaCy reads as the same kind of thing as the
    claim's name (a person for a person, a team for a team): "Rihanna" for "Beyonce"; none when the
    sentence gives another part of the claim's name ("West" of "Kanye West")."""
    entity = entity_of(pair.claim.text, claimed)
    if entity is None:
        return None
    written, kind = entity
    parts = [part for name in names_in(written) for part in name.split() if part.lower() not in TITLES]
    if any(mentions(pair.sentence.text, part) for part in parts):
        return None
    rivals = unshared_names(pair, opening=True)
    rival = next(
        (r for r in rivals if (found := entity_of(pair.sentence.text, r)) and found[1] == kind), None
    )
    return rival and whole_name(pair.sentence, pair.sentence_names, rival)


def called_by_title(pair: Pair, name: str) -> bool:
    """Does the sentence call the claim's named person by a title the claim gives them, or by the
    office of a place the article gives them, in an article that names them: "The queen died Thursday"
    for "Queen Elizabeth II died"; "The president of Peru was ousted" where the article writes
    "President Pedro Castillo"?"""
    tokens = pair.claim.tokens
    at = next((i for i, t in enumerate(tokens) if names_token(t, name)), None)
    if at is None or not mentions(pair.article, name):
        return False
    if any(t.lower in TITLES and t.stem in pair.sentence.content for t in tokens[max(0, at - 2) : at]):
        return True
    tokens = pair.sentence.tokens
    offices = {office for i in range(len(tokens)) if (office := _office_before(tokens, i))}
    written = re.escape(name)
    return any(re.search(rf"\b{office}\s+{written}", pair.article, re.IGNORECASE) for office in offices)


def _opens(analysis: Analysis, name: str) -> bool:
    """Is the name among the first three words ("Rodolfo Hernandez won...", "The EPA says...")?"""
    return any(names_token(t, name) for t in analysis.tokens[:3])


def whole_name(analysis: Analysis, names: tuple[str, ...], part: str) -> str:
    """The name the text writes `part` in, whole: "Anna Berg" for "Anna"; not "Rwanda-backed M23" for
    "Rwanda"."""
    if surface_name(analysis, part) != part:
        return part
    return next((written for group, written in written_names(analysis, names) if part in group), part)


def name_groups(analysis: Analysis, names: tuple[str, ...]) -> list[tuple[str, ...]]:
    """Names written next to each other, or with only a title between them, form one ("Sri Lankan Prime
    Minister Ranil Wickremesinghe"): any part of it names it."""
    return [group for group, _ in written_names(analysis, names)]


def written_names(analysis: Analysis, names: tuple[str, ...]) -> list[tuple[tuple[str, ...], str]]:
    """Each group of `name_groups`, with the words it spans as the text writes them."""
    groups: list[list[tuple[str, Token]]] = []
    last = -2
    for i, token in enumerate(analysis.tokens):
        name = next((n for n in names if names_token(token, n)), None)
        if name is None:
            continue
        between = analysis.tokens[last + 1 : i] if last >= 0 else ()
        if groups and all(t.lower in TITLES for t in between):
            groups[-1].append((name, token))
        else:
            groups.append([(name, token)])
        last = i
    return [
        (
            tuple(n for n, _ in g),
            without_possessive(analysis.text[g[0][1].start : g[-1][1].start + len(g[-1][1].text)]),
        )
        for g in groups
    ]
