"""Event detection: each kind, priorities, place choice, principal and
counterparts, and the seeds (with the English event line)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from generator.text.arabic import split_sentences
from generator.briefs.dates import resolve_dates
from generator.briefs.entities import extract_entities
from generator.briefs.events import detect_event
from generator.text.gazetteer import build_gazetteer, load_gazetteer
from generator.models import Actor, EventLine, Sentence

from .test_entities import MINI

REPO = Path(__file__).resolve().parent.parent
SEEDS = REPO.parent / "shared" / "seeds"
WED = dt.date(2025, 9, 10)


@pytest.fixture(scope="module")
def mini():
    return build_gazetteer(MINI)[0]


@pytest.fixture(scope="module")
def real():
    return load_gazetteer(REPO / "content" / "gazetteer.yaml")[0]


def sents(*texts: str) -> list[Sentence]:
    return [Sentence(i, t, 0) for i, t in enumerate(texts)]


def event_of(texts, gaz, date=WED) -> EventLine | None:
    s = sents(*texts)
    actors, places, _ = extract_entities(s, gaz)
    return detect_event(s, actors, places, date)


@pytest.mark.parametrize(
    "texts, kind",
    [
        (["التقى عبدالسلام الزوبي الفريق جون برينان في طرابلس."], "meeting"),
        (["اجتمع صدام حفتر مع وفد أمريكي."], "meeting"),
        (["بحث عبدالسلام الزوبي مع جون برينان سبل التعاون."], "meeting"),
        (["وصل جون برينان إلى طرابلس في زيارة رسمية يلتقي خلالها عبدالسلام الزوبي."], "visit"),
        (["تلقى عبدالسلام الزوبي اتصالا هاتفيا من جون برينان بحثا خلاله التعاون."], "call"),
        (["بحث عبدالسلام الزوبي مع جون برينان خلال اتصال هاتفي سبل التعاون."], "call"),
        (["أصدر المجلس الرئاسي قرارا بتعيين محمود حمزة مديرا للاستخبارات."], "appointment"),
        (["أدى عبدالسلام الزوبي اليمين القانونية أمام المجلس الرئاسي."], "appointment"),
        (["قتل ثلاثة أشخاص في هجوم استهدف بوابة أمنية قرب بنغازي."], "attack"),
        (["اندلعت اشتباكات مسلحة في طرابلس فجر اليوم."], "clash"),
        (["أدان المجلس الرئاسي الهجوم على قطر في بيان."], "condemnation"),  # issue 13: its own kind
        (["أكد صدام حفتر دعمه للعملية السياسية."], "statement"),
    ],
)
def test_kinds(mini, texts, kind):
    event = event_of(texts, mini)
    assert event is not None and event.kind == kind


# The kinds added for incidents and decisions, with the real gazetteer: one
# row per trigger family, and the readings that must *not* give the kind.
@pytest.mark.parametrize(
    "text, kind",
    [
        # rescue: a rescue verb, or boats / migrants with a sea word
        ("أنقذ خفر السواحل الليبي 87 مهاجرا غير نظامي قبالة سواحل زوارة.", "rescue"),
        ("غرق قارب يقل عشرات المهاجرين قبالة سواحل صبراتة.", "disaster"),  # a shipwreck (issue 13 corpus)
        ("انتشلت فرق الهلال الأحمر جثث 12 مهاجرا من البحر قرب زوارة.", "disaster"),  # the dead of a shipwreck
        ("تمكنت فرق الإنقاذ من إنقاذ 40 مهاجرا كانوا على متن مركب متهالك.", "rescue"),
        ("أعلن جهاز مكافحة الهجرة ترحيل 150 مهاجرا غير نظامي إلى بلدانهم.", "statement"),  # no sea: not a rescue
        ("قال رئيس حكومة الإنقاذ الوطني إن الوضع مستقر.", None),  # a government's name
        # disaster, and a rescue inside a disaster is the disaster
        ("لقي 9 أشخاص حتفهم جراء سيول جارفة اجتاحت مدينة درنة.", "disaster"),
        ("ضرب زلزال بقوة 5 درجات مدينة المرج فجر اليوم.", "disaster"),
        ("اندلع حريق كبير في سوق الحوت بطرابلس.", "disaster"),
        ("انتشلت فرق الإنقاذ جثث ضحايا الفيضانات في البيضاء.", "disaster"),
        ("حذر المركز الوطني للأرصاد من سيول محتملة في الجبل الأخضر.", "statement"),  # a warning, not a flood
        # armed clashes, as distinct from a targeted attack
        ("اندلعت اشتباكات عنيفة بين مجموعتين مسلحتين في مدينة الزاوية.", "clash"),
        ("تجددت المواجهات المسلحة في تاجوراء ليلة أمس.", "clash"),
        ("قتل ثلاثة أشخاص في هجوم استهدف بوابة أمنية قرب بنغازي.", "attack"),
        ("طالبت البعثة الأممية بمحاسبة المسؤولين عن الاشتباكات في الزاوية.", "statement"),  # a reaction
        ("أعلن المجلس البلدي اتفاقا بين المجموعتين اللتين اشتبكتا أمس.", "statement"),  # background
        # shutdown: force majeure, production halted, a facility closed
        ("أعلنت المؤسسة الوطنية للنفط حالة القوة القاهرة في حقل الشرارة.", "shutdown"),
        ("أغلق محتجون ميناء السدرة النفطي ما أدى إلى توقف الصادرات.", "shutdown"),
        ("أدى الإضراب إلى توقف إنتاج مصفاة الزاوية.", "shutdown"),
        ("أغلقت السلطات الطريق الساحلي أمام حركة السير في الزاوية.", None),  # a road: no facility
        # decision
        ("قرر مصرف ليبيا المركزي خفض الرسم المفروض على بيع النقد الأجنبي.", "decision"),
        ("اعتمد مجلس النواب الميزانية الموحدة للعام الحالي.", "decision"),
        ("أصدر المجلس الرئاسي قرارا بتعيين محمود حمزة مديرا للاستخبارات.", "appointment"),  # appointment wins
        ("قدم السفير الإيطالي أوراق اعتماده إلى المجلس الرئاسي.", None),  # credentials
        ("رحب المجلس الرئاسي بقرار مصرف ليبيا المركزي.", "statement"),  # a reaction to a decision
        ("أكد المجلس الأعلى للدولة رفضه للقرار بشكل قاطع.", "statement"),
        ("انتقد خبراء اقتصاديون قرار خفض الرسم على النقد الأجنبي.", "statement"),
    ],
)
def test_new_kinds(real, text, kind):
    event = event_of([text], real)
    assert (event.kind if event else None) == kind


@pytest.mark.parametrize(
    "text, principal, place",
    [
        # the responsible body of a rescue, a shutdown; a disaster names nobody
        ("أنقذ خفر السواحل الليبي 87 مهاجرا قبالة سواحل مدينة زوارة.", "coast-guard", "zuwara"),
        ("أعلنت المؤسسة الوطنية للنفط القوة القاهرة في حقل الشرارة النفطي في ليبيا.", "noc", "sharara"),
        ("لقي 9 أشخاص حتفهم جراء سيول اجتاحت مدينة درنة وأعلن أسامة حماد الحداد.", None, "derna"),
        ("قرر مصرف ليبيا المركزي في طرابلس خفض الرسم على النقد الأجنبي.", "central-bank-of-libya", "tripoli"),
    ],
)
def test_responsible_body_and_site(real, text, principal, place):
    event = event_of([text, "وقال عبدالسلام الزوبي إن الوضع تحت السيطرة."], real)
    assert (event.principal.id if event.principal else None) == principal
    assert event.place is not None and event.place.id == place
    assert event.counterparts == ()


def test_clash_parties_follow_between():
    actors = (
        Actor("a", "organisation", "A Brigade", "اللواء 444"),
        Actor("b", "organisation", "B Apparatus", "جهاز الردع"),
        Actor("c", "organisation", "Ministry of Health", "وزارة الصحة"),
    )
    event = detect_event(sents("أعلنت وزارة الصحة أن اشتباكات اندلعت بين اللواء 444 وجهاز الردع في طرابلس."), actors, (), WED)
    assert event.kind == "clash" and event.principal is None
    assert [a.id for a in event.counterparts] == ["a", "b"]  # the ministry reports, it does not fight
    assert _line(event) == "Armed clashes · Wed 10 Sep 2025 — between A Brigade and B Apparatus"


@pytest.mark.parametrize(
    "kind, principal, counterparts, en, ar",
    [
        ("rescue", "org", (), "Rescue · Zuwara · Wed 10 Sep 2025 — Coast Guard", "عملية إنقاذ · زوارة"),
        ("disaster", None, (), "Disaster · Zuwara · Wed 10 Sep 2025", "كارثة · زوارة"),
        ("shutdown", "org", (), "Shutdown · Zuwara · Wed 10 Sep 2025 — Coast Guard", "إغلاق · زوارة"),
        ("decision", "org", (), "Decision · Zuwara · Wed 10 Sep 2025 — Coast Guard", "قرار · زوارة"),
        (
            "clash",
            None,
            ("p1", "p2"),
            "Armed clashes · Zuwara · Wed 10 Sep 2025 — between Ali Ben and Omar Taj",
            "اشتباكات · زوارة",
        ),
        # a body kind given counterparts anyway: listed after a comma, never "with"
        ("disaster", "org", ("p1",), "Disaster · Zuwara · Wed 10 Sep 2025 — Coast Guard, Ali Ben", "كارثة · زوارة"),
    ],
)
def test_event_line_per_kind(kind, principal, counterparts, en, ar):
    from generator.models import Place

    people = {
        "p1": Actor("p1", "person", "Ali Ben", "علي بن"),
        "p2": Actor("p2", "person", "Omar Taj", "عمر تاج"),
        "org": Actor("org", "organisation", "Coast Guard", "خفر السواحل"),
    }
    event = EventLine(
        kind,
        Place("zuwara", "Zuwara", "زوارة", "city"),
        WED,
        people.get(principal) if principal else None,
        tuple(people[c] for c in counterparts),
    )
    assert _line(event) == en
    babel = pytest.importorskip("babel")  # noqa: F841
    from generator.briefs.eventline import format_event_line

    class Fmt:
        def date(self, d, style):
            return "الأربعاء"

    line_ar = format_event_line(event, "ar", Fmt())
    assert line_ar.startswith(ar)
    assert " مع " not in line_ar and "with" not in en


def test_no_trigger_no_event(mini):
    assert event_of(["ارتفعت درجات الحرارة في طرابلس إلى 43 درجة."], mini) is None


def test_principal_counterparts_place_date(mini):
    event = event_of(["استقبل عبدالسلام الزوبي في طرابلس الفريق جون برينان واللواء محمود حمزة."], mini)
    assert event.kind == "meeting" and event.date == WED
    assert event.place.id == "tripoli"
    assert event.principal.id == "abdulsalam-al-zoubi"
    assert [a.id for a in event.counterparts] == ["john-brennan", "mahmoud-hamza"]


def test_city_preferred_to_country_and_no_place_when_only_mentioned(mini):
    event = event_of(["بحث عبدالسلام الزوبي مع جون برينان التعاون بين ليبيا والمملكة المتحدة."], mini)
    assert event.place is None  # countries merely mentioned are not where it happened
    event = event_of(["التقى عبدالسلام الزوبي في ليبيا جون برينان القادم من بنغازي."], mini)
    assert event.place.id == "benghazi"
    event = event_of(["التقى عبدالسلام الزوبي في ليبيا جون برينان."], mini)
    assert event.place.id == "libya"  # a country introduced as the location


def test_counterparts_limited_to_three():
    actors = tuple(
        Actor(f"p{i}", "person", f"P{i}", name)
        for i, name in enumerate(["سالم جحا", "فرج قعيم", "خالد المحجوب", "أسامة الجويلي", "عماد الطرابلسي"])
    )
    text = "التقى سالم جحا مع فرج قعيم وخالد المحجوب وأسامة الجويلي وعماد الطرابلسي"
    event = detect_event(sents(text), actors, (), WED)
    assert event.principal.id == "p0" and [a.id for a in event.counterparts] == ["p1", "p2", "p3"]


def test_attack_has_targets_not_principal():
    actors = (Actor("x", "person", "X", "سالم جحا"),)
    event = detect_event(sents("نجا سالم جحا من محاولة اغتيال في طرابلس"), actors, (), WED)
    assert event.kind == "attack" and event.principal is None and [a.id for a in event.counterparts] == ["x"]


def test_statement_by_an_organisation(mini):
    event = event_of(["أعلن المجلس الرئاسي في بيان دعمه للحوار."], mini)
    assert event.kind == "statement" and event.principal.id == "presidential-council"


def _line(event: EventLine) -> str:
    """The English event line, as generator.briefs.eventline renders it."""
    babel = pytest.importorskip("babel")  # noqa: F841 -- eventline's Formatter needs Babel
    from generator.briefs.eventline import format_event_line

    class Fmt:
        def date(self, d, style):
            return d.strftime("%a %-d %b %Y")

    return format_event_line(event, "en", Fmt())


def seed_event(gaz, prefix, published):
    path = next(SEEDS.glob(f"{prefix}_*.txt"))
    s = sents(*split_sentences(path.read_text(encoding="utf-8")))
    actors, places, _ = extract_entities(s, gaz)
    _, date, _ = resolve_dates(s, published)
    return detect_event(s, actors, places, date)


def test_seed_000(real):
    event = seed_event(real, "000", WED)
    assert event.kind == "meeting" and event.date == WED
    assert event.place is None  # the article does not say where the meeting took place
    assert event.principal.id == "abdulsalam-al-zoubi"
    assert [a.id for a in event.counterparts] == ["john-brennan"]
    assert _line(event) == (
        "Meeting · Wed 10 Sep 2025 — Abdulsalam al-Zoubi (Undersecretary of Defence, GNU) "
        "with Lt Gen John Brennan (Deputy Commander, AFRICOM)"
    )


def test_seed_001(real):
    event = seed_event(real, "001", dt.date(2025, 9, 8))
    assert event.kind == "meeting" and event.place.id == "tripoli"
    assert event.date == dt.date(2025, 9, 8)
    assert event.principal.id == "abdulsalam-al-zoubi"
    assert [a.id for a in event.counterparts] == ["mahmoud-hamza", "john-brennan", "jeremy-berndt"]


def test_seed_002(real):
    event = seed_event(real, "002", WED)
    assert event.kind == "meeting" and event.place.id == "benghazi"
    assert event.principal.id == "khaled-haftar"
    assert event.counterparts[0].id == "harvey-smith"
