"""Bilingual news concepts: what an Arabic and an English report have in common.

Character n-grams say nothing across scripts, yet two of seven reports of one
Tripoli killing were English.  Dictionary-based cross-language matching is
the classic answer: both texts are mapped into one space of concept ids and
compared there.  The space here is

* the gazetteer ids of the actors and places (already the same in both
  languages),
* the figures the text gives (digits are digits in both), and
* ``LEXICON``: general news vocabulary of Libyan and regional reporting
  (killing, clashes, ceasefire, flood, dam, governor, central bank, force
  majeure, roadmap, migrants, boat ...), each concept with its English words
  and Arabic forms.

The lexicon is general domain vocabulary, never a list of one article's
words; Arabic forms are folded exactly as the text is (normalised,
clitic-stripped: ``summarise.content_tokens``), English forms are lower-case
word sequences.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from ..briefs.summarise import content_tokens

__all__ = ["GENERIC", "LEXICON", "arabic_concepts", "concepts_of"]

# concept -> (English phrases, Arabic phrases), each list separated by "|"
LEXICON: dict[str, tuple[str, str]] = {
    # violence and security
    "kill": (
        "kill|killed|killing|killings|dead|death|deaths|die|died|slain|shot dead|murdered",
        "قتل|مقتل|قتلى|قتيل|قتيلا|مصرع|لقي حتفه|حتفهم|وفاة|توفي|مقتلهم",
    ),
    "assassinate": ("assassinated|assassination|assassinate", "اغتيال|اغتيل|اغتالت"),
    "clash": (
        "clashes|clash|clashed|fighting|fight|gunfire|firefight|exchange of fire",
        "اشتباكات|اشتباك|اشتبكت|مواجهات|اقتتال|اطلاق النار|الرصاص",
    ),
    "armed-group": (
        "armed group|armed groups|militia|militias|faction|factions",
        "مسلحة|مسلحين|مسلحون|ميليشيا|ميليشيات|مليشيات|تشكيلات|كتيبة",
    ),
    "attack": ("attack|attacked|attacks|assault|targeted", "هجوم|هجوما|استهداف|استهدف|اعتداء"),
    "wounded": ("wounded|injured|injuries", "جرحى|جريح|اصابة|اصيب|مصابين|المصابين"),
    "ceasefire": ("ceasefire|truce", "وقف اطلاق النار|هدنة|التهدئة"),
    "calm": ("calm|calmness|de-escalation|de-escalate|restraint", "هدوء|الهدوء|التهدئة|خفض التصعيد|ضبط النفس"),
    "civilians": ("civilians|civilian|residents", "المدنيين|مدنيين|السكان|الاهالي"),
    "curfew": ("stay indoors|curfew|stay at home", "حظر التجول|البقاء في المنازل"),
    "convoy": ("convoy|motorcade|vehicle|vehicles|car", "موكب|قافلة|سيارة|سيارات"),
    "shot": ("shot|shooting|fired|fire on", "اطلاق الرصاص|اطلق النار|النار على"),
    "investigation": ("investigation|inquiry|investigate|probe", "تحقيق|التحقيق|تحقيقا"),
    "arrest": ("arrest|arrested|detained|detention", "اعتقال|القبض|احتجاز|اعتقل"),
    "security": ("security", "الامن|الامنية|امني"),
    "military": ("military|army|troops|forces", "العسكري|العسكرية|الجيش|القوات"),
    "camp": ("camp|headquarters|base|barracks", "معسكر|مقر|المقر|قاعدة"),
    "airport": ("airport|flights|flight", "مطار|المطار|رحلات|الرحلات|الجوية"),
    "suspend": ("suspended|suspend|suspension|halted", "تعليق|علقت|توقف|تعليق"),
    "committee": ("committee|commission", "لجنة|اللجنة"),
    "condemn": ("condemned|condemns|condemnation|denounced", "ادان|يدين|ادانة|استنكر|استنكار|شجب"),
    "betrayal": ("betrayal|treachery|treacherous", "غدر|الغدر|خيانة"),
    # politics and institutions
    "government": ("government|cabinet", "حكومة|الحكومة"),
    "prime-minister": ("prime minister|premier", "رئيس الحكومة|رئيس الوزراء"),
    "parliament": ("parliament|house of representatives|lawmakers", "مجلس النواب|البرلمان|النواب"),
    "council": ("council", "المجلس|مجلس"),
    "decree": ("decree|decrees|decision|decisions|resolution", "قرار|قرارات|مرسوم"),
    "dismiss": ("dismissed|dismissal|sacked|removed|removal|replaced|ousted|fired", "اقالة|اعفاء|اقال|عزل|ازاحة|تغيير"),
    "appoint": ("appointed|appointment|named|designate|designated|approved", "تعيين|تكليف|عين|كلف|تسمية"),
    "dissolve": ("dissolved|dissolve|dissolution|suspend", "حل|حله|ايقاف"),
    "governor": ("governor", "محافظ|المحافظ"),
    "mayor": ("mayor|municipal council|municipality", "عميد البلدية|بلدية|المجلس البلدي"),
    "protest": (
        "protest|protesters|protested|demonstrators|demonstration",
        "احتجاج|احتجاجات|محتجين|المحتجين|متظاهرين|مظاهرة|تظاهر",
    ),
    "election": (
        "election|elections|electoral|vote|voting|voters|ballot|polls",
        "انتخابات|الانتخابات|الانتخابية|اقتراع|الناخبين|التصويت",
    ),
    "results": ("results|preliminary results|winners", "نتائج|النتائج|الاولية"),
    "municipal": ("municipal|municipalities|municipality", "البلدية|البلديات|بلدية"),
    "roadmap": ("roadmap|road map|plan", "خارطة الطريق|خريطة الطريق|خطة"),
    "briefing": ("briefing|briefed", "احاطة|الاحاطة"),
    "security-council": ("security council", "مجلس الامن"),
    "welcome": ("welcomed|welcomes|welcome", "رحب|يرحب|ترحيب"),
    "envoy": ("envoy|special representative", "المبعوثة|المبعوث|الممثلة الخاصة"),
    "embassy": ("embassy|ambassador", "سفارة|السفارة|السفير|سفير"),
    "meeting": ("met|meeting|meet|talks|discussed", "التقى|لقاء|اجتماع|اجتمع|بحث|مباحثات|استقبل"),
    "visit": ("visit|visited|visiting", "زيارة|زار|يزور"),
    "statement": ("statement|said|announced", "بيان|اعلن|اعلنت"),
    "president": ("president", "الرئيس|رئيس"),
    "delegation": ("delegation", "وفد|الوفد"),
    "adviser": ("adviser|advisor|senior adviser", "مستشار|المستشار"),
    "restructure": ("restructuring|restructure|reorganisation|merge|merged", "هيكلة|اعادة تنظيم|دمج"),
    "judicial-police": ("judicial police", "الشرطة القضائية"),
    "prison": ("prison|prisons", "سجن|السجون"),
    "football": ("football|club|match|league", "نادي|النادي|مباراة|الدوري|كرة القدم"),
    # economy and oil
    "oil": ("oil|crude", "النفط|نفط|النفطية"),
    "oilfield": ("oilfield|oilfields|field|fields", "حقل|حقول"),
    "port": ("port|ports|terminal|terminals", "ميناء|موانئ|الموانئ"),
    "production": ("production|output|barrels", "الانتاج|انتاج|برميل"),
    "force-majeure": ("force majeure", "القوة القاهرة"),
    "shutdown": ("shutdown|shut|halt|halted|closure|closed|stopped", "اغلاق|ايقاف|توقف|اقفال"),
    "resume": ("resumed|resumption|resume|restart|restarted|reopened|lifted", "استئناف|استانف|استئناف|عودة|رفع"),
    "central-bank": ("central bank", "المصرف المركزي|مصرف ليبيا المركزي"),
    "flee": ("fled|flee|fleeing|left the country", "فر|غادر|مغادرة|هرب"),
    "threat": ("threat|threats|threatened|fear|safety|life", "تهديد|تهديدات|حياته|سلامته"),
    # disasters and migration
    "flood": ("flood|floods|flooding|flash floods|storm", "فيضانات|فيضان|سيول|السيول|العاصفة|اعصار"),
    "dam": ("dam|dams", "سد|السد|سدين|السدين"),
    "missing": ("missing", "مفقودين|المفقودين|مفقود"),
    "bodies": ("bodies|body|corpses|recovered", "جثث|الجثث|جثة|انتشال"),
    "toll": ("toll|death toll", "حصيلة|الحصيلة"),
    "migrants": ("migrants|migrant|refugees|asylum", "مهاجرين|المهاجرين|مهاجر|غير نظاميين"),
    "boat": ("boat|shipwreck|capsized|sank|vessel", "قارب|مركب|غرق|انقلاب"),
    "coast": ("coast|coastal|sea|off", "سواحل|ساحل|البحر|قبالة"),
    "rescue": ("rescued|rescue|survivors", "انقاذ|الناجين|ناجين"),
    "iom": ("iom|organization for migration", "المنظمة الدولية للهجرة"),
    "humanitarian": ("humanitarian|aid|relief", "انسانية|الانسانية|اغاثة|مساعدات"),
}

# Concepts in almost every political or security report: a batch too small
# to measure that (a project with a handful of articles) is told so through
# background documents (``cluster._vectorise``).
GENERIC = frozenset(
    {
        "security",
        "military",
        "meeting",
        "statement",
        "government",
        "council",
        "president",
        "delegation",
        "embassy",
        "visit",
        "decree",
        "committee",
        "prime-minister",
        "parliament",
        "armed-group",
        "envoy",
    }
)

_EN_WORD = re.compile(r"[a-z]+|\d+")


def _en_seq(phrase: str) -> tuple[str, ...]:
    return tuple(_EN_WORD.findall(phrase.lower()))


def _build() -> tuple[dict[tuple[str, ...], str], dict[tuple[str, ...], str]]:
    """Phrase tables: English word sequences and folded Arabic token
    sequences, each mapped to its concept (the first concept listing a
    phrase keeps it)."""
    english: dict[tuple[str, ...], str] = {}
    arabic: dict[tuple[str, ...], str] = {}
    for concept, (en, ar) in LEXICON.items():
        for phrase in en.split("|"):
            if seq := _en_seq(phrase):
                english.setdefault(seq, concept)
        for phrase in ar.split("|"):
            if seq := tuple(content_tokens(phrase)):
                arabic.setdefault(seq, concept)
    return english, arabic


MAX_PHRASE = 4  # tokens: a longer phrase is never matched


@dataclass(frozen=True)
class _PhraseTable:
    phrases: dict[tuple[str, ...], str]  # token sequence -> concept
    # first token -> the length of the longest phrase it opens: most tokens
    # open none, and are passed over with one look-up instead of four
    longest: dict[str, int]


def _phrase_table(phrases: dict[tuple[str, ...], str]) -> _PhraseTable:
    longest: dict[str, int] = {}
    for seq in phrases:
        longest[seq[0]] = max(longest.get(seq[0], 0), min(len(seq), MAX_PHRASE))
    return _PhraseTable(phrases, longest)


@lru_cache(maxsize=1)
def _tables() -> tuple[_PhraseTable, _PhraseTable]:
    english, arabic = _build()
    return _phrase_table(english), _phrase_table(arabic)


def _match(tokens: list[str], table: _PhraseTable, found: Counter) -> None:
    """Count the concepts of ``tokens``, longest phrase first at each position
    (a matched phrase's tokens open no other)."""
    phrases, longest = table.phrases, table.longest
    free = 0  # the first position no matched phrase covers
    for i, token in enumerate(tokens):
        if i < free or token not in longest:
            continue
        for n in range(min(longest[token], len(tokens) - i), 0, -1):
            concept = phrases.get(tuple(tokens[i : i + n]))
            if concept:
                found[concept] += 1
                free = i + n
                break


def arabic_concepts(token_lists: Iterable[list[str]]) -> Counter:
    """Concepts of Arabic text already folded by ``summarise.content_tokens``
    (one list per sentence): clustering tokenises each report once."""
    _, arabic = _tables()
    found: Counter = Counter()
    for tokens in token_lists:
        _match(tokens, arabic, found)
    return found


def concepts_of(texts: Iterable[str], lang: str) -> Counter:
    """Counts of lexicon concepts in ``texts`` (English or Arabic)."""
    english, arabic = _tables()
    found: Counter = Counter()
    for text in texts:
        if lang == "en":
            _match(_EN_WORD.findall(text.lower()), english, found)
        else:
            _match(content_tokens(text), arabic, found)
    return found
