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
