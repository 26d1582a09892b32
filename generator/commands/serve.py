"""briefing serve"""

from __future__ import annotations

import click

from ..serve import PreviewServer, serve_forever
from ._common import log, open_project, project_option, report_problems


@click.command(
    help="Build the site, serve it on 127.0.0.1 and rebuild when content/, "
    "templates/ or briefing.toml change.  A failed rebuild keeps serving "
    "the last good site and prints the errors."
)
@project_option
@click.option(
    "--port", default=8000, show_default=True, type=click.IntRange(0, 65535), help="Port to listen on (0: any free port)."
)
@click.option(
    "--base-path",
    default="/",
    show_default=True,
    metavar="PATH",
    help="Serve under this sub-path, as GitHub Pages serves a project site (e.g. /briefing/).",
)
@click.option("--offline", is_flag=True, help="Call no translation engine: unknown segments stay pending.")
@click.option("--no-watch", is_flag=True, help="Build and serve once; do not rebuild on change.")
def command(project, port, base_path, offline, no_watch):
    config, problems = open_project(project)
    report_problems(problems)
    try:
        server = PreviewServer(config, port=port, base_path=base_path, offline=offline, echo=log.info)
    except OSError as exc:
        raise click.ClickException(f"cannot listen on 127.0.0.1:{port}: {exc.strerror or exc}") from exc
    serve_forever(server, watch=not no_watch)
