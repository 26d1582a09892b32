"""Every command has help text and the top level lists them all."""

import click
import pytest
from click.testing import CliRunner

from generator.cli import COMMANDS, cli


def test_every_planned_command_is_registered():
    ctx = click.Context(cli)
    assert cli.list_commands(ctx) == sorted(COMMANDS)
    assert all(isinstance(cli.get_command(ctx, name), click.Command) for name in COMMANDS)
    assert cli.get_command(ctx, "no-such-command") is None


@pytest.mark.parametrize("name", COMMANDS)
def test_command_has_help(name):
    result = CliRunner().invoke(cli, [name, "--help"])
    assert result.exit_code == 0, result.output
    assert cli.get_command(click.Context(cli), name).help, f"{name} has no help text"
    assert "Usage: " in result.output


def test_outside_a_project_is_a_one_line_error(tmp_path):
    result = CliRunner().invoke(cli, ["build", "-p", str(tmp_path)])
    assert result.exit_code == 1
    assert result.output.strip() == f"Error: briefing.toml: not found in {tmp_path.resolve()} (run briefing in a project folder)"
