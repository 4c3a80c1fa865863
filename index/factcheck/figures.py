"""The fact-check rules on figures: each number a claim gives against the evidence sentence's, and the
article's (dates are `index.factcheck.dating`, names `index.factcheck.rules`)."""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache
from itertools import combinations

from index.factcheck.claims import Analysis, read_figures
from index.factcheck.findings import Finding, FindingKind, other_value
from index.factcheck.values import Quantity
from index.factcheck.words import found_words
from index.language.names import mentions
from index.language.sentences import sentences
from index.language.tokens import stem
from index.language.wordlists import BACK_REFERENCES


def compare_quantities(
    claim: Analysis, sentence: Analysis, article: str = "", following: str = ""
) -> Iterable[Finding]:
    """Each figure of the claim against the sentence's: the same figure, another that rules it out (a
    clash), or none; a figure the sentence lacks is unverified unless the article gives it elsewhere,
    counting the same thing ("at least five people died" two sentences on) or beside another of the
    claim's figures, or the `following` sentence gives it of the same subject ("He was 68.")."""
    matched = [
        other for quantity in claim.quantities for other in sentence.quantities if quantity.same_figure(other)
    ]
    # A number the claim already matched is no rival to its other numbers.
    unmatched = tuple(o for o in sentence.quantities if o not in matched)
    names = frozenset(stem(n) for n in claim.names)
    # Both tell a change from one figure to another: each figure must play the same part in it.
    compares = any(q.baseline for q in claim.quantities) and any(o.baseline for o in sentence.quantities)
    for quantity in claim.quantities:
        same = [o for o in sentence.quantities if quantity.same_figure(o)]
        if same and _said_of_another(quantity, same[0], names):
            yield other_value(quantity.described, same[0].described)
        rival = _counting_another(quantity, same[0], unmatched) if same else None
        if rival:
            yield other_value(quantity.described, rival.described)
        if same and claim.names and same[0].owner and not mentions(claim.text, same[0].owner):
            yield _owned_by_another(quantity, same[0], sentence, claim.text)
        if same and compares and same[0].baseline != quantity.baseline:
            yield _turned_round_change(quantity, same[0])
        if same and not (compares or rival) and (level := _changed_to(quantity, same[0], unmatched)):
            yield other_value(quantity.described, f"{level.described} (from {same[0].text})")
        if same and all(o.conditional for o in same) and not quantity.conditional:
            yield Finding(
                False,
                f"the article gives {same[0].described} only as a possibility",
                FindingKind.HEDGED,
                quantity.described,
            )
        if not same and (finding := _not_given(quantity, unmatched, claim.quantities, article, following)):
            yield finding
    if swapped := swapped_figures(claim, sentence):
        yield swapped


def swapped_figures(claim: Analysis, sentence: Analysis) -> Finding | None:
    """Two figures of one kind that the sentence gives the other way round: "urban rents climbed 3.9%
    while suburban rents dropped 2.5%" against "urban rent fell by 2.5% and suburban rent grew by 3.9%".
    Each figure is known by the words that lead to it, or by what it counts, and not the other's."""
    for one, other in combinations(claim.quantities, 2):
        said_one = next((o for o in sentence.quantities if one.same_figure(o)), None)
        said_other = next((o for o in sentence.quantities if other.same_figure(o)), None)
        if one.kind != other.kind or said_one is None or said_other is None or said_one == said_other:
            continue
        if one.baseline or other.baseline or said_one.baseline or said_other.baseline:
            continue  # the ends of a change: `_turned_round_change` reads them
        if _swapped(one.lead, other.lead, said_one.lead, said_other.lead):
            return Finding(
                True, f"the article gives {said_one.text} and {said_other.text} the other way round"
            )
        if _swapped(one.counts, other.counts, said_one.counts, said_other.counts):
            return Finding(
                True, f"the article says {said_one.described} and {said_other.described}, the other way round"
            )
    return None


def _swapped(
    mine: frozenset[str], theirs: frozenset[str], as_mine: frozenset[str], as_theirs: frozenset[str]
) -> bool:
    """Do the words of two figures (those leading to them, or what they count) go the other way round
    in the sentence: "eight men and four women" against "eight women and four men"? A figure with no
    words of its own ("fell to 8% from 9.4%") is told by its order, not here."""
    mine, theirs = mine - theirs, theirs - mine
    as_mine, as_theirs = as_mine - as_theirs, as_theirs - as_mine
    if not (mine and theirs and as_mine and as_theirs):
        return False
    return bool(mine & as_theirs or theirs & as_mine) and not (mine & as_mine or theirs & as_theirs)


def _changed_to(quantity: Quantity, same: Quantity, others: tuple[Quantity, ...]) -> Quantity | None:
    """The figure the sentence tells the change came to, when the claim's is the one it came from
    (`same`): "30 cents, a slide from the 51 cents it earned a year ago" for "came to 51 cents"."""
    if not same.baseline:
        return None
    return next((o for o in others if o.kind == quantity.kind and not o.baseline), None)


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
    quantity: Quantity,
    unmatched: tuple[Quantity, ...],
    claimed: tuple[Quantity, ...],
    article: str,
    following: str,
) -> Finding | None:
    """What to say of a claim's figure the sentence does not give: another figure that rules it out,
    one that may count something else, or none at all (unless said elsewhere of the same thing, or
    beside another of the `claimed` figures)."""
    rival = _rival(quantity, unmatched)
    if rival is not None and rival.excludes(quantity):
        return other_value(quantity.described, rival.described)
    if rival is not None:
        return Finding(False, f"the article only says {rival.described}, not {quantity.described}")
    if loose := _loose_rival(quantity, unmatched):
        return _another_figure(quantity, loose)
    if _said_elsewhere(quantity, article) or _said_next(quantity, following):
        return None
    if _told_beside(quantity, claimed, article):
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
    return next((o for o in others if quantity.in_another_unit(o)), None)


def _said_elsewhere(quantity: Quantity, article: str) -> bool:
    """Does the article give the same figure of the same thing: "at least 5 dead" for "at least five
    people died"? A label ("Tier 2") counts nothing: the article need only give it."""
    if quantity.kind.startswith("label"):
        return labelled_in(quantity, article)
    if quantity.days is not None:
        return _span_said_alone(quantity, article)
    return any(
        found_words(quantity.counts, other.counts) or found_words(other.counts, quantity.counts)
        for other in _same_figures(quantity, article)
    )


def labelled_in(quantity: Quantity, article: str) -> bool:
    """Is the claim's label ("Tier 2") one the article gives? Like a name, it need not be repeated in
    every sentence about it."""
    return quantity.kind.startswith("label") and bool(_same_figures(quantity, article))


def _span_said_alone(span: Quantity, article: str) -> bool:
    """Does a sentence of the article give the span of time with no other span beside it? "three days
    into a four-day visit" does not say the visit lasted three days; "over the last 12 months" alone
    gives the claim's "twelve months". An age is given only as an age: "in his 30s" is not "the last 20
    to 30 years"."""
    age = "old" in span.counts
    for figures in figures_by_sentence(article):
        spans = [f for f in figures if f.days is not None and (not age or "old" in f.counts)]
        if any(span.same_figure(f) for f in spans) and all(span.same_figure(f) for f in spans):
            return True
    return False


@lru_cache(maxsize=1024)  # asked again for every candidate sentence of the same article
def _told_beside(quantity: Quantity, claimed: tuple[Quantity, ...], article: str) -> bool:
    """Does a sentence of the article give the figure beside another of the claim's figures? "reduce the
    size of our team by about 13% and let more than 11,000 ... go" tells the claim's "11,000 staff,
    roughly 13 percent of its workforce": two figures told together are one fact, in whatever words."""
    others = [c for c in claimed if c is not quantity and not c.matches(quantity)]
    for figures in figures_by_sentence(article) if others else ():
        same = [f for f in figures if quantity.same_figure(f)]
        beside = [(o, f) for o in others for f in figures if f not in same and o.same_figure(f)]
        if same and beside and not any(_crossed((quantity, same[0]), pair) for pair in beside):
            return True
    return False


def _crossed(one: tuple[Quantity, Quantity], other: tuple[Quantity, Quantity]) -> bool:
    """Do two (claim, sentence) figures count each other's things: "eight women and four men" for "eight
    men and four women"?"""
    (mine, theirs), (my_other, their_other) = one, other
    return bool(
        (theirs.counts & my_other.counts and not theirs.counts & mine.counts)
        or (their_other.counts & mine.counts and not their_other.counts & my_other.counts)
    )


def _said_next(quantity: Quantity, following: str) -> bool:
    """Does the next sentence, going on about the same subject ("He was 68."), give the figure?"""
    first = following.split(maxsplit=1)[0].lower() if following else ""
    return first in BACK_REFERENCES and bool(_same_figures(quantity, following))


def figure_words(claim: Analysis, article: str, sentence: Analysis) -> frozenset[str]:
    """The claim's words that say what its figures count, where the article gives the same figure of
    the same thing: "injured" of "130 injured" when it says "130 others were injured"; all the words a
    figure counts, however the article words them, where the sentence gives it and the article tells it
    beside another of the claim's figures (`_told_beside`), or in another unit ("8.75 pounds" for "8.75
    kilograms"), whose clash the comparison of figures names."""
    given = [q for q in claim.quantities if any(q.same_figure(o) for o in sentence.quantities)]
    beside = (q.counts for q in given if _told_beside(q, claim.quantities, article))
    units = (q.counts for q in claim.quantities if any(q.in_another_unit(o) for o in sentence.quantities))
    return frozenset().union(
        *(found_words(q.counts, o.counts) for q in claim.quantities for o in _same_figures(q, article)),
        *beside,
        *units,
    )


def _same_figures(quantity: Quantity, article: str) -> list[Quantity]:
    return [o for o in figures_of(article) if quantity.same_figure(o)]


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


@lru_cache(maxsize=256)
def figures_of(text: str) -> tuple[Quantity, ...]:
    """The figures a whole article gives (cached: a claim's candidate sentences share articles)."""
    return read_figures(text)


@lru_cache(maxsize=64)
def figures_by_sentence(article: str) -> tuple[tuple[Quantity, ...], ...]:
    """The figures each sentence of an article gives, sentence by sentence."""
    return tuple(read_figures(sentence) for sentence in sentences(article))
