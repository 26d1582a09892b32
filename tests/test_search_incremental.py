"""Search, incrementally: the index is in shards of stable boundaries (one
language's brief pages of one month, halved by day range while too big), and
a build indexes again only the shards whose pages changed, keeping the others'
files from the current site; the result equals a clean build byte for byte."""

from __future__ import annotations

import importlib.metadata
import re
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.build import build
from generator.config import load_config
from generator.site import search
from generator.site.output import MANIFEST_NAME, StagedSite, write_site
from generator.site.search import BUNDLE_DIR, SHARDS_DIR, indexed_content, plan_shards

from .test_archive_scale import _bench_build_module, clean_build, synthetic_project, tree

SMALL_SHARD = 3


@pytest.fixture
def small_shards(monkeypatch):
    monkeypatch.setattr(search, "SHARD_PAGES", SMALL_SHARD)


@pytest.fixture(scope="module")
def corpus():
    return _bench_build_module().corpus_articles(28)


def _build(project) -> tuple[int, int, int]:
    """Build incrementally; return the shards (all, indexed, kept) its summary names."""
    config, _ = load_config(project)
    report = build(config, offline=True, jobs=1)
    assert not report.errors, report.errors
    line = next(line for line in report.summary if line.startswith("search index"))
    found = re.match(r"search index: \d+ page\(s\), (\d+) shard\(s\): (\d+) indexed, (\d+) kept", line)
    assert found, line
    return int(found.group(1)), int(found.group(2)), int(found.group(3))


def _indexed_pages(site) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.glob("*/????-??-??/*/index.html"))}


def _changed_shards(before: dict[str, bytes], after: dict[str, bytes]) -> tuple[int, int]:
    """Shards of *after* that are not a shard of *before* with the same pages,
    and those plus the shards holding a page whose bytes changed (a new story
    joins its neighbours' related coverage, which Pagefind does not index)."""
    old = {(s.key, s.names, s.main) for s in plan_shards(before)}
    new = [s for s in plan_shards(after) if (s.key, s.names, s.main) not in old]
    edited = [s for s in plan_shards(after) if s not in new and any(before[n] != after[n] for n in s.names)]
    return len(new), len(new) + len(edited)


def test_plan_keeps_boundaries_when_a_page_is_added(small_shards):
    names = [
        f"{lang}/2025-07-{day:02d}/story-{n}/index.html" for lang in ("ar", "en") for day in (1, 2, 9, 20, 30) for n in (1, 2)
    ]
    shards = plan_shards(names)
    assert all(len(s.names) <= SMALL_SHARD for s in shards)
    assert sorted(n for s in shards for n in s.names) == sorted(names)  # each page in exactly one shard
    assert [s.main for s in shards].count(True) == 2 and shards[0].main and shards[0].lang == "ar"
    assert [s.label for s in shards if s.lang == "ar"] == [
        "2025-07-01-01",
        "2025-07-02-02",
        "2025-07-09-16",
        "2025-07-17-24",
        "2025-07-25-31",
    ]
    # a page on the 20th: only its own shard changes (even shards over the sorted list moved every boundary)
    added = plan_shards([*names, "ar/2025-07-20/story-3/index.html"])
    assert {s.key for s in added} == {s.key for s in shards}
    assert [s.key for s in added if s not in shards] == ["ar-2025-07-17-24"]
    # a day with more pages than a shard holds: even parts of that day only
    crowded = plan_shards([f"ar/2025-08-05/s{n}/index.html" for n in range(7)])
    assert [len(s.names) for s in crowded] == [3, 3, 1] and crowded[0].label == "2025-08-05-05-1"


def test_one_more_article_indexes_only_its_shards_and_equals_a_clean_build(tmp_path, corpus, small_shards):
    project = synthetic_project(tmp_path / "project", corpus[:24])
    site = project / "site"
    shards, indexed, kept = _build(project)
    assert shards == indexed > 6 and kept == 0
    before = _indexed_pages(site)
    files = {p: (p.stat().st_ino, p.stat().st_mtime_ns) for p in (site / BUNDLE_DIR / SHARDS_DIR).rglob("*") if p.is_file()}

    _bench_build_module().briefing_article(project, corpus[24])
    shards, indexed, kept = _build(project)
    after = _indexed_pages(site)
    assert len(after) == len(before) + 2  # its Arabic and its English page
    moved, touched = _changed_shards(before, after)
    assert 2 <= moved <= indexed <= touched and indexed < kept == shards - indexed
    # the kept shards' files are the last build's, linked, not written again
    untouched = [p for p, stat in files.items() if p.exists() and (p.stat().st_ino, p.stat().st_mtime_ns) == stat]
    kept_folders = {p.relative_to(site / BUNDLE_DIR / SHARDS_DIR).parts[0] for p in untouched}
    assert len(kept_folders) >= kept - 2  # all but the languages' main shards, at the bundle's root
    assert tree(site) == clean_build(project, tmp_path / "clean")

    # a deletion: the shard that held it is indexed again, and only what changed
    victim = sorted((project / "content" / "articles").rglob("*.md"))[3]
    victim.unlink()
    shards, indexed, kept = _build(project)
    moved, touched = _changed_shards(after, _indexed_pages(site))
    assert 2 <= moved <= indexed <= touched and indexed < kept
    assert tree(site) == clean_build(project, tmp_path / "clean")

    # nothing changed: every shard kept
    assert _build(project)[1] == 0

    # a shard's index file removed by hand: the site is not the last build's, and its index is made again
    shard_file = next(p for p in sorted((site / BUNDLE_DIR / SHARDS_DIR).rglob("*")) if p.is_file())
    shard_file.unlink()
    assert _build(project)[1] > 0
    assert shard_file.is_file()
    assert tree(site) == clean_build(project, tmp_path / "clean")


def test_a_shard_is_kept_whole_from_the_walked_site_or_indexed_again(tmp_path):
    """A kept shard's files are looked up in the site as the build walked it
    (not stat'ed one by one), and a shard missing one of them keeps none."""
    shard = f"{BUNDLE_DIR}/{SHARDS_DIR}/ar-2025-07"
    whole = (f"{shard}/a.pf_fragment", f"{shard}/b.pf_index")
    broken = (f"{shard}-b/a.pf_fragment", f"{shard}-b/b.pf_index")
    manifest = {MANIFEST_NAME: b'{"generator": "briefing test"}'}
    write_site(tmp_path / "site", {**manifest, **dict.fromkeys(whole, b"x"), broken[0]: b"x"})
    record = search.SearchRecord({"whole": search.ShardFiles("f", whole, None), "broken": search.ShardFiles("f", broken, None)})
    with StagedSite(tmp_path / "site") as site:
        site.walk()
        reuse = search.Reuse(record, site.has, site.keep)
        placed: set[str] = set()
        assert reuse.keep_shard("broken", "f", placed) is None
        assert reuse.keep_shard("whole", "another input", placed) is None
        assert placed == set() and site.kept == 0  # nothing of either is kept
        # removed after the walk: the build goes by its listing, and the next build, whose walk
        # differs from the listing recorded, trusts none of this one's record
        (tmp_path / "site" / whole[0]).unlink()
        assert reuse.keep_shard("whole", "f", placed) == record.shards["whole"]
        assert placed == set(whole) and site.kept == 2


def test_indexed_content_leaves_out_the_text_pagefind_ignores():
    page = (
        b'<html lang="ar"><body><article data-pagefind-body><h1 data-pagefind-meta="title">Talks</h1><p>Oil talks.</p>'
        b'<section class="coverage" data-pagefind-ignore><h2 id="related">Related</h2><ul><li><a href="../x/">%s</a></li></ul>'
        b"<section data-pagefind-ignore><p>inner</p></section>%s</section><p>After.</p></article></body></html>"
    )
    base = indexed_content(page % (b"Old link", b""))
    assert b"Old link" not in base and b"inner" not in base and b"After." in base
    # related coverage changed, a heading added: the same input (Pagefind takes no anchor from an ignored element)
    assert indexed_content(page % (b"A newer link", b'<h3 id="more">More</h3>')) == base
    # what Pagefind still reads inside an ignored element counts: metadata, filters, images
    for read in (b'<span data-pagefind-filter="topic">oil</span>', b'<img src="a.png">'):
        assert indexed_content(page % (b"Old link", read)) != base
    assert indexed_content(page.replace(b"Oil talks.", b"Gas talks.") % (b"Old link", b"")) != base
    # an ignored element never closed is kept whole
    assert indexed_content(b"<div data-pagefind-ignore><p>text</p>") == b"<div data-pagefind-ignore><p>text</p>"
    # a filter's value is its element's text: another value is another input
    filtered = page % (b"Old link", b'<span data-pagefind-filter="topic">oil</span>')
    assert indexed_content(filtered.replace(b">oil<", b">gas<")) != indexed_content(filtered)


def test_indexed_content_leaves_out_what_lies_outside_the_body():
    page = (
        b'<html lang="%s"><head><title>%s</title></head><body><nav><a href="../">Archive</a></nav>'
        b"<article data-pagefind-body><h1>Talks</h1><p>Oil talks.</p></article>"
        b'<p class="back"><a href="%s">Back to the digest</a></p>%s<footer>Built from content dated up to %s.</footer></body></html>'
    )
    base = indexed_content(page % (b"ar", b"Talks", b"../", b"", b"1 July"))
    assert b"Oil talks." in base and b"Archive" not in base and b"Back to" not in base and b"footer" not in base
    # another title, digest link or footer: the same input (Pagefind indexes the body only)
    assert indexed_content(page % (b"ar", b"Other", b"../../2025-07-10/", b"", b"2 July")) == base
    # the page's language, and metadata or images outside the body, count
    assert indexed_content(page % (b"en", b"Talks", b"../", b"", b"1 July")) != base
    for read in (b'<span data-pagefind-meta="section">oil</span>', b'<img src="a.png">'):
        assert indexed_content(page % (b"ar", b"Talks", b"../", read, b"1 July")) != base
    # a page without a marked body is all indexed; a body never closed keeps the page whole
    assert b"Archive" in indexed_content(page.replace(b" data-pagefind-body", b"") % (b"ar", b"T", b"../", b"", b"1"))
    unclosed = page.replace(b"</article>", b"") % (b"ar", b"T", b"../", b"", b"1")
    assert indexed_content(unclosed) == unclosed


def test_the_renderers_take_each_indexed_page_digest_as_the_search_index_would(tmp_path, corpus, monkeypatch):
    # the forked renderers take the content digest of each brief page they render, so the
    # search index need not read the pages again; the record must hold what reading them gives
    from generator.briefs.store import BuildStore
    from generator.build import SEARCH_RECORD_KEY
    from generator.site import render

    read_again = []
    original = search.content_digest
    monkeypatch.setattr(search, "content_digest", lambda html: read_again.append(1) or original(html))
    monkeypatch.setattr(render, "PARALLEL_PAGES", 1)  # forked even for this small site
    project = synthetic_project(tmp_path / "project", corpus[:24])
    config, _ = load_config(project)
    report = build(config, offline=True, jobs=2)
    assert not report.errors, report.errors
    store = BuildStore.open(config)
    try:
        record = store.derived(SEARCH_RECORD_KEY)
    finally:
        store.close()
    site = project / "site"
    briefs = sorted(name for name in record.pages)
    assert briefs and all(re.fullmatch(r"(ar|en)/\d{4}-\d\d-\d\d/[^/]+/index\.html", name) for name in briefs)
    for name in briefs:
        assert record.pages[name][1] == original((site / name).read_bytes()), name
    assert not read_again  # the search index read no page: the renderers' digests were all it needed


@pytest.fixture
def fresh_versions():
    """The binary and indexer versions looked up afresh (both are cached for a build)."""
    search._pagefind_binary.cache_clear()
    search._indexer_version.cache_clear()
    yield
    search._pagefind_binary.cache_clear()
    search._indexer_version.cache_clear()


def test_a_shard_is_fingerprinted_with_the_pagefind_binary_that_indexes_it(tmp_path, monkeypatch, fresh_versions):
    # the installed binary states the version of its wheel
    binary = search._pagefind_binary()[0]
    wheel = "pagefind-bin-extended" if "pagefind_bin_extended" in binary else "pagefind-bin"
    assert search._indexer_version().startswith(f"pagefind {importlib.metadata.version(wheel)} ")
    shard = plan_shards(["ar/2025-07-01/r1/index.html"])[0]
    contents = {"ar/2025-07-01/r1/index.html": "what Pagefind reads"}
    installed = search.shard_fingerprint(shard, contents)

    # another binary (Pagefind's wrapper is told of it; the wrapper's own
    # version is the same) indexes every shard again
    other = tmp_path / "pagefind"
    other.write_text('#!/bin/sh\necho "pagefind 1.6.0"\n', encoding="utf-8")
    other.chmod(0o755)
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(other))
    search._pagefind_binary.cache_clear()
    search._indexer_version.cache_clear()
    assert search._pagefind_binary() == [str(other)]
    assert search._indexer_version().startswith("pagefind 1.6.0 ")
    assert search.shard_fingerprint(shard, contents) != installed


def test_the_binary_is_the_one_pagefinds_own_lookup_finds(tmp_path, monkeypatch, fresh_versions):
    # looked for without importing pagefind.service (which imports asyncio),
    # in its order: the environment variable, the binary wheels, the PATH
    from pagefind.service import get_executable

    monkeypatch.delenv("PAGEFIND_BINARY_PATH", raising=False)
    assert search._pagefind_binary() == [str(get_executable())]
    named = tmp_path / "named-pagefind"
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(named))
    search._pagefind_binary.cache_clear()
    assert search._pagefind_binary() == [str(get_executable())] == [str(named)]
    # without the wheels, the PATH, as pagefind looks
    monkeypatch.delenv("PAGEFIND_BINARY_PATH")
    on_path = tmp_path / "bin"
    on_path.mkdir()
    (on_path / "pagefind").write_text("#!/bin/sh\n", encoding="utf-8")
    (on_path / "pagefind").chmod(0o755)
    monkeypatch.setenv("PATH", str(on_path))
    for wheel in search.PAGEFIND_BINARY_WHEELS:
        monkeypatch.setitem(sys.modules, wheel, None)  # importing it raises ImportError
    search._pagefind_binary.cache_clear()
    assert search._pagefind_binary() == [str(get_executable())] == [str(on_path / "pagefind")]


# tag soup: the attributes the patterns look for (in either case), tags, and the characters around them
_SOUP = st.lists(
    st.sampled_from(
        [b"<", b">", b"</", b"/", b" ", b"\t", b"=", b'"', b"x", b"-", b"<img", b"<IMG", b"<imgs", b"<div", b"</div>", b"<p>"]
        + [b"data-pagefind", b"DATA-PAGEFIND-meta", b"data-pagefind-body", b"data-pagefind-ignore", b"data-pagefind-filter"]
    ),
    max_size=40,
).map(b"".join)


@settings(max_examples=2000, deadline=None)
@given(html=_SOUP, bounds=st.tuples(st.integers(0, 200), st.integers(0, 200)))
def test_tags_are_found_as_the_patterns_find_them(html, bounds):
    """``_tags_with`` tries a pattern only near the attributes it looks for;
    what it finds is what the pattern finds tried everywhere, so every
    page's ``content_digest`` stays the same."""
    start, end = min(bounds), max(bounds)
    for pattern, literals in (
        (search._READ_IN_IGNORED, (b"<img", b"data-pagefind")),
        (search._IGNORED, (b"data-pagefind-ignore",)),
        (search._BODY, (b"data-pagefind-body",)),
    ):
        expected = [(m.span(), m.groups()) for m in pattern.finditer(html, start, end)]
        assert [(m.span(), m.groups()) for m in search._tags_with(pattern, literals, html, start, end)] == expected
