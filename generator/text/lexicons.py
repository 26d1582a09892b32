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

import hashlib
from pathlib import Path
from typing import Any

from ..models import Problem
from ..yamlio import load_yaml

__all__ = ["read_lexicon"]

# sha256 of the file's bytes -> parsed data (only files that parsed cleanly)
_PARSED: dict[str, Any] = {}
_MAX_REMEMBERED = 16


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
        if len(_PARSED) >= _MAX_REMEMBERED:
            _PARSED.pop(next(iter(_PARSED)))
        _PARSED[digest] = data
    return data, problems
