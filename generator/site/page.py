"""One page of the site, as the page plan describes it (``render.plan_pages``)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Page:
    path: str  # output path under site/, e.g. "en/2025-09-10/index.html"
    template: str
    lang: str | None  # None for language-neutral pages (the root chooser, 404)
    counterpart: str | None = None
    context: dict = field(default_factory=dict, hash=False, compare=False)
    kind: str = "page"  # home, digest, brief, story, archive, topic, actor, source, index, search
    lastmod: dt.date | None = None
    in_sitemap: bool = True
