"""The index pages in each language's order: tags through the taxonomy,
actors and outlets sorted by the name the reader sees, actors grouped.

Collation.  PyICU ships only as a source package that needs the ICU headers
to build, so Arabic order comes from ``arabic_sort_key`` instead, a key of
our own following the order of Arabic dictionaries:

* letters in alphabetical (hija'i) order, ا ب ت ث ج ح خ د ذ ر ز س ش ص ض ط ظ
  ع غ ف ق ك ل م ن ه و ي;
* hamza forms are their carrier letter (أ إ آ ٱ → ا, ؤ → و, ئ → ي; a bare ء
  is ignored), ة sorts as ه and ى as ي;
* diacritics and tatweel are ignored;
* the article "ال" at the start of a word is ignored, so الصديق الكبير is
  found under ص ("ال" inside a word, as in عبدالحميد, is kept);
* digits come before letters, Latin letters after Arabic ones.

English names sort case- and accent-insensitively.  Names sort without the
military rank shown before them ("Lt Gen"), as a reader looks a person up by
name.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import TypeVar

ARABIC_ALPHABET = "ابتثجحخدذرزسشصضطظعغفقكلمنهوي"
_FOLD = {"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ؤ": "و", "ئ": "ي", "ة": "ه", "ى": "ي", "ء": ""}
_RANK = {letter: n for n, letter in enumerate(ARABIC_ALPHABET)}

T = TypeVar("T")


def _fold_arabic(word: str) -> str:
    word = "".join(c for c in unicodedata.normalize("NFKC", word) if not unicodedata.combining(c) and c != "\u0640")
    word = "".join(_FOLD.get(c, c) for c in word)
    return word[2:] if word.startswith("ال") and len(word) > 3 else word


def arabic_sort_key(text: str) -> tuple:
    """A sort key for Arabic names (see the module docstring)."""
    key = []
    for word in text.split():
        codes = []
        for c in _fold_arabic(word):
            if c.isdigit():
                codes.append((0, unicodedata.digit(c, 0)))
            elif c in _RANK:
                codes.append((1, _RANK[c]))
            elif c.isalpha():
                codes.append((2, ord(c.casefold())))
        if codes:
            key.append(tuple(codes))
    return tuple(key)


def latin_sort_key(text: str) -> tuple:
    plain = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return tuple(word for word in plain.casefold().replace("-", " ").split())


def sort_key(text: str, lang: str) -> tuple:
    return arabic_sort_key(text) if lang == "ar" else latin_sort_key(text)


def in_order(items: Iterable[T], lang: str, name_of: Callable[[T], str]) -> list[T]:
    """*items* sorted by their displayed name in *lang*'s collation."""
    return sorted(items, key=lambda item: (sort_key(name_of(item), lang), name_of(item)))


@dataclass(frozen=True)
class Group:
    """A heading of an index page and the entries under it."""

    kind: str  # person | organisation
    label_en: str | None  # the affiliation ("Government of National Unity"), or None
    label_ar: str | None
    entries: tuple

    def label(self, lang: str) -> str | None:
        return self.label_ar if lang == "ar" else self.label_en


def group_actors(entries: Sequence, lang: str, affiliation_of: Callable[[object], tuple[str, str] | None]) -> list[Group]:
    """People first, then organisations; within each, one group per
    affiliation (the gazetteer's organisation for a person, country for an
    organisation), groups and names in *lang*'s order, the unaffiliated last."""
    groups: list[Group] = []
    for kind in ("person", "organisation"):
        of_kind = [e for e in entries if e.actor.kind == kind]
        by_label: dict[tuple[str, str] | None, list] = {}
        for entry in of_kind:
            by_label.setdefault(affiliation_of(entry.actor), []).append(entry)
        labels = in_order([k for k in by_label if k], lang, lambda k: k[1] if lang == "ar" else k[0])
        for label in [*labels, None] if None in by_label else labels:
            names = in_order(by_label[label], lang, lambda e: e.actor.name_ar if lang == "ar" else e.actor.name_en)
            groups.append(Group(kind, label[0] if label else None, label[1] if label else None, tuple(names)))
    return groups


def tag_labels(taxonomy, gazetteer) -> dict[str, tuple[str, str]]:
    """English and Arabic labels of the tags articles carry in their front
    matter: a topic of the taxonomy (its id, or one of its ``tags``), else a
    place, organisation or person of the gazetteer by id."""
    labels: dict[str, tuple[str, str]] = {}
    if gazetteer is not None:
        for entry in (*gazetteer.people, *gazetteer.organisations, *gazetteer.places):
            labels[entry.id] = (entry.en, entry.ar[0] if entry.ar else entry.en)
    if taxonomy is not None:
        for topic in taxonomy.topics:
            for tag in (topic.id, *topic.tags):
                labels[tag] = (topic.en, topic.ar)
    return labels


def affiliations(gazetteer) -> Callable[[object], tuple[str, str] | None]:
    """An actor's affiliation from the gazetteer: a person's organisation, an
    organisation's country."""

    def of(actor) -> tuple[str, str] | None:
        if gazetteer is None:
            return None
        if actor.kind == "person":
            person = gazetteer.person(actor.id)
            body = gazetteer.organisation(person.org) if person else None
        else:
            org = gazetteer.organisation(actor.id)
            body = gazetteer.place(org.country) if org else None
        if body is None:
            return None
        return body.en, body.ar[0] if body.ar else body.en

    return of
