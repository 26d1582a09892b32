"""briefing build"""

from __future__ import annotations

import logging
import sys
from dataclasses import replace

import click

from ..build import build
from ..config import base_url_problem
from ..errors import BriefingError
from ._common import exit_code, log, open_project, parse_day, project_option, report_problems, strict_option


@click.command(help="Build the bilingual site from content/ into site/.")
@project_option
@strict_option
@click.option(
    "--date",
    "build_date",
    callback=parse_day,
    metavar="YYYY-MM-DD",
    help="Build as of this day: later articles are left out. Default: the newest article's date.",
)
@click.option("--offline", is_flag=True, help="Call no translation engine: unknown segments stay pending.")
@click.option("--base-url", metavar="URL", help="Override base_url from briefing.toml (e.g. the URL GitHub Pages reports).")
@click.option(
    "--jobs",
    "-j",
    type=click.IntRange(min=0),
    default=0,
    show_default=True,
    help="Processes that brief new articles and render pages (0: one per core; 1: this process alone, the least memory).",
)
@click.option(
    "--executor",
    metavar="dask://HOST:PORT",
    help="Brief on an existing Dask distributed cluster instead (needs the 'dask' extra).",
)
@click.option("--clean", is_flag=True, help="Ignore what the last build stored: brief and render everything.")
@click.option(
    "--include-off-focus", is_flag=True, help="Keep off-focus articles, listing pages and multi-story pages in the digest."
)
def command(project, strict, build_date, offline, base_url, jobs, executor, clean, include_off_focus):
    config, problems = open_project(project)
    if base_url:
        reason = base_url_problem(base_url)
        if reason:
            raise click.BadParameter(f"base URL {reason}", param_hint="--base-url")
        config = replace(config, base_url=base_url if base_url.endswith("/") else base_url + "/")
    try:
        report = build(
            config,
            build_date=build_date,
            offline=offline,
            jobs=jobs,
            executor=executor,
            incremental=not clean,
            include_off_focus=include_off_focus,
            # -v asks what the build decided (clustering notes): only a build that runs says so
            skip_unchanged=not log.isEnabledFor(logging.DEBUG),
        )
    except BriefingError as exc:
        report_problems(problems)
        raise click.ClickException(str(exc)) from exc
    everything = problems + report.problems
    report_problems(everything)
    for line in report.summary:
        log.info(line)
    errors, warnings = (
        len([p for p in everything if p.severity == "error"]),
        len([p for p in everything if p.severity == "warning"]),
    )
    log.info(f"site written to {config.output_dir}/ ({errors} error(s), {warnings} warning(s))")
    sys.exit(exit_code(everything, strict))
