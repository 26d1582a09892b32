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

from babel import Locale

from ..text.arabic import normalise
from ..models import Article, Problem
from ..yamlio import YamlError, item_lines, parse_yaml_with_nodes

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


def _hosts(raw: dict, home: str | None) -> tuple[str, ...]:
    """The outlet's hosts as listed, and its home page's."""
    hosts = tuple(str(h).strip().lower().removeprefix("www.") for h in raw.get("hosts") or () if str(h).strip())
    if home and host_of(home) not in hosts:
        hosts = (*hosts, host_of(home) or "")
    return hosts


def _alignment(raw: dict) -> tuple[str, str]:
    """(English, Arabic) alignment; unassessed when not given."""
    alignment = raw.get("alignment") or {}
    if not isinstance(alignment, dict):
        return "unassessed", "لم يُقيَّم"
    return str(alignment.get("en") or "unassessed"), str(alignment.get("ar") or "لم يُقيَّم")


def _outlet(raw: object, i: int, path: str, line: int | None) -> tuple[Outlet | None, list[Problem]]:
    """One registry entry as an Outlet (None when unusable) and its problems."""
    if not isinstance(raw, dict):
        return None, [Problem(path, line, f"outlet {i + 1} is not a mapping")]
    oid, en, ar, kind = (_text(raw, k) for k in ("id", "en", "ar", "kind"))
    missing = [k for k, v in (("id", oid), ("en", en), ("ar", ar), ("kind", kind)) if not v]
    if missing:
        return None, [Problem(path, line, f"outlet {oid or i + 1} lacks {', '.join(missing)}")]
    assert oid and en and ar and kind
    problems = []
    if kind not in KINDS:
        problems.append(Problem(path, line, f"outlet {oid!r}: kind {kind!r} is not one of {', '.join(KINDS)}", "warning"))
    home = _text(raw, "home")
    if home and not host_of(home):
        problems.append(Problem(path, line, f"outlet {oid!r}: home {home!r} is not an http(s) address"))
        home = None
    alignment_en, alignment_ar = _alignment(raw)
    outlet = Outlet(
        id=oid,
        name_en=en,
        name_ar=ar,
        kind=kind,
        country=(_text(raw, "country") or "").upper() or None,
        home=home,
        hosts=_hosts(raw, home),
        base_en=_text(raw, "base_en"),
        base_ar=_text(raw, "base_ar"),
        alignment_en=alignment_en,
        alignment_ar=alignment_ar,
        note=_text(raw, "note"),
        reviewed=_text(raw, "reviewed"),
        aliases=tuple(str(a) for a in raw.get("aliases") or ()),
        line=line,
    )
    return outlet, problems


def _index(outlet: Outlet, by_name: dict[str, Outlet], by_host: dict[str, Outlet], path: str) -> list[Problem]:
    """File *outlet* under its names and hosts; a name or host another
    outlet holds already is a problem (the first keeps it)."""
    problems = []
    for name in (outlet.name_en, outlet.name_ar, *outlet.aliases):
        other = by_name.setdefault(_key(name), outlet)
        if other is not outlet:
            problems.append(Problem(path, outlet.line, f"outlet {outlet.id!r}: the name {name!r} is also {other.id!r}'s"))
    for host in outlet.hosts:
        other = by_host.setdefault(host, outlet)
        if other is not outlet:
            problems.append(Problem(path, outlet.line, f"outlet {outlet.id!r}: host {host!r} is also {other.id!r}'s"))
    return problems


def build_registry(data: object, path: str = SOURCES_FILE, lines: Iterable[int] = ()) -> tuple[Registry, list[Problem]]:
    """The registry from parsed ``sources.yaml`` (*lines*: the file line of
    each outlet entry) and the problems found; bad entries are left out."""
    if data is None:
        data = {}
    outlets_data = data.get("outlets") if isinstance(data, dict) else None
    if not isinstance(outlets_data, list):
        return Registry(present=True), [Problem(path, 1, "the outlet registry must have a list `outlets:`")]
    line_list = list(lines)
    problems: list[Problem] = []
    outlets: list[Outlet] = []
    by_name: dict[str, Outlet] = {}
    by_host: dict[str, Outlet] = {}
    for i, raw in enumerate(outlets_data):
        outlet, found = _outlet(raw, i, path, line_list[i] if i < len(line_list) else None)
        problems.extend(found)
        if outlet is not None:
            problems.extend(_index(outlet, by_name, by_host, path))
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
        data, node = parse_yaml_with_nodes(text)
    except YamlError as exc:
        return Registry(present=True), [Problem(str(path), exc.line, f"invalid YAML: {exc.reason}")]
    return build_registry(data, str(path), item_lines(node, "outlets"))


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
