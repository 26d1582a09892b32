"""Names and terms that must come out the same way every time.

Sources: ``content/glossary.yaml`` (house renderings of institutions, titles
and phrases) and ``content/gazetteer.yaml`` (people, organisations, places).

Two kinds of term, because engines handle them differently:

* **Protected** terms are proper names: every gazetteer entry, and glossary
  entries whose English is a multi-word title-case name ("House of
  Representatives").  Before machine translation each occurrence is replaced
  by a numbered placeholder ``__G1__`` that engines pass through as an
  unknown token, and the house English is put back afterwards.
* **Checked** terms are the other glossary entries ("acting", "whose mandate
  has expired", "prime minister"): swapping them for a token would wreck
  English word order (وزير الداخلية المكلف = *acting* Interior Minister), so
  the engine translates them and we only check that the house rendering
  appears, with a warning when it does not.  A glossary entry may say
  ``protect: true`` or ``protect: false`` to override the choice.

English forms used when restoring: people get their full ``en`` name, or
the surname alone when the Arabic named them by surname alone ("الدبيبة" ->
"Dbeibah").  Organisations get their full ``en`` name, never ``short_en``:
a key point or headline is often shown on its own, where an unexplained
"HoR" would puzzle readers.  ``short_en`` is still accepted by the checks.
Organisations named with a definite Arabic form get "the" ("the House of
Representatives"), as English requires.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Sequence

from ..text.arabic import CONJUNCTIONS
from ..config import GAZETTEER_FILE
from ..models import Problem
from .text import normalise
from ..text.lexicon import Lexicon, Reading, form_of, words
from ..text.lexicons import read_lexicon
from ..text.tokens import Token, raw_prefix_end
from ..yamlio import LINE_KEY, load_yaml, text_list

GLOSSARY_FILE = "glossary.yaml"

PLACEHOLDER = "__G{}__"
# Engines sometimes space or re-case a placeholder ("__ G1 __", "__g1__").
PLACEHOLDER_RE = re.compile(r"_{1,2}\s?G\s?(\d{1,3})\s?_{1,2}", re.IGNORECASE)

# Proclitics that may be glued to a name: conjunctions و ف, prepositions ب ل ك.
_CONJUNCTIONS = "".join(CONJUNCTIONS)
_SMALL_WORDS = {"of", "the", "and", "for", "on", "in", "to", "de", "al", "el", "at"}


@dataclass(frozen=True)
class Term:
    en: str
    variants: tuple[str, ...]  # Arabic, as written in the file
    kind: str  # "person", "organisation", "place" or "term"
    protect: bool
    file: str  # file label for problems, e.g. "content/gazetteer.yaml"
    line: int | None = None
    id: str | None = None
    short_en: str | None = None

    @property
    def surname(self) -> str | None:
        if self.kind != "person":
            return None
        parts = self.en.split()
        return parts[-1] if len(parts) > 1 else None

    def accepted(self) -> tuple[str, ...]:
        """English forms that count as using the term."""
        return tuple(f for f in (self.en, self.short_en, self.surname) if f)

    def english_for(self, arabic: str) -> str:
        """The English to put in place of the Arabic *arabic* (one variant)."""
        if self.kind == "person" and len(arabic.split()) == 1 and self.surname:
            return self.surname
        if (
            self.kind == "organisation"
            and not self.en.lower().startswith("the ")
            and any(normalise(word).startswith("ال") for word in arabic.split())
        ):
            return "the " + self.en
        return self.en


@dataclass(frozen=True)
class Slot:
    """One placeholder in a protected text."""

    number: int
    term: Term
    english: str


@dataclass(frozen=True)
class Protected:
    text: str  # the Arabic with placeholders: what engines see and the cache keys on
    slots: tuple[Slot, ...] = ()


def _is_proper_name(english: str) -> bool:
    words = english.replace("-", " ").split()
    return len(words) >= 2 and all(w[:1].isupper() or w.lower() in _SMALL_WORDS for w in words) and words[0][:1].isupper()


@dataclass
class Glossary:
    terms: list[Term] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._compile()

    # -- loading -----------------------------------------------------------------------

    @classmethod
    def load(cls, content_path: Path, content_label: str = "content") -> "Glossary":
        terms: list[Term] = []
        problems: list[Problem] = []
        _read_gazetteer(content_path / GAZETTEER_FILE, f"{content_label}/{GAZETTEER_FILE}", terms, problems)
        _read_glossary(content_path / GLOSSARY_FILE, f"{content_label}/{GLOSSARY_FILE}", terms, problems)
        return cls(terms, problems)

    def _compile(self) -> None:
        """One lexicon per kind of term (protected or checked) over the
        normalised variants; the first entry listing a variant owns it."""
        self._by_variant: dict[str, Term] = {}
        for term in self.terms:
            for variant in term.variants:
                key = normalise(variant)
                if not key:
                    continue
                other = self._by_variant.get(key)
                if other is None:
                    self._by_variant[key] = term
                elif other.en != term.en and other.protect == term.protect:
                    self.problems.append(
                        Problem(
                            term.file,
                            term.line,
                            f"'{variant}' is also listed for '{other.en}' ({other.file}:{other.line}); the first entry wins",
                            "warning",
                        )
                    )
        # The glossary matches each variant as spelled (spacing included), on
        # the words of the normalised text, never inside a longer run of
        # letters or digits; "للجنة" reads as ل + الجنة only (see
        # ``generator.text.lexicon``).
        self._lexicons: dict[bool, Lexicon[tuple[str, Term]]] = {
            protect: Lexicon(
                (
                    (form_of(key, folded_words=True), (key, term))
                    for key, term in self._by_variant.items()
                    if term.protect == protect
                ),
                merged_lams=False,
                exact_spacing=True,
                word_boundaries=True,
            )
            for protect in (True, False)
        }

    def _matches(self, text: str, protect: bool, tokens: Sequence[Token] | None = None):
        """(start, end, proclitic, matched Arabic, term) for each occurrence in *text*.

        At each token the preferred reading is the one with the full
        article, then the most proclitic letters, then the longest variant;
        a proclitic before a variant of fewer than three letters is more
        likely part of one word, and the match is dropped."""
        lexicon = self._lexicons[protect]
        if not lexicon:
            return
        tokens = words(text, folded=True) if tokens is None else tokens
        i = 0
        while i < len(tokens):
            found = lexicon.readings_at(text, tokens, i)
            if not found:
                i += 1
                continue
            best = max(found, key=_preference) if len(found) > 1 else found[0]
            (key, term), first, last = best.entry, tokens[i], tokens[i + best.length - 1]
            i += best.length
            pre = first.key[: best.clitics]
            if pre and len(key.replace(" ", "")) < 3:
                continue
            start = _letter_at(text, first.start, first.end)
            end = last.end
            while end > last.start and not normalise(text[end - 1]):
                end -= 1
            term_start = _letter_at(text, first.start + raw_prefix_end(first.text, best.clitics), first.end)
            yield start, end, pre, text[term_start:end], term

    # -- protect / restore -------------------------------------------------------------

    def protect(self, text: str) -> Protected:
        """Replace protected names in *text* with numbered placeholders."""
        out: list[str] = []
        slots: list[Slot] = []
        numbers: dict[tuple[str, str], int] = {}
        position = 0
        for start, end, pre, arabic, term in self._matches(text, True):
            english = term.english_for(arabic)
            number = numbers.get((term.en, english))
            if number is None:
                number = numbers[(term.en, english)] = len(slots) + 1
                slots.append(Slot(number, term, english))
            # Keep a glued proclitic as a word of its own: و stays "و", a
            # preposition takes the tatweel Arabic writers use before
            # foreign words and numbers ("بـ 2024").
            prefix = "".join(ch + " " if ch in _CONJUNCTIONS else ch + "ـ " for ch in pre)
            out.append(text[position:start] + prefix + PLACEHOLDER.format(number))
            position = end
        if not slots:
            return Protected(text)
        out.append(text[position:])
        return Protected("".join(out), tuple(slots))

    @staticmethod
    def restore(english: str, protected: Protected) -> tuple[str, list[Slot]]:
        """Put the house English back; return the text and the slots whose placeholder was lost.

        A lost placeholder's English is added at the end in brackets so the
        name is not silently dropped; the caller reports it for review.
        """
        if not protected.slots:
            return english, []
        by_number = {slot.number: slot for slot in protected.slots}
        seen: set[int] = set()

        def put_back(m: re.Match) -> str:
            slot = by_number.get(int(m.group(1)))
            if slot is None:
                return m.group(0)
            seen.add(slot.number)
            return slot.english

        text = PLACEHOLDER_RE.sub(put_back, english)
        lost = [slot for slot in protected.slots if slot.number not in seen]
        if lost:
            text = text.rstrip() + " [" + "; ".join(slot.english for slot in lost) + "]"
        return _tidy(text), lost

    # -- checks ------------------------------------------------------------------------

    def terms_in(self, arabic: str) -> list[Term]:
        """Every glossary/gazetteer term found in an Arabic text (protected or not)."""
        found: dict[tuple, Term] = {}
        tokens = words(arabic, folded=True)
        for protect in (True, False):
            for *_, term in self._matches(arabic, protect, tokens):
                found.setdefault((term.en, term.file, term.line), term)
        return list(found.values())

    def missing_terms(self, arabic: str, english: str) -> list[Term]:
        """Terms found in the Arabic whose house English is absent from *english*."""
        folded = english.casefold()
        return [term for term in self.terms_in(arabic) if not any(form.casefold() in folded for form in term.accepted())]

    def check_consistency(self, texts: Iterable[str], path: str = "translate") -> list[Problem]:
        return check_consistency(texts, self, path)


def _preference(reading: Reading) -> tuple[bool, int, int]:
    """How a reading ranks at a token: the article written in full ("لالمجلس",
    "المجلس") before the one whose alef the spelling dropped ("للمجلس"),
    then more proclitic letters, then more tokens."""
    return (not reading.fused, reading.clitics, reading.length)


def _letter_at(text: str, start: int, end: int) -> int:
    """The first index from ``start`` (before ``end``) whose character counts
    for matching: marks and tatweel before a letter are not part of a name."""
    while start < end and not normalise(text[start]):
        start += 1
    return start


def _tidy(text: str) -> str:
    """Fix what putting "the ..." into a sentence can cause."""
    text = re.sub(r"\b([Tt])he the\b", r"\1he", text)
    if text.startswith("the "):
        text = "The " + text[4:]
    text = re.sub(r"([.!?]\s+)the ", r"\1The ", text)
    return text


# -- consistency of names across texts ---------------------------------------------------

_NAME_TOKEN = re.compile(r"\b(?:[Aa]l-|[Ee]l-)?[A-Z][A-Za-z']+(?:-[A-Z][A-Za-z']+)?")
_ARTICLE = re.compile(r"^(?:al|el)-", re.IGNORECASE)


def _bare(name: str) -> str:
    return _ARTICLE.sub("", name).casefold()


def check_consistency(
    texts: Iterable[str], glossary: Glossary, path: str = "translate", threshold: float = 80.0
) -> list[Problem]:
    """Warn when a gazetteer person's surname is spelled in more than one way.

    "al-Zoubi" in one story and "Zubi" in another of the same digest read as
    two people.  A capitalised word whose spelling is close to a known
    surname (rapidfuzz ratio >= *threshold*) but not equal to it is taken as
    a variant spelling of that surname; "al-" / "el-" and capitals do not count.
    """
    people = [t for t in glossary.terms if t.kind == "person" and t.surname]
    if not people:
        return []
    known_words = {_bare(w) for t in glossary.terms for form in t.accepted() for w in form.split()}
    counts: Counter[str] = Counter()
    for text in texts:
        if text:
            counts.update(m.group(0) for m in _NAME_TOKEN.finditer(text))
    if not counts:  # nothing in English yet (a build offline)
        return []
    from rapidfuzz import fuzz  # here: a build with nothing to compare need not import it (18 ms)

    problems = []
    for person in people:
        surname = _bare(person.surname or "")
        if len(surname) < 4:
            continue
        seen: dict[str, int] = defaultdict(int)
        for token, n in counts.items():
            bare = _bare(token)
            if bare == surname:
                seen[person.surname or ""] += n
            elif bare not in known_words and len(bare) >= 4 and fuzz.ratio(bare, surname) >= threshold:
                seen[token] += n
        variants = [name for name in seen if _bare(name) != surname]
        if variants:
            listing = ", ".join(f"'{name}' ({seen[name]}×)" for name in sorted(seen, key=lambda k: -seen[k]))
            problems.append(
                Problem(
                    path,
                    None,
                    f"inconsistent spelling of {person.en}: {listing}; "
                    f"the gazetteer ({person.file}:{person.line}) spells it '{person.surname}'",
                    "warning",
                )
            )
    return problems


# -- file readers ---------------------------------------------------------------------------


def _read_gazetteer(path: Path, label: str, terms: list[Term], problems: list[Problem]) -> None:
    data, found = read_lexicon(path, label)  # parsed once per build, shared with the briefs
    problems.extend(found)
    if data is None:
        return
    if not isinstance(data, dict):
        problems.append(Problem(label, 1, "expected sections people, organisations and places", "error"))
        return
    for section, kind in (("people", "person"), ("organisations", "organisation"), ("places", "place")):
        entries = data.get(section) or []
        if not isinstance(entries, list):
            problems.append(Problem(label, None, f"{section}: expected a list", "error"))
            continue
        for entry in entries:
            term = _term(entry, kind, label, problems, protect=True)
            if term:
                terms.append(term)


def _read_glossary(path: Path, label: str, terms: list[Term], problems: list[Problem]) -> None:
    data, found = load_yaml(path, label)
    problems.extend(found)
    if data is None:
        return
    if not isinstance(data, list):
        problems.append(Problem(label, 1, "expected a list of entries (- ar: [...]  en: ...)", "error"))
        return
    for entry in data:
        term = _term(entry, "term", label, problems, protect=None)
        if term:
            terms.append(term)


def _term(entry, kind: str, label: str, problems: list[Problem], protect: bool | None) -> Term | None:
    if not isinstance(entry, dict):
        problems.append(Problem(label, None, f"expected an entry with ar and en, got {entry!r}", "error"))
        return None
    line = entry.get(LINE_KEY)
    en, variants = entry.get("en"), text_list(entry.get("ar"))
    if not isinstance(en, str) or not en.strip():
        problems.append(Problem(label, line, "entry has no English (en)", "error"))
        return None
    if not variants:
        problems.append(Problem(label, line, f"'{en}': ar must be Arabic text or a list of variants", "error"))
        return None
    if protect is None:
        flag = entry.get("protect")
        protect = flag if isinstance(flag, bool) else _is_proper_name(en)
    short = entry.get("short_en")
    return Term(
        en=en.strip(),
        variants=tuple(v for v in variants if v.strip()),
        kind=kind,
        protect=protect,
        file=label,
        line=line,
        id=entry.get("id") if isinstance(entry.get("id"), str) else None,
        short_en=short.strip() if isinstance(short, str) and short.strip() else None,
    )
