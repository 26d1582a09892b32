"""Briefing one article: the Arabic structured summary (a pure stage)."""
from __future__ import annotations

from dataclasses import replace

from .arabic import normalise
from .clean import clean_article, sentences_of
from .models import Article, Brief, CleanArticle, KeyPoint, Sentence

MAX_KEY_POINTS = 5
MIN_KEY_POINTS = 3
HEADLINE_MAX_WORDS = 18


def derive_headline(sentences: tuple[Sentence, ...]) -> str:
    """A headline from the lead sentence: cut at the last clause boundary (the
    Arabic comma) that keeps it under the word limit, never mid-clause."""
    if not sentences:
        return ""
    lead = sentences[0].text.rstrip(" .؟?!…")
    if len(lead.split()) <= HEADLINE_MAX_WORDS:
        return lead
    clauses = lead.split("،")
    best = clauses[0]
    for n in range(1, len(clauses) + 1):
        candidate = "،".join(clauses[:n]).strip()
        if len(candidate.split()) > HEADLINE_MAX_WORDS and n > 1:
            break
        best = candidate
    # a cut after an appositive ("بحث وكيل ...، عبدالسلام الزوبي") reads badly;
    # prefer the longest cut that does not exceed twice the limit
    if len(best.split()) < 6:
        for n in range(len(clauses), 0, -1):
            candidate = "،".join(clauses[:n]).strip()
            if len(candidate.split()) <= 2 * HEADLINE_MAX_WORDS:
                return candidate
    return best


def lead_key_points(sentences: tuple[Sentence, ...]) -> tuple[KeyPoint, ...]:
    count = min(MAX_KEY_POINTS, max(MIN_KEY_POINTS, len(sentences) // 3))
    return tuple(KeyPoint(s.index, s.text) for s in sentences[:count])


def brief_clean_article(clean: CleanArticle) -> Brief:
    sentences = sentences_of(clean)
    article = clean.article
    headline = article.title or derive_headline(sentences)
    # the title repeated as the first sentence adds nothing as a key point
    if sentences and normalise(sentences[0].text) == normalise(headline):
        sentences = tuple(replace(s, index=i) for i, s in enumerate(sentences[1:]))
    return Brief(
        article=article,
        headline=headline,
        sentences=sentences,
        key_points=lead_key_points(sentences),
        removed=clean.removed,
        byline=clean.byline,
        dateline=clean.dateline,
    )


def brief_article(article: Article) -> Brief:
    """Clean and brief one article: the library call behind ``briefing brief``."""
    return brief_clean_article(clean_article(article))
