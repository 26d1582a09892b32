"""The annotated document: one article's sentences read once.

``annotate`` folds every sentence for matching (``arabic.normalise``),
tokenises it (``tokens.scan``: spans, kinds, normalised keys), strips the clitics of its words for keyword matching and
finds the gazetteer's mentions in it (``Gazetteer.find_all``, surnames
resolved against the whole article), once per article.  The result is
frozen; the extractors of the brief stage (actors and places, dates, topics,
the event line) are components that read it and return their findings,
the way spaCy's pipeline components read a ``Doc`` or Stanza's processors
an annotated ``Document``.  None of them tokenises or normalises a
sentence again.

The headline is annotated too (``Document.headline``): topics count its
words and the event kind may come from it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from types import MappingProxyType
from typing import TYPE_CHECKING, Mapping, Sequence

from .arabic import normalise, strip_clitics
from ..models import Sentence
from .tokens import Token, scan

if TYPE_CHECKING:  # the gazetteer module imports this package's tokenizer
    from .gazetteer import Gazetteer, Mention

__all__ = ["AnnotatedSentence", "Document", "annotate", "HEADLINE_INDEX"]

HEADLINE_INDEX = -1  # the headline's sentence index (topics weigh it apart)


@dataclass(frozen=True)
class AnnotatedSentence:
    """One sentence with what the text layer found in it.

    ``folded`` is the whole sentence normalised (``arabic.normalise``, for
    phrase patterns); ``tokens`` are the ``scan`` tokens; ``stems`` holds,
    per token, the clitic-free key of a word (``arabic.strip_clitics``) and
    the key of a number or punctuation mark; ``mentions`` are the
    gazetteer's, with token spans into ``tokens``."""

    sentence: Sentence
    folded: str
    tokens: tuple[Token, ...]
    stems: tuple[str, ...]
    mentions: tuple["Mention", ...] = ()

    @property
    def text(self) -> str:
        return self.sentence.text

    @property
    def index(self) -> int:
        return self.sentence.index


@dataclass(frozen=True)
class Document:
    """An article's sentences (and headline), annotated once."""

    sentences: tuple[AnnotatedSentence, ...] = ()
    headline: AnnotatedSentence | None = None
    _by_text: Mapping[str, AnnotatedSentence] = field(default_factory=lambda: MappingProxyType({}), compare=False, repr=False)

    def of(self, sentence: Sentence | str) -> AnnotatedSentence:
        """The annotation of one of the document's sentences (or its
        headline), by its text; text outside the document (an extractor
        handed other sentences) is annotated on the spot, without mentions."""
        text = sentence if isinstance(sentence, str) else sentence.text
        found = self._by_text.get(text)
        if found is not None:
            return found
        plain = Sentence(HEADLINE_INDEX, text, HEADLINE_INDEX) if isinstance(sentence, str) else sentence
        return _annotated(plain, tuple(scan(text)), ())

    def tokens(self, sentence: Sentence | str) -> tuple[Token, ...]:
        return self.of(sentence).tokens

    @property
    def all_mentions(self) -> list[list["Mention"]]:
        """The gazetteer mentions of each sentence, in order."""
        return [list(s.mentions) for s in self.sentences]


def _annotated(sentence: Sentence, tokens: tuple[Token, ...], mentions: Sequence["Mention"]) -> AnnotatedSentence:
    stems = tuple(strip_clitics(t.text) if t.kind == "w" else t.key for t in tokens)
    return AnnotatedSentence(sentence, normalise(sentence.text), tokens, stems, tuple(mentions))


def annotate(sentences: Sequence[Sentence], gazetteer: "Gazetteer | None" = None, headline: str = "") -> Document:
    """The annotated document of an article's sentences and headline."""
    token_lists = [tuple(scan(s.text)) for s in sentences]
    if gazetteer is not None:
        mentions = gazetteer.find_all([s.text for s in sentences], tokens=token_lists)
    else:
        mentions = [[] for _ in sentences]
    annotated = tuple(_annotated(s, toks, found) for s, toks, found in zip(sentences, token_lists, mentions))
    head = _annotated(Sentence(HEADLINE_INDEX, headline, HEADLINE_INDEX), tuple(scan(headline)), ()) if headline else None
    by_text: dict[str, AnnotatedSentence] = {}
    for a in annotated:
        by_text.setdefault(a.text, a)
    if head is not None:
        by_text.setdefault(head.text, head)
    return Document(annotated, head, MappingProxyType(by_text))
