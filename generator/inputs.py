"""What a build reads, as one digest, and what the site on disk is.

A rebuild whose inputs are those of the last build, with the site on disk
still the one that build wrote, has nothing to do: ``build`` then leaves the
site as it is and reports what the last build reported.  The inputs are read
by their bytes, not their modification times (an editor that keeps a file's
size and mtime cannot fool it): every file under ``content/``, the project's
templates and the packaged theme, the configuration, the generator's own code
and the versions of the libraries that shape the output.  The site is checked
by each file's size, modification time and inode, so a page deleted or edited
by hand in ``site/`` makes the next build a real one.

Translation is the one input outside the project: an engine that failed last
time may answer now.  A build that left segments pending while an engine was
configured is therefore never skipped (see ``retry_online``).
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import os
from pathlib import Path

from .config import Config
from .site.output import FileStat, site_files
from .site.theme_lookup import theme_dirs

# Libraries whose version can change the bytes of the site.
OUTPUT_LIBRARIES = (
    "jinja2",
    "markupsafe",
    "babel",
    "pyyaml",
    "markdown-it-py",
    "feedgen",
    "fonttools",
    "fontpkg-amiri",
    "pagefind",
)


def _version(name: str) -> str:
    try:
        return importlib.metadata.version(name)
    except importlib.metadata.PackageNotFoundError:
        return "-"


def _add_tree(digest, folder: Path, label: str, skip: set[Path], suffix: str = "") -> None:
    """Every file under *folder* (ending in *suffix*), by its path and bytes, in a stable order."""
    digest.update(f"\0tree {label}\0".encode())
    if not folder.is_dir():
        return
    for current, dirs, files in os.walk(folder):
        here = Path(current)
        dirs[:] = sorted(d for d in dirs if d != "__pycache__" and (here / d).resolve() not in skip)
        for name in sorted(f for f in files if f.endswith(suffix)):
            path = here / name
            digest.update(path.relative_to(folder).as_posix().encode("utf-8", "surrogateescape") + b"\0")
            try:
                digest.update(hashlib.sha256(path.read_bytes()).digest())
            except OSError:
                digest.update(b"(unreadable)")


def inputs_digest(config: Config, *, build_date: object, offline: bool, include_off_focus: bool) -> str:
    """A digest of everything the build of *config* reads (see the module's doc)."""
    digest = hashlib.sha256()
    # where the project lies is not an input; what briefing.toml says is
    digest.update(repr(config.without_location()).encode("utf-8", "surrogateescape"))
    digest.update(f"\0{build_date}\0{offline}\0{include_off_focus}\0".encode())
    digest.update(" ".join(f"{name}={_version(name)}" for name in OUTPUT_LIBRARIES).encode())
    # the output and cache folders may sit inside content/ or the theme (they
    # should not, but the build would still run): they are not inputs
    skip = {config.output_path.resolve(), config.cache_path.resolve()}
    package = Path(__file__).resolve().parent
    data = {(package / name).resolve() for name in ("theme", "demo", "workflows")}  # installed from a wheel
    _add_tree(digest, package, "generator", skip | data, ".py")
    _add_tree(digest, config.content_path, "content", skip)
    for n, folder in enumerate(theme_dirs(config)):
        _add_tree(digest, folder, f"theme {n}", skip)
    return digest.hexdigest()


def listing_digest(files: dict[str, FileStat]) -> str:
    """A digest of a folder's ``site_files``: which files, and each one's
    size, inode and modification time."""
    digest = hashlib.sha256()
    for name in sorted(files):
        size, inode, mtime = files[name]
        digest.update(f"{name}\0{size}\0{inode}\0{mtime}\n".encode("utf-8", "surrogateescape"))
    return digest.hexdigest()


def site_listing(folder: Path) -> str:
    """A digest of the files in *folder* (``site_files``, ``listing_digest``)."""
    return listing_digest(site_files(folder))
