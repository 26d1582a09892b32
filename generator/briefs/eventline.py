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

import datetime as dt
import re
from functools import lru_cache
from typing import NamedTuple

from ..i18n import Formatter, formatter
from ..models import Actor, EventLine


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


# -- headlines ------------------------------------------------------------------------
#
# When no reviewed or machine translation of an article's headline exists, the
# English page would show the Arabic headline.  The brief already knows who met
# whom, where and when, so a plain news headline is written from those fields
# ("Acting Interior Minister Imad Trabelsi meets Italian Ambassador Gianluca
# Alberini in Tripoli") and labelled as generated.  Each kind lists templates
# from the most to the least specific; the first whose fields the event has
# wins.  Fields: {principal}, {counterparts}, {place}, {date}.  The date is
# only used when nobody is named, where it is what tells two events apart.

HEADLINE_TEMPLATES: dict[str, dict[str, tuple[str, ...]]] = {
    "en": {
        "meeting": (
            "{principal} meets {counterparts} in {place}",
            "{principal} meets {counterparts}",
            "{principal} holds meeting in {place}",
            "{principal} holds meeting",
            "Meeting in {place} on {date}",
        ),
        "visit": (
            "{principal} visits {place}, hosted by {counterparts}",
            "{principal} visits {place}",
            "{principal} on visit hosted by {counterparts}",
            "Visit by {principal}",
            "Visit to {place} on {date}",
        ),
        "call": ("{principal} holds phone call with {counterparts}", "{principal} holds phone call"),
        "statement": (
            "{principal} issues statement on {counterparts}",
            "{principal} issues statement",
            "Statement issued in {place} on {date}",
        ),
        "attack": (
            "Attack on {counterparts} in {place}",
            "Attack on {counterparts}",
            "Attack in {place} on {date}",
            "Attack reported on {date}",
        ),
        "appointment": ("{principal} appoints {counterparts}", "Appointment of {counterparts}", "{principal} makes appointment"),
        "clash": (
            "Armed clashes in {place} between {counterparts}",
            "Armed clashes between {counterparts}",
            "Armed clashes in {place} on {date}",
            "Armed clashes reported on {date}",
        ),
        "rescue": (
            "{principal} carries out rescue near {place}",
            "{principal} carries out rescue",
            "Rescue near {place} on {date}",
        ),
        "disaster": ("Disaster in {place} on {date}", "Disaster reported on {date}"),
        "shutdown": (
            "{principal} announces shutdown at {place}",
            "Shutdown at {place} on {date}",
            "{principal} announces shutdown",
        ),
        "decision": (
            "{principal} issues decision on {counterparts}",
            "{principal} issues decision",
            "Decision issued in {place} on {date}",
        ),
    },
}

# Titles that say nothing before a name without their institution ("Head
# Mohamed al-Menfi"): written only when the role names the institution.
_BARE_TITLES = {"head", "deputy head", "director", "director general", "member", "chairman", "president"}
# Longer roles ("former Prime Minister designated by the House of
# Representatives; ...") make a headline unreadable; the event line keeps them.
_MAX_TITLE_WORDS = 6
_FIELD = re.compile(r"\{(\w+)\}")


@lru_cache(maxsize=1 << 12)  # a build asks for the same few hundred roles thousands of times
def headline_title(role: str | None) -> str | None:
    """A role as a title before a name: "Deputy Commander, AFRICOM" ->
    "AFRICOM Deputy Commander"; None when it would not read as one."""
    if not role:
        return None
    role = re.sub(r"\s*\([^)]*\)", "", role).split(";")[0].strip()
    title, _, institution = role.partition(",")
    title, institution = title.strip(), institution.strip()
    if institution and len(institution.split()) <= 3:
        title = f"{institution} {title}"
    elif title.lower() in _BARE_TITLES:
        return None
    if not title or len(title.split()) > _MAX_TITLE_WORDS:
        return None
    return title[0].upper() + title[1:]


def headline_actor(actor: Actor, lang: str) -> str:
    title = headline_title(actor.role(lang)) if lang == "en" else None
    return f"{title} {actor.display(lang)}" if title else actor.display(lang)


def _join(phrases: list[str]) -> str:
    return phrases[0] if len(phrases) == 1 else ", ".join(phrases[:-1]) + " and " + phrases[-1]


def generate_headline(event: EventLine | None, lang: str = "en") -> str | None:
    """A headline for *event* in *lang* from our templates, or None when the
    language has no templates or the event names too little to say anything."""
    templates = HEADLINE_TEMPLATES.get(lang, {}).get(event.kind) if event else None
    if not templates or event is None:
        return None
    fields = {
        "principal": headline_actor(event.principal, lang) if event.principal else None,
        "counterparts": _join([headline_actor(a, lang) for a in event.counterparts]) if event.counterparts else None,
        "place": event.place.display(lang) if event.place else None,
        "date": _headline_date(event.date, lang) if event.date else None,
    }
    for template in templates:
        if all(fields.get(name) for name in _FIELD.findall(template)):
            text = template.format(**fields)
            return text[0].upper() + text[1:]
    return None


@lru_cache(maxsize=1 << 12)
def _headline_date(day: dt.date, lang: str) -> str:
    """A headline's date: the archive's few hundred days, each formatted by
    Babel once (formatting was 45% of making the headlines of 5,000 briefs)."""
    return formatter(lang, lang, "western").date(day, "d MMMM y")


def kind_label(kind: str, lang: str) -> str:
    """The name of an event kind in one language ("Armed clashes", "اشتباكات")."""
    spec = EVENT_KINDS.get(kind)
    if spec is None:
        return kind
    return spec.en if lang == "en" else spec.ar
