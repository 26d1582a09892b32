"""English-language source articles (generator/briefs/english.py, issue 12)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from generator.briefs.brief import BriefResources, brief_article
from generator.briefs.content import read_article
from generator.briefs.english import detect_language, english_dates, english_entities, english_event_kind
from generator.text.gazetteer import load_gazetteer
from generator.briefs.ingest import ingest_file
from generator.models import Article, Sentence

STORIES = Path(__file__).resolve().parent / "fixtures" / "stories"


def sentences(*texts):
    return tuple(Sentence(i, t, 0) for i, t in enumerate(texts))


def test_language_of_a_text():
    assert detect_language("قُتل آمر جهاز دعم الاستقرار مساء الاثنين في طرابلس.") == "ar"
    assert detect_language("Gunfire rocked the Libyan capital on Monday night.") == "en"
    # Arabic prose carrying a Latin name or acronym stays Arabic
    assert detect_language("وأضافت أن شركة “Zueitina” تشرف على أعمال الحفر في حقل زلطن النفطي.") == "ar"


def test_dates_resolved_against_the_publication_date():
    tuesday = dt.date(2025, 5, 13)
    mentions, event, notes = english_dates(
        sentences(
            "The commander was shot dead on Monday evening in southern Tripoli.",
            "Residents said calm returned yesterday, and talks are planned for May 20.",
        ),
        tuesday,
    )
    assert event == dt.date(2025, 5, 12)
    resolved = {m.text: m.resolved for m in mentions}
    assert resolved == {"Monday": dt.date(2025, 5, 12), "yesterday": dt.date(2025, 5, 12), "May 20": dt.date(2025, 5, 20)}
    assert "2025-05-12" in notes[0]
    # a wire dateline gives the day too; no date at all: the publication date
    assert english_dates(sentences("TRIPOLI, May 12 (Reuters) - Heavy gunfire broke out."), tuesday)[1] == dt.date(2025, 5, 12)
    assert english_dates(sentences("Residents stayed indoors."), tuesday)[1] == tuesday


def test_names_through_the_gazetteers_english_forms():
    gazetteer, problems = load_gazetteer(STORIES / "content" / "gazetteer.yaml")
    assert not problems
    actors, places, _ = english_entities(
        sentences(
            "Abdulghani Kikli, head of the Stability Support Apparatus (SSA), was killed in Abu Salim.",
            "Al-Kikli's men withdrew from the district, Tripoli residents said.",
        ),
        gazetteer,
    )
    assert [a.id for a in actors] == ["abdulghani-al-kikli", "stability-support-apparatus"]
    assert actors[0].name_ar == "عبدالغني الككلي"  # the Arabic structure comes from the gazetteer
    assert [p.id for p in places] == ["abu-salim", "tripoli"]


def test_event_kinds_specific_before_general():
    assert english_event_kind(sentences("The ministry said the commander was killed on Monday."))[0] == "killing"
    assert english_event_kind(sentences("The council dismissed the central bank governor."))[0] == "dismissal"
    assert english_event_kind(sentences("The UN mission said in a statement it was concerned."))[0] == "statement"


@pytest.mark.parametrize(
    ("headline", "lead", "kind"),
    [
        # the headline's present tense names the event the lead goes on to tell
        ("Council sacks port authority chief", "The council met on Sunday and said the chief had been replaced.", "dismissal"),
        ("Oil company lifts force majeure at eastern terminals", "Exports halted in July will restart this week.", "resumption"),
        ("Eastern fields halt output amid budget row", "Officials said production would stop until further notice.", "shutdown"),
        ("Thirty migrants dead or missing off the western coast", "The agency said in a statement that a boat sank.", "disaster"),
        ("Unity force commander reported dead after overnight fighting", "Gunfire was heard across the city.", "killing"),
        ("Clashes follow the brigade leader's killing", "Residents reported fighting in two districts.", "killing"),
        ("Ministry announces ceasefire across the capital", "The fighting had lasted two nights.", "decision"),
        ("Embassy denies its vehicles were targeted", "Shots were fired near the convoy, an official said.", "attack"),
        ("Envoy urges restraint after the night's killings", "Two fighters were killed, the mission said.", "statement"),
        ("Army chief receives visiting delegation", "The two sides talked about border security, a statement said.", "meeting"),
        ("Parliament approves new audit bureau head", "The vote was held in Benghazi.", "appointment"),
    ],
)
def test_event_kind_reads_the_headline_first(headline, lead, kind):
    assert english_event_kind(sentences(lead), headline=headline) == (kind, -1)


def test_event_kind_falls_back_to_the_lead_and_an_adjective_is_not_an_event():
    # "ousted" describes the man; what happened is his statement
    assert english_event_kind(sentences("He said he left the country."), headline="Ousted bank chief speaks")[0] == "statement"
    assert english_event_kind(sentences("Floods hit the town on Monday."), headline="In the valley")[0:2] == ("disaster", 0)


def test_mixed_page_english_sentences_are_never_briefed_as_arabic():
    body = (
        "أعلنت المؤسسة الوطنية للنفط استئناف الإنتاج في حقل الشرارة بعد توقف دام أسبوعين.\n\n"
        "وقالت المؤسسة إن الإنتاج سيعود إلى معدله الطبيعي خلال أيام.\n\n"
        "The National Oil Corporation announced the resumption of production at the Sharara field.\n\n"
        "Production will return to its normal rate within days, the corporation said.\n"
    )
    article = Article(
        path="content/articles/2024-10-03/noc.md",
        slug="noc",
        title="",
        date=dt.date(2024, 10, 3),
        source="NOC",
        url=None,
        lang="ar",
        body=body,
        body_line=1,
    )
    brief = brief_article(article, BriefResources())
    assert brief.sentences and all(detect_language(s.text) == "ar" for s in brief.sentences)
    assert all(detect_language(p.text) == "ar" for p in brief.key_points)
    assert any("mixed page: 2 sentence(s) not in Arabic" in note for note in brief.explanation)


def test_lang_en_is_read_and_other_languages_are_refused_with_the_line(tmp_path):
    folder = tmp_path / "content" / "articles" / "2025-05-13"
    folder.mkdir(parents=True)
    good = folder / "report.md"
    good.write_text(
        "---\ntitle: Calm returns\ndate: 2025-05-13\nsource: Outlet\nlang: en\n---\nCalm returned.\n", encoding="utf-8"
    )
    article, problems = read_article(good, tmp_path)
    assert article is not None and article.lang == "en" and not problems
    bad = folder / "rapport.md"
    bad.write_text("---\ntitle: Calme\ndate: 2025-05-13\nsource: Outlet\nlang: fr\n---\nLe calme.\n", encoding="utf-8")
    article, problems = read_article(bad, tmp_path)
    assert article is None
    assert problems[0].format() == (
        "content/articles/2025-05-13/rapport.md:5: error: lang 'fr' is not supported: "
        "articles are Arabic ('ar') or English ('en')"
    )


def test_ingest_detects_english(tmp_path):
    source = tmp_path / "reuters.txt"
    source.write_text("Gunfire rocks Libyan capital\n\nHeavy gunfire broke out in Tripoli on Monday night.\n", encoding="utf-8")
    result = ingest_file(source, tmp_path / "content", date=dt.date(2025, 5, 13), source="Reuters")
    text = result.target.read_text(encoding="utf-8")
    assert "\nlang: en" in text
    article, _ = read_article(result.target, tmp_path)
    assert article is not None and article.lang == "en"
