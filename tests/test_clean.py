"""Tests for generator.briefs.clean: boilerplate removal that never loses the story."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.briefs.clean import clean_article, sentences_of
from generator.models import Article, CleanArticle

# The original scraped articles, next to the repository (as in conftest.py).
SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"

STORY = "بحث وزير الدفاع مع السفير البريطاني سبل تعزيز التعاون الأمني بين البلدين في طرابلس."
STORY_2 = "وأكد الجانبان أهمية استمرار التنسيق المشترك لمواجهة التحديات الأمنية في المنطقة."


def make_article(body: str, title: str = "", source: str = "بوابة الوسط", body_line: int = 1) -> Article:
    return Article(
        path="content/articles/test.md",
        slug="test",
        title=title,
        date=dt.date(2025, 9, 10),
        source=source,
        url=None,
        lang="ar",
        body=body,
        body_line=body_line,
    )


def clean(body: str, **kwargs) -> CleanArticle:
    return clean_article(make_article(body, **kwargs))


def reasons(result: CleanArticle) -> dict[str, str]:
    return {r.text: r.reason for r in result.removed}


# --------------------------------------------------------------------------- labels


@pytest.mark.parametrize(
    "label, reason",
    [
        # Comment forms (WordPress in Arabic and English, other CMSs).
        ("اترك تعليقاً", "comment-form"),
        ("اترك تعليقا", "comment-form"),
        ("أضف تعليق", "comment-form"),
        ("لن يتم نشر عنوان بريدك الإلكتروني. الحقول الإلزامية مشار إليها بـ *", "comment-form"),
        ("الحقول الإلزامية مشار إليها بـ *", "comment-form"),
        ("الاسم *", "comment-form"),
        ("البريد الإلكتروني *", "comment-form"),
        ("إرسال التعليق", "comment-form"),
        ("احفظ اسمي، بريدي الإلكتروني، والموقع في هذا المتصفح لاستخدامها المرة المقبلة في تعليقي.", "comment-form"),
        ("Your email address will not be published. Required fields are marked *", "comment-form"),
        ("التعليقات (3)", "comment-form"),
        # Back to top.
        ("زر الذهاب إلى الأعلى", "back-to-top"),
        ("العودة للأعلى", "back-to-top"),
        ("العودة الى الاعلى", "back-to-top"),
        # Share bars and print labels.
        ("شارك", "share-buttons"),
        ("مشاركة", "share-buttons"),
        ("طباعة", "share-buttons"),
        ("فيسبوك تويتر واتساب تلغرام", "share-buttons"),
        ("شارك على فيس بوك", "share-buttons"),
        ("Facebook Twitter WhatsApp Print", "share-buttons"),
        ("Share", "share-buttons"),
        ("نسخ الرابط", "share-buttons"),
        ("شارك | فيسبوك | تويتر | 12", "share-buttons"),
        # Image files and captions.
        ("IMG 8601 IMG 8603 IMG 8605", "image-filenames"),
        ("IMG_1234.jpg", "image-filenames"),
        ("DSC01234", "image-filenames"),
        ("photo_2025-09-10.jpg", "image-filenames"),
        ("WhatsApp Image 2025-09-10 at 12.30.45.jpeg", "image-filenames"),
        ("صورة 1", "image-filenames"),
        ("صورة أرشيفية", "image-caption"),
        ("(صورة: وزارة الدفاع)", "image-caption"),
        # Counters.
        ("عدد المشاهدات: 1234", "view-counter"),
        ("1,234 مشاهدة", "view-counter"),
        ("المشاهدات ٥٤٣", "view-counter"),
        ("قراءة 5 دقائق", "reading-time"),
        ("دقيقتان للقراءة", "reading-time"),
        # Tags, timestamps, breadcrumbs, copyright, promotion.
        ("الوسوم: ليبيا، طرابلس، الدفاع", "tags"),
        ("الكلمات المفتاحية: حفتر", "tags"),
        ("#ليبيا #طرابلس", "tags"),
        ("الأربعاء 10 سبتمبر 2025 - 12:30", "timestamp"),
        ("نشر في: 10/09/2025", "timestamp"),
        ("منذ 3 ساعات", "timestamp"),
        ("أخبار محليةالأخبار", "breadcrumb"),
        ("الرئيسية > أخبار > ليبيا", "breadcrumb"),
        ("سياسة / عربي ودولي", "breadcrumb"),
        ("جميع الحقوق محفوظة © 2025", "copyright"),
        ("تابعونا على تلغرام", "promo"),
        # Related-story headings and navigation.
        ("المزيد من الأخبار", "related-headlines"),
        ("اقرأ أيضاً", "related-headlines"),
        ("أخبار ذات صلة", "related-headlines"),
        ("مواضيع ذات صلة", "related-headlines"),
        ("اقرأ أيضا: الدبيبة يبحث مع وفد تركي ملف الطاقة", "related-headlines"),
        ("المقال السابق", "navigation"),
        # Bylines.
        ("كتب: محمد علي", "byline"),
        ("كتبت - سارة أحمد", "byline"),
        ("بقلم: عبد الله الكبير", "byline"),
        ("المصدر: وكالة الأنباء الليبية", "byline"),
        ("متابعات", "byline"),
        ("(رويترز)", "byline"),
    ],
)
def test_label_lines_are_removed_with_their_reason(label: str, reason: str) -> None:
    result = clean(f"{STORY}\n{label}\n{STORY_2}")
    assert result.paragraphs == (STORY, STORY_2)
    assert reasons(result) == {label: reason}


@pytest.mark.parametrize(
    "sentence",
    [
        "وشارك في الاجتماع عدد من المسؤولين والمستشارين من الجانبين.",
        "شارك وزير الداخلية في الاجتماع الأمني الذي عقد في طرابلس أمس.",
        "ودعا الوزير المواطنين إلى ترك تعليق على المنصة الرسمية للوزارة.",
        "وأظهرت صورة نشرها المكتب الإعلامي الوفد وهو يصل إلى المطار.",
        "وأكد المجلس الأعلى للدولة رفضه للقرار بشكل قاطع.",
        "وأشار إلى أن مشاركة ليبيا في المؤتمر تعكس عودتها إلى الساحة الدولية.",
        "ونشرت الوزارة على فيسبوك بيانا أكدت فيه استمرار العمل.",
        "وقال المتحدث إن التعليقات التي أدلى بها الوزير أُخرجت من سياقها.",
        "المزيد من الأخبار سيعلن عنه لاحقا بحسب المتحدث باسم الحكومة.",
        "وبلغ عدد المشاهدات للفيديو أكثر من مليون مشاهدة خلال يوم واحد.",
        "كتب الوزير في تغريدة على منصة إكس أن الحكومة ماضية في خطتها.",
        "وطالب بالعودة إلى الأعلى في سلم الأولويات الوطنية.",
    ],
)
def test_story_sentences_with_label_words_survive(sentence: str) -> None:
    result = clean(f"{STORY}\n{sentence}\n{STORY_2}")
    assert sentence in result.paragraphs
    assert result.removed == ()


def test_every_removal_has_the_file_line() -> None:
    body = f"{STORY}\n\nشارك\n\n{STORY_2}\nزر الذهاب إلى الأعلى"
    result = clean(body, body_line=7)
    assert [(r.line, r.reason) for r in result.removed] == [(9, "share-buttons"), (12, "back-to-top")]


# --------------------------------------------------------------------------- headline, byline, dateline


@pytest.mark.parametrize(
    "title, first_line",
    [
        ("الفريق “خالد حفتر” يفتح آفاق التعاون العسكري", "الفريق خالد حفتر يفتح آفاق التعاون العسكري"),
        ("مباحثات ليبية أمريكية في طرابلس", "مباحثات ليبية امريكية في طرابلس"),  # no hamza
        ("مباحثات ليبية أمريكية في طرابلس", "# مباحثات ليبية أمريكية في طرابلس"),  # Markdown heading
        ("مباحثات ليبية أمريكية في طرابلس", "مباحثات ليبية أمريكية في طرابلس - ليبيا 24"),
    ],
)
def test_repeated_headline_is_removed(title: str, first_line: str) -> None:
    result = clean(f"{first_line}\n{STORY}\n{STORY_2}", title=title)
    assert result.paragraphs == (STORY, STORY_2)
    assert [r.reason for r in result.removed] == ["headline"]


def test_outlet_name_line_becomes_byline() -> None:
    result = clean(f"أخبار ليبيا 24\n{STORY}", source="أخبار ليبيا 24")
    assert result.byline == "أخبار ليبيا 24"
    assert result.paragraphs == (STORY,)
    assert reasons(result) == {"أخبار ليبيا 24": "outlet-name"}


@pytest.mark.parametrize("line", ["ليبيا 24", "- ليبيا 24", "بوابة الوسط", "قناة 218"])
def test_outlet_like_lines_around_the_story_become_byline(line: str) -> None:
    result = clean(f"{line}\n{STORY}\n{STORY_2}\n{line}", source="unrelated")
    assert result.paragraphs == (STORY, STORY_2)
    assert result.byline == line.strip("- ")


# Source labels: an outlet's name with a credit word, an agency, a press
# office.  They say where the story comes from: byline metadata, never
# crossheads.
@pytest.mark.parametrize(
    "line, source, reason",
    [
        ("المرصد – خاص", "المرصد", "outlet-name"),
        ("خاص | 218", "218 News", "outlet-name"),
        ("الصباح نيوز - وكالات", "الصباح نيوز", "outlet-name"),
        ("📌 المكتب الإعلامي", "وزارة الداخلية - فيسبوك", "byline"),
        ("المكتب الإعلامي لوزارة الداخلية", "unrelated", "byline"),
        ("المركز الإعلامي", "unrelated", "byline"),
        ("خاص - وكالات", "unrelated", "byline"),
        ("الشرق الأوسط", "الشرق الأوسط", "outlet-name"),  # the outlet alone, not a breadcrumb
    ],
)
def test_source_labels_are_bylines_not_subheadings(line: str, source: str, reason: str) -> None:
    result = clean(f"{STORY}\n{line}\n{STORY_2}", source=source)
    assert result.paragraphs == (STORY, STORY_2)
    assert [r.reason for r in result.removed] == [reason]
    assert result.byline and result.byline in line
    assert result.subheadings == ()


@pytest.mark.parametrize(
    "line",
    [
        "المكتب الإعلامي ينفي الشائعات",  # a crosshead about the office, not a label
        "المرصد يكشف تفاصيل جديدة",
    ],
)
def test_headings_naming_an_office_or_outlet_stay_crossheads(line: str) -> None:
    result = clean(f"{STORY}\n{line}\n{STORY_2}", source="المرصد")
    assert [r.reason for r in result.removed] == ["subheading"]


def test_byline_label_is_metadata() -> None:
    result = clean(f"كتب: محمد علي\n{STORY}")
    assert result.byline == "كتب: محمد علي"
    assert result.paragraphs == (STORY,)


@pytest.mark.parametrize(
    "prefix, dateline",
    [
        ("طرابلس - ", "طرابلس"),
        ("طرابلس – ", "طرابلس"),
        ("بنغازي 10 سبتمبر (رويترز) - ", "بنغازي 10 سبتمبر (رويترز)"),
        ("طرابلس في 10 شتنبر - ", "طرابلس في 10 شتنبر"),  # Moroccan month name
        ("طرابلس، ١٠ أيلول ٢٠٢٥ (وال) - ", "طرابلس، ١٠ أيلول ٢٠٢٥ (وال)"),
        ("مصراتة 3 جوان 2025 - ", "مصراتة 3 جوان 2025"),  # Tunisian month name
        ("القاهرة (أ ف ب) — ", "القاهرة (أ ف ب)"),
        ("(رويترز) - ", "(رويترز)"),
        ("**أنقرة** - ", "أنقرة"),
    ],
)
def test_dateline_is_split_from_first_paragraph(prefix: str, dateline: str) -> None:
    result = clean(f"{prefix}{STORY}\n{STORY_2}")
    assert result.dateline == dateline
    assert result.paragraphs == (STORY, STORY_2)
    assert [r.reason for r in result.removed] == ["dateline"]


# pieces of openings, datelines or not: places, weekdays, dates in both
# digit sets, agencies, every dash, brackets, commas, vowel marks, text
DATELINE_PIECES = [
    "طرابلس", "بنغازي", "مصراتة", "الأربعاء", "في ", " ", "، ", ",", "10", "١٠", "3", "2025", "٢٠٢٥",
    "سبتمبر", "أيلول", "شتنبر", "(وال)", "(رويترز)", "(أ ف ب)", " - ", " – ", "—", "-", "(", ")", "/",
    "\n", "قال المتحدث", "ً", "ـ", "ليبيا",
]  # fmt: skip


def _piece(*choices: str) -> st.SearchStrategy[str]:
    return st.sampled_from(choices)


# openings shaped as datelines (place, date, agency, dash), each part
# perhaps left out, between pieces of anything
DATELINE_SHAPED = st.tuples(
    _piece("طرابلس", "بنغازي", "مصراتة الليبية", "سبها"),
    _piece("", " ", "، ", " في "),
    _piece("", "الأربعاء ", "الأربعاء، "),
    _piece("", "10", "١٠", "3", "ـ1"),
    _piece("", " سبتمبر", " أيلول", " شتنبر", " سبتمبر / أيلول", " سبتمبر (أيلول)"),
    _piece("", " 2025", "، ٢٠٢٥"),
    _piece("", " (وال)", " (رويترز)", "(أ ف ب)"),
    _piece(" - ", " – ", "—", "", " "),
).map("".join)


@settings(max_examples=600, deadline=None)
@given(
    st.lists(st.sampled_from(DATELINE_PIECES), max_size=3).map("".join),
    st.one_of(DATELINE_SHAPED, st.just("")),
    st.lists(st.sampled_from(DATELINE_PIECES), max_size=8).map("".join),
)
def test_a_dateline_is_found_as_the_whole_pattern_finds_it_without_compiling_it_when_no_date_can_match(
    before: str, opening: str, after: str
) -> None:
    from generator.briefs import clean

    text = before + opening + after

    whole = clean._dateline_re().match(text)
    found = clean._dateline_match(text)
    assert (found is None) == (whole is None)
    if whole is not None and found is not None:
        assert found.span() == whole.span()
        assert found.group("place", "agency") == whole.group("place", "agency")
        assert bool(found.group("date")) == bool(whole.group("date"))


@pytest.mark.parametrize(
    "first",
    [
        "وأكد الدبيبة – خلال كلمته أمام الوفد – أن الحكومة ماضية في خطتها.",
        "قال المتحدث - في تصريح صحفي - إن الوضع تحت السيطرة.",
        "شهدت العاصمة الليبية طرابلس، اليوم الاثنين، جولة جديدة من المباحثات.",
    ],
)
def test_no_dateline_is_invented(first: str) -> None:
    result = clean(f"{first}\n{STORY}")
    assert result.dateline is None
    assert result.paragraphs == (first, STORY)


def test_dateline_and_outlet_on_their_own_line() -> None:
    result = clean(f"طرابلس - ليبيا 24\n{STORY}")
    assert result.dateline == "طرابلس"
    assert result.byline == "ليبيا 24"
    assert result.paragraphs == (STORY,)


# --------------------------------------------------------------------------- related headlines


def test_bulleted_headlines_after_the_story_are_related() -> None:
    headlines = [
        "- الدبيبة يبحث مع وفد تركي ملف الطاقة",
        "- المنفي يستقبل سفير إيطاليا في طرابلس",
        "- طقس ليبيا الأربعاء: أجواء حارة على الشمال",
    ]
    result = clean("\n".join([STORY, STORY_2, *headlines]))
    assert result.paragraphs == (STORY, STORY_2)
    assert [r.reason for r in result.removed] == ["related-headlines"] * 3


@pytest.mark.parametrize("marker", ["1. ", "2) ", "• ", "", "* "])
def test_numbered_or_plain_headline_runs_after_the_story_are_related(marker: str) -> None:
    headlines = [
        f"{marker}الحكومة تعلن حالة الطوارئ في بنغازي",
        f"{marker}انقطاع الكهرباء عن مناطق واسعة في الجنوب",
        f"{marker}المصرف المركزي يصدر بيانا حول السيولة؟",
    ]
    result = clean("\n".join([STORY, STORY_2, *headlines]))
    assert result.paragraphs == (STORY, STORY_2)
    assert {r.reason for r in result.removed} == {"related-headlines"}
    assert len(result.removed) == 3


def test_list_under_read_also_heading_is_removed_in_the_middle() -> None:
    body = "\n".join(
        [
            STORY,
            "اقرأ أيضاً:",
            "الدبيبة يبحث مع وفد تركي ملف الطاقة",
            "المنفي يستقبل سفير إيطاليا في طرابلس",
            STORY_2,
        ]
    )
    result = clean(body)
    assert result.paragraphs == (STORY, STORY_2)
    assert [r.reason for r in result.removed] == ["related-headlines"] * 3


def test_story_list_introduced_by_a_colon_is_kept() -> None:
    items = ["- التدريب العسكري المشترك", "- تبادل المعلومات الاستخباراتية", "- تأمين الحدود الجنوبية"]
    body = "\n".join(["وتناول اللقاء عدة ملفات أبرزها:", *items, STORY])
    result = clean(body)
    assert result.paragraphs == ("وتناول اللقاء عدة ملفات أبرزها:", *[i[2:] for i in items], STORY)
    assert result.removed == ()


def test_last_story_line_without_full_stop_is_not_a_headline() -> None:
    last = "وأكد أن الحكومة ستواصل جهودها لدعم الاستقرار"
    headlines = ["- الدبيبة يبحث مع وفد تركي ملف الطاقة", "- المنفي يستقبل سفير إيطاليا في طرابلس"]
    result = clean("\n".join([STORY, last, *headlines]))
    assert result.paragraphs == (STORY, last)


def test_short_unpunctuated_story_lines_at_the_end_are_kept() -> None:
    tail = ["كما ناقش الطرفان ملف الهجرة غير الشرعية", "من جانبه أشاد السفير بجهود الحكومة"]
    result = clean("\n".join([STORY, *tail]))
    assert result.paragraphs == (STORY, *tail)
    assert result.removed == ()


@pytest.mark.parametrize("line", ["المصدر أكد أن الوضع مستقر.", "وكالات الأنباء نقلت الخبر."])
def test_byline_words_opening_a_sentence_are_not_bylines(line: str) -> None:
    result = clean(f"{STORY}\n{line}\n{STORY_2}")
    assert line in result.paragraphs
    assert result.byline is None


# --------------------------------------------------------------------------- crossheads


def test_crossheads_become_subheadings() -> None:
    body = f"{STORY}\n\nمناقشة الملفات الأمنية\n\n{STORY_2}\n\n## تفاصيل اللقاء\n\n{STORY}"
    result = clean(body)
    assert result.subheadings == ("مناقشة الملفات الأمنية", "تفاصيل اللقاء")
    assert result.paragraphs == (STORY, STORY_2, STORY)
    assert {r.reason for r in result.removed} == {"subheading"}


def test_short_continuation_line_is_not_a_crosshead() -> None:
    short = "وأضاف أن الوضع مستقر"
    result = clean(f"{STORY}\n{short}\n{STORY_2}")
    assert result.paragraphs == (STORY, short, STORY_2)
    assert result.subheadings == ()


# --------------------------------------------------------------------------- markup


@pytest.mark.parametrize(
    "body, paragraphs",
    [
        (f"<p>{STORY}</p><p>{STORY_2}</p>", (STORY, STORY_2)),
        (f"{STORY}<br>{STORY_2}", (STORY, STORY_2)),
        (f'<div class="entry-content">{STORY}&nbsp;</div>', (STORY,)),
        ("<p>بلغ العجز &quot;5.9&quot; مليار دولار &amp; أكثر.</p>", ('بلغ العجز "5.9" مليار دولار & أكثر.',)),
        (
            "بحث [وزير الدفاع](https://x.ly/a) مع **السفير** *البريطاني* سبل التعاون.",
            ("بحث وزير الدفاع مع السفير البريطاني سبل التعاون.",),
        ),
        ("> وقال الوزير إن الوضع مستقر تماما.", ("وقال الوزير إن الوضع مستقر تماما.",)),
    ],
)
def test_markup_is_removed_and_text_kept(body: str, paragraphs: tuple[str, ...]) -> None:
    assert clean(body).paragraphs == paragraphs


def test_markup_only_lines_are_recorded() -> None:
    result = clean(f'{STORY}\n<img src="a.jpg">\n![صورة](http://x/a.jpg)\n***\n{STORY_2}')
    assert result.paragraphs == (STORY, STORY_2)
    assert [r.reason for r in result.removed] == ["image", "image", "separator"]


@pytest.mark.parametrize(
    "raw, fixed",
    [
        ("انتهى الاجتماع في البلاد.وقال المتحدث إن الوضع هادئ.", "انتهى الاجتماع في البلاد. وقال المتحدث إن الوضع هادئ."),
        ("بلغ العجز 5.9 مليار دولار.وأكد المصرف ذلك.", "بلغ العجز 5.9 مليار دولار. وأكد المصرف ذلك."),
        ("هل انتهت الأزمة؟وأجاب الوزير بالنفي.", "هل انتهت الأزمة؟ وأجاب الوزير بالنفي."),
        ("قال الوزير،وأضاف المتحدث أن الوضع هادئ.", "قال الوزير، وأضاف المتحدث أن الوضع هادئ."),
        ("يفوق الإنتاج 1.400 برميل يومياً في الحقل.", "يفوق الإنتاج 1.400 برميل يومياً في الحقل."),
    ],
)
def test_glued_sentences_get_a_space(raw: str, fixed: str) -> None:
    assert clean(raw).paragraphs == (fixed,)


# --------------------------------------------------------------------------- sentences_of


def test_sentences_of_numbers_sentences_and_paragraphs() -> None:
    result = clean("الجملة الأولى هنا.الجملة الثانية هنا.\nالجملة الثالثة، دون انقسام عند الفاصلة.")
    sentences = sentences_of(result)
    assert [(s.index, s.paragraph) for s in sentences] == [(0, 0), (1, 0), (2, 1)]
    assert sentences[1].text == "الجملة الثانية هنا."
    assert sentences[2].text == "الجملة الثالثة، دون انقسام عند الفاصلة."


# --------------------------------------------------------------------------- the seeds


def seed(name: str, title: str, source: str) -> CleanArticle:
    paths = sorted(SEEDS.glob(f"{name}_*.txt"))
    assert paths, f"seed {name} not found in {SEEDS} (shared/seeds lies beside the repository)"
    path = paths[0]
    body = path.read_text(encoding="utf-8")
    article = Article(
        path=str(path),
        slug=name,
        title=title,
        date=dt.date(2025, 9, 10),
        source=source,
        url=None,
        lang="ar",
        body=body,
        body_line=1,
    )
    return clean_article(article)


@pytest.fixture(scope="module")
def seeds() -> dict[str, CleanArticle]:
    return {
        "000": seed("000", "الزوبي يبحث مع نائب قائد أفريكوم تعزيز التعاون الأمني", "بوابة الوسط"),
        "001": seed("001", "مباحثات ليبية أمريكية في طرابلس لتعزيز التعاون الأمني والعسكري ومكافحة الإرهاب", "ليبيا الأحرار"),
        "002": seed("002", "الفريق “خالد حفتر” يفتح آفاق التعاون العسكري مع المملكة المتحدة", "Libya 24"),
    }


BOILERPLATE = ["IMG", "اترك تعليق", "زر الذهاب", "لن يتم نشر", "المزيد من الأخبار", "أخبار محلية", "أخبار ليبيا 24"]


@pytest.mark.parametrize("name", ["000", "001", "002"])
def test_seed_has_no_boilerplate_left(seeds: dict[str, CleanArticle], name: str) -> None:
    text = "\n".join(seeds[name].paragraphs)
    for marker in BOILERPLATE:
        assert marker not in text
    for sentence in sentences_of(seeds[name]):
        assert not sentence.text.startswith("-")


def test_seed_000_related_headlines(seeds: dict[str, CleanArticle]) -> None:
    result = seeds["000"]
    related = [r for r in result.removed if r.reason == "related-headlines"]
    assert len(related) == 15
    assert [r.line for r in related] == list(range(10, 25))
    assert related[0].text.startswith("هل تلجأ الأمم المتحدة")
    assert len(result.paragraphs) == 9
    assert any(p.startswith("ويأتي هذا الحراك") for p in result.paragraphs)
    assert result.paragraphs[-1].startswith("تعكس اللقاءات المتتالية")
    assert "حيث شارك من الجانب الليبي" in result.paragraphs[2]


def test_seed_001_keeps_every_paragraph(seeds: dict[str, CleanArticle]) -> None:
    result = seeds["001"]
    assert [r.reason for r in result.removed] == ["headline"]
    assert len(result.paragraphs) == 9
    assert result.paragraphs[0].startswith("شهدت العاصمة الليبية طرابلس")
    assert result.paragraphs[-1].startswith("ويُتوقع أن تساهم")


def test_seed_002_furniture_and_metadata(seeds: dict[str, CleanArticle]) -> None:
    result = seeds["002"]
    assert result.byline == "أخبار ليبيا 24"
    assert result.paragraphs[0].startswith("اجتمع الفريق ركن")
    assert result.paragraphs[-1].startswith("وفي طرابلس التقى")
    assert len(result.paragraphs) == 8
    assert "مناقشة الملفات الأمنية والعسكرية" in result.subheadings
    assert "بريطانيا تعزز تحالفاتها مع كافة الأطراف" in result.subheadings
    by_line = {r.line: r.reason for r in result.removed}
    assert by_line == {
        1: "breadcrumb",
        3: "headline",
        5: "subheading",
        7: "outlet-name",
        11: "subheading",
        17: "image-filenames",
        19: "subheading",
        28: "subheading",
        32: "related-headlines",
        34: "comment-form",
        36: "comment-form",
        38: "back-to-top",
    }


def test_seed_sentences_keep_story_text(seeds: dict[str, CleanArticle]) -> None:
    sentences = [s.text for s in sentences_of(seeds["000"])]
    assert len(sentences) == 9
    assert all(s.endswith(".") for s in sentences)
    assert [s.index for s in sentences_of(seeds["002"])] == list(range(len(sentences_of(seeds["002"]))))
