"""Rendering: digests in, a mapping of output paths to bytes out.

Templates hold all HTML; this module only decides which pages exist, what
data each one gets, and how pages in the two languages point at each other.
Links between pages are relative, so the site works unchanged at a domain's
root, under a project sub-path (``owner.github.io/repo/``) or from disk.
Absolute URLs (canonical, hreflang, Open Graph, feeds, sitemap, the 404
page, which is served at any path) are built from ``config.base_url``.

The URL scheme (where each page is written) is ``generator.site.urls``.

Archive scale: a daily digest keeps every day it published, so every list
page is paginated (newest first, ``PAGE_SIZE`` entries, rel=next/prev,
pages counted from the oldest so that older pages stay as they are) and
lists stories by headline and event line only, and related coverage shows
the ``RELATED_LIMIT`` stories of a thread nearest the page's own plus a link
to the thread's page: no page grows with the archive, and a new article
changes the pages near it, not every page of its thread and lists.
"""

from __future__ import annotations

import bisect
import datetime as dt
import functools
import hashlib
import itertools
import math
import re
import shutil
from dataclasses import dataclass, field, replace
from typing import Any, Callable, Iterable, Iterator, Protocol, Sequence, TypeVar

import jinja2
import jinja2.bccache
import jinja2.ext
import jinja2.meta
from markupsafe import Markup, escape

from ..text import arabic
from . import indexes
from ..config import GAZETTEER_FILE, TAXONOMY_FILE, Config
from ..errors import BuildError
from ..briefs.eventline import format_event_line, kind_label
from .feeds import INDEX_FEED_ENTRIES, MAX_ENTRIES, FeedPlan, NewestFirst, render_items_feed
from ..text.figures import FIGURES, Figure, figures_in
from .fonts import font_files
from ..text.gazetteer import load_gazetteer
from ..i18n import formatter
from ..models import Actor, BilingualBrief, Digest, Problem, Story, TopicMatch, TranslatedText
from ..stories.notes import template_helpers as note_helpers
from .placemap import place_map
from ..memory import can_fork, in_fresh_forks, release_free_memory
from ..progress import bar
from ..safety import slugify
from .search import content_digest, search_field
from .page import (
    ARCHIVE_PAGE_SIZE,
    LANGUAGES,
    OG_LOCALE,
    OTHER_LANGUAGE,
    PAGE_SIZE,
    RELATED_LIMIT,
    SITE_KINDS,
    Mention,
    Page,
    Pagination,
    nearby_stories,
)
from .fingerprints import Fingerprints, PageSettings, related_shown, rendering_code_version, template_references
from .templating import render_template, template_environment
from .urls import (
    NOT_FOUND_PATH,
    PATHS,
    absolute_url,
    actor_feed_path,
    actor_path,
    actors_path,
    archive_path,
    brief_path,
    digest_path,
    feed_path,
    home_path,
    note_target_path,
    paged_path,
    relative_url,
    search_path,
    source_path,
    sources_path,
    story_path,
    thread_path,
    topic_feed_path,
    topic_path,
    topics_path,
)
from .sitemap import render_robots, render_sitemaps
from ..briefs.sources import Outlet, Registry, load_registry
from .theme_lookup import load_theme_translations, theme_tree
from ..briefs.topics import load_taxonomy


# --- filters ------------------------------------------------------------------------


def isolate_latin(text: str | None) -> Markup:
    """Escape *text* and wrap Latin runs inside Arabic in <bdi> so punctuation
    and parentheses around them land on the right side."""
    if not text:
        return Markup("")
    return Markup(arabic.isolate_runs(text, lambda run: f'<bdi dir="ltr">{escape(run)}</bdi>', lambda rest: str(escape(rest))))


def search_text(item: BilingualBrief) -> str:
    """The hidden search field of an Arabic brief page: its words normalised
    and stripped of the article, so that Pagefind finds a word whatever its
    spelling (alef/yeh/teh marbuta forms, diacritics, ال).  search.js folds
    the query the same way (tests/test_search.py checks the two agree)."""
    brief = item.brief
    texts = [brief.headline, *(s.text for s in brief.sentences)]
    texts += [a.name_ar for a in brief.actors] + [p.name_ar for p in brief.places]
    return search_field(texts)


def search_people(item: BilingualBrief) -> str:
    """The folded words of the people the brief named (its own matches, as
    written in the article), for the ``people`` meta of an Arabic page.
    Pagefind's Arabic stemmer folds a nisba surname into its place
    ("الطرابلسي" and "طرابلس" share one stem), so search.js uses this list
    to drop results that matched a query only through a person's name, and
    to keep a surname query to that person's pages."""
    return search_field([a.name_ar for a in item.brief.actors if a.kind == "person"])


def shared_provenance(translations: Iterable[TranslatedText]) -> TranslatedText | None:
    """The first of *translations* when all share one provenance (and engine),
    for a list that states its provenance once; None when they differ or
    there are none."""
    first = None
    for t in translations:
        if first is None:
            first = t
        elif (t.provenance, t.engine) != (first.provenance, first.engine):
            return None
    return first


def fragment_cache():
    """``fragment(macro, *args, **kwargs)`` for the templates: a macro's
    output, rendered once per build for the same arguments.  Only for macros
    whose output depends on their arguments and the page language alone
    (a headline, an event line, key points), never on the page (no ``url``):
    the same headline is shown on a dozen pages.  One cache per language;
    macros are told apart by name, their arguments by identity (the digests
    hold every object for the whole build; the cache holds them too)."""
    memo: dict[tuple, tuple[Markup, tuple]] = {}

    def fragment(macro, *args, **kwargs) -> Markup:
        key = (macro.name, *(a if isinstance(a, (str, int, type(None))) else id(a) for a in args), *sorted(kwargs.items()))
        if key not in memo:
            memo[key] = (macro(*args, **kwargs), args)
        return memo[key][0]

    return fragment


class Unindent(jinja2.ext.Extension):
    """Drops the indentation of template lines: it keeps the templates
    readable and would otherwise be copied into every page (a thirtieth of
    the site's bytes).  The site has no whitespace-sensitive markup (no
    <pre>): a line break still separates what the indentation did."""

    def preprocess(self, source: str, name: str | None, filename: str | None = None) -> str:
        return _INDENTATION.sub("", source)


_INDENTATION = re.compile(r"^[ \t]+", re.MULTILINE)


def make_environment(config: Config, translations=None) -> jinja2.Environment:
    """The site's template environment: the shared one plus the site's filters."""
    env = template_environment(config, translations)
    env.add_extension(Unindent)
    env.filters["bidi"] = functools.cache(isolate_latin)
    env.globals["search_text"] = search_text
    env.globals["search_people"] = search_people
    return env


# --- indexes: topics, actors, outlets -------------------------------------------------


@dataclass(frozen=True)
class TopicEntry:
    topic: TopicMatch
    stories: tuple[Story, ...]  # newest first

    @property
    def id(self) -> str:
        return self.topic.id


@dataclass(frozen=True)
class ActorEntry:
    actor: Actor
    mentions: tuple[Mention, ...]  # newest first

    @property
    def id(self) -> str:
        return self.actor.id


@dataclass(frozen=True)
class SourceEntry:
    name: str
    items: tuple[tuple[BilingualBrief, Story], ...]  # newest first
    outlet: Outlet | None = None  # the registry's entry (content/sources.yaml), if any

    def display(self, lang: str) -> str:
        return self.outlet.display(lang) if self.outlet else self.name


@dataclass(frozen=True)
class SiteIndex:
    stories: dict[str, Story]
    story_of: dict[str, Story]  # brief id -> its story
    topics: tuple[TopicEntry, ...]
    actors: tuple[ActorEntry, ...]
    sources: tuple[SourceEntry, ...]
    threads: dict[str, tuple[Story, ...]] = field(default_factory=dict)  # thread id -> stories, newest first
    nearby: dict[str, tuple[Story, ...]] = field(default_factory=dict)  # story id -> the related stories its pages show


def _newest_first(item: BilingualBrief) -> tuple:
    return (-item.brief.article.date.toordinal(), item.id)


def _sentences_naming(item: BilingualBrief, actor: Actor) -> tuple[int, ...]:
    """The sentences that name the actor, as the brief matched them (full
    name, alias, title): never a search for the bare surname, which would
    give Khalifa Haftar's page Khaled Haftar's sentence."""
    if actor.sentences:
        return actor.sentences[:3]
    # an actor made without the entity stage (no recorded matches): its name and surname
    keys = {arabic.normalise(actor.name_ar)}
    if actor.name_ar:
        keys.add(arabic.normalise(actor.name_ar.split()[-1]))
    keys.discard("")
    return tuple(s.index for s in item.brief.sentences if any(k in arabic.normalise(s.text) for k in keys))[:3]


def build_index(digests: Iterable[Digest], registry: Registry | None = None) -> SiteIndex:
    stories: dict[str, Story] = {}
    story_of: dict[str, Story] = {}
    topics: dict[str, tuple[TopicMatch, dict[str, Story]]] = {}
    actors: dict[str, tuple[Actor, list[Mention]]] = {}
    sources: dict[str, tuple[str, list]] = {}
    threads: dict[str, list[Story]] = {}
    for digest in digests:
        for story in digest.stories:
            stories[story.id] = story
            if story.thread_id:
                threads.setdefault(story.thread_id, []).append(story)
            for item in story.briefs:
                story_of[item.id] = story
                for topic in item.brief.topics:
                    topics.setdefault(topic.id, (topic, {}))[1][story.id] = story
                seen: set[str] = set()
                for actor in item.brief.actors:
                    if actor.id in seen:
                        continue
                    seen.add(actor.id)
                    entry = actors.setdefault(actor.id, (actor, []))
                    entry[1].append(Mention(item, story, actor, _sentences_naming(item, actor)))
                outlet = item.brief.article.source
                sources.setdefault(slugify(outlet), (outlet, []))[1].append((item, story))
    # an entry is the topic or actor across its reports, without what one
    # report alone says of it (the words that found the topic, the sentences
    # naming the actor): those changed with each new report, and with them
    # the input of every page of the entry's list (260 pages rendered again
    # for one article at 5,000)
    topic_entries = tuple(
        TopicEntry(replace(topic, evidence=()), tuple(sorted(found.values(), key=lambda s: (-s.date.toordinal(), s.id))))
        for _, (topic, found) in sorted(topics.items())
    )
    actor_entries = []
    for actor_id, (actor, mentions) in sorted(actors.items()):
        mentions.sort(key=lambda m: _newest_first(m.item))
        # the newest mention's role is the current one
        actor_entries.append(ActorEntry(replace(mentions[0].actor, sentences=()), tuple(mentions)))
    source_entries = []
    for _, (name, items) in sorted(sources.items()):
        items.sort(key=lambda pair: _newest_first(pair[0]))
        source_entries.append(SourceEntry(name, tuple(items), registry.find(name) if registry else None))
    thread_entries = {
        tid: tuple(sorted(members, key=lambda s: (-s.date.toordinal(), s.id))) for tid, members in sorted(threads.items())
    }
    nearby = {story.id: nearby_stories(thread, at) for thread in thread_entries.values() for at, story in enumerate(thread)}
    return SiteIndex(stories, story_of, topic_entries, tuple(actor_entries), tuple(source_entries), thread_entries, nearby)


# --- pagination ---------------------------------------------------------------------


def paginate(
    first: str, entries: tuple | list, size: int = PAGE_SIZE, date_of: Callable[[Any], dt.date] | None = None
) -> list[Pagination]:
    """The pages of a list of *entries* (newest first), newest page first.

    Pages are counted from the list's oldest end, as a daily archive only
    grows at its newest: the entries fall into runs of *size* from the
    oldest, page 1 holding the oldest run, page 2 the next, and the first
    page (*first*, number 0) the newest two runs, the last of them partial
    (so it shows more than *size* entries once there are older pages, and
    never as few as one).  A new entry then changes the first page only, and
    once a run fills, the page it starts; every other page keeps its URL,
    its entries and its links, and is not rendered again.  Those pages state
    the days they cover (*date_of* an entry), not a page or entry count."""
    n = len(entries)
    archived = max(0, -(-n // size) - 2)  # pages other than the first
    numbers = [0, *range(archived, 0, -1)]  # newest first
    paths = [paged_path(first, number) for number in numbers]
    pages = []
    for at, number in enumerate(numbers):
        start = 0 if number == 0 else n - number * size
        items = tuple(entries[start : n - archived * size if number == 0 else start + size])
        pages.append(
            Pagination(
                items,
                number,
                n if number == 0 else None,
                paths[at],
                paths[at - 1] if at > 0 else None,
                paths[at + 1] if at + 1 < len(paths) else None,
                (date_of(items[-1]), date_of(items[0])) if number and date_of and items else None,
            )
        )
    return pages


# --- page plan ----------------------------------------------------------------------


def plan_pages(digests: Iterable[Digest], index: SiteIndex | None = None) -> list[Page]:
    """Every page of the site, each language paired with its counterpart."""
    digests = sorted(digests, key=lambda d: d.date, reverse=True)
    index = index or build_index(digests)
    latest = digests[0] if digests else None
    threads = build_threads(index)  # one entry per thread, shared by both languages
    pages: list[Page] = [
        Page("index.html", "root.html", None, None, {"latest": latest}, kind="root", in_sitemap=False),
        Page(NOT_FOUND_PATH, "404.html", None, None, {}, kind="404", in_sitemap=False),
    ]
    for lang in LANGUAGES:
        other = OTHER_LANGUAGE[lang]

        def pair(path_of, *args) -> dict:
            return {"path": path_of(lang, *args), "counterpart": path_of(other, *args)}

        def paged(path_of, args, entries, template, kind, context, size=PAGE_SIZE, lastmod=None, lang=lang, other=other):
            """One Page per page of a paginated list, newest entries first."""
            first, first_other = path_of(lang, *args), path_of(other, *args)
            for p in paginate(first, entries, size, lastmod):
                pages.append(
                    Page(
                        p.path,
                        template,
                        lang,
                        paged_path(first_other, p.number),
                        {**context, "pagination": p},
                        kind=kind,
                        lastmod=lastmod(p.items[0]) if lastmod and p.items else None,
                    )
                )

        # the home page shows the latest digest and links the day before
        pages.append(
            Page(
                **pair(home_path),
                context={"digest": latest, "digests": digests[:2]},
                template="home.html",
                lang=lang,
                kind="home",
                lastmod=latest.date if latest else None,
            )
        )
        archive_pages = paginate(archive_path(lang), digests, ARCHIVE_PAGE_SIZE, lambda digest: digest.date)
        month_pages: list[tuple[dt.date, str]] = []  # (month, the archive page that holds its newest day)
        for p in archive_pages:
            for month in dict.fromkeys(d.date.replace(day=1) for d in p.items):
                if not month_pages or month_pages[-1][0] != month:
                    month_pages.append((month, p.path))
        for p in archive_pages:
            on_page: dict[dt.date, list[Digest]] = {}
            for digest in p.items:
                on_page.setdefault(digest.date.replace(day=1), []).append(digest)
            pages.append(
                Page(
                    p.path,
                    "archive.html",
                    lang,
                    paged_path(archive_path(other), p.number),
                    {"months": list(on_page.items()), "month_pages": month_pages, "pagination": p},
                    kind="archive",
                )
            )
        pages.append(Page(**pair(search_path), template="search.html", lang=lang, kind="search", in_sitemap=False))
        pages.append(
            Page(**pair(topics_path), template="topics.html", lang=lang, context={"entries": index.topics}, kind="index")
        )
        pages.append(
            Page(**pair(actors_path), template="actors.html", lang=lang, context={"entries": index.actors}, kind="index")
        )
        pages.append(
            Page(**pair(sources_path), template="sources.html", lang=lang, context={"entries": index.sources}, kind="index")
        )
        for i, digest in enumerate(digests):
            newer = digests[i - 1] if i > 0 else None
            older = digests[i + 1] if i + 1 < len(digests) else None
            pages.append(
                Page(
                    **pair(digest_path, digest.date),
                    template="digest.html",
                    lang=lang,
                    context={"digest": digest, "newer": newer, "older": older},
                    kind="digest",
                    lastmod=digest.date,
                )
            )
            for story in digest.stories:
                pages.append(
                    Page(
                        **pair(story_path, story),
                        template="story.html",
                        lang=lang,
                        context={"story": story, "digest": digest},
                        kind="story",
                        lastmod=story.date,
                    )
                )
                for item in story.briefs:
                    pages.append(
                        Page(
                            **pair(brief_path, item),
                            template="brief.html",
                            lang=lang,
                            context={"item": item, "story": story, "digest": digest},
                            kind="brief",
                            lastmod=item.brief.article.date,
                        )
                    )
        # list pages carry their entry's heading data, not its whole list
        for entry in index.topics:
            paged(
                topic_path,
                (entry.id,),
                entry.stories,
                "topic.html",
                "topic",
                {"topic": entry.topic, "entry": replace(entry, stories=())},
                lastmod=lambda story: story.date,
            )
        for actor_entry in index.actors:
            paged(
                actor_path,
                (actor_entry.id,),
                actor_entry.mentions,
                "actor.html",
                "actor",
                {"actor": actor_entry.actor, "entry": replace(actor_entry, mentions=())},
                lastmod=lambda mention: mention.item.brief.article.date,
            )
        for source_entry in index.sources:
            paged(
                source_path,
                (source_entry.name,),
                source_entry.items,
                "source.html",
                "source",
                {"name": source_entry.name, "entry": replace(source_entry, items=())},
                lastmod=lambda pair_: pair_[0].brief.article.date,
            )
        pages.extend(plan_thread_pages(threads, lang))
    seen: set[str] = set()
    for page in pages:
        if page.path in seen:
            raise BuildError(f"two pages would be written to {page.path}: rename one of the articles")
        seen.add(page.path)
    return pages


# --- threads: a story followed over days ---------------------------------------------


@dataclass(frozen=True)
class FigureRow:
    """One number a report gives, with who gave it and when."""

    figure: Figure
    item: BilingualBrief
    story: Story


@dataclass(frozen=True)
class ThreadEntry:
    id: str
    stories: tuple[Story, ...]  # oldest first: the timeline

    @functools.cached_property
    def figures(self) -> tuple[tuple[str, tuple[FigureRow, ...]], ...]:
        """Per figure kind, in date order.  Read from the stories when the
        thread's page is rendered, not when it is planned: a kept page needs
        only its stories (its fingerprint), and reading figures is slow."""
        rows: dict[str, list[FigureRow]] = {}
        for story in self.stories:
            for item in story.briefs:
                sentences = [(s.index, s.text) for s in item.brief.sentences]
                for figure in figures_in(sentences):
                    rows.setdefault(figure.kind, []).append(FigureRow(figure, item, story))
        return tuple(
            (kind, tuple(sorted(rows[kind], key=lambda r: (r.item.brief.article.date, r.item.id))))
            for kind in FIGURES
            if kind in rows
        )

    def differs(self, kind: str) -> bool:
        rows = dict(self.figures).get(kind, ())
        return len({row.figure.value for row in rows}) > 1


def build_threads(index: SiteIndex) -> tuple[ThreadEntry, ...]:
    """Every thread of two or more stories (its figures are read lazily)."""
    by_thread: dict[str, list[Story]] = {}
    for story in index.stories.values():
        if story.thread_id:
            by_thread.setdefault(story.thread_id, []).append(story)
    threads = []
    for thread_id, stories in sorted(by_thread.items()):
        if len(stories) < 2:
            continue
        stories.sort(key=lambda s: (s.date, s.id))
        threads.append(ThreadEntry(thread_id, tuple(stories)))
    return tuple(threads)


def plan_thread_pages(threads: tuple[ThreadEntry, ...], lang: str) -> list[Page]:
    other = OTHER_LANGUAGE[lang]
    return [
        Page(
            thread_path(lang, entry.id),
            "thread.html",
            lang,
            thread_path(other, entry.id),
            {"thread": entry},
            kind="thread",
            lastmod=entry.stories[-1].date,
        )
        for entry in threads
    ]


# --- rendering ----------------------------------------------------------------------


class _MemoFormatter:
    """A Formatter that formats each date and number once per build: a list
    page formats the same few dates hundreds of times."""

    def __init__(self, fmt) -> None:
        self._fmt = fmt
        self._memo: dict[tuple, str] = {}
        self.locale, self.lang, self.arabic_digits = fmt.locale, fmt.lang, fmt.arabic_digits

    def date(self, value, style: str = "long") -> str:
        key = ("date", value, style)
        if key not in self._memo:
            self._memo[key] = self._fmt.date(value, style)
        return self._memo[key]

    def number(self, value) -> str:
        key = ("number", value)
        if key not in self._memo:
            self._memo[key] = self._fmt.number(value)
        return self._memo[key]


R = TypeVar("R")  # what a page is rendered into


class _Job(Protocol):
    """What is rendered into one file: a page, or a feed."""

    @property
    def path(self) -> str: ...

    @property
    def kind(self) -> str: ...


J = TypeVar("J", bound=_Job)


# Fewer pages than this are rendered in this process: forking costs more.
PARALLEL_PAGES = 64
# A forked renderer renders one slice of the pages and ends: reading an
# object writes its reference count, so a child copies the parts of the heap
# its pages touch, and a long-lived child ended with its own copy of most of
# it (at 5,000 articles two such children held 560 MB beside the build's
# 260 MB).  So a slice is bounded by what its pages copy: RENDER_WEIGHT is
# what one page of a kind adds to its fork's memory, in 4 KB memory pages
# (the fork's minor faults per page, counted in the forks of a cold build of
# 5,000 articles; a fork's first page adds 2,000 more, whatever its kind),
# and a slice weighs at most SLICE_WEIGHT (about 55 MB).  The heaviest
# slices of 200 pages grew by 15,300-19,000 memory pages beyond their first
# page (actor, source and thread pages), those of a day's brief, story and
# digest pages by 4,600-8,500, and the peak PSS of a cold build is reached
# while two forks render beside the build: with slices of 17,000 it was
# 470-478 MB against 454-460 MB with slices of 200 pages (slices of 300
# pages: 488-508 MB, over the 500 MB target in two builds of four); with
# 14,000, 442-452 MB.  Each fork costs about 37 ms of kernel time (its page
# tables, its first copies): slices of 100 pages, 170 forks, took 3 s more
# of it than 87 of 200; 5,000 articles are rendered by 56 forks.
RENDER_WEIGHT = {
    "brief": 23,
    "search": 21,
    "story": 34,
    "404": 37,
    "thread": 73,
    "topic": 74,
    "actor": 84,
    "source": 105,
    "archive": 133,
    "index": 250,
    "home": 1013,
    "digest": 1092,  # a day's stories with their key points
    "feed": 58,
}
OTHER_WEIGHT = 100  # a kind not measured (the root page)
SLICE_WEIGHT = 14_000
# ... and at least this many pages' weight (or all there are): each slice
# costs a fork of the build process and the copies it makes, about as much
# as rendering tens of pages.  A rebuild after one new article at 5,000
# articles renders about 400 pages: in 16 slices of 25 its render stage (the
# fingerprints of every page included) took 3.2-3.9 s and the build 3.4-4.0 s
# of kernel time, in 4 slices of 100 2.6-3.5 s and 2.8-3.4 s (builds
# alternated, four and seven).  A cold build's slices weigh SLICE_WEIGHT
# whatever this is.
MIN_SLICE = 100


def render_weight(job: _Job) -> int:
    """What rendering *job* (a page, or a feed) adds to a forked renderer's memory (``RENDER_WEIGHT``)."""
    return RENDER_WEIGHT.get(job.kind, OTHER_WEIGHT)


def render_slices(pages: Sequence[J], jobs: int) -> list[Sequence[J]]:
    """*pages* cut into runs for *jobs* forked renderers: about eight a
    process, for an even finish, none lighter than MIN_SLICE pages of the
    average weight and none heavier than SLICE_WEIGHT (so more of them in
    a cold build), all of about one weight."""
    if not pages:
        return []
    reached = list(itertools.accumulate(render_weight(page) for page in pages))
    total = reached[-1]
    target = min(SLICE_WEIGHT, max(total / (jobs * 8), MIN_SLICE * total / len(pages)))
    count = math.ceil(total / target)
    slices: list[Sequence[J]] = []
    start = 0
    for k in range(1, count + 1):
        # up to the page that brings the run to k shares of the whole (weights
        # are positive: the last share ends at the last page); a heavy page
        # may hold two shares' ends, so a run may be skipped
        end = bisect.bisect_left(reached, -(-total * k // count)) + 1
        if end > start:
            slices.append(pages[start:end])
            start = end
    return slices


def rendered_pages(pages: Sequence[J], render: Callable[[J], R], jobs: int) -> Iterator[tuple[str, R]]:
    """(path, ``render(page)``) of each page (or feed), in order.  With *jobs* > 1,
    forked processes render slices of the pages: they start with this
    process's memory (digests, environments, memo caches), so nothing but
    what ``render`` returns (the page's bytes) crosses between processes,
    and the bytes are those one process would render (tests/test_archive_scale.py)."""
    if jobs <= 1 or len(pages) < PARALLEL_PAGES or not can_fork():
        return ((page.path, render(page)) for page in pages)
    return _rendered_in_forks(pages, render, jobs)


class _CompiledTemplates(jinja2.FileSystemBytecodeCache):
    """Compiled templates kept in the cache folder between builds (compiling
    the theme's was most of a second of every build).  A cache that cannot
    be read or written only makes the build slower."""

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        try:
            super().load_bytecode(bucket)
        except Exception:  # noqa: BLE001 (a damaged file can fail to unpickle in many ways: compile again)
            bucket.reset()

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        try:
            super().dump_bytecode(bucket)
        except OSError:
            pass


def _use_compiled_templates(env: jinja2.Environment, config: Config) -> None:
    """Give *env* the cache of compiled templates that fits it.

    Jinja keys a compiled template by its name, file and source only, not by
    what else shapes the code (the extensions, such as ``Unindent``, and the
    gettext style), so the folder is named after those and the rendering
    code; folders of other versions are removed."""
    shape = (jinja2.__version__, rendering_code_version(), *sorted(env.extensions), str(getattr(env, "newstyle_gettext", False)))
    version = hashlib.sha1("\0".join(shape).encode()).hexdigest()[:16]
    parent = config.cache_path / "templates"
    folder = parent / version
    try:
        for old in parent.iterdir() if parent.is_dir() else ():
            if old.name != version and old.is_dir() and not old.is_symlink():
                shutil.rmtree(old, ignore_errors=True)
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return
    env.bytecode_cache = _CompiledTemplates(str(folder))


def _compile_templates(env: jinja2.Environment) -> None:
    """Compile the templates once, here, rather than in each forked renderer;
    a template that fails says so when a page uses it (``_render``)."""
    for name in env.list_templates(extensions=["html"]):
        try:
            env.get_template(name)
        except jinja2.TemplateError:
            pass


def _rendered_in_forks(pages: Sequence[J], render: Callable[[J], R], jobs: int) -> Iterator[tuple[str, R]]:
    # what this process freed since the build's last stage goes back to the
    # system before the forks share its memory, where a build's memory peaks
    # (about 10 MB at 5,000 articles, the fingerprints' hashes among them)
    release_free_memory()
    slices = render_slices(pages, jobs)
    # each slice in a fresh fork (see RENDER_WEIGHT)
    for part in in_fresh_forks(lambda n: [(page.path, render(page)) for page in slices[n]], len(slices), jobs):
        yield from part


def _indexed(page: Page) -> bool:
    """Whether Pagefind indexes the page: brief pages carry data-pagefind-body."""
    return page.kind == "brief"


@dataclass(frozen=True)
class _FeedJob:
    """A feed whose inputs changed, rendered beside the pages."""

    lang: str
    feed: FeedPlan
    kind = "feed"  # as a page's kind: for its weight (``render_weight``)

    @property
    def path(self) -> str:
        return self.feed.path


@dataclass
class RenderResult:
    problems: list[Problem]
    pages: list[Page]
    fingerprints: dict[str, str]  # page path -> fingerprint of its inputs
    rendered: int = 0
    reused: int = 0
    indexed: list[str] = field(default_factory=list)  # pages Pagefind indexes (data-pagefind-body)
    search_digests: dict[str, str] = field(default_factory=dict)  # path -> content_digest, of those rendered


def render_site(config: Config, digests: list[Digest], build_date: dt.date) -> tuple[dict[str, bytes], list[Problem]]:
    """Render every page; return {output path: bytes} and any template problems.

    Besides the pages: the stylesheet and script, the Amiri fonts, an Atom
    feed per language, sitemap.xml and robots.txt.  (The Pagefind search
    bundle is added by the build, see ``generator.site.search``.)"""
    output: dict[str, bytes] = {}
    result = render_into(config, digests, build_date, output.__setitem__)
    return output, result.problems


def render_into(
    config: Config,
    digests: list[Digest],
    build_date: dt.date,
    write,
    *,
    previous: dict[str, str] | None = None,
    keep=None,
    lexicons: SiteLexicons | None = None,
    fonts: Callable[[], dict[str, bytes]] | None = None,
    jobs: int = 1,
    search_digests: bool = False,
    kept: Callable[..., Any] | None = None,
) -> RenderResult:
    """Render the site file by file into ``write(path, data)``, holding no
    page longer than it takes to write it.

    With *previous* (the fingerprints of the last build) and ``keep(path)``
    (which reuses the last build's file and says whether it could), a page
    whose fingerprint is unchanged is kept instead of rendered.  *lexicons*
    are read from the project when not given (the build keeps them in its store).
    *fonts* gives the subset fonts (the build subsets them in the background).
    *jobs* processes render the pages (see ``rendered_pages``).  With
    *search_digests*, the renderers also take the ``content_digest`` of each
    indexed page they render (``result.search_digests``): the forked
    renderers share that work, which this process alone did after them
    (2,000 pages, half a second, at 1,000 articles).  *kept* is the build
    store's ``kept``, for what the fingerprints read of the templates
    (``template_references``)."""
    problems: list[Problem] = []
    envs: dict[str, jinja2.Environment] = {}
    for lang in LANGUAGES:
        translations, found = load_theme_translations(config, lang)
        problems.extend(found)
        envs[lang] = make_environment(config, translations)
        _use_compiled_templates(envs[lang], config)
        _compile_templates(envs[lang])
    digests = sorted(digests, key=lambda d: d.date, reverse=True)
    registry, _ = load_registry(config.content_path)  # its problems are reported by the build
    lexicons = lexicons or site_lexicons(config)
    index = build_index(digests, registry)
    pages = plan_pages(digests, index)
    newest = digests[0].date if digests else None
    references = template_references(envs[LANGUAGES[0]], kept)  # the languages' loaders find the same templates
    fingerprints = Fingerprints(config, build_date, envs, newest, registry=registry, lexicons=lexicons, references=references)
    result = RenderResult(problems, pages, {})
    formatters = {lang: _MemoFormatter(formatter(config.language(lang).locale, lang, config.digits)) for lang in LANGUAGES}

    def language_context(lang: str) -> dict:
        """What every page of a language shares (made once per build)."""
        fmt = formatters[lang]
        return {
            "config": PageSettings(config),
            "lang": lang,
            "dir": config.language(lang).dir,
            "other_lang": OTHER_LANGUAGE[lang],
            "site_title": config.title,
            "build_date": build_date,
            "abs_url": lambda target: absolute_url(config.base_url, target),
            **PATHS,
            "stories": index.stories,
            "story_of": index.story_of,
            "index": index,
            "threads": index.threads,
            "related_limit": RELATED_LIMIT,
            "fmt": fmt,
            "og_locale": OG_LOCALE,
            # an event line or an outlet's name is shown on many pages: formatted once
            "event_line": functools.cache(lambda event, _lang=lang, _fmt=fmt: format_event_line(event, _lang, _fmt)),
            "event_kind_label": lambda kind, _lang=lang: kind_label(kind, _lang),
            "outlet": registry.find,
            "outlet_name": functools.cache(lambda name, _lang=lang: registry.display(name, _lang)),
            **index_helpers(lang, lexicons),
            "fragment": fragment_cache(),
            "shared_provenance": shared_provenance,
            "related_stories": lambda story: index.nearby.get(story.id, ()),
        }

    shared = {lang: language_context(lang) for lang in LANGUAGES}

    def context_for(page: Page, lang: str) -> dict:
        def url(target: str) -> str:
            # pages served at any path (404) link absolutely
            return absolute_url(config.base_url, target) if page.kind == "404" else relative_url(page.path, target)

        return {
            **shared[lang],
            "page": page,
            "url": url,
            "asset": lambda name: url(f"assets/{name}"),
            "neutral": page.lang is None,
            # what a footer states (SITE_KINDS only): the newest article's day, never the build day or the clock
            "newest_date": newest if page.kind in SITE_KINDS else None,
            **note_helpers(lang, lambda target: url(note_target_path(lang, target)), isolate_latin),
            **page.context,
        }

    def render(page: Page) -> bytes:
        if page.lang is None:
            # language-neutral pages show one section per language, each
            # rendered with that language's catalog and direction
            sections = {
                lang: {
                    part: Markup(_render(envs[lang], "_neutral_section.html", {**context_for(page, lang), "part": part}).strip())
                    for part in ("title", "body")
                }
                for lang in LANGUAGES
            }
            context = {**context_for(page, "en"), "sections": sections}
            return _render(envs["en"], page.template, context).encode("utf-8")
        return _render(envs[page.lang], page.template, context_for(page, page.lang)).encode("utf-8")

    chosen = choose_feed_entries(digests, index)
    feeds = [_FeedJob(lang, feed) for lang in LANGUAGES for feed in plan_feeds(config, chosen, index, lang)]
    result.indexed.extend(page.path for page in pages if _indexed(page))

    def unchanged(path: str, fingerprint: str) -> bool:
        """Record *path*'s fingerprint; whether the last build's file is kept for it."""
        result.fingerprints[path] = fingerprint
        return previous is not None and keep is not None and previous.get(path) == fingerprint and keep(path)

    # Every fingerprint is made before the renderers fork: made while they
    # render, reading each story wrote to pages the forks share, and this
    # process copied them (300,000 page faults more at 5,000 articles).
    todo: list[Page | _FeedJob] = []
    for page in pages:
        if unchanged(page.path, fingerprints.page(page, related_shown(page, index.threads, index.nearby))):
            result.reused += 1
        else:
            todo.append(page)
    todo.extend(job for job in feeds if not unchanged(job.path, fingerprints.feed(job.feed, job.lang)))
    # the fingerprints' hashes of every story and report are no renderer's
    # business: let them go before the renderers fork (``_rendered_in_forks``)
    del fingerprints

    def render_and_digest(job: Page | _FeedJob) -> tuple[bytes, str | None]:
        if isinstance(job, _FeedJob):  # in the forks too: 0.8 s of one core at 5,000 articles
            feed = job.feed
            return render_items_feed(config, list(feed.items), job.lang, feed.path, feed.page, feed.title), None
        data = render(job)
        return data, content_digest(data) if search_digests and _indexed(job) else None

    with bar("render", len(todo)) as progress:
        for path, (data, digest) in rendered_pages(todo, render_and_digest, jobs):
            write(path, data)
            if digest is not None:
                result.search_digests[path] = digest
            progress.advance()
    result.rendered = sum(1 for job in todo if isinstance(job, Page))
    for name, data in static_files(config).items():
        write(name, data)
    for name, data in (fonts() if fonts is not None else font_files(config.cache_path / "fonts")).items():
        write(name, data)
    for name, data in render_sitemaps(config, pages).items():
        write(name, data)
    write("robots.txt", render_robots(config))
    return result


@dataclass(frozen=True)
class FeedEntries:
    """What each feed carries, chosen once for both languages: the site's
    newest reports, and each topic's and actor's (in ``index``'s order)."""

    site: tuple[BilingualBrief, ...]
    topics: tuple[tuple[BilingualBrief, ...], ...]
    actors: tuple[tuple[BilingualBrief, ...], ...]


def choose_feed_entries(digests: list[Digest], index: SiteIndex) -> FeedEntries:
    everything = [item for digest in digests for story in digest.stories for item in story.briefs]
    newest = NewestFirst(everything)
    topics = []
    for topic in index.topics:
        items = [item for story in topic.stories for item in story.briefs if any(t.id == topic.id for t in item.brief.topics)]
        topics.append(newest.entries(items, INDEX_FEED_ENTRIES))
    actors = [newest.entries([mention.item for mention in actor.mentions], INDEX_FEED_ENTRIES) for actor in index.actors]
    return FeedEntries(newest.order[:MAX_ENTRIES], tuple(topics), tuple(actors))


def plan_feeds(config: Config, chosen: FeedEntries, index: SiteIndex, lang: str) -> list[FeedPlan]:
    """The site's feed, and a feed per topic and per actor (linked from their pages)."""
    site = config.language(lang).title
    feeds = [FeedPlan(feed_path(lang), home_path(lang), site, chosen.site)]
    for topic, entries in zip(index.topics, chosen.topics, strict=True):
        label = topic.topic.label_ar if lang == "ar" else topic.topic.label_en
        feeds.append(FeedPlan(topic_feed_path(lang, topic.id), topic_path(lang, topic.id), f"{label} · {site}", entries))
    for actor, entries in zip(index.actors, chosen.actors, strict=True):
        feeds.append(
            FeedPlan(
                actor_feed_path(lang, actor.id), actor_path(lang, actor.id), f"{actor.actor.display(lang)} · {site}", entries
            )
        )
    return feeds


def index_lexicons(config: Config) -> tuple:
    """The gazetteer and taxonomy, for tag labels and actor affiliations
    (their problems are reported by the build, which reads them too)."""
    gazetteer = taxonomy = None
    if (config.content_path / GAZETTEER_FILE).exists():
        gazetteer, _ = load_gazetteer(config.content_path / GAZETTEER_FILE)
    if (config.content_path / TAXONOMY_FILE).exists():
        taxonomy, _ = load_taxonomy(config.content_path / TAXONOMY_FILE)
    return gazetteer, taxonomy


@dataclass(frozen=True)
class SiteLexicons:
    """What pages take from the gazetteer and the taxonomy: tag labels,
    actors' affiliations and places' coordinates.  Small and picklable, so
    the build keeps it in its store and a rebuild need not parse the YAML."""

    labels: dict[str, tuple[str, str]]  # tag -> (English, Arabic)
    person_bodies: dict[str, tuple[str, str] | None]  # person id -> their organisation
    organisation_bodies: dict[str, tuple[str, str] | None]  # organisation id -> its country
    coordinates: dict[str, tuple[float | None, float | None]] | None  # place id -> (lat, lon); None: no gazetteer

    def affiliation(self, actor) -> tuple[str, str] | None:
        """As ``indexes.affiliations``: a person's organisation, an organisation's country."""
        return (self.person_bodies if actor.kind == "person" else self.organisation_bodies).get(actor.id)


def site_lexicons(config: Config) -> SiteLexicons:
    gazetteer, taxonomy = index_lexicons(config)
    labels = indexes.tag_labels(taxonomy, gazetteer)
    if gazetteer is None:
        return SiteLexicons(labels, {}, {}, None)
    affiliation_of = indexes.affiliations(gazetteer)
    persons: dict[str, tuple[str, str] | None] = {}
    for person in gazetteer.people:  # the first entry of an id wins, as in Gazetteer.person
        persons.setdefault(person.id, affiliation_of(Actor(person.id, "person", "", "")))
    organisations: dict[str, tuple[str, str] | None] = {}
    for org in gazetteer.organisations:
        organisations.setdefault(org.id, affiliation_of(Actor(org.id, "organisation", "", "")))
    coordinates: dict[str, tuple[float | None, float | None]] = {}
    for place in gazetteer.places:
        coordinates.setdefault(place.id, (place.lat, place.lon))
    return SiteLexicons(labels, persons, organisations, coordinates)


def index_helpers(lang: str, lexicons: SiteLexicons) -> dict:
    """Template helpers of the index pages: tag labels, names in the
    language's collation, actors grouped by kind and affiliation."""
    labels = lexicons.labels
    return {
        "tag_label": lambda tag: labels[tag][lang == "ar"] if tag in labels else tag,
        "sources_in_order": lambda entries: indexes.in_order(entries, lang, lambda e: e.display(lang)),
        "actor_groups": lambda entries: indexes.group_actors(entries, lang, lexicons.affiliation),
        "day_map": lambda digest: day_map(digest, lang, lexicons.coordinates),
    }


def day_map(digest: Digest, lang: str, coordinates: dict[str, tuple[float | None, float | None]] | None) -> object:
    """The map of a digest's places: each story's event place, then the other
    places its reports name, where the gazetteer gives coordinates."""
    if coordinates is None:
        return None
    found = []
    for story in digest.stories:
        for item in story.briefs:
            event = item.brief.event
            for place in ((event.place,) if event and event.place else ()) + item.brief.places:
                lat, lon = coordinates.get(place.id, (None, None))
                if lat is not None and lon is not None:
                    found.append((place.id, place.display(lang), lat, lon))
    return place_map(found)


def _render(env: jinja2.Environment, template: str, context: dict) -> str:
    """Render, turning template mistakes into a BuildError naming file and line."""
    return render_template(env, template, context, BuildError)


def static_files(config: Config) -> dict[str, bytes]:
    """Stylesheets and scripts: copied as they are, under assets/ (a
    project's templates/static/ overrides the packaged theme's, file by file)."""
    return {f"assets/{name}": path.read_bytes() for name, path in theme_tree(config, "static").items()}
