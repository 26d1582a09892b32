"""The outlet registry (content/sources.yaml): names in the reader's language,
who the outlet is on its source page, ingest filling `source` from a URL,
unknown outlets reported."""

from __future__ import annotations

import shutil

import yaml
from click.testing import CliRunner

from generator.build import prepare
from generator.cli import cli
from generator.briefs.content import read_article
from generator.briefs.ingest import ingest_file
from generator.site.render import render_site
from generator.briefs.sources import build_registry, host_of, load_registry

from .conftest import REPO, SEEDS
from .test_render import D10, config_for, html, sample_digests

SHIPPED = REPO / "content" / "sources.yaml"


def shipped():
    registry, problems = load_registry(REPO / "content")
    assert problems == []
    return registry


def test_shipped_registry_names_every_outlet_in_both_languages():
    registry = shipped()
    ids = {o.id for o in registry.outlets}
    for expected in (
        "libya-observer",
        "al-wasat",
        "libya-218",
        "libya-al-ahrar",
        "alnabaa",
        "ain-libya",
        "al-marsad",
        "lana",
        "akhbar-libya-24",
        "libya-herald",
        "reuters",
        "afp",
        "anadolu",
        "al-jazeera",
        "sky-news-arabia",
        "asharq-al-awsat",
        "al-arabiya",
    ):
        assert expected in ids
    for outlet in registry.outlets:
        assert outlet.name_en and outlet.name_ar and outlet.alignment_en and outlet.alignment_ar
        assert outlet.note, f"{outlet.id}: the alignment needs a reviewable note"


def test_names_are_found_whatever_the_spelling_and_shown_in_the_reader_language():
    registry = shipped()
    assert registry.display("Akhbar Libya 24", "ar") == "أخبار ليبيا 24"
    assert registry.display("akhbar libya 24", "en") == "Akhbar Libya 24"
    # Arabic written with another alef form finds the English name
    assert registry.display("بوابة الوسط", "en") == "Al Wasat"
    assert registry.display("وكالة الاناضول", "en") == "Anadolu Agency"
    # an unregistered outlet keeps its name as written
    assert registry.display("Some Blog", "ar") == "Some Blog"
    assert registry.find("Libya Observer").country_name("ar") == "ليبيا"
    assert registry.find("Al Jazeera").country_name("en_GB") == "Qatar"


def test_outlet_is_found_from_an_article_url():
    registry = shipped()
    assert registry.by_url("https://www.libyaobserver.ly/news/some-story").id == "libya-observer"
    assert registry.by_url("https://english.aawsat.com/arab-world/x").id == "asharq-al-awsat"
    assert registry.by_url("https://218tv.net/a").id == "libya-218"
    assert registry.by_url("https://example.org/a") is None
    assert registry.by_url("javascript:alert(1)") is None
    assert host_of("ftp://libyaobserver.ly/") is None


def test_registry_problems_name_the_file_and_line():
    text = "outlets:\n  - id: a\n    en: A\n    ar: أ\n    kind: blog\n  - id: b\n    en: A\n    ar: ب\n    kind: agency\n"
    _, problems = build_registry(yaml.safe_load(text), "content/sources.yaml", [2, 6])
    messages = [p.format() for p in problems]
    assert "content/sources.yaml:2: warning: outlet 'a': kind 'blog' is not one of" in messages[0]
    assert messages[1] == "content/sources.yaml:6: error: outlet 'b': the name 'A' is also 'a''s"


def test_pages_show_outlets_in_the_reader_language(tmp_path):
    config = config_for(tmp_path)
    (tmp_path / "content").mkdir()
    shutil.copy(SHIPPED, tmp_path / "content" / "sources.yaml")
    files, problems = render_site(config, sample_digests(), D10)
    assert not problems
    ar_story = html(files, "ar/stories/2025-09-10-gastec/index.html")
    assert "<bdi>أخبار ليبيا 24</bdi>" in ar_story and "Akhbar Libya 24" not in ar_story
    en_digest = html(files, "en/2025-09-10/index.html")
    # "بوابة الوسط" in the article's front matter: its English name on English pages
    assert "<bdi>Al Wasat</bdi>" in en_digest and "<bdi>Libya Observer</bdi>" in en_digest
    ar_digest = html(files, "ar/2025-09-10/index.html")
    assert "<bdi>ليبيا أوبزرفر</bdi>" in ar_digest
    source_page = html(files, "ar/sources/libya-observer/index.html")
    assert "<h1><bdi>ليبيا أوبزرفر</bdi></h1>" in source_page
    assert "<dd>طرابلس</dd>" in source_page and "<dd>ليبيا</dd>" in source_page
    assert 'href="https://libyaobserver.ly/"' in source_page
    en_source = html(files, "en/sources/libya-observer/index.html")
    assert "often described as close to the Tripoli-based authorities" in en_source


def test_ingest_fills_the_source_from_the_url(project):
    shutil.copy(SHIPPED, project / "content" / "sources.yaml")
    seed = SEEDS / "001_51fdb838e90c6f18.txt"
    result = ingest_file(seed, project / "content", date=D10, url="https://www.alwasat.ly/news/libya/123")
    assert result.outlet == "Al Wasat" and result.warnings == ()
    article, problems = read_article(result.target, project)
    assert problems == [] and article.source == "Al Wasat"


def test_ingest_warns_about_an_unknown_outlet_naming_the_file(project):
    shutil.copy(SHIPPED, project / "content" / "sources.yaml")
    seed = SEEDS / "001_51fdb838e90c6f18.txt"
    result = CliRunner().invoke(cli, ["ingest", "-p", str(project), "--url", "https://unknown.example/a", str(seed)])
    assert result.exit_code == 0
    assert f"{seed}: warning: no outlet in sources.yaml serves 'unknown.example'" in result.output
    assert "(fill in: date, source)" in result.output


def test_build_warns_about_articles_from_unregistered_outlets(project):
    (project / "content" / "sources.yaml").write_text(
        "outlets:\n  - id: test\n    en: Test Outlet\n    ar: منفذ الاختبار\n    kind: news-site\n", encoding="utf-8"
    )
    from generator.config import load_config

    config, _ = load_config(project)
    report = prepare(config, offline=True).report
    warnings = [p.format() for p in report.warnings if "sources.yaml" in p.message]
    expected = "content/articles/2025-09-10/border-patrol.md: warning: outlet 'Second Outlet' is not in sources.yaml"
    assert warnings == [expected]
