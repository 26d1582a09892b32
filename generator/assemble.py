"""From bilingual briefs to stories and daily digests (pure functions)."""
from __future__ import annotations

from collections import defaultdict
from typing import Iterable, Mapping

from .models import BilingualBrief, Brief, Digest, Story, TranslatedText


def pending(source: str) -> TranslatedText:
    return TranslatedText(source=source, text=None, provenance="pending")


def translate_brief(brief: Brief, translations: Mapping[str, TranslatedText]) -> BilingualBrief:
    """Attach the English rendering of every string the site shows."""
    def look(source: str) -> TranslatedText:
        if brief.article.lang == "en":  # already English: shown as written
            return TranslatedText(source=source, text=source, provenance="original")
        return translations.get(source) or pending(source)

    return BilingualBrief(
        brief=brief,
        headline=look(brief.headline),
        key_points=tuple(look(point.text) for point in brief.key_points),
        sentences=tuple(look(sentence.text) for sentence in brief.sentences),
    )


def segments_of(brief: Brief) -> list[str]:
    """The Arabic strings of a brief that need an English rendering (none for
    an English article: it is never sent to a translation engine)."""
    if brief.article.lang == "en":
        return []
    out = [brief.headline]
    out.extend(point.text for point in brief.key_points)
    out.extend(sentence.text for sentence in brief.sentences)
    return out


def unique_segments(briefs: Iterable[Brief]) -> list[str]:
    """Every Arabic segment of the briefs once, in first-seen order (stable
    across builds, so the cache and exports see the same sequence)."""
    return list(dict.fromkeys(segment for brief in briefs for segment in segments_of(brief)))


def assemble_digests(stories: Iterable[Story]) -> list[Digest]:
    """One digest per publication day, most-reported story first, newest day first."""
    by_day: dict = defaultdict(list)
    for story in stories:
        by_day[story.date].append(story)
    digests = []
    for day in sorted(by_day, reverse=True):
        ordered = sorted(by_day[day], key=lambda s: (-len(s.briefs), s.id))
        digests.append(Digest(date=day, stories=tuple(ordered)))
    return digests
