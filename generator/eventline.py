"""The who/what/where/when line of an event, written in each language from
templates of our own: structured fields in, no machine translation needed.

    Meeting · Tripoli · Wed 10 Sep 2025 — Abdulsalam al-Zoubi (Undersecretary
    of Defence, GNU) with Lt Gen John Brennan (Deputy Commander, AFRICOM)
    Armed clashes · Zawiya · Sat 14 Jun 2025
    Shutdown · Sharara oilfield · Wed 18 Jun 2025 — National Oil Corporation

Each kind has its label and joiner word in ``EVENT_KINDS``; kinds that name
only a responsible body (rescue, disaster, shutdown) have no joiner.
"""
from __future__ import annotations

from typing import NamedTuple

from .i18n import Formatter
from .models import Actor, EventLine


class EventKind(NamedTuple):
    """How one kind of event is written: its label, and the word joining the
    principal to the counterparts ("with", "appointing"), per language.
    ``joiner_en`` None: the kind never has counterparts (a disaster is not
    "with" anyone).  ``bare_joiner``: the joiner is written even without a
    principal ("Armed clashes · Zawiya — between A and B")."""

    en: str
    ar: str
    joiner_en: str | None
    joiner_ar: str | None
    bare_joiner: bool = False


EVENT_KINDS = {
    "meeting": EventKind("Meeting", "اجتماع", "with", "مع"),
    "visit": EventKind("Visit", "زيارة", "hosted by", "يستضيفها"),
    "call": EventKind("Phone call", "اتصال هاتفي", "with", "مع"),
    "statement": EventKind("Statement", "بيان", "on", "بشأن"),
    "attack": EventKind("Attack", "هجوم", "on", "على"),
    "appointment": EventKind("Appointment", "تعيين", "appointing", "يعيّن"),
    # an armed-group fight: the parties, when named, follow "between"
    "clash": EventKind("Armed clashes", "اشتباكات", "between", "بين", bare_joiner=True),
    # the responsible body alone: "Rescue · Zuwara · … — Libyan Coast Guard"
    "rescue": EventKind("Rescue", "عملية إنقاذ", None, None),
    "disaster": EventKind("Disaster", "كارثة", None, None),
    "shutdown": EventKind("Shutdown", "إغلاق", None, None),
    "decision": EventKind("Decision", "قرار", "concerning", "بشأن"),
    # issue 13: kinds seen on real pages
    "dismissal": EventKind("Dismissal", "إقالة", "concerning", "بشأن"),
    "condemnation": EventKind("Condemnation", "إدانة", "on", "بشأن"),
    "killing": EventKind("Killing", "مقتل", None, None),
    "resumption": EventKind("Resumption", "استئناف", None, None),
}


def actor_phrase(actor: Actor, lang: str) -> str:
    role = actor.role(lang)
    return f"{actor.display(lang)} ({role})" if role else actor.display(lang)


def format_event_line(event: EventLine, lang: str, fmt: Formatter) -> str:
    spec = EVENT_KINDS.get(event.kind) or EventKind(event.kind.title(), event.kind, "with", "مع")
    head = [spec.en if lang == "en" else spec.ar]
    if event.place:
        head.append(event.place.display(lang))
    if event.date:
        head.append(fmt.date(event.date, "short-weekday"))
    line = " · ".join(head)
    people = []
    if event.principal:
        people.append(actor_phrase(event.principal, lang))
    if event.counterparts:
        phrases = [actor_phrase(a, lang) for a in event.counterparts]
        if lang == "ar":
            others = " و".join(phrases)  # Arabic repeats the conjunction, joined to the next word
        else:
            others = phrases[0] if len(phrases) == 1 else ", ".join(phrases[:-1]) + " and " + phrases[-1]
        joiner = spec.joiner_en if lang == "en" else spec.joiner_ar
        if joiner and (people or spec.bare_joiner):
            others = f"{joiner} {others}"
        elif people and not joiner:
            others = ("، " if lang == "ar" else ", ") + others
            people[-1] += others
            others = ""
        if others:
            people.append(others)
    if people:
        line += " — " + " ".join(people)
    return line
