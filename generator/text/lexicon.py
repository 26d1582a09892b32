"""The one lexicon matcher: finds known forms (names, terms) in tokenised text.

Both the gazetteer (briefs) and the translation glossary match through a
``Lexicon``.  A form is a sequence of normalised token keys (``tokens.scan``)
mapped to an entry the caller defines.  The index maps the first token's
bare stem, with or without the article, to the forms starting with it, so
matching at a token is a handful of dict look-ups over the token's clitic
readings (``tokens.clitic_readings``: conjunction, then preposition, then
the article; "لل" is ل + ال).  A form written with ال matches only text with
ال (or لل), one without ال only text without it.

The matcher reports every form that matches at a token, with the clitic
letters stripped; which one wins (the longest, the fewest clitics, ...) is
the caller's rule.  Where the two callers need different matching, the
difference is a named parameter of the one matcher:

* ``merged_lams``: whether "للجنة" may read as ل + اللجنة (the article's lam
  merged with the stem's).  The gazetteer allows it; the glossary reads it
  only as ل + الجنة, as it always has.
* ``exact_spacing``: whether every token of a form (words, numbers,
  punctuation) and the spacing between them must agree with the text (a
  space, or nothing as in "5+5").  The glossary keeps the spacing; the
  gazetteer compares the words after the first only (quotes and spacing
  between them do not count: “مارتن أندرو”).
* ``folded_words`` (of ``words`` and ``form_of``, which make the tokens and
  forms a lexicon matches): whether tokens glued by quotation marks count as
  one word ("بـ«غنيوة»" = ب + غنيوة), as in the normalised text.  The glossary
  reads words that way; the gazetteer takes ``scan`` tokens as they are.
* ``word_boundaries``: whether a match glued to a word character outside it
  ("_طرابلس") is refused.  The glossary refuses those; the gazetteer does
  not look.
"""

from __future__ import annotations

import re
from types import MappingProxyType
from typing import Generic, Iterable, Iterator, Mapping, NamedTuple, Sequence, TypeVar

from .tokens import Token, clitic_readings, scan

__all__ = ["Form", "Reading", "Lexicon", "form_of", "words", "index_key"]

E = TypeVar("E")

_WORD_CHAR = re.compile(r"\w")


class Form(NamedTuple):
    """One spelling of an entry: its token keys and, for ``exact_spacing``,
    whether a space stands before each token after the first."""

    keys: tuple[str, ...]
    spaced: tuple[bool, ...] = ()


def form_of(spelling: str, *, folded_words: bool = False) -> Form:
    """The form of one spelling of an entry (keys and spacing), tokenised
    the way ``words`` tokenises text with the same ``folded_words``."""
    tokens = words(spelling, folded=folded_words)
    keys = tuple(t.key for t in tokens)
    spaced = tuple(_spaced(spelling, a, b) for a, b in zip(tokens, tokens[1:]))
    return Form(keys, spaced)


def words(text: str, *, folded: bool = False) -> list[Token]:
    """``scan`` tokens of ``text``; with ``folded``, the words of its
    normalised form instead: numbers split at their separators, tokens that
    normalise to nothing (a stray tatweel) are dropped, and tokens that
    touch with nothing but quotation marks between, letters or digits on
    both sides, are one word ("بـ«غنيوة»" is ب + غنيوة, as in "بغنيوة")."""
    tokens = scan(text)
    if not folded:
        return tokens
    out: list[Token] = []
    for tok in _split_numbers(tokens):
        if not tok.key:
            continue
        if out and _glued(text, out[-1], tok, out[-1].key[-1]) and _WORD_CHAR.match(tok.key[0]):
            prev = out[-1]
            kind = "w" if prev.kind == tok.kind == "w" else "n"
            out[-1] = Token(text[prev.start : tok.end], prev.start, tok.end, kind, prev.key + tok.key, prev.quoted)
        else:
            out.append(tok)
    return out


_NUMBER_PART = re.compile(r"\d+|\D")


def _split_numbers(tokens: Sequence[Token]) -> Iterator[Token]:
    """The tokens with each number split at its separators ("444.2" is 444,
    ".", 2 in the normalised text, where a name may end before the dot)."""
    for tok in tokens:
        if tok.kind != "n" or tok.key.isdigit() or len(tok.key) != len(tok.text):
            yield tok
            continue
        for m in _NUMBER_PART.finditer(tok.key):
            a, b = m.span()
            kind = "n" if m.group().isdigit() else "p"
            yield Token(tok.text[a:b], tok.start + a, tok.start + b, kind, m.group(), tok.quoted and a == 0)


def _spaced(text: str, before: Token, after: Token) -> bool:
    gap = text[before.end : after.start]
    return gap == " " or (bool(gap) and any(ch.isspace() for ch in gap))


class Reading(NamedTuple, Generic[E]):
    """A form found at a token: ``clitics`` conjunction/preposition letters
    on the first token, ``article`` whether the form starts with ال,
    ``stem`` the first token's bare stem, ``fused`` the article letters the
    spelling dropped ("ا" in "للمجلس", "ال" in "للجنة"), ``length`` the
    tokens covered."""

    clitics: int
    article: bool
    stem: str
    fused: str
    length: int
    entry: E


class _Indexed(NamedTuple, Generic[E]):
    rest: tuple[str, ...]
    spaced: tuple[bool, ...]
    entry: E


def index_key(first: str) -> tuple[bool, str]:
    """(has_article, stem) under which a form starting with ``first`` is indexed."""
    return (True, first[2:]) if first.startswith("ال") and len(first) > 3 else (False, first)


class Lexicon(Generic[E]):
    """Forms -> entries, matched over ``scan`` tokens (see the module docstring)."""

    def __init__(
        self,
        forms: Iterable[tuple[Form, E]],
        *,
        merged_lams: bool = True,
        exact_spacing: bool = False,
        word_boundaries: bool = False,
    ):
        index: dict[tuple[bool, str], list[_Indexed[E]]] = {}
        for form, entry in forms:
            if form.keys:
                index.setdefault(index_key(form.keys[0]), []).append(_Indexed(form.keys[1:], form.spaced, entry))
        # longest first (stable: equal lengths keep the order they were given)
        self._index = {k: tuple(sorted(v, key=lambda f: -len(f.rest))) for k, v in index.items()}
        self.index: Mapping[tuple[bool, str], tuple[_Indexed[E], ...]] = MappingProxyType(self._index)
        self.merged_lams = merged_lams
        self.exact_spacing = exact_spacing
        self.word_boundaries = word_boundaries

    def __getstate__(self) -> dict:
        # a mappingproxy does not pickle: the index is wrapped again when read
        # (the build keeps its lexicons in the build store, ``build._brief_resources``)
        return {k: v for k, v in self.__dict__.items() if k != "index"}

    def __setstate__(self, state: dict) -> None:
        self.__dict__.update(state)
        self.index = MappingProxyType(self._index)

    def __bool__(self) -> bool:
        return bool(self.index)

    def readings_at(self, text: str, tokens: Sequence[Token], i: int) -> list[Reading[E]]:
        """Every form that matches at token ``i`` of ``tokens`` (of ``text``)."""
        tok = tokens[i]
        key = tok.key
        readings = clitic_readings(key) if tok.kind == "w" and len(key) >= 2 else ((0, False, key),)
        found: list[Reading[E]] = []
        for prefix, article, stem in readings:
            forms = self._index.get((article, stem))
            if not forms:
                continue  # the common case: no form starts so
            fused = ""
            if article and not key[prefix:].startswith("ال"):
                fused = "ا" if stem == key[prefix + 1 :] else "ال"
                if fused == "ال" and not self.merged_lams:
                    continue
            for form in forms:
                if self._rest_matches(text, tokens, i, form):
                    found.append(Reading(prefix, article, stem, fused, 1 + len(form.rest), form.entry))
        if found and self.word_boundaries and i > 0 and _glued(text, tokens[i - 1], tok, tokens[i - 1].key[-1:]):
            return []
        return found

    def _rest_matches(self, text: str, tokens: Sequence[Token], i: int, form: _Indexed[E]) -> bool:
        """Whether the tokens after ``i`` are the rest of ``form``."""
        rest = form.rest
        end = i + 1 + len(rest)
        if end > len(tokens):
            return False
        if self.word_boundaries and end < len(tokens) and _glued(text, tokens[end - 1], tokens[end], tokens[end].key[:1]):
            return False
        for j, key in enumerate(rest):
            tok = tokens[i + 1 + j]
            if tok.key != key or (not self.exact_spacing and tok.kind != "w"):
                return False
            if self.exact_spacing and _spaced(text, tokens[i + j], tok) != form.spaced[j]:
                return False
        return True


def _glued(text: str, left: Token, right: Token, outside: str) -> bool:
    """Whether a match ending at ``left`` or starting at ``right`` touches the
    word character ``outside`` (the neighbour's letter or digit next to it,
    nothing but quotation marks between)."""
    return bool(outside) and not _spaced(text, left, right) and _WORD_CHAR.match(outside) is not None
