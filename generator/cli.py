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


class _Commands(click.Group):
    """The sub-commands, each module imported when its command is first
    asked for: ``briefing build`` on a site where nothing changed spends
    most of its time importing, and it needs none of the brief, cluster,
    render, mail or evaluation code (see ``generator.build``)."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*COMMANDS, *self.commands})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.commands and cmd_name in COMMANDS:
            module = importlib.import_module(f".commands.{cmd_name}", __package__)
            # every command, however it was written, gets -v/--verbose and -q/--quiet
            self.add_command(verbosity_options(module.command), cmd_name)
        return self.commands.get(cmd_name)


@click.group(cls=_Commands, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="briefing")
def cli() -> None:
    """Turn Arabic news articles into a bilingual daily briefing site."""


verbosity_options(cli)


def main() -> None:
    cli()
