"""One page of the site, as the page plan describes it (``render.plan_pages``)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from ..models import Actor, BilingualBrief, Story


LANGUAGES = ("ar", "en")
OTHER_LANGUAGE = {"ar": "en", "en": "ar"}
# Open Graph wants territory-qualified locales.
OG_LOCALE = {"ar": "ar_LY", "en": "en_GB"}
# Entries per page of a topic, actor or source list; days per archive page.
PAGE_SIZE = 20
ARCHIVE_PAGE_SIZE = 90
# Related stories shown on a digest, story or brief page (the newest); the
# rest are on the thread's own page.
RELATED_LIMIT = 5


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


@dataclass(frozen=True)
class Pagination:
    """One page of a list that is paginated newest first."""

    items: tuple
    number: int  # 1-based
    total: int  # pages in the list
    count: int  # entries over all pages
    first: str  # path of page 1
    prev: str | None  # the page of newer entries
    next: str | None  # the page of older entries


@dataclass(frozen=True)
class Mention:
    """One brief that names an actor, with the actor as that brief has it."""

    item: BilingualBrief
    story: Story
    actor: Actor
    sentences: tuple[int, ...]  # indexes of the sentences that name the actor
