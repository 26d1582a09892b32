"""Topic tagging from a keyword taxonomy (``content/topics.yaml``).

Matching compares *match tokens* (``arabic.match_tokens``: normalised and
stripped of proclitics) on both sides, so "والتعاون الأمني" matches the
keyword "التعاون الأمني" and "الامريكيه" matches "الأمريكية".  A multi-word
keyword must appear word for word, in order.  Overlapping keywords are not
double-counted: at each position the longest keyword wins and the scan
continues after it ("مكافحة الإرهاب" is one hit, not also a hit for
"الإرهاب").

Each keyword occurrence is *weighted* by where it stands, because a topic
the story is about is named where the story is told, and a topic mentioned
as background is not what the article is about:

* the headline weighs ``HEADLINE_WEIGHT`` (2), the lead (the first story
  sentence) ``LEAD_WEIGHT`` (1.5), any other sentence 1;
* a sentence anchored to the past (``BACKGROUND``: "الشهر الماضي", "العام
  الماضي", "الأشهر الماضية", "في وقت سابق", "سابقا", "بعد أسبوعين من",
  "يذكر أن", "تعيد إلى الأذهان", or the pluperfect "وكان(ت) ... قد") counts
  ``BACKGROUND_FACTOR`` (0.5) of that; a weekday ("السبت الماضي") is not
  such an anchor: it dates the story itself.  The headline is never
  background.

A topic's score is the sum of its weighted hits; it is reported when the
score reaches its ``min_hits``.  So one background mention (0.5) never adds
a topic of ``min_hits`` 1, two do; a topic of ``min_hits`` 2 needs two body
hits, or a headline hit, or the lead and one more.  Topics are ranked by
score, then by the number of distinct keywords, then by taxonomy order, and
at most ``MAX_TOPICS`` are returned.  Evidence lists the matched phrases as
written in the text (first occurrence of each keyword), in order of
appearance, without quotes, guillemets or brackets caught inside or around
them ("«المركزي» الليبي" gives "المركزي الليبي").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Mapping, Sequence


from ..text.arabic import match_tokens, normalise
from ..text.lexicons import read_lexicon
from ..yamlio import LINE_KEY
from ..text.document import Document, annotate
from ..text.tokens import Token, scan
from ..models import Problem, Sentence, TopicMatch

__all__ = ["Topic", "Taxonomy", "load_taxonomy", "build_taxonomy", "match_topics", "sentence_weight", "MAX_TOPICS", "BACKGROUND"]

MAX_TOPICS = 5
HEADLINE_WEIGHT = 2.0
LEAD_WEIGHT = 1.5
BODY_WEIGHT = 1.0
BACKGROUND_FACTOR = 0.5


def _nw(words: str) -> str:
    return " ".join(normalise(w) for w in words.split())


# Past anchors, on the sentence's normalised words (a proclitic و/ف/ب/ل may
# precede a word).  See the module docstring.
_P = r"(?:^| )[وفبل]?"
BACKGROUND = re.compile(
    "|".join(
        [
            _P + r"(?:ال)?(?:شهر|عام|اسبوع|سنه|اشهر|اعوام|سنوات|اسابيع)\s+(?:ال)?(?:ماضي|ماضيه|منصرم|منصرمه|فائت|سابق|سابقه)"
            r"(?: |$)",
            _P + _nw("وقت سابق") + r"(?: |$)",
            _P + r"سابقا(?: |$)",
            _P + r"بعد (?:يوم|يومين|ايام|اسبوع|اسبوعين|اسابيع|شهر|شهرين|اشهر|عام|عامين|اعوام|سنه|سنتين|سنوات) من ",
            _P + r"(?:يذكر ان|يشار الي ان|تجدر الاشاره|الجدير بالذكر)",
            _P + _nw("إلى الأذهان"),
            r"^[وف]?كان(?:ت|وا|تا|ا)? (?:.* )?قد ",
        ]
    )
)
# Punctuation that scrapes catch inside or around a phrase.
_EVIDENCE_TRIM = re.compile(r"[\"'“”‘’«»‹›()\[\]{}<>]")


def sentence_weight(sentence: Sentence, lead: bool, tokens: Sequence[Token] | None = None) -> float:
    """The weight of a keyword hit in ``sentence`` (see the module doc);
    ``tokens`` are its ``scan`` tokens when the caller has them."""
    if sentence.index < 0:
        return HEADLINE_WEIGHT
    base = LEAD_WEIGHT if lead else BODY_WEIGHT
    words = " ".join(t.key for t in (scan(sentence.text) if tokens is None else tokens) if t.kind == "w")
    return base * BACKGROUND_FACTOR if BACKGROUND.search(words) else base


def _clean_evidence(text: str) -> str:
    return " ".join(_EVIDENCE_TRIM.sub(" ", text).split())


@dataclass(frozen=True)
class Topic:
    id: str
    en: str
    ar: str
    keywords: tuple[str, ...]
    min_hits: int = 1
    line: int | None = None
    tags: tuple[str, ...] = ()  # front-matter tags that mean this topic (shown with its label)


@dataclass(frozen=True)
class Taxonomy:
    topics: tuple[Topic, ...] = ()
    # first match token -> ((tokens, topic index, keyword), ...), longest first
    index: Mapping[str, tuple[tuple[tuple[str, ...], int, str], ...]] = field(
        default_factory=lambda: MappingProxyType({}), compare=False, repr=False
    )

    def __reduce__(self):
        # a mappingproxy does not pickle: made again from a copy of the index
        return (_taxonomy, (self.topics, dict(self.index)))


def _taxonomy(topics: tuple[Topic, ...], index: dict) -> Taxonomy:
    return Taxonomy(topics, MappingProxyType(index))


def _read_topic(raw: object, i: int, line: int | None, path: str, seen: set[str], problems: list[Problem]) -> Topic | None:
    """One entry of the taxonomy, or None (reported) when it is unusable."""
    if not isinstance(raw, dict):
        problems.append(Problem(path, line, f"topic {i + 1} is not a mapping"))
        return None
    tid, en, ar = (str(raw.get(k) or "").strip() for k in ("id", "en", "ar"))
    keywords = raw.get("keywords") or []
    if isinstance(keywords, str):
        keywords = [keywords]
    missing = [k for k, v in (("id", tid), ("en", en), ("ar", ar), ("keywords", keywords)) if not v]
    if missing:
        problems.append(Problem(path, line, f"topic {tid or i + 1} lacks {', '.join(missing)}"))
        return None
    if tid in seen:
        problems.append(Problem(path, line, f"duplicate topic id {tid!r}"))
        return None
    seen.add(tid)
    min_hits = raw.get("min_hits", 1)
    if not isinstance(min_hits, int) or isinstance(min_hits, bool) or min_hits < 1:
        problems.append(Problem(path, line, f"topic {tid!r}: min_hits must be a positive integer", "warning"))
        min_hits = 1
    kws = tuple(str(k).strip() for k in keywords if str(k).strip())
    for kw in kws:
        if not match_tokens(kw):
            problems.append(Problem(path, line, f"topic {tid!r}: keyword {kw!r} has no words", "warning"))
    tags = raw.get("tags") or []
    tags = (tags,) if isinstance(tags, str) else tuple(str(t).strip() for t in tags if str(t).strip())
    return Topic(tid, en, ar, kws, min_hits, line, tags)


def build_taxonomy(data: object, path: str = "topics.yaml", lines: Sequence[int | None] = ()) -> tuple[Taxonomy, list[Problem]]:
    problems: list[Problem] = []
    if data is None:
        data = []
    if not isinstance(data, list):
        return Taxonomy(), [Problem(path, 1, "the topic taxonomy must be a list of topics")]
    topics: list[Topic] = []
    seen: set[str] = set()
    for i, raw in enumerate(data):
        topic = _read_topic(raw, i, lines[i] if i < len(lines) else None, path, seen, problems)
        if topic is not None:
            topics.append(topic)
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
    data, problems = read_lexicon(path, str(path), what="the topic taxonomy")
    if problems:
        return Taxonomy(), problems
    lines = [item.get(LINE_KEY) if isinstance(item, dict) else None for item in data] if isinstance(data, list) else []
    return build_taxonomy(data, str(path), lines)


def match_topics(
    sentences: Sequence[Sentence],
    taxonomy: Taxonomy | Sequence[Topic],
    limit: int = MAX_TOPICS,
    document: Document | None = None,
) -> tuple[TopicMatch, ...]:
    """Topics of the article with the phrases that triggered them;
    ``document`` is the article's annotation (tokens and clitic-free stems),
    else the sentences are annotated here."""
    document = document if document is not None else annotate(sentences)
    if not isinstance(taxonomy, Taxonomy):
        taxonomy, _ = build_taxonomy(
            [{"id": t.id, "en": t.en, "ar": t.ar, "keywords": list(t.keywords), "min_hits": t.min_hits} for t in taxonomy]
        )
    hits = [0.0] * len(taxonomy.topics)
    distinct: list[set[tuple[str, ...]]] = [set() for _ in taxonomy.topics]
    evidence: list[list[str]] = [[] for _ in taxonomy.topics]
    lead_index = next((s.index for s in sentences if s.index >= 0), None)
    for sentence in sentences:
        annotated = document.of(sentence)
        words = [k for k, t in enumerate(annotated.tokens) if t.kind != "p"]
        tokens = [annotated.tokens[k] for k in words]
        keys = [annotated.stems[k] for k in words]
        weight: float | None = None
        i = 0
        while i < len(keys):
            matched = 0
            scored: set[int] = set()
            for toks, n, kw in taxonomy.index.get(keys[i], ()):
                if tuple(keys[i : i + len(toks)]) == toks:
                    # the longest keyword here; every topic that has it scores
                    if matched and len(toks) < matched:
                        break
                    matched = len(toks)
                    if n in scored:
                        continue  # "المصفاة" and "مصفاة" are one keyword after clitic stripping: one hit
                    scored.add(n)
                    if weight is None:
                        weight = sentence_weight(sentence, sentence.index == lead_index, annotated.tokens)
                    hits[n] += weight
                    if toks not in distinct[n]:
                        distinct[n].add(toks)
                        evidence[n].append(_clean_evidence(sentence.text[tokens[i].start : tokens[i + len(toks) - 1].end]))
            i += matched or 1
    ranked = sorted(
        (n for n, topic in enumerate(taxonomy.topics) if hits[n] >= topic.min_hits - 1e-9),
        key=lambda n: (-hits[n], -len(distinct[n]), n),
    )
    return tuple(
        TopicMatch(taxonomy.topics[n].id, taxonomy.topics[n].en, taxonomy.topics[n].ar, tuple(evidence[n]))
        for n in ranked[:limit]
    )
