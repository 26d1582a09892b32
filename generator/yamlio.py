"""Reading YAML with line numbers for problem reports: the one reader of
the code base's YAML files (content front matter, the gold file, the outlet
registry, the notes, the translation memory and glossary).

Every loader here is bounded (``safety.LimitedLoader``: depth, aliases) and
keeps dates as written (text): callers parse dates themselves and report a
bad one with its line.  Broken YAML is a ``YamlError`` with the 1-based line
to look at, or a ``Problem`` from ``load_yaml``.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from .models import Problem
from .safety import LimitedLoader, without_timestamps

__all__ = [
    "LINE_KEY",
    "LineLoader",
    "PlainLoader",
    "YamlError",
    "compose_yaml",
    "flat_mapping",
    "item_lines",
    "key_lines",
    "load_yaml",
    "parse_yaml",
    "parse_yaml_with_nodes",
    "text_list",
]

LINE_KEY = "__line__"


class PlainLoader(LimitedLoader):
    """The bounded safe loader with dates kept as text."""


class LineLoader(LimitedLoader):
    """A bounded safe loader that records each mapping's 1-based line under ``__line__``."""

    def construct_mapping(self, node, deep=False):
        mapping = super().construct_mapping(node, deep=deep)
        mapping[LINE_KEY] = node.start_mark.line + 1
        return mapping


# Dates stay text: a note like 2025-09 must not become something else.
without_timestamps(PlainLoader)
without_timestamps(LineLoader)


class YamlError(ValueError):
    """Broken YAML: ``line`` (1-based in the file, or None) and ``reason``."""

    def __init__(self, line: int | None, reason: str):
        super().__init__(reason)
        self.line = line
        self.reason = reason


def _error(exc: yaml.YAMLError, first_line: int) -> YamlError:
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    line = mark.line + first_line if mark is not None else None
    return YamlError(line, getattr(exc, "problem", None) or str(exc))


def parse_yaml(text: str, loader: type[LimitedLoader] = LineLoader, first_line: int = 1) -> Any:
    """The data of *text*; ``first_line`` is the file line *text* starts on
    (front matter starts on line 2).  Raises YamlError."""
    try:
        return yaml.load(text, Loader=loader)
    except yaml.YAMLError as exc:
        raise _error(exc, first_line) from None


def compose_yaml(text: str, loader: type[LimitedLoader] = PlainLoader, first_line: int = 1) -> yaml.Node | None:
    """The node tree of *text* (marks give lines and offsets: for editing a
    file in place).  Raises YamlError."""
    try:
        return yaml.compose(text, Loader=loader)
    except yaml.YAMLError as exc:
        raise _error(exc, first_line) from None


def parse_yaml_with_nodes(
    text: str, loader: type[LimitedLoader] = PlainLoader, first_line: int = 1
) -> tuple[Any, yaml.Node | None]:
    """The data of *text* and its node tree, parsed once (``key_lines`` and
    ``item_lines`` read lines off the tree).  Raises YamlError."""
    parser = loader(text)
    try:
        node = parser.get_single_node()
        return (parser.construct_document(node) if node is not None else None), node
    except yaml.YAMLError as exc:
        raise _error(exc, first_line) from None
    finally:
        parser.dispose()


# One "key: value" line of the flat mappings front matter nearly always is:
# a plain key, then a double-quoted value without escapes, a single-quoted
# one without quotes inside, or a plain value that ends the line.
_FLAT_LINE = re.compile(r"([A-Za-z_][A-Za-z0-9_]*):[ ]+(?:\"([^\"\\]*)\"|'([^']*)'|([^\s\"'#&*!|>%@`{}\[\],?:-][^#\t]*?))[ ]*")
_STR_TAG = "tag:yaml.org,2002:str"


def flat_mapping(
    text: str, loader: type[LimitedLoader] = PlainLoader, first_line: int = 1
) -> tuple[dict[str, str], dict[str, int]] | None:
    """(data, ``key_lines``) of *text* when it is only "key: text" lines,
    read as *loader* reads them, without running the YAML parser (reading
    the front matter of 5,000 articles took two seconds, most of it there);
    None for anything else (comments, blank lines, nesting, other types of
    value, a key repeated), which the parser reads."""
    if yaml.reader.Reader.NON_PRINTABLE.search(text):
        return None  # the parser refuses them, with the line to look at
    data: dict[str, str] = {}
    lines: dict[str, int] = {}
    for number, line in enumerate(text.splitlines()):
        found = _FLAT_LINE.fullmatch(line)
        if found is None:
            return None
        key, double, single, plain = found.groups()
        if key in data or not _reads_as_text(loader, key):
            return None
        value = double if double is not None else single
        if value is None:  # a plain value: the pattern matched one of the three
            value = plain.rstrip()
            if ": " in value or not _reads_as_text(loader, value):
                return None
        data[key] = value
        lines[key] = number + first_line
    return data, lines


def _reads_as_text(loader: type[LimitedLoader], plain: str) -> bool:
    """A plain scalar the loader reads as text (not a number, boolean, null)."""
    return loader.resolve(loader, yaml.ScalarNode, plain, (True, False)) == _STR_TAG  # type: ignore[arg-type]


def key_lines(node: yaml.Node | None, first_line: int = 1) -> dict[str, int]:
    """File line of each key of a top-level mapping (the first, if repeated)."""
    lines: dict[str, int] = {}
    if isinstance(node, yaml.MappingNode):
        for key, _ in node.value:
            lines.setdefault(str(key.value), key.start_mark.line + first_line)
    return lines


def item_lines(node: yaml.Node | None, key: str, first_line: int = 1) -> list[int]:
    """File line of each item of the list under the top-level *key*."""
    if isinstance(node, yaml.MappingNode):
        for k, value in node.value:
            if getattr(k, "value", None) == key and isinstance(value, yaml.SequenceNode):
                return [item.start_mark.line + first_line for item in value.value]
    return []


def load_yaml(path: Path, label: str) -> tuple[Any, list[Problem]]:
    """Parse *path* (``LineLoader``); a missing file is ``None`` without
    problems, a broken one a Problem."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None, []
    except (OSError, UnicodeDecodeError) as exc:
        return None, [Problem(label, None, f"cannot read: {exc}", "error")]
    try:
        return parse_yaml(text), []
    except YamlError as exc:
        return None, [Problem(label, exc.line, f"invalid YAML: {exc.reason}", "error")]


def text_list(value: Any) -> list[str] | None:
    """A list of strings from a YAML value that may be one string or a list; None if neither."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return list(value)
    return None
