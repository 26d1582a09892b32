"""Analysts' notes: the day's assessment and comments on stories, in Markdown.

``content/notes/<YYYY-MM-DD>.<lang>.md`` holds the day's assessment and
``content/notes/<YYYY-MM-DD>/<story-or-article-slug>.<lang>.md`` a comment on
one story; the front matter names the ``author`` and, optionally, the
``article`` or ``thread`` the note concerns.

Three steps, like the rest of the pipeline: ``read_notes`` is the I/O edge
(files to ``NoteSource``), ``attach_notes`` is pure (it resolves every link
against the stories and actors of the build and puts each ``Note`` on its
digest), and ``note_html`` / ``note_text`` render a note for one reader's
language when a page or the email is made.

Markdown is parsed with markdown-it-py in a safe configuration: CommonMark
plus tables with raw HTML off (``<script>`` stays text), and only http,
https and mailto links: any other link is reported as ``path:line: error:``
and shown as its text.  ``[[story:2025-09-10/slug]]`` and
``[[actor:khalifa-haftar]]`` link to the story or actor page in the
reader's language; an id that names nothing is an error, shown as text.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import re
from collections.abc import Callable, Iterable, MutableMapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from markupsafe import Markup

from ..briefs.content import FrontMatterError, read_front_matter, shown_path
from ..models import Actor, BilingualBrief, Digest, Note, NoteTarget, Problem, Story

if TYPE_CHECKING:  # markdown-it is imported when a note is first parsed (``_markdown``)
    from markdown_it import MarkdownIt
    from markdown_it.rules_core import StateCore
    from markdown_it.rules_inline import StateInline
    from markdown_it.token import Token

NOTES_DIR = "notes"
NOTE_LANGUAGES = ("ar", "en")
REQUIRED_KEYS = ("author",)
CONCERNS_KEYS = ("article", "thread")  # what the note is about, both optional
KNOWN_KEYS = {*REQUIRED_KEYS, *CONCERNS_KEYS}
SAFE_SCHEMES = ("http", "https", "mailto")
IMAGE_SCHEMES = ("http", "https")
LINK_KINDS = ("story", "actor")

DAY_NOTE_NAME = re.compile(r"^(?P<date>\d{4}-\d{2}-\d{2})\.(?P<lang>[A-Za-z-]+)\.md$")
STORY_NOTE_NAME = re.compile(r"^(?P<slug>[a-z0-9]+(?:-[a-z0-9]+)*)\.(?P<lang>[A-Za-z-]+)\.md$")
SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*):")
# [[kind:ref]] or [[kind:ref|label]] on one line
NOTE_LINK = re.compile(r"\[\[([A-Za-z]+):([^\]|\n]+?)(?:\|([^\]\n]+))?\]\]")


@dataclass(frozen=True)
class NoteSource:
    """A note file as read: its links are not resolved yet."""

    path: str
    date: dt.date
    lang: str
    author: str
    body: str
    body_line: int
    story_ref: str | None = None  # "<date>/<slug>" from the file name of a comment
    concerns: tuple[str, str, int] | None = None  # (article | thread, ref, line)


# --- reading ------------------------------------------------------------------------


def note_files(content_dir: Path) -> list[Path]:
    """Every note file, in a stable order (reproducible builds)."""
    base = content_dir / NOTES_DIR
    if not base.is_dir():
        return []
    return sorted(p for p in base.rglob("*.md") if p.is_file())


def note_path(content_dir: Path, day: dt.date, lang: str, story: str | None = None) -> Path:
    """Where the note for *day* (or for one story of that day) in *lang* lives."""
    base = content_dir / NOTES_DIR
    if story:
        return base / day.isoformat() / f"{story}.{lang}.md"
    return base / f"{day.isoformat()}.{lang}.md"


def new_note_text(author: str = "") -> str:
    """A new note file: front matter ready to fill in, an empty body (the
    build reports an empty note, so an unwritten one is never published)."""
    quoted = json.dumps(author, ensure_ascii=False)  # a JSON string is a YAML string
    return (
        "---\n"
        "# An analyst's note in Markdown, written below the closing '---'.\n"
        "# Link stories and actors as [[story:YYYY-MM-DD/slug]] and [[actor:id]]\n"
        "# (optionally [[story:...|label]]); other links must be http, https or mailto.\n"
        "# A day's assessment often has two parts: what this means, what to watch.\n"
        f"author: {quoted}\n"
        "# article: YYYY-MM-DD/slug           # optional: the article the note concerns\n"
        "# thread: thread:YYYY-MM-DD/slug     # optional: or the thread\n"
        "---\n"
        "\n"
    )


def _place(path: Path, base: Path) -> tuple[str, str, str | None]:
    """(date text, language, story slug or None) from the file's place, or ValueError."""
    relative = path.relative_to(base).parts
    if len(relative) == 1 and (m := DAY_NOTE_NAME.match(relative[0])):
        return m["date"], m["lang"], None
    if len(relative) == 2 and (m := STORY_NOTE_NAME.match(relative[1])):
        return relative[0], m["lang"], m["slug"]
    raise ValueError(
        "a note is content/notes/YYYY-MM-DD.LANG.md (the day's assessment) or "
        "content/notes/YYYY-MM-DD/STORY-OR-ARTICLE-SLUG.LANG.md (a comment on one story), "
        f"with LANG one of {', '.join(NOTE_LANGUAGES)}"
    )


def read_note(path: Path, content_dir: Path, root: Path) -> tuple[NoteSource | None, list[Problem]]:
    """Read one note file; on error return None and the problems found."""
    shown = shown_path(path, root)
    try:
        return _read_note(path, content_dir, shown)
    except FrontMatterError as exc:  # the file cannot be read as a note at all
        return None, [Problem(shown, exc.line, str(exc), "error")]


def _read_note(path: Path, content_dir: Path, shown: str) -> tuple[NoteSource | None, list[Problem]]:
    try:
        day_text, lang, slug = _place(path, content_dir / NOTES_DIR)
    except ValueError as exc:
        raise FrontMatterError(None, str(exc)) from None
    if lang not in NOTE_LANGUAGES:
        raise FrontMatterError(None, f"language {lang!r} in the file name is not one of {', '.join(NOTE_LANGUAGES)}")
    try:
        day = dt.date.fromisoformat(day_text)
    except ValueError:
        raise FrontMatterError(None, f"{day_text!r} is not a date in the form YYYY-MM-DD") from None
    meta, key_line, body, body_line, found = read_front_matter(path, "'author: NAME'")
    problems = [Problem(shown, line, message, "warning") for line, message in found]
    problems += [
        Problem(
            shown,
            key_line.get(str(key)),
            f"unknown front matter key {key!r} (known keys: {', '.join(sorted(KNOWN_KEYS))})",
            "warning",
        )
        for key in meta
        if key not in KNOWN_KEYS
    ]
    author = str(meta.get("author") or "").strip()
    given = [key for key in CONCERNS_KEYS if meta.get(key) not in (None, "")]
    errors: list[tuple[int | None, str]] = []
    if not author:
        errors.append((key_line.get("author", body_line - 1), "missing 'author' in front matter: who wrote this note"))
    if len(given) > 1:
        errors.append((key_line[given[1]], "a note concerns an article or a thread, not both"))
    if not body.strip():
        errors.append((body_line, "empty note: write it below the front matter"))
    problems += [Problem(shown, line, message, "error") for line, message in errors]
    if errors:
        return None, problems
    concerns = (given[0], str(meta[given[0]]).strip(), key_line[given[0]]) if given else None
    story_ref = f"{day_text}/{slug}" if slug else None
    return NoteSource(shown, day, lang, author, body, body_line, story_ref, concerns), problems


def read_notes(content_dir: Path, root: Path) -> tuple[list[NoteSource], list[Problem]]:
    notes: list[NoteSource] = []
    problems: list[Problem] = []
    for path in note_files(content_dir):
        note, found = read_note(path, content_dir, root)
        problems.extend(found)
        if note is not None:
            notes.append(note)
    return notes, problems


# --- Markdown -----------------------------------------------------------------------

Target = Story | Actor | BilingualBrief  # what a note's link points at
Resolve = Callable[[str, str], Target | None]


def safe_href(href: str, schemes: tuple[str, ...] = SAFE_SCHEMES) -> bool:
    """Only absolute URLs of these schemes: no javascript:, data:, relative paths."""
    m = SCHEME.match(href)
    return m is not None and m.group(1).lower() in schemes


def _note_link_rule(state: StateInline, silent: bool) -> bool:
    """``[[story:2025-09-10/slug]]``, ``[[actor:id]]``, optionally ``|label``."""
    if not state.src.startswith("[[", state.pos):
        return False
    m = NOTE_LINK.match(state.src, state.pos)
    if m is None or m.end() > state.posMax:
        return False
    if not silent:
        token = state.push("note_link", "a", 0)
        token.content = m.group(0)
        token.meta = {"kind": m.group(1).lower(), "ref": m.group(2).strip(), "label": (m.group(3) or "").strip()}
    state.pos = m.end()
    return True


BLOCKS_WITH_DIR = {"paragraph_open", "heading_open", "list_item_open", "blockquote_open", "th_open", "td_open"}


def _check_links(state: StateCore) -> None:
    """After inline parsing: resolve [[...]] links, take out unsafe links and
    images (keeping their text), record problems with the file's line numbers,
    shift headings below the page's own and mark blocks ``dir="auto"``."""
    env = state.env
    env.setdefault("problems", [])
    env.setdefault("targets", [])
    # the note's highest heading becomes <h{top_level}>, whether it starts at # or ##
    levels = [int(t.tag[1]) for t in state.tokens if t.type == "heading_open"]
    shift = env.get("top_level", 3) - min(levels, default=1)
    for block in state.tokens:
        if block.type in BLOCKS_WITH_DIR:
            block.attrSet("dir", "auto")
        if block.type in ("heading_open", "heading_close"):
            block.tag = f"h{min(6, int(block.tag[1]) + shift)}"
        if block.type == "inline" and block.children:
            line = env.get("first_line", 1) + (block.map[0] if block.map else 0)
            block.children = _checked_inline(block.children, line, env)


def _checked_inline(children: list[Token], line: int, env: MutableMapping) -> list[Token]:
    """The inline tokens of one block, unsafe links and images taken out."""
    from markdown_it.token import Token  # imported already: this runs inside a parse

    problems: list[tuple[int, str]] = env["problems"]
    kept: list[Token] = []
    dropping_link = False
    for token in children:
        if token.type in ("softbreak", "hardbreak"):
            line += 1
        elif token.type == "link_open" and not safe_href(str(token.attrGet("href") or "")):
            problems.append(
                (
                    line,
                    (
                        f"link to {token.attrGet('href')!r} is not an http, https or mailto URL "
                        "(link stories and actors with [[story:...]] or [[actor:...]]): shown as text"
                    ),
                )
            )
            dropping_link = True
            continue
        elif token.type == "link_close" and dropping_link:
            dropping_link = False
            continue
        elif token.type == "image" and not safe_href(str(token.attrGet("src") or ""), IMAGE_SCHEMES):
            problems.append((line, f"image {token.attrGet('src')!r} is not an http or https URL: shown as text"))
            token = Token("text", "", 0, content=token.content)
        elif token.type == "note_link":
            _resolve_note_link(token, line, env)
        kept.append(token)
    return kept


def _resolve_note_link(token: Token, line: int, env: MutableMapping) -> None:
    """Put the target of a [[kind:ref]] link in its token, or record why not."""
    kind, ref = token.meta["kind"], token.meta["ref"]
    resolve: Resolve = env.get("resolve") or (lambda kind, ref: None)
    if kind not in LINK_KINDS:
        env["problems"].append(
            (
                line,
                (
                    f"{token.content}: unknown kind of link {kind!r} "
                    "(use [[story:YYYY-MM-DD/slug]] or [[actor:id]]): shown as text"
                ),
            )
        )
    elif (target := resolve(kind, ref)) is None:
        what = (
            "a story or article id: YYYY-MM-DD/slug" if kind == "story" else "an actor id from the gazetteer, named in an article"
        )
        env["problems"].append((line, f"{token.content}: no {kind} {ref!r} in this build ({what}): shown as text"))
    else:
        token.meta["target"] = target
        env["targets"].append(NoteTarget(kind, ref, target))


def _render_text(self, tokens: list[Token], idx: int, options, env: dict) -> str:
    return str(env["bidi"](tokens[idx].content))


def _render_note_link(self, tokens: list[Token], idx: int, options, env: dict) -> str:
    token = tokens[idx]
    target = token.meta.get("target")
    label = token.meta["label"] or (target_label(target, env["note_lang"]) if target else token.meta["ref"])
    text = str(env["bidi"](label))
    if target is None:
        return text
    from markdown_it.common.utils import escapeHtml  # imported already: this runs inside a render

    return f'<a href="{escapeHtml(env["link"](target))}">{text}</a>'


def make_markdown() -> MarkdownIt:
    """CommonMark plus tables; no raw HTML; notes' own link rule and checks."""
    from markdown_it import MarkdownIt

    md = MarkdownIt("commonmark", {"html": False}).enable("table")
    # Every link is parsed so that _check_links can report an unsafe one with
    # its line; it then removes it (markdown-it's own check drops it silently).
    md.validateLink = lambda url: True  # type: ignore[method-assign]
    md.inline.ruler.before("link", "note_link", _note_link_rule)
    md.core.ruler.after("inline", "note_checks", _check_links)
    md.add_render_rule("text", _render_text)
    md.add_render_rule("note_link", _render_note_link)
    return md


@functools.cache
def _markdown() -> MarkdownIt:
    """The notes' parser, made when a note is first parsed: a build without
    notes does not import markdown-it (17 ms of every rebuild)."""
    return make_markdown()


def _headline(item: BilingualBrief, lang: str) -> str:
    if lang == "ar":
        return item.brief.headline
    return item.headline.text or item.headline.source


def target_label(target: Story | Actor | BilingualBrief, lang: str) -> str:
    """How a link to *target* reads in a note written in *lang*."""
    if isinstance(target, Story):
        return _headline(target.lead, lang)
    if isinstance(target, BilingualBrief):
        return _headline(target, lang)
    return target.name_ar if lang == "ar" else target.name_en


def _parse(note: Note, env: dict) -> list[Token]:
    known = {(t.kind, t.ref): t.target for t in note.targets}
    env.update(first_line=note.body_line, note_lang=note.lang, resolve=lambda kind, ref: known.get((kind, ref)))
    return _markdown().parse(note.body, env)


def note_html(note: Note, link: Callable[[Target], str], bidi: Callable[[str], str], top_level: int = 3) -> Markup:
    """The note as HTML for one page: *link* gives the URL of a story, actor or
    article page in the reader's language, *bidi* escapes text and isolates
    Latin runs inside Arabic; the note's highest heading becomes ``<h{top_level}>``."""
    env = {"link": link, "bidi": bidi, "top_level": top_level}
    markdown = _markdown()
    return Markup(markdown.renderer.render(_parse(note, env), markdown.options, env))


def note_text(note: Note, link: Callable[[Target], str], bidi: Callable[[str], str]) -> str:
    """The note as plain text for the email: paragraphs separated by blank
    lines, "- " and "1. " list items, "> " quotes, links as "label [1]" with
    the numbered URLs under the note."""
    env = {"link": link, "bidi": bidi}
    writer = _PlainText(env)
    for token in _parse(note, env):
        handle = getattr(writer, f"on_{token.type}", None)
        if handle is not None:
            handle(token)
    return writer.text()


class _PlainText:
    """Block tokens to lines of text; one ``on_<token type>`` method per
    token that changes the layout (the others need nothing)."""

    def __init__(self, env: dict):
        self.env = env
        self.lines: list[str] = []
        self.prefixes: list[str] = []  # "> " per quote, indentation per list item
        self.counters: list[int | None] = []  # per open list: next number, None for bullets
        self.marker: str | None = None  # the list marker the next line starts with
        self.cells: list[str] | None = None  # the cells of the table row being read
        self.heading = False
        self.footnotes: dict[str, int] = {}  # URL -> its number

    def emit(self, text: str) -> None:
        for number, part in enumerate(text.split("\n")):
            lead = "".join(self.prefixes)
            if number == 0 and self.marker is not None:
                lead = "".join(self.prefixes[:-1]) + self.marker
                self.marker = None
            self.lines.append((lead + part).rstrip())

    def gap(self, token: Token | None = None) -> None:
        """One blank line (inside quotes: a bare '>') before the next block."""
        if not self.lines:
            return
        blank = "".join(self.prefixes).rstrip()
        if self.lines[-1].strip(" >"):
            self.lines.append(blank)
        else:
            self.lines[-1] = blank

    def text(self) -> str:
        lines = self.lines
        while lines and not lines[-1].strip(" >"):
            lines.pop()
        if self.footnotes:
            lines.append("")
            lines.extend(f"[{number}] {url}" for url, number in self.footnotes.items())
        return "\n".join(lines)

    def on_blockquote_open(self, token: Token) -> None:
        self.gap()
        self.prefixes.append("> ")

    def on_blockquote_close(self, token: Token) -> None:
        self.prefixes.pop()
        self.gap()

    def on_bullet_list_open(self, token: Token) -> None:
        if not self.counters:
            self.gap()
        self.counters.append(None if token.type == "bullet_list_open" else int(token.attrGet("start") or 1))

    on_ordered_list_open = on_bullet_list_open

    def on_bullet_list_close(self, token: Token) -> None:
        self.counters.pop()
        if not self.counters:
            self.gap()

    on_ordered_list_close = on_bullet_list_close

    def on_list_item_open(self, token: Token) -> None:
        number = self.counters[-1]
        self.marker = "- " if number is None else f"{number}. "
        if number is not None:
            self.counters[-1] = number + 1
        self.prefixes.append(" " * len(self.marker))

    def on_list_item_close(self, token: Token) -> None:
        self.prefixes.pop()

    def on_inline(self, token: Token) -> None:
        text = _inline_text(token.children or [], self.env, self.footnotes)
        if self.cells is not None:
            self.cells.append(text)
            return
        self.emit(text)
        if self.heading:  # underlined: a heading without markup still reads as one
            self.emit("-" * len(text))

    def on_paragraph_close(self, token: Token) -> None:
        if not token.hidden:  # tight list items have hidden paragraphs: no blank lines
            self.gap()

    def on_heading_open(self, token: Token) -> None:
        self.heading = True

    def on_heading_close(self, token: Token) -> None:
        self.heading = False
        self.gap()

    def on_code_block(self, token: Token) -> None:
        self.emit("\n".join("    " + line for line in token.content.rstrip("\n").split("\n")))
        self.gap()

    on_fence = on_code_block

    def on_hr(self, token: Token) -> None:
        self.emit("----")
        self.gap()

    def on_tr_open(self, token: Token) -> None:
        self.cells = []

    def on_tr_close(self, token: Token) -> None:
        self.emit(" | ".join(self.cells or ()))
        self.cells = None

    on_table_close = gap


def _inline_text(children: list[Token], env: dict, footnotes: dict[str, int]) -> str:
    """Inline Markdown as text; a link's URL becomes a numbered footnote
    ("label [1]", listed under the note) so that sentences stay readable."""
    parts: list[str] = []
    opened: list[tuple[str, int]] = []  # (href, where its label starts)

    def cite(url: str) -> str:
        return f" [{footnotes.setdefault(url, len(footnotes) + 1)}]"

    for token in children:
        kind = token.type
        if kind == "text":
            parts.append(str(env["bidi"](token.content)))
        elif kind == "code_inline":
            parts.append(token.content)
        elif kind == "softbreak":
            parts.append(" ")
        elif kind == "hardbreak":
            parts.append("\n")
        elif kind == "link_open":
            opened.append((str(token.attrGet("href")), len(parts)))
        elif kind == "link_close" and opened:
            href, start = opened.pop()
            if "".join(parts[start:]) not in (href, href.removeprefix("mailto:")):  # not an autolink
                parts.append(cite(href))
        elif kind == "image":
            parts.append(str(env["bidi"](token.content)) + cite(str(token.attrGet("src"))))
        elif kind == "note_link":
            target = token.meta.get("target")
            label = token.meta["label"] or (target_label(target, env["note_lang"]) if target else token.meta["ref"])
            parts.append(str(env["bidi"](label)))
            if target is not None:
                parts.append(cite(env["link"](target)))
    return "".join(parts)


# --- resolving and attaching --------------------------------------------------------


@dataclass(frozen=True)
class _Catalog:
    """What notes may point at: the stories, articles and actors of the build."""

    stories: dict[str, Story]
    briefs: dict[str, tuple[BilingualBrief, Story]]
    actors: dict[str, Actor]
    threads: dict[str, Story]  # thread id -> its newest story
    digest_of: dict[str, dt.date]  # story id -> the day it is listed under

    @classmethod
    def of(cls, digests: Iterable[Digest]) -> _Catalog:
        stories: dict[str, Story] = {}
        briefs: dict[str, tuple[BilingualBrief, Story]] = {}
        actors: dict[str, Actor] = {}
        threads: dict[str, Story] = {}
        digest_of: dict[str, dt.date] = {}
        for digest in sorted(digests, key=lambda d: d.date):  # oldest first: newer entries win
            for story in digest.stories:
                stories[story.id] = story
                digest_of[story.id] = digest.date
                if story.thread_id:
                    threads[story.thread_id] = story
                for item in story.briefs:
                    briefs[item.id] = (item, story)
                    for actor in item.brief.actors:
                        actors[actor.id] = actor
        return cls(stories, briefs, actors, threads, digest_of)

    def story(self, ref: str) -> Story | None:
        """A story by its id, or the story that holds the article *ref*."""
        if ref in self.stories:
            return self.stories[ref]
        found = self.briefs.get(ref)
        return found[1] if found else None

    def resolve(self, kind: str, ref: str) -> Story | Actor | BilingualBrief | None:
        if kind == "story":
            return self.story(ref)
        if kind == "actor":
            return self.actors.get(ref)
        if kind == "article":
            found = self.briefs.get(ref)
            return found[0] if found else None
        if kind == "thread":
            return self.threads.get(ref if ref.startswith("thread:") else f"thread:{ref}")
        return None


def check_note(source: NoteSource, resolve: Resolve) -> tuple[tuple[NoteTarget, ...], list[Problem]]:
    """Parse the body once: the links that resolve and the problems found."""
    env: dict = {"first_line": source.body_line, "resolve": resolve}
    _markdown().parse(source.body, env)
    problems = [Problem(source.path, line, message, "error") for line, message in env["problems"]]
    unique = tuple({(t.kind, t.ref): t for t in env["targets"]}.values())
    return unique, problems


def attach_notes(digests: list[Digest], sources: Iterable[NoteSource]) -> tuple[list[Digest], list[Problem]]:
    """Each note on the digest of its day, its links resolved; problems for
    links that name nothing, notes on unknown stories and days without a digest."""
    catalog = _Catalog.of(digests)
    by_date: dict[dt.date, list[Note]] = {}
    shown: dict[tuple, str] = {}
    problems: list[Problem] = []
    for source in sources:
        story = None
        if source.story_ref is not None:
            story = catalog.story(source.story_ref)
            if story is None:
                problems.append(
                    Problem(
                        source.path,
                        None,
                        f"no story or article {source.story_ref!r}: name the "
                        "file after a story or article of that day (its slug)",
                        "error",
                    )
                )
                continue
        day = catalog.digest_of[story.id] if story else source.date
        if not any(d.date == day for d in digests):
            problems.append(
                Problem(
                    source.path, None, f"no digest for {day.isoformat()} (no articles that day): the note is not shown", "warning"
                )
            )
            continue
        concerns = None
        if source.concerns:
            kind, ref, line = source.concerns
            target = catalog.resolve(kind, ref)
            if target is None:
                problems.append(
                    Problem(
                        source.path,
                        line,
                        f"{kind} {ref!r} is not in this build "
                        + ("(an article id: YYYY-MM-DD/slug)" if kind == "article" else "(a thread id: thread:YYYY-MM-DD/slug)"),
                        "error",
                    )
                )
            else:
                concerns = NoteTarget(kind, ref, target)  # type: ignore[arg-type]
        targets, found = check_note(source, catalog.resolve)
        problems.extend(found)
        key = (day, story.id if story else None, source.lang)
        if key in shown:
            problems.append(
                Problem(
                    source.path,
                    None,
                    f"{shown[key]} is already the note on this "
                    f"{'story' if story else 'day'} in this language: this one is not shown",
                    "warning",
                )
            )
            continue
        shown[key] = source.path
        by_date.setdefault(day, []).append(
            Note(
                path=source.path,
                date=day,
                lang=source.lang,
                author=source.author,
                body=source.body,
                body_line=source.body_line,
                story_id=story.id if story else None,
                concerns=concerns,
                targets=targets,
            )
        )
    attached = [Digest(d.date, d.stories, d.notes + tuple(by_date.get(d.date, ()))) for d in digests]
    return attached, problems


# --- choosing a note for a page -----------------------------------------------------


def pick_note(digest: Digest, lang: str, story: Story | None = None) -> Note | None:
    """The note on the day (or on *story*) for a reader of *lang*: in that
    language if it exists, else in the other one (the page labels it)."""
    wanted = story.id if story is not None else None
    candidates = [n for n in digest.notes if n.story_id == wanted]
    return next((n for n in candidates if n.lang == lang), candidates[0] if candidates else None)


def template_helpers(
    lang: str, page_url: Callable[[Target], str], bidi: Callable[[str], str], text_bidi: Callable[[str], str] | None = None
) -> dict:
    """What the page and email templates call: ``analyst_note(digest, story)``
    to choose a note, ``note_html(note, level)`` / ``note_text(note)`` to
    render it, ``note_target(target)`` for the link to what it concerns."""
    return {
        "analyst_note": lambda digest, story=None: pick_note(digest, lang, story),
        "note_html": lambda note, level=3: note_html(note, page_url, bidi, level),
        "note_text": lambda note: note_text(note, page_url, text_bidi or bidi),
        "note_target_url": page_url,
        "note_target_label": target_label,
    }
