"""Scoring a project's briefs and stories against a gold file (``briefing eval``).

The gold file is reviewable YAML written by a person (schema in
``docs/eval.md``)::

    version: 1
    articles:
      - file: content/articles/2025-05-13/ly-observer-ghnewa.md
        lang: ar                 # ar | en
        kind: article            # article | listing | multi
        focus: on                # on | off
        event: {kind: killing, date: 2025-05-12}
        cluster: ghnewa-killing  # same-event id
        thread: tripoli-clashes-2025-05
        actors: [{name: Abdulghani al-Kikli, type: person, aliases: [Ghnewa]}]
        topics: [security]
        boilerplate: ["- عين ليبيا"]
        story_sentences: ["..."]

Every figure is computed over the gold articles that annotate it (an article
without ``actors`` does not count for actor recall).  Pairwise scores treat an
article without ``cluster`` as an event of its own, and its thread as its
cluster's.  The plain TF-IDF peer (character 3-5-gram cosine, one threshold,
pairs joined into groups) is scored on the same briefs, so the clustering is
always read next to the simplest thing that could work.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
import unicodedata
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from .text.arabic import normalise
from .models import Brief, Problem, Story
from .text.textsim import cosines, vectorise
from .yamlio import YamlError, item_lines, parse_yaml_with_nodes

__all__ = ["GoldActor", "GoldArticle", "evaluate", "evaluate_project", "format_table", "load_gold", "pairwise", "tfidf_peer"]

KINDS = ("article", "listing", "multi")
ACTOR_TYPES = ("person", "organisation", "place")
PEER_THRESHOLDS = tuple(round(0.05 * k, 2) for k in range(2, 19))  # 0.10 .. 0.90


@dataclass(frozen=True)
class GoldActor:
    name: str
    type: str
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class GoldArticle:
    file: str
    line: int
    lang: str = "ar"
    kind: str = "article"
    focus: str = "on"
    event_kind: str | None = None
    event_date: dt.date | None = None
    cluster: str | None = None
    thread: str | None = None
    actors: tuple[GoldActor, ...] | None = None  # None: not annotated
    topics: tuple[str, ...] | None = None
    boilerplate: tuple[str, ...] = ()
    story_sentences: tuple[str, ...] = ()

    @property
    def event_id(self) -> str:
        return self.cluster or f"file:{self.file}"

    @property
    def thread_id(self) -> str:
        return self.thread or self.event_id


# ---------------------------------------------------------------------------
# Reading the gold file
# ---------------------------------------------------------------------------


def _strings(value: object) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, (list, tuple)):
        return tuple(str(v) for v in value if v is not None)
    return (str(value),)


def _date(value: object) -> dt.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value).strip())


def load_gold(path: Path) -> tuple[list[GoldArticle], list[Problem]]:
    """Read a gold file; each bad entry is a problem naming file and line and
    is skipped, the others are kept."""
    shown = str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        return [], [Problem(shown, None, f"cannot read the gold file: {exc}")]
    try:
        data, node = parse_yaml_with_nodes(text)
    except YamlError as exc:
        return [], [Problem(shown, exc.line, f"broken YAML: {exc.reason}")]
    if not isinstance(data, dict) or not isinstance(data.get("articles"), list):
        return [], [Problem(shown, 1, "expected 'version: 1' and a list 'articles:'")]
    lines = item_lines(node, "articles")
    gold: list[GoldArticle] = []
    problems: list[Problem] = []
    seen: set[str] = set()
    for raw, line in zip(data["articles"], lines):
        try:
            gold.append(_gold_article(raw, line, seen))
        except (ValueError, TypeError, AttributeError) as exc:
            problems.append(Problem(shown, line, str(exc)))
    return gold, problems


def _gold_article(raw: object, line: int, seen: set[str]) -> GoldArticle:
    if not isinstance(raw, dict) or not raw.get("file"):
        raise ValueError("an article entry needs 'file:' (relative to the project)")
    file = str(raw["file"]).strip()
    if file in seen:
        raise ValueError(f"{file} is annotated twice")
    seen.add(file)
    kind = str(raw.get("kind") or "article")
    if kind not in KINDS:
        raise ValueError(f"kind {kind!r} is not one of {', '.join(KINDS)}")
    focus = raw.get("focus", "on")
    focus = {True: "on", False: "off"}.get(focus, str(focus))  # YAML reads a bare on/off as a boolean
    if focus not in ("on", "off"):
        raise ValueError(f"focus {focus!r} is not 'on' or 'off'")
    event = raw.get("event") or {}
    if not isinstance(event, dict):
        raise TypeError("event: expected {kind: ..., date: YYYY-MM-DD}")
    try:
        event_date = _date(event.get("date"))
    except ValueError:
        raise ValueError(f"event date {event.get('date')!r} is not YYYY-MM-DD") from None
    actors: tuple[GoldActor, ...] | None = None
    if "actors" in raw:
        listed: list[GoldActor] = []
        for a in raw.get("actors") or ():
            if not isinstance(a, dict) or not a.get("name"):
                raise ValueError("an actor needs 'name:' and 'type:'")
            kind_a = str(a.get("type") or "person")
            if kind_a not in ACTOR_TYPES:
                raise ValueError(f"actor type {kind_a!r} is not one of {', '.join(ACTOR_TYPES)}")
            listed.append(GoldActor(str(a["name"]), kind_a, _strings(a.get("aliases"))))
        actors = tuple(listed)
    return GoldArticle(
        file=file,
        line=line,
        lang=str(raw.get("lang") or "ar"),
        kind=kind,
        focus=focus,
        event_kind=str(event["kind"]) if event.get("kind") else None,
        event_date=event_date,
        cluster=str(raw["cluster"]) if raw.get("cluster") else None,
        thread=str(raw["thread"]) if raw.get("thread") else None,
        actors=actors,
        topics=_strings(raw["topics"]) if "topics" in raw else None,
        boilerplate=_strings(raw.get("boilerplate")),
        story_sentences=_strings(raw.get("story_sentences")),
    )


# ---------------------------------------------------------------------------
# Measures
# ---------------------------------------------------------------------------


def _prf(tp: int, predicted: int, actual: int) -> dict:
    p = tp / predicted if predicted else (1.0 if not actual else 0.0)
    r = tp / actual if actual else 1.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {
        "precision": round(p, 4),
        "recall": round(r, 4),
        "f1": round(f, 4),
        "tp": tp,
        "predicted": predicted,
        "actual": actual,
    }


def _pairs(labels: Mapping[str, str]) -> set[tuple[str, str]]:
    groups: dict[str, list[str]] = defaultdict(list)
    for item, label in labels.items():
        groups[label].append(item)
    return {pair for members in groups.values() for pair in itertools.combinations(sorted(members), 2)}


def pairwise(predicted: Mapping[str, str], gold: Mapping[str, str]) -> dict:
    """Pairwise precision/recall/F1 of a grouping against gold, over the
    items both know."""
    items = predicted.keys() & gold.keys()
    p = _pairs({i: predicted[i] for i in items})
    g = _pairs({i: gold[i] for i in items})
    return _prf(len(p & g), len(p), len(g))


def _name_forms(name: str) -> set[str]:
    """Matching forms of an English name: lower-case, accents off, article
    prefixes ("al-", "el-") and hyphens folded, and the same without spaces
    ("Abdul Ghani" = "Abdulghani")."""
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    text = re.sub(r"[\u2019'`]", "", text)
    text = re.sub(r"\b(?:al|el|ad|ash|as|at|az)-", "", text)  # the Arabic article, however transcribed
    words = [w for w in re.split(r"[^a-z0-9]+", text) if w and w not in ("al", "el", "the")]
    if not words:
        return set()
    return {" ".join(words), "".join(words)}


def _matches(predicted: str, actor: GoldActor) -> bool:
    forms = _name_forms(predicted)
    if not forms:
        return False
    for name in (actor.name, *actor.aliases):
        gold = _name_forms(name)
        if forms & gold:
            return True
    return False


def _brief_names(brief: Brief) -> dict[str, list[str]]:
    names: dict[str, list[str]] = {t: [] for t in ACTOR_TYPES}
    for actor in brief.actors:
        names["person" if actor.kind == "person" else "organisation"].append(actor.name_en)
    places = list(brief.places) + ([brief.event.place] if brief.event and brief.event.place else [])
    for place in places:
        if place.name_en not in names["place"]:
            names["place"].append(place.name_en)
    return names


def _fold(text: str) -> str:
    return " ".join(normalise(text).split())


def _contains(haystack: str, needle: str) -> bool:
    needle = _fold(needle.strip(" -–—|:·"))
    return bool(needle) and needle in _fold(haystack)


@dataclass
class EvalResult:
    figures: dict
    missing: list[str] = field(default_factory=list)  # gold files that were not read


def evaluate(
    gold: Sequence[GoldArticle],
    stories: Sequence[Story],
    briefs: Mapping[str, Brief],
    event_lines: Mapping[str, Sequence[str]] | None = None,
    peer_threshold: float | None = None,
) -> EvalResult:
    """Score ``stories`` (what the digest shows) and ``briefs`` (every gold
    article that could be briefed, by project-relative path) against gold.
    ``event_lines``: the rendered event lines per article, for the
    boilerplate check."""
    story_of: dict[str, Story] = {}
    for story in stories:
        for item in story.briefs:
            story_of[item.brief.article.path] = story
    missing = [g.file for g in gold if g.file not in briefs and g.file not in story_of]
    known = [g for g in gold if g.file in briefs or g.file in story_of]
    brief_of = {g.file: _shown_brief(g.file, story_of, briefs) for g in known}
    figures: dict = {"articles": len(known), "missing": len(missing)}
    figures["boilerplate"] = _boilerplate(known, brief_of, event_lines or {})
    figures["actors"] = _actor_figures(known, brief_of)
    figures.update(_event_figures(known, brief_of))
    figures["topics"] = _topic_figures(known, brief_of)
    figures.update(_grouping_figures(known, story_of, brief_of, peer_threshold))
    figures["left_out"] = _left_out(known, story_of)
    figures["key_points"] = _key_point_figures(known, brief_of)
    return EvalResult(figures, missing)


def _shown_brief(file: str, story_of: Mapping[str, Story], briefs: Mapping[str, Brief]) -> Brief:
    """The brief of ``file``: the one its story carries, else the one made
    for scoring."""
    if file not in story_of:
        return briefs[file]
    items = story_of[file].briefs
    return items[[i.brief.article.path for i in items].index(file)].brief


def _boilerplate(known: Sequence[GoldArticle], brief_of: Mapping[str, Brief], event_lines: Mapping[str, Sequence[str]]) -> dict:
    """Boilerplate leaked into what the reader sees."""
    leaks, strings = [], 0
    for g in known:
        b = brief_of[g.file]
        shown = [b.headline, *(p.text for p in b.key_points), *event_lines.get(g.file, ())]
        for s in g.boilerplate:
            strings += 1
            if any(_contains(text, s) for text in shown):
                leaks.append(f"{g.file}: {s}")
    return {"strings": strings, "leaked": len(leaks), "where": leaks}


def _actor_figures(known: Sequence[GoldArticle], brief_of: Mapping[str, Brief]) -> dict:
    """Actor precision and recall per type."""
    actors = {}
    for kind in ACTOR_TYPES:
        tp_p = tp_g = n_p = n_g = 0
        for g in known:
            if g.actors is None:
                continue
            predicted = _brief_names(brief_of[g.file])[kind]
            wanted = [a for a in g.actors if a.type == kind]
            n_p += len(predicted)
            n_g += len(wanted)
            tp_p += sum(1 for name in predicted if any(_matches(name, a) for a in wanted))
            tp_g += sum(1 for a in wanted if any(_matches(name, a) for name in predicted))
        p = tp_p / n_p if n_p else 1.0
        r = tp_g / n_g if n_g else 1.0
        actors[kind] = {"precision": round(p, 4), "recall": round(r, 4), "predicted": n_p, "actual": n_g}
    return actors


def _event_figures(known: Sequence[GoldArticle], brief_of: Mapping[str, Brief]) -> dict:
    """Event kind and date accuracy."""
    kinds = [(g, brief_of[g.file]) for g in known if g.event_kind]
    dates = [(g, brief_of[g.file]) for g in known if g.event_date]
    right_kind = sum(1 for g, b in kinds if b.event is not None and b.event.kind == g.event_kind)
    right_date = sum(1 for g, b in dates if (b.event_date or (b.event.date if b.event else None)) == g.event_date)
    return {
        "event_kind": {"accuracy": round(right_kind / len(kinds), 4) if kinds else None, "n": len(kinds)},
        "event_date": {"accuracy": round(right_date / len(dates), 4) if dates else None, "n": len(dates)},
    }


def _topic_figures(known: Sequence[GoldArticle], brief_of: Mapping[str, Brief]) -> dict:
    tp = n_p = n_g = 0
    for g in known:
        if g.topics is None:
            continue
        found_topics = {t.id for t in brief_of[g.file].topics}
        tp += len(found_topics & set(g.topics))
        n_p += len(found_topics)
        n_g += len(set(g.topics))
    return _prf(tp, n_p, n_g)


def _grouping_figures(
    known: Sequence[GoldArticle], story_of: Mapping[str, Story], brief_of: Mapping[str, Brief], peer_threshold: float | None
) -> dict:
    """Same event and same thread, chains, and the plain TF-IDF peer on the
    same briefs."""
    pred_event = {g.file: (story_of[g.file].id if g.file in story_of else f"alone:{g.file}") for g in known}
    pred_thread = {
        g.file: (story_of[g.file].thread_id or story_of[g.file].id if g.file in story_of else f"alone:{g.file}") for g in known
    }
    gold_event = {g.file: g.event_id for g in known}
    gold_thread = {g.file: g.thread_id for g in known}
    files = sorted(gold_event)
    texts = [_brief_text(brief_of[f]) for f in files]
    return {
        "same_event": pairwise(pred_event, gold_event),
        "same_thread": pairwise(pred_thread, gold_thread),
        "chains": _chains(pred_event, pred_thread, gold_thread),
        "peer": peer_figures(files, texts, gold_event, peer_threshold),
    }


def _left_out(known: Sequence[GoldArticle], story_of: Mapping[str, Story]) -> dict:
    """Off-focus and non-article pages: left out of the digest."""
    left_out = {g.file for g in known if g.file not in story_of}
    off = {g.file for g in known if g.focus == "off"}
    non_article = {g.file for g in known if g.kind != "article"}
    return {
        "off_focus": _prf(len(left_out & off), len(left_out - (non_article - off)), len(off)),
        "non_article": _prf(len(left_out & non_article), len(left_out - (off - non_article)), len(non_article)),
        "either": _prf(len(left_out & (off | non_article)), len(left_out), len(off | non_article)),
    }


def _key_point_figures(known: Sequence[GoldArticle], brief_of: Mapping[str, Brief]) -> dict:
    """Key points carrying the story, next to the first three sentences."""
    hits = lead_hits = total = 0
    for g in known:
        b = brief_of[g.file]
        points = [p.text for p in b.key_points]
        lead = [s.text for s in b.sentences[:3]]
        for s in g.story_sentences:
            total += 1
            hits += any(_contains(p, s) for p in points)
            lead_hits += any(_contains(p, s) for p in lead)
    return {
        "story_sentences": total,
        "recall": round(hits / total, 4) if total else None,
        "lead3_recall": round(lead_hits / total, 4) if total else None,
    }


def evaluate_project(config, gold: Sequence[GoldArticle], *, peer_threshold: float | None = None) -> EvalResult:
    """Run the pipeline on a project (offline: reviewed and cached
    translations only) and score it: what ``briefing eval`` and the
    benchmark print."""
    from .briefs.brief import BriefResources
    from .build import brief_all, prepare
    from .briefs.content import read_article
    from .briefs.eventline import format_event_line
    from .i18n import formatter

    prepared = prepare(config, offline=True)
    briefs = {item.brief.article.path: item.brief for s in prepared.stories for item in s.briefs}
    # articles left out of the digest still have briefs worth scoring
    resources, _ = BriefResources.load(config)
    others = []
    for entry in gold:
        path = config.root / entry.file
        if entry.file not in briefs and path.is_file():
            article, _ = read_article(path, config.root)
            if article is not None:
                others.append(article)
    briefs.update({b.article.path: b for b in brief_all(others, [], resources)})
    fmt = formatter(config.language("ar").locale, "ar", config.digits)
    lines = {path: [format_event_line(b.event, "ar", fmt)] for path, b in briefs.items() if b.event}
    return evaluate(gold, prepared.stories, briefs, lines, peer_threshold=peer_threshold)


def _chains(pred_event: Mapping[str, str], pred_thread: Mapping[str, str], gold_thread: Mapping[str, str]) -> dict:
    """Predicted stories (and threads) holding reports of different gold
    threads: ``mixed`` counts those holding two, ``chained`` those holding
    three or more (what single-link grouping produces: A-B-C)."""
    out = {}
    for name, labels in (("stories", pred_event), ("threads", pred_thread)):
        groups: dict[str, set[str]] = defaultdict(set)
        for item, label in labels.items():
            groups[label].add(gold_thread[item])
        out[f"mixed_{name}"] = sum(1 for g in groups.values() if len(g) == 2)
        out[f"chained_{name}"] = sum(1 for g in groups.values() if len(g) >= 3)
    return out


def _brief_text(brief: Brief) -> str:
    return " ".join([brief.headline, *(s.text for s in brief.sentences)])


def _all_pair_cosines(texts: Sequence[str]) -> tuple[list[tuple[int, int]], Sequence[float]]:
    vectors = vectorise(texts)
    n = len(texts)
    pairs = [(i, j) for i in range(n) for j in range(i + 1, n)]
    return pairs, (list(cosines(vectors, pairs)) if pairs else [])


def _groups(n: int, pairs: Sequence[tuple[int, int]], sims: Sequence[float], threshold: float) -> list[int]:
    """Pairs at or above ``threshold`` joined into groups (single link)."""
    parent = list(range(n))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for (i, j), s in zip(pairs, sims):
        if s >= threshold:
            ri, rj = find(i), find(j)
            if ri != rj:
                parent[max(ri, rj)] = min(ri, rj)
    return [find(i) for i in range(n)]


def tfidf_peer(texts: Sequence[str], threshold: float) -> list[int]:
    """The plain peer: character 3-5-gram TF-IDF cosine over every pair, one
    threshold, pairs above it joined into groups; returns a group per text."""
    pairs, sims = _all_pair_cosines(texts)
    return _groups(len(texts), pairs, sims, threshold)


def peer_figures(
    files: Sequence[str], texts: Sequence[str], gold_event: Mapping[str, str], threshold: float | None = None
) -> dict:
    """The peer at ``threshold``, and at the threshold that suits it best on
    this very corpus (an oracle: the fairest comparison for the peer)."""
    pairs, sims = _all_pair_cosines(texts)

    def score(t: float) -> dict:
        groups = _groups(len(texts), pairs, sims, t)
        return pairwise({f: str(groups[k]) for k, f in enumerate(files)}, gold_event)

    sweep = {t: score(t) for t in PEER_THRESHOLDS}
    best = max(PEER_THRESHOLDS, key=lambda t: (sweep[t]["f1"], -t))
    out = {"best_threshold": best, "best": sweep[best]}
    if threshold is not None:
        out["threshold"] = threshold
        out["at_threshold"] = score(threshold)
    return out


# ---------------------------------------------------------------------------
# Output
# ---------------------------------------------------------------------------


def _f(x: float | None) -> str:
    return "  -  " if x is None else f"{x:.2f}"


def format_table(result: EvalResult) -> str:
    f = result.figures
    rows = [f"articles scored: {f['articles']}" + (f" ({f['missing']} gold file(s) not found)" if f["missing"] else "")]
    b = f["boilerplate"]
    rows.append(f"boilerplate leaked into headline/key points/event line: {b['leaked']} of {b['strings']}")
    rows.append("")
    rows.append(f"{'measure':<34} {'P':>5} {'R':>5} {'F1':>5}  n")
    for kind in ACTOR_TYPES:
        a = f["actors"][kind]
        rows.append(
            f"{'actors: ' + kind:<34} {_f(a['precision']):>5} {_f(a['recall']):>5} {'':>5}  "
            f"{a['predicted']} found / {a['actual']} gold"
        )
    t = f["topics"]
    rows.append(
        f"{'topics':<34} {_f(t['precision']):>5} {_f(t['recall']):>5} {_f(t['f1']):>5}  "
        f"{t['predicted']} found / {t['actual']} gold"
    )
    for key, label in (("same_event", "same event (pairwise)"), ("same_thread", "same thread (pairwise)")):
        s = f[key]
        rows.append(
            f"{label:<34} {_f(s['precision']):>5} {_f(s['recall']):>5} {_f(s['f1']):>5}  "
            f"{s['predicted']} pairs found / {s['actual']} gold"
        )
    peer = f["peer"]
    s = peer["best"]
    rows.append(
        f"{'peer: TF-IDF 3-5-gram @' + format(peer['best_threshold'], '.2f') + ' (best)':<34} "
        f"{_f(s['precision']):>5} {_f(s['recall']):>5} {_f(s['f1']):>5}  same event"
    )
    if "at_threshold" in peer:
        s = peer["at_threshold"]
        rows.append(
            f"{'peer: TF-IDF 3-5-gram @' + format(peer['threshold'], '.2f'):<34} "
            f"{_f(s['precision']):>5} {_f(s['recall']):>5} {_f(s['f1']):>5}  same event"
        )
    for key, label in (("off_focus", "left out: off-focus"), ("non_article", "left out: listing/multi page")):
        s = f["left_out"][key]
        rows.append(f"{label:<34} {_f(s['precision']):>5} {_f(s['recall']):>5} {_f(s['f1']):>5}  {s['actual']} gold")
    rows.append("")
    c = f["chains"]
    rows.append(
        f"stories mixing 2 gold threads: {c['mixed_stories']}, chaining 3+: {c['chained_stories']}; "
        f"threads mixing 2: {c['mixed_threads']}, chaining 3+: {c['chained_threads']}"
    )
    rows.append(
        f"event kind accuracy: {_f(f['event_kind']['accuracy'])} (n={f['event_kind']['n']}); "
        f"event date accuracy: {_f(f['event_date']['accuracy'])} (n={f['event_date']['n']})"
    )
    k = f["key_points"]
    rows.append(
        f"key points holding the story sentences: {_f(k['recall'])} (lead-3: {_f(k['lead3_recall'])}, n={k['story_sentences']})"
    )
    for leak in b["where"][:20]:
        rows.append(f"  leaked: {leak}")
    for file in result.missing[:20]:
        rows.append(f"  not found: {file}")
    return "\n".join(rows)
