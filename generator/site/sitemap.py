"""sitemap.xml with hreflang alternates, and robots.txt pointing at it.

Every URL is absolute (base_url + path) and lists itself and its
counterpart as ``xhtml:link rel="alternate" hreflang``, as search engines
ask for bilingual sites.  Dates come from the content, never the clock.
"""

from __future__ import annotations

from typing import Iterable

from ..config import Config
from .page import Page
from .urls import absolute_url

SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
XHTML_NS = "http://www.w3.org/1999/xhtml"


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


def render_sitemap(config: Config, pages: Iterable[Page]) -> bytes:
    lines = ['<?xml version="1.0" encoding="UTF-8"?>', f'<urlset xmlns="{SITEMAP_NS}" xmlns:xhtml="{XHTML_NS}">']
    for page in sorted((p for p in pages if p.in_sitemap and p.lang and p.counterpart), key=lambda p: p.path):
        lines.append("  <url>")
        lines.append(f"    <loc>{escape(absolute_url(config.base_url, page.path))}</loc>")
        if page.lastmod:
            lines.append(f"    <lastmod>{page.lastmod.isoformat()}</lastmod>")
        alternates: dict[str, str] = {page.lang or "": page.path, ("en" if page.lang == "ar" else "ar"): page.counterpart or ""}
        for lang in sorted(alternates):
            href = quoteattr(absolute_url(config.base_url, alternates[lang]))
            lines.append(f'    <xhtml:link rel="alternate" hreflang="{lang}" href={href}/>')
        lines.append("  </url>")
    lines.append("</urlset>")
    return ("\n".join(lines) + "\n").encode("utf-8")


def render_robots(config: Config) -> bytes:
    # Crawlers read robots.txt only at a host's root; under a project sub-path
    # this file is harmless and the Sitemap line still documents the map.
    return f"User-agent: *\nAllow: /\n\nSitemap: {config.base_url}sitemap.xml\n".encode("utf-8")
