"""briefing eval"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from ..evaluate import evaluate_project, format_table, load_gold
from ._common import open_project, project_option, report_problems


@click.command(help="Score the project's briefs and stories against a gold file (YAML, see docs/eval.md).")
@project_option
@click.argument("gold", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON instead of a table.")
@click.option(
    "--peer-threshold",
    type=float,
    default=None,
    help="Also score the TF-IDF peer at this threshold (it is always scored at its best one).",
)
def command(project, gold, as_json, peer_threshold):
    config, problems = open_project(project)
    report_problems(problems)
    entries, found = load_gold(gold)
    report_problems(found)
    if not entries:
        raise click.ClickException(f"{gold}: no usable gold entries")
    result = evaluate_project(config, entries, peer_threshold=peer_threshold)
    if as_json:
        click.echo(json.dumps({**result.figures, "not_found": result.missing}, ensure_ascii=False, indent=2, sort_keys=True))
    else:
        click.echo(format_table(result))
    if found:
        sys.exit(1)
