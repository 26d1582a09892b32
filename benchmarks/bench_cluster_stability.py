"""Benchmark: how far one new article moves the clustering of older reports.

    python benchmarks/bench_cluster_stability.py                  # 1,000 articles, the 15 newest in turn
    python benchmarks/bench_cluster_stability.py --size 5000 --trials 15

A daily archive only grows at its newest end, and a rebuild after one new
article should change the stories near it, not stories of weeks before: an
analyst's older story pages should not move, and every page they move is
rendered and indexed again (issue 14: a one-article rebuild within 10% of a
cold build).

It writes the synthetic corpus of ``bench_build`` as a briefing project,
briefs and translates it once (``generator.build.prepare``), then clusters
the archive without its *trials* newest articles and again with each of
them in turn, and counts the other reports whose event cluster or thread
changed, and how many of those are more than a week older than the new
article.  A new report that rightly joins two threads changes them too, so
thread changes are an upper bound; an event change a week back is not one
the new report could cause by itself.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "benchmarks"))

from bench_build import corpus_articles, write_briefing  # noqa: E402  (after the path is set)

from generator.build import prepare  # noqa: E402
from generator.config import load_config  # noqa: E402
from generator.models import BilingualBrief  # noqa: E402
from generator.stories.cluster import cluster_with_stats  # noqa: E402

WEEK = dt.timedelta(days=7)


def bilingual_briefs(size: int, workdir: Path) -> list[BilingualBrief]:
    """The corpus briefed and translated as a build does it, oldest first."""
    articles = corpus_articles(size)[:size]
    write_briefing(workdir, articles)
    config, _ = load_config(workdir)
    prepared = prepare(config, offline=True)
    items = [item for story in prepared.stories for item in story.briefs]
    return sorted(items, key=lambda item: (item.brief.article.date, item.id))


def groups(items: list[BilingualBrief], leave_out: str | None) -> tuple[dict[str, frozenset], dict[str, frozenset]]:
    """Each report's event cluster and thread (as sets of the other reports,
    *leave_out* not counted, so that a new report joining them is no change)."""
    events: dict[str, frozenset] = {}
    threads: dict[str, set] = defaultdict(set)
    for story in cluster_with_stats(items).stories:
        members = frozenset(item.id for item in story.briefs if item.id != leave_out)
        for member in members:
            events[member] = members
        if story.thread_id:
            threads[story.thread_id] |= members
    thread_of = {member: frozenset(found) for found in threads.values() for member in found}
    return events, thread_of


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", type=int, default=1000, help="articles in the archive (default 1,000)")
    parser.add_argument("--trials", type=int, default=15, help="the newest articles added one at a time (default 15)")
    parser.add_argument("--workdir", type=Path, help="where the project is written (default: a temporary folder)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as scratch:
        workdir = args.workdir or Path(scratch)
        workdir.mkdir(parents=True, exist_ok=True)
        print(f"briefing {args.size:,} articles ...", flush=True)
        items = bilingual_briefs(args.size, workdir)
    base, added = items[: -args.trials], items[-args.trials :]
    started = time.perf_counter()
    base_events, base_threads = groups(base, None)
    print(f"{len(base):,} reports clustered in {time.perf_counter() - started:.1f} s; adding each of the {len(added)} newest:")
    day = {item.id: item.brief.article.date for item in base}
    moved_events = moved_back = moved_threads = parted_threads = 0
    for new in added:
        events, threads = groups([*base, new], new.id)
        changed = [r for r in base_events if events.get(r) != base_events[r]]
        week_back = new.brief.article.date - WEEK
        older = [r for r in changed if day[r] < week_back]
        rethreaded = [r for r in base_threads.keys() | threads.keys() if base_threads.get(r) != threads.get(r)]
        # a thread the new report joins only grows; a report that lost a thread-mate was moved
        parted = [r for r in base_threads if not base_threads[r] <= threads.get(r, frozenset())]
        moved_events += bool(changed)
        moved_back += bool(older)
        moved_threads += bool(rethreaded)
        parted_threads += bool(parted)
        print(
            f"  {new.id}: events of {len(changed)} other report(s) changed ({len(older)} more than a week older), "
            f"threads of {len(rethreaded)} ({len(parted)} lost a thread-mate)",
            flush=True,
        )
    n = len(added)
    print(f"\nadditions that changed other reports' events: {moved_events} of {n}")
    print(f"additions that changed events of reports more than a week older: {moved_back} of {n}")
    print(f"additions that changed threads (an upper bound: a new report may rightly join two): {moved_threads} of {n}")
    print(f"additions after which a report lost a thread-mate (threads re-formed, not joined): {parted_threads} of {n}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
