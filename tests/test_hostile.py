"""Hostile input and faults (issue 15): each failure found by probing the
build with hostile articles, configuration and file-system conditions is a
named regression test here.

Most article cases share one build of the fixture project with every
hostile article added (``hostile_site``), run as a real process so that a
traceback would show on stderr.  When the tests run as root, that build runs
in a user namespace (``unshare --user``) where root has no power over file
permissions, so an unreadable file is unreadable as it is for a user.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from html.parser import HTMLParser
from pathlib import Path
from xml.etree import ElementTree

import pytest
import yaml

from generator.text import arabic
from generator.build import build
from generator.config import load_config
from generator.briefs.content import parse_date, read_article
from generator.errors import BuildError, ContentError
from generator.briefs.ingest import ingest_file
from generator.mail.compose import _safe_content_url
from generator.models import Sentence
from generator.site.output import MANIFEST_NAME, build_lock, describe_os_error, remove_leftovers, write_site
from generator.safety import LimitedLoader, clean_text, safe_url, slugify, url_problem
from generator.briefs.summarise import MAX_RANKED_SENTENCES, key_points
from generator.translation.cache import TranslationCache, answer_size_limit

from .conftest import FIXTURE_PROJECT, REPO, point_templates_at_repo, run_with_repo
from .test_build import tree

HEADER = "---\ntitle: {title}\ndate: 2025-09-10\nsource: {source}\nlang: ar\n{extra}---\n"
BODY = (
    "أعلنت وزارة الداخلية الليبية يوم الأربعاء عن تعزيز الدوريات على الحدود الجنوبية. "
    "وقال المتحدث باسم الوزارة إن الدوريات ستستمر حتى نهاية الشهر.\n"
)


def article(title: str = "عنوان الخبر", source: str = "Outlet", extra: str = "", body: str = BODY) -> str:
    return HEADER.format(title=title, source=source, extra=extra) + body


def _works(*cmd: str) -> bool:
    try:
        return subprocess.run(cmd, capture_output=True, timeout=60, check=False).returncode == 0
    except OSError:
        return False


# Root reads every file whatever its permissions; in a user namespace it
# cannot (some containers forbid user namespaces: then these cases cannot be
# made real here, and the tests that need them say so).
CAN_DROP_ROOT = os.geteuid() != 0 or _works("unshare", "--user", "true")
# A shell script run as root of a private user and mount namespace: it may mount a tmpfs.
IN_MOUNT_NAMESPACE = ("unshare", "--user", "--map-root-user", "--mount", "sh", "-c")
CAN_MOUNT = _works(*IN_MOUNT_NAMESPACE, "d=$(mktemp -d) && mount -t tmpfs -o size=64k tmpfs $d && umount $d && rmdir $d")
needs_unprivileged = pytest.mark.skipif(
    not CAN_DROP_ROOT,
    reason="running as root where user namespaces are forbidden: root reads unreadable files, so the case cannot be made real",
)


def run_cli(*args: str, unprivileged: bool = False, timeout: float = 600) -> subprocess.CompletedProcess:
    """`briefing ARGS` as a separate process; *unprivileged* drops root's
    power over file permissions (a user namespace) when running as root."""
    cmd = [sys.executable, "-m", "generator", *args]
    if unprivileged and os.geteuid() == 0 and CAN_DROP_ROOT:
        cmd = ["unshare", "--user", *cmd]
    return run_with_repo(cmd, timeout=timeout)


def copy_project(target: Path) -> Path:
    shutil.copytree(FIXTURE_PROJECT, target, ignore=shutil.ignore_patterns("site", ".briefing-cache"))
    return point_templates_at_repo(target)


def assert_clean_stderr(stderr: str) -> None:
    """No traceback; every error line names a file."""
    assert "Traceback" not in stderr, stderr
    for line in stderr.splitlines():
        if ": error: " in line:
            assert re.match(r"^\S[^:]*(:\d+)?: error: ", line), line


# --- one build with every hostile article ---------------------------------------------

ALIAS_BOMB = "".join(
    ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n']
    + [f"{c}: &{c} [*{p},*{p},*{p},*{p},*{p},*{p},*{p},*{p},*{p}]\n" for p, c in zip("abcdefgh", "bcdefghi")]
)

HOSTILE = {
    "2025-09-10/alias-bomb.md": article(extra=ALIAS_BOMB + "tags: *i\n"),
    "2025-09-10/deep-nesting.md": article(extra="tags: " + "[" * 5000 + "]" * 5000 + "\n"),
    "2025-09-10/tags-integer.md": article(extra="tags: 5\n"),
    "2025-09-10/tags-true.md": article(extra="tags: true\n"),
    "2025-09-10/tags-float.md": article(extra="tags: 1.5\n"),
    "2025-09-10/nul-title.md": article(title='"عنوان\\0 فيه \\x01 محارف"', body="نص\x00 المقال\x0b هنا.\n" + BODY),
    "2025-09-10/surrogate-title.md": article(title='"\\ud800 عنوان"'),
    "2025-09-10/" + "a" * 252 + ".md": article(),
    "2025-09-10/long-outlet.md": article(source="O" * 255),
    "2025-09-10/javascript-url.md": article(extra="url: javascript:alert(1)\n"),
    "2025-09-10/mixed-case-url.md": article(extra="url: JaVaScRiPt:alert(1)\n"),
    "2025-09-10/tab-url.md": article(extra='url: "java\\tscript:alert(1)"\n'),
    "2025-09-10/good-url.md": article(extra="url: https://example.org/news/1\n"),
    "2025-09-10/upper-case.MD": article(),
    "2025-09-10/garbage-date.md": article().replace("date: 2025-09-10", "date: 2025-09-10garbage"),
    "2025-09-10/locked.md": article(),
    "2025-09-10/markup.md": article(
        title="<script>alert(1)</script>",
        source="<img src=x onerror=alert(1)>",
        extra="author: '\"><svg onload=alert(1)>'\ntags: ['<script>x</script>']\n",
        body="<script>alert(1)</script> " + BODY,
    ),
}


@pytest.fixture(scope="module")
def hostile_site():
    # a world-traversable folder: the build may run in a user namespace
    top = Path(tempfile.mkdtemp(prefix="briefing-hostile-"))
    os.chmod(top, 0o755)
    project = copy_project(top / "project")
    articles = project / "content" / "articles"
    for name, text in HOSTILE.items():
        path = articles / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    outside = top / "outside"
    outside.mkdir()
    (outside / "secret.md").write_text(article(title="سر"), encoding="utf-8")
    (articles / "2025-09-10" / "linked.md").symlink_to(outside / "secret.md")
    (articles / "linked-folder").symlink_to(outside)
    (articles / "2025-09-10" / "locked.md").chmod(0)
    closed = articles / "2025-09-12"
    closed.mkdir()
    (closed / "hidden.md").write_text(article(), encoding="utf-8")
    closed.chmod(0)
    result = run_cli("build", "-p", str(project), unprivileged=True)
    yield project, result
    closed.chmod(0o755)
    shutil.rmtree(top, ignore_errors=True)


def test_hostile_build_has_no_traceback_and_the_rest_builds(hostile_site):
    project, result = hostile_site
    assert result.returncode == 1, result.stderr
    assert_clean_stderr(result.stderr)
    for lang in ("ar", "en"):
        assert (project / f"site/{lang}/2025-09-10/oil-field-output/index.html").exists()
        assert (project / f"site/{lang}/2025-09-11/election-commission/index.html").exists()


@pytest.mark.parametrize(
    "name, message",
    [
        ("alias-bomb.md", ": error: broken front matter: aliases expand to more than 10000 values"),
        ("deep-nesting.md", ":6: error: broken front matter: nested more than 40 levels deep"),
        ("tags-integer.md", ":6: error: tags must be a list of words, not an integer"),
        ("tags-true.md", ":6: error: tags must be a list of words, not true/false"),
        ("tags-float.md", ":6: error: tags must be a list of words, not a number"),
        ("garbage-date.md", ":3: error: date '2025-09-10garbage' is not a date in the form YYYY-MM-DD"),
    ],
)
def test_bad_front_matter_is_an_error_with_a_line(hostile_site, name, message):
    project, result = hostile_site
    lines = [line for line in result.stderr.splitlines() if line.startswith(f"content/articles/2025-09-10/{name}:")]
    assert any(message in line for line in lines), (lines, result.stderr[-3000:])
    assert not (project / f"site/ar/2025-09-10/{Path(name).stem}").exists()


@pytest.mark.parametrize("name", ["javascript-url", "mixed-case-url", "tab-url"])
def test_script_url_is_an_error_and_no_link_is_rendered(hostile_site, name):
    project, result = hostile_site
    assert re.search(
        rf"^content/articles/2025-09-10/{name}\.md:6: error: url .* is not a link this site "
        r"publishes: only http, https, mailto addresses are allowed; the link is left out$",
        result.stderr,
        re.MULTILINE,
    ), result.stderr[-3000:]
    for lang in ("ar", "en"):
        page = (project / f"site/{lang}/2025-09-10/{name}/index.html").read_text(encoding="utf-8")
        assert "script:" not in re.sub(r"\s", "", page).lower()


def test_https_url_is_still_a_link(hostile_site):
    project, _ = hostile_site
    page = (project / "site/en/2025-09-10/good-url/index.html").read_text(encoding="utf-8")
    assert 'href="https://example.org/news/1"' in page


def test_control_characters_are_removed_with_a_warning_and_feeds_stay_xml(hostile_site):
    project, result = hostile_site
    assert re.search(
        r"^content/articles/2025-09-10/nul-title\.md:7: warning: removed 2 control character\(s\) "
        r"\(U\+0000 first\)",
        result.stderr,
        re.MULTILINE,
    ), result.stderr[-3000:]
    assert re.search(
        r"^content/articles/2025-09-10/nul-title\.md:2: warning: removed 2 control character\(s\) "
        r"\(U\+0000 first\) from title",
        result.stderr,
        re.MULTILINE,
    )
    assert (project / "site/ar/2025-09-10/nul-title/index.html").exists()
    sitemaps = sorted(p.relative_to(project / "site").as_posix() for p in (project / "site" / "sitemaps").glob("*.xml"))
    assert sitemaps
    for name in ("ar/feed.xml", "en/feed.xml", "sitemap.xml", *sitemaps):
        ElementTree.fromstring((project / "site" / name).read_bytes())  # well-formed


def test_lone_surrogate_in_title_is_removed_with_a_warning(hostile_site):
    project, result = hostile_site
    assert re.search(
        r"^content/articles/2025-09-10/surrogate-title\.md:2: warning: removed 1 control "
        r"character\(s\) \(U\+D800 first\) from title",
        result.stderr,
        re.MULTILINE,
    ), result.stderr[-3000:]
    assert (project / "site/en/2025-09-10/surrogate-title/index.html").exists()


def test_long_file_name_and_outlet_get_short_stable_slugs(hostile_site):
    project, result = hostile_site
    slug = slugify("a" * 252)
    assert len(slug) <= 80 and slug == slugify("a" * 252)
    assert (project / f"site/ar/2025-09-10/{slug}/index.html").exists()
    outlet = slugify("O" * 255)
    assert len(outlet) <= 80
    assert (project / f"site/en/sources/{outlet}/index.html").exists()
    assert "File name too long" not in result.stderr


def test_upper_case_md_is_read(hostile_site):
    project, _ = hostile_site
    assert (project / "site/ar/2025-09-10/upper-case/index.html").exists()


@needs_unprivileged
def test_unreadable_article_is_an_error_and_the_rest_builds(hostile_site):
    project, result = hostile_site
    assert (
        "content/articles/2025-09-10/locked.md: error: cannot read the file (Permission denied): check its permissions"
    ) in result.stderr.splitlines()
    assert (project / "site/ar/2025-09-10/oil-field-output/index.html").exists()


@needs_unprivileged
def test_unreadable_folder_is_an_error(hostile_site):
    _, result = hostile_site
    assert (
        "content/articles/2025-09-12: error: cannot read the folder (Permission denied): its articles are "
        "left out; check its permissions"
    ) in result.stderr.splitlines()


def test_links_out_of_the_project_are_refused(hostile_site):
    project, result = hostile_site
    lines = result.stderr.splitlines()
    for shown in ("content/articles/2025-09-10/linked.md", "content/articles/linked-folder"):
        assert (
            f"{shown}: error: is a link to a place outside the project; not read (copy the file into content/ instead)"
        ) in lines
    assert not list((project / "site").rglob("*secret*"))
    assert "سر" not in (project / "site/ar/2025-09-10/index.html").read_text(encoding="utf-8")


def test_markup_from_content_is_escaped_everywhere(hostile_site):
    project, _ = hostile_site
    texts = site_texts(project / "site")
    fragments = {name: text for name, text in texts.items() if name.startswith("pagefind/fragment/")}
    assert fragments  # the search index was read
    for path, text in texts.items():
        if path in fragments:
            continue
        assert not unescaped_payloads(text, "xml" if path.endswith(".xml") else "html"), path
    # The search index holds each page's text as text (a title reading
    # "<script>" is stored as those characters); Pagefind escapes it before
    # building an excerpt, and search.js keeps only text and <mark> of that.
    assert 'content.replace(/</g,"&lt;").replace(/>/g,"&gt;")' in texts["pagefind/pagefind.js"]
    for path, text in fragments.items():
        data = json.loads(text[text.index("{") :])
        assert set(data) <= {"url", "content", "word_count", "filters", "meta", "anchors", "sort", "language"}, path


# --- what counts as a live payload ----------------------------------------------------

_LINK_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "poster", "srcset"}
_INVISIBLE = re.compile(r"[\x00-\x20\x7f-\x9f\u200b-\u200f\ufeff]")


class _PayloadFinder(HTMLParser):
    """Markup that would run: a script element that is not one of ours (they
    all load a file from assets/), an event-handler attribute, or a link
    with a scheme that runs code."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        if tag == "script" and "assets/" not in (values.get("src") or ""):
            self.found.append(f"<script {attrs}>")
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append(f"<{tag} {name}=...>")
            if name in _LINK_ATTRIBUTES and value:
                compact = _INVISIBLE.sub("", value).lower()
                if compact.startswith(("javascript:", "vbscript:", "data:")):
                    self.found.append(f"<{tag} {name}={value!r}>")

    handle_startendtag = handle_starttag


def unescaped_payloads(text: str, kind: str = "html") -> list[str]:
    """Live payloads in an HTML page, an Atom feed (its HTML parts are
    unescaped first, as a feed reader does) or a JSON/text file (where any
    raw markup or script link would be one if inserted as HTML)."""
    if kind == "xml":
        found = []
        root = ElementTree.fromstring(text.encode("utf-8"))
        for element in root.iter():
            if element.tag.rsplit("}", 1)[-1] == "script" or any(k.startswith("on") for k in element.attrib):
                found.append(element.tag)
            if element.get("type") == "html" and element.text:
                found += unescaped_payloads(element.text)
        return found
    finder = _PayloadFinder()
    finder.feed(text)
    finder.close()
    return finder.found


def site_texts(site: Path) -> dict[str, str]:
    """Every text file of a built site: pages, feeds, sitemap, search index
    (Pagefind's fragments are gzip-compressed JSON)."""
    import gzip

    out = {}
    for path in site.rglob("*"):
        if not path.is_file():
            continue
        data = path.read_bytes()
        if path.suffix == ".pf_fragment":
            data = gzip.decompress(data)
        elif path.suffix not in (".html", ".xml", ".json", ".txt", ".js"):
            continue
        out[path.relative_to(site).as_posix()] = data.decode("utf-8", "replace")
    return out


def test_the_payload_check_sees_payloads():
    """The check above must see a payload where there is one (and only there)."""
    assert unescaped_payloads("<p><script>alert(1)</script></p>")
    assert unescaped_payloads("<img src=x onerror=alert(1)>")
    assert unescaped_payloads('<a href=" java&#9;script:alert(1)">')
    assert unescaped_payloads('{"excerpt": "<svg onload=alert(1)>"}')
    assert unescaped_payloads('<feed><summary type="html">&lt;script&gt;x&lt;/script&gt;</summary></feed>', "xml")
    assert not unescaped_payloads("<p>&lt;script&gt;alert(1)&lt;/script&gt; onerror=x</p>")
    assert not unescaped_payloads('<meta content="&lt;img src=x onerror=alert(1)&gt;">')
    assert not unescaped_payloads('<script src="../assets/search.js" defer></script>')


# --- URLs -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "JaVaScRiPt:alert(1)",
        "java\tscript:alert(1)",
        " javascript:alert(1)",
        "java\x00script:x",
        "\u200bjavascript:x",
        "data:text/html,<script>",
        "vbscript:x",
        "file:///etc/passwd",
        "example.org/page",
        "https://exa mple.org",
        'https://x.org/"><script>',
    ],
)
def test_unsafe_urls_are_refused(url):
    assert url_problem(url) is not None
    assert safe_url(url) is None
    assert _safe_content_url(url) is None


@pytest.mark.parametrize(
    "url", ["https://example.org/a?b=c#d", "HTTP://EXAMPLE.ORG/", "mailto:desk@example.org", "  https://example.org/  "]
)
def test_safe_urls_are_kept(url):
    assert safe_url(url) == url.strip()


def test_javascript_base_url_is_a_config_error(tmp_path):
    project = copy_project(tmp_path / "project")
    toml = project / "briefing.toml"
    toml.write_text(toml.read_text().replace('base_url = "https://example.org/sub/"', 'base_url = "JaVaScRiPt:alert(1)//"'))
    result = run_cli("build", "-p", str(project))
    assert result.returncode == 1
    assert "briefing.toml: error: base_url: 'JaVaScRiPt:alert(1)//' is not a link this site publishes" in result.stderr
    assert not (project / "site").exists()
    override = run_cli("build", "-p", str(copy_project(tmp_path / "other")), "--base-url", "javascript:alert(1)")
    assert override.returncode == 2 and "--base-url" in override.stderr and "Traceback" not in override.stderr


# --- the output folder -----------------------------------------------------------------


def _set_output_dir(project: Path, value: str) -> None:
    toml = project / "briefing.toml"
    toml.write_text(f"output_dir = {json.dumps(value)}\n" + toml.read_text(encoding="utf-8"), encoding="utf-8")


def _output_dir_refused(workspace: Path, project: Path, value: str) -> None:
    """Build with output_dir = *value*: a clear error and nothing in *workspace* changed."""
    _set_output_dir(project, value)
    before = tree(workspace)
    result = run_cli("build", "-p", str(project))
    assert result.returncode == 1, result.stdout + result.stderr
    assert "briefing.toml: error: output_dir: " in result.stderr, result.stderr
    assert "Traceback" not in result.stderr
    assert tree(workspace) == before


def test_output_dir_dot_is_refused(tmp_path):
    _output_dir_refused(tmp_path, copy_project(tmp_path / "project"), ".")


def test_output_dir_parent_is_refused(tmp_path):
    (tmp_path / "sibling").mkdir()
    (tmp_path / "sibling" / "notes.txt").write_text("mine")
    _output_dir_refused(tmp_path, copy_project(tmp_path / "project"), "..")


def test_output_dir_content_is_refused(tmp_path):
    _output_dir_refused(tmp_path, copy_project(tmp_path / "project"), "content")


@pytest.mark.parametrize("value", ["content/articles", "TEMPLATES", ".briefing-cache", "/"])
def test_output_dir_inside_or_around_project_folders_is_refused(tmp_path, value):
    project = copy_project(tmp_path / "project")
    (project / ".briefing-cache").mkdir()
    # the test project uses the repository's templates folder
    _output_dir_refused(tmp_path, project, str(REPO / "templates") if value == "TEMPLATES" else value)


def test_output_dir_docs_holding_a_user_file_is_refused(tmp_path):
    project = copy_project(tmp_path / "project")
    (project / "docs").mkdir()
    (project / "docs" / "guide.md").write_text("# my guide\n")
    _output_dir_refused(tmp_path, project, "docs")


def test_output_dir_absolute_path_is_refused_when_it_holds_user_files(tmp_path):
    elsewhere = tmp_path / "www"
    elsewhere.mkdir()
    (elsewhere / "index.html").write_text("<p>my own page</p>")
    _output_dir_refused(tmp_path, copy_project(tmp_path / "project"), str(elsewhere))


def test_output_dir_empty_new_or_own_folder_is_accepted(tmp_path):
    project = copy_project(tmp_path / "project")
    (project / "docs").mkdir()
    _set_output_dir(project, "docs")
    assert run_cli("build", "-p", str(project)).returncode == 0
    assert (project / "docs" / MANIFEST_NAME).exists()
    assert run_cli("build", "-p", str(project)).returncode == 0  # a folder it wrote itself
    elsewhere = tmp_path / "public" / "site"
    toml = project / "briefing.toml"
    toml.write_text(re.sub(r"(?m)^output_dir = .*$", f'output_dir = "{elsewhere.as_posix()}"', toml.read_text()))
    assert run_cli("build", "-p", str(project)).returncode == 0
    assert (elsewhere / "en" / "index.html").exists()


# --- leftovers and concurrent builds ---------------------------------------------------


def test_leftovers_of_killed_builds_are_removed(project):
    for name in (".site-old-4242", ".site-new-k3x9_2ab", ".site-new-99-0a1b2c3d"):
        (project / name / "en").mkdir(parents=True)
    scratch = project / ".briefing-cache" / "tmp" / "briefing-pagefind-abc123"
    (scratch / "site").mkdir(parents=True)
    (project / ".site-notes").mkdir()  # not ours: kept
    config, _ = load_config(project)
    build(config)
    assert sorted(p.name for p in project.iterdir() if p.name.startswith(".site")) == [".site-notes"]
    assert list((project / ".briefing-cache" / "tmp").iterdir()) == []  # and Pagefind's own was cleaned


def test_second_build_waits_for_the_first_then_gives_up_clearly(project):
    config, _ = load_config(project)
    with build_lock(config.cache_path):
        started = time.monotonic()
        with pytest.raises(BuildError, match="another build of this project is still running"):
            build(config, lock_timeout=1.0)
        assert time.monotonic() - started >= 1.0
    assert not (project / "site").exists()


def test_two_builds_at_once_both_succeed(project):
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    cmd = [sys.executable, "-m", "generator", "build", "-p", str(project)]
    runs = [subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env) for _ in range(2)]
    outputs = [run.communicate(timeout=600) for run in runs]
    assert [run.returncode for run in runs] == [0, 0], outputs
    assert (project / "site" / "en" / "index.html").exists()
    assert not [p for p in project.iterdir() if p.name.startswith(".site-")]


def test_a_link_back_to_the_articles_folder_reads_each_article_once(tmp_path):
    project = copy_project(tmp_path / "project")
    (project / "content/articles/2025-09-10/loop").symlink_to(project / "content/articles")
    from generator.briefs.content import article_files

    paths, problems = article_files(project / "content", project)
    assert len(paths) == 3 and problems == []


def test_remove_leftovers_touches_only_its_own_pattern(tmp_path):
    site = tmp_path / "site"
    for name in (".site-old-1", ".site-new-x", ".sitemap", ".site-old-1.txt"):
        (tmp_path / name).mkdir() if not name.endswith(".txt") else (tmp_path / name).write_text("x")
    assert remove_leftovers(site) == [".site-new-x", ".site-old-1"]
    assert sorted(p.name for p in tmp_path.iterdir()) == [".site-old-1.txt", ".sitemap"]


# --- file-system errors ----------------------------------------------------------------


def test_writing_to_a_full_device_is_one_line_naming_the_path():
    with pytest.raises(OSError) as info:
        Path("/dev/full").write_bytes(b"x" * 8192)
    message = describe_os_error(info.value, "/dev/full")
    assert message == "/dev/full: error: the disk is full: free some space and build again; the previous site is unchanged"


_NAMESPACE_SCRIPT = r"""
set -u
mount -t tmpfs -o size={size}k tmpfs "{out}"
run() {{ "{python}" -m generator build -p "{project}" >>"{log}" 2>&1; echo "rc=$?" >>"{log}"; }}
snapshot() {{ (cd "{out}" && find . -type f | sort | xargs -r sha256sum) >"{log}.$1"; }}
run; snapshot first
# a new article needs room; the filler takes it all (unchanged files would be
# kept as hard links and need none)
for f in "{project}"/content/articles/*/*.md; do cp "$f" "${{f%.md}}-again.md"; break; done
dd if=/dev/zero of="{out}/filler" bs=4k 2>/dev/null; true
run; rm -f "{out}/filler"; snapshot full
mount -o remount,ro "{out}"
run; snapshot readonly
ls -a "{out}" >>"{log}"
"""


@pytest.mark.skipif(
    not CAN_MOUNT,
    reason="this machine forbids a private mount namespace, so no small "
    "file system can be mounted to fill; the /dev/full test above still runs",
)
def test_full_disk_and_read_only_folder_are_messages_and_the_site_survives(tmp_path):
    """A real full file system and a read-only one: a small tmpfs in a private
    mount namespace holds the output folder; the first build fits, the second
    (which needs room for the new site beside the old) does not."""
    project = copy_project(tmp_path / "project")
    assert run_cli("build", "-p", str(project)).returncode == 0
    size_kb = sum(p.stat().st_size for p in (project / "site").rglob("*") if p.is_file()) // 1024
    shutil.rmtree(project / "site")
    out = tmp_path / "mnt"
    out.mkdir()
    _set_output_dir(project, "../mnt/site")
    log = tmp_path / "log"
    script = _NAMESPACE_SCRIPT.format(size=int(size_kb * 1.6) + 64, out=out, python=sys.executable, project=project, log=log)
    done = run_with_repo([*IN_MOUNT_NAMESPACE, script])
    assert done.returncode == 0, done.stderr
    text = log.read_text()
    assert text.count("rc=") == 3, text
    codes = re.findall(r"rc=(\d+)", text)
    assert codes == ["0", "1", "1"], text
    assert "Traceback" not in text
    assert re.search(
        r"^Error: \S+: error: the disk is full: free some space and build again; "
        r"the previous site is unchanged$",
        text,
        re.MULTILINE,
    ), text
    assert re.search(
        r"^Error: \S+: error: the file system is read-only: choose a writable output_dir; "
        r"the previous site is unchanged$",
        text,
        re.MULTILINE,
    ), text
    first = (tmp_path / "log.first").read_text()
    assert first and (tmp_path / "log.full").read_text() == first == (tmp_path / "log.readonly").read_text()
    assert ".site-new" not in text.split("rc=")[-1]  # no staging folder left on the full disk


_OTHER_FILE_SYSTEM_SCRIPT = r"""
set -eu
mount -t tmpfs -o size=256m tmpfs "{mnt}"
cp -r "{project}" "{mnt}/demo"
"{python}" -m generator build -p "{mnt}/demo" --offline >"{log}" 2>&1
cp -r "{mnt}/demo/site" "{copy}"
"""


@pytest.mark.skipif(not CAN_MOUNT, reason="this machine forbids a private mount namespace, so no tmpfs can be mounted")
def test_the_same_project_builds_the_same_bytes_on_another_file_system(tmp_path):
    """A folder is listed in another order on another file system (ext4 by a
    hash seeded per file system, tmpfs by creation): nothing the build makes
    may follow that order.  Pagefind's index did, run on a staged folder: the
    demo's differed in 9 files between this machine's disk and a tmpfs."""
    from .conftest import copy_demo_project

    project = copy_demo_project(tmp_path / "demo")
    assert run_cli("build", "-p", str(project), "--offline").returncode == 0
    on_disk = tree(project / "site")
    shutil.rmtree(project / "site")
    shutil.rmtree(project / ".briefing-cache", ignore_errors=True)
    mnt, copy, log = tmp_path / "mnt", tmp_path / "from-tmpfs", tmp_path / "log"
    mnt.mkdir()
    script = _OTHER_FILE_SYSTEM_SCRIPT.format(mnt=mnt, project=project, python=sys.executable, log=log, copy=copy)
    done = run_with_repo([*IN_MOUNT_NAMESPACE, script])
    assert done.returncode == 0, (done.stderr, log.read_text() if log.exists() else "")
    on_tmpfs = tree(copy)
    assert any(name.endswith(".pf_index") for name in on_disk)
    assert sorted(on_tmpfs) == sorted(on_disk)
    assert [name for name in on_disk if on_tmpfs[name] != on_disk[name]] == []


@needs_unprivileged
def test_unwritable_output_folder_is_a_message(tmp_path):
    top = Path(tempfile.mkdtemp(prefix="briefing-unwritable-"))
    try:
        os.chmod(top, 0o755)
        project = copy_project(top / "project")
        public = top / "public"
        public.mkdir()
        public.chmod(0o555)
        _set_output_dir(project, str(public / "site"))
        result = run_cli("build", "-p", str(project), unprivileged=True)
        assert result.returncode == 1
        assert (
            f"Error: {public}" in result.stderr and "error: permission denied: check the folder's permissions" in result.stderr
        ), result.stderr
        assert "Traceback" not in result.stderr
    finally:
        shutil.rmtree(top, ignore_errors=True)


# --- caches that heal --------------------------------------------------------------------


def _filled_cache(folder: Path, rows: int = 3000) -> Path:
    with TranslationCache.for_config(folder) as cache:
        cache.put_many("google", "web", [(f"نص رقم {i} " * 5, f"text number {i} " * 5) for i in range(rows)])
    path = folder / "translations.sqlite3"
    db = sqlite3.connect(path)
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    return path


def test_cache_with_damaged_pages_is_moved_aside_and_the_build_goes_on(tmp_path):
    path = _filled_cache(tmp_path)
    data = bytearray(path.read_bytes())
    page = 4096
    for start in range(3 * page, len(data) - page, 7 * page):  # leave the header, spoil pages
        data[start : start + page] = b"\xff" * page
    path.write_bytes(bytes(data))
    with TranslationCache.for_config(tmp_path) as cache:
        found = cache.get_many("google", "web", [f"نص رقم {i} " * 5 for i in range(3000)])
        assert found == {}  # whatever SQLite could not read is simply not cached
        assert cache.recovered_from is not None and cache.recovered_from.exists()
        assert "moved to translations.sqlite3.damaged-" in cache.notes[0]
        cache.put("google", "web", "نص", "text")
        assert cache.get("google", "web", "نص") == "text"


def test_cache_of_another_schema_is_moved_aside(tmp_path):
    path = tmp_path / "translations.sqlite3"
    db = sqlite3.connect(path)
    db.execute("CREATE TABLE translations (engine TEXT, model TEXT, text TEXT)")
    db.commit()
    db.close()
    with TranslationCache.for_config(tmp_path) as cache:
        assert cache.recovered_from is not None
        assert "no such column: source" in cache.notes[0]
        cache.put("google", "web", "نص", "text")
    db = sqlite3.connect(path)
    db.execute("PRAGMA user_version=99")
    db.commit()
    db.close()
    with TranslationCache.for_config(tmp_path) as cache:
        assert "schema version 99" in cache.notes[0]
        assert len(cache) == 0


def test_oversized_answers_are_never_cached_nor_read_back(tmp_path):
    source = "نص قصير"
    with TranslationCache.for_config(tmp_path) as cache:
        cache.put("google", "web", source, "x" * (answer_size_limit(source) + 1))
        assert len(cache) == 0
    db = sqlite3.connect(tmp_path / "translations.sqlite3")  # a cache written before the limit existed
    db.execute("INSERT INTO translations VALUES ('google', 'web', ?, ?, 'then')", (source, "x" * 20_000_000))
    db.commit()
    db.close()
    with TranslationCache.for_config(tmp_path) as cache:
        assert cache.get_many("google", "web", [source]) == {}


def test_build_with_damaged_cache_succeeds_offline(project):
    cache_dir = project / ".briefing-cache"
    cache_dir.mkdir()
    _filled_cache(cache_dir)
    path = cache_dir / "translations.sqlite3"
    data = bytearray(path.read_bytes())
    data[5 * 4096 : 9 * 4096] = os.urandom(4 * 4096)
    path.write_bytes(bytes(data))
    toml = project / "briefing.toml"
    toml.write_text(toml.read_text().replace('engine = "none"', 'engine = "google"'))
    result = run_cli("build", "-p", str(project), "--offline")
    assert "Traceback" not in result.stderr
    assert result.returncode == 0, result.stderr
    second = run_cli("build", "-p", str(project), "--offline")
    assert second.returncode == 0, second.stderr


# --- bounded work ----------------------------------------------------------------------


def test_huge_article_is_cut_with_a_warning(tmp_path):
    project = copy_project(tmp_path / "project")
    path = project / "content/articles/2025-09-10/huge.md"
    path.write_text(article(body=BODY * 4000), encoding="utf-8")  # about 1 MB
    found, problems = read_article(path, project, max_bytes=64 * 1024)
    assert found is not None and len(found.body.encode("utf-8")) <= 64 * 1024
    assert found.body.endswith("\n")
    expected = (
        f"content/articles/2025-09-10/huge.md:{found.body_line + found.body.count(chr(10))}: warning: "
        f"the file is {path.stat().st_size // 1024} KB; only its first 64 KB are used "
        "(max_article_kb in briefing.toml)"
    )
    assert [p.format() for p in problems if "KB" in p.message] == [expected]


def test_key_points_rank_a_bounded_window():
    sentences = tuple(
        Sentence(i, f"قال المسؤول في الاجتماع رقم {i} إن الخطة {i % 7} ستنفذ قريبا في المدينة.", i)
        for i in range(MAX_RANKED_SENTENCES * 5)
    )
    points = key_points(sentences)
    assert points and all(p.sentence_index < MAX_RANKED_SENTENCES for p in points)


def _fastest(function, argument, runs: int = 5) -> float:
    """Least CPU time of *runs* calls (CPU time: other processes on the
    machine do not count)."""
    best = float("inf")
    for _ in range(runs):
        started = time.process_time()
        function(argument)
        best = min(best, time.process_time() - started)
    return best


@pytest.mark.parametrize("unit", ["قال المسؤول إن الاجتماع كان مثمرا. ", "كلمة.", "(" + "a" * 40 + ".]"])
def test_sentence_splitting_grows_linearly_on_one_long_line(unit):
    """Was quadratic: 167k characters on one line took 13 s, 1 MB more than
    4 minutes.  Four times the text must cost about four times the time (a
    ratio within one run, not a speed target): quadratic work would be 16."""
    small, large = unit * (50_000 // len(unit)), unit * (200_000 // len(unit))
    assert len(arabic.split_sentences(large)) >= 1
    ratio = _fastest(arabic.split_sentences, large) / _fastest(arabic.split_sentences, small)
    assert ratio < 8, ratio


# --- YAML limits, names, dates ---------------------------------------------------------


def test_limited_loader_refuses_bombs_and_recursion_but_reads_normal_yaml():
    for text, problem in [
        (ALIAS_BOMB, "aliases expand to more than"),
        ("x: " + "[" * 100 + "]" * 100, "nested more"),
        ("a: &a [1, *a]", "refers to the value that contains it"),
    ]:
        with pytest.raises(yaml.YAMLError) as info:
            yaml.load(text, Loader=LimitedLoader)
        assert problem in info.value.problem
    assert yaml.load("a: &x {b: 1}\nc: *x\n", Loader=LimitedLoader) == {"a": {"b": 1}, "c": {"b": 1}}


def test_clean_text_removes_xml_illegal_characters_and_says_where():
    assert clean_text("a\nb\x00c\ud800\tok\n") == ("a\nbc\tok\n", 2, 2)
    assert clean_text("سليم\n") == ("سليم\n", 0, 0)


def test_dates_with_trailing_garbage_are_rejected():
    with pytest.raises(ValueError):
        parse_date("2025-09-10garbage")
    assert parse_date("2025-09-10T08:30:00+02:00").isoformat() == "2025-09-10"


@pytest.mark.parametrize("slug", ["../../x", "a/b", "UPPER", "", "x" * 81])
def test_ingest_refuses_a_slug_that_is_a_path(tmp_path, slug):
    raw = tmp_path / "raw.txt"
    raw.write_text(BODY, encoding="utf-8")
    with pytest.raises(ContentError, match="--slug"):
        ingest_file(raw, tmp_path / "project" / "content", slug=slug)
    assert [p for p in tmp_path.rglob("*.md")] == []


def test_ingest_cli_slug_outside_content_is_refused(tmp_path):
    project = copy_project(tmp_path / "project")
    raw = tmp_path / "raw.txt"
    raw.write_text(BODY, encoding="utf-8")
    result = run_cli("ingest", "-p", str(project), str(raw), "--slug", "../../x")
    assert result.returncode == 1 and "--slug '../../x': error:" in result.stderr
    assert not list(tmp_path.rglob("x.md"))


def test_write_site_refuses_a_folder_it_did_not_write(tmp_path):
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "mine.txt").write_text("keep me")
    with pytest.raises(BuildError, match="output_dir: .* holds files briefing did not write"):
        write_site(folder, {"index.html": b"x"})
    assert (folder / "mine.txt").read_text() == "keep me"


# --- engines: a total deadline, and answers of a sane size ------------------------------


class _TricklingServer:
    """Answers every request on 127.0.0.1 one byte per second: the headers
    (``mode="headers"``) or, after quick headers, the body (``"body"``)."""

    def __init__(self, mode: str):
        import socket
        import threading

        self.listener = socket.create_server(("127.0.0.1", 0))
        self.url = f"http://127.0.0.1:{self.listener.getsockname()[1]}/"
        self.stop = threading.Event()
        self.mode = mode
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self):
        import threading

        while not self.stop.is_set():
            try:
                conn, _ = self.listener.accept()
            except OSError:
                return
            threading.Thread(target=self._trickle, args=(conn,), daemon=True).start()

    def _trickle(self, conn):
        head = b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n"
        with conn:
            try:
                conn.recv(65536)
                if self.mode == "body":
                    conn.sendall(head)
                    payload = b'{"translatedText": "' + b"x" * 99_000
                else:
                    payload = head
                for byte in payload:
                    if self.stop.wait(1.0):
                        return
                    conn.sendall(bytes([byte]))
            except OSError:
                return

    def close(self):
        self.stop.set()
        self.listener.close()


@pytest.mark.parametrize("mode", ["body", "headers"])
def test_engine_request_has_a_total_deadline(tmp_path, mode):
    """A server sending a byte a second never trips a per-read timeout; the
    request's total deadline ends it, and the segment stays pending."""
    from .test_translation_libre import make_config

    server = _TricklingServer(mode)
    try:
        config = make_config(tmp_path, server.url, timeout=2.0, retries=0, failure_threshold=1)
        started = time.monotonic()
        from generator.translation import translate_segments

        run = translate_segments(["أعلنت الوزارة خطة جديدة."], config)
        elapsed = time.monotonic() - started
    finally:
        server.close()
    assert run.stats.pending == 1
    assert "libre: circuit open after 1 failure(s): no answer within 2 s" in run.summary_lines()[0]
    assert elapsed < 15  # several seconds per byte would be more than a day


def test_oversized_engine_answer_is_a_failure_never_cached(tmp_path):
    from .test_translation_libre import StubLibre, make_config

    stub = StubLibre()
    stub.behaviour = lambda q, n: (200, {"translatedText": "word " * 10_000}, {})
    stub.thread.start()
    try:
        from generator.translation import translate_segments

        run = translate_segments(["أعلنت الوزارة خطة جديدة."], make_config(tmp_path, stub.url))
    finally:
        stub.release.set()
        stub.server.shutdown()
        stub.server.server_close()
    assert run.stats.pending == 1
    assert any("was refused (too long to be a translation)" in p.message for p in run.problems)
    with TranslationCache.for_config(tmp_path / ".cache") as cache:
        assert len(cache) == 0


def test_source_of_control_characters_only_is_an_error_not_a_traceback(tmp_path):
    """Found by the hypothesis suite: `source: "\\x11"` passed the 'missing'
    check, became empty once cleaned, and crashed the outlet pages."""
    path = tmp_path / "content/articles/2025-09-10/a.md"
    path.parent.mkdir(parents=True)
    path.write_text(article(source='"\\x11"'), encoding="utf-8")
    found, problems = read_article(path, tmp_path)
    assert found is None
    assert "content/articles/2025-09-10/a.md:4: error: source is empty once control characters are removed" in [
        p.format() for p in problems
    ]
