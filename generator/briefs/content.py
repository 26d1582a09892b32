"""Reading articles from ``content/articles``: front matter plus body.

This is an edge of the pipeline: it does the file I/O and turns each file
into an ``Article`` or a ``Problem`` that names the file and line.  A bad
file never stops the others from being read.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from ..models import Article, Problem
from ..safety import clean_text, describe_character, shorten_slug, slugify, type_name, url_problem
from ..yamlio import YamlError, flat_mapping, key_lines, parse_yaml_with_nodes

ARTICLES_DIR = "articles"
FRONT_MATTER_FENCE = "---"
REQUIRED_KEYS = ("title", "date", "source", "lang")
KNOWN_KEYS = {"title", "date", "source", "url", "lang", "author", "tags", "notes"}
SOURCE_LANGUAGES = ("ar", "en")  # Arabic reports, and English ones shown as written
SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")

# Bounds on one article, so that no file can make the build run for hours or
# fill the memory.  The body limit is configurable (``max_article_kb``).
DEFAULT_MAX_ARTICLE_BYTES = 256 * 1024
MAX_FRONT_MATTER_BYTES = 64 * 1024
ARTICLE_SUFFIXES = (".md", ".txt")


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
            return "".join(lines[1:number]), "".join(lines[number + 1 :]), number + 2
    raise ValueError("front matter is not closed: add a line '---' after it")


# A date, optionally with a time of day (scraped front matter often has one).
_DATE_RE = re.compile(r"(\d{4}-\d{2}-\d{2})(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?")


def parse_date(value: object) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    match = _DATE_RE.fullmatch(text)
    try:
        if match is None:
            raise ValueError
        return dt.date.fromisoformat(match.group(1))
    except ValueError:
        raise ValueError(f"date {text[:40]!r} is not a date in the form YYYY-MM-DD") from None


class FrontMatterError(ValueError):
    """A file whose front matter cannot be read, and the line to look at."""

    def __init__(self, line: int | None, message: str):
        super().__init__(message)
        self.line = line


def read_front_matter(
    path: Path,
    fields: str,
    max_bytes: int = DEFAULT_MAX_ARTICLE_BYTES,
) -> tuple[dict, dict[str, int], str, int, list[tuple[int | None, str]]]:
    """(front matter, 1-based line of each key, body, line where the body
    starts, warnings) of a content file (articles, notes).  The file is read
    within *max_bytes*, XML-illegal characters are removed, and the YAML is
    parsed with limits; *fields* tells a file without front matter what it
    should start with.  Raises FrontMatterError with the line to look at."""
    warnings: list[tuple[int | None, str]] = []
    try:
        data, size = _read_bounded(path, max_bytes)
    except OSError as exc:
        raise FrontMatterError(None, f"cannot read the file ({exc.strerror or exc}): check its permissions") from None
    try:
        text = _decode(data, size > len(data))
    except UnicodeDecodeError as exc:
        raise FrontMatterError(data[: exc.start].count(b"\n") + 1, "file is not UTF-8 text") from None
    if size > len(data):
        # cut at the last line break so no sentence is left half-written
        text = text[: text.rfind("\n") + 1] or text
        warnings.append(
            (
                text.count("\n") + 1,
                f"the file is {size // 1024} KB; only its first {max_bytes // 1024} KB "
                "are used (max_article_kb in briefing.toml)",
            )
        )
    text = text.lstrip("\ufeff")
    what = describe_character(text)
    text, removed, where = clean_text(text)
    if removed:
        warnings.append((where, f"removed {removed} control character(s) ({what} first) that no page or feed may contain"))
    try:
        front, body, body_line = split_front_matter(text)
    except ValueError as exc:
        raise FrontMatterError(1, str(exc)) from None
    if front is None:
        raise FrontMatterError(1, f"missing front matter: start the file with '---', {fields} and '---'")
    if len(front.encode("utf-8")) > MAX_FRONT_MATTER_BYTES:
        raise FrontMatterError(
            2,
            f"front matter is longer than {MAX_FRONT_MATTER_BYTES // 1024} KB: "
            "it holds the fields only, the text goes below the closing '---'",
        )
    # the front matter starts after the fence line: its first line is line 2
    flat = flat_mapping(front, first_line=2)
    if flat is not None:
        meta, lines = flat
        return meta, lines, body, body_line, warnings
    try:
        meta, node = parse_yaml_with_nodes(front, first_line=2)
    except YamlError as exc:
        raise FrontMatterError(exc.line or 1, f"broken front matter: {exc.reason}") from None
    meta = meta or {}
    if not isinstance(meta, dict):
        raise FrontMatterError(2, "broken front matter: expected 'key: value' lines")
    return meta, key_lines(node, first_line=2), body, body_line, warnings


# --- the front matter's fields: type and size ----------------------------------------

# field -> the longest value allowed, in characters
TEXT_LIMITS = {"title": 500, "source": 300, "url": 2048, "lang": 10, "author": 200, "notes": 2000}
TEXT_FIELDS = ("title", "source", "url", "lang", "author", "tags", "notes")  # every known key but the date
MAX_TAGS = 50
MAX_TAG_LENGTH = 100


def _text_field(key: str, value: object) -> tuple[str | None, str | None]:
    """(the field as text, or None; a message if it cannot be used)."""
    if value is None or value == "":
        return None, None
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        return None, f"{key} must be text, not {type_name(value)}"
    text = str(value).strip()
    if len(text) > TEXT_LIMITS[key]:
        return None, f"{key} is {len(text)} characters long; the limit is {TEXT_LIMITS[key]}"
    return text or None, None


def _tags_field(value: object) -> tuple[tuple[str, ...], str | None]:
    if value is None or value == "":
        return (), None
    if isinstance(value, str):
        items: list[object] = [t.strip() for t in value.split(",") if t.strip()]
    elif isinstance(value, list):
        items = value
    else:
        return (), f"tags must be a list of words, not {type_name(value)}"
    tags = []
    for item in items:
        if isinstance(item, bool) or not isinstance(item, (str, int, float)):
            return (), f"tags must be a list of words, but one is {type_name(item)}"
        tag = str(item).strip()
        if len(tag) > MAX_TAG_LENGTH:
            return (), f"a tag is {len(tag)} characters long; the limit is {MAX_TAG_LENGTH}"
        if tag:
            tags.append(tag)
    if len(tags) > MAX_TAGS:
        return (), f"{len(tags)} tags; the limit is {MAX_TAGS}"
    return tuple(tags), None


def _clean_strings(value: object) -> tuple[object, int, str]:
    """*value* with XML-illegal characters removed from every string in it
    (YAML escapes such as "\0" or "\ud800" put them there); the count removed
    and the first one's name."""
    if isinstance(value, str):
        what = describe_character(value)
        cleaned, count, _ = clean_text(value)
        return cleaned, count, what
    if isinstance(value, list):
        total, first = 0, ""
        out: list[object] = []
        for item in value:
            cleaned_item, item_count, item_what = _clean_strings(item)
            out.append(cleaned_item)
            total, first = total + item_count, first or item_what
        return out, total, first
    return value, 0, ""


def _read_bounded(path: Path, limit: int) -> tuple[bytes, int]:
    """The first *limit* bytes of *path* and its full size."""
    with path.open("rb") as fh:
        size = os.fstat(fh.fileno()).st_size
        return fh.read(limit), size


def _decode(data: bytes, truncated: bool) -> str:
    if truncated:
        # the cut may fall inside a character: drop its first bytes
        for drop in range(4):
            try:
                return data[: len(data) - drop].decode("utf-8")
            except UnicodeDecodeError as exc:
                if exc.start < len(data) - 4:
                    raise
        return data.decode("utf-8")
    return data.decode("utf-8")


def article_slug(path: Path) -> str:
    """The article's slug: its file name when that is a slug of a safe
    length, else the file name made into one (see ``safety.slugify``)."""
    stem = path.stem
    return shorten_slug(stem) if SLUG_RE.match(stem) else slugify(stem)


@dataclass
class _FileProblems:
    """The problems found in one file, and the line of each front matter key."""

    shown: str
    key_line: dict[str, int] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    def error(self, line: int | None, message: str) -> None:
        self.problems.append(Problem(self.shown, line, message, "error"))

    def warn(self, line: int | None, message: str) -> None:
        self.problems.append(Problem(self.shown, line, message, "warning"))

    def line_of(self, key: str) -> int:
        # a key without a line of its own (a guard): the first line of the
        # front matter, so that every problem has a line
        return self.key_line.get(key, 2)

    @property
    def failed(self) -> bool:
        return any(p.severity == "error" for p in self.problems)


def _check_keys(meta: dict, end_line: int, found: _FileProblems) -> None:
    """Required keys present, unknown keys named."""
    for key in REQUIRED_KEYS:
        if key == "title":
            continue  # a missing title is allowed: the brief derives a headline
        value = meta.get(key)
        if value is None or (isinstance(value, str) and not value.strip()):
            # the closing fence: where a missing key belongs
            found.error(found.key_line.get(key, end_line), f"missing {key!r} in front matter")
    for key in meta:
        if key not in KNOWN_KEYS:
            found.warn(
                found.line_of(str(key)),
                f"unknown front matter key {str(key)[:40]!r} (known keys: {', '.join(sorted(KNOWN_KEYS))})",
            )


def _text_fields(meta: dict, found: _FileProblems) -> dict[str, Any]:
    """Every field but the date, cleaned and checked for type and size."""
    fields: dict[str, Any] = {}
    for key in TEXT_FIELDS:
        value, count, what = _clean_strings(meta.get(key))
        if count:
            found.warn(found.line_of(key), f"removed {count} control character(s) ({what} first) from {key}")
        field_problem: str | None
        if key == "tags":
            fields[key], field_problem = _tags_field(value)
        else:
            fields[key], field_problem = _text_field(key, value)
        if field_problem:
            found.error(found.line_of(key), field_problem)
        elif fields[key] is None and key in REQUIRED_KEYS and key != "title" and str(meta.get(key) or "").strip():
            found.error(found.line_of(key), f"{key} is empty once control characters are removed")
    return fields


def _date_field(meta: dict, found: _FileProblems) -> dt.date | None:
    if meta.get("date") in (None, ""):
        return None
    try:
        return parse_date(meta["date"])
    except ValueError as exc:
        found.error(found.line_of("date"), str(exc))
        return None


def _checked_url(url: str | None, found: _FileProblems) -> str | None:
    """*url* if it may be linked; else None and an error (the article is
    still published, without the link)."""
    if url is None:
        return None
    reason = url_problem(url)
    if reason:
        found.error(found.line_of("url"), f"url {reason}; the link is left out")
        return None
    return url


def shown_path(path: Path, root: Path) -> str:
    """*path* as problems name it: relative to *root* when it lies inside it,
    else as given (articles, notes).  The lexical test of ``Path.relative_to``,
    made on the paths' text: pathlib's, three times an article, was a fifth
    of reading the keys of 5,000 articles."""
    text, base = path.as_posix(), root.as_posix()
    if base == ".":  # every relative path lies inside "."; an absolute one is shown as it is
        return text
    if text == base:
        return "."
    prefix = base if base.endswith("/") else base + "/"
    return text[len(prefix) :] if text.startswith(prefix) else text


def read_article(path: Path, root: Path, max_bytes: int = DEFAULT_MAX_ARTICLE_BYTES) -> tuple[Article | None, list[Problem]]:
    """Read one article file; on error return None and the problems found."""
    found = _FileProblems(shown_path(path, root))
    try:
        meta, found.key_line, body, body_line, warnings = read_front_matter(
            path, "the fields (title, date, source, lang)", max_bytes
        )
    except FrontMatterError as exc:
        found.error(exc.line, str(exc))
        return None, found.problems
    for line, message in warnings:
        found.warn(line, message)
    _check_keys(meta, body_line - 1, found)
    fields = _text_fields(meta, found)
    date = _date_field(meta, found)
    lang = fields["lang"] or ""
    if lang and lang not in SOURCE_LANGUAGES:
        found.error(found.line_of("lang"), f"lang {lang!r} is not supported: articles are Arabic ('ar') or English ('en')")
    if not body.strip():
        found.error(body_line, "empty body: the article has no text after the front matter")
    if found.failed:
        return None, found.problems

    url = _checked_url(fields["url"], found)
    slug = article_slug(path)
    if slug != path.stem:
        found.warn(
            None,
            f"file name {path.name[:80]!r} is not a short slug (lower-case letters, digits and hyphens); its pages use {slug!r}",
        )
    if date and path.parent.name != date.isoformat():
        found.warn(found.line_of("date"), f"date {date.isoformat()} does not match the folder {path.parent.name[:40]!r}")
    assert date is not None  # a missing or bad date returned above with an error
    article = Article(
        path=found.shown,
        slug=slug,
        title=fields["title"] or "",
        date=date,
        source=fields["source"],
        url=url,
        lang=lang,
        body=body,
        body_line=body_line,
        author=fields["author"],
        tags=fields["tags"],
        notes=fields["notes"],
    )
    return article, found.problems


def article_files(content_dir: Path, root: Path | None = None) -> tuple[list[Path], list[Problem]]:
    """Every article file, in a stable order (reproducible builds), and the
    problems met finding them: unreadable folders, links that lead outside
    the project, files that are not articles."""
    base = content_dir / ARTICLES_DIR
    problems: list[Problem] = []
    if not base.is_dir():
        return [], problems
    root = (root or content_dir.parent).resolve()

    def shown(path: Path) -> str:
        return shown_path(path, root)

    def unreadable(exc: OSError) -> None:
        where = Path(exc.filename) if exc.filename else base
        problems.append(
            Problem(
                shown(where),
                None,
                f"cannot read the folder ({exc.strerror or exc}): its articles are left out; check its permissions",
                "error",
            )
        )

    def outside(path: Path) -> bool:
        try:
            target = path.resolve()
        except (OSError, RuntimeError):  # a loop of links
            target = None
        if target is None or not target.is_relative_to(root):
            problems.append(
                Problem(
                    shown(path),
                    None,
                    "is a link to a place outside the project; not read (copy the file into content/ instead)",
                    "error",
                )
            )
            return True
        return False

    found: list[Path] = []
    seen: set[Path] = {base.resolve()}
    for folder, dirs, files in os.walk(base, onerror=unreadable, followlinks=True):
        here = Path(folder)
        kept = []
        for name in sorted(dirs):
            sub = here / name
            if sub.is_symlink() and outside(sub):
                continue
            real = sub.resolve()
            if real in seen:  # a link back to a folder already read
                continue
            seen.add(real)
            kept.append(name)
        dirs[:] = kept
        for name in files:
            path = here / name
            if name.startswith("."):
                continue  # editor and system files (.DS_Store, .x.md.swp)
            if path.suffix.lower() not in ARTICLE_SUFFIXES:
                problems.append(Problem(shown(path), None, "not read: articles are .md or .txt files", "warning"))
                continue
            if path.is_symlink() and outside(path):
                continue
            found.append(path)
    return sorted(found), problems


class ReadMemo(Protocol):
    """Where articles read before are kept (the build store): by a key of
    the file's path and bytes and the code that reads it."""

    def read_before(self, keys: list[str]) -> dict[str, tuple[Article | None, list[Problem]]]: ...

    def remember_read(self, read: dict[str, tuple[Article | None, list[Problem]]], keep: set[str]) -> None: ...


def read_articles(
    content_dir: Path,
    root: Path,
    max_bytes: int = DEFAULT_MAX_ARTICLE_BYTES,
    *,
    memo: ReadMemo | None = None,
    version: str = "",
) -> tuple[list[Article], list[Problem]]:
    """Every article under *content_dir*, and the problems of reading them.
    With a *memo*, a file whose bytes were read before (by the code of
    *version*) is not parsed again: its article and problems are the memo's."""
    articles: list[Article] = []
    paths, problems = article_files(content_dir, root)
    keys = [_read_key(path, root, max_bytes, version) for path in paths] if memo is not None else []
    known = memo.read_before([k for k in keys if k]) if memo is not None else {}
    new: dict[str, tuple[Article | None, list[Problem]]] = {}
    for n, path in enumerate(paths):
        key = keys[n] if keys else ""
        if key in known:
            article, found = known[key]
        else:
            article, found = read_article(path, root, max_bytes)
            if key:
                new[key] = (article, found)
        problems.extend(found)
        if article is not None:
            articles.append(article)
    if memo is not None:
        memo.remember_read(new, {k for k in keys if k})
    return articles, problems


def _read_key(path: Path, root: Path, max_bytes: int, version: str) -> str:
    """The memo key of *path*: "" (never memoised) when it cannot be read
    or is too large (``read_article`` says why, without reading it all)."""
    try:
        with path.open("rb") as fh:
            data = fh.read(max_bytes + 1)
    except OSError:
        return ""
    if len(data) > max_bytes:
        return ""
    name = shown_path(path, root)
    digest = hashlib.sha256(f"{version}\0{name}\0{max_bytes}\0".encode("utf-8", "surrogateescape"))
    digest.update(data)
    return digest.hexdigest()
