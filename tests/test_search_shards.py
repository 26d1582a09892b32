"""Search in shards: Pagefind holds what it indexes in memory, so a language
with more than ``SHARD_PAGES`` brief pages is indexed in several runs, the
first the main bundle and the others merged in the browser (Pagefind's
``mergeIndex``).  The demo project is built twice, as it is and with shards
of two pages, and Chromium asks both the same queries through the bundle's
own JS: the sharded index must find exactly the pages the single one finds."""

from __future__ import annotations

import json
import re

import pytest
from click.testing import CliRunner

from generator.cli import cli
from generator.site import search
from generator.site.search import BUNDLE_DIR, CORE_JS, SHARDS_DIR

from .browser_support import SubPathServer, launch_chromium
from .conftest import copy_demo_project

PREFIX = "/briefing/"
QUERIES = {"ar": ["ليبيا", "طرابلس", "وزير"], "en": ["Libya", "Tripoli", "minister"]}


def _build(project, shard_pages: int | None) -> SubPathServer:
    server = SubPathServer(project / "site", PREFIX)
    with pytest.MonkeyPatch.context() as patch:
        if shard_pages is not None:
            patch.setattr(search, "SHARD_PAGES", shard_pages)
        result = CliRunner().invoke(cli, ["build", "-p", str(project), "--offline", "--base-url", server.url])
    assert result.exit_code == 0, result.output
    assert "search index not built" not in result.output
    return server


@pytest.fixture(scope="module")
def sites(tmp_path_factory):
    single = _build(copy_demo_project(tmp_path_factory.mktemp("single")), None)
    sharded = _build(copy_demo_project(tmp_path_factory.mktemp("sharded")), 2)
    with single, sharded:
        yield single, sharded


def test_sharded_bundle_splits_each_language_into_merged_shards(sites):
    single, sharded = (s.folder / BUNDLE_DIR for s in sites)
    assert not (single / SHARDS_DIR).exists() and not (single / CORE_JS).exists()
    whole = json.loads((single / "pagefind-entry.json").read_text(encoding="utf-8"))["languages"]
    main = json.loads((sharded / "pagefind-entry.json").read_text(encoding="utf-8"))["languages"]
    assert set(main) == set(whole) >= {"ar", "en"}
    for lang, found in whole.items():
        assert 1 <= main[lang]["page_count"] <= 2 < found["page_count"]
        shards = sorted((sharded / SHARDS_DIR).glob(f"{lang}-*/pagefind-entry.json"))
        counts = [json.loads(p.read_text(encoding="utf-8"))["languages"][lang]["page_count"] for p in shards]
        # every brief page is in exactly one shard: the counts add up to the single index's
        assert main[lang]["page_count"] + sum(counts) == found["page_count"] and all(1 <= c <= 2 for c in counts)
    entry = (sharded / "pagefind.js").read_text(encoding="utf-8")
    # shards are named after their period (month, then day range), so that adding a page moves no other
    folders = json.loads(re.search(r"const shards = (.*);", entry).group(1))
    assert (
        "mergeIndex" in entry
        and folders["ar"]
        and all(re.fullmatch(rf"{SHARDS_DIR}/ar-\d{{4}}-\d\d(-\d\d-\d\d)?/", f) for f in folders["ar"])
    )
    assert (sharded / CORE_JS).read_bytes() == (single / "pagefind.js").read_bytes()


def _results(page, site: SubPathServer, lang: str, query: str) -> list[str]:
    page.goto(f"{site.url}{lang}/search/", wait_until="load")
    return page.evaluate(
        """async ([bundle, root, query]) => {
            const pf = await import(bundle);
            await pf.options({ baseUrl: new URL(root).pathname });
            const found = await pf.search(query);
            const data = await Promise.all(found.results.map((r) => r.data()));
            return data.map((d) => d.url).sort();
        }""",
        [f"{site.url}{BUNDLE_DIR}/pagefind.js", site.url, query],
    )


@pytest.mark.browser
def test_sharded_search_finds_what_the_single_index_finds(sites):
    from playwright.sync_api import sync_playwright

    single, sharded = sites
    with sync_playwright() as p:
        browser = launch_chromium(p)
        try:
            page = browser.new_page()
            for lang, queries in QUERIES.items():
                found_any = False
                for query in queries:
                    expected = _results(page, single, lang, query)
                    got = _results(page, sharded, lang, query)
                    assert got == expected, (lang, query)
                    assert all(url.startswith(f"{PREFIX}{lang}/") for url in got), got
                    found_any = found_any or len(got) > 2  # more than one shard holds results
                assert found_any, f"no {lang} query found pages in several shards: {queries}"
        finally:
            browser.close()
