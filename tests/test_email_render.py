"""The HTML part as mail clients get it: inlined styles, dir on every Arabic
cell, no external resources, kept @media rules, the size budget, and a
screenshot in Chromium (the artifacts land in test-artifacts/)."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from .test_email_compose import REPO, big_digest, demo_day_digest, email_config

from generator.mail.compose import GMAIL_CLIP_BYTES, HTML_BUDGET_BYTES, compose_digest

ARTIFACTS = REPO / "test-artifacts"
CHROMIUM = "/usr/bin/chromium"
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class Cells(HTMLParser):
    """Every <td> with its attributes and the language section it sits in."""

    def __init__(self):
        super().__init__()
        self.stack: list[tuple[str, str | None]] = []  # (tag, section language)
        self.cells: list[tuple[str | None, dict]] = []
        self.tables: list[tuple[str | None, dict]] = []
        self.tags: list[tuple[str, dict]] = []
        self.styles: list[str] = []
        self._in_style = False

    def handle_starttag(self, tag, attrs):
        a = {k: v or "" for k, v in attrs}
        self.tags.append((tag, a))
        section = self.stack[-1][1] if self.stack else None
        match = re.search(r"\bsection-(ar|en)\b", a.get("class", ""))
        if tag == "table" and match:
            section = match.group(1)
        if tag == "td":
            self.cells.append((section, a))
        if tag == "table":
            self.tables.append((section, a))
        self._in_style = tag == "style"
        if tag not in VOID:
            self.stack.append((tag, section))

    def handle_endtag(self, tag):
        self._in_style = False
        while self.stack:
            if self.stack.pop()[0] == tag:
                break

    def handle_data(self, data):
        if self._in_style:
            self.styles.append(data)


def cells_of(html: str) -> Cells:
    parser = Cells()
    parser.feed(html)
    return parser


@pytest.fixture(scope="module")
def composed(tmp_path_factory):
    config = email_config(tmp_path_factory.mktemp("email"))
    return {lang: compose_digest(config, demo_day_digest(), lang) for lang in ("ar", "en", "both")}


@pytest.mark.parametrize("lang", ["ar", "en", "both"])
def test_every_cell_has_inlined_font_and_colour(composed, lang):
    cells = cells_of(composed[lang].html).cells
    assert len(cells) > 10
    for _, attrs in cells:
        style = attrs.get("style", "")
        assert "font-family:" in style and re.search(r"(^|;)\s*color:", style), attrs


@pytest.mark.parametrize("lang", ["ar", "both"])
def test_every_arabic_table_and_cell_says_rtl(composed, lang):
    parsed = cells_of(composed[lang].html)
    arabic_cells = [a for section, a in parsed.cells if section == "ar"]
    arabic_tables = [a for section, a in parsed.tables if section == "ar"]
    assert len(arabic_cells) > 10 and len(arabic_tables) >= 3
    for attrs in arabic_cells:
        assert attrs.get("dir") == "rtl" and attrs.get("align") == "right", attrs
        assert "text-align: right" in attrs["style"] and "direction: rtl" in attrs["style"], attrs
    for attrs in arabic_tables:
        assert attrs.get("dir") == "rtl" and "text-align: right" in attrs["style"], attrs


def test_english_cells_in_both_say_ltr(composed):
    english = [a for section, a in cells_of(composed["both"].html).cells if section == "en"]
    assert english and all(a.get("dir") == "ltr" and a.get("align") == "left" for a in english)


@pytest.mark.parametrize("lang", ["ar", "en", "both"])
def test_no_external_stylesheet_or_script_and_media_rules_kept(composed, lang):
    parsed = cells_of(composed[lang].html)
    assert not [a for tag, a in parsed.tags if tag == "link"]
    assert not [a for tag, a in parsed.tags if tag == "script"]
    css = "".join(parsed.styles)
    assert "@media (prefers-color-scheme: dark)" in css
    assert "max-width: 620px" in css
    # ordinary rules are inlined, not left behind in <style>
    assert ".headline a {" not in css.split("@media")[0]
    metas = {a.get("name"): a.get("content") for tag, a in parsed.tags if tag == "meta"}
    assert metas["color-scheme"] == "light dark" and metas["supported-color-schemes"] == "light dark"


def test_layout_is_a_600px_table(composed):
    tables = cells_of(composed["ar"].html).tables
    assert any(a.get("width") == "600" and "max-width: 600px" in a.get("style", "") for _, a in tables)


def test_latin_inside_arabic_is_an_ltr_span(composed):
    html = composed["ar"].html
    assert '(<span dir="ltr" style="unicode-bidi:isolate">AFRICOM</span>)' in html
    assert '<span dir="ltr" style="unicode-bidi:isolate">Gastec</span>' in html


def test_links_point_at_the_site_and_content_links_are_noopener(composed):
    parsed = cells_of(composed["en"].html)
    links = [a for tag, a in parsed.tags if tag == "a"]
    site = [a for a in links if a["href"].startswith("https://example.github.io/briefing/en/")]
    assert {
        "https://example.github.io/briefing/en/2025-09-10/zoubi-brennan-security-talks/",
        "https://example.github.io/briefing/en/2025-09-10/libya-us-talks-tripoli/",
    } <= {a["href"] for a in site}
    outside = [a for a in links if a["href"].startswith("https://akhbarlibya24.net")]
    assert outside and all(a.get("rel") == "noopener noreferrer" for a in outside)
    assert not [a for a in site if "rel" in a]


def test_provenance_labels_and_pending_arabic(composed):
    html = composed["en"].html
    assert "machine translation (google)</span>" in html
    assert re.search(r'<span class="pending" lang="ar" dir="rtl"[^>]*>الفريق “خالد حفتر”', html)
    assert "awaiting translation</span>" in html
    assert "Meeting · Tripoli · Wed 10 Sep 2025" in html
    assert "also reported by" in html


@pytest.mark.parametrize("lang", ["ar", "en", "both"])
def test_demo_day_is_well_under_gmail_clipping(composed, lang):
    assert composed[lang].html_bytes < HTML_BUDGET_BYTES < GMAIL_CLIP_BYTES
    assert composed[lang].full_stories == composed[lang].total_stories == 2


def test_demo_project_day_through_the_pipeline(demo_project, tmp_path):
    """The real demo day (content/, offline build) with `briefing email --dry-run`."""
    from click.testing import CliRunner

    from generator.cli import cli

    out = tmp_path / "out"
    # through the command group, as `briefing email` runs: it sets up the output the summary goes to
    result = CliRunner().invoke(
        cli, ["email", "-p", str(demo_project), "--date", "2025-09-10", "--lang", "both", "--dry-run", "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert "2 of 2 stories in full" in result.output
    html = (out / "2025-09-10-both.html").read_text(encoding="utf-8")
    assert len(html.encode("utf-8")) < HTML_BUDGET_BYTES
    parsed = cells_of(html)
    assert all(a.get("dir") == "rtl" for section, a in parsed.cells if section == "ar")
    assert "/briefing/ar/2025-09-10/zoubi-brennan-security-talks/" in html
    assert "/briefing/en/2025-09-10/khaled-haftar-uk-delegation/" in html


@pytest.mark.parametrize("lang", ["ar", "both"])
def test_too_big_day_falls_back_to_headline_links(tmp_path, lang):
    result = compose_digest(email_config(tmp_path), big_digest(200), lang)
    assert result.html_bytes <= HTML_BUDGET_BYTES
    assert result.full_stories < 200 and result.linked_stories > 0
    assert result.full_stories + result.linked_stories <= 200
    # the stories just after the full ones appear as links to their pages
    first_linked = result.full_stories
    assert f"/ar/2025-09-10/story-{first_linked}/" in result.html
    assert f"/ar/2025-09-10/story-{first_linked}/" in result.text
    assert any("as links only" in p.message for p in result.problems)
    if result.full_stories + result.linked_stories < 200:
        assert "https://example.github.io/briefing/ar/2025-09-10/" in result.html


def test_smaller_budget_keeps_fewer_full_stories(tmp_path):
    config = email_config(tmp_path)
    roomy = compose_digest(config, big_digest(40), "en")
    tight = compose_digest(config, big_digest(40), "en", budget=30_000)
    assert tight.html_bytes <= 30_000
    assert tight.full_stories < roomy.full_stories


# --- in a real browser --------------------------------------------------------------


@pytest.fixture(scope="module")
def browser():
    # No skip when Chromium is missing: CI installs it, and a silently
    # skipped rendering test would hide a broken email.
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(
            executable_path=CHROMIUM, args=["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
        )
        yield chromium
        chromium.close()


@pytest.mark.browser
@pytest.mark.parametrize("lang", ["ar", "en"])
def test_screenshot_in_chromium(browser, composed, lang):
    ARTIFACTS.mkdir(exist_ok=True)
    target = ARTIFACTS / f"email-{lang}.png"
    target.unlink(missing_ok=True)
    page = browser.new_page(viewport={"width": 700, "height": 900})
    try:
        page.set_content(composed[lang].html, wait_until="load")
        page.screenshot(path=str(target), full_page=True)
        section = page.locator(f"table.section-{lang}")
        direction = section.evaluate("el => getComputedStyle(el).direction")
        cell_align = page.locator(f"table.section-{lang} td.headline").first.evaluate("el => getComputedStyle(el).textAlign")
        width = page.locator("table.container").evaluate("el => el.getBoundingClientRect().width")
    finally:
        page.close()
    assert target.stat().st_size > 20_000
    assert target.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert direction == ("rtl" if lang == "ar" else "ltr")
    assert cell_align == ("right" if lang == "ar" else "left")
    assert width == 600


@pytest.mark.browser
def test_arabic_layout_runs_right_to_left_in_chromium(browser, composed):
    page = browser.new_page(viewport={"width": 700, "height": 900})
    try:
        page.set_content(composed["ar"].html, wait_until="load")
        # the bullet cell of a key point sits to the right of its text
        bullet = page.locator("table.section-ar td.bullet").first.bounding_box()
        point = page.locator("table.section-ar td.point").first.bounding_box()
        latin = page.locator("table.section-ar td.headline span[dir=ltr]").first
        latin_direction = latin.evaluate("el => getComputedStyle(el).direction")
    finally:
        page.close()
    assert bullet["x"] > point["x"]
    assert latin_direction == "ltr"


@pytest.mark.browser
def test_narrow_screen_uses_full_width(browser, composed):
    page = browser.new_page(viewport={"width": 375, "height": 700})
    try:
        page.set_content(composed["ar"].html, wait_until="load")
        width = page.locator("table.container").evaluate("el => el.getBoundingClientRect().width")
    finally:
        page.close()
    assert width <= 375
