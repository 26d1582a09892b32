"""A rebuild with nothing changed leaves the site alone without reading or
rendering anything (``generator.inputs``), and any change to what a build
reads, or to the site on disk, makes it a real build again."""

from __future__ import annotations

import datetime as dt
import os
import re
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.build import build
from generator.cli import cli
from generator.config import LibreSettings, load_config

from .conftest import REPO
from .test_translation_libre import StubLibre, fake_english


def _build(project: Path, **options):
    config, _ = load_config(project)
    return build(config, offline=True, jobs=1, skip_unchanged=True, **options)


def _files(folder: Path) -> dict[str, tuple[int, int]]:
    return {p.relative_to(folder).as_posix(): (p.stat().st_ino, p.stat().st_mtime_ns) for p in folder.rglob("*") if p.is_file()}


def test_an_unchanged_rebuild_repeats_the_last_report_and_touches_nothing(project):
    first = _build(project)
    assert not first.unchanged and first.digests
    site = _files(project / "site")
    again = _build(project)
    assert again.unchanged and again.digests == []
    assert _files(project / "site") == site
    # what the last build said is said again: its problems and its counts
    assert [p.format() for p in again.problems] == [p.format() for p in first.problems]
    assert again.summary[0] == first.summary[0]
    pages = re.match(r"pages: (\d+) rendered, (\d+) unchanged", next(s for s in first.summary if s.startswith("pages:")))
    assert f"pages: 0 rendered, {int(pages[1]) + int(pages[2])} unchanged" in again.summary[-2]
    assert again.summary[-1].startswith("nothing changed since the last build")


def test_warnings_of_a_skipped_build_still_fail_strict(project):
    # a file the build does not read: a warning every build must repeat
    (project / "content" / "articles" / "notes.docx").write_bytes(b"not an article")
    runner = CliRunner()
    first = runner.invoke(cli, ["build", "-p", str(project), "--offline", "--strict"])
    second = runner.invoke(cli, ["build", "-p", str(project), "--offline", "--strict"])
    assert first.exit_code == second.exit_code == 1, (first.output, second.output)
    assert "nothing changed since the last build" in second.output
    warning = next(line for line in first.output.splitlines() if ": warning: " in line)
    assert warning in second.output


def test_an_edit_that_keeps_size_and_mtime_is_still_seen(project):
    _build(project)
    article = sorted((project / "content" / "articles").rglob("*.md"))[0]
    stat = article.stat()
    text = article.read_text(encoding="utf-8")
    # the same number of bytes, the same modification time: only the bytes tell
    edited = text.replace("الجنوبية", "الشمالية", 1)
    assert edited != text and len(edited.encode()) == len(text.encode())
    article.write_text(edited, encoding="utf-8")
    os.utime(article, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    report = _build(project)
    assert not report.unchanged
    assert any("الشمالية" in p.read_text(encoding="utf-8") for p in (project / "site" / "ar").rglob("index.html"))


@pytest.mark.parametrize("change", ["delete a page", "edit a page"])
def test_a_site_changed_by_hand_is_built_again(project, change):
    _build(project)
    page = project / "site" / "en" / "index.html"
    original = page.read_bytes()
    if change == "delete a page":
        page.unlink()
    else:
        page.write_bytes(b"<p>edited by hand</p>")
    report = _build(project)
    assert not report.unchanged
    assert page.read_bytes() == original


def test_a_template_or_configuration_change_is_built(project):
    _build(project)
    toml = project / "briefing.toml"
    toml.write_text(
        toml.read_text(encoding="utf-8").replace('title = "Test Briefing"', 'title = "Another Title"'), encoding="utf-8"
    )
    report = _build(project)
    assert not report.unchanged
    assert "Another Title" in (project / "site" / "en" / "index.html").read_text(encoding="utf-8")
    assert _build(project).unchanged
    # a date given on the command line is an input too
    first_day = min(dt.date.fromisoformat(p.parent.name) for p in (project / "content" / "articles").rglob("*.md"))
    assert not _build(project, build_date=first_day).unchanged


def test_pending_translations_are_asked_for_again(project):
    """An engine that failed leaves segments pending: the next build must ask
    it again rather than repeat the last site."""
    stub = StubLibre()
    stub.thread.start()
    try:
        stub.behaviour = lambda q, n: (503, {"error": "busy"}, {})
        config, _ = load_config(project)
        config = replace(
            config,
            translate=replace(
                config.translate, engine="libre", libre=LibreSettings(url=stub.url), retries=0, backoff=0.01, failure_threshold=1
            ),
        )
        first = build(config, jobs=1, skip_unchanged=True)
        assert any(re.search(r"[1-9]\d* pending", line) for line in first.summary)
        stub.behaviour = lambda q, n: (200, {"translatedText": fake_english(q)}, {})
        second = build(config, jobs=1, skip_unchanged=True)
        assert not second.unchanged
        assert any(re.search(r"\b0 pending", line) for line in second.summary)
        # everything translated and cached: now the next build has nothing to do
        assert build(config, jobs=1, skip_unchanged=True).unchanged
    finally:
        stub.release.set()
        stub.server.shutdown()
        stub.server.server_close()


# The stages an unchanged rebuild never runs: their modules are imported by
# the functions that run them (generator/build.py), so that such a rebuild
# is not mostly the time it takes to import them.
STAGE_MODULES = (
    "generator.briefs.brief",
    "generator.stories.cluster",
    "generator.translation.engines",
    "generator.site.render",
    "generator.site.search",
    "generator.mail.compose",
)
_LOADED = (
    "import runpy, sys\n"
    "sys.argv = ['briefing', 'build', '-p', sys.argv[1], '--offline']\n"
    "try:\n"
    "    runpy.run_module('generator', run_name='__main__')\n"
    "except SystemExit as exit:\n"
    "    assert not exit.code, exit.code\n"
    "print(' '.join(sorted(m for m in sys.modules if m.startswith('generator.'))))\n"
)


def _modules_a_build_loads(project: Path) -> set[str]:
    run = subprocess.run([sys.executable, "-c", _LOADED, str(project)], capture_output=True, text=True, cwd=REPO)
    assert run.returncode == 0, run.stderr
    return set(run.stdout.splitlines()[-1].split())


def test_an_unchanged_rebuild_imports_none_of_the_stages(project):
    first = _modules_a_build_loads(project)
    assert first.issuperset(STAGE_MODULES[:-1])  # a real build runs them (the email is another command)
    again = _modules_a_build_loads(project)
    assert "generator.build" in again and "generator.inputs" in again
    assert again.isdisjoint(STAGE_MODULES), sorted(again & set(STAGE_MODULES))
