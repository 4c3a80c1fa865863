"""Numbers written in words, read as digits: "nearly seven million" -> "nearly 7 million", "sixth" -> "6th".

Built on text2num's `alpha2digit`, which leaves "one", "first" and "second" as words (they are more
often not figures: "for the first time", "one of the backers").
"""

from __future__ import annotations

import re
from functools import lru_cache

from text_to_num import alpha2digit

# alpha2digit writes a scale after digits as a number of its own: "close to 7 million" -> "7 1000000".
_SPLIT_SCALE = re.compile(r"\b(\d+(?:[.,]\d+)*)\s+1(000|000000|000000000|000000000000)\b")
# ...and a scale alone as digits: "nearly seven million" -> "7000000"; written back with its word.
_ROUND = re.compile(r"(?<![\d.,])(\d+?)(000000000000|000000000|000000)(?![\d.,])")
_SCALE_WORDS = {"000": "thousand", "000000": "million", "000000000": "billion", "000000000000": "trillion"}


@lru_cache(maxsize=8192)
def numerals(text: str) -> str:
    """The text with its number words as digits, scales kept as words ("7 million", "93 percent")."""
    digits = alpha2digit(text, "en")
    digits = _SPLIT_SCALE.sub(lambda m: f"{m.group(1)} {_SCALE_WORDS[m.group(2)]}", digits)
    return _ROUND.sub(lambda m: f"{m.group(1)} {_SCALE_WORDS[m.group(2)]}", digits)
