"""Date resolution: relative days with weekday checks, weekdays, periods,
absolute dates in every month-name system and digit script, the event date,
and the seeds."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from generator.text.arabic import split_sentences
from generator.briefs.dates import resolve_dates
from generator.models import Sentence

SEEDS = Path(__file__).resolve().parent.parent.parent / "shared" / "seeds"
WED = dt.date(2025, 9, 10)  # a Wednesday
D = dt.date


def sents(*texts: str) -> list[Sentence]:
    return [Sentence(i, t, 0) for i, t in enumerate(texts)]


def seed(prefix: str) -> list[Sentence]:
    path = next(SEEDS.glob(f"{prefix}_*.txt"))
    return sents(*split_sentences(path.read_text(encoding="utf-8")))


def only(text: str, published: dt.date = WED):
    mentions, _, _ = resolve_dates(sents(text), published)
    assert len(mentions) == 1, mentions
    return mentions[0]


@pytest.mark.parametrize(
    "text, words, resolved",
    [
        # relative days, with and without the weekday, with and without hamzas
        ("جرى اللقاء اليوم الأربعاء في طرابلس", "اليوم الأربعاء", D(2025, 9, 10)),
        ("جرى اللقاء اليوم الاربعاء", "اليوم الاربعاء", D(2025, 9, 10)),
        ("التقى أمس الثلاثاء الوفد", "أمس الثلاثاء", D(2025, 9, 9)),
        ("التقى امس الثلاثاء الوفد", "امس الثلاثاء", D(2025, 9, 9)),
        ("وكان قد وصل أمس", "أمس", D(2025, 9, 9)),
        ("ووصل مساء أول أمس", "أول أمس", D(2025, 9, 8)),
        ("ووصل أول من أمس الاثنين", "أول من أمس الاثنين", D(2025, 9, 8)),
        ("ويصل غداً الخميس", "غداً الخميس", D(2025, 9, 11)),
        ("ويصل غدا", "غدا", D(2025, 9, 11)),
        ("وأعلن وأمس الثلاثاء", "أمس الثلاثاء", D(2025, 9, 9)),  # conjunction dropped from the words
        # bare weekdays
        ("أعلنت الوزارة الثلاثاء", "الثلاثاء", D(2025, 9, 9)),
        ("أعلنت الوزارة الأربعاء", "الأربعاء", D(2025, 9, 10)),  # today's weekday: today
        ("أعلنت الوزارة يوم الأحد", "يوم الأحد", D(2025, 9, 7)),
        ("التقى الأربعاء الماضي", "الأربعاء الماضي", D(2025, 9, 3)),  # strictly before
        ("يلتقي الخميس المقبل", "الخميس المقبل", D(2025, 9, 11)),
        ("يلتقي يوم الأربعاء القادم", "يوم الأربعاء القادم", D(2025, 9, 17)),
        # absolute dates: Egyptian/Gulf, Levantine, Maghrebi, Moroccan, Libyan month names
        ("وقع في 10 سبتمبر 2025", "10 سبتمبر 2025", D(2025, 9, 10)),
        ("وقع في 5 ابريل 2024", "5 ابريل 2024", D(2024, 4, 5)),
        ("وقع في ١٠ أيلول ٢٠٢٥", "١٠ أيلول ٢٠٢٥", D(2025, 9, 10)),
        ("وقع في 3 تشرين الأول 2023", "3 تشرين الأول 2023", D(2023, 10, 3)),
        ("وقع في 1 كانون الثاني 2024", "1 كانون الثاني 2024", D(2024, 1, 1)),
        ("وقع في 10 أيلول/سبتمبر 2025", "10 أيلول/سبتمبر 2025", D(2025, 9, 10)),
        ("وقع في 14 جانفي 2011", "14 جانفي 2011", D(2011, 1, 14)),
        ("وقع في 7 أوت 2025", "7 أوت 2025", D(2025, 8, 7)),
        ("وقع في 20 جويلية 2025", "20 جويلية 2025", D(2025, 7, 20)),
        ("وقع في 30 غشت 2025", "30 غشت 2025", D(2025, 8, 30)),
        ("وقع في 2 شتنبر 2025", "2 شتنبر 2025", D(2025, 9, 2)),
        ("وقع في 17 النوار 2011", "17 النوار 2011", D(2011, 2, 17)),
        ("وقع في 1 الفاتح 2009", "1 الفاتح 2009", D(2009, 9, 1)),
        ("وقع في 15 الطير 1373 و.ر", "15 الطير 1373 و.ر", D(2005, 4, 15)),
        ("الاثنين ٨ سبتمبر ٢٠٢٥", "الاثنين ٨ سبتمبر ٢٠٢٥", D(2025, 9, 8)),
        # numeric
        ("بتاريخ 2025/9/10", "2025/9/10", D(2025, 9, 10)),
        ("بتاريخ 10-09-2025", "10-09-2025", D(2025, 9, 10)),
        ("بتاريخ ١٠/٠٩/٢٠٢٥", "١٠/٠٩/٢٠٢٥", D(2025, 9, 10)),
    ],
)
def test_resolves(text, words, resolved):
    mention = only(text)
    assert (mention.text, mention.resolved) == (words, resolved)


@pytest.mark.parametrize(
    "text, resolved, note_part",
    [
        ("في 5 سبتمبر", D(2025, 9, 5), "year not stated"),  # the publication year
        ("في 25 ديسمبر", D(2024, 12, 25), "2024"),  # would be > 2 months ahead: last year
        ("في 25 أكتوبر", D(2025, 10, 25), "2025"),  # within two months ahead: this year
    ],
)
def test_year_not_stated(text, resolved, note_part):
    mention = only(text)
    assert mention.resolved == resolved and note_part in mention.note


@pytest.mark.parametrize(
    "text, published, note",
    [
        ("جرى اليوم الاثنين", WED, "says Monday but 2025-09-10 is a Wednesday"),
        ("جرى أمس الأربعاء", WED, "says Wednesday but 2025-09-09 is a Tuesday"),
        ("غدا الجمعة", WED, "says Friday but 2025-09-11 is a Thursday"),
        ("الأحد 10 سبتمبر 2025", WED, "says Sunday but 2025-09-10 is a Wednesday"),
    ],
)
def test_weekday_conflicts_are_not_guessed(text, published, note):
    mention = only(text, published)
    assert mention.resolved is None and mention.note == note


@pytest.mark.parametrize(
    "text, note",
    [
        ("الأسبوع الماضي", "last week: 2025-09-01 to 2025-09-07"),
        ("الأسبوع المقبل", "next week: 2025-09-15 to 2025-09-21"),
        ("الشهر الماضي", "last month: August 2025"),
        ("العام الماضي", "last year: 2024"),
        ("في سبتمبر 2024", "a month, not a day: September 2024"),
        ("خلال شهر مارس", "a month, not a day: March"),
    ],
)
def test_periods_are_not_days(text, note):
    mention = only(text)
    assert mention.resolved is None and mention.note == note


@pytest.mark.parametrize(
    "text",
    [
        "مارس الضغط على الحكومة",  # مارس = "practised"
        "في فصل الربيع",  # Libyan month name, but no day number
        "شرب الماء",
        "جمال عبد الناصر",
        "أطلق 1400 صاروخ",
    ],
)
def test_month_words_without_a_number_are_not_dates(text):
    mentions, _, _ = resolve_dates(sents(text), WED)
    assert mentions == ()


def test_event_date_from_the_lead_and_fallback():
    _, event, notes = resolve_dates(sents("بحث الوزير مع السفير", "جرى اللقاء اليوم الأربعاء"), WED)
    assert event == WED and any("اليوم الأربعاء" in n for n in notes)
    _, event, notes = resolve_dates(sents("بحث الوزير مع السفير", "وتناول اللقاء الملفات"), WED)
    assert event == WED and "event date not stated; using publication date" in notes
    # a date only in the 5th sentence does not make the event date
    _, event, _ = resolve_dates(sents("أ", "ب", "ج", "د", "التقى أمس"), WED)
    assert event == WED
    # a conflict in the lead: no event date rather than a guess
    _, event, notes = resolve_dates(sents("جرى اليوم الاثنين"), WED)
    assert event is None and any("says Monday" in n for n in notes)


def test_seed_000():
    mentions, event, _ = resolve_dates(seed("000"), D(2025, 9, 10))
    by_text = {m.text: m.resolved for m in mentions}
    assert by_text["اليوم الأربعاء"] == D(2025, 9, 10)
    assert by_text["أمس الثلاثاء"] == D(2025, 9, 9)
    assert event == D(2025, 9, 10)


def test_seed_001_on_its_date_and_with_a_wrong_dateline():
    mentions, event, _ = resolve_dates(seed("001"), D(2025, 9, 8))
    assert [(m.text, m.resolved) for m in mentions][0] == ("اليوم الاثنين", D(2025, 9, 8))
    assert event == D(2025, 9, 8) and event.weekday() == 0
    mentions, event, notes = resolve_dates(seed("001"), D(2025, 9, 10))
    assert mentions[0].resolved is None
    assert mentions[0].note == "says Monday but 2025-09-10 is a Wednesday"
    assert event is None and any("conflict" in n for n in notes)


def test_seed_002_has_no_date():
    mentions, event, notes = resolve_dates(seed("002"), D(2025, 9, 10))
    assert mentions == () and event == D(2025, 9, 10)
    assert "event date not stated; using publication date" in notes
