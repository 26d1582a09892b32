"""Property-based tests (hypothesis) over hostile front matter and bodies.

Each example adds a handful of generated articles to a copy of the fixture
project and builds it, then checks what must hold for any input:

* no exception escapes the build (a traceback would reach the user);
* every error about a generated article names its file and a line;
* the fixture's own articles still build, in both languages;
* no page, feed, sitemap or email holds a live payload from content (a
  script element, an event-handler attribute, a javascript: link);
* no content file is changed and the site folder is never lost.

CI runs a fixed, derandomised and bounded profile ("ci", the default);
``HYPOTHESIS_PROFILE=long`` runs many more examples for the figures in the
issue's note.  ``test_read_article_properties`` checks the reading edge
alone with many more examples, since it needs no build.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.build import build
from generator.config import load_config
from generator.briefs.content import read_article
from generator.errors import BriefingError
from generator.mail.compose import compose_digest

from .conftest import FIXTURE_PROJECT, point_templates_at_repo
from .test_hostile import site_texts, unescaped_payloads

settings.register_profile(
    "ci",
    max_examples=6,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
settings.register_profile(
    "long",
    max_examples=400,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))
# the reading edge alone is cheap: many more examples in the same time
READ_EXAMPLES = {"ci": 150, "long": 5000}[os.environ.get("HYPOTHESIS_PROFILE", "ci")]

PAYLOADS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    '"><svg onload=alert(1)>',
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    "java\tscript:alert(1)",
    " \x01javascript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "</title><script>alert(1)</script>",
    "]]><script>x</script>",
    "{{ 7*7 }}",
    "{% raw %}",
    "&lt;script&gt;",
    "<a href=javascript:alert(1)>x</a>",
    "<!--",
    "<![CDATA[",
    "\x00",
    "\x0b",
    "\ud800",
    "\ufffe",
    "\u202e",
    "\u200f",
    "ـــ",
    "؟؟",
    "،",
    "...",
    "\r",
    "\u2028",
]
ARABIC = [
    "أعلنت وزارة الداخلية تعزيز الدوريات على الحدود الجنوبية.",
    "وقال المتحدث إن الاجتماع كان مثمراً.",
    "د. محمد",
    "U.S.",
    "5.9",
    "«اقتباس طويل",
    "(قوس",
    "http://example.org/a.b",
    "info@example.ly",
]

texts = st.one_of(
    st.sampled_from(PAYLOADS + ARABIC),
    st.text(max_size=40),
    st.lists(st.sampled_from(PAYLOADS + ARABIC), max_size=6).map(" ".join),
    st.integers(1, 400).map(lambda n: "س" * n),
)
urls = st.one_of(
    st.sampled_from(
        [
            "https://example.org/x",
            "mailto:a@example.org",
            "javascript:alert(1)",
            "JAVASCRIPT:alert(1)",
            "java\nscript:alert(1)",
            "vbscript:x",
            "//evil.example",
            'https://example.org/"><script>',
            "ftp://example.org",
        ]
    ),
    texts,
)
scalars = st.one_of(
    texts, st.integers(), st.floats(allow_nan=True), st.booleans(), st.none(), st.dates().map(str), st.just("2025-09-10garbage")
)
values = st.recursive(
    scalars,
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=5), inner, max_size=3)),
    max_leaves=12,
)

hostile_front_matter = st.fixed_dictionaries(
    {
        "title": st.one_of(texts, values),
        "date": st.one_of(st.just("2025-09-10"), scalars),
        "source": st.one_of(texts, values),
        "lang": st.sampled_from(["ar", "ar", "en", "", "AR"]),
    },
    optional={
        "url": urls,
        "author": st.one_of(texts, values),
        "tags": st.one_of(values, st.lists(texts, max_size=5)),
        "notes": texts,
        "colour": values,
    },
)
# valid in form, hostile in content: these articles are published, so their
# payloads reach the pages, feeds and email
published_front_matter = st.fixed_dictionaries(
    {"title": texts, "date": st.just("2025-09-10"), "source": texts.filter(lambda t: t.strip() != ""), "lang": st.just("ar")},
    optional={"url": urls, "author": texts, "tags": st.lists(texts, max_size=5), "notes": texts},
)

RAW_YAML = [  # front matter no dumper would write
    "tags: &a [x, x, x, x, x, x, x, x]\nnotes: &b [*a, *a, *a, *a, *a, *a, *a, *a]\nauthor: [*b, *b, *b, *b, *b]\n",
    "tags: " + "[" * 300 + "]" * 300 + "\n",
    "title: 'unclosed\n",
    "\ttitle: tab\n",
    "title: *nowhere\n",
    "? [complex, key]\n: value\n",
    "{title: flow, date: 2025-09-10}\n",
    "title: !!python/object:os.system x\n",
    'title: "\\ud800\\x00"\n',
    "title: @reserved\n",
    "<<: {title: merged}\n",
    "date: 2025-02-30\n",
]

bodies = st.one_of(
    st.lists(st.one_of(st.sampled_from(ARABIC * 3 + PAYLOADS), st.text(max_size=60)), max_size=20).map("\n".join),
    st.lists(st.sampled_from(ARABIC), min_size=1, max_size=10).map(" ".join),
    st.sampled_from(["", "   \n", "---\n", "كلمة." * 3000, "(" * 2000, "a@" * 500]),
)


@st.composite
def article_files(draw) -> tuple[str, bytes]:
    published = draw(st.booleans())
    meta = draw(published_front_matter if published else hostile_front_matter)
    try:
        head = yaml.safe_dump(meta, allow_unicode=True, width=10_000)
    except yaml.YAMLError:
        head = "title: x\n"
    if not published and draw(st.booleans()):
        head += draw(st.sampled_from(RAW_YAML))
    body = draw(bodies)
    if published:  # a story sentence first, so that something is left to publish
        body = draw(st.sampled_from(ARABIC[:2])) + "\n" + body
    text = "---\n" + head + "---\n" + body
    name = draw(
        st.one_of(
            st.from_regex(r"[a-z0-9-]{1,20}", fullmatch=True),
            st.text(min_size=1, max_size=60).filter(
                lambda s: "/" not in s and "\x00" not in s and s not in (".", "..") and not s.startswith(".")
            ),
        )
    )
    suffix = draw(st.sampled_from([".md", ".MD", ".txt", ".md"]))
    data = text.encode("utf-8", "surrogatepass" if not published and draw(st.booleans()) else "replace")
    return name[:120] + suffix, data


def snapshot(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest() for p in folder.rglob("*") if p.is_file()
    }


@pytest.fixture(scope="module")
def workspace(tmp_path_factory):
    project = tmp_path_factory.mktemp("properties") / "project"
    shutil.copytree(FIXTURE_PROJECT, project, ignore=shutil.ignore_patterns("site", ".briefing-cache"))
    point_templates_at_repo(project)
    config, _ = load_config(project)
    build(config)  # a previous site, which no later build may lose
    return project


FIXTURE_PAGES = ("2025-09-10/oil-field-output", "2025-09-10/border-patrol", "2025-09-11/election-commission")


@given(files=st.lists(article_files(), min_size=1, max_size=6, unique_by=lambda f: f[0].lower()))
def test_any_articles_build_safely(workspace, files):
    folder = workspace / "content" / "articles" / "2025-09-10" / "generated"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    written = {}
    for name, data in files:
        try:
            (folder / name).write_bytes(data)
        except OSError:  # a name this file system refuses (too long in bytes)
            continue
        written[f"content/articles/2025-09-10/generated/{name}"] = data
    content_before = snapshot(workspace / "content")
    config, _ = load_config(workspace)
    try:
        report = build(config)
    except BriefingError as exc:  # allowed only as a message, and never for content
        pytest.fail(f"the build stopped: {exc}")
    assert snapshot(workspace / "content") == content_before  # nothing the user wrote is changed
    for problem in report.errors:
        if problem.path in written:
            assert problem.line is not None, problem.format()
    site = workspace / "site"
    for page in FIXTURE_PAGES:
        for lang in ("ar", "en"):
            assert (site / lang / page / "index.html").is_file(), page
    for path, text in site_texts(site).items():
        if not path.startswith("pagefind/fragment/"):
            assert not unescaped_payloads(text, "xml" if path.endswith(".xml") else "html"), path
    for digest in report.digests:
        mail = compose_digest(config, digest, "both")
        assert not unescaped_payloads(mail.html), digest.date
        # the text part is plain text (a title may read "javascript:..."); its
        # links are the <...> the composer writes, which must never run code
        assert not re.search(r"<\s*(?:javascript|vbscript|data):", mail.text, re.IGNORECASE), digest.date


@settings(max_examples=READ_EXAMPLES)
@given(file=article_files())
def test_read_article_properties(tmp_path_factory, file):
    """The reading edge alone, with many more examples: no exception, every
    error has a line, what comes out is valid text and a safe link."""
    folder = tmp_path_factory.mktemp("read") / "content" / "articles" / "2025-09-10"
    folder.mkdir(parents=True)
    path = folder / ("a" + file[0][-4:].lower().replace(".", "-")[:3] + ".md")
    path.write_bytes(file[1])
    article, problems = read_article(path, folder.parent.parent.parent)
    for problem in problems:
        if problem.severity == "error":
            assert problem.line is not None, problem.format()
    if article is not None:
        for text in (article.title, article.source, article.body, article.author or "", article.notes or "", *article.tags):
            text.encode("utf-8")  # no lone surrogate
            assert not any(ch in text for ch in "\x00\x01\x08\x0b\x0c\ufffe\uffff")
        if article.url:
            assert article.url.lower().startswith(("http://", "https://", "mailto:"))
