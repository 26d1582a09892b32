"""Guards for hostile input: links, names, text and YAML.

Every value that comes from content or configuration and ends up as a link,
a file name or text in an XML document passes through one of these, so the
rules live in one place:

* ``url_problem`` / ``safe_url``: only ``http``, ``https`` and ``mailto``
  links, judged the way a browser reads them (it drops tabs, line breaks and
  control characters, and ignores case: ``JaVa\\tScRiPt:`` is ``javascript:``).
* ``slugify``: lower-case ASCII slugs of a bounded length; a long name is cut
  and a stable hash of the whole name keeps it unique.
* ``clean_text``: removes characters no XML document may hold (NUL, other C0
  controls, lone surrogates, U+FFFE/U+FFFF) and says where they were.
* ``LimitedLoader``: a safe YAML loader that refuses deep nesting, many
  aliases and alias expansion beyond a budget (the "billion laughs").
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import yaml
from yaml.composer import ComposerError

from .text import arabic

# --- links --------------------------------------------------------------------------

LINK_SCHEMES = ("http", "https", "mailto")
MAX_URL_LENGTH = 2048
# What a browser drops from a URL before reading its scheme: ASCII whitespace
# and C0/C1 controls, plus the invisible format characters that make a
# scheme look harmless to a person.
_URL_INVISIBLE_RE = re.compile(r"[\x00-\x20\x7f-\x9f\u00ad\u200b-\u200f\u2028-\u202e\u2060-\u2064\ufeff]")
_SCHEME_RE = re.compile(r"^([A-Za-z][A-Za-z0-9+.\-]*):")
# Characters that must not appear in a link even though templates escape
# them: they only occur in URLs that try to break out of an attribute.
_URL_FORBIDDEN_RE = re.compile(r"[\"'<>\\`]")


def url_problem(value: object, *, schemes: tuple[str, ...] = LINK_SCHEMES, relative_ok: bool = False) -> str | None:
    """Why *value* must not become a link, or None when it may.

    A relative address ("/news/") is accepted only with *relative_ok* (the
    site's own ``base_url``); content links must say their scheme."""
    if not isinstance(value, str):
        return f"must be text, not {type_name(value)}"
    url = value.strip()
    if not url:
        return "is empty"
    if len(url) > MAX_URL_LENGTH:
        return f"is {len(url)} characters long; the limit is {MAX_URL_LENGTH}"
    compact = _URL_INVISIBLE_RE.sub("", url)
    scheme = _SCHEME_RE.match(compact)
    if scheme:
        name = scheme.group(1).lower()
        if name not in schemes:
            return f"{url[:80]!r} is not a link this site publishes: only {', '.join(schemes)} addresses are allowed"
    elif not relative_ok:
        return f"{url[:80]!r} has no scheme: write the full address (https://...)"
    if compact != url:
        return f"{url[:80]!r} contains spaces or control characters"
    if _URL_FORBIDDEN_RE.search(url):
        return f"{url[:80]!r} contains a quote, angle bracket or backslash"
    return None


def safe_url(value: object, *, schemes: tuple[str, ...] = LINK_SCHEMES, relative_ok: bool = False) -> str | None:
    """*value* stripped if it may be a link, else None (the link is not rendered)."""
    if url_problem(value, schemes=schemes, relative_ok=relative_ok) is not None:
        return None
    return str(value).strip()


def type_name(value: object) -> str:
    """How a YAML value's type reads in a message ("an integer", "a list")."""
    names = {
        bool: "true/false",
        int: "an integer",
        float: "a number",
        list: "a list",
        dict: "a mapping",
        type(None): "empty",
        str: "text",
    }
    return names.get(type(value), f"a {type(value).__name__}")


# --- names ---------------------------------------------------------------------------

MAX_SLUG_LENGTH = 80  # well under the 255 bytes a file name may have
_HASH_LENGTH = 8


def _digest(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8", "surrogatepass")).hexdigest()[:_HASH_LENGTH]


def shorten_slug(slug: str, limit: int = MAX_SLUG_LENGTH) -> str:
    """*slug* if short enough, else its start plus a stable hash of all of it."""
    if len(slug) <= limit:
        return slug
    head = slug[: limit - _HASH_LENGTH - 1].rstrip("-")
    return f"{head}-{_digest(slug)}"


def slugify(text: str) -> str:
    """A URL slug: lower-case ASCII letters, digits and hyphens, at most
    ``MAX_SLUG_LENGTH`` characters.

    Arabic is romanised first; if nothing is left (symbols only), a short
    hash keeps the slug stable and unique."""
    if arabic.is_arabic(text):
        text = arabic.romanise(text)
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return shorten_slug(slug) if slug else "x-" + _digest(text)


# --- text ----------------------------------------------------------------------------

# Not allowed anywhere in an XML 1.0 document (feeds, sitemap, XHTML), and
# never meaningful in an article: C0 controls except tab/newline/CR, lone
# surrogates and the two noncharacters U+FFFE and U+FFFF.
_XML_ILLEGAL_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def clean_text(text: str) -> tuple[str, int, int]:
    """(*text* without XML-illegal characters, how many were removed, the
    1-based line within *text* of the first one; 0 when none)."""
    first = _XML_ILLEGAL_RE.search(text)
    if first is None:
        return text, 0, 0
    line = text.count("\n", 0, first.start()) + 1
    cleaned, count = _XML_ILLEGAL_RE.subn("", text)
    return cleaned, count, line


def describe_character(text: str) -> str:
    """U+0000 style name of the first XML-illegal character in *text*."""
    found = _XML_ILLEGAL_RE.search(text)
    return f"U+{ord(found.group()):04X}" if found else ""


# --- YAML ----------------------------------------------------------------------------


class LimitedLoader(yaml.SafeLoader):
    """A safe loader with bounds, so that no document can exhaust the stack
    or memory: nesting depth, the number of aliases, and the number of nodes
    the aliases stand for once expanded (a few aliases of aliases can stand
    for billions of nodes).  Exceeding a bound is a ``yaml.YAMLError`` with a
    line, like any other broken YAML."""

    max_depth = 40
    max_aliases = 100
    max_alias_nodes = 10_000

    def __init__(self, stream):
        super().__init__(stream)
        self._depth = 0
        self._aliases = 0
        self._alias_nodes = 0
        self._expanded: dict[int, int] = {}
        self._open_anchors: set[str] = set()

    def _refuse(self, problem: str) -> None:
        raise ComposerError(None, None, problem, self.peek_event().start_mark)

    def compose_node(self, parent, index):
        if self.check_event(yaml.AliasEvent):
            self._aliases += 1
            if self._aliases > self.max_aliases:
                self._refuse(f"more than {self.max_aliases} aliases (*name)")
            anchor = self.peek_event().anchor
            if anchor in self._open_anchors:
                self._refuse("an alias refers to the value that contains it")
            target = self.anchors.get(anchor)
            if target is not None:
                self._alias_nodes += self._expanded_size(target)
                if self._alias_nodes > self.max_alias_nodes:
                    self._refuse(f"aliases expand to more than {self.max_alias_nodes} values")
        anchor = getattr(self.peek_event(), "anchor", None)
        self._depth += 1
        if anchor is not None:
            self._open_anchors.add(anchor)
        try:
            if self._depth > self.max_depth:
                self._refuse(f"nested more than {self.max_depth} levels deep")
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1
            self._open_anchors.discard(anchor)

    def _expanded_size(self, node) -> int:
        """Nodes *node* stands for with every alias expanded (memoised, so
        a chain of aliases costs its length, not its expansion)."""
        done = self._expanded
        if id(node) in done:
            return done[id(node)]
        # iterative post-order walk; a node met again on the current path is
        # an alias of its own ancestor (a recursive structure): refused
        on_path: set[int] = set()
        stack = [(node, False)]
        while stack:
            current, children_done = stack.pop()
            key = id(current)
            if key in done:
                continue
            kids = _children(current)
            if children_done:
                on_path.discard(key)
                done[key] = min(1 + sum(done[id(k)] for k in kids), self.max_alias_nodes + 1)
                continue
            if key in on_path:
                self._refuse("an alias refers to the value that contains it")
            on_path.add(key)
            stack.append((current, True))
            stack.extend((k, False) for k in kids if id(k) not in done)
        return done[id(node)]


def _children(node) -> list:
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    if isinstance(node, yaml.MappingNode):
        return [part for pair in node.value for part in pair]
    return []


def without_timestamps(loader: type[yaml.SafeLoader]) -> None:
    """Keep dates as written (text) in *loader*: PyYAML turns 2025-09-10 into
    a date but "2025-9-10" into a string; callers parse dates themselves."""
    loader.yaml_implicit_resolvers = {
        key: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
        for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }


def output_dir_conflict(root: Path, output: Path, guarded: dict[str, Path]) -> str | None:
    """Why *output* can never be the output folder of the project at *root*,
    or None.  *guarded* names the folders the build must never replace, hold
    or sit in ({"content_dir": content/, ...}).  What the folder holds is
    judged at build time (``ownership_problem``), so that other commands
    still work with a site that is not there yet or was damaged."""
    root, output = root.resolve(), output.resolve()
    if output == root:
        return "is the project folder itself; the build replaces its output folder as a whole (use e.g. 'site')"
    if root.is_relative_to(output):
        return f"{output} contains the project folder; the build replaces its output folder as a whole (use e.g. 'site')"
    for label, folder in guarded.items():
        folder = folder.resolve()
        if output == folder or folder.is_relative_to(output) or output.is_relative_to(folder):
            return f"{output} is, contains or lies inside {label} ({folder}); choose a separate folder such as 'site'"
    return None
