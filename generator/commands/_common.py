"""Shared pieces of the command-line layer: project loading and reporting."""
from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Iterable

import click

from ..config import Config, load_config
from ..errors import BriefingError
from ..models import Problem

project_option = click.option(
    "--project", "-p", "project", type=click.Path(file_okay=False, path_type=Path), default=".",
    show_default=True, help="Project folder (the one holding briefing.toml).")
strict_option = click.option("--strict", is_flag=True, help="Treat warnings as errors (exit code 1).")


def open_project(project: Path) -> tuple[Config, list[Problem]]:
    try:
        return load_config(project.resolve())
    except BriefingError as exc:
        raise click.ClickException(str(exc)) from exc


def report_problems(problems: Iterable[Problem]) -> None:
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
