"""English headlines generated from the brief's structure when the headline
has no translation: the templates per kind, and an offline build of new
articles whose digest, feed, email subject and email carry them with their
label until a reviewed translation replaces them."""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path

import pytest

from generator.stories.assemble import headline_for
from generator.build import build
from generator.config import load_config
from generator.briefs.eventline import generate_headline, headline_title
from generator.mail.compose import compose_digest
from generator.models import Actor, EventLine, Place, TranslatedText

from .conftest import copy_demo_project

LABEL = "generated from the brief"
TRIPOLI = Place("tripoli", "Tripoli", "طرابلس", "city")
DAY = dt.date(2025, 10, 1)


def person(name: str, role: str | None = None) -> Actor:
    return Actor(id=name.lower().replace(" ", "-"), kind="person", name_en=name, name_ar="س", role_en=role)


# --- templates ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "event, expected",
    [
        (
            EventLine(
                "meeting",
                TRIPOLI,
                DAY,
                person("Imad Trabelsi", "Acting Interior Minister"),
                (person("Gianluca Alberini", "Italian Ambassador"),),
            ),
            "Acting Interior Minister Imad Trabelsi meets Italian Ambassador Gianluca Alberini in Tripoli",
        ),
        (
            EventLine("meeting", None, DAY, person("A B"), (person("C D"), person("E F"), person("G H"))),
            "A B meets C D, E F and G H",
        ),
        (
            EventLine("visit", TRIPOLI, DAY, person("Ana Ruiz", "Deputy Commander, AFRICOM"), ()),
            "AFRICOM Deputy Commander Ana Ruiz visits Tripoli",
        ),
        (EventLine("attack", TRIPOLI, DAY, None, (person("Abdulghani al-Kikli"),)), "Attack on Abdulghani al-Kikli in Tripoli"),
        (EventLine("attack", TRIPOLI, DAY, None, ()), "Attack in Tripoli on 1 October 2025"),
        (
            EventLine("statement", None, DAY, person("Mohamed al-Menfi", "Head"), ()),
            "Mohamed al-Menfi issues statement",
        ),  # a bare "Head" says nothing before a name
        (EventLine("clash", TRIPOLI, DAY, None, (person("A"), person("B"))), "Armed clashes in Tripoli between A and B"),
    ],
)
def test_headline_per_kind(event, expected):
    assert generate_headline(event, "en") == expected


def test_no_headline_without_enough_structure_or_templates():
    assert generate_headline(None) is None
    assert generate_headline(EventLine("call", TRIPOLI, DAY, None, ())) is None  # nobody to name
    assert generate_headline(EventLine("meeting", TRIPOLI, DAY, person("A B"), ()), "fr") is None


@pytest.mark.parametrize(
    "role, title",
    [
        ("Undersecretary of Defence, GNU", "GNU Undersecretary of Defence"),
        ("Head (killed in May 2025)", None),
        # too long to stand before a name: the event line keeps it
        ("former Prime Minister designated by the House of Representatives; former Interior Minister", None),
        ("former Interior Minister; adviser", "Former Interior Minister"),
        ("Oil and Gas Minister (suspended in 2024)", "Oil and Gas Minister"),
        (None, None),
    ],
)
def test_role_as_title(role, title):
    assert headline_title(role) == title


def test_a_translation_wins_over_the_generated_headline():
    from generator.models import Article, Brief

    article = Article("a.md", "a", "عنوان", DAY, "X", None, "ar", "", 1)
    brief = Brief(
        article=article,
        headline="عنوان",
        sentences=(),
        key_points=(),
        event=EventLine("meeting", TRIPOLI, DAY, person("A B"), (person("C D"),)),
    )
    reviewed = TranslatedText("عنوان", "Reviewed title", "reviewed")
    machine = TranslatedText("عنوان", "Machine title", "machine", "google")
    assert headline_for(brief, reviewed) is reviewed
    assert headline_for(brief, machine) is machine
    generated = headline_for(brief, TranslatedText("عنوان", None, "pending"))
    assert (generated.provenance, generated.text) == ("generated", "A B meets C D in Tripoli")
    assert headline_for(brief, None).text == "A B meets C D in Tripoli"


# --- an offline build of new articles -------------------------------------------------

# One new article per kind, each on its own day so that it leads its digest
# (and so names the email's subject).  Modelled on Libyan agency reports.
ARTICLES = {
    "meeting": (
        "2025-10-01",
        "trabelsi-ambassador",
        "وزير الداخلية المكلف يلتقي السفير الإيطالي",
        "التقى وزير الداخلية المكلف عماد الطرابلسي، اليوم الأربعاء، في طرابلس السفير الإيطالي لدى ليبيا "
        "جانلوكا ألبريني، وبحث معه التعاون في مكافحة الهجرة غير النظامية.\n\n"
        "وأكد الطرابلسي أهمية تبادل المعلومات بين البلدين.",
        "Acting Minister of Interior Imad Trabelsi meets Italian Ambassador to Libya Gianluca Alberini in Tripoli",
    ),
    "visit": (
        "2025-10-02",
        "dbeibah-misrata",
        "الدبيبة في مصراتة",
        "وصل رئيس حكومة الوحدة الوطنية عبدالحميد الدبيبة، اليوم الخميس، إلى مدينة مصراتة في زيارة "
        "يتفقد خلالها مشروعات الطرق.\n\nوقال الدبيبة إن المشروعات ستنتهي العام المقبل.",
        "GNU Prime Minister Abdulhamid Dbeibah visits Misrata",
    ),
    "attack": (
        "2025-10-03",
        "zawiya-attack",
        "هجوم في الزاوية",
        "تعرض مقر الأمن في مدينة الزاوية، مساء الجمعة، لهجوم بقذائف من مجموعة مسلحة مجهولة، "
        "دون وقوع إصابات.\n\nوفتحت النيابة تحقيقا في الحادثة.",
        "Attack in Zawiya on 3 October 2025",
    ),
    "statement": (
        "2025-10-04",
        "saleh-statement",
        "بيان مجلس النواب",
        "أصدر رئيس مجلس النواب عقيلة صالح، اليوم السبت، بيانا أكد فيه ضرورة توحيد المؤسسات قبل "
        "الانتخابات.\n\nودعا صالح الأطراف إلى الحوار.",
        "Speaker of the House of Representatives Aguila Saleh issues statement",
    ),
}

AMBASSADOR = """
people:
  - id: gianluca-alberini
    en: Gianluca Alberini
    ar: [جانلوكا ألبريني]
    role_en: Italian Ambassador
    role_ar: السفير الإيطالي
"""


def new_articles_project(root: Path) -> Path:
    """The demo project (its gazetteer) with only the new articles, no engine."""
    copy_demo_project(root)
    shutil.rmtree(root / "content" / "articles")
    for day, slug, title, body, _ in ARTICLES.values():
        path = root / "content" / "articles" / day / f"{slug}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(
            f"---\ntitle: {title}\ndate: {day}\nsource: Test Outlet\nurl: https://example.org/{slug}\nlang: ar\n---\n{body}\n",
            encoding="utf-8",
        )
    gazetteer = root / "content" / "gazetteer.yaml"
    text = gazetteer.read_text(encoding="utf-8")
    gazetteer.write_text(text.replace("\n\npeople:\n", "\n" + AMBASSADOR, 1), encoding="utf-8")
    toml = root / "briefing.toml"
    toml.write_text(
        re.sub(
            r"(?m)^fallback = .*$",
            "fallback = []",
            toml.read_text(encoding="utf-8").replace('engine = "google"', 'engine = "none"'),
        ),
        encoding="utf-8",
    )
    return root


def built(root: Path):
    config, problems = load_config(root)
    assert not [p for p in problems if p.severity == "error"], problems
    report = build(config, offline=True)
    return config, report


@pytest.fixture(scope="module")
def offline_build(tmp_path_factory):
    root = new_articles_project(tmp_path_factory.mktemp("generated") / "project")
    return built(root)


@pytest.mark.parametrize("kind", list(ARTICLES))
def test_offline_build_carries_generated_headlines(offline_build, kind):
    config, report = offline_build
    day, slug, title, _, expected = ARTICLES[kind]
    site = config.output_path
    digest_page = (site / "en" / day / "index.html").read_text(encoding="utf-8")
    assert re.search(
        rf"{re.escape(expected)} <small class=\"provenance provenance-generated\"[^>]*>"
        rf"{LABEL}</small>",
        digest_page,
    )
    assert title not in digest_page.split("<h2>", 1)[1].split("</h2>", 1)[0]  # not the Arabic headline
    brief_page = (site / "en" / day / slug / "index.html").read_text(encoding="utf-8")
    assert f"<title>{expected} · " in brief_page and LABEL in brief_page
    feed = (site / "en" / "feed.xml").read_text(encoding="utf-8")
    assert f"<title>{expected}</title>" in feed
    arabic_feed = (site / "ar" / "feed.xml").read_text(encoding="utf-8")
    assert f"<title>{title}</title>" in arabic_feed  # the Arabic side keeps the Arabic headline

    digest = next(d for d in report.digests if d.date.isoformat() == day)
    composed = compose_digest(config, digest, "en")
    shown = composed.subject.split(": ", 1)[1]  # long subjects are shortened with "…"
    assert shown == expected or (shown.endswith("…") and expected.startswith(shown[:-1]) and len(shown) > 30)
    assert f"{expected} [{LABEL}]" in composed.text
    assert re.search(rf'{re.escape(expected)} <span class="provenance"[^>]*>{LABEL}</span>', composed.html)


def test_a_reviewed_headline_replaces_the_generated_one(tmp_path):
    root = new_articles_project(tmp_path / "project")
    day, slug, title, _, generated = ARTICLES["meeting"]
    memory = root / "content" / "translation-memory.yaml"
    memory.write_text(
        memory.read_text(encoding="utf-8") + f"\n- ar: {title}\n  en: Acting interior minister meets the Italian ambassador\n",
        encoding="utf-8",
    )
    config, report = built(root)
    page = (config.output_path / "en" / day / "index.html").read_text(encoding="utf-8")
    assert "Acting interior minister meets the Italian ambassador</a></h2>" in page
    assert generated not in page and LABEL not in page.split("<h2>", 1)[1].split("</h2>", 1)[0]
    digest = next(d for d in report.digests if d.date.isoformat() == day)
    assert compose_digest(config, digest, "en").subject.endswith(": Acting interior minister meets the Italian ambassador")
    feed = (config.output_path / "en" / "feed.xml").read_text(encoding="utf-8")
    assert "<title>Acting interior minister meets the Italian ambassador</title>" in feed
    # the other articles still have theirs
    assert f"<title>{ARTICLES['visit'][4]}</title>" in feed
