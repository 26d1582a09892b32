"""``briefing build``: the whole pipeline, from content/ to site/.

read → clean → brief → translate → cluster → assemble → render → write.
Reading, the translation cache and writing are the only I/O; every stage in
between is a pure function of its input, and the build date is an input, so
the same content gives byte-identical output.

Archive scale: briefs are kept in the build store (``generator.briefs.store``) and
only new or changed articles are briefed, by a process pool (``jobs``) or a
Dask cluster (``executor="dask://HOST:PORT"``), with the same result whatever
runs them; pages are rendered straight into the staging folder, and a page
whose inputs are unchanged since the last build is kept from it, untouched.
An incremental build equals a clean one byte for byte (tests/test_archive_scale.py).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import multiprocessing
import os
import tempfile
import time
from collections.abc import Callable, Iterator
from concurrent.futures import Executor, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

try:
    import resource
except ImportError:  # Windows
    resource = None  # type: ignore[assignment]

from . import __version__
from .briefs.store import BuildStore, brief_code_version, brief_key, lexicon_version
from .config import GAZETTEER_FILE, TAXONOMY_FILE, Config
from .errors import BuildError, LostWorker
from .inputs import inputs_digest, listing_digest, site_listing
from .memory import can_fork, frozen, map_large_blocks, release_free_memory
from .models import Article, BilingualBrief, Brief, Digest, Problem, Story
from .progress import track
from .site.fonts import FONT_FACES, font_files, fonts_cached
from .site.output import (
    LOCK_TIMEOUT,
    MANIFEST_NAME,
    SCRATCH_DIR,
    StagedSite,
    build_lock,
    describe_os_error,
    ownership_problem,
    remove_stale_scratch,
)

# The stages (brief, cluster, translate, render, search) are imported by the
# functions that run them, not here: a build in which nothing changed stops
# after ``inputs_digest`` and needs none of them, and importing them was most
# of its time (0.5 s of 0.9 s; tests/test_unchanged_build.py checks they stay unloaded).
if TYPE_CHECKING:
    from .briefs.brief import BriefResources
    from .site.render import RenderResult, SiteLexicons
    from .site.search import SearchIndex

log = logging.getLogger(__name__)


@dataclass
class BuildReport:
    digests: list[Digest] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    summary: list[str] = field(default_factory=list)
    files: int = 0
    pages: int = 0  # pages of the site, rendered or kept
    written: bool = False
    # nothing changed since the last build, which is what this report repeats
    # (its digests are not loaded: ``digests`` is empty)
    unchanged: bool = False
    # wall-clock seconds of each phase, in the order they ran: said in the
    # summary's "time:" line, never written into the site (builds stay identical)
    phases: dict[str, float] = field(default_factory=dict)
    # the CPU seconds of each phase (``cpu_seconds``), for the "cpu:" line
    phases_cpu: dict[str, float] = field(default_factory=dict)

    @contextmanager
    def timed(self, phase: str) -> Iterator[None]:
        """Add the time the ``with`` block takes to *phase*, and its CPU time."""
        started, cpu = time.perf_counter(), cpu_seconds()
        try:
            yield
        finally:
            self.phases[phase] = self.phases.get(phase, 0.0) + time.perf_counter() - started
            self.phases_cpu[phase] = self.phases_cpu.get(phase, 0.0) + cpu_seconds() - cpu

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "warning"]


def cpu_seconds() -> float:
    """The CPU time, user and system, of this process and of every child it
    has waited for: the forked renderers and pair scorers, the process
    pool's workers (waited for when the brief stage ends), the fonts'
    subsetting (waited for while rendering) and Pagefind.  A stage's wall
    time says how long it took on these cores; its CPU time, how much work
    it is, however many cores shared it.  (A Dask cluster's workers are not
    children: their time is not counted.)"""
    if resource is None:  # no getrusage (Windows): this process only
        return time.process_time()
    own, waited = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + waited.ru_utime + waited.ru_stime


@dataclass(frozen=True)
class Workers:
    """Who briefs the articles: ``jobs`` local processes (0: one per core,
    1: this process), or ``executor="dask://HOST:PORT"``, an existing Dask
    distributed cluster (the optional ``dask`` extra)."""

    jobs: int = 1
    executor: str | None = None

    @property
    def processes(self) -> int:
        return self.jobs if self.jobs > 0 else (os.cpu_count() or 1)


# Workers load the lexicons once per process, from their bytes (a remote Dask
# worker need not see the project folder).
_WORKER_RESOURCES: dict[str, BriefResources] = {}


def _lexicon_bytes(config: Config) -> tuple[tuple[str, bytes | None], ...]:
    found = []
    for name in (GAZETTEER_FILE, TAXONOMY_FILE):
        path = config.content_path / name
        found.append((name, path.read_bytes() if path.exists() else None))
    return tuple(found)


def _lexicons_key(lexicons: tuple[tuple[str, bytes | None], ...]) -> str:
    return hashlib.sha256(repr(lexicons).encode()).hexdigest()


def _brief_chunk(config: Config, lexicons: tuple[tuple[str, bytes | None], ...], articles: list[Article]) -> list[Brief]:
    from .briefs.brief import BriefResources, brief_article

    key = _lexicons_key(lexicons)
    resources = _WORKER_RESOURCES.get(key)
    if resources is None:
        with tempfile.TemporaryDirectory(prefix="briefing-lexicons-") as tmp:
            content = Path(tmp) / "content"
            content.mkdir()
            for name, data in lexicons:
                if data is not None:
                    (content / name).write_bytes(data)
            resources, _ = BriefResources.load(replace(config, root=Path(tmp), content_dir="content"))
        _WORKER_RESOURCES[key] = resources
    briefs = [brief_article(article, resources) for article in articles]
    for brief in briefs:
        brief.digest  # noqa: B018  # made here, in parallel, and carried back in the pickle
    return briefs


class BackgroundFonts:
    """The fonts, subset in another process while the build goes on (about
    a second of CPU a face, two faces, in a cold build).  ``start()`` forks
    that process at the very start, when it is small, at the lowest
    priority: it runs where the build leaves a core idle (the start, the
    clustering, the end of each stage) and yields wherever the build's own
    processes want both cores, which it had slowed down when it ran beside
    them at their priority.  A plain forked process, not a pool: a pool's
    thread would still run when the pages are rendered in forked processes.
    With the subsets in the cache already, nothing runs in the background.
    Calling the object returns the font files: the faces the background
    process has not done by then (on a machine busy with other work it may
    have had no time at all) are subset here, at the build's priority, the
    last face first, and the process is stopped; used as a context manager,
    the process, if started, has ended on leaving."""

    def __init__(self, config: Config) -> None:
        self.cache = config.cache_path / "fonts"
        self.process: multiprocessing.process.BaseProcess | None = None

    def start(self) -> None:
        if self.process is not None or fonts_cached(self.cache) or not can_fork():
            return
        self.process = multiprocessing.get_context("fork").Process(target=_subset_fonts_niced, args=(self.cache,), daemon=True)
        self.process.start()

    def stop(self) -> None:
        if self.process is not None:
            self.process.kill()  # SIGKILL: a stopped process would hold SIGTERM pending
            self.process.join()
            # a face is cached by a rename; killed before it, the process leaves its temporary file
            for partial in self.cache.glob(f"*.{self.process.pid}.tmp"):
                partial.unlink(missing_ok=True)
            self.process = None

    def __call__(self) -> dict[str, bytes]:
        if self.process is None or not self.process.is_alive():
            self.stop()
            return font_files(self.cache)  # from the cache (or subset here, had that failed)
        # the faces it has not cached, subset here; it does them first to last
        files = dict(reversed(font_files(self.cache, faces=FONT_FACES[::-1]).items()))
        self.stop()
        return files

    def __enter__(self) -> BackgroundFonts:  # noqa: PYI034 (a plain class, not subclassed)
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.stop()


def _subset_fonts_niced(cache: Path) -> None:
    os.nice(19)  # the most the kernel lets a process lower itself: below every other at work
    font_files(cache)


@contextmanager
def open_executor(workers: Workers) -> Iterator[Executor]:
    if workers.executor:
        if not workers.executor.startswith("dask://"):
            raise BuildError(f"unknown executor {workers.executor!r}: use dask://HOST:PORT")
        try:
            from distributed import Client
        except ImportError as exc:
            raise BuildError("--executor dask:// needs Dask: pip install 'briefing[dask]'") from exc
        address = workers.executor.removeprefix("dask://")
        try:
            client = Client(address if "://" in address else f"tcp://{address}", timeout=30)
        except OSError as exc:
            raise BuildError(f"cannot reach the Dask scheduler at {address}: {exc}") from exc
        try:
            yield client.get_executor(pure=False)
        finally:
            client.close()
    else:
        with ProcessPoolExecutor(max_workers=workers.processes) as pool:
            yield pool


def brief_many(articles: list[Article], config: Config, resources: BriefResources, workers: Workers) -> list[Brief]:
    """Brief *articles*, in their order, in this process or on *workers*."""
    from .briefs.brief import brief_article

    if not articles:
        return []
    if not workers.executor and (workers.processes <= 1 or len(articles) < 2 * workers.processes):
        return [brief_article(article, resources) for article in articles]
    parts = workers.processes * 4 if not workers.executor else max(8, len(articles) // 50)
    size = max(1, -(-len(articles) // parts))
    chunks = [articles[i : i + size] for i in range(0, len(articles), size)]
    lexicons = _lexicon_bytes(config)
    # forked workers start with this process's memory: the lexicons this
    # process has parsed already need not be parsed again in each of them
    _WORKER_RESOURCES.setdefault(_lexicons_key(lexicons), resources)
    try:
        with open_executor(workers) as executor:
            done = list(executor.map(_brief_chunk, [config] * len(chunks), [lexicons] * len(chunks), chunks))
    except BrokenProcessPool:
        # the pool names no process and no signal: that a worker was lost is all it knows
        raise LostWorker("a briefing worker process ended without its result") from None
    return [brief for chunk in done for brief in chunk]


def brief_all(
    articles: list[Article],
    problems: list[Problem],
    resources: BriefResources | None,
    *,
    config: Config | None = None,
    store: BuildStore | None = None,
    workers: Workers = Workers(),
) -> list[Brief]:
    """Brief every article; with a *store*, only those not briefed before."""
    from .briefs.brief import BriefResources, brief_article

    keys: list[str] = []
    known: dict[str, Brief] = {}
    if store is not None and config is not None:
        versions = f"{brief_code_version()}:{lexicon_version(config)}"
        keys = [brief_key(article, versions) for article in articles]
        known = store.briefs(keys)
    todo = [article for n, article in enumerate(articles) if not keys or keys[n] not in known]
    if resources is None:
        resources, _ = BriefResources.load(config) if config is not None and todo else (BriefResources(), [])
    if config is not None:
        fresh = iter(brief_many(todo, config, resources, workers))
    else:
        fresh = iter([brief_article(article, resources) for article in todo])
    new: dict[str, Brief] = {}
    briefs = []
    for n, article in enumerate(track(articles, "brief")):
        brief = known.get(keys[n]) if keys else None
        if brief is None:
            brief = next(fresh)
            if keys:
                new[keys[n]] = brief
        if not brief.sentences:
            problems.append(Problem(article.path, article.body_line, "no story text left after cleaning", "error"))
            continue
        briefs.append(brief)
    if store is not None and keys:
        for brief in new.values():
            brief.digest  # noqa: B018  # stored with the brief (made already by a worker process)
        store.put_briefs(new)
        store.forget_briefs_except(set(keys))
    return briefs


def collect_segments(config: Config) -> list[str]:
    """Every Arabic segment the site would show, in a stable order."""
    from .briefs.brief import BriefResources
    from .briefs.content import read_articles
    from .stories.assemble import unique_segments

    articles, _ = read_articles(config.content_path, config.root, config.max_article_kb * 1024)
    resources, _ = BriefResources.load(config)
    return unique_segments(brief_all(articles, [], resources))


def build_manifest(report: BuildReport, build_date: dt.date) -> bytes:
    """What `briefing publish` checks before it publishes: a site built with
    errors is refused unless forced.  No clock time, so builds stay identical."""
    data = {
        "generator": f"briefing {__version__}",
        "build_date": build_date.isoformat(),
        "digests": [d.date.isoformat() for d in report.digests],
        "articles": sum(len(s.briefs) for d in report.digests for s in d.stories),
        "errors": len(report.errors),
        "warnings": len(report.warnings),
    }
    return (json.dumps(data, indent=2, sort_keys=True) + "\n").encode("utf-8")


def default_build_date(articles: list[Article]) -> dt.date:
    """Without --date, a build is 'as of' its newest article: never today's
    clock, which would make two builds of the same content differ."""
    return max((a.date for a in articles), default=dt.date(1970, 1, 1))


@dataclass
class Prepared:
    """Everything up to rendering: what the site, the email and
    `briefing brief --explain` all read."""

    report: BuildReport
    build_date: dt.date
    stories: list[Story]
    # segments left pending although an engine was asked: the next build asks again
    pending_online: int = 0


def prepare(
    config: Config,
    *,
    build_date: dt.date | None = None,
    offline: bool = False,
    store: BuildStore | None = None,
    workers: Workers = Workers(),
    include_off_focus: bool = False,
) -> Prepared:
    """Read, brief, translate and cluster."""
    from .briefs.content import read_articles
    from .briefs.relevance import keep_news
    from .briefs.sources import check_sources, load_registry
    from .stories.assemble import assemble_digests, translate_brief, unique_segments
    from .stories.cluster import cluster_stories
    from .stories.notes import attach_notes, read_notes
    from .translation import translate_segments
    from .translation.engines import engine_chain

    report = BuildReport()
    with report.timed("read"):
        articles, problems = read_articles(
            config.content_path, config.root, config.max_article_kb * 1024, memo=store, version=brief_code_version()
        )
        report.problems.extend(problems)
        if build_date is not None:
            later = [a for a in articles if a.date > build_date]
            articles = [a for a in articles if a.date <= build_date]
            if later:
                report.summary.append(f"left out {len(later)} article(s) dated after {build_date.isoformat()}")
        else:
            build_date = default_build_date(articles)

        resources, found = _brief_resources(config, store)
        report.problems.extend(found)
        registry, found = load_registry(config.content_path)  # content/sources.yaml: who each outlet is
        report.problems.extend(found + check_sources(articles, registry))
    with report.timed("brief"):
        briefs = brief_all(articles, report.problems, resources, config=config, store=store, workers=workers)
        # listings, multi-story and off-focus pages are left out, each with a warning
        briefs = keep_news(briefs, report.problems, include_off_focus=include_off_focus)
        release_free_memory()  # the briefs arrived as pickles; the store wrote them as pickles
    with report.timed("translate"):
        run = translate_segments(unique_segments(briefs), config, offline=offline)
        report.problems.extend(run.problems)
        report.summary.extend(run.summary_lines())
        bilingual: list[BilingualBrief] = [translate_brief(b, run.results) for b in briefs]
    with report.timed("cluster"):
        # scored by forked processes, as pages are rendered: not beside a Dask client's threads
        stories, cluster_notes = cluster_stories(bilingual, store=store, jobs=1 if workers.executor else workers.processes)
        release_free_memory()  # clustering's working memory, several times what it keeps
    report.summary.extend(cluster_notes[:1])  # the totals line
    for note in cluster_notes[1:]:  # why pairs were (not) merged: for -v and `brief --explain` only
        log.debug(note)
    report.digests = assemble_digests(stories)
    notes, found = read_notes(config.content_path, config.root)  # analysts' notes, content/notes/
    report.problems.extend(found)
    report.digests, found = attach_notes(report.digests, [n for n in notes if n.date <= build_date])
    report.problems.extend(found)
    report.summary.insert(0, f"{len(briefs)} article(s) briefed, {len(report.digests)} digest(s)")
    asked = not (offline or config.translate.offline) and bool(engine_chain(config))
    return Prepared(report, build_date, stories, run.stats.pending if asked else 0)


def build(
    config: Config,
    *,
    build_date: dt.date | None = None,
    offline: bool = False,
    write: bool = True,
    lock_timeout: float = LOCK_TIMEOUT,
    jobs: int = 0,
    executor: str | None = None,
    incremental: bool = True,
    include_off_focus: bool = False,
    skip_unchanged: bool = False,
) -> BuildReport:
    """Build the site.  ``jobs``/``executor``: who briefs new articles (see
    ``Workers``); ``incremental=False`` ignores what the last build stored.
    ``skip_unchanged``: when nothing the build reads changed since the last
    build and the site on disk is still that build's, leave it and return
    the last build's report (``unchanged``, without digests; see
    ``generator.inputs``)."""
    # One build of a project at a time: two builds moving files into site/ at once, or
    # one removing the other's scratch folders, would fail halfway.
    if write:
        problem = ownership_problem(config.output_path.resolve())
        if problem:  # checked before anything is touched, and again just before the move
            raise BuildError(f"briefing.toml: error: output_dir: {problem}")
    try:
        with build_lock(config.cache_path, lock_timeout), frozen():
            map_large_blocks()  # what the build frees goes back to the system (the memory module says why)
            remove_stale_scratch(config.cache_path / SCRATCH_DIR)
            return _build_locked(
                config,
                build_date=build_date,
                offline=offline,
                write=write,
                workers=Workers(jobs, executor),
                incremental=incremental,
                include_off_focus=include_off_focus,
                skip_unchanged=skip_unchanged,
            )
    except OSError as exc:  # full disk, read-only or forbidden folder: one line, not a traceback
        raise BuildError(describe_os_error(exc)) from exc


def _build_locked(
    config: Config,
    *,
    build_date: dt.date | None,
    offline: bool,
    write: bool,
    workers: Workers,
    incremental: bool,
    include_off_focus: bool = False,
    skip_unchanged: bool = False,
) -> BuildReport:
    started = (time.perf_counter(), cpu_seconds())  # wall-clock and CPU
    store = BuildStore.open(config) if incremental else None
    try:
        inputs = None
        if store is not None and write:
            inputs = inputs_digest(config, build_date=build_date, offline=offline, include_off_focus=include_off_focus)
            if skip_unchanged:
                last = _last_build(config, store, inputs)
                if last is not None:
                    return last
        recalled = _recall_lexicons(store) if store is not None else set()
        if not write:
            prepared = prepare(
                config, build_date=build_date, offline=offline, store=store, workers=workers, include_off_focus=include_off_focus
            )
            return _build_in_memory(config, prepared)
        with BackgroundFonts(config) as fonts:
            fonts.start()  # now, while this process is small: the fork copies its page tables
            prepared = prepare(
                config,
                build_date=build_date,
                offline=offline,
                store=store,
                workers=workers,
                include_off_focus=include_off_focus,
            )
            if store is not None:
                _keep_lexicons(config, store, recalled)
            report = write_site_streaming(config, prepared, store, started, fonts, workers)
        if store is not None and inputs is not None:
            _save_last_build(store, inputs, prepared, report)
        return report
    finally:
        if store is not None:
            store.close()


def _build_in_memory(config: Config, prepared: Prepared) -> BuildReport:
    """What would be built, without writing it (the email command checks it)."""
    from .site.render import render_site
    from .site.search import build_search_bundle

    report = prepared.report
    files, render_problems = render_site(config, report.digests, prepared.build_date)
    report.problems.extend(render_problems)
    bundle, search_problems = build_search_bundle(files)  # Pagefind over the rendered pages
    files.update(bundle)
    report.problems.extend(search_problems)
    files[MANIFEST_NAME] = build_manifest(report, prepared.build_date)
    report.files = len(files)
    report.summary[0] += f", {len(files)} file(s)"
    return report


def write_site_streaming(
    config: Config,
    prepared: Prepared,
    store: BuildStore | None,
    started: tuple[float, float],
    fonts: Callable[[], dict[str, bytes]] | None = None,
    workers: Workers = Workers(),
) -> BuildReport:
    """Render into the staging folder page by page; keep what is unchanged
    since the last build; run Pagefind on the shards whose pages changed;
    move the changed files into the site."""
    from .site.render import render_into

    report = prepared.report
    with StagedSite(config.output_path) as site:
        previous = store.page_record(site.current(MANIFEST_NAME), listing_digest(site.walk())) if store is not None else {}
        with report.timed("render"):  # the pages written to staging, and the fonts waited for
            result = render_into(
                config,
                report.digests,
                prepared.build_date,
                site.write,
                previous=previous,
                keep=site.keep,
                lexicons=_site_lexicons(config, store),
                fonts=fonts,
                # pages are rendered by forked processes; not beside a Dask client's threads
                jobs=1 if workers.executor else workers.processes,
                search_digests=store is not None,  # for the search record the store keeps
                kept=store.kept if store is not None else None,
            )
            report.problems.extend(result.problems)
            release_free_memory()  # rendering's, before Pagefind runs beside this process
        with report.timed("search index"):
            search = _index_search(config, store, site, result, trusted=bool(previous), jobs=workers.processes)
        report.problems.extend(search.problems)
        if not result.indexed:  # nothing to search yet (a new project): no index, and no warning
            search_note = "search index: no page to index"
        else:
            search_note = (
                f"search index: {len(result.indexed)} page(s), {search.indexed + search.kept} shard(s): "
                f"{search.indexed} indexed, {search.kept} kept"
            )
        manifest = build_manifest(report, prepared.build_date)
        site.write(MANIFEST_NAME, manifest)
        site.commit()
    if store is not None:
        # before the page record, which vouches for it: a build stopped between the two trusts neither
        store.save_derived(SEARCH_RECORD, SEARCH_RECORD_KEY, search.record)
        store.save_page_record(result.fingerprints, manifest, listing_digest(site.files_after_commit()))
    total = time.perf_counter() - started[0]
    report.files = len(site.names)
    report.pages = result.rendered + result.reused
    report.written = True
    report.summary[0] += f", {report.files} file(s)"
    report.summary.append(
        f"pages: {result.rendered} rendered, {result.reused} unchanged; files: {site.written} written, "
        f"{site.kept} left as they were"
    )
    search_seconds = report.phases["search index"]
    report.summary.append(f"{search_note} in {search_seconds:.1f}s ({100 * search_seconds / max(total, 1e-9):.0f}% of the build)")
    report.summary.append(time_line(total, report.phases))
    report.summary.append(time_line(cpu_seconds() - started[1], report.phases_cpu, label="cpu", wall=total))
    return report


def time_line(total: float, phases: dict[str, float], *, label: str = "time", wall: float | None = None) -> str:
    """The summary's "time:" line: the whole build and its phases (what
    is left, such as starting up and moving the files into the site, is
    "the rest"); as the "cpu:" line, the same of the CPU time, with the
    cores busy on average over the *wall* time."""
    parts = [f"{phase} {seconds:.1f}s" for phase, seconds in phases.items()]
    rest = total - sum(phases.values())
    busy = f" ({total / wall:.1f} cores busy on average)" if wall else ""
    return f"{label}: {total:.1f}s in all{busy}: " + ", ".join([*parts, f"the rest {max(rest, 0.0):.1f}s"])


LAST_BUILD = "last-build"


def _save_last_build(store: BuildStore, inputs: str, prepared: Prepared, report: BuildReport) -> None:
    """Remember what this build read and reported, and the site it left."""
    if prepared.pending_online:  # an engine may answer next time: never skip the next build
        store.save_derived(LAST_BUILD, f"{LAST_BUILD}:-", None)
        return
    record = {
        "problems": list(report.problems),
        # what this build did, not what the next one (which does nothing) would repeat
        "summary": [line for line in report.summary if not line.startswith(("pages:", "search index", "time:"))],
        "pages": report.pages,
        "files": report.files,
    }
    store.save_derived(LAST_BUILD, f"{LAST_BUILD}:{inputs}", record)


def _last_build(config: Config, store: BuildStore, inputs: str) -> BuildReport | None:
    """The last build's report, if nothing it read changed and the site on
    disk is the one it left; None otherwise."""
    record = store.derived(f"{LAST_BUILD}:{inputs}")
    if not isinstance(record, dict) or not config.output_path.is_dir():
        return None
    if site_listing(config.output_path) != store.site_listing():  # the site was changed since
        return None
    report = BuildReport(
        problems=list(record["problems"]),
        summary=list(record["summary"]),
        files=record["files"],
        pages=record["pages"],
        written=True,
        unchanged=True,
    )
    report.summary.append(
        f"pages: 0 rendered, {record['pages']} unchanged; files: 0 written, {record['files']} left as they were"
    )
    report.summary.append(
        f"nothing changed since the last build (content, templates, configuration and code): {config.output_dir}/ left as it was"
    )
    return report


def _brief_resources(config: Config, store: BuildStore | None) -> tuple[BriefResources, list[Problem]]:
    """The lexicons the brief stage reads, and what reading them reported,
    kept in the store while the lexicon files and the code that reads them
    are unchanged: parsing the gazetteer's YAML took half a second or more
    of every build that briefs even one new article; the stored lexicons
    are read in a few milliseconds."""
    from .briefs.brief import BriefResources

    if store is None:
        return BriefResources.load(config)
    version = f"{brief_code_version()}:{lexicon_version(config)}:{config.content_dir}:{config.focus}"
    return store.kept(
        "brief-resources",
        version,
        lambda: BriefResources.load(config),
        lambda found: isinstance(found, tuple) and len(found) == 2 and isinstance(found[0], BriefResources),
    )


PARSED_LEXICONS = "parsed-lexicons"


def _parsed_lexicons_key() -> str:
    from .text.lexicons import parser_version

    return f"{PARSED_LEXICONS}:{parser_version()}"


def _recall_lexicons(store: BuildStore) -> set[str]:
    """The lexicon files' parses the last build kept (``_keep_lexicons``):
    a build that briefs or translates anything new reads the gazetteer, and
    parsing its YAML took a third of a second of every such rebuild."""
    from .text import lexicons

    found = store.derived(_parsed_lexicons_key())
    if not isinstance(found, dict):
        return set()
    lexicons.remember(found)
    return set(found)


def _keep_lexicons(config: Config, store: BuildStore, recalled: set[str]) -> None:
    """Keep the parses of the project's lexicon files for the next build
    (one entry: the current files'), unless they are those *recalled*."""
    from .text import lexicons

    now = lexicons.parsed([config.content_path / GAZETTEER_FILE, config.content_path / TAXONOMY_FILE])
    if now and now.keys() != recalled:
        store.save_derived(PARSED_LEXICONS, _parsed_lexicons_key(), now)


def _site_lexicons(config: Config, store: BuildStore | None) -> SiteLexicons:
    """What pages take from the lexicons, kept in the store while the lexicons
    and the code that reads them are unchanged (parsing the YAML was most of
    an unchanged rebuild's rendering time)."""
    from .site.fingerprints import rendering_code_version
    from .site.render import SiteLexicons, site_lexicons

    if store is None:
        return site_lexicons(config)
    version = f"{lexicon_version(config)}:{brief_code_version()}:{rendering_code_version()}"
    return store.kept("site-lexicons", version, lambda: site_lexicons(config), lambda found: isinstance(found, SiteLexicons))


SEARCH_RECORD = "search-shards"
# the record's form: another one (an older briefing's) is not read
SEARCH_RECORD_KEY = f"{SEARCH_RECORD}:2"


def _index_search(
    config: Config,
    store: BuildStore | None,
    site: StagedSite,
    rendered: RenderResult,
    *,
    trusted: bool,
    jobs: int,
) -> SearchIndex:
    """Pagefind over the indexed pages (``site.path``: staged, or kept in the
    current site), shard by shard; a shard whose pages are unchanged since
    the last build keeps its index from the current site (*trusted*: that site is the last build's, as the
    page record says)."""
    from .site.search import Reuse, SearchIndex, SearchRecord, index_staged_pages

    names = rendered.indexed
    if not names:
        return SearchIndex()
    record = store.derived(SEARCH_RECORD_KEY) if store is not None and trusted else None
    reuse = Reuse(record, site.has, site.keep) if isinstance(record, SearchRecord) else None
    return index_staged_pages(
        names,
        site.path,
        write=site.write,
        # what the next build compares with: none without a store to keep it in
        fingerprints={name: rendered.fingerprints[name] for name in names} if store is not None else None,
        digests=rendered.search_digests,
        reuse=reuse,
        jobs=jobs,
    )
