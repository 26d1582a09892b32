"""Rendering: digests in, a mapping of output paths to bytes out.

Templates hold all HTML; this module only decides which pages exist, what
data each one gets, and how pages in the two languages point at each other.
Links between pages are relative, so the site works unchanged at a domain's
root, under a project sub-path (``owner.github.io/repo/``) or from disk.
"""
from __future__ import annotations

import datetime as dt
import posixpath
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
from .models import BilingualBrief, Digest, Problem, Story

OTHER_LANGUAGE = {"ar": "en", "en": "ar"}


@dataclass(frozen=True)
class Page:
    path: str  # output path under site/, e.g. "en/2025-09-10/index.html"
    template: str
    lang: str | None  # None for language-neutral pages (the root chooser)
    counterpart: str | None = None
    context: dict = field(default_factory=dict, hash=False, compare=False)


# --- paths --------------------------------------------------------------------------

def home_path(lang: str) -> str:
    return f"{lang}/index.html"


def digest_path(lang: str, day: dt.date) -> str:
    return f"{lang}/{day.isoformat()}/index.html"


def brief_path(lang: str, item: BilingualBrief) -> str:
    article = item.brief.article
    return f"{lang}/{article.date.isoformat()}/{article.slug}/index.html"


def archive_path(lang: str) -> str:
    return f"{lang}/archive/index.html"


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


# --- filters ------------------------------------------------------------------------

def isolate_latin(text: str | None) -> Markup:
    """Escape *text* and wrap Latin runs inside Arabic in <bdi> so punctuation
    and parentheses around them land on the right side."""
    if not text:
        return Markup("")
    if not arabic.is_arabic(text):
        return escape(text)
    parts: list[str] = []
    last = 0
    for start, end in arabic.latin_runs(text):
        parts.append(str(escape(text[last:start])))
        parts.append(f'<bdi dir="ltr">{escape(text[start:end])}</bdi>')
        last = end
    parts.append(str(escape(text[last:])))
    return Markup("".join(parts))


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
    return env


# --- page plan ----------------------------------------------------------------------

def plan_pages(digests: Iterable[Digest]) -> list[Page]:
    """Every page of the site, each language paired with its counterpart."""
    digests = sorted(digests, key=lambda d: d.date, reverse=True)
    pages: list[Page] = [Page("index.html", "root.html", None, None, {"latest": digests[0] if digests else None})]
    for lang in ("ar", "en"):
        other = OTHER_LANGUAGE[lang]
        pages.append(Page(home_path(lang), "home.html", lang, home_path(other),
                          {"digest": digests[0] if digests else None, "digests": digests}))
        pages.append(Page(archive_path(lang), "archive.html", lang, archive_path(other), {"digests": digests}))
        for i, digest in enumerate(digests):
            newer = digests[i - 1] if i > 0 else None
            older = digests[i + 1] if i + 1 < len(digests) else None
            pages.append(Page(digest_path(lang, digest.date), "digest.html", lang, digest_path(other, digest.date),
                              {"digest": digest, "newer": newer, "older": older}))
            for story in digest.stories:
                for item in story.briefs:
                    pages.append(Page(brief_path(lang, item), "brief.html", lang, brief_path(other, item),
                                      {"item": item, "story": story, "digest": digest}))
    return pages


def _story_index(digests: Iterable[Digest]) -> dict[str, Story]:
    return {story.id: story for digest in digests for story in digest.stories}


def render_site(config: Config, digests: list[Digest], build_date: dt.date) -> tuple[dict[str, bytes], list[Problem]]:
    """Render every page; return {output path: bytes} and any template problems."""
    env = make_environment(config)
    problems: list[Problem] = []
    translations = {}
    for lang in ("ar", "en"):
        translations[lang], found = load_translations(config.templates_path, lang)
        problems.extend(found)
    stories = _story_index(digests)
    output: dict[str, bytes] = {}
    for page in plan_pages(digests):
        lang = page.lang or "en"
        env.install_gettext_translations(translations[lang], newstyle=True)
        language = config.language(lang)
        fmt = formatter(language.locale, lang, config.digits)

        def url(target: str, _from: str = page.path) -> str:
            return relative_url(_from, target)

        context = {
            "config": config,
            "page": page,
            "lang": lang,
            "dir": language.dir,
            "other_lang": OTHER_LANGUAGE[lang],
            "site_title": config.title,
            "build_date": build_date,
            "url": url,
            "home_path": home_path,
            "digest_path": digest_path,
            "brief_path": brief_path,
            "archive_path": archive_path,
            "stories": stories,
            "fmt": fmt,
            "asset": lambda name, _from=page.path: relative_url(_from, f"assets/{name}"),
            "event_line": lambda event, _lang=lang, _fmt=fmt: format_event_line(event, _lang, _fmt),
            **page.context,
        }
        output[page.path] = _render(env, page.template, context).encode("utf-8")
    output.update(static_files(config.templates_path / "static"))
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
    """Stylesheets and fonts: copied as they are, under assets/."""
    files: dict[str, bytes] = {}
    if folder.is_dir():
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                files["assets/" + path.relative_to(folder).as_posix()] = path.read_bytes()
    return files

