"""How a build keeps its memory down and the garbage collector out of its way.

A build holds thousands of articles, briefs and stories from the stage that
makes them to its end.  Python's cyclic collector would walk all of them at
every full collection (thirteen of them, 1.9 s, in a one-article rebuild at
5,000 articles), and a forked renderer that walked them would write to every
page of the heap it shares with the build.  So what outlives a stage is
frozen out of the collector (``frozen``, ``release_free_memory``), stored
values are unpickled with it held off (``collector_paused``), and the memory
a stage freed is handed back to the system, a large block at once
(``map_large_blocks``).  Work split over processes runs in fresh forks, one
per part (``in_fresh_forks``): a fork shares the build's memory only while
it does not write to it, and reading an object writes its reference count,
so a long-lived fork ends with its own copy of what it read.
"""

from __future__ import annotations

import ctypes
import gc
import multiprocessing
import os
import signal
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from multiprocessing.connection import Connection, wait
from multiprocessing.process import BaseProcess
from typing import Any, TypeVar

from .errors import LostWorker

__all__ = [
    "can_fork",
    "collector_paused",
    "freeze_if_enclosed",
    "frozen",
    "in_fresh_forks",
    "map_large_blocks",
    "release_free_memory",
]

T = TypeVar("T")

# How many ``frozen`` blocks this process is inside (a forked renderer
# inherits its parent's, as it inherits what is frozen).  Counted here
# because ``gc.get_freeze_count`` walks every frozen object: asked inside a
# build, it cost 28 ms a call, a quarter of a second of a rebuild at 5,000
# articles.
_blocks = 0


@contextmanager
def frozen() -> Iterator[None]:
    """Freeze what exists now out of the cyclic collector (``gc.freeze``),
    and what is frozen inside too, until the block ends; then hand it all
    back, unless something was frozen before the block began: the enclosing
    block, or the caller, hands it back (a build encloses its renderers, and
    a process that builds again, ``briefing serve``, must not keep one
    build's objects out of collection forever)."""
    global _blocks
    # the count is asked for outside every block only, where little or nothing is frozen
    enclosed = _blocks > 0 or gc.get_freeze_count() > 0
    _blocks += 1
    gc.freeze()
    try:
        yield
    finally:
        _blocks -= 1
        if not enclosed:
            gc.unfreeze()


def freeze_if_enclosed() -> None:
    """Freeze what exists now out of the collector, inside a ``frozen``
    block only, which hands it back when it ends (outside one, nothing
    would: a stage run alone, as a test or a library caller may, must not
    leave its objects out of collection).  For what survived a stage, and
    for values just unpickled, which hold no reference cycle and live until
    the build ends or reference counting frees them: the collection after a
    rebuild read 5,000 stored briefs walked all of them (0.15 s)."""
    if _blocks > 0:
        gc.freeze()


def release_free_memory() -> None:
    """Hand the memory a finished stage freed back to the system, and, in a
    build, freeze what survived it (it lives to the end of the build: see
    the module and ``freeze_if_enclosed``).
    glibc keeps freed blocks for reuse; after clustering 5,000 articles
    340 MB of the build's 570 MB were free but still resident, through
    rendering and while Pagefind ran beside it.  ``malloc_trim`` returns them
    (elsewhere: nothing)."""
    gc.collect()
    freeze_if_enclosed()
    trim = _glibc("malloc_trim")
    if trim is not None:
        trim(0)


def _glibc(name: str) -> Callable[..., int] | None:
    """glibc's function *name* in this process, or None where the C library
    has none (macOS, musl): there the memory is left to that library."""
    try:
        return getattr(ctypes.CDLL(None), name)
    except (OSError, AttributeError):
        return None


# mallopt's M_MMAP_THRESHOLD (glibc's malloc.h), and the values set for it:
# in the build process, glibc's own starting value, held there; in a fork,
# above any page it renders (the largest of 5,000 articles' pages is 197 KB).
_M_MMAP_THRESHOLD = -3
MAPPED_BLOCK = 128 * 1024
MAPPED_BLOCK_IN_FORKS = 4 * 1024 * 1024
_forks_set = False


def map_large_blocks() -> None:
    """From now on, have this process map every block of ``MAPPED_BLOCK``
    bytes or more on its own, so that it goes back to the system the moment
    it is freed; a fork it starts maps only blocks of
    ``MAPPED_BLOCK_IN_FORKS`` or more (elsewhere than glibc: nothing).

    glibc starts so, but each time a mapped block is freed it raises the
    threshold to that block's size (up to 32 MiB), and from then on serves
    smaller ones from its heap, where what is freed stays resident.  A build
    makes and frees blocks of every size (pickled briefs, clustering's
    arrays, pages), and this process holds its memory through the stretch
    where the renderers' forks hold theirs, a cold build's peak.  With the
    threshold held, a cold build of 5,000 articles peaked at 437-447 MB PSS
    (summed RSS 1,050 MB) in three runs, against 454-459 MB (1,210 MB)
    without it in three runs alternating with them, and took as long.

    A fork lives for one part of the work, and its heap goes with it.  Held
    at 128 KiB in the forks too, rendering 1,000 articles took 4-19% longer
    in five paired runs out of five, with more system time (each page it
    renders mapped and unmapped), so a fork serves those from its heap."""
    global _forks_set
    set_option = _glibc("mallopt")
    if set_option is None:
        return
    set_option(_M_MMAP_THRESHOLD, MAPPED_BLOCK)
    if not _forks_set:  # once a process: the hook cannot be taken back
        os.register_at_fork(after_in_child=lambda: set_option(_M_MMAP_THRESHOLD, MAPPED_BLOCK_IN_FORKS))
        _forks_set = True


@contextmanager
def collector_paused() -> Iterator[None]:
    """The cyclic collector held off while stored values are unpickled:
    thousands of briefs arrive as millions of objects and no reference
    cycle, and each collection the growing heap set off walked all of it
    again (five full collections, half a second, of a rebuild at 5,000
    articles).  Reference counting still frees what is dropped."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def can_fork() -> bool:
    """Whether child processes can start as copies of this one (not on Windows)."""
    return "fork" in multiprocessing.get_all_start_methods()


def _run_forked_part(work: Callable[[int], object], n: int, sender: Connection) -> None:
    # a forked Process starts as a copy of this one: *work* is not pickled to reach it
    try:
        outcome: tuple[bool, object] = (True, work(n))
    except BaseException as exc:  # noqa: BLE001  (carried to the parent, which raises it)
        outcome = (False, exc)
    try:
        sender.send(outcome)
    except Exception as exc:  # noqa: BLE001  (what does not pickle is told of in words, which do)
        sent, value = outcome
        told = f"{type(value).__name__}: {value}" if not sent else f"the result of part {n + 1}, a {type(value).__name__},"
        sender.send((False, RuntimeError(f"{told} could not be sent back from its worker process ({exc})")))
    sender.close()


def _how_it_ended(code: int | None) -> str:
    if code is not None and code < 0:
        try:
            name = signal.Signals(-code).name
        except ValueError:
            name = f"signal {-code}"
        return f"killed by {name}"
    return f"exit code {code}"


def in_fresh_forks(work: Callable[[int], T], parts: int, jobs: int) -> Iterator[T]:
    """``work(0)``, ..., ``work(parts - 1)``, in that order, each in a fresh
    fork of this process (*jobs* at a time), which starts with this
    process's memory and ends with its part: so nothing but the parts'
    results crosses between processes, and no fork grows past one part's
    share of what it reads (see the module).  The build's objects are
    frozen out of the forks' garbage collection, whose walk would write to
    every page of the heap.  An exception in ``work`` is raised here; a fork
    that ends without its result (killed by the out-of-memory killer, say)
    raises ``LostWorker`` instead of leaving the caller waiting, as a
    ``multiprocessing.Pool`` would.  The caller checks ``can_fork`` first."""
    context = multiprocessing.get_context("fork")
    running: dict[int, tuple[BaseProcess, Connection]] = {}
    finished: dict[int, Any] = {}  # results sent before their turn
    started = 0
    try:
        with frozen():
            for n in range(parts):
                while n not in finished:
                    while started < parts and len(running) < max(1, jobs):
                        receiver, sender = context.Pipe(duplex=False)
                        process = context.Process(target=_run_forked_part, args=(work, started, sender), daemon=True)
                        process.start()
                        sender.close()  # the fork's copy alone stays open: its end is seen here as EOF
                        running[started] = (process, receiver)
                        started += 1
                    _collect(running, finished, parts)
                yield finished.pop(n)
    finally:
        for left, receiver in running.values():  # left by an error or by a caller that stopped early
            left.kill()
            left.join()
            receiver.close()


def _collect(running: dict[int, tuple[BaseProcess, Connection]], finished: dict[int, Any], parts: int) -> None:
    """Wait until a running part sends its result or ends without one."""
    ready = set(wait([receiver for _, receiver in running.values()] + [process.sentinel for process, _ in running.values()]))
    for n, (process, receiver) in list(running.items()):
        if receiver not in ready and process.sentinel not in ready:
            continue
        try:
            sent, value = receiver.recv()
        except EOFError:
            process.join()
            raise LostWorker(
                f"a worker process (part {n + 1} of {parts}) ended without its result, {_how_it_ended(process.exitcode)}"
            ) from None
        process.join()
        receiver.close()
        del running[n]
        if not sent:
            raise value
        finished[n] = value
