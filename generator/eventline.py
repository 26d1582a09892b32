"""The who/what/where/when line of an event, written in each language from
templates of our own: structured fields in, no machine translation needed.

    Meeting · Tripoli · Wed 10 Sep 2025 — Abdulsalam al-Zoubi (Undersecretary
    of Defence, GNU) with Lt Gen John Brennan (Deputy Commander, AFRICOM)
"""
from __future__ import annotations

from .i18n import Formatter
from .models import Actor, EventLine

EVENT_KINDS = {
    # kind: (English label, Arabic label, English joiner, Arabic joiner)
    "meeting": ("Meeting", "اجتماع", "with", "مع"),
    "visit": ("Visit", "زيارة", "hosted by", "يستضيفها"),
    "call": ("Phone call", "اتصال هاتفي", "with", "مع"),
    "statement": ("Statement", "بيان", "on", "بشأن"),
    "attack": ("Attack", "هجوم", "on", "على"),
    "appointment": ("Appointment", "تعيين", "appointing", "يعيّن"),
}


def actor_phrase(actor: Actor, lang: str) -> str:
    role = actor.role(lang)
    return f"{actor.display(lang)} ({role})" if role else actor.display(lang)


def format_event_line(event: EventLine, lang: str, fmt: Formatter) -> str:
    label, label_ar, joiner, joiner_ar = EVENT_KINDS.get(event.kind, (event.kind.title(), event.kind, "with", "مع"))
    head = [label if lang == "en" else label_ar]
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
        people.append(f"{joiner if lang == 'en' else joiner_ar} {others}" if people else others)
    if people:
        line += " — " + " ".join(people)
    return line
