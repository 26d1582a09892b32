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

* *text*: cosine of TF-IDF vectors over normalised, clitic-stripped,
  stopword-filtered tokens of headline + sentences (headline and the first two
  sentences count twice: news puts the event in the lead).  IDF comes from
  the batch being clustered.
* *actors*: weighted Jaccard of ``Actor.id`` sets; the event's participants,
  the first three actors named and those in the headline weigh 1, background
  mentions 0.5.
* *places*: weighted Jaccard of ``Place.id`` sets (city/site 1, region 0.6,
  country 0.3: "Libya" is in every Libyan story).
* *dates*: publication gap, and ``Brief.event_date`` when both are known.
* *event kind* / *topics* when the extraction filled them.

All of it degrades gracefully: with no actors, places, dates or topics the
decisions rest on the text alone, with correspondingly stricter thresholds.

Scaling: pairs are never enumerated exhaustively.  An inverted index maps
salient features (actor ids, place ids, each report's top TF-IDF terms) to
the reports that have them, sorted by date; only reports within
``CANDIDATE_WINDOW`` days of each other that share at least
``MIN_SHARED_KEYS`` features become candidate pairs, and a feature carried by
more than ``MAX_KEY_NEIGHBOURS`` reports in one window is treated as too
common to block on there.  Clusters are built with union-find, taking the
strongest pairs first and refusing merges that would put two different event
dates in one event.
"""
from __future__ import annotations

import datetime as dt
import math
from collections import Counter, defaultdict
from dataclasses import dataclass, field

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
# A thread link spans at most a week between two of its stories (chains can
# make a thread longer).
THREAD_PUB_WINDOW = 7
CANDIDATE_WINDOW = THREAD_PUB_WINDOW

# Same event: near-identical wording (one press release, rewritten) decides on
# its own, whatever the extracted kinds/places say (extraction can disagree).
TEXT_DUPLICATE = 0.6
# Otherwise: text + W_ACTORS * actor overlap + W_PLACES * place overlap
# (+ SAME_EVENT_DATE_BONUS when both event dates are known and equal) must
# reach EVENT_SCORE, raised by DAY_PENALTY per day between publications when
# the event dates do not settle it; and the text must be at least
# EVENT_MIN_TEXT (two different events of the same actors share actors but
# not wording).  Calibrated on rewritten reports of one event (text 0.3-0.6,
# same actors) versus different events of the same actors (text 0.15-0.35,
# same or overlapping actors).
EVENT_SCORE = 0.5
EVENT_MIN_TEXT = 0.25
W_ACTORS = 0.25
W_PLACES = 0.10
SAME_EVENT_DATE_BONUS = 0.05
DAY_PENALTY = 0.05

# One thread: the same principal actors (actor overlap >= THREAD_ACTORS, or at
# least two salient actors in common) and some common wording
# (>= THREAD_MIN_TEXT); or, without actor evidence, clearly similar wording
# (>= THREAD_TEXT).  Disjoint topics (both known) veto an actor-based link:
# the same minister on electricity on Monday and on elections on Saturday is
# two stories.
THREAD_ACTORS = 0.3
THREAD_MIN_TEXT = 0.12
THREAD_TEXT = 0.35

# Candidate generation.
TOP_TERMS = 12  # top TF-IDF terms per report used as blocking keys
MIN_SHARED_KEYS = 2  # a pair must share this many keys to be compared
MAX_KEY_NEIGHBOURS = 40  # a key with more later reports in one window is too common there

# Salience weights.
PLACE_KIND_WEIGHT = {"city": 1.0, "site": 1.0, "region": 0.6, "country": 0.3}
BACKGROUND_ACTOR_WEIGHT = 0.5
LEAD_ACTORS = 3
LEAD_SENTENCES = 2  # count twice in the text vector

MAX_NOTES = 60  # detailed lines in the build summary (the rest are counted)
MAX_APART_PER_STORY = 3

_DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def _day(d: dt.date) -> str:
    return f"{_DAYS[d.weekday()]} {d.day} {_MONTHS[d.month - 1]} {d.year}"


# ---------------------------------------------------------------------------
# Per-report features
# ---------------------------------------------------------------------------


@dataclass
class _Doc:
    n: int  # position in the date-sorted list
    item: BilingualBrief
    id: str
    source: str
    pub: int  # publication date ordinal
    event_date: dt.date | None
    kind: str | None
    event_place: tuple[str, str, str] | None  # (id, name, kind)
    actors: dict[str, float]
    actor_names: dict[str, str]
    places: dict[str, float]
    place_names: dict[str, str]
    topics: dict[str, str]  # id -> English label
    counts: Counter
    vec: dict[str, float] = field(default_factory=dict)
    keys: list[str] = field(default_factory=list)

    @property
    def brief(self) -> Brief:
        return self.item.brief


def _label_of_actor(actor) -> str:
    return actor.name_en or actor.id.split(":", 1)[-1]


def _doc(n: int, item: BilingualBrief) -> _Doc:
    brief = item.brief
    event = brief.event
    headline_norm = normalise(brief.headline or "")
    principal_ids = set()
    if event is not None:
        if event.principal is not None:
            principal_ids.add(event.principal.id)
        principal_ids.update(a.id for a in event.counterparts)
    actors: dict[str, float] = {}
    actor_names: dict[str, str] = {}
    every = list(brief.actors)
    if event is not None:
        every += [a for a in ((event.principal,) + tuple(event.counterparts)) if a is not None]
    for rank, actor in enumerate(every):
        salient = (
            rank < LEAD_ACTORS
            or actor.id in principal_ids
            or (actor.name_ar and normalise(actor.name_ar) in headline_norm)
        )
        weight = 1.0 if salient else BACKGROUND_ACTOR_WEIGHT
        actors[actor.id] = max(actors.get(actor.id, 0.0), weight)
        actor_names.setdefault(actor.id, _label_of_actor(actor))
    places: dict[str, float] = {}
    place_names: dict[str, str] = {}
    every_place = list(brief.places) + ([event.place] if event is not None and event.place else [])
    for place in every_place:
        weight = PLACE_KIND_WEIGHT.get(place.kind, 0.8)
        places[place.id] = max(places.get(place.id, 0.0), weight)
        place_names.setdefault(place.id, place.name_en or place.id)
    event_date = brief.event_date or (event.date if event is not None else None)
    event_place = None
    if event is not None and event.place is not None:
        event_place = (event.place.id, event.place.name_en or event.place.id, event.place.kind)
    counts: Counter = Counter()
    lead_texts = [brief.headline] + [s.text for s in brief.sentences[:LEAD_SENTENCES]]
    for text in lead_texts:
        counts.update(content_tokens(text))
    for s in brief.sentences:
        counts.update(content_tokens(s.text))
    return _Doc(
        n=n,
        item=item,
        id=item.id,
        source=brief.article.source or "unknown outlet",
        pub=brief.article.date.toordinal(),
        event_date=event_date,
        kind=(event.kind if event is not None else None) or None,
        event_place=event_place,
        actors=actors,
        actor_names=actor_names,
        places=places,
        place_names=place_names,
        topics={t.id: t.label_en or t.id for t in brief.topics},
        counts=counts,
    )


def _vectorise(docs: list[_Doc]) -> None:
    """TF-IDF vectors (sublinear tf, smoothed batch IDF, L2-normalised) and
    blocking keys (actor ids, place ids, top terms) for every report."""
    df: Counter = Counter()
    for d in docs:
        df.update(d.counts.keys())
    n = len(docs)
    idf = {t: math.log((n + 1) / (c + 1)) + 1.0 for t, c in df.items()}
    for d in docs:
        vec = {t: (1.0 + math.log(c)) * idf[t] for t, c in d.counts.items()}
        norm = math.sqrt(sum(v * v for v in vec.values())) or 1.0
        d.vec = {t: v / norm for t, v in vec.items()}
        shared_terms = [t for t in d.vec if df[t] >= 2]  # a term of one report blocks nothing
        shared_terms.sort(key=lambda t: (-d.vec[t], t))
        d.keys = (
            ["a:" + a for a in sorted(d.actors)]
            + ["p:" + p for p in sorted(d.places) if d.places[p] >= 0.6]
            + ["t:" + t for t in shared_terms[:TOP_TERMS]]
        )


def _cosine(a: dict[str, float], b: dict[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    get = b.get
    return sum(v * get(t, 0.0) for t, v in a.items())


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


def _candidate_pairs(docs: list[_Doc], all_pairs: bool = False) -> list[tuple[int, int]]:
    """Pairs (i < j) of reports worth comparing: within CANDIDATE_WINDOW days
    and sharing MIN_SHARED_KEYS salient features.  ``all_pairs`` is the naive
    baseline (every pair within the window is compared) for benchmarks."""
    if all_pairs:
        return [
            (i, j)
            for i in range(len(docs))
            for j in range(i + 1, len(docs))
            if abs(docs[j].pub - docs[i].pub) <= CANDIDATE_WINDOW
        ]
    postings: dict[str, list[int]] = defaultdict(list)
    for d in docs:  # docs are sorted by (pub, id): postings come out sorted
        for key in d.keys:
            postings[key].append(d.n)
    shared: Counter = Counter()
    for key in sorted(postings):
        plist = postings[key]
        if len(plist) < 2:
            continue
        end = 0
        for pos, i in enumerate(plist):
            limit = docs[i].pub + CANDIDATE_WINDOW
            end = max(end, pos + 1)
            while end < len(plist) and docs[plist[end]].pub <= limit:
                end += 1
            if end - pos - 1 > MAX_KEY_NEIGHBOURS:
                continue  # too common around this date to say anything
            for j in plist[pos + 1:end]:
                shared[(i, j)] += 1
    return sorted(pair for pair, c in shared.items() if c >= MIN_SHARED_KEYS)


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

    @property
    def notable(self) -> bool:
        """Worth telling an editor: linked, or kept apart despite common ground."""
        return self.decision != "apart" or self.actors > 0 or self.text >= THREAD_MIN_TEXT


def _names(ids, names: dict[str, str]) -> str:
    return ", ".join(sorted(names[i] for i in ids))


def _compare(a: _Doc, b: _Doc) -> Comparison:
    text = _cosine(a.vec, b.vec)
    actors = _weighted_jaccard(a.actors, b.actors)
    places = _weighted_jaccard(a.places, b.places)
    gap = abs(a.pub - b.pub)
    shared_actors = sorted(a.actors.keys() & b.actors.keys())
    salient_shared = [k for k in shared_actors if min(a.actors[k], b.actors[k]) >= 1.0]
    shared_places = sorted(k for k in a.places.keys() & b.places.keys() if min(a.places[k], b.places[k]) >= 0.6)

    common: list[str] = []
    if shared_actors:
        common.append(f"same actors ({_names(shared_actors, a.actor_names)})")
    if shared_places:
        common.append(f"same place ({_names(shared_places, a.place_names)})")
    common_text = " and ".join(common) or "no actors or places in common"
    measured = f"wording {text:.2f}"

    both_dates = a.event_date is not None and b.event_date is not None
    score = text + W_ACTORS * actors + W_PLACES * places
    if both_dates and a.event_date == b.event_date:
        score += SAME_EVENT_DATE_BONUS
    needed = EVENT_SCORE + (0.0 if both_dates else DAY_PENALTY * gap)

    # --- one event? -------------------------------------------------------
    why_not: str | None = None
    if both_dates and a.event_date != b.event_date:
        da, db = sorted([a.event_date, b.event_date])
        why_not = f"{common_text} but event dates differ ({_day(da)} vs {_day(db)})"
    elif gap > EVENT_PUB_WINDOW:
        why_not = f"{common_text} but published {gap} days apart"
    elif a.kind and b.kind and a.kind != b.kind and text < TEXT_DUPLICATE:
        why_not = f"{common_text} but different kinds of event ({a.kind} vs {b.kind}) and {measured}"
    elif (
        a.event_place and b.event_place and a.event_place[0] != b.event_place[0]
        and a.event_place[2] in ("city", "site") and b.event_place[2] in ("city", "site")
        and text < TEXT_DUPLICATE
    ):
        why_not = f"{common_text} but different places ({a.event_place[1]} vs {b.event_place[1]}) and {measured}"
    elif text >= TEXT_DUPLICATE:
        return Comparison(a.id, b.id, text, actors, places, score, "event",
                          f"one event: near-identical wording ({measured}); {common_text}")
    elif text >= EVENT_MIN_TEXT and score >= needed:
        when = ""
        if both_dates:
            when = f", same event date ({_day(a.event_date)})"
        elif gap:
            when = f", published {gap} day{'s' if gap > 1 else ''} apart"
        return Comparison(a.id, b.id, text, actors, places, score, "event",
                          f"one event: {common_text}, similar wording ({measured}){when}")
    elif text < EVENT_MIN_TEXT:
        why_not = f"{common_text} but little common wording ({measured})"
    else:
        why_not = f"{common_text} but not enough evidence (score {score:.2f} < {needed:.2f}, {measured})"

    # --- one thread? ------------------------------------------------------
    thread_reason: str | None = None
    topics_disjoint = bool(a.topics) and bool(b.topics) and not (a.topics.keys() & b.topics.keys())
    if gap <= THREAD_PUB_WINDOW:
        actor_link = (actors >= THREAD_ACTORS or len(salient_shared) >= 2) and text >= THREAD_MIN_TEXT
        if actor_link and topics_disjoint and text < THREAD_TEXT:
            ta = ", ".join(sorted(a.topics.values()))
            tb = ", ".join(sorted(b.topics.values()))
            why_not += f"; one thread? no: different topics ({ta} vs {tb})"
        elif actor_link:
            thread_reason = "the same actors continue the story"
        elif text >= THREAD_TEXT and not topics_disjoint:
            thread_reason = "the same subject continues"
        elif shared_actors:
            why_not += "; one thread? no: too little in common"
    if thread_reason:
        kinds = f"{a.kind}s" if a.kind and a.kind == b.kind else "events"
        return Comparison(a.id, b.id, text, actors, places, score, "thread",
                          f"one event? no: {why_not}: two {kinds} of one thread ({thread_reason})")
    return Comparison(a.id, b.id, text, actors, places, score, "apart", f"one event? no: {why_not}")


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
    brief = d.brief
    chars = sum(len(s.text) for s in brief.sentences)
    return (-len(brief.key_points), -chars, d.id)


def cluster_with_stats(items: list[BilingualBrief], *, all_pairs: bool = False) -> ClusterResult:
    """``cluster_stories`` plus counters (candidate pairs compared, clusters,
    threads) for the build summary and benchmarks.  ``all_pairs`` compares
    every pair within the date window instead of using the index (the naive
    baseline; same decisions, quadratic cost)."""
    ordered = sorted(items, key=lambda it: (it.brief.article.date, it.id))
    docs = [_doc(n, it) for n, it in enumerate(ordered)]
    _vectorise(docs)
    pairs = _candidate_pairs(docs, all_pairs=all_pairs)
    comparisons = [_compare(docs[i], docs[j]) for i, j in pairs]

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
        if hi - lo > EVENT_PUB_WINDOW + 1:
            refused[(i, j)] = f"joining them would spread one event over {hi - lo} days"
            continue
        root = uf.union(ri, rj)
        event_dates[root] = dates
        pub_span[root] = (lo, hi)
        joined_by[i].append(f"{docs[j].id} ({docs[j].source}): {comparisons[k].reason}")
        joined_by[j].append(f"{docs[i].id} ({docs[i].source}): {comparisons[k].reason}")

    members: dict[int, list[_Doc]] = defaultdict(list)
    for d in docs:
        members[uf.find(d.n)].append(d)
    clusters = [sorted(ms, key=_completeness) for ms in members.values()]
    clusters.sort(key=lambda ms: (ms[0].brief.article.date, ms[0].id))

    story_ids: list[str] = []
    seen_ids: Counter = Counter()
    cluster_of: dict[int, int] = {}
    for c, ms in enumerate(clusters):
        base = ms[0].id
        seen_ids[base] += 1
        story_ids.append(base if seen_ids[base] == 1 else f"{base}~{seen_ids[base]}")
        for d in ms:
            cluster_of[d.n] = c

    # --- threads: union of stories linked by "thread" (or event pairs that
    # the constraints kept in different stories) ---------------------------
    tf = _UnionFind(len(clusters))
    thread_links: dict[int, list[str]] = defaultdict(list)
    apart: dict[int, list[str]] = defaultdict(list)
    for k, comp in enumerate(comparisons):
        i, j = pairs[k]
        ci, cj = cluster_of[i], cluster_of[j]
        if ci == cj:
            continue
        if comp.decision in ("thread", "event"):
            tf.union(ci, cj)
            reason = comp.reason if comp.decision == "thread" else (
                "one event? no: " + refused.get((i, j), "kept apart") +
                "; linked as one thread")
            thread_links[ci].append(f"{story_ids[cj]}: {reason}")
            thread_links[cj].append(f"{story_ids[ci]}: {reason}")
        elif comp.notable and (comp.actors > 0 or comp.text >= EVENT_MIN_TEXT):
            apart[ci].append(f"{story_ids[cj]}: {comp.reason}")
            apart[cj].append(f"{story_ids[ci]}: {comp.reason}")

    threads: dict[int, list[int]] = defaultdict(list)
    for c in range(len(clusters)):
        threads[tf.find(c)].append(c)

    def newest_first(cs: list[int]) -> list[int]:
        return sorted(cs, key=lambda c: (-clusters[c][0].pub, story_ids[c]))

    thread_of: dict[int, str | None] = {}
    related: dict[int, tuple[str, ...]] = {}
    thread_notes: list[str] = []
    for root in sorted(threads, key=lambda r: min((clusters[c][0].pub, story_ids[c]) for c in threads[r])):
        cs = threads[root]
        if len(cs) == 1:
            thread_of[cs[0]] = None
            related[cs[0]] = ()
            continue
        first = min(cs, key=lambda c: (clusters[c][0].pub, story_ids[c]))
        tid = f"thread:{story_ids[first]}"
        order = newest_first(cs)
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
            for d in ms:
                for why in joined_by.get(d.n, [])[:2]:
                    lines.append(f"{d.id} with {why}")
            cluster_notes.append(f"story {story_ids[c]}: {len(ms)} reports ({', '.join(d.source for d in ms)})")
        if thread_of[c]:
            lines.append(f"part of thread {thread_of[c]} with {len(related[c])} other "
                         f"stor{'y' if len(related[c]) == 1 else 'ies'}")
            lines.extend(f"linked to {link}" for link in thread_links.get(c, [])[:MAX_APART_PER_STORY])
        lines.extend(f"kept apart from {why}" for why in apart.get(c, [])[:MAX_APART_PER_STORY])
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
        "candidate_pairs": len(pairs),
        "all_pairs": possible,
        "event_links": len(event_pairs),
        "thread_links": sum(1 for c in comparisons if c.decision == "thread"),
        "refused_merges": len(refused),
    }
    share = f" ({100 * len(pairs) / possible:.2f}%)" if possible else ""
    notes = [
        f"clustering: {n} brief(s) -> {len(stories)} story(ies), {stats['multi_report_stories']} reported by "
        f"several outlets, {threaded} thread(s); compared {len(pairs)} candidate pair(s) of {possible}{share}"
    ]
    detail = cluster_notes + thread_notes
    pair_notes = []
    for k, comp in enumerate(comparisons):
        i, j = pairs[k]
        if comp.decision == "event" and cluster_of[i] == cluster_of[j]:
            continue  # told by the story line
        if comp.notable and (comp.decision != "apart" or comp.actors > 0):
            pair_notes.append(f"{comp.a} / {comp.b}: {comp.reason}")
    detail += pair_notes
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
