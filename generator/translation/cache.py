"""The persistent translation cache: SQLite under ``<cache_dir>/translations.sqlite3``.

Keyed by (engine, model, source) where *source* is the text sent to the engine
(with glossary placeholders, see ``glossary``), so that a rebuild of
unchanged content asks no engine anything, and a changed glossary English
spelling applies to cached output without re-translating.

WAL mode and a commit after every batch of answers: a build killed halfway
keeps everything that had come back before it died, and a second build
running at the same time can read while this one writes.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
import time
from pathlib import Path
from typing import Iterable

CACHE_FILE = "translations.sqlite3"
SCHEMA_VERSION = 1
COLUMNS = ("engine", "model", "source", "text", "created")
# SQLite's default limit on bound parameters is 999 in older builds.
_SELECT_CHUNK = 500
# An English answer this much longer than its Arabic source is not a
# translation (an engine gone wrong, or a hostile server): it is a failure,
# never stored, and never read back from a cache written before this check.
ANSWER_SIZE_FACTOR = 8
ANSWER_SIZE_SLACK = 200


def answer_size_limit(source: str) -> int:
    return ANSWER_SIZE_FACTOR * len(source) + ANSWER_SIZE_SLACK


def answer_too_long(source: str, answer: str) -> bool:
    return len(answer) > answer_size_limit(source)


class _WrongSchema(sqlite3.DatabaseError):
    """The file is a SQLite database, but not a cache this version can read."""


# OperationalErrors that say nothing is wrong with the file itself: moving
# the cache aside would not help (and would throw away a good cache).
_NOT_DAMAGE = ("locked", "busy", "disk is full", "readonly", "read-only", "disk i/o", "unable to open")


def _is_damage(exc: sqlite3.Error) -> bool:
    if not isinstance(exc, sqlite3.DatabaseError):
        return False
    return not (isinstance(exc, sqlite3.OperationalError) and any(w in str(exc).lower() for w in _NOT_DAMAGE))


class TranslationCache:
    """The cache heals: a file of another schema or with damaged pages is
    moved aside (with a note for the build's warnings) and a fresh one
    started, whenever SQLite first complains, so it costs time, never a build."""

    def __init__(self, path: Path):
        self.path = path
        self.recovered_from: Path | None = None  # set when a damaged file was moved aside
        self.notes: list[str] = []  # what happened to the cache, for the build's warnings
        self.writable = True  # False after a full disk or a read-only file: the build goes on without storing
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            self._db = self._open(path)
        except sqlite3.DatabaseError as exc:
            if not _is_damage(exc):
                raise
            self._db = self._recover(exc)

    @classmethod
    def for_config(cls, cache_path: Path) -> "TranslationCache":
        return cls(cache_path / CACHE_FILE)

    def _recover(self, exc: sqlite3.DatabaseError) -> sqlite3.Connection:
        # A damaged cache is only lost time, never lost work: move it aside
        # (for inspection) and start again rather than failing the build.
        old = getattr(self, "_db", None)
        if old is not None:
            try:
                old.close()
            except sqlite3.Error:
                pass
        aside = self.path.with_name(f"{self.path.name}.damaged-{int(time.time())}")
        if self.path.exists():
            self.path.replace(aside)
        for suffix in ("-wal", "-shm"):
            extra = self.path.with_name(self.path.name + suffix)
            if extra.exists():
                extra.unlink()
        self.recovered_from = aside
        self.notes.append(f"the translation cache could not be used ({exc}); moved to {aside.name} and started afresh")
        return self._open(self.path)

    @staticmethod
    def _open(path: Path) -> sqlite3.Connection:
        db = sqlite3.connect(str(path), timeout=10)
        try:
            version = db.execute("PRAGMA user_version").fetchone()[0]
            if version not in (0, SCHEMA_VERSION):
                raise _WrongSchema(f"schema version {version}, expected {SCHEMA_VERSION}")
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=NORMAL")  # durable across process kills in WAL mode
            db.execute("""CREATE TABLE IF NOT EXISTS translations (
                              engine TEXT NOT NULL,
                              model TEXT NOT NULL,
                              source TEXT NOT NULL,
                              text TEXT NOT NULL,
                              created TEXT NOT NULL,
                              PRIMARY KEY (engine, model, source)
                          ) WITHOUT ROWID""")
            # a table of the same name from another schema: "no such column" here, not mid-build
            db.execute(f"SELECT {', '.join(COLUMNS)} FROM translations LIMIT 0")
            db.execute(f"PRAGMA user_version={SCHEMA_VERSION}")
            db.commit()
        except BaseException:
            db.close()
            raise
        return db

    def get(self, engine: str, model: str, source: str) -> str | None:
        return self.get_many(engine, model, [source]).get(source)

    def get_many(self, engine: str, model: str, sources: Iterable[str]) -> dict[str, str]:
        """Cached English for each of *sources* that has one (of a sane size)."""
        wanted = list(dict.fromkeys(sources))
        found: dict[str, str] = {}
        try:
            for start in range(0, len(wanted), _SELECT_CHUNK):
                part = wanted[start : start + _SELECT_CHUNK]
                marks = ",".join("?" * len(part))
                # the size test runs in SQLite: an oversized answer is never loaded
                rows = self._db.execute(
                    f"SELECT source, text FROM translations WHERE engine=? AND model=? AND source IN ({marks}) "
                    f"AND length(text) <= {ANSWER_SIZE_FACTOR} * length(source) + {ANSWER_SIZE_SLACK}",
                    (engine, model, *part),
                )
                found.update(rows)
        except sqlite3.DatabaseError as exc:
            if _is_damage(exc):
                self._db = self._recover(exc)
            else:
                self.notes.append(f"the translation cache could not be read ({exc}); translating without it")
            return {}
        return found

    def put_many(self, engine: str, model: str, pairs: Iterable[tuple[str, str]]) -> None:
        """Store (source, english) pairs and commit; oversized answers are not stored."""
        now = dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")
        rows = [(engine, model, source, text, now) for source, text in pairs if not answer_too_long(source, text)]
        for attempt in range(2):
            if not self.writable:
                return
            try:
                with self._db:  # one transaction, committed on exit
                    self._db.executemany(
                        "INSERT OR REPLACE INTO translations (engine, model, source, text, created) VALUES (?, ?, ?, ?, ?)", rows
                    )
                return
            except sqlite3.DatabaseError as exc:
                if attempt or not _is_damage(exc):
                    self.writable = False
                    self.notes.append(
                        f"the translation cache could not be written ({exc}); this build's translations are not stored"
                    )
                    return
                self._db = self._recover(exc)

    def put(self, engine: str, model: str, source: str, text: str) -> None:
        self.put_many(engine, model, [(source, text)])

    def __len__(self) -> int:
        return self._db.execute("SELECT COUNT(*) FROM translations").fetchone()[0]

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> "TranslationCache":
        return self

    def __exit__(self, *exc) -> None:
        self.close()
