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
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
