"""Cut a segment into pieces an engine accepts, and put the answers back together.

Engines have per-request limits (deep-translator refuses 5,000 characters for
Google and 500 for MyMemory; URLs get too long well before that).  A segment
is cut at sentence boundaries and consecutive sentences are packed into
chunks up to the limit.  Only a single sentence longer than the limit is cut
inside: after an Arabic comma "،" if possible, else at whitespace, else (a
run of text with no space at all) at the limit itself.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable

from .text import split_sentences

_FALLBACK_SENTENCE_END = re.compile(r"(?<=[.!?؟…])\s+|\n+")


@dataclass(frozen=True)
class Chunk:
    text: str
    separator: str  # the original whitespace after this chunk ("" for the last one)


def _sentence_spans(text: str, splitter: Callable[[str], list[str]]) -> list[tuple[int, int]]:
    """(start, end) of each sentence in *text*.

    The splitter returns sentence strings; we find them in the original text
    so that the whitespace between them can be restored when joining.  If a
    returned sentence cannot be found verbatim (the splitter normalised it),
    fall back to a plain punctuation split rather than lose text.
    """
    spans: list[tuple[int, int]] = []
    position = 0
    for sentence in splitter(text):
        sentence = sentence.strip()
        if not sentence:
            continue
        start = text.find(sentence, position)
        if start < 0:
            spans = []
            break
        spans.append((start, start + len(sentence)))
        position = start + len(sentence)
    if spans and not text[position:].strip():
        return spans
    spans, position = [], 0
    for match in _FALLBACK_SENTENCE_END.finditer(text):
        if text[position : match.start()].strip():
            spans.append((position, match.start()))
        position = match.end()
    if text[position:].strip():
        spans.append((position, len(text.rstrip())))
    return spans


def _cut_long(text: str, start: int, end: int, limit: int) -> list[tuple[int, int]]:
    """Cut text[start:end] into spans of at most *limit* characters."""
    pieces = []
    while end - start > limit:
        window = text[start : start + limit]
        cut = window.rfind("،")
        if cut > 0:
            cut += 1  # keep the comma with the clause it ends
        else:
            cut = max(window.rfind(" "), window.rfind("\n"), window.rfind("\t"))
            if cut <= 0:
                cut = limit  # no space at all: a hard cut is the only option
        pieces.append((start, start + cut))
        start += cut
        while start < end and text[start].isspace():
            start += 1
    if end > start:
        pieces.append((start, end))
    trimmed = []
    for s, e in pieces:  # a cut at whitespace leaves it at the end of the piece
        while e > s and text[e - 1].isspace():
            e -= 1
        if e > s:
            trimmed.append((s, e))
    return trimmed


def chunk_text(text: str, limit: int, splitter: Callable[[str], list[str]] = split_sentences) -> list[Chunk]:
    """Split *text* into chunks of at most *limit* characters each."""
    if limit <= 0:
        raise ValueError("limit must be positive")
    if len(text) <= limit:
        return [Chunk(text, "")]
    spans: list[tuple[int, int]] = []
    for start, end in _sentence_spans(text, splitter):
        spans.extend(_cut_long(text, start, end, limit) if end - start > limit else [(start, end)])
    chunks: list[Chunk] = []
    current: tuple[int, int] | None = None
    for start, end in spans:
        if current and end - current[0] <= limit:
            current = (current[0], end)  # pack: the whitespace between stays inside the chunk
            continue
        if current:
            chunks.append(Chunk(text[current[0] : current[1]], text[current[1] : start]))
        current = (start, end)
    if current:
        chunks.append(Chunk(text[current[0] : current[1]], ""))
    return chunks


def join_chunks(chunks: list[Chunk], translations: list[str]) -> str:
    """Join the English of each chunk, keeping line breaks between chunks."""
    out = []
    for chunk, english in zip(chunks, translations):
        out.append(english.strip())
        if chunk.separator:
            breaks = chunk.separator.count("\n")
            out.append("\n" * breaks if breaks else " ")
    return "".join(out)
