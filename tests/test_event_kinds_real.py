"""Event kinds added and reordered on the evaluation corpus (issue 13): a
dismissal, a killing, a condemnation and a resumption each get their own
kind, the headline names the event when the lead opens on its aftermath,
and the decision is explained."""

from __future__ import annotations

import datetime as dt

import pytest

from generator.briefs.brief import BriefResources, brief_article
from generator.briefs.events import detect_event, detect_event_explained
from generator.text.gazetteer import load_gazetteer
from generator.models import Article, Sentence
from generator.briefs.topics import load_taxonomy

from .conftest import REPO


@pytest.fixture(scope="module")
def resources() -> BriefResources:
    gazetteer, _ = load_gazetteer(REPO / "content" / "gazetteer.yaml")
    taxonomy, _ = load_taxonomy(REPO / "content" / "topics.yaml")
    return BriefResources(gazetteer, taxonomy)


def sents(*texts: str) -> tuple[Sentence, ...]:
    return tuple(Sentence(i, t, i) for i, t in enumerate(texts))


def kind_of(*texts: str, headline: str = "") -> str | None:
    event = detect_event(sents(*texts), (), (), None, headline)
    return event.kind if event else None


@pytest.mark.parametrize(
    "text, kind",
    [
        # a dismissal had no event at all, or was read as a statement
        ("أعلن رئيس الحكومة إيقاف أعضاء المجلس البلدي عن العمل وإحالتهم إلى التحقيق.", "dismissal"),
        ("أصدر المجلس الرئاسي قرارا بإقالة محافظ المصرف المركزي.", "dismissal"),
        ("أصدر المجلس الرئاسي قرارا بتكليف سالم جحا بمهام المحافظ بدلا من فرج قعيم.", "dismissal"),
        # a suspension of oil fields is a shutdown, not a dismissal
        ("أوقفت الحكومة العمل في جميع الحقول النفطية احتجاجا على القرار.", "shutdown"),
        # a killing was told as a statement or an attack
        ("لقي قائد الجهاز حتفه داخل مقر عسكري في طرابلس مساء الاثنين.", "killing"),
        ("أعلنت مصادر أمنية مقتل قائد الجهاز داخل مقر عسكري في طرابلس.", "killing"),
        ("نجا قائد الجهاز من محاولة اغتيال في طرابلس.", "attack"),  # an attempt kills nobody
        ("مقتل 18 مهاجرا وفقدان 50 بعد غرق قارب قبالة طبرق.", "disaster"),  # the dead of a shipwreck
        # a UN condemnation was read as the attack it condemns
        ("أدانت البعثة الأممية الهجوم على مقر المفوضية في طرابلس.", "condemnation"),
        ("دان النادي في بيان مقتل رئيسه الشرفي وطالب بتحقيق مستقل.", "condemnation"),
        ("رحب المجلس الرئاسي بقرار مصرف ليبيا المركزي.", "statement"),  # welcoming is no condemnation
        # restart / resumption, not the shutdown it ends
        ("أعلنت المؤسسة الوطنية للنفط رفع حالة القوة القاهرة عن جميع الحقول.", "resumption"),
        ("استأنفت الخطوط الجوية رحلاتها إلى روما بعد توقف دام عشر سنوات.", "resumption"),
        # background after "بعد": the appeal is the news
        ("دعت السفارة الأمريكية الأطراف إلى التهدئة بعد ليلة من الاشتباكات.", "statement"),
        # a truce is a decision: the clash word inside "وقف الاشتباكات" comes after it
        ("أعلنت وزارة الدفاع وقف الاشتباكات في كل أحياء العاصمة.", "decision"),
        ("اتفق الطرفان على هدنة تبدأ منتصف الليل في الزاوية.", "decision"),
        ("أعلن المجلس الرئاسي وقف إطلاق النار في المدينة بعد يومين من المعارك.", "decision"),
        # a boat's dead and missing are the disaster, not the rescue that followed
        ("قالت المنظمة إن 40 مهاجرا بين قتيل ومفقود وأنقذ خفر السواحل سبعة.", "disaster"),
        ("أسفر غرق قارب قبالة زوارة عن وفاة 12 شخصا وإنقاذ خمسة.", "disaster"),
        # the killing told with its pronoun: "مقتله أشعل الاشتباكات"
        ("مقتله أشعل اشتباكات عنيفة في أحياء المدينة.", "killing"),
    ],
)
def test_extended_kinds(text, kind):
    assert kind_of(text) == kind


def test_headline_names_the_event_when_the_lead_opens_on_its_aftermath():
    lead = "عاشت العاصمة ليلة الثلاثاء على وقع اشتباكات عنيفة في حي أبوسليم."
    assert kind_of(lead) == "clash"
    assert kind_of(lead, headline="مقتل قائد جهاز دعم الاستقرار يفجر مواجهات في طرابلس") == "killing"
    # a statement verb in a headline does not override the lead
    assert kind_of(lead, headline="الحكومة تؤكد السيطرة على الوضع") == "clash"


def test_the_decision_is_explained():
    lead = "عاشت العاصمة ليلة الثلاثاء على وقع اشتباكات عنيفة في حي أبوسليم."
    _, notes = detect_event_explained(sents(lead), (), (), None, "مقتل قائد جهاز دعم الاستقرار")
    assert any("killing" in n and "“مقتل”" in n and "headline" in n and "clash" in n for n in notes)


def test_killing_names_the_dead_not_a_principal(resources):
    body = (
        "لقي عبد الغني الككلي، آمر جهاز دعم الاستقرار، حتفه مساء الاثنين داخل معسكر التكبالي في طرابلس.\n"
        "وأعلنت وزارة الدفاع لاحقا سيطرتها على منطقة أبوسليم."
    )
    brief = brief_article(Article("x.md", "x", "", dt.date(2025, 5, 12), "عين ليبيا", None, "ar", body, 1), resources)
    assert brief.event.kind == "killing"
    assert brief.event.principal is None
    assert [a.name_en for a in brief.event.counterparts][:1] == ["Abdulghani al-Kikli"]
    assert any(n.startswith("event kind: killing") for n in brief.explanation)
