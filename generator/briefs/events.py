"""The main event of an article: what kind, where, when, who with whom.

``detect_event(sentences, actors, places, event_date)`` reads the lead: the
first of the first ``LEAD_SENTENCES`` sentences that contains an event
trigger (headlines and datelines scraped into the body have none, so they
are skipped naturally).

Kind, from trigger words (matched on normalised tokens; the first word may
carry the conjunction و/ف or a preposition):

* call        اتصال هاتفي، مكالمة، هاتف / هاتفه
* appointment تعيين، عيّن، كلّف، قرار بتعيين، أدى اليمين
* meeting     بحث ... مع، التقى، اجتمع، لقاء، اجتماع، مباحثات، محادثات، استقبل
* visit       زيارة، يزور، زار، وصل إلى
* attack      هجوم، استهداف، قصف، انفجار، اغتيال، تفجير، غارة (a targeted act)
* clash       اشتباكات، اشتبكت، مواجهات مسلحة، اقتتال، تبادل إطلاق النار (armed
              groups fighting each other)
* rescue      أنقذ، غرق قارب؛ إنقاذ، انتشال، قارب، مهاجرين غير نظاميين only
              with a sea word (قارب، مركب، البحر، سواحل، غرق، قبالة) elsewhere
              in the sentence (إنقاذ also with مهاجرين، عالقين؛ never
              "حكومة الإنقاذ")
* disaster    فيضانات، سيول، زلزال، هزة أرضية، إعصار، عاصفة، حريق كبير، اندلاع
              حريق، انهيار سد، انهيار مبنى
* shutdown    القوة القاهرة، توقف / وقف / إيقاف الإنتاج أو الضخ أو التصدير؛
              إغلاق / أغلق only with a facility word (حقل، ميناء، مصفاة، صمامات،
              أنابيب، منشأة، معبر، مطار) in the sentence
* decision    قرر، قرار، أصدر قرارا، اعتماد، اعتمد (not "أوراق اعتماد")
* statement   بيان، أعلن، أكد، صرح، أدان، طالب، دعا، حذر، رحب

Priority when several kinds appear in the lead sentence, in three tiers:

1. a phone call, then an appointment, win outright: they are specific
   ("بحث خلال اتصال هاتفي" is a call, "أصدر قرارا بتعيين" an appointment,
   not a decision);
2. otherwise the *earliest* trigger among meeting, visit, attack, clash,
   rescue, disaster, shutdown and decision decides ("اجتمع ... الوفد الذي
   يزور بنغازي" is a meeting, "وصل إلى طرابلس في زيارة يلتقي خلالها" a
   visit, "أعلنت المؤسسة القوة القاهرة" a shutdown, "قرر المصرف المركزي" a
   decision) -- except that a rescue gives way to a disaster named in the
   same sentence (recovering flood victims is part of the flood);
3. statement verbs (أكد، أعلن) introduce reported speech in almost every
   article, so they count only when nothing else does.

Two readings demote a trigger.  An attack, clash, rescue, disaster,
shutdown or decision word within ``CONDEMN_WINDOW`` tokens after a reaction
verb ("أدان المجلس الرئاسي الهجوم", "طالبت البعثة بمحاسبة المسؤولين عن
الاشتباكات", "رحب بقرار") is the object of a statement.  Any trigger right
after a relative pronoun ("المجموعتين اللتين اشتبكتا أمس") describes
something already known, not the article's event, and is ignored.

Place: a city or site named in the lead sentence or the next one, preferring
one introduced as a location ("في طرابلس", "بطرابلس", "العاصمة طرابلس",
"إلى بنغازي", "يزور بنغازي"); a region or country only when introduced as a
location ("في ليبيا").  A country merely mentioned ("التعاون بين ليبيا
والولايات المتحدة") is not the place of the event: the place is then None.

People: the principal is the first person named in the lead sentence (or,
when it names none, in the next ``PEOPLE_LOOKAHEAD`` sentences); counterparts are the other people
named there, at most three, in text order.  For a statement or a decision
with no person the first organisation named in the lead sentence is the
principal (rather than a person quoted in a later sentence); a decision has
no counterparts (people named after it are what it decides about).  For an
attack the people named are counterparts (targets), with no principal.  For
armed clashes the parties are the organisations and people named after
"بين" in the lead sentence, as counterparts, with no principal.  Rescues,
disasters and shutdowns have no counterparts and never look beyond the lead
sentence: the principal is the responsible body, the first organisation
named there ("خفر السواحل", "المؤسسة الوطنية للنفط"), else, for a rescue or
a shutdown, the first person; a disaster names no person (the people in it
are victims or officials reacting).  For a shutdown the place is the
affected site (an oil field, a port) when one is named.
"""

from __future__ import annotations

import datetime as dt
from itertools import groupby
from typing import Sequence

from ..text.arabic import normalise
from ..text.gazetteer import variant_keys
from ..text.document import Document, annotate
from ..text.tokens import Token, clitic_readings, scan
from ..models import Actor, EventLine, Place, Sentence

__all__ = ["detect_event", "detect_event_explained", "TRIGGERS", "LEAD_SENTENCES"]

LEAD_SENTENCES = 5
MAX_COUNTERPARTS = 3
CONDEMN_WINDOW = 6  # tokens before an attack word searched for a condemnation verb
PEOPLE_LOOKAHEAD = 3  # sentences after the trigger sentence searched for people when it names none


def _n(text: str) -> tuple[str, ...]:
    return tuple(normalise(w) for w in text.split())


# Rescue triggers that name a rescue only at sea (see CONTEXT): a boat, migrants, bodies recovered.
_AT_SEA = [
    "انتشال",
    "انتشلت",
    "انتشل",
    "قارب",
    "القارب",
    "مركب",
    "مهاجرا غير نظامي",
    "مهاجرين غير نظاميين",
    "المهاجرين غير النظاميين",
    "مهاجرا غير شرعي",
    "مهاجرين غير شرعيين",
]

TRIGGERS: dict[str, list[tuple[str, ...]]] = {
    "call": [
        _n(p)
        for p in [
            "اتصال هاتفي",
            "اتصالا هاتفيا",
            "مكالمة هاتفية",
            "مكالمة",
            "اتصالاً هاتفياً",
            "هاتفيا",
            "هاتف",
            "هاتفه",
            "تلقى اتصالا",
        ]
    ],
    "appointment": [
        _n(p)
        for p in [
            "تعيين",
            "بتعيين",
            "كلف",
            "كلّف",
            "تكليف",
            "بتكليف",
            "أدى اليمين",
            "اليمين القانونية",
            "يؤدي اليمين",
            "قرار بتعيين",
            "تسمية",
            "بتسمية",
        ]
    ],
    "meeting": [
        _n(p)
        for p in [
            "التقى",
            "يلتقي",
            "التقت",
            "اجتمع",
            "يجتمع",
            "اجتمعت",
            "لقاء",
            "اللقاء",
            "اجتماع",
            "الاجتماع",
            "اجتماعا",
            "مباحثات",
            "المباحثات",
            "محادثات",
            "المحادثات",
            "استقبل",
            "يستقبل",
            "استقبلت",
            "بحث مع",
            "يبحث مع",
            "ناقش مع",
            "جلسة مباحثات",
        ]
    ],
    "visit": [_n(p) for p in ["زيارة", "الزيارة", "زيارته", "يزور", "زار", "زارت", "وصل إلى", "وصل الى", "وصلت إلى", "يصل إلى"]],
    "resumption": [
        _n(p)
        for p in [
            "رفع حالة القوة القاهرة",
            "رفع القوة القاهرة",
            "رفعت حالة القوة القاهرة",
            "ترفع القوة القاهرة",
            "ترفع حالة القوة القاهرة",
            "يرفع حالة القوة القاهرة",
            "برفع حالة القوة القاهرة",
            "برفع القوة القاهرة",
            "رفعت القوة القاهرة",
            "استئناف",
            "باستئناف",
            "استأنف",
            "استأنفت",
            "يستأنف",
            "تستأنف",
            "إعادة فتح",
            "أعيد فتح",
            "إعادة تشغيل",
            "عودة الإنتاج",
            "عودة إنتاج",
            "عودة الرحلات",
            "عودة الملاحة",
            "عودة الضخ",
            "عودة التصدير",
        ]
    ],
    "killing": [
        _n(p)
        for p in [
            "مقتل",
            "بمقتل",
            "مقتله",
            "مقتلها",
            "بمقتله",
            "اغتيال",
            "باغتيال",
            "اغتيل",
            "اغتالت",
            "اغتالوا",
            "حتفه",
            "حتفها",
            "مصرعه",
            "مصرعها",
            "أودى بحياة",
            "أودى بحياته",
            "أودت بحياة",
            "أودت بحياته",
            "تصفية",
        ]
    ],
    "attack": [
        _n(p)
        for p in [
            "هجوم",
            "الهجوم",
            "هجوما",
            "استهداف",
            "استهدف",
            "قصف",
            "القصف",
            "انفجار",
            "الانفجار",
            "اغتيال",
            "اغتيل",
            "تفجير",
            "غارة",
            "غارات",
            "إطلاق نار",
            "لإطلاق نار",
            "إطلاق النار على",
            "أطلق النار",
            "أطلقوا النار",
            "أطلق مسلحون النار",
        ]
    ],
    "clash": [
        _n(p)
        for p in [
            "اشتباكات",
            "الاشتباكات",
            "اشتباك",
            "اشتبكت",
            "اشتبك",
            "اشتبكتا",
            "اشتبكوا",
            "مواجهات مسلحة",
            "المواجهات المسلحة",
            "اقتتال",
            "الاقتتال",
            "القتال",
            "تبادل إطلاق النار",
            "تبادل لإطلاق النار",
            "معارك",
            "المعارك",
        ]
    ],
    "rescue": [
        _n(p)
        for p in [
            "أنقذ",
            "أنقذت",
            "ينقذ",
            "تنقذ",
            "إنقاذ",
            "الإنقاذ",
        ]
        + _AT_SEA
    ],
    "disaster": [
        _n(p)
        for p in [
            "فيضانات",
            "الفيضانات",
            "فيضان",
            "الفيضان",
            "سيول",
            "السيول",
            "زلزال",
            "الزلزال",
            "هزة أرضية",
            "إعصار",
            "الإعصار",
            "عاصفة",
            "العاصفة",
            "حريق كبير",
            "حريق ضخم",
            "حريق هائل",
            "اندلاع حريق",
            "اندلع حريق",
            "نشوب حريق",
            "انهيار سد",
            # a shipwreck's dead and missing: the disaster, not a rescue
            "غرق قارب",
            "غرق مركب",
            "انقلاب قارب",
            "انقلب قارب",
            "بين قتيل ومفقود",
            "انهيار سدي",
            "انهيار السد",
            "انهيار مبنى",
            "انهيار عمارة",
            "انزلاق أرضي",
            "انهيارات أرضية",
            # a shipwreck is the disaster; recovering its dead is part of it
            "غرق قارب",
            "غرق مركب",
            "غرق سفينة",
            "انقلاب قارب",
            "انقلاب مركب",
            "غرق",
            "انتشال جثث",
            "انتشال جثة",
            "انتشلت جثث",
            "انتشل جثث",
            "جثث",
            "جثة",
            "جثامين",
        ]
    ],
    "shutdown": [
        _n(p)
        for p in [
            "القوة القاهرة",
            "توقف الإنتاج",
            "توقف إنتاج",
            "وقف الإنتاج",
            "وقف إنتاج",
            "إيقاف الإنتاج",
            "إيقاف إنتاج",
            "توقف ضخ",
            "وقف ضخ",
            "توقف التصدير",
            "أوقفت",
            "أوقف",
            "إيقاف",
            "وقف التصدير",
            "وقف تصدير",
            "إغلاق",
            "الإغلاق",
            "أغلق",
            "أغلقت",
            "أغلقوا",
            "إقفال",
            "أقفل",
        ]
    ],
    "dismissal": [
        _n(p)
        for p in [
            "إقالة",
            "بإقالة",
            "أقال",
            "أقالت",
            "يقيل",
            "إعفاء",
            "بإعفاء",
            "أعفى",
            "أعفت",
            "عزل",
            "بعزل",
            "عزلت",
            "إنهاء مهام",
            "بإنهاء مهام",
            "إنهاء تكليف",
            "بإنهاء تكليف",
            "حل المجلس",
            "بحل المجلس",
            "يحل المجلس",
            "حل مجلس",
            "بحل مجلس",
            "حل الحكومة",
            "إيقاف",
            "بإيقاف",
            "أوقف",
            "أوقفت",
            "تجميد عضوية",
        ]
    ],
    "decision": [
        _n(p)
        for p in [
            "تشكيل لجنة",
            "بتشكيل لجنة",
            "يشكلان",
            "شكل",
            "شكلت",
            "قرر",
            "قررت",
            "يقرر",
            "تقرر",
            "قرار",
            "القرار",
            "قرارا",
            "قراراً",
            "قرارات",
            "اعتماد",
            "اعتمد",
            "اعتمدت",
            # a truce is decided: "وقف الاشتباكات" opens with the decision,
            # so it wins over the clash word inside it (the earlier trigger wins)
            "وقف إطلاق النار",
            "لوقف إطلاق النار",
            "وقف النار",
            "وقف الاشتباكات",
            "وقف كل الاشتباكات",
            "وقف القتال",
            "هدنة",
            "الهدنة",
        ]
    ],
    "condemnation": [
        _n(p)
        for p in [
            "أدان",
            "أدانت",
            "دان",
            "دانت",
            "يدين",
            "تدين",
            "ندد",
            "نددت",
            "استنكر",
            "استنكرت",
            "شجب",
            "شجبت",
            "نعى",
            "نعت",
            "ينعى",
        ]
    ],
    "statement": [
        _n(p)
        for p in [
            "بيان",
            "البيان",
            "أعلن",
            "أعلنت",
            "يعلن",
            "أكد",
            "أكدت",
            "يؤكد",
            "صرح",
            "تصريح",
            "تصريحات",
            "طالب",
            "طالبت",
            "يطالب",
            "تطالب",
            "رحب",
            "رحبت",
            "حذر",
            "حذرت",
            "دعا",
            "دعت",
        ]
    ],
}
# Triggers that name an event only with a context word in the same sentence
# (matched as the start of a clitic-stripped word: "قاربهم" has "قارب"):
# "إغلاق" is a shutdown when a facility is closed, not a road; migrants and
# boats are a rescue at sea, not a deportation.
_SEA = tuple(
    normalise(w)
    for w in [
        "قارب",
        "القارب",
        "مركب",
        "المركب",
        "البحر",
        "سواحل",
        "السواحل",
        "غرق",
        "إنقاذ",
        "الإنقاذ",
        "أنقذ",
        "قبالة",
        "شاطئ",
        "الشاطئ",
        "شواطئ",
    ]
)
_FACILITY = tuple(
    normalise(w)
    for w in [
        "حقل",
        "الحقل",
        "حقول",
        "الحقول",
        "ميناء",
        "الميناء",
        "موانئ",
        "الموانئ",
        "مرفأ",
        "مصفاة",
        "المصفاة",
        "صمامات",
        "الصمامات",
        "أنابيب",
        "خطوط",
        "منشأة",
        "المنشأة",
        "منشآت",
        "المنشآت",
        "معبر",
        "المعبر",
        "مطار",
        "المطار",
        "محطة",
        "المحطة",
    ]
)
# "إيقاف أعضاء المجلس عن العمل": a suspension from office is a dismissal
_SUSPENSION = {normalise(w) for w in ["العمل", "عمله", "عملهم", "مهامه", "مهامهم", "منصبه", "مناصبهم"]}
_SUSPEND = {_n(p) for p in ["إيقاف", "بإيقاف", "أوقف", "أوقفت"]}
_OFF = normalise("عن")
# A trigger shortly after these words is the background of the news
# ("بعد ليلة من الاشتباكات"): it counts only when nothing else does.
_BACKGROUND = {normalise(w) for w in ["بعد", "عقب", "إثر", "اثر", "أعقب", "أعقبت", "إثرها"]}
BACKGROUND_WINDOW = 3
_BODY_FORMED = tuple(normalise(w) for w in ["لجنة", "اللجنة", "لجنه", "غرفة", "فريق", "قوة", "مجلس"])
CONTEXT: dict[tuple[str, ...], tuple[str, ...]] = {
    **{_n(p): _BODY_FORMED for p in ["يشكلان", "شكل", "شكلت"]},
    **{_n(p): _SEA for p in ["غرق", "جثث", "جثة", "جثامين"]},
    **{_n(p): _FACILITY for p in ["إغلاق", "الإغلاق", "أغلق", "أغلقت", "أغلقوا", "إقفال", "أقفل", "أوقفت", "أوقف", "إيقاف"]},
    **{_n(p): _SEA for p in _AT_SEA},
    **{_n(p): _SEA + tuple(normalise(w) for w in ["مهاجر", "عالقين", "محاصرين", "ناجين"]) for p in ["إنقاذ", "الإنقاذ"]},
}
# "أوراق اعتماده": credentials, not the adoption of a decision
# "محاولة اغتيال": an attempt is an attack, nobody was killed
_NOT_AFTER_FOR_KIND: dict[tuple[str, tuple[str, ...]], set[str]] = {
    ("killing", _n("اغتيال")): {normalise("محاولة"), normalise("لمحاولة"), normalise("بمحاولة")},
}
_NOT_AFTER: dict[tuple[str, ...], set[str]] = {
    _n("اعتماد"): {normalise("أوراق")},
    # "حكومة الإنقاذ الوطني": a government's name
    _n("الإنقاذ"): {normalise("حكومة"), normalise("بحكومة"), normalise("وحكومة"), normalise("لحكومة")},
}
_KIND_ORDER = {kind: n for n, kind in enumerate(TRIGGERS)}
# Kinds a reaction verb before the trigger turns into a statement about it.
_REACTABLE = ("attack", "clash", "rescue", "disaster", "shutdown", "decision", "killing", "dismissal", "resumption")
# Kinds chosen by earliest position (tier 2 of the priority).
_EARLIEST = (
    "meeting",
    "visit",
    "killing",
    "attack",
    "clash",
    "rescue",
    "disaster",
    "shutdown",
    "resumption",
    "decision",
    "condemnation",
)
# Relative pronouns: a trigger right after one describes the background.
_RELATIVE = {normalise(w) for w in ["الذي", "التي", "اللذين", "اللتين", "اللذان", "اللتان", "الذين", "اللواتي", "اللاتي"]}
_BETWEEN = normalise("بين")
# Kinds whose line names a responsible body rather than people meeting.
_BODY_KINDS = ("rescue", "disaster", "shutdown", "resumption")
# Reactions to an attack: condemnation, and demands about it ("طالبت البعثة
# بمحاسبة المسؤولين عن الاشتباكات") -- the article is the reaction.
_CONDEMN = {
    w
    for p in [
        "أدان",
        "أدانت",
        "دان",
        "دانت",
        "نعى",
        "نعت",
        "يدين",
        "تدين",
        "ندد",
        "نددت",
        "استنكر",
        "استنكرت",
        "شجب",
        "طالب",
        "طالبت",
        "يطالب",
        "تطالب",
        "بمحاسبة",
        "محاسبة",
        "رحب",
        "رحبت",
        "حث",
        "حثت",
        "دعا",
        "دعت",
        "حذر",
        "حذرت",
        "رفض",
        "رفضت",
        "يرفض",
        "ترفض",
        "رفضه",
        "رفضها",
        "رفضهم",
        "انتقد",
        "انتقدت",
        "اعترض",
        "اعترضت",
        "عارض",
        "عارضت",
    ]
    for w in _n(p)
}
# Condemnation proper, among the reactions: the article is a condemnation.
_CONDEMNATION = {
    w
    for p in ["أدان", "أدانت", "دان", "دانت", "يدين", "تدين", "ندد", "نددت", "استنكر", "استنكرت", "شجب", "شجبت", "نعى", "نعت"]
    for w in _n(p)
}
# "بتعيين X خلفا لـ Y": Y is the predecessor, not a party to the appointment.
_PREDECESSOR = {normalise(w) for w in ["خلفا", "خلفاً", "بدلا", "بدلاً"]}
_WITH = normalise("مع")
_SEARCH = (normalise("بحث"), normalise("يبحث"), normalise("ناقش"), normalise("يناقش"), normalise("بحثا"))
_LOCATIVE = {
    normalise(w)
    for w in [
        "في",
        "إلى",
        "الى",
        "داخل",
        "بمدينة",
        "مدينة",
        "العاصمة",
        "بالعاصمة",
        "يزور",
        "زار",
        "وصل",
        "شهدت",
        "شهد",
        "بمقر",
        "مقر",
        "من",
    ]
}
_CITY_KINDS = ("city", "site")
_CAPITAL = {normalise(w) for w in ["العاصمة", "بالعاصمة", "مدينة", "بمدينة"]}


def _readings(tok: Token) -> list[tuple[int, str]]:
    out = [(0, tok.key)]
    for n, art, stem in clitic_readings(tok.key):
        word = ("ال" + stem) if art else stem
        if n and (n, word) not in out:
            out.append((n, word))
    return out


def _has_context(words: Sequence[Token], span: range, context: tuple[str, ...]) -> bool:
    for k, tok in enumerate(words):
        if k in span or tok.kind != "w":
            continue
        if any(w.startswith(c) for _, w in _readings(tok) for c in context):
            return True
    return False


def _phrases_by_first_word() -> dict[str, list[tuple[int, int, str, tuple[str, ...]]]]:
    """Trigger phrases by their first word: (kind's position in ``TRIGGERS``,
    phrase's position in its kind, kind, phrase)."""
    index: dict[str, list[tuple[int, int, str, tuple[str, ...]]]] = {}
    for k, (kind, phrases) in enumerate(TRIGGERS.items()):
        for n, phrase in enumerate(phrases):
            index.setdefault(phrase[0], []).append((k, n, kind, phrase))
    return index


_TRIGGERS_BY_FIRST_WORD = _phrases_by_first_word()


def _phrase_holds(words: Sequence[Token], i: int, kind: str, phrase: tuple[str, ...], prev: Token | None) -> bool:
    """Whether a trigger ``phrase`` whose first word is ``words[i]`` is there
    and is not ruled out by the word before it or by its context."""
    if len(phrase) > 1 and phrase[1] == _WITH and phrase[0] in _SEARCH:
        # "بحث X مع Y": مع anywhere later in the sentence
        if not any(t.key == _WITH or t.key == "و" + _WITH for t in words[i + 1 :]):
            return False
    elif any(i + j >= len(words) or words[i + j].key != phrase[j] for j in range(1, len(phrase))):
        return False
    if phrase in _NOT_AFTER and prev is not None and prev.key in _NOT_AFTER[phrase]:
        return False
    if prev is not None and prev.key in _NOT_AFTER_FOR_KIND.get((kind, phrase), ()):
        return False
    if phrase in CONTEXT and kind != "dismissal" and not _has_context(words, range(i, i + len(phrase)), CONTEXT[phrase]):
        return False
    if (
        kind == "dismissal"
        and phrase in _SUSPEND
        and not any(words[k].key == _OFF and words[k + 1].key in _SUSPENSION for k in range(i + 1, len(words) - 1))
    ):
        return False
    return True


def _reaction(words: Sequence[Token], i: int, kind: str) -> str | None:
    """ "condemnation" or "statement" when the trigger at ``i`` is what a
    reaction is about ("أدان ... الهجوم"), else None."""
    if kind not in _REACTABLE:
        return None
    reaction = [
        k for k in range(max(0, i - CONDEMN_WINDOW), i) if words[k].kind == "w" and {w for _, w in _readings(words[k])} & _CONDEMN
    ]
    if not reaction:
        return None
    condemned = any({w for _, w in _readings(words[k])} & _CONDEMNATION for k in reaction)
    return "condemnation" if condemned else "statement"


def _triggers(tokens: Sequence[Token]) -> list[tuple[int, str]]:
    """(token position, kind) of every trigger in a sentence."""
    found: list[tuple[int, str]] = []
    words = [t for t in tokens]
    inside_until = 0  # tokens inside a longer phrase already matched ("رفع حالة القوة القاهرة")
    for i, tok in enumerate(words):
        if tok.kind != "w" or i < inside_until:
            continue
        # the phrases that open with one of the token's readings, by kind, in their order
        forms = {w for _, w in _readings(tok)}
        opening = sorted(c for w in forms if w in _TRIGGERS_BY_FIRST_WORD for c in _TRIGGERS_BY_FIRST_WORD[w])
        if not opening:
            continue
        prev = next((words[k] for k in range(i - 1, -1, -1) if words[k].kind == "w"), None)
        if prev is not None and prev.key in _RELATIVE and i > 0 and words[i - 1].kind == "w":
            continue  # "اللتين اشتبكتا": background, told as a description
        for _, phrases in groupby(opening, key=lambda c: c[0]):
            candidates = list(phrases)
            kind = candidates[0][2]
            phrase = next((p for _, _, _, p in candidates if _phrase_holds(words, i, kind, p, prev)), None)
            if phrase is not None:
                inside_until = max(inside_until, _record_trigger(found, words, i, kind, phrase))
    return found


def _record_trigger(found: list[tuple[int, str]], words: Sequence[Token], i: int, kind: str, phrase: tuple[str, ...]) -> int:
    """Add the trigger found at ``i`` (or the reaction to it); returns the
    end of the phrase when its words are taken (0 when they are not)."""
    reaction = _reaction(words, i, kind)
    if reaction:
        # the article is the reaction: a condemnation, or a statement about it
        found.append((i, reaction))
        return 0
    found.append((i, kind))
    if kind == "appointment" and any(t.kind == "w" and t.key in _PREDECESSOR for t in words):
        # "بتكليف X بمهام المحافظ بدلا من Y": the post changes hands, Y is removed
        found.append((i, "dismissal"))
    if len(phrase) > 1 and not (phrase[0] in _SEARCH and phrase[1] == _WITH):
        return i + len(phrase)
    return 0


def _background(tokens: Sequence[Token], pos: int) -> bool:
    words = [t for t in tokens[max(0, pos - BACKGROUND_WINDOW) : pos] if t.kind == "w"]
    return any({w for _, w in _readings(t)} & _BACKGROUND for t in words)


def _foreground(tokens: Sequence[Token], found: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """The triggers that tell the news: those after "بعد"/"إثر" are dropped
    when the sentence has others."""
    main = [(pos, kind) for pos, kind in found if not _background(tokens, pos)]
    return main or found


def _choose_kind(found: list[tuple[int, str]], every: list[str] | None = None) -> str | None:
    """The kind a sentence's triggers give; ``every``: the kinds before
    background triggers were dropped (a disaster told after "بعد" still
    explains the dead)."""
    kinds = [k for _, k in found]
    for strong in ("call", "dismissal", "appointment"):
        if strong in kinds:
            return strong
    for pos, kind in sorted(found, key=lambda pk: (pk[0], _KIND_ORDER[pk[1]])):
        if kind in _EARLIEST:
            if kind in ("rescue", "killing") and "disaster" in (every or kinds):
                return "disaster"  # the dead and the rescued of a flood or a shipwreck are the disaster
            return kind
    return "statement" if "statement" in kinds else None


def _name_patterns(actor: Actor) -> list[tuple[str, ...]]:
    """Token sequences that name the actor: its Arabic name in its spellings,
    and, for people, the surname alone."""
    pats = list(variant_keys(actor.name_ar))
    if actor.kind == "person":
        base = tuple(t.key for t in scan(actor.name_ar) if t.kind == "w")
        if len(base) >= 2:
            pats.append((base[-1],))
    return sorted(set(pats), key=len, reverse=True)


def _positions(tokens: Sequence[Token], pattern: tuple[str, ...]) -> list[int]:
    hits = []
    for i, tok in enumerate(tokens):
        if tok.kind != "w" or pattern[0] not in {w for _, w in _readings(tok)}:
            continue
        if all(i + j < len(tokens) and tokens[i + j].key == pattern[j] for j in range(1, len(pattern))):
            hits.append(i)
    return hits


def _actors_in(tokens: Sequence[Token], actors: Sequence[Actor], kind: str) -> list[tuple[int, Actor]]:
    found: list[tuple[int, Actor]] = []
    taken: set[int] = set()
    candidates = [a for a in actors if a.kind == kind]
    # full names before surnames, so "خليفة حفتر" is not read as "حفتر" of another actor
    scored = sorted(((p, a) for a in candidates for p in _name_patterns(a)), key=lambda pa: -len(pa[0]))
    seen: set[str] = set()
    for pattern, actor in scored:
        for pos in _positions(tokens, pattern):
            span = set(range(pos, pos + len(pattern)))
            if span & taken:
                continue
            if actor.id in seen:
                taken |= span
                continue
            taken |= span
            seen.add(actor.id)
            found.append((pos, actor))
    return sorted(found, key=lambda pa: pa[0])


def _place_in(tokens: Sequence[Token], places: Sequence[Place]) -> list[tuple[int, Place, bool, bool]]:
    out = []
    for place in places:
        for pattern in variant_keys(place.name_ar):
            for pos in _positions(tokens, pattern):
                tok = tokens[pos]
                prefixed = tok.key != pattern[0] and tok.key.startswith("ب")
                # "في طرابلس", and also "العاصمة الليبية طرابلس": an adjective
                # may stand between the cue and the name
                before = [t for t in tokens[max(0, pos - 2) : pos] if t.kind == "w"]
                locative = (
                    prefixed
                    or any({w for _, w in _readings(t)} & _LOCATIVE for t in before[-1:])
                    or (len(before) == 2 and bool({w for _, w in _readings(before[0])} & _CAPITAL))
                )
                # "فرق إنقاذ من بنغازي": "من" gives an origin, a weaker cue
                origin = bool(before) and before[-1].key == _FROM and not prefixed
                out.append((pos, place, locative and not origin, locative and origin))
    return sorted(out, key=lambda x: x[0])


_FROM = normalise("من")


def _first_org_at(tokens: Sequence[Token], actors: Sequence[Actor]) -> int:
    found = _actors_in(tokens, actors, "organisation")
    return found[0][0] if found else len(tokens)


def _kind_of(tokens: Sequence[Token], foreground_only: bool = False) -> tuple[str | None, str]:
    """(kind, the trigger word as written) of one sentence; ``foreground_only``:
    a trigger after "بعد"/"إثر" never counts (a headline's background)."""
    every = _triggers(tokens)
    found = [f for f in every if not _background(tokens, f[0])] if foreground_only else _foreground(tokens, every)
    kind = _choose_kind(found, [k for _, k in every])
    word = next((tokens[pos].text for pos, k in sorted(found) if k == kind), "")
    return kind, word


# Kinds a headline may impose on the lead: the editor's summary names the
# event ("مقتل «غنيوة» يفجر مواجهات") where the lead may open on its
# consequences ("عاشت العاصمة ليلة على وقع اشتباكات").  A statement verb in a
# headline is too weak to override, and a phone call is told by the lead.
_HEADLINE_KINDS = tuple(k for k in TRIGGERS if k not in ("statement", "call", "meeting", "visit"))


def detect_event(
    sentences: Sequence[Sentence],
    actors: Sequence[Actor],
    places: Sequence[Place],
    event_date: dt.date | None,
    headline: str = "",
) -> EventLine | None:
    """The article's main event, or None when the lead has no event trigger."""
    return detect_event_explained(sentences, actors, places, event_date, headline)[0]


def detect_event_explained(
    sentences: Sequence[Sentence],
    actors: Sequence[Actor],
    places: Sequence[Place],
    event_date: dt.date | None,
    headline: str = "",
    document: Document | None = None,
) -> tuple[EventLine | None, list[str]]:
    """``detect_event`` and a plain-English note on how the kind was decided;
    ``document`` is the article's annotation (its tokens), else the
    sentences and headline are annotated here."""
    document = document if document is not None else annotate(sentences, headline=headline)
    lead = list(sentences[:LEAD_SENTENCES])
    tokens = [document.tokens(s) for s in lead]
    at = None
    kind = None
    word = ""
    for n, toks in enumerate(tokens):
        kind, word = _kind_of(toks)
        if kind:
            at = n
            break
    head_kind, head_word = _kind_of(document.tokens(headline), foreground_only=True) if headline else (None, "")
    notes: list[str] = []
    if head_kind in _HEADLINE_KINDS and head_kind != kind and kind != "call":
        if kind:
            notes.append(
                f"event kind: {head_kind}, from “{head_word}” in the headline "
                f"(the lead sentence {at + 1 if at is not None else 1} says {kind}: “{word}”)"
            )
        else:
            notes.append(f"event kind: {head_kind}, from “{head_word}” in the headline (no trigger in the lead)")
        kind, at = head_kind, at or 0
    elif kind:
        notes.append(f"event kind: {kind}, from “{word}” in lead sentence {(at or 0) + 1}")
    if kind is None or at is None or not tokens:
        return None, notes
    return _event_line(kind, at, tokens, sentences, actors, places, event_date, document), notes


def _event_line(
    kind: str,
    at: int,
    tokens: Sequence[Sequence[Token]],
    sentences: Sequence[Sentence],
    actors: Sequence[Actor],
    places: Sequence[Place],
    event_date: dt.date | None,
    document: Document,
) -> EventLine:
    place = _event_place(kind, at, tokens, places)
    lead = tokens[at]
    lead_people = _actors_in(lead, actors, "person")
    people = [a for _, a in lead_people]
    orgs = [a for _, a in _actors_in(lead, actors, "organisation")]
    if kind in _BODY_KINDS:
        # the responsible body, from the lead sentence only
        body = orgs[0] if orgs else (people[0] if people and kind != "disaster" else None)
        return EventLine(kind, place, event_date, body, ())
    if kind == "clash":
        return EventLine(kind, place, event_date, None, _clash_parties(lead, actors))
    if kind in ("dismissal", "condemnation") and orgs and (not lead_people or _first_org_at(lead, actors) < lead_people[0][0]):
        # "أصدر المجلس الرئاسي قرارا بتكليف ... بدلا من ...", "دان نادي ...":
        # the body that acts; the people named after it are whom it concerns
        return EventLine(kind, place, event_date, orgs[0], tuple(people[:MAX_COUNTERPARTS]))
    if not people and kind in ("statement", "decision") and orgs:
        # "أعلنت وزارة الداخلية ...": the body that speaks in the lead, not a
        # spokesman quoted later
        return EventLine(kind, place, event_date, orgs[0], ())
    if not people:
        for s in sentences[at + 1 : at + 1 + PEOPLE_LOOKAHEAD]:
            people = [a for _, a in _actors_in(document.tokens(s), actors, "person")]
            if people:
                break
    principal, counterparts = _roles_in_event(kind, lead, people, orgs, lead_people)
    return EventLine(kind, place, event_date, principal, counterparts)


def _event_place(kind: str, at: int, tokens: Sequence[Sequence[Token]], places: Sequence[Place]) -> Place | None:
    """A city introduced as a location in the trigger sentence or the next;
    else one in the article's opening sentence (a disaster told first, the
    statement about it second); then weaker evidence.  A shutdown's site
    ("حقل الشرارة", "ميناء السدرة") wins over the city."""
    window = tokens[at : at + 2]
    place = None
    candidates = [c for toks in window for c in _place_in(toks, places)]
    opening = _place_in(tokens[0], places) if at > 0 else []
    steps = [
        (candidates, True, "loc"),
        (opening, True, "loc"),
        (candidates, True, "origin"),
        (candidates, False, "loc"),
        (candidates, True, "any"),
    ]
    for pool, city, cue in steps:
        pick = [
            p
            for _, p, is_loc, is_origin in pool
            if (p.kind in _CITY_KINDS) == city and (is_loc if cue == "loc" else is_origin if cue == "origin" else True)
        ]
        if pick:
            place = pick[0]
            break
    if kind == "shutdown":
        site = next((p for toks in window for _, p, _, _ in _place_in(toks, places) if p.kind == "site"), None)
        place = site or place
    return place


def _clash_parties(lead: Sequence[Token], actors: Sequence[Actor]) -> tuple[Actor, ...]:
    """The parties of a clash: "اشتباكات بين قوات ... وجهاز ..."."""
    cut = next((k for k, t in enumerate(lead) if t.kind == "w" and t.key == _BETWEEN), None)
    if cut is None:
        return ()
    parties = sorted(
        (pa for kind_ in ("organisation", "person") for pa in _actors_in(lead, actors, kind_) if pa[0] > cut),
        key=lambda pa: pa[0],
    )
    return tuple(a for _, a in parties[:MAX_COUNTERPARTS])


def _roles_in_event(
    kind: str,
    lead: Sequence[Token],
    people: list[Actor],
    orgs: list[Actor],
    lead_people: list[tuple[int, Actor]],
) -> tuple[Actor | None, tuple[Actor, ...]]:
    """(principal, counterparts) of an event told by people."""
    principal: Actor | None = people[0] if people else None
    counterparts = tuple(people[1 : 1 + MAX_COUNTERPARTS])
    if kind in ("statement", "decision") and principal is None and orgs:
        principal = orgs[0]
    if kind == "decision":
        counterparts = ()
    if kind in ("attack", "killing"):
        # the people named are the targets or the dead, not actors
        principal, counterparts = None, tuple(people[:MAX_COUNTERPARTS])
    if kind == "appointment":
        cut = next((k for k, t in enumerate(lead) if t.kind == "w" and t.key in _PREDECESSOR), None)
        if cut is not None:
            before_cut = {a.id for pos, a in lead_people if pos < cut}
            counterparts = tuple(a for a in counterparts if a.id in before_cut)
    return principal, counterparts
