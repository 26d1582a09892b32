"""``briefing build``: the whole pipeline, from content/ to site/.

read → clean → brief → translate → cluster → assemble → render → write.
Reading, the translation cache and writing are the only I/O; every stage in
between is a pure function of its input, and the build date is an input, so
the same content gives byte-identical output.
"""
from __future__ import annotations

import datetime as dt
import json
import logging
from dataclasses import dataclass, field

from . import __version__
from .assemble import assemble_digests, translate_brief, unique_segments
from .brief import BriefResources, brief_article
from .cluster import cluster_stories
from .config import Config
from .content import read_articles
from .errors import BuildError
from .models import Article, BilingualBrief, Brief, Digest, Problem, Story
from .notes import attach_notes, read_notes
from .output import LOCK_TIMEOUT, MANIFEST_NAME, build_lock, describe_os_error, ownership_problem, write_site
from .progress import track
from .render import render_site
from .search import SCRATCH_DIR, build_search_bundle, remove_stale_scratch
from .sources import check_sources, load_registry
from .translation import translate_segments

log = logging.getLogger(__name__)


@dataclass
class BuildReport:
    digests: list[Digest] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    summary: list[str] = field(default_factory=list)
    files: int = 0
    written: bool = False

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "warning"]


def brief_all(articles: list[Article], problems: list[Problem], resources: BriefResources) -> list[Brief]:
    briefs = []
    for article in track(articles, "brief"):
        brief = brief_article(article, resources)
        if not brief.sentences:
            problems.append(Problem(article.path, article.body_line, "no story text left after cleaning", "error"))
            continue
        briefs.append(brief)
    return briefs


def collect_segments(config: Config) -> list[str]:
    """Every Arabic segment the site would show, in a stable order."""
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


def prepare(config: Config, *, build_date: dt.date | None = None, offline: bool = False) -> Prepared:
    report = BuildReport()
    articles, problems = read_articles(config.content_path, config.root, config.max_article_kb * 1024)
    report.problems.extend(problems)
    if build_date is not None:
        later = [a for a in articles if a.date > build_date]
        articles = [a for a in articles if a.date <= build_date]
        if later:
            report.summary.append(f"left out {len(later)} article(s) dated after {build_date.isoformat()}")
    else:
        build_date = default_build_date(articles)

    resources, found = BriefResources.load(config)
    report.problems.extend(found)
    registry, found = load_registry(config.content_path)  # content/sources.yaml: who each outlet is
    report.problems.extend(found + check_sources(articles, registry))
    briefs = brief_all(articles, report.problems, resources)
    run = translate_segments(unique_segments(briefs), config, offline=offline)
    report.problems.extend(run.problems)
    report.summary.extend(run.summary_lines())

    bilingual: list[BilingualBrief] = [translate_brief(b, run.results) for b in briefs]
    stories, cluster_notes = cluster_stories(bilingual)
    report.summary.extend(cluster_notes[:1])  # the totals line
    for note in cluster_notes[1:]:  # why pairs were (not) merged: for -v and `brief --explain` only
        log.debug(note)
    report.digests = assemble_digests(stories)
    notes, found = read_notes(config.content_path, config.root)  # analysts' notes, content/notes/
    report.problems.extend(found)
    report.digests, found = attach_notes(report.digests, [n for n in notes if n.date <= build_date])
    report.problems.extend(found)
    report.summary.insert(0, f"{len(briefs)} article(s) briefed, {len(report.digests)} digest(s)")
    return Prepared(report, build_date, stories)


def build(config: Config, *, build_date: dt.date | None = None, offline: bool = False,
          write: bool = True, lock_timeout: float = LOCK_TIMEOUT) -> BuildReport:
    # One build of a project at a time: two builds swapping site/ at once, or
    # one removing the other's scratch folders, would fail halfway.
    if write:
        problem = ownership_problem(config.output_path.resolve())
        if problem:  # checked before anything is touched, and again just before the swap
            raise BuildError(f"briefing.toml: error: output_dir: {problem}")
    try:
        with build_lock(config.cache_path, lock_timeout):
            remove_stale_scratch(config.cache_path / SCRATCH_DIR)
            return _build_locked(config, build_date=build_date, offline=offline, write=write)
    except OSError as exc:  # full disk, read-only or forbidden folder: one line, not a traceback
        raise BuildError(describe_os_error(exc)) from exc


def _build_locked(config: Config, *, build_date: dt.date | None = None, offline: bool = False,
                  write: bool = True) -> BuildReport:
    prepared = prepare(config, build_date=build_date, offline=offline)
    report = prepared.report
    files, render_problems = render_site(config, report.digests, prepared.build_date)
    report.problems.extend(render_problems)
    bundle, search_problems = build_search_bundle(files, config.cache_path / SCRATCH_DIR)  # Pagefind over the rendered pages
    files.update(bundle)
    report.problems.extend(search_problems)
    files[MANIFEST_NAME] = build_manifest(report, prepared.build_date)
    report.files = len(files)
    report.summary[0] += f", {len(files)} file(s)"
    if write:
        write_site(config.output_path, files)
        report.written = True
    return report
