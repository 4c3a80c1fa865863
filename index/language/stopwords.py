"""Stop words: the words too common to say what a text is about, and words that open a sentence or
phrase without naming anyone."""

from __future__ import annotations

import bm25s

# BM25's English list: the search index, the answerers and the checkers leave these out.
STOPWORDS = frozenset(bm25s.stopwords.STOPWORDS_EN)

# Capitalised words that start sentences or phrases without naming anyone.
NOT_NAME_OPENERS = frozenset(
    # A word list reads better as one string.
    """a an the this that these those there here it its he she his her they their them we our you your i
    in on at by for from with to of as after before during since until while when where if but and or so
    also yes no not however meanwhile according despite although though because then thus therefore both
    all some many most several each every one another other such today yesterday tomorrow last next
    earlier later now what who which how why""".split()  # noqa: SIM905
)
