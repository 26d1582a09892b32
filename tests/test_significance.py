"""The order of a day's stories: the significance score (generator/stories/assemble.py)."""

from __future__ import annotations

import datetime as dt

import pytest

from generator.stories.assemble import (
    ACTOR_CAP,
    EVENT_WEIGHTS,
    FOLLOW_UP_WEIGHT,
    OUTLET_WEIGHT,
    TOP_ROLE_WEIGHT,
    UNKNOWN_ACTOR_WEIGHT,
    assemble_digests,
    significance,
)
from generator.models import Actor, EventLine, Story

from .test_render import BRENNAN, D08, D10, TRIPOLI, ZOUBI, make_item

UNKNOWN = Actor("unknown:someone", "person", "Someone", "شخص ما", in_gazetteer=False)
HEAD = Actor("mohamed-al-menfi", "person", "Mohamed al-Menfi", "محمد المنفي", "Head, Presidential Council")
CLERK = Actor("clerk", "person", "A Clerk", "موظف", "Adviser")


def story(story_id, outlets=("Libya Observer",), actors=(), kind=None, related=(), day=D10):
    event = EventLine(kind, TRIPOLI, day, None) if kind else None
    items = tuple(
        make_item(
            f"{story_id}-{i}",
            day,
            outlet,
            "عنوان",
            ["جملة أولى.", "جملة ثانية."],
            ["Headline", "First.", "Second."],
            actors=actors,
            event=event,
        )
        for i, outlet in enumerate(outlets)
    )
    return Story(f"{day.isoformat()}/{story_id}", items, related=related)


@pytest.mark.parametrize(
    ("case", "expected"),
    [
        (story("one-outlet"), OUTLET_WEIGHT),
        (story("three-outlets", outlets=("A", "B", "C")), 3 * OUTLET_WEIGHT),
        # the same outlet twice counts once
        (story("same-outlet-twice", outlets=("A", "A")), OUTLET_WEIGHT),
        (story("unknown-actor", actors=(UNKNOWN,)), OUTLET_WEIGHT + UNKNOWN_ACTOR_WEIGHT),
        (story("head-of-body", actors=(HEAD,)), OUTLET_WEIGHT + TOP_ROLE_WEIGHT),
        (story("adviser", actors=(CLERK,)), OUTLET_WEIGHT + 0.5),
        # an Undersecretary and a Deputy Commander are not the top of their bodies
        (story("meeting", actors=(ZOUBI, BRENNAN), kind="meeting"), OUTLET_WEIGHT + 0.5 + 0.5 + EVENT_WEIGHTS["meeting"]),
        (
            story("commander", actors=(Actor("haftar", "person", "Khalifa Haftar", "خليفة حفتر", "General Commander, LNA"),)),
            OUTLET_WEIGHT + TOP_ROLE_WEIGHT,
        ),
        (story("attack", kind="attack"), OUTLET_WEIGHT + EVENT_WEIGHTS["attack"]),
        (
            story("many-names", actors=tuple(Actor(f"p{i}", "person", f"P{i}", f"ب{i}", "Minister") for i in range(9))),
            OUTLET_WEIGHT + ACTOR_CAP,
        ),
        (story("follow-up", related=("2025-09-08/earlier",)), OUTLET_WEIGHT + FOLLOW_UP_WEIGHT),
        # a later story of the thread does not make this one a follow-up
        (story("not-follow-up", related=("2025-09-12/later",)), OUTLET_WEIGHT),
    ],
)
def test_significance_score(case, expected):
    dates = {"2025-09-08/earlier": D08, "2025-09-12/later": dt.date(2025, 9, 12)}
    assert significance(case, dates).score == pytest.approx(expected)


def test_significance_names_the_most_prominent_actors_first():
    found = significance(story("names", actors=(UNKNOWN, ZOUBI, HEAD, BRENNAN), kind="clash"))
    assert [a.id for a in found.actors] == ["mohamed-al-menfi", "abdulsalam-zoubi"]
    assert found.event_kind == "clash" and found.outlets == 1 and not found.follow_up


def test_digest_orders_stories_by_significance_not_by_report_count():
    two_outlets_statement = story("statement", outlets=("A", "B"), kind="statement")
    one_outlet_attack = story("attack", kind="attack", actors=(HEAD,))
    quiet = story("quiet")
    (digest,) = assemble_digests([quiet, two_outlets_statement, one_outlet_attack])
    # attack: 2 + 1 + 3 = 6; statement: 4 + 0.25; quiet: 2
    assert [s.id.split("/")[1] for s in digest.stories] == ["attack", "statement", "quiet"]
    assert [s.significance.score for s in digest.stories] == [6.0, 4.25, 2.0]


def test_ties_keep_a_stable_order():
    stories = [story(name) for name in ("b", "c", "a")]
    first = assemble_digests(stories)[0].stories
    again = assemble_digests(list(reversed(stories)))[0].stories
    assert [s.id for s in first] == [s.id for s in again] == ["2025-09-10/a", "2025-09-10/b", "2025-09-10/c"]
