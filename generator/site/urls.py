"""The site's URL scheme: where each page is written, and links between them.

Every page exists in both languages (``{lang}`` = ar | en)::

    /                                   language chooser
    /404.html                           not found (absolute links)
    /{lang}/                            home: the latest digest
    /{lang}/{yyyy-mm-dd}/               daily digest, previous/next day
    /{lang}/{yyyy-mm-dd}/{slug}/        brief: one article
    /{lang}/stories/{story-slug}/       story: one event, every report
    /{lang}/archive/#{yyyy-mm}          archive by month (older days: archive/page/N/)
    /{lang}/threads/{thread-slug}/      thread: the stories one thread links
    /{lang}/topics/ and /{lang}/topics/{topic-id}/
    /{lang}/actors/ and /{lang}/actors/{actor-slug}/
    /{lang}/sources/ and /{lang}/sources/{outlet-slug}/
    .../page/{n}/                       later pages of a topic, actor, source or the archive
    /{lang}/search/                     Pagefind search
    /{lang}/feed.xml                    Atom feed (and one per topic and actor)
    /sitemap.xml, /sitemaps/{yyyy-mm}.xml, /robots.txt  a sitemap index, a sitemap a month

Links between pages are relative (``relative_url``), so the site works at a
domain's root, under a project sub-path or from disk; absolute URLs (feeds,
sitemap, canonical, email) are ``absolute_url(base_url, path)``.
"""

from __future__ import annotations

import datetime as dt
import functools
import posixpath

from ..models import Actor, BilingualBrief, Story
from ..safety import slugify

NOT_FOUND_PATH = "404.html"


def home_path(lang: str) -> str:
    return f"{lang}/index.html"


def digest_path(lang: str, day: dt.date) -> str:
    return f"{lang}/{day.isoformat()}/index.html"


def brief_path(lang: str, item: BilingualBrief) -> str:
    article = item.brief.article
    return f"{lang}/{article.date.isoformat()}/{article.slug}/index.html"


def story_path(lang: str, story: Story | str) -> str:
    story_id = story if isinstance(story, str) else story.id
    return f"{lang}/stories/{slugify(story_id)}/index.html"


def archive_path(lang: str) -> str:
    return f"{lang}/archive/index.html"


def topics_path(lang: str) -> str:
    return f"{lang}/topics/index.html"


def topic_path(lang: str, topic_id: str) -> str:
    return f"{lang}/topics/{slugify(topic_id)}/index.html"


def actors_path(lang: str) -> str:
    return f"{lang}/actors/index.html"


def actor_path(lang: str, actor_id: str) -> str:
    return f"{lang}/actors/{slugify(actor_id)}/index.html"


def sources_path(lang: str) -> str:
    return f"{lang}/sources/index.html"


def source_path(lang: str, outlet: str) -> str:
    return f"{lang}/sources/{slugify(outlet)}/index.html"


def thread_path(lang: str, thread_id: str) -> str:
    # "thread:clashes" -> threads/clashes/: the prefix says nothing in a URL
    return f"{lang}/threads/{slugify(thread_id.removeprefix('thread:'))}/index.html"


def paged_path(first: str, number: int) -> str:
    """Page *number* of a paginated list whose first page is *first*: the
    first page is number 0, the others count from the oldest (1)."""
    if number <= 0:
        return first
    return f"{first[: -len('index.html')]}page/{number}/index.html"


def search_path(lang: str) -> str:
    return f"{lang}/search/index.html"


def topic_feed_path(lang: str, topic_id: str) -> str:
    return f"{lang}/topics/{slugify(topic_id)}/feed.xml"


def actor_feed_path(lang: str, actor_id: str) -> str:
    return f"{lang}/actors/{slugify(actor_id)}/feed.xml"


def feed_path(lang: str) -> str:
    return f"{lang}/feed.xml"


def note_target_path(lang: str, target: Story | Actor | BilingualBrief) -> str:
    """The page an analyst's note links to: a story, an actor or an article."""
    if isinstance(target, Story):
        return story_path(lang, target)
    if isinstance(target, Actor):
        return actor_path(lang, target.id)
    return brief_path(lang, target)


# the path functions templates call by name
PATHS = {
    "home_path": home_path,
    "digest_path": digest_path,
    "brief_path": brief_path,
    "story_path": story_path,
    "archive_path": archive_path,
    "topics_path": topics_path,
    "topic_path": topic_path,
    "actors_path": actors_path,
    "actor_path": actor_path,
    "sources_path": sources_path,
    "source_path": source_path,
    "search_path": search_path,
    "feed_path": feed_path,
    "thread_path": thread_path,
    "paged_path": paged_path,
    "topic_feed_path": topic_feed_path,
    "actor_feed_path": actor_feed_path,
}


def _relpath(target: str, start: str) -> str:
    """``posixpath.relpath`` for the site's own relative, normalised paths,
    without its abspath/getcwd calls (it ran 600,000 times a build)."""
    to, here = _parts(target), _parts(start)
    common = 0
    for a, b in zip(to, here):
        if a != b:
            break
        common += 1
    return "/".join(("..",) * (len(here) - common) + to[common:]) or "."


@functools.lru_cache(maxsize=1 << 14)
def _parts(path: str) -> tuple[str, ...]:
    """The folders of a site path (a build splits the same few thousand paths
    a hundred thousand times)."""
    return tuple(part for part in path.split("/") if part and part != ".")


@functools.lru_cache(maxsize=1 << 16)
def relative_url(from_path: str, to_path: str) -> str:
    """A link from one output file to another, ending in '/' for index pages."""
    target = to_path[: -len("index.html")] if to_path.endswith("index.html") else to_path
    start = posixpath.dirname(from_path) or "."
    rel = _relpath(target or ".", start)
    if target.endswith("/") or target == "":
        rel = rel.rstrip("/") + "/"
    if rel == "./":
        return "./"
    return rel


def absolute_url(base_url: str, path: str) -> str:
    """The public URL of an output file: base_url + path, without 'index.html'."""
    if path.endswith("index.html"):
        path = path[: -len("index.html")]
    return base_url + path
