"""Writing the site: all or nothing.

The whole site is written into a fresh folder beside ``site/`` and swapped in
with ``os.replace`` only after every file was written, so a failed build (or a
killed process) leaves the previous site exactly as it was.
"""
from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path, PurePosixPath

from .errors import BuildError


def _safe_relative(path: str) -> PurePosixPath:
    rel = PurePosixPath(path)
    if rel.is_absolute() or ".." in rel.parts or not rel.parts:
        raise BuildError(f"refusing to write {path!r}: outside the output folder")
    return rel


def write_site(output_dir: Path, files: dict[str, bytes]) -> None:
    """Replace *output_dir* with exactly *files* ({relative posix path: bytes})."""
    output_dir = output_dir.resolve()
    parent = output_dir.parent
    parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{output_dir.name}-new-", dir=parent))
    try:
        for name in sorted(files):
            target = staging.joinpath(*_safe_relative(name).parts)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(files[name])
        _swap_in(staging, output_dir)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def _swap_in(staging: Path, output_dir: Path) -> None:
    """Put the finished *staging* folder in place of *output_dir*."""
    parent = output_dir.parent
    old = None
    if output_dir.exists():
        if not output_dir.is_dir():
            raise BuildError(f"{output_dir} exists and is not a folder; not replacing it")
        old = parent / f".{output_dir.name}-old-{os.getpid()}"
        if old.exists():
            shutil.rmtree(old)
        os.replace(output_dir, old)
    try:
        os.replace(staging, output_dir)
    except OSError:
        if old is not None:
            os.replace(old, output_dir)  # put the previous site back
        raise
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
    # mkdtemp creates 0700; a published site must be readable by a web server
    os.chmod(output_dir, 0o755)


class StagedSite:
    """The streaming form of ``write_site``: files go into the staging folder
    as they are rendered (the site is never held in memory), and ``commit``
    swaps the folder in, all or nothing, like ``write_site``.

    A file whose bytes equal the current site's, or one the caller ``keep``s
    unchanged, is hard-linked from the current site instead of written: it
    keeps its modification time, so rsync, web servers and publish see it as
    unchanged.  Used as a context manager, an exception discards the staging
    folder and leaves the current site as it was."""

    def __init__(self, output_dir: Path) -> None:
        self.output_dir = output_dir.resolve()
        self.output_dir.parent.mkdir(parents=True, exist_ok=True)
        self.staging = Path(tempfile.mkdtemp(prefix=f".{self.output_dir.name}-new-", dir=self.output_dir.parent))
        self.names: set[str] = set()
        self.written = 0  # files whose bytes were written
        self.linked = 0  # files kept from the current site
        self._folders: set[Path] = set()

    def __enter__(self) -> StagedSite:  # noqa: PYI034 (a plain class, not subclassed)
        return self

    def __exit__(self, kind, value, tb) -> None:
        if kind is not None or self.staging.exists():
            self.discard()

    def path(self, name: str) -> Path:
        """Where *name* is staged."""
        return self.staging.joinpath(*_safe_relative(name).parts)

    def _place(self, name: str) -> tuple[Path, Path]:
        parts = _safe_relative(name).parts
        target = self.staging.joinpath(*parts)
        if target.parent not in self._folders:
            target.parent.mkdir(parents=True, exist_ok=True)
            self._folders.add(target.parent)
        self.names.add(name)
        return target, self.output_dir.joinpath(*parts)

    def write(self, name: str, data: bytes) -> None:
        target, current = self._place(name)
        try:
            if current.stat().st_size == len(data) and current.read_bytes() == data and self._link(current, target):
                return
        except OSError:
            pass
        target.write_bytes(data)
        self.written += 1

    def keep(self, name: str) -> bool:
        """Reuse the current site's *name* as it is; False if it has none."""
        target, current = self._place(name)
        if self._link(current, target):
            return True
        self.names.discard(name)
        return False

    def current(self, name: str) -> bytes | None:
        try:
            return self.output_dir.joinpath(*_safe_relative(name).parts).read_bytes()
        except OSError:
            return None

    def _link(self, current: Path, target: Path) -> bool:
        try:
            os.link(current, target)
        except OSError:  # no such file, or another file system
            return False
        self.linked += 1
        return True

    def commit(self) -> None:
        _swap_in(self.staging, self.output_dir)

    def discard(self) -> None:
        shutil.rmtree(self.staging, ignore_errors=True)
