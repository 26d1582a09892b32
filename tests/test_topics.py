"""Topic matching: normalised, clitic-stripped phrases in order, min_hits,
evidence as written, ranking and the limit, loading problems, the seeds."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.text.arabic import split_sentences
from generator.models import Sentence
from generator.briefs.topics import build_taxonomy, load_taxonomy, match_topics, sentence_weight

REPO = Path(__file__).resolve().parent.parent
SEEDS = REPO.parent / "shared" / "seeds"

TAXONOMY = [
    {
        "id": "counter-terrorism",
        "en": "Counter-terrorism",
        "ar": "مكافحة الإرهاب",
        "keywords": ["مكافحة الإرهاب", "الإرهاب", "داعش", "التنظيمات الإرهابية"],
        "min_hits": 1,
    },
    {
        "id": "security-cooperation",
        "en": "Security cooperation",
        "ar": "التعاون الأمني",
        "keywords": ["التعاون الأمني", "التعاون العسكري", "تبادل المعلومات الاستخباراتية", "أفريكوم"],
        "min_hits": 2,
    },
    {
        "id": "migration",
        "en": "Migration",
        "ar": "الهجرة",
        "keywords": ["الهجرة غير الشرعية", "المهاجرين", "خفر السواحل"],
        "min_hits": 1,
    },
    {"id": "oil", "en": "Oil", "ar": "النفط", "keywords": ["النفط", "برميل", "حقل الشرارة"], "min_hits": 2},
    {"id": "elections", "en": "Elections", "ar": "الانتخابات", "keywords": ["الانتخابات", "المفوضية العليا"], "min_hits": 1},
    {"id": "health", "en": "Health", "ar": "الصحة", "keywords": ["المستشفى", "وزارة الصحة"], "min_hits": 1},
    {"id": "clashes", "en": "Armed clashes", "ar": "الاشتباكات", "keywords": ["اشتباكات", "الاشتباكات"], "min_hits": 1},
]


@pytest.fixture(scope="module")
def tax():
    taxonomy, problems = build_taxonomy(TAXONOMY)
    assert problems == []
    return taxonomy


def sents(*texts: str) -> list[Sentence]:
    return [Sentence(i, t, 0) for i, t in enumerate(texts)]


@pytest.mark.parametrize(
    "text, expected",
    [
        # clitics and spelling variants on the text side
        (
            "بحث الجانبان سبل تعزيز والتعاون الامني وتبادل المعلومات الاستخباراتية",
            [("security-cooperation", ("والتعاون الامني", "وتبادل المعلومات الاستخباراتية"))],
        ),
        # a phrase must appear in order: "الأمني التعاون" is not "التعاون الأمني"
        ("ناقشا الملف الأمني والتعاون في مجال", []),
        # the longest keyword wins: one hit for "مكافحة الإرهاب", not two
        ("في إطار جهود مكافحة الإرهاب", [("counter-terrorism", ("مكافحة الإرهاب",))]),
        # min_hits 2 not reached with one hit
        ("ارتفع سعر النفط", []),
        ("ارتفع إنتاج النفط إلى مليون برميل", [("oil", ("النفط", "برميل"))]),
        # hamza-less text
        ("انقاذ 40 من المهاجرين قبالة السواحل بواسطة خفر السواحل", [("migration", ("المهاجرين", "خفر السواحل"))]),
    ],
)
def test_matches(tax, text, expected):
    assert [(t.id, t.evidence) for t in match_topics(sents(text), tax)] == expected


NEUTRAL = "افتتح عميد البلدية حديقة عامة جديدة في وسط المدينة."  # a lead with no keyword


def with_headline(headline: str | None, *texts: str) -> list[Sentence]:
    return ([Sentence(-1, headline, -1)] if headline else []) + sents(*texts)


# Weighted hits: headline 2, lead 1.5, body 1, a sentence anchored to the
# past half of that; a topic needs a score of min_hits.
@pytest.mark.parametrize(
    "headline, texts, topic, reported",
    [
        # a clash told as background ("الشهر الماضي", pluperfect) is a passing mention
        (None, [NEUTRAL, "وناقش اللقاء الوضع في العاصمة بعد الاشتباكات التي شهدتها الشهر الماضي."], "clashes", False),
        (None, [NEUTRAL, "وكانت اشتباكات الزاوية قد أسفرت عن مقتل ثلاثة أشخاص."], "clashes", False),
        (None, [NEUTRAL, "وتأتي الحادثة بعد أسبوعين من اشتباكات الزاوية."], "clashes", False),
        (None, [NEUTRAL, "وقال في وقت سابق إن الاشتباكات توقفت."], "clashes", False),
        # two weak mentions are enough; one in the body is too
        (None, [NEUTRAL, "وكانت اشتباكات قد اندلعت.", "وتجددت الاشتباكات العام الماضي."], "clashes", True),
        (None, [NEUTRAL, "وتركزت الاشتباكات في منطقة الحرشة."], "clashes", True),
        # a weekday with "الماضي" dates the story itself: not background
        (None, [NEUTRAL, "وأدانت البعثة الاشتباكات التي شهدتها المدينة السبت الماضي."], "clashes", True),
        # min_hits 2: a headline hit alone reaches it, a lead hit alone does not
        ("ارتفاع إنتاج النفط", [NEUTRAL], "oil", True),
        (None, ["ارتفع إنتاج النفط في البلاد."], "oil", False),
        (None, ["ارتفع إنتاج النفط في البلاد.", "وكان الإنتاج قد بلغ مليون برميل العام الماضي."], "oil", True),
        (None, [NEUTRAL, "وارتفع إنتاج النفط.", "وكان الإنتاج قد بلغ مليون برميل العام الماضي."], "oil", False),
    ],
)
def test_weighted_hits(tax, headline, texts, topic, reported):
    ids = [t.id for t in match_topics(with_headline(headline, *texts), tax)]
    assert (topic in ids) == reported, ids


@pytest.mark.parametrize(
    "index, lead, text, weight",
    [
        (-1, False, "وكانت اشتباكات قد اندلعت الشهر الماضي", 2.0),  # the headline is never background
        (0, True, "اندلعت اشتباكات في الزاوية", 1.5),
        (0, True, "وكانت اشتباكات قد اندلعت في الزاوية", 0.75),
        (3, False, "اندلعت اشتباكات في الزاوية", 1.0),
        (3, False, "اندلعت اشتباكات في الزاوية العام المنصرم", 0.5),
        (3, False, "ويذكر أن الزاوية شهدت اشتباكات", 0.5),
        (3, False, "وتعيد هذه السيول إلى الأذهان كارثة 2023", 0.5),
        (3, False, "لم تشهدها المنطقة منذ كارثة العاصفة دانيال", 1.0),
    ],
)
def test_sentence_weight(index, lead, text, weight):
    assert sentence_weight(Sentence(index, text, 0), lead) == weight


@pytest.mark.parametrize(
    "text, evidence",
    [
        ("أعلنت المؤسسة إغلاق حقل «الشرارة» وتوقف إنتاج النفط ونحو 300 ألف برميل.", ("حقل الشرارة", "النفط", "برميل")),
        ("نقل الجرحى إلى «المستشفى» الميداني.", ("المستشفى",)),
        ('ارتفع إنتاج "النفط" إلى مليون (برميل)', ("النفط", "برميل")),
    ],
)
def test_evidence_without_quotes_or_brackets(tax, text, evidence):
    found = {t.id: t.evidence for t in match_topics(with_headline(text, text), tax)}
    assert evidence in found.values(), found


def test_evidence_across_a_guillemet():
    taxonomy, _ = build_taxonomy([{"id": "cbl", "en": "CBL", "ar": "المصرف", "keywords": ["المركزي الليبي"]}])
    found = match_topics(sents("«المركزي» الليبي يخفض الرسم"), taxonomy)
    assert found[0].evidence == ("المركزي الليبي",)


def test_generic_article_has_no_topic(tax):
    text = (
        "افتتح عميد البلدية حديقة عامة جديدة في وسط المدينة، بحضور عدد من الأهالي والأطفال. "
        "وقال إن الحديقة تضم ملاعب ومساحات خضراء، وإن البلدية ستواصل تحسين الخدمات."
    )
    assert match_topics(sents(*split_sentences(text)), tax) == ()


def test_ranking_by_hits_and_limit(tax):
    text = ["الإرهاب", "الإرهاب وداعش", "الانتخابات", "المستشفى", "الهجرة غير الشرعية", "النفط", "برميل"]
    found = match_topics(sents(*text), tax, limit=4)
    assert [t.id for t in found][:1] == ["counter-terrorism"]  # 3 hits
    assert len(found) == 4  # 5 topics qualify; at most `limit` are kept
    assert found[0].label_en == "Counter-terrorism" and found[0].label_ar == "مكافحة الإرهاب"
    assert found[0].evidence == ("الإرهاب", "وداعش")  # each keyword once, as first written
    assert len(match_topics(sents(*text), tax, limit=2)) == 2


def test_load_problems_name_file_and_line(tmp_path):
    path = tmp_path / "topics.yaml"
    path.write_text(
        "- id: a\n  en: A\n  ar: أ\n  keywords: [الإرهاب]\n"
        "- id: b\n  en: B\n  ar: ب\n"  # no keywords: line 5
        "- id: a\n  en: A\n  ar: أ\n  keywords: [داعش]\n  min_hits: zero\n",
        encoding="utf-8",
    )
    taxonomy, problems = load_taxonomy(path)
    assert [t.id for t in taxonomy.topics] == ["a"]
    assert [(p.line, p.severity) for p in problems] == [(5, "error"), (8, "error")]
    assert "keywords" in problems[0].message and "duplicate" in problems[1].message
    _, problems = load_taxonomy(tmp_path / "missing.yaml")
    assert problems and problems[0].path.endswith("missing.yaml")


def test_seed_001_with_the_repository_taxonomy():
    path = REPO / "content" / "topics.yaml"
    if not path.exists():
        pytest.skip("content/topics.yaml not written yet")
    taxonomy, problems = load_taxonomy(path)
    assert not [p for p in problems if p.severity == "error"]
    text = next(SEEDS.glob("001_*.txt")).read_text(encoding="utf-8")
    found = match_topics(sents(*split_sentences(text)), taxonomy)
    ids = [t.id for t in found]
    assert "security-cooperation" in ids and "counter-terrorism" in ids
    assert all(t.evidence for t in found) and len(found) <= 5
