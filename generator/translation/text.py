"""Arabic text helpers used by the translation package.

Normalisation and sentence splitting belong to ``generator.text.arabic`` (one
definition for the whole pipeline, so that the memory lookup agrees with the
brief stage).  They are imported on first use rather than at import time so
that ``import generator.translation`` never depends on import order.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Callable

# Arabic script blocks: Arabic, Arabic Supplement, Arabic Extended-A and the
# presentation forms.  Used to tell Arabic text from English output.
ARABIC_LETTER = re.compile(r"[\u0620-\u064A\u066E-\u06D3\u06D5\u06FA-\u06FF\u0750-\u077F\u08A0-\u08FF\uFB50-\uFDFF\uFE70-\uFEFC]")


@lru_cache(maxsize=None)
def _arabic() -> tuple[Callable[[str], str], Callable[[str], list[str]]]:
    from ..text import arabic

    return arabic.normalise, arabic.split_sentences


def normalise(text: str) -> str:
    return _arabic()[0](text)


def split_sentences(text: str) -> list[str]:
    return list(_arabic()[1](text))


def has_arabic(text: str) -> bool:
    return ARABIC_LETTER.search(text) is not None


def mostly_arabic(text: str) -> bool:
    """True when more than half of the letters are Arabic: an "English" answer
    like that is the engine echoing its input, not a translation."""
    letters = [ch for ch in text if ch.isalpha()]
    if not letters:
        return False
    arabic = sum(1 for ch in letters if ARABIC_LETTER.match(ch))
    return arabic * 2 > len(letters)


def shorten(text: str, limit: int = 60) -> str:
    """A one-line excerpt of a segment for messages."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
