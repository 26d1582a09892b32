"""The data that flows between pipeline stages.

Every stage is a function from one of these frozen dataclasses to the next;
none of them does I/O.  Reading files, caching and writing happen at the
edges (``content.py``, ``translation/cache.py``, ``output.py``).
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
from dataclasses import dataclass
from typing import Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the input, reported Sphinx-style."""

    path: str
    line: int | None
    message: str
    severity: Severity = "error"

    def format(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.severity}: {self.message}"


@dataclass(frozen=True)
class Article:
    """An article as read from ``content/articles``: front matter plus raw body."""

    path: str  # as shown to the user, relative to the project root
    slug: str
    title: str  # may be empty: the brief then derives a headline
    date: dt.date  # publication date
    source: str  # outlet name
    url: str | None
    lang: str
    body: str  # raw body text (Markdown or scraped text), not yet cleaned
    body_line: int  # 1-based line of the file where the body starts
    author: str | None = None
    tags: tuple[str, ...] = ()
    notes: str | None = None  # free text from front matter (e.g. how the date was chosen)


@dataclass(frozen=True)
class Removal:
    """A piece of the raw body that cleaning took out, and why."""

    line: int  # 1-based line in the article file
    text: str
    reason: str  # e.g. "related-headlines", "comment-form", "image-filenames"


@dataclass(frozen=True)
class CleanArticle:
    """The article after boilerplate removal: the story's paragraphs only."""

    article: Article
    paragraphs: tuple[str, ...]
    removed: tuple[Removal, ...] = ()
    byline: str | None = None
    dateline: str | None = None
    subheadings: tuple[str, ...] = ()  # crossheads found in the body (kept out of sentences)
    # every non-empty line of the page, in order, with the reason the cleaning
    # took it out (None: story text); the page-kind check reads the page's form here
    lines: tuple[tuple[str, str | None], ...] = ()


@dataclass(frozen=True)
class Sentence:
    index: int  # position in the article's sentence list, 0-based
    text: str
    paragraph: int


@dataclass(frozen=True)
class KeyPoint:
    sentence_index: int  # index into Brief.sentences: the Arabic source sentence
    text: str  # the (Arabic) text shown as the key point
    score: float = 0.0


@dataclass(frozen=True)
class Actor:
    """A person or organisation named in the article."""

    id: str  # gazetteer id, or "unknown:<romanised-slug>"
    kind: Literal["person", "organisation"]
    name_en: str
    name_ar: str  # as it appears in the text (first mention)
    role_en: str | None = None  # with the institution: "Undersecretary of Defence, GNU"
    role_ar: str | None = None
    rank_en: str | None = None  # military rank shown before the name: "Lt Gen"
    rank_ar: str | None = None
    in_gazetteer: bool = True
    sentences: tuple[int, ...] = ()  # Sentence.index of each sentence the brief matched this actor in

    def display(self, lang: str) -> str:
        """The name with rank, in the page language."""
        name, rank = (self.name_en, self.rank_en) if lang == "en" else (self.name_ar, self.rank_ar)
        return f"{rank} {name}" if rank else name

    def role(self, lang: str) -> str | None:
        return self.role_en if lang == "en" else self.role_ar


@dataclass(frozen=True)
class Place:
    id: str
    name_en: str
    name_ar: str
    kind: str = "city"  # city, country, region, site

    def display(self, lang: str) -> str:
        return self.name_en if lang == "en" else self.name_ar


@dataclass(frozen=True)
class DateMention:
    text: str  # the Arabic words, e.g. "اليوم الأربعاء"
    resolved: dt.date | None
    note: str | None = None  # why it could not be resolved, or the conflict


@dataclass(frozen=True)
class TopicMatch:
    id: str
    label_en: str
    label_ar: str
    evidence: tuple[str, ...]  # the words in the text that triggered the topic


@dataclass(frozen=True)
class EventLine:
    """Who/what/where/when, rendered into each language from templates."""

    kind: str  # meeting, visit, call, statement, attack, appointment
    place: Place | None
    date: dt.date | None
    principal: Actor | None
    counterparts: tuple[Actor, ...] = ()


@dataclass(frozen=True)
class Relevance:
    """Whether a page is a news article about the project's focus (see
    ``generator.briefs.relevance``), with the evidence for ``brief --explain``."""

    focus: str  # "on" or "off" the configured focus country
    page_kind: str  # "article", "listing" (tag or search page of teasers) or "multi" (several stories)
    evidence: tuple[str, ...] = ()

    @property
    def is_news(self) -> bool:
        """An article about the focus: what the digest shows."""
        return self.focus == "on" and self.page_kind == "article"


@dataclass(frozen=True)
class Brief:
    """The structured summary of one Arabic article (still Arabic only)."""

    article: Article
    headline: str
    sentences: tuple[Sentence, ...]
    key_points: tuple[KeyPoint, ...]
    actors: tuple[Actor, ...] = ()
    places: tuple[Place, ...] = ()
    dates: tuple[DateMention, ...] = ()
    event_date: dt.date | None = None
    topics: tuple[TopicMatch, ...] = ()
    event: EventLine | None = None
    removed: tuple[Removal, ...] = ()
    byline: str | None = None
    dateline: str | None = None
    explanation: tuple[str, ...] = ()  # human-readable reasons (dates, clustering)
    relevance: Relevance | None = None  # focus and page kind; None when not assessed

    @functools.cached_property
    def id(self) -> str:
        """``yyyy-mm-dd/slug``: made once per brief (a rebuild of one new day's
        article at 5,000 asked for ids 100,000 times) and, like ``digest``,
        carried in its pickle."""
        return f"{self.article.date.isoformat()}/{self.article.slug}"

    @functools.cached_property
    def digest(self) -> str:
        """A hash of the brief as it is: every field, by its repr (a pickle
        depends on which equal strings are one object).  Made once per brief
        and carried in its pickle to the build store and back, so a rebuild's
        clustering keys and page fingerprints do not repr thousands of
        unchanged briefs again (at 5,000 articles that was 3 s of a one-article
        rebuild).  Safe to keep: a brief and all it holds are frozen."""
        return hashlib.sha256(repr(self).encode("utf-8", "surrogatepass")).hexdigest()


# "generated": written by us from the brief's structure (an English headline
# from the event line's fields), used only while no translation exists.
# "original": the source text is already English (an English-language
# article), shown as written and never sent to an engine.
Provenance = Literal["reviewed", "machine", "generated", "pending", "original"]


@dataclass(frozen=True)
class TranslatedText:
    """An English rendering of one Arabic segment, and where it came from."""

    source: str  # the Arabic text (the English text itself when provenance is "original")
    text: str | None  # English; None while pending
    provenance: Provenance
    engine: str | None = None  # for machine translations: which engine

    @property
    def is_pending(self) -> bool:
        return self.provenance == "pending"


@dataclass(frozen=True)
class BilingualBrief:
    """A brief with every Arabic string that the site shows rendered in English."""

    brief: Brief
    headline: TranslatedText
    key_points: tuple[TranslatedText, ...]
    sentences: tuple[TranslatedText, ...] = ()  # full article text, when translated

    @property
    def id(self) -> str:
        return self.brief.id


@dataclass(frozen=True)
class Significance:
    """A story's significance score and its parts, for the "why first" note."""

    score: float
    outlets: int  # distinct outlets reporting the story
    actors: tuple[Actor, ...]  # the most prominent actors, most prominent first (at most 2)
    event_kind: str | None
    follow_up: bool  # continues a thread with an earlier story


@dataclass(frozen=True)
class Story:
    """One event, as reported by one or more outlets (an event cluster)."""

    id: str
    briefs: tuple[BilingualBrief, ...]  # lead report first
    thread_id: str | None = None
    related: tuple[str, ...] = ()  # ids of other stories in the same thread, newest first
    explanation: tuple[str, ...] = ()
    significance: Significance | None = None  # set when digests are assembled

    @property
    def lead(self) -> BilingualBrief:
        return self.briefs[0]

    @property
    def date(self) -> dt.date:
        return self.lead.brief.article.date


@dataclass(frozen=True)
class NoteTarget:
    """What a note points at: a ``[[story:...]]`` or ``[[actor:...]]`` link in
    its text, or the article or thread its front matter names."""

    kind: Literal["story", "actor", "article", "thread"]
    ref: str  # as the analyst wrote it, e.g. "2025-09-10/zoubi-brennan-security-talks"
    target: Story | Actor | BilingualBrief  # the page it resolves to (in the reader's language)


@dataclass(frozen=True)
class Note:
    """An analyst's note from ``content/notes``, in one language: the day's
    assessment, or a comment on one story.  The body stays Markdown until a
    page or the email renders it (links resolve per reader language)."""

    path: str  # as shown to the user, relative to the project root
    date: dt.date
    lang: str  # the language it is written in: ar | en
    author: str
    body: str  # Markdown
    body_line: int  # 1-based line of the file where the body starts
    story_id: str | None = None  # the story commented on; None for the day's assessment
    concerns: NoteTarget | None = None  # front matter `article:` or `thread:`
    targets: tuple[NoteTarget, ...] = ()  # the [[kind:ref]] links that resolve


@dataclass(frozen=True)
class Digest:
    """All stories published on one day, most significant first."""

    date: dt.date
    stories: tuple[Story, ...]
    notes: tuple[Note, ...] = ()  # analysts' notes on the day and its stories
