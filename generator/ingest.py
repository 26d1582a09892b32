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
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from .clean import propose_title
from .content import ARTICLES_DIR
from .english import detect_language
from .errors import ContentError

UNDATED_FOLDER = "undated"


@dataclass(frozen=True)
class IngestedFile:
    source: Path
    target: Path
    title: str


def slug_from_filename(path: Path) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", path.stem.lower()).strip("-")
    return slug or "article"


def guess_title(text: str, source: str = "") -> str:
    """The title proposed from the cleaned text (``clean.propose_title``):
    never a crawl field, masthead date or site name that cleaning removes."""
    return propose_title(text, source)


def front_matter(title: str, date: dt.date | None, source: str | None, url: str | None, origin: str,
                 lang: str = "ar") -> str:
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


def ingest_file(path: Path, content_dir: Path, *, date: dt.date | None = None, source: str | None = None,
                url: str | None = None, slug: str | None = None) -> IngestedFile:
    try:
        text = path.read_text(encoding="utf-8").lstrip("\ufeff")
    except FileNotFoundError:
        raise ContentError(f"{path}: error: no such file") from None
    except UnicodeDecodeError:
        raise ContentError(f"{path}: error: not UTF-8 text") from None
    if not text.strip():
        raise ContentError(f"{path}:1: error: empty file, nothing to ingest")
    folder = date.isoformat() if date else UNDATED_FOLDER
    target = content_dir / ARTICLES_DIR / folder / f"{slug or slug_from_filename(path)}.md"
    if target.exists():
        raise ContentError(f"{target}: error: already exists; not overwriting it (choose another --slug)")
    title = guess_title(text, source or "")
    body = text if text.endswith("\n") else text + "\n"
    target.parent.mkdir(parents=True, exist_ok=True)
    # 'x' mode: even a file created between the check and here is not overwritten
    with target.open("x", encoding="utf-8") as fh:
        fh.write(front_matter(title, date, source, url, path.name, detect_language(text)))
        fh.write(body)
    return IngestedFile(path, target, title)
