"""briefing model install|list|remove: offline translation models for the ctranslate2 engine."""

from __future__ import annotations

import click

from ._common import library_errors, open_project, project_option, report_problems


@click.group(help="Install, list and remove Argos Translate models (CTranslate2) for offline translation.")
def command():
    pass


@command.command(
    "install",
    help="Download the PAIR package (e.g. ar-en) from the package index "
    "(translate.ctranslate2.index_url), verify it and unpack it into the cache; "
    "the ctranslate2 engine then uses it.",
)
@project_option
@click.argument("pair", default="ar-en")
@click.option("--index", "index_url", default=None, help="Package index URL (default: from briefing.toml).")
@click.option("--sha256", default=None, help="Expected SHA-256 of the package file.")
def install_command(project, pair, index_url, sha256):
    from ..translation.packages import install

    config, problems = open_project(project)
    report_problems(problems)
    with library_errors():
        installed = install(config, pair, index_url=index_url, sha256=sha256)
    click.echo(f"installed {installed.pair} {installed.version} in {installed.folder}")
    click.echo(f"verified: {installed.verified}")
    if config.translate.ctranslate2_model:
        click.echo(
            f"note: translate.ctranslate2.model = {config.translate.ctranslate2_model!r} in briefing.toml "
            "takes precedence; remove it to use this model"
        )
    elif "ctranslate2" not in (config.translate.engine, *config.translate.fallback):
        click.echo('to use it, set engine = "ctranslate2" (or add it to fallback) under [translate] in briefing.toml')


@command.command("list", help="Show the installed models.")
@project_option
def list_command(project):
    from ..translation.packages import list_installed, models_path

    config, problems = open_project(project)
    report_problems(problems)
    found = list_installed(config)
    if not found:
        click.echo(f"no model installed in {models_path(config)}")
    for item in found:
        click.echo(f"{item.pair}  {item.version}  {item.folder}  sha256 {item.sha256[:16]}…  ({item.verified})")


@command.command("remove", help="Delete the installed PAIR model (e.g. ar-en).")
@project_option
@click.argument("pair")
def remove_command(project, pair):
    from ..translation.packages import remove

    config, problems = open_project(project)
    report_problems(problems)
    with library_errors():
        folder = remove(config, pair)
    click.echo(f"removed {pair} ({folder})")
