"""Briefing one article: the Arabic structured summary (a pure stage).

clean → sentences → headline → the annotated document (``text.document``:
the sentences tokenised, folded and matched against the gazetteer once) →
key points, actors and places, dates, topics, event line, each reading the
document.  The lexicons (gazetteer, topic taxonomy) are read once per build
by ``BriefResources.load`` and passed in, so the stage itself does no I/O.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path

from ..text.arabic import normalise
from .clean import clean_article, sentences_of, story_title
from ..config import GAZETTEER_FILE, TAXONOMY_FILE, Config
from .dates import resolve_dates
from .english import brief_english, keep_language
from .entities import extract_entities
from .events import detect_event_explained
from ..text.gazetteer import Gazetteer, load_gazetteer
from ..models import Article, Brief, CleanArticle, Problem, Sentence
from .relevance import assess
from .summarise import flagged_texts, headline_from_lead, key_points
from ..text.document import HEADLINE_INDEX, annotate
from .topics import Taxonomy, load_taxonomy, match_topics


@dataclass(frozen=True)
class BriefResources:
    gazetteer: Gazetteer = field(default_factory=Gazetteer)
    taxonomy: Taxonomy = field(default_factory=Taxonomy)
    focus: str = ""  # the configured focus country (gazetteer id); "": no focus check

    @classmethod
    def load(cls, config: Config) -> tuple["BriefResources", list[Problem]]:
        """Read the lexicons; a missing one is a warning (briefs are then
        poorer, not wrong), a broken one an error naming file and line."""
        problems: list[Problem] = []
        loaded = []
        for name, loader, empty, missing in (
            (GAZETTEER_FILE, load_gazetteer, Gazetteer, "no gazetteer: only titled names are found as actors"),
            (TAXONOMY_FILE, load_taxonomy, Taxonomy, "no topic taxonomy: briefs get no topics"),
        ):
            path = config.content_path / name
            if path.exists():
                lexicon, found = loader(path)
                problems += found
            else:
                lexicon = empty()
                problems.append(Problem(path.as_posix(), None, missing, "warning"))
            loaded.append(lexicon)
        gazetteer, taxonomy = loaded
        assert isinstance(gazetteer, Gazetteer) and isinstance(taxonomy, Taxonomy)
        return cls(gazetteer, taxonomy, config.focus), [_relative(p, config.root) for p in problems]


def _relative(problem: Problem, root: Path) -> Problem:
    path = Path(problem.path)
    if path.is_absolute() and path.is_relative_to(root):
        return replace(problem, path=path.relative_to(root).as_posix())
    return problem


def brief_clean_article(clean: CleanArticle, resources: BriefResources) -> Brief:
    article = clean.article
    if article.lang == "en":
        return brief_english(clean, resources.gazetteer, resources.taxonomy)
    # a mixed page's English sentences are never briefed as Arabic
    sentences, language_notes = keep_language(sentences_of(clean), "ar")
    # without "- عين ليبيا" and the like; another story's headline is set aside
    title, title_note = story_title(clean)
    # the title repeated as the first sentence adds nothing as a key point
    if title and sentences and normalise(sentences[0].text) == normalise(title):
        sentences = tuple(replace(s, index=i) for i, s in enumerate(sentences[1:]))
    headline = title or headline_from_lead(sentences)
    # the text layer reads the sentences once; every extractor reads its annotation
    document = annotate(sentences, resources.gazetteer, headline)
    actors, places, entity_notes = extract_entities(sentences, resources.gazetteer, document)
    mentions, event_date, date_notes = resolve_dates(sentences, article.date, document)
    # the headline is the editor's own summary: its words count as evidence too
    headline_sentence = (Sentence(HEADLINE_INDEX, headline, HEADLINE_INDEX),) if headline else ()
    topics = match_topics(headline_sentence + sentences, resources.taxonomy, document=document)
    event, event_notes = detect_event_explained(sentences, actors, places, event_date, headline, document)
    return Brief(
        article=article,
        headline=headline,
        sentences=sentences,
        key_points=key_points(sentences, title=title, flagged=flagged_texts(clean.removed), document=document),
        actors=actors,
        places=places,
        dates=mentions,
        event_date=event_date,
        topics=topics,
        event=event,
        removed=clean.removed,
        byline=clean.byline,
        dateline=clean.dateline,
        explanation=tuple(language_notes)
        + tuple(date_notes)
        + tuple(entity_notes)
        + tuple(event_notes)
        + ((title_note,) if title_note else ()),
    )


def brief_article(article: Article, resources: BriefResources | None = None) -> Brief:
    """Clean and brief one article: the library call behind ``briefing brief``."""
    resources = resources or BriefResources()
    clean = clean_article(article)
    # page kind and focus: listings, multi-story and off-focus pages are told apart
    return assess(brief_clean_article(clean, resources), clean, resources.gazetteer, resources.focus)
