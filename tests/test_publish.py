"""briefing publish and briefing run, against real git repositories.

Each test makes a bare repository on disk as the 'GitHub' remote and turns
the fixture project into a git repository with it as origin; nothing leaves
tmp_path."""

from __future__ import annotations

import socket
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import cli
from generator.publish import PUBLISHERS, GitHubPagesPublisher, size_note

BROKEN_ARTICLE = "---\ntitle: Nothing here\ndate: 2025-09-11\nsource: Test Outlet\nlang: ar\n---\n\n"


def git(cwd: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, text=True).stdout.strip()


@pytest.fixture(autouse=True)
def hermetic_git(monkeypatch):
    # the developer's ~/.gitconfig (signing, hooks, default branch) must not change results
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", "/dev/null")
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")


def make_remote(path: Path) -> Path:
    subprocess.run(["git", "init", "-q", "--bare", str(path)], check=True)
    return path


@pytest.fixture
def remote(tmp_path) -> Path:
    return make_remote(tmp_path / "remote.git")


@pytest.fixture
def repo(project, remote) -> Path:
    """The fixture project as a git repository (one commit on main) with *remote* as origin."""
    git(project, "init", "-q", "-b", "main")
    git(project, "config", "user.name", "Briefing Test")
    git(project, "config", "user.email", "test@example.org")
    git(project, "remote", "add", "origin", str(remote))
    # publish pushes only to a remote the project names (the last table of the file)
    with (project / "briefing.toml").open("a", encoding="utf-8") as toml:
        toml.write('\n[publish]\nremote = "origin"\n')
    git(project, "add", "briefing.toml", "content")
    git(project, "commit", "-q", "-m", "content")
    return project


def invoke(*args: str):
    return CliRunner().invoke(cli, list(args))


def build(project: Path, *args: str) -> None:
    result = invoke("build", "-p", str(project), "--offline", *args)
    assert result.exit_code == 0, result.output


def publish(project: Path, *args: str):
    return invoke("publish", "-p", str(project), *args)


def remote_head(remote: Path, branch: str = "gh-pages") -> str | None:
    proc = subprocess.run(
        ["git", "rev-parse", "-q", "--verify", f"refs/heads/{branch}"], cwd=remote, capture_output=True, text=True
    )
    return proc.stdout.strip() or None


def files_on(remote: Path, rev: str = "gh-pages") -> set[str]:
    return set(git(remote, "ls-tree", "-r", "--name-only", rev).splitlines())


def message_of(remote: Path, rev: str = "gh-pages") -> str:
    return git(remote, "log", "-1", "--format=%B", rev)


def break_build(project: Path) -> None:
    (project / "content" / "articles" / "2025-09-11" / "empty.md").write_text(BROKEN_ARTICLE, encoding="utf-8")
    result = invoke("build", "-p", str(project), "--offline")
    assert result.exit_code == 1 and "site written" in result.output


# --- briefing publish -----------------------------------------------------------------


def test_publish_pushes_the_site_to_gh_pages(repo, remote):
    build(repo)
    status_before = git(repo, "status", "--porcelain")
    result = publish(repo)
    assert result.exit_code == 0, result.output
    head = remote_head(remote)
    assert head and f"gh-pages @ {head[:7]}" in result.output
    files = files_on(remote)
    assert {
        ".nojekyll",
        "index.html",
        "build.json",
        "en/index.html",
        "ar/index.html",
        "en/2025-09-10/border-patrol/index.html",
        "assets/style.css",
    } <= files
    assert "CNAME" not in files
    # the published bytes are the built bytes
    assert (
        git(remote, "show", "gh-pages:en/index.html") == (repo / "site" / "en" / "index.html").read_text(encoding="utf-8").strip()
    )
    assert "2025-09-11" in message_of(remote).splitlines()[0]
    # the user's branch, index and working tree are left alone
    assert git(repo, "symbolic-ref", "HEAD") == "refs/heads/main"
    assert git(repo, "status", "--porcelain") == status_before


def test_cname_from_briefing_toml(repo, remote):
    with (repo / "briefing.toml").open("a", encoding="utf-8") as toml:
        toml.write('cname = "news.example.org"\n')  # into the [publish] table the fixture ends with
    build(repo)
    assert publish(repo).exit_code == 0
    assert "CNAME" in files_on(remote)
    assert git(remote, "show", "gh-pages:CNAME") == "news.example.org"


def test_second_publish_adds_a_commit_on_top(repo, remote):
    build(repo, "--date", "2025-09-10")
    assert publish(repo).exit_code == 0
    first = remote_head(remote)
    assert "2025-09-10" in message_of(remote)
    assert "en/2025-09-11/index.html" not in files_on(remote)

    build(repo)
    assert publish(repo).exit_code == 0
    second = remote_head(remote)
    assert second != first
    assert git(remote, "rev-parse", f"{second}^") == first
    assert "2025-09-11" in message_of(remote)
    assert "en/2025-09-11/index.html" in files_on(remote)


def test_publishing_an_unchanged_site_adds_no_commit(repo, remote):
    build(repo)
    assert publish(repo).exit_code == 0
    first = remote_head(remote)
    result = publish(repo)
    assert result.exit_code == 0 and "unchanged" in result.output
    assert remote_head(remote) == first


def test_site_built_with_errors_is_refused(repo, remote):
    build(repo)
    assert publish(repo).exit_code == 0
    published = remote_head(remote)
    break_build(repo)
    result = publish(repo)
    assert result.exit_code == 1
    assert "site/build.json" in result.output and "1 error(s)" in result.output
    assert "--force" in result.output
    assert remote_head(remote) == published


def test_force_publishes_a_site_with_errors(repo, remote):
    break_build(repo)
    result = publish(repo, "--force")
    assert result.exit_code == 0, result.output
    assert "publishing anyway" in result.output
    assert "en/index.html" in files_on(remote)


def test_missing_site_is_a_clear_error(repo, remote):
    result = publish(repo)
    assert result.exit_code == 1
    assert "site/: no built site to publish (run `briefing build` first)" in result.output
    assert remote_head(remote) is None


def test_site_without_build_json_is_refused(repo, remote):
    build(repo)
    (repo / "site" / "build.json").unlink()
    result = publish(repo)
    assert result.exit_code == 1
    assert "site/build.json: not found" in result.output
    assert remote_head(remote) is None


def test_no_push_updates_only_the_local_branch(repo, remote):
    build(repo)
    result = publish(repo, "--no-push")
    assert result.exit_code == 0, result.output
    assert "not pushed" in result.output
    assert remote_head(remote) is None
    assert ".nojekyll" in files_on(repo)
    # a later push sends that very commit
    local = git(repo, "rev-parse", "gh-pages")
    assert publish(repo).exit_code == 0
    assert remote_head(remote) == local


def test_a_site_nearing_github_pages_limit_is_published_with_a_warning(repo, remote):
    """GitHub Pages publishes sites of at most 1 GB; a daily archive grows
    towards it.  The publisher counts the bytes it commits and says how
    near the site is from four fifths of the limit on (a sparse file of
    850 MB stands for years of archive: it costs no disk)."""
    build(repo)
    small = publish(repo, "--no-push")
    assert small.exit_code == 0 and "GitHub Pages publishes" not in small.output
    site = repo / "site"
    built = sum(p.stat().st_size for p in site.rglob("*") if p.is_file())
    with open(site / "archive-2019.bin", "wb") as big:
        big.truncate(850_000_000 - built)
    result = publish(repo, "--no-push")
    assert result.exit_code == 0, result.output
    assert "warning: the site is 850 MB of the 1 GB GitHub Pages publishes at most" in result.output
    assert "archive-2019.bin" in files_on(repo)  # published all the same


def test_size_note_says_nothing_below_four_fifths_of_the_limit():
    limit = 1_000_000_000
    assert size_note(799_999_999, limit, "GitHub Pages") is None
    near = size_note(800_000_000, limit, "GitHub Pages")
    assert near == "the site is 800 MB of the 1 GB GitHub Pages publishes at most: an archive that keeps growing will pass it"
    over = size_note(1_200_000_000, limit, "GitHub Pages")
    assert over is not None and over.startswith("the site is 1,200 MB of the 1 GB") and "may refuse to deploy it" in over


def test_remote_and_branch_options(repo, remote, tmp_path):
    backup = make_remote(tmp_path / "backup.git")
    git(repo, "remote", "add", "backup", str(backup))
    build(repo)
    result = publish(repo, "--remote", "backup", "--branch", "pages")
    assert result.exit_code == 0, result.output
    assert "ar/index.html" in files_on(backup, "pages")
    assert remote_head(remote) is None and remote_head(remote, "pages") is None


def test_publish_builds_on_the_remote_branch(repo, remote, tmp_path):
    """Another clone published first: we commit on top of its commit, so the push fast-forwards."""
    build(repo, "--date", "2025-09-10")
    assert publish(repo).exit_code == 0
    theirs = remote_head(remote)
    git(repo, "update-ref", "-d", "refs/heads/gh-pages")
    git(repo, "update-ref", "-d", "refs/remotes/origin/gh-pages")
    build(repo)
    assert publish(repo).exit_code == 0
    assert git(remote, "rev-parse", "gh-pages^") == theirs


def test_unknown_remote_is_a_clear_error(repo, remote):
    build(repo)
    result = publish(repo, "--remote", "nowhere")
    assert result.exit_code == 1
    assert "cannot reach git remote 'nowhere'" in result.output


def test_project_outside_git_is_a_clear_error(project):
    build(project)
    result = publish(str(project))
    assert result.exit_code == 1
    assert "is not in a git repository" in result.output


def test_ghpages_is_a_registered_publisher():
    assert PUBLISHERS["ghpages"] is GitHubPagesPublisher
    result = invoke("publish", "--publisher", "ftp")
    assert result.exit_code == 2 and "ghpages" in result.output


# --- briefing run ---------------------------------------------------------------------


def run(project: Path, *args: str):
    return invoke("run", "-p", str(project), "--date", "2025-09-11", "--offline", *args)


def test_run_without_email_builds_and_publishes(repo, remote):
    result = run(repo, "--no-email")
    assert result.exit_code == 0, result.output
    head = remote_head(remote)
    assert result.stdout.splitlines() == [
        "build: ok (3 articles, 2 digests, 0 errors)",
        f"publish: ok (gh-pages @ {head[:7]})",
        "email: skipped (--no-email)",
    ]
    assert "en/2025-09-11/index.html" in files_on(remote)


def test_run_as_of_an_earlier_day(repo, remote):
    result = run(repo, "--no-email", "--no-publish", "--date", "2025-09-10")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[:2] == ["build: ok (2 articles, 1 digest, 0 errors)", "publish: skipped (--no-publish)"]
    assert remote_head(remote) is None


def test_failing_build_stops_publish_and_email(repo, remote):
    (repo / "content" / "articles" / "2025-09-11" / "empty.md").write_text(BROKEN_ARTICLE, encoding="utf-8")
    result = run(repo)
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        "build: failed (3 articles, 2 digests, 1 error)",
        "publish: skipped (build failed)",
        "email: skipped (build failed)",
    ]
    assert "empty.md:7: error: empty body" in result.stderr
    assert remote_head(remote) is None


def test_run_force_publishes_despite_build_errors(repo, remote):
    (repo / "content" / "articles" / "2025-09-11" / "empty.md").write_text(BROKEN_ARTICLE, encoding="utf-8")
    result = run(repo, "--no-email", "--force")
    assert result.exit_code == 1  # the build still failed
    assert result.stdout.splitlines()[1].startswith("publish: ok (gh-pages @ ")
    assert remote_head(remote) is not None


@pytest.fixture
def smtp_server():
    """A real SMTP server on an ephemeral local port; yields (port, received messages)."""
    import aiosmtpd.controller as controller_module

    received = []

    class Collect:
        async def handle_DATA(self, server, session, envelope):
            received.append(envelope)
            return "250 OK"

    # aiosmtpd's start() connects to the port it was given, so port 0 cannot be used
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = controller_module.Controller(Collect(), hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield port, received
    finally:
        controller.stop()


def test_email_does_not_depend_on_publish(project, smtp_server):
    """No git repository, so publish fails; the digest is still emailed."""
    port, received = smtp_server
    with (project / "briefing.toml").open("a", encoding="utf-8") as toml:
        toml.write(
            f'\n[email]\nsmtp_host = "127.0.0.1"\nsmtp_port = {port}\nsmtp_security = "none"\n'
            'unsubscribe_url = "https://example.org/unsubscribe"\n'
        )
    (project / "recipients.txt").write_text("reader@example.org\nother@example.org\n", encoding="utf-8")
    result = run(project)
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert lines[1].startswith("publish: failed (") and "not in a git repository" in lines[1]
    assert lines[2] == "email: ok (2 sent, 0 already sent, 0 failed)"
    assert sorted(rcpt for e in received for rcpt in e.rcpt_tos) == ["other@example.org", "reader@example.org"]
    # the send log makes a second run send nothing again
    again = run(project, "--no-publish")
    assert again.stdout.splitlines()[2] == "email: ok (0 sent, 2 already sent, 0 failed)"
    assert len(received) == 2


def test_email_skipped_on_a_day_without_stories(repo):
    result = run(repo, "--no-publish", "--date", "2025-09-12")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[2] == "email: skipped (no stories dated 2025-09-12)"


def test_publish_never_pushes_to_a_remote_nobody_named(project, remote):
    """A repository with an origin, but briefing.toml names no remote: nothing is pushed."""
    git(project, "init", "-q", "-b", "main")
    git(project, "config", "user.name", "Briefing Test")
    git(project, "config", "user.email", "test@example.org")
    git(project, "remote", "add", "origin", str(remote))
    build(project)
    result = publish(project)
    assert result.exit_code == 1
    assert "no git remote named" in result.output
    assert remote_head(remote) is None
    named = invoke("publish", "-p", str(project), "--remote", "origin", "--force")
    assert named.exit_code == 0, named.output
    assert remote_head(remote) is not None
