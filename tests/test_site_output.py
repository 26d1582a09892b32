"""Putting a build's files in place: only what changed is moved, all or
nothing, and a move stopped halfway (an error, or a killed process) leaves
the previous site as it was."""

from __future__ import annotations

import multiprocessing
import os
from pathlib import Path

import pytest

from generator.site.output import MANIFEST_NAME, StagedSite, write_site

MANIFEST = b'{"generator": "briefing test"}'
BEFORE = {
    MANIFEST_NAME: MANIFEST,
    "index.html": b"home, first",
    "ar/index.html": b"ar home",
    "ar/2025-08-01/r1/index.html": b"brief one",
    "ar/2025-08-01/r2/index.html": b"brief two",
    "ar/old/index.html": b"a page that goes away",
    "en/feed.xml": b"feed, first",
    "en/topics": b"a file where the next build puts a folder",
}
AFTER = {
    MANIFEST_NAME: MANIFEST,
    "index.html": b"home, second",  # changed
    "ar/index.html": b"ar home",  # same bytes
    "ar/2025-08-01/r1/index.html": b"brief one",  # kept
    "ar/2025-08-01/r2/index.html": b"brief two, edited",
    "ar/2025-08-02/r3/index.html": b"brief three",  # new, in a new folder
    "en/feed.xml": b"feed, second",
    "en/topics/index.html": b"a folder where the file was",
}


def files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def stats(folder: Path) -> dict[str, tuple[int, int]]:
    return {p.relative_to(folder).as_posix(): (p.stat().st_ino, p.stat().st_mtime_ns) for p in folder.rglob("*") if p.is_file()}


def stage_after(site: StagedSite) -> None:
    for name, data in AFTER.items():
        if name == "ar/2025-08-01/r1/index.html":
            assert site.keep(name)
        else:
            site.write(name, data)


@pytest.fixture
def output(tmp_path) -> Path:
    folder = tmp_path / "site"
    write_site(folder, BEFORE)
    assert files(folder) == BEFORE
    return folder


def test_only_the_changed_files_are_moved_in(output):
    before = stats(output)
    folder = output.stat().st_ino
    with StagedSite(output) as site:
        stage_after(site)
        assert site.path("index.html").parent.parent == site.staging.parent  # staged
        assert site.path("ar/2025-08-01/r1/index.html") == output / "ar/2025-08-01/r1/index.html"  # kept in place
        site.commit()
    assert files(output) == AFTER
    after = stats(output)
    # same bytes or kept: the very file of the last build (same inode, same time)
    for name in ("ar/index.html", "ar/2025-08-01/r1/index.html", MANIFEST_NAME):
        assert after[name] == before[name]
    assert after["index.html"] != before["index.html"]
    assert output.stat().st_ino == folder  # moved into, not swapped
    assert not (output / "ar" / "old").exists()  # no empty folder left behind
    assert sorted(p.name for p in output.parent.iterdir()) == ["site"]  # no staging or old folder


def test_a_move_that_fails_puts_the_previous_site_back(output):
    with pytest.raises(FileNotFoundError), StagedSite(output) as site:
        stage_after(site)
        # a staged file lost before the move: the move stops on it, halfway
        (site.staging / "en" / "feed.xml").unlink()
        site.commit()
    assert files(output) == BEFORE
    assert sorted(p.name for p in output.parent.iterdir()) == ["site"]


def test_files_changed_by_hand_during_a_walked_build_make_the_next_build_distrust_the_listing(output):
    # the build walks the site once (``walk``) and commits from that listing:
    # a page to be removed that is deleted by hand meanwhile does not stop the
    # move, one added by hand stays, and both leave the listing the build
    # records unlike the folder, so the next build does not trust it
    from generator.site.output import site_files

    with StagedSite(output) as site:
        site.walk()
        stage_after(site)
        (output / "ar" / "old" / "index.html").unlink()  # the build removes it anyway
        (output / "ar" / "by-hand.html").write_bytes(b"added by hand")
        site.commit()
        listed = site.files_after_commit()
    assert files(output) == {**AFTER, "ar/by-hand.html": b"added by hand"}
    assert "ar/by-hand.html" not in listed
    assert listed != site_files(output)
    # the next build walks again and removes the stray page
    with StagedSite(output) as site:
        site.walk()
        for name, data in AFTER.items():
            site.write(name, data)
        site.commit()
        assert site.files_after_commit() == site_files(output)
    assert files(output) == AFTER


def _commit_and_die_after(output: Path, replaces: int) -> None:
    """In a child: stage the second site and commit it, but die (as a killed
    process does, no clean-up) at the *replaces*-th file moved."""
    real_replace = os.replace
    calls = [0]

    def replace_then_die(src, dst):
        if calls[0] == replaces:
            os._exit(9)
        calls[0] += 1
        real_replace(src, dst)

    site = StagedSite(output)
    stage_after(site)
    os.replace = replace_then_die  # type: ignore[assignment]
    site.commit()
    os._exit(0)


def _moves_in_a_commit(output: Path) -> int:
    counted = output.parent / "counted"
    counted.mkdir()
    copy = counted / "site"
    write_site(copy, BEFORE)
    real_replace = os.replace
    calls = [0]

    def counting(src, dst):
        calls[0] += 1
        real_replace(src, dst)

    with StagedSite(copy) as site:
        stage_after(site)
        os.replace = counting  # type: ignore[assignment]
        try:
            site.commit()
        finally:
            os.replace = real_replace
    assert files(copy) == AFTER
    return calls[0]


def test_a_build_killed_at_any_point_of_the_move_is_undone_by_the_next(output):
    moves = _moves_in_a_commit(output)
    assert moves > len(AFTER)  # the journal, the files replaced, the files moved in and out
    for point in range(moves):
        child = multiprocessing.get_context("fork").Process(target=_commit_and_die_after, args=(output, point))
        child.start()
        child.join(60)
        assert child.exitcode == 9, point
        leftovers = [p.name for p in output.parent.iterdir() if p.name.startswith(".site-")]
        assert leftovers, point  # the killed build's staging (and, once it began moving, old) folders
        # the next build finds them, undoes the move and removes them
        with StagedSite(output) as site:
            assert files(output) == BEFORE, point
            site.discard()
        assert [p.name for p in output.parent.iterdir() if p.name.startswith(".site-")] == [], point
    # and a move that is not stopped still ends with the second site
    with StagedSite(output) as site:
        stage_after(site)
        site.commit()
    assert files(output) == AFTER
