"""Search: the real Pagefind binary over the built demo site (separate ar and
en indexes, a reproducible bundle), the hidden normalised field on Arabic
pages, and the query folding of search.js agreeing with the Python one."""

from __future__ import annotations

import json
import re
import shutil
import subprocess

import pytest
from click.testing import CliRunner

from generator.text import arabic
from generator.cli import cli
from generator.site.search import BUNDLE_DIR, build_search_bundle, indexed_content, normalise_query

from .conftest import REPO

SEARCH_JS = REPO / "templates" / "static" / "search.js"


@pytest.fixture(scope="module")
def demo_site(tmp_path_factory):
    from .conftest import copy_demo_project

    target = copy_demo_project(tmp_path_factory.mktemp("demo"))
    result = CliRunner().invoke(cli, ["build", "-p", str(target), "--offline"])
    assert result.exit_code == 0, result.output
    assert "search index not built" not in result.output
    return target / "site"


def test_pagefind_builds_separate_arabic_and_english_indexes(demo_site):
    bundle = demo_site / BUNDLE_DIR
    entry = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
    assert set(entry["languages"]) >= {"ar", "en"}
    briefs = {lang: len(list(demo_site.glob(f"{lang}/????-??-??/*/index.html"))) for lang in ("ar", "en")}
    for lang in ("ar", "en"):
        # only brief pages carry data-pagefind-body: one record per article
        assert entry["languages"][lang]["page_count"] == briefs[lang] >= 3
        assert list((bundle / "index").glob(f"{lang}_*.pf_index")), lang
        assert (bundle / f"wasm.{lang}.pagefind").is_file()
    assert (bundle / "pagefind.js").is_file()
    assert not (bundle / "pagefind-ui.js").exists()  # unused UI bundles are left out


def test_each_language_index_leaves_out_the_other_languages_sentences(demo_site):
    """A brief page reveals each key point's sentence in the other language
    (the Arabic source on English pages, the translation on Arabic pages);
    Pagefind indexes the page's own language only (``indexed_content`` reads
    a page as Pagefind does: its body without what is ignored)."""
    revealed = re.compile(r'<details class="source-sentence"[^>]*>.*?<p lang="(ar|en)" dir="(?:rtl|ltr)">(.*?)</p>', re.S)
    checked = 0
    for lang, other in (("ar", "en"), ("en", "ar")):
        for page in sorted(demo_site.glob(f"{lang}/????-??-??/*/index.html")):
            html = page.read_bytes()
            indexed = indexed_content(html).decode("utf-8")
            for shown_lang, sentence in revealed.findall(html.decode("utf-8")):
                assert shown_lang == other
                assert sentence in html.decode("utf-8") and sentence not in indexed, page
                checked += 1
            # the control: the page's own key points are indexed (in the full text: see below)
            points = re.search(r'<ol class="key-points">\s*<li>([^<]+)', html.decode("utf-8"))
            assert points and points.group(1).strip() in indexed, page
    assert checked >= 6


def _text(html: str) -> str:
    """What a reader reads of *html*: no tags, no provenance labels, spaces collapsed."""
    html = re.sub(r'<small class="provenance[^"]*"[^>]*>.*?</small>', "", html, flags=re.S)
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def test_pagefind_reads_each_key_point_once_in_the_full_text(demo_site):
    """A key point is a sentence of the full text (its translation on an
    English page): Pagefind reads it there, once, and not in the key points
    too, which doubled the words of every lead and a tenth of Pagefind's time."""
    checked = 0
    for page in sorted(demo_site.glob("*/????-??-??/*/index.html")):
        html = page.read_text(encoding="utf-8")
        indexed = _text(indexed_content(html.encode("utf-8")).decode("utf-8"))
        section = re.search(r"<section class=\"key-points-section\"[^>]*>(.*?)</section>", html, re.S)
        assert section and "data-pagefind-ignore" in section.group(0).split(">", 1)[0], page
        listed = re.search(r"<ol class=\"key-points\"( lang=\"ar\")?[^>]*>(.*?)</ol>", section.group(1), re.S)
        if listed is None or listed.group(1):  # all awaiting translation: the Arabic, in the Arabic index
            continue
        for point in re.findall(r"<li>(.*?)(?:<details|</li>)", listed.group(2), re.S):
            assert indexed.count(_text(point)) == 1, (page, _text(point))
            checked += 1
    assert checked >= 12


def test_search_pages_load_the_bundle_and_say_when_js_is_off(demo_site):
    for lang in ("ar", "en"):
        page = (demo_site / lang / "search" / "index.html").read_text(encoding="utf-8")
        assert 'data-bundle="../../pagefind/pagefind.js"' in page and 'data-site-root="../../"' in page
        assert '<form id="search-form" class="search-form" role="search" action="./" method="get"' in page
        assert '<label for="search-input">' in page and "<noscript>" in page
        assert '<script src="../../assets/search.js" defer></script>' in page
    assert "يحتاج البحث إلى جافاسكربت" in (demo_site / "ar/search/index.html").read_text(encoding="utf-8")


def test_arabic_pages_carry_the_normalised_field(demo_site):
    pages = sorted(demo_site.glob("ar/????-??-??/*/index.html"))
    assert pages
    for page in pages:
        html = page.read_text(encoding="utf-8")
        field = re.search(r'<div class="search-terms" hidden data-pagefind-weight="0.5">([^<]*)</div>', html)
        assert field, page
        words = set(field.group(1).split())
        headline = re.search(r'<h1 data-pagefind-meta="title">(.*?)</h1>', html).group(1)
        headline = re.sub(r"<[^>]+>", "", headline)
        assert set(normalise_query(headline).split()) <= words
        assert not re.search("[\u0623\u0625\u0622\u0629\u0649\u064b-\u0652]", field.group(1))  # folded
        assert "data-pagefind-body" in html
    # the key variant of the demo: "الأمريكية" on the page, "امريكيه" in the field
    talks = (demo_site / "ar/2025-09-08/libya-us-talks-tripoli/index.html").read_text(encoding="utf-8")
    assert "أمريكية" in talks and " امريكيه " in talks


def test_search_bundle_is_byte_identical_across_runs(demo_site):
    files = {p.relative_to(demo_site).as_posix(): p.read_bytes() for p in demo_site.rglob("*.html")}
    runs = [build_search_bundle(files) for _ in range(4)]
    for bundle, problems in runs:
        assert problems == []
        assert bundle == runs[0][0]
    shipped = {p.relative_to(demo_site).as_posix(): p.read_bytes() for p in (demo_site / BUNDLE_DIR).rglob("*") if p.is_file()}
    assert shipped == runs[0][0]


def _indexed_pages(site) -> dict[str, bytes]:
    return {
        p.relative_to(site).as_posix(): p.read_bytes()
        for p in sorted(site.glob("*/????-??-??/*/index.html"))
        if b"data-pagefind-body" in p.read_bytes()
    }


def _index_files(files: dict[str, bytes]) -> dict[str, bytes]:
    return {name: data for name, data in files.items() if name.startswith(f"{BUNDLE_DIR}/index/") or name.endswith(".pf_meta")}


def test_pagefind_numbers_pages_in_the_order_it_is_given_them(demo_site):
    """Why the pages are handed over sorted: Pagefind's index depends on the
    order it meets the pages in (run on a folder, the order the file system
    lists it: another machine's ext4 lists it in another order)."""
    from generator.site.search import _pagefind_bundle

    pages = _indexed_pages(demo_site)
    assert len(pages) >= 6

    def bundle(order: list[str]) -> dict[str, bytes]:
        return _pagefind_bundle([(name, pages[name]) for name in order])

    forward, backward = bundle(sorted(pages)), bundle(sorted(pages, reverse=True))
    assert _index_files(forward) != _index_files(backward)  # the same pages, another index
    assert {n for n in forward if "/fragment/" in n} == {n for n in backward if "/fragment/" in n}  # each page itself the same


def test_pagefind_is_handed_what_it_reads_of_a_page_and_makes_the_whole_pages_bundle(demo_site, monkeypatch):
    """Pagefind is handed each page as far as it reads it (``indexed_content``:
    the related coverage, navigation, head and footer left out), which is
    what a kept shard's digest promises: the bundle must be the one Pagefind
    makes of the whole pages.  Fails if the cut leaves out anything Pagefind
    reads."""
    from generator.site import search

    pages = _indexed_pages(demo_site)
    assert {name.split("/")[0] for name in pages} == {"ar", "en"}
    handed: list[int] = []
    served = search._served
    monkeypatch.setattr(
        search, "_served", lambda requests: handed.extend(len(r.get("file_contents", "")) for r in requests) or served(requests)
    )
    cut = search._pagefind_files(pages)
    assert 0 < sum(handed) < 0.8 * sum(len(page.decode("utf-8")) for page in pages.values())
    monkeypatch.setattr(search, "indexed_content", lambda html: html)  # the whole pages, as before
    whole = search._pagefind_files(pages)
    assert _index_files(cut) and cut == whole


def test_search_bundle_does_not_depend_on_the_order_pages_come_in(demo_site):
    pages = _indexed_pages(demo_site)
    orders = [sorted(pages), sorted(pages, reverse=True), sorted(pages, key=lambda n: n.split("/")[2])]
    bundles = [build_search_bundle({name: pages[name] for name in order}) for order in orders]
    assert all(problems == [] for _, problems in bundles)
    assert _index_files(bundles[0][0]) and all(bundle == bundles[0][0] for bundle, _ in bundles)
    shipped = {p.relative_to(demo_site).as_posix(): p.read_bytes() for p in (demo_site / BUNDLE_DIR).rglob("*") if p.is_file()}
    assert _index_files(shipped) == _index_files(bundles[0][0])


def test_what_the_pagefind_service_refuses_is_said_not_waited_for(demo_site):
    from generator.site.search import _RunFailed, _served

    with pytest.raises(_RunFailed, match="pagefind failed: Invalid index, does not yet exist"):
        _served([{"type": "AddFile", "index_id": 7, "file_path": "x.html", "url": None, "file_contents": "<html></html>"}])


# --- the query folding in JS and in Python -----------------------------------------

CASES = [
    "الأمريكية",
    "الامريكيه",
    "الأَمْرِيكِيَّةُ",
    "وبالسفارة",
    "لليبيا",
    "ليبيا",
    "والي",
    "إسماعيل",
    "مستشفى",
    "مسؤول",
    "رئيس",
    "ﻻ",
    "ﺍﻟﺴﻼﻡ",
    "بـ5.9 مليار",
    "٢٠٢٥",
    "۱۲۳",
    "١٢٫٥",
    "Gastec 2026",
    "STRASSE straße",
    "Σίσυφος",
    "«الزوبي»",
    "عبدالسلام\u200cالزوبي",
    "\u202bالمشير\u202c",
    "ال",
    "الله",
    "وفد",
    "كتائب",
    "مؤتمر “Gastec” بميلانو",
    "  spaces\tand\nlines ",
    "x²",
    "بـــيان",
    "AFRICOM/أفريكوم",
    "کتاب ی",
    "للقوات والمؤسسات فالحكومة كالعادة",
    "الدبيبة الدبيبه",
    "على علي",
    "آلاف",
    "ٱلرحمن",
    "'quoted' \"text\"",
    "",
    "   ",
    "snake_case under_score",
    "e\u0301cole",
    "Ⅻ",
    "١٠ سبتمبر ٢٠٢٥",
]


def run_node(script: str, payload) -> object:
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed")
    run = subprocess.run(
        [node, "-e", script, str(SEARCH_JS)],
        input=json.dumps(payload, ensure_ascii=False),
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=60,
    )
    assert run.returncode == 0, run.stderr
    return json.loads(run.stdout)


NODE_FOLD = """
const search = require(process.argv[1]);
let input = "";
process.stdin.setEncoding("utf8");
process.stdin.on("data", (chunk) => { input += chunk; });
process.stdin.on("end", () => {
  const cases = JSON.parse(input);
  process.stdout.write(JSON.stringify(cases.map((c) => [search.normalise(c), search.normaliseQuery(c)])));
});
"""


def test_js_and_python_fold_queries_alike():
    folded = run_node(NODE_FOLD, CASES)
    mismatches = []
    for case, (js_normal, js_query) in zip(CASES, folded):
        if js_normal != arabic.normalise(case):
            mismatches.append(("normalise", case, js_normal, arabic.normalise(case)))
        if js_query != normalise_query(case):
            mismatches.append(("normaliseQuery", case, js_query, normalise_query(case)))
    assert mismatches == []


def test_folding_makes_spelling_variants_one_query():
    variants = ["الأمريكية", "الامريكيه", "الأَمْرِيكِيَّة", "امريكية", "والأمريكية"]
    assert {normalise_query(v) for v in variants} == {"امريكيه"}


def test_js_knows_the_same_protected_words():
    words = run_node(
        """
const search = require(process.argv[1]);
process.stdin.resume(); process.stdin.on("end", () => {
  process.stdout.write(JSON.stringify([...search.protectedWords].sort()));
});""",
        None,
    )
    assert sorted(words) == sorted(arabic._PROTECTED_WORDS)
