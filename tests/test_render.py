"""Rendering: page plan, bidi isolation, escaping, links, digit policy,
language switches, the 404 page and the fields extraction fills in.

Digests are built by hand here, so every field (actors, places, topics,
events, several outlets, threads) is exercised whatever the demo holds."""

from __future__ import annotations

import datetime as dt
import posixpath
from dataclasses import replace
import re
from html.parser import HTMLParser

import pytest

from generator.config import parse_config
from generator.models import (
    Actor,
    Article,
    BilingualBrief,
    Brief,
    DateMention,
    Digest,
    EventLine,
    KeyPoint,
    Place,
    Sentence,
    Story,
    TopicMatch,
    TranslatedText,
)
from generator.site.render import isolate_latin, plan_pages, relative_url, render_site, slugify

from .conftest import REPO

BASE = "https://owner.github.io/repo/"
D10, D08 = dt.date(2025, 9, 10), dt.date(2025, 9, 8)

ZOUBI = Actor(
    "abdulsalam-zoubi", "person", "Abdulsalam al-Zoubi", "عبدالسلام الزوبي", "Undersecretary of Defence, GNU", "وكيل وزارة الدفاع"
)
BRENNAN = Actor(
    "john-brennan", "person", "John Brennan", "جون برينان", "Deputy Commander, AFRICOM", "نائب قائد أفريكوم", "Lt Gen", "الفريق"
)
TRIPOLI = Place("tripoli", "Tripoli", "طرابلس")
SECURITY = TopicMatch("security-cooperation", "Security cooperation", "التعاون الأمني", ("التعاون الأمني",))


def config_for(tmp_path, **overrides):
    data = {
        "base_url": BASE,
        "templates_dir": str(REPO / "templates"),
        "languages": {"ar": {"title": "الموجز"}, "en": {"title": "The Briefing"}},
        **overrides,
    }
    config, problems = parse_config(data, tmp_path)
    assert not [p for p in problems if p.severity == "error"], problems
    return config


def reviewed(source: str, text: str) -> TranslatedText:
    return TranslatedText(source, text, "reviewed")


def make_item(
    slug,
    day,
    source,
    headline,
    sentences,
    english,
    *,
    url=None,
    actors=(),
    places=(),
    topics=(),
    event=None,
    dates=(),
    title=None,
) -> BilingualBrief:
    article = Article(
        path=f"content/articles/{day}/{slug}.md",
        slug=slug,
        title=title or headline,
        date=day,
        source=source,
        url=url,
        lang="ar",
        body="",
        body_line=1,
    )
    sents = tuple(Sentence(i, text, i) for i, text in enumerate(sentences))
    points = tuple(KeyPoint(i, text) for i, text in enumerate(sentences[:2]))
    brief = Brief(
        article=article,
        headline=headline,
        sentences=sents,
        key_points=points,
        actors=actors,
        places=places,
        topics=topics,
        event=event,
        dates=dates,
        event_date=event.date if event else None,
    )
    return BilingualBrief(
        brief=brief,
        headline=reviewed(headline, english[0]),
        key_points=tuple(reviewed(p.text, english[1 + p.sentence_index]) for p in points),
        sentences=tuple(reviewed(s.text, english[1 + s.index]) for s in sents),
    )


def sample_digests() -> list[Digest]:
    event = EventLine("meeting", TRIPOLI, D10, ZOUBI, (BRENNAN,))
    talks = make_item(
        "zoubi-brennan",
        D10,
        "Libya Observer",
        "الزوبي يبحث مع برينان التعاون الأمني في طرابلس",
        [
            "بحث وكيل وزارة الدفاع عبدالسلام الزوبي مع الفريق جون برينان التعاون الأمني.",
            "حضر اللقاء مسؤولون من أفريكوم في طرابلس.",
            "وأكد الزوبي أهمية الشراكة.",
        ],
        [
            "Zoubi and Brennan discuss security cooperation in Tripoli",
            "Abdulsalam al-Zoubi discussed security cooperation with Lt Gen John Brennan.",
            "AFRICOM officials attended the meeting in Tripoli.",
            "Zoubi stressed the importance of the partnership.",
        ],
        url="https://example.com/news/1?a=1&b=2",
        actors=(ZOUBI, BRENNAN),
        places=(TRIPOLI,),
        topics=(SECURITY,),
        event=event,
        dates=(DateMention("اليوم الأربعاء", D10),),
    )
    talks_other = make_item(
        "zoubi-brennan-wasat",
        D10,
        "بوابة الوسط",
        "لقاء الزوبي وبرينان",
        ["التقى الزوبي الفريق برينان في طرابلس.", "وناقش الجانبان التعاون."],
        ["Zoubi meets Brennan", "Zoubi met Lt Gen Brennan in Tripoli.", "The two sides discussed cooperation."],
        actors=(ZOUBI, BRENNAN),
        topics=(SECURITY,),
    )
    gastec = make_item(
        "gastec",
        D10,
        "Akhbar Libya 24",
        "مؤتمر “Gastec” بميلانو",
        ["تشارك ليبيا في مؤتمر “Gastec” بميلانو (Italy) لعام 2026.", "الموقع www.gastec.it للتسجيل."],
        ["Libya at “Gastec” in Milan", "Libya takes part in the “Gastec” conference in Milan.", "Registration at www.gastec.it."],
        title="مؤتمر “Gastec” بميلانو",
    )
    earlier = make_item(
        "tripoli-talks",
        D08,
        "Libya Observer",
        "مباحثات ليبية أمريكية في طرابلس",
        ["بحث الزوبي مع وفد أمريكي التعاون العسكري.", "وجرى اللقاء في طرابلس."],
        [
            "Libyan-US talks in Tripoli",
            "Zoubi discussed military cooperation with a US delegation.",
            "The meeting took place in Tripoli.",
        ],
        actors=(ZOUBI,),
        places=(TRIPOLI,),
        topics=(SECURITY,),
    )
    s_talks = Story(
        "2025-09-10/zoubi-brennan",
        (talks, talks_other),
        "thread:t",
        ("2025-09-08/tripoli-talks",),
        ("one event reported by 2 outlets",),
    )
    s_gastec = Story("2025-09-10/gastec", (gastec,))
    s_earlier = Story("2025-09-08/tripoli-talks", (earlier,), "thread:t", ("2025-09-10/zoubi-brennan",))
    return [Digest(D10, (s_talks, s_gastec)), Digest(D08, (s_earlier,))]


@pytest.fixture
def site(tmp_path):
    files, problems = render_site(config_for(tmp_path), sample_digests(), D10)
    assert not problems, problems
    return files


def html(files, path) -> str:
    return files[path].decode("utf-8")


class Tags(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, {k: v or "" for k, v in attrs}))


def tags(text: str) -> list[tuple[str, dict]]:
    parser = Tags()
    parser.feed(text)
    return parser.tags


def pages(files) -> list[str]:
    return sorted(name for name in files if name.endswith(".html"))


# --- bidi ---------------------------------------------------------------------------


def test_latin_run_inside_arabic_is_isolated():
    assert str(isolate_latin("مؤتمر “Gastec” بميلانو")) == 'مؤتمر “<bdi dir="ltr">Gastec</bdi>” بميلانو'
    assert str(isolate_latin("يعقد في 2026 مؤتمر Gastec الدولي")) == 'يعقد في 2026 مؤتمر <bdi dir="ltr">Gastec</bdi> الدولي'
    assert str(isolate_latin("English only <b>")) == "English only &lt;b&gt;"


def test_arabic_pages_isolate_latin_names_numbers_and_urls(site):
    page = html(site, "ar/2025-09-10/gastec/index.html")
    assert '<h1 data-pagefind-meta="title">مؤتمر “<bdi dir="ltr">Gastec</bdi>” بميلانو</h1>' in page
    assert '(<bdi dir="ltr">Italy</bdi>)' in page
    assert '<bdi dir="ltr">www.gastec.it</bdi>' in page


def test_every_page_has_lang_dir_and_one_h1(site):
    for name in pages(site):
        found = tags(html(site, name))
        root = dict(found[0][1]) if found and found[0][0] == "html" else {}
        assert root.get("lang") in ("ar", "en") and root.get("dir") in ("rtl", "ltr"), name
        if name.startswith("ar/"):
            assert root == {"lang": "ar", "dir": "rtl"}, name
        if name.startswith("en/"):
            assert root == {"lang": "en", "dir": "ltr"}, name
        assert sum(1 for tag, _ in found if tag == "h1") == 1, name
        assert any(tag == "main" and a.get("id") == "main" for tag, a in found), name


def test_outlet_names_of_unknown_language_are_isolated(site):
    page = html(site, "en/2025-09-10/zoubi-brennan/index.html")
    assert "<bdi>بوابة الوسط</bdi>" in page
    assert "<bdi>Libya Observer</bdi>" in page


# --- escaping and outside links -------------------------------------------------------


def test_article_text_is_escaped_everywhere(tmp_path):
    digests = sample_digests()
    evil = make_item(
        "evil",
        D10,
        "Outlet <script>alert(2)</script>",
        "عنوان <script>alert(1)</script>",
        ["جملة <script>alert(3)</script> هنا.", "وجملة ثانية."],
        ["Title <script>alert(4)</script>", "Sentence <script>alert(5)</script>.", "Second."],
        url='https://example.com/"onmouseover="x',
    )
    digests[0] = Digest(D10, digests[0].stories + (Story("2025-09-10/evil", (evil,)),))
    files, _ = render_site(config_for(tmp_path), digests, D10)
    for name, data in files.items():
        if name.startswith("assets/"):
            continue
        assert b"<script>alert" not in data, name
        assert b'"onmouseover="' not in data, name
    page = html(files, "en/2025-09-10/evil/index.html")
    assert "Title &lt;script&gt;alert(4)&lt;/script&gt;" in page


def test_links_out_of_the_site_get_noopener_noreferrer(site):
    outside = 0
    for name in pages(site):
        for tag, attrs in tags(html(site, name)):
            href = attrs.get("href", "")
            if tag == "a" and href.startswith(("http://", "https://")) and not href.startswith(BASE):
                outside += 1
                assert attrs.get("rel") == "noopener noreferrer", (name, href)
    assert outside >= 2  # the article's original link, in both languages
    assert 'href="https://example.com/news/1?a=1&amp;b=2" rel="noopener noreferrer"' in html(
        site, "en/2025-09-10/zoubi-brennan/index.html"
    )


def test_links_inside_the_site_are_relative(site):
    for name in pages(site):
        if name == "404.html":
            continue
        for tag, attrs in tags(html(site, name)):
            for key in ("href", "src"):
                value = attrs.get(key, "")
                if value and tag != "link" and not (tag == "a" and value.startswith("https://example.com")):
                    assert not value.startswith(("/", "http:", "https:")), (name, tag, value)


def resolve(page: str, href: str) -> str:
    href = href.split("#", 1)[0]
    target = posixpath.normpath(posixpath.join(posixpath.dirname(page), href))
    return target + "/index.html" if href.endswith("/") else target


def test_every_internal_link_points_at_a_file_of_the_site(site):
    for name in pages(site):
        if name == "404.html":
            continue
        for tag, attrs in tags(html(site, name)):
            for key in ("href", "src"):
                value = attrs.get(key, "")
                if not value or value.startswith(("http:", "https:", "#", "mailto:")):
                    continue
                target = resolve(name, value).removeprefix("./")
                target = "index.html" if target in (".", "./index.html", "./", "/index.html") else target
                assert target in site or target.startswith("pagefind/"), (name, value, target)


def test_every_language_switch_leads_to_an_existing_counterpart(site):
    checked = 0
    for name in pages(site):
        if not name.startswith(("ar/", "en/")):
            continue
        switch = [a for tag, a in tags(html(site, name)) if tag == "a" and a.get("id") == "language-switch"]
        assert len(switch) == 1, name
        target = resolve(name, switch[0]["href"])
        other = "en/" if name.startswith("ar/") else "ar/"
        assert target == other + name[3:], (name, target)
        assert target in site
        assert switch[0]["hreflang"] == other[:2] and switch[0]["lang"] == other[:2]
        checked += 1
    assert checked == len([n for n in pages(site) if n.startswith(("ar/", "en/"))]) > 20


def test_hreflang_alternates_and_canonical_are_absolute(site):
    page = html(site, "ar/stories/2025-09-10-zoubi-brennan/index.html")
    assert f'<link rel="canonical" href="{BASE}ar/stories/2025-09-10-zoubi-brennan/">' in page
    assert f'<link rel="alternate" hreflang="en" href="{BASE}en/stories/2025-09-10-zoubi-brennan/">' in page
    assert f'<meta property="og:url" content="{BASE}ar/stories/2025-09-10-zoubi-brennan/">' in page
    assert '<link rel="alternate" type="application/atom+xml" href="../../feed.xml"' in page


def test_404_page_links_absolutely_from_base_url(site):
    page = html(site, "404.html")
    links = [a.get("href") or a.get("src") for tag, a in tags(page) if a.get("href") or a.get("src")]
    assert links and all(link.startswith(BASE) for link in links), links
    assert f'href="{BASE}assets/style.css"' in page
    assert f'href="{BASE}ar/"' in page and f'href="{BASE}en/"' in page
    assert "الصفحة غير موجودة" in page and "Page not found" in page


# --- digit policy -----------------------------------------------------------------------


def test_arabic_indic_digits_change_arabic_pages_only(tmp_path):
    western, _ = render_site(config_for(tmp_path), sample_digests(), D10)
    indic, _ = render_site(config_for(tmp_path, digits="arabic-indic"), sample_digests(), D10)
    ar_w, ar_i = html(western, "ar/2025-09-10/index.html"), html(indic, "ar/2025-09-10/index.html")
    assert "10 سبتمبر 2025" in ar_w and "١٠ سبتمبر ٢٠٢٥" in ar_i
    assert "١٠ سبتمبر ٢٠٢٥" not in ar_w
    # counts: two outlets, one related story
    assert "القصة: تقريران" in ar_i
    # the visible text of the Arabic digest shows no Western digit in dates and counts
    archive = html(indic, "ar/archive/index.html")
    assert "سبتمبر ٢٠٢٥" in archive and "قصتان" in archive
    assert 'datetime="2025-09-10"' in archive  # machine-readable values stay ISO
    assert "digits-arabic-indic" in ar_i and "digits-arabic-indic" not in ar_w
    for name in western:
        if name.startswith("en/"):
            assert western[name] == indic[name], name


# --- the pages and what they show ---------------------------------------------------------


def test_url_scheme(site):
    for lang in ("ar", "en"):
        for path in (
            "",
            "2025-09-10/",
            "2025-09-08/",
            "2025-09-10/zoubi-brennan/",
            "stories/2025-09-10-zoubi-brennan/",
            "archive/",
            "topics/",
            "topics/security-cooperation/",
            "actors/",
            "actors/abdulsalam-zoubi/",
            "sources/",
            "sources/libya-observer/",
            "search/",
        ):
            assert f"{lang}/{path}index.html" in site, f"{lang}/{path}"
        assert f"{lang}/feed.xml" in site
    assert {
        "index.html",
        "404.html",
        "sitemap.xml",
        "sitemaps/2025-09.xml",
        "sitemaps/undated.xml",
        "robots.txt",
        "assets/style.css",
        "assets/search.js",
        "assets/fonts/Amiri-Regular.woff2",
        "assets/fonts/Amiri-Bold.woff2",
        "assets/favicon.svg",
    } <= set(site)


def test_brief_page_shows_event_actors_places_topics_dates_and_coverage(site):
    en = html(site, "en/2025-09-10/zoubi-brennan/index.html")
    assert (
        '<p class="event-line">Meeting · Tripoli · Wed 10 Sep 2025 — Abdulsalam al-Zoubi (Undersecretary of '
        "Defence, GNU) with Lt Gen John Brennan (Deputy Commander, AFRICOM)</p>"
    ) in en
    assert (
        '<a href="../../actors/abdulsalam-zoubi/">Abdulsalam al-Zoubi</a><span class="role">, Undersecretary of Defence, GNU</span>'
        in en
    )
    assert "<li>Tripoli</li>" in en
    assert '<a href="../../topics/security-cooperation/">Security cooperation</a>' in en
    assert '<time datetime="2025-09-10">Wednesday, 10 September 2025</time>' in en
    # several outlets: also reported by, and the current one marked
    assert '<span class="label">also reported by</span>' in en
    assert '<a href="./" aria-current="page"><bdi>Libya Observer</bdi></a>' in en
    # related coverage in the thread
    assert '<a href="../../2025-09-08/tripoli-talks/">' in en
    # key points reveal the Arabic source; sentences carry their provenance and anchors
    assert '<details class="source-sentence">' in en and '<p lang="ar" dir="rtl">' in en
    assert '<p id="s1">' in en and "provenance-" not in en.split('class="full-text"', 1)[1]  # all reviewed: unmarked
    ar = html(site, "ar/2025-09-10/zoubi-brennan/index.html")
    assert '<p class="event-line">اجتماع · طرابلس' in ar
    assert "<summary>الترجمة الإنجليزية</summary>" in ar and '<p lang="en" dir="ltr">' in ar
    assert "<dt>الشخصيات والجهات</dt>" in ar and "وكيل وزارة الدفاع" in ar
    assert "اليوم الأربعاء (<time" in ar


def test_story_page_lists_every_report_and_the_thread(site):
    page = html(site, "en/stories/2025-09-10-zoubi-brennan/index.html")
    assert page.count('<li class="report"') == 2
    assert "Zoubi meets Brennan" in page and "Zoubi and Brennan discuss" in page
    assert '<a href="../../2025-09-08/tripoli-talks/">' in page
    assert '<ul lang="en" dir="ltr">' in html(site, "ar/stories/2025-09-10-zoubi-brennan/index.html")


def test_actor_topic_and_source_pages(site):
    actor = html(site, "en/actors/abdulsalam-zoubi/index.html")
    assert actor.count('<li class="mention">') == 3  # two reports of the 10th, one of the 8th
    assert actor.index("2025-09-10") < actor.index("2025-09-08")  # newest first
    # a list page names each story by headline and event line, not its sentences
    assert '<p class="event-line">Meeting · Tripoli' in actor
    assert "Zoubi stressed the importance of the partnership." not in actor
    topic = html(site, "ar/topics/security-cooperation/index.html")
    assert "<h1>التعاون الأمني</h1>" in topic and topic.count("<li><time") == 2
    source = html(site, "ar/sources/" + slugify("بوابة الوسط") + "/index.html")
    assert "<h1><bdi>بوابة الوسط</bdi></h1>" in source
    assert "مقال واحد" in source


def test_digest_links_previous_and_next_day(site):
    newer = html(site, "en/2025-09-10/index.html")
    older = html(site, "en/2025-09-08/index.html")
    assert 'rel="prev" href="../2025-09-08/"' in newer and 'rel="next"' not in newer
    assert 'rel="next" href="../2025-09-10/"' in older


def test_archive_groups_days_by_month(site):
    page = html(site, "en/archive/index.html")
    assert '<h2 id="2025-09">September 2025</h2>' in page


def test_arabic_brief_pages_carry_the_hidden_search_field(site):
    page = html(site, "ar/2025-09-10/zoubi-brennan/index.html")
    field = re.search(r'<div class="search-terms" hidden data-pagefind-weight="0.5">([^<]*)</div>', page)
    assert field
    words = field.group(1).split()
    assert "امني" in words and "تعاون" in words  # التعاون الأمني: no hamza, no article
    assert "search-terms" not in html(site, "en/2025-09-10/zoubi-brennan/index.html")


def test_plan_refuses_two_pages_at_one_path():
    digests = sample_digests()
    twin = digests[0].stories[1]
    clash = Digest(D10, digests[0].stories + (Story("2025-09-10/other", twin.briefs),))
    from generator.errors import BuildError

    with pytest.raises(BuildError, match="two pages would be written"):
        plan_pages([clash])


def test_relative_url():
    assert relative_url("en/2025-09-10/x/index.html", "en/index.html") == "../../"
    assert relative_url("en/index.html", "en/index.html") == "./"
    assert relative_url("en/search/index.html", "pagefind/pagefind.js") == "../../pagefind/pagefind.js"


def test_stylesheet_uses_logical_properties_only():
    css = (REPO / "templates" / "static" / "style.css").read_text(encoding="utf-8")
    body = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
    physical = re.findall(
        r"(?:margin|padding|border)-(?:left|right)|(?<![-\w])(?:left|right)\s*:|"
        r"(?:text-align|float|clear)\s*:\s*(?:left|right)",
        body,
    )
    assert physical == []
    assert "font-display: swap" in css and "unicode-range: U+0600-06FF" in css
    assert "prefers-color-scheme: dark" in css and "@media print" in css
    assert "http" not in body  # fonts come from the site itself, no CDN


def many_stories(count: int, *, thread: bool = False) -> list[Digest]:
    """*count* one-report stories on one topic by one outlet, one a day;
    with *thread*, all in one thread (each relating to every other)."""
    days = [D10 - dt.timedelta(days=n) for n in range(count)]
    items = [
        make_item(
            f"r{n:03d}",
            day,
            "Libya Observer",
            f"خبر رقم {n}",
            ["جملة أولى.", "جملة ثانية."],
            [f"Report {n}", "First.", "Second."],
            actors=(ZOUBI,),
            topics=(SECURITY,),
        )
        for n, day in enumerate(days)
    ]
    ids = [f"{day.isoformat()}/r{n:03d}" for n, day in enumerate(days)]
    stories = [
        Story(ids[n], (item,), "thread:long" if thread else None, tuple(i for i in ids if i != ids[n]) if thread else ())
        for n, item in enumerate(items)
    ]
    return [Digest(day, (story,)) for day, story in zip(days, stories)]


def test_list_pages_are_paginated_newest_first_with_rel_next_and_prev(tmp_path):
    from generator.site.render import PAGE_SIZE

    count = PAGE_SIZE * 3 + 3  # runs of PAGE_SIZE from the oldest: 20, 20, 20 and 3
    files, _ = render_site(config_for(tmp_path), many_stories(count), D10)
    for first in ("en/topics/security-cooperation/", "ar/actors/abdulsalam-zoubi/", "en/sources/libya-observer/"):
        newest, middle, oldest = (html(files, first + rest) for rest in ("index.html", "page/2/index.html", "page/1/index.html"))
        assert first + "page/3/index.html" not in files
        entries = [page.count("<li><time") + page.count('class="mention"') for page in (newest, middle, oldest)]
        assert entries == [PAGE_SIZE + 3, PAGE_SIZE, PAGE_SIZE]  # the first page holds the newest two runs
        assert '<link rel="next" href="page/2/">' in newest and 'rel="prev"' not in newest
        assert '<link rel="prev" href="../../">' in middle and '<link rel="next" href="../1/">' in middle
        assert '<link rel="prev" href="../2/">' in oldest and 'rel="next"' not in oldest
    topic = html(files, "en/topics/security-cooperation/index.html")
    assert topic.index("Report 0<") < topic.index("Report 1<")  # newest first
    assert f"Report {PAGE_SIZE + 2}<" in topic and f"Report {PAGE_SIZE + 3}<" not in topic
    assert f">{count} stories<" in topic
    # the other pages state the days they cover, not how many pages or stories come after them
    middle = html(files, "en/topics/security-cooperation/page/2/index.html")
    assert f"Report {PAGE_SIZE + 3}<" in middle and "stories<" not in middle and "Page " not in middle
    newest_day, oldest_day = D10 - dt.timedelta(days=PAGE_SIZE + 3), D10 - dt.timedelta(days=2 * PAGE_SIZE + 2)
    assert f"From {oldest_day.day} {oldest_day:%B %Y} to {newest_day.day} {newest_day:%B %Y}" in middle
    assert re.search(r'Newer</a>\s+<span class="page-span">From [^<]+</span>\s+<a rel="next"', middle)  # not run together
    # both languages have the same pages, paired
    assert "ar/topics/security-cooperation/page/1/index.html" in files


def test_older_list_pages_stay_as_they_are_when_the_list_grows(tmp_path):
    """A new story changes the first page of each of its lists and nothing
    else, unless it starts a new run of entries: then the run before it gets
    a page of its own, linked from the page before (byte for byte)."""
    from generator.site.render import PAGE_SIZE

    stories = many_stories(PAGE_SIZE * 4 + 2)  # one a day, the newest first
    sites = [render_site(config_for(tmp_path), stories[n:], D10)[0] for n in (2, 1, 0)]
    lists = ("en/topics/security-cooperation/", "ar/actors/abdulsalam-zoubi/", "en/sources/libya-observer/")
    for first in lists:
        older = [sorted(p for p in site if p.startswith(first + "page/")) for site in sites]
        assert older == [[first + f"page/{n}/index.html" for n in numbers] for numbers in ((1, 2), (1, 2, 3), (1, 2, 3))]
    for before, after, changed in ((sites[0], sites[1], ("page/2/", "page/3/")), (sites[1], sites[2], ())):
        for first in lists:
            assert before[first + "index.html"] != after[first + "index.html"]
            pages = [p for p in after if p.startswith(first + "page/")]
            assert sorted(p for p in pages if before.get(p) != after[p]) == [first + c + "index.html" for c in changed]


def test_related_coverage_is_bounded_and_links_the_thread(tmp_path):
    from generator.site.render import RELATED_LIMIT

    count = RELATED_LIMIT + 10
    files, _ = render_site(config_for(tmp_path), many_stories(count, thread=True), D10)
    brief = html(files, "en/2025-09-10/r000/index.html")
    related = brief[brief.index('<ol class="related story-list"') :]
    related = related[: related.index("</ol>")]
    assert related.count("<li><time") == RELATED_LIMIT
    assert "Report 1<" in related and f"Report {RELATED_LIMIT + 1}<" not in related  # the newest others
    began = D10 - dt.timedelta(days=count - 1)
    assert f'<a class="thread-link" href="../../threads/long/">The whole thread, since {began.day} {began:%B %Y}</a>' in brief
    thread = html(files, "en/threads/long/index.html")  # the thread's timeline lists every story
    assert thread.count('<li class="timeline-event">') == count
    digest = html(files, "en/2025-09-10/index.html")
    assert digest.count("../stories/") <= RELATED_LIMIT + 2 and "thread-link" in digest


def test_related_coverage_shows_the_stories_around_a_story(tmp_path):
    """An older story lists those of its thread nearest it (two older, three
    newer), so a story that joins the thread at its new end changes the
    pages of the last few stories only."""
    from generator.site.render import RELATED_LIMIT

    count = RELATED_LIMIT * 3
    stories = many_stories(count + 1, thread=True)  # one a day, the newest first
    before, _ = render_site(config_for(tmp_path), stories[1:], D10)
    after, _ = render_site(config_for(tmp_path), stories, D10)

    def related(site, n: int) -> list[str]:
        page = html(site, f"en/{(D10 - dt.timedelta(days=n)).isoformat()}/r{n:03d}/index.html")
        shown = page[page.index('<ol class="related story-list"') :]
        return re.findall(r"Report (\d+)<", shown[: shown.index("</ol>")])

    assert related(after, 8) == ["5", "6", "7", "9", "10"]  # newest first, around report 8
    assert related(after, 1) == ["0", "2", "3", "4", "5"]  # the newest but one: one newer, the rest older
    assert related(after, count) == [str(n) for n in range(count - RELATED_LIMIT, count)]  # the oldest
    for n in range(1, count + 1):
        brief = f"en/{(D10 - dt.timedelta(days=n)).isoformat()}/r{n:03d}/index.html"
        story = f"en/stories/{(D10 - dt.timedelta(days=n)).isoformat()}-r{n:03d}/index.html"
        unchanged = before[brief] == after[brief] and before[story] == after[story]
        assert unchanged == (n > RELATED_LIMIT - RELATED_LIMIT // 2), n  # only the pages of reports 1 to 3 change


def with_english(item: BilingualBrief, provenance: str, engine: str | None = None, *, mixed: bool = False) -> BilingualBrief:
    """*item* with every English string of one provenance (the first
    sentence and key point kept reviewed when *mixed*)."""

    def one(t: TranslatedText, keep: bool) -> TranslatedText:
        if keep:
            return t
        return TranslatedText(t.source, None if provenance == "pending" else t.text, provenance, engine)  # type: ignore[arg-type]

    return replace(
        item,
        key_points=tuple(one(t, mixed and n == 0) for n, t in enumerate(item.key_points)),
        sentences=tuple(one(t, mixed and n == 0) for n, t in enumerate(item.sentences)),
    )


def brief_page_of(tmp_path, item: BilingualBrief) -> str:
    files, _ = render_site(config_for(tmp_path), [Digest(D10, (Story(item.id, (item,)),))], D10)
    return html(files, f"en/{D10.isoformat()}/{item.brief.article.slug}/index.html")


def three_sentences() -> BilingualBrief:
    return make_item(
        "one", D10, "Libya Observer", "خبر", ["جملة أولى.", "جملة ثانية.", "جملة ثالثة."], ["News", "First.", "Second.", "Third."]
    )


def test_english_of_one_provenance_says_so_once_per_list(tmp_path):
    page = brief_page_of(tmp_path, with_english(three_sentences(), "machine", "opus-mt"))
    points = page[page.index('class="key-points-section"') : page.index('class="coverage"')]
    text = page[page.index('class="full-text"') :]
    for part in (points, text):
        assert part.count("machine: opus-mt") == 1  # once, above the list or section
        assert 'class="provenance-note"' in part
    assert "<li>First.\n<details" in points  # the point itself unlabelled, its Arabic source still revealed
    assert '<p lang="ar" dir="rtl">جملة أولى.</p>' in points
    assert '<p id="s2">Second.</p>' in text


def test_english_of_mixed_provenance_is_labelled_per_string(tmp_path):
    page = brief_page_of(tmp_path, with_english(three_sentences(), "machine", "opus-mt", mixed=True))
    text = page[page.index('class="full-text"') :]
    assert 'class="provenance-note"' not in page
    assert '<p id="s1">First.</p>' in text  # reviewed: unmarked
    assert text.count("machine: opus-mt") == 2  # the two machine sentences, each labelled


def test_a_sentence_awaiting_translation_is_shown_but_not_indexed_in_english(tmp_path):
    """The English search index holds English: a sentence shown in Arabic
    while its translation is pending is left out of it (the Arabic index has
    it), its translated neighbours are not."""
    page = brief_page_of(tmp_path, with_english(three_sentences(), "pending", mixed=True))
    text = page[page.index('class="full-text"') :]
    assert '<p id="s1">First.</p>' in text
    for n, arabic_text in ((2, "جملة ثانية."), (3, "جملة ثالثة.")):
        assert f'<p id="s{n}" data-pagefind-ignore><span lang="ar" dir="rtl">{arabic_text}</span>' in text


def test_untranslated_english_page_shows_the_arabic_once(tmp_path):
    page = brief_page_of(tmp_path, with_english(three_sentences(), "pending")).split("<body", 1)[1]
    assert page.count("جملة أولى.") == 1 and page.count("جملة ثانية.") == 1  # key points are links, not copies
    assert page.count("awaiting translation") == 1
    assert '<a href="#s1">1</a>, <a href="#s2">2</a>' in page
    assert '<div lang="ar" dir="rtl" data-pagefind-ignore>' in page
    assert '<p id="s1" class="key-point">جملة أولى.</p>' in page and '<p id="s3">جملة ثالثة.</p>' in page
