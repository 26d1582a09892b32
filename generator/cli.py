"""The ``briefing`` command: a thin click layer over the library.

Each sub-command lives in its own module under ``generator/commands`` and
exports a click command called ``command``; this file only collects them
and gives each the shared -v/-q options (``commands/_common.py``).
"""

from __future__ import annotations

import importlib

import click

from . import __version__
from .commands._common import verbosity_options

# module name under generator.commands -> command name
COMMANDS = ("init", "build", "ingest", "brief", "translate", "serve", "email", "publish", "run", "model", "note", "eval")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="briefing")
def cli() -> None:
    """Turn Arabic news articles into a bilingual daily briefing site."""


for _name in COMMANDS:
    _module = importlib.import_module(f".commands.{_name}", __package__)
    # every command, however it was written, gets -v/--verbose and -q/--quiet
    cli.add_command(verbosity_options(_module.command), _name)
verbosity_options(cli)


def main() -> None:
    cli()
