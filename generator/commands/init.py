"""briefing init"""

from __future__ import annotations

from pathlib import Path

import click

from ..scaffold import init_project
from ._common import library_errors, log


@click.command(
    help="Create a new project in PATH that builds at once: briefing.toml (every key, "
    "commented), content/ with empty lexicons, .gitignore and the GitHub Pages workflow. "
    "Never overwrites an existing file."
)
@click.argument("path", type=click.Path(path_type=Path))
@click.option("--demo", is_flag=True, help="Start from the demo's three articles and lexicons instead of empty ones.")
def command(path, demo):
    with library_errors():
        written = init_project(path, demo=demo)
    log.info(f"created {len(written)} file(s) in {path}/; next: cd {path} && briefing build")
