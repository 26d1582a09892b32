"""Reading the lexicon files (``gazetteer.yaml``, ``topics.yaml``) once.

A build reads the gazetteer for briefs, for the translation glossary and for
the index pages, and the topic taxonomy for briefs and index pages.  Every
reader goes through ``read_lexicon``: the YAML-with-lines reader of the
content files (``yamlio.load_yaml``: mappings carry their line
under ``LINE_KEY``) and a memo of parsed files by their bytes, so one file is
parsed once per process however many stages read it (an edited file has
other bytes and is parsed again).  Callers must not mutate what it returns.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from ..models import Problem
from ..yamlio import load_yaml

__all__ = ["parsed", "parser_version", "read_lexicon", "remember"]

# sha256 of the file's bytes -> parsed data (only files that parsed cleanly)
_PARSED: dict[str, Any] = {}
_MAX_REMEMBERED = 16


@functools.lru_cache(maxsize=1)  # the code does not change during a build
def parser_version() -> str:
    """The code that turns a lexicon's bytes into its parse: a parse kept
    between builds (``parsed``) is good while this is the same."""
    package = Path(__file__).parent.parent
    h = hashlib.sha256()
    for name in ("yamlio.py", "safety.py", "text/lexicons.py"):
        h.update((package / name).read_bytes())
    return h.hexdigest()


def file_digest(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None


def parsed(paths: Iterable[Path]) -> dict[str, Any]:
    """The parses of *paths* made (or remembered) in this process, by the
    digest of their bytes: what a build keeps for the next one, whose
    process then need not parse them (the gazetteer's YAML took a third of
    a second of every rebuild)."""
    digests = (file_digest(path) for path in paths)
    return {digest: _PARSED[digest] for digest in digests if digest is not None and digest in _PARSED}


def remember(found: Mapping[str, Any]) -> None:
    """Take *found* (``parsed`` of an earlier build, by the same
    ``parser_version``) as parsed already."""
    for digest, data in found.items():
        _keep(digest, data)


def _keep(digest: str, data: Any) -> None:
    if digest not in _PARSED and len(_PARSED) >= _MAX_REMEMBERED:
        _PARSED.pop(next(iter(_PARSED)))
    _PARSED[digest] = data


def read_lexicon(path: Path, label: str, *, what: str | None = None) -> tuple[Any, list[Problem]]:
    """The parsed YAML of ``path`` and the problems, as ``yamlio.load_yaml``
    reports them under ``label``.  A missing file is
    None without problems, or, when the caller names ``what`` it is, an
    error "cannot read <what>: ..."."""
    try:
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError as exc:
        if what is not None:
            return None, [Problem(label, None, f"cannot read {what}: {exc.strerror or exc}")]
        return load_yaml(path, label)  # it reports an unreadable file
    if digest in _PARSED:
        return _PARSED[digest], []
    data, problems = load_yaml(path, label)
    if not problems:
        _keep(digest, data)
    return data, problems
