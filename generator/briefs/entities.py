"""People, organisations and places named in an article.

``extract_entities`` combines two sources:

* gazetteer matches (``gazetteer.Gazetteer.find_all``): known people,
  organisations and places, clitic- and spelling-tolerant;
* titled names that are not in the gazetteer, found by pattern:

  - RANK NAME: "الفريق محمد الحداد", "اللواء “محمود حمزة”" (ranks and
    honorifics from ``RANKS`` / ``INTRODUCERS``);
  - TITLE[،] [RANK] NAME: "وكيل وزارة الدفاع، عبدالسلام الزوبي",
    "سفير المملكة المتحدة لدى ليبيا، “مارتن أندرو”";
  - NAME TITLE: "محمد المنفي رئيس المجلس الرئاسي", "جيرمي بيرنت القائم
    بأعمال السفارة الأمريكية لدى ليبيا".

  A name is 2-4 words (a compound "عبد ال..." or "أبو ..." counts as one),
  never crosses punctuation, a title or rank word, a preposition or a
  frequent verb, and must look like a name: after a rank or honorific any
  word will do, elsewhere the first word must be a known given name
  (``gazetteer.GIVEN_NAMES``) or the name must be quoted.  So "سبل تعزيز"
  after "جون برينان،" is not a person.

Roles.  A title phrase is attached to one person: to the person right
before it when they touch ("خالد حفتر رئيس أركان ..."), otherwise, or when
it starts with the conjunction و ("ورئيس الأركان العامة الفريق محمد
الحداد"), to the person right after it (an optional bracket, comma and rank
may come between).  The role is translated compositionally
(``translate_role``) from tables of title words, ministry portfolios and
institution words, with gazetteer organisations for institution names.

Decision: the role stated in the article wins over the gazetteer's default
role (roles change; the article is dated evidence and the gazetteer's role
carries only an ``as_of``).  When the two differ, a note records both.  When
the article states no role, the gazetteer role is used, with the person's
organisation appended ("Undersecretary of Defence, GNU") unless the role
already names it.  The rank stated in the text likewise wins over the
gazetteer rank.

Actors are deduplicated by gazetteer id, or by normalised name for unknown
people, and listed in first-mention order; organisations (gazetteer matches)
are actors of kind "organisation".  Places are gazetteer places,
deduplicated, in first-mention order.
"""

from __future__ import annotations

import re
from functools import lru_cache
from dataclasses import dataclass, field, replace
from typing import Any, Mapping, Sequence

from ..text.arabic import _NAME_TABLE, normalise, romanise
from ..text.gazetteer import GIVEN_NAMES, Gazetteer, Mention, Organisation
from ..models import Actor, Place, Sentence
from ..safety import slugify
from ..text.document import Document, annotate
from ..text.tokens import Token, clitic_readings, raw_prefix_end, scan

__all__ = [
    "extract_entities",
    "translate_role",
    "RANKS",
    "find_titled_names",
    "TitledName",
    "gazetteer_entry",
    "romanisation_is_sure",
]


def _n(words: str) -> tuple[str, ...]:
    return tuple(normalise(w) for w in words.split())


# ---------------------------------------------------------------------------
# Lexicons
# ---------------------------------------------------------------------------

# Military ranks before a name: Arabic words -> English (Reuters style).
# Longest first at match time ("الفريق أول" before "الفريق").
RANKS: dict[tuple[str, ...], str] = {
    _n("الفريق أول ركن"): "Gen",
    _n("الفريق أول"): "Gen",
    _n("الفريق ركن"): "Lt Gen",
    _n("الفريق"): "Lt Gen",
    _n("اللواء ركن"): "Maj Gen",
    _n("اللواء"): "Maj Gen",
    _n("العميد ركن"): "Brig Gen",
    _n("العميد"): "Brig Gen",
    _n("العقيد ركن"): "Col",
    _n("العقيد"): "Col",
    _n("المقدم"): "Lt Col",
    _n("الرائد"): "Maj",
    _n("النقيب"): "Capt",
    _n("الملازم أول"): "1st Lt",
    _n("الملازم"): "Lt",
    _n("المشير"): "Field Marshal",
    _n("الجنرال"): "Gen",
    _n("العماد"): "Gen",
    _n("الأدميرال"): "Adm",
    _n("الأميرال"): "Adm",
    _n("الفريق البحري"): "Vice Adm",
    _n("اللواء البحري"): "Rear Adm",
}
# Qualifiers written after a rank that English drops ("المشير أركان حرب").
_RANK_QUALIFIERS = (_n("أركان حرب"), _n("اركان حرب"), _n("طيار"), _n("بحري"), _n("مهندس"), _n("دكتور"))
# Honorifics before a name: they introduce a name but are not ranks.
INTRODUCERS = frozenset(_n("الدكتور الدكتورة السيد السيدة الشيخ المهندس المستشار الحاج الأستاذ سعادة معالي فخامة سمو"))

# Title heads: Arabic words -> (English, style).  Styles say how the object
# that follows is attached: "ministry" (a portfolio: "Minister of Defence"),
# "of" ("Head of the Presidential Council"), "comma" ("Deputy Commander,
# AFRICOM"), "ambassador" ("British Ambassador to Libya"), "adj" ("Turkish
# President"), "complete" (nothing needed: "Chief of the General Staff").
HEADS: dict[tuple[str, ...], tuple[str, str]] = {
    _n("وكيل وزارة"): ("Undersecretary", "ministry"),
    _n("وكيل الوزارة"): ("Undersecretary", "ministry"),
    _n("وكيلة وزارة"): ("Undersecretary", "ministry"),
    _n("وزير الدولة"): ("Minister of State", "ministry"),
    _n("وزير"): ("Minister", "ministry"),
    _n("وزيرة"): ("Minister", "ministry"),
    _n("الوزير"): ("Minister", "ministry"),
    _n("رئيس الوزراء"): ("Prime Minister", "complete"),
    _n("رئيسة الوزراء"): ("Prime Minister", "complete"),
    _n("رئيس الحكومة"): ("Prime Minister", "complete"),
    _n("رئيس حكومة"): ("Prime Minister", "comma"),
    _n("رئيس الأركان العامة"): ("Chief of the General Staff", "complete"),
    _n("رئيس الأركان"): ("Chief of Staff", "of"),
    _n("رئيس أركان"): ("Chief of Staff", "of"),
    _n("رئيس مجلس النواب"): ("Speaker of the House of Representatives", "complete"),
    _n("رئيس البرلمان"): ("Speaker of Parliament", "complete"),
    _n("رئيس الدولة"): ("Head of State", "complete"),
    _n("رئيس الجمهورية"): ("President", "complete"),
    _n("رئيس"): ("Head", "of"),
    _n("رئيسة"): ("Head", "of"),
    _n("الرئيس"): ("President", "adj"),
    _n("الرئيسة"): ("President", "adj"),
    _n("المدير العام"): ("Director General", "of"),
    _n("مدير عام"): ("Director General", "of"),
    _n("مدير"): ("Director", "of"),
    _n("مديرة"): ("Director", "of"),
    _n("المدير"): ("Director", "of"),
    _n("القائد العام"): ("General Commander", "of"),
    _n("قائد"): ("Commander", "comma"),
    _n("القائد"): ("Commander", "comma"),
    _n("آمر"): ("Commander", "of"),
    _n("امر"): ("Commander", "of"),
    _n("سفير"): ("Ambassador", "ambassador"),
    _n("سفيرة"): ("Ambassador", "ambassador"),
    _n("السفير"): ("Ambassador", "ambassador"),
    _n("السفيرة"): ("Ambassador", "ambassador"),
    _n("القائم بأعمال"): ("Chargé d'affaires", "comma"),
    _n("القائم بالأعمال"): ("Chargé d'affaires", "comma"),
    _n("القائمة بأعمال"): ("Chargé d'affaires", "comma"),
    _n("المتحدث الرسمي باسم"): ("Spokesperson", "for"),
    _n("الناطق الرسمي باسم"): ("Spokesperson", "for"),
    _n("المتحدث باسم"): ("Spokesperson", "for"),
    _n("المتحدثة باسم"): ("Spokesperson", "for"),
    _n("الناطق باسم"): ("Spokesperson", "for"),
    _n("الناطقة باسم"): ("Spokesperson", "for"),
    _n("محافظ"): ("Governor", "of"),
    _n("المبعوث الخاص"): ("Special Envoy", "ambassador"),
    _n("المبعوث"): ("Envoy", "ambassador"),
    _n("المبعوثة"): ("Envoy", "ambassador"),
    _n("مبعوث"): ("Envoy", "ambassador"),
    _n("الممثل الخاص"): ("Special Representative", "of"),
    _n("الممثلة الخاصة"): ("Special Representative", "of"),
    _n("الأمين العام"): ("Secretary-General", "of"),
    _n("مستشار"): ("Adviser", "of"),
    _n("مستشارة"): ("Adviser", "of"),
    _n("عميد بلدية"): ("Mayor", "of"),
    _n("عميد البلدية"): ("Mayor", "complete"),
    # a title, never a name, though حافظ is a given name (Morocco's justice minister)
    _n("حافظ الأختام"): ("Keeper of the Seals", "complete"),
    _n("عضو"): ("Member", "of"),
    _n("مندوب"): ("Representative", "ambassador"),
    _n("عضوة"): ("Member", "of"),
}
_MODIFIERS: dict[str, str] = {
    normalise("نائب"): "Deputy",
    normalise("نائبة"): "Deputy",
    normalise("مساعد"): "Assistant",
    normalise("مساعدة"): "Assistant",
}
_AFTER_QUALIFIERS: dict[str, str] = {
    normalise(k): v
    for k, v in {
        "المكلف": "acting",
        "المكلفة": "acting",
        "بالإنابة": "acting",
        "السابق": "former",
        "السابقة": "former",
        "الأسبق": "former",
        "الأسبقة": "former",
        "المؤقت": "interim",
        "المؤقتة": "interim",
        "الجديد": "new",
        "الجديدة": "new",
    }.items()
}

# Titles in the accusative after a name, as appointment decrees write them
# ("بتعيين العميد خالد المشاي مديرا لمديرية أمن طرابلس"), with the
# nominative title they stand for.  The object that follows carries the
# preposition ل, dropped in the nominative ("مدير مديرية أمن طرابلس").
ACCUSATIVE_TITLES: dict[str, str] = {
    normalise(k): v
    for k, v in {
        "مديرا": "مدير",
        "مديرة": "مديرة",
        "رئيسا": "رئيس",
        "وزيرا": "وزير",
        "سفيرا": "سفير",
        "قائدا": "قائد",
        "آمرا": "آمر",
        "امرا": "آمر",
        "مستشارا": "مستشار",
        "عضوا": "عضو",
        "نائبا": "نائب",
        "محافظا": "محافظ",
        "مبعوثا": "مبعوث",
        "مندوبا": "مندوب",
        "ناطقا": "الناطق",
        "متحدثا": "المتحدث",
        "عميدا": "عميد",
        "وكيلا": "وكيل",
    }.items()
}
_ACCUSATIVE_ADJECTIVES = {normalise("عاما"): "عام", normalise("عامة"): "عامة"}
# "خلفا للعميد فرج القماطي": the predecessor held the same title before.
_SUCCEEDING = {normalise(w) for w in ["خلفا", "خلفاً", "بدلا", "بدلاً"]}
_FORMER_AR = "السابق"

# Ministry portfolios (after وزير / وكيل وزارة), with the article.
PORTFOLIOS: dict[tuple[str, ...], str] = {
    _n("الدفاع"): "Defence",
    _n("الداخلية"): "Interior",
    _n("الخارجية والتعاون الدولي"): "Foreign Affairs and International Cooperation",
    _n("الخارجية"): "Foreign Affairs",
    _n("العدل"): "Justice",
    _n("المالية"): "Finance",
    _n("الصحة"): "Health",
    _n("النفط والغاز"): "Oil and Gas",
    _n("النفط"): "Oil",
    _n("الاقتصاد والتجارة"): "Economy and Trade",
    _n("الاقتصاد"): "Economy",
    _n("التخطيط"): "Planning",
    _n("التعليم العالي"): "Higher Education",
    _n("التربية والتعليم"): "Education",
    _n("التعليم"): "Education",
    _n("المواصلات"): "Transport",
    _n("النقل"): "Transport",
    _n("الحكم المحلي"): "Local Government",
    _n("الكهرباء"): "Electricity",
    _n("العمل"): "Labour",
    _n("الشباب"): "Youth",
    _n("الرياضة"): "Sport",
    _n("الثقافة"): "Culture",
    _n("الزراعة"): "Agriculture",
    _n("الإسكان والتعمير"): "Housing and Construction",
    _n("الإسكان"): "Housing",
    _n("الشؤون الاجتماعية"): "Social Affairs",
    _n("الموارد المائية"): "Water Resources",
    _n("الاتصالات"): "Communications",
    _n("السياحة"): "Tourism",
    _n("الصناعة"): "Industry",
    _n("الإعلام"): "Information",
    _n("الهجرة"): "Migration",
    _n("الأوقاف"): "Religious Endowments",
}

# Nationality adjectives (masculine and feminine, with the article).
NATIONALITIES: dict[str, str] = {}
for _ar, _en in {
    "الليبي": "Libyan",
    "الأمريكي": "US",
    "الأميركي": "US",
    "البريطاني": "British",
    "الفرنسي": "French",
    "الإيطالي": "Italian",
    "التركي": "Turkish",
    "المصري": "Egyptian",
    "الروسي": "Russian",
    "الألماني": "German",
    "اليوناني": "Greek",
    "المالطي": "Maltese",
    "التونسي": "Tunisian",
    "الجزائري": "Algerian",
    "المغربي": "Moroccan",
    "السوداني": "Sudanese",
    "التشادي": "Chadian",
    "النيجري": "Nigerien",
    "القطري": "Qatari",
    "الإماراتي": "Emirati",
    "السعودي": "Saudi",
    "الأردني": "Jordanian",
    "الصيني": "Chinese",
    "الإسباني": "Spanish",
    "الهولندي": "Dutch",
    "الأوروبي": "European",
    "الأممي": "UN",
    "الإفريقي": "African",
    "الأفريقي": "African",
    "العربي": "Arab",
}.items():
    NATIONALITIES[normalise(_ar)] = _en
    NATIONALITIES[normalise(_ar + "ة")] = _en

# Adjective of a country (gazetteer place id) for "British Ambassador".
COUNTRY_ADJECTIVES = {
    "libya": "Libyan",
    "united-states": "US",
    "united-kingdom": "British",
    "egypt": "Egyptian",
    "tunisia": "Tunisian",
    "algeria": "Algerian",
    "niger": "Nigerien",
    "chad": "Chadian",
    "sudan": "Sudanese",
    "turkey": "Turkish",
    "italy": "Italian",
    "greece": "Greek",
    "malta": "Maltese",
    "france": "French",
    "russia": "Russian",
    "qatar": "Qatari",
    "uae": "Emirati",
    "germany": "German",
    "spain": "Spanish",
    "morocco": "Moroccan",
    "jordan": "Jordanian",
    "saudi-arabia": "Saudi",
    "china": "Chinese",
}

# Institution words for generic noun phrases (not in the gazetteer): nouns
# and adjectives, with the article.  "مكتب التعاون العسكري" -> "Military
# Cooperation Office".
_INSTITUTION_NOUNS = {
    "مكتب": "Office",
    "إدارة": "Department",
    "جهاز": "Agency",
    "الشرطة": "Police",
    "الجيش": "Army",
    "القوات": "Forces",
    "المنطقة": "Zone",
    "الكتيبة": "Battalion",
    "اللواء": "Brigade",
    "الحرس": "Guard",
    "المجلس": "Council",
    "اللجنة": "Committee",
    "الهيئة": "Authority",
    "المؤسسة": "Corporation",
    "المصلحة": "Authority",
    "البعثة": "Mission",
    "السفارة": "Embassy",
    "القنصلية": "Consulate",
    "الحكومة": "Government",
    "الوزارة": "Ministry",
    "الأركان": "Staff",
    "الاستخبارات": "Intelligence",
    "المخابرات": "Intelligence",
    "الحدود": "Borders",
    "السواحل": "Coast",
    "الهجرة": "Migration",
    "مكافحة": "Combating",
    "الإرهاب": "Terrorism",
    "الإعلام": "Media",
    "العلاقات": "Relations",
    "العمليات": "Operations",
    "التعاون": "Cooperation",
    "الأمن": "Security",
    "الدفاع": "Defence",
    "التحقيقات": "Investigations",
    "النفط": "Oil",
    "الغاز": "Gas",
    "الدعم": "Support",
    "الاستقرار": "Stability",
    "الوحدات": "Units",
    "الشؤون": "Affairs",
    "البلدية": "Municipality",
    "المحكمة": "Court",
    "النيابة": "Prosecution",
    "الغرفة": "Operations Room",
    "غرفة": "Room",
    "المركز": "Centre",
    "الصندوق": "Fund",
    "المصرف": "Bank",
    "الشركة": "Company",
    "الجامعة": "University",
    "الاتحاد": "Union",
    "الرئاسة": "Presidency",
    "القيادة": "Command",
    "الأسطول": "Fleet",
    "القاعدة": "Base",
    "المطار": "Airport",
    "الميناء": "Port",
    "الإدارة": "Department",
    "الجمارك": "Customs",
    "الاستثمار": "Investment",
    "المساعدة": "Assistance",
    "التدريب": "Training",
    "الحماية": "Protection",
    "الخدمات": "Services",
    "المديرية": "Directorate",
    "السرية": "Company",
    "الفرقة": "Division",
    "الدورية": "Patrol",
    "المستشفى": "Hospital",
    "المديريات": "Directorates",
    "الموانئ": "Ports",
    "الحقل": "Field",
}
_INSTITUTION_ADJECTIVES = {
    "العسكري": "Military",
    "الأمني": "Security",
    "المسلحة": "Armed",
    "البحرية": "Naval",
    "الجوية": "Air",
    "البرية": "Ground",
    "الغربية": "Western",
    "الشرقية": "Eastern",
    "الجنوبية": "Southern",
    "الشمالية": "Northern",
    "الوسطى": "Central",
    "الرئاسي": "Presidential",
    "الوطني": "National",
    "العام": "General",
    "العامة": "General",
    "الأعلى": "Supreme",
    "العليا": "High",
    "المشتركة": "Joint",
    "الخاصة": "Special",
    "الدولي": "International",
    "الخارجية": "Foreign",
    "القضائية": "Judicial",
    "الجنائية": "Criminal",
    "المركزي": "Central",
    "الاقتصادي": "Economic",
    "السياسي": "Political",
    "الاستراتيجي": "Strategic",
    "التنفيذي": "Executive",
    "مشاة": "Infantry",
    "المشاة": "Infantry",
    "قتال": "Combat",
    "مدفعية": "Artillery",
    "المدفعية": "Artillery",
    "مدرعة": "Armoured",
    "المدرعة": "Armoured",
    "البلدي": "Municipal",
    "التعليمي": "Teaching",
    "النفطي": "Oil",
}
INSTITUTION_NOUNS = {normalise(k): v for k, v in _INSTITUTION_NOUNS.items()}
INSTITUTION_ADJECTIVES: dict[str, str] = {}
for _ar, _en in _INSTITUTION_ADJECTIVES.items():
    INSTITUTION_ADJECTIVES[normalise(_ar)] = _en
    if not _ar.endswith("ة") and not _ar.endswith("ى") and not _ar.endswith("ا"):
        INSTITUTION_ADJECTIVES[normalise(_ar + "ة")] = _en

# Words that end a name or a title phrase: prepositions, pronouns,
# particles, time words and frequent verbs of news reports.
_STOP_SOURCE = """
في من إلى الى على عن مع حول خلال بعد قبل منذ حتى عند أن ان إن أنه انه قد لقد الذي التي الذين اللذين
هذا هذه ذلك تلك هو هي هم كما وقد فيما حيث بين ضمن دون غير عبر وسط أمام امام لدى لا لم لن ما ثم أو او بل
كل بعض جميع عدد عددا أيضا ايضا اليوم أمس امس غدا صباح مساء يوم الليلة الأسبوع الشهر العام
الأحد الاثنين الإثنين الثلاثاء الأربعاء الخميس الجمعة السبت
قال وقال أكد أعلن أعلنت شدد أشاد أعرب بحث بحثا ناقش التقى اجتمع استقبل زار وصل أجرى تلقى دعا أوضح أشار
أضاف أفاد ذكر كشف أصدر صرح نفى أدان ندد رحب طالب قرر كلف عين شارك حضر ترأس يبحث يلتقي يستقبل يزور
يؤكد يعلن يشارك يدين يفتح جاء جرى تم يأتي يعكس تناول عقد وقع شهد شهدت أجرى يجري قالت أكدت وأكد وقالت
برئاسة بحضور بمشاركة وفق وفقا بحسب حسب إثر اثر لبحث لمناقشة بهدف
منتهية منتهيه
مديرا رئيسا وزيرا سفيرا قائدا آمرا امرا مستشارا عضوا نائبا محافظا مندوبا ناطقا متحدثا مبعوثا ممثلا
مكلفا خلفا بدلا عميدا أمينا امينا
بمهام بمهمة بمنصب لمنصب بصفته بصفتها استمرار تعزيز دعم
"""
STOP_WORDS = frozenset(normalise(w) for w in _STOP_SOURCE.split())
# Words that end a name but not a title phrase: what a report's verb does
# after its subject's name ("أجرى الوزير فلان الفلاني اتصالا هاتفيا مع",
# "عقد ... اجتماعا موسعا", "حضر ... جانبا من", "رفض ... تشكيل لجنة"), which an
# unknown name (not in the gazetteer) would otherwise run into, and a title
# after the name ("الصديق الصور النائب العام").  Measured on 202 sentences of
# real reports (88 outlets) in a scratch folder, not kept here.
NOT_NAME_WORDS = frozenset(
    normalise(w)
    for w in """
    اتصالا مكالمة مباحثات محادثات اجتماعا لقاء لقاءا جلسة زيارة جولة بيانا قرارا كلمة رسالة برقية تعليمات
    تعميما تصريحا تصريحات مؤتمرا حوارا مقابلة وفدا مذكرة جانبا سلسلة جملة عرضا
    هاتفيا هاتفية موسعا موسعة مطولا مطولة رسميا طارئا مغلقا
    تشكيل تعيين تكليف إقالة اقالة أهمية اهمية ضرورة الإسراع الاسراع الوصول منصب مهام
    أنهى انهى أقال اقال النائب ممثل
    """.split()
)
_POST = normalise("منصب")
# Adjectives of a title between it and the name ("السفير الإيطالي السابق
# جوزيبي ...", "الرئيس الجزائري المؤقت عبد القادر ...", "الفريق الركن ...")
_TITLE_ADJECTIVES = frozenset(
    _n("السابق السابقة الأسبق المؤقت المؤقتة الجديد الجديدة الحالي الحالية المكلف المكلفة المقال المستقيل الركن")
)
_WEEKDAYS = frozenset(_n("الأحد الاثنين الإثنين الثلاثاء الأربعاء الخميس الجمعة السبت"))

_MAX_NAME_WORDS = 4
_MAX_ROLE_WORDS = 12


# ---------------------------------------------------------------------------
# Token helpers
# ---------------------------------------------------------------------------


@lru_cache(maxsize=1 << 16)
def _forms(key: str) -> tuple[tuple[int, str], ...]:
    """(clitic length, word with its article) readings of a token key:
    "والمشير" -> [(0, "والمشير"), (1, "المشير"), ...]."""
    out: list[tuple[int, str]] = []
    for n, art, stem in clitic_readings(key):
        word = ("ال" + stem) if art else stem
        if (n, word) not in out:
            out.append((n, word))
    return tuple(out)  # cached and shared: immutable


_FIRST_WORD_INDEX: dict[int, tuple[Mapping, dict[str, list[tuple[str, ...]]]]] = {}


def _by_first(table: Mapping[tuple[str, ...], object]) -> dict[str, list[tuple[str, ...]]]:
    cached = _FIRST_WORD_INDEX.get(id(table))
    if cached is None or cached[0] is not table:
        index: dict[str, list[tuple[str, ...]]] = {}
        for key in table:
            index.setdefault(key[0], []).append(key)
        cached = _FIRST_WORD_INDEX[id(table)] = (table, index)
    return cached[1]


def _match_table(
    tokens: Sequence[Token], i: int, table: Mapping[tuple[str, ...], object], clitics: bool = True
) -> tuple[int, int, tuple[str, ...]] | None:
    """Longest table key starting at token ``i`` (first token may carry
    proclitics).  Returns (number of tokens, clitic length, key)."""
    if i >= len(tokens) or tokens[i].kind != "w":
        return None
    best: tuple[int, int, tuple[str, ...]] | None = None
    readings = _forms(tokens[i].key) if clitics else ((0, tokens[i].key),)
    index = _by_first(table)
    for n, first in readings:
        for key in index.get(first, ()):
            if i + len(key) > len(tokens):
                continue
            if all(tokens[i + j].kind == "w" and tokens[i + j].key == key[j] for j in range(1, len(key))):
                if best is None or len(key) > best[0] or (len(key) == best[0] and n < best[1]):
                    best = (len(key), n, key)
    return best


def _surface(text: str, tokens: Sequence[Token], start: int, end: int, clitic: int = 0) -> str:
    """Text as written from token ``start`` to ``end`` (exclusive), without
    the first token's ``clitic`` proclitic letters."""
    first = tokens[start]
    s = first.start + raw_prefix_end(first.text, clitic)
    return text[s : tokens[end - 1].end].strip("\"'“”«» ")


def _institution_word(word: str) -> bool:
    """Whether ``word`` (any clitic reading of it) is a title, institution or
    portfolio word that can continue a title phrase."""
    for _, w in _forms(word):
        for f in (w, "ال" + _article_less(w)):
            if f in INSTITUTION_NOUNS or f in INSTITUTION_ADJECTIVES or f in NATIONALITIES:
                return True
            if any(f == k[0] for k in PORTFOLIOS):
                return True
    return False


def _is_given_name(key: str) -> bool:
    if key in GIVEN_NAMES:
        return True
    return key.startswith("عبد") and len(key) > 5 or key.startswith("ابو") and len(key) > 5


# ---------------------------------------------------------------------------
# Role translation
# ---------------------------------------------------------------------------


def _article_less(word: str) -> str:
    return word[2:] if word.startswith("ال") and len(word) > 3 else word


def _generic_phrase(words: Sequence[str]) -> tuple[str | None, list[str]]:
    """English for a generic institution noun phrase ("مكتب التعاون العسكري
    الأميركي" -> "US Military Cooperation Office"): chunks of a noun and its
    adjectives, read in reverse.  Returns (English or None, untranslated)."""
    chunks: list[list[str]] = []
    leftovers: list[str] = []
    for w in words:
        if w.isdigit() and chunks:
            chunks[-1].append(w)  # "الكتيبة 166" -> "Battalion 166"
            continue
        bare_forms = {w, "ال" + _article_less(w), _article_less(w)}
        noun = next((INSTITUTION_NOUNS[f] for f in bare_forms if f in INSTITUTION_NOUNS), None)
        adj = next((INSTITUTION_ADJECTIVES[f] for f in bare_forms if f in INSTITUTION_ADJECTIVES), None)
        nat = next((NATIONALITIES[f] for f in bare_forms if f in NATIONALITIES), None)
        if noun and (not chunks or not adj):
            chunks.append([noun])
        elif (adj or nat) and chunks:
            chunks[-1].insert(0, adj or nat or "")  # one of them is set
        elif noun:
            chunks.append([noun])
        else:
            leftovers.append(w)
    if not chunks:
        return None, leftovers
    parts = [" ".join(c) for c in reversed(chunks)]
    return " ".join(parts), leftovers


def translate_role(role_ar: str, gazetteer: Gazetteer | None = None) -> tuple[str | None, list[str]]:
    """Translate a title phrase compositionally.

    Returns (English or None when the title word itself is unknown, the
    Arabic words that could not be translated).  Examples::

        وكيل وزارة الدفاع في حكومة الوحدة الوطنية -> Undersecretary of Defence, GNU
        نائب قائد القيادة العسكرية الأمريكية في أفريقيا -> Deputy Commander, AFRICOM
        القائم بأعمال السفارة الأمريكية لدى ليبيا -> Chargé d'affaires, US Embassy
        سفير المملكة المتحدة لدى ليبيا -> British Ambassador to Libya
        مدير إدارة الاستخبارات العسكرية -> Director of the Military Intelligence Department
    """
    tokens = [t for t in scan(role_ar) if t.kind != "p" or t.text not in "()"]
    mentions = gazetteer.find(role_ar) if gazetteer else []
    by_start = {m.token_start: m for m in mentions}
    return _translate(tokens, by_start, gazetteer)


_LOCATIVES = frozenset(normalise(w) for w in ("في", "لدى", "إلى", "الى"))
_IN = normalise("في")


def _translate(
    tokens: Sequence[Token], by_start: dict[int, Mention], gazetteer: Gazetteer | None
) -> tuple[str | None, list[str]]:
    """(English role, Arabic words left untranslated) of a role phrase's tokens."""
    state = _RoleTranslation(tokens, by_start, gazetteer)
    if not state.read_head():
        return None, [t.text for t in tokens]
    while state.i < len(tokens) and state.step():
        pass
    return state.role(), state.leftovers


@dataclass
class _RoleTranslation:
    """The state of translating one role phrase ("نائب رئيس المجلس الرئاسي"):
    the head and its style, then the institution, its owner, qualifiers and
    adjectives as the tokens after the head are read, one ``step`` each."""

    tokens: Sequence[Token]
    by_start: dict[int, Mention]
    gazetteer: Gazetteer | None
    i: int = 0
    head_key: tuple[str, ...] = ()
    head_en: str = ""
    style: str = ""
    modifiers: list[str] = field(default_factory=list)  # "Deputy", "Acting"
    prefixes: list[str] = field(default_factory=list)  # "Former"
    obj: str | None = None  # the institution, already phrased
    possessor: str | None = None  # a place closing a construct chain: "مديرية أمن طرابلس"
    qualifiers: list[str] = field(default_factory=list)  # ", GNU", " to Libya"
    adjective: str | None = None
    leftovers: list[str] = field(default_factory=list)
    generic: list[str] = field(default_factory=list)

    def read_head(self) -> bool:
        """Modifiers, then the head ("رئيس", "وزير الخارجية"); False without one."""
        tokens = self.tokens
        while self.i < len(tokens) and tokens[self.i].kind == "w":
            key = tokens[self.i].key
            word = (
                next((w for n, w in _forms(key) if w in _MODIFIERS), None)
                if self.i == 0
                else (key if key in _MODIFIERS else None)
            )
            if word is None:
                break
            self.modifiers.append(_MODIFIERS[word])
            self.i += 1
        i = self.i
        head = _match_table(tokens, i, HEADS, clitics=(i == 0))
        if head is None:
            return False
        n_head, _, head_key = head
        # An organisation that starts inside a multi-word head wins over the
        # head's own reading ("رئيس الأركان العامة للدفاع البريطانية").
        for j in range(i + 1, i + n_head):
            m = self.by_start.get(j)
            if m and m.token_end > i + n_head:
                short = _match_table(tokens, i, {k: v for k, v in HEADS.items() if len(k) <= j - i}, clitics=(i == 0))
                if short:
                    n_head, _, head_key = short
                break
        self.head_key = head_key
        self.head_en, self.style = HEADS[head_key]
        self.i += n_head
        return True

    def flush_generic(self) -> str | None:
        """The institution phrased from the generic words read so far."""
        phrase, rest = _generic_phrase(self.generic)
        self.generic.clear()
        owner, self.possessor = self.possessor, None
        style = self.style
        if rest or not phrase:
            self.leftovers.extend(rest)
            if owner:
                return " of " + owner  # the place is still right: "Director of Tripoli"
            return None  # a half-translated institution would mislead: keep the title alone
        if owner:
            bare = " " not in phrase  # "مدير أمن طرابلس": "Director of Tripoli Security", no article
            phrase = f"{owner} {phrase}"  # "Tripoli Security Directorate"
            if bare and style not in ("comma", "for"):
                return " of " + phrase
        if style == "comma":
            return ", " + phrase
        if style == "for":
            return " for the " + phrase
        return (" of " if any(c.isdigit() for c in phrase) else " of the ") + phrase

    def org_phrase(self, org: Organisation, mention: Mention) -> str:
        """The organisation after the head; some organisations change the head
        ("رئيس حكومة ..." is a Prime Minister)."""
        first_word = normalise(mention.text.split()[0]) if mention.text else ""
        style = self.style
        if self.head_en == "Head" and org.kind in ("military", "security") and style == "of":
            self.head_en = "Chief"
        if self.head_key == _n("رئيس") and first_word == normalise("حكومة"):
            self.head_en = "Prime Minister"
            return ", " + org.label
        if self.head_en in ("Chief of Staff",) and first_word == normalise("أركان"):
            return " of the " + org.en
        if self.head_en == "Head" and first_word.startswith(normalise("اركان")):
            self.head_en = "Chief of Staff"
            return " of the " + org.en
        if style == "comma":
            return ", " + org.label
        if style == "ambassador":
            return "@" + (org.short_en if org.short_en and " " not in org.short_en else org.en)
        if style == "for":
            return " for the " + org.en
        if style in ("of", "ministry", "adj", "complete"):
            if org.en.startswith(("US ", "UN ", "UK ", "EU ")) or org.en[:1].islower():
                return " of " + org.en if not org.en[:1].islower() else " of the " + org.en
            return " of the " + org.en
        return ", " + org.label

    def step(self) -> bool:
        """Read the token at ``i``; False when the phrase is complete."""
        tok = self.tokens[self.i]
        if tok.kind == "n" and self.generic:
            self.generic.append(tok.key)
            self.i += 1
            return True
        if tok.kind != "w":
            self.i += 1
            return True
        if tok.key in _LOCATIVES and self.i + 1 < len(self.tokens):
            self.locative(tok)
            return True
        m = self.by_start.get(self.i)
        if m is not None and self.gazetteer is not None:
            self.mention(m, self.gazetteer)
            return True
        return self.word(tok)

    def locative(self, tok: Token) -> None:
        """ "في/لدى/إلى" + a known place or organisation: where the post is."""
        m2 = self.by_start.get(self.i + 1)
        if m2 is None or self.gazetteer is None:
            self.leftovers.append(tok.text)
            self.i += 1
            return
        self.i = m2.token_end
        if m2.kind == "organisation":
            org = self.gazetteer.organisation(m2.id)
            if org:
                self.qualifiers.append(", " + org.label)
        elif m2.kind == "place":
            place = self.gazetteer.place(m2.id)
            if place:
                word = "to" if self.style == "ambassador" or tok.key != _IN else "in"
                self.qualifiers.append(f" {word} {place.en}")

    def mention(self, m: Mention, gazetteer: Gazetteer) -> None:
        """A gazetteer entry after the head: the institution, its owner or a qualifier."""
        self.i = m.token_end
        place = gazetteer.place(m.id) if m.kind == "place" else None
        if place and self.obj is None and self.generic and self.possessor is None and not ({"ب", "ل"} & set(m.prefix)):
            # the place closes a construct chain of institution words
            # ("مديرية أمن طرابلس", "منطقة طرابلس العسكرية"): it names
            # the institution, and adjectives after it still count
            self.possessor = place.en
            return
        if self.generic and self.obj is None:
            self.obj = self.flush_generic()
        if m.kind == "organisation":
            org = gazetteer.organisation(m.id)
            if org and self.obj is None:
                self.obj = self.org_phrase(org, m)
            elif org:
                self.qualifiers.append(", " + org.label)
        elif m.kind == "place":
            if place and self.style == "ambassador" and self.obj is None and place.kind == "country":
                self.adjective = COUNTRY_ADJECTIVES.get(place.id, place.en)
            elif place and self.obj is None:
                self.obj = " of " + place.en
            elif place:
                self.qualifiers.append(" in " + place.en)

    def word(self, tok: Token) -> bool:
        """Any other word: a portfolio, a nested role, a qualifier, a
        nationality or a generic institution word."""
        i, tokens = self.i, self.tokens
        if self.style == "ministry" and self.obj is None:
            port = _match_table(tokens, i, PORTFOLIOS)
            if port:
                self.obj = " of " + PORTFOLIOS[port[2]]
                self.i += port[0]
                return True
        if self.obj is None and _match_table(tokens, i, HEADS) is not None:
            nested, rest = _translate(tokens[i:], {k - i: v for k, v in self.by_start.items() if k >= i}, self.gazetteer)
            if nested:
                pre = self.flush_generic() if self.generic else None  # "مدير مكتب وزير ..." -> "Director of the Office of ..."
                self.obj = (pre or "") + " of the " + nested
                self.leftovers.extend(rest)
                return False
        bare = [w for n, w in _forms(tok.key)]
        qual = next((w for w in bare if w in _AFTER_QUALIFIERS), None)
        if qual:
            self.prefixes.append(_AFTER_QUALIFIERS[qual])
            self.i += 1
            return True
        nat = next((NATIONALITIES[w] for w in bare if w in NATIONALITIES), None)
        if nat and self.adjective is None and not self.generic:
            self.adjective = nat
            self.i += 1
            return True
        self.generic.append(
            next((w for w in bare if w in INSTITUTION_NOUNS or w in INSTITUTION_ADJECTIVES or w in NATIONALITIES), tok.key)
        )
        self.i += 1
        return True

    def role(self) -> str:
        """The English role from what was read."""
        if self.generic:
            phrase = self.flush_generic()
            if phrase and self.obj is None:
                self.obj = phrase
            elif phrase:
                self.qualifiers.append(phrase if phrase.startswith(",") else ", " + phrase[len(" of the ") :])
        role = " ".join(self.modifiers + [self.head_en])
        obj, ambassador_org = self.obj, None
        if obj and obj.startswith("@"):
            ambassador_org, obj = obj[1:], None
        if self.adjective:
            role = f"{self.adjective} {role}"
        if ambassador_org:
            role = f"{ambassador_org} {role}"
        if obj:
            role += obj
        for q in self.qualifiers:
            if q.strip(", ") not in role:
                role += q
        for p in reversed(self.prefixes):
            role = f"{p} {role}"
        return role


# ---------------------------------------------------------------------------
# Titled names
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class TitledName:
    """A person found in one sentence: a gazetteer person or an unknown name,
    with the rank and role phrase the sentence gives them."""

    start: int  # token span of the name
    end: int
    name_ar: str
    person_id: str | None  # gazetteer id, or None for an unknown name
    rank_en: str | None = None
    rank_ar: str | None = None
    role_ar: str | None = None
    role_tokens: tuple[int, int] | None = None


@dataclass
class _Role:
    start: int
    end: int
    conj: bool  # starts with the conjunction و / ف
    clitic: int


def _rank_at(tokens: Sequence[Token], i: int) -> tuple[int, str | None, str, int] | None:
    """(tokens used, English rank or None, Arabic as written, clitic length) at ``i``."""
    if i >= len(tokens) or tokens[i].kind != "w" or _RANK_OPENERS.isdisjoint(w for _, w in _forms(tokens[i].key)):
        return None  # no reading of the word opens a rank or an introducer
    got = _match_table(tokens, i, RANKS)
    if got:
        n, clitic, key = got
        j = i + n
        for q in _RANK_QUALIFIERS:
            if all(j + k < len(tokens) and tokens[j + k].key == q[k] for k in range(len(q))):
                j += len(q)
                break
        return j - i, RANKS[key], str(n), clitic
    if i < len(tokens) and tokens[i].kind == "w":
        for n, word in _forms(tokens[i].key):
            if word in INTRODUCERS:
                return 1, None, "", n
    return None


def _name_span(tokens: Sequence[Token], i: int, blocked: set[int], limit: int) -> int:
    """End (exclusive) of the longest run of name-like words from ``i``."""
    j = i
    words = 0
    while j < len(tokens) and words < limit:
        tok = tokens[j]
        if tok.kind != "w" or j in blocked or _not_a_name_word(tokens, j, later=j > i):
            break
        if tok.key in _COMPOUND_NAME_HEADS:
            limit += 1  # "عبد السلام" counts as one word
        words += 1
        j += 1
    return j


_COMPOUND_NAME_HEADS = frozenset(normalise(w) for w in ("عبد", "ابو", "بو", "بن"))


def _not_a_name_word(tokens: Sequence[Token], j: int, later: bool) -> bool:
    """Whether the word at ``j`` ends a name (``later``: not its first word)."""
    tok = tokens[j]
    key = tok.key
    if key in STOP_WORDS or key in _WEEKDAYS:
        # "على" (on) and "علي" (Ali) fold together: the spelling decides
        if not (key == normalise("علي") and not tok.text.endswith("ى")):
            return True
    if key in NOT_NAME_WORDS or "\u064b" in tok.text:
        return True  # tanween fath: an indefinite object ("اتصالاً", "موسعاً"), never a name
    if _match_table(tokens, j, HEADS, clitics=False) or _match_table(tokens, j, RANKS, clitics=False):
        return True
    given = _is_given_name(key)
    if not given and key.startswith(("بال", "لل", "كال")):
        return True  # "بالعاصمة", "للتعاون": a prepositional phrase, before or after a name
    return later and _ends_a_name(tok, given)


def _ends_a_name(tok: Token, given: bool) -> bool:
    """Whether a word after a name's first one ends it (a given name goes on)."""
    key = tok.key
    if not given and key[:1] in "بل" and key.endswith("ه") and len(key) > 4:
        return True  # "بزيارة": a prepositional phrase follows the name
    if tok.text.endswith(("تها", "تهم", "تهما")):
        return True  # "مشاركتها": a noun with its pronoun, the object after the name
    if key[:1] in "وف" and not given and len(key) > 2:
        return True  # "وناقشوا", "والسفير": a new conjunct
    if key.startswith("است") and len(key) >= 6 and not given:
        return True  # "استمرار", "استئناف": a verbal noun follows the name
    return any(w in HEADS_FIRST or w in STOP_WORDS for n, w in _forms(key) if n)


HEADS_FIRST = frozenset(k[0] for k in HEADS) | frozenset(_MODIFIERS)
_RANK_OPENERS = frozenset(k[0] for k in RANKS) | frozenset(INTRODUCERS)
_ROLE_GOES_ON = frozenset(normalise(w) for w in ["لدى", "في", "إلى", "الى", "باسم", "للشؤون", "لشؤون", "ب"])


def _valid_unknown(tokens: Sequence[Token], start: int, end: int, mode: str) -> bool:
    words = [t.key for t in tokens[start:end]]
    core = [w for w in words if w not in _COMPOUND_NAME_HEADS]
    if len(core) < 2 or any(t.kind != "w" for t in tokens[start:end]):
        return False
    if any(len(w) < 2 for w in words):
        return False
    first = words[0]
    if mode == "rank":
        # "وعضو المجلس": a new conjunct, not a name; "يشارك": a verb
        return not (first[:1] in "يتوف" and not _is_given_name(first))
    return _is_given_name(first) or tokens[start].quoted


def _extend_role(tokens: Sequence[Token], j: int, words: int, covered: dict[int, Mention], rank_tokens: set[int]) -> int:
    """End (exclusive) of a title phrase's object starting at token ``j``
    ("مديرية أمن طرابلس", "القيادة العسكرية الأمريكية في أفريقيا");
    ``words`` already used by the head."""
    while j < len(tokens) and words < _MAX_ROLE_WORDS:
        tok = tokens[j]
        if tok.kind == "p":
            break
        if tok.kind == "n":
            j += 1
            words += 1
            continue
        if j in rank_tokens:
            break
        m = covered.get(j)
        if m is not None and m.token_start == j:
            if m.kind == "person":
                break
            j = m.token_end
            words += m.token_end - m.token_start
            continue
        key = tok.key
        if key in _LOCATIVES:
            nxt = covered.get(j + 1)
            if nxt is not None and nxt.token_start == j + 1 and nxt.kind in ("organisation", "place"):
                j = nxt.token_end
                words += 1 + nxt.token_end - nxt.token_start
                continue
            break
        if _not_a_role_word(tokens, j):
            break
        j += 1
        words += 1
    return j


def _not_a_role_word(tokens: Sequence[Token], j: int) -> bool:
    """Whether the word at ``j`` ends a title phrase's object."""
    key = tokens[j].key
    if key in STOP_WORDS or key in _WEEKDAYS:
        return True
    if key[:1] in "وف" and len(key) > 3 and _new_conjunct(key):
        return True
    if _match_table(tokens, j, HEADS, clitics=False) or _match_table(tokens, j, RANKS, clitics=False):
        return True
    if key.startswith("ي") and key not in GIVEN_NAMES:
        return True  # an imperfect verb: "يشارك", "يزور"
    if key[:1] in "بلك" and not _institution_word(key) and any(n and _institution_word(w) is False for n, w in _forms(key)):
        return True  # "بالوفد", "بالسفير": a prepositional phrase, not the title
    return _is_given_name(key) and not key.startswith("ال")


def _new_conjunct(key: str) -> bool:
    """Whether a word with و/ف starts a new conjunct rather than going on
    with the institution ("ووزارة" in a list of institution words does not)."""
    rest = _forms(key)
    if any(n and (w in HEADS_FIRST or w in INTRODUCERS or _is_given_name(w)) for n, w in rest):
        return True
    return not any(
        n == 1 and (w in INSTITUTION_NOUNS or "ال" + _article_less(w) in INSTITUTION_NOUNS or any(w == k[-1] for k in PORTFOLIOS))
        for n, w in rest
    )


def _roles(tokens: Sequence[Token], covered: dict[int, Mention], rank_tokens: set[int]) -> list[_Role]:
    roles: list[_Role] = []
    i = 0
    while i < len(tokens):
        if i in rank_tokens or tokens[i].kind != "w" or (i in covered and covered[i].token_start != i):
            i += 1
            continue
        if i in covered and covered[i].kind == "person":
            i = covered[i].token_end
            continue
        start = i
        clitic = 0
        conj = False
        # modifiers then a head
        j = i
        first_forms = _forms(tokens[i].key)
        mod = next(((n, w) for n, w in first_forms if w in _MODIFIERS), None)
        if mod:
            clitic = mod[0]
            j = i + 1
            while j < len(tokens) and tokens[j].key in _MODIFIERS:
                j += 1
            head = _match_table(tokens, j, HEADS, clitics=False)
        else:
            head = _match_table(tokens, j, HEADS)
            if head:
                clitic = head[1]
        if head is None:
            i += 1
            continue
        conj = clitic > 0 and tokens[i].key[:1] in "وف"
        j += head[0]
        head_end = j
        j = _role_end(tokens, head_end, _extend_role(tokens, j, j - start, covered, rank_tokens), rank_tokens)
        roles.append(_Role(start, j, conj, clitic))
        i = j if j > i else i + 1
    return roles


def _role_end(tokens: Sequence[Token], head_end: int, j: int, rank_tokens: set[int]) -> int:
    """Where a title phrase whose object ``_extend_role`` ended at *j* ends."""
    # "المتحدث باسم الخارجية الروسية ماريا زاخاروفا": the role ends at the
    # nationality unless a preposition carries it on ("... لدى ليبيا")
    for x in range(head_end, j):
        if (
            tokens[x].kind == "w"
            and tokens[x].key in NATIONALITIES
            and (x + 1 >= j or (tokens[x + 1].key not in _ROLE_GOES_ON and not tokens[x + 1].key.startswith("لل")))
        ):
            j = x + 1
            break
    return _past_title_adjectives(tokens, j, rank_tokens)  # "السفير الإيطالي السابق": the role's, not the name's


def _past_title_adjectives(tokens: Sequence[Token], k: int, rank_tokens: set[int]) -> int:
    """The first token from *k* that is not a title's adjective (``_TITLE_ADJECTIVES``)."""
    while k < len(tokens) and tokens[k].key in _TITLE_ADJECTIVES and k not in rank_tokens:
        k += 1
    return k


def _object_word(text: str, token: Token, mention: Mention | None) -> str:
    """The first word of a title's object without its preposition ل, as the
    nominative title writes it: "لمديرية" -> "مديرية", "للاستخبارات" ->
    "الاستخبارات", "لليبيا" -> "ليبيا" (a gazetteer name decides)."""
    raw = text[token.start : token.end]
    if mention is not None:
        return mention.text.split()[0] if mention.text else raw
    if not raw.startswith("ل") or len(raw) < 4:
        return raw
    if raw.startswith("لل") and any(
        n == 1 and art and _institution_word("ال" + stem) for n, art, stem in clitic_readings(token.key)
    ):
        return "ال" + raw[2:]
    return raw[1:]


def _appointed_roles(
    text: str,
    tokens: Sequence[Token],
    covered: dict[int, Mention],
    rank_tokens: set[int],
    ranks: dict[int, tuple[int, str | None, str, int]],
    people: dict[int, dict],
) -> None:
    """Titles in the accusative right after a name ("بتعيين العميد خالد
    المشاي مديرا لمديرية أمن طرابلس"): the person's role, in the nominative
    ("مدير مديرية أمن طرابلس"); it wins over a title written before the
    name, since it is the post the article is about.  A predecessor named
    after "خلفا لـ" / "بدلا من" gets the same title, marked former."""
    for start in sorted(people):
        f = people[start]
        k = f["end"]
        if k < len(tokens) and tokens[k].text in "،,":
            k += 1
        if k >= len(tokens) or tokens[k].kind != "w" or tokens[k].key not in ACCUSATIVE_TITLES:
            continue
        head = ACCUSATIVE_TITLES[tokens[k].key]
        j = k + 1
        if j < len(tokens) and tokens[j].key in _ACCUSATIVE_ADJECTIVES:
            head += " " + _ACCUSATIVE_ADJECTIVES[tokens[j].key]
            j += 1
        end = _extend_role(tokens, j, j - k, covered, rank_tokens)
        if end <= j:
            continue  # a bare "مديرا": no object, nothing to translate
        mention = covered.get(j) if covered.get(j) is not None and covered[j].token_start == j else None
        first = _object_word(text, tokens[j], mention)
        if mention is not None:
            first = mention.text
            rest_from = mention.token_end
        else:
            rest_from = j + 1
        rest = text[tokens[rest_from].start : tokens[end - 1].end] if rest_from < end else ""
        role_ar = " ".join(p for p in (head, first, rest) if p).strip("\"'“”«» ")
        f["role"] = (role_ar, (k, end))
        before = people.get(_predecessor_at(tokens, end, ranks))
        if before is not None and "role" not in before:
            before["role"] = (f"{role_ar} {_FORMER_AR}", (k, end))


def _predecessor_at(tokens: Sequence[Token], p: int, ranks: dict[int, tuple[int, str | None, str, int]]) -> int:
    """Where a predecessor's name starts after a title ending at ``p``
    ("، خلفا للعميد فرج القماطي"), or -1."""
    if p < len(tokens) and tokens[p].text in "،,":
        p += 1
    if not (p < len(tokens) and tokens[p].kind == "w" and tokens[p].key in _SUCCEEDING):
        return -1
    q = p + 1
    if q < len(tokens) and tokens[q].key == normalise("من"):
        q += 1  # "بدلا من"
    if q in ranks:
        q += ranks[q][0]
    return q


def _chain_start(tokens: Sequence[Token], m: Mention, blocked: set[int]) -> int | None:
    """Where a name starts that runs into the gazetteer person *m* ("بلقاسم
    خليفة حفتر": Belqasem, Khalifa Haftar's son; "أمينة أردوغان"; "أحمد
    أبوزيد المسماري" before the surname alone), or None: given names (or
    compound ones, "عبد الله") touching it, with no clitic between them."""
    if m.prefix or (m.token_start > 0 and tokens[m.token_start - 1].key in _COMPOUND_NAME_HEADS):
        return None  # "بن قدارة", "أبو سهمين": the surname's own first word
    start = None
    p = m.token_start - 1
    while p >= 0 and m.token_start - p <= _MAX_NAME_WORDS and p not in blocked and tokens[p].kind == "w":
        key = tokens[p].key
        if key in _COMPOUND_NAME_HEADS and start is not None:
            start = p
        elif _is_given_name(key) and not _not_a_name_word(tokens, p, later=False):
            start = p
        elif p > 0 and p - 1 not in blocked and tokens[p - 1].key in _COMPOUND_NAME_HEADS:
            start = p = p - 1  # "عبد الله", "أبو بكر"
        else:
            break
        p -= 1
    return start


def find_titled_names(
    text: str, tokens: Sequence[Token], mentions: Sequence[Mention], gazetteer: Gazetteer | None = None
) -> list[TitledName]:
    """People in one sentence with the rank and role phrase given to them.
    A gazetteer person named as the father in a longer name is that name's
    (looked up in *gazetteer* as the given name and the surname)."""
    found = _TitledNames(text, tokens, mentions)
    found.read_ranks()
    blocked = set(found.covered) | found.rank_tokens
    for m in mentions:
        if m.kind != "person":
            continue
        start = _chain_start(tokens, m, blocked)
        if start is None:
            found.people.setdefault(m.token_start, {"end": m.token_end, "id": m.id, "name": m.text})
            continue
        surname = tokens[m.token_end - 1].text
        first = start + 2 if tokens[start].key in _COMPOUND_NAME_HEADS else start + 1
        person = None
        for short in (
            f"{_surface(text, tokens, start, first)} {surname}",
            f"{_surface(text, tokens, start, m.token_start)} {surname}",
        ):
            known = gazetteer.find(short) if gazetteer is not None else []
            whole = [k for k in known if k.kind == "person" and (k.start, k.end) == (0, len(short)) and not k.surname_only]
            if whole:
                person = whole[0].id
                break
        name = _surface(text, tokens, start, m.token_end)
        found.people.setdefault(start, {"end": m.token_end, "id": person, "name": name, "chain": True})
    for i, (n, en, _, clitic) in sorted(found.ranks.items()):
        p = found.person_at(_past_title_adjectives(tokens, i + n, found.rank_tokens), "rank")  # "الفريق الركن ..."
        if p is not None and en:
            found.people[p].setdefault("rank", (en, found.rank_ar(i)))
    for role in _roles(tokens, found.covered, found.rank_tokens):
        found.attach_role(role)
    _appointed_roles(text, tokens, found.covered, found.rank_tokens, found.ranks, found.people)
    return found.titled_names()


@dataclass
class _TitledNames:
    """The people of one sentence as they are found: gazetteer mentions
    (``covered``), ranks and the people, by their first token."""

    text: str
    tokens: Sequence[Token]
    mentions: Sequence[Mention]
    covered: dict[int, Mention] = field(default_factory=dict)
    ranks: dict[int, tuple[int, str | None, str, int]] = field(default_factory=dict)
    rank_tokens: set[int] = field(default_factory=set)
    people: dict[int, dict] = field(default_factory=dict)  # token start -> fields

    def __post_init__(self) -> None:
        for m in self.mentions:
            for k in range(m.token_start, m.token_end):
                self.covered[k] = m

    def read_ranks(self) -> None:
        """Ranks and honorifics outside the gazetteer's mentions."""
        for i in range(len(self.tokens)):
            if i in self.covered or i in self.rank_tokens:
                continue
            r = _rank_at(self.tokens, i)
            if r:
                n = r[0]
                if any(k in self.covered for k in range(i, i + n)):
                    continue
                self.ranks[i] = r
                self.rank_tokens.update(range(i, i + n))

    def person_at(self, i: int, mode: str) -> int | None:
        """Start token of a person beginning at ``i`` (gazetteer or unknown)."""
        tokens = self.tokens
        if i >= len(tokens):
            return None
        if self.people.get(i, {}).get("chain"):
            return i  # a name ending in a gazetteer person's (``_chain_start``)
        m = self.covered.get(i)
        if m is not None:
            if m.kind == "person" and m.token_start == i:
                self.people.setdefault(i, {"end": m.token_end, "id": m.id, "name": m.text})
                return i
            return None
        end = _name_span(tokens, i, set(self.covered) | self.rank_tokens, _MAX_NAME_WORDS)
        if end > i and _valid_unknown(tokens, i, end, mode):
            self.people.setdefault(i, {"end": end, "id": None, "name": _surface(self.text, tokens, i, end)})
            return i
        return None

    def rank_ar(self, i: int) -> str:
        n, _, core, clitic = self.ranks[i]
        written = _surface(self.text, self.tokens, i, i + (int(core) if core else n), clitic)
        if clitic and written.startswith("ل") and not written.startswith("ال"):
            written = "ا" + written  # "للعميد" -> "العميد", not "لعميد"
        return written

    def attach_role(self, role: _Role) -> None:
        """Give a role phrase to the person it describes: the one right before
        it (touching), else the one right after it."""
        tokens = self.tokens
        role_text = _surface(self.text, tokens, role.start, role.end, role.clitic if role.conj else 0)
        if role.conj or (role.clitic and not tokens[role.start].key.startswith("و")):
            role_text = _surface(self.text, tokens, role.start, role.end, role.clitic)
        before = next((s for s, f in self.people.items() if f["end"] == role.start), None)
        after = self.person_after(role)
        if before is None and role.start > 0:
            before = self.unknown_name_before(role)
        target = None
        if before is not None and not role.conj:
            target = before
        elif after is not None:
            target = after
        elif before is not None:
            target = before
        if target is not None and "role" not in self.people[target]:
            self.people[target]["role"] = (role_text, (role.start, role.end))

    def person_after(self, role: _Role) -> int | None:
        """The person right after a role: "( ... )", a comma and a rank skipped."""
        tokens = self.tokens
        k = role.end
        if k < len(tokens) and tokens[k].text == "(":
            close = next((x for x in range(k, min(len(tokens), k + 8)) if tokens[x].text == ")"), None)
            if close is not None:
                k = close + 1
        if k < len(tokens) and tokens[k].text in "،,":
            k += 1
        # "السفير الإيطالي جيانلوكا ألبيريني": a title with a nationality
        # introduces a (foreign) name as surely as a rank does
        national = any(
            any(NATIONALITIES.get(w) not in (None, "Libyan") for _, w in _forms(tokens[x].key))
            for x in range(role.start, role.end)
            if tokens[x].kind == "w"
        )
        if k in self.ranks:
            return self.person_at(k + self.ranks[k][0], "rank")
        if k < len(tokens):
            return self.person_at(k, "rank" if national else "title")
        return None

    def unknown_name_before(self, role: _Role) -> int | None:
        """An unknown name right before the title: "جيرمي بيرنت القائم بأعمال ..."."""
        blocked = set(self.covered) | self.rank_tokens
        # "كلف المجلس صلاح الدين النمروش منصب آمر المنطقة": the post's word between
        edge = role.start - 1 if self.tokens[role.start - 1].key == _POST else role.start
        for s in range(max(0, edge - _MAX_NAME_WORDS - 1), edge - 1):
            if s in self.covered or any(x in blocked for x in range(s, edge)):
                continue
            end = _name_span(self.tokens, s, blocked, _MAX_NAME_WORDS)
            if end == edge and _valid_unknown(self.tokens, s, end, "before"):
                prev_rank = next((r for r, v in self.ranks.items() if r + v[0] == s), None)
                self.people.setdefault(s, {"end": end, "id": None, "name": _surface(self.text, self.tokens, s, end)})
                if prev_rank is not None and self.ranks[prev_rank][1]:
                    r = self.ranks[prev_rank]
                    self.people[s].setdefault("rank", (r[1], self.rank_ar(prev_rank)))
                return s
        return None

    def titled_names(self) -> list[TitledName]:
        out: list[TitledName] = []
        for s in sorted(self.people):
            f = self.people[s]
            rank = f.get("rank")
            found_role = f.get("role")
            out.append(
                TitledName(
                    s,
                    f["end"],
                    f["name"],
                    f["id"],
                    rank[0] if rank else None,
                    rank[1] if rank else None,
                    found_role[0] if found_role else None,
                    found_role[1] if found_role else None,
                )
            )
        return out


# ---------------------------------------------------------------------------
# The article
# ---------------------------------------------------------------------------


def _attach_org(role_en: str | None, org: Organisation | None) -> str | None:
    """A gazetteer role is relative to the person's organisation (see the
    data file's header): "Deputy Commander" + africom -> "Deputy Commander,
    AFRICOM".  Nothing is appended when the role already names it."""
    if not role_en or not org:
        return role_en
    low = role_en.lower()
    if org.en.lower() in low or org.label.lower() in low:
        return role_en
    return f"{role_en}, {org.label}"


def _attach_org_ar(role_ar: str | None, org: Organisation | None) -> str | None:
    """The Arabic counterpart of ``_attach_org``: "نائب القائد، أفريكوم"."""
    if not role_ar or not org or not org.ar:
        return role_ar
    low = normalise(role_ar)
    if any(normalise(v) in low for v in org.ar):
        return role_ar
    return f"{role_ar}، {org.ar[0]}"


def extract_entities(
    sentences: Sequence[Sentence],
    gazetteer: Gazetteer,
    document: Document | None = None,
) -> tuple[tuple[Actor, ...], tuple[Place, ...], list[str]]:
    """Actors (people and organisations) and places named in ``sentences``,
    in first-mention order, plus notes on choices made (see module doc).

    ``document`` is the article's annotation (tokens and gazetteer mentions);
    without one, the sentences are annotated here."""
    document = document if document is not None else annotate(sentences, gazetteer)
    texts = [s.text for s in sentences]
    annotated = [document.of(s) for s in sentences]
    all_mentions = [list(a.mentions) for a in annotated]
    notes: list[str] = []
    actors: dict[str, dict] = {}  # key -> fields, insertion = first mention
    name_keys: dict[str, str] = {}  # normalised name -> actor key
    places: dict[str, Place] = {}

    for sentence, text, mentions, tokens in zip(sentences, texts, all_mentions, (a.tokens for a in annotated)):
        titled = {t.start: t for t in find_titled_names(text, tokens, mentions, gazetteer)}
        for relative in _relatives(text, tokens, list(titled.values()), gazetteer):
            titled.setdefault(relative.start, relative)
        events: list[tuple[int, str, Any]] = []  # a Mention or a TitledName, by kind
        for m in mentions:
            if m.kind != "person":
                events.append((m.token_start, m.kind, m))
        for t in titled.values():
            events.append((t.start, "person", t))
        for _, kind, obj in sorted(events, key=lambda e: e[0]):
            if kind == "place":
                entry = gazetteer.place(obj.id)
                if _names_a_body(tokens, obj.token_start):
                    continue  # "حكومة شرق ليبيا", "الأهلي طرابلس": part of a name, not where
                if entry and entry.id not in places:
                    places[entry.id] = Place(entry.id, entry.en, obj.text, entry.kind)
            elif kind == "organisation":
                org = gazetteer.organisation(obj.id)
                if org and org.id not in actors:
                    actors[org.id] = {"kind": "organisation", "id": org.id, "name_en": org.en, "name_ar": obj.text}
                if org:
                    actors[org.id].setdefault("sentences", set()).add(sentence.index)
            else:
                key = _add_person(obj, actors, name_keys, gazetteer, notes)
                actors[key].setdefault("sentences", set()).add(sentence.index)

    result: list[Actor] = []
    for key, f in actors.items():
        # the sentences this brief matched the actor in (full name, alias,
        # title): actor pages quote these, never a bare-surname search
        named_in = tuple(sorted(f.get("sentences", ())))
        if f["kind"] == "organisation":
            result.append(Actor(f["id"], "organisation", f["name_en"], f["name_ar"], sentences=named_in))
            continue
        result.append(replace(_finish_person(f, gazetteer, notes), sentences=named_in))
    return tuple(result), tuple(places.values()), notes


# Kinship words after a person: "خليفة حفتر ونجليه خالد وصدام" names Khaled
# and Saddam Haftar.
_KIN = frozenset(
    normalise(w)
    for w in """نجله نجلاه نجليه ابنه ابناه ابنيه شقيقه شقيقاه شقيقيه أبناؤه أبنائه
    أبناءه نجلها ابنها شقيقها""".split()
)
_AND = normalise("و")
KIN_DISTANCE = 12  # tokens between the person and the kinship word ("حفتر، قائد قوات شرق ليبيا، ونجليه")


def _relatives(text: str, tokens: Sequence[Token], people: list[TitledName], gazetteer: Gazetteer) -> list[TitledName]:
    """Family members named by their given name after a kinship word, with
    the surname of the person before it ("ونجليه خالد وصدام" after "خليفة
    حفتر"), looked up in the gazetteer under their full name."""
    found: list[TitledName] = []
    for i, tok in enumerate(tokens):
        if tok.kind != "w" or not any(w in _KIN for _, w in _forms(tok.key)):
            continue
        before = [t for t in people if t.end <= i and i - t.end <= KIN_DISTANCE]
        if not before:
            continue
        surname = _family_name(max(before, key=lambda t: t.end), gazetteer)
        if surname:
            found += _kin_named(text, tokens, i + 1, surname, gazetteer)
    return found


def _family_name(owner: TitledName, gazetteer: Gazetteer) -> str | None:
    """The surname of a person, as the gazetteer writes it when it knows them."""
    surname = owner.name_ar.split()[-1] if len(owner.name_ar.split()) >= 2 else None
    if owner.person_id and (person := gazetteer.person(owner.person_id)):
        surname = next((v.split()[-1] for v in person.ar if len(v.split()) >= 2), surname)
    return surname


def _kin_named(text: str, tokens: Sequence[Token], j: int, surname: str, gazetteer: Gazetteer) -> list[TitledName]:
    """The given names from token ``j`` on ("خالد وصدام"), each with ``surname``."""
    found: list[TitledName] = []
    named = 0
    while j < len(tokens) and tokens[j].kind == "w":
        rank = _rank_at(tokens, j)
        if rank and rank[1]:
            j += rank[0]
            continue
        word = text[tokens[j].start : tokens[j].end]
        joined = tokens[j].key[:1] == "و" and tokens[j].key[1:] in GIVEN_NAMES
        if joined:
            word = word[1:]
        if not (tokens[j].key in GIVEN_NAMES or joined) or (named and not joined and tokens[j - 1].key != _AND):
            break
        full = f"{word} {surname}"
        match = next((m for m in gazetteer.find_all([full])[0] if m.kind == "person"), None)
        found.append(TitledName(j, j + 1, full, match.id if match else None))
        named += 1
        j += 1
    return found


# Nouns that make the place after them part of a body's name: "حكومة
# طرابلس" (the Tripoli government), "نادي الأهلي طرابلس", "قوات شرق ليبيا".
_BODY_BEFORE_PLACE = frozenset(
    normalise(w)
    for w in """حكومة حكومتا الحكومة قوات القوات جيش الجيش نادي النادي
    الأهلي الاهلي اتحاد الاتحاد برلمان البرلمان سلطات السلطات جماعة الجماعة""".split()
)


def _names_a_body(tokens: Sequence[Token], start: int) -> bool:
    prev = next((tokens[k] for k in range(start - 1, -1, -1) if tokens[k].kind == "w"), None)
    if prev is None or start - 1 < 0 or tokens[start - 1].kind != "w":
        return False
    return any(w in _BODY_BEFORE_PLACE for _, w in _forms(prev.key))


def _add_person(t: TitledName, actors: dict[str, dict], name_keys: dict[str, str], gazetteer: Gazetteer, notes: list[str]) -> str:
    norm = normalise(t.name_ar)
    if t.person_id:
        key = t.person_id
    elif norm in name_keys:
        key = name_keys[norm]
    elif (earlier := _same_surname(norm, actors)) is not None:
        # "العميد المشاي" after "العميد خالد سالم المشاي": the surname alone
        # names the person already met (the name span after it, "المشاي اليمين
        # القانونية", is then not trusted)
        key = earlier
    else:
        key = "unknown:" + slugify(romanise(t.name_ar))
        # a later, shorter mention of the same unknown person ("هارفي" after "هارفي سميث")
    name_keys.setdefault(norm, key)
    if (
        t.person_id
        and t.role_ar
        and t.role_tokens
        and t.role_tokens[0] >= t.end
        and _gender_clash(gazetteer, t.person_id, t.role_ar)
    ):
        # "أطلعت تيتيه رئيس المجلس على ...": a masculine title right after a
        # woman's name is the object of the verb, not her title
        notes.append(f"{t.name_ar}: {t.role_ar!r} after the name is not her title (gender); ignored")
        t = TitledName(t.start, t.end, t.name_ar, t.person_id, t.rank_en, t.rank_ar, None, None)
    f = actors.get(key)
    if f is None:
        f = actors[key] = {"kind": "person", "id": key, "name_ar": t.name_ar, "gaz": t.person_id}
    for field_, value in (("rank_en", t.rank_en), ("rank_ar", t.rank_ar), ("role_ar", t.role_ar)):
        if value and not f.get(field_):
            f[field_] = value
    if t.role_ar and not f.get("role_en"):
        en, leftovers = translate_role(t.role_ar, gazetteer)
        if en:
            f["role_en"] = en
        if leftovers:
            notes.append(f"role of {t.name_ar}: words not translated: {' '.join(leftovers)}")
    return key


def _same_surname(norm: str, actors: dict[str, dict]) -> str | None:
    """The key of an unknown person met earlier whose surname opens ``norm``."""
    first = norm.split(" ", 1)[0]
    if not first.startswith("ال") or len(first) < 5:
        return None
    for key, f in actors.items():
        if f["kind"] == "person" and not f.get("gaz"):
            words = normalise(f["name_ar"]).split()
            if len(words) >= 2 and words[-1] == first and norm != normalise(f["name_ar"]):
                return key
    return None


def _gender_clash(gazetteer: Gazetteer, person_id: str, role_ar: str) -> bool:
    """A woman (her gazetteer title is feminine: "الممثلة", "رئيسة") given a
    masculine title word ("رئيس")."""
    person = gazetteer.person(person_id)
    if person is None or not person.role_ar:
        return False
    own = person.role_ar.split()[0]
    head = next((w for w in role_ar.split() if normalise(w) not in _MODIFIERS), "")
    feminine = own.endswith("ة") and not own.endswith(("اة",))
    return feminine and bool(head) and normalise(head) in {k[0] for k in HEADS} and not head.endswith("ة")


_PARTICLES = frozenset(normalise(w) for w in ["عبد", "ابو", "أبو", "بو", "بن", "ابن", "بنت", "ولد"])


def romanisation_is_sure(name_ar: str) -> bool:
    """Whether ``romanise`` can be trusted with a name: every word is a known
    name ("محمد", "حفتر"), a particle or "عبد ال..." compound, or an Arabic
    surname with the article and the nisba ending ("الغيثي" -> al-Ghaithi).
    A bare unknown word is spelled letter by letter, without its vowels
    ("مبارك" -> "Mabark", "أوزدمير" -> "Awzadmir"): not sure."""
    words = [normalise(w) for w in re.sub(r"[\"'“”«»()\[\]،,.]", " ", name_ar).split()]
    if not words:
        return False

    def known(word: str) -> bool:
        bare = word[2:] if word.startswith("ال") else word
        return (
            word in _NAME_TABLE
            or bare in _NAME_TABLE
            or word in _PARTICLES
            or word.startswith("عبدال")
            or (word.startswith("ابو") and word[3:] in _NAME_TABLE)
            or (word.startswith("ال") and word.endswith("ي") and len(word) >= 5)
        )

    unknown = [w for w in words if not known(w)]
    # one unfamiliar surname after a known given name reads well enough
    # ("فرج قعيم" -> Faraj Qaim); an unfamiliar given name, or more than one
    # unfamiliar word, is a foreign or rare name the letters would garble
    return not unknown or (len(unknown) == 1 and known(words[0]) and unknown[0] != words[0])


def gazetteer_entry(actor: Actor) -> str:
    """A gazetteer entry for a person the brief could not place, ready to
    paste under ``people:`` in content/gazetteer.yaml (the English name to
    check, marked TODO when the romanisation is unsure)."""
    guess = romanise(actor.name_ar)
    sure = romanisation_is_sure(actor.name_ar)
    lines = [
        f"  - id: {slugify(guess)}",
        f"    en: {guess}" + ("" if sure else "  # TODO: check the spelling (romanised letter by letter)"),
        f"    ar: [{actor.name_ar}]",
        f"    role_en: {actor.role_en or 'null'}",
        f"    role_ar: {actor.role_ar or 'null'}",
        "    org: null",
        f"    rank_en: {actor.rank_en or 'null'}",
        f"    rank_ar: {actor.rank_ar or 'null'}",
    ]
    return "\n".join(lines)


def _finish_person(f: dict, gazetteer: Gazetteer, notes: list[str]) -> Actor:
    person = gazetteer.person(f["gaz"]) if f.get("gaz") else None
    if person is None:
        name_en = romanise(f["name_ar"])
        if romanisation_is_sure(f["name_ar"]):
            notes.append(f"{f['name_ar']} is not in the gazetteer: romanised as {name_en!r}")
        else:
            notes.append(
                f"{f['name_ar']} is not in the gazetteer and spelling it letter by letter "
                f"({name_en!r}) would garble it: shown in Arabic"
            )
            name_en = f["name_ar"]
        return Actor(
            f["id"],
            "person",
            name_en,
            f["name_ar"],
            f.get("role_en"),
            f.get("role_ar"),
            f.get("rank_en"),
            f.get("rank_ar"),
            in_gazetteer=False,
        )
    org = gazetteer.organisation(person.org)
    role_en, role_ar = f.get("role_en"), f.get("role_ar")
    if role_en and person.role_en and person.role_en.lower() not in role_en.lower():
        notes.append(
            f"{person.en}: role from the text ({role_ar}) used; the gazetteer has "
            f"{person.role_en!r} (as of {person.as_of or 'unknown'})"
        )
    if not role_en:
        # the text's role could not be translated: both languages take the
        # gazetteer's role, so the English and Arabic pages say the same thing
        role_en = _attach_org(person.role_en, org)
        role_ar = _attach_org_ar(person.role_ar, org)
    elif person.role_en and role_en.lower() == person.role_en.lower():
        role_en = _attach_org(role_en, org)
        role_ar = _attach_org_ar(role_ar, org)
    return Actor(
        person.id,
        "person",
        person.en,
        f["name_ar"],
        role_en,
        role_ar or person.role_ar,
        f.get("rank_en") or person.rank_en,
        f.get("rank_ar") or person.rank_ar,
        in_gazetteer=True,
    )
