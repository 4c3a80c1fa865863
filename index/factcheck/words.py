"""Words as the fact-check rules compare them: stems that mean the same or the opposite, and the phrase
around a word as written, for the explanations."""

from __future__ import annotations

from index.factcheck.claims import CUE_SCOPE, Analysis
from index.language.roles import SAME_DEED
from index.language.senses import senses_of, shares_a_sense
from index.language.tokens import stem
from index.language.wordlists import NEGATION_LEAD_INS, OPPOSITE_PAIRS, SYNONYM_GROUPS


def _stems(words: str) -> frozenset[str]:
    return frozenset(stem(w) for w in words.split())


OPPOSITES = tuple((_stems(a), _stems(b)) for a, b in OPPOSITE_PAIRS)


SYNONYMS = tuple(_stems(group) for group in SYNONYM_GROUPS)


_RELATED = (*SYNONYMS, *(a | b for a, b in OPPOSITES))


# Stems of the same meaning: the language layer's groups of one deed (synonyms, a side of an opposite).
SAME_MEANING = SAME_DEED


def found_words(
    claim: frozenset[str], sentence: frozenset[str], related: tuple[frozenset[str], ...] = _RELATED
) -> frozenset[str]:
    """Claim stems the sentence has: the same stem, a synonym (listed, or a common WordNet sense), the
    same first six letters ("competitive" for "compete"), or an opposite (the same slot filled the
    other way: the polarity rules judge it); with `related=SYNONYMS`, not an opposite."""
    lacking = claim - sentence
    if not lacking:
        return claim
    prefixes = {s[:6] for s in sentence if len(s) >= 6}
    meanings = senses_of(sentence)
    found = set(claim & sentence)
    for word in lacking:
        same_prefix = len(word) >= 6 and word[:6] in prefixes
        listed = any(word in group and group & sentence for group in related)
        if same_prefix or listed or shares_a_sense(word, meanings):
            found.add(word)
    # A hyphenated word's parts run together ("fifthbiggest") is found when each part is ("fifth-largest").
    found |= {word for word in lacking - found if _joined_of(word, frozenset(found))}
    return frozenset(found)


def _joined_of(word: str, parts: frozenset[str]) -> bool:
    """Is the word two of these stems run together ("fifth" and "biggest")?"""
    return any(word[:i] in parts and stem(word[i:]) in parts for i in range(2, len(word) - 1))


def turned_phrase(analysis: Analysis, word_stem: str) -> str:
    """The words from the cue to the word it turns round, as written: "failed to reach a fresh record"."""
    tokens = analysis.tokens
    for index in (i for i, t in enumerate(tokens) if t.stem == word_stem):
        cues = [i for i in range(max(0, index - CUE_SCOPE), index) if tokens[i].cue]
        if cues:
            first, last = tokens[max(0, cues[-1] - 1)], tokens[index]
            return analysis.text[first.start : last.start + len(last.text)]
    return analysis.words_with_stem(word_stem)


def neighbours(analysis: Analysis, word_stem: str, reach: int = 4) -> set[str]:
    """Stems of the content words around a word: what it is said of."""
    found: set[str] = set()
    for i, token in enumerate(analysis.tokens):
        if token.stem == word_stem:
            window = analysis.tokens[max(0, i - reach) : i + reach + 1]
            found |= {t.stem for t in window if t.stem != word_stem and t.stem in analysis.content}
            found |= {t.lower for t in window if t.text[0].isupper()}
    return found


def phrase(analysis: Analysis, word_stem: str) -> str:
    """The word with its neighbours, as written: "did not capture Goma"."""
    index = next((i for i, t in enumerate(analysis.tokens) if t.stem == word_stem), None)
    if index is None:
        return word_stem
    start = index
    while start > max(0, index - 3) and analysis.tokens[start - 1].lower in NEGATION_LEAD_INS:
        start -= 1
    end = min(len(analysis.tokens), index + 3)
    first, last = analysis.tokens[start], analysis.tokens[end - 1]
    return analysis.text[first.start : last.start + len(last.text)]
