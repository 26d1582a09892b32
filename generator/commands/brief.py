"""briefing brief"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from ..briefs.brief import BriefResources, brief_article
from ..briefs.entities import gazetteer_entry
from ..build import prepare
from ..briefs.content import read_article
from ..briefs.eventline import format_event_line
from ..i18n import formatter
from ..serialise import brief_json
from ._common import exit_code, open_project, project_option, report_problems


@click.command(help="Print the structured brief of one article (what the site shows).")
@project_option
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print the brief as JSON (schema in docs/brief-json.md).")
@click.option(
    "--explain", is_flag=True, help="Also show what cleaning removed, how dates were resolved and how the article was clustered."
)
def command(project, path, as_json, explain):
    config, _ = open_project(project)
    article, problems = read_article(path.resolve(), config.root)
    report_problems(problems)
    if article is None:
        sys.exit(1)
    resources, found = BriefResources.load(config)
    report_problems(found)
    # a brief made without a lexicon that could not be read is printed, but not passed as good
    status = exit_code(problems + found, strict=False)
    brief = brief_article(article, resources)
    story = _story_of(config, brief) if explain or as_json else None
    lines = _event_lines(config, brief)
    if as_json:
        data = brief_json(brief, event_lines=lines, story=story)
        if not explain:
            data.pop("removed")
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
        sys.exit(status)
    _print_brief(article, brief, lines)
    if explain:
        _print_explanation(article, brief, story)
    sys.exit(status)


def _story_of(config, brief):
    """The story the brief belongs to: clustering needs the other articles,
    so the pipeline runs (offline: only reviewed and cached translations)."""
    prepared = prepare(config, offline=True)
    return next((s for s in prepared.stories if any(item.id == brief.id for item in s.briefs)), None)


def _event_lines(config, brief) -> dict[str, str]:
    lines = {}
    if brief.event:
        for lang in ("en", "ar"):
            language = config.language(lang)
            lines[lang] = format_event_line(brief.event, lang, formatter(language.locale, lang, config.digits))
    return lines


def _print_brief(article, brief, lines: dict[str, str]) -> None:
    click.echo(brief.headline)
    click.echo(f"{article.source} · {article.date.isoformat()}")
    if lines:
        click.echo(f"\n{lines['en']}\n{lines['ar']}")
    click.echo("\nKey points:")
    for point in brief.key_points:
        click.echo(f"  [{point.sentence_index + 1}] {point.text}")
    if brief.actors:
        click.echo("\nActors:")
        for actor in brief.actors:
            role = f" — {actor.role_en}" if actor.role_en else ""
            known = "" if actor.in_gazetteer else " (not in gazetteer)"
            click.echo(f"  {actor.display('en')} / {actor.display('ar')}{role}{known}")
    if brief.places:
        click.echo("\nPlaces: " + ", ".join(p.name_en for p in brief.places))
    if brief.dates:
        click.echo("\nDates:")
        for mention in brief.dates:
            resolved = mention.resolved.isoformat() if mention.resolved else "unresolved"
            note = f" ({mention.note})" if mention.note else ""
            click.echo(f"  {mention.text} → {resolved}{note}")
    if brief.topics:
        click.echo("\nTopics:")
        for topic in brief.topics:
            click.echo(f"  {topic.label_en}: {', '.join(topic.evidence)}")


def _print_explanation(article, brief, story) -> None:
    click.echo("\nRemoved by cleaning:")
    for removal in brief.removed or ():
        click.echo(f"  {article.path}:{removal.line}: {removal.reason}: {removal.text[:80]}")
    if not brief.removed:
        click.echo("  nothing")
    if brief.byline or brief.dateline:
        click.echo(f"  kept as metadata: byline={brief.byline!r} dateline={brief.dateline!r}")
    click.echo("\nExplanation:")
    for line in list(brief.explanation) + (list(story.explanation) if story else []):
        click.echo(f"  {line}")
    if brief.relevance is not None:
        relevance = brief.relevance
        shown = "shown in the digest" if relevance.is_news else "left out of the digest"
        click.echo(f"\nPage: {relevance.page_kind}, {relevance.focus} focus ({shown})")
        for line in relevance.evidence:
            click.echo(f"  {line}")
    unplaced = [a for a in brief.actors if a.kind == "person" and not a.in_gazetteer]
    if unplaced:
        click.echo("\nNames not in the gazetteer (entries to paste under people: in content/gazetteer.yaml):")
        for actor in unplaced:
            click.echo(gazetteer_entry(actor))
