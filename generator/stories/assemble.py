"""From bilingual briefs to stories and daily digests (pure functions)."""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from dataclasses import replace
from typing import Iterable, Mapping

from ..briefs.eventline import generate_headline
from ..models import Actor, BilingualBrief, Brief, Digest, Significance, Story, TranslatedText


def pending(source: str) -> TranslatedText:
    return TranslatedText(source=source, text=None, provenance="pending")


def headline_for(brief: Brief, translated: TranslatedText | None, lang: str = "en") -> TranslatedText:
    """The headline in *lang*: a reviewed or machine translation when there is
    one, else one generated from the brief's event, else pending."""
    if translated is not None and not translated.is_pending:
        return translated
    generated = generate_headline(brief.event, lang)
    if generated:
        return TranslatedText(source=brief.headline, text=generated, provenance="generated")
    return translated or pending(brief.headline)


def translate_brief(brief: Brief, translations: Mapping[str, TranslatedText]) -> BilingualBrief:
    """Attach the English rendering of every string the site shows."""

    def look(source: str) -> TranslatedText:
        if brief.article.lang == "en":  # already English: shown as written
            return TranslatedText(source=source, text=source, provenance="original")
        return translations.get(source) or pending(source)

    return BilingualBrief(
        brief=brief,
        headline=look(brief.headline) if brief.article.lang == "en" else headline_for(brief, translations.get(brief.headline)),
        key_points=tuple(look(point.text) for point in brief.key_points),
        sentences=tuple(look(sentence.text) for sentence in brief.sentences),
    )


def segments_of(brief: Brief) -> list[str]:
    """The Arabic strings of a brief that need an English rendering (none for
    an English article: it is never sent to a translation engine)."""
    if brief.article.lang == "en":
        return []
    out = [brief.headline]
    out.extend(point.text for point in brief.key_points)
    out.extend(sentence.text for sentence in brief.sentences)
    return out


def unique_segments(briefs: Iterable[Brief]) -> list[str]:
    """Every Arabic segment of the briefs once, in first-seen order (stable
    across builds, so the cache and exports see the same sequence)."""
    return list(dict.fromkeys(segment for brief in briefs for segment in segments_of(brief)))


def assemble_digests(stories: Iterable[Story]) -> list[Digest]:
    """One digest per publication day, most significant story first (see
    ``significance``), newest day first."""
    stories = list(stories)
    dates = {story.id: story.date for story in stories}
    by_day: dict = defaultdict(list)
    for story in stories:
        by_day[story.date].append(replace(story, significance=significance(story, dates)))
    digests = []
    for day in sorted(by_day, reverse=True):
        ordered = sorted(by_day[day], key=lambda s: (-s.significance.score, s.id))
        digests.append(Digest(date=day, stories=tuple(ordered)))
    return digests


# --- significance: the order of a day's stories -----------------------------------------
#
# A digest puts first the story an analyst most needs to see.  The score is a
# plain sum, so the page can say why a story comes first:
#
#   outlets      OUTLET_WEIGHT per distinct outlet reporting it (a story many
#                outlets carry is one the reader will hear about);
#   actors       per distinct actor of the story's reports: ACTOR_WEIGHT for a
#                person or body in the gazetteer, TOP_ROLE_WEIGHT instead when
#                the role is the top of a state, government, army or ministry
#                (TOP_ROLE, not a deputy: SECOND_ROLE), UNKNOWN_ACTOR_WEIGHT for a name not in it; capped
#                at ACTOR_CAP so a long list of names cannot outweigh outlets;
#   event        EVENT_WEIGHTS[kind] of the lead report's event (violence and
#                shutdowns above meetings, statements last);
#   follow-up    FOLLOW_UP_WEIGHT when the story continues a thread that
#                already had an earlier story (an open thread moved on).
#
# Ties go to the story id, so the order is stable across builds.

OUTLET_WEIGHT = 2.0
ACTOR_WEIGHT = 0.5
TOP_ROLE_WEIGHT = 1.0
UNKNOWN_ACTOR_WEIGHT = 0.25
ACTOR_CAP = 3.0
FOLLOW_UP_WEIGHT = 1.5
EVENT_WEIGHTS = {
    "attack": 3.0,
    "clash": 3.0,
    "disaster": 3.0,
    "shutdown": 2.5,
    "rescue": 2.0,
    "appointment": 1.5,
    "decision": 1.5,
    "visit": 1.0,
    "meeting": 1.0,
    "call": 0.5,
    "statement": 0.25,
}
# Words of a role (English, from the gazetteer) that mark the top of an
# institution; a deputy, vice or assistant holder is not the top.
TOP_ROLE = re.compile(
    r"\b(head|prime minister|president|commander|minister|chief|governor|speaker"
    r"|king|emir|chairman|secretary|director)\b"
)
SECOND_ROLE = re.compile(r"\b(deputy|vice|assistant|under|adviser|advisor)\b|undersecretary")


def actor_weight(actor: Actor) -> float:
    if not actor.in_gazetteer:
        return UNKNOWN_ACTOR_WEIGHT
    role = (actor.role_en or "").lower()
    return TOP_ROLE_WEIGHT if TOP_ROLE.search(role) and not SECOND_ROLE.search(role) else ACTOR_WEIGHT


def significance(story: Story, earlier: Mapping[str, dt.date] | None = None) -> Significance:
    """The score of *story*; *earlier* maps story ids to their dates, to tell
    whether one of the story's thread (``story.related``) came before it."""
    outlets = len({item.brief.article.source for item in story.briefs})
    actors: dict[str, Actor] = {}
    for item in story.briefs:
        for actor in item.brief.actors:
            actors.setdefault(actor.id, actor)
    ranked = sorted(actors.values(), key=lambda a: (-actor_weight(a), a.id))
    actor_score = min(ACTOR_CAP, sum(actor_weight(a) for a in ranked))
    event = story.lead.brief.event
    kind = event.kind if event else None
    dates = earlier or {}
    follow_up = any(dates.get(other, story.date) < story.date for other in story.related)
    score = OUTLET_WEIGHT * outlets + actor_score + EVENT_WEIGHTS.get(kind or "", 0.0) + (FOLLOW_UP_WEIGHT if follow_up else 0.0)
    top = tuple(a for a in ranked if actor_weight(a) > UNKNOWN_ACTOR_WEIGHT)[:2]
    return Significance(round(score, 2), outlets, top, kind, follow_up)
