"""Tokens of raw text with their spans, and the proclitic readings of a word.

``scan`` is the one tokenizer of the brief stage: the annotated document
(``generator.text.document``) runs it once per sentence, and the lexicons
(gazetteer, topics, dates) run it on their entries when they are loaded.

The proclitic letters come from the one clitic table, ``arabic.CONJUNCTIONS``
and ``arabic.PREPOSITIONS``, which ``arabic.strip_clitics`` (search and
similarity) and the translation glossary read as well.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import NamedTuple

from .arabic import CONJUNCTIONS, PREPOSITIONS, normalise

__all__ = ["Token", "scan", "clitic_readings", "raw_prefix_end", "text_quote", "QUOTES", "CONJUNCTIONS", "PREPOSITIONS"]

_MARKS = "\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640\u200c\u200d"
_TOKEN_RE = re.compile(
    rf"(?P<w>(?:[^\W\d_]|[{_MARKS}])+)"  # a word: letters with marks/tatweel inside
    r"|(?P<n>\d+(?:[.,\u066b\u066c]\d+)*)"  # a number (any script's digits)
    r"|(?P<p>\S)"  # any other visible character
)
QUOTES = frozenset("\"'“”„‟«»‹›″‘’`´")


class Token(NamedTuple):
    """One token of raw text: ``kind`` is "w" (word), "n" (number) or "p"
    (punctuation); ``key`` is the normalised form used for matching.

    A named tuple, not a dataclass: an article has thousands of tokens and a
    tuple is made several times faster; it is just as immutable."""

    text: str
    start: int
    end: int
    kind: str
    key: str
    quoted: bool = False  # a quotation mark stands right before it


def scan(text: str) -> list[Token]:
    """Word, number and punctuation tokens of ``text`` with their spans.

    Quotation marks are not tokens (names are quoted freely: “مارتن أندرو”),
    but the token after an opening quote has ``quoted=True``.
    """
    tokens: list[Token] = []
    quote_pending = False
    for m in _TOKEN_RE.finditer(text):
        kind = m.lastgroup or "p"
        raw = m.group()
        if kind == "p" and raw in QUOTES:
            quote_pending = True
            continue
        key = normalise(raw) if kind != "p" else raw
        if kind == "n":
            key = "".join(str(unicodedata.digit(c, c)) if c.isdigit() else c for c in key)
        tokens.append(Token(raw, m.start(), m.end(), kind, key, quote_pending))
        quote_pending = False
    return tokens


_CONJ = ("", *CONJUNCTIONS)
_PREP = ("", *PREPOSITIONS)


@lru_cache(maxsize=65536)
def clitic_readings(key: str) -> tuple[tuple[int, bool, str], ...]:
    """The ways a normalised word can be read as proclitics + (article) + stem.

    Returns ``(clitic_length, has_article, stem)`` triples, the unprefixed
    reading first.  ``clitic_length`` counts the conjunction and preposition
    letters only (the article belongs to the word); for "لل" (ل + ال, the
    alef dropped in spelling) it is 1 and the article is "ل".  Stems are at
    least two letters long.
    """
    out: list[tuple[int, bool, str]] = []
    seen: set[tuple[int, bool, str]] = set()

    def add(n: int, art: bool, stem: str) -> None:
        if len(stem) >= 2 and (n, art, stem) not in seen:
            seen.add((n, art, stem))
            out.append((n, art, stem))

    for c in _CONJ:
        if not key.startswith(c):
            continue
        r1 = key[len(c) :]
        for p in _PREP:
            if not r1.startswith(p):
                continue
            r2 = r1[len(p) :]
            n = len(c) + len(p)
            if p == "ل" and r2.startswith("ل") and not r2.startswith("ال"):
                add(n, True, r2[1:])  # لل = ل + ال
                add(n, True, r2)  # للجنة = ل + ال + لجنة (the two lams merge)
            if r2.startswith("ال"):
                add(n, True, r2[2:])
            add(n, False, r2)
    out.sort(key=lambda t: t[0])
    # cached and shared between callers, so immutable
    return tuple(out)


def text_quote(raw: str, i: int) -> bool:
    return 0 <= i < len(raw) and raw[i] in QUOTES


def raw_prefix_end(raw: str, letters: int) -> int:
    """Index in ``raw`` just after its first ``letters`` normalised letters
    (and any marks/tatweel that follow them): maps a clitic length found on
    the normalised key back onto the text as written."""
    if letters <= 0:
        return 0
    count = 0
    i = 0
    while i < len(raw) and count < letters:
        count += len(normalise(raw[i]))
        i += 1
    while i < len(raw) and not normalise(raw[i]):
        i += 1
    return i
