"""Example questions for /start, drawn from the indexed articles and checked to be answerable."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

from index import Newsdesk, StoredChunk, inner_names

TEMPLATES = ("What is the latest on {}?", "What do the articles say about {}?")
_TITLE_WORD = re.compile(r"[A-Za-z0-9]+")
ARTICLES_CONSIDERED = 5


def names_in(chunks: Iterable[StoredChunk]) -> Counter[str]:
    """Capitalised words inside sentences, by how often they occur: most likely names."""
    words = (name for chunk in chunks for name in inner_names(chunk.text))
    return Counter(word.removesuffix("’s").removesuffix("'s") for word in words)


def topics(desk: Newsdesk, limit: int = ARTICLES_CONSIDERED) -> list[tuple[str, str]]:
    """(article id, name) for the names the newest headlines are about: names used in the body that
    also appear in the title."""
    found: list[tuple[str, str]] = []
    for record in desk.articles()[:limit]:
        counts = names_in(desk.chunks_of(record.id))
        in_title = set(_TITLE_WORD.findall(record.title))
        ranked = sorted(counts, key=lambda name: (name in in_title, counts[name]), reverse=True)
        seen = {name for _, name in found}
        found.extend((record.id, name) for name in ranked[:2] if name not in seen)
    return found


def example_questions(desk: Newsdesk, count: int = 2) -> list[str]:
    """Up to `count` questions about different headlines' topics that the desk answers, leading with a
    sentence of that headline's own article: an example must show the bot at its best."""
    examples: list[str] = []
    for article_id, topic in topics(desk):
        question = TEMPLATES[len(examples) % len(TEMPLATES)].format(topic)
        answer = desk.ask(question)
        if not answer.abstained and answer.sources and answer.sources[0].article_id == article_id:
            examples.append(question)
        if len(examples) == count:
            break
    return examples
