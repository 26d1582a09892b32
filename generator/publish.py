"""``briefing publish``: put the built site/ where readers can see it.

Publishing is two steps.  ``check_site`` reads ``site/build.json`` (written by
every build) and refuses a site that was built with errors, or that no build
finished, unless forced: a broken build must never replace a good site.  Then a
*publisher* copies the folder somewhere.  Publishers are looked up by name in
``PUBLISHERS`` (as Lektor does), and all follow the ``Publisher`` protocol, so
an rsync or S3 publisher is one class and one registry entry away.

The one publisher today, ``ghpages``, commits the site to a branch (normally
``gh-pages``) with git plumbing and pushes it.  It does the same as
ghp-import (the whole tree replaced, ``.nojekyll`` and an optional ``CNAME``
added, one commit on top of the branch), but ghp-import's library call cannot
be used here: it works only in the process's current directory (we would have
to ``os.chdir`` inside a library call), builds on a remote-tracking ref it
never fetches, and on Python 3 a failed ``git fast-import`` makes it write
bytes to ``sys.stdout`` instead of raising.  Plumbing with a private index
file also never touches the user's working tree, index or checked-out branch.
"""

from __future__ import annotations

import json
import os
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from .build import MANIFEST_NAME
from .config import Config
from .errors import PublishError

ZERO_SHA = "0" * 40
# GitHub Pages publishes sites of at most 1 GB ("Published GitHub Pages sites
# may be no larger than 1 GB": docs.github.com, GitHub Pages limits; its
# deployment warns, then may fail, above it).  Counted here in bytes of 10^9,
# the lower reading.  A daily archive grows by about 45 KB an article
# (benchmarks/README.md), so 100 articles a day reach it in about seven
# months: the publisher says so from four fifths of it on, before it is there.
GITHUB_PAGES_LIMIT = 1_000_000_000
NEAR_LIMIT = 0.8


# --- what was built -----------------------------------------------------------------


@dataclass(frozen=True)
class SiteCheck:
    """The result of reading site/build.json before publishing."""

    site: Path
    manifest: dict | None
    digest_date: str | None  # the newest digest's date, YYYY-MM-DD
    notes: list[str] = field(default_factory=list)  # what --force let through

    @property
    def commit_message(self) -> str:
        generator = (self.manifest or {}).get("generator", "briefing")
        if self.digest_date:
            return f"Publish the digest of {self.digest_date}\n\nBuilt by {generator}."
        return f"Publish the site\n\nBuilt by {generator}; no digest date was recorded."


def _label(config: Config, path: Path) -> str:
    """A path as the user would type it: relative to the project when inside it."""
    try:
        return path.relative_to(config.root).as_posix()
    except ValueError:
        return str(path)


def check_site(config: Config, *, force: bool = False) -> SiteCheck:
    """Refuse to publish a missing site, or one without a clean build.json, unless forced."""
    site = config.output_path
    site_label = _label(config, site)
    if not site.is_dir():
        raise PublishError(f"{site_label}/: no built site to publish (run `briefing build` first)")
    manifest_path = site / MANIFEST_NAME
    manifest_label = _label(config, manifest_path)
    notes: list[str] = []

    def refuse(reason: str) -> None:
        if not force:
            raise PublishError(f"{reason}; not publishing (rebuild, or use --force to publish anyway)")
        notes.append(f"{reason}; publishing anyway (--force)")

    manifest: dict | None = None
    if not manifest_path.is_file():
        refuse(f"{manifest_label}: not found, so no build of this site finished")
    else:
        try:
            manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
            if not isinstance(manifest, dict):
                raise ValueError("not a JSON object")
        except (ValueError, UnicodeDecodeError) as exc:
            manifest = None
            refuse(f"{manifest_label}: unreadable ({exc})")
    if manifest is not None:
        errors = manifest.get("errors")
        if not isinstance(errors, int) or isinstance(errors, bool):
            refuse(f"{manifest_label}: no error count recorded")
        elif errors > 0:
            refuse(f"{manifest_label}: the site was built with {errors} error(s)")
    digests = [d for d in (manifest or {}).get("digests") or [] if isinstance(d, str)]
    # ISO dates sort as strings; an empty site falls back to the build date
    digest_date = max(digests) if digests else (manifest or {}).get("build_date")
    return SiteCheck(site=site, manifest=manifest, digest_date=digest_date, notes=notes)


# --- publishers ---------------------------------------------------------------------


@dataclass(frozen=True)
class PublishRequest:
    """Everything a publisher needs; publishers never read briefing.toml themselves."""

    root: Path  # the project folder
    site: Path  # the folder to publish
    message: str  # a commit message or log line naming the digest date
    remote: str  # "" when none was named: then nothing may be pushed
    branch: str
    cname: str | None = None
    push: bool = True


@dataclass(frozen=True)
class PublishResult:
    publisher: str
    target: str  # where it went, e.g. the branch "gh-pages"
    revision: str  # full commit id, or whatever names the published version
    pushed_to: str | None  # the remote, or None when nothing left this machine
    changed: bool  # False when the site was identical to what was there
    notes: tuple[str, ...] = ()  # warnings for the user (a site nearing its host's limit)

    @property
    def short_revision(self) -> str:
        return self.revision[:7]

    @property
    def summary(self) -> str:
        """As the run command reports it: gh-pages @ abc1234."""
        return f"{self.target} @ {self.short_revision}"


class Publisher(Protocol):
    name: str

    def publish(self, request: PublishRequest) -> PublishResult:
        """Publish request.site; raise PublishError with a one-line reason on failure."""
        ...


class GitHubPagesPublisher:
    """Commit the site to a branch of the project's git repository and push it."""

    name = "ghpages"

    def publish(self, request: PublishRequest) -> PublishResult:
        git = _Git(request.root)
        git.check_repository()
        ref = f"refs/heads/{request.branch}"
        if git.run("check-ref-format", ref, check=False).returncode != 0:
            raise PublishError(f"publish.branch: {request.branch!r} is not a valid git branch name")
        if git.run("symbolic-ref", "-q", "HEAD", check=False).stdout.strip() == ref:
            # updating the checked-out branch would leave the working tree out of step
            raise PublishError(
                f"{request.branch} is the checked-out branch of {request.root}; switch to another branch before publishing"
            )

        if request.push and not request.remote:
            raise PublishError(
                "no git remote named: set publish.remote in briefing.toml or pass --remote "
                "(briefing pushes only where it is told to; --no-push commits locally)"
            )
        local_head = git.rev(ref)
        parent = local_head
        if request.push:
            remote_head = git.remote_head(request.remote, request.branch)
            # build on what is published, so the push is a fast-forward; keep
            # local commits (from --no-push) that already contain it
            if remote_head and not (local_head and git.is_ancestor(remote_head, local_head)):
                parent = remote_head
        elif local_head is None:
            # no network without a push: start from the last fetched copy, if any
            parent = git.rev(f"refs/remotes/{request.remote}/{request.branch}")

        tree, size = git.write_tree(request.site, cname=request.cname)
        changed = parent is None or git.run("rev-parse", f"{parent}^{{tree}}").stdout.strip() != tree
        if changed:
            args = ["commit-tree", tree, "-m", request.message]
            if parent:
                args[2:2] = ["-p", parent]
            commit = git.run(*args).stdout.strip()
        else:
            commit = parent
        if commit != local_head:
            git.run("update-ref", "-m", "briefing publish", ref, commit, local_head or ZERO_SHA)
        if request.push:
            git.run("push", "--quiet", request.remote, f"{ref}:{ref}")
        note = size_note(size, GITHUB_PAGES_LIMIT, "GitHub Pages")
        pushed_to = request.remote if request.push else None
        return PublishResult(self.name, request.branch, commit, pushed_to, changed, (note,) if note else ())


def size_note(size: int, limit: int, host: str) -> str | None:
    """What to tell the user of a site of *size* bytes on a host that
    publishes at most *limit*: nothing below ``NEAR_LIMIT`` of it."""
    figures = f"{size / 1e6:,.0f} MB of the {limit / 1e9:g} GB {host} publishes at most"
    if size > limit:
        return f"the site is {figures}: {host} may refuse to deploy it (publish older years elsewhere, or use another host)"
    if size >= NEAR_LIMIT * limit:
        return f"the site is {figures}: an archive that keeps growing will pass it"
    return None


PUBLISHERS: dict[str, type[Publisher]] = {"ghpages": GitHubPagesPublisher}


def get_publisher(name: str) -> Publisher:
    try:
        return PUBLISHERS[name]()
    except KeyError:
        raise PublishError(f"unknown publisher {name!r} (known: {', '.join(sorted(PUBLISHERS))})") from None


def publish_site(
    config: Config,
    *,
    publisher: str = "ghpages",
    remote: str | None = None,
    branch: str | None = None,
    push: bool = True,
    force: bool = False,
) -> tuple[PublishResult, SiteCheck]:
    """Check site/build.json, then publish site/ with the named publisher."""
    chosen = get_publisher(publisher)
    check = check_site(config, force=force)
    request = PublishRequest(
        root=config.root,
        site=check.site,
        message=check.commit_message,
        remote=remote or config.publish.remote or "",
        branch=branch or config.publish.branch,
        cname=config.publish.cname,
        push=push,
    )
    return chosen.publish(request), check


# --- git plumbing -------------------------------------------------------------------


class _Git:
    def __init__(self, root: Path):
        self.root = root

    def run(
        self, *args: str, check: bool = True, input: bytes | None = None, env: dict | None = None
    ) -> subprocess.CompletedProcess:
        try:
            proc = subprocess.run(
                ["git", *args], cwd=self.root, input=input, capture_output=True, env={**os.environ, **(env or {})}
            )
        except FileNotFoundError:
            raise PublishError("git is not installed (publishing to GitHub Pages needs it)") from None
        if check and proc.returncode != 0:
            message = proc.stderr.decode("utf-8", "replace").strip().replace("\n", "; ")
            raise PublishError(f"git {args[0]} failed: {message or f'exit code {proc.returncode}'}")
        proc.stdout = proc.stdout.decode("utf-8", "replace")  # type: ignore[assignment]  # callers read text
        return proc

    def check_repository(self) -> None:
        if self.run("rev-parse", "--git-dir", check=False).returncode != 0:
            raise PublishError(f"{self.root} is not in a git repository (git init, and add a remote to push to)")

    def rev(self, ref: str) -> str | None:
        proc = self.run("rev-parse", "-q", "--verify", f"{ref}^{{commit}}", check=False)
        return proc.stdout.strip() if proc.returncode == 0 else None

    def is_ancestor(self, older: str, newer: str) -> bool:
        return self.run("merge-base", "--is-ancestor", older, newer, check=False).returncode == 0

    def remote_head(self, remote: str, branch: str) -> str | None:
        """The branch's commit on the remote (fetched), or None if it has no such branch."""
        proc = self.run("ls-remote", "--heads", remote, f"refs/heads/{branch}", check=False)
        if proc.returncode != 0:
            message = proc.stderr.decode("utf-8", "replace").strip().replace("\n", "; ")
            raise PublishError(f"cannot reach git remote {remote!r}: {message}")
        for line in proc.stdout.splitlines():
            sha, _, name = line.partition("\t")
            if name == f"refs/heads/{branch}":
                self.run("fetch", "--quiet", remote, f"refs/heads/{branch}")
                return sha
        return None

    def write_tree(self, site: Path, *, cname: str | None) -> tuple[str, int]:
        """Store every file under *site* (plus .nojekyll and CNAME) as a tree
        object; its id, and the bytes of the files.

        Files go in byte for byte: no .gitignore, attributes or line-ending
        filters apply, as the site must be served exactly as it was built."""
        files: list[tuple[str, Path]] = []
        size = 0
        for folder, dirs, names in os.walk(site):
            dirs.sort()
            for name in sorted(names):
                path = Path(folder, name)
                rel = path.relative_to(site).as_posix()
                if "\n" in rel or rel.startswith(".git/") or rel == ".git":
                    raise PublishError(f"{site.name}/{rel!r}: git cannot publish a file with this name")
                files.append((rel, path))
                size += path.stat().st_size
        entries: dict[str, tuple[str, str]] = {}
        if files:
            paths = "\n".join(str(p) for _, p in files) + "\n"
            shas = self.run("hash-object", "-w", "--no-filters", "--stdin-paths", input=paths.encode("utf-8")).stdout.split()
            for (rel, path), sha in zip(files, shas, strict=True):
                entries[rel] = ("100755" if os.access(path, os.X_OK) else "100644", sha)
        # GitHub Pages would otherwise run Jekyll, which drops files starting with "_"
        entries[".nojekyll"] = ("100644", self._blob(b""))
        if cname:
            entries["CNAME"] = ("100644", self._blob(cname.encode("utf-8") + b"\n"))
        index_info = "".join(f"{mode} {sha}\t{rel}\n" for rel, (mode, sha) in sorted(entries.items()))
        with tempfile.TemporaryDirectory(prefix="briefing-publish-") as tmp:
            # a private index: the user's staged changes are never touched
            env = {"GIT_INDEX_FILE": os.path.join(tmp, "index")}
            self.run("update-index", "--add", "--index-info", input=index_info.encode("utf-8"), env=env)
            return self.run("write-tree", env=env).stdout.strip(), size

    def _blob(self, data: bytes) -> str:
        return self.run("hash-object", "-w", "--stdin", input=data).stdout.strip()
