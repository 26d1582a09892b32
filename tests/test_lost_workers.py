"""Worker processes that die: a build that loses one says so and stops,
leaving the site as it was, instead of waiting for it forever."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import pytest

from generator.errors import LostWorker
from generator.memory import in_fresh_forks

from .test_archive_scale import _bench_build_module, tree


@contextmanager
def deadline(seconds: int):
    """Fail instead of hanging the suite (the behaviour under test is not waiting)."""

    def expired(signum, frame):
        raise TimeoutError(f"still waiting after {seconds} s")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def test_fresh_forks_give_each_part_in_order_from_its_own_process():
    def work(n: int) -> tuple[int, int]:
        time.sleep(0.05 * ((7 - n) % 3))  # parts end out of order
        return n * n, os.getpid()

    with deadline(60):
        results = list(in_fresh_forks(work, 7, 3))
    assert [square for square, _ in results] == [n * n for n in range(7)]
    pids = {pid for _, pid in results}
    assert len(pids) == 7 and os.getpid() not in pids


def test_an_exception_in_a_part_is_raised_in_the_caller():
    def work(n: int) -> int:
        if n == 2:
            raise ValueError(f"part {n} failed")
        return n

    with deadline(60), pytest.raises(ValueError, match="part 2 failed"):
        list(in_fresh_forks(work, 4, 2))


def test_what_cannot_be_sent_back_is_an_error_that_says_so():
    class Unpicklable(Exception):
        def __reduce__(self):
            raise TypeError("not this one")

    def work(n: int):
        if n == 0:
            return lambda: n  # a result that does not pickle
        raise Unpicklable("part 2 broke")

    with deadline(60), pytest.raises(RuntimeError, match=r"the result of part 1, a function, could not be sent back"):
        list(in_fresh_forks(work, 2, 1))
    with deadline(60), pytest.raises(RuntimeError, match=r"Unpicklable: part 2 broke could not be sent back"):
        list(in_fresh_forks(lambda n: work(1), 1, 1))


@pytest.mark.parametrize("how", ["SIGKILL", "exit"])
def test_a_part_whose_process_dies_is_an_error_not_a_wait(how):
    # the out-of-memory killer sends SIGKILL; multiprocessing.Pool waited forever for such a part
    def work(n: int) -> int:
        if n == 1:
            if how == "SIGKILL":
                os.kill(os.getpid(), signal.SIGKILL)
            os._exit(3)
        return n

    expected = "killed by SIGKILL" if how == "SIGKILL" else "exit code 3"
    with deadline(60), pytest.raises(LostWorker, match=rf"part 2 of 4\) ended without its result, {expected}; .*--jobs 1"):
        list(in_fresh_forks(work, 4, 2))


def _children(pid: int) -> list[int]:
    try:
        return [int(c) for c in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except FileNotFoundError:
        return []


def test_a_build_whose_worker_is_killed_stops_with_an_error_and_keeps_the_site(tmp_path):
    bench = _bench_build_module()
    project = tmp_path / "project"
    bench.write_briefing(project, bench.corpus_articles(200))
    command = [sys.executable, "-m", "generator", "build", "-p", str(project), "--offline", "--jobs", "2"]
    first = subprocess.run(command[:-2] + ["--jobs", "1"], capture_output=True, text=True, timeout=600)
    assert first.returncode == 0, first.stderr
    before = tree(project / "site")
    # --clean: all 200 articles are briefed again, on two worker processes
    build = subprocess.Popen(command + ["--clean"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    killed = None
    with deadline(300):
        while killed is None and build.poll() is None:
            found = _children(build.pid)
            if found:
                killed = found[0]
                os.kill(killed, signal.SIGKILL)
            time.sleep(0.005)
        out, err = build.communicate()
    assert killed is not None, "the build ended before a worker was seen"
    assert build.returncode == 1, (out, err)
    assert "worker process" in err and "ended without its result" in err and "--jobs 1" in err, err
    assert "Traceback" not in err
    assert tree(project / "site") == before  # the last site, untouched
