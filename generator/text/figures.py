"""Figures reported: the numbers a brief's sentences give for the things
analysts track over days (the dead, the injured, the missing, migrants
rescued, oil output in barrels a day, the dinar's exchange rate).

Only numbers written in the text are taken: Western or Arabic-Indic digits
(with "," "٬" thousands and "." "٫" decimal separators), optionally scaled by
a following ألف / آلاف / مليون / مليار, or ألف alone (a thousand).  A number
counts for a figure when

* a *counted noun* of the figure follows it within ``AFTER`` tokens
  ("12 قتيلا", "120 مهاجرا", "1.4 مليون برميل يوميا", "7.2 دينار للدولار"),
* or else an *action noun* or plural of the figure precedes it within
  ``BEFORE`` tokens ("مقتل 5", "وإصابة 10", "عدد القتلى إلى 12").

Migrants count only in a sentence about a rescue (إنقاذ، أنقذ، انتشال),
barrels only with "a day" (يوميا، في اليوم) after them, dinars only in a
sentence naming the dollar.  Anything else (years, dates, ages) is left out:
a figure is never guessed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .arabic import normalise, strip_clitics

AFTER = 3
BEFORE = 3

FIGURES = ("dead", "injured", "missing", "migrants-rescued", "barrels-per-day", "exchange-rate")


def _keys(words: str) -> frozenset[str]:
    return frozenset(strip_clitics(normalise(w)) for w in words.split())


# counted nouns: after the number
COUNTED = {
    "dead": _keys("قتيلا قتيلاً قتيل قتلى جثة جثث حالة_وفاة"),
    "injured": _keys("جريحا جريحاً جريح جرحى مصابا مصاباً مصابين"),
    "missing": _keys("مفقودا مفقوداً مفقود مفقودين"),
    "migrants-rescued": _keys("مهاجرا مهاجراً مهاجر مهاجرين مهاجرًا"),
    "barrels-per-day": _keys("برميل براميل"),
    "exchange-rate": _keys("دينار دينارات"),
}
# action nouns and plurals: before the number
PRECEDING = {
    "dead": _keys("مقتل قتلى القتلى وفاة وفيات الوفيات ضحايا الضحايا"),
    "injured": _keys("إصابة اصابة جرحى الجرحى المصابين مصابين الإصابات"),
    "missing": _keys("المفقودين مفقودين فقدان"),
    "migrants-rescued": frozenset(),
    "barrels-per-day": frozenset(),
    "exchange-rate": frozenset(),
}
RESCUE = _keys("إنقاذ انقاذ أنقذ أنقذت انتشال انتشلت")
PER_DAY = _keys("يوميا يومياً")
DOLLAR = _keys("دولار الدولار للدولار")
SCALE = {
    strip_clitics(normalise(w)): n
    for w, n in (
        ("ألف", 1_000),
        ("آلاف", 1_000),
        ("الف", 1_000),
        ("مليون", 1_000_000),
        ("ملايين", 1_000_000),
        ("مليار", 1_000_000_000),
    )
}

_TOKEN = re.compile(r"[0-9٠-٩]+(?:[,٬][0-9٠-٩]{3})*(?:[.٫][0-9٠-٩]+)?|[^\W\d_]+", re.UNICODE)
_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩٫", "0123456789.", ",٬")


@dataclass(frozen=True)
class Figure:
    kind: str  # one of FIGURES
    value: float
    text: str  # as written, e.g. "1.4 مليون"
    sentence: int  # index of the sentence in the brief


def _number(token: str) -> float | None:
    if token[0].isdigit():
        return float(token.translate(_DIGITS))
    return None


def figures_in(sentences: list[tuple[int, str]]) -> list[Figure]:
    """Every figure in (index, text) sentences, in text order."""
    found: list[Figure] = []
    for index, text in sentences:
        tokens = [(m.group(), m.start(), m.end()) for m in _TOKEN.finditer(text)]
        keys = [strip_clitics(normalise(t)) for t, _, _ in tokens]
        present = set(keys)
        i = 0
        while i < len(tokens):
            value = _number(tokens[i][0])
            start, end, nxt = tokens[i][1], tokens[i][2], i + 1
            if value is None and keys[i] in ("الف",) and (i == 0 or _number(tokens[i - 1][0]) is None):
                value = 1_000.0
            elif value is not None and nxt < len(tokens) and keys[nxt] in SCALE:
                value *= SCALE[keys[nxt]]
                end, nxt = tokens[nxt][2], nxt + 1
            if value is None:
                i += 1
                continue
            kind = _kind(keys, i, nxt, present)
            if kind:
                found.append(Figure(kind, value, text[start:end], index))
            i = nxt
    return found


def _kind(keys: list[str], i: int, after: int, present: set[str]) -> str | None:
    for j in range(after, min(len(keys), after + AFTER)):
        for kind, nouns in COUNTED.items():
            if keys[j] in nouns and _fits(kind, keys, j, present):
                return kind
    for j in range(i - 1, max(-1, i - 1 - BEFORE), -1):
        for kind, nouns in PRECEDING.items():
            if keys[j] in nouns:
                return kind
    return None


def _fits(kind: str, keys: list[str], j: int, present: set[str]) -> bool:
    if kind == "migrants-rescued":
        return bool(present & RESCUE)
    if kind == "barrels-per-day":
        window = keys[j + 1 : j + 4]
        return bool(set(window) & PER_DAY) or "يوم" in window
    if kind == "exchange-rate":
        return bool(present & DOLLAR)
    return True
