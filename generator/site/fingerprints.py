"""The dependency record of an incremental build: a hash of what each page
is rendered from, so a page whose inputs are unchanged need not be rendered
again (as Hugo and Lektor keep one)."""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
from dataclasses import replace
from pathlib import Path
from typing import Any, Callable, Iterable

import jinja2
import jinja2.meta

from ..briefs.sources import Registry
from ..config import Config
from ..models import Actor, BilingualBrief, Brief, Digest, Story, TopicMatch
from .feeds import FeedPlan
from .page import ARCHIVE_PAGE_SIZE, LANGUAGES, PAGE_SIZE, RELATED_LIMIT, SITE_KINDS, Mention, Page, Pagination
from .theme_lookup import theme_file


# The fields of a Story its fingerprint reads (``Fingerprints.of``): a new
# field must be added there too (tests/test_archive_scale.py checks).
STORY_FIELDS = ("id", "briefs", "thread_id", "related", "explanation", "significance")
# Likewise the fields of a BilingualBrief: the brief by its digest, the English by repr.
BILINGUAL_FIELDS = ("brief", "headline", "key_points", "sentences")

# The sections of briefing.toml no page is rendered from: how the English is
# fetched (what it fetched reaches a page as text, hashed with the page's
# stories), how the digest is mailed and where the site is pushed.  Changing
# one of them renders no page again; templates cannot read them
# (``PageSettings``), so no page can come to depend on them unrecorded.
OFF_PAGE_SECTIONS = ("translate", "email", "publish")


# The template helpers that read the lexicons (``render.index_helpers``),
# each with the fields of ``render.SiteLexicons`` it reads: a page whose
# template, or one it includes, names a helper has those fields for inputs
# (tests/test_archive_scale.py checks that the helpers are these).
LEXICON_HELPERS = {
    "tag_label": ("labels",),
    "actor_groups": ("person_bodies", "organisation_bodies"),
    "day_map": ("coordinates",),
}


def page_settings(config: Config) -> Config:
    """*config* as pages are rendered from it: less where the project lies
    (a moved project keeps its record) and with ``OFF_PAGE_SECTIONS`` at
    their defaults."""
    return replace(config.without_location(), **{name: type(getattr(config, name))() for name in OFF_PAGE_SECTIONS})


class PageSettings:
    """The configuration as page templates see it (``config``): every
    setting but ``OFF_PAGE_SECTIONS``.  A template that reads one of those
    gets an undefined value, which the build reports as an error naming the
    template and line, instead of a page whose fingerprint misses a setting."""

    __slots__ = ("_config",)

    def __init__(self, config: Config) -> None:
        self._config = config

    def __getattr__(self, name: str) -> Any:
        if name in OFF_PAGE_SECTIONS:
            # undefined with a hint: the build's error names the template, its line and the reason
            return jinja2.StrictUndefined(hint=f"pages cannot show briefing.toml's [{name}] settings (config.{name})")
        return getattr(self._config, name)


class Fingerprints:
    """Hashes of what a page is rendered from, so an unchanged page need not
    be rendered again (the dependency record of an incremental build).

    A page's fingerprint covers its template and everything that template
    includes, the catalog of its language, the configuration (``page_settings``),
    the build date and what the lexicons give a helper (``LEXICON_HELPERS``)
    if one of those templates names it, the newest article's day (on the
    pages whose footer states it, ``SITE_KINDS``), its place in the site,
    its context (stories by their whole content, translations included, and
    each report's outlet as the outlet registry names it) and what it
    shows of its stories' threads (``related_shown``).

    Two parts of a context are hashed by what their pages show of them, so
    that one new article does not render half the site again: a brief or
    story page shows of its day only the date and the analysts' notes, a
    digest page of the days before and after only their dates, and a
    paginated list or a related-coverage list shows each story by its lead
    report and its outlets (``listed``).  A template that starts showing more of them must
    widen these views (tests/test_archive_scale.py compares incremental
    builds with clean ones)."""

    def __init__(
        self,
        config: Config,
        build_date: dt.date,
        envs: dict[str, jinja2.Environment],
        newest: dt.date | None = None,
        *,
        registry: Registry | None = None,
        lexicons: object = None,  # a render.SiteLexicons (render imports this module, not the reverse)
        references: dict[str, list[str]] | None = None,  # ``template_references``, made already
    ) -> None:
        self._registry = registry
        self._outlets: dict[str, str] = {}
        self._memo: dict[int, tuple[object, str]] = {}
        self._listed: dict[int, tuple[object, str]] = {}
        self._templates: dict[str, str] = {}
        self._references: dict[str, list[str]] = dict(references or {})  # template -> the templates it names
        self._envs = envs
        self._newest = repr(newest)  # the footer of a SITE_KINDS page states the newest article's day
        # inputs only of the templates that name them (or include one that does)
        self._named_inputs = {
            "build_date": build_date.isoformat(),
            **{helper: repr([getattr(lexicons, f, None) for f in fields]) for helper, fields in LEXICON_HELPERS.items()},
        }
        self._named: dict[str, str] = {}  # template -> those it or one it includes names, hashed
        self._base = _sha(
            repr(page_settings(config)),
            repr((PAGE_SIZE, ARCHIVE_PAGE_SIZE, RELATED_LIMIT)),
            rendering_code_version(),
        )
        self._catalogs = {
            lang: _sha(_file_bytes(theme_file(config, f"locale/{lang}/LC_MESSAGES/messages.po"))) for lang in LANGUAGES
        }

    def of(self, value) -> str:
        if isinstance(value, (str, int, float, bool, type(None), dt.date)):
            return repr(value)
        known = self._memo.get(id(value))
        if known is not None:
            return known[1]
        if isinstance(value, Story):
            # the clustering notes change whenever a neighbour arrives, and
            # only the story's own page shows them (see ``page``); of its
            # thread a page shows whether it has one and whether it is longer
            # than a related list (the stories it lists are ``related_shown``);
            # each report is hashed once, however many stories and pages show it
            thread = (bool(value.related), len(value.related) > RELATED_LIMIT)
            fields = repr((value.id, value.thread_id, thread, value.significance))
            digest = _sha("story", fields, *(self.of(item) for item in value.briefs))
        elif isinstance(value, BilingualBrief):
            # the brief by its digest, made once and kept in the build store
            # (a repr of each of 5,000 briefs was a second of every rebuild)
            digest = _sha(
                "bilingual",
                value.brief.digest,
                repr((value.headline, value.key_points, value.sentences)),
                self.outlet(value.brief.article.source),
            )
        elif isinstance(value, Brief):
            digest = value.digest
        elif isinstance(value, (TopicMatch, Actor)):
            digest = _sha(repr(value))
        elif isinstance(value, dict):
            digest = _sha(*(f"{k!r}={self.of(v)}" for k, v in value.items()))
        elif isinstance(value, (list, tuple)):
            digest = _sha(*(self.of(v) for v in value))
        elif hasattr(value, "__dataclass_fields__"):
            digest = _sha(type(value).__name__, *(self.of(getattr(value, f)) for f in value.__dataclass_fields__))
        else:
            digest = _sha(repr(value))
        self._memo[id(value)] = (value, digest)  # the value is kept so its id stays its own
        return digest

    def outlet(self, name: str) -> str:
        """What a page shows of a report's outlet: its name in each language
        as the outlet registry gives it.  (An outlet's own page and the
        sources index show its whole entry: it is in their context.)"""
        known = self._outlets.get(name)
        if known is None:
            registry = self._registry
            known = self._outlets[name] = repr([registry.display(name, lang) for lang in LANGUAGES]) if registry else ""
        return known

    def listed(self, value) -> str:
        """*value* as an entry of a paginated list shows it: a story by its
        id, lead report and outlets, not by its thread, related stories or
        significance, which change whenever its thread grows; a mention by
        its report and the actor as named there (actor pages do not show
        the mention's story)."""
        known = self._listed.get(id(value))
        if known is not None:
            return known[1]
        if isinstance(value, Story):
            outlets = [item.brief.article.source for item in value.briefs]
            digest = _sha("story", value.id, self.of(value.lead), *outlets, *map(self.outlet, outlets))
        elif isinstance(value, Mention):
            digest = _sha("mention", self.of(value.item), self.of(value.actor), repr(value.sentences))
        elif isinstance(value, tuple):
            digest = _sha("tuple", *(self.listed(v) for v in value))
        else:
            digest = self.of(value)
        self._listed[id(value)] = (value, digest)
        return digest

    def context(self, page: Page) -> str:
        """The page's context, hashed as the class's doc says."""
        parts = []
        for key, value in page.context.items():
            if key == "digest" and page.kind in ("brief", "story") and isinstance(value, Digest):
                parts.append(f"{key!r}={_sha(value.date.isoformat(), self.of(value.notes))}")
            elif key in ("newer", "older") and page.kind == "digest" and isinstance(value, Digest):
                parts.append(f"{key!r}={value.date.isoformat()}")  # the day before and after: links only
            elif isinstance(value, Pagination):
                fields = (value.number, value.count, value.path, value.prev, value.next, value.span)
                parts.append(f"{key!r}={_sha(repr(fields), *(self.listed(item) for item in value.items))}")
            else:
                parts.append(f"{key!r}={self.of(value)}")
        return _sha(*parts)

    def template(self, name: str, lang: str) -> str:
        # both languages load the same files: one hash per template name
        if name not in self._templates:
            env = self._envs[lang]
            loader = env.loader
            assert loader is not None  # make_environment always sets one
            # the source as the loader finds it: a project's own template or the packaged theme's
            sources = [loader.get_source(env, t)[0] for t in sorted(_template_closure(env, name, self._references))]
            self._templates[name] = _sha(*(source.encode("utf-8") for source in sources))
            self._named[name] = _sha(
                *(f"{word}={value}" for word, value in self._named_inputs.items() if any(word in source for source in sources))
            )
        return self._templates[name]

    def feed(self, feed: FeedPlan, lang: str) -> str:
        return _sha(self._base, "feed", lang, feed.path, feed.page, feed.title, *(self.of(item) for item in feed.items))

    def page(self, page: Page, related: Iterable[Story]) -> str:
        langs = LANGUAGES if page.lang is None else (page.lang,)
        names = [page.template, "_neutral_section.html"] if page.lang is None else [page.template]
        templates = [self.template(name, lang) for name in names for lang in langs]
        notes = repr(page.context["story"].explanation) if page.kind == "story" else ""
        return _sha(
            self._base,
            self._newest if page.kind in SITE_KINDS else "",
            *(self._named[name] for name in names),
            page.path,
            repr(page.counterpart),
            page.kind,
            notes,
            *templates,
            *(self._catalogs[lang] for lang in langs),
            self.context(page),
            *(self.listed(story) for story in related),
        )


def _sha(*parts: str | bytes) -> str:
    """The hash of *parts*, each ended by a NUL.  Joined and hashed at once:
    fed part by part, 130,000 hashes were a second of every rebuild at 5,000
    articles."""
    try:
        data = "\0".join(parts).encode("utf-8", "surrogatepass")  # type: ignore[arg-type]
    except TypeError:  # a template's bytes among them
        data = b"\0".join(part if isinstance(part, bytes) else part.encode("utf-8", "surrogatepass") for part in parts)
    return hashlib.sha1(data + b"\0" if parts else b"").hexdigest()


def _file_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError:
        return b""


@functools.lru_cache(maxsize=1)
def rendering_code_version() -> str:
    """The rendering code: a change to it renders every page again."""
    package = Path(__file__).parent.parent
    return _sha(
        *(_file_bytes(package / name) for name in ("i18n.py", "briefs/eventline.py", "text/arabic.py", "models.py")),
        *(_file_bytes(path) for path in sorted((package / "site").glob("*.py"))),
    )


def template_references(env: jinja2.Environment, kept: Callable[..., Any] | None = None) -> dict[str, list[str]]:
    """Each template *env* finds and the templates it names (extends,
    includes, imports).  With *kept* (``BuildStore.kept``), kept between
    builds while the templates' sources, Jinja and the rendering code are the
    same: parsing every template was 50 ms of every build."""
    assert env.loader is not None  # make_environment always sets one
    names = env.list_templates(extensions=["html"])
    sources = [env.loader.get_source(env, name)[0] for name in names]
    version = _sha(jinja2.__version__, rendering_code_version(), *sorted(env.extensions), *names, *sources)

    def parsed() -> dict[str, list[str]]:
        references = {}
        for name, source in zip(names, sources):
            try:
                references[name] = [t for t in jinja2.meta.find_referenced_templates(env.parse(source)) if t]
            except jinja2.TemplateSyntaxError:
                continue  # parsed again where a page uses it, which says what is wrong
        return references

    if kept is None:
        return parsed()
    return kept("template-references", version, parsed, lambda found: isinstance(found, dict))


def _template_closure(env: jinja2.Environment, name: str, references: dict[str, list[str]]) -> set[str]:
    """*name* and every template it extends, includes or imports
    (*references* memoises each template's parse for the build)."""
    seen: set[str] = set()
    todo = [name]
    while todo:
        current = todo.pop()
        if current in seen:
            continue
        seen.add(current)
        if current not in references:
            assert env.loader is not None
            source, _, _ = env.loader.get_source(env, current)
            references[current] = [t for t in jinja2.meta.find_referenced_templates(env.parse(source)) if t]
        todo.extend(references[current])
    return seen


def related_shown(page: Page, threads: dict[str, tuple[Story, ...]], nearby: dict[str, tuple[Story, ...]]) -> list[Story]:
    """What a page shows of the threads of its stories, part of its inputs:
    the related stories it lists (``nearby_stories``) and each thread's
    first story (the thread link gives its day)."""
    ctx = page.context
    owners = [ctx["story"]] if "story" in ctx else list(ctx["digest"].stories) if ctx.get("digest") else []
    shown: list[Story] = []
    for owner in owners:
        shown.extend(nearby.get(owner.id, ()))
        thread = threads.get(owner.thread_id) if owner.thread_id else None
        if thread:
            shown.append(thread[-1])
    return shown
