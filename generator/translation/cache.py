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
# SQLite's default limit on bound parameters is 999 in older builds.
_SELECT_CHUNK = 500


class TranslationCache:
    def __init__(self, path: Path):
        self.path = path
        self.recovered_from: Path | None = None  # set when a damaged file was moved aside
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            self._db = self._open(path)
        except sqlite3.DatabaseError:
            # A damaged cache is only lost time, never lost work: move it aside
            # (for inspection) and start again rather than failing the build.
            aside = path.with_name(f"{path.name}.damaged-{int(time.time())}")
            path.replace(aside)
            for suffix in ("-wal", "-shm"):
                extra = path.with_name(path.name + suffix)
                if extra.exists():
                    extra.unlink()
            self.recovered_from = aside
            self._db = self._open(path)

    @classmethod
    def for_config(cls, cache_path: Path) -> "TranslationCache":
        return cls(cache_path / CACHE_FILE)

    @staticmethod
    def _open(path: Path) -> sqlite3.Connection:
        db = sqlite3.connect(str(path), timeout=10)
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
        db.execute(f"PRAGMA user_version={SCHEMA_VERSION}")
        db.commit()
        return db

    def get(self, engine: str, model: str, source: str) -> str | None:
        row = self._db.execute("SELECT text FROM translations WHERE engine=? AND model=? AND source=?",
                               (engine, model, source)).fetchone()
        return row[0] if row else None

    def get_many(self, engine: str, model: str, sources: Iterable[str]) -> dict[str, str]:
        """Cached English for each of *sources* that has one."""
        wanted = list(dict.fromkeys(sources))
        found: dict[str, str] = {}
        for start in range(0, len(wanted), _SELECT_CHUNK):
            part = wanted[start:start + _SELECT_CHUNK]
            marks = ",".join("?" * len(part))
            rows = self._db.execute(
                f"SELECT source, text FROM translations WHERE engine=? AND model=? AND source IN ({marks})",
                (engine, model, *part))
            found.update(rows)
        return found

    def put_many(self, engine: str, model: str, pairs: Iterable[tuple[str, str]]) -> None:
        """Store (source, english) pairs and commit."""
        now = dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")
        with self._db:  # one transaction, committed on exit
            self._db.executemany(
                "INSERT OR REPLACE INTO translations (engine, model, source, text, created) VALUES (?, ?, ?, ?, ?)",
                [(engine, model, source, text, now) for source, text in pairs])

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
