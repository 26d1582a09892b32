"""Turning raw scraped text files into content files with front matter.

Scraped articles arrive as bare text (see the seeds).  Ingesting one writes
``content/articles/<date>/<slug>.md`` with the front matter filled in as far as
the text allows and every unknown field left for a person to fill, marked
``TODO``.  The raw text is kept unchanged as the body: cleaning happens in the
pipeline, where what it removes stays inspectable.  Existing files are never
overwritten.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import yaml

from .clean import propose_title
from .content import ARTICLES_DIR, SLUG_RE
from .english import detect_language
from ..errors import ContentError
from ..safety import MAX_SLUG_LENGTH, slugify
from .sources import SOURCES_FILE, host_of, load_registry

UNDATED_FOLDER = "undated"


@dataclass(frozen=True)
class IngestedFile:
    source: Path
    target: Path
    title: str
    outlet: str | None = None  # the `source:` written, given or found from the URL
    warnings: tuple[str, ...] = ()


def slug_from_filename(path: Path) -> str:
    return slugify(path.stem)


def check_slug(slug: str) -> str:
    """A --slug given by the user: a plain file name, never a path."""
    if not SLUG_RE.match(slug):
        raise ContentError(
            f"--slug {slug[:80]!r}: error: a slug is lower-case letters, digits and hyphens "
            "(such as 'oil-field-output'), not a path"
        )
    if len(slug) > MAX_SLUG_LENGTH:
        raise ContentError(f"--slug: error: {len(slug)} characters; the limit is {MAX_SLUG_LENGTH}")
    return slug


def guess_title(text: str, source: str = "") -> str:
    """The title proposed from the cleaned text (``clean.propose_title``):
    never a crawl field, masthead date or site name that cleaning removes."""
    return propose_title(text, source)


def front_matter(title: str, date: dt.date | None, source: str | None, url: str | None, origin: str, lang: str = "ar") -> str:
    def scalar(value: str) -> str:
        # yaml.safe_dump quotes exactly when needed and keeps Arabic readable
        return yaml.safe_dump(value, allow_unicode=True, width=10_000).removesuffix("\n...\n").strip()

    lines = ["---"]
    lines.append(f"title: {scalar(title)}" if title else "title: ''  # TODO: the headline, or leave empty to derive one")
    lines.append(f"date: {date.isoformat()}" if date else "date:  # TODO: publication date, YYYY-MM-DD")
    lines.append(f"source: {scalar(source)}" if source else "source:  # TODO: the outlet's name")
    lines.append(f"url: {scalar(url)}" if url else "url:  # TODO: the article's address, if known")
    lines.append(f"lang: {lang}  # detected from the text")
    lines.append(f"notes: {scalar('ingested from ' + origin)}")
    lines.append("---")
    return "\n".join(lines) + "\n"


def ingest_file(
    path: Path,
    content_dir: Path,
    *,
    date: dt.date | None = None,
    source: str | None = None,
    url: str | None = None,
    slug: str | None = None,
) -> IngestedFile:
    try:
        text = path.read_text(encoding="utf-8").lstrip("\ufeff")
    except FileNotFoundError:
        raise ContentError(f"{path}: error: no such file") from None
    except UnicodeDecodeError:
        raise ContentError(f"{path}: error: not UTF-8 text") from None
    if not text.strip():
        raise ContentError(f"{path}:1: error: empty file, nothing to ingest")
    folder = date.isoformat() if date else UNDATED_FOLDER
    slug = check_slug(slug) if slug is not None else slug_from_filename(path)
    target = content_dir / ARTICLES_DIR / folder / f"{slug}.md"
    if target.exists():
        raise ContentError(f"{target}: error: already exists; not overwriting it (choose another --slug)")
    source, warnings = _outlet_for(source, url, content_dir, path)
    title = guess_title(text, source or "")
    body = text if text.endswith("\n") else text + "\n"
    target.parent.mkdir(parents=True, exist_ok=True)
    # 'x' mode: even a file created between the check and here is not overwritten
    with target.open("x", encoding="utf-8") as fh:
        fh.write(front_matter(title, date, source, url, path.name, detect_language(text)))
        fh.write(body)
    return IngestedFile(path, target, title, source, warnings)


def _outlet_for(source: str | None, url: str | None, content_dir: Path, path: Path) -> tuple[str | None, tuple[str, ...]]:
    """The outlet's name: as given, or the registry's (content/sources.yaml)
    for the URL's host; a warning naming the file when the registry has no
    such outlet."""
    registry, problems = load_registry(content_dir)
    warnings = tuple(p.format() for p in problems)
    if not registry.present:
        return source, warnings
    if source:
        if registry.find(source) is None:
            warnings += (f"{path}: warning: outlet {source!r} is not in {SOURCES_FILE}",)
        return source, warnings
    outlet = registry.by_url(url)
    if outlet:
        return outlet.name_en, warnings
    if url:
        warnings += (
            (
                f"{path}: warning: no outlet in {SOURCES_FILE} serves {host_of(url) or url!r}; "
                "fill in `source:` and add the outlet to the registry"
            ),
        )
    return None, warnings
