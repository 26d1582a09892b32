"""Index pages in each language's order: the Arabic collation key, actors
grouped by kind and affiliation, tags through the taxonomy."""

from __future__ import annotations

import re
import shutil

import pytest

from generator.site.indexes import arabic_sort_key, in_order
from generator.site.render import render_site

from .conftest import REPO
from .test_render import D10, config_for, html, sample_digests


@pytest.mark.parametrize(
    ("names", "expected"),
    [
        # hamza forms are their carrier: إ/أ/آ are all alef, then the next letter decides
        (["آمنة", "أسامة حماد", "إبراهيم"], ["إبراهيم", "أسامة حماد", "آمنة"]),
        # the article is ignored: الصديق sorts under ص, after خ and before ع
        (["عبدالحميد الدبيبة", "الصديق الكبير", "خليفة حفتر"], ["خليفة حفتر", "الصديق الكبير", "عبدالحميد الدبيبة"]),
        # alphabetical (hija'i) order, not code-point order: ة is ه, ى is ي
        (["هدى", "وليد", "نجلاء", "يحيى"], ["نجلاء", "هدى", "وليد", "يحيى"]),
        # a shorter word comes first; digits before letters, Latin after Arabic
        (["ليبيا الأحرار", "ليبيا", "218", "Reuters"], ["218", "ليبيا", "ليبيا الأحرار", "Reuters"]),
    ],
)
def test_arabic_collation(names, expected):
    assert in_order(names, "ar", lambda name: name) == expected


def test_arabic_key_ignores_diacritics_tatweel_and_hamza_forms():
    assert arabic_sort_key("مُحـمّد") == arabic_sort_key("محمد")
    assert arabic_sort_key("الأناضول") == arabic_sort_key("اناضول")
    assert arabic_sort_key("مؤسسة") == arabic_sort_key("موسسه")


def test_english_order_ignores_case_and_accents():
    assert in_order(["brennan", "Émile", "al-Zoubi", "Abdulsalam"], "en", lambda n: n) == [
        "Abdulsalam",
        "al-Zoubi",
        "brennan",
        "Émile",
    ]


@pytest.fixture
def site(tmp_path):
    (tmp_path / "content").mkdir()
    for name in ("gazetteer.yaml", "topics.yaml", "sources.yaml"):
        shutil.copy(REPO / "content" / name, tmp_path / "content" / name)
    files, problems = render_site(config_for(tmp_path), sample_digests(), D10)
    assert not problems
    return files


def headings_and_names(page: str) -> list[str]:
    main = page[page.index("<main") : page.index("</main>")]
    found = re.findall(
        r'<h2 class="index-kind">([^<]+)</h2>|<h3 class="index-group">([^<]+)</h3>|'
        r'<li><a href="[^"]*">(?:<bdi>)?([^<]+)',
        main,
    )
    return [next(part for part in parts if part) for parts in found]


def test_actor_index_groups_people_by_affiliation(site):
    # Brennan is in the gazetteer with AFRICOM as his organisation; the
    # sample's Zoubi id is not, so he is listed under "other people"
    assert headings_and_names(html(site, "ar/actors/index.html")) == [
        "الشخصيات",
        "القيادة العسكرية الأميركية في أفريقيا",
        "الفريق جون برينان",
        "شخصيات أخرى",
        "عبدالسلام الزوبي",
    ]
    assert headings_and_names(html(site, "en/actors/index.html")) == [
        "People",
        "US Africa Command",
        "Lt Gen John Brennan",
        "Other people",
        "Abdulsalam al-Zoubi",
    ]


def test_source_index_in_each_language_order(site):
    ar = headings_and_names(html(site, "ar/sources/index.html"))
    # أخبار ليبيا 24 (ا), بوابة الوسط (ب), ليبيا أوبزرفر (ل)
    assert ar == ["أخبار ليبيا 24", "بوابة الوسط", "ليبيا أوبزرفر"]
    en = headings_and_names(html(site, "en/sources/index.html"))
    assert en == ["Akhbar Libya 24", "Al Wasat", "Libya Observer"]


def test_tags_are_translated_through_the_taxonomy_and_gazetteer(tmp_path):
    from generator.text.gazetteer import load_gazetteer
    from generator.site.indexes import tag_labels
    from generator.briefs.topics import load_taxonomy

    gazetteer, _ = load_gazetteer(REPO / "content" / "gazetteer.yaml")
    taxonomy, _ = load_taxonomy(REPO / "content" / "topics.yaml")
    labels = tag_labels(taxonomy, gazetteer)
    assert labels["security"] == ("Security cooperation", "التعاون الأمني")
    assert labels["united-states"][1] == "الولايات المتحدة"
    assert labels["migration"][0] == "Migration"


def test_site_lexicons_give_what_the_gazetteer_gives_and_survive_pickling():
    """The build keeps the pages' share of the lexicons in its store (pickled),
    so an unchanged rebuild need not parse the YAML: it must be the same data."""
    import pickle

    from generator.config import load_config
    from generator.site.indexes import affiliations, tag_labels
    from generator.models import Actor
    from generator.site.render import index_lexicons, site_lexicons

    config, _ = load_config(REPO)  # the demo's lexicons: people with organisations, places with coordinates
    gazetteer, taxonomy = index_lexicons(config)
    lexicons = pickle.loads(pickle.dumps(site_lexicons(config)))
    assert lexicons.labels == tag_labels(taxonomy, gazetteer)
    affiliation_of = affiliations(gazetteer)
    actors = [Actor(p.id, "person", "", "") for p in gazetteer.people] + [
        Actor(o.id, "organisation", "", "") for o in gazetteer.organisations
    ]
    actors.append(Actor("unknown:someone", "person", "", ""))
    assert [lexicons.affiliation(a) for a in actors] == [affiliation_of(a) for a in actors]
    assert any(lexicons.affiliation(a) for a in actors)
    placed = [p for p in gazetteer.places if p.lat is not None]
    assert placed and all(lexicons.coordinates[p.id] == (p.lat, p.lon) for p in placed)
