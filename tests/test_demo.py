"""The demo content (the three seeds) builds into a complete bilingual digest,
offline, on a fresh machine."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import cli

SEED_PAGES = [
    "2025-09-10/zoubi-brennan-security-talks",
    "2025-09-08/libya-us-talks-tripoli",
    "2025-09-10/khaled-haftar-uk-delegation",
]


class PageFacts(HTMLParser):
    def __init__(self):
        super().__init__()
        self.html_attrs: dict = {}
        self.alternates: dict[str, str] = {}
        self.switch: str | None = None
        self.pending = 0
        self.machine = 0
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "html":
            self.html_attrs = a
        if tag == "link" and a.get("rel") == "alternate" and a.get("hreflang"):
            self.alternates[a["hreflang"]] = a["href"]
        if tag == "a" and "language-switch" in (a.get("class") or ""):
            self.switch = a["href"]
        if tag == "small" and "provenance-pending" in (a.get("class") or ""):
            self.pending += 1
        if tag == "small" and "provenance-machine" in (a.get("class") or ""):
            self.machine += 1

    def handle_data(self, data):
        self.text.append(data)


def facts(path: Path) -> PageFacts:
    parser = PageFacts()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


@pytest.fixture(scope="module")
def demo_site(tmp_path_factory):
    from .conftest import copy_demo_project

    target = copy_demo_project(tmp_path_factory.mktemp("demo"))
    result = CliRunner().invoke(cli, ["build", "-p", str(target), "--offline", "--strict"])
    assert result.exit_code == 0, result.output
    return target / "site"


@pytest.mark.parametrize("page", SEED_PAGES)
def test_each_seed_has_linked_arabic_and_english_brief_pages(demo_site, page):
    ar = facts(demo_site / "ar" / page / "index.html")
    en = facts(demo_site / "en" / page / "index.html")
    assert ar.html_attrs == {"lang": "ar", "dir": "rtl"}
    assert en.html_attrs == {"lang": "en", "dir": "ltr"}
    assert ar.switch == f"../../../en/{page}/"
    assert en.switch == f"../../../ar/{page}/"
    assert (
        ar.alternates
        == en.alternates
        == {
            "ar": f"https://example.github.io/briefing/ar/{page}/",
            "en": f"https://example.github.io/briefing/en/{page}/",
        }
    )


@pytest.mark.parametrize("page", SEED_PAGES)
def test_seed_english_pages_are_complete_reviewed_english(demo_site, page):
    en = facts(demo_site / "en" / page / "index.html")
    assert en.pending == 0, "every seed sentence shown needs a reviewed translation"
    assert en.machine == 0
    visible = " ".join(en.text)
    # no Arabic left in the English page's text outside the revealable sources
    body = (demo_site / "en" / page / "index.html").read_text(encoding="utf-8")
    without_sources = re.sub(r'<details class="source-sentence"[^>]*>.*?</details>', "", body, flags=re.S)
    without_sources = re.sub(r"<bdi>[^<]*</bdi>", "", without_sources)
    # the language switch names Arabic in Arabic, marked lang="ar"
    without_sources = re.sub(r'<a [^>]*lang="ar"[^>]*>[^<]*</a>', "", without_sources)
    arabic_letters = re.findall(r"[\u0600-\u06FF]{3,}", re.sub(r"<[^>]+>", " ", without_sources))
    assert arabic_letters == [], arabic_letters[:10]
    assert len(visible) > 200


def test_daily_digests_exist_in_both_languages(demo_site):
    for day, count in (("2025-09-10", 2), ("2025-09-08", 1)):
        for lang in ("ar", "en"):
            page = demo_site / lang / day / "index.html"
            html = page.read_text(encoding="utf-8")
            f = facts(page)
            assert f.html_attrs["lang"] == lang
            assert html.count('<li class="story"') == count or html.count('class="story') >= count
    root = (demo_site / "index.html").read_text(encoding="utf-8")
    assert 'href="ar/"' in root and 'href="en/"' in root


def test_dates_are_localised(demo_site):
    ar = (demo_site / "ar/2025-09-10/index.html").read_text(encoding="utf-8")
    en = (demo_site / "en/2025-09-10/index.html").read_text(encoding="utf-8")
    assert "الأربعاء" in ar and "سبتمبر" in ar
    assert "Wednesday, 10 September 2025" in en
