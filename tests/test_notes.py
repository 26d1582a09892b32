"""Analysts' notes (content/notes): reading, safe Markdown, links to stories
and actors, where the site and the email show them, and `briefing note`.

The fixture project holds an English-only assessment of 2025-09-11 and an
Arabic-only comment on the story 2025-09-10/oil-field-output; tests add
notes to a copy of it."""

from __future__ import annotations

import datetime as dt
import email
import email.policy
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.build import prepare
from generator.cli import cli
from generator.config import load_config
from generator.mail.compose import FSI, PDI, compose_digest, html_bidi, text_bidi
from generator.models import Digest, Note
from generator.stories.notes import attach_notes, note_html, note_text, read_note, read_notes
from generator.site.render import isolate_latin, render_site

DAY = dt.date(2025, 9, 11)
NO_ARABIC = "هذه الملاحظة بالإنجليزية فقط: لا توجد نسخة عربية."
NO_ENGLISH = "This note is in Arabic only: there is no English version."
DAY_NOTE_AR = "ملاحظة المحلل: تقييم اليوم"
DAY_NOTE_EN = "Analyst's note: the day's assessment"


def write_note(project: Path, name: str, text: str) -> Path:
    path = project / "content" / "notes" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def site_files(project: Path) -> tuple[dict[str, str], list]:
    """The rendered pages (no search bundle, nothing written) and the problems."""
    config, _ = load_config(project)
    prepared = prepare(config, offline=True)
    files, problems = render_site(config, prepared.report.digests, prepared.build_date)
    pages = {name: data.decode("utf-8") for name, data in files.items() if name.endswith(".html")}
    return pages, prepared.report.problems + problems


def section(html: str, start: str = '<section class="analyst-note"') -> str:
    """The first note section of a page."""
    begin = html.index(start)
    return html[begin : html.index("</section>", begin)]


def build(project: Path):
    return CliRunner().invoke(cli, ["build", "-p", str(project), "--offline"])


def plain_and_html(message) -> tuple[str, str]:
    parsed = email.message_from_bytes(message.as_bytes(), policy=email.policy.default)
    return tuple(parsed.get_body((kind,)).get_content().replace("\r\n", "\n") for kind in ("plain", "html"))


# --- shown where readers look ---------------------------------------------------------


def test_english_only_assessment_on_the_arabic_digest_is_marked_english(project):
    pages, problems = site_files(project)
    assert problems == []
    html = pages["ar/2025-09-11/index.html"]
    note = section(html)
    assert html.index('<section class="analyst-note"') < html.index('<ol class="stories">')  # at the top
    assert DAY_NOTE_AR in note and "بقلم <bdi>Test Analyst</bdi>" in note
    assert f'<p class="note-language">{NO_ARABIC}</p>' in note
    assert '<div class="note-body" lang="en" dir="ltr">' in note
    assert "The commission certified results for 34 councils" in note
    english = section(pages["en/2025-09-11/index.html"])
    assert DAY_NOTE_EN in english and "note-language" not in english
    # the same note heads the home page, which shows the latest digest
    assert DAY_NOTE_EN in section(pages["en/index.html"])


def test_note_in_both_languages_each_page_shows_its_own(project):
    write_note(
        project, "2025-09-11.ar.md", "---\nauthor: محلل الاختبار\n---\nاعتمدت المفوضية (HNEC) النتائج، والطعون بعد أسبوعين.\n"
    )
    pages, problems = site_files(project)
    assert problems == []
    arabic, english = section(pages["ar/2025-09-11/index.html"]), section(pages["en/2025-09-11/index.html"])
    assert '<div class="note-body" lang="ar" dir="rtl">' in arabic and "note-language" not in arabic
    assert 'اعتمدت المفوضية (<bdi dir="ltr">HNEC</bdi>) النتائج' in arabic  # Latin run isolated
    assert "certified" not in arabic
    assert '<div class="note-body" lang="en" dir="ltr">' in english and "note-language" not in english
    assert "اعتمدت" not in english


def test_story_comment_sits_under_its_story_on_digest_and_story_pages(project):
    pages, _ = site_files(project)
    digest = pages["en/2025-09-10/index.html"]
    stories = digest[digest.index('<ol class="stories">') : digest.index('<nav class="day-nav"')]
    items = stories.split('<li class="story"')[1:]
    [commented] = [item for item in items if "analyst-note" in item]
    assert 'href="../stories/2025-09-10-oil-field-output/"' in commented
    note = section(commented, '<section class="analyst-note story-note"')
    assert "Analyst's note on this story" in note and NO_ENGLISH in note
    assert '<div class="note-body" lang="ar" dir="rtl">' in note
    assert 'تشرف شركة <bdi dir="ltr">Zueitina</bdi>' in note
    story_page = section(pages["ar/stories/2025-09-10-oil-field-output/index.html"], '<section class="analyst-note')
    assert "ملاحظة المحلل على هذه القصة" in story_page and "note-language" not in story_page
    assert "analyst-note" not in pages["en/stories/2025-09-10-border-patrol/index.html"]


def test_email_shows_the_notes_in_html_and_plain_text(project):
    config, _ = load_config(project)
    digests = {d.date: d for d in prepare(config, offline=True).report.digests}
    text, html = plain_and_html(compose_digest(config, digests[DAY], "both").message)
    arabic_text, english_text = text.split("=" * 58)
    # the assessment comes before the first story, in both parts and both sections
    assert arabic_text.index(DAY_NOTE_AR) < arabic_text.index("1. ")
    assert f"({NO_ARABIC})" in arabic_text and "(This note" not in english_text
    assert (
        f"{DAY_NOTE_EN} · Written by {FSI}Test Analyst{PDI}\nConcerning: {FSI}Commission approves municipal "
        f"election results{PDI}\n  https://example.org/sub/en/2025-09-11/election-commission/\n"
    ) in english_text
    for part in (arabic_text, english_text):
        assert "Assessment\n----------" in part
        assert "announced in the south (border patrols [1]). See the commission's site [2]." in part
        assert "Item | Status\nAppeals | two weeks" in part
        assert "[2] https://hnec.ly/" in part
    # a [[story:...]] link goes to the page in the reader's language
    assert "[1] https://example.org/sub/ar/stories/2025-09-10-border-patrol/" in arabic_text
    assert "[1] https://example.org/sub/en/stories/2025-09-10-border-patrol/" in english_text
    assert html.count(DAY_NOTE_AR) == 1 and html.count(DAY_NOTE_EN) == 1 and html.count(NO_ARABIC) == 1
    assert 'href="https://example.org/sub/ar/stories/2025-09-10-border-patrol/"' in html
    assert 'lang="en" dir="ltr"' in html[html.index(NO_ARABIC) :]

    text, html = plain_and_html(compose_digest(config, digests[dt.date(2025, 9, 10)], "en").message)
    assert NO_ENGLISH in html and "Analyst's note on this story" in html
    assert 'تشرف شركة <span dir="ltr" style="unicode-bidi:isolate">Zueitina</span>' in html
    assert f"  Analyst's note on this story · Written by {FSI}محلل الاختبار{PDI}\n  ({NO_ENGLISH})\n" in text
    assert f"  تشرف شركة {FSI}Zueitina{PDI} على الحفر" in text


# --- safe Markdown ------------------------------------------------------------------

HOSTILE = """---
author: Mallory
---
Before [click me](javascript:alert(document.domain)) after.
<script>window.__noteRan = 1</script>
<img src=x onerror="window.__noteRan = 2">
[up](../../../etc/passwd) ![pic](data:text/html;base64,PHNjcmlwdD4=) <javascript:alert(3)>
[Js](JaVaScRiPt:alert(4)) [tab](java&#9;script:alert(5)) [ent](&#106;avascript:alert(6))
[ok](https://example.org/a?b=1&c=2) and <mailto:desk@example.org>
"""


def test_javascript_links_and_raw_html_are_reported_and_not_rendered(project):
    # an English-only assessment of 2025-09-10: shown on both language pages
    write_note(project, "2025-09-10.en.md", HOSTILE)
    result = build(project)
    assert result.exit_code == 1, result.output
    errors = [line for line in result.output.splitlines() if ": error: " in line]
    assert all(line.startswith("content/notes/2025-09-10.en.md:") for line in errors), errors
    assert sorted(int(line.split(":")[1]) for line in errors) == [4, 7, 7, 7, 8, 8, 8], result.output
    assert "content/notes/2025-09-10.en.md:4: error: link to 'javascript:alert(document.domain)'" in result.output
    for lang in ("ar", "en"):
        note = section((project / "site" / lang / "2025-09-10" / "index.html").read_text(encoding="utf-8"))
        assert "Mallory" in note and "Before click me after." in note  # the label stays, as text
        assert not re.search(r"<script|<img|<iframe|onerror=\"", note, re.IGNORECASE), note
        assert re.findall(r'(?:href|src)="([^"]*)"', note) == ["https://example.org/a?b=1&amp;c=2", "mailto:desk@example.org"]
        assert "&lt;script&gt;window.__noteRan = 1&lt;/script&gt;" in note
    # the rest of the site is built
    assert "Test Analyst" in (project / "site" / "ar" / "2025-09-11" / "index.html").read_text(encoding="utf-8")


def test_hostile_note_in_the_email(project):
    write_note(project, "2025-09-10.en.md", HOSTILE)
    config, _ = load_config(project)
    digest = next(d for d in prepare(config, offline=True).report.digests if d.date == dt.date(2025, 9, 10))
    text, html = plain_and_html(compose_digest(config, digest, "ar").message)
    # raw HTML is text: css-inline writes quotes in text unescaped, but no tag
    assert not re.search(r"<script|<img|href=\"javascript|href=\"data", html, re.IGNORECASE)
    assert "&lt;script&gt;" in html and "&lt;img src=x" in html
    assert "alert(document.domain)" not in text and "alert(4)" not in text
    assert "Before click me after." in text and "[1] https://example.org/a?b=1&c=2" in text


def test_broken_story_link_is_an_error_with_its_line_and_the_rest_builds(project):
    write_note(
        project,
        "2025-09-11.ar.md",
        "---\nauthor: محلل\n---\nفقرة أولى.\n\nراجع\n"
        "[[story:2025-09-10/no-such-story]] و[[actor:nobody]] و"
        "[[story:2025-09-10/border-patrol|الدوريات]].\n",
    )
    result = build(project)
    assert result.exit_code == 1
    assert (
        "content/notes/2025-09-11.ar.md:7: error: [[story:2025-09-10/no-such-story]]: no story "
        "'2025-09-10/no-such-story' in this build"
    ) in result.output
    assert "content/notes/2025-09-11.ar.md:7: error: [[actor:nobody]]: no actor 'nobody'" in result.output
    assert result.output.count(": error: ") == 2
    note = section((project / "site" / "ar" / "2025-09-11" / "index.html").read_text(encoding="utf-8"))
    assert "2025-09-10/no-such-story" in note and "no-such-story/" not in note  # text, not a link
    assert '<a href="../stories/2025-09-10-border-patrol/">الدوريات</a>' in note
    assert (project / "site" / "en" / "2025-09-10" / "index.html").is_file()
    assert "Test Analyst" in (project / "site" / "en" / "2025-09-11" / "index.html").read_text(encoding="utf-8")


def make_note(body: str, lang: str = "en") -> Note:
    return Note("content/notes/2025-09-11.en.md", DAY, lang, "A", body, 4)


def test_headings_start_below_the_page_heading_and_blocks_get_dir_auto():
    html = note_html(make_note("## What this means\n\n### Detail\n\nText\n\n- one\n"), str, isolate_latin, 3)
    assert html == (
        '<h3 dir="auto">What this means</h3>\n<h4 dir="auto">Detail</h4>\n'
        '<p dir="auto">Text</p>\n<ul>\n<li dir="auto">one</li>\n</ul>\n'
    )
    assert note_html(make_note("# A\n\n## B\n"), str, isolate_latin, 2).startswith('<h2 dir="auto">A</h2>\n<h3')
    assert "<h6" in note_html(make_note("# A\n\n###### F\n"), str, isolate_latin, 3)  # never beyond h6


def test_email_html_isolates_latin_with_spans():
    html = note_html(make_note("قال مسؤول في AFRICOM إن **الاجتماع** مهم.", "ar"), str, html_bidi)
    assert html == (
        '<p dir="auto">قال مسؤول في <span dir="ltr" style="unicode-bidi:isolate">AFRICOM</span> '
        "إن <strong>الاجتماع</strong> مهم.</p>\n"
    )


def test_plain_text_rendering():
    body = (
        "# Title\n\nOne *two* `three`\nfour  \nfive [link](https://a.example/) "
        "[same](https://a.example/) <https://b.example/>\n\n"
        "- a\n- b\n  1. c\n  2. d\n\n> quoted\n> text\n\n    code line\n\n---\n\n| x | y |\n|---|---|\n| 1 | 2 |\n"
    )
    assert note_text(make_note(body), str, text_bidi) == (
        "Title\n-----\n\nOne two three four\nfive link [1] same [1] https://b.example/\n\n"
        "- a\n- b\n  1. c\n  2. d\n\n> quoted text\n\n    code line\n\n----\n\nx | y\n1 | 2\n\n"
        "[1] https://a.example/"
    )


# --- reading ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name, text, expected",
    [
        ("2025-09-11.md", "---\nauthor: A\n---\nx\n", "notes/2025-09-11.md: error: a note is content/notes/YYYY-MM-DD.LANG.md"),
        ("2025-09-11.fr.md", "---\nauthor: A\n---\nx\n", "error: language 'fr' in the file name is not one of ar, en"),
        ("2025-13-01.en.md", "---\nauthor: A\n---\nx\n", "error: '2025-13-01' is not a date"),
        ("2025-09-11.en.md", "---\ntitle: x\n---\nx\n", "2025-09-11.en.md:3: error: missing 'author'"),
        ("2025-09-11.en.md", "---\nauthor: A\nmood: x\n---\nx\n", "2025-09-11.en.md:3: warning: unknown front matter key 'mood'"),
        ("2025-09-11.en.md", "---\nauthor: A\n---\n\n", "2025-09-11.en.md:4: error: empty note"),
        ("2025-09-11.en.md", "author: A\n\nx\n", "2025-09-11.en.md:1: error: missing front matter"),
        ("2025-09-11.en.md", "---\nauthor: [A\n---\nx\n", "2025-09-11.en.md:3: error: broken front matter"),
        (
            "2025-09-11.en.md",
            "---\nauthor: A\narticle: 2025-09-11/x\nthread: t\n---\nx\n",
            "2025-09-11.en.md:4: error: a note concerns an article or a thread, not both",
        ),
    ],
)
def test_read_note_problems(tmp_path, name, text, expected):
    content = tmp_path / "content"
    path = write_note(tmp_path, name, text)
    note, problems = read_note(path, content, tmp_path)
    assert any(expected in p.format() for p in problems), [p.format() for p in problems]
    assert (note is None) == any(p.severity == "error" for p in problems)


def test_attach_reports_unknown_story_days_without_digest_and_concerns(project):
    config, _ = load_config(project)
    digests = prepare(config, offline=True).report.digests
    write_note(project, "2025-09-10/no-such-article.en.md", "---\nauthor: A\n---\nx\n")
    write_note(project, "2025-09-12.en.md", "---\nauthor: A\n---\nx\n")
    write_note(project, "2025-09-11.ar.md", "---\nauthor: A\nthread: thread:nothing\n---\nx\n")
    sources, problems = read_notes(project / "content", project)
    assert problems == []
    attached, problems = attach_notes(digests, sources)
    assert sorted(p.format() for p in problems) == [
        (
            "content/notes/2025-09-10/no-such-article.en.md: error: no story or article '2025-09-10/no-such-article': "
            "name the file after a story or article of that day (its slug)"
        ),
        (
            "content/notes/2025-09-11.ar.md:3: error: thread 'thread:nothing' is not in this build "
            "(a thread id: thread:YYYY-MM-DD/slug)"
        ),
        "content/notes/2025-09-12.en.md: warning: no digest for 2025-09-12 (no articles that day): the note is not shown",
    ]
    notes = {n.path: n for d in attached for n in d.notes}
    assert sorted(notes) == [
        "content/notes/2025-09-10/oil-field-output.ar.md",
        "content/notes/2025-09-11.ar.md",
        "content/notes/2025-09-11.en.md",
    ]
    assert notes["content/notes/2025-09-11.en.md"].concerns.target.id == "2025-09-11/election-commission"
    assert notes["content/notes/2025-09-10/oil-field-output.ar.md"].story_id == "2025-09-10/oil-field-output"


def test_notes_after_the_build_date_are_left_out(project):
    config, _ = load_config(project)
    report = prepare(config, build_date=dt.date(2025, 9, 10), offline=True).report
    assert [n.path for d in report.digests for n in d.notes] == ["content/notes/2025-09-10/oil-field-output.ar.md"]
    assert report.problems == []


def test_a_digest_without_notes_is_unchanged():
    assert Digest(DAY, ()).notes == ()


# --- briefing note --------------------------------------------------------------------


def run_note(project: Path, *args: str):
    return CliRunner().invoke(cli, ["note", "-p", str(project), *args])


def test_note_command_creates_a_file_ready_to_edit_and_never_overwrites(project):
    result = run_note(project, "2025-09-10", "--author", "Jane Analyst")
    assert result.exit_code == 0, result.output
    path = project / "content" / "notes" / "2025-09-10.en.md"
    assert result.output.startswith("created content/notes/2025-09-10.en.md")
    note, problems = read_note(path, project / "content", project)
    assert note is None and [p.format() for p in problems] == [
        "content/notes/2025-09-10.en.md:10: error: empty note: write it below the front matter"
    ]
    path.write_text(path.read_text(encoding="utf-8") + "It matters because [[actor:noc]] said so.\n", encoding="utf-8")
    before = path.read_bytes()
    again = run_note(project, "2025-09-10", "--author", "Someone Else")
    assert again.exit_code == 1
    assert "content/notes/2025-09-10.en.md already exists" in again.output
    assert path.read_bytes() == before
    pages, problems = site_files(project)
    assert problems == []
    assert "Jane Analyst" in section(pages["ar/2025-09-10/index.html"])


def test_note_command_story_and_language(project):
    result = run_note(project, "2025-09-10", "--story", "border-patrol", "--lang", "ar")
    assert result.exit_code == 0, result.output
    path = project / "content" / "notes" / "2025-09-10" / "border-patrol.ar.md"
    assert 'author: ""' in path.read_text(encoding="utf-8")
    missing = run_note(project, "2025-09-10", "--story", "no-such-article")
    assert missing.exit_code == 1 and "no article 'no-such-article' dated 2025-09-10" in missing.output
    assert run_note(project, "2025-09-10", "--story", "Not A Slug").exit_code == 2
    assert run_note(project, "2025-09-10", "--lang", "fr").exit_code == 2
    assert run_note(project, "10/09/2025").exit_code == 2


# --- the demo ---------------------------------------------------------------------------


def test_demo_has_an_assessment_of_its_latest_day_in_both_languages(demo_project):
    pages, problems = site_files(demo_project)
    assert [p for p in problems if "notes/" in p.path] == []
    for lang, words in (("ar", "ما الذي ينبغي متابعته"), ("en", "What to watch")):
        note = section(pages[f"{lang}/2025-09-10/index.html"])
        assert words in note and "note-language" not in note
        assert f'lang="{lang}"' in note
        assert note.count("../actors/") >= 3 and note.count("../stories/") >= 3
