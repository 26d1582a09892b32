"""Rendering: digests in, a mapping of output paths to bytes out.

Templates hold all HTML; this module only decides which pages exist, what
data each one gets, and how pages in the two languages point at each other.
Links between pages are relative, so the site works unchanged at a domain's
root, under a project sub-path (``owner.github.io/repo/``) or from disk.
Absolute URLs (canonical, hreflang, Open Graph, feeds, sitemap, the 404
page, which is served at any path) are built from ``config.base_url``.

URL scheme (every page exists in both languages, ``{lang}`` = ar | en)::

    /                                   language chooser
    /404.html                           not found (absolute links)
    /{lang}/                            home: the latest digest
    /{lang}/{yyyy-mm-dd}/               daily digest, previous/next day
    /{lang}/{yyyy-mm-dd}/{slug}/        brief: one article
    /{lang}/stories/{story-slug}/       story: one event, every report
    /{lang}/archive/#{yyyy-mm}          archive by month
    /{lang}/topics/ and /{lang}/topics/{topic-id}/
    /{lang}/actors/ and /{lang}/actors/{actor-slug}/
    /{lang}/sources/ and /{lang}/sources/{outlet-slug}/
    /{lang}/search/                     Pagefind search
    /{lang}/feed.xml                    Atom feed
    /sitemap.xml, /robots.txt
"""
from __future__ import annotations

import datetime as dt
import hashlib
import posixpath
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

import jinja2
from markupsafe import Markup, escape

from . import arabic
from .config import Config
from .errors import BuildError
from .eventline import format_event_line
from .i18n import formatter, load_translations
from .models import Actor, BilingualBrief, Digest, Problem, Story, TopicMatch

LANGUAGES = ("ar", "en")
OTHER_LANGUAGE = {"ar": "en", "en": "ar"}
# Open Graph wants territory-qualified locales.
OG_LOCALE = {"ar": "ar_LY", "en": "en_GB"}
# The Amiri faces the stylesheet uses, copied from the fontpkg-amiri package.
FONT_FILES = ("Amiri-Regular.ttf", "Amiri-Bold.ttf")


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


# --- paths --------------------------------------------------------------------------

def slugify(text: str) -> str:
    """A URL slug: lower-case ASCII letters, digits and hyphens.

    Arabic is romanised first; if nothing is left (symbols only), a short
    hash keeps the slug stable and unique."""
    if arabic.is_arabic(text):
        text = arabic.romanise(text)
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return slug or "x-" + hashlib.sha1(text.encode("utf-8")).hexdigest()[:8]


def home_path(lang: str) -> str:
    return f"{lang}/index.html"


def digest_path(lang: str, day: dt.date) -> str:
    return f"{lang}/{day.isoformat()}/index.html"


def brief_path(lang: str, item: BilingualBrief) -> str:
    article = item.brief.article
    return f"{lang}/{article.date.isoformat()}/{article.slug}/index.html"


def story_path(lang: str, story: Story | str) -> str:
    story_id = story if isinstance(story, str) else story.id
    return f"{lang}/stories/{slugify(story_id)}/index.html"


def archive_path(lang: str) -> str:
    return f"{lang}/archive/index.html"


def topics_path(lang: str) -> str:
    return f"{lang}/topics/index.html"


def topic_path(lang: str, topic_id: str) -> str:
    return f"{lang}/topics/{slugify(topic_id)}/index.html"


def actors_path(lang: str) -> str:
    return f"{lang}/actors/index.html"


def actor_path(lang: str, actor_id: str) -> str:
    return f"{lang}/actors/{slugify(actor_id)}/index.html"


def sources_path(lang: str) -> str:
    return f"{lang}/sources/index.html"


def source_path(lang: str, outlet: str) -> str:
    return f"{lang}/sources/{slugify(outlet)}/index.html"


def search_path(lang: str) -> str:
    return f"{lang}/search/index.html"


def feed_path(lang: str) -> str:
    return f"{lang}/feed.xml"


NOT_FOUND_PATH = "404.html"


def relative_url(from_path: str, to_path: str) -> str:
    """A link from one output file to another, ending in '/' for index pages."""
    target = to_path[: -len("index.html")] if to_path.endswith("index.html") else to_path
    start = posixpath.dirname(from_path) or "."
    rel = posixpath.relpath(target or ".", start)
    if target.endswith("/") or target == "":
        rel = rel.rstrip("/") + "/"
    if rel == "./":
        return "./"
    return rel


def absolute_url(base_url: str, path: str) -> str:
    """The public URL of an output file: base_url + path, without 'index.html'."""
    if path.endswith("index.html"):
        path = path[: -len("index.html")]
    return base_url + path


# --- filters ------------------------------------------------------------------------

def isolate_latin(text: str | None) -> Markup:
    """Escape *text* and wrap Latin runs inside Arabic in <bdi> so punctuation
    and parentheses around them land on the right side."""
    if not text:
        return Markup("")
    return Markup(arabic.isolate_runs(text, lambda run: f'<bdi dir="ltr">{escape(run)}</bdi>',
                                      lambda rest: str(escape(rest))))


def search_text(item: BilingualBrief) -> str:
    """The hidden search field of an Arabic brief page: its words normalised
    and stripped of the article, so that Pagefind finds a word whatever its
    spelling (alef/yeh/teh marbuta forms, diacritics, ال).  search.js folds
    the query the same way (tests/test_search.py checks the two agree)."""
    from .search import search_field
    brief = item.brief
    texts = [brief.headline, *(s.text for s in brief.sentences)]
    texts += [a.name_ar for a in brief.actors] + [p.name_ar for p in brief.places]
    return search_field(texts)


def make_environment(config: Config) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(config.templates_path)),
        autoescape=jinja2.select_autoescape(["html", "xml"], default_for_string=True),
        undefined=jinja2.StrictUndefined,
        extensions=["jinja2.ext.i18n"],
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["bidi"] = isolate_latin
    env.globals["search_text"] = search_text
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
class Mention:
    """One brief that names an actor, with the actor as that brief has it."""

    item: BilingualBrief
    story: Story
    actor: Actor
    sentences: tuple[int, ...]  # indexes of the sentences that name the actor


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


@dataclass(frozen=True)
class SiteIndex:
    stories: dict[str, Story]
    story_of: dict[str, Story]  # brief id -> its story
    topics: tuple[TopicEntry, ...]
    actors: tuple[ActorEntry, ...]
    sources: tuple[SourceEntry, ...]


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
    return tuple(s.index for s in item.brief.sentences
                 if any(k in arabic.normalise(s.text) for k in keys))[:3]


def build_index(digests: Iterable[Digest]) -> SiteIndex:
    stories: dict[str, Story] = {}
    story_of: dict[str, Story] = {}
    topics: dict[str, tuple[TopicMatch, dict[str, Story]]] = {}
    actors: dict[str, tuple[Actor, list[Mention]]] = {}
    sources: dict[str, tuple[str, list]] = {}
    for digest in digests:
        for story in digest.stories:
            stories[story.id] = story
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
    topic_entries = tuple(
        TopicEntry(topic, tuple(sorted(found.values(), key=lambda s: (-s.date.toordinal(), s.id))))
        for _, (topic, found) in sorted(topics.items()))
    actor_entries = []
    for actor_id, (actor, mentions) in sorted(actors.items()):
        mentions.sort(key=lambda m: _newest_first(m.item))
        # the newest mention's role is the current one
        actor_entries.append(ActorEntry(mentions[0].actor, tuple(mentions)))
    source_entries = []
    for _, (name, items) in sorted(sources.items()):
        items.sort(key=lambda pair: _newest_first(pair[0]))
        source_entries.append(SourceEntry(name, tuple(items)))
    return SiteIndex(stories, story_of, topic_entries, tuple(actor_entries), tuple(source_entries))


# --- page plan ----------------------------------------------------------------------

def plan_pages(digests: Iterable[Digest], index: SiteIndex | None = None) -> list[Page]:
    """Every page of the site, each language paired with its counterpart."""
    digests = sorted(digests, key=lambda d: d.date, reverse=True)
    index = index or build_index(digests)
    latest = digests[0] if digests else None
    by_month: dict[dt.date, list[Digest]] = {}
    for digest in digests:
        by_month.setdefault(digest.date.replace(day=1), []).append(digest)
    months = list(by_month.items())  # newest month first, each newest day first
    pages: list[Page] = [
        Page("index.html", "root.html", None, None, {"latest": latest}, kind="root", in_sitemap=False),
        Page(NOT_FOUND_PATH, "404.html", None, None, {}, kind="404", in_sitemap=False),
    ]
    for lang in LANGUAGES:
        other = OTHER_LANGUAGE[lang]

        def pair(path_of, *args) -> dict:
            return {"path": path_of(lang, *args), "counterpart": path_of(other, *args)}

        pages.append(Page(**pair(home_path), context={"digest": latest, "digests": digests},
                          template="home.html", lang=lang, kind="home",
                          lastmod=latest.date if latest else None))
        pages.append(Page(**pair(archive_path), template="archive.html", lang=lang,
                          context={"digests": digests, "months": months}, kind="archive"))
        pages.append(Page(**pair(search_path), template="search.html", lang=lang, kind="search",
                          in_sitemap=False))
        pages.append(Page(**pair(topics_path), template="topics.html", lang=lang,
                          context={"entries": index.topics}, kind="index"))
        pages.append(Page(**pair(actors_path), template="actors.html", lang=lang,
                          context={"entries": index.actors}, kind="index"))
        pages.append(Page(**pair(sources_path), template="sources.html", lang=lang,
                          context={"entries": index.sources}, kind="index"))
        for i, digest in enumerate(digests):
            newer = digests[i - 1] if i > 0 else None
            older = digests[i + 1] if i + 1 < len(digests) else None
            pages.append(Page(**pair(digest_path, digest.date), template="digest.html", lang=lang,
                              context={"digest": digest, "newer": newer, "older": older},
                              kind="digest", lastmod=digest.date))
            for story in digest.stories:
                pages.append(Page(**pair(story_path, story), template="story.html", lang=lang,
                                  context={"story": story, "digest": digest}, kind="story",
                                  lastmod=story.date))
                for item in story.briefs:
                    pages.append(Page(**pair(brief_path, item), template="brief.html", lang=lang,
                                      context={"item": item, "story": story, "digest": digest},
                                      kind="brief", lastmod=item.brief.article.date))
        for entry in index.topics:
            pages.append(Page(**pair(topic_path, entry.id), template="topic.html", lang=lang,
                              context={"entry": entry}, kind="topic",
                              lastmod=entry.stories[0].date if entry.stories else None))
        for entry in index.actors:
            pages.append(Page(**pair(actor_path, entry.id), template="actor.html", lang=lang,
                              context={"entry": entry}, kind="actor",
                              lastmod=entry.mentions[0].item.brief.article.date))
        for entry in index.sources:
            pages.append(Page(**pair(source_path, entry.name), template="source.html", lang=lang,
                              context={"entry": entry}, kind="source",
                              lastmod=entry.items[0][0].brief.article.date))
    seen: set[str] = set()
    for page in pages:
        if page.path in seen:
            raise BuildError(f"two pages would be written to {page.path}: rename one of the articles")
        seen.add(page.path)
    return pages


# --- rendering ----------------------------------------------------------------------

PATHS = {
    "home_path": home_path, "digest_path": digest_path, "brief_path": brief_path,
    "story_path": story_path, "archive_path": archive_path, "topics_path": topics_path,
    "topic_path": topic_path, "actors_path": actors_path, "actor_path": actor_path,
    "sources_path": sources_path, "source_path": source_path, "search_path": search_path,
    "feed_path": feed_path,
}


def render_site(config: Config, digests: list[Digest], build_date: dt.date) -> tuple[dict[str, bytes], list[Problem]]:
    """Render every page; return {output path: bytes} and any template problems.

    Besides the pages: the stylesheet and script, the Amiri fonts, an Atom
    feed per language, sitemap.xml and robots.txt.  (The Pagefind search
    bundle is added by the build, see ``generator.search``.)"""
    from .feeds import render_feed
    from .sitemap import render_robots, render_sitemap

    problems: list[Problem] = []
    envs: dict[str, jinja2.Environment] = {}
    for lang in LANGUAGES:
        translations, found = load_translations(config.templates_path, lang)
        problems.extend(found)
        envs[lang] = make_environment(config)
        envs[lang].install_gettext_translations(translations, newstyle=True)
    digests = sorted(digests, key=lambda d: d.date, reverse=True)
    index = build_index(digests)
    pages = plan_pages(digests, index)
    output: dict[str, bytes] = {}

    def context_for(page: Page, lang: str) -> dict:
        language = config.language(lang)
        fmt = formatter(language.locale, lang, config.digits)
        neutral = page.lang is None

        def url(target: str) -> str:
            # pages served at any path (404) link absolutely
            return absolute_url(config.base_url, target) if page.kind == "404" else relative_url(page.path, target)

        return {
            "config": config,
            "page": page,
            "lang": lang,
            "dir": language.dir,
            "other_lang": OTHER_LANGUAGE[lang],
            "site_title": config.title,
            "build_date": build_date,
            "url": url,
            "abs_url": lambda target: absolute_url(config.base_url, target),
            **PATHS,
            "stories": index.stories,
            "story_of": index.story_of,
            "index": index,
            "fmt": fmt,
            "og_locale": OG_LOCALE,
            "asset": lambda name: url(f"assets/{name}"),
            "event_line": lambda event, _lang=lang, _fmt=fmt: format_event_line(event, _lang, _fmt),
            "neutral": neutral,
            **page.context,
        }

    for page in pages:
        if page.lang is None:
            # language-neutral pages show one section per language, each
            # rendered with that language's catalog and direction
            sections = {lang: {part: Markup(_render(envs[lang], "_neutral_section.html",
                                                    {**context_for(page, lang), "part": part}).strip())
                               for part in ("title", "body")}
                        for lang in LANGUAGES}
            context = {**context_for(page, "en"), "sections": sections}
            output[page.path] = _render(envs["en"], page.template, context).encode("utf-8")
        else:
            output[page.path] = _render(envs[page.lang], page.template, context_for(page, page.lang)).encode("utf-8")
    output.update(static_files(config.templates_path / "static"))
    output.update(font_files())
    for lang in LANGUAGES:
        output[feed_path(lang)] = render_feed(config, digests, lang)
    output["sitemap.xml"] = render_sitemap(config, pages)
    output["robots.txt"] = render_robots(config)
    return output, problems


def _render(env: jinja2.Environment, template: str, context: dict) -> str:
    """Render, turning template mistakes into a BuildError naming file and line."""
    try:
        return env.get_template(template).render(context)
    except jinja2.TemplateSyntaxError as exc:
        raise BuildError(f"{exc.filename or template}:{exc.lineno}: error: {exc.message}") from exc
    except jinja2.TemplateError as exc:
        # Jinja rewrites tracebacks so that template frames carry the
        # template's file name and line: report the innermost one.
        where = template
        tb = exc.__traceback__
        while tb is not None:
            name = tb.tb_frame.f_code.co_filename
            if name.endswith((".html", ".xml", ".txt")):
                where = f"{name}:{tb.tb_lineno}"
            tb = tb.tb_next
        raise BuildError(f"{where}: error: {exc}") from exc


def static_files(folder: Path) -> dict[str, bytes]:
    """Stylesheets and scripts: copied as they are, under assets/."""
    files: dict[str, bytes] = {}
    if folder.is_dir():
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                files["assets/" + path.relative_to(folder).as_posix()] = path.read_bytes()
    return files


def font_files() -> dict[str, bytes]:
    """Amiri, from the fontpkg-amiri package: served from the site itself,
    never from a font CDN (readers in Libya may not reach one; no tracking)."""
    try:
        import fontpkg_amiri
    except ImportError:  # the stylesheet falls back to the reader's serif
        return {}
    folder = Path(fontpkg_amiri.ROOT) / "files"
    return {f"assets/fonts/{name}": (folder / name).read_bytes() for name in FONT_FILES if (folder / name).exists()}
