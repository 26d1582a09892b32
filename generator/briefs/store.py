"""The build store: what an incremental build remembers between builds.

One SQLite file in the cache folder (``.briefing-cache/build-store.sqlite``)
holds:

* **briefs**, keyed by the article as read (every field, so its bytes, path
  and line numbers), the lexicons' bytes and the version of the code that
  briefs it: an unchanged article is not cleaned and briefed again, and a
  change to a lexicon or to the brief code re-briefs everything it touches
  (everything, since every brief reads both lexicons);
* **articles** as read from their files (front matter parsed and checked,
  with the problems found), keyed by the file's path and bytes and the code
  that reads it: an unchanged file is not parsed again;
* **cluster features**, what clustering derives from each brief alone
  (``generator.stories.memo``), keyed by the brief and the clustering code,
  with the vocabulary their term ids index: a rebuild computes the features
  of new briefs only;
* **pages**, the dependency record of the last build written: each page's
  path and the fingerprint of its inputs (``generator.site.render.Fingerprints``),
  with the manifest that build wrote and a listing of the files it left, so
  the record is only trusted while the site on disk is the one it describes.

The store is a cache: deleting it only makes the next build a clean one.
Stored briefs are pickles of our own frozen dataclasses, written and read
only by this module.
"""

from __future__ import annotations

import functools
import hashlib
import pickle
import sqlite3
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, TypeVar

from .. import __version__
from ..config import GAZETTEER_FILE, TAXONOMY_FILE, Config
from ..memory import collector_paused, freeze_if_enclosed
from ..models import Article, Brief, Problem

T = TypeVar("T")

STORE_NAME = "build-store.sqlite"
SCHEMA = 2
# Modules that run after the brief stage: a change to them keeps stored briefs.
# Every other module under generator/ (new ones included) counts as brief code.
DOWNSTREAM = {"build.py", "cli.py", "i18n.py", "memory.py", "publish.py", "serve.py", "store.py"}
DOWNSTREAM_DIRS = {"commands", "translation", "stories", "site", "mail"}


def _hash_files(paths: list[Path], root: Path | None = None) -> str:
    h = hashlib.sha256()
    for path in paths:
        h.update(str(path.relative_to(root) if root else path.name).encode("utf-8"))
        try:
            h.update(path.read_bytes())
        except OSError:
            h.update(b"(missing)")
    return h.hexdigest()


@functools.lru_cache(maxsize=1)  # the code does not change during a build; asked several times
def brief_code_version() -> str:
    root = Path(__file__).parent.parent  # the generator package
    sources = sorted(
        p for p in root.rglob("*.py") if p.name not in DOWNSTREAM and not DOWNSTREAM_DIRS & set(p.relative_to(root).parts[:-1])
    )
    return f"{__version__}:{_hash_files(sources, root)}"


def lexicon_version(config: Config) -> str:
    return _hash_files([config.content_path / GAZETTEER_FILE, config.content_path / TAXONOMY_FILE])


def brief_key(article: Article, versions: str) -> str:
    return hashlib.sha256(f"{versions}\0{article!r}".encode("utf-8", "surrogatepass")).hexdigest()


class BuildStore:
    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self.db = sqlite3.connect(str(path))
        self.db.execute("PRAGMA journal_mode=WAL")
        version = self.db.execute("PRAGMA user_version").fetchone()[0]
        if version != SCHEMA:
            self.db.executescript(
                "DROP TABLE IF EXISTS briefs; DROP TABLE IF EXISTS pages; DROP TABLE IF EXISTS meta;"
                "DROP TABLE IF EXISTS derived; DROP TABLE IF EXISTS articles; DROP TABLE IF EXISTS cluster_features;"
                "DROP TABLE IF EXISTS pair_outcomes;"
            )
            self.db.execute(f"PRAGMA user_version={SCHEMA}")
        self.db.executescript(
            "CREATE TABLE IF NOT EXISTS briefs (key TEXT PRIMARY KEY, brief BLOB NOT NULL);"
            "CREATE TABLE IF NOT EXISTS pages (path TEXT PRIMARY KEY, fingerprint TEXT NOT NULL);"
            "CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);"
            "CREATE TABLE IF NOT EXISTS derived (key TEXT PRIMARY KEY, value BLOB NOT NULL);"
            "CREATE TABLE IF NOT EXISTS articles (key TEXT PRIMARY KEY, value BLOB NOT NULL);"
            "CREATE TABLE IF NOT EXISTS cluster_features (key TEXT PRIMARY KEY, value BLOB NOT NULL);"
            "CREATE TABLE IF NOT EXISTS pair_outcomes (key TEXT PRIMARY KEY, value BLOB NOT NULL);"
        )
        self.db.commit()

    @classmethod
    def open(cls, config: Config) -> BuildStore:
        return cls(config.cache_path / STORE_NAME)

    def close(self) -> None:
        self.db.close()

    # --- briefs -------------------------------------------------------------------
    def briefs(self, keys: list[str]) -> dict[str, Brief]:
        # those not readable (written by another version of the code) are briefed again
        return self._values("briefs", keys, column="brief")

    def put_briefs(self, briefs: dict[str, Brief]) -> None:
        self.db.executemany(
            "INSERT OR REPLACE INTO briefs VALUES (?, ?)",
            # one pickle at a time: 5,000 new briefs' pickles weigh 30 MB
            ((k, pickle.dumps(b, protocol=pickle.HIGHEST_PROTOCOL)) for k, b in briefs.items()),
        )
        self.db.commit()

    def forget_briefs_except(self, keep: set[str]) -> None:
        """Drop briefs of articles that are gone or changed, so the store
        grows with the archive, not with its edits."""
        stored = [k for (k,) in self.db.execute("SELECT key FROM briefs")]
        self.db.executemany("DELETE FROM briefs WHERE key = ?", [(k,) for k in stored if k not in keep])
        self.db.commit()

    # --- articles as read (``content.read_articles``'s memo) -----------------------
    def read_before(self, keys: list[str]) -> dict[str, tuple[Article | None, list[Problem]]]:
        return self._values("articles", keys)  # those not readable are read again

    def _values(self, table: str, keys: list[str], column: str = "value") -> dict[str, Any]:
        """The readable values of *keys* in *table* (a table of keys and pickles in *column*)."""
        found: dict[str, Any] = {}
        with collector_paused():
            for start in range(0, len(keys), 500):
                chunk = keys[start : start + 500]
                for key, blob in self.db.execute(
                    f"SELECT key, {column} FROM {table} WHERE key IN ({','.join('?' * len(chunk))})", chunk
                ):
                    try:
                        found[key] = pickle.loads(blob)
                    except (pickle.UnpicklingError, AttributeError, EOFError, ImportError, TypeError):
                        continue  # written by another version of the code
            freeze_if_enclosed()
        return found

    def remember_read(self, read: dict[str, tuple[Article | None, list[Problem]]], keep: set[str]) -> None:
        """Store what was read now and forget files that are gone or changed."""
        with self.db:
            self.db.executemany(
                "INSERT OR REPLACE INTO articles VALUES (?, ?)",
                [(k, pickle.dumps(v, protocol=pickle.HIGHEST_PROTOCOL)) for k, v in read.items()],
            )
            stale = [(k,) for (k,) in self.db.execute("SELECT key FROM articles") if k not in keep]
            self.db.executemany("DELETE FROM articles WHERE key = ?", stale)

    # --- data derived from the project's files, keyed by their versions -------------
    def derived(self, key: str) -> object | None:
        """What ``save_derived`` stored under *key*, or None."""
        row = self.db.execute("SELECT value FROM derived WHERE key = ?", (key,)).fetchone()
        if row is None:
            return None
        try:
            return pickle.loads(row[0])
        except (pickle.UnpicklingError, AttributeError, EOFError, ImportError, TypeError):
            return None

    def kept(self, kind: str, version: str, make: Callable[[], T], readable: Callable[[object], bool]) -> T:
        """What *make* returns, stored under *kind* and *version* and read
        back while the version is the same (one entry per kind); a stored
        value that is not ``readable`` is made again."""
        key = f"{kind}:{version}"
        found = self.derived(key)
        if readable(found):
            return found  # type: ignore[return-value]  # readable() vouches for it
        made = make()
        self.save_derived(kind, key, made)
        return made

    def save_derived(self, kind: str, key: str, value: object) -> None:
        """Store *value* under *key*, replacing what was stored for *kind* (a
        prefix of the key): one entry per kind, the current one."""
        with self.db:
            self._replace_derived(kind, key, value)

    def _replace_derived(self, kind: str, key: str, value: object) -> None:
        """``save_derived`` inside the caller's transaction."""
        self.db.execute("DELETE FROM derived WHERE key LIKE ?", (f"{kind}:%",))
        self.db.execute("INSERT INTO derived VALUES (?, ?)", (key, pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)))

    # --- per-brief clustering features (``generator.stories.memo``) ----------------
    def cluster_features(self, keys: list[str]) -> dict[str, object]:
        """The stored features of the briefs *keys* (those stored and readable)."""
        return self._values("cluster_features", keys)  # the others are computed again

    def save_cluster_features(self, new: dict[str, object], keep: set[str], vocabulary: tuple[str, str, object] | None) -> None:
        """Store the *new* features, forget those not in *keep*, and replace
        the vocabulary their term ids index (``save_derived``'s (kind, key,
        value)), all in one transaction: features are never stored without
        the vocabulary they were made against."""
        with self.db:
            self._keep_values("cluster_features", new, keep)
            if vocabulary is not None:
                self._replace_derived(*vocabulary)

    def pair_outcomes(self, keys: list[str]) -> dict[str, object]:
        """The stored outcomes of report pairs under *keys* (``memo.PairMemo``)."""
        return self._values("pair_outcomes", keys)

    def save_pair_outcomes(self, new: Mapping[str, object], keep: set[str]) -> None:
        """Store the *new* records and forget those not in *keep*."""
        with self.db:
            self._keep_values("pair_outcomes", new, keep)

    def _keep_values(self, table: str, new: Mapping[str, object], keep: set[str]) -> None:
        """In the open transaction: *new* written into *table*, and every row not in *keep* removed."""
        self.db.executemany(
            f"INSERT OR REPLACE INTO {table} VALUES (?, ?)",
            ((k, pickle.dumps(v, protocol=pickle.HIGHEST_PROTOCOL)) for k, v in new.items()),
        )
        stale = [(k,) for (k,) in self.db.execute(f"SELECT key FROM {table}") if k not in keep]
        self.db.executemany(f"DELETE FROM {table} WHERE key = ?", stale)

    # --- the dependency record of the last build written ---------------------------
    def page_record(self, manifest_on_disk: bytes | None, listing_on_disk: str) -> dict[str, str]:
        """The pages of the last build and their fingerprints, if the site on
        disk is still that build: its manifest is the one recorded, and no
        file was added, removed or edited since (*listing_on_disk*, see
        ``generator.inputs.site_listing``); a page edited by hand is not kept."""
        row = self.db.execute("SELECT value FROM meta WHERE key = 'manifest'").fetchone()
        if row is None or manifest_on_disk is None or row[0] != hashlib.sha256(manifest_on_disk).hexdigest():
            return {}
        if listing_on_disk != self.site_listing():
            return {}
        return dict(self.db.execute("SELECT path, fingerprint FROM pages"))

    def site_listing(self) -> str | None:
        """The listing of the site the last build left."""
        row = self.db.execute("SELECT value FROM meta WHERE key = 'site-listing'").fetchone()
        return None if row is None else row[0]

    def save_page_record(self, fingerprints: dict[str, str], manifest: bytes, listing: str) -> None:
        with self.db:
            self.db.execute("DELETE FROM pages")
            self.db.executemany("INSERT INTO pages VALUES (?, ?)", sorted(fingerprints.items()))
            self.db.execute("INSERT OR REPLACE INTO meta VALUES ('manifest', ?)", (hashlib.sha256(manifest).hexdigest(),))
            self.db.execute("INSERT OR REPLACE INTO meta VALUES ('site-listing', ?)", (listing,))
