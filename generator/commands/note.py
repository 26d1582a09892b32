"""briefing note"""

from __future__ import annotations

import click

from ..briefs.content import ARTICLES_DIR, SLUG_RE, shown_path
from ..stories.notes import NOTE_LANGUAGES, new_note_text, note_path
from ._common import open_project, parse_day, project_option, report_problems


@click.command(
    help="Create an analyst's note for DATE (the day's assessment, or with --story a comment "
    "on one story) in content/notes/, ready to edit. Never overwrites a note."
)
@project_option
@click.argument("day", metavar="DATE", callback=parse_day)
@click.option("--story", metavar="SLUG", help="Comment on this story: the slug of one of the day's articles.")
@click.option(
    "--lang", type=click.Choice(NOTE_LANGUAGES), default="en", show_default=True, help="The language the note is written in."
)
@click.option("--author", default="", help="Your name, shown with the note (or fill in 'author:' in the file).")
def command(project, day, story, lang, author):
    config, problems = open_project(project)
    report_problems(problems)
    if story is not None:
        if not SLUG_RE.match(story):
            raise click.BadParameter(f"{story!r} is not a slug (lower-case letters, digits and hyphens)", param_hint="--story")
        folder = config.content_path / ARTICLES_DIR / day.isoformat()
        if not any(folder.glob(f"{story}.md")) and not any(folder.glob(f"{story}.txt")):
            raise click.ClickException(
                f"no article {story!r} dated {day.isoformat()} "
                f"({config.content_dir}/{ARTICLES_DIR}/{day.isoformat()}/{story}.md): "
                "--story takes the slug of one of the day's articles"
            )
    path = note_path(config.content_path, day, lang, story)
    shown = shown_path(path, config.root)
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        with path.open("x", encoding="utf-8") as file:  # "x": fails if it exists, never overwrites
            file.write(new_note_text(author))
    except FileExistsError:
        raise click.ClickException(f"{shown} already exists: edit it (briefing note never overwrites a note)") from None
    click.echo(
        f"created {shown}: " + ("fill in 'author:', then write" if not author else "write") + " the note below the front matter"
    )
