"""UI strings, dates and numbers in each site language.

Template strings live in gettext catalogs next to the templates
(``templates/locale/<lang>/LC_MESSAGES/messages.po``).  They are compiled in
memory at build time, so a fresh checkout needs no separate compile step and
``site/`` never depends on a stale ``.mo`` file.
"""

from __future__ import annotations

import datetime as dt
import io
from functools import lru_cache
from pathlib import Path

from babel.dates import format_date
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_decimal
from babel.support import NullTranslations, Translations

from .models import Problem

ARABIC_INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
CATALOG_DOMAIN = "messages"


def catalog_path(templates_dir: Path, lang: str) -> Path:
    return templates_dir / "locale" / lang / "LC_MESSAGES" / f"{CATALOG_DOMAIN}.po"


def load_translations(templates_dir: Path, lang: str) -> tuple[NullTranslations, list[Problem]]:
    """Compile the language's catalog in memory; English is the source language."""
    path = catalog_path(templates_dir, lang)
    if lang == "en" or not path.exists():
        problems = [] if lang == "en" else [Problem(str(path), None, "no catalog: UI strings stay in English", "warning")]
        return NullTranslations(), problems
    with path.open("rb") as fh:
        catalog = read_po(fh, locale=lang)
    problems = []
    for message in catalog:
        if message.id and not message.string:
            problems.append(Problem(str(path), message.lineno, f"untranslated UI string {message.id!r}", "warning"))
    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    buffer.seek(0)
    return Translations(fp=buffer, domain=CATALOG_DOMAIN), problems


class Formatter:
    """Dates and numbers for one page language, honouring the digit policy."""

    def __init__(self, locale: str, lang: str, digits: str = "western"):
        self.locale = locale
        self.lang = lang
        self.arabic_digits = lang == "ar" and digits == "arabic-indic"

    def _digits(self, text: str) -> str:
        return text.translate(ARABIC_INDIC) if self.arabic_digits else text

    def date(self, value: dt.date | None, style: str = "long") -> str:
        if value is None:
            return ""
        if style == "iso":
            return self._digits(value.isoformat())
        if style == "short-weekday":
            # "Wed 10 Sep 2025": compact for event lines
            # British CLDR data abbreviates September as "Sept"; news style
            # (and the event lines analysts paste elsewhere) uses three letters
            locale = "en" if self.lang == "en" else self.locale
            return self._digits(format_date(value, "EEE d MMM y", locale=locale))
        if style == "month":
            return self._digits(format_date(value, "LLLL y", locale=self.locale))
        return self._digits(format_date(value, style, locale=self.locale))

    def number(self, value: int | float) -> str:
        return self._digits(format_decimal(value, locale=self.locale))


@lru_cache(maxsize=None)
def formatter(locale: str, lang: str, digits: str) -> Formatter:
    return Formatter(locale, lang, digits)
