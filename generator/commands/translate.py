"""briefing translate export|import: the human post-editing round trip."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ._common import exit_code, library_errors, log, open_project, project_option, report_problems


@click.group(help="Export machine translations for review, and import the reviewed ones.")
def command():
    pass


@command.command(
    "export",
    help="Write machine-translated and pending segments to a PO or XLIFF file "
    "(from the memory and cache only: run `briefing build` first).",
)
@project_option
@click.option("--format", "fmt", type=click.Choice(["po", "xliff"]), default="po", show_default=True)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="File to write (default: standard output).",
)
def export_command(project, fmt, output):
    from ..build import collect_segments  # the build module is heavy; only load it here
    from ..translation.exchange import export_items, export_segments

    config, problems = open_project(project)
    with library_errors():
        text, run = export_segments(collect_segments(config), config, fmt)
    everything = problems + run.problems
    report_problems(everything)
    if output is None:
        click.echo(text, nl=False)
    else:
        output.write_text(text, encoding="utf-8")
    items = export_items(run)
    machine = sum(1 for item in items if item.text is not None)
    log.info(
        f"exported {len(items)} segment(s): {machine} machine-translated, {len(items) - machine} pending"
        + (f" to {output}" if output else "")
    )
    # an export made while the memory or cache could not be read is incomplete
    sys.exit(exit_code(everything, strict=False))


@command.command(
    "import",
    help="Merge confirmed translations (PO: not fuzzy; XLIFF: translated/final/"
    "signed-off) into content/translation-memory.yaml as reviewed.",
)
@project_option
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def import_command(project, file):
    from ..translation.exchange import import_reviewed

    config, problems = open_project(project)
    report_problems(problems)
    with library_errors():
        report = import_reviewed(file, config)
    log.info(report.describe(f"{config.content_dir}/translation-memory.yaml"))


@command.command(
    "score",
    help="Translate the Arabic of the reviewed translation memory with each configured "
    "engine (through the cache) and print chrF and BLEU against the reviewed English.",
)
@project_option
@click.option(
    "--engine", "engines", multiple=True, help="Engine to score (repeatable; default: translate.engine and translate.fallback)."
)
@click.option("--offline", is_flag=True, help="Call no network engine (cached output is still scored).")
def score_command(project, engines, offline):
    from ..translation.score import score_engines

    config, problems = open_project(project)
    report_problems(problems)
    with library_errors():
        report = score_engines(config, list(engines) or None, offline=offline)
    report_problems(report.problems)
    if not report.scores:
        raise click.ClickException("no engine to score: set translate.engine or pass --engine")
    if not report.scores[0].segments:
        raise click.ClickException(f"{config.content_dir}/translation-memory.yaml has no reviewed entries to score against")
    click.echo(report.table())
