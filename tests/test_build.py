"""briefing build, end to end: golden site, reproducibility, bad input,
and the all-or-nothing write."""

from __future__ import annotations

import difflib
import os
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.build import build
from generator.cli import cli
from generator.config import load_config
from generator.errors import BuildError

from .conftest import REPO

GOLDEN = REPO / "tests" / "golden" / "site"


def run_build(project: Path, *args: str):
    return CliRunner().invoke(cli, ["build", "-p", str(project), *args])


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


# Third-party bytes: font files copied from fontpkg-amiri and Pagefind's
# binary index. They are checked for presence here and for byte-identity by
# the reproducibility tests, but not stored as golden copies.
THIRD_PARTY = ("assets/fonts/", "pagefind/")


def ours(files: dict[str, bytes]) -> dict[str, bytes]:
    return {name: data for name, data in files.items() if not name.startswith(THIRD_PARTY)}


def test_golden_site(project, refresh_golden):
    """The fixture project builds exactly into tests/golden/site.

    After an intended change, run `pytest tests/test_build.py --refresh-golden`
    and review the diff of tests/golden/ in git."""
    result = run_build(project)
    assert result.exit_code == 0, result.output
    everything = tree(project / "site")
    for prefix in THIRD_PARTY:
        assert any(name.startswith(prefix) for name in everything), f"{prefix} missing from the site"
    built = ours(everything)
    if refresh_golden:
        if GOLDEN.exists():
            shutil.rmtree(GOLDEN)
        for name, data in built.items():
            (GOLDEN / name).parent.mkdir(parents=True, exist_ok=True)
            (GOLDEN / name).write_bytes(data)
        pytest.skip("golden site refreshed: review `git diff tests/golden`")
    golden = tree(GOLDEN)
    assert sorted(built) == sorted(golden), "the set of files changed (refresh with --refresh-golden)"
    for name in golden:
        if built[name] != golden[name]:
            diff = "\n".join(
                difflib.unified_diff(
                    golden[name].decode("utf-8", "replace").splitlines(),
                    built[name].decode("utf-8", "replace").splitlines(),
                    "golden/" + name,
                    "built/" + name,
                    lineterm="",
                )
            )
            pytest.fail(f"{name} differs from the golden copy:\n{diff[:4000]}")


def test_build_twice_is_byte_identical(project, tmp_path):
    assert run_build(project).exit_code == 0
    first = tree(project / "site")
    assert run_build(project).exit_code == 0
    assert tree(project / "site") == first


def test_demo_build_twice_is_byte_identical(demo_project):
    assert run_build(demo_project, "--offline").exit_code == 0
    first = tree(demo_project / "site")
    assert run_build(demo_project, "--offline").exit_code == 0
    assert tree(demo_project / "site") == first


def test_demo_builds_the_same_bytes_in_any_time_zone_and_locale(tmp_path):
    """Two machines set up differently: the time zone (one a day ahead of
    UTC, one behind it), the locale, the hash seed and the core count are
    not inputs of the site."""
    import sys

    from .conftest import copy_demo_project, run_with_repo

    settings = [
        {"TZ": "Pacific/Kiritimati", "LC_ALL": "C", "LANG": "C", "PYTHONHASHSEED": "1"},
        {"TZ": "America/Los_Angeles", "LC_ALL": "C.UTF-8", "LANG": "C.UTF-8", "PYTHONHASHSEED": "2"},
    ]
    sites = []
    for n, setting in enumerate(settings):
        project = copy_demo_project(tmp_path / f"demo{n}")
        jobs = ["--jobs", "1"] if n else []
        done = run_with_repo([sys.executable, "-m", "generator", "build", "-p", str(project), "--offline", *jobs], env=setting)
        assert done.returncode == 0, done.stderr
        sites.append(tree(project / "site"))
    assert sites[0] and sites[1] == sites[0]


def write_article(project: Path, name: str, text: str) -> str:
    path = project / "content" / "articles" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return f"content/articles/{name}"


BAD_ARTICLES = [
    (
        "broken front matter",
        "---\ntitle: عنوان\ndate: 2025-09-10\nsource: [unclosed\nlang: ar\n---\nنص المقال هنا.\n",
        ":5: error: broken front matter: expected ',' or ']', but got ':'",
    ),
    (
        "front matter never closed",
        "---\ntitle: عنوان\ndate: 2025-09-10\nنص المقال هنا.\n",
        ":1: error: front matter is not closed: add a line '---' after it",
    ),
    (
        "no front matter",
        "نص المقال هنا بلا بيانات.\n",
        ":1: error: missing front matter: start the file with '---', the fields (title, date, source, lang) and '---'",
    ),
    (
        "missing date",
        "---\ntitle: عنوان\nsource: Outlet\nlang: ar\n---\nنص المقال هنا.\n",
        ":5: error: missing 'date' in front matter",
    ),
    (
        "bad date",
        "---\ntitle: عنوان\ndate: 10/09/2025\nsource: Outlet\nlang: ar\n---\nنص المقال هنا.\n",
        ":3: error: date '10/09/2025' is not a date in the form YYYY-MM-DD",
    ),
    (
        "empty body",
        "---\ntitle: عنوان\ndate: 2025-09-10\nsource: Outlet\nlang: ar\n---\n\n   \n",
        ":7: error: empty body: the article has no text after the front matter",
    ),
    (
        "only boilerplate",
        "---\ntitle: عنوان\ndate: 2025-09-10\nsource: Outlet\nlang: ar\n---\nاترك تعليقاً\nزر الذهاب إلى الأعلى\n",
        ":7: error: no story text left after cleaning",
    ),
]


@pytest.mark.parametrize("case, text, expected", BAD_ARTICLES, ids=[c[0] for c in BAD_ARTICLES])
def test_bad_article_is_reported_skipped_and_the_rest_builds(project, case, text, expected):
    shown = write_article(project, "2025-09-10/bad.md", text)
    result = run_build(project)
    assert result.exit_code == 1
    assert shown + expected in result.stderr.splitlines()
    # every good article of the fixture still has both its pages
    for lang in ("ar", "en"):
        assert (project / f"site/{lang}/2025-09-10/oil-field-output/index.html").exists()
        assert (project / f"site/{lang}/2025-09-11/election-commission/index.html").exists()
        assert not (project / f"site/{lang}/2025-09-10/bad/index.html").exists()


def test_warning_fails_only_with_strict(project):
    write_article(
        project,
        "2025-09-11/extra.md",
        "---\ntitle: عنوان\ndate: 2025-09-11\nsource: Outlet\nlang: ar\ncolour: blue\n---\nوقال المسؤول إن الاجتماع كان مثمراً.\n",
    )
    plain = run_build(project)
    assert plain.exit_code == 0, plain.output
    assert "content/articles/2025-09-11/extra.md:6: warning: unknown front matter key 'colour'" in plain.stderr
    strict = run_build(project, "--strict")
    assert strict.exit_code == 1


def test_failed_build_leaves_previous_site_intact(project, monkeypatch):
    assert run_build(project).exit_code == 0
    before = tree(project / "site")
    import generator.site.output as output

    # a new article, so that the build writes files rather than keeping them
    (project / "content" / "articles" / "2025-09-11" / "late.md").write_text(
        "---\ntitle: عنوان\ndate: 2025-09-11\nsource: Outlet\nlang: ar\n---\nوقال المسؤول إن الاجتماع كان مثمراً.\n",
        encoding="utf-8",
    )

    real_write = Path.write_bytes
    calls = {"n": 0}

    def failing_write(self, data):
        calls["n"] += 1
        if calls["n"] == 3:
            raise OSError(28, "No space left on device")
        return real_write(self, data)

    monkeypatch.setattr(Path, "write_bytes", failing_write)
    config, _ = load_config(project)
    with pytest.raises(BuildError, match="the disk is full"):
        build(config)
    monkeypatch.undo()
    assert tree(project / "site") == before
    leftovers = [p.name for p in project.iterdir() if p.name.startswith(".site-")]
    assert leftovers == []
    assert output  # the module whose writes were interrupted


def test_template_error_leaves_previous_site_intact(project, tmp_path):
    assert run_build(project).exit_code == 0
    before = tree(project / "site")
    broken = tmp_path / "templates"
    shutil.copytree(REPO / "templates", broken)
    (broken / "brief.html").write_text("{% block main %}{{ no_such_variable.x }}{% endblock %}", encoding="utf-8")
    toml = project / "briefing.toml"
    toml.write_text(
        re.sub(r"(?m)^templates_dir = .*$", f'templates_dir = "{broken.as_posix()}"', toml.read_text()), encoding="utf-8"
    )
    result = run_build(project)
    assert result.exit_code != 0
    assert tree(project / "site") == before


def test_build_date_leaves_out_later_articles(project):
    result = run_build(project, "--date", "2025-09-10")
    assert result.exit_code == 0, result.output
    assert (project / "site/en/2025-09-10/index.html").exists()
    assert not (project / "site/en/2025-09-11").exists()
    assert "left out 1 article(s) dated after 2025-09-10" in result.stderr  # status is logged on stderr


def test_site_folder_is_readable(project):
    assert run_build(project).exit_code == 0
    assert os.stat(project / "site").st_mode & 0o755 == 0o755


@pytest.mark.parametrize(
    "name, message",
    [
        ("topics.yaml", "content/topics.yaml: warning: no topic taxonomy: briefs get no topics"),
        ("gazetteer.yaml", "content/gazetteer.yaml: warning: no gazetteer: only titled names are found as actors"),
    ],
)
def test_missing_lexicon_is_a_warning(project, name, message):
    (project / "content" / name).unlink()
    result = run_build(project)
    assert result.exit_code == 0, result.output
    assert message in result.stderr.splitlines()
    assert run_build(project, "--strict").exit_code == 1


def test_broken_lexicon_is_an_error_naming_the_file(project):
    (project / "content" / "topics.yaml").write_text("- id: x\n  en: [unclosed\n", encoding="utf-8")
    result = run_build(project)
    assert result.exit_code == 1
    assert any(line.startswith("content/topics.yaml:") and ": error: " in line for line in result.stderr.splitlines()), (
        result.stderr
    )
