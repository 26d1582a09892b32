"""Names as real pages write them (issue 13): foreign officials after a
title with a nationality, titles that are never names, spellings the
romaniser would garble, family members named by their given name, and the
gazetteer entries --explain offers for names it could not place."""

from __future__ import annotations

import datetime as dt
import shutil

import pytest
from click.testing import CliRunner

from generator.briefs.brief import BriefResources, brief_article
from generator.cli import cli
from generator.briefs.entities import gazetteer_entry, romanisation_is_sure
from generator.text.gazetteer import load_gazetteer
from generator.models import Article
from generator.briefs.topics import load_taxonomy

from .conftest import REPO


@pytest.fixture(scope="module")
def resources() -> BriefResources:
    gazetteer, _ = load_gazetteer(REPO / "content" / "gazetteer.yaml")
    taxonomy, _ = load_taxonomy(REPO / "content" / "topics.yaml")
    return BriefResources(gazetteer, taxonomy, "libya")


def people(text: str, resources: BriefResources) -> dict[str, object]:
    article = Article("content/articles/x.md", "x", "", dt.date(2025, 9, 10), "عين ليبيا", None, "ar", text, 1)
    return {a.name_ar: a for a in brief_article(article, resources).actors if a.kind == "person"}


@pytest.mark.parametrize(
    "text, name_ar, role_en",
    [
        # a foreign name after a title with a nationality: found, with the nationality in the role
        ("التقى وزير الخارجية السفير الفرنسي جان بيير موران في طرابلس لبحث التعاون.", "جان بيير موران", "French Ambassador"),
        ("وبحث المبعوث التركي كمال أوزدمير مع المجلس الرئاسي ملف الانتخابات في طرابلس.", "كمال أوزدمير", "Turkish Envoy"),
        (
            "وأكد القائد الإيطالي للبعثة البحرية ماركو بيلوتشي استمرار التنسيق مع خفر السواحل.",
            "ماركو بيلوتشي",
            "Italian Commander, Naval Mission",
        ),
        ("وقالت المتحدثة باسم الخارجية الروسية ماريا زاخاروفا إن موسكو تتابع الوضع في طرابلس.", "ماريا زاخاروفا", None),
    ],
)
def test_foreign_officials_after_a_title_with_a_nationality(text, name_ar, role_en, resources):
    found = people(text, resources)
    assert name_ar in found, found
    if role_en:
        assert found[name_ar].role_en == role_en


def test_known_ambassador_gets_the_gazetteer_name(resources):
    found = people("التقى الدبيبة السفير الإيطالي جيانلوكا ألبيريني في طرابلس لبحث استئناف الرحلات.", resources)
    assert found["جيانلوكا ألبيريني"].name_en == "Gianluca Alberini"
    assert found["جيانلوكا ألبيريني"].role_en.startswith("Italian Ambassador")


def test_a_title_is_never_a_name(resources):
    # "حافظ" is a given name, but "حافظ الأختام" is the Keeper of the Seals
    found = people("استقبل حافظ الأختام وزير العدل المغربي نظيره الليبي في الرباط لبحث التعاون القضائي.", resources)
    assert not any("الأختام" in name for name in found)
    found = people("وقال سعادة السفير البريطاني مارتن رينولدز إن بلاده تدعم الحوار بين الأطراف الليبية.", resources)
    assert "مارتن رينولدز" in found  # the honorific is not part of the name


@pytest.mark.parametrize(
    "name, sure",
    [
        ("فرج قعيم", True),  # a known given name and one Arabic surname
        ("عبدالسلام الزوبي", True),
        ("محمد سالم المشاي", True),
        ("جان بيير موران", False),  # a foreign given name spelled letter by letter
        ("ماريا زاخاروفا", False),
    ],
)
def test_romanisation_check(name, sure):
    assert romanisation_is_sure(name) is sure


def test_garbled_spellings_are_shown_in_arabic_or_fixed_by_the_gazetteer(resources):
    found = people("وقالت المتحدثة باسم الخارجية الروسية ماريا زاخاروفا إن موسكو تتابع الوضع في طرابلس.", resources)
    assert found["ماريا زاخاروفا"].name_en == "ماريا زاخاروفا"  # not "Maria Zakharofa" guessed
    found = people("وشبه المتظاهرون الوضع بأيام الرئيس المصري الأسبق حسني مبارك في القاهرة.", resources)
    assert found["حسني مبارك"].name_en == "Hosni Mubarak"  # not "Hosni Mabark"
    found = people("وقال المبعوث الأممي السابق عبدالله باتيلي إن الحل يمر عبر الانتخابات.", resources)
    assert found["عبدالله باتيلي"].name_en == "Abdoulaye Bathily"  # not "Abdullah Bathili"


def test_family_members_named_by_given_name_after_a_kinship_word(resources):
    found = people("استقبل الرئيس المصري عبد الفتاح السيسي في القاهرة خليفة حفتر ونجليه خالد وصدام.", resources)
    assert {"Khalifa Haftar", "Khaled Haftar", "Saddam Haftar"} <= {a.name_en for a in found.values()}


def test_explain_offers_a_gazetteer_entry_for_each_unplaced_name(tmp_path, resources):
    project = tmp_path / "demo"
    project.mkdir()
    shutil.copy(REPO / "briefing.toml", project / "briefing.toml")
    shutil.copytree(REPO / "content", project / "content", ignore=shutil.ignore_patterns("articles"))
    (project / "briefing.toml").write_text(
        (project / "briefing.toml")
        .read_text(encoding="utf-8")
        .replace('templates_dir = "templates"', f'templates_dir = "{(REPO / "templates").as_posix()}"'),
        encoding="utf-8",
    )
    folder = project / "content" / "articles" / "2025-09-10"
    folder.mkdir(parents=True)
    (folder / "fr.md").write_text(
        "---\ntitle: الدبيبة يلتقي السفير الفرنسي\ndate: 2025-09-10\nsource: عين ليبيا\nlang: ar\n---\n"
        "التقى رئيس حكومة الوحدة الوطنية عبد الحميد الدبيبة، اليوم الأربعاء في طرابلس، السفير الفرنسي جان بيير "
        "موران، وبحث الجانبان ملف الرحلات الجوية.\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(cli, ["brief", "-p", str(project), str(folder / "fr.md"), "--explain"])
    assert result.exit_code == 0, result.output
    assert "Names not in the gazetteer" in result.output
    assert "    ar: [جان بيير موران]" in result.output
    assert "    role_en: French Ambassador" in result.output
    assert "Page: article, on focus (shown in the digest)" in result.output
    entry = gazetteer_entry(people("التقى الوزير السفير الفرنسي جان بيير موران في طرابلس.", resources)["جان بيير موران"])
    assert entry.startswith("  - id: ") and "TODO" in entry


def test_actor_pages_quote_the_briefs_own_matches_never_a_bare_surname(resources):
    from generator.models import BilingualBrief, TranslatedText
    from generator.site.render import _sentences_naming

    text = (
        "استقبل المشير خليفة حفتر في بنغازي السفير الفرنسي لدى ليبيا.\n"
        "وقال الفريق خالد حفتر إن التعاون العسكري مع فرنسا سيتوسع خلال العام المقبل.\n"
    )
    article = Article("content/articles/x.md", "x", "", dt.date(2025, 9, 10), "عين ليبيا", None, "ar", text, 1)
    brief = brief_article(article, resources)
    item = BilingualBrief(brief, TranslatedText(brief.headline, None, "pending"), ())
    by_name = {a.name_en: a for a in brief.actors}
    khalifa, khaled = by_name["Khalifa Haftar"], by_name["Khaled Haftar"]
    # "حفتر" alone is in both sentences; each page quotes only its own person's
    assert _sentences_naming(item, khalifa) == (0,)
    assert _sentences_naming(item, khaled) == (1,)
