"""Atom feeds per topic and per actor, linked from their pages."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from .test_render import BASE, html, site  # noqa: F401  (the rendered sample site)

ATOM = "{http://www.w3.org/2005/Atom}"


def entries(feed: bytes) -> list[str]:
    root = ET.fromstring(feed)
    return [e.find(f"{ATOM}link").get("href") for e in root.findall(f"{ATOM}entry")]


def test_topic_feed_lists_the_topic_reports_and_is_linked(site):  # noqa: F811
    feed = site["en/topics/security-cooperation/feed.xml"]
    root = ET.fromstring(feed)
    assert root.find(f"{ATOM}title").text.startswith("Security cooperation")
    assert root.find(f"{ATOM}id").text == BASE + "en/topics/security-cooperation/feed.xml"
    # the three reports tagged with the topic, newest first; not the Gastec one
    assert entries(feed) == [
        BASE + "en/2025-09-10/zoubi-brennan-wasat/",
        BASE + "en/2025-09-10/zoubi-brennan/",
        BASE + "en/2025-09-08/tripoli-talks/",
    ]
    page = html(site, "en/topics/security-cooperation/index.html")
    assert '<a href="feed.xml" type="application/atom+xml">' in page


def test_actor_feed_in_arabic(site):  # noqa: F811
    feed = site["ar/actors/john-brennan/feed.xml"]
    root = ET.fromstring(feed)
    assert root.find(f"{ATOM}title").text.startswith("الفريق جون برينان")
    assert entries(feed) == [BASE + "ar/2025-09-10/zoubi-brennan-wasat/", BASE + "ar/2025-09-10/zoubi-brennan/"]
    assert '<a href="feed.xml" type="application/atom+xml">' in html(site, "ar/actors/john-brennan/index.html")


def test_topic_and_actor_feeds_carry_the_newest_entries_only(tmp_path):
    """A feed per topic and actor stays bounded as the archive grows; the site's feed keeps more."""
    from generator.site.feeds import INDEX_FEED_ENTRIES, MAX_ENTRIES
    from generator.site.render import render_site

    from .test_render import D10, config_for, many_stories

    count = INDEX_FEED_ENTRIES + 5
    files, _ = render_site(config_for(tmp_path), many_stories(count), D10)
    topic = entries(files["en/topics/security-cooperation/feed.xml"])
    actor = entries(files["ar/actors/abdulsalam-zoubi/feed.xml"])
    assert len(topic) == len(actor) == INDEX_FEED_ENTRIES
    assert topic[0] == BASE + "en/2025-09-10/r000/"  # the newest first
    assert len(entries(files["en/feed.xml"])) == min(count, MAX_ENTRIES) > INDEX_FEED_ENTRIES
