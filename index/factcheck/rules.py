"""The fact-check rules on what is said: figures, names and who did what to whom (dates are
`index.factcheck.dating`; how it is said, negated or hedged, is `index.factcheck.polarity`)."""

from __future__ import annotations

from collections.abc import Iterable
from itertools import combinations, pairwise

from index.factcheck.agents import other_doer
from index.factcheck.claims import Analysis, names_token
from index.factcheck.findings import Finding, FindingKind, Pair, other_value
from index.factcheck.values import Quantity, figures_of
from index.factcheck.words import found_words, turned_phrase
from index.language.names import (
    DEMONYM_ENDINGS,
    bracketed_abbreviations,
    given_names,
    mentions,
    without_possessive,
)
from index.language.stopwords import STOPWORDS
from index.language.tokens import stem
from index.language.wordlists import (
    BACK_REFERENCES,
    IRREGULAR_PAST,
    TITLES,
)


def compare_quantities(
    claim: Analysis, sentence: Analysis, article: str = "", following: str = ""
) -> Iterable[Finding]:
    """Each figure of the claim against the sentence's: the same figure, another that rules it out (a
    clash), or none; a figure the sentence lacks is unverified unless the article gives it elsewhere,
    counting the same thing ("at least five people died" two sentences on), or the `following` sentence
    gives it of the same subject ("He was 68.")."""
    matched = [
        other
        for quantity in claim.quantities
        for other in sentence.quantities
        if quantity.kind == other.kind and quantity.matches(other)
    ]
    # A number the claim already matched is no rival to its other numbers.
    unmatched = tuple(o for o in sentence.quantities if o not in matched)
    names = frozenset(stem(n) for n in claim.names)
    # Both tell a change from one figure to another: each figure must play the same part in it.
    compares = any(q.baseline for q in claim.quantities) and any(o.baseline for o in sentence.quantities)
    for quantity in claim.quantities:
        same = [o for o in sentence.quantities if quantity.kind == o.kind and quantity.matches(o)]
        if same and _said_of_another(quantity, same[0], names):
            yield other_value(quantity.described, same[0].described)
        if same and (rival := _counting_another(quantity, same[0], unmatched)):
            yield other_value(quantity.described, rival.described)
        if same and claim.names and same[0].owner and not mentions(claim.text, same[0].owner):
            yield _owned_by_another(quantity, same[0], sentence, claim.text)
        if same and compares and same[0].baseline != quantity.baseline:
            yield _turned_round_change(quantity, same[0])
        if same and all(o.conditional for o in same) and not quantity.conditional:
            yield Finding(
                False,
                f"the article gives {same[0].described} only as a possibility",
                FindingKind.HEDGED,
                quantity.described,
            )
        if not same and (finding := _not_given(quantity, unmatched, article, following)):
            yield finding
    if swapped := swapped_figures(claim, sentence):
        yield swapped


def swapped_figures(claim: Analysis, sentence: Analysis) -> Finding | None:
    """Two figures of one kind that the sentence gives the other way round: "urban rents climbed 3.9%
    while suburban rents dropped 2.5%" against "urban rent fell by 2.5% and suburban rent grew by 3.9%".
    Each figure is known by the words that lead to it and not to the other."""
    for one, other in combinations(claim.quantities, 2):
        said_one = next((o for o in sentence.quantities if one.kind == o.kind and one.matches(o)), None)
        said_other = next((o for o in sentence.quantities if other.kind == o.kind and other.matches(o)), None)
        if one.kind != other.kind or said_one is None or said_other is None or said_one == said_other:
            continue
        if one.baseline or other.baseline or said_one.baseline or said_other.baseline:
            continue  # the ends of a change: `_turned_round_change` reads them
        mine, theirs = one.lead - other.lead, other.lead - one.lead
        as_one, as_other = said_one.lead - said_other.lead, said_other.lead - said_one.lead
        if not (mine and theirs and as_one and as_other):
            continue  # a figure with no words of its own ("fell to 8% from 9.4%") is told by its order
        if (mine & as_other or theirs & as_one) and not (mine & as_one or theirs & as_other):
            return Finding(
                True, f"the article gives {said_one.text} and {said_other.text} the other way round"
            )
    return None


def _turned_round_change(quantity: Quantity, same: Quantity) -> Finding:
    """The claim's figure is the other end of the change the sentence tells: "increased from 8% to 9.4%"
    against "decreased from 9.4% to 8%"."""
    part = {True: "the earlier figure", False: "the later one"}
    return Finding(
        True, f"claim gives {quantity.text} as {part[quantity.baseline]}; article as {part[same.baseline]}"
    )


def _owned_by_another(quantity: Quantity, same: Quantity, sentence: Analysis, claimed: str) -> Finding:
    """The claim's figure is another's in the sentence ("Gates' 116 and Tony Gonzalez's 111" for "Gates
    has 111"): a clash with the figure the sentence gives one of the claim's names, else unverified."""
    owned = (
        o for o in sentence.quantities if o.kind == quantity.kind and o.owner and mentions(claimed, o.owner)
    )
    mine = next(owned, None)
    if mine is not None:
        return other_value(quantity.described, mine.described)
    return Finding(False, f"the article gives {same.described} of another", FindingKind.OTHER_FIGURE)


def _not_given(
    quantity: Quantity, unmatched: tuple[Quantity, ...], article: str, following: str
) -> Finding | None:
    """What to say of a claim's figure the sentence does not give: another figure that rules it out,
    one that may count something else, or none at all (unless said elsewhere of the same thing)."""
    rival = _rival(quantity, unmatched)
    if rival is not None and rival.excludes(quantity):
        return other_value(quantity.described, rival.described)
    if rival is not None:
        return Finding(False, f"the article only says {rival.described}, not {quantity.described}")
    if loose := _loose_rival(quantity, unmatched):
        return _another_figure(quantity, loose)
    if _said_elsewhere(quantity, article) or _said_next(quantity, following):
        return None
    if unit := _in_another_unit(quantity, unmatched):
        return _another_figure(quantity, unit)
    return Finding(
        False,
        f"the evidence gives no figure for {quantity.described}",
        FindingKind.NO_FIGURE,
        quantity.described,
    )


def _another_figure(quantity: Quantity, other: Quantity) -> Finding:
    """The sentence gives `other` where the claim gives `quantity`, perhaps of something else: a clash
    only on a sentence surely about the claim's fact."""
    return Finding(
        False,
        f"the article says {other.described}, not {quantity.described}",
        FindingKind.OTHER_FIGURE,
        quantity.described,
    )


def _in_another_unit(quantity: Quantity, others: tuple[Quantity, ...]) -> Quantity | None:
    """The sentence's same number in another unit: "a 70-gram slice" for the claim's "70-kilogram"."""
    return next((o for o in others if o.other_unit(quantity) and o.value == quantity.value), None)


def _said_elsewhere(quantity: Quantity, article: str) -> bool:
    """Does the article give the same figure of the same thing: "at least 5 dead" for "at least five
    people died"? A label ("Tier 2") counts nothing: the article need only give it."""
    if quantity.kind.startswith("label"):
        return bool(_same_figures(quantity, article))
    return any(
        found_words(quantity.counts, other.counts) or found_words(other.counts, quantity.counts)
        for other in _same_figures(quantity, article)
    )


def _said_next(quantity: Quantity, following: str) -> bool:
    """Does the next sentence, going on about the same subject ("He was 68."), give the figure?"""
    first = following.split(maxsplit=1)[0].lower() if following else ""
    return first in BACK_REFERENCES and bool(_same_figures(quantity, following))


def figure_words(claim: Analysis, article: str) -> frozenset[str]:
    """The claim's words that say what its figures count, where the article gives the same figure of
    the same thing: "injured" of "130 injured" when it says "130 others were injured"."""
    return frozenset().union(
        *(found_words(q.counts, o.counts) for q in claim.quantities for o in _same_figures(q, article))
    )


def _same_figures(quantity: Quantity, article: str) -> list[Quantity]:
    return [o for o in figures_of(article) if quantity.kind == o.kind and quantity.matches(o)]


def _counting_another(quantity: Quantity, same: Quantity, others: tuple[Quantity, ...]) -> Quantity | None:
    """The sentence's figure that counts what the claim's figure counts, when the claim's figure is there
    but counts something else: "58 landslides ... in 15 provinces" against "15 landslides"."""
    if not quantity.counts or not same.counts:
        return None
    if found_words(quantity.counts, same.counts) or found_words(same.counts, quantity.counts):
        return None
    counting = [o for o in others if found_words(quantity.counts, o.counts)]
    return next((o for o in counting if comparable_quantities(quantity, o)), None)


def _said_of_another(quantity: Quantity, other: Quantity, names: frozenset[str]) -> bool:
    """Does the sentence give the figure for another of the claim's names ("36,417 Kia Telluride" where
    the claim says "36,000 Hyundai Palisades")?"""
    mine, theirs = quantity.counts & names, other.counts & names
    return bool(mine and theirs and not mine & theirs)


def comparable_quantities(one: Quantity, other: Quantity) -> bool:
    """Do both numbers measure the same thing? Same kind, never different units, and: what they count
    agrees ("2 million *people*" and "7 million *displaced persons*"), or, when only one says what it
    counts, that word stands next to the other; when neither does, two shared neighbouring words. Sums
    of one currency need only one shared neighbouring word ("awarded $5 million", "awarded $500,000")."""
    if one.kind != other.kind or one.difference != other.difference:
        return False
    # A rate or a span ("$20 a month", "five days") measures nothing a bare figure ("$44 billion") does.
    if (one.units or other.units) and not one.units & other.units:
        return False
    if one.kind.startswith("money") and one.context & other.context:
        return True
    if one.counts and other.counts:
        return bool(found_words(one.counts, other.counts))
    if one.counts or other.counts:
        return bool(found_words(one.counts, other.context) or found_words(other.counts, one.context))
    return len(one.context & other.context) >= 2


def _rival(quantity: Quantity, others: tuple[Quantity, ...]) -> Quantity | None:
    """The sentence's number that measures what the claim's number measures, if any."""
    comparable = [o for o in others if comparable_quantities(quantity, o)]
    return comparable[0] if comparable else None


def _loose_rival(quantity: Quantity, others: tuple[Quantity, ...]) -> Quantity | None:
    """The sentence's one other number of the same kind that the claim's number excludes: in a sentence
    surely about the claim's fact, it is the figure the claim got wrong ("$8 a month" for "$20")."""
    same = [
        o
        for o in others
        if o.kind == quantity.kind and o.units == quantity.units and o.difference == quantity.difference
    ]
    return same[0] if len(same) == 1 and same[0].excludes(quantity) else None


def compare_names(pair: Pair) -> Iterable[Finding]:
    """Each name of the claim is in the sentence; or another name stands in its place (a clash); or the
    article names it elsewhere (the sentence says "he"); or it is not in the articles."""
    absent = [n for n in pair.claim_names if not mentions(pair.sentence.text, n)]
    # A name the article uses elsewhere is replaced only by one right next to the same word.
    # A demonym describing a noun ("Martian surface") is no name another can stand in for ("Mars").
    substitutes = {
        n: None
        if describes(pair.claim, n)
        else _after_the_same_word(pair, n)
        or _substitute(pair, n, 1 if mentions(pair.article, n) else _NEIGHBOURS)
        for n in absent
    }
    unmatched = [n for n in absent if not substitutes[n] and not mentions(pair.article, n)]
    for name in absent:
        surface, substitute = surface_name(pair.claim, name), substitutes[name]
        if substitute and unmatched:
            # The article lacks another of the claim's names: it may tell another story ("Yellowstone
            # National Park" for "Yosemite National Park", in a report that never names the Oak Fire).
            yield Finding(False, f"the sentence names {substitute}, not {surface}")
        elif substitute:
            yield Finding(True, f"claim names {surface}; article names {substitute}")
        elif name in unmatched:
            yield Finding(False, f"the articles do not mention {surface}", FindingKind.NAME_ABSENT, surface)
    yield from _whose_surname(pair)
    swapped = _swapped_roles(pair) or other_doer(pair)
    if swapped:
        yield Finding(True, swapped)
    turned = _turned_round_names(pair)
    if turned:
        yield Finding(True, turned)


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


def _turned_round_names(pair: Pair) -> str | None:
    """Of two names both sides give, each side negates another: "a fix for Kia but not yet for Hyundai"
    against "a repair for Hyundai but not Kia"."""
    shared = [n for n in pair.claim_names if mentions(pair.sentence.text, n)]
    in_claim = [n for n in shared if pair.claim.turns_round_name(n)]
    in_sentence = [n for n in shared if pair.sentence.turns_round_name(n)]
    if not in_claim or not in_sentence or set(in_claim) & set(in_sentence):
        return None
    return (
        f"claim says “{turned_phrase(pair.claim, stem(in_claim[0]))}”; "
        f"article says “{turned_phrase(pair.sentence, stem(in_sentence[0]))}”"
    )


def replaced_names(pair: Pair, findings: list[Finding]) -> list[Finding]:
    """When the sentence says everything the claim says but for a name the articles never use, the
    sentence's own name is the one the claim replaced ("Princeton" for "Dartmouth")."""
    rivals = unshared_names(pair, opening=True)
    if not rivals or not findings or not all(f.kind is FindingKind.NAME_ABSENT for f in findings):
        return findings
    if len(findings) > 1 or describes(pair.claim, findings[0].subject):
        return findings
    # The rival next to a word the claim's name is next to ("Rwanda-backed" for "backed by Uganda").
    rival = _substitute(pair, findings[0].subject, _NEIGHBOURS) or surface_name(pair.sentence, rivals[0])
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
    # A title ("Director General Rafael Grossi") is no one of its own.
    claimed = pair.claim.text
    return [
        n
        for n in names
        if n.lower() not in TITLES and not any(mentions(claimed, m) for m in {n, spelled_out.get(n, n)})
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
        around = {t.stem for t in sentence.tokens[max(0, i - reach) : i + reach + 1]}
        # A compound's other parts stand next to the name too: "backed" of "Rwanda-backed".
        around |= {stem(part) for part in token.lower.split("-")}
        if neighbours & around:
            return named if "-" in token.text else token.text
    return None


_NEIGHBOURS = 3


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


def _swapped_roles(pair: Pair) -> str | None:
    """Two names on opposite sides of the same verb in claim and sentence: who did what to whom."""
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
                )
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
