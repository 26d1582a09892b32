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
from generator.config import DEFAULT_LANGUAGES, Config, load_config
from generator.site import sitemap
from generator.site.page import Page

ATOM = "{http://www.w3.org/2005/Atom}"
SM = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"
SUB_PATH_URL = "https://owner.github.io/repo/"
SITE_URL = "https://example.github.io/briefing/"  # the demo project's base_url


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
    names = ["ar/feed.xml", "en/feed.xml", "sitemap.xml", "robots.txt", *sitemap_files(site, SITE_URL)]
    first = {n: (site / n).read_bytes() for n in names}
    build(demo_project)
    assert {n: (site / n).read_bytes() for n in names} == first


def sitemap_files(site: Path, base_url: str) -> list[str]:
    """The sitemaps sitemap.xml (a sitemap index) lists, as paths in *site*."""
    index = ET.parse(site / "sitemap.xml").getroot()  # well-formed
    assert index.tag == f"{SM}sitemapindex"
    locs = [s.findtext(f"{SM}loc") for s in index.findall(f"{SM}sitemap")]
    assert all(loc.startswith(base_url) for loc in locs), locs
    return [loc[len(base_url) :] for loc in locs]


def test_sitemap_index_lists_a_sitemap_a_month_with_its_newest_date(built):
    index = ET.parse(built / "sitemap.xml").getroot()
    listed = {s.findtext(f"{SM}loc")[len(SUB_PATH_URL) :]: s.findtext(f"{SM}lastmod") for s in index}
    # the demo's articles are of September 2025; index pages without a date have their own sitemap
    assert listed == {"sitemaps/2025-09.xml": "2025-09-10", "sitemaps/undated.xml": None}
    assert sorted(p.relative_to(built).as_posix() for p in (built / "sitemaps").iterdir()) == sorted(listed)
    for name in listed:
        urls = ET.parse(built / name).getroot().findall(f"{SM}url")
        days = {u.findtext(f"{SM}lastmod") for u in urls}
        assert days <= ({None} if name.endswith("undated.xml") else {"2025-09-08", "2025-09-10"}), (name, days)


def test_sitemap_lists_every_page_with_complete_hreflang_pairs(built):
    urls = [url for name in sitemap_files(built, SUB_PATH_URL) for url in ET.parse(built / name).getroot().findall(f"{SM}url")]
    locs = {u.findtext(f"{SM}loc") for u in urls}
    assert len(locs) == len(urls)  # each page once, in one sitemap

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


def _pages(count: int, day: dt.date | None, prefix: str = "") -> list[Page]:
    """*count* brief pages of *day* (undated: an index page's), each with its counterpart."""
    folder = day.isoformat() if day else "topics"
    return [
        Page(
            f"ar/{folder}/{prefix}r{n:06d}/index.html",
            "brief.html",
            "ar",
            f"en/{folder}/{prefix}r{n:06d}/index.html",
            lastmod=day,
        )
        for n in range(count)
    ]


def _sitemaps(files: dict[str, bytes]) -> dict[str, list[str]]:
    """Each sitemap the index lists, with the URLs it lists (and checks on the way)."""
    index = ET.fromstring(files["sitemap.xml"])
    found = {}
    for entry in index.findall(f"{SM}sitemap"):
        name = entry.findtext(f"{SM}loc").removeprefix(SITE_URL)
        root = ET.fromstring(files[name])  # well-formed
        urls = root.findall(f"{SM}url")
        days = [u.findtext(f"{SM}lastmod") for u in urls]
        assert entry.findtext(f"{SM}lastmod") == max((d for d in days if d), default=None), name
        found[name] = [u.findtext(f"{SM}loc") for u in urls]
    assert set(files) == {"sitemap.xml", *found}  # no sitemap the index does not list
    return found


def test_a_month_of_more_than_50000_urls_is_cut_at_the_protocols_limit():
    """One sitemap file may hold 50,000 URLs (sitemaps.org): a daily archive
    passes that at about 15,000 articles, and search engines refuse the
    whole file.  More than that in one month are cut into two sitemaps."""
    config = Config(root=Path("."), base_url=SITE_URL, languages=DEFAULT_LANGUAGES)
    day = dt.date(2025, 9, 10)
    pages = _pages(50_001, day) + _pages(3, dt.date(2025, 10, 1)) + _pages(2, None)
    files = sitemap.render_sitemaps(config, pages)
    found = _sitemaps(files)
    assert {name: len(urls) for name, urls in found.items()} == {
        "sitemaps/2025-09.xml": 50_000,
        "sitemaps/2025-09-2.xml": 1,
        "sitemaps/2025-10.xml": 3,
        "sitemaps/undated.xml": 2,
    }
    listed = [url for urls in found.values() for url in urls]
    assert sorted(listed) == sorted(SITE_URL + p.path.removesuffix("index.html") for p in pages)
    assert all(len(data) <= sitemap.MAX_BYTES for data in files.values())


def test_a_sitemap_is_cut_before_it_passes_the_byte_limit():
    config = Config(root=Path("."), base_url=SITE_URL, languages=DEFAULT_LANGUAGES)
    pages = _pages(40, dt.date(2025, 9, 10), prefix="a-long-path-" * 3)
    whole = sitemap.render_sitemaps(config, pages)["sitemaps/2025-09.xml"]
    limit = len(whole) // 3 + 50  # about a third: three or four parts
    files = sitemap.render_sitemaps(config, pages, max_bytes=limit)
    found = _sitemaps(files)
    parts = [files[name] for name in found]
    assert len(parts) in (3, 4) and all(len(data) <= limit for data in parts)
    # each part as full as the limit lets it be: the next page's entry would not have fitted
    entry = len(whole.split(b"<url>")[1]) + len(b"<url>")
    assert all(len(data) + entry > limit for data in parts[:-1])
    assert [url for urls in found.values() for url in urls] == [SITE_URL + p.path.removesuffix("index.html") for p in pages]
    assert b"".join(parts).count(b"<url>") == 40


def test_a_new_days_page_rewrites_its_months_sitemap_and_the_index_only():
    """A daily archive's sitemaps change at their new end: the months
    before keep their bytes (and so their files, which a build leaves as
    they were)."""
    config = Config(root=Path("."), base_url=SITE_URL, languages=DEFAULT_LANGUAGES)
    pages = _pages(30, dt.date(2025, 8, 31)) + _pages(20, dt.date(2025, 9, 10)) + _pages(3, None)
    before = sitemap.render_sitemaps(config, pages)
    after = sitemap.render_sitemaps(config, pages + _pages(1, dt.date(2025, 9, 11), prefix="new-"))
    assert set(after) == set(before)
    changed = {name for name in after if after[name] != before[name]}
    assert changed == {"sitemap.xml", "sitemaps/2025-09.xml"}
    assert b"<lastmod>2025-09-11</lastmod>" in after["sitemap.xml"]


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
