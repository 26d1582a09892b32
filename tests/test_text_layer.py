"""The Arabic text layer: the annotated document, the shared lexicon reader,
and the TF-IDF the key points share with clustering."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import numpy as np

from generator.briefs.dates import resolve_dates
from generator.briefs.entities import extract_entities
from generator.briefs.events import detect_event_explained
from generator.text.gazetteer import load_gazetteer
from generator.models import Sentence
from generator.briefs.summarise import key_points
from generator.text.document import HEADLINE_INDEX, annotate
from generator.text.lexicons import read_lexicon
from generator.text.tokens import scan
from generator.text.textsim import project, vectorise
from generator.briefs.topics import load_taxonomy, match_topics
from generator.translation.glossary import Glossary

CORPUS = Path(__file__).parent / "corpus" / "content"

SENTENCES = tuple(
    Sentence(i, text, 0)
    for i, text in enumerate(
        [
            "استقبل رئيس المجلس الرئاسي محمد المنفي، اليوم الأحد، في طرابلس سفير إيطاليا لدى ليبيا.",
            "وبحث الجانبان ملفات الهجرة غير الشرعية والتعاون الأمني بين البلدين.",
            "وأكد المنفي أهمية دعم المسار الانتخابي، بحسب بيان للمكتب الإعلامي.",
        ]
    )
)
HEADLINE = "المنفي يستقبل السفير الإيطالي في طرابلس"


def test_the_document_holds_each_sentences_tokens_and_mentions():
    gazetteer, _ = load_gazetteer(CORPUS / "gazetteer.yaml")
    document = annotate(SENTENCES, gazetteer, HEADLINE)
    expected_mentions = gazetteer.find_all([s.text for s in SENTENCES])
    for sentence, annotated, mentions in zip(SENTENCES, document.sentences, expected_mentions):
        assert annotated.tokens == tuple(scan(sentence.text))
        assert list(annotated.mentions) == mentions
        assert len(annotated.stems) == len(annotated.tokens)
    assert any(m.id for s in document.sentences for m in s.mentions)  # the corpus gazetteer knows al-Menfi
    assert document.headline is not None and document.headline.index == HEADLINE_INDEX
    assert document.tokens(HEADLINE) == tuple(scan(HEADLINE))
    # a text outside the document is annotated on the spot, without mentions
    other = "نص آخر لا يرد في المقال"
    assert document.tokens(other) == tuple(scan(other)) and document.of(other).mentions == ()


def test_extractors_read_the_document_as_they_read_the_sentences():
    gazetteer, _ = load_gazetteer(CORPUS / "gazetteer.yaml")
    taxonomy, _ = load_taxonomy(CORPUS / "topics.yaml")
    document = annotate(SENTENCES, gazetteer, HEADLINE)
    import datetime as dt

    published = dt.date(2025, 9, 7)
    assert extract_entities(SENTENCES, gazetteer, document) == extract_entities(SENTENCES, gazetteer)
    assert resolve_dates(SENTENCES, published, document) == resolve_dates(SENTENCES, published)
    with_headline = (Sentence(HEADLINE_INDEX, HEADLINE, HEADLINE_INDEX),) + SENTENCES
    assert match_topics(with_headline, taxonomy, document=document) == match_topics(with_headline, taxonomy)
    actors, places, _ = extract_entities(SENTENCES, gazetteer)
    assert detect_event_explained(SENTENCES, actors, places, published, HEADLINE, document) == detect_event_explained(
        SENTENCES, actors, places, published, HEADLINE
    )
    assert key_points(SENTENCES, document=document) == key_points(SENTENCES)


def test_a_lexicon_file_is_parsed_once_while_its_bytes_stay_the_same(tmp_path):
    path = tmp_path / "gazetteer.yaml"
    path.write_text("places:\n  - id: sirte\n    en: Sirte\n    ar: سرت\n", encoding="utf-8")
    first, problems = read_lexicon(path, "content/gazetteer.yaml")
    again, _ = read_lexicon(path, "other label")
    assert problems == [] and again is first  # the same parse, whoever reads it
    assert first["places"][0]["__line__"] == 2  # lines come from yamlio's reader
    path.write_text("places:\n  - id: derna\n    en: Derna\n    ar: درنة\n", encoding="utf-8")
    edited, _ = read_lexicon(path, "content/gazetteer.yaml")
    assert edited is not first and edited["places"][0]["id"] == "derna"


def test_the_gazetteer_and_the_glossary_share_one_parse(tmp_path):
    content = tmp_path / "content"
    content.mkdir()
    (content / "gazetteer.yaml").write_text(
        "places:\n  - id: sirte\n    en: Sirte\n    ar: سرت\n  - id: sirte\n    en: Sirte again\n    ar: سرت\n",
        encoding="utf-8",
    )
    gazetteer, problems = load_gazetteer(content / "gazetteer.yaml")
    glossary = Glossary.load(content)
    assert [p.id for p in gazetteer.places] == ["sirte"]
    # the duplicate is reported on its own line, as before
    assert any("duplicate id 'sirte'" in p.message and p.line == 5 for p in problems)
    assert any(t.en == "Sirte" for t in glossary.terms)


def test_a_missing_lexicon_is_an_error_naming_the_file(tmp_path):
    gazetteer, problems = load_gazetteer(tmp_path / "gazetteer.yaml")
    assert gazetteer.people == () and problems[0].severity == "error"
    assert problems[0].message.startswith("cannot read the gazetteer:")
    taxonomy, problems = load_taxonomy(tmp_path / "topics.yaml")
    assert taxonomy.topics == () and problems[0].message.startswith("cannot read the topic taxonomy:")


def test_a_projected_text_is_weighed_like_a_row_of_the_batch():
    rows = [Counter("a b b c".split()), Counter("b c d".split()), Counter("d e".split())]
    vectors = vectorise(rows, term_weights={"b": 0.3})
    dense = vectors.dense()
    # a text already in the batch lands on its own row
    assert np.allclose(project(vectors, rows[1]), dense[1])
    # words outside the vocabulary weigh in the length only
    title = project(vectors, Counter(["a", "zzz"]))
    assert title[vectors.terms.index("a")] > 0 and np.linalg.norm(title) < 1.0
    # term weights apply: "b" counts less than "c" in a row holding both once
    row = dense[1]
    assert row[vectors.terms.index("b")] < row[vectors.terms.index("c")]
