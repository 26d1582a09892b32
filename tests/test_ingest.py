"""briefing ingest: raw scraped text becomes a content file to fill in."""

import datetime as dt
import shutil

import pytest
from click.testing import CliRunner

from generator.cli import cli
from generator.briefs.content import read_article
from generator.errors import ContentError
from generator.briefs.ingest import guess_title, ingest_file

from .conftest import SEEDS


def test_ingest_seed_writes_front_matter_and_keeps_text(project):
    seed = SEEDS / "001_51fdb838e90c6f18.txt"
    result = ingest_file(seed, project / "content", date=dt.date(2025, 9, 8), source="Outlet")
    assert result.target == project / "content/articles/2025-09-08/001-51fdb838e90c6f18.md"
    article, problems = read_article(result.target, project)
    assert problems == []
    assert article.title.startswith("مباحثات ليبية أمريكية في طرابلس")
    assert article.source == "Outlet" and article.date == dt.date(2025, 9, 8)
    # the raw text is the body, unchanged: cleaning happens in the pipeline
    assert article.body == seed.read_text(encoding="utf-8") + ("" if seed.read_text(encoding="utf-8").endswith("\n") else "\n")


def test_ingest_without_metadata_leaves_todos_that_the_build_reports(project):
    seed = SEEDS / "000_f00c3430c6cb4abd.txt"
    result = ingest_file(seed, project / "content")
    text = result.target.read_text(encoding="utf-8")
    assert result.target.parent.name == "undated"
    assert "date:  # TODO" in text and "source:  # TODO" in text
    article, problems = read_article(result.target, project)
    assert article is None
    assert [p.message for p in problems] == ["missing 'date' in front matter", "missing 'source' in front matter"]


def test_ingest_never_overwrites(project):
    seed = SEEDS / "002_654c0ed626b27172.txt"
    first = ingest_file(seed, project / "content", date=dt.date(2025, 9, 10))
    before = first.target.read_bytes()
    with pytest.raises(ContentError, match="already exists; not overwriting it"):
        ingest_file(seed, project / "content", date=dt.date(2025, 9, 10))
    assert first.target.read_bytes() == before


def test_ingest_empty_file_is_an_error(project, tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_text("\n\n", encoding="utf-8")
    with pytest.raises(ContentError, match=r"empty.txt:1: error: empty file"):
        ingest_file(empty, project / "content")


@pytest.mark.parametrize(
    "text, title",
    [
        ("مباحثات ليبية أمريكية في طرابلس\n\nنص", "مباحثات ليبية أمريكية في طرابلس"),
        ("أخبار محليةالأخبار\n\nعنوان طويل بما يكفي هنا", ""),  # a two-word site label is no title
        ("بحث الوزير مع السفير سبل التعاون.\nثم", ""),  # a sentence, not a headline
    ],
)
def test_guess_title(text, title):
    assert guess_title(text) == title


def test_cli_ingest_many_and_reports_failures(project, tmp_path):
    good = tmp_path / "My Article.txt"
    shutil.copy(SEEDS / "001_51fdb838e90c6f18.txt", good)
    result = CliRunner().invoke(
        cli, ["ingest", "-p", str(project), "--date", "2025-09-08", str(good), str(tmp_path / "missing.txt")]
    )
    assert result.exit_code == 1
    assert "-> content/articles/2025-09-08/my-article.md (fill in: source)" in result.output
    assert "missing.txt: error: no such file" in result.output


def test_ingest_writes_the_title_of_the_cleaned_text(project, tmp_path):
    # the first lines are a crawl field, a masthead date line and the site's
    # name: the title is the first line cleaning keeps, without its site suffix
    raw = tmp_path / "scraped.txt"
    raw.write_text(
        "date 2025-06-03\nالثلاثاء 3 يونيو 2025 طرابلس ليبيا\nبوابة الجنوب\n"
        "بلدية سبها تعلن خطة لصيانة شبكة المياه - بوابة الجنوب\n"
        "أعلنت بلدية سبها، اليوم الثلاثاء، خطة لصيانة شبكة المياه في الأحياء الجنوبية خلال الصيف.\n"
        "وقال عميد البلدية إن الأعمال ستبدأ الأسبوع المقبل بتمويل من وزارة الحكم المحلي.\n",
        encoding="utf-8",
    )
    result = ingest_file(raw, project / "content", date=dt.date(2025, 6, 3), source="بوابة الجنوب")
    assert result.title == "بلدية سبها تعلن خطة لصيانة شبكة المياه"
    article, _ = read_article(result.target, project)
    assert article.title == "بلدية سبها تعلن خطة لصيانة شبكة المياه"
