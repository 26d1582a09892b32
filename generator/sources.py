"""The outlet registry (``content/sources.yaml``): who each outlet is.

In Libya where an outlet stands matters as much as what it says, so every
outlet a report comes from has an entry: its name in Arabic and English, its
country (an ISO 3166 code; Babel names it in the page language), home page,
the hosts its articles are served from (``ingest`` fills an article's
``source`` from its URL's host), where it works from, what kind of outlet it
is, and an editorial alignment that analysts edit, with a note saying on
what the assessment rests and when it was reviewed.

An article's ``source`` is matched against each outlet's English and Arabic
names and its ``aliases`` (case, alef/hamza forms and diacritics ignored).
With a registry present, an article whose outlet is not in it is a warning
naming the file; without one, nothing is checked.
"""

from __future__ import annotations

import urllib.parse
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType

import yaml
from babel import Locale

from .arabic import normalise
from .models import Article, Problem

SOURCES_FILE = "sources.yaml"
KINDS = ("newspaper", "broadcaster", "agency", "news-site", "official", "aggregator", "unidentified")


@dataclass(frozen=True)
class Outlet:
    id: str
    name_en: str
    name_ar: str
    kind: str
    country: str | None = None  # ISO 3166 alpha-2, e.g. "LY"
    home: str | None = None
    hosts: tuple[str, ...] = ()
    base_en: str | None = None  # where it works from: "Tripoli", "Benghazi", "Istanbul"
    base_ar: str | None = None
    alignment_en: str = "unassessed"
    alignment_ar: str = "لم يُقيَّم"
    note: str | None = None  # on what the alignment rests, for review
    reviewed: str | None = None  # "YYYY-MM" of the last review
    aliases: tuple[str, ...] = ()
    line: int | None = None

    def display(self, lang: str) -> str:
        return self.name_ar if lang == "ar" else self.name_en

    def base(self, lang: str) -> str | None:
        return self.base_ar if lang == "ar" else self.base_en

    def alignment(self, lang: str) -> str:
        return self.alignment_ar if lang == "ar" else self.alignment_en

    def country_name(self, locale: str) -> str | None:
        """The country in the page's language, from CLDR."""
        if not self.country:
            return None
        return Locale.parse(locale).territories.get(self.country, self.country)


def _key(name: str) -> str:
    return " ".join(normalise(name).casefold().split())


def host_of(url: str | None) -> str | None:
    """The host of an http(s) URL, lower-case, without "www."."""
    if not url:
        return None
    parts = urllib.parse.urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return None
    return parts.hostname.lower().removeprefix("www.")


@dataclass(frozen=True)
class Registry:
    outlets: tuple[Outlet, ...] = ()
    present: bool = False  # a sources.yaml was read
    by_name: Mapping[str, Outlet] = field(default_factory=lambda: MappingProxyType({}), compare=False, repr=False)
    by_host: Mapping[str, Outlet] = field(default_factory=lambda: MappingProxyType({}), compare=False, repr=False)

    def find(self, name: str | None) -> Outlet | None:
        """The outlet an article's ``source`` names, if registered."""
        return self.by_name.get(_key(name)) if name else None

    def by_url(self, url: str | None) -> Outlet | None:
        """The outlet serving *url*: its host or a parent domain of it
        (``en.aawsat.com`` is Asharq Al-Awsat)."""
        host = host_of(url)
        while host:
            if host in self.by_host:
                return self.by_host[host]
            host = host.partition(".")[2] if host.count(".") > 1 else None
        return None

    def display(self, name: str, lang: str) -> str:
        """An outlet's name in the page language; unregistered names as written."""
        outlet = self.find(name)
        return outlet.display(lang) if outlet else name


def _text(raw: dict, key: str) -> str | None:
    value = raw.get(key)
    return str(value).strip() or None if value is not None else None


def build_registry(data: object, path: str = SOURCES_FILE, lines: Iterable[int] = ()) -> tuple[Registry, list[Problem]]:
    problems: list[Problem] = []
    if data is None:
        data = {}
    outlets_data = data.get("outlets") if isinstance(data, dict) else None
    if not isinstance(outlets_data, list):
        return Registry(present=True), [Problem(path, 1, "the outlet registry must have a list `outlets:`")]
    line_list = list(lines)
    outlets: list[Outlet] = []
    by_name: dict[str, Outlet] = {}
    by_host: dict[str, Outlet] = {}
    for i, raw in enumerate(outlets_data):
        line = line_list[i] if i < len(line_list) else None
        if not isinstance(raw, dict):
            problems.append(Problem(path, line, f"outlet {i + 1} is not a mapping"))
            continue
        oid, en, ar, kind = (_text(raw, k) for k in ("id", "en", "ar", "kind"))
        missing = [k for k, v in (("id", oid), ("en", en), ("ar", ar), ("kind", kind)) if not v]
        if missing:
            problems.append(Problem(path, line, f"outlet {oid or i + 1} lacks {', '.join(missing)}"))
            continue
        assert oid and en and ar and kind
        if kind not in KINDS:
            problems.append(Problem(path, line, f"outlet {oid!r}: kind {kind!r} is not one of {', '.join(KINDS)}", "warning"))
        home = _text(raw, "home")
        if home and not host_of(home):
            problems.append(Problem(path, line, f"outlet {oid!r}: home {home!r} is not an http(s) address"))
            home = None
        hosts = tuple(str(h).strip().lower().removeprefix("www.") for h in raw.get("hosts") or () if str(h).strip())
        if home and host_of(home) not in hosts:
            hosts = (*hosts, host_of(home) or "")
        alignment = raw.get("alignment") or {}
        outlet = Outlet(
            id=oid,
            name_en=en,
            name_ar=ar,
            kind=kind,
            country=(_text(raw, "country") or "").upper() or None,
            home=home,
            hosts=hosts,
            base_en=_text(raw, "base_en"),
            base_ar=_text(raw, "base_ar"),
            alignment_en=str(alignment.get("en") or "unassessed") if isinstance(alignment, dict) else "unassessed",
            alignment_ar=str(alignment.get("ar") or "لم يُقيَّم") if isinstance(alignment, dict) else "لم يُقيَّم",
            note=_text(raw, "note"),
            reviewed=_text(raw, "reviewed"),
            aliases=tuple(str(a) for a in raw.get("aliases") or ()),
            line=line,
        )
        for name in (en, ar, *outlet.aliases):
            other = by_name.setdefault(_key(name), outlet)
            if other is not outlet:
                problems.append(Problem(path, line, f"outlet {oid!r}: the name {name!r} is also {other.id!r}'s"))
        for host in hosts:
            other = by_host.setdefault(host, outlet)
            if other is not outlet:
                problems.append(Problem(path, line, f"outlet {oid!r}: host {host!r} is also {other.id!r}'s"))
        outlets.append(outlet)
    return Registry(tuple(outlets), True, MappingProxyType(by_name), MappingProxyType(by_host)), problems


def load_registry(content_dir: str | Path) -> tuple[Registry, list[Problem]]:
    """Read ``content/sources.yaml``; no file gives an empty registry."""
    path = Path(content_dir) / SOURCES_FILE
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return Registry(), []
    except (OSError, UnicodeDecodeError) as exc:
        return Registry(), [Problem(str(path), None, f"cannot read the outlet registry: {exc}")]
    try:
        data = yaml.safe_load(text)
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        return Registry(present=True), [Problem(str(path), mark.line + 1 if mark else None, f"invalid YAML: {exc}")]
    lines: list[int] = []
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            if key.value == "outlets" and isinstance(value, yaml.SequenceNode):
                lines = [item.start_mark.line + 1 for item in value.value]
    return build_registry(data, str(path), lines)


def check_sources(articles: Iterable[Article], registry: Registry) -> list[Problem]:
    """A warning for each article whose outlet the registry does not know."""
    if not registry.present:
        return []
    problems = []
    for article in articles:
        if registry.find(article.source) is None:
            by_url = registry.by_url(article.url)
            hint = f" (its URL is {by_url.name_en}'s: write `source: {by_url.name_en}`)" if by_url else ""
            problems.append(Problem(article.path, None, f"outlet {article.source!r} is not in {SOURCES_FILE}{hint}", "warning"))
    return problems
