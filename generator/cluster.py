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
  the batch being clustered.
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
more than ``MAX_KEY_NEIGHBOURS`` later reports within its window is too common
there to block on (as "Libya" or the head of government would be).  Clusters
and threads are built with union-find, strongest pairs first, refusing merges
that would put two event dates in one event or join threads centred on
different actors (the guard against chaining everything into one thread).
"""
from __future__ import annotations

import datetime as dt
import math
from collections import Counter, defaultdict
from dataclasses import dataclass, field

import numpy as np

from .arabic import normalise
from .models import BilingualBrief, Brief, Story
from .summarise import content_tokens

__all__ = [
    "cluster_stories",
    "cluster_with_stats",
    "ClusterResult",
    "Comparison",
    "EVENT_PUB_WINDOW",
    "THREAD_PUB_WINDOW",
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

# Same event: near-identical wording (one press release, rewritten lightly)
# decides when the actors agree (overlap >= 0.5, or unknown), whatever the
# extracted kinds/places say (extraction errs); a copy (>= TEXT_NEAR_COPY)
# decides even against the extracted actors.
TEXT_DUPLICATE = 0.6
TEXT_NEAR_COPY = 0.85
COPY_DAY_PENALTY = 0.1  # per day between publications, when event dates are unknown
# Otherwise: wording + W_ACTORS * actor overlap + W_PLACES * place overlap
# (+ SAME_EVENT_DATE_BONUS when both event dates are known and equal) must
# reach EVENT_SCORE, raised by DAY_PENALTY per day between the publications
# when event dates do not settle it, and the wording must be at least
# EVENT_MIN_TEXT.  Two rewrites of one event typically have wording 0.3-0.6
# and the same actors (score 0.6-0.95); two events of the same actors share
# actors but less wording (the seeds' two AFRICOM meetings: 0.43, and they
# are told apart by their event dates); unrelated security news on one day
# reaches ~0.3 wording with no actors in common (score < 0.4).
EVENT_SCORE = 0.5
EVENT_MIN_TEXT = 0.25
W_ACTORS = 0.25
W_PLACES = 0.10
SAME_EVENT_DATE_BONUS = 0.05
DAY_PENALTY = 0.05

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

# Candidate generation.
TOP_TERMS = 12  # top TF-IDF terms per report used as blocking keys
MIN_SHARED_KEYS = 2  # a pair must share this many keys to be compared
MAX_KEY_NEIGHBOURS = 30  # more later reports with the key in its window: too common to block on
COPY_SHARED_TERMS = 6  # half the top terms shared: compared even when the actors differ

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
    idx: np.ndarray = field(default=None, repr=False)  # type: ignore[arg-type]  # TF-IDF term ids, set after vectorising
    weights: np.ndarray = field(default=None, repr=False)  # type: ignore[arg-type]  # L2-normalised weights
    keys: list[tuple[str, int]] = field(default_factory=list)  # (key, window in days)

    @property
    def brief(self) -> Brief:
        return self.item.brief

    @property
    def salient(self) -> set[str]:
        return {a for a, w in self.actors.items() if w >= 1.0}


def _doc(n: int, item: BilingualBrief) -> _Doc:
    brief = item.brief
    event = brief.event
    headline_norm = normalise(brief.headline or "")
    participants: list = []
    if event is not None:
        participants = [a for a in (event.principal, *event.counterparts) if a is not None]
    participant_ids = {a.id for a in participants}
    actors: dict[str, float] = {}
    actor_names: dict[str, str] = {}
    actor_tokens: dict[str, frozenset] = {}
    for rank, actor in enumerate(list(brief.actors) + participants):
        salient = (
            rank < LEAD_ACTORS
            or actor.id in participant_ids
            or bool(actor.name_ar and normalise(actor.name_ar) in headline_norm)
        )
        weight = 1.0 if salient else BACKGROUND_ACTOR_WEIGHT
        actors[actor.id] = max(actors.get(actor.id, 0.0), weight)
        actor_names.setdefault(actor.id, actor.name_en or actor.id.split(":", 1)[-1])
        if actor.id not in actor_tokens and actor.name_ar:
            toks = content_tokens(actor.name_ar)
            # the family name alone identifies a person in running text
            # ("عبدالسلام الزوبي" / "عبد السلام الزوبي" / "الزوبي")
            surname = toks[-1] if actor.kind == "person" and toks and len(toks[-1]) >= 3 else None
            actor_tokens[actor.id] = frozenset([surname] if surname else toks)
    persons = {a.id for rank, a in enumerate(list(brief.actors) + participants)
               if a.kind == "person" and actors.get(a.id, 0.0) >= 1.0}
    places: dict[str, float] = {}
    place_names: dict[str, str] = {}
    for place in list(brief.places) + ([event.place] if event is not None and event.place else []):
        weight = PLACE_KIND_WEIGHT.get(place.kind, 0.8)
        places[place.id] = max(places.get(place.id, 0.0), weight)
        place_names.setdefault(place.id, place.name_en or place.id)
    event_place = None
    if event is not None and event.place is not None:
        event_place = (event.place.id, event.place.name_en or event.place.id, event.place.kind)
    counts: Counter = Counter()
    for text in [brief.headline] + [s.text for s in brief.sentences[:LEAD_SENTENCES]]:
        counts.update(content_tokens(text))
    for s in brief.sentences:
        counts.update(content_tokens(s.text))
    return _Doc(
        n=n,
        item=item,
        id=item.id,
        source=brief.article.source or "unknown outlet",
        pub=brief.article.date.toordinal(),
        event_date=brief.event_date or (event.date if event is not None else None),
        kind=(event.kind if event is not None else None) or None,
        event_place=event_place,
        actors=actors,
        persons=persons,
        actor_names=actor_names,
        actor_tokens=actor_tokens,
        places=places,
        place_names=place_names,
        topics={t.id: t.label_en or t.id for t in brief.topics},
        counts=counts,
    )


def _vectorise(docs: list[_Doc]) -> int:
    """TF-IDF vectors (sublinear tf, smoothed batch IDF, L2-normalised) and
    blocking keys for every report; returns the vocabulary size."""
    df: Counter = Counter()
    for d in docs:
        df.update(d.counts.keys())
    n = len(docs)
    vocab = {t: i for i, t in enumerate(sorted(df))}
    idf = {t: math.log((n + 1) / (c + 1)) + 1.0 for t, c in df.items()}
    for d in docs:
        terms = sorted(d.counts)
        w = np.array([(1.0 + math.log(d.counts[t])) * idf[t] for t in terms], dtype=np.float64)
        norm = float(np.linalg.norm(w)) or 1.0
        d.idx = np.array([vocab[t] for t in terms], dtype=np.int64)
        d.weights = w / norm
        # a term of one report blocks nothing: take the top terms among shared ones
        shared = [(-wt, t) for t, wt in zip(terms, d.weights) if df[t] >= 2]
        shared.sort()
        d.keys = (
            [("a:" + a, THREAD_PUB_WINDOW) for a in sorted(d.actors)]
            + [("p:" + p, THREAD_PUB_WINDOW) for p in sorted(d.places) if d.places[p] >= 0.6]
            + ([("e:" + d.event_place[0], THREAD_PUB_WINDOW)]
               if d.event_place and d.event_place[2] in ("city", "site") else [])
            + [("t:" + t, TERM_WINDOW) for _, t in shared[:TOP_TERMS]]
        )
    return len(vocab)


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


def _posting_codes(plist: list[int], pubs: np.ndarray, window: int, n: int) -> np.ndarray:
    """Pair codes ``i * n + j`` (i < j) of the reports in one posting list that
    lie within ``window`` days, skipping anchors with too many neighbours."""
    members = np.asarray(plist, dtype=np.int64)
    p = pubs[members]
    end = np.searchsorted(p, p + window, side="right")
    count = end - np.arange(len(p)) - 1
    anchors = np.flatnonzero((count > 0) & (count <= MAX_KEY_NEIGHBOURS))
    if not len(anchors):
        return np.zeros(0, dtype=np.int64)
    reps = count[anchors]
    left = np.repeat(anchors, reps)
    run_start = np.repeat(np.cumsum(reps) - reps, reps)
    right = left + 1 + (np.arange(int(reps.sum())) - run_start)
    return members[left] * n + members[right]


def _candidate_pairs(docs: list[_Doc], all_pairs: bool = False) -> list[tuple[int, int]]:
    """Pairs (i < j) worth comparing.  ``all_pairs`` is the naive baseline
    (every pair within THREAD_PUB_WINDOW days) used by the benchmark.

    A pair is a candidate when it shares MIN_SHARED_KEYS keys within their
    windows and, if both reports have extracted actors, at least one actor
    (two reports naming different people are different events and different
    stories) -- unless they share COPY_SHARED_TERMS top terms (a copy whose
    extraction went wrong)."""
    n = len(docs)
    if all_pairs:
        return [
            (i, j)
            for i in range(n)
            for j in range(i + 1, n)
            if docs[j].pub - docs[i].pub <= THREAD_PUB_WINDOW
        ]
    postings: dict[tuple[str, int], list[int]] = defaultdict(list)
    for d in docs:  # docs are sorted by (pub, id): postings come out sorted
        for key in d.keys:
            postings[key].append(d.n)
    pubs = np.array([d.pub for d in docs], dtype=np.int64)
    actor_codes: list[np.ndarray] = []
    other_codes: list[np.ndarray] = []
    for (key_text, window), plist in postings.items():
        if len(plist) < 2:
            continue
        codes = _posting_codes(plist, pubs, window, n)
        # the same event city or site blocks like an actor (a crisis in one place)
        (actor_codes if key_text.startswith(("a:", "e:")) else other_codes).append(codes)
    empty = np.zeros(0, dtype=np.int64)
    actor_all = np.concatenate(actor_codes) if actor_codes else empty
    other_all = np.concatenate(other_codes) if other_codes else empty
    codes, shared = np.unique(np.concatenate([actor_all, other_all]), return_counts=True)
    with_actor = np.isin(codes, actor_all)
    terms, term_counts = np.unique(other_all, return_counts=True)
    copy_like = np.zeros(len(codes), dtype=bool)
    copy_like[np.searchsorted(codes, terms[term_counts >= COPY_SHARED_TERMS])] = True
    has_actors = np.array([bool(d.actors) for d in docs], dtype=bool)
    left, right = codes // max(n, 1), codes % max(n, 1)
    either_unknown = ~(has_actors[left] & has_actors[right])
    keep = (shared >= MIN_SHARED_KEYS) & (with_actor | either_unknown | copy_like)
    return list(zip(left[keep].tolist(), right[keep].tolist()))


def _cosines(docs: list[_Doc], pairs: list[tuple[int, int]], vocab_size: int) -> np.ndarray:
    """Cosine of every candidate pair, vectorised per left-hand report."""
    out = np.zeros(len(pairs))
    buf = np.zeros(max(vocab_size, 1))
    k = 0
    while k < len(pairs):
        i = pairs[k][0]
        end = k
        while end < len(pairs) and pairs[end][0] == i:
            end += 1
        left = docs[i]
        buf[left.idx] = left.weights
        rights = [docs[j] for _, j in pairs[k:end]]
        idx = np.concatenate([r.idx for r in rights])
        w = np.concatenate([r.weights for r in rights])
        lengths = np.array([len(r.idx) for r in rights])
        offsets = np.concatenate(([0], np.cumsum(lengths)[:-1]))
        products = buf[idx] * w
        sums = np.add.reduceat(products, offsets) if len(products) else np.zeros(len(rights))
        sums[lengths == 0] = 0.0
        out[k:end] = sums
        buf[left.idx] = 0.0
        k = end
    return np.clip(out, 0.0, 1.0)


# ---------------------------------------------------------------------------
# Pair decisions
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Comparison:
    """What was measured for one pair of reports, and what was decided."""

    a: str
    b: str
    text: float
    actors: float
    places: float
    score: float
    decision: str  # "event", "thread" or "apart"
    reason: str  # plain English
    shared_actors: tuple[str, ...] = ()

    @property
    def notable(self) -> bool:
        """Worth telling an editor: linked, or kept apart despite common actors."""
        return self.decision != "apart" or bool(self.shared_actors)


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


def _actor_evidence(a: _Doc, b: _Doc) -> tuple[float, list[str], list[str], str | None]:
    """(overlap, shared ids, shared salient ids, contradiction) for a pair."""
    if a.actors and b.actors:
        shared = sorted(a.actors.keys() & b.actors.keys())
        salient = [k for k in shared if min(a.actors[k], b.actors[k]) >= 1.0]
        contradiction = None if shared else "no actors in common"
        return _weighted_jaccard(a.actors, b.actors), shared, salient, contradiction
    if a.actors or b.actors:
        named, other = (a, b) if a.actors else (b, a)
        checkable = [x for x in sorted(named.salient) if named.actor_tokens.get(x)]
        if not checkable:
            return 0.0, [], [], None
        found = _mentioned(named, other)
        missing = [x for x in checkable if x not in found]
        overlap = NAME_MENTION_WEIGHT * len(found) / len(checkable)
        if len(found) * 2 <= len(checkable):  # half or fewer named: another event of one of them
            return overlap, found, found, f"{other.source} does not name {_names(missing, named.actor_names)}"
        return overlap, found, found, None
    return 0.0, [], [], None


def _same_event_place(a: _Doc, b: _Doc) -> bool:
    return bool(a.event_place and b.event_place and a.event_place[0] == b.event_place[0]
                and a.event_place[2] in ("city", "site"))


def _compare(a: _Doc, b: _Doc, text: float) -> Comparison:
    actors, shared_actors, salient_shared, contradiction = _actor_evidence(a, b)
    names = {**b.actor_names, **a.actor_names}
    places = _weighted_jaccard(a.places, b.places)
    gap = abs(a.pub - b.pub)
    shared_places = sorted(k for k in a.places.keys() & b.places.keys() if min(a.places[k], b.places[k]) >= 0.6)

    if shared_actors and shared_places:
        common = f"same actors ({_names(shared_actors, names)}) and place ({_names(shared_places, a.place_names)})"
    elif shared_actors:
        common = f"same actors ({_names(shared_actors, names)})"
    elif shared_places:
        common = f"same place ({_names(shared_places, a.place_names)})"
    elif contradiction:
        common = contradiction
    else:
        common = "no actors or places known in common"
    wording = f"wording {text:.2f}"

    both_dates = a.event_date is not None and b.event_date is not None
    score = text + W_ACTORS * actors + W_PLACES * places
    if both_dates and a.event_date == b.event_date:
        score += SAME_EVENT_DATE_BONUS
    needed = EVENT_SCORE + (0.0 if both_dates else DAY_PENALTY * gap)

    def result(decision: str, reason: str) -> Comparison:
        return Comparison(a.id, b.id, text, actors, places, score, decision, reason, tuple(shared_actors))

    # --- one event? -------------------------------------------------------
    # extracted kinds/places may disagree between outlets; near-identical
    # wording overrides that disagreement, but only when the actors agree
    actors_agree = not contradiction and (actors >= 0.5 or not (a.actors and b.actors))
    # without event dates, a report days later must be closer still: the
    # next meeting of a multi-day visit reads much like the first
    copy = text >= TEXT_DUPLICATE + (0.0 if both_dates else COPY_DAY_PENALTY * gap) and actors_agree
    if both_dates and a.event_date != b.event_date:
        assert a.event_date is not None and b.event_date is not None  # both_dates
        da, db = sorted([a.event_date, b.event_date])
        why_not = f"{common} but event dates differ ({_day(da)} vs {_day(db)})"
    elif gap > EVENT_PUB_WINDOW:
        why_not = f"{common} but published {gap} days apart"
    elif contradiction and text < TEXT_NEAR_COPY:
        why_not = f"{contradiction} ({wording})"
    elif a.kind and b.kind and a.kind != b.kind and not copy:
        ka, kb = sorted([a.kind, b.kind])
        why_not = f"{common} but different kinds of event ({ka} vs {kb}), {wording}"
    elif (
        a.event_place and b.event_place and a.event_place[0] != b.event_place[0]
        and a.event_place[2] in ("city", "site") and b.event_place[2] in ("city", "site")
        and not copy
    ):
        pa, pb = sorted([a.event_place[1], b.event_place[1]])
        why_not = f"{common} but the events took place in different places ({pa} vs {pb}), {wording}"
    elif copy or (text >= TEXT_NEAR_COPY and (both_dates or not gap)):
        return result("event", f"one event: near-identical wording ({wording}); {common}")
    elif text >= EVENT_MIN_TEXT and score >= needed:
        when = ""
        if both_dates and a.event_date is not None:
            when = f", same event date ({_day(a.event_date)})"
        elif gap:
            when = f", published {gap} day{'s' if gap > 1 else ''} apart"
        return result("event", f"one event: {common}, similar wording ({wording}){when}")
    elif text < EVENT_MIN_TEXT:
        why_not = f"{common} but little common wording ({wording})"
    else:
        why_not = f"{common} but not enough evidence (score {score:.2f} < {needed:.2f}, {wording})"

    # --- one thread? ------------------------------------------------------
    if gap > THREAD_PUB_WINDOW:
        return result("apart", f"one event? no: {why_not}")
    topics_disjoint = bool(a.topics) and bool(b.topics) and not (a.topics.keys() & b.topics.keys())
    link = None
    if len(salient_shared) >= 2 and text >= THREAD_MIN_TEXT:
        link = "the same actors continue the story"
    elif (
        len(salient_shared) == 1 and text >= THREAD_ONE_ACTOR_TEXT
        and (a.topics.keys() & b.topics.keys() or shared_places or not (a.topics and b.topics))
    ):
        link = f"{names[salient_shared[0]]} again, on the same subject"
    elif text >= THREAD_TEXT and (shared_actors or not (a.actors and b.actors)) and not contradiction:
        link = "the same subject continues"
    elif (
        _same_event_place(a, b) and text >= THREAD_PLACE_TEXT and a.topics.keys() & b.topics.keys()
        and not (a.persons and b.persons and not a.persons & b.persons)
    ):
        topic = ", ".join(sorted(a.topics[t] for t in a.topics.keys() & b.topics.keys()))
        assert a.event_place is not None  # _same_event_place
        link = f"the same place ({a.event_place[1]}) and subject ({topic}) continue"
    if link and topics_disjoint and text < THREAD_TEXT:
        ta = ", ".join(sorted(a.topics.values()))
        tb = ", ".join(sorted(b.topics.values()))
        return result("apart", f"one event? no: {why_not}; one thread? no: different topics ({ta} vs {tb})")
    if link:
        kinds = f"{a.kind}s" if a.kind and a.kind == b.kind else "events"
        return result("thread", f"one event? no: {why_not}: two {kinds} of one thread ({link})")
    if shared_actors:
        why_not += "; one thread? no: too little in common"
    return result("apart", f"one event? no: {why_not}")


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


@dataclass
class ClusterResult:
    stories: list[Story]
    notes: list[str]
    stats: dict


def _completeness(d: _Doc) -> tuple:
    """Sort key: the most complete report first (most key points, then the
    longest text), ties by id."""
    chars = sum(len(s.text) for s in d.brief.sentences)
    return (-len(d.brief.key_points), -chars, d.id)


def cluster_with_stats(items: list[BilingualBrief], *, all_pairs: bool = False) -> ClusterResult:
    """``cluster_stories`` plus counters (candidate pairs compared, stories,
    threads) for the build summary and benchmarks.  ``all_pairs`` compares
    every pair within the thread window instead of using the index: the naive
    baseline with the same decisions at quadratic cost."""
    ordered = sorted(items, key=lambda it: (it.brief.article.date, it.id))
    docs = [_doc(n, it) for n, it in enumerate(ordered)]
    vocab_size = _vectorise(docs)
    pairs = _candidate_pairs(docs, all_pairs=all_pairs)
    texts = _cosines(docs, pairs, vocab_size)
    comparisons = [_compare(docs[i], docs[j], float(t)) for (i, j), t in zip(pairs, texts)]

    # --- event clusters: strongest evidence first, constrained union -------
    uf = _UnionFind(len(docs))
    event_dates: dict[int, set] = {d.n: ({d.event_date} if d.event_date else set()) for d in docs}
    pub_span: dict[int, tuple[int, int]] = {d.n: (d.pub, d.pub) for d in docs}
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
        dates = event_dates[ri] | event_dates[rj]
        lo = min(pub_span[ri][0], pub_span[rj][0])
        hi = max(pub_span[ri][1], pub_span[rj][1])
        if len(dates) > 1:
            refused[(i, j)] = "joining them would put two event dates in one event"
            continue
        if hi - lo > EVENT_PUB_WINDOW:
            refused[(i, j)] = f"joining them would spread one event over {hi - lo + 1} days"
            continue
        root = uf.union(ri, rj)
        event_dates[root] = dates
        pub_span[root] = (lo, hi)
        joined_by[j].append(f"{docs[j].id} joined {docs[i].id}: {comparisons[k].reason}")

    members: dict[int, list[_Doc]] = defaultdict(list)
    for d in docs:
        members[uf.find(d.n)].append(d)
    clusters = [sorted(ms, key=_completeness) for ms in members.values()]
    clusters.sort(key=lambda ms: (ms[0].pub, ms[0].id))

    story_ids: list[str] = []
    seen_ids: Counter = Counter()
    cluster_of: dict[int, int] = {}
    for c, ms in enumerate(clusters):
        base = ms[0].id
        seen_ids[base] += 1
        story_ids.append(base if seen_ids[base] == 1 else f"{base}~{seen_ids[base]}")
        for d in ms:
            cluster_of[d.n] = c

    # --- threads: strongest links first; a link may not join two threads
    # centred on different actors or topics ---------------------------------
    tf = _UnionFind(len(clusters))
    t_actors = [Counter(set().union(*(d.salient for d in ms))) for ms in clusters]
    t_topics = [Counter(set().union(*(d.topics.keys() for d in ms))) for ms in clusters]
    t_places = [Counter({d.event_place[0] for d in ms if d.event_place and d.event_place[2] in ("city", "site")})
                for ms in clusters]
    # stories that know their actors / topics: a core is a majority of those
    # (stories without extracted actors must not dilute the core to nothing)
    t_with_actors = [1 if a else 0 for a in t_actors]
    t_with_topics = [1 if t else 0 for t in t_topics]
    t_size = [1] * len(clusters)
    t_span = [(min(d.pub for d in ms), max(d.pub for d in ms)) for ms in clusters]
    thread_links: dict[int, list[str]] = defaultdict(list)
    apart: dict[int, list[str]] = defaultdict(list)
    link_ks = []
    for k, comp in enumerate(comparisons):
        i, j = pairs[k]
        ci, cj = cluster_of[i], cluster_of[j]
        if ci == cj:
            continue
        if comp.decision in ("thread", "event"):
            link_ks.append(k)
        elif comp.notable:
            apart[ci].append(f"{story_ids[cj]}: {comp.reason}")
            apart[cj].append(f"{story_ids[ci]}: {comp.reason}")
    link_ks.sort(key=lambda k: (-comparisons[k].score, pairs[k]))
    refused_links = 0
    for k in link_ks:
        comp = comparisons[k]
        i, j = pairs[k]
        ci, cj = cluster_of[i], cluster_of[j]
        ri, rj = tf.find(ci), tf.find(cj)
        if comp.decision == "event":
            reason = f"one event? no: {refused.get((i, j), 'kept apart')}; one thread"
        else:
            reason = comp.reason
        if ri != rj:
            core_a, core_b = _core(t_actors[ri], t_with_actors[ri]), _core(t_actors[rj], t_with_actors[rj])
            top_a, top_b = _core(t_topics[ri], t_with_topics[ri]), _core(t_topics[rj], t_with_topics[rj])
            # a thread centred on a place links reports by different voices
            by_place = comp.decision == "thread" and "the same place" in comp.reason and bool(
                t_places[ri].keys() & t_places[rj].keys())
            if core_a and core_b and not core_a & core_b and not by_place:
                refused_links += 1
                why = f"{reason}; but not linked: the threads centre on different actors"
                apart[ci].append(f"{story_ids[cj]}: {why}")
                apart[cj].append(f"{story_ids[ci]}: {why}")
                continue
            if top_a and top_b and not top_a & top_b and comp.text < THREAD_TEXT:
                refused_links += 1
                why = f"{reason}; but not linked: the threads are on different topics"
                apart[ci].append(f"{story_ids[cj]}: {why}")
                apart[cj].append(f"{story_ids[ci]}: {why}")
                continue
            lo, hi = min(t_span[ri][0], t_span[rj][0]), max(t_span[ri][1], t_span[rj][1])
            if t_size[ri] + t_size[rj] > MAX_THREAD_STORIES or hi - lo >= MAX_THREAD_DAYS:
                refused_links += 1
                why = f"{reason}; but not linked: the thread would grow past {MAX_THREAD_STORIES} stories or {MAX_THREAD_DAYS} days"
                apart[ci].append(f"{story_ids[cj]}: {why}")
                apart[cj].append(f"{story_ids[ci]}: {why}")
                continue
            root = tf.union(ri, rj)
            other = rj if root == ri else ri
            t_size[root] += t_size[other]
            t_span[root] = (lo, hi)
            t_with_actors[root] += t_with_actors[other]
            t_with_topics[root] += t_with_topics[other]
            t_actors[root] += t_actors[other]
            t_topics[root] += t_topics[other]
            t_places[root] += t_places[other]
        thread_links[ci].append(f"{story_ids[cj]}: {reason}")
        thread_links[cj].append(f"{story_ids[ci]}: {reason}")

    threads: dict[int, list[int]] = defaultdict(list)
    for c in range(len(clusters)):
        threads[tf.find(c)].append(c)

    thread_of: dict[int, str | None] = {}
    related: dict[int, tuple[str, ...]] = {}
    thread_notes: list[str] = []
    for root in sorted(threads, key=lambda r: min((clusters[c][0].pub, story_ids[c]) for c in threads[r])):
        cs = threads[root]
        if len(cs) == 1:
            thread_of[cs[0]], related[cs[0]] = None, ()
            continue
        first = min(cs, key=lambda c: (clusters[c][0].pub, story_ids[c]))
        tid = f"thread:{story_ids[first]}"
        order = sorted(cs, key=lambda c: (-clusters[c][0].pub, story_ids[c]))  # newest first
        for c in cs:
            thread_of[c] = tid
            related[c] = tuple(story_ids[o] for o in order if o != c)
        thread_notes.append(f"thread {tid}: {len(cs)} stories, newest first: {', '.join(story_ids[o] for o in order)}")

    # --- stories with their explanations -----------------------------------
    stories: list[Story] = []
    cluster_notes: list[str] = []
    for c, ms in enumerate(clusters):
        lines: list[str] = []
        if len(ms) > 1:
            lead = ms[0]
            others = ", ".join(f"{d.source} ({d.id})" for d in ms[1:])
            lines.append(f"one event reported by {len(ms)} outlets: lead {lead.source} ({lead.id}), the most "
                         f"complete report; also reported by {others}")
            joins = [why for d in ms for why in joined_by.get(d.n, [])]
            lines.extend(sorted(joins)[:MAX_LINES_PER_KIND * 2])
            cluster_notes.append(f"story {story_ids[c]}: {len(ms)} reports ({', '.join(d.source for d in ms)})")
        if thread_of[c]:
            count = len(related[c])
            lines.append(f"part of thread {thread_of[c]} with {count} other stor{'y' if count == 1 else 'ies'}")
            lines.extend(f"linked to {link}" for link in thread_links.get(c, [])[:MAX_LINES_PER_KIND])
        lines.extend(f"kept apart from {why}" for why in list(dict.fromkeys(apart.get(c, [])))[:MAX_LINES_PER_KIND])
        stories.append(Story(
            id=story_ids[c],
            briefs=tuple(d.item for d in ms),
            thread_id=thread_of[c],
            related=related[c],
            explanation=tuple(lines),
        ))
    stories.sort(key=lambda s: s.id)

    n = len(docs)
    possible = n * (n - 1) // 2
    threaded = sum(1 for cs in threads.values() if len(cs) > 1)
    stats = {
        "briefs": n,
        "stories": len(stories),
        "multi_report_stories": sum(1 for ms in clusters if len(ms) > 1),
        "threads": threaded,
        "largest_thread": max((len(cs) for cs in threads.values()), default=0),
        "candidate_pairs": len(pairs),
        "all_pairs": possible,
        "event_links": len(event_pairs),
        "thread_links": len(link_ks) - refused_links,
        "refused_merges": len(refused) + refused_links,
    }
    share = f" ({100 * len(pairs) / possible:.2f}%)" if possible else ""
    notes = [
        f"clustering: {n} brief(s) -> {len(stories)} story(ies), {stats['multi_report_stories']} reported by "
        f"several outlets, {threaded} thread(s); compared {len(pairs)} candidate pair(s) of {possible}{share}"
    ]
    detail = cluster_notes + thread_notes
    for k, comp in enumerate(comparisons):
        i, j = pairs[k]
        if comp.decision == "event" and cluster_of[i] == cluster_of[j]:
            continue  # told by the story line
        if comp.notable:
            detail.append(f"{comp.a} / {comp.b}: {comp.reason}")
    notes.extend(detail[:MAX_NOTES])
    if len(detail) > MAX_NOTES:
        notes.append(f"... and {len(detail) - MAX_NOTES} more clustering note(s)")
    return ClusterResult(stories=stories, notes=notes, stats=stats)


def cluster_stories(items: list[BilingualBrief]) -> tuple[list[Story], list[str]]:
    """Group briefs into stories (one per event, lead report first) linked into
    threads; returns the stories sorted by id and plain-English notes saying
    why reports were clustered, linked or kept apart."""
    result = cluster_with_stats(items)
    return result.stories, result.notes
