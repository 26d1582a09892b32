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
# Related stories shown on a digest, story or brief page: those of its thread
# nearest it in time (``nearby_stories``); the rest are on the thread's own page.
RELATED_LIMIT = 5
# The pages whose footer states the newest article's day: those about the
# site as it is now.  On a brief, story, digest, thread or list page it would
# change every page of the site each day a new article arrives.
SITE_KINDS = frozenset({"root", "404", "home", "archive", "index", "search"})


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
    """One page of a list that is paginated newest first, counted from its
    oldest end (``render.paginate``): a page other than the first keeps its
    number and its entries as newer ones arrive, so it carries nothing that
    changes with them (no page count, no entry count)."""

    items: tuple
    number: int  # 0 for the first page (the newest entries); else 1 for the oldest page, 2 for the next...
    count: int | None  # entries over all pages, on the first page only
    path: str  # this page
    prev: str | None  # the page of newer entries
    next: str | None  # the page of older entries
    span: tuple[dt.date, dt.date] | None = None  # (oldest, newest) day of its entries, on pages other than the first


def nearby_stories(thread: tuple[Story, ...], at: int, limit: int = RELATED_LIMIT) -> tuple[Story, ...]:
    """The *limit* stories of a thread (*thread*: newest first) nearest its
    story at *at*, newest first: two before it and the rest after it where
    the thread has them.  A thread that grows at its new end changes what
    its last few stories show, never what the older ones show (the newest
    stories of a long thread changed every page of it)."""
    others = thread[:at] + thread[at + 1 :]
    start = min(max(0, at - (limit - limit // 2)), max(0, len(others) - limit))
    return others[start : start + limit]


@dataclass(frozen=True)
class Mention:
    """One brief that names an actor, with the actor as that brief has it."""

    item: BilingualBrief
    story: Story
    actor: Actor
    sentences: tuple[int, ...]  # indexes of the sentences that name the actor
