"""Whether a retrieved sentence is worth quoting, and whether the evidence names what a question asks about.

Two failure modes of an extractive answerer are handled here. It quotes junk: photo credits and the
captions they follow, section headings, fragments, rhetorical questions from quotes. And it answers
questions the articles never cover, because a story that shares a place or a topic with the question
scores well on similarity: "How many were displaced by the floods in Pakistan?" is close to a report of a
Pakistan earthquake. The names a question uses (Pakistan, M23, Bank of Japan) are what it is about; when
the retrieved reports do not name them, the answer cannot be there.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping, Sequence, Set

from index.language.names import without_possessive
from index.language.tokens import WORD
from index.language.wordlists import MONTHS, NOT_NAMES
from index.model import Hit

# A photo credit: "Name/Agency", "CFOTO/Future Publishing/Getty Images", "(Photo by ...)", "Photos: ...".
_CREDIT = re.compile(r"[A-Za-z.]/[A-Z]|\bGetty Images?\b|\(Photo\b|\bPhotos?:")
# A photo caption ends on its dateline: "... in Washington, U.S., June 15, 2022." (a weekday before the
# date is prose: "on Tuesday, June 14, 2022.").
_CAPTION_DATELINE = re.compile(
    rf"(?<!day), (?:{'|'.join(m.capitalize() for m in MONTHS)})\.? \d{{1,2}}, (?:19|20)\d\d\.[\"'”’]?$"
)
_WEB_ADDRESS = re.compile(r"\b[\w-]+\.(?:com|org|net)\b")
# A web page's calls to action and links to other stories: "►More: ...", "Sign up for our newsletter ...",
# "View the full list of winners here", a video player's leftovers ("Video Ad Feedback ... Source: CNN").
_PAGE_FURNITURE = re.compile(
    r"^\W*(?:more|related|read more|see also|watch|listen)\s*:"
    r"|^\W*(?:sign up|subscribe|click here|view the full)\b"
    r"|\bnewsletter\b.*\b(?:sign up|subscribe)\b|\b(?:sign up|subscribe)\b.*\bnewsletter\b"
    r"|\bvideo ad feedback\b|\s-\s+source:\s",
    re.IGNORECASE,
)
# A link to another story, its label glued to its headline: "Live updates:First lady ...", "Shelves
# bare?:These products ...". Prose puts a space after a colon.
_LINK_LABEL = re.compile(r"^\W*[A-Z][^:.]{0,60}[A-Za-z?!]:[A-Z“\"‘']")
# A statement ends with a full stop or an exclamation mark (then maybe closing quotes or brackets); a
# question never states the fact asked for.
_STATEMENT_END = re.compile(r"[.!][\"'”’)\]]*$")
_QUESTION_END = re.compile(r"\?[\"'”’)\]]*$")
# Fewer words than this is a fragment ("He declined.", "Here is why.").
MIN_QUOTE_WORDS = 5
# A line without a full stop is a headline when it is this long ("Kanye West's Twitter account was
# locked"), otherwise a heading, label or credit ("Rise of an economic power", "Born: August 15, 1950").
MIN_HEADLINE_WORDS = 6
_OPEN_END = re.compile(r"[:—–-]$")
# A credit this close to the start of the next sentence marks the sentence before it as a caption.
_CAPTION_CREDIT_CHARS = 60
_QUESTION_SENTENCE = re.compile(r"(?<=[.?!])\s+")
_NAME_TOKEN = re.compile(r"\w[\w’'.&-]*\w|\w")
# "U.S." and "US", "U.N." and "UN" are the same name.
_DOTTED_INITIALS = re.compile(r"\b[a-z](?:\.[a-z])+\b\.?")
# Lower-case words that stay inside a name: "Bank of Japan", "Port-de-Paix", "Duke of the Abruzzi".
_NAME_LINKS = frozenset({"of", "de", "the"})
# A name absent as a phrase but with its words scattered around counts this much of a name found.
_SCATTERED_CREDIT = 0.5


def quotable(sentence: str, next_sentence: str | None) -> bool:
    """True for a sentence that can be quoted as an answer: a statement or headline of a few words, not a
    photo credit, not a caption (the sentence a credit follows, or one ending on its dateline), not a
    heading, not a question, not a page's call to action or link to another story."""
    if any(p.search(sentence) for p in (_CREDIT, _CAPTION_DATELINE, _WEB_ADDRESS, _PAGE_FURNITURE)):
        return False
    if _LINK_LABEL.search(sentence):
        return False
    words = len(sentence.split())
    if _QUESTION_END.search(sentence) or _OPEN_END.search(sentence) or words < MIN_QUOTE_WORDS:
        return False
    if not _STATEMENT_END.search(sentence) and words < MIN_HEADLINE_WORDS:
        return False
    return next_sentence is None or not _CREDIT.search(next_sentence[:_CAPTION_CREDIT_CHARS])


def question_names(question: str) -> list[str]:
    """The names a question uses, as phrases: capitalised words past each sentence's first, and words
    mixing letters and digits ("M23", "BA.5"), joined by "of", "de" or "the" ("Bank of Japan")."""
    names: list[str] = []
    for sentence in _QUESTION_SENTENCE.split(question):
        run: list[str] = []  # the name being read, with any links after it
        joinable = False
        previous_end = 0
        for index, match in enumerate(_NAME_TOKEN.finditer(sentence)):
            word = without_possessive(match.group())
            named = index > 0 and is_name(word)
            adjacent = joinable and sentence[previous_end : match.start()] == " "
            if adjacent and (named or word in _NAME_LINKS):
                run.append(word)
            else:
                names.extend(_name_of(run))
                run = [word] if named else []
            # A possessive ends a name: "Trump's Mar-a-Lago" is two.
            joinable = bool(run) and word == match.group()
            previous_end = match.end()
        names.extend(_name_of(run))
    return names


def _name_of(run: list[str]) -> list[str]:
    """The name a run of words makes, without trailing links ("Bank of" from "Bank of the ...")."""
    while run and run[-1] in _NAME_LINKS:
        run = run[:-1]
    return [" ".join(run)] if run else []


def is_name(word: str) -> bool:
    has_digit = any(c.isdigit() for c in word)
    looks_named = word[0].isupper() or (has_digit and any(c.isalpha() for c in word))
    return looks_named and word.lower() not in NOT_NAMES


def name_coverage(
    names: Sequence[str], hits: Sequence[Hit], weight: Callable[[str], float], question_weight: float
) -> float:
    """Share of the question's weight that the retrieved chunks (titles and text) do not leave out by
    missing one of its names. Words are weighed by rarity (IDF, `weight` of a name, `question_weight` of
    the whole question): a missing "US" costs little, a missing "M23" most of "What did the M23 rebels
    do?". A name whose words only appear apart is half missing. 1 when every name is there."""
    if not names or question_weight <= 0:
        return 1.0
    text = _undotted(" ".join(f"{hit.chunk.title}\n{hit.chunk.text}" for hit in hits).lower())
    words = set(WORD.findall(text))
    missing = 0.0
    for name in names:
        phrase = _undotted(name.lower())
        if re.search(rf"(?<!\w){re.escape(phrase)}(?!\w)", text):
            continue
        parts = WORD.findall(phrase)
        found = _SCATTERED_CREDIT * sum(p in words for p in parts) / len(parts)
        missing += weight(name) * (1.0 - found)
    return max(0.0, 1.0 - missing / question_weight)


def _undotted(text: str) -> str:
    return _DOTTED_INITIALS.sub(lambda initials: initials.group().replace(".", ""), text)


def missing_word_share(
    weights: Mapping[str, float], evidence_stems: Set[str], counted: Callable[[str], bool]
) -> float:
    """The largest share of the question's weight that one of its `counted` words holds while no retrieved
    report uses it (0 when the reports use them all). Words are stems weighed by rarity (IDF)."""
    total = math.fsum(weights.values())
    missing = (w for stem, w in weights.items() if stem not in evidence_stems and counted(stem))
    return max(missing, default=0.0) / total if total else 0.0
