"""Word tokens and their stems: one tokenizer for BM25, the answerers, the validator and the checker."""

from __future__ import annotations

import re
import threading

import Stemmer

from index.language.stopwords import STOPWORDS

# A word, as every stage splits text into words.
WORD = re.compile(r"\w+")


class Tokenizer:
    """Lower-cased, stop-word-free, stemmed word tokens, shared by BM25 and the answerer."""

    def __init__(self) -> None:
        # A PyStemmer stemmer is not thread-safe: each thread that stems gets its own.
        self._local = threading.local()

    @property
    def _stemmer(self) -> Stemmer.Stemmer:
        stemmer = getattr(self._local, "stemmer", None)
        if stemmer is None:
            stemmer = self._local.stemmer = Stemmer.Stemmer("english")
        return stemmer

    def words(self, text: str) -> list[str]:
        return [w for w in WORD.findall(text.lower()) if w not in STOPWORDS]

    def stems(self, text: str) -> list[str]:
        return list(self._stemmer.stemWords(self.words(text)))


# The one tokenizer every module uses.
TOKENIZER = Tokenizer()


def stem(word: str) -> str:
    """One word's stem ("rose" -> "rose", "captured" -> "captur"); a stop word comes back lower-cased."""
    stems = TOKENIZER.stems(word)
    return stems[0] if stems else word.lower()
