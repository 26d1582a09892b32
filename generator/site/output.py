"""Writing the site: all or nothing, only where it is ours, one build at a time.

Every file that changed is written into a fresh folder beside ``site/``; only
after all of them were written does the build move them into place, each with
``os.replace``, keeping the files they replace (and the ones that went away)
in an "old" folder beside it until the last one is in place.  A failed build
(or a killed process) therefore leaves the previous site exactly as it was: a
file-system error while moving puts the old files back at once, and a build
killed while moving is undone by the next one, from the journal it wrote
first.  The cost of the move grows with what changed, not with the archive.
The first build of a folder swaps in the whole staging folder.

Because the build decides everything the output folder holds (a file the new
site lacks is removed), that folder must be one briefing owns: never the project, ``content/``, ``templates/`` or the cache
(nor inside or around them), and, if it exists, either empty or holding a
``build.json`` written by briefing.  Otherwise nothing is touched.

Staging and old folders are named after the build (``.site-new-<id>``,
``.site-old-<id>``); a build killed halfway leaves them behind, and the next
build undoes the move they journal, if any, and removes them.  A lock file in the cache folder makes a second build of
the same project wait for the first.
"""

from __future__ import annotations

import errno
import fcntl
import json
import os
import re
import secrets
import shutil
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path, PurePosixPath

from ..errors import BuildError

# Written by every build (see build.build_manifest); its presence with our
# generator name is what proves that a folder is a site briefing wrote.
MANIFEST_NAME = "build.json"
LOCK_NAME = "build.lock"
LOCK_TIMEOUT = 120.0  # seconds a second build waits for the first


def _safe_relative(path: str) -> PurePosixPath:
    rel = PurePosixPath(path)
    if rel.is_absolute() or ".." in rel.parts or not rel.parts:
        raise BuildError(f"refusing to write {path!r}: outside the output folder")
    return rel


# --- whose folder is it? -------------------------------------------------------------


def written_by_briefing(folder: Path) -> bool:
    """Whether *folder* holds the manifest a briefing build writes."""
    try:
        data = json.loads((folder / MANIFEST_NAME).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return isinstance(data, dict) and str(data.get("generator", "")).startswith("briefing ")


def ownership_problem(output: Path) -> str | None:
    """Why the build may not replace *output*, judged by what is in it."""
    if not output.exists():
        return None
    if not output.is_dir():
        return f"{output} is a file, not a folder; not replacing it"
    try:
        with os.scandir(output) as entries:
            first = next(entries, None)
    except OSError as exc:
        return f"cannot read {output} ({exc.strerror}); check its permissions"
    if first is None or written_by_briefing(output):
        return None
    return (
        f"{output} holds files briefing did not write (such as {first.name!r}) and the build would "
        "replace it: choose a new or empty folder, or move those files away"
    )


# --- one build at a time -------------------------------------------------------------


@contextmanager
def build_lock(folder: Path, timeout: float = LOCK_TIMEOUT) -> Iterator[None]:
    """Hold ``<folder>/build.lock`` for the block; wait up to *timeout* seconds
    for another build of the project to finish, then give up with a message.
    The kernel releases the lock when a process dies, so it never goes stale."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / LOCK_NAME
    handle = path.open("a+")
    try:
        deadline = time.monotonic() + timeout
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    handle.seek(0)
                    holder = handle.read().strip() or "unknown"
                    raise BuildError(
                        f"{path}: error: another build of this project is still running "
                        f"(process {holder}); waited {timeout:g} s. Run the build again when it "
                        "has finished"
                    ) from None
                time.sleep(0.2)
        handle.seek(0)
        handle.truncate()
        handle.write(f"{os.getpid()}\n")
        handle.flush()
        yield
    finally:
        handle.close()  # releases the lock


# --- leftovers -----------------------------------------------------------------------


def new_build_id() -> str:
    return f"{os.getpid()}-{secrets.token_hex(4)}"


def remove_leftovers(output: Path) -> list[str]:
    """Remove staging and old folders that killed builds left beside *output*
    (``.site-new-*``, ``.site-old-*``), first undoing a move into *output*
    that a killed build left halfway (see ``StagedSite.commit``).  Called with
    the build lock held, so no other build of this project is using them."""
    pattern = re.compile(rf"^\.{re.escape(output.name)}-(?:new|old)-[\w-]+$")
    removed: list[str] = []
    try:
        entries = list(output.parent.iterdir())
    except OSError:
        return removed
    for entry in entries:
        if pattern.match(entry.name) and entry.name.startswith(f".{output.name}-old-") and (entry / JOURNAL_NAME).is_file():
            staging = entry.with_name(entry.name.replace("-old-", "-new-", 1))
            _undo_move(output, staging, entry)
    for entry in entries:
        if pattern.match(entry.name) and entry.is_dir() and not entry.is_symlink():
            shutil.rmtree(entry, ignore_errors=True)
            removed.append(entry.name)
    return sorted(removed)


# --- file-system errors as messages --------------------------------------------------

_ADVICE = {
    errno.ENOSPC: "the disk is full: free some space and build again",
    errno.EDQUOT: "the disk quota is used up: free some space and build again",
    errno.EROFS: "the file system is read-only: choose a writable output_dir",
    errno.EACCES: "permission denied: check the folder's permissions or choose another output_dir",
    errno.EPERM: "not permitted: check the folder's permissions or choose another output_dir",
    errno.ENAMETOOLONG: "a file name is too long for this file system",
}


def describe_os_error(exc: OSError, path: Path | str | None = None) -> str:
    """One line naming the path and what to do about *exc*."""
    where = path if path is not None else (exc.filename or "the output folder")
    advice = _ADVICE.get(exc.errno or 0, exc.strerror or str(exc))
    return f"{where}: error: {advice}; the previous site is unchanged"


# --- the write -----------------------------------------------------------------------


def write_site(output_dir: Path, files: dict[str, bytes], build_id: str | None = None) -> None:
    """Replace *output_dir* with exactly *files* ({relative posix path: bytes}).

    A file-system error (full disk, read-only, permissions) is a BuildError
    naming the path; the previous site is left as it was."""
    try:
        with StagedSite(output_dir, build_id) as site:
            for name in sorted(files):
                site.write(name, files[name])
            site.commit()
    except OSError as exc:
        raise BuildError(describe_os_error(exc, exc.filename or output_dir)) from exc


# --- moving the changed files in ----------------------------------------------------

JOURNAL_NAME = "journal.json"  # in the old folder: what the move replaces, written before it starts
_BACKUP = "files"  # the old folder's copy of the files replaced or removed


def _prune_empty(output: Path, names: Iterable[str]) -> None:
    """Remove the folders left empty in *output* above the files *names*
    (a site briefing writes has no empty folder)."""
    folders = {output.joinpath(*PurePosixPath(name).parts[:-1]) for name in names}
    for folder in sorted(folders, key=lambda f: len(f.parts), reverse=True):
        while folder != output and output in folder.parents:
            try:
                folder.rmdir()
            except OSError:  # not empty, or gone
                break
            folder = folder.parent


def _move_in(output: Path, staging: Path, old: Path, written: list[str], removed: list[str]) -> None:
    """Move the staged files *written* into *output* and the files *removed*
    out of it, keeping every file replaced or removed under *old*."""
    backup = old / _BACKUP
    for name in removed:  # first: a removed file may stand where a new folder goes
        kept = backup.joinpath(*PurePosixPath(name).parts)
        kept.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.replace(output.joinpath(*PurePosixPath(name).parts), kept)
        except FileNotFoundError:  # removed by hand during the build: gone, as it should be
            continue
    _prune_empty(output, removed)
    for name in written:
        parts = PurePosixPath(name).parts
        target = output.joinpath(*parts)
        if target.exists():
            kept = backup.joinpath(*parts)
            kept.parent.mkdir(parents=True, exist_ok=True)
            os.replace(target, kept)
        else:
            target.parent.mkdir(parents=True, exist_ok=True)
        os.replace(staging.joinpath(*parts), target)


def _undo_move(output: Path, staging: Path, old: Path) -> None:
    """Put *output* back as it was before a move that stopped halfway, from
    the journal in *old*.  A file moved in is either replacing one kept under
    *old* (put back) or new (gone from *staging*: removed)."""
    try:
        journal = json.loads((old / JOURNAL_NAME).read_text(encoding="utf-8"))
        written, removed = list(journal["written"]), list(journal["removed"])
    except (OSError, ValueError, KeyError, TypeError):
        return  # written before anything moved: nothing to undo
    backup = old / _BACKUP
    for name in written:
        parts = PurePosixPath(name).parts
        kept, target = backup.joinpath(*parts), output.joinpath(*parts)
        if kept.is_file():
            os.replace(kept, target)
        elif not staging.joinpath(*parts).exists():
            target.unlink(missing_ok=True)
    _prune_empty(output, written)
    for name in removed:
        parts = PurePosixPath(name).parts
        kept = backup.joinpath(*parts)
        if kept.is_file():
            output.joinpath(*parts).parent.mkdir(parents=True, exist_ok=True)
            os.replace(kept, output.joinpath(*parts))
    (old / JOURNAL_NAME).unlink(missing_ok=True)


def walk_files(folder: Path) -> Iterator[tuple[str, os.DirEntry]]:
    """Each file under *folder*: its relative posix name and its scandir
    entry.  As ``os.walk``: a folder that cannot be read is skipped, and a
    link to a folder is neither listed nor followed.  A site is one folder
    per page: ``os.walk`` over 18,000 of them took three times as long."""
    todo = [(str(folder), "")]
    while todo:
        current, prefix = todo.pop()
        try:
            with os.scandir(current) as scan:
                entries = list(scan)
        except OSError:
            continue
        for entry in entries:
            try:
                folder_entry = entry.is_dir()
            except OSError:
                folder_entry = False
            if not folder_entry:
                yield prefix + entry.name, entry
            elif not entry.is_symlink():
                todo.append((entry.path, f"{prefix}{entry.name}/"))


# a file as the site listing sees it: size, inode and modification time (ns)
FileStat = tuple[int, int, int]


def site_files(folder: Path) -> dict[str, FileStat]:
    """Each file under *folder* by its posix name, with its size, inode and
    modification time (cheap: no file is read)."""
    found: dict[str, FileStat] = {}
    for name, entry in walk_files(folder):
        try:
            found[name] = _stat_of(entry.stat(follow_symlinks=False))
        except OSError:
            continue
    return found


def _stat_of(stat: os.stat_result) -> FileStat:
    return (stat.st_size, stat.st_ino, stat.st_mtime_ns)


def _files_in(folder: Path) -> set[str]:
    """The relative posix names of the files under *folder*."""
    return {name for name, _ in walk_files(folder)}


def _swap_in(staging: Path, output_dir: Path, build_id: str) -> None:
    """Put the finished *staging* folder in place of *output_dir*."""
    old = None
    if output_dir.exists():
        old = output_dir.parent / f".{output_dir.name}-old-{build_id}"
        os.replace(output_dir, old)
    try:
        os.replace(staging, output_dir)
    except OSError:
        if old is not None:
            os.replace(old, output_dir)  # put the previous site back
        raise
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


class StagedSite:
    """The streaming form of ``write_site``: files go into the staging folder
    as they are rendered (the site is never held in memory), and ``commit``
    puts them in place, all or nothing, like ``write_site``.

    A file whose bytes equal the current site's, or one the caller ``keep``s
    unchanged, is left where it is: it keeps its modification time, so rsync,
    web servers and publish see it as unchanged, and a build that changed a
    few pages moves only those.  Used as a context manager, an exception
    discards the staging folder and leaves the current site as it was."""

    def __init__(self, output_dir: Path, build_id: str | None = None) -> None:
        self.output_dir = output_dir.resolve()
        problem = ownership_problem(self.output_dir)
        if problem:
            raise BuildError(f"briefing.toml: error: output_dir: {problem}")
        self.build_id = build_id or new_build_id()
        self.output_dir.parent.mkdir(parents=True, exist_ok=True)
        # staging and old folders carry the build's id; a killed build's are
        # removed here (the caller holds the build lock)
        remove_leftovers(self.output_dir)
        self.staging = self.output_dir.parent / f".{self.output_dir.name}-new-{self.build_id}"
        self.staging.mkdir()
        # a published site must be readable by a web server, whatever the umask
        os.chmod(self.staging, 0o755)
        # a first build swaps the staging folder in; later ones move files into the site
        self.replaces_folder = not self.output_dir.is_dir()
        self.names: set[str] = set()
        self.written = 0  # files whose bytes were written
        self.kept = 0  # files kept from the current site, left where they are
        self._staged: dict[str, None] = {}  # the files written (an ordered set)
        self._undone = True  # False while a move could not be undone: the next build undoes it
        self._folders: set[Path] = set()
        self._known: dict[str, FileStat] | None = None  # the current site's files, once walked (``walk``)
        # what ``commit`` did: the files moved in and those moved out
        self._moved: list[str] = []
        self._removed: list[str] = []

    def __enter__(self) -> StagedSite:  # noqa: PYI034 (a plain class, not subclassed)
        return self

    def __exit__(self, kind, value, tb) -> None:
        if kind is not None or self.staging.exists():
            self.discard()

    def path(self, name: str) -> Path:
        """Where the new site's *name* is now: staged, or kept in the current site."""
        parts = _safe_relative(name).parts
        return self.staging.joinpath(*parts) if self.replaces_folder or name in self._staged else self.output_dir.joinpath(*parts)

    def write(self, name: str, data: bytes) -> None:
        target = self._target(name, len(data), lambda: data)
        if target is None:
            return
        try:
            target.write_bytes(data)
        except OSError as exc:  # a full disk says no file name: the message names the file
            if exc.filename is None:
                raise OSError(exc.errno, exc.strerror, str(target)) from exc
            raise
        self._staged_file(name)

    def _target(self, name: str, size: int, data: Callable[[], bytes]) -> Path | None:
        """Where *name* is staged, its folder made; None when the current
        site's file has the same bytes and is kept where it is."""
        parts = _safe_relative(name).parts
        current = self.output_dir.joinpath(*parts)
        try:
            if current.stat().st_size == size and current.read_bytes() == data() and self.keep(name):
                return None
        except OSError:
            pass
        target = self.staging.joinpath(*parts)
        if target.parent not in self._folders:
            target.parent.mkdir(parents=True, exist_ok=True)
            self._folders.add(target.parent)
        return target

    def _staged_file(self, name: str) -> None:
        self.names.add(name)
        self._staged[name] = None
        self.written += 1

    def walk(self) -> dict[str, FileStat]:
        """The current site's files (``site_files``), walked once, after this
        staging began: ``keep`` then looks a name up instead of asking the
        file system (30,000 times at 5,000 articles), and ``commit`` and
        ``files_after_commit`` start from them."""
        self._known = site_files(self.output_dir)
        return self._known

    def files_after_commit(self) -> dict[str, FileStat]:
        """The site's files (``site_files``) after ``commit``: those ``walk``
        found, less the ones moved out, with the ones moved in looked at
        again; walked afresh only when the site was swapped in whole or was
        never walked.  A second walk of 30,000 files cost more than a second
        at 5,000 articles.  A page edited, added or removed by hand during the
        build is listed as ``walk`` found it, so the next build's walk differs
        from this record and that build distrusts it (``build._last_build``)."""
        if self.replaces_folder or self._known is None:
            return site_files(self.output_dir)
        files = dict(self._known)
        for name in self._removed:
            del files[name]
        for name in self._moved:
            try:
                files[name] = _stat_of(self.output_dir.joinpath(*_safe_relative(name).parts).stat(follow_symlinks=False))
            except OSError:  # gone already: the next build will see it
                return site_files(self.output_dir)
        return files

    def has(self, name: str) -> bool:
        """Whether the current site has the file *name* (as ``walk`` found it,
        once walked: a shard's 150 index files are looked up, not stat'ed)."""
        if self.replaces_folder:
            return False
        if self._known is not None:
            return name in self._known
        return self.output_dir.joinpath(*_safe_relative(name).parts).is_file()

    def keep(self, name: str) -> bool:
        """Reuse the current site's *name* as it is; False if it has none."""
        if not self.has(name):
            return False
        self.names.add(name)
        self.kept += 1
        return True

    def current(self, name: str) -> bytes | None:
        try:
            return self.output_dir.joinpath(*_safe_relative(name).parts).read_bytes()
        except OSError:
            return None

    def commit(self) -> None:
        # checked again just before the move: the folder may have changed since
        problem = ownership_problem(self.output_dir)
        if problem:
            raise BuildError(f"briefing.toml: error: output_dir: {problem}")
        if self.replaces_folder:
            _swap_in(self.staging, self.output_dir, self.build_id)
            return
        # the files ``walk`` found (a second walk of 30,000 files took 0.2 s at
        # 5,000 articles): one added by hand since stays until the next build
        present = set(self._known) if self._known is not None else _files_in(self.output_dir)
        staged = set(self._staged)
        gone = sorted(name for name in self.names - staged if name not in present)
        if gone:
            raise OSError(errno.ENOENT, "a kept file went away during the build", str(self.output_dir / gone[0]))
        removed = sorted(present - self.names)
        if self._staged or removed:
            self._move(sorted(self._staged), removed)
            self._moved, self._removed = sorted(self._staged), removed
        self.discard()

    def _move(self, written: list[str], removed: list[str]) -> None:
        """Move the staged files in and the removed ones out, journalled (see
        the module's docstring); on a file-system error, undo and re-raise."""
        old = self.output_dir.parent / f".{self.output_dir.name}-old-{self.build_id}"
        old.mkdir()
        journal = old / f"{JOURNAL_NAME}.tmp"
        journal.write_text(json.dumps({"written": written, "removed": removed}), encoding="utf-8")
        os.replace(journal, old / JOURNAL_NAME)  # whole, or absent: then nothing has moved
        try:
            _move_in(self.output_dir, self.staging, old, written, removed)
        except BaseException:
            self._undone = False
            _undo_move(self.output_dir, self.staging, old)  # if this fails too, the next build retries it
            self._undone = True
            raise
        finally:
            if self._undone:
                shutil.rmtree(old, ignore_errors=True)

    def discard(self) -> None:
        if self._undone:  # otherwise the staged files tell the next build which files moved
            shutil.rmtree(self.staging, ignore_errors=True)


# Versions before Pagefind was run as a service wrote its input under the
# project's cache folder; what their killed builds left behind there is
# removed by the next build (see remove_stale_scratch).
SCRATCH_DIR = "tmp"
SCRATCH_PREFIX = "briefing-pagefind-"


def remove_stale_scratch(folder: Path) -> None:
    """Remove Pagefind scratch folders that killed builds left in *folder*
    (called with the build lock held: none of them is in use)."""
    if folder.is_dir():
        for entry in folder.glob(SCRATCH_PREFIX + "*"):
            if entry.is_dir() and not entry.is_symlink():
                shutil.rmtree(entry, ignore_errors=True)
