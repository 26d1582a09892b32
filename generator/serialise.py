"""The stable JSON form of a brief (``briefing brief --json``).

Schema version 1.  Fields are only ever added; a change that removes or
renames one bumps ``schema``.  Documented in docs/brief-json.md.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from .models import Actor, Brief, EventLine, Place, Story

SCHEMA_VERSION = 1


def _date(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


def actor_json(actor: Actor) -> dict[str, Any]:
    return {
        "id": actor.id,
        "kind": actor.kind,
        "name": {"en": actor.name_en, "ar": actor.name_ar},
        "rank": {"en": actor.rank_en, "ar": actor.rank_ar} if (actor.rank_en or actor.rank_ar) else None,
        "role": {"en": actor.role_en, "ar": actor.role_ar} if (actor.role_en or actor.role_ar) else None,
        "in_gazetteer": actor.in_gazetteer,
    }


def place_json(place: Place | None) -> dict[str, Any] | None:
    if place is None:
        return None
    return {"id": place.id, "kind": place.kind, "name": {"en": place.name_en, "ar": place.name_ar}}


def event_json(event: EventLine | None, line_en: str | None, line_ar: str | None) -> dict[str, Any] | None:
    if event is None:
        return None
    return {
        "kind": event.kind,
        "place": place_json(event.place),
        "date": _date(event.date),
        "principal": actor_json(event.principal) if event.principal else None,
        "counterparts": [actor_json(a) for a in event.counterparts],
        "line": {"en": line_en, "ar": line_ar},
    }


def brief_json(brief: Brief, *, event_lines: dict[str, str] | None = None, story: Story | None = None) -> dict[str, Any]:
    article = brief.article
    lines = event_lines or {}
    return {
        "schema": SCHEMA_VERSION,
        "id": brief.id,
        "article": {
            "path": article.path,
            "slug": article.slug,
            "title": article.title or None,
            "date": _date(article.date),
            "source": article.source,
            "url": article.url,
            "author": article.author,
            "tags": list(article.tags),
        },
        "headline": brief.headline,
        "byline": brief.byline,
        "dateline": brief.dateline,
        "sentences": [{"index": s.index, "paragraph": s.paragraph, "text": s.text} for s in brief.sentences],
        "key_points": [
            {"sentence_index": k.sentence_index, "text": k.text, "score": round(k.score, 6)} for k in brief.key_points
        ],
        "actors": [actor_json(a) for a in brief.actors],
        "places": [place_json(p) for p in brief.places],
        "dates": [{"text": d.text, "resolved": _date(d.resolved), "note": d.note} for d in brief.dates],
        "event_date": _date(brief.event_date),
        "event": event_json(brief.event, lines.get("en"), lines.get("ar")),
        "topics": [
            {"id": t.id, "label": {"en": t.label_en, "ar": t.label_ar}, "evidence": list(t.evidence)} for t in brief.topics
        ],
        "removed": [{"line": r.line, "reason": r.reason, "text": r.text} for r in brief.removed],
        "story": None
        if story is None
        else {
            "id": story.id,
            "reports": [item.id for item in story.briefs],
            "thread": story.thread_id,
            "related": list(story.related),
        },
        "explanation": list(brief.explanation) + (list(story.explanation) if story else []),
    }
