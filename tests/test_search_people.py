"""Arabic search keeps a person's nisba surname apart from the place it comes
from: Pagefind's Arabic stemmer gives "الطرابلسي" (Imad al-Trabelsi, a
surname) and "طرابلس" (Tripoli) one stem, so without help a search for
Tripoli lists every page naming the minister, and a search for the minister
lists every page about Tripoli.

A small project is built with the real Pagefind (one article naming the
minister and never Tripoli, one about Tripoli and naming no one), served on
127.0.0.1 and searched through the site's own Arabic search page in
Debian's Chromium, so the index, the ``people`` meta and search.js are all
the shipped ones.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from types import SimpleNamespace

import pytest
from generator.models import Actor
from generator.site.render import search_people

from .browser_support import built_and_served, launch_chromium
from .conftest import copy_demo_project

pytestmark = pytest.mark.browser

PREFIX = "/briefing/"
DATE = "2025-09-10"
PERSON_PAGE = "interior-traffic-decision"  # names عماد الطرابلسي, never طرابلس
PLACE_PAGE = "tripoli-water-cuts"  # about طرابلس, names no one
BOTH_PAGE = "minister-visits-tripoli-police"  # names عماد الطرابلسي and طرابلس
ARTICLES = {
    PERSON_PAGE: """---
title: وزير الداخلية عماد الطرابلسي يصدر قرارا بتنظيم حركة المرور
date: 2025-09-10
source: Al Wasat
lang: ar
---
أصدر وزير الداخلية المكلف عماد الطرابلسي يوم الأربعاء قرارا ينظم حركة المرور أمام المدارس مع بداية العام الدراسي.

وقال الطرابلسي إن دوريات المرور ستنتشر عند مداخل المدارس في الساعات الأولى من الصباح.
""",
    PLACE_PAGE: """---
title: انقطاع المياه عن أحياء في طرابلس لليوم الثاني
date: 2025-09-10
source: Al Wasat
lang: ar
---
تواصل انقطاع المياه عن عدة أحياء في طرابلس يوم الأربعاء لليوم الثاني على التوالي بسبب أعطال في خط النقل الرئيسي.

وقالت شركة المياه إن فرق الصيانة تعمل على إصلاح الخط وإن الضخ سيعود إلى العاصمة خلال يومين.
""",
    BOTH_PAGE: """---
title: الطرابلسي يتفقد مديرية أمن طرابلس
date: 2025-09-10
source: Al Wasat
lang: ar
---
تفقد وزير الداخلية المكلف عماد الطرابلسي يوم الأربعاء مقر مديرية أمن طرابلس واطلع على خطة تأمين الانتخابات البلدية.
""",
}


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    project = copy_demo_project(tmp_path_factory.mktemp("nisba"))
    shutil.rmtree(project / "content" / "articles")
    shutil.rmtree(project / "content" / "notes", ignore_errors=True)  # they cite the demo's articles
    folder = project / "content" / "articles" / DATE
    folder.mkdir(parents=True)
    for slug, text in ARTICLES.items():
        (folder / f"{slug}.md").write_text(text, encoding="utf-8")
    with built_and_served(project, PREFIX) as server:
        assert (project / "site" / "pagefind" / "pagefind.js").is_file(), "no Pagefind bundle was built"
        yield server


@pytest.fixture(scope="module")
def search_in(site):
    """``search_in(lang, query)``: the slugs of the briefs the search page of
    *lang* lists."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = launch_chromium(p)
        page = browser.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda e: errors.append(str(e)))

        def run(lang: str, query: str) -> set[str]:
            page.goto(f"{site.url}{lang}/search/?q={query}", wait_until="load")
            # search.js fills the list in the same step as the final status line
            page.wait_for_function(
                """() => {
                  const text = document.getElementById("search-status").textContent.trim();
                  return text && text !== document.getElementById("search-form").dataset.msgSearching;
                }""",
                timeout=10_000,
            )
            assert not errors, errors
            hrefs = page.locator("#search-results a").evaluate_all("links => links.map(a => a.href)")
            return {slug for slug in ARTICLES if any(f"/{lang}/{DATE}/{slug}/" in h for h in hrefs)}

        try:
            yield run
        finally:
            browser.close()


@pytest.fixture(scope="module")
def search(search_in):
    """``search(query)``: the slugs of the briefs the Arabic search page lists."""
    return lambda query: search_in("ar", query)


def test_the_person_page_carries_the_people_meta(site):
    html = (Path(site.folder) / "ar" / DATE / PERSON_PAGE / "index.html").read_text(encoding="utf-8")
    assert '<div class="search-people" hidden data-pagefind-meta="people:عماد طرابلسي"></div>' in html
    # shown as written: normalisation is for the index only
    assert "عماد الطرابلسي" in html
    place = (Path(site.folder) / "ar" / DATE / PLACE_PAGE / "index.html").read_text(encoding="utf-8")
    assert "people:" not in place


def test_pagefind_alone_folds_the_surname_into_the_place(site):
    """The control: the raw index does give both pages one stem (so the tests
    below test search.js's separation, not a lucky index)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = launch_chromium(p)
        try:
            page = browser.new_page()
            page.goto(site.url + "ar/search/", wait_until="load")
            urls = page.evaluate(
                """async () => {
                  const pf = await import(new URL("../../pagefind/pagefind.js", document.baseURI).href);
                  const found = await pf.search("طرابلس");
                  return Promise.all(found.results.map(async r => (await r.data()).url));
                }"""
            )
        finally:
            browser.close()
    assert any(PERSON_PAGE in u for u in urls) and any(PLACE_PAGE in u for u in urls), urls


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        # the page naming both still counts for the place, through the place's own word
        ("طرابلس", {PLACE_PAGE, BOTH_PAGE}),
        # the surname-only page has "في" too: Pagefind alone would list it
        ("في طرابلس", {PLACE_PAGE}),
    ],
)
def test_searching_the_place_does_not_find_the_surname_only_page(search, query, expected):
    assert search(query) == expected


@pytest.mark.parametrize("query", ["الطرابلسي", "الطرابلسى", "عماد الطرابلسي"])
def test_searching_the_surname_finds_the_person_not_the_place(search, query):
    assert search(query) == {PERSON_PAGE, BOTH_PAGE}


def test_ordinary_words_still_match_through_the_stemmer(search):
    # "مياه" is written "المياه" on the page: found by the index as before
    assert search("مياه") == {PLACE_PAGE}
    assert search("المرور") == {PERSON_PAGE}
    assert search("البلدية") == {BOTH_PAGE}


def test_each_language_index_holds_its_own_language(site, search_in):
    """The English pages of these briefs show their Arabic text awaiting
    translation; the English index leaves it out (the Arabic index has it,
    spelling-folded) and still finds the pages by their English."""
    english = (Path(site.folder) / "en" / DATE / PLACE_PAGE / "index.html").read_text(encoding="utf-8")
    # in the text only, shown on the page; spelled as the query is folded
    assert "خلال يومين" in english
    assert search_in("ar", "يومين") == {PLACE_PAGE}
    assert search_in("en", "يومين") == set()
    assert search_in("en", "Tripoli") >= {PLACE_PAGE}
    assert search_in("en", "Trabelsi") == {PERSON_PAGE, BOTH_PAGE}


def test_search_people_lists_people_only():
    """Organisations are not people: only person names go into the meta."""
    actors = (
        Actor("x", "person", "Imad al-Trabelsi", "عماد الطرابلسي"),
        Actor("y", "organisation", "Ministry of Interior", "وزارة الداخلية"),
    )
    item = SimpleNamespace(brief=SimpleNamespace(actors=actors))
    assert search_people(item) == "عماد طرابلسي"
