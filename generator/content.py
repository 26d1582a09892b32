"""Reading articles from ``content/articles``: front matter plus body.

This is an edge of the pipeline: it does the file I/O and turns each file
into an ``Article`` or a ``Problem`` that names the file and line.  A bad
file never stops the others from being read.
"""
from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
import yaml

from .models import Article, Problem

ARTICLES_DIR = "articles"
FRONT_MATTER_FENCE = "---"
REQUIRED_KEYS = ("title", "date", "source", "lang")
KNOWN_KEYS = {"title", "date", "source", "url", "lang", "author", "tags", "notes"}
SOURCE_LANGUAGES = ("ar", "en")  # Arabic reports, and English ones shown as written
SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


class _LineLoader(yaml.SafeLoader):
    """A YAML loader that keeps dates as text so we can report them ourselves."""


# PyYAML turns 2025-09-10 into a date but "2025-9-10" into a string; treat both
# the same way by reading every scalar as written and parsing dates here.
_LineLoader.yaml_implicit_resolvers = {
    key: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _key_lines(text: str) -> dict[str, int]:
    """Line (0-based, within the front matter) of each top-level key."""
    lines = {}
    for number, line in enumerate(text.splitlines()):
        m = re.match(r"^([A-Za-z_][\w-]*)\s*:", line)
        if m and m.group(1) not in lines:
            lines[m.group(1)] = number
    return lines


def split_front_matter(text: str) -> tuple[str | None, str, int]:
    """Return (front matter, body, 1-based line where the body starts).

    ``None`` front matter means the file has no opening fence.  An opening fence
    without a closing one raises ValueError with the line of the opening fence.
    """
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].strip() != FRONT_MATTER_FENCE:
        return None, text, 1
    for number in range(1, len(lines)):
        if lines[number].strip() == FRONT_MATTER_FENCE:
            return "".join(lines[1:number]), "".join(lines[number + 1:]), number + 2
    raise ValueError("front matter is not closed: add a line '---' after it")


def parse_date(value: object) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    try:
        return dt.date.fromisoformat(text[:10])
    except ValueError:
        raise ValueError(f"date {text!r} is not a date in the form YYYY-MM-DD") from None


def read_article(path: Path, root: Path) -> tuple[Article | None, list[Problem]]:
    """Read one article file; on error return None and the problems found."""
    shown = path.relative_to(root).as_posix() if path.is_relative_to(root) else str(path)
    problems: list[Problem] = []

    def error(line: int | None, message: str) -> tuple[None, list[Problem]]:
        problems.append(Problem(shown, line, message, "error"))
        return None, problems

    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        line = path.read_bytes()[: exc.start].count(b"\n") + 1
        return error(line, "file is not UTF-8 text")
    text = text.lstrip("\ufeff")
    try:
        front, body, body_line = split_front_matter(text)
    except ValueError as exc:
        return error(1, str(exc))
    if front is None:
        return error(1, "missing front matter: start the file with '---', the fields (title, date, source, lang) and '---'")
    try:
        meta = yaml.load(front, Loader=_LineLoader) or {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        # +2: the mark is 0-based and the front matter starts after the fence line
        line = mark.line + 2 if mark is not None else 1
        reason = getattr(exc, "problem", None) or str(exc)
        return error(line, f"broken front matter: {reason}")
    if not isinstance(meta, dict):
        return error(2, "broken front matter: expected 'key: value' lines")
    key_line = {key: n + 2 for key, n in _key_lines(front).items()}
    end_line = body_line - 1  # the closing fence: where a missing key belongs

    for key in REQUIRED_KEYS:
        if key == "title":
            continue  # a missing title is allowed: the brief derives a headline
        if meta.get(key) in (None, ""):
            error(key_line.get(key, end_line), f"missing {key!r} in front matter")
    for key in meta:
        if key not in KNOWN_KEYS:
            problems.append(Problem(shown, key_line.get(str(key)), f"unknown front matter key {key!r} (known keys: {', '.join(sorted(KNOWN_KEYS))})", "warning"))
    date = None
    if meta.get("date") not in (None, ""):
        try:
            date = parse_date(meta["date"])
        except ValueError as exc:
            error(key_line.get("date"), str(exc))
    lang = str(meta.get("lang") or "")
    if lang and lang not in SOURCE_LANGUAGES:
        error(key_line.get("lang"), f"lang {lang!r} is not supported: articles are Arabic ('ar') or English ('en')")
    if not body.strip():
        error(body_line, "empty body: the article has no text after the front matter")
    if any(p.severity == "error" for p in problems):
        return None, problems

    tags = meta.get("tags") or ()
    if isinstance(tags, str):
        tags = [t.strip() for t in tags.split(",") if t.strip()]
    slug = path.stem
    if not SLUG_RE.match(slug):
        problems.append(Problem(shown, None, f"file name {path.name!r} is not a slug (lower-case letters, digits and hyphens); pages use it as given", "warning"))
    if date and path.parent.name != date.isoformat():
        problems.append(Problem(shown, key_line.get("date"), f"date {date.isoformat()} does not match the folder {path.parent.name!r}", "warning"))
    title = meta.get("title")
    article = Article(
        path=shown,
        slug=slug,
        title=str(title).strip() if title else "",
        date=date,
        source=str(meta["source"]).strip(),
        url=str(meta["url"]).strip() if meta.get("url") else None,
        lang=lang,
        body=body,
        body_line=body_line,
        author=str(meta["author"]).strip() if meta.get("author") else None,
        tags=tuple(str(t) for t in tags),
        notes=str(meta["notes"]).strip() if meta.get("notes") else None,
    )
    return article, problems


def article_files(content_dir: Path) -> list[Path]:
    """Every article file, in a stable order (reproducible builds)."""
    base = content_dir / ARTICLES_DIR
    if not base.is_dir():
        return []
    return sorted(p for p in base.rglob("*") if p.is_file() and p.suffix in (".md", ".txt"))


def read_articles(content_dir: Path, root: Path) -> tuple[list[Article], list[Problem]]:
    articles: list[Article] = []
    problems: list[Problem] = []
    for path in article_files(content_dir):
        article, found = read_article(path, root)
        problems.extend(found)
        if article is not None:
            articles.append(article)
    return articles, problems

