"""Atom feeds, sitemap.xml and robots.txt of the demo site: well-formed,
complete, absolute under base_url (also a project sub-path), and free of the
clock: two builds give the same bytes."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import cli
from generator.config import load_config

ATOM = "{http://www.w3.org/2005/Atom}"
SM = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"
SUB_PATH_URL = "https://owner.github.io/repo/"


def build(project: Path, *args: str) -> Path:
    result = CliRunner().invoke(cli, ["build", "-p", str(project), "--offline", *args])
    assert result.exit_code == 0, result.output
    return project / "site"


@pytest.fixture
def built(demo_project):
    return build(demo_project, "--base-url", SUB_PATH_URL)


def brief_pages(site: Path, lang: str) -> set[str]:
    """Brief pages: /{lang}/{yyyy-mm-dd}/{slug}/index.html"""
    return {p.parent.relative_to(site).as_posix() + "/" for p in site.glob(f"{lang}/????-??-??/*/index.html")}


@pytest.mark.parametrize("lang", ["ar", "en"])
def test_feed_has_one_entry_per_brief_with_absolute_stable_ids(built, lang):
    tree = ET.parse(built / lang / "feed.xml")  # well-formed
    feed = tree.getroot()
    assert feed.tag == f"{ATOM}feed"
    assert feed.get("{http://www.w3.org/XML/1998/namespace}lang") == lang
    entries = feed.findall(f"{ATOM}entry")
    expected = {SUB_PATH_URL + path for path in brief_pages(built, lang)}
    assert len(expected) >= 3
    ids = [e.findtext(f"{ATOM}id") for e in entries]
    assert sorted(ids) == sorted(expected)
    for entry in entries:
        link = entry.find(f"{ATOM}link").get("href")
        assert link == entry.findtext(f"{ATOM}id")
        assert entry.findtext(f"{ATOM}title").strip()
        assert entry.findtext(f"{ATOM}summary").startswith("<ul>")
    self_link = [l.get("href") for l in feed.findall(f"{ATOM}link") if l.get("rel") == "self"]
    assert self_link == [f"{SUB_PATH_URL}{lang}/feed.xml"]


def test_feed_dates_come_from_the_content_not_the_clock(built):
    feed = ET.parse(built / "en" / "feed.xml").getroot()
    entries = feed.findall(f"{ATOM}entry")
    updated = [dt.datetime.fromisoformat(e.findtext(f"{ATOM}updated")) for e in entries]
    assert updated == sorted(updated, reverse=True)  # newest first
    assert dt.datetime.fromisoformat(feed.findtext(f"{ATOM}updated")) == max(updated)
    # noon in config.timezone (Africa/Tripoli, UTC+2) of the article's day
    assert feed.findtext(f"{ATOM}updated") == "2025-09-10T12:00:00+02:00"
    assert dt.date.today().isoformat() not in (built / "en" / "feed.xml").read_text(encoding="utf-8")


def test_feeds_sitemap_and_robots_are_identical_across_builds(demo_project):
    site = build(demo_project)
    names = ["ar/feed.xml", "en/feed.xml", "sitemap.xml", "robots.txt"]
    first = {n: (site / n).read_bytes() for n in names}
    build(demo_project)
    assert {n: (site / n).read_bytes() for n in names} == first


def test_sitemap_lists_every_page_with_complete_hreflang_pairs(built):
    root = ET.parse(built / "sitemap.xml").getroot()  # well-formed
    urls = root.findall(f"{SM}url")
    locs = {u.findtext(f"{SM}loc") for u in urls}
    assert len(locs) == len(urls)

    def file_of(url: str) -> Path:
        assert url.startswith(SUB_PATH_URL), url
        rel = url[len(SUB_PATH_URL) :]
        return built / (rel + "index.html" if rel.endswith("/") or not rel else rel)

    for url in urls:
        loc = url.findtext(f"{SM}loc")
        assert file_of(loc).is_file(), loc
        links = {l.get("hreflang"): l.get("href") for l in url.findall(f"{XHTML}link") if l.get("rel") == "alternate"}
        assert set(links) == {"ar", "en"}, loc
        assert loc in links.values()
        for lang, href in links.items():
            assert href in locs, f"{href} (alternate of {loc}) is not in the sitemap"
            assert file_of(href).is_file()
            assert href[len(SUB_PATH_URL) :].startswith(lang + "/")
    # every brief page of both languages is there
    for lang in ("ar", "en"):
        assert {SUB_PATH_URL + p for p in brief_pages(built, lang)} <= locs
    # search pages are not for search engines; lastmod comes from the content
    assert not any("/search/" in loc for loc in locs)
    assert {u.findtext(f"{SM}lastmod") for u in urls} - {None} <= {"2025-09-08", "2025-09-10"}


def test_robots_points_at_the_sitemap(built):
    assert (built / "robots.txt").read_text(encoding="utf-8") == (
        f"User-agent: *\nAllow: /\n\nSitemap: {SUB_PATH_URL}sitemap.xml\n"
    )


def test_absolute_urls_in_pages_use_base_url(built):
    page = (built / "en" / "2025-09-10" / "index.html").read_text(encoding="utf-8")
    assert f'<link rel="canonical" href="{SUB_PATH_URL}en/2025-09-10/">' in page
    assert f'<meta property="og:url" content="{SUB_PATH_URL}en/2025-09-10/">' in page
    assert f'<link rel="alternate" hreflang="ar" href="{SUB_PATH_URL}ar/2025-09-10/">' in page
    assert '<link rel="alternate" type="application/atom+xml" href="../feed.xml"' in page
    assert f'href="{SUB_PATH_URL}en/"' in (built / "404.html").read_text(encoding="utf-8")


def test_demo_base_url_is_used_without_override(demo_project):
    site = build(demo_project)
    config, _ = load_config(demo_project)
    feed = ET.parse(site / "ar" / "feed.xml").getroot()
    assert all(e.findtext(f"{ATOM}id").startswith(config.base_url) for e in feed.findall(f"{ATOM}entry"))


def test_feed_entries_chosen_from_one_ranking_are_those_a_sort_of_each_feed_gives():
    """``NewestFirst`` ranks a site's reports once and takes each feed's
    newest from that ranking: the same entries, in the same order, as
    sorting each feed's reports (newest day first, then id, descending),
    for any subset and limit; a report outside the ranking falls back to
    the sort."""
    import random

    from generator.site.feeds import NewestFirst, feed_entries
    from tests.test_render import make_item

    rng = random.Random(5)
    days = [dt.date(2025, 7, 1) + dt.timedelta(days=rng.randrange(20)) for _ in range(60)]
    items = [make_item(f"r{n:03d}", day, "lana", f"h{n}", ["s"], ["e", "p"]) for n, day in enumerate(days)]
    newest = NewestFirst(items)
    assert newest.entries(items, len(items)) == feed_entries(items, len(items))
    assert [i.brief.article.date for i in newest.entries(items, 60)] == sorted(days, reverse=True)
    for _ in range(50):
        part = rng.sample(items, rng.randrange(0, 40))
        part += part[:2]  # a report listed twice stays twice
        limit = rng.choice([1, 5, 20, 100])
        assert newest.entries(part, limit) == feed_entries(part, limit)
    stranger = make_item("zz", dt.date(2025, 8, 1), "lana", "h", ["s"], ["e", "p"])
    assert newest.entries([*items[:5], stranger], 3) == feed_entries([*items[:5], stranger], 3)
    assert newest.entries([*items[:5], stranger], 3)[0] is stranger


def test_the_sitemaps_escaping_is_the_standard_librarys_to_the_byte():
    # sitemap.py escapes as xml.sax.saxutils does without importing it (it
    # pulls in urllib.request, http.client and ssl): both, on every kind of
    # character that either treats apart
    from xml.sax import saxutils

    from generator.site import sitemap

    specials = ["&", "<", ">", '"', "'", "\n", "\r", "\t", "&amp;", "a", "ع", " "]
    cases = [a + b + c for a in specials for b in specials for c in specials]
    cases += ["https://example.org/ar/2025-07-01/r1/?q=1&x=<y>", ""]
    assert [sitemap.escape(c) for c in cases] == [saxutils.escape(c) for c in cases]
    assert [sitemap.quoteattr(c) for c in cases] == [saxutils.quoteattr(c) for c in cases]
