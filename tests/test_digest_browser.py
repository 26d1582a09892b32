"""The skimmable digest and the index pages in a real browser (Debian's
Chromium driven by Playwright, the demo site served on 127.0.0.1 under
/briefing/), at a phone's and a desktop's width in both languages: the
headline list links to every story, folded key points open, the pages do not
scroll sideways and axe-core finds no serious or critical violations.
Screenshots and the digest's page height go to test-artifacts/.

Needs `apt-get install chromium` and the `test` extra; see tests/test_browser.py.
"""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from generator.cli import cli

from .browser_support import SubPathServer
from .conftest import copy_demo_project
from .test_browser import (  # noqa: F401
    ARTIFACTS,
    OVERFLOW_JS,
    axe_violations,
    browser,
    describe_violations,
)

pytestmark = pytest.mark.browser

WIDTHS = (390, 1280)
THREAD = "threads/2025-09-08-libya-us-talks-tripoli/"
PAGES = {
    "digest": "2025-09-10/",
    "actors": "actors/",
    "sources": "sources/",
    "source": "sources/akhbar-libya-24/",
    "thread": THREAD,
}


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    project = copy_demo_project(tmp_path_factory.mktemp("digest-browser") / "demo")
    server = SubPathServer(project / "site", "/briefing/")
    try:
        result = CliRunner().invoke(cli, ["build", "-p", str(project), "--offline", "--base-url", server.url])
        assert result.exit_code == 0, result.output
        server.start()
        yield server
    finally:
        server.stop()


@pytest.fixture(params=WIDTHS, ids=lambda w: f"{w}px")
def page(request, served, browser):  # noqa: F811
    context = browser.new_context(viewport={"width": request.param, "height": 900})
    context.set_default_timeout(10_000)
    tab = context.new_page()
    yield tab
    context.close()


@pytest.mark.parametrize("lang", ["ar", "en"])
def test_headline_list_links_to_every_story(served, page, lang):
    page.goto(f"{served.url}{lang}/{PAGES['digest']}", wait_until="load")
    stories = page.locator("ol.stories > li.story")
    links = page.locator("nav.headlines a.headline-link")
    assert stories.count() == links.count() == 2
    ids = stories.evaluate_all("items => items.map(li => li.id)")
    assert links.evaluate_all("as => as.map(a => a.getAttribute('href'))") == [f"#{i}" for i in ids]
    # each line also says how many outlets report the story, linking to its page
    counts = page.locator("nav.headlines a.headline-count")
    assert counts.count() == 2 and all("stories/" in h for h in counts.evaluate_all("as => as.map(a => a.getAttribute('href'))"))
    links.nth(1).click()
    assert page.evaluate("location.hash") == f"#{ids[1]}"
    # the first story says why it comes first
    assert page.locator(f"#{ids[0]} .why").is_visible()


@pytest.mark.parametrize("lang", ["ar", "en"])
def test_two_key_points_shown_and_the_rest_open_on_click(served, page, lang):
    page.goto(f"{served.url}{lang}/{PAGES['digest']}", wait_until="load")
    story = page.locator("li.story").first
    shown = story.locator(":scope > ol.key-points > li")
    assert shown.count() == 2 and shown.first.is_visible()
    folded = story.locator("details.more-points > ol.key-points > li")
    assert folded.count() >= 1 and not folded.first.is_visible()
    story.locator("details.more-points > summary").click()
    assert folded.first.is_visible()


@pytest.mark.parametrize("lang", ["ar", "en"])
def test_timeline_lists_the_thread_events_in_order(served, page, lang):
    # the demo's thread: the Tripoli talks of 8 September, then those of the 10th
    page.goto(f"{served.url}{lang}/stories/2025-09-10-zoubi-brennan-security-talks/", wait_until="load")
    page.locator("p.thread-link a").click()
    page.wait_for_url(f"**/{lang}/{THREAD}")
    events = page.locator("ol.timeline > li.timeline-event")
    assert events.count() == 2
    assert events.locator("time").evaluate_all("ts => ts.map(t => t.getAttribute('datetime'))") == ["2025-09-08", "2025-09-10"]
    assert events.first.locator(".event-line").is_visible()


@pytest.mark.parametrize(("lang", "labels"), [("ar", {"طرابلس", "بنغازي", "الرجمة"}), ("en", {"Tripoli", "Benghazi", "Rajma"})])
def test_map_shows_the_day_places_with_accessible_labels(served, page, lang, labels):
    page.goto(f"{served.url}{lang}/{PAGES['digest']}", wait_until="load")
    svg = page.locator("figure.place-map svg")
    assert svg.is_visible() and svg.get_attribute("role") == "img"
    assert svg.locator("title").first.text_content()
    places = svg.locator("g.map-place")
    assert set(places.evaluate_all("gs => gs.map(g => g.getAttribute('aria-label'))")) == labels
    box = svg.bounding_box()
    for n in range(places.count()):
        dot = places.nth(n).locator("circle").bounding_box()
        assert box["x"] <= dot["x"] <= box["x"] + box["width"] and box["y"] <= dot["y"] <= box["y"] + box["height"]


@pytest.mark.parametrize("kind", sorted(PAGES))
@pytest.mark.parametrize("lang", ["ar", "en"])
def test_no_horizontal_overflow_and_no_serious_axe_violations(served, page, lang, kind):
    page.goto(f"{served.url}{lang}/{PAGES[kind]}", wait_until="load")
    facts = page.evaluate(OVERFLOW_JS)
    assert facts["scrollWidth"] <= facts["innerWidth"], facts["offenders"]
    violations = axe_violations(page)
    assert not violations, describe_violations(violations)


@pytest.mark.parametrize("lang", ["ar", "en"])
def test_digest_screenshot_and_height_are_recorded(served, page, lang):
    page.goto(f"{served.url}{lang}/{PAGES['digest']}", wait_until="load")
    width = page.viewport_size["width"]
    height = page.evaluate("document.documentElement.scrollHeight")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    shot = ARTIFACTS / f"digest-skimmable-{lang}-{width}.png"
    page.screenshot(path=str(shot), full_page=True)
    (ARTIFACTS / f"digest-skimmable-{lang}-{width}.height.txt").write_text(f"{height}\n", encoding="utf-8")
    assert shot.stat().st_size > 0 and height > 0
