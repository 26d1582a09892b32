"""Event detection: each kind, priorities, place choice, principal and
counterparts, and the seeds (with the English event line)."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from generator.arabic import split_sentences
from generator.dates import resolve_dates
from generator.entities import extract_entities
from generator.events import detect_event
from generator.gazetteer import build_gazetteer, load_gazetteer
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


@pytest.mark.parametrize("texts, kind", [
    (["التقى عبدالسلام الزوبي الفريق جون برينان في طرابلس."], "meeting"),
    (["اجتمع صدام حفتر مع وفد أمريكي."], "meeting"),
    (["بحث عبدالسلام الزوبي مع جون برينان سبل التعاون."], "meeting"),
    (["وصل جون برينان إلى طرابلس في زيارة رسمية يلتقي خلالها عبدالسلام الزوبي."], "visit"),
    (["تلقى عبدالسلام الزوبي اتصالا هاتفيا من جون برينان بحثا خلاله التعاون."], "call"),
    (["بحث عبدالسلام الزوبي مع جون برينان خلال اتصال هاتفي سبل التعاون."], "call"),
    (["أصدر المجلس الرئاسي قرارا بتعيين محمود حمزة مديرا للاستخبارات."], "appointment"),
    (["أدى عبدالسلام الزوبي اليمين القانونية أمام المجلس الرئاسي."], "appointment"),
    (["قتل ثلاثة أشخاص في هجوم استهدف بوابة أمنية قرب بنغازي."], "attack"),
    (["اندلعت اشتباكات مسلحة في طرابلس فجر اليوم."], "attack"),
    (["أدان المجلس الرئاسي الهجوم على قطر في بيان."], "statement"),
    (["أكد صدام حفتر دعمه للعملية السياسية."], "statement"),
])
def test_kinds(mini, texts, kind):
    event = event_of(texts, mini)
    assert event is not None and event.kind == kind


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
    actors = tuple(Actor(f"p{i}", "person", f"P{i}", name) for i, name in
                   enumerate(["سالم جحا", "فرج قعيم", "خالد المحجوب", "أسامة الجويلي", "عماد الطرابلسي"]))
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
    """The English event line, as generator.eventline renders it."""
    babel = pytest.importorskip("babel")  # noqa: F841 -- eventline's Formatter needs Babel
    from generator.eventline import format_event_line

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
    assert _line(event) == ("Meeting · Wed 10 Sep 2025 — Abdulsalam al-Zoubi (Undersecretary of Defence, GNU) "
                            "with Lt Gen John Brennan (Deputy Commander, AFRICOM)")


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
