"""Shared pieces of the command-line layer: project loading, reporting and
the options every command has (``-v/--verbose``, ``-q/--quiet``).

Status goes through Python logging (logger ``generator``, on stderr):
INFO by default, DEBUG with ``-v`` (e.g. why two articles were or were not
clustered), WARNING with ``-q``, so a quiet successful run prints nothing.
Problems are not status: ``report_problems`` always prints them Sphinx-style
on stderr, as warnings and errors are what ``-q`` must still show.
"""

from __future__ import annotations

import datetime as dt
import logging
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterable

import click

from .. import progress
from ..config import Config, load_config
from ..errors import BriefingError
from ..models import Problem

log = logging.getLogger("generator")


class _EchoHandler(logging.Handler):
    """Writes through click.echo, so it follows whatever stderr is now
    (a terminal, a pipe, or the test runner's capture)."""

    def emit(self, record: logging.LogRecord) -> None:
        try:
            click.echo(self.format(record), err=True)
        except Exception:  # never let reporting break a build
            self.handleError(record)


def configure_output(verbose: int = 0, quiet: bool = False) -> None:
    """Set the log level and progress bars for this invocation."""
    level = logging.WARNING if quiet else (logging.DEBUG if verbose else logging.INFO)
    for handler in [h for h in log.handlers if isinstance(h, _EchoHandler)]:
        log.removeHandler(handler)
    handler = _EchoHandler()
    handler.setFormatter(logging.Formatter("%(message)s"))
    log.addHandler(handler)
    log.setLevel(level)
    log.propagate = False
    stream = sys.stderr  # the test runner's capture replaces it: read it now, not at import
    progress.enable(stream if not quiet and stream.isatty() else None)


def _set_verbosity(ctx: click.Context, param: click.Parameter, value: Any) -> None:
    state = ctx.find_root().meta.setdefault("briefing.verbosity", {"verbose": 0, "quiet": False})
    if param.name == "verbose":
        state["verbose"] += value or 0
    elif value:
        state["quiet"] = True
    configure_output(state["verbose"], state["quiet"])


def verbosity_params() -> list[click.Option]:
    """Fresh -v/-q options (click options cannot be shared between commands)."""
    return [
        click.Option(
            ["-v", "--verbose"],
            count=True,
            expose_value=False,
            callback=_set_verbosity,
            is_eager=True,
            help="Say more (e.g. how articles were clustered).",
        ),
        click.Option(
            ["-q", "--quiet"],
            is_flag=True,
            expose_value=False,
            callback=_set_verbosity,
            is_eager=True,
            help="Print only warnings and errors.",
        ),
    ]


def verbosity_options(command: click.Command) -> click.Command:
    """Give *command* (and, for a group, each of its sub-commands) -v/-q.

    cli.py applies this to every registered command, so a new command gets
    the options without doing anything; calling it twice is harmless."""
    if isinstance(command, click.Group):
        for sub in command.commands.values():
            verbosity_options(sub)
    names = {param.name for param in command.params}
    command.params.extend(p for p in verbosity_params() if p.name not in names)
    return command


project_option = click.option(
    "--project",
    "-p",
    "project",
    type=click.Path(file_okay=False, path_type=Path),
    default=".",
    show_default=True,
    help="Project folder (the one holding briefing.toml).",
)
strict_option = click.option("--strict", is_flag=True, help="Treat warnings as errors (exit code 1).")


@contextmanager
def library_errors() -> Iterator[None]:
    """The library's typed errors become one-line click errors (exit code 1,
    ``Error: ...`` on stderr): no traceback reaches a user."""
    try:
        yield
    except BriefingError as exc:
        raise click.ClickException(str(exc)) from exc


def open_project(project: Path) -> tuple[Config, list[Problem]]:
    with library_errors():
        return load_config(project.resolve())


def report_problems(problems: Iterable[Problem]) -> None:
    """Problems are printed whatever the verbosity: -q hides status, not warnings."""
    for problem in problems:
        click.echo(problem.format(), err=True)


def exit_code(problems: Iterable[Problem], strict: bool) -> int:
    problems = list(problems)
    if any(p.severity == "error" for p in problems):
        return 1
    if strict and problems:
        return 1
    return 0


def parse_day(ctx, param, value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date in the form YYYY-MM-DD") from None
