"""briefing run: the daily pipeline (build, publish, email) in one command.

Each step prints one line, ``<step>: <status> (<detail>)``.  Publish and email
need the build's site, so a failed build skips them; email does not need the
publish, so a failed push still sends the email.  Any failed step makes the
exit code 1.
"""

from __future__ import annotations

import datetime as dt
import logging
import sys
import zoneinfo
from dataclasses import dataclass

import click

from ..mail import compose as mail, smtp
from ..build import BuildReport, build
from ..config import Config
from ..errors import BriefingError
from ..publish import publish_site
from ._common import log, open_project, parse_day, project_option, report_problems


@dataclass(frozen=True)
class StepResult:
    name: str
    status: str  # "ok", "skipped" or "failed"
    detail: str = ""

    @property
    def failed(self) -> bool:
        return self.status == "failed"

    @property
    def line(self) -> str:
        return f"{self.name}: {self.status} ({self.detail})" if self.detail else f"{self.name}: {self.status}"


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def build_step(config: Config, day: dt.date, offline: bool) -> tuple[StepResult, BuildReport | None]:
    try:
        report = build(config, build_date=day, offline=offline)
    except BriefingError as exc:
        report_problems(exc.problems)
        return StepResult("build", "failed", str(exc).splitlines()[0]), None
    report_problems(report.problems)
    articles = sum(len(story.briefs) for digest in report.digests for story in digest.stories)
    counts = [_plural(articles, "article"), _plural(len(report.digests), "digest"), _plural(len(report.errors), "error")]
    if report.warnings:
        counts.append(_plural(len(report.warnings), "warning"))
    return StepResult("build", "failed" if report.errors else "ok", ", ".join(counts)), report


def publish_step(config: Config, force: bool) -> StepResult:
    try:
        result, check = publish_site(config, force=force)
    except BriefingError as exc:
        return StepResult("publish", "failed", str(exc))
    for note in (*check.notes, *result.notes):
        click.echo(f"warning: {note}", err=True)
    detail = result.summary if result.changed else f"{result.summary}, unchanged"
    return StepResult("publish", "ok", detail if result.pushed_to else f"{detail}, not pushed")


def email_step(config: Config, report: BuildReport, day: dt.date) -> StepResult:
    # the digest the build step made: the email says what the site says
    digest = next((d for d in report.digests if d.date == day), None)
    if digest is None or not digest.stories:
        return StepResult("email", "skipped", f"no stories dated {day.isoformat()}")
    try:
        composed = mail.compose_digest(config, digest, "both")
        report_problems(composed.problems)
        addresses, bad = smtp.read_recipients(config.root / config.email.recipients_file)
        report_problems(bad)
        sent = smtp.send_digest(config, composed, addresses)
    except BriefingError as exc:
        return StepResult("email", "failed", str(exc))
    for address, reason in sent.failed:
        click.echo(f"failed {address}: {reason}", err=True)
    bad_addresses = len([p for p in bad if p.severity == "error"])
    detail = f"{len(sent.sent)} sent, {len(sent.skipped)} already sent, {len(sent.failed)} failed"
    if bad_addresses:
        detail += f", {bad_addresses} bad address(es)"
    return StepResult("email", "ok" if sent.ok and not bad_addresses else "failed", detail)


def today_in(config: Config) -> dt.date:
    """A daily run's default day is today where the news happens, not in UTC."""
    return dt.datetime.now(zoneinfo.ZoneInfo(config.timezone)).date()


@click.command(help="Run the daily pipeline: build the site as of a day, publish it, and email the digest.")
@project_option
@click.option(
    "--date",
    "day",
    callback=parse_day,
    metavar="YYYY-MM-DD",
    help="Build as of this day. Default: today in the project's time zone.",
)
@click.option("--no-publish", is_flag=True, help="Skip the publish step.")
@click.option("--no-email", is_flag=True, help="Skip the email step.")
@click.option("--force", is_flag=True, help="Publish and email even if the build reported errors (the site was still written).")
@click.option("--offline", is_flag=True, help="Call no translation engine: unknown segments stay pending.")
def command(project, day, no_publish, no_email, force, offline):
    config, problems = open_project(project)
    report_problems(problems)
    day = day or today_in(config)

    steps: list[StepResult] = []

    def record(step: StepResult) -> None:
        steps.append(step)
        if log.isEnabledFor(logging.INFO):  # the run's report, on stdout; -q silences it
            click.echo(step.line)

    built, report = build_step(config, day, offline)
    record(built)
    if report is not None and not any(d.date == day and d.stories for d in report.digests):
        newest = max((d.date for d in report.digests), default=None)
        log.info(
            f"no articles dated {day.isoformat()}: the site states its newest, "
            + (newest.isoformat() if newest else "none yet")
            + "; no email is sent"
        )
    # a build that raised wrote nothing; one with errors wrote a site that
    # only --force may send on
    usable = report is not None and (not built.failed or force)
    blocked = "build failed" if not usable else None

    if no_publish:
        record(StepResult("publish", "skipped", "--no-publish"))
    elif blocked:
        record(StepResult("publish", "skipped", blocked))
    else:
        record(publish_step(config, force))

    if no_email:
        record(StepResult("email", "skipped", "--no-email"))
    elif blocked:
        record(StepResult("email", "skipped", blocked))
    else:
        assert report is not None  # not blocked: the build returned a report
        record(email_step(config, report, day))

    sys.exit(1 if any(step.failed for step in steps) else 0)
