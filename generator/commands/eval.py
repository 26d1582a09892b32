"""briefing eval"""
from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from ..brief import BriefResources
from ..build import brief_all, prepare
from ..content import read_article
from ..evaluate import evaluate, format_table, load_gold
from ..eventline import format_event_line
from ..i18n import formatter
from ._common import open_project, project_option, report_problems


@click.command(help="Score the project's briefs and stories against a gold file (YAML, see docs/eval.md).")
@project_option
@click.argument("gold", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON instead of a table.")
@click.option("--peer-threshold", type=float, default=None,
              help="Also score the TF-IDF peer at this threshold (it is always scored at its best one).")
def command(project, gold, as_json, peer_threshold):
    config, problems = open_project(project)
    report_problems(problems)
    entries, found = load_gold(gold)
    report_problems(found)
    if not entries:
        raise click.ClickException(f"{gold}: no usable gold entries")
    prepared = prepare(config, offline=True)
    in_stories = {item.brief.article.path: item.brief for s in prepared.stories for item in s.briefs}
    # articles left out of the digest still have briefs worth scoring
    resources, _ = BriefResources.load(config)
    others = []
    for entry in entries:
        path = config.root / entry.file
        if entry.file not in in_stories and path.is_file():
            article, _ = read_article(path, config.root)
            if article is not None:
                others.append(article)
    briefs = dict(in_stories)
    briefs.update({b.article.path: b for b in brief_all(others, [], resources)})
    fmt = formatter(config.language("ar").locale, "ar", config.digits)
    lines = {path: [format_event_line(b.event, "ar", fmt)] for path, b in briefs.items() if b.event}
    result = evaluate(entries, prepared.stories, briefs, lines, peer_threshold=peer_threshold)
    if as_json:
        click.echo(json.dumps({**result.figures, "not_found": result.missing}, ensure_ascii=False, indent=2,
                              sort_keys=True))
    else:
        click.echo(format_table(result))
    if found:
        sys.exit(1)
