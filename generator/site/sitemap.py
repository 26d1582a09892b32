"""The sitemaps, with hreflang alternates, and robots.txt pointing at them.

``sitemap.xml`` is a sitemap index (sitemaps.org/protocol.html): one
sitemap per month of the pages' dates (``sitemaps/2025-09.xml``; pages
without a date in ``sitemaps/undated.xml``), each cut into parts at the
protocol's limits for one file, 50,000 URLs or 50 MB.  A single sitemap
of a daily archive passes 50,000 URLs at about 15,000 articles (a little
over three pages an article), and search engines refuse such a file
whole; by month, a new day's article also rewrites only its month's
sitemap and the index, not the whole map.

Every URL is absolute (base_url + path) and lists itself and its
counterpart as ``xhtml:link rel="alternate" hreflang``, as search engines
ask for bilingual sites.  Dates come from the content, never the clock.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Iterable

from ..config import Config
from .page import Page
from .urls import absolute_url

SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
XHTML_NS = "http://www.w3.org/1999/xhtml"
SITEMAP_INDEX = "sitemap.xml"
SITEMAP_DIR = "sitemaps"
UNDATED = "undated"
# The protocol's limits for one sitemap file: URLs, and bytes uncompressed.
MAX_URLS = 50_000
MAX_BYTES = 50 * 1024 * 1024


# ``xml.sax.saxutils.escape`` and ``quoteattr``, to the byte: that module
# imports urllib.request, http.client and ssl (10 ms of every build).
def escape(data: str) -> str:
    return data.replace("&", "&amp;").replace(">", "&gt;").replace("<", "&lt;")


def quoteattr(data: str) -> str:
    data = escape(data).replace("\n", "&#10;").replace("\r", "&#13;").replace("\t", "&#9;")
    if '"' not in data:
        return f'"{data}"'
    if "'" not in data:
        return f"'{data}'"
    return '"{}"'.format(data.replace('"', "&quot;"))


def render_sitemaps(
    config: Config, pages: Iterable[Page], *, max_urls: int = MAX_URLS, max_bytes: int = MAX_BYTES
) -> dict[str, bytes]:
    """The sitemap index (``SITEMAP_INDEX``) and the sitemaps it lists, by
    their paths in the site: the pages in the sitemap grouped by the month
    of their date, each group in path order, cut into parts of at most
    *max_urls* URLs and *max_bytes* bytes."""
    months: dict[str, list[Page]] = defaultdict(list)
    for page in pages:
        if page.in_sitemap and page.lang and page.counterpart:
            months[page.lastmod.strftime("%Y-%m") if page.lastmod else UNDATED].append(page)
    files: dict[str, bytes] = {}
    listed: list[str] = []  # the index's <sitemap> entries
    for month in sorted(months):
        group = sorted(months[month], key=lambda p: p.path)
        for n, part in enumerate(_parts([_url_entry(config, page) for page in group], max_urls, max_bytes), start=1):
            name = f"{SITEMAP_DIR}/{month}.xml" if n == 1 else f"{SITEMAP_DIR}/{month}-{n}.xml"
            files[name] = _document(_URLSET, [entry for entry, _ in part])
            newest = max((day for _, day in part if day), default=None)
            lastmod = f"\n    <lastmod>{newest.isoformat()}</lastmod>" if newest else ""
            listed.append(f"  <sitemap>\n    <loc>{escape(absolute_url(config.base_url, name))}</loc>{lastmod}\n  </sitemap>")
    files[SITEMAP_INDEX] = _document(_INDEX, listed)
    return files


# (opening tag, closing tag) of a sitemap and of a sitemap index
_URLSET = (f'<urlset xmlns="{SITEMAP_NS}" xmlns:xhtml="{XHTML_NS}">', "</urlset>")
_INDEX = (f'<sitemapindex xmlns="{SITEMAP_NS}">', "</sitemapindex>")
_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>'


def _document(root: tuple[str, str], entries: list[str]) -> bytes:
    return ("\n".join([_DECLARATION, root[0], *entries, root[1]]) + "\n").encode("utf-8")


def _url_entry(config: Config, page: Page) -> tuple[str, dt.date | None]:
    """A page's ``<url>`` element, and its date."""
    lines = ["  <url>", f"    <loc>{escape(absolute_url(config.base_url, page.path))}</loc>"]
    if page.lastmod:
        lines.append(f"    <lastmod>{page.lastmod.isoformat()}</lastmod>")
    alternates: dict[str, str] = {page.lang or "": page.path, ("en" if page.lang == "ar" else "ar"): page.counterpart or ""}
    for lang in sorted(alternates):
        href = quoteattr(absolute_url(config.base_url, alternates[lang]))
        lines.append(f'    <xhtml:link rel="alternate" hreflang="{lang}" href={href}/>')
    lines.append("  </url>")
    return "\n".join(lines), page.lastmod


def _parts(entries: list[tuple[str, dt.date | None]], max_urls: int, max_bytes: int) -> list[list[tuple[str, dt.date | None]]]:
    """*entries* in runs that each make a sitemap of at most *max_urls*
    URLs and *max_bytes* bytes (the declaration, the root element and a
    line break after each entry included)."""
    frame = len(_document(_URLSET, []))
    parts: list[list[tuple[str, dt.date | None]]] = []
    size = 0
    for entry in entries:
        grown = len(entry[0].encode("utf-8")) + 1
        if not parts or len(parts[-1]) >= max_urls or size + grown > max_bytes:
            parts.append([])
            size = frame
        parts[-1].append(entry)
        size += grown
    return parts


def render_robots(config: Config) -> bytes:
    # Crawlers read robots.txt only at a host's root; under a project sub-path
    # this file is harmless and the Sitemap line still documents the map.
    return f"User-agent: *\nAllow: /\n\nSitemap: {config.base_url}sitemap.xml\n".encode("utf-8")
