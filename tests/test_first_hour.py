"""A user's first hour: `briefing init`, the packaged theme and its
file-by-file override, -q/-v, exit codes that tell the truth, and the fonts."""

from __future__ import annotations

import shutil
import tomllib
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from generator.cli import cli
from generator.commands._common import configure_output
from generator.site.theme_lookup import packaged_theme

REPO = Path(__file__).resolve().parent.parent
ARTICLE = "content/articles/2025-09-10/border-patrol.md"


@pytest.fixture(autouse=True)
def _reset_logging():
    yield
    configure_output()  # each invocation sets the level; leave the default for the next test


def invoke(*args: str):
    return CliRunner().invoke(cli, list(args))


# --- init ---------------------------------------------------------------------------


def test_init_makes_a_project_that_builds_with_arabic_and_english_pages(tmp_path):
    target = tmp_path / "x"
    result = invoke("init", str(target))
    assert result.exit_code == 0, result.output
    for name in (
        "briefing.toml",
        ".gitignore",
        ".github/workflows/pages.yml",
        "content/gazetteer.yaml",
        "content/topics.yaml",
        "content/glossary.yaml",
        "content/translation-memory.yaml",
    ):
        assert (target / name).is_file(), name
    assert (target / "content" / "articles").is_dir()
    assert tomllib.loads((target / "briefing.toml").read_text(encoding="utf-8")) == {}  # every key commented
    assert "# base_url = " in (target / "briefing.toml").read_text(encoding="utf-8")
    assert "pip install -r requirements.txt" in (target / ".github/workflows/pages.yml").read_text(encoding="utf-8")
    built = invoke("build", "-p", str(target), "--offline", "--strict")
    assert built.exit_code == 0, built.output
    assert 'lang="ar" dir="rtl"' in (target / "site/ar/index.html").read_text(encoding="utf-8")
    assert 'lang="en" dir="ltr"' in (target / "site/en/index.html").read_text(encoding="utf-8")


def test_init_demo_copies_the_demo_articles(tmp_path):
    target = tmp_path / "d"
    assert invoke("init", "--demo", str(target)).exit_code == 0
    articles = sorted(p.relative_to(target / "content").as_posix() for p in (target / "content/articles").rglob("*.md"))
    assert articles == sorted(p.relative_to(REPO / "content").as_posix() for p in (REPO / "content/articles").rglob("*.md"))
    built = invoke("build", "-p", str(target), "--offline")
    assert built.exit_code == 0, built.output
    assert (target / "site/en/2025-09-10/index.html").is_file()


def test_init_refuses_to_overwrite_and_writes_nothing(tmp_path):
    target = tmp_path / "x"
    target.mkdir()
    (target / "briefing.toml").write_text("base_url = 'mine'\n", encoding="utf-8")
    result = invoke("init", str(target))
    assert result.exit_code == 1
    assert "not overwriting briefing.toml" in result.output
    assert (target / "briefing.toml").read_text(encoding="utf-8") == "base_url = 'mine'\n"
    assert sorted(p.name for p in target.iterdir()) == ["briefing.toml"]  # nothing else written


# --- the packaged theme, overridden file by file ---------------------------------------


def test_a_project_template_overrides_one_file_of_the_packaged_theme(project):
    toml = project / "briefing.toml"
    toml.write_text(
        toml.read_text(encoding="utf-8").replace(
            f'templates_dir = "{(REPO / "templates").as_posix()}"', 'templates_dir = "templates"'
        ),
        encoding="utf-8",
    )
    own = project / "templates"
    (own / "static").mkdir(parents=True)
    base = (packaged_theme() / "base.html").read_text(encoding="utf-8")
    (own / "base.html").write_text(base.replace('<main id="main">', '<main id="main" data-theme="mine">'), encoding="utf-8")
    (own / "static" / "style.css").write_text("body { color: black; }\n", encoding="utf-8")
    result = invoke("build", "-p", str(project), "--offline")
    assert result.exit_code == 0, result.output
    site = project / "site"
    assert 'data-theme="mine"' in (site / "en/2025-09-10/index.html").read_text(encoding="utf-8")
    assert (site / "assets/style.css").read_text(encoding="utf-8") == "body { color: black; }\n"
    # everything the project did not copy still comes from the package
    assert (site / "assets/search.js").read_bytes() == (packaged_theme() / "static/search.js").read_bytes()
    assert "brief-header" in (site / "en/2025-09-10/border-patrol/index.html").read_text(encoding="utf-8")
    # and the Arabic catalog still applies
    assert "أُعدّ من مواد منشورة حتى" in (site / "ar/index.html").read_text(encoding="utf-8")


# --- -q and -v -----------------------------------------------------------------------


def test_quiet_prints_nothing_on_success(project):
    result = invoke("build", "-q", "-p", str(project), "--offline")
    assert result.exit_code == 0
    assert result.stdout == "" and result.stderr == ""
    loud = invoke("build", "-p", str(project), "--offline")
    assert "site written to site/" in loud.stderr


def test_quiet_still_prints_problems(project):
    (project / "content/articles/2025-09-10/bad.md").write_text("---\ntitle: x\n---\nنص\n", encoding="utf-8")
    result = invoke("build", "-q", "-p", str(project), "--offline")
    assert result.exit_code == 1
    assert "bad.md" in result.stderr and "error" in result.stderr
    assert "site written" not in result.stderr


def test_clustering_notes_only_with_verbose(demo_project):
    normal = invoke("build", "-p", str(demo_project), "--offline")
    verbose = invoke("build", "-v", "-p", str(demo_project), "--offline")
    assert "clustering: 3 brief(s)" in normal.stderr  # the totals stay
    assert "one event?" not in normal.output
    assert "one event?" in verbose.stderr


def test_every_command_has_verbose_and_quiet():
    def leaves(command, path=()):
        # asked as click asks a group (commands are loaded when first named),
        # not read off ``commands``, which holds only those loaded so far
        if isinstance(command, click.Group):
            context = click.Context(command)
            for name in command.list_commands(context):
                yield from leaves(command.get_command(context, name), (*path, name))
        else:
            yield path, command

    found = list(leaves(cli))
    assert len(found) >= 9
    for path, command in found:
        names = {opt for param in command.params for opt in param.opts}
        assert {"-v", "--verbose", "-q", "--quiet"} <= names, path


# --- exit codes ----------------------------------------------------------------------


def test_translate_export_fails_when_the_memory_cannot_be_read(project, tmp_path):
    (project / "content/translation-memory.yaml").write_text("- ar: [unclosed\n", encoding="utf-8")
    result = invoke("translate", "export", "-p", str(project), "-o", str(tmp_path / "r.po"))
    assert result.exit_code == 1
    assert "translation-memory.yaml:" in result.stderr


def test_brief_fails_with_a_broken_lexicon_but_still_prints(project):
    (project / "content/gazetteer.yaml").write_text("people: [unclosed\n", encoding="utf-8")
    result = invoke("brief", "-p", str(project), str(project / ARTICLE))
    assert result.exit_code == 1
    assert "gazetteer.yaml" in result.stderr
    assert "Key points:" in result.stdout


def test_email_dry_run_fails_when_the_build_had_errors(project, tmp_path):
    (project / "content/articles/2025-09-10/bad.md").write_text("---\ntitle: x\n---\nنص\n", encoding="utf-8")
    out = tmp_path / "mail"
    result = invoke("email", "-p", str(project), "--dry-run", "--date", "2025-09-10", "--out", str(out))
    assert result.exit_code == 1, result.output
    assert (out / "2025-09-10-both.eml").is_file()  # the rehearsal is still written for inspection
    clean = tmp_path / "clean"
    (project / "content/articles/2025-09-10/bad.md").unlink()
    ok = invoke("email", "-p", str(project), "--dry-run", "--date", "2025-09-10", "--out", str(clean))
    assert ok.exit_code == 0, ok.output


# --- fonts ---------------------------------------------------------------------------

# The first Arabic page a reader opens (ar/index.html, the stylesheet and both
# Amiri faces) must stay under this many bytes; benchmarks/README.md records it.
FIRST_ARABIC_PAGE_BUDGET = 250_000


def test_fonts_are_subset_woff2_and_the_first_arabic_page_is_in_budget(demo_project):
    assert invoke("build", "-p", str(demo_project), "--offline").exit_code == 0
    site = demo_project / "site"
    fonts = sorted((site / "assets/fonts").iterdir())
    assert [f.name for f in fonts] == ["Amiri-Bold.woff2", "Amiri-Regular.woff2"]
    assert all(f.read_bytes()[:4] == b"wOF2" for f in fonts)
    css = (site / "assets/style.css").read_text(encoding="utf-8")
    assert 'url("fonts/Amiri-Regular.woff2") format("woff2")' in css
    total = sum(p.stat().st_size for p in [site / "ar/index.html", site / "assets/style.css", *fonts])
    assert total < FIRST_ARABIC_PAGE_BUDGET, total
    # the same bytes from a fresh cache: subsetting is deterministic
    first = {f.name: f.read_bytes() for f in fonts}
    shutil.rmtree(demo_project / ".briefing-cache")
    from generator.site import fonts as font_module

    font_module.subset_woff2.cache_clear()
    assert invoke("build", "-p", str(demo_project), "--offline").exit_code == 0
    assert {f.name: f.read_bytes() for f in sorted((site / "assets/fonts").iterdir())} == first


# --- dates a reader can trust ------------------------------------------------------------


def test_run_without_a_date_is_today_in_the_project_time_zone_and_says_when_it_has_no_articles(project):
    import datetime as dt
    from zoneinfo import ZoneInfo

    zone = ZoneInfo("Africa/Tripoli")  # the fixture's time zone
    before = dt.datetime.now(zone).date()
    result = invoke("run", "-p", str(project), "--offline", "--no-publish")
    after = dt.datetime.now(zone).date()
    assert result.exit_code == 0, result.output
    assert any(f"no articles dated {day.isoformat()}" in result.stderr for day in {before, after})
    assert "email: skipped (no stories dated" in result.stdout  # nothing is sent
    # the footer states the newest article's day, not the run's day
    home = (project / "site/en/index.html").read_text(encoding="utf-8")
    assert "Built from content dated up to 11 September 2025." in home
    from generator.i18n import formatter

    assert formatter("en_GB", "en", "western").date(before) not in home.split("site-footer")[1]
