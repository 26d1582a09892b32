"""Shared fixtures: a throw-away copy of the fixture project, and the
--refresh-golden option that rewrites the golden site instead of comparing."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

# The CLI gives every command its -v/-q options and logging when it collects
# them; tests that invoke a command module directly see it as users do.
import generator.cli  # noqa: F401

REPO = Path(__file__).resolve().parent.parent
FIXTURE_PROJECT = REPO / "tests" / "fixtures" / "project"
SEEDS = REPO.parent / "shared" / "seeds"


def pytest_addoption(parser):
    parser.addoption(
        "--refresh-golden",
        action="store_true",
        help="rewrite tests/golden/ from the current output instead of comparing (review the diff in git)",
    )


@pytest.fixture
def refresh_golden(request) -> bool:
    return request.config.getoption("--refresh-golden")


def run_with_repo(cmd: list[str], *, env: dict[str, str] | None = None, timeout: float = 900) -> subprocess.CompletedProcess:
    """*cmd* as a separate process that imports this repository's generator
    (``python -m generator`` in it, or a shell that runs one), with *env*
    added to this process's environment; its output captured as text."""
    full_env = {**os.environ, **(env or {}), "PYTHONPATH": str(REPO)}
    return subprocess.run(cmd, capture_output=True, text=True, env=full_env, timeout=timeout, check=False)


def point_templates_at_repo(project: Path) -> Path:
    """Make a copied project use the repository's templates, wherever it lies."""
    toml = project / "briefing.toml"
    text = toml.read_text(encoding="utf-8")
    line = f'templates_dir = "{(REPO / "templates").as_posix()}"'
    text, n = re.subn(r"(?m)^templates_dir\s*=.*$", line, text)
    toml.write_text(text if n else line + "\n" + text, encoding="utf-8")
    return project


@pytest.fixture
def project(tmp_path) -> Path:
    """A writable copy of tests/fixtures/project."""
    target = tmp_path / "project"
    shutil.copytree(FIXTURE_PROJECT, target, ignore=shutil.ignore_patterns("site", ".briefing-cache"))
    return point_templates_at_repo(target)


def copy_demo_project(target: Path) -> Path:
    """Copy the repository's demo project (briefing.toml and content/, the
    seeds) into *target*, using the repository's templates."""
    target.mkdir(parents=True, exist_ok=True)
    shutil.copy(REPO / "briefing.toml", target / "briefing.toml")
    shutil.copytree(REPO / "content", target / "content")
    return point_templates_at_repo(target)


@pytest.fixture
def demo_project(tmp_path) -> Path:
    """A writable copy of the repository's own demo project (the seeds)."""
    return copy_demo_project(tmp_path / "demo")
