"""Word senses from WordNet: two words mean the same when they share one of their common senses
("lawyer" and "attorney", "sedated" and "tranquilized", "bought" and "purchased").

The table (`senses.txt.gz`, built by `index.language.build_senses` from Princeton WordNet 3.1; its
licence is in `WORDNET_LICENSE`) is read on first use, off the start-up path.
"""

from __future__ import annotations

import gzip
from collections.abc import Iterable
from functools import cache, lru_cache
from pathlib import Path

SENSES_PATH = Path(__file__).with_name("senses.txt.gz")


def load_senses() -> None:
    """Read the table now rather than on the first comparison (a third of a second)."""
    _table()


@cache
def _table() -> dict[str, str]:
    """Each stem's sense numbers as written: kept as text, the table takes a sixth of the memory."""
    with gzip.open(SENSES_PATH, "rt", encoding="utf-8") as lines:
        return dict(line.rstrip("\n").split(" ", 1) for line in lines if " " in line)


@lru_cache(maxsize=8192)
def _senses(word_stem: str) -> frozenset[int]:
    return frozenset(map(int, _table().get(word_stem, "").split()))


def senses_of(stems: Iterable[str]) -> frozenset[int]:
    """All the common senses of these word stems."""
    return frozenset().union(*map(_senses, stems))


def shares_a_sense(word_stem: str, senses: frozenset[int]) -> bool:
    """Does the word have one of these senses?"""
    return not _senses(word_stem).isdisjoint(senses)
