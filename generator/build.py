"""``briefing build``: the whole pipeline, from content/ to site/.

read → clean → brief → translate → cluster → assemble → render → write.
Reading, the translation cache and writing are the only I/O; every stage in
between is a pure function of its input, and the build date is an input, so
the same content gives byte-identical output.
"""
from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field

from . import __version__
from .assemble import assemble_digests, translate_brief, unique_segments
from .brief import BriefResources, brief_article
from .cluster import cluster_stories
from .config import Config
from .content import read_articles
from .models import Article, BilingualBrief, Brief, Digest, Problem, Story
from .output import write_site
from .relevance import keep_news
from .render import render_site
from .search import build_search_bundle
from .translation import translate_segments


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
    for article in articles:
        brief = brief_article(article, resources)
        if not brief.sentences:
            problems.append(Problem(article.path, article.body_line, "no story text left after cleaning", "error"))
            continue
        briefs.append(brief)
    return briefs


def collect_segments(config: Config) -> list[str]:
    """Every Arabic segment the site would show, in a stable order."""
    articles, _ = read_articles(config.content_path, config.root)
    resources, _ = BriefResources.load(config)
    return unique_segments(brief_all(articles, [], resources))


MANIFEST_NAME = "build.json"


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


def prepare(config: Config, *, build_date: dt.date | None = None, offline: bool = False,
            include_off_focus: bool = False) -> Prepared:
    report = BuildReport()
    articles, problems = read_articles(config.content_path, config.root)
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
    briefs = brief_all(articles, report.problems, resources)
    # listings, multi-story and off-focus pages are left out, each with a warning
    briefs = keep_news(briefs, report.problems, include_off_focus=include_off_focus)
    run = translate_segments(unique_segments(briefs), config, offline=offline)
    report.problems.extend(run.problems)
    report.summary.extend(run.summary_lines())

    bilingual: list[BilingualBrief] = [translate_brief(b, run.results) for b in briefs]
    stories, cluster_notes = cluster_stories(bilingual)
    report.summary.extend(cluster_notes)
    report.digests = assemble_digests(stories)
    report.summary.insert(0, f"{len(briefs)} article(s) briefed, {len(report.digests)} digest(s)")
    return Prepared(report, build_date, stories)


def build(config: Config, *, build_date: dt.date | None = None, offline: bool = False,
          write: bool = True, include_off_focus: bool = False) -> BuildReport:
    prepared = prepare(config, build_date=build_date, offline=offline, include_off_focus=include_off_focus)
    report = prepared.report
    files, render_problems = render_site(config, report.digests, prepared.build_date)
    report.problems.extend(render_problems)
    bundle, search_problems = build_search_bundle(files)  # Pagefind over the rendered pages
    files.update(bundle)
    report.problems.extend(search_problems)
    files[MANIFEST_NAME] = build_manifest(report, prepared.build_date)
    report.files = len(files)
    report.summary[0] += f", {len(files)} file(s)"
    if write:
        write_site(config.output_path, files)
        report.written = True
    return report
