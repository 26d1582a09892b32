"""briefing ingest"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ..errors import BriefingError
from ..briefs.ingest import ingest_file
from ._common import log, open_project, parse_day, project_option


@click.command(help="Turn raw scraped text files into content files with front matter to fill in.")
@project_option
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--date", callback=parse_day, metavar="YYYY-MM-DD", help="Publication date, if known.")
@click.option("--source", help="The outlet's name, if known.")
@click.option("--url", help="The article's address, if known.")
@click.option("--slug", help="File name for the article (only with a single PATH).")
def command(project, paths, date, source, url, slug):
    config, _ = open_project(project)
    if slug and len(paths) > 1:
        raise click.UsageError("--slug names one article; give a single PATH")
    failed = 0
    for path in paths:
        try:
            result = ingest_file(path, config.content_path, date=date, source=source, url=url, slug=slug)
        except BriefingError as exc:
            click.echo(str(exc), err=True)
            failed += 1
            continue
        shown = result.target.relative_to(config.root) if result.target.is_relative_to(config.root) else result.target
        todo = [] if date else ["date"]
        for warning in result.warnings:
            click.echo(warning, err=True)
        todo += [] if result.outlet else ["source"]
        todo += [] if result.title else ["title"]
        hint = f" (fill in: {', '.join(todo)})" if todo else ""
        log.info(f"{path} -> {shown}{hint}")
    sys.exit(1 if failed else 0)
