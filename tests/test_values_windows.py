"""A figure is read from the words near it, wherever it stands in a long article."""

from index.factcheck.figures import figures_of
from index.factcheck.values import Quantity

PARAGRAPH = (
    "Officials said the storm damaged about 5,000 homes in the region, and it could cost up to $2 billion "
    "if the rains return. Crews cleared 12 roads on Tuesday while thousands of residents waited.\n\n"
)


def _middle(figures: tuple[Quantity, ...], copies: int) -> tuple[list[Quantity], list[Quantity]]:
    """The figures of all copies of the paragraph but the first and the last: numbers, and rough amounts
    (which come after the numbers)."""
    numbers, rough = [q for q in figures if not q.vague], [q for q in figures if q.vague]
    assert (len(numbers), len(rough)) == (3 * copies, copies)
    return numbers[3:-3], rough[1:-1]


def test_a_paragraph_far_into_a_long_article_gives_the_figures_it_gives_near_the_start() -> None:
    numbers, rough = _middle(figures_of(PARAGRAPH * 3), 3)
    assert [q.text for q in numbers + rough] == ["about 5,000", "up to $2 billion", "12", "thousands"]
    assert numbers[1].conditional and numbers[1].bound == "upper" and "return" in numbers[1].context
    far_numbers, far_rough = _middle(figures_of(PARAGRAPH * 400), 400)
    assert far_numbers == numbers * 398 and far_rough == rough * 398


def test_a_figure_takes_its_words_from_its_own_sentence() -> None:
    """In two sentences read together, "$3.99" counts nothing from the next sentence ("That forecast"),
    and the next sentence's figure is not led by the words of the first."""
    price, stations = figures_of("GasBuddy projected an average of $3.99. That forecast held at 300 sites.")
    assert price.counted == "" and "forecast" not in price.counts
    assert stations.counted == "sites" and "gasbuddi" not in stations.lead


def test_a_contraction_before_a_figure_owns_nothing() -> None:
    """ "That's about 24,000 stations" is "that is": the figure is nobody's, unlike "Gonzalez's 111"."""
    (stations,) = figures_of("That's about 24,000 stations nationwide.")
    (catches,) = figures_of("It broke Gonzalez's 111 catches.")
    assert stations.owner == "" and catches.owner == "Gonzalez"
