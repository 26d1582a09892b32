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
import math
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Callable, Mapping

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
    return index_staged_pages({name: data for name, data in pages.items() if INDEXED_MARK in data} or pages, scratch)


# Pagefind holds what it indexes in memory: about 160 KB a page (10,000 brief
# pages: 1.1 GB, twice the whole build's budget; 500 pages: about 90 MB).  So
# it runs once per language, which changes no byte of the bundle (each
# language's index is built apart anyway), and a language with more pages
# than this is indexed in shards of this many pages, the first the main
# bundle, the others merged into it in the browser (Pagefind's
# ``mergeIndex``, see SHARDED_ENTRY).
SHARD_PAGES = 500
SHARDS_DIR = "shards"
CORE_JS = "core/pagefind.js"
# The bundle's pagefind.js when the index is sharded: Pagefind itself moves
# to core/, told where its bundle is (it finds it from its own address
# otherwise), and the shards of the page's language are merged in before the
# first search.  search.js imports it like Pagefind's own.
SHARDED_ENTRY = """// Written by briefing (generator/site/search.py): this index is in shards,
// one Pagefind run each; the others are merged into the main one.
import * as pagefind from "./core/pagefind.js";
const base = new URL("./", import.meta.url).href;
const shards = %s;
let merged = null;
export async function options(opts) {
  await pagefind.options({ ...opts, basePath: base });
  const lang = document.documentElement.lang;
  merged = merged || Promise.all((shards[lang] || []).map((dir) =>
    pagefind.mergeIndex(new URL(dir, base).href, { baseUrl: opts && opts.baseUrl, language: lang })));
  await merged;
}
export const { search, debouncedSearch, preload, filters, init, destroy, mergeIndex, createInstance } = pagefind;
"""


def index_staged_pages(
    pages: Mapping[str, Path] | Mapping[str, bytes],
    scratch: Path | None = None,
    write: Callable[[str, bytes], object] | None = None,
) -> tuple[dict[str, bytes], list[Problem]]:
    """Pagefind over pages already written (``{output path: file}``, handed
    to it hard-linked, not copied) or held in memory (``{output path: bytes}``);
    only the pages it indexes; one run
    per language and shard of at most SHARD_PAGES pages, one at a time.  With
    *write*, the bundle's files go to ``write(name, data)`` as each run ends
    (the returned mapping is then empty) instead of being held until the last."""
    by_language: dict[str, list[str]] = {}
    for name in sorted(pages):
        by_language.setdefault(name.split("/", 1)[0], []).append(name)
    bundle: dict[str, bytes] = {}
    out = write or bundle.__setitem__
    entry: dict = {}
    core = b""  # Pagefind's own pagefind.js, from the first run
    shards: dict[str, list[str]] = {}
    for lang, names in sorted(by_language.items()):
        # as many runs as SHARD_PAGES requires, of even size (1,001 pages: 501 + 500, not 500 + 500 + 1)
        size = math.ceil(len(names) / math.ceil(len(names) / SHARD_PAGES))
        for start in range(0, len(names), size):
            part = {name: pages[name] for name in names[start : start + size]}
            files, problems = _run_pagefind(_linker(part), scratch)
            if problems:
                return {}, problems
            if start:  # a shard merged in the browser: its own folder
                folder = f"{SHARDS_DIR}/{lang}-{start // size + 1}/"
                shards.setdefault(lang, []).append(folder)
                for name, data in files.items():
                    if name != f"{BUNDLE_DIR}/pagefind.js" and not name.endswith("pagefind-worker.js"):
                        out(name.replace(f"{BUNDLE_DIR}/", f"{BUNDLE_DIR}/{folder}", 1), data)
                continue
            # the main bundle: each language adds its index; the shared files are alike
            found = json.loads(files.pop(f"{BUNDLE_DIR}/pagefind-entry.json"))
            core = files.pop(f"{BUNDLE_DIR}/pagefind.js", core)
            entry = {**found, "languages": {**entry.get("languages", {}), **found["languages"]}}
            for name, data in files.items():
                out(name, data)
    if not entry:
        return bundle, []
    out(f"{BUNDLE_DIR}/pagefind-entry.json", canonical_json(json.dumps(entry).encode("utf-8")))
    if shards:
        out(f"{BUNDLE_DIR}/{CORE_JS}", core)
        out(f"{BUNDLE_DIR}/pagefind.js", (SHARDED_ENTRY % json.dumps(shards, sort_keys=True)).encode("utf-8"))
    else:
        out(f"{BUNDLE_DIR}/pagefind.js", core)
    return bundle, []


def _linker(pages: Mapping[str, Path | bytes]) -> Callable[[Path], None]:
    def stage(site: Path) -> None:
        for name, page in pages.items():
            target = site / name
            target.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(page, bytes):
                target.write_bytes(page)
                continue
            try:
                os.link(page, target)
            except OSError:
                shutil.copyfile(page, target)

    return stage


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
