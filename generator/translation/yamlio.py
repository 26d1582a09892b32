"""Reading the YAML content files with line numbers for problem reports."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from ..models import Problem
from ..safety import LimitedLoader, without_timestamps

LINE_KEY = "__line__"


class LineLoader(LimitedLoader):
    """A bounded safe loader that records each mapping's 1-based line under ``__line__``."""

    def construct_mapping(self, node, deep=False):
        mapping = super().construct_mapping(node, deep=deep)
        mapping[LINE_KEY] = node.start_mark.line + 1
        return mapping


# Dates stay text: a note like 2025-09 must not become something else.
without_timestamps(LineLoader)


def load_yaml(path: Path, label: str) -> tuple[Any, list[Problem]]:
    """Parse *path*; a missing file is ``None`` without problems, a broken one a Problem."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None, []
    except (OSError, UnicodeDecodeError) as exc:
        return None, [Problem(label, None, f"cannot read: {exc}", "error")]
    try:
        return yaml.load(text, Loader=LineLoader), []
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        line = mark.line + 1 if mark else None
        reason = getattr(exc, "problem", None) or str(exc)
        return None, [Problem(label, line, f"invalid YAML: {reason}", "error")]


def text_list(value: Any) -> list[str] | None:
    """A list of strings from a YAML value that may be one string or a list; None if neither."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return list(value)
    return None
