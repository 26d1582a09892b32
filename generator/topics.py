"""Topic tagging from a keyword taxonomy (``content/topics.yaml``).

Matching compares *match tokens* (``arabic.match_tokens``: normalised and
stripped of proclitics) on both sides, so "والتعاون الأمني" matches the
keyword "التعاون الأمني" and "الامريكيه" matches "الأمريكية".  A multi-word
keyword must appear word for word, in order.  Overlapping keywords are not
double-counted: at each position the longest keyword wins and the scan
continues after it ("مكافحة الإرهاب" is one hit, not also a hit for
"الإرهاب").

A topic's hits are the number of keyword occurrences in the article; a
topic is reported when hits >= its ``min_hits``.  Topics are ranked by
hits, then by the number of distinct keywords, then by taxonomy order, and
at most ``MAX_TOPICS`` are returned.  Evidence lists the matched phrases as
written in the text (first occurrence of each keyword), in order of appearance.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Mapping, Sequence

import yaml

from .arabic import match_tokens, strip_clitics
from .gazetteer import scan
from .models import Problem, Sentence, TopicMatch

__all__ = ["Topic", "Taxonomy", "load_taxonomy", "build_taxonomy", "match_topics", "MAX_TOPICS"]

MAX_TOPICS = 5


@dataclass(frozen=True)
class Topic:
    id: str
    en: str
    ar: str
    keywords: tuple[str, ...]
    min_hits: int = 1
    line: int | None = None


@dataclass(frozen=True)
class Taxonomy:
    topics: tuple[Topic, ...] = ()
    # first match token -> ((tokens, topic index, keyword), ...), longest first
    index: Mapping[str, tuple[tuple[tuple[str, ...], int, str], ...]] = field(
        default_factory=lambda: MappingProxyType({}), compare=False, repr=False)


def build_taxonomy(data: object, path: str = "topics.yaml",
                   lines: Sequence[int] = ()) -> tuple[Taxonomy, list[Problem]]:
    problems: list[Problem] = []
    if data is None:
        data = []
    if not isinstance(data, list):
        return Taxonomy(), [Problem(path, 1, "the topic taxonomy must be a list of topics")]
    topics: list[Topic] = []
    seen: set[str] = set()
    for i, raw in enumerate(data):
        line = lines[i] if i < len(lines) else None
        if not isinstance(raw, dict):
            problems.append(Problem(path, line, f"topic {i + 1} is not a mapping"))
            continue
        tid, en, ar = (str(raw.get(k) or "").strip() for k in ("id", "en", "ar"))
        keywords = raw.get("keywords") or []
        if isinstance(keywords, str):
            keywords = [keywords]
        missing = [k for k, v in (("id", tid), ("en", en), ("ar", ar), ("keywords", keywords)) if not v]
        if missing:
            problems.append(Problem(path, line, f"topic {tid or i + 1} lacks {', '.join(missing)}"))
            continue
        if tid in seen:
            problems.append(Problem(path, line, f"duplicate topic id {tid!r}"))
            continue
        seen.add(tid)
        min_hits = raw.get("min_hits", 1)
        if not isinstance(min_hits, int) or isinstance(min_hits, bool) or min_hits < 1:
            problems.append(Problem(path, line, f"topic {tid!r}: min_hits must be a positive integer", "warning"))
            min_hits = 1
        kws = tuple(str(k).strip() for k in keywords if str(k).strip())
        for kw in kws:
            if not match_tokens(kw):
                problems.append(Problem(path, line, f"topic {tid!r}: keyword {kw!r} has no words", "warning"))
        topics.append(Topic(tid, en, ar, kws, min_hits, line))
    index: dict[str, list[tuple[tuple[str, ...], int, str]]] = {}
    for n, topic in enumerate(topics):
        for kw in topic.keywords:
            toks = tuple(match_tokens(kw))
            if toks:
                index.setdefault(toks[0], []).append((toks, n, kw))
    frozen = {k: tuple(sorted(v, key=lambda e: -len(e[0]))) for k, v in index.items()}
    return Taxonomy(tuple(topics), MappingProxyType(frozen)), problems


def load_taxonomy(path: str | Path) -> tuple[Taxonomy, list[Problem]]:
    """Read ``content/topics.yaml``; returns the taxonomy and the problems."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        return Taxonomy(), [Problem(str(path), None, f"cannot read the topic taxonomy: {exc.strerror or exc}")]
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        return Taxonomy(), [Problem(str(path), mark.line + 1 if mark else None, f"invalid YAML: {exc}")]
    lines: list[int] = []
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
        if isinstance(node, yaml.SequenceNode):
            lines = [item.start_mark.line + 1 for item in node.value]
    except yaml.YAMLError:
        pass
    return build_taxonomy(data, str(path), lines)


def match_topics(sentences: Sequence[Sentence], taxonomy: Taxonomy | Sequence[Topic],
                 limit: int = MAX_TOPICS) -> tuple[TopicMatch, ...]:
    """Topics of the article with the phrases that triggered them."""
    if not isinstance(taxonomy, Taxonomy):
        taxonomy, _ = build_taxonomy([{"id": t.id, "en": t.en, "ar": t.ar, "keywords": list(t.keywords),
                                       "min_hits": t.min_hits} for t in taxonomy])
    hits = [0] * len(taxonomy.topics)
    distinct: list[set[tuple[str, ...]]] = [set() for _ in taxonomy.topics]
    evidence: list[list[str]] = [[] for _ in taxonomy.topics]
    for sentence in sentences:
        tokens = [t for t in scan(sentence.text) if t.kind != "p"]
        keys = [strip_clitics(t.text) if t.kind == "w" else t.key for t in tokens]
        i = 0
        while i < len(keys):
            matched = 0
            scored: set[int] = set()
            for toks, n, kw in taxonomy.index.get(keys[i], ()):
                if tuple(keys[i:i + len(toks)]) == toks:
                    # the longest keyword here; every topic that has it scores
                    if matched and len(toks) < matched:
                        break
                    matched = len(toks)
                    if n in scored:
                        continue  # "المصفاة" and "مصفاة" are one keyword after clitic stripping: one hit
                    scored.add(n)
                    hits[n] += 1
                    if toks not in distinct[n]:
                        distinct[n].add(toks)
                        evidence[n].append(sentence.text[tokens[i].start:tokens[i + len(toks) - 1].end])
            i += matched or 1
    ranked = sorted(
        (n for n, topic in enumerate(taxonomy.topics) if hits[n] >= topic.min_hits),
        key=lambda n: (-hits[n], -len(distinct[n]), n),
    )
    return tuple(
        TopicMatch(taxonomy.topics[n].id, taxonomy.topics[n].en, taxonomy.topics[n].ar, tuple(evidence[n]))
        for n in ranked[:limit]
    )
