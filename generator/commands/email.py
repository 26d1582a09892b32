"""briefing email"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ..mail.compose import LANGS, compose_digest
from ._common import exit_code, library_errors, log, open_project, parse_day, project_option, report_problems

DEFAULT_OUT = "site-email"  # dry-run output: next to site/, never inside it (it would be published)


def load_digests(config, day, *, offline: bool):
    """The digests as `briefing build` makes them, without writing site/."""
    # imported here so that `briefing email --help` works while a pipeline
    # stage is broken, and other commands do not load the email code's needs
    from .. import build as pipeline

    if hasattr(pipeline, "prepare"):  # everything up to rendering: no site pages needed
        report = pipeline.prepare(config, build_date=day, offline=offline).report
    else:
        report = pipeline.build(config, build_date=day, offline=offline, write=False)
    return list(report.digests), list(report.problems)


@click.command(help="Email one day's digest to the recipients list (or, with --dry-run, write .eml files).")
@project_option
@click.option(
    "--date", "day", callback=parse_day, metavar="YYYY-MM-DD", help="The digest to send. Default: the newest day with stories."
)
@click.option(
    "--lang",
    type=click.Choice(LANGS),
    default="both",
    show_default=True,
    help="Arabic, English, or one email with the Arabic section then the English one.",
)
@click.option("--dry-run", is_flag=True, help="Write .eml and .html files instead of sending.")
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help=f"Folder for --dry-run files. Default: {DEFAULT_OUT}/ in the project.",
)
@click.option(
    "--recipients",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Recipients list file. Default: email.recipients_file from briefing.toml.",
)
@click.option(
    "--online", is_flag=True, help="Let the build call translation engines (default: cache and memory only, like --offline)."
)
def command(project, day, lang, dry_run, out, recipients, online):
    config, problems = open_project(project)
    report_problems(problems)
    with library_errors():
        digests, build_problems = load_digests(config, day, offline=not online)
    build_errors = [p for p in build_problems if p.severity == "error"]
    report_problems(build_errors)
    digests = sorted(digests, key=lambda d: d.date)
    if day is None and digests:
        day = digests[-1].date
    digest = next((d for d in digests if d.date == day), None)
    if digest is None or not digest.stories:
        raise click.ClickException(f"no stories dated {day.isoformat() if day else '(any day)'}: nothing to email")

    with library_errors():
        composed = compose_digest(config, digest, lang)
    report_problems(composed.problems)
    log.info(
        f"{digest.date.isoformat()} {lang}: {composed.full_stories} of {composed.total_stories} "
        f"stories in full, HTML {composed.html_bytes:,} bytes"
    )

    if dry_run:
        folder = out if out is not None else config.root / DEFAULT_OUT
        folder.mkdir(parents=True, exist_ok=True)
        stem = f"{digest.date.isoformat()}-{lang}"
        (folder / f"{stem}.eml").write_bytes(composed.message.as_bytes())
        (folder / f"{stem}.html").write_text(composed.html, encoding="utf-8")
        log.info(f"wrote {folder / (stem + '.eml')} and {stem}.html (nothing sent)")
        # a dry run is a rehearsal: it fails when the real run would carry errors
        sys.exit(exit_code(problems + build_errors + list(composed.problems), strict=False))

    from ..mail.smtp import read_recipients, send_digest

    path = recipients if recipients is not None else config.root / config.email.recipients_file
    with library_errors():
        addresses, bad = read_recipients(path)
        report_problems(bad)

        def progress(status: str, address: str, detail: str) -> None:
            line = f"{status} {address}" + (f": {detail}" if detail else "")
            if status == "failed":
                click.echo(line, err=True)
            else:
                log.info(line)

        sent = send_digest(config, composed, addresses, progress=progress)
    log.info(
        f"{len(sent.sent)} sent, {len(sent.skipped)} already sent before, {len(sent.failed)} failed"
        + (f", {len([p for p in bad if p.severity == 'error'])} bad address(es)" if bad else "")
    )
    sys.exit(0 if sent.ok and not any(p.severity == "error" for p in bad) else 1)
