"""Relevance and page kind (issue 13): pages about other countries, tag
listings and multi-story pages are told from articles about the focus, left
out of the digest with a warning naming the file and why, and kept with
--include-off-focus.  The pages are our own words, modelled on Iraqi,
Tunisian, Syrian and Libyan outlets' forms."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.briefs.brief import BriefResources, brief_article
from generator.cli import cli
from generator.text.gazetteer import load_gazetteer
from generator.models import Article
from generator.briefs.topics import load_taxonomy

from .conftest import REPO

IRAQI_ARMY = """السومرية نيوز/ بغداد

أعلنت قيادة العمليات المشتركة العراقية، اليوم الأربعاء، تدمير ثلاثة مخابئ لعناصر داعش في صحراء الأنبار.

وذكر بيان لخلية الإعلام الأمني أن العملية نفذت بإسناد من طيران الجيش.

وأكدت القيادة العامة للقوات المسلحة استمرار ملاحقة بقايا التنظيم على الحدود مع سوريا.
"""
TUNISIA_DISMISSAL = """بزنس نيوز - تونس

أصدر رئيس الجمهورية التونسية، مساء الاثنين، أمرا بإعفاء وزير النقل من مهامه وتكليف وزير التجهيز بتسيير الوزارة.

وجاء القرار بعد أيام من اضطرابات في رحلات الخطوط التونسية.
"""
TAG_PAGE = """وسم: درنة

أعلن مركز طب الطوارئ انتشال عشرات الجثث في درنة خلال يوم واحد مع استمرار البحث.
منذ 3 ساعات

ظهر قائد عسكري بالزي الميداني في المدينة بعد أيام من انهيار السدين.
منذ 5 ساعات

دراسة قديمة حذرت من ضعف سدي وادي درنة قبل سنوات.
أمس

عائلة من ثمانية أفراد قضت في فيضانات المدينة.
منذ يومين

تحميل المزيد
"""
PRESS_REVIEW = """تقدم البوابة أبرز ما جاء في الصحف العربية اليوم.

ليبيا.. هدنة هشة في طرابلس
تعيش العاصمة الليبية هدوءا حذرا بعد إعلان وقف إطلاق النار وانتشار قوات محايدة في الأحياء.

تونس: جدل حول الحوار الوطني
تتواصل في تونس النقاشات بين الأحزاب حول مبادرة جديدة أطلقتها النقابات العمالية.

مصر: ضبط خلية لتهريب الأسلحة
أعلنت وزارة الداخلية المصرية ضبط مجموعة حاولت إدخال أسلحة عبر الحدود الغربية.
"""
LIBYAN = """المرصد – متابعات

طالبت السفارة البريطانية لدى ليبيا حكومة عبدالحميد الدبيبة بفتح تحقيق في إطلاق النار على موكبها قرب قرقارش فجر الثلاثاء.

ونفت السفارة أن يكون الحادث محاولة سطو، لكنها وصفته بأنه تهديد خطير لسلامة البعثات الدبلوماسية.
"""


@pytest.fixture(scope="module")
def resources() -> BriefResources:
    gazetteer, _ = load_gazetteer(REPO / "content" / "gazetteer.yaml")
    taxonomy, _ = load_taxonomy(REPO / "content" / "topics.yaml")
    return BriefResources(gazetteer, taxonomy, "libya")


def brief(body: str, resources: BriefResources, title: str = "", source: str = ""):
    return brief_article(
        Article("content/articles/x.md", "x", title, dt.date(2025, 5, 14), source, None, "ar", body, 1), resources
    )


def test_iraqi_army_statement_is_off_focus_and_gets_no_libyan_command(resources):
    b = brief(IRAQI_ARMY, resources, title="العمليات المشتركة: تدمير مخابئ لداعش في صحراء الأنبار")
    assert b.relevance.focus == "off" and b.relevance.page_kind == "article"
    assert any(e.startswith("iraq:") for e in b.relevance.evidence)
    # the generic name is Iraq's body here, not Libya's General Command
    assert "general-command" not in {a.id for a in b.actors}
    assert b.event is None or b.event.principal is None or b.event.principal.id != "general-command"


def test_tunisian_decree_is_off_focus(resources):
    assert brief(TUNISIA_DISMISSAL, resources, source="Business News").relevance.focus == "off"


def test_foreign_embassy_in_libya_is_on_focus(resources):
    b = brief(LIBYAN, resources, title="السفارة البريطانية تطالب حكومة الدبيبة بتحقيق")
    assert b.relevance.is_news
    assert any(e.startswith("libya:") for e in b.relevance.evidence)


def test_tag_listing_of_teasers_is_a_listing(resources):
    b = brief(TAG_PAGE, resources, title="درنة")
    assert b.relevance.page_kind == "listing" and not b.relevance.is_news
    assert "tag page" in b.relevance.evidence[0]
    # without its tag label, the dated teasers tell the same
    b = brief(TAG_PAGE.replace("وسم: درنة", ""), resources, title="آخر أخبار مدينة درنة")
    assert b.relevance.page_kind == "listing" and "teasers" in b.relevance.evidence[0]


def test_press_review_is_a_multi_story_page(resources):
    b = brief(PRESS_REVIEW, resources, title="ليبيا.. هدنة هشة/ تونس: جدل/ مصر: ضبط خلية")
    assert b.relevance.page_kind == "multi"


def test_one_story_with_crossheads_stays_an_article(resources):
    body = (
        "استقبل صدام حفتر في بنغازي وفدا أمريكيا يقوده مسعد بولس لبحث توحيد المؤسسة العسكرية.\n\n"
        "تعاون سياسي وأمني\n"
        "وركزت المحادثات على تطوير التعاون السياسي والأمني بين الجانبين وتوحيد المؤسسة العسكرية.\n\n"
        "حراك أمريكي\n"
        "ويشارك بولس في قمة للطاقة والاقتصاد تعقد في طرابلس هذا الأسبوع.\n"
    )
    assert brief(body, resources, title="وفد أمريكي يقوده بولس في بنغازي").relevance.page_kind == "article"


SEO_ROUNDUP = """اخبار ليبيا اليوم | آخر اخبار بنغازي الان

افتتاح الطريق الساحلي بعد صيانته
أعلن جهاز تنفيذ مشروعات المواصلات إعادة فتح الطريق الساحلي بين بنغازي وتوكرة أمام حركة السير بعد أعمال صيانة استمرت شهرين.

نتائج امتحانات الشهادة الثانوية
نشرت وزارة التربية والتعليم نتائج امتحانات الشهادة الثانوية على منظومتها الإلكترونية صباح الخميس.

سعر الدولار في السوق الموازية
سجل الدولار الأمريكي تراجعا طفيفا أمام الدينار في السوق الموازية بالعاصمة.
"""


def test_seo_page_of_unrelated_crossheaded_blocks_is_a_multi_story_page(resources):
    b = brief(SEO_ROUNDUP, resources, title="اخبار ليبيا اليوم: الطريق الساحلي ونتائج الثانوية وسعر الدولار")
    assert b.relevance.page_kind == "multi" and not b.relevance.is_news
    assert "crossheads each over its own paragraphs" in b.relevance.evidence[0]


def _write(project: Path, name: str, title: str, body: str) -> None:
    folder = project / "content" / "articles" / "2025-09-10"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{name}.md").write_text(
        f"---\ntitle: '{title}'\ndate: 2025-09-10\nsource: Outlet\nlang: ar\n---\n{body}", encoding="utf-8"
    )


def test_build_leaves_out_off_focus_pages_with_a_warning_and_keeps_them_on_request(project):
    # the demo gazetteer knows Iraq's places (the fixture's small one does not)
    (project / "content" / "gazetteer.yaml").write_bytes((REPO / "content" / "gazetteer.yaml").read_bytes())
    _write(project, "iraq-army", "العمليات المشتركة: تدمير مخابئ لداعش في صحراء الأنبار", IRAQI_ARMY)
    _write(project, "derna-tag", "درنة", TAG_PAGE)
    runner = CliRunner()
    result = runner.invoke(cli, ["build", "-p", str(project), "--offline"])
    assert result.exit_code == 0, result.output
    assert "content/articles/2025-09-10/iraq-army.md: warning: left out of the digest: off the focus country" in result.output
    assert "content/articles/2025-09-10/derna-tag.md: warning: left out of the digest: a listing page" in result.output
    site = project / "site"
    assert not list(site.rglob("*iraq-army*"))
    result = runner.invoke(cli, ["build", "-p", str(project), "--offline", "--include-off-focus"])
    assert result.exit_code == 0, result.output
    assert "left out of the digest" not in result.output
    assert list(site.rglob("*iraq-army*"))


def test_tag_page_without_label_or_dates_is_told_by_its_one_word_title(resources):
    body = "\n\n".join(line for line in TAG_PAGE.splitlines() if line and not line.startswith(("وسم", "منذ", "أمس", "تحميل")))
    b = brief(body, resources, title="درنة")
    assert b.relevance.page_kind == "listing"
    # an article with a real headline and the same opening is not
    assert brief(body, resources, title="انتشال عشرات الجثث في درنة خلال يوم واحد").relevance.page_kind == "article"


def test_hashtag_title_is_a_tag_page_but_a_footer_hashtag_is_not(resources):
    b = brief(LIBYAN, resources, title="أحدث الأخبار مع #أبوسليم")
    assert b.relevance.page_kind == "listing"
    b = brief(LIBYAN + "\n#ليبيا_الأحرار\n", resources, title="السفارة البريطانية تطالب بتحقيق")
    assert b.relevance.page_kind == "article"


def test_places_leave_out_the_focus_country_and_its_regions_beside_a_city(resources):
    b = brief(
        "لقي عشرات حتفهم في درنة شرق ليبيا بعد انهيار سدين جراء العاصفة دانيال.\n"
        "ووصلت فرق إنقاذ من مصر إلى المدينة المنكوبة في ليبيا.\n",
        resources,
        title="كارثة درنة",
    )
    ids = [p.id for p in b.places]
    assert "derna" in ids and "libya" not in ids and "eastern-libya" not in ids
