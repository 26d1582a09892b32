"""Grouping briefs into stories (event clusters) and stories into threads.

Two levels, as news monitors do:

1. **Event clusters.**  Reports of the *same event* from different outlets,
   published within ``EVENT_PUB_WINDOW`` days of each other, become one
   ``Story``: the most complete report leads, the others are "also reported
   by".  Reports that share actors but describe different events stay apart:
   different resolved event dates always separate; different event kinds or
   different event cities separate unless the wording is near-identical.
2. **Story threads.**  Events that continue one story across days (a
   delegation's visit over several meetings, a crisis day after day) share a
   ``thread_id``; each story's ``related`` lists the other stories of its
   thread, newest first.

Evidence, per pair of reports:

* *wording*: cosine of TF-IDF vectors over normalised, clitic-stripped,
  stopword-filtered tokens of headline + sentences (headline and the first two
  sentences count twice: news puts the event in the lead).  IDF comes from
  the reports of the archive published up to the report's own day (at least
  ``IDF_MIN_REPORTS`` of them): a report's weights are those of its day, and a
  newer report does not move the scores of older ones.
* *actors*: weighted Jaccard of ``Actor.id`` sets; the event's participants,
  the first three actors named and those in the headline weigh 1 ("salient"),
  background mentions 0.5.  When only one report has extracted actors, the
  other report's text is searched for their names instead.
* *places*: weighted Jaccard of ``Place.id`` sets (city/site 1, region 0.6,
  country 0.3: "Libya" is in every Libyan story).
* *dates*: publication gap, and ``Brief.event_date`` when both are known.
* *event kind* / *topics* when the extraction filled them.

All of it degrades gracefully: with no actors, places, dates or topics the
decisions rest on the wording alone, with correspondingly stricter thresholds.

Scaling: pairs are never enumerated exhaustively.  An inverted index maps
salient features to the reports that have them, sorted by publication date:
actor and place ids within ``THREAD_PUB_WINDOW`` days, each report's top
TF-IDF terms within ``TERM_WINDOW`` days.  Only reports that share at least
``MIN_SHARED_KEYS`` features become candidate pairs, and a feature carried by
more than ``MAX_KEY_NEIGHBOURS`` earlier reports within its window is too common
there to block on for the report after them (as "Libya" or the head of government would be).  Clusters
and threads are built with union-find, strongest pairs first, refusing merges
that would put two event dates in one event or join threads centred on
different actors (the guard against chaining everything into one thread).
"""

from __future__ import annotations

import bisect
import datetime as dt
import math
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from ..text.arabic import normalise
from .concepts import GENERIC, arabic_concepts, concepts_of
from ..models import BilingualBrief, Brief, Story
from ..briefs.summarise import content_tokens
from ..text.textsim import (
    Sparse,
    Vectors,
    as_of_reach,
    char_ngrams,
    pair_cosine,
    sparse_dot,
    sparse_sum,
    vectorise,
    vectorise_ids,
)
from ..text.textsim import cosines as vector_cosines
from ..briefs.store import BuildStore
from .memo import FeatureMemo, PairMemo, VectorMemo, Vocabulary
from ..memory import can_fork, collector_paused, in_fresh_forks

__all__ = [
    "EVENT_PUB_WINDOW",
    "THREAD_PUB_WINDOW",
    "ClusterResult",
    "Comparison",
    "cluster_stories",
    "cluster_with_stats",
]

# ---------------------------------------------------------------------------
# Thresholds (see the module docstring and benchmarks/README.md for why)
# ---------------------------------------------------------------------------

# Outlets report an event the same day or within a day or two.
EVENT_PUB_WINDOW = 2
# One thread link spans at most a week between two stories (a thread made of
# several links can be longer).
THREAD_PUB_WINDOW = 7
# Wording-only candidates (no shared actor or place key) are looked for within
# this many days: enough for an event and the next day of its thread.
TERM_WINDOW = EVENT_PUB_WINDOW + 1

# Same event (module docstring):
#   score = concepts + W_CHARS * wording + date term + kind term
# ``concepts`` is the TF-IDF cosine of the language-neutral features (actor
# and place ids, figures, bilingual news concepts: concepts.py), ``wording``
# the character n-gram cosine (0 across languages).  On the evaluation corpus
# reports of one event have concepts 0.45-0.69 (quartiles) in either language
# pair, reports of other events within two days (mostly the same actors, the
# same crisis) at most 0.39 in nine cases of ten; wording of one event
# 0.24-0.36 against 0.20.
EVENT_SCORE = 0.45
W_CHARS = 0.5
TEXT_NEAR_COPY = 0.8  # character cosine of a copy: one event whatever the extraction says
KIND_DISAGREE = -0.05  # extracted kinds are noisy (a killing told as clashes)
PEOPLE_DISAGREE = -0.1  # the salient people of both reports are different people
PLACE_DISAGREE = -0.1  # the events' cities differ and neither report names the other's
DATE_AGREE = 0.10  # the same firm event date
DATE_NEAR = 0.0  # a day apart, or one date uncertain: outlets often disagree by a day
NEXT_DAY = -0.1  # a day apart, each report dated the day it appeared: more likely the next day's event
DATES_APART = -0.3  # firm dates further apart: strong evidence, still not a veto on its own
PUB_DAY_PENALTY = 0.04  # per day between publications when a date is unresolved
DATE_SPREAD = 1  # days between the firm event dates within one event, at most (the tolerance)
# Average linkage: a group joins another when the mean score across them
# reaches EVENT_SCORE and no pair across them is below LINK_FLOOR.
LINK_FLOOR = 0.2

# One thread:
#  * two or more salient actors in common (the same delegation, the same two
#    sides) and some common wording (>= THREAD_MIN_TEXT); or
#  * one salient actor in common, similar wording (>= THREAD_ONE_ACTOR_TEXT)
#    and a topic or place in common (when topics are known); or
#  * clearly similar wording (>= THREAD_TEXT) when actors do not contradict
#    it (some actor in common, or actors unknown on one side).
# Disjoint topics (both known) veto the link unless the wording is similar:
# the same minister on electricity on Monday and on elections on Saturday is
# two stories.
THREAD_MIN_TEXT = 0.12
THREAD_ONE_ACTOR_TEXT = 0.35
THREAD_TEXT = 0.4
# A crisis in one place is told by different voices day after day (clashes
# in a city reported from hospitals, a ceasefire announced by the municipality,
# a statement by the UN mission): the same event city or site, a topic in
# common and some common wording link them even without a common actor, as
# long as the people at the centre of each report are not different people.
THREAD_PLACE_TEXT = 0.15
# Chaining guard: links are pairwise, so a chain of plausible links could
# grow one "thread" across the whole archive (a 1,000-report archive once had
# a thread of 223 stories).  A link that would make a thread longer than this
# many stories, or spread it over more days than this, is refused.
MAX_THREAD_STORIES = 12
MAX_THREAD_DAYS = 21

# Threads of whole stories (``_story_links``): the summed language-neutral
# features of two stories reach STORY_LINK_SCORE, raised by
# STORY_LINK_DAY_RAISE per day beyond THREAD_PUB_WINDOW, within
# THREAD_LONG_WINDOW days.
STORY_LINK_SCORE = 0.25
STORY_LINK_DAY_RAISE = 0.005
THREAD_LONG_WINDOW = 45

# Candidate generation.
TOP_TERMS = 12  # top TF-IDF terms per report used as blocking keys
MIN_SHARED_KEYS = 2  # a pair must share this many keys to be compared
MAX_KEY_NEIGHBOURS = 30  # more earlier reports with the key in its window: too common to block on
COPY_SHARED_TERMS = 6  # half the top terms shared: compared even when the actors differ
TOP_NGRAMS = 10  # rarest-heaviest character n-grams per report used as blocking keys
TOP_CONCEPTS = 8  # heaviest bilingual concepts per report used as blocking keys

# Language-neutral features (term counts before TF-IDF): the news concepts
# a text uses are many and general, its actors, places and figures few and
# specific.
CONCEPT_FEATURE = 1.0
ACTOR_FEATURE = 2.0  # salient actors; background ones get half
PLACE_FEATURE = 2.0  # cities and sites
FIGURE_FEATURE = 1.0
BACKGROUND_DOCS = 20  # virtual reports holding every generic concept (concepts.GENERIC)
# Term weights as of a report's day (textsim's ``epochs``), over at least this
# many reports (a week or two of a daily archive): fewer weigh terms on a handful
IDF_MIN_REPORTS = 500
IDF_MIN_STORIES = 200

# Salience weights.
PLACE_KIND_WEIGHT = {"city": 1.0, "site": 1.0, "region": 0.6, "country": 0.3}
BACKGROUND_ACTOR_WEIGHT = 0.5
LEAD_ACTORS = 3
LEAD_SENTENCES = 2  # count twice in the text vector
NAME_MENTION_WEIGHT = 0.8  # actor overlap credited when the other text names the actor

MAX_NOTES = 60  # detailed lines in the build summary (the rest are counted)
MAX_LINES_PER_KIND = 3  # per story: joins, thread links, kept-apart notes

_DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def _day(d: dt.date) -> str:
    return f"{_DAYS[d.weekday()]} {d.day} {_MONTHS[d.month - 1]} {d.year}"


# ---------------------------------------------------------------------------
# Per-report features
# ---------------------------------------------------------------------------


@dataclass
class _Doc:
    n: int  # position in the (date, id)-sorted list
    item: BilingualBrief
    id: str
    source: str
    pub: int  # publication date ordinal
    event_date: dt.date | None
    kind: str | None
    event_place: tuple[str, str, str] | None  # (id, English name, kind)
    actors: dict[str, float]  # id -> salience weight
    persons: set[str]  # salient people (the event's participants and the first named)
    actor_names: dict[str, str]  # id -> English name
    actor_tokens: dict[str, frozenset]  # id -> match tokens of the Arabic name
    places: dict[str, float]
    place_names: dict[str, str]
    topics: dict[str, str]  # id -> English label
    counts: Counter
    lang: str = "ar"
    figures: frozenset = frozenset()  # numbers the report gives (years left out)
    date_firm: bool = False  # event date resolved without a conflict flagged
    page_kind: str = "article"  # "listing" or "multi" (relevance.page_kind): not a report of one event
    concepts: Counter = field(default_factory=Counter, repr=False)  # language-neutral features (concepts.py)

    @property
    def brief(self) -> Brief:
        return self.item.brief

    @property
    def salient(self) -> set[str]:
        return {a for a, w in self.actors.items() if w >= 1.0}


@dataclass(frozen=True)
class _ActorFeatures:
    """A report's actors: salience weights, English names, the tokens that
    find a name in running text, and the salient people."""

    weights: dict[str, float]  # id -> salience weight
    names: dict[str, str]  # id -> English name
    tokens: dict[str, frozenset]  # id -> match tokens of the Arabic name
    persons: set[str]  # salient people (the event's participants and the first named)


def _name_tokens(actor) -> frozenset:
    toks = content_tokens(actor.name_ar)
    # the family name alone identifies a person in running text
    # ("عبدالسلام الزوبي" / "عبد السلام الزوبي" / "الزوبي")
    surname = toks[-1] if actor.kind == "person" and toks and len(toks[-1]) >= 3 else None
    return frozenset([surname] if surname else toks)


def _actor_features(brief: Brief, participants: list) -> _ActorFeatures:
    headline_norm = normalise(brief.headline or "")
    participant_ids = {a.id for a in participants}
    named = list(brief.actors) + participants
    weights: dict[str, float] = {}
    names: dict[str, str] = {}
    tokens: dict[str, frozenset] = {}
    for rank, actor in enumerate(named):
        salient = (
            rank < LEAD_ACTORS or actor.id in participant_ids or bool(actor.name_ar and normalise(actor.name_ar) in headline_norm)
        )
        weight = 1.0 if salient else BACKGROUND_ACTOR_WEIGHT
        weights[actor.id] = max(weights.get(actor.id, 0.0), weight)
        names.setdefault(actor.id, actor.name_en or actor.id.split(":", 1)[-1])
        if actor.id not in tokens and actor.name_ar:
            tokens[actor.id] = _name_tokens(actor)
    persons = {a.id for a in named if a.kind == "person" and weights.get(a.id, 0.0) >= 1.0}
    return _ActorFeatures(weights, names, tokens, persons)


def _place_features(brief: Brief) -> tuple[dict[str, float], dict[str, str], tuple[str, str, str] | None]:
    """(id -> weight, id -> English name, the event's place) of a report."""
    event = brief.event
    event_place = event.place if event is not None else None
    places: dict[str, float] = {}
    place_names: dict[str, str] = {}
    for place in list(brief.places) + ([event_place] if event_place else []):
        weight = PLACE_KIND_WEIGHT.get(place.kind, 0.8)
        places[place.id] = max(places.get(place.id, 0.0), weight)
        place_names.setdefault(place.id, place.name_en or place.id)
    where = (event_place.id, event_place.name_en or event_place.id, event_place.kind) if event_place is not None else None
    return places, place_names, where


def _concept_features(found: Counter, actors: dict[str, float], places: dict[str, float], counts: Counter) -> Counter:
    """Language-neutral features (float counts): news concepts, actor and
    place ids, figures."""
    concepts: Any = Counter()
    for concept, count in found.items():
        concepts[concept] = CONCEPT_FEATURE * count
    for actor_id, weight in actors.items():
        concepts["a:" + actor_id] += ACTOR_FEATURE * weight
    for place_id, weight in places.items():
        if weight >= 0.6:
            concepts["p:" + place_id] += PLACE_FEATURE
    for figure in counts:
        if _is_figure(figure):
            concepts["n:" + figure] += FIGURE_FEATURE
    return concepts


def _date_is_firm(brief: Brief, event_date: dt.date | None) -> bool:
    """A date the text states (not the publication date by default) and no
    conflict flagged."""
    return event_date is not None and any(m.resolved == event_date for m in brief.dates) and not any(m.note for m in brief.dates)


def _texts(brief: Brief) -> list[str]:
    """The headline and the lead (counted twice), then the whole text."""
    return [brief.headline] + [s.text for s in brief.sentences[:LEAD_SENTENCES]] + [s.text for s in brief.sentences]


def _doc(n: int, item: BilingualBrief) -> _Doc:
    brief = item.brief
    event = brief.event
    participants: list = []
    if event is not None:
        participants = [a for a in (event.principal, *event.counterparts) if a is not None]
    actors = _actor_features(brief, participants)
    places, place_names, event_place = _place_features(brief)
    all_texts = _texts(brief)
    body_tokens = [content_tokens(s.text) for s in brief.sentences]
    lead_tokens = [content_tokens(brief.headline)] + body_tokens[:LEAD_SENTENCES]  # each sentence tokenised once
    counts = Counter(t for tokens in lead_tokens + body_tokens for t in tokens)  # the lead counts twice
    event_date = brief.event_date or (event.date if event is not None else None)
    lang = brief.article.lang or "ar"
    found = arabic_concepts(lead_tokens + body_tokens) if lang == "ar" else concepts_of(all_texts, lang)
    return _Doc(
        n=n,
        item=item,
        id=item.id,
        source=brief.article.source or "unknown outlet",
        pub=brief.article.date.toordinal(),
        event_date=event_date,
        kind=(event.kind if event is not None else None) or None,
        event_place=event_place,
        actors=actors.weights,
        persons=actors.persons,
        actor_names=actors.names,
        actor_tokens=actors.tokens,
        places=places,
        place_names=place_names,
        topics={t.id: t.label_en or t.id for t in brief.topics},
        counts=counts,
        lang=lang,
        figures=frozenset(t for t in counts if _is_figure(t)),
        date_firm=_date_is_firm(brief, event_date),
        concepts=_concept_features(found, actors.weights, places, counts),
        page_kind=brief.relevance.page_kind if brief.relevance is not None else "article",
    )


def _is_figure(token: str) -> bool:
    """A number worth matching across reports: not a year (every report of
    2025 says 2025)."""
    if not token[:1].isdigit():
        return False
    digits = token.replace(",", "").replace(".", "")
    return digits.isdigit() and not (len(digits) == 4 and 1900 <= int(digits) <= 2100)


@dataclass(frozen=True)
class _Counts:
    """A report's feature counts as term ids into the memo's vocabulary and
    their counts (``memo``): its words, character n-grams and concepts."""

    words: tuple[np.ndarray, np.ndarray]
    chars: tuple[np.ndarray, np.ndarray]
    concepts: tuple[np.ndarray, np.ndarray]


def _compact(row: tuple[np.ndarray, np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    """Term ids in 4 bytes, counts too when that loses nothing (counts are
    whole or halves): the stored rows of 5,000 reports stay small."""
    ids, counts = row
    small = counts.astype(np.float32)
    return ids.astype(np.int32), small if np.array_equal(small, counts) else counts


_PER_RUN = ("n", "item")  # _Doc fields that are not the brief's features


@dataclass
class _Batch:
    """The reports of one clustering run with their counts, and the
    background documents of the concept vectors."""

    docs: list[_Doc]
    counts: list[_Counts]
    background: np.ndarray  # term ids of the generic concepts
    keys: list[str]  # each report's feature key (``FeatureMemo.key``)


_Features = tuple[dict[str, Any], _Counts]  # a report's _Doc fields but _PER_RUN, and its counts


def _features(item: BilingualBrief, vocabulary: Vocabulary) -> _Features:
    """What clustering keeps of one brief (the brief itself is stored
    already), its counts encoded into *vocabulary*."""
    made = _doc(0, item)
    encode = vocabulary.encode
    row = _Counts(
        _compact(encode(made.counts)), _compact(encode(char_ngrams(_texts(item.brief)))), _compact(encode(made.concepts))
    )
    return {k: v for k, v in vars(made).items() if k not in _PER_RUN}, row


# The features of briefs not in the store (all of a cold build's) are made
# by forked processes, each a part of consecutive briefs, when there are
# two parts of at least FEATURE_PART_MIN briefs.  Each part is encoded into
# the vocabulary as its fork found it and sends back the terms it added; here
# they are added in the parts' order and the part's ids renumbered, so the
# vocabulary and every id are those one process makes.  Those of 5,000 briefs
# took 2.6-2.9 s in one process, 2.0-2.1 s in eight parts (1.9-2.0 s in two,
# but two forks each holding the terms and features of 2,500 briefs took a
# cold build's peak PSS from 421 to 499 MB; in eight, 391 MB); of 1,000,
# 0.41-0.54 s and, in two parts, 0.34-0.38 s.
FEATURE_PART_MIN = 500
FEATURE_PARTS_PER_JOB = 4


def _made_features(items: list[BilingualBrief], vocabulary: Vocabulary, jobs: int) -> list[_Features]:
    """``_features`` of each of *items*, in order, by *jobs* processes when
    there are enough of them (``FEATURE_PART_MIN``): the same either way."""
    count = min(jobs * FEATURE_PARTS_PER_JOB, len(items) // FEATURE_PART_MIN)
    if jobs <= 1 or count < 2 or not can_fork():
        return [_features(item, vocabulary) for item in items]
    size = -(-len(items) // count)
    parts = [items[i : i + size] for i in range(0, len(items), size)]
    vocabulary.lookup()  # made once, here, not in each fork

    def made(n: int) -> tuple[int, list[str], list[_Features]]:
        known = len(vocabulary.terms)
        features = [_features(item, vocabulary) for item in parts[n]]
        return known, vocabulary.terms[known:], features

    out: list[_Features] = []
    for known, added, features in in_fresh_forks(made, len(parts), jobs):
        ids = vocabulary.ids_of(added)  # the fork numbered its terms from *known* on
        for fields, row in features:
            out.append((fields, _Counts(*(_renumbered(part, known, ids) for part in (row.words, row.chars, row.concepts)))))
    return out


def _renumbered(row: tuple[np.ndarray, np.ndarray], known: int, ids: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """*row*'s ids from *known* on replaced by ``ids[id - known]``."""
    found, counts = row
    added = found >= known
    if added.any():
        found = found.copy()
        found[added] = ids[found[added] - known]
    return found, counts


def _batch(ordered: list[BilingualBrief], memo: FeatureMemo, jobs: int = 1) -> _Batch:
    """Each report's features, from the memo when it has them; the memo
    then keeps those of this batch only."""
    keys = [memo.key(it.brief) for it in ordered]
    memo.load(keys)
    missing = memo.missing(keys)
    made = dict(zip(missing, _made_features([ordered[n] for n in missing], memo.vocabulary, jobs)))
    docs: list[_Doc] = []
    counts: list[_Counts] = []
    for n, (item, key) in enumerate(zip(ordered, keys)):
        stored = memo.get(key)
        if stored is None:
            stored = made.pop(n)
            memo.put(key, stored)
        fields, row = stored
        docs.append(_Doc(n=n, item=item, **fields))
        counts.append(row)
    background, _ = memo.vocabulary.encode(Counter(dict.fromkeys(sorted(GENERIC), 1)))
    memo.save(set(keys))
    return _Batch(docs, counts, background, keys)


def _vectorise(batch: _Batch, terms: list[str], memo: VectorMemo) -> tuple[Vectors, Vectors, Vectors, list[np.ndarray]]:
    """TF-IDF vectors (``textsim``) of every report's words (for threads),
    character n-grams (for events) and language-neutral concepts (for events
    in any language pair), and every report's blocking keys (``_BlockingKeys``);
    the *memo* gives the vectors and top terms of reports weighed as in the
    last clustering.
    The batch's counts are used up: each kind is let go once its vectors are
    made, not held beside them."""
    docs = batch.docs
    rows: dict[str, list] = {kind: [getattr(c, kind) for c in batch.counts] for kind in ("words", "chars", "concepts")}
    batch.counts.clear()
    epochs, least = [d.pub for d in docs], IDF_MIN_REPORTS  # weights as of each report's day
    known = memo.known
    words = vectorise_ids(rows.pop("words"), terms, consume=True, epochs=epochs, min_documents=least, known=known["words"])
    chars = vectorise_ids(rows.pop("chars"), terms, consume=True, epochs=epochs, min_documents=least, known=known["chars"])
    background = [batch.background] * BACKGROUND_DOCS
    concepts = vectorise_ids(
        rows.pop("concepts"),
        terms,
        background=background,
        consume=True,
        epochs=epochs,
        min_documents=least,
        known=known["concepts"],
    )
    tops = {
        kind: memo.top_terms(kind, vectors, k)
        for kind, vectors, k in (("words", words, TOP_TERMS), ("chars", chars, TOP_NGRAMS), ("concepts", concepts, TOP_CONCEPTS))
    }
    keys = _BlockingKeys()
    for d in docs:
        keys.add(
            [
                ("a", sorted(d.actors)),
                ("p", [p for p in sorted(d.places) if d.places[p] >= 0.6]),
                ("e", [d.event_place[0]] if d.event_place and d.event_place[2] in ("city", "site") else []),
                ("n", sorted(d.figures)),
            ],
            [
                # a term of one report blocks nothing: the top terms among shared ones
                ("t", tops["words"][d.n]),
                ("c", tops["chars"][d.n]),
                # actor, place and figure concepts are keys already
                ("x", [g for g in tops["concepts"][d.n] if not concepts.terms[g].startswith(("a:", "p:", "n:"))]),
            ],
        )
    return words, chars, concepts, keys.rows


class _BlockingKeys:
    """Each report's blocking keys as integer codes: the key's kind in the
    high bits, below them a term id of that kind's vectors (words ``t``,
    character n-grams ``c``, concepts ``x``) or the number given to a named
    key (actor ``a``, place ``p``, event city or site ``e``, figure ``n``).
    One code per key, as one string per key was ("a:gnu", "c:طرابلس"), at a
    small part of the memory: 200,000 keys at 5,000 reports."""

    KINDS = "apenctx"
    SHIFT = 40

    def __init__(self) -> None:
        self.rows: list[np.ndarray] = []
        self._named: dict[str, int] = {}

    def add(self, named: list[tuple[str, list]], ids: list[tuple[str, list[int]]]) -> None:
        codes: list[int] = []
        for kind, values in named:
            base = self.KINDS.index(kind) << self.SHIFT
            for value in values:
                codes.append(base | self._named.setdefault(f"{kind}:{value}", len(self._named)))
        for kind, found in ids:
            base = self.KINDS.index(kind) << self.SHIFT
            codes.extend(base | g for g in found)
        self.rows.append(np.array(codes, dtype=np.int64))

    @classmethod
    def kind(cls, codes: np.ndarray) -> np.ndarray:
        return codes >> cls.SHIFT

    @classmethod
    def windows(cls, codes: np.ndarray) -> np.ndarray:
        """Each key's window in days: actors and places carry a thread, terms an event."""
        wide = np.array([THREAD_PUB_WINDOW if k in "ape" else TERM_WINDOW for k in cls.KINDS], dtype=np.int64)
        return wide[cls.kind(codes)]

    @classmethod
    def actor_like(cls, codes: np.ndarray) -> np.ndarray:
        """Keys that block like an actor: actors, and the same event city or
        site (a crisis in one place)."""
        return np.isin(cls.kind(codes), [cls.KINDS.index("a"), cls.KINDS.index("e")])


def _weighted_jaccard(a: dict[str, float], b: dict[str, float]) -> float:
    if not a or not b:
        return 0.0
    keys = a.keys() | b.keys()
    top = sum(min(a.get(k, 0.0), b.get(k, 0.0)) for k in keys)
    bottom = sum(max(a.get(k, 0.0), b.get(k, 0.0)) for k in keys)
    return top / bottom if bottom else 0.0


# ---------------------------------------------------------------------------
# Candidate pairs
# ---------------------------------------------------------------------------


def _posting_pairs(keys: list[np.ndarray], pubs: np.ndarray, first: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Pair codes ``i * n + j`` (i < j, *first* <= j) of the reports of each
    posting list (the reports that share a key) that lie within the key's
    window in days, each report with the earlier ones, unless they are too
    many (more than MAX_KEY_NEIGHBOURS: for that report the key blocks
    nothing); and whether each pair's key blocks like an actor.  All lists
    at once: the postings are the keys sorted by code, each list's reports
    in order (reports are numbered by publication), and a report's
    neighbours are found by one binary search over (list, day).  A pair is
    found from its later report, looking back: the pairs up to a report
    depend on the reports up to it only."""
    n = len(keys)
    codes = np.concatenate(keys) if keys else np.zeros(0, dtype=np.int64)
    owners = np.repeat(np.arange(n, dtype=np.int64), [len(k) for k in keys])
    order = np.argsort(codes, kind="stable")  # stable: each list keeps its reports in order
    codes, members = codes[order], owners[order]
    windows = _BlockingKeys.windows(codes)
    # (list, day) in one number: a list's days never reach the next list's
    _, rank = np.unique(codes, return_inverse=True)
    day = pubs[members] - (int(pubs.min()) if n else 0)
    span = int(day.max()) + int(windows.max()) + 1 if len(day) else 1
    place = rank.astype(np.int64) * span + day
    # each report with the earlier ones of its list in the window: looking back,
    # never forward, so a newer report cannot take an older pair away
    start = np.searchsorted(place, place - windows, side="left")
    count = np.arange(len(place)) - start
    anchors = np.flatnonzero((count > 0) & (count <= MAX_KEY_NEIGHBOURS) & (members >= first))
    reps = count[anchors]
    right = np.repeat(anchors, reps)
    run_start = np.repeat(np.cumsum(reps) - reps, reps)
    left = np.repeat(start[anchors], reps) + (np.arange(int(reps.sum())) - run_start)
    return members[left] * n + members[right], _BlockingKeys.actor_like(codes[left])


def _candidate_pairs(
    docs: list[_Doc], keys: list[np.ndarray], all_pairs: bool = False, before: tuple[int, np.ndarray] | None = None
) -> list[tuple[int, int]]:
    """Pairs (i < j) worth comparing, from each report's blocking *keys*.
    ``all_pairs`` is the naive baseline (every pair within THREAD_PUB_WINDOW
    days) used by the benchmark.

    A pair is a candidate when it shares MIN_SHARED_KEYS keys within their
    windows and, if both reports have extracted actors, at least one actor
    (two reports naming different people are different events and different
    stories) -- unless they share COPY_SHARED_TERMS top terms (a copy whose
    extraction went wrong).

    *before* is (first, pairs): the candidate pairs (i, j) with j < first,
    found already (``VectorMemo.candidates``): a pair is found from its
    later report, so only those of the reports from *first* on are found
    here.  The pairs are sorted either way."""
    n = len(docs)
    if all_pairs:
        return [(i, j) for i in range(n) for j in range(i + 1, n) if docs[j].pub - docs[i].pub <= THREAD_PUB_WINDOW]
    pubs = np.array([d.pub for d in docs], dtype=np.int64)
    first, found = before if before is not None else (0, np.zeros((0, 2), dtype=np.int64))
    pair_codes, by_actor = _posting_pairs(keys, pubs, first)
    codes, shared = np.unique(pair_codes, return_counts=True)
    with_actor = np.isin(codes, pair_codes[by_actor])
    terms, term_counts = np.unique(pair_codes[~by_actor], return_counts=True)
    del pair_codes, by_actor
    copy_like = np.zeros(len(codes), dtype=bool)
    copy_like[np.searchsorted(codes, terms[term_counts >= COPY_SHARED_TERMS])] = True
    has_actors = np.array([bool(d.actors) for d in docs], dtype=bool)
    width = max(n, 1)  # a pair's code is i * n + j
    left, right = codes // width, codes % width
    either_unknown = ~(has_actors[left] & has_actors[right])
    # across languages the text keys cannot match: shared concepts and ids must do
    lang_of = np.array([d.lang == "en" for d in docs], dtype=bool)
    cross = lang_of[left] != lang_of[right]
    keep = (shared >= MIN_SHARED_KEYS) & (with_actor | either_unknown | copy_like | cross)
    kept = codes[keep]
    if len(found):  # disjoint: every pair found before ends before *first*
        kept = np.sort(np.concatenate((kept, found[:, 0].astype(np.int64) * n + found[:, 1])))
    return list(zip((kept // width).tolist(), (kept % width).tolist()))


# ---------------------------------------------------------------------------
# Pair decisions
# ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)  # slots: a build holds one per candidate pair (105,000 at 5,000 reports)
class Comparison:
    """What was measured for one pair of reports, and what was decided."""

    a: str
    b: str
    text: float
    score: float
    decision: str  # "event", "thread" or "apart"
    reason: str  # plain English; empty when the pair is not ``notable`` (nobody reads it)
    shared_actors: tuple[str, ...] = ()
    chars: float = 0.0  # character n-gram cosine (0 across languages)
    # the two reports: the overlaps below are measured when asked (no decision
    # rests on them; 13,000 pairs of 1,000 reports need not pay for them)
    reports: tuple[Any, ...] = field(default=(), repr=False, compare=False)

    @property
    def actors(self) -> float:
        """Weighted overlap of the two reports' actors (names found in the
        other text when only one has extracted actors)."""
        return _actor_evidence(*self.reports, overlap=True)[0] if self.reports else 0.0

    @property
    def places(self) -> float:
        """Weighted overlap of the two reports' places."""
        return _weighted_jaccard(self.reports[0].places, self.reports[1].places) if self.reports else 0.0

    @property
    def notable(self) -> bool:
        """Worth telling an editor: linked, or kept apart despite common actors."""
        return self.decision != "apart" or bool(self.shared_actors)


_ComparisonFields = tuple[str, str, float, float, str, str, tuple[str, ...], float]


def _fields(c: Comparison) -> _ComparisonFields:
    """A comparison's values but its reports (``Comparison(*fields, reports=...)`` makes it again)."""
    return (c.a, c.b, c.text, c.score, c.decision, c.reason, c.shared_actors, c.chars)


def _comparison(f: _ComparisonFields, a: _Doc, b: _Doc) -> Comparison:
    return Comparison(f[0], f[1], f[2], f[3], f[4], f[5], f[6], f[7], (a, b))


def _names(ids, names: dict[str, str]) -> str:
    return ", ".join(sorted(names[i] for i in ids))


def _mentioned(named: _Doc, other: _Doc) -> list[str]:
    """Salient actors of ``named`` whose Arabic name appears in ``other``'s text
    (used when ``other`` has no extracted actors)."""
    tokens = other.counts
    found = []
    for a in sorted(named.salient):
        toks = named.actor_tokens.get(a)
        if toks and all(t in tokens for t in toks):
            found.append(a)
    return found


def _actor_evidence(a: _Doc, b: _Doc, *, overlap: bool = False) -> tuple[float, list[str], list[str], str | None]:
    """(overlap, shared ids, shared salient ids, contradiction) for a pair;
    the overlap of two reports with extracted actors is 0 unless asked for."""
    if a.actors and b.actors:
        shared = sorted(a.actors.keys() & b.actors.keys())
        salient = [k for k in shared if min(a.actors[k], b.actors[k]) >= 1.0]
        contradiction = None if shared else "no actors in common"
        return (_weighted_jaccard(a.actors, b.actors) if overlap else 0.0), shared, salient, contradiction
    if (a.actors or b.actors) and a.lang == b.lang:  # names are looked for in the same script only
        named, other = (a, b) if a.actors else (b, a)
        checkable = [x for x in sorted(named.salient) if named.actor_tokens.get(x)]
        if not checkable:
            return 0.0, [], [], None
        found = _mentioned(named, other)
        missing = [x for x in checkable if x not in found]
        named_share = NAME_MENTION_WEIGHT * len(found) / len(checkable)
        if len(found) * 2 <= len(checkable):  # half or fewer named: another event of one of them
            return named_share, found, found, f"{other.source} does not name {_names(missing, named.actor_names)}"
        return named_share, found, found, None
    return 0.0, [], [], None


def _same_event_place(a: _Doc, b: _Doc) -> bool:
    return bool(a.event_place and b.event_place and a.event_place[0] == b.event_place[0] and a.event_place[2] in ("city", "site"))


def _date_evidence(a: _Doc, b: _Doc, gap: int, *, worded: bool = True) -> tuple[float, str]:
    """(score term, plain-English note) from the two event dates; the note
    is empty unless *worded* (the score of every candidate pair is needed,
    the note of a few)."""
    if a.event_date is not None and b.event_date is not None:
        da, db = (a.event_date, b.event_date) if a.event_date <= b.event_date else (b.event_date, a.event_date)
        days = (db - da).days
        firm = a.date_firm and b.date_firm
        if days == 0:
            return (DATE_AGREE if firm else DATE_NEAR), f"same event date ({_day(da)})" if worded else ""
        if days == 1 and firm and all(d.event_date is not None and d.event_date.toordinal() == d.pub for d in (a, b)):
            # each outlet says it happened the day it wrote: two days, likely two events
            note = f"event dates a day apart ({_day(da)} vs {_day(db)}), each the day its report appeared"
            return NEXT_DAY, note if worded else ""
        if days == 1:
            return (
                DATE_NEAR,
                f"event dates a day apart ({_day(da)} vs {_day(db)}: outlets often differ by a day)" if worded else "",
            )
        if firm:
            return DATES_APART, f"event dates differ ({_day(da)} vs {_day(db)})" if worded else ""
        return -PUB_DAY_PENALTY * days, f"event dates differ ({_day(da)} vs {_day(db)}) but one is uncertain" if worded else ""
    if not worded:
        return -PUB_DAY_PENALTY * gap, ""
    unresolved = sorted({d.source for d in (a, b) if d.event_date is None})
    note = f"no event date from {' and '.join(unresolved)} (weak evidence)"
    if gap:
        note += f", published {gap} day{'s' if gap > 1 else ''} apart"
    return -PUB_DAY_PENALTY * gap, note


def _common_ground(a: _Doc, shared_actors: list[str], shared_places: list[str], contradiction: str | None, names) -> str:
    """What the pair has in common, in words."""
    if shared_actors and shared_places:
        return f"same actors ({_names(shared_actors, names)}) and place ({_names(shared_places, a.place_names)})"
    if shared_actors:
        return f"same actors ({_names(shared_actors, names)})"
    if shared_places:
        return f"same place ({_names(shared_places, a.place_names)})"
    return contradiction or "no actors or places known in common"


def _kind_term(a: _Doc, b: _Doc) -> float:
    """The score term of the two event kinds: a penalty when both are known and differ."""
    return KIND_DISAGREE if a.kind and b.kind and a.kind != b.kind else 0.0


def _kind_evidence(a: _Doc, b: _Doc) -> tuple[float, str]:
    """(score term, note) from the two event kinds."""
    if not (a.kind and b.kind):
        return 0.0, ""
    if a.kind == b.kind:
        return 0.0, f"same kind ({a.kind})"
    ka, kb = sorted([a.kind, b.kind])
    return _kind_term(a, b), f"different kinds of event ({ka} vs {kb})"


def _different_places(a: _Doc, b: _Doc) -> bool:
    """The events' cities or sites differ and neither report names the other's."""
    return bool(
        a.event_place
        and b.event_place
        and a.event_place[0] != b.event_place[0]
        and a.event_place[2] in ("city", "site")
        and b.event_place[2] in ("city", "site")
        and a.event_place[0] not in b.places
        and b.event_place[0] not in a.places
    )


def _disagreements(a: _Doc, b: _Doc, *, worded: bool = True) -> list[tuple[float, str]]:
    """(score term, note) for each of: different people, different places at
    the centre; the notes are empty unless *worded*."""
    found = []
    if a.persons and b.persons and not a.persons & b.persons:
        note = (
            f"different people at the centre ({_names(sorted(a.persons), a.actor_names)} vs "
            f"{_names(sorted(b.persons), b.actor_names)})"
            if worded
            else ""
        )
        found.append((PEOPLE_DISAGREE, note))
    if _different_places(a, b):
        assert a.event_place is not None and b.event_place is not None  # _different_places
        pa, pb = sorted([a.event_place[1], b.event_place[1]])
        found.append((PLACE_DISAGREE, f"the events took place in different places ({pa} vs {pb})" if worded else ""))
    return found


@dataclass(frozen=True)
class _PairEvidence:
    """Everything measured for one pair before deciding (its plain-English
    account is ``_common_ground`` and ``_evidence``, worded only for the
    pairs someone is told about)."""

    text: float
    chars: float
    concepts: float
    shared_actors: list[str]
    salient_shared: list[str]
    contradiction: str | None
    shared_places: list[str]
    gap: int
    same_lang: bool
    score: float


def _pair_evidence(a: _Doc, b: _Doc, text: float, chars: float, concepts: float) -> _PairEvidence:
    _, shared_actors, salient_shared, contradiction = _actor_evidence(a, b)
    gap = abs(a.pub - b.pub)
    shared_places = sorted(k for k in a.places.keys() & b.places.keys() if min(a.places[k], b.places[k]) >= 0.6)
    date_term, _ = _date_evidence(a, b, gap, worded=False)
    score = concepts + W_CHARS * chars + _kind_term(a, b) + date_term
    for term, _ in _disagreements(a, b, worded=False):
        score += term
    return _PairEvidence(
        text=text,
        chars=chars,
        concepts=concepts,
        shared_actors=shared_actors,
        salient_shared=salient_shared,
        contradiction=contradiction,
        shared_places=shared_places,
        gap=gap,
        same_lang=a.lang == b.lang,
        score=score,
    )


def _evidence(a: _Doc, b: _Doc, e: _PairEvidence) -> list[str]:
    """Plain-English notes for the one-event decision."""
    wording = f"wording {e.chars:.2f}" if e.same_lang else f"reports in {a.lang} and {b.lang}"
    evidence = [_common(a, b, e), f"{wording}, common ground {e.concepts:.2f}"]
    figures = sorted(a.figures & b.figures, key=lambda f: (len(f), f))
    if figures:
        evidence.append(f"the same figures ({', '.join(figures[:4])})")
    _, kind_note = _kind_evidence(a, b)
    if kind_note:
        evidence.append(kind_note)
    evidence.append(_date_evidence(a, b, e.gap)[1])
    evidence.extend(note for _, note in _disagreements(a, b))
    return evidence


def _common(a: _Doc, b: _Doc, e: _PairEvidence) -> str:
    return _common_ground(a, e.shared_actors, e.shared_places, e.contradiction, _actor_names(a, b))


def _actor_names(a: _Doc, b: _Doc) -> dict[str, str]:
    """The pair's actors by name, as the first report names them."""
    return {**b.actor_names, **a.actor_names}


def _thread_link(a: _Doc, b: _Doc, e: _PairEvidence) -> str | None:
    """Why two reports of different events continue one thread, or None."""
    common_topics = a.topics.keys() & b.topics.keys()
    if len(e.salient_shared) >= 2 and e.text >= THREAD_MIN_TEXT:
        return "the same actors continue the story"
    if (
        len(e.salient_shared) == 1
        and e.text >= THREAD_ONE_ACTOR_TEXT
        and (common_topics or e.shared_places or not (a.topics and b.topics))
    ):
        return f"{_actor_names(a, b)[e.salient_shared[0]]} again, on the same subject"
    if e.text >= THREAD_TEXT and (e.shared_actors or not (a.actors and b.actors)) and not e.contradiction:
        return "the same subject continues"
    if not e.same_lang and e.salient_shared and (common_topics or e.shared_places):
        return f"{_names(e.salient_shared, _actor_names(a, b))} again, reported in {a.lang} and {b.lang}"
    return _place_thread_link(a, b, e.text, common_topics)


def _place_thread_link(a: _Doc, b: _Doc, text: float, common_topics) -> str | None:
    """A crisis in one place told by different voices (THREAD_PLACE_TEXT)."""
    if (
        _same_event_place(a, b)
        and text >= THREAD_PLACE_TEXT
        and common_topics
        and not (a.persons and b.persons and not a.persons & b.persons)
    ):
        topic = ", ".join(sorted(a.topics[t] for t in common_topics))
        assert a.event_place is not None  # _same_event_place
        return f"the same place ({a.event_place[1]}) and subject ({topic}) continue"
    return None


def _compare(a: _Doc, b: _Doc, text: float, chars: float, concepts: float) -> tuple[float, Comparison | None]:
    """The pair's score, and what was decided when it is ``notable``: a pair
    kept apart with no actor in common is its score alone (nobody is told
    about it, and 70,000 of the 105,000 pairs at 5,000 reports are such)."""
    e = _pair_evidence(a, b, text, chars, concepts)

    def result(decision: str, reason: Callable[[], str]) -> tuple[float, Comparison | None]:
        if decision == "apart" and not e.shared_actors:
            return e.score, None
        return e.score, Comparison(a.id, b.id, text, e.score, decision, reason(), tuple(e.shared_actors), chars, (a, b))

    # --- one event? -------------------------------------------------------
    pages = [d for d in (a, b) if d.page_kind != "article"]
    if pages:  # teasers of several stories share words with each of them
        kinds = " and ".join(sorted({f"{d.source} is a {d.page_kind} page" for d in pages}))
        return result("apart", lambda: f"one event? no: {kinds}, not a report of one event; one thread? no")
    copy = e.same_lang and chars >= TEXT_NEAR_COPY
    if e.gap <= EVENT_PUB_WINDOW and (copy or e.score >= EVENT_SCORE):
        lead = "near-identical wording" if copy else f"score {e.score:.2f}"
        return result("event", lambda: f"one event ({lead}): {'; '.join(_evidence(a, b, e))}")

    def why_not() -> str:
        if e.gap > EVENT_PUB_WINDOW:
            return f"{_common(a, b, e)} but published {e.gap} days apart"
        return f"not enough evidence (score {e.score:.2f} < {EVENT_SCORE:.2f}): {'; '.join(_evidence(a, b, e))}"

    # --- one thread? ------------------------------------------------------
    if e.gap > THREAD_PUB_WINDOW:
        return result("apart", lambda: f"one event? no: {why_not()}")
    link = _thread_link(a, b, e)
    topics_disjoint = bool(a.topics) and bool(b.topics) and not (a.topics.keys() & b.topics.keys())
    if link and topics_disjoint and text < THREAD_TEXT:
        ta = ", ".join(sorted(a.topics.values()))
        tb = ", ".join(sorted(b.topics.values()))
        return result("apart", lambda: f"one event? no: {why_not()}; one thread? no: different topics ({ta} vs {tb})")
    if link:
        kinds = f"{a.kind}s" if a.kind and a.kind == b.kind else "events"
        return result("thread", lambda: f"one event? no: {why_not()}: two {kinds} of one thread ({link})")
    if e.shared_actors:
        return result("apart", lambda: f"one event? no: {why_not()}; one thread? no: too little in common")
    return result("apart", lambda: f"one event? no: {why_not()}")


# ---------------------------------------------------------------------------
# Union-find
# ---------------------------------------------------------------------------


class _UnionFind:
    def __init__(self, n: int):
        self.parent = list(range(n))

    def find(self, x: int) -> int:
        root = x
        while self.parent[root] != root:
            root = self.parent[root]
        while self.parent[x] != root:
            self.parent[x], x = root, self.parent[x]
        return root

    def union(self, x: int, y: int) -> int:
        rx, ry = self.find(x), self.find(y)
        if rx == ry:
            return rx
        if ry < rx:
            rx, ry = ry, rx
        self.parent[ry] = rx  # the smaller index stays root: deterministic
        return rx


def _core(counter: Counter, size: int) -> set[str]:
    """Actors (or topics) present in at least half of the ``size`` stories of
    a thread that have any."""
    need = max(1, math.ceil(size / 2))
    return {k for k, c in counter.items() if c >= need}


# ---------------------------------------------------------------------------
# The stage
# ---------------------------------------------------------------------------


def _refuse_join(docs: list[_Doc], left: list[int], right: list[int], score_of) -> str | None:
    """Why two event groups may not become one, or None: the cluster-level
    check that keeps a chain of pairwise links from joining unrelated reports."""
    members = [docs[n] for n in left + right]
    pubs = [d.pub for d in members]
    if max(pubs) - min(pubs) > EVENT_PUB_WINDOW:
        return f"joining them would spread one event over {max(pubs) - min(pubs) + 1} days"
    firm = sorted({d.event_date for d in members if d.date_firm and d.event_date is not None})
    if firm and (firm[-1] - firm[0]).days > DATE_SPREAD:
        return f"event dates differ ({_day(firm[0])} vs {_day(firm[-1])}): more than a day apart in one event"
    scores = [score_of(i, j) for i in left for j in right]
    if len(scores) > 1:
        mean, low = sum(scores) / len(scores), min(scores)
        if mean < EVENT_SCORE:
            return f"on average the reports of the two groups are not alike enough (mean score {mean:.2f})"
        if low < LINK_FLOOR:
            return f"one report of one group is unlike one of the other (score {low:.2f})"
    return None


def _story_links(clusters: list[list[_Doc]]) -> tuple[Vectors, list[tuple[float, int, int, str]]]:
    """Thread links between whole stories: the sum of their reports'
    language-neutral features (actors, places, figures, news concepts) are
    alike, told in any language and over weeks (a central bank crisis from
    the governor's dismissal to his successor's approval).  The bar rises
    with the days between the stories.  Candidates share a salient actor or
    an event city within ``THREAD_LONG_WINDOW`` days (an inverted index; a
    key held by more than ``MAX_KEY_NEIGHBOURS`` earlier stories in that
    window blocks nothing for the story after them)."""
    summed = []
    for ms in clusters:
        total: Counter = Counter()
        for d in ms:
            total.update(d.concepts)
        summed.append(total)
    first_day = [min(d.pub for d in ms) for ms in clusters]
    vectors = vectorise(
        summed,
        background=[Counter(dict.fromkeys(GENERIC, 1))] * BACKGROUND_DOCS,
        epochs=first_day,  # as of the story's first day
        min_documents=IDF_MIN_STORIES,
    )
    postings: dict[str, list[int]] = defaultdict(list)
    for c, ms in enumerate(clusters):
        if any(d.page_kind != "article" for d in ms):
            continue  # pages of teasers continue no story
        keys = set().union(*(d.salient for d in ms))
        keys |= {"e:" + d.event_place[0] for d in ms if d.event_place and d.event_place[2] in ("city", "site")}
        for key in keys:
            postings[key].append(c)
    pairs: set[tuple[int, int]] = set()
    for members in postings.values():
        members.sort(key=lambda c: (first_day[c], c))
        days = [first_day[c] for c in members]
        for k, y in enumerate(members):
            # the earlier stories with the key within the window; more blocks nothing there.
            # Looking back, never forward: a newer story cannot take an older one's pairs away
            start = bisect.bisect_left(days, days[k] - THREAD_LONG_WINDOW, 0, k)
            if k - start > MAX_KEY_NEIGHBOURS:
                continue
            pairs.update((min(x, y), max(x, y)) for x in members[start:k])
    ordered = sorted(pairs)
    sims = vector_cosines(vectors, ordered)
    out = []
    for (x, y), sim in zip(ordered, sims):
        gap = abs(clusters[x][0].pub - clusters[y][0].pub)
        needed = STORY_LINK_SCORE + STORY_LINK_DAY_RAISE * max(0, gap - THREAD_PUB_WINDOW)
        if sim >= needed:
            out.append(
                (
                    float(sim),
                    x,
                    y,
                    f"one thread: the stories have much in common ({sim:.2f} >= "
                    f"{needed:.2f} at {gap} day{'s' if gap != 1 else ''} apart)",
                )
            )
    return vectors, out


@dataclass
class ClusterResult:
    stories: list[Story]
    notes: list[str]
    stats: dict


def _completeness(d: _Doc) -> tuple:
    """Sort key: an Arabic report first (the briefing's source language: its
    translation and Arabic text are what both pages show), then the most
    complete (most key points, then the longest text), ties by id."""
    chars = sum(len(s.text) for s in d.brief.sentences)
    return (d.lang != "ar", -len(d.brief.key_points), -chars, d.id)


# Pairs scored in one process below this many: forking costs more.  Above
# it (a cold build; a rebuild after an article dated back, which moves the
# term weights of every later report and so their pairs' cosines), forked
# processes score parts of them.  Scoring is pure, and each part keeps every
# pair of its left report (``cosines`` scatters that report once for them),
# so the values are those one process computes, to the bit.
PARALLEL_PAIRS = 20_000
# Each part is scored in a fresh fork (``memory.in_fresh_forks``), as pages
# are rendered: a scorer's memory grows with the reports it touches (reading an
# object writes its reference count, which copies its page) and with its
# dense cosine buffers.  Scoring the 105,522 pairs of 5,000 reports, one
# long-lived scorer beside this process ended at 84 MB of its own, which
# took a cold build's peak PSS from 453 MB (rendering) to 517 MB; in eight
# parts each scorer stays under 30 MB and the peak is rendering's again
# (459 MB).  Scoring took 5.0-6.4 s in one process, 3.1-3.8 s so (16 parts:
# 20 MB each, 3.5 s; two halves: 2.8 s).
PAIR_PARTS = 8

_Scored = tuple[float, _ComparisonFields | None]


def _scored_pairs(docs: list[_Doc], vectors: tuple[Vectors, ...], pairs: list[tuple[int, int]], jobs: int) -> list[_Scored]:
    """Each pair's score and, when it is notable, its comparison's fields
    (``_compare``), in the order of *pairs* (pairs of one left report
    adjacent): by *jobs* forked processes when there are enough of them."""
    parts = _left_parts(pairs, PAIR_PARTS) if jobs > 1 and len(pairs) >= PARALLEL_PAIRS else [pairs]
    if len(parts) < 2 or not can_fork():
        return _score_part(docs, vectors, pairs)
    scored = in_fresh_forks(lambda n: _score_part(docs, vectors, parts[n]), len(parts), jobs)
    return [outcome for part in scored for outcome in part]


def _score_part(docs: list[_Doc], vectors: tuple[Vectors, ...], pairs: list[tuple[int, int]]) -> list[_Scored]:
    sims = zip(*(vector_cosines(v, pairs).tolist() for v in vectors))
    scored: list[_Scored] = []
    for (i, j), (text, chars, concepts) in zip(pairs, sims):
        score, comparison = _compare(docs[i], docs[j], text, chars, concepts)
        scored.append((score, None if comparison is None else _fields(comparison)))
    return scored


def _left_parts(pairs: list[tuple[int, int]], count: int) -> list[list[tuple[int, int]]]:
    """*pairs* cut into at most *count* runs of about equal length, each cut
    between two left reports (a report's pairs stay in one run)."""
    parts: list[list[tuple[int, int]]] = []
    start = 0
    for k in range(1, count + 1):
        end = max(start, len(pairs) * k // count)
        while 0 < end < len(pairs) and pairs[end][0] == pairs[end - 1][0]:
            end += 1
        if end > start:
            parts.append(pairs[start:end])
        start = end
    return parts


class _PairScores:
    """The candidate pairs compared (``compared`` of them), the notable ones
    with what was decided for each (``pairs``, ``comparisons``), and the
    score of any pair (pairs the index did not propose are compared on
    demand: only across two groups about to be joined, a handful)."""

    def __init__(self, batch: _Batch, terms: list[str], all_pairs: bool, store: BuildStore | None = None, jobs: int = 1):
        docs = self.docs = batch.docs
        # reports are in publication order (``cluster_with_stats``): a report's reach is a prefix of them
        reach = as_of_reach(len(docs), [d.pub for d in docs], IDF_MIN_REPORTS)[1]
        memo = PairMemo(store, batch.keys, reach)
        self._vector_memo = VectorMemo(store, batch.keys, reach)
        self.words, self.chars, self.concepts, keys = _vectorise(batch, terms, self._vector_memo)
        self.vectors_reused = self._vector_memo.reused
        if all_pairs:  # the baseline's pairs are not the index's: neither taken from the memo nor kept in it
            before, candidates = None, _candidate_pairs(docs, keys, all_pairs=True)
        else:
            before = self._vector_memo.candidates(keys)
            candidates = _candidate_pairs(docs, keys, before=before)
            self._vector_memo.keep_candidates(keys, candidates)
        del keys  # spent
        self.compared = len(candidates)
        self.candidates_reused = 0 if before is None else len(before[1])
        # the pairs scored in an earlier build, of reports weighed as they are now, are not scored again
        # (score, comparison fields or None) of each, None until scored
        outcomes: list[Any] = [memo.get(i, j) for i, j in candidates]
        missing = [k for k, outcome in enumerate(outcomes) if outcome is None]
        scored = _scored_pairs(docs, (self.words, self.chars, self.concepts), [candidates[k] for k in missing], jobs)
        for k, outcome in zip(missing, scored):
            outcomes[k] = outcome
            # stored as plain values: a tuple unpickles several times faster than the dataclass
            memo.put(*candidates[k], outcome)
        self.reused = len(candidates) - len(missing)
        self.pairs: list[tuple[int, int]] = []
        self.comparisons: list[Comparison] = []
        self._score: dict[tuple[int, int], float] = {}
        for pair, (score, fields) in zip(candidates, outcomes):
            comparison = None if fields is None else _comparison(fields, docs[pair[0]], docs[pair[1]])
            self._score[pair] = score
            if comparison is not None:
                self.pairs.append(pair)
                self.comparisons.append(comparison)
        self._memo = memo

    def forget_vectors(self) -> None:
        """Let the reports' vectors go (75 MB at 5,000 reports): only
        ``score_of`` reads them, and only while the events are formed."""
        del self.words, self.chars, self.concepts

    def score_of(self, i: int, j: int) -> float:
        key = (min(i, j), max(i, j))
        if key not in self._score:
            i, j = key
            # kept apart from the candidates' outcomes: one cosine, not a batch's, scored it
            stored = self._memo.get(-1 - i, j)
            if stored is None:
                text = pair_cosine(self.words, i, j)
                # the score alone: nothing is worded
                stored = _pair_evidence(
                    self.docs[i], self.docs[j], text, pair_cosine(self.chars, i, j), pair_cosine(self.concepts, i, j)
                ).score
                self._memo.put(-1 - i, j, stored)
            self._score[key] = stored
        return self._score[key]

    def save(self) -> None:
        """Store the outcomes scored in this build (after the events are
        formed, which ask for more), and the vectors and top terms."""
        self._memo.save()
        self._vector_memo.save({"words": self.words, "chars": self.chars, "concepts": self.concepts})


@dataclass(frozen=True)
class _Events:
    """Event clusters (lead report first, sorted by publication) and how
    they came about."""

    clusters: list[list[_Doc]]
    story_ids: list[str]
    cluster_of: dict[int, int]  # report position -> cluster
    joined_by: dict[int, list[str]]  # report position -> why it joined
    refused: dict[tuple[int, int], str]  # pair -> why its groups stayed apart
    links: int  # pairs decided "one event"


def _event_clusters(docs: list[_Doc], scores: _PairScores) -> _Events:
    """Event clusters: strongest pairs first, average linkage."""
    pairs, comparisons = scores.pairs, scores.comparisons
    uf = _UnionFind(len(docs))
    group: dict[int, list[int]] = {d.n: [d.n] for d in docs}
    joined_by: dict[int, list[str]] = defaultdict(list)
    refused: dict[tuple[int, int], str] = {}
    event_pairs = sorted(
        (k for k, c in enumerate(comparisons) if c.decision == "event"),
        key=lambda k: (-comparisons[k].score, pairs[k]),
    )
    for k in event_pairs:
        i, j = pairs[k]
        ri, rj = uf.find(i), uf.find(j)
        if ri == rj:
            continue
        why = _refuse_join(docs, group[ri], group[rj], scores.score_of)
        if why:
            refused[(i, j)] = why
            continue
        root = uf.union(ri, rj)
        group[root] = group.pop(rj if root == ri else ri) + group[root]
        joined_by[j].append(f"{docs[j].id} joined {docs[i].id}: {comparisons[k].reason}")

    members: dict[int, list[_Doc]] = defaultdict(list)
    for d in docs:
        members[uf.find(d.n)].append(d)
    clusters = [sorted(ms, key=_completeness) for ms in members.values()]
    clusters.sort(key=lambda ms: (ms[0].pub, ms[0].id))
    story_ids, cluster_of = _story_ids(clusters)
    return _Events(clusters, story_ids, cluster_of, joined_by, refused, len(event_pairs))


def _story_ids(clusters: list[list[_Doc]]) -> tuple[list[str], dict[int, int]]:
    """Each cluster's story id (its lead report's id, made unique) and the
    cluster of each report."""
    story_ids: list[str] = []
    seen_ids: Counter = Counter()
    cluster_of: dict[int, int] = {}
    for c, ms in enumerate(clusters):
        base = ms[0].id
        seen_ids[base] += 1
        story_ids.append(base if seen_ids[base] == 1 else f"{base}~{seen_ids[base]}")
        for d in ms:
            cluster_of[d.n] = c
    return story_ids, cluster_of


@dataclass(frozen=True)
class _LinkCandidate:
    score: float
    pair: tuple[int, int]  # report positions: the tie-break
    ci: int
    cj: int
    reason: str
    text: float  # wording cosine (0 for links between whole stories)
    by_place: bool  # a thread link made by the same event place


def _note_apart(apart: dict[int, list[str]], cluster: int, other: str, reason: str) -> None:
    """Note why *cluster* was kept apart from the story *other*: the first
    MAX_LINES_PER_KIND distinct notes only, all that a story shows (keeping
    every note made tens of thousands of strings at 5,000 reports)."""
    notes = apart[cluster]
    if len(notes) < MAX_LINES_PER_KIND:
        line = f"{other}: {reason}"
        if line not in notes:
            notes.append(line)


def _link_candidates(scores: _PairScores, events: _Events, apart: dict[int, list[str]]) -> list[_LinkCandidate]:
    """Thread links between stories from the report pairs (recording the
    notable pairs kept apart in ``apart``), strongest first."""
    pairs, comparisons, cluster_of = scores.pairs, scores.comparisons, events.cluster_of
    link_ks = []
    for k, comp in enumerate(comparisons):
        i, j = pairs[k]
        ci, cj = cluster_of[i], cluster_of[j]
        if ci == cj:
            continue
        if comp.decision in ("thread", "event"):
            link_ks.append(k)
        elif comp.notable:
            _note_apart(apart, ci, events.story_ids[cj], comp.reason)
            _note_apart(apart, cj, events.story_ids[ci], comp.reason)
    link_ks.sort(key=lambda k: (-comparisons[k].score, pairs[k]))
    candidates = []
    for k in link_ks:
        comp = comparisons[k]
        i, j = pairs[k]
        if comp.decision == "event":
            reason = f"one event? no: {events.refused.get((i, j), 'kept apart')}; one thread"
        else:
            reason = comp.reason
        by_place = comp.decision == "thread" and "the same place" in comp.reason
        candidates.append(_LinkCandidate(comp.score, pairs[k], cluster_of[i], cluster_of[j], reason, comp.text, by_place))
    return candidates


class _Threads:
    """Threads of stories grown link by link (union-find), with what each
    thread is centred on: its actors, topics and event places, its size and
    its span of days.  A link may not join two threads centred on different
    actors or topics, nor grow one past MAX_THREAD_STORIES or
    MAX_THREAD_DAYS."""

    def __init__(self, clusters: list[list[_Doc]], story_ids: list[str], story_vectors: Vectors):
        self.story_ids = story_ids
        self.tf = _UnionFind(len(clusters))
        self.actors = [Counter(set().union(*(d.salient for d in ms))) for ms in clusters]
        self.topics = [Counter(set().union(*(d.topics.keys() for d in ms))) for ms in clusters]
        self.places = [
            Counter({d.event_place[0] for d in ms if d.event_place and d.event_place[2] in ("city", "site")}) for ms in clusters
        ]
        # stories that know their actors / topics: a core is a majority of those
        # (stories without extracted actors must not dilute the core to nothing)
        self.with_actors = [1 if a else 0 for a in self.actors]
        self.with_topics = [1 if t else 0 for t in self.topics]
        self.size = [1] * len(clusters)
        self.span = [(min(d.pub for d in ms), max(d.pub for d in ms)) for ms in clusters]
        self.members: dict[int, list[int]] = {c: [c] for c in range(len(clusters))}
        self.links: dict[int, list[str]] = defaultdict(list)
        self.made = 0
        self.refused = 0
        # each thread's story vectors summed: the mean cosine of every story
        # of one thread with every story of another is the dot product of
        # their sums over the product of their sizes (the vectors are of
        # unit length and their weights positive), and threads are compared
        # again and again as they grow (16,000 times at 5,000 reports)
        self.sums: dict[int, Sparse] = {c: (story_vectors.idx[c], story_vectors.weights[c]) for c in range(len(clusters))}
        self._centres: dict[int, tuple[set[str], set[str]]] = {}  # root -> its core actors and topics (``_centre``)

    def _refuse(self, cand: _LinkCandidate, why: str, apart: dict[int, list[str]]) -> None:
        self.refused += 1
        _note_apart(apart, cand.ci, self.story_ids[cand.cj], why)
        _note_apart(apart, cand.cj, self.story_ids[cand.ci], why)

    def _mean_story_similarity(self, ri: int, rj: int) -> float:
        return sparse_dot(self.sums[ri], self.sums[rj]) / (self.size[ri] * self.size[rj])

    def _objection(self, cand: _LinkCandidate, ri: int, rj: int) -> str | None:
        """Why the threads ``ri`` and ``rj`` may not be joined by ``cand``, or None."""
        reason = cand.reason
        if reason.startswith("one thread: the stories") and len(self.members[ri]) + len(self.members[rj]) > 2:
            # average linkage over whole threads: a story like one story of
            # another thread does not bring its whole thread along
            mean = self._mean_story_similarity(ri, rj)
            if mean < STORY_LINK_SCORE:
                return f"{reason}; but not linked: the two threads have little in common on average ({mean:.2f})"
        (core_a, top_a), (core_b, top_b) = self._centre(ri), self._centre(rj)
        # a thread centred on a place links reports by different voices
        by_place = cand.by_place and bool(self.places[ri].keys() & self.places[rj].keys())
        if core_a and core_b and not core_a & core_b and not by_place:
            return f"{reason}; but not linked: the threads centre on different actors"
        if top_a and top_b and not top_a & top_b and cand.text < THREAD_TEXT:
            return f"{reason}; but not linked: the threads are on different topics"
        lo, hi = min(self.span[ri][0], self.span[rj][0]), max(self.span[ri][1], self.span[rj][1])
        if self.size[ri] + self.size[rj] > MAX_THREAD_STORIES or hi - lo >= MAX_THREAD_DAYS:
            return f"{reason}; but not linked: the thread would grow past {MAX_THREAD_STORIES} stories or {MAX_THREAD_DAYS} days"
        return None

    def _centre(self, root: int) -> tuple[set[str], set[str]]:
        """The core actors and topics of a thread, made again only when it
        grows (a thread is asked for them at each of the 23,000 links
        offered at 5,000 reports)."""
        found = self._centres.get(root)
        if found is None:
            found = self._centres[root] = (
                _core(self.actors[root], self.with_actors[root]),
                _core(self.topics[root], self.with_topics[root]),
            )
        return found

    def _join(self, ri: int, rj: int) -> None:
        lo, hi = min(self.span[ri][0], self.span[rj][0]), max(self.span[ri][1], self.span[rj][1])
        root = self.tf.union(ri, rj)
        other = rj if root == ri else ri
        self.size[root] += self.size[other]
        self.span[root] = (lo, hi)
        self.members[root] = self.members[root] + self.members.pop(other)
        self.sums[root] = sparse_sum([self.sums[root], self.sums.pop(other)])
        self.made += 1
        self.with_actors[root] += self.with_actors[other]
        self.with_topics[root] += self.with_topics[other]
        self.actors[root] += self.actors[other]
        self.topics[root] += self.topics[other]
        self._centres.pop(root, None)
        self._centres.pop(other, None)
        self.places[root] += self.places[other]

    def offer(self, cand: _LinkCandidate, apart: dict[int, list[str]]) -> None:
        """Link the two stories of ``cand`` (joining their threads) unless
        one of the guards refuses; a refusal is recorded in ``apart``."""
        ri, rj = self.tf.find(cand.ci), self.tf.find(cand.cj)
        if ri != rj:
            why = self._objection(cand, ri, rj)
            if why:
                self._refuse(cand, why, apart)
                return
            self._join(ri, rj)
        self.links[cand.ci].append(f"{self.story_ids[cand.cj]}: {cand.reason}")
        self.links[cand.cj].append(f"{self.story_ids[cand.ci]}: {cand.reason}")

    def groups(self) -> dict[int, list[int]]:
        threads: dict[int, list[int]] = defaultdict(list)
        for c in range(len(self.size)):
            threads[self.tf.find(c)].append(c)
        return threads


def _build_threads(scores: _PairScores, events: _Events, apart: dict[int, list[str]]) -> _Threads:
    """Threads: strongest links first, report pairs and whole-story links."""
    clusters = events.clusters
    candidates = _link_candidates(scores, events, apart)
    linked = {(min(c.ci, c.cj), max(c.ci, c.cj)) for c in candidates}
    story_vectors, story_links = _story_links(clusters)
    for score, ci, cj, reason in story_links:
        if (ci, cj) not in linked:
            # wording 0: the topic guard applies to these links in full
            candidates.append(_LinkCandidate(score, (clusters[ci][0].n, clusters[cj][0].n), ci, cj, reason, 0.0, False))
    candidates.sort(key=lambda c: (-c.score, c.pair))
    threads = _Threads(clusters, events.story_ids, story_vectors)
    for cand in candidates:
        threads.offer(cand, apart)
    return threads


@dataclass(frozen=True)
class _ThreadIds:
    thread_of: dict[int, str | None]  # cluster -> thread id
    related: dict[int, tuple[str, ...]]  # cluster -> the other stories of its thread, newest first
    notes: list[str]


def _thread_ids(events: _Events, groups: dict[int, list[int]]) -> _ThreadIds:
    """Each thread's id (its first story's) and each story's related stories."""
    clusters, story_ids = events.clusters, events.story_ids
    thread_of: dict[int, str | None] = {}
    related: dict[int, tuple[str, ...]] = {}
    notes: list[str] = []
    for root in sorted(groups, key=lambda r: min((clusters[c][0].pub, story_ids[c]) for c in groups[r])):
        cs = groups[root]
        if len(cs) == 1:
            thread_of[cs[0]], related[cs[0]] = None, ()
            continue
        first = min(cs, key=lambda c: (clusters[c][0].pub, story_ids[c]))
        tid = f"thread:{story_ids[first]}"
        order = sorted(cs, key=lambda c: (-clusters[c][0].pub, story_ids[c]))  # newest first
        for c in cs:
            thread_of[c] = tid
            related[c] = tuple(story_ids[o] for o in order if o != c)
        notes.append(f"thread {tid}: {len(cs)} stories, newest first: {', '.join(story_ids[o] for o in order)}")
    return _ThreadIds(thread_of, related, notes)


def _stories(
    events: _Events, ids: _ThreadIds, thread_links: dict[int, list[str]], apart: dict[int, list[str]]
) -> tuple[list[Story], list[str]]:
    """The stories with their explanations, sorted by id, and one note per
    story of several reports."""
    stories: list[Story] = []
    cluster_notes: list[str] = []
    for c, ms in enumerate(events.clusters):
        lines: list[str] = []
        if len(ms) > 1:
            lead = ms[0]
            others = ", ".join(f"{d.source} ({d.id})" for d in ms[1:])
            lines.append(
                f"one event reported by {len(ms)} outlets: lead {lead.source} ({lead.id}), the most "
                f"complete report; also reported by {others}"
            )
            joins = [why for d in ms for why in events.joined_by.get(d.n, [])]
            lines.extend(sorted(joins)[: MAX_LINES_PER_KIND * 2])
            cluster_notes.append(f"story {events.story_ids[c]}: {len(ms)} reports ({', '.join(d.source for d in ms)})")
        if ids.thread_of[c]:
            count = len(ids.related[c])
            lines.append(f"part of thread {ids.thread_of[c]} with {count} other stor{'y' if count == 1 else 'ies'}")
            lines.extend(f"linked to {link}" for link in thread_links.get(c, [])[:MAX_LINES_PER_KIND])
        lines.extend(f"kept apart from {why}" for why in apart.get(c, []))
        stories.append(
            Story(
                id=events.story_ids[c],
                briefs=tuple(d.item for d in ms),
                thread_id=ids.thread_of[c],
                related=ids.related[c],
                explanation=tuple(lines),
            )
        )
    stories.sort(key=lambda s: s.id)
    return stories, cluster_notes


def _summary(
    scores: _PairScores, events: _Events, threads: _Threads, groups: dict[int, list[int]], story_count: int, detail: list[str]
) -> tuple[dict, list[str]]:
    """The counters and the build-summary notes (the first MAX_NOTES detail
    lines, then the pairs worth telling)."""
    n, pairs = len(scores.docs), scores.pairs
    compared = scores.compared
    possible = n * (n - 1) // 2
    threaded = sum(1 for cs in groups.values() if len(cs) > 1)
    stats = {
        "briefs": n,
        "stories": story_count,
        "multi_report_stories": sum(1 for ms in events.clusters if len(ms) > 1),
        "threads": threaded,
        "largest_thread": max((len(cs) for cs in groups.values()), default=0),
        "candidate_pairs": compared,
        "all_pairs": possible,
        "event_links": events.links,
        "thread_links": threads.made,
        "refused_merges": len(events.refused) + threads.refused,
    }
    share = f" ({100 * compared / possible:.2f}%)" if possible else ""
    notes = [
        f"clustering: {n} brief(s) -> {story_count} story(ies), {stats['multi_report_stories']} reported by "
        f"several outlets, {threaded} thread(s); compared {compared} candidate pair(s) of {possible}{share}"
    ]
    untold = 0
    for k, comp in enumerate(scores.comparisons):
        i, j = pairs[k]
        if comp.decision == "event" and events.cluster_of[i] == events.cluster_of[j]:
            continue  # told by the story line
        if comp.notable:
            if len(detail) < MAX_NOTES:
                detail.append(f"{comp.a} / {comp.b}: {comp.reason}")
            else:  # counted, not written out
                untold += 1
    notes.extend(detail[:MAX_NOTES])
    untold += max(0, len(detail) - MAX_NOTES)
    if untold:
        notes.append(f"... and {untold} more clustering note(s)")
    return stats, notes


def cluster_with_stats(
    items: list[BilingualBrief], *, all_pairs: bool = False, store: BuildStore | None = None, jobs: int = 1
) -> ClusterResult:
    """``cluster_stories`` plus counters (candidate pairs compared, stories,
    threads, reports whose features came from the store) for the build
    summary and benchmarks.  ``all_pairs`` compares every pair within the
    thread window instead of using the index: the naive baseline with the
    same decisions at quadratic cost.  With a *store*, what depends on one
    brief alone, and the outcomes of pairs, are kept there between builds
    (``memo``).  *jobs* processes make the features of briefs not in the
    store and score the candidate pairs when there are many
    (``FEATURE_PART_MIN``, ``PARALLEL_PAIRS``); the result is the same
    whatever their number."""
    # clustering makes millions of objects and no reference cycle: the cyclic
    # collector, set off again and again by the growing heap, walked all of it
    # each time (a fifth of clustering 5,000 reports); reference counting frees what is dropped
    with collector_paused():
        return _clustered(items, all_pairs, store, jobs)


def _clustered(items: list[BilingualBrief], all_pairs: bool, store: BuildStore | None, jobs: int) -> ClusterResult:
    ordered = sorted(items, key=lambda it: (it.brief.article.date, it.id))
    memo = FeatureMemo(store)
    batch = _batch(ordered, memo, jobs)
    docs = batch.docs
    scores = _PairScores(batch, memo.vocabulary.terms, all_pairs, store, jobs)
    del batch  # the counts are in the vectors now
    events = _event_clusters(docs, scores)
    scores.save()
    scores.forget_vectors()  # before the threads, where a build's memory used to peak
    apart: dict[int, list[str]] = defaultdict(list)  # cluster -> why kept apart from others
    threads = _build_threads(scores, events, apart)
    groups = threads.groups()
    ids = _thread_ids(events, groups)
    stories, cluster_notes = _stories(events, ids, threads.links, apart)
    stats, notes = _summary(scores, events, threads, groups, len(stories), cluster_notes + ids.notes)
    stats["features_reused"] = memo.reused
    stats["pairs_reused"] = scores.reused
    stats["vectors_reused"] = scores.vectors_reused
    stats["candidates_reused"] = scores.candidates_reused
    if store is not None:
        notes.insert(
            1,
            f"clustering: features of {memo.reused} of {len(docs)} brief(s) and the outcomes of {scores.reused} "
            f"of {scores.compared} candidate pair(s) reused from the build store, and the vectors of "
            f"{scores.vectors_reused} brief(s) and {scores.candidates_reused} candidate pair(s) found before",
        )
    return ClusterResult(stories=stories, notes=notes, stats=stats)


def cluster_stories(
    items: list[BilingualBrief], *, store: BuildStore | None = None, jobs: int = 1
) -> tuple[list[Story], list[str]]:
    """Group briefs into stories (one per event, lead report first) linked into
    threads; returns the stories sorted by id and plain-English notes saying
    why reports were clustered, linked or kept apart.  With a *store*, the
    features of briefs clustered before are read from it (``memo``)."""
    result = cluster_with_stats(items, store=store, jobs=jobs)
    return result.stories, result.notes
