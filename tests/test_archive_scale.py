"""Archive scale: threads that cannot chain, bounded pages, incremental and
parallel builds that equal a clean build byte for byte."""

from __future__ import annotations

import functools
import importlib.util
import itertools
import os
import random
import re
import resource
import shutil
import signal
import subprocess
import sys
import threading
from collections import Counter, defaultdict
from pathlib import Path

import jinja2.bccache
import pytest

from generator.briefs.store import BuildStore
from generator.build import build
from generator.stories import cluster
from generator.stories.memo import FeatureMemo
from generator.stories.cluster import MAX_THREAD_DAYS, MAX_THREAD_STORIES, cluster_with_stats
from generator.config import load_config
from generator.errors import BuildError
from generator.memory import MAPPED_BLOCK, MAPPED_BLOCK_IN_FORKS, can_fork

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


def test_pairs_scored_by_forked_processes_are_those_one_process_scores(monkeypatch):
    """Forked scorers (a cold build, or a rebuild after an article dated back)
    give the stories, notes and counters one process gives, to the bit."""
    assert can_fork()  # else the forked path is never taken
    items, _ = _bench_module().synthetic_corpus(300, seed=5)
    ordered = sorted(items, key=lambda it: (it.brief.article.date, it.id))

    def scored(jobs):
        memo = FeatureMemo(None)
        scores = cluster._PairScores(cluster._batch(ordered, memo), memo.vocabulary.terms, False, None, jobs)
        return scores._score, scores.pairs, scores.comparisons

    alone, alone_result = scored(1), cluster_with_stats(items, jobs=1)
    assert len(alone[0]) > 1000 and alone[2]  # pairs scored, some of them notable
    monkeypatch.setattr(cluster, "PARALLEL_PAIRS", 1)
    for jobs in (2, 3):
        assert scored(jobs) == alone
        forked = cluster_with_stats(items, jobs=jobs)
        assert (forked.stories, forked.notes, forked.stats) == (alone_result.stories, alone_result.notes, alone_result.stats)


def test_features_made_by_forked_processes_are_those_one_process_makes(monkeypatch, tmp_path):
    """A cold build's per-brief features are made in forks, each encoding into
    its own copy of the vocabulary; the vocabulary, every term id and every
    field are one process's, whether the store held none of the features or
    the first two thirds of them (and their vocabulary)."""
    assert can_fork()  # else the forked path is never taken
    items, _ = _bench_module().synthetic_corpus(300, seed=5)
    ordered = sorted(items, key=lambda it: (it.brief.article.date, it.id))

    def batch(jobs, store=None):
        memo = FeatureMemo(store)
        made = cluster._batch(ordered, memo, jobs)
        rows = [[(ids.tolist(), str(ids.dtype), n.tolist(), str(n.dtype)) for ids, n in vars(c).values()] for c in made.counts]
        return memo.vocabulary.terms, made.docs, rows, memo.reused

    def primed(jobs):  # with a store holding the features of the first 200 briefs
        store = BuildStore(tmp_path / f"{jobs}.db")
        try:
            cluster._batch(ordered[:200], FeatureMemo(store), 1)
            return batch(jobs, store)
        finally:
            store.close()

    forks = []
    real = cluster.in_fresh_forks
    monkeypatch.setattr(cluster, "in_fresh_forks", lambda *args: forks.append(args[1:]) or real(*args))
    alone, alone_primed = batch(1), primed(1)
    assert not forks and len(alone[0]) > 5_000 and alone_primed[3] == 200
    monkeypatch.setattr(cluster, "FEATURE_PART_MIN", 25)
    for jobs in (2, 3):
        assert batch(jobs) == alone
        assert primed(jobs) == alone_primed
    assert forks == [(8, 2), (4, 2), (12, 3), (4, 3)]  # parts, jobs


def test_pairs_are_cut_into_runs_that_keep_each_left_report_whole():
    rng = random.Random(3)
    for _ in range(200):
        pairs = sorted({(rng.randrange(12), rng.randrange(40)) for _ in range(rng.randrange(0, 60))})
        count = rng.randrange(1, 5)
        parts = cluster._left_parts(pairs, count)
        assert [pair for part in parts for pair in part] == pairs
        assert len(parts) <= count and all(parts)
        for before, after in zip(parts, parts[1:]):
            assert before[-1][0] != after[0][0]


# --- incremental and parallel builds --------------------------------------------------


@functools.cache  # one load a session: each call executed the whole benchmark file again
def _bench_build_module():
    spec = importlib.util.spec_from_file_location("bench_build", REPO / "benchmarks" / "bench_build.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# a process that forks a child and waits for it, the child alone using the CPU
_FORKED_WORK = """
import os, time
pid = os.fork()
if pid == 0:
    started = time.process_time()
    while time.process_time() - started < 0.4:
        pass
    os._exit(0)
os.waitpid(pid, 0)
print("waited")
"""


@pytest.mark.skipif(not can_fork(), reason="forks: not on Windows")
def test_the_benchmark_counts_the_cpu_time_of_the_forks_a_build_waits_for():
    """A build's CPU time in the benchmark is its process tree's: briefing's
    renderers and scorers are forks of the build process, and Pagefind its
    child; counting the build process alone would leave their work out."""
    measured = _bench_build_module().run_measured([sys.executable, "-c", _FORKED_WORK], REPO, dict(os.environ))
    assert "waited" in measured.output
    assert measured.user + measured.system >= 0.3
    assert measured.seconds >= 0.3


# a process that holds 64 MB for half a second
_HOLDS_MEMORY = """
import time
held = b"x" * (64 << 20)
time.sleep(0.5)
print("held", len(held))
"""


def test_the_benchmark_samples_memory_only_in_the_builds_it_does_not_time():
    """Sampling a process tree's PSS every 20 ms slowed the builds it watched
    by a sixth, so timed builds are not sampled and the peak memory comes
    from a build of its own."""
    bench = _bench_build_module()
    command = [sys.executable, "-c", _HOLDS_MEMORY]
    timed = bench.run_measured(command, REPO, dict(os.environ))
    assert "held" in timed.output and timed.seconds >= 0.5
    assert timed.rss == timed.pss == 0
    watched = bench.run_measured(command, REPO, dict(os.environ), memory=True)
    assert "held" in watched.output
    assert watched.pss >= 48 << 20 and watched.rss >= watched.pss


@pytest.fixture(scope="module")
def corpus():
    """24 synthetic articles (threads, several outlets, topics), plus spares."""
    return _bench_build_module().corpus_articles(28)


def synthetic_project(root: Path, articles: list[dict]) -> Path:
    _bench_build_module().write_briefing(root, articles)
    return root


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def clean_build(project: Path, scratch: Path) -> dict[str, bytes]:
    """The same project built from nothing, in another folder."""
    if scratch.exists():
        shutil.rmtree(scratch)
    shutil.copytree(project, scratch, ignore=shutil.ignore_patterns("site", ".briefing-cache", "templates-copy"))
    if (project / "templates-copy").exists():
        shutil.copytree(project / "templates-copy", scratch / "templates-copy")
    config, _ = load_config(scratch)
    report = build(config, offline=True, jobs=1, incremental=False)
    assert not report.errors, report.errors
    return tree(scratch / "site")


def incremental_build(project: Path) -> str:
    from generator.briefs.store import BuildStore
    from generator.inputs import site_listing

    config, _ = load_config(project)
    report = build(config, offline=True, jobs=1)
    assert not report.errors, report.errors
    # the listing the build recorded (made from what it moved, not a second
    # walk) is the site on disk: else the next build would distrust its record
    store = BuildStore.open(config)
    try:
        assert store.site_listing() == site_listing(config.output_path)
    finally:
        store.close()
    return next(line for line in report.summary if line.startswith("pages:"))


def use_template_copy(project: Path) -> Path:
    """The project's templates: a copy of the theme in ``templates-copy``
    (``clean_build`` copies it too), named by briefing.toml."""
    shutil.copytree(REPO / "templates", project / "templates-copy")
    toml = project / "briefing.toml"
    toml.write_text(
        re.sub(r"(?m)^templates_dir = .*$", 'templates_dir = "templates-copy"', toml.read_text(encoding="utf-8")),
        encoding="utf-8",
    )
    return project / "templates-copy"


def replace_once(path: Path, old: str, new: str) -> None:
    """*old*, found once in *path*, made *new*."""
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), encoding="utf-8")


def rendered(summary: str) -> int:
    return int(re.match(r"pages: (\d+) rendered", summary).group(1))


def test_incremental_build_equals_a_clean_build_byte_for_byte(tmp_path, corpus):
    project = synthetic_project(tmp_path / "project", corpus[:24])
    scratch = tmp_path / "clean"
    first = incremental_build(project)
    assert rendered(first) > 80
    assert tree(project / "site") == clean_build(project, scratch)

    # nothing changed: nothing rendered, nothing rewritten (same inode, same mtime)
    # and the folder is not even swapped: the site on disk already is this build
    before = {p: (p.stat().st_ino, p.stat().st_mtime_ns) for p in (project / "site").rglob("*") if p.is_file()}
    folder = (project / "site").stat().st_ino
    assert rendered(incremental_build(project)) == 0
    after = {p: (p.stat().st_ino, p.stat().st_mtime_ns) for p in (project / "site").rglob("*") if p.is_file()}
    assert after == before
    assert (project / "site").stat().st_ino == folder
    assert [p.name for p in project.iterdir() if p.name.startswith(".site-")] == []

    articles = sorted((project / "content" / "articles").rglob("*.md"))
    # an edit
    edited = articles[5]
    # a sentence added to the story's text (a lone short line would be set
    # aside by cleaning as a teaser, and change no page)
    edited.write_text(
        edited.read_text(encoding="utf-8").rstrip("\n") + " وأعلنت الحكومة اليوم خطة جديدة للكهرباء في الجنوب.\n",
        encoding="utf-8",
    )
    assert 0 < rendered(incremental_build(project)) < rendered(first)
    assert tree(project / "site") == clean_build(project, scratch)
    # additions
    for spare in corpus[24:27]:
        _bench_build_module().briefing_article(project, spare)
    incremental_build(project)
    assert tree(project / "site") == clean_build(project, scratch)
    # deletions
    articles[0].unlink()
    articles[17].unlink()
    incremental_build(project)
    assert tree(project / "site") == clean_build(project, scratch)

    # a template change renders the pages that use it, and only those
    templates = use_template_copy(project)
    incremental_build(project)  # a configuration change: every page is rendered again
    source = templates / "source.html"
    source.write_text(source.read_text(encoding="utf-8").replace("<h1>", '<h1 class="outlet">'), encoding="utf-8")
    source_pages = [name for name in tree(project / "site") if "/sources/" in name and name.count("/") >= 3]
    assert rendered(incremental_build(project)) == len(source_pages)
    built = tree(project / "site")
    assert 'class="outlet"' in built[source_pages[0]].decode("utf-8")
    assert built == clean_build(project, scratch)
    # what the templates name is kept between builds (``template_references``):
    # a template that comes to include another, then a change of that one alone
    partial = templates / "_outlet_note.html"
    partial.write_text('<p class="note">first</p>\n', encoding="utf-8")
    replace_once(source, '<h1 class="outlet">', '{% include "_outlet_note.html" %}<h1 class="outlet">')
    assert rendered(incremental_build(project)) == len(source_pages)
    partial.write_text('<p class="note">second</p>\n', encoding="utf-8")
    assert rendered(incremental_build(project)) == len(source_pages)
    built = tree(project / "site")
    assert 'class="note">second' in built[source_pages[0]].decode("utf-8")
    assert built == clean_build(project, scratch)


def test_what_pages_read_besides_their_stories_renders_them_again_and_nothing_else_does(tmp_path, corpus):
    """Pages show more than their stories: outlets as the registry names
    them (content/sources.yaml), the day's map from the gazetteer's
    coordinates.  An edit of either renders the pages that show it, and the
    site equals a clean build; settings no page is rendered from (how English
    is fetched, how the digest is mailed, where the site is pushed) render
    nothing again."""
    project = synthetic_project(tmp_path / "project", corpus[:16])
    shutil.copy(REPO / "content" / "sources.yaml", project / "content" / "sources.yaml")
    scratch = tmp_path / "clean"
    everything = rendered(incremental_build(project))
    assert "Libya Observer" in "".join(body.decode("utf-8") for body in tree(project / "site").values() if body[:1] == b"<")

    registry = project / "content" / "sources.yaml"
    # the outlet's Arabic name, as Arabic pages show it
    replace_once(registry, "\n    ar: ليبيا أوبزرفر\n", "\n    ar: موقع ليبيا أوبزرفر\n")
    again = rendered(incremental_build(project))
    assert 0 < again < everything
    built = tree(project / "site")
    assert any("موقع ليبيا أوبزرفر".encode("utf-8") in body for body in built.values())
    assert built == clean_build(project, scratch)
    # what only the outlet's own pages show (its kind) renders those alone
    replace_once(
        registry, "aliases: [The Libya Observer]\n    kind: news-site\n", "aliases: [The Libya Observer]\n    kind: newspaper\n"
    )
    again = rendered(incremental_build(project))
    after = tree(project / "site")
    changed = [name for name, body in after.items() if name.endswith(".html") and built.get(name) != body]
    assert changed and all("/sources/" in name for name in changed)
    # and the sources index in each language, which has every entry for context
    assert again == len(changed) + 2
    built = after
    assert built == clean_build(project, scratch)

    gazetteer = project / "content" / "gazetteer.yaml"
    text = gazetteer.read_text(encoding="utf-8")
    assert text.count("\n    lat: 3") > 10
    gazetteer.write_text(text.replace("\n    lat: 3", "\n    lat: 2"), encoding="utf-8")  # every Libyan place moved south
    maps_before = {name: body for name, body in built.items() if b"<circle" in body}
    incremental_build(project)
    built = tree(project / "site")
    assert maps_before and all(built[name] != body for name, body in maps_before.items())
    assert built == clean_build(project, scratch)

    toml = project / "briefing.toml"
    toml.write_text(
        toml.read_text(encoding="utf-8").replace("[translate]\n", "[translate]\ntimeout = 40.0\nretries = 1\n")
        + '\n[email]\nsender = "desk@example.org"\nsmtp_port = 2525\n\n[publish]\nbranch = "pages"\n',
        encoding="utf-8",
    )
    assert load_config(project)[0].email.smtp_port == 2525
    assert rendered(incremental_build(project)) == 0
    assert tree(project / "site") == built == clean_build(project, scratch)


def test_a_template_cannot_show_settings_no_page_is_rendered_from(tmp_path, corpus):
    """A page that showed the mail sender would go stale when it changed
    (no page's fingerprint covers it): reading it is an error naming the
    template and its line."""
    project = synthetic_project(tmp_path / "project", corpus[:4])
    page = use_template_copy(project) / "404.html"
    lines = page.read_text(encoding="utf-8").splitlines()
    page.write_text("\n".join(lines + ["<p>{{ config.email.sender }}</p>"]) + "\n", encoding="utf-8")
    config, _ = load_config(project)
    with pytest.raises(BuildError) as raised:
        build(config, offline=True, jobs=1)
    message = str(raised.value)
    assert f"templates-copy/404.html:{len(lines) + 1}:" in message
    assert "[email]" in message
    assert "Traceback" not in message
    # what templates may read still reads through
    page.write_text("\n".join(lines + ["<p>{{ config.base_url }}</p>"]) + "\n", encoding="utf-8")
    assert not build(config, offline=True, jobs=1).errors
    assert "<p>https://example.org/</p>" in (project / "site" / "404.html").read_text(encoding="utf-8")


def test_a_moved_project_keeps_its_record_of_the_site(tmp_path, corpus):
    """Where the project lies is not an input of a page: built again after
    the project folder moved (as a CI cache restored elsewhere, or the same
    folder named by a relative path), no page is rendered again."""
    project = synthetic_project(tmp_path / "here", corpus[:8])
    first = incremental_build(project)
    assert rendered(first) > 20
    built = tree(project / "site")
    moved = tmp_path / "elsewhere" / "project"
    moved.parent.mkdir()
    shutil.move(project, moved)
    assert rendered(incremental_build(moved)) == 0
    assert tree(moved / "site") == built


def test_compiled_templates_are_kept_and_a_damaged_one_is_compiled_again(tmp_path, corpus):
    project = synthetic_project(tmp_path / "project", corpus[:6])
    incremental_build(project)
    compiled = sorted((project / ".briefing-cache" / "templates").rglob("*.cache"))
    assert len(compiled) >= 10 and len({path.parent for path in compiled}) == 1  # one folder: this code's
    first = tree(project / "site")
    for path in compiled:  # Jinja's header kept, the rest garbage that does not unpickle
        path.write_bytes(path.read_bytes()[: len(jinja2.bccache.bc_magic)] + b"\x80\x04garbage")
    config, _ = load_config(project)
    report = build(config, offline=True, jobs=1, incremental=False)
    assert not report.errors, report.errors
    assert tree(project / "site") == first
    assert all(b"garbage" not in path.read_bytes() for path in compiled)  # written again, whole


def test_a_newer_article_under_a_fixed_date_reaches_every_footer(tmp_path, corpus):
    """Every footer states the newest article's day: with the build date
    given, a newer article changes it on every page, though the date did not."""
    import datetime as dt

    project = synthetic_project(tmp_path / "project", corpus[:12])
    newest = max(a["date"] for a in corpus[:12])
    day = newest + dt.timedelta(days=30)
    config, _ = load_config(project)
    assert not build(config, offline=True, jobs=1, build_date=day).errors
    _bench_build_module().briefing_article(project, {**corpus[12], "date": newest + dt.timedelta(days=1), "slug": "newer"})
    assert not build(config, offline=True, jobs=1, build_date=day).errors
    incremental = tree(project / "site")
    scratch = tmp_path / "clean"
    shutil.copytree(project, scratch, ignore=shutil.ignore_patterns("site", ".briefing-cache"))
    clean_config, _ = load_config(scratch)
    assert not build(clean_config, offline=True, jobs=1, build_date=day, incremental=False).errors
    assert incremental == tree(scratch / "site")


def test_a_new_article_renders_little_more_than_what_changed(tmp_path, corpus):
    """A story joining a thread changes its neighbours' related lists, and
    not every topic, actor and source page that lists them: the pages
    rendered again are (nearly) the pages whose bytes change."""
    project = synthetic_project(tmp_path / "project", corpus[:24])
    incremental_build(project)
    before = tree(project / "site")
    for spare in corpus[24:27]:
        _bench_build_module().briefing_article(project, spare)
        again = rendered(incremental_build(project))
        after = tree(project / "site")
        changed = sum(1 for name, data in after.items() if name.endswith(".html") and before.get(name) != data)
        print(f"rendered {again}, changed {changed}")
        assert changed <= again <= changed * 1.25 + 2
        before = after
    assert before == clean_build(project, tmp_path / "clean")


@pytest.mark.skipif(not can_fork(), reason="forks: not on Windows")
def test_a_few_hundred_pages_are_rendered_by_a_few_forks_and_thousands_in_slices_of_one_weight():
    # each slice is a fresh fork (its own process id); a rebuild's few hundred
    # pages are not cut into sixteen slices of twenty-five, each paying a fork,
    # and a cold build's slices hold what makes a fork grow by about as much:
    # many brief pages, or a few digest pages
    from generator.site import render
    from generator.site.feeds import FeedPlan
    from generator.site.page import Page

    def pages(count: int, kind: str = "brief", first: int = 0) -> list[Page]:
        return [Page(f"en/p{n}/index.html", "brief.html", "en", kind=kind) for n in range(first, first + count)]

    def slices(jobs: list[Page]) -> list[int]:
        out = list(render.rendered_pages(jobs, lambda page: os.getpid(), 2))
        assert [path for path, _ in out] == [page.path for page in jobs]  # in order, each once
        return list(Counter(pid for _, pid in out).values())  # pages per process, in the order they came

    assert slices(pages(render.PARALLEL_PAGES - 1)) == [render.PARALLEL_PAGES - 1]  # this process: too few to fork
    assert slices(pages(400)) == [render.MIN_SLICE] * 4
    assert slices(pages(250)) == [84, 83, 83]  # evened out, none under MIN_SLICE
    assert slices(pages(render.MIN_SLICE + 8)) == [render.MIN_SLICE // 2 + 4] * 2
    feed = render._FeedJob("en", FeedPlan("en/feed.xml", "en/index.html", "Briefing", ()))
    assert render.render_weight(feed) == render.RENDER_WEIGHT["feed"]  # feeds are rendered in the slices too
    # a cold build: more than eight slices a process, each as heavy as a fork may grow
    cold = pages(2000) + pages(250, "digest", first=2000)
    weights = [render.render_weight(page) for page in cold]
    assert sum(weights) > 2 * 8 * render.SLICE_WEIGHT
    sizes = slices(cold)
    assert len(sizes) == -(-sum(weights) // render.SLICE_WEIGHT)
    ends = list(itertools.accumulate(sizes))
    heaviest = max(weights)
    for start, end in zip([0, *ends], ends):
        assert sum(weights[start:end]) <= render.SLICE_WEIGHT + heaviest
    share = sum(weights) / len(sizes)  # evened out: each slice about as heavy
    assert abs(sizes[0] * render.RENDER_WEIGHT["brief"] - share) <= render.RENDER_WEIGHT["brief"]
    assert sizes[0] > 500  # brief pages: 600 a fork, where 200 were
    assert abs(sizes[-1] * render.RENDER_WEIGHT["digest"] - share) <= render.RENDER_WEIGHT["digest"]  # a dozen digest pages


def test_same_site_with_one_or_two_processes_and_a_dask_cluster(tmp_path, corpus):
    from distributed import LocalCluster

    project = synthetic_project(tmp_path / "project", corpus[:24])
    config, _ = load_config(project)
    sites = {}
    for label, options in (("jobs 1", {"jobs": 1}), ("jobs 2", {"jobs": 2})):
        report = build(config, offline=True, incremental=False, **options)
        assert not report.errors
        sites[label] = tree(project / "site")
    with LocalCluster(n_workers=1, threads_per_worker=2, processes=False, protocol="tcp", dashboard_address=None) as cluster:
        address = cluster.scheduler_address.removeprefix("tcp://")
        report = build(config, offline=True, incremental=False, executor=f"dask://{address}")
        assert not report.errors
        sites["dask"] = tree(project / "site")
    assert sites["jobs 1"] == sites["jobs 2"] == sites["dask"]
    assert len(sites["jobs 1"]) > 100


def test_an_unknown_executor_is_a_clear_error(tmp_path, corpus):
    project = synthetic_project(tmp_path / "project", corpus[:8])
    config, _ = load_config(project)
    with pytest.raises(BuildError, match="unknown executor 'spark://x'"):
        build(config, offline=True, executor="spark://x")


def test_articles_read_before_come_from_the_store_as_they_were_read(tmp_path, corpus):
    from generator.briefs.content import read_articles
    from generator.briefs.store import BuildStore

    project = synthetic_project(tmp_path / "project", corpus[:6])
    bad = project / "content" / "articles" / "2025-07-01" / "bad-date.md"
    bad.parent.mkdir(parents=True, exist_ok=True)
    bad.write_text("---\ntitle: عنوان\ndate: 2025-13-40\nsource: X\n---\nنص.\n", encoding="utf-8")
    config, _ = load_config(project)
    fresh = read_articles(config.content_path, config.root)
    store = BuildStore.open(config)
    try:
        first = read_articles(config.content_path, config.root, memo=store, version="v1")
        second = read_articles(config.content_path, config.root, memo=store, version="v1")
        assert first == second == fresh
        assert any(p.path == "content/articles/2025-07-01/bad-date.md" and p.line == 3 for p in second[1])
        assert store.db.execute("SELECT COUNT(*) FROM articles").fetchone()[0] == 7
        # an edited file is read again, and what it replaced is forgotten
        path = next((project / "content" / "articles").rglob("*.md"))
        path.write_text(path.read_text(encoding="utf-8") + "\nسطر جديد في النص.\n", encoding="utf-8")
        third = read_articles(config.content_path, config.root, memo=store, version="v1")
        assert third == read_articles(config.content_path, config.root)
        assert store.db.execute("SELECT COUNT(*) FROM articles").fetchone()[0] == 7
    finally:
        store.close()


def test_the_story_fingerprint_reads_every_field_of_a_story():
    from dataclasses import fields

    from generator.models import Story
    from generator.site.fingerprints import STORY_FIELDS

    assert {f.name for f in fields(Story)} == set(STORY_FIELDS)


def test_a_bilingual_brief_fingerprint_reads_every_field():
    from dataclasses import fields

    from generator.models import BilingualBrief
    from generator.site.fingerprints import BILINGUAL_FIELDS

    assert {f.name for f in fields(BilingualBrief)} == set(BILINGUAL_FIELDS)


def test_the_helpers_that_read_the_lexicons_are_those_page_fingerprints_cover():
    """A page's fingerprint has the lexicons for inputs through the helpers
    of ``LEXICON_HELPERS`` its templates name: a helper or a field added
    without it would leave pages stale when the gazetteer changes."""
    from dataclasses import fields

    from generator.site.fingerprints import LEXICON_HELPERS
    from generator.site.render import SiteLexicons, index_helpers

    helpers = index_helpers("en", SiteLexicons({}, {}, {}, {}))
    assert set(helpers) == set(LEXICON_HELPERS) | {"sources_in_order"}  # that one sorts the context's entries
    assert {name for read in LEXICON_HELPERS.values() for name in read} == {f.name for f in fields(SiteLexicons)}


def test_a_stored_brief_carries_its_digest_and_a_changed_one_makes_its_own(tmp_path, corpus):
    """Briefs made by the worker processes come back, and go into the store,
    with their digest: a rebuild reads it instead of a repr of every brief.
    A brief changed by ``replace`` never inherits the digest of the old one."""
    import hashlib
    import pickle
    from dataclasses import replace

    from generator.briefs.store import BuildStore

    project = synthetic_project(tmp_path / "project", corpus[:6])
    config, _ = load_config(project)
    build(config, offline=True, jobs=2)
    store = BuildStore.open(config)
    try:
        stored = [pickle.loads(blob) for (blob,) in store.db.execute("SELECT brief FROM briefs")]
    finally:
        store.close()
    assert len(stored) == 6
    for brief in stored:
        assert "digest" in vars(brief)  # read back, not made again
        assert brief.digest == hashlib.sha256(repr(brief).encode("utf-8", "surrogatepass")).hexdigest()
    changed = replace(stored[0], headline=stored[0].headline + " (2)")
    assert "digest" not in vars(changed)
    assert changed.digest != stored[0].digest
    assert changed.digest == hashlib.sha256(repr(changed).encode("utf-8", "surrogatepass")).hexdigest()


def test_a_new_day_renders_no_older_page_of_a_topic_or_actor_list(tmp_path, monkeypatch):
    """A list page other than the first keeps its entries as newer ones
    arrive (``Pagination``), and so its fingerprint: a new day's article
    renders the first page of its topics' and actors' lists, not every page
    of them (what the newest report alone says of a topic or an actor, the
    words that found it and the sentences naming it, is not a page's input)."""
    import datetime as dt

    from generator.build import prepare
    from generator.site import render

    monkeypatch.setattr(render, "PAGE_SIZE", 3)  # short pages: lists of a few dozen articles have older pages
    articles = _bench_build_module().corpus_articles(40)[:40]
    project = synthetic_project(tmp_path / "project", articles)
    config, _ = load_config(project)

    def pages():
        prepared = prepare(config, offline=True)
        files: dict[str, bytes] = {}
        result = render.render_into(config, prepared.report.digests, prepared.build_date, files.__setitem__)
        return prepared, files, result.fingerprints

    prepared, files, fingerprints = pages()
    paged = {m.group(1) for path in fingerprints if (m := re.match(r"ar/actors/([^/]+)/page/\d+/", path))}
    # an article naming an actor whose list has older pages, again on a new
    # day, one sentence further down: the actor is named in other sentences
    item = next(
        it for d in prepared.report.digests for s in d.stories for it in s.briefs if {a.id for a in it.brief.actors} & paged
    )
    actor = next(a.id for a in item.brief.actors if a.id in paged)
    article = next(a for a in articles if a["slug"] == item.brief.article.slug)
    newest = max(a["date"] for a in articles)
    new_day = {
        **article,
        "slug": "new-day",
        "date": newest + dt.timedelta(days=1),
        "body": "وتتواصل المتابعة.\n\n" + article["body"],
    }
    _bench_build_module().briefing_article(project, new_day)
    _, files_after, fingerprints_after = pages()
    older = [path for path in fingerprints if re.match(rf"(ar|en)/actors/{re.escape(actor)}/page/\d+/", path)]
    assert older and all(files_after[path] == files[path] for path in older)  # their bytes are the same...
    assert all(fingerprints_after[path] == fingerprints[path] for path in older)  # ...and so are their inputs
    first = f"ar/actors/{actor}/index.html"
    assert files_after[first] != files[first] and fingerprints_after[first] != fingerprints[first]


def test_a_build_keeps_the_gazetteer_parsed_for_the_next_one(tmp_path, corpus):
    """The parse of the lexicon files is kept in the build store (a rebuild
    that translates one new article need not parse the gazetteer's YAML);
    the next build's process reads it back as parsed, and an edited file is
    parsed again and kept in its place."""
    from generator.briefs.store import BuildStore
    from generator.build import PARSED_LEXICONS
    from generator.text import lexicons
    from generator.yamlio import load_yaml

    project = synthetic_project(tmp_path / "project", corpus[:6])
    config, _ = load_config(project)
    gazetteer = project / "content" / "gazetteer.yaml"

    def kept() -> dict:
        store = BuildStore.open(config)
        try:
            found = store.derived(f"{PARSED_LEXICONS}:{lexicons.parser_version()}")
        finally:
            store.close()
        assert isinstance(found, dict)
        return found

    assert not build(config, offline=True, jobs=1).errors
    stored = kept()
    digest = lexicons.file_digest(gazetteer)
    assert stored[digest] == load_yaml(gazetteer, "gazetteer.yaml")[0]
    lexicons._PARSED.clear()  # as in the next build's process
    lexicons.remember(stored)
    assert lexicons.read_lexicon(gazetteer, "gazetteer.yaml")[0] is stored[digest]  # read back, not parsed again

    gazetteer.write_text(gazetteer.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    assert not build(config, offline=True, jobs=1).errors
    edited = kept()
    assert digest not in edited and lexicons.file_digest(gazetteer) in edited


def test_the_lexicons_kept_in_the_store_brief_as_the_files_do(tmp_path, corpus):
    """A build keeps the parsed gazetteer and taxonomy in the build store (no
    YAML parsed again to brief one new article): read back, they brief every
    article exactly as freshly read ones; a broken gazetteer is reported on
    the next build, not hidden behind the stored one."""
    import pickle

    from generator.briefs.brief import BriefResources, brief_article
    from generator.briefs.content import read_articles
    from generator.briefs.store import BuildStore

    project = synthetic_project(tmp_path / "project", corpus[:6])
    config, _ = load_config(project)
    assert not build(config, offline=True, jobs=1).errors
    store = BuildStore.open(config)
    try:
        [(blob,)] = store.db.execute("SELECT value FROM derived WHERE key LIKE 'brief-resources:%'").fetchall()
    finally:
        store.close()
    stored, problems = pickle.loads(blob)
    fresh, fresh_problems = BriefResources.load(config)
    assert problems == fresh_problems
    articles, _ = read_articles(config.content_path, config.root)
    assert len(articles) == 6
    for article in articles:
        assert brief_article(article, stored) == brief_article(article, fresh)

    gazetteer = project / "content" / "gazetteer.yaml"
    good = gazetteer.read_text(encoding="utf-8")
    gazetteer.write_text(good + "\n  - [unclosed\n", encoding="utf-8")
    broken = build(config, offline=True, jobs=1)
    assert any(p.path == "content/gazetteer.yaml" and p.line for p in broken.errors), broken.errors
    gazetteer.write_text(good, encoding="utf-8")
    assert not build(config, offline=True, jobs=1).errors


def _phases(line: str) -> dict[str, float]:
    """The phases of a summary's "time:" or "cpu:" line, with their seconds, in its order
    (as the benchmark reads them)."""
    phases = _bench_build_module().phase_seconds(line)
    phases.pop("in all")
    return phases


def test_the_summary_says_where_the_build_time_went(tmp_path, corpus):
    """A "time:" line splits the build into its phases: what a user at archive
    scale reads to see which part grows.  The site itself carries no time."""
    project = synthetic_project(tmp_path / "project", corpus[:8])
    config, _ = load_config(project)
    first = build(config, offline=True, jobs=1, skip_unchanged=True)
    line = next(s for s in first.summary if s.startswith("time:"))
    total = float(re.match(r"time: ([\d.]+)s in all: ", line).group(1))
    parts = _phases(line)
    assert list(parts) == ["read", "brief", "translate", "cluster", "render", "search index", "the rest"]
    assert list(first.phases) == list(parts)[:-1]
    assert all(seconds >= 0 for seconds in parts.values())
    # eight articles briefed, their pages rendered: timed, though the line's tenths may round to 0.0
    assert first.phases["brief"] > 0 and first.phases["render"] > 0
    assert abs(sum(parts.values()) - total) <= 0.05 * len(parts)  # the phases and the rest add up (rounding)
    assert b"time" not in (project / "site" / "build.json").read_bytes()
    # a rebuild that does nothing repeats the last report, not the last build's time
    again = build(config, offline=True, jobs=1, skip_unchanged=True)
    assert again.unchanged and not any(s.startswith("time:") for s in again.summary)


def _cpu_now() -> tuple[float, float]:
    """CPU seconds so far of this process, and of the children it waited for (measured
    apart from ``build.cpu_seconds``, which the test checks)."""
    own, waited = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime, waited.ru_utime + waited.ru_stime


def test_the_summary_says_what_cpu_time_each_phase_took(tmp_path, corpus):
    """A "cpu:" line beside the "time:" line: the CPU time of each phase,
    the build process's own and its waited children's (the process pool's
    workers, the forked renderers, the fonts' subsetting, Pagefind), which
    is what a stage costs whatever the cores that shared it.  Measured here
    around the whole build, the line's total is the build's CPU time,
    children included: without them it would be the build process's alone."""
    project = synthetic_project(tmp_path / "project", corpus[:24])
    config, _ = load_config(project)
    before = _cpu_now()
    report = build(config, offline=True, jobs=2)  # 24 articles: briefed by two worker processes
    after = _cpu_now()
    own, spent = after[0] - before[0], sum(after) - sum(before)
    assert spent - own > 0.05, "the build's children did some of its work"
    time_line = next(s for s in report.summary if s.startswith("time:"))
    line = next(s for s in report.summary if s.startswith("cpu:"))
    found = re.match(r"cpu: ([\d.]+)s in all \(([\d.]+) cores busy on average\): ", line)
    assert found, line
    total, cores = float(found.group(1)), float(found.group(2))
    wall = float(re.match(r"time: ([\d.]+)s in all: ", time_line).group(1))
    parts = _phases(line)
    assert list(parts) == ["read", "brief", "translate", "cluster", "render", "search index", "the rest"]
    assert list(report.phases_cpu) == list(report.phases)
    assert abs(sum(parts.values()) - total) <= 0.05 * len(parts)
    # the whole build's CPU time, its children's included (what lies outside the
    # measured part, loading the configuration and taking the lock, is a few ms)
    assert spent * 0.9 - 0.05 <= total <= spent + 0.05, (total, spent, own)
    assert report.phases_cpu["brief"] > 0 and report.phases_cpu["render"] > 0
    assert abs(cores - total / wall) <= 0.1 + 0.05 * total / wall


def test_a_build_hands_what_it_froze_back_to_the_collector(tmp_path, corpus):
    """A build freezes what outlives each stage out of the cyclic collector
    (``release_free_memory``) and unfreezes it when it ends, so a process
    that builds again (``briefing serve``) collects the last build's
    objects; what the caller had frozen before stays frozen."""
    import gc

    project = synthetic_project(tmp_path / "p", corpus[:12])
    config, _ = load_config(project)
    seen: list[int] = []

    def watch(phase: str, info: dict) -> None:  # the freeze count while the build runs
        if phase == "stop":
            seen.append(gc.get_freeze_count())

    assert gc.get_freeze_count() == 0
    gc.callbacks.append(watch)
    try:
        report = build(config, offline=True, jobs=1, incremental=False)
        gc.collect()  # one collection after the build, seen by the watch too
    finally:
        gc.callbacks.remove(watch)
    assert not report.errors
    assert max(seen) > 0  # frozen during the build
    assert seen[-1] == 0 and gc.get_freeze_count() == 0  # and handed back after it

    gc.freeze()
    before = gc.get_freeze_count()
    try:
        build(config, offline=True, jobs=1, incremental=False)
        assert gc.get_freeze_count() >= before  # the caller's frozen objects are still frozen
    finally:
        gc.unfreeze()


def test_stored_briefs_are_read_with_the_collector_held_off_and_it_is_restored_after(tmp_path, corpus):
    """Reading the stored briefs holds the cyclic collector off (no
    collection runs while they are unpickled) and leaves it as it was found,
    enabled or not, even when a stored value cannot be read."""
    import gc
    import pickle

    from generator.briefs.store import BuildStore

    project = synthetic_project(tmp_path / "p", corpus[:6])
    config, _ = load_config(project)
    build(config, offline=True, jobs=1)
    store = BuildStore.open(config)
    keys = [k for (k,) in store.db.execute("SELECT key FROM briefs")]
    store.db.execute("INSERT INTO briefs VALUES (?, ?)", ("damaged", b"not a pickle"))
    collections: list[int] = []

    def watch(phase: str, info: dict) -> None:
        if phase == "start":
            collections.append(info["generation"])

    def counted(read) -> int:
        """Collections while *read* runs with one set off by every allocation."""
        collections.clear()
        threshold = gc.get_threshold()
        gc.set_threshold(1)
        try:
            read()
        finally:
            gc.set_threshold(*threshold)
        return len(collections)

    blobs = [blob for (blob,) in store.db.execute("SELECT brief FROM briefs WHERE key != 'damaged'")]
    gc.callbacks.append(watch)
    try:
        unpaused = counted(lambda: [pickle.loads(blob) for blob in blobs])
        for enabled in (True, False):
            (gc.enable if enabled else gc.disable)()
            found: dict = {}
            paused = counted(lambda: found.update(store.briefs([*keys, "damaged"])))
            assert sorted(found) == sorted(keys) and len(keys) == 6
            assert gc.isenabled() is enabled
            # a few collections around the read (the query, the dict), none per object unpickled
            assert paused * 20 < unpaused, (paused, unpaused)
    finally:
        gc.callbacks.remove(watch)
        gc.enable()
        store.close()


def test_stored_values_are_frozen_out_of_the_collector_inside_a_build_only(tmp_path, corpus):
    """Inside a build (a ``frozen`` block) the briefs read from the store are
    frozen out of the cyclic collector, and handed back when it ends; read
    outside one, or a stage's memory released outside one, nothing is
    frozen (nothing would hand it back)."""
    import gc

    from generator.briefs.store import BuildStore
    from generator.memory import frozen, release_free_memory

    project = synthetic_project(tmp_path / "p", corpus[:6])
    config, _ = load_config(project)
    build(config, offline=True, jobs=1)
    store = BuildStore.open(config)
    try:
        keys = [k for (k,) in store.db.execute("SELECT key FROM briefs")]
        assert gc.get_freeze_count() == 0
        assert len(store.briefs(keys)) == 6 and gc.get_freeze_count() == 0
        release_free_memory()  # a stage run alone, outside a build
        assert gc.get_freeze_count() == 0
        with frozen():
            before = gc.get_freeze_count()
            found = store.briefs(keys)
            assert gc.get_freeze_count() > before  # the briefs read, and what they hold
            collected = {id(o) for o in gc.get_objects()}  # the generations the collector walks (not the frozen)
            assert found and not any(id(v) in collected for v in found.values())
        assert gc.get_freeze_count() == 0
    finally:
        store.close()


# Run in a fresh interpreter: what was freed whole is measured as the resident
# memory that stays after 96 blocks of 200 KB are made and freed.  A freed
# 16 MiB mapping first raises glibc's mapping threshold above them (so they
# come from the heap) unless ``map_large_blocks`` holds it.
_FREED_BLOCKS_STAY = """
import os, sys
sys.path.insert(0, {repo!r})
from pathlib import Path
from generator.memory import map_large_blocks
if sys.argv[1] in ("held", "in a fork"):
    map_large_blocks()
elif sys.argv[1] == "built":
    from generator.build import build
    from generator.config import load_config
    config, _ = load_config(Path(sys.argv[2]))
    assert not build(config, offline=True, jobs=1).errors
if sys.argv[1] == "in a fork" and os.fork():
    _, status = os.wait()
    sys.exit(os.waitstatus_to_exitcode(status))
def resident():
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * 4096
del bytearray(16 << 20)[:]  # made and freed: a mapping of 16 MiB
before = resident()
blocks = [bytearray(200_000) for _ in range(96)]
for block in blocks:
    block[::4096] = b"x" * len(block[::4096])  # touched: resident
del blocks
print(resident() - before, flush=True)
os._exit(0)
"""


@pytest.mark.skipif(not Path("/proc/self/statm").exists(), reason="reads resident memory from Linux's /proc")
def test_large_blocks_a_build_frees_go_back_to_the_system_and_a_fork_keeps_its_own(tmp_path, corpus):
    """Once a build begins, a freed block of ``MAPPED_BLOCK`` bytes or more
    leaves no resident memory behind in the build's process, even after a
    larger mapping was freed (which, left to glibc, raises the threshold:
    the same 19 MB stay resident); a fork serves blocks below
    ``MAPPED_BLOCK_IN_FORKS`` from its heap, as glibc would."""
    assert MAPPED_BLOCK <= 200_000 < MAPPED_BLOCK_IN_FORKS
    project = synthetic_project(tmp_path / "project", corpus[:4])
    script = tmp_path / "freed.py"
    script.write_text(_FREED_BLOCKS_STAY.format(repo=str(REPO)), encoding="utf-8")

    def stays(how: str) -> int:
        run = subprocess.run([sys.executable, str(script), how, str(project)], capture_output=True, text=True, check=True)
        return int(run.stdout.split()[-1])

    assert stays("left") > 15 << 20  # glibc alone: the heap keeps them
    assert stays("held") < 2 << 20
    assert stays("built") < 2 << 20  # the build holds the threshold for what follows it
    assert stays("in a fork") > 15 << 20


@pytest.mark.skipif(not can_fork(), reason="the fonts are subset in a forked process where the platform forks")
def test_the_build_subsets_the_fonts_a_starved_background_process_has_not(tmp_path):
    """The background font process runs at the lowest priority, so on a busy
    machine it may get no time at all: the build must then subset the faces
    itself rather than wait on it, and stop it without leaving a partial
    file in the cache.  Here the process is stopped outright (SIGSTOP)."""
    from generator.build import BackgroundFonts
    from generator.site.fonts import FONT_FACES, font_files

    project = synthetic_project(tmp_path / "project", [])
    config, _ = load_config(project)
    cache = config.cache_path / "fonts"
    got: dict[str, dict[str, bytes]] = {}
    with BackgroundFonts(config) as fonts:
        fonts.start()
        assert fonts.process is not None
        os.kill(fonts.process.pid, signal.SIGSTOP)
        waiting = threading.Thread(target=lambda: got.setdefault("files", fonts()), daemon=True)
        waiting.start()
        waiting.join(timeout=120)
        assert "files" in got, "the build waited on a font process that got no time"
        assert fonts.process is None  # stopped, and waited for
    assert sorted(got["files"]) == sorted(f"assets/fonts/{face}.woff2" for face in FONT_FACES)
    assert got["files"] == font_files(None)  # the faces as subset in one go, without a cache
    assert sorted(p.name for p in cache.iterdir()) == sorted(p.name for p in cache.glob("*.woff2"))  # no partial file
