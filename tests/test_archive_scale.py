"""Archive scale: threads that cannot chain, bounded pages, incremental and
parallel builds that equal a clean build byte for byte."""
from __future__ import annotations

import importlib.util
from collections import defaultdict

from generator.cluster import MAX_THREAD_DAYS, MAX_THREAD_STORIES, cluster_with_stats

from .conftest import REPO


def _bench_module():
    spec = importlib.util.spec_from_file_location("bench_briefs", REPO / "benchmarks" / "bench_briefs.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_threads_cannot_chain_past_the_cap():
    # without the cap this corpus chains 16 stories into one thread
    items, _ = _bench_module().synthetic_corpus(2000, seed=11)
    result = cluster_with_stats(items)
    threads = defaultdict(list)
    for story in result.stories:
        if story.thread_id:
            threads[story.thread_id].append(story)
            assert len(story.related) < MAX_THREAD_STORIES
    assert threads and max(len(members) for members in threads.values()) <= MAX_THREAD_STORIES
    for members in threads.values():
        dates = [b.brief.article.date for s in members for b in s.briefs]
        assert (max(dates) - min(dates)).days < MAX_THREAD_DAYS
