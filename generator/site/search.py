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
``data-pagefind-ignore``, and so is text in the other language, since each
language's index holds its own: the Arabic source sentences and the Arabic
awaiting translation on English pages, the English translations on Arabic
ones) are handed, sorted by name and each cut down to what Pagefind reads of
it (``indexed_content``, which makes the same bundle), to the Pagefind binary
shipped in the ``pagefind-bin`` wheel (the one its documented CLI,
``python -m pagefind``, runs) started as a service (``_served``), which
answers with the bundle's files; they are written into the build's staged
site, so they reach site/ all or nothing with everything else.  The service
is spoken to directly, not through the wheel's async Python API, whose
``get_files()`` its own docs warn can deadlock on large outputs.

Incrementally: the index is in shards of stable boundaries (``plan_shards``),
each one Pagefind run; a build keeps from the current site the files of every
shard whose pages Pagefind reads the same as last time (``indexed_content``)
and runs Pagefind on the others only, so adding an article re-indexes its
own period's shards, not the archive.

Reproducibility: Pagefind numbers pages in the order it is given them, and
the numbers are in its index files.  Run on a folder (``--site``) it takes
them in the order the file system lists them: on ext4 a hash order seeded
per file system, on tmpfs the order they were made, so the same pages gave
another machine another index.  Handed them sorted, its output is the same
from run to run except ``pagefind-entry.json``, whose language keys come out
in hash-map order; that is re-serialised here with sorted keys, after which
the whole bundle is byte-identical across builds and file systems (tested).
"""

from __future__ import annotations

import base64
import functools
import hashlib
import importlib
import json
import math
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

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


PAGEFIND_OPTIONS = ("--service",)  # the pages in our order (module docstring)


# Where pagefind 1.5's ``pagefind.service.get_executable`` looks, in its
# order (pyproject pins pagefind to 1.5): the binary wheels, then the PATH.
PAGEFIND_BINARY_WHEELS = ("pagefind_bin_extended", "pagefind_bin")
PAGEFIND_ON_PATH = ("pagefind_extended", "pagefind")


@functools.cache
def _pagefind_binary() -> list[str]:
    """The binary ``python -m pagefind`` runs (the documented CLI), found the
    way it finds it: started directly, each run is spared a Python start and
    asyncio's import (0.1 s; a build runs Pagefind once per shard).  Looked
    for as ``pagefind.service.get_executable`` does, not by importing that
    module, which imports asyncio (20 ms of every build)."""
    named = os.getenv("PAGEFIND_BINARY_PATH")
    if named is not None:
        return [named]
    for wheel in PAGEFIND_BINARY_WHEELS:
        try:
            module = importlib.import_module(wheel)
        except ImportError:
            continue
        try:
            return [str(module.get_executable())]
        except Exception:  # noqa: BLE001  (a third-party lookup: whatever fails, the module form still may work)
            return [sys.executable, "-m", "pagefind"]
    external = next(filter(None, map(shutil.which, PAGEFIND_ON_PATH)), None)
    return [external] if external is not None else [sys.executable, "-m", "pagefind"]


def pagefind_command() -> list[str]:
    return [*_pagefind_binary(), *PAGEFIND_OPTIONS]


INDEXED_MARK = b"data-pagefind-body"


def build_search_bundle(files: dict[str, bytes]) -> tuple[dict[str, bytes], list[Problem]]:
    """Run Pagefind over the HTML pages of *files*; return the bundle's files
    (under ``pagefind/``) and any problem.  A missing or failing Pagefind is
    a warning: the site still builds, its search page says search is missing."""
    pages = {name: data for name, data in files.items() if name.endswith(".html")}
    pages = {name: data for name, data in pages.items() if INDEXED_MARK in data} or pages
    run = index_staged_pages(sorted(pages), pages.__getitem__)
    return run.bundle, run.problems


# Pagefind holds what it indexes in memory: about 160 KB a page (10,000 brief
# pages: 1.1 GB, twice the whole build's budget).  So it runs once per
# language and shard of at most this many pages, the first shard of each
# language the main bundle, the others merged into it in the browser
# (Pagefind's ``mergeIndex``, see SHARDED_ENTRY); each language's index is
# built apart anyway.  The size is also what a "+1 article" rebuild indexes
# again (twice: the Arabic and the English page, and the shards of pages
# whose related coverage it joins): a run costs about 0.05 s plus 4 ms of
# CPU a page (measured here), so shards of at most 200 pages keep that under
# a second, for a few more starts in a cold build.  Each shard costs the
# reader two small downloads on the first search (its entry and metadata: a
# merged index runs in the main one's wasm).
SHARD_PAGES = 200
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
DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


@dataclass(frozen=True)
class Shard:
    """Pages Pagefind indexes in one run: one language's brief pages of one
    period.  Periods are calendar months, halved by day range (1-16, 17-31,
    then 1-8, 9-16, ...) while they hold more than SHARD_PAGES pages, so a
    page added to one period moves no other shard's boundary: the shards of
    the rest of the archive keep their pages, and their index is kept."""

    lang: str
    label: str  # its period: "2025-07", "2025-07-17-31", ...
    names: tuple[str, ...]
    main: bool  # the language's first shard: its index is the main bundle's

    @property
    def key(self) -> str:
        return f"{self.lang}-{self.label}"

    @property
    def folder(self) -> str:
        """Where its files go inside the bundle."""
        return "" if self.main else f"{SHARDS_DIR}/{self.key}/"


def plan_shards(names: Iterable[str]) -> list[Shard]:
    """The shards of the indexed pages *names* (``ar/2025-07-03/slug/index.html``;
    a page outside a dated folder goes to its language's "pages" period)."""
    periods: dict[tuple[str, str], dict[int, list[str]]] = {}
    for name in sorted(names):
        lang, _, rest = name.partition("/")
        folder = rest.split("/", 1)[0]
        month, day = (folder[:7], int(folder[8:])) if DAY.fullmatch(folder) else ("pages", 1)
        periods.setdefault((lang, month), {}).setdefault(day, []).append(name)
    shards: list[Shard] = []
    for (lang, month), days in sorted(periods.items()):
        for label, part in _split_period(month, days, 1, 31):
            shards.append(Shard(lang, label, tuple(part), not shards or shards[-1].lang != lang))
    return shards


def _split_period(month: str, days: dict[int, list[str]], first: int, last: int) -> list[tuple[str, list[str]]]:
    names = [name for day in sorted(days) if first <= day <= last for name in days[day]]
    if not names:
        return []
    if len(names) <= SHARD_PAGES:
        return [(month if (first, last) == (1, 31) else f"{month}-{first:02d}-{last:02d}", names)]
    if first == last:  # one day holds more than a shard: even parts of it, by name
        size = math.ceil(len(names) / math.ceil(len(names) / SHARD_PAGES))
        return [
            (f"{month}-{first:02d}-{first:02d}-{n + 1}", names[s : s + size]) for n, s in enumerate(range(0, len(names), size))
        ]
    middle = (first + last) // 2
    return _split_period(month, days, first, middle) + _split_period(month, days, middle + 1, last)


@functools.cache
def _indexer_version() -> str:
    """What, besides its pages, decides a shard's index: the version of the
    binary that runs (``_pagefind_binary``), as it states it (the ``pagefind``
    wrapper's own version does not pin the binary's), and the options."""
    try:
        run = subprocess.run([*_pagefind_binary(), "--version"], capture_output=True, text=True, timeout=TIMEOUT)
        version = run.stdout.strip() if run.returncode == 0 else "-"
    except (OSError, subprocess.TimeoutExpired):
        version = "-"  # then no shard is indexed either: Pagefind's own run says why
    return f"{version} {' '.join(PAGEFIND_OPTIONS)} {' '.join(UNUSED_BUNDLE_FILES)}"


def shard_fingerprint(shard: Shard, contents: Mapping[str, str]) -> str:
    """The fingerprint of a shard's input: where it goes, its pages and what
    Pagefind reads of each (``indexed_content``'s digest)."""
    digest = hashlib.sha256(f"{_indexer_version()}\0{shard.key}\0{shard.folder}\n".encode())
    for name in shard.names:
        digest.update(f"{name}\0{contents[name]}\n".encode())
    return digest.hexdigest()


# A page's related coverage is marked data-pagefind-ignore and changes with
# its neighbours: one new article changed 184 brief pages of 1,000 articles'
# site, all but its own two in that section only, and so 12 shards of 16.
# Pagefind indexes none of that text, so a shard's input is its pages with
# the inside of each ignored element reduced to what Pagefind still reads
# there: the tags that carry metadata, filters or sort keys, and images
# (its default image metadata), kept whole.  Tried on Pagefind 1.5.2: an
# image or a filter inside an ignored element changes the bundle; text,
# links and headings with ids do not.
def _marked(attribute: bytes) -> re.Pattern[bytes]:
    """The opening tag of an element carrying *attribute*, its name group 1."""
    return re.compile(rb"<([a-zA-Z][\w-]*)(?=[\s>/])[^>]*\s" + attribute + rb"\b[^>]*>")


_IGNORED = _marked(b"data-pagefind-ignore")
# an image (group 1) or an element with any data-pagefind attribute (its name: group 2)
_READ_IN_IGNORED = re.compile(rb"<(img)\b[^>]*>|<([a-zA-Z][\w-]*)[^>]*?data-pagefind[^>]*>", re.IGNORECASE)


def _tags_with(
    pattern: re.Pattern[bytes], literals: tuple[bytes, ...], html: bytes, start: int = 0, end: int | None = None
) -> Iterator[re.Match[bytes]]:
    """``pattern.finditer(html, start, end)`` for a tag pattern each of whose
    matches holds one of *literals* with no ``>`` before it: the pattern is
    tried only from the ``>`` before the next occurrence of one.  Run over a
    whole page, the pattern was tried at each of its hundreds of tags, and
    finding the few it reads was most of the time renderers spent on
    ``content_digest`` (450 µs a brief page; most regions hold none).  A
    pattern that ignores case is given lower-case *literals*, looked for in
    the lower-cased page (``bytes.lower``, like ``re.IGNORECASE`` on bytes,
    folds ASCII only)."""
    end = len(html) if end is None else end
    haystack = html.lower() if pattern.flags & re.IGNORECASE else html
    position = start
    # each literal's next occurrence (-1: none left), looked for again only once passed
    ahead = {literal: haystack.find(literal, start, end) for literal in literals}
    while True:
        for literal, at in ahead.items():
            if -1 < at < position:
                ahead[literal] = haystack.find(literal, position, end)
        found = [at for at in ahead.values() if at >= 0]
        if not found:
            return
        first = min(found)
        # a match holding that occurrence starts after the last ">" before it; none starts
        # earlier (it would hold an earlier occurrence, there is none, or cross that ">")
        match = pattern.search(html, max(position, haystack.rfind(b">", position, first) + 1), end)
        if match is None:
            return
        yield match
        position = match.end()


# Nor does Pagefind index what lies outside a page's data-pagefind-body
# elements once the page has one (tried on Pagefind 1.5.2: another <title>,
# navigation, footer or "back to the digest" link left the bundle as it was),
# and a brief page's link back to its digest changes when clustering moves its
# story to another day.  So outside the body only the <html> tag (the
# language) and the tags Pagefind reads anywhere are kept.
_BODY = _marked(b"data-pagefind-body")
_HTML_TAG = re.compile(rb"<html\b[^>]*>", re.IGNORECASE)
_TAKES_CONTENT = re.compile(rb"\sdata-pagefind-(?:meta|filter|sort)\b")  # may read the element's text


@functools.cache
def _same_tag(tag: bytes) -> re.Pattern[bytes]:
    return re.compile(rb"<(/?)" + re.escape(tag) + rb"(?=[\s>/])[^>]*>", re.IGNORECASE)


def _element_end(html: bytes, name: bytes, after: int) -> int | None:
    """Where the element *name* opened just before *after* closes (its closing tag's start), or None."""
    depth = 1
    for tag in _same_tag(name).finditer(html, after):
        depth += -1 if tag.group(1) else 1
        if depth == 0:
            return tag.start()
    return None


def _read_tags(html: bytes, start: int, end: int) -> list[bytes]:
    """The tags Pagefind reads between *start* and *end* even where it indexes
    no text: metadata, filters, sort keys and images, each element whole."""
    found = []
    for tag in _tags_with(_READ_IN_IGNORED, (b"<img", b"data-pagefind"), html, start, end):
        name = tag.group(2)
        close = _element_end(html, name, tag.end()) if name and _TAKES_CONTENT.search(tag.group(0)) else None
        found.append(html[tag.start() : close] if close is not None and close <= end else tag.group(0))
    return found


def _without_ignored(html: bytes) -> bytes:
    """*html* with the text of each data-pagefind-ignore element left out."""
    parts = []
    position = 0
    for opening in _tags_with(_IGNORED, (b"data-pagefind-ignore",), html):
        if opening.start() < position:  # inside an ignored element already reduced
            continue
        end = _element_end(html, opening.group(1), opening.end())
        if end is None:
            continue
        parts.append(html[position : opening.end()])
        parts.extend(_read_tags(html, opening.end(), end))
        position = end
    parts.append(html[position:])
    return b"".join(parts)


def indexed_content(html: bytes) -> bytes:
    """*html* as far as Pagefind's index of it goes: the text inside elements
    marked ``data-pagefind-ignore`` is left out, and if the page marks its
    body (``data-pagefind-body``), all but a few tags outside it.
    Conservative: an element without its closing tag is kept whole."""
    bodies: list[tuple[int, int]] = []
    for opening in _tags_with(_BODY, (b"data-pagefind-body",), html):
        if bodies and opening.start() < bodies[-1][1]:
            continue  # inside a body already
        end = _element_end(html, opening.group(1), opening.end())
        if end is None:
            return _without_ignored(html)
        bodies.append((opening.start(), end))
    if not bodies:
        return _without_ignored(html)
    html_tag = _HTML_TAG.search(html, 0, bodies[0][0])
    parts = [html_tag.group(0)] if html_tag else []
    position = 0
    for start, end in bodies:
        parts.extend(_read_tags(html, position, start))
        parts.append(_without_ignored(html[start:end]))
        position = end
    parts.extend(_read_tags(html, position, len(html)))
    return b"".join(parts)


def content_digest(html: bytes) -> str:
    """The digest of what Pagefind reads of a page (``indexed_content``)."""
    return hashlib.sha256(indexed_content(html)).hexdigest()


def content_digests(
    names: Iterable[str],
    page: Callable[[str], Path | bytes],
    fingerprints: Mapping[str, str],
    known: Mapping[str, tuple[str, str]],
    made: Mapping[str, str] | None = None,
) -> dict[str, tuple[str, str]]:
    """Each page's fingerprint and its ``content_digest``: *made* already (by
    the renderers, as they rendered it), or the one *known* from the last
    build if its fingerprint is the same, or else read from the page."""
    found = {}
    for name in names:
        if made is not None and name in made:
            found[name] = (fingerprints[name], made[name])
            continue
        last = known.get(name)
        if last is not None and last[0] == fingerprints[name]:
            found[name] = last
            continue
        data = page(name)
        found[name] = (fingerprints[name], content_digest(data if isinstance(data, bytes) else data.read_bytes()))
    return found


@dataclass(frozen=True)
class ShardFiles:
    """What one shard's run left in the bundle."""

    fingerprint: str
    files: tuple[str, ...]  # its files in the bundle (a main shard's shared files too)
    entry: dict | None  # a main shard's pagefind-entry.json, merged with the other languages'


@dataclass(frozen=True)
class SearchRecord:
    """The shards of a build's search index, for the next build to keep."""

    shards: dict[str, ShardFiles] = field(default_factory=dict)
    core: bytes = b""  # Pagefind's own pagefind.js
    pages: dict[str, tuple[str, str]] = field(default_factory=dict)  # name: (fingerprint, content digest)


@dataclass(frozen=True)
class Reuse:
    """What an incremental build may keep: the last build's shards, whose
    files are in the current site (``has(name)``), kept by ``keep(name)``."""

    record: SearchRecord
    has: Callable[[str], bool]
    keep: Callable[[str], bool]

    def keep_shard(self, key: str, fingerprint: str | None, placed: set[str]) -> ShardFiles | None:
        """Keep a shard's files if its input is the last build's and they are all there."""
        found = self.record.shards.get(key)
        if found is None or fingerprint is None or found.fingerprint != fingerprint:
            return None
        # all present before any is kept: a shard is kept whole or indexed again
        if not all(map(self.has, found.files)):
            return None
        for name in found.files:
            if name not in placed and self.keep(name):
                placed.add(name)
        # a file gone since (a race, in a site not walked: ``keep`` asks the disk again) is not
        # placed: indexing again writes it, and alike the rest
        return found if placed.issuperset(found.files) else None


@dataclass
class SearchIndex:
    """What ``index_staged_pages`` did."""

    bundle: dict[str, bytes] = field(default_factory=dict)  # without ``write``
    problems: list[Problem] = field(default_factory=list)
    record: SearchRecord = field(default_factory=SearchRecord)
    indexed: int = 0  # shards Pagefind ran on
    kept: int = 0  # shards kept from the current site


def index_staged_pages(
    names: Iterable[str],
    page: Callable[[str], Path | bytes],
    write: Callable[[str, bytes], object] | None = None,
    *,
    fingerprints: Mapping[str, str] | None = None,
    digests: Mapping[str, str] | None = None,
    reuse: Reuse | None = None,
    jobs: int = 1,
) -> SearchIndex:
    """Pagefind over the pages *names*, each one already written (``page(name)``
    its file) or held in memory (its bytes); one run per shard
    (``plan_shards``), *jobs* at a time.  With *fingerprints* (each page's
    input), a shard whose input is the last build's in *reuse* keeps its
    files instead (*digests*: the pages' ``content_digest`` made already, by
    the renderers).  With *write*, the bundle's files go to
    ``write(name, data)`` as each run ends instead of being returned in
    ``bundle``."""
    result = SearchIndex()
    bundle = _Bundle(write or result.bundle.__setitem__)
    names = sorted(names)
    shards = plan_shards(names)
    contents = {}
    if fingerprints is not None:
        contents = content_digests(names, page, fingerprints, reuse.record.pages if reuse is not None else {}, digests)
    prints = {s.key: shard_fingerprint(s, {n: contents[n][1] for n in s.names}) if contents else None for s in shards}
    recorded: dict[str, ShardFiles] = {}
    for shard in shards:  # kept first: nothing is written before
        found = reuse.keep_shard(shard.key, prints[shard.key], bundle.placed) if reuse is not None else None
        if found is not None:
            recorded[shard.key] = found
    todo = [shard for shard in shards if shard.key not in recorded]
    core = reuse.record.core if reuse is not None else b""
    with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
        # the pages are looked up here, not in the threads (a staged site is not thread-safe)
        inputs = [{name: page(name) for name in shard.names} for shard in todo]
        runs = pool.map(_run_pagefind, inputs)
        for shard, run in zip(todo, runs):  # in shard order, each as it ends
            if run.problems:
                pool.shutdown(cancel_futures=True)
                return SearchIndex(problems=run.problems)
            core = run.files.pop(f"{BUNDLE_DIR}/pagefind.js", core)
            recorded[shard.key] = ShardFiles(prints[shard.key] or "", *_place_shard(shard, run.files, bundle.put))
    result.indexed, result.kept = len(todo), len(shards) - len(todo)
    result.record = SearchRecord({shard.key: recorded[shard.key] for shard in shards}, core, contents)
    entry: dict = {}
    folders: dict[str, list[str]] = {}
    for shard in shards:
        found = recorded[shard.key]
        if found.entry is not None:
            entry = {**found.entry, "languages": {**entry.get("languages", {}), **found.entry["languages"]}}
        if not shard.main:
            folders.setdefault(shard.lang, []).append(shard.folder)
    if not entry:
        return result
    bundle.put(f"{BUNDLE_DIR}/pagefind-entry.json", canonical_json(json.dumps(entry).encode("utf-8")))
    if folders:
        bundle.put(f"{BUNDLE_DIR}/{CORE_JS}", core)
        bundle.put(f"{BUNDLE_DIR}/pagefind.js", (SHARDED_ENTRY % json.dumps(folders, sort_keys=True)).encode("utf-8"))
    else:
        bundle.put(f"{BUNDLE_DIR}/pagefind.js", core)
    return result


class _Bundle:
    """Where the bundle's files go, each once (the main shards of both
    languages share some)."""

    def __init__(self, write: Callable[[str, bytes], object]) -> None:
        self.write = write
        self.placed: set[str] = set()

    def put(self, name: str, data: bytes) -> None:
        if name not in self.placed:
            self.placed.add(name)
            self.write(name, data)


def _place_shard(
    shard: Shard, files: dict[str, bytes], place: Callable[[str, bytes], None]
) -> tuple[tuple[str, ...], dict | None]:
    """Put a shard's run into the bundle; return its files and, for a main
    shard, its entry (the bundle's entry file merges the languages')."""
    if shard.main:
        entry = json.loads(files.pop(f"{BUNDLE_DIR}/pagefind-entry.json"))
        for name, made in files.items():
            place(name, made)
        return tuple(files), entry
    placed = []
    for name, made in files.items():
        # merged indexes run in the main one's wasm and worker (mergeIndex: load_wasm false)
        if not name.endswith(("pagefind-worker.js", ".pagefind")):
            placed.append(name.replace(f"{BUNDLE_DIR}/", f"{BUNDLE_DIR}/{shard.folder}", 1))
            place(placed[-1], made)
    return tuple(placed), None


@dataclass(frozen=True)
class _Run:
    """One Pagefind run: the bundle's files, or the problems that stopped it."""

    files: dict[str, bytes]
    problems: list[Problem]


def _run_pagefind(pages: Mapping[str, Path | bytes]) -> _Run:
    try:
        import pagefind  # noqa: F401  (the wheel that ships the binary)
    except ImportError:
        return _Run({}, [Problem(BUNDLE_DIR, None, "search index not built: install pagefind[bin]", "warning")])
    try:
        return _Run(_pagefind_files(pages), [])
    except _RunFailed as exc:
        return _Run({}, [Problem(BUNDLE_DIR, None, f"search index not built: {exc}", "warning")])


class _RunFailed(Exception):
    """Why Pagefind made no bundle."""


def _pagefind_files(pages: Mapping[str, Path | bytes]) -> dict[str, bytes]:
    """Pagefind's bundle of *pages* (name: the page's file or bytes), given
    them in the order of their names: its files by name."""
    return _pagefind_bundle([(name, pages[name]) for name in sorted(pages)])


def _pagefind_bundle(pages: list[tuple[str, Path | bytes]]) -> dict[str, bytes]:
    """Pagefind's bundle of *pages*, handed to it in this order (which its
    index files depend on: the module docstring).  Each page is handed as far
    as Pagefind reads it (``indexed_content``): the bundle is the one of the
    whole pages (a shard is kept by that digest, on that promise; tested),
    and Pagefind takes 10-15% less CPU on a brief page half the size."""
    requests: list[dict[str, Any]] = [{"type": "NewIndex", "config": None}]
    for name, page in pages:
        data = indexed_content(page if isinstance(page, bytes) else page.read_bytes())
        html = data.decode("utf-8", "replace")  # as written: no newline translation
        requests.append({"type": "AddFile", "index_id": 0, "file_path": name, "url": None, "file_contents": html})
    # GetFiles, not WriteFiles: the service answers WriteFiles while its
    # writes may still be under way (a file read then was empty, one build in four)
    requests.append({"type": "GetFiles", "index_id": 0})
    bundle: dict[str, bytes] = {}
    for made in sorted(_served(requests).get("files", []), key=lambda f: f["path"]):
        path = PurePosixPath(made["path"])
        if path.name in UNUSED_BUNDLE_FILES:
            continue
        data = base64.b64decode(made["content"])
        bundle[f"{BUNDLE_DIR}/{path.as_posix()}"] = canonical_json(data) if path.name == "pagefind-entry.json" else data
    return bundle


def _served(requests: list[dict]) -> dict:
    """Send *requests* to a Pagefind service: its answer to the last.  The
    service handles them one after another, in this order.  Its
    protocol: each message is base64-encoded JSON followed by a comma, both
    ways.  Every request is written before any answer is read, each as soon
    as it is encoded (the service works on the first while the next is
    encoded): it reads and answers in threads of its own, queueing without
    bound, so neither side waits on a full pipe.  The service exits when its
    input ends, so that stays open until the last answer has come."""
    last = len(requests) - 1
    with tempfile.TemporaryFile() as errors:  # a file: what it prints there cannot fill a pipe
        try:
            service = subprocess.Popen(pagefind_command(), stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=errors)
        except OSError as exc:
            raise _RunFailed(exc) from None
        timed_out: list[bool] = []

        def stop() -> None:
            timed_out.append(True)
            service.kill()

        timer = threading.Timer(TIMEOUT, stop)
        timer.start()
        try:
            assert service.stdin is not None and service.stdout is not None
            try:
                for n, request in enumerate(requests):
                    message = json.dumps({"message_id": n, "payload": request}, ensure_ascii=False)
                    service.stdin.write(base64.b64encode(message.encode("utf-8")) + b",")
                    service.stdin.flush()
            except BrokenPipeError:
                pass  # it stopped: what it printed says why
            for answer in _answers(service.stdout):
                payload = answer.get("payload", {})
                if payload.get("type") == "Error":
                    raise _RunFailed(f"pagefind failed: {payload.get('message', 'no message')}")
                if answer.get("message_id") == last:
                    return payload
        finally:
            timer.cancel()
            for pipe in (service.stdin, service.stdout):
                if pipe is not None:
                    pipe.close()
            service.kill()
            service.wait()
        if timed_out:
            raise _RunFailed(f"pagefind timed out after {TIMEOUT} s")
        errors.seek(0)
        detail = errors.read().decode("utf-8", "replace").strip().splitlines()[-1:]
        raise _RunFailed(f"pagefind stopped: {(detail or ['no output'])[0]}")


def _answers(stream) -> Iterator[dict]:
    """The messages of a Pagefind service's output, as they come."""
    # The last answer holds the whole bundle (megabytes, read 64 KB at a
    # time): its parts are kept apart and joined once, where adding each
    # read to what came before and splitting it all again was quadratic.
    parts: list[bytes] = []
    while chunk := stream.read1(1 << 16):
        start = 0
        while (comma := chunk.find(b",", start)) >= 0:
            parts.append(chunk[start:comma])
            message = b"".join(parts)
            parts = []
            start = comma + 1
            try:
                yield json.loads(base64.b64decode(message, validate=True))
            except ValueError:  # binascii.Error and JSONDecodeError are ValueErrors
                raise _RunFailed(f"pagefind said something unreadable: {message[:80]!r}") from None
        parts.append(chunk[start:])


def canonical_json(data: bytes) -> bytes:
    """Pagefind writes its entry file's language table in hash-map order."""
    return json.dumps(json.loads(data), sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
