"""An analyst's note with hostile Markdown, in a real browser (Debian's
Chromium driven by Playwright, the site served on 127.0.0.1 under /briefing/):
no script it carries runs, whether it loads or a reader clicks its links, and
an English-only note on the Arabic page is laid out left to right.

Needs `apt-get install chromium` and the `test` extra; see tests/test_browser.py.
"""

from __future__ import annotations

import shutil

import pytest
from click.testing import CliRunner

from generator.cli import cli

from .browser_support import SubPathServer, launch_chromium
from .conftest import FIXTURE_PROJECT, point_templates_at_repo
from .test_notes import write_note

pytestmark = pytest.mark.browser

HOSTILE = """---
author: Mallory
---
Before [click me](javascript:window.__noteRan=1) after.
<script>window.__noteRan = 2</script>
<img src=x onerror="window.__noteRan = 3">
<a href="javascript:window.__noteRan=4">raw anchor</a> <javascript:window.__noteRan=5>
[tab](java&#9;script:window.__noteRan=6) [entity](&#106;avascript:window.__noteRan=7)
![pic](data:image/svg+xml,%3Csvg%20onload%3D%22window.__noteRan%3D8%22%2F%3E)

See [[story:2025-09-10/border-patrol|the border patrols]].
"""


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    project = tmp_path_factory.mktemp("notes-browser") / "project"
    shutil.copytree(FIXTURE_PROJECT, project, ignore=shutil.ignore_patterns("site", ".briefing-cache"))
    point_templates_at_repo(project)
    write_note(project, "2025-09-10.en.md", HOSTILE)  # English only: shown on the Arabic page too
    server = SubPathServer(project / "site", "/briefing/")
    try:
        result = CliRunner().invoke(cli, ["build", "-p", str(project), "--offline", "--base-url", server.url])
        # the unsafe links are errors; the site is built all the same
        assert result.exit_code == 1, result.output
        assert "content/notes/2025-09-10.en.md:4: error: link to 'javascript:window.__noteRan=1'" in result.output
        server.start()
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="module")
def page(served):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = launch_chromium(p)
        try:
            context = browser.new_context(viewport={"width": 1280, "height": 800})
            context.set_default_timeout(10_000)
            tab = context.new_page()
            tab.dialogs = []  # alert() and friends, if anything managed to call them
            tab.on("dialog", lambda d: (tab.dialogs.append(d.message), d.dismiss()))
            yield tab
        finally:
            browser.close()


@pytest.mark.parametrize("lang", ["ar", "en"])
def test_nothing_in_the_note_runs_on_load_or_click(served, page, lang):
    page.goto(f"{served.url}{lang}/2025-09-10/", wait_until="load")
    page.wait_for_load_state("networkidle")
    note = page.locator("section.analyst-note").first
    assert "Mallory" in note.inner_text()
    assert note.locator("script, img, iframe, object, embed").count() == 0
    hrefs = note.locator("a").evaluate_all("links => links.map(a => a.getAttribute('href'))")
    assert hrefs == ["../stories/2025-09-10-border-patrol/"]
    # the raw HTML is there to read, as text
    assert "<script>window.__noteRan = 2</script>" in note.inner_text()
    note.get_by_text("click me").click()
    note.get_by_text("raw anchor").click()
    page.wait_for_timeout(200)
    assert page.url == f"{served.url}{lang}/2025-09-10/"
    assert page.evaluate("typeof window.__noteRan") == "undefined"
    assert page.dialogs == []


def test_story_link_opens_the_story_in_the_readers_language(served, page):
    page.goto(f"{served.url}ar/2025-09-10/", wait_until="load")
    page.locator("section.analyst-note a", has_text="the border patrols").click()
    page.wait_for_url(f"{served.url}ar/stories/2025-09-10-border-patrol/")
    assert page.locator("html").get_attribute("lang") == "ar"


def test_english_only_note_reads_left_to_right_on_the_arabic_page(served, page):
    page.goto(f"{served.url}ar/2025-09-10/", wait_until="load")
    body = page.locator("section.analyst-note .note-body").first
    assert body.get_attribute("lang") == "en"
    assert body.evaluate("el => getComputedStyle(el).direction") == "ltr"
    assert page.locator("section.analyst-note .note-language").first.evaluate("el => getComputedStyle(el).direction") == "rtl"
