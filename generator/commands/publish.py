"""briefing publish"""

from __future__ import annotations

import click

from ..publish import PUBLISHERS, publish_site
from ._common import library_errors, log, open_project, project_option, report_problems


@click.command(help="Publish the built site/ (by default: commit it to the gh-pages branch and push it).")
@project_option
@click.option(
    "--remote",
    metavar="NAME",
    help="Git remote to push to. Default: publish.remote in briefing.toml (nothing is pushed to a remote not named).",
)
@click.option(
    "--branch", metavar="NAME", help="Branch to commit the site to. Default: publish.branch in briefing.toml (gh-pages)."
)
@click.option("--no-push", is_flag=True, help="Only update the local branch; push nothing.")
@click.option("--force", is_flag=True, help="Publish even if site/build.json is missing or records build errors.")
@click.option(
    "--publisher", type=click.Choice(sorted(PUBLISHERS)), default="ghpages", show_default=True, help="Where to publish."
)
def command(project, remote, branch, no_push, force, publisher):
    config, problems = open_project(project)
    report_problems(problems)
    with library_errors():
        result, check = publish_site(config, publisher=publisher, remote=remote, branch=branch, push=not no_push, force=force)
    for note in (*check.notes, *result.notes):
        click.echo(f"warning: {note}", err=True)
    what = f"the digest of {check.digest_date}" if check.digest_date else "the site"
    if not result.changed:
        what += " (unchanged since the last publish)"
    where = f"pushed to {result.pushed_to}" if result.pushed_to else "not pushed"
    log.info(f"published {what}: {result.summary} ({where})")
