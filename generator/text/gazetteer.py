"""The gazetteer: known people, organisations and places, and a matcher that
finds them in Arabic text.

Loading (``load_gazetteer``) is the only I/O; everything else is a pure
function of its arguments.

Matching rules
--------------
* Every Arabic variant is normalised (``arabic.normalise``: alef/hamza forms,
  teh marbuta, alef maqsura, diacritics, tatweel) and split into tokens.
  Compound given names are indexed both joined and split ("عبدالسلام" and
  "عبد السلام", "أبوالقاسم" and "أبو القاسم"), so either spelling in the text
  matches either spelling in the data.
* Only the *first* token of a mention may carry proclitics: a conjunction
  (و ف), then a preposition (ب ل ك), then the article; "لل" is ل + ال.
  "وبرينان", "للزوبي", "بطرابلس", "والمشير", "لليبيا" all match.  The article
  must agree: a variant written with ال matches only text with ال (or لل),
  one without ال only text without it, so "الطرابلسي" never matches "طرابلس".
* The index maps the first token's bare stem to its candidates, so matching
  is a single left-to-right pass over the tokens: at each token a handful of
  clitic readings are looked up in a dict and only those candidates are
  compared.  The longest match wins; ties go to the reading that strips the
  fewest clitic letters, then to full names over surnames.
* Surname-only mentions ("الزوبي", "حفتر") of a known person match when the
  surname (the last token of a multi-word variant) is not a common word
  (``COMMON_WORDS``: "صالح" is "in favour of", "جمعة" is Friday) and not
  preceded by an unrelated given name ("أحمد حفتر" is somebody else).  A
  surname that is also a given name ("حمزة") matches only when its person is
  named in full somewhere in the same article.  A surname shared by several
  people ("حفتر": Khalifa, Saddam, Khaled, Belqasem) resolves to the one
  named in full in the article (the first such, in text order); when none
  is, to the most prominent, which is the one listed first in the gazetteer
  (the data file lists people roughly by prominence).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Mapping, Sequence, TypeVar


from .arabic import normalise
from ..models import Problem
from .lexicons import read_lexicon
from ..yamlio import LINE_KEY
from .lexicon import Form, Lexicon, index_key
from .tokens import QUOTES, Token, clitic_readings, raw_prefix_end, scan, text_quote

__all__ = [
    "variant_keys",
    "Person",
    "Organisation",
    "PlaceEntry",
    "Mention",
    "Gazetteer",
    "load_gazetteer",
    "build_gazetteer",
    "GIVEN_NAMES",
    "COMMON_WORDS",
]

# ---------------------------------------------------------------------------
# Lexicons used by the matcher and the name heuristics
# ---------------------------------------------------------------------------

# Common given names (Arabic and foreign names as written in Arabic news).
# Used to tell a personal name from an ordinary noun phrase ("سبل تعزيز") and
# to keep surname matching off given names.  Normalised at import.
_GIVEN_NAMES_SOURCE = """
محمد محمود أحمد احمد حامد حمد علي عمر عثمان خليفة خالد صدام مصطفى يوسف إبراهيم ابراهيم فتحي أسامة
صلاح عقيلة حسن حسين حسني سالم سليمان سليم سعيد سعد عادل عماد عصام فرج فوزي جمال كمال نجلاء
نجيب رمضان ناصر منصور مفتاح ميلاد صادق الصادق طاهر الطاهر هادي الهادي مهدي المهدي جبريل حمزة حافظ
حميد زياد طارق طه ياسين يحيى يونس موسى عيسى هشام وليد بشير البشير مختار المختار مراد مروان نوري النوري
عبيد عوض عياد فيصل فايز فائز ماجد مالك معمر سيف هانيبال الساعدي رضا عز عزالدين نور نورالدين
هدى فاطمة عائشة مريم سارة خديجة زينب ليلى أمينة حنان سهام سلوى سميرة نادية منى رانيا هالة أمل
إيمان حليمة جميلة وفاء سعاد نجوى ربيعة زهرة عبلة أيمن أنس أنور أشرف أكرم أمين أمجد إسماعيل
إدريس إلياس بلال بكر أبوبكر ابوبكر جعفر جلال جابر جمعة حاتم حازم حسام حمدي خليل خيري رشيد رجب
رياض ربيع زكريا سامي سمير سعدي سلامة شعبان شكري صابر صبري ضياء طلال عاطف عامر عدنان عزيز علاء
عمار عمران عوني غسان فارس فريد فهمي قاسم بلقاسم بالقاسم أبوالقاسم كريم لطفي ماهر مجدي محسن مصباح
معاذ منير مهند نبيل نصر هاني هيثم وائل وسام ياسر يزيد عيد عطية الصديق صديق امحمد امبارك مبروك
المبروك مسعود ميلود فضيل ناجي مرعي بدر قيس رجب فرحات نعيم لؤي باسم بسام رامي سامر شادي عمرو
عبد عبدالله عبدالسلام عبدالحميد عبدالرحمن عبدالرحيم عبدالعزيز عبدالكريم عبدالرازق عبدالرزاق
عبدالحكيم عبدالباسط عبدالفتاح عبدالمجيد عبدالحليم عبداللطيف عبدالغني عبدالرؤوف عبدالناصر عبدالوهاب
عبدالقادر عبدالجليل عبدالمنعم عبدالهادي عبدالحفيظ عبدالستار عبدالغفار عبدالعظيم عبدالمالك عبدالمطلب
عبدالجبار عبدالإله عبدالصمد عبدالخالق عبدالرشيد عبدالماجد عبدالنبي عبدالواحد عبدالعاطي عبدالصادق
أبو ابو بو بن ولد سيدي الحاج
جون جيرمي جيريمي مارتن هارفي ريتشارد ستيفاني هانا مايكل ديفيد دونالد جو جوزيف جيمس روبرت وليام
ويليام توماس بيتر بيت بول مارك أندرو آندرو كريستوفر ستيفن ستيفان نيكولا نيكولاس جورج جورجيا
أنطونيو انطونيو ماتيو غويدو جويدو لويجي ماركو إيمانويل ايمانويل فرانسوا جان بيار بيير كاترين
كاثرين إليزابيث ماري آنا آن سارة ليندا باربرا كايا أورسولا اورسولا يان غسان عبدولاي داغفين
داجفين هاكان رجب يشار كير إيفيت ايفيت هاميش سيرغي سيرجي فلاديمير ديمتري أليكسي الكسندر ألكسندر
ميخائيل يونس بنيامين إسحاق اسحاق دانيال ماثيو مات براين بريان كيفن تيم تيموثي جاك جوناثان
جوليان أوليفر هنري صوفيا صوفي لورا جوليا ميلاني جيسيكا ستيف ديف فيليب فيليبو سيلفيو كارلو
باولو فابيو روبرتو ماريو إنريكو انريكو جوزيبي خوسيه خوان كارلوس هانز فولفغانغ أنجيلا انجيلا
أولاف اولاف فريدريش يوهان نيكوس يورغوس جيورجوس كيرياكوس ماهاما محمدو إدريس
"""

_COMMON_WORDS_SOURCE = """
صالح جمعة عون الكبير الصور المصري الحداد السائح البرهان العائب الكوني التركي الليبي الأمريكي
الرئيس الوزير القائد العام الوطني الوطنية الأمن حماد السيد الشيخ الدولة العربي العربية
"""


def _norm_set(source: str) -> frozenset[str]:
    return frozenset(normalise(w) for w in source.split())


GIVEN_NAMES: frozenset[str] = _norm_set(_GIVEN_NAMES_SOURCE)
COMMON_WORDS: frozenset[str] = _norm_set(_COMMON_WORDS_SOURCE)

# Words after which a following word is the second half of a compound name.
_COMPOUND_HEADS = ("عبد", "ابو", "بو")


def variant_keys(variant: str) -> list[tuple[str, ...]]:
    """Normalised token sequences of one Arabic variant, with the joined and
    split forms of compound names ("عبد السلام" <-> "عبدالسلام")."""
    base = tuple(t.key for t in scan(variant) if t.kind != "p" or t.key not in "،,")
    if not base:
        return []
    forms: set[tuple[str, ...]] = {base}
    # join: "عبد" + "السلام" -> "عبدالسلام"; "ابو" + "القاسم" -> "ابوالقاسم"
    joined: list[str] = []
    i = 0
    while i < len(base):
        if base[i] in _COMPOUND_HEADS and i + 1 < len(base):
            joined.append(base[i] + base[i + 1])
            i += 2
        else:
            joined.append(base[i])
            i += 1
    forms.add(tuple(joined))
    # split: "عبدالسلام" -> "عبد" "السلام"; "ابوجناح" -> "ابو" "جناح"
    split: list[str] = []
    for tok in base:
        if tok.startswith("عبدال") and len(tok) > 6:
            split += ["عبد", tok[3:]]
        elif tok.startswith("ابو") and len(tok) > 5:
            split += ["ابو", tok[3:]]
        else:
            split.append(tok)
    forms.add(tuple(split))
    return sorted(forms)


# ---------------------------------------------------------------------------
# Entries
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Person:
    id: str
    en: str
    ar: tuple[str, ...]
    role_en: str | None = None
    role_ar: str | None = None
    org: str | None = None
    rank_en: str | None = None
    rank_ar: str | None = None
    as_of: str | None = None
    line: int | None = None


@dataclass(frozen=True)
class Organisation:
    id: str
    en: str
    ar: tuple[str, ...]
    short_en: str | None = None
    kind: str | None = None
    country: str | None = None
    line: int | None = None

    @property
    def label(self) -> str:
        """The English label shown after a title ("GNU", "AFRICOM", "US
        Embassy"): the short form when the data gives one, else the name."""
        return self.short_en or self.en


@dataclass(frozen=True)
class PlaceEntry:
    id: str
    en: str
    ar: tuple[str, ...]
    kind: str = "city"
    country: str | None = None
    line: int | None = None
    lat: float | None = None  # decimal degrees, for the map of the day's events
    lon: float | None = None


def _coordinate(value: object, limit: float) -> float | None:
    if isinstance(value, (int, float)) and not isinstance(value, bool) and -limit <= value <= limit:
        return float(value)
    return None


@dataclass(frozen=True)
class Mention:
    """A gazetteer entry found in text.

    ``start``/``end`` are character offsets in the text *without* the
    proclitics ("بطرابلس" -> the span of "طرابلس"); ``token_start`` and
    ``token_end`` index the ``scan`` tokens (end exclusive)."""

    kind: str  # person, organisation, place
    id: str
    start: int
    end: int
    text: str
    token_start: int
    token_end: int
    surname_only: bool = False
    prefix: str = ""  # the proclitics as written ("وال", "ب")


@dataclass(frozen=True)
class _Candidate:
    kind: str
    id: str
    surname: bool
    order: int  # position in the gazetteer: lower = more prominent
    weak: bool = False  # a surname that is also a given name: needs a full mention


# Frequent words that a clitic reading would turn into a short place name:
# "لغات" (languages) is not ل + Ghat, "فسرت" (explained) is not ف + Sirte.
_BLOCKED_TOKENS = frozenset(normalise(w) for w in "لغات بغات كسرت فسرت وكسرت بسرت".split())

_KIND_ORDER = {"person": 0, "organisation": 1, "place": 2}

# Set phrases in which a place name is an ordinary adjective: "القوة القاهرة"
# (force majeure) and "الظروف القاهرة" (compelling circumstances) are not
# Cairo.  Keyed by the place's first token; the value lists the words before
# it (clitic-free, normalised) that make it an adjective.
_NOT_A_PLACE_AFTER: dict[str, frozenset[str]] = {
    normalise(name): frozenset(normalise(w) for w in before.split())
    for name, before in {
        "القاهرة": "القوة قوة الظروف ظروف الأسباب أسباب الحالة حالة",
    }.items()
}


def _adjective_use(tokens: Sequence[Token], i: int) -> bool:
    """Whether ``tokens[i]`` is a place name used as an adjective."""
    before = _NOT_A_PLACE_AFTER.get(tokens[i].key)
    if not before or i == 0 or tokens[i - 1].kind != "w":
        return False
    prev = tokens[i - 1].key
    return any(stem in before or ("ال" + stem) in before for _, _, stem in clitic_readings(prev)) or prev in before


def _mention(
    text: str, tokens: Sequence[Token], i: int, length: int, first: _Candidate, prefix: int, fused: str, surname_only: bool
) -> Mention:
    """The mention of ``first`` over ``length`` tokens from ``i``, its span
    and text without the proclitics (and with the article the spelling
    dropped: "للزوبي" -> "الزوبي")."""
    tok = tokens[i]
    last = tokens[i + length - 1]
    start = tok.start + raw_prefix_end(tok.text, prefix)
    while start < last.end and text_quote(tok.text, start - tok.start):
        start += 1
    surface = text[start : last.end]
    if fused:
        surface = fused + surface  # "للزوبي" -> "الزوبي", "للجنة" -> "اللجنة"
    surface = surface.strip("".join(QUOTES) + " ")
    return Mention(
        first.kind,
        first.id,
        start,
        last.end,
        surface,
        i,
        i + length,
        surname_only=surname_only,
        prefix=tok.text[: start - tok.start],
    )


@dataclass(frozen=True)
class Gazetteer:
    people: tuple[Person, ...] = ()
    organisations: tuple[Organisation, ...] = ()
    places: tuple[PlaceEntry, ...] = ()
    # every Arabic spelling (and surname) -> its candidate
    lexicon: Lexicon[_Candidate] = field(default_factory=lambda: Lexicon(()), compare=False, repr=False)

    @property
    def index(self) -> Mapping[tuple[bool, str], tuple]:
        """The match index: (has_article, first stem) -> the forms starting so."""
        return self.lexicon.index

    # -- look-ups ---------------------------------------------------------
    def person(self, pid: str) -> Person | None:
        return next((p for p in self.people if p.id == pid), None)

    def organisation(self, oid: str | None) -> Organisation | None:
        if not oid:
            return None
        return next((o for o in self.organisations if o.id == oid), None)

    def place(self, pid: str | None) -> PlaceEntry | None:
        if not pid:
            return None
        return next((p for p in self.places if p.id == pid), None)

    # -- matching ---------------------------------------------------------
    def _best_at(
        self, text: str, tokens: Sequence[Token], i: int
    ) -> tuple[tuple[int, int, bool], list[_Candidate], int, str] | None:
        """The longest entry starting at token ``i``: (rank, candidates,
        clitic letters, the article letters the spelling dropped).  Ties go
        to the reading that strips the fewest clitic letters, then to full
        names over surnames."""
        best: tuple[int, int, bool] | None = None  # (length, -prefix, not surname) -> ranking
        best_cands: list[_Candidate] = []
        best_prefix = 0
        best_fused = ""
        for reading in self.lexicon.readings_at(text, tokens, i):
            cand, prefix = reading.entry, reading.clitics
            if cand.surname and prefix and len(reading.stem) <= 3:
                continue
            rank = (reading.length, -prefix, not cand.surname)
            if best is None or rank > best:
                best, best_cands, best_prefix, best_fused = rank, [cand], prefix, reading.fused
            elif rank == best:
                best_cands.append(cand)
        return None if best is None else (best, best_cands, best_prefix, best_fused)

    def _raw_matches(self, text: str, tokens: Sequence[Token]) -> list[tuple[Mention, tuple[_Candidate, ...]]]:
        """Greedy longest-match over ``tokens``; surname candidates unresolved."""
        out: list[tuple[Mention, tuple[_Candidate, ...]]] = []
        i = 0
        while i < len(tokens):
            tok = tokens[i]
            found = None if tok.kind != "w" or tok.key in _BLOCKED_TOKENS else self._best_at(text, tokens, i)
            if found is None:
                i += 1
                continue
            (length, _, _), best_cands, best_prefix, best_fused = found
            full = [c for c in best_cands if not c.surname]
            cands = tuple(sorted(full or best_cands, key=lambda c: (_KIND_ORDER[c.kind], c.order)))
            if cands[0].kind == "place" and length == 1 and _adjective_use(tokens, i):
                i += 1  # "القوة القاهرة": force majeure, not Cairo
                continue
            out.append((_mention(text, tokens, i, length, cands[0], best_prefix, best_fused, not full), cands))
            i += length
        return out

    def find(self, text: str, *, known: Iterable[str] = ()) -> list[Mention]:
        """Gazetteer mentions in one text; ``known`` lists person ids already
        named in full (they win ambiguous surnames)."""
        return self.find_all([text], known=known)[0]

    def find_all(
        self, texts: Sequence[str], *, known: Iterable[str] = (), tokens: Sequence[Sequence[Token]] | None = None
    ) -> list[list[Mention]]:
        """Mentions in each text of one article, resolving surname-only
        mentions against the people named in full anywhere in the article;
        ``tokens`` are the texts' ``scan`` tokens when the caller (the
        annotated document) has them already."""
        token_lists = list(tokens) if tokens is not None else [scan(t) for t in texts]
        raw = [self._raw_matches(t, toks) for t, toks in zip(texts, token_lists)]
        full_ids: list[str] = list(known)
        for matches in raw:
            for m, cands in matches:
                if m.kind == "person" and not m.surname_only and m.id not in full_ids:
                    full_ids.append(m.id)
        result: list[list[Mention]] = []
        for text, toks, matches in zip(texts, token_lists, raw):
            found: list[Mention] = []
            for m, cands in matches:
                if m.surname_only:
                    resolved = self._resolve_surname(m, cands, toks, full_ids)
                    if resolved is None:
                        continue
                    m = resolved
                found.append(Mention(m.kind, m.id, m.start, m.end, m.text, m.token_start, m.token_end, m.surname_only, m.prefix))
            result.append(found)
        return result

    def _resolve_surname(
        self, m: Mention, cands: tuple[_Candidate, ...], toks: Sequence[Token], full_ids: Sequence[str]
    ) -> Mention | None:
        # "أحمد حفتر": a different person with the same surname
        if m.token_start > 0:
            prev = toks[m.token_start - 1]
            if prev.kind == "w" and prev.key in GIVEN_NAMES and prev.key not in ("بن", "ولد", "ابو", "بو"):
                return None
        ids = [c.id for c in cands]
        mentioned = [pid for pid in full_ids if pid in ids]
        if mentioned:
            chosen = mentioned[0]
        else:
            strong = [c for c in cands if not c.weak]
            if not strong:
                return None
            chosen = strong[0].id
        return Mention("person", chosen, m.start, m.end, m.text, m.token_start, m.token_end, True, m.prefix)


# ---------------------------------------------------------------------------
# Building and loading
# ---------------------------------------------------------------------------

PLACE_KINDS = ("city", "country", "region", "site")


def _as_tuple(value: object) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,)
    return tuple(str(v) for v in value if v is not None and str(v).strip())  # type: ignore[attr-defined]  # a YAML list


def _opt(value: object) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    return text or None


def _item_lines(data: object) -> dict[str, list[int | None]]:
    """1-based line of each entry under each top-level key (the YAML reader
    records every mapping's line)."""
    if not isinstance(data, dict):
        return {}
    return {
        str(key): [item.get(LINE_KEY) if isinstance(item, dict) else None for item in value]
        for key, value in data.items()
        if isinstance(value, list)
    }


_Entry = TypeVar("_Entry", Person, Organisation, PlaceEntry)
_PERSON_FIELDS = ("role_en", "role_ar", "org", "rank_en", "rank_ar", "as_of")
_ORGANISATION_FIELDS = ("short_en", "kind", "country")


def _texts(raw: dict, keys: Sequence[str]) -> dict[str, str | None]:
    """The optional text fields ``keys`` of an entry."""
    return {key: _opt(raw.get(key)) for key in keys}


@dataclass
class _GazetteerBuilder:
    """The state of one ``build_gazetteer`` call: entries read so far, the
    match index and the problems, each step a method."""

    path: str
    lines: Mapping[str, Sequence[int | None]]
    problems: list[Problem] = field(default_factory=list)
    seen_ids: dict[str, int | None] = field(default_factory=dict)
    people: list[Person] = field(default_factory=list)
    orgs: list[Organisation] = field(default_factory=list)
    places: list[PlaceEntry] = field(default_factory=list)
    index: dict[tuple[bool, str], list[tuple[Form, _Candidate]]] = field(default_factory=dict)
    owner: dict[tuple[str, ...], tuple[str, int | None]] = field(default_factory=dict)

    def line_of(self, section: str, i: int) -> int | None:
        seq = self.lines.get(section, ())
        return seq[i] if i < len(seq) else None

    def common(self, section: str, i: int, raw: object) -> tuple[str, str, tuple[str, ...]] | None:
        """(id, English, Arabic variants) of an entry, or None (reported) when unusable."""
        line = self.line_of(section, i)
        if not isinstance(raw, dict):
            self.problems.append(Problem(self.path, line, f"{section} entry {i + 1} is not a mapping"))
            return None
        eid, en, ar = _opt(raw.get("id")), _opt(raw.get("en")), _as_tuple(raw.get("ar"))
        missing = [k for k, v in (("id", eid), ("en", en), ("ar", ar)) if not v]
        if missing:
            self.problems.append(Problem(self.path, line, f"{section} entry {eid or i + 1!s} lacks {', '.join(missing)}"))
            return None
        assert eid and en and ar  # none is missing (checked above)
        if eid in self.seen_ids:
            self.problems.append(Problem(self.path, line, f"duplicate id {eid!r} (first at line {self.seen_ids[eid]})"))
            return None
        self.seen_ids[eid] = line
        return eid, en, ar

    def read(self, section: str, entries: Iterable[object], make: Callable[..., _Entry]) -> list[_Entry]:
        """The usable entries of one section, each made by ``make(i, raw, id, en, ar)``."""
        out: list[_Entry] = []
        for i, raw in enumerate(entries):
            got = self.common(section, i, raw)
            if got:
                assert isinstance(raw, dict)
                out.append(make(i, raw, *got))
        return out

    def person(self, i: int, raw: dict, eid: str, en: str, ar: tuple[str, ...]) -> Person:
        return Person(eid, en, ar, line=self.line_of("people", i), **_texts(raw, _PERSON_FIELDS))

    def organisation(self, i: int, raw: dict, eid: str, en: str, ar: tuple[str, ...]) -> Organisation:
        return Organisation(eid, en, ar, line=self.line_of("organisations", i), **_texts(raw, _ORGANISATION_FIELDS))

    def place(self, i: int, raw: dict, eid: str, en: str, ar: tuple[str, ...]) -> PlaceEntry:
        line = self.line_of("places", i)
        kind = _opt(raw.get("kind")) or "city"
        if kind not in PLACE_KINDS:
            self.problems.append(
                Problem(self.path, line, f"place {eid!r} has unknown kind {kind!r} (use {', '.join(PLACE_KINDS)})", "warning")
            )
        lat, lon = _coordinate(raw.get("lat"), 90), _coordinate(raw.get("lon"), 180)
        if (raw.get("lat") is not None or raw.get("lon") is not None) and (lat is None or lon is None):
            self.problems.append(
                Problem(self.path, line, f"place {eid!r}: lat and lon must both be numbers in degrees", "warning")
            )
            lat = lon = None
        return PlaceEntry(eid, en, ar, kind, _opt(raw.get("country")), line, lat, lon)

    def check_employers(self) -> None:
        org_ids = {o.id for o in self.orgs}
        for p in self.people:
            if p.org and p.org not in org_ids:
                self.problems.append(
                    Problem(self.path, p.line, f"person {p.id!r} refers to unknown organisation {p.org!r}", "warning")
                )

    def add(
        self, kind: str, eid: str, keys: tuple[str, ...], surname: bool, order: int, line: int | None, weak: bool = False
    ) -> None:
        """Index one token sequence of an entry under its first token's stem."""
        cand = _Candidate(kind, eid, surname, order, weak)
        bucket = self.index.setdefault(index_key(keys[0]), [])
        if any(c.id == eid and f.keys[1:] == keys[1:] and c.surname == surname for f, c in bucket):
            return
        if not surname:
            prev = self.owner.get(keys)
            if prev and prev[0] != eid:
                self.problems.append(
                    Problem(
                        self.path,
                        line,
                        f"variant {' '.join(keys)!r} of {eid!r} is also a variant of "
                        f"{prev[0]!r} (line {prev[1]}); the first listed wins",
                        "warning",
                    )
                )
            self.owner.setdefault(keys, (eid, line))
        bucket.append((Form(tuple(keys)), cand))

    def index_names(self) -> None:
        order = 0
        entries: tuple[tuple[str, Sequence[Person | Organisation | PlaceEntry]], ...] = (
            ("person", self.people),
            ("organisation", self.orgs),
            ("place", self.places),
        )
        for kind, group in entries:
            for e in group:
                order += 1
                for variant in e.ar:
                    for keys in variant_keys(variant):
                        self.add(kind, e.id, keys, False, order, e.line)

    def index_surnames(self) -> None:
        """The last token of every multi-word variant of a person."""
        surname_people: dict[str, list[Person]] = {}
        for p in self.people:
            for variant in p.ar:
                keys = tuple(t.key for t in scan(variant) if t.kind == "w")
                if len(keys) < 2:
                    continue
                sur = keys[-1]
                bare = sur[2:] if sur.startswith("ال") else sur
                if len(bare) < 3 or sur in COMMON_WORDS or keys[0] in ("المشير", "الفريق", "اللواء"):
                    continue
                lst = surname_people.setdefault(sur, [])
                if p not in lst:
                    lst.append(p)
        orders = {p.id: k for k, p in enumerate(self.people)}
        for sur, plist in surname_people.items():
            given = sur in GIVEN_NAMES or (sur.startswith("ال") and sur[2:] in GIVEN_NAMES)
            for p in plist:
                self.add("person", p.id, (sur,), True, orders[p.id], p.line, weak=given)

    def gazetteer(self) -> Gazetteer:
        lexicon = Lexicon(form for bucket in self.index.values() for form in bucket)
        return Gazetteer(tuple(self.people), tuple(self.orgs), tuple(self.places), lexicon)


def build_gazetteer(
    data: object, path: str = "gazetteer.yaml", lines: Mapping[str, Sequence[int | None]] | None = None
) -> tuple[Gazetteer, list[Problem]]:
    """Build a ``Gazetteer`` from parsed YAML data; bad entries are skipped and
    reported as problems naming ``path`` and the entry's line."""
    if data is None:
        data = {}
    if not isinstance(data, dict):
        return Gazetteer(), [Problem(path, 1, "the gazetteer must be a mapping with people, organisations and places")]
    builder = _GazetteerBuilder(path, lines or {})
    builder.people = builder.read("people", data.get("people") or (), builder.person)
    builder.orgs = builder.read("organisations", data.get("organisations") or (), builder.organisation)
    builder.places = builder.read("places", data.get("places") or (), builder.place)
    builder.check_employers()
    builder.index_names()
    builder.index_surnames()
    return builder.gazetteer(), builder.problems


def load_gazetteer(path: str | Path) -> tuple[Gazetteer, list[Problem]]:
    """Read ``content/gazetteer.yaml``; returns the gazetteer and the problems."""
    path = Path(path)
    shown = str(path)
    data, problems = read_lexicon(path, shown, what="the gazetteer")
    if problems:
        return Gazetteer(), problems
    return build_gazetteer(data, shown, _item_lines(data))
