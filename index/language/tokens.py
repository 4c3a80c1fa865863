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


def whole_words(text: str, span: str) -> str:
    """The span as the text writes it, widened to the words it cuts into: the "$" before "5", the
    "-fil-A" after "Chick" (the entity recogniser leaves them out). Unchanged when the text lacks it."""
    start = text.find(span)
    if start < 0:
        return span
    end = start + len(span)
    while start > 0 and (text[start - 1].isalnum() or text[start - 1] in "$€£¥"):
        start -= 1
    while end < len(text) and (
        text[end].isalnum() or (text[end] == "-" and end + 1 < len(text) and text[end + 1].isalnum())
    ):
        end += 1
    return text[start:end]
