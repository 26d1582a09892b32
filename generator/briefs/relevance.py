"""Is this page a news article about our focus?  (a pure stage)

Two questions are answered for every page, with the evidence kept for
``briefing brief --explain``:

* **Page kind.**  An *article* tells one story.  A *listing* (a tag or
  search page) is a column of teasers, each dated ("منذ 3 ساعات") and about
  something else.  A *multi-story* page (a press review, "in brief") is a
  series of blocks under their own crossheads or "Label: ..." openings that
  share little with one another.  Both are told from an article by form:
  how the story lines are separated and how much the parts share words.

* **Focus.**  The project's focus is a country of the gazetteer (config
  key ``focus``, the demo's is ``libya``).  Evidence for it: its places,
  its organisations and people (by their organisation's country), and its
  nationality adjective ("الليبي", "Libyan").  Evidence against: the places
  and nationality adjectives of other countries.  The headline and the lead
  count more than the rest.  A page is off-focus when the evidence against
  clearly outweighs the evidence for.  Generic institution names ("القيادة
  العامة للقوات المسلحة") exist in every country, so focus-country
  organisations count for the focus only when a focus place or adjective
  also appears; on an off-focus page they are dropped from the actors (an
  Iraqi army statement does not get Libya's General Command).

Off-focus articles and non-articles are left out of the digest by the build
(with a warning naming the file and why) unless ``--include-off-focus``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from ..text.arabic import _AR_LETTER, match_tokens, normalise
from .clean import _content
from ..text.gazetteer import Gazetteer
from ..models import Actor, Brief, CleanArticle, EventLine, Place, Problem, Relevance

__all__ = ["NATIONALITY_COUNTRIES", "apply_focus", "assess", "focus_of", "keep_news", "page_kind"]

HEADLINE_WEIGHT = 2.0
LEAD_WEIGHT = 1.5  # the first LEAD sentences
LEAD = 3
OFF_FOCUS_RATIO = 2.0  # evidence against at least this many times the evidence for
MIN_AGAINST = 2.0  # and at least this much of it (two body mentions, or one in the headline)

# Nationality adjectives, masculine; the feminine and plural forms are derived.
NATIONALITY_COUNTRIES: dict[str, str] = {
    "ليبي": "libya",
    "مصري": "egypt",
    "تونسي": "tunisia",
    "جزائري": "algeria",
    "مغربي": "morocco",
    "سوداني": "sudan",
    "تشادي": "chad",
    "نيجري": "niger",
    "عراقي": "iraq",
    "سوري": "syria",
    "لبناني": "lebanon",
    "أردني": "jordan",
    "سعودي": "saudi-arabia",
    "إماراتي": "uae",
    "قطري": "qatar",
    "كويتي": "kuwait",
    "يمني": "yemen",
    "عماني": "oman",
    "بحريني": "bahrain",
    "موريتاني": "mauritania",
    "فلسطيني": "palestine",
    "إيراني": "iran",
    "تركي": "turkey",
    "إيطالي": "italy",
    "فرنسي": "france",
    "بريطاني": "united-kingdom",
    "أمريكي": "united-states",
    "أميركي": "united-states",
    "روسي": "russia",
    "ألماني": "germany",
    "يوناني": "greece",
    "مالطي": "malta",
    "إسباني": "spain",
    "صيني": "china",
}
_ENGLISH_NATIONALITIES: dict[str, str] = {
    "libyan": "libya",
    "libyans": "libya",
    "egyptian": "egypt",
    "egyptians": "egypt",
    "tunisian": "tunisia",
    "algerian": "algeria",
    "moroccan": "morocco",
    "sudanese": "sudan",
    "iraqi": "iraq",
    "syrian": "syria",
    "lebanese": "lebanon",
    "jordanian": "jordan",
    "saudi": "saudi-arabia",
    "emirati": "uae",
    "qatari": "qatar",
    "kuwaiti": "kuwait",
    "yemeni": "yemen",
    "iranian": "iran",
    "turkish": "turkey",
}
_ENGLISH_COUNTRIES: dict[str, str] = {
    "libya": "libya",
    "egypt": "egypt",
    "tunisia": "tunisia",
    "algeria": "algeria",
    "morocco": "morocco",
    "sudan": "sudan",
    "iraq": "iraq",
    "syria": "syria",
    "lebanon": "lebanon",
    "jordan": "jordan",
    "chad": "chad",
    "niger": "niger",
    "yemen": "yemen",
    "kuwait": "kuwait",
    "qatar": "qatar",
    "iran": "iran",
}


def _adjective_table() -> dict[str, str]:
    table: dict[str, str] = {}
    for adjective, country in NATIONALITY_COUNTRIES.items():
        for form in (adjective, adjective + "ة", adjective + "ون", adjective + "ين"):
            key = normalise(form)
            table[key] = country
            table[normalise("ال" + form)] = country
    return table


_ADJECTIVES = _adjective_table()
_WORD_RE = re.compile(f"[A-Za-z]+|[{_AR_LETTER}\u0640\u064b-\u065f]+")  # the text layer's letter class, with tatweel and vowels


def _adjective_countries(text: str) -> list[tuple[str, str]]:
    """(country, word) for each nationality adjective or English country name in ``text``."""
    found = []
    for word in _WORD_RE.findall(text):
        key = normalise(word)
        for candidate in (key, key[1:] if key[:1] in "وبل" else key):  # "والليبي", "بالليبية"
            if candidate in _ADJECTIVES:
                found.append((_ADJECTIVES[candidate], word))
                break
        else:
            low = word.lower()
            country = _ENGLISH_NATIONALITIES.get(low) or _ENGLISH_COUNTRIES.get(low)
            if country:
                found.append((country, word))
    return found


# ---------------------------------------------------------------------------
# Page kind
# ---------------------------------------------------------------------------

_DATE_REASONS = ("timestamp", "masthead", "reading-time")
# Lines a listing's items are made of: kept text, or headlines the cleaning
# took for crossheads or related stories.
_TEXT_REASONS = ("subheading", "related-headlines", "headline")
STORY_LINE_WORDS = 8
# A tag page names its tag: "وسم: درنة", "Tag: Tripoli", "أحدث الأخبار مع #أبوسليم".
_TAG_LABEL_RE = re.compile(r"^\s*(?:ال)?(?:وسم|هاشتاغ|هاشتاج|tag|tagged)\s*[:：]", re.IGNORECASE)
_HASHTAG_TITLE_RE = re.compile(r"\s#[^\s#]+\s*$")  # "أحدث الأخبار مع #أبوسليم" (a title, not a footer tag)
_LABEL_OPENING_RE = re.compile(r"^\s*([^:：.،]{2,30})(?:[:：]|\.\.)\s*\S")
LISTING_DATED_TEASERS = 3  # dated story lines in a row: a listing
MULTI_BLOCKS = 3  # unrelated blocks: a multi-story page
COHESIVE = 0.25  # mean share of a block's words found in the other blocks, for one story


def _cohesion(blocks: list[str]) -> float:
    """Mean share of a block's content words that appear in the other blocks."""
    words = [set(_content(block)) for block in blocks]
    shares = []
    for i, own in enumerate(words):
        if not own:
            continue
        others = set().union(*(w for j, w in enumerate(words) if j != i))
        shares.append(len(own & others) / len(own))
    return sum(shares) / len(shares) if shares else 1.0


def _reasoned_lines(clean: CleanArticle) -> list[tuple[str, str | None]]:
    """(text, cleaning reason or None) for every line of the page, in order."""
    return list(clean.lines)


def _is_item_text(reason: str | None) -> bool:
    return reason is None or reason in _TEXT_REASONS


def _dated_items(lines: list[tuple[str, str | None]]) -> tuple[list[str], list[tuple[str, str | None]]]:
    """(items each followed by a date line, the text lines followed by none)."""
    items: list[str] = []
    undated: list[tuple[str, str | None]] = []
    current: list[tuple[str, str | None]] = []
    for text, reason in lines:
        if reason in _DATE_REASONS:
            if current:
                items.append(" ".join(t for t, _ in current))
            current = []
        elif _is_item_text(reason):
            current.append((text, reason))
        else:
            undated.extend(current)
            current = []
    undated.extend(current)
    return items, undated


def _dated_stretches(lines: list[tuple[str, str | None]]) -> int:
    """Stretches between two date lines that hold a headline or a teaser: a
    column of cards ("الوسط / منذ يومين / - سياسة / <headline> / <teaser>")."""
    stretches = 0
    seen_date = holds_text = False
    for _, reason in lines:
        if reason in _DATE_REASONS:
            stretches += seen_date and holds_text
            seen_date, holds_text = True, False
        elif _is_item_text(reason):
            holds_text = True
    return stretches + (seen_date and holds_text)


def _tag_of(clean: CleanArticle, lines: list[tuple[str, str | None]]) -> str | None:
    """The tag a tag page names, in its title or first lines, or None."""
    title = clean.article.title or ""
    tag = next((text for text in [title] + [t for t, _ in lines[:4]] if _TAG_LABEL_RE.search(text)), None)
    if tag is None and _HASHTAG_TITLE_RE.search(title):
        tag = title
    if tag is None and len(title.split()) == 1 and len(clean.paragraphs) >= LISTING_DATED_TEASERS:
        tag = title  # a single name over several paragraphs: the tag of a tag page ("درنة")
    return tag


def _listing_evidence(clean: CleanArticle, lines: list[tuple[str, str | None]]) -> str | None:
    """Why the page is a listing (a tag page, a column of dated teasers), or None."""
    tag = _tag_of(clean, lines)
    if tag is not None:
        return f"a tag page: {tag[:60]!r}"
    stretches = _dated_stretches(lines)
    if stretches >= LISTING_DATED_TEASERS:
        return f"{stretches} teasers or cards, each under its own date or time line: a listing page"
    items, undated = _dated_items(lines)
    story_undated = [t for t, reason in undated if reason is None and len(t.split()) >= STORY_LINE_WORDS]
    if len(items) >= LISTING_DATED_TEASERS and len(story_undated) <= 2:
        return (
            f"{len(items)} teasers each followed by a date or time line, {len(story_undated)} other "
            f"story line(s): a listing page (the teasers share {_cohesion(items):.0%} of their words)"
        )
    return None


def _crosshead_blocks(lines: list[tuple[str, str | None]]) -> list[str]:
    """The text of each crosshead with the story lines under it (blocks
    without a story line are left out)."""
    blocks: list[list[str]] = []
    for text, reason in lines:
        if reason == "subheading":
            blocks.append([text])
        elif reason is None and blocks:
            blocks[-1].append(text)
    return [" ".join(block) for block in blocks if len(block) >= 2]


def _multi_evidence(clean: CleanArticle, lines: list[tuple[str, str | None]]) -> str | None:
    """Why the page is several stories (blocks that share little), or None.
    The blocks: paragraphs opening with their own label ("Sharara: ..."),
    the paragraphs under labelled crossheads ("تونس: ...", "ليبيا.. ..."),
    or crossheads each with its own paragraph (an SEO page's roundup)."""
    labelled_heads = [h for h in clean.subheadings if _LABEL_OPENING_RE.match(h)]
    labelled = [p for p in clean.paragraphs if _LABEL_OPENING_RE.match(p) and len(p.split()) >= 5]
    for blocks, what in (
        (labelled, "paragraphs opening with their own label (“Label: …”)"),
        (list(clean.paragraphs) if len(labelled_heads) >= MULTI_BLOCKS else [], "blocks under labelled crossheads"),
        (_crosshead_blocks(lines), "crossheads each over its own paragraphs"),
    ):
        if len(blocks) >= MULTI_BLOCKS:
            cohesion = _cohesion(blocks)
            if cohesion < COHESIVE:
                return f"{len(blocks)} {what}; they share {cohesion:.0%} of their words (the parts of one story share more)"
    return None


def page_kind(clean: CleanArticle) -> tuple[str, list[str]]:
    """("article" | "listing" | "multi", evidence)."""
    lines = _reasoned_lines(clean)
    listing = _listing_evidence(clean, lines)
    if listing:
        return "listing", [listing]
    multi = _multi_evidence(clean, lines)
    if multi:
        return "multi", [multi]
    return "article", []


# ---------------------------------------------------------------------------
# Focus
# ---------------------------------------------------------------------------


def _actor_country(actor: Actor, gazetteer: Gazetteer) -> str | None:
    if actor.kind == "organisation":
        org = gazetteer.organisation(actor.id)
        return org.country if org else None
    person = gazetteer.person(actor.id) if actor.in_gazetteer else None
    if person is None or not person.org:
        return None
    org = gazetteer.organisation(person.org)
    return org.country if org else None


# Per gazetteer: its place forms by their first (lower-cased) token, each
# as (rank, tokens, country, English name); rank orders the forms longest first.
_PLACE_INDEX: dict[int, dict[str, list[tuple[int, tuple[str, ...], str, str]]]] = {}


def _place_index(gazetteer: Gazetteer) -> dict[str, list[tuple[int, tuple[str, ...], str, str]]]:
    """Every gazetteer place form with a country, indexed by its first token;
    cached for the last gazetteer seen."""
    key = id(gazetteer)
    if key not in _PLACE_INDEX:
        forms = []
        for place in gazetteer.places:
            if not place.country:
                continue
            for written in (*place.ar, place.en):
                tokens = tuple(t.lower() for t in match_tokens(written))
                if tokens:
                    forms.append((tokens, place.country, place.en))
        forms.sort(key=lambda f: -len(f[0]))
        index: dict[str, list[tuple[int, tuple[str, ...], str, str]]] = {}
        for rank, (tokens, country, name) in enumerate(forms):
            index.setdefault(tokens[0], []).append((rank, tokens, country, name))
        _PLACE_INDEX.clear()
        _PLACE_INDEX[key] = index
    return _PLACE_INDEX[key]


def _places_in(text: str, gazetteer: Gazetteer) -> list[tuple[str, str]]:
    """(country, English name) of each gazetteer place named in ``text``, also
    inside an organisation's name ("السفارة البريطانية لدى ليبيا").  Longer
    forms win over the shorter forms they contain."""
    index = _place_index(gazetteer)
    lowered = [t.lower() for t in match_tokens(text)]
    candidates = []
    for i, token in enumerate(lowered):
        for rank, form, country, name in index.get(token, ()):
            if tuple(lowered[i : i + len(form)]) == form:
                candidates.append((rank, i, len(form), country, name))
    candidates.sort(key=lambda c: (c[0], c[1]))  # longest forms first, then left to right
    taken: set[int] = set()
    found = []
    for _, i, n, country, name in candidates:
        span = set(range(i, i + n))
        if not taken & span:
            taken |= span
            found.append((country, name))
    return found


# Header and footer lines the cleaning took out still say where a page is
# from: its section ("الجزائر | الجيش"), dateline ("السومرية نيوز/ بغداد").
_WHERE_REASONS = (
    "breadcrumb",
    "dateline",
    "masthead",
    "timestamp",
    "outlet-name",
    "byline",
    "tags",
    "subheading",
    "headline",
    "trailing-fragment",
)
WHERE_WEIGHT = 1.0


class _Tally:
    """Evidence per country: a score and the words that earned it."""

    def __init__(self) -> None:
        self.score: dict[str, float] = {}
        self.seen: dict[str, list[str]] = {}

    def add(self, country: str | None, weight: float, label: str) -> None:
        if not country:
            return
        self.score[country] = self.score.get(country, 0.0) + weight
        labels = self.seen.setdefault(country, [])
        if label not in labels:
            labels.append(label)

    def add_text(self, text: str, weight: float, gazetteer: Gazetteer) -> None:
        for country, name in _places_in(text, gazetteer):
            self.add(country, weight, name)
        for country, word in _adjective_countries(text):
            self.add(country, weight, word)

    def add_actors(self, actors: Sequence[Actor], gazetteer: Gazetteer, focus: str) -> None:
        """People are specific; organisations of the focus country back it
        only when the page names a focus place or adjective (generic names
        exist everywhere: "القيادة العامة للقوات المسلحة"); foreign bodies
        and people act in Libyan news all the time, so they count against
        the focus only when nothing names it."""
        countries = [(actor, _actor_country(actor, gazetteer)) for actor in actors]
        anchored = self.score.get(focus, 0.0) > 0
        for actor, country in countries:
            if country == focus and (anchored or actor.kind == "person"):
                self.add(country, 1.0, actor.name_en)
        if not self.score.get(focus):
            for actor, country in countries:
                if country and country != focus:
                    self.add(country, 1.0, actor.name_en)


def _verdict(tally: _Tally, focus: str) -> tuple[str, list[str]]:
    """("on" | "off", evidence) from the tally: off when the strongest other
    country clearly outweighs the focus."""
    score = tally.score
    for_focus = score.get(focus, 0.0)
    top = max((c for c in score if c != focus), key=lambda c: score[c], default=None)
    against = score[top] if top else 0.0
    evidence = []
    if for_focus:
        evidence.append(f"{focus}: {for_focus:g} ({', '.join(tally.seen[focus][:6])})")
    if top:
        evidence.append(f"{top}: {against:g} ({', '.join(tally.seen[top][:6])})")
    # nothing names the focus and another country is named in the lead or headline: off too
    off = against >= OFF_FOCUS_RATIO * for_focus and (against >= MIN_AGAINST or (not for_focus and against >= LEAD_WEIGHT))
    if not score:
        evidence.append("no country named: kept as on-focus")
    elif off:
        evidence.append(f"off focus: {top} outweighs {focus} {against:g} to {for_focus:g}")
    return ("off" if off else "on"), evidence


def focus_of(
    headline: str, texts: Sequence[str], actors: Sequence[Actor], gazetteer: Gazetteer, focus: str, where: Sequence[str] = ()
) -> tuple[str, list[str], dict[str, float]]:
    """("on" | "off", evidence, score per country) for a page: ``texts`` are
    its sentences, ``where`` the header lines the cleaning removed."""
    tally = _Tally()
    parts = (
        [(headline, HEADLINE_WEIGHT)]
        + [(t, LEAD_WEIGHT if i < LEAD else 1.0) for i, t in enumerate(texts)]
        + [(t, WHERE_WEIGHT) for t in where]
    )
    for text, weight in parts:
        tally.add_text(text, weight, gazetteer)
    tally.add_actors(actors, gazetteer, focus)
    state, evidence = _verdict(tally, focus)
    return state, evidence, tally.score


def _place_country(place_id: str, gazetteer: Gazetteer) -> str | None:
    entry = gazetteer.place(place_id)
    return entry.country if entry else None


def apply_focus(actors: Sequence[Actor], focus_state: str, gazetteer: Gazetteer, focus: str) -> tuple[Actor, ...]:
    """Drop focus-country organisations from an off-focus page: there a
    generic name ("القيادة العامة") is the other country's body."""
    if focus_state != "off":
        return tuple(actors)
    return tuple(a for a in actors if not (a.kind == "organisation" and _actor_country(a, gazetteer) == focus))


def _event_among(event: EventLine | None, actors: tuple[Actor, ...]) -> EventLine | None:
    """The event without the principal and counterparts no longer among ``actors``."""
    if event is None:
        return None
    kept = {a.id for a in actors}
    principal = event.principal if event.principal is None or event.principal.id in kept else None
    return replace(event, principal=principal, counterparts=tuple(a for a in event.counterparts if a.id in kept))


def _places_shown(places: tuple[Place, ...], gazetteer: Gazetteer, focus: str) -> tuple[Place, ...]:
    """The focus country is the frame of every brief in the digest: naming it
    as a place says nothing (the event's own place is kept on the event);
    and a region of it ("شرق ليبيا") says less than the city named with it."""
    places = tuple(p for p in places if p.id != focus)
    if any(p.kind in ("city", "site") and _place_country(p.id, gazetteer) == focus for p in places):
        places = tuple(p for p in places if not (p.kind == "region" and _place_country(p.id, gazetteer) == focus))
    return places


def assess(brief: Brief, clean: CleanArticle, gazetteer: Gazetteer, focus: str) -> Brief:
    """The brief with its ``relevance`` (and, off focus, its actors cleaned)."""
    kind, kind_evidence = page_kind(clean)
    if not focus:
        relevance = Relevance(focus="on", page_kind=kind, evidence=tuple([*kind_evidence, "no focus configured"]))
        return replace(brief, relevance=relevance)
    texts = [s.text for s in brief.sentences]
    where = [r.text for r in clean.removed if r.reason in _WHERE_REASONS]
    state, focus_evidence, _ = focus_of(brief.headline, texts, brief.actors, gazetteer, focus, where)
    relevance = Relevance(focus=state, page_kind=kind, evidence=tuple(kind_evidence + focus_evidence))
    actors = apply_focus(brief.actors, state, gazetteer, focus)
    event = _event_among(brief.event, actors) if actors != brief.actors else brief.event
    places = _places_shown(brief.places, gazetteer, focus)
    return replace(brief, relevance=relevance, actors=actors, event=event, places=places)


def keep_news(briefs: Sequence[Brief], problems: list[Problem], *, include_off_focus: bool = False) -> list[Brief]:
    """The briefs the digest shows: articles about the focus.  Each page left
    out gets a warning naming its file and why (``--include-off-focus``
    keeps them all)."""
    kept: list[Brief] = []
    for brief in briefs:
        relevance = brief.relevance
        if relevance is None or relevance.is_news or include_off_focus:
            kept.append(brief)
            continue
        why = []
        if relevance.page_kind != "article":
            why.append(
                {"listing": "a listing page of teasers", "multi": "a page of several stories"}.get(
                    relevance.page_kind, relevance.page_kind
                )
            )
        if relevance.focus == "off":
            why.append("off the focus country")
        problems.append(
            Problem(
                brief.article.path,
                None,
                f"left out of the digest: {' and '.join(why)} ({'; '.join(relevance.evidence)}); "
                "build with --include-off-focus to keep it",
                "warning",
            )
        )
    return kept
