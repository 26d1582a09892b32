"""``translate_segments``: memory, then cache, then the engine chain.

For each distinct Arabic segment:

1. the reviewed translation memory (exact match on the normalised text) ->
   ``reviewed``; near matches are kept as suggestions (only when asked
   for: the post-editing export shows them, the site does not), never used;
2. the SQLite cache, for each engine of the chain in order -> ``machine``
   with the engine that made it;
3. the engines of the chain in order (unless offline, for network engines),
   each getting what the previous ones could not translate -> ``machine``;
4. whatever is left -> ``pending`` (text ``None``); the build goes on.

Glossary names are swapped for placeholders before step 2, so the cache keys
and engines see the same protected text, and are put back after.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from typing import Iterable

from ..config import Config
from ..errors import TranslationError
from ..models import Problem, TranslatedText
from ..progress import Bar, bar
from .cache import TranslationCache, answer_too_long
from .chunking import chunk_text, join_chunks
from .engines import Engine, create_engine, engine_chain
from .glossary import Glossary, Protected
from .memory import MEMORY_FILE, TranslationMemory
from .text import has_arabic, shorten

PROBLEM_PATH = "translate"
COPY_ENGINE = "copy"  # segments with no Arabic letters (numbers, Latin names) are copied


@dataclass
class EngineStats:
    cached: int = 0
    translated: int = 0
    requests: int = 0
    failures: int = 0
    note: str | None = None


@dataclass
class TranslationStats:
    reviewed: int = 0
    cached: int = 0
    translated: int = 0
    pending: int = 0
    copied: int = 0
    requests: int = 0  # engine calls made (HTTP requests, or model batches)
    offline: bool = False
    engines: dict[str, EngineStats] = field(default_factory=dict)

    def engine(self, name: str) -> EngineStats:
        return self.engines.setdefault(name, EngineStats())


@dataclass
class TranslationRun:
    results: dict[str, TranslatedText] = field(default_factory=dict)
    stats: TranslationStats = field(default_factory=TranslationStats)
    problems: list[Problem] = field(default_factory=list)
    suggestions: dict[str, list[tuple[str, str, float]]] = field(default_factory=dict)

    def summary_lines(self) -> list[str]:
        s = self.stats
        counts = f"{s.reviewed} reviewed, {s.cached} cached, {s.translated} translated, {s.pending} pending"
        if s.copied:
            counts += f", {s.copied} copied"
        notes = [f"{name}: {e.note}" for name, e in s.engines.items() if e.note]
        if s.offline:
            notes.append("offline")
        lines = [f"translation: {counts}" + (f" ({'; '.join(notes)})" if notes else "")]
        used = [
            f"{name} {e.cached} cached, {e.translated} translated, {e.requests} request(s)"
            for name, e in s.engines.items()
            if e.cached or e.translated or e.requests
        ]
        if used:
            lines.append("translation engines: " + "; ".join(used))
        return lines


def translate_segments(
    segments: Iterable[str], config: Config, *, offline: bool = False, suggest: bool = False
) -> TranslationRun:
    """*segments* in English.  With *suggest*, each segment the memory does
    not hold also gets its near matches in the memory (``run.suggestions``,
    for the post-editing export): a fuzzy search of the whole memory per
    segment, which a site build does not pay for (with a memory of 500
    entries it was 4 of a 1,000-article build's 30 seconds)."""
    return _Run(config, offline or config.translate.offline, suggest=suggest).run(segments)


def translate_with_engine(segments: Iterable[str], config: Config, engine: str, *, offline: bool = False) -> TranslationRun:
    """*segments* through one engine alone (its cache, then the engine), the
    reviewed memory left out: what ``translate score`` compares with it."""
    return _Run(config, offline or config.translate.offline, chain=[engine], use_memory=False).run(segments)


class _Run:
    def __init__(
        self, config: Config, offline: bool, *, chain: list[str] | None = None, use_memory: bool = True, suggest: bool = False
    ):
        self.chain = engine_chain(config) if chain is None else chain
        self.use_memory = use_memory
        self.suggest = suggest
        self.config = config
        self.out = TranslationRun()
        self.out.stats.offline = offline
        self.offline = offline
        self.protected: dict[str, Protected] = {}
        self.glossary: Glossary | None = None

    # -- steps ----------------------------------------------------------------------------

    def run(self, segments: Iterable[str]) -> TranslationRun:
        config, out = self.config, self.out
        memory = (
            TranslationMemory.load(config.content_path / MEMORY_FILE, f"{config.content_dir}/{MEMORY_FILE}")
            if self.use_memory
            else TranslationMemory()
        )
        out.problems.extend(memory.problems)
        self.glossary = Glossary.load(config.content_path, config.content_dir)
        out.problems.extend(self.glossary.problems)

        todo: list[str] = []
        for segment in dict.fromkeys(segments):
            if not has_arabic(segment):
                out.results[segment] = TranslatedText(segment, segment, "machine", COPY_ENGINE)
                out.stats.copied += 1
            elif (entry := memory.lookup(segment)) is not None:
                out.results[segment] = TranslatedText(segment, entry.en, "reviewed")
                out.stats.reviewed += 1
            else:
                todo.append(segment)
                suggestions = memory.suggestions(segment) if self.suggest else []
                if suggestions:
                    out.suggestions[segment] = suggestions

        if todo:
            engines = self._engines()
            cache = self._open_cache() if engines else None
            try:
                # glossary terms are protected for the cache and the engines only:
                # with none (offline, engine "none") the segments stay pending as they are
                self.protected = {segment: self.glossary.protect(segment) for segment in todo} if engines else {}
                todo = self._from_cache(todo, engines, cache)
                for engine in engines:
                    if not todo:
                        break
                    todo = self._from_engine(todo, engine, cache)
            finally:
                if cache is not None:
                    cache.close()
                    # damaged and moved aside, full disk...: the build went on without it
                    self.out.problems.extend(Problem(PROBLEM_PATH, None, note, "warning") for note in cache.notes)
            for engine in engines:
                stats = out.stats.engine(engine.name)
                stats.requests = getattr(engine, "requests", 0)
                stats.failures = getattr(engine, "failures", 0)
                note = getattr(engine, "status_note", lambda: None)()
                if note and not stats.note:
                    stats.note = note
                out.stats.requests += stats.requests

        for segment in todo:
            out.results[segment] = TranslatedText(segment, None, "pending")
            out.stats.pending += 1
        out.problems.extend(
            self.glossary.check_consistency(r.text for r in out.results.values() if r.text and r.engine != COPY_ENGINE)
        )
        return out

    def _engines(self) -> list[Engine]:
        engines = []
        for name in self.chain:
            try:
                engines.append(create_engine(name, self.config))
            except TranslationError as exc:
                self.out.problems.append(Problem(PROBLEM_PATH, None, str(exc), "error"))
        return engines

    def _open_cache(self) -> TranslationCache | None:
        try:
            cache = TranslationCache.for_config(self.config.cache_path)
        except (OSError, sqlite3.Error) as exc:
            self.out.problems.append(
                Problem(PROBLEM_PATH, None, f"translation cache unavailable ({exc}); translating without it", "warning")
            )
            return None
        return cache

    def _from_cache(self, todo: list[str], engines: list[Engine], cache: TranslationCache | None) -> list[str]:
        if cache is None:
            return todo
        for engine in engines:
            if not todo:
                break
            hits = cache.get_many(engine.name, engine.model, (self.protected[s].text for s in todo))
            if not hits:
                continue
            remaining = []
            for segment in todo:
                raw = hits.get(self.protected[segment].text)
                if raw is None:
                    remaining.append(segment)
                else:
                    self._finish(segment, raw, getattr(engine, "label", engine.name))
                    self.out.stats.cached += 1
                    self.out.stats.engine(engine.name).cached += 1
            todo = remaining
        return todo

    def _from_engine(self, todo: list[str], engine: Engine, cache: TranslationCache | None) -> list[str]:
        stats = self.out.stats.engine(engine.name)
        if self.offline and engine.network:
            return todo  # the summary says "offline" once for all engines
        reason = engine.why_unavailable()
        if reason:
            stats.note = f"skipped: {reason}"
            self.out.problems.append(Problem(PROBLEM_PATH, None, f"{engine.name}: {reason}; engine skipped", "warning"))
            return todo
        # Windows of segments, each stored and committed as soon as it is back:
        # a build killed halfway keeps what it had been given.
        window = max(8, 4 * self.config.translate.concurrency)
        with bar(f"translate ({engine.name})", len(todo)) as progress:
            return self._engine_windows(todo, engine, cache, stats, window, progress)

    def _engine_windows(
        self, todo: list[str], engine: Engine, cache: TranslationCache | None, stats: EngineStats, window: int, progress: Bar
    ) -> list[str]:
        remaining: list[str] = []
        for start in range(0, len(todo), window):
            part = todo[start : start + window]
            try:
                answers = self._translate_part(part, engine)
            except TranslationError as exc:
                stats.note = str(exc)
                self.out.problems.append(Problem(PROBLEM_PATH, None, str(exc), "error"))
                return remaining + todo[start:]
            answers = [self._sane_answer(segment, raw, engine.name) for segment, raw in zip(part, answers)]
            progress.advance(len(part))
            done = [(segment, raw) for segment, raw in zip(part, answers) if raw is not None]
            if cache is not None and done:
                cache.put_many(engine.name, engine.model, [(self.protected[s].text, raw) for s, raw in done])
            for segment, raw in zip(part, answers):
                if raw is None:
                    remaining.append(segment)
                else:
                    self._finish(segment, raw, getattr(engine, "label", engine.name))
                    self.out.stats.translated += 1
                    stats.translated += 1
        return remaining

    def _sane_answer(self, segment: str, raw: str | None, engine: str) -> str | None:
        """*raw*, or None (a failure: the segment stays pending) when it is far
        longer than its source: a runaway or hostile engine, never cached."""
        source = self.protected[segment].text
        if raw is not None and answer_too_long(source, raw):
            self.out.problems.append(
                Problem(
                    PROBLEM_PATH,
                    None,
                    f"{engine}: an answer of {len(raw)} characters for {len(source)} characters of "
                    "Arabic was refused (too long to be a translation)",
                    "warning",
                )
            )
            return None
        return raw

    def _translate_part(self, part: list[str], engine: Engine) -> list[str | None]:
        """Engine output (placeholders still in) for each segment, None where any chunk failed."""
        chunked = [chunk_text(self.protected[segment].text, engine.max_chars) for segment in part]
        flat = [chunk.text for chunks in chunked for chunk in chunks]
        english = engine.translate_batch(flat)
        answers: list[str | None] = []
        position = 0
        for chunks in chunked:
            pieces = english[position : position + len(chunks)]
            position += len(chunks)
            if any(piece is None or not piece.strip() for piece in pieces):
                answers.append(None)
            else:
                answers.append(join_chunks(chunks, [piece or "" for piece in pieces]))  # none is None here
        return answers

    def _finish(self, segment: str, raw: str, engine: str) -> None:
        assert self.glossary is not None  # loaded by run() before any engine is called
        english, lost = self.glossary.restore(raw, self.protected[segment])
        for slot in lost:
            self.out.problems.append(
                Problem(
                    slot.term.file,
                    slot.term.line,
                    f"{engine} dropped the placeholder for '{slot.english}' in '{shorten(segment)}'; "
                    "the name was added at the end in brackets for review",
                    "warning",
                )
            )
        lost_terms = {slot.term for slot in lost}
        for term in self.glossary.missing_terms(segment, english):
            if term not in lost_terms:
                self.out.problems.append(
                    Problem(
                        term.file,
                        term.line,
                        f"the {engine} translation of '{shorten(segment)}' does not use the glossary rendering '{term.en}'",
                        "warning",
                    )
                )
        self.out.results[segment] = TranslatedText(segment, english, "machine", engine)
