"""Progress of the long stages (brief, translate, render) on a terminal.

The library only counts; whether anything is drawn is the command line's
decision (``enable``), taken once: a bar on an interactive terminal, nothing
on a pipe or a CI log, and nothing with ``--quiet``.  A bar is one line
rewritten in place: ``render  412/980  61.3/s``.
"""

from __future__ import annotations

import time
from contextlib import contextmanager
from typing import Iterable, Iterator, TextIO, TypeVar

T = TypeVar("T")

_stream: TextIO | None = None  # where bars are drawn; None: not drawn


def enable(stream: TextIO | None) -> None:
    """Draw bars on *stream* (the CLI passes stderr when it is a terminal), or stop with None."""
    global _stream
    _stream = stream


class Bar:
    """Counts done items; draws itself when a stream is enabled."""

    def __init__(self, label: str, total: int, stream: TextIO | None):
        self.label, self.total, self.done = label, total, 0
        self._stream = stream
        self._start = time.monotonic()  # only for the rate on screen, never in output files
        self._drawn = 0.0

    def advance(self, count: int = 1) -> None:
        self.done += count
        now = time.monotonic()
        if self._stream is not None and (now - self._drawn > 0.1 or self.done >= self.total):
            self._drawn = now
            rate = self.done / max(now - self._start, 1e-6)
            self._stream.write(f"\r{self.label:<10} {self.done}/{self.total}  {rate:.1f}/s\x1b[K")
            self._stream.flush()

    def close(self) -> None:
        if self._stream is not None and self._drawn:
            self._stream.write("\r\x1b[K")  # leave the line clean for the summary
            self._stream.flush()


@contextmanager
def bar(label: str, total: int) -> Iterator[Bar]:
    progress = Bar(label, total, _stream if total else None)
    try:
        yield progress
    finally:
        progress.close()


def track(items: Iterable[T], label: str) -> Iterator[T]:
    """Iterate over *items*, advancing a bar once per item."""
    items = list(items)
    with bar(label, len(items)) as progress:
        for item in items:
            yield item
            progress.advance()
