"""Offline, static search: Pagefind, one index per language, Arabic-aware.

Pagefind reads each page's ``<html lang>`` and builds separate ``ar`` and
``en`` indexes.  Arabic spelling varies (أ/إ/آ/ا, ى/ي, ة/ه, diacritics, the
article ال), so every Arabic brief page carries a hidden element with its
words folded by ``normalise_query`` (``generator.text.arabic.normalise`` then
``strip_article``), and ``templates/static/search.js`` folds the reader's
query the same way before asking Pagefind.  tests/test_search.py runs the JS
with node on a table of cases to keep the two in step.

How the bundle is made: the pages Pagefind indexes (those marked
``data-pagefind-body``: the brief pages; navigation inside them is marked
``data-pagefind-ignore``) are hard-linked into a temporary folder, the Pagefind binary shipped in the ``pagefind[extended]`` wheel is run
on it (``python -m pagefind``, the documented CLI), and the bundle is read
back into the build's file mapping, so it is swapped into site/ atomically
with everything else.  The CLI is preferred to the async Python API, whose
``get_files()`` its own docs warn can deadlock on large outputs.

Reproducibility: Pagefind 1.5.2's output is byte-identical from run to run
except ``pagefind-entry.json``, whose language keys come out in hash-map
order; it is re-serialised here with sorted keys, after which the whole
bundle is byte-identical across builds (tested).
"""

from __future__ import annotations

import functools
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from ..text import arabic
from ..models import Problem

BUNDLE_DIR = "pagefind"
# Only the JS API is used (templates/static/search.js); Pagefind's ready-made
# UI bundles would add ~400 KB to every site for nothing.
UNUSED_BUNDLE_FILES = (
    "pagefind-ui.js",
    "pagefind-ui.css",
    "pagefind-component-ui.js",
    "pagefind-component-ui.css",
    "pagefind-modular-ui.js",
    "pagefind-modular-ui.css",
    "pagefind-highlight.js",
)
TIMEOUT = 300  # seconds; the demo site indexes in well under one
# Pagefind's input is written under the project's cache folder rather than
# the system temp folder, so that what a killed build leaves behind is found
# and removed by the next build (see remove_stale_scratch).
SCRATCH_DIR = "tmp"
SCRATCH_PREFIX = "briefing-pagefind-"


def normalise_query(text: str) -> str:
    """Words of *text* folded for matching: normalised, and for Arabic words
    the article (ال, وال, بال, لل, ...) stripped.  Mirrored by
    ``normaliseQuery`` in templates/static/search.js."""
    return " ".join(_fold_word(token) for token in arabic.tokenize(text))


@functools.lru_cache(maxsize=1 << 16)
def _fold_word(token: str) -> str:
    """One word folded (a site build folds the same words thousands of times)."""
    return arabic.strip_article(token) if arabic.is_arabic(token) else token


def search_field(texts: list[str]) -> str:
    """The hidden search text of a page: its folded words, each once, in order."""
    seen: dict[str, None] = {}
    for text in texts:
        for word in normalise_query(text).split():
            seen.setdefault(word, None)
    return " ".join(seen)


def pagefind_command(site: Path) -> list[str]:
    return [sys.executable, "-m", "pagefind", "--site", str(site), "--output-subdir", BUNDLE_DIR, "--silent"]


def remove_stale_scratch(folder: Path) -> None:
    """Remove Pagefind scratch folders that killed builds left in *folder*
    (called with the build lock held: none of them is in use)."""
    if folder.is_dir():
        for entry in folder.glob(SCRATCH_PREFIX + "*"):
            if entry.is_dir() and not entry.is_symlink():
                shutil.rmtree(entry, ignore_errors=True)


INDEXED_MARK = b"data-pagefind-body"


def build_search_bundle(files: dict[str, bytes], scratch: Path | None = None) -> tuple[dict[str, bytes], list[Problem]]:
    """Run Pagefind over the HTML pages of *files*; return the bundle's files
    (under ``pagefind/``) and any problem.  A missing or failing Pagefind is
    a warning: the site still builds, its search page says search is missing."""
    pages = {name: data for name, data in files.items() if name.endswith(".html")}
    indexed = {name: data for name, data in pages.items() if INDEXED_MARK in data} or pages

    def stage(site: Path) -> None:
        for name, data in indexed.items():
            target = site / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)

    return _run_pagefind(stage, scratch)


def index_staged_pages(pages: dict[str, Path], scratch: Path | None = None) -> tuple[dict[str, bytes], list[Problem]]:
    """Pagefind over pages already written (``{output path: file}``): only
    the pages it indexes are handed to it, hard-linked, not copied."""

    def stage(site: Path) -> None:
        for name, path in pages.items():
            target = site / name
            target.parent.mkdir(parents=True, exist_ok=True)
            try:
                os.link(path, target)
            except OSError:
                shutil.copyfile(path, target)

    return _run_pagefind(stage, scratch)


def _run_pagefind(stage, scratch: Path | None) -> tuple[dict[str, bytes], list[Problem]]:
    """Pagefind in a temporary folder inside *scratch* (the cache, so a killed
    build's folder is found and removed by the next build)."""
    try:
        import pagefind  # noqa: F401  (the wheel that ships the binary)
    except ImportError:
        return {}, [Problem(BUNDLE_DIR, None, "search index not built: install pagefind[extended]", "warning")]
    if scratch is not None:
        scratch.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=SCRATCH_PREFIX, dir=scratch) as tmp:
        site = Path(tmp) / "site"
        site.mkdir()
        stage(site)
        try:
            run = subprocess.run(pagefind_command(site), capture_output=True, text=True, timeout=TIMEOUT)
        except (OSError, subprocess.TimeoutExpired) as exc:
            return {}, [Problem(BUNDLE_DIR, None, f"search index not built: {exc}", "warning")]
        if run.returncode != 0:
            detail = (run.stderr or run.stdout).strip().splitlines()[-1:] or ["no output"]
            return {}, [Problem(BUNDLE_DIR, None, f"search index not built: pagefind failed: {detail[0]}", "warning")]
        bundle: dict[str, bytes] = {}
        root = site / BUNDLE_DIR
        for path in sorted(root.rglob("*")):
            if not path.is_file() or path.name in UNUSED_BUNDLE_FILES:
                continue
            data = path.read_bytes()
            if path.name == "pagefind-entry.json":
                data = canonical_json(data)
            bundle[f"{BUNDLE_DIR}/{path.relative_to(root).as_posix()}"] = data
    return bundle, []


def canonical_json(data: bytes) -> bytes:
    """Pagefind writes its entry file's language table in hash-map order."""
    return json.dumps(json.loads(data), sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
