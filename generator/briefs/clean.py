"""Boilerplate removal: turn a scraped article body into story paragraphs.

``clean_article`` is pure.  It works line by line, because scrapers keep the
page's blocks on separate lines: a line is either story text or one block of
page furniture (share buttons, comment form, related headlines, ...).

The guiding rule is to be conservative.  Only *whole lines* are removed, and
only when they match a label pattern, sit in a position where story text
cannot be (after the last story sentence, in a list under "اقرأ أيضا"), or
are short crossheads.  A line that reads like a sentence is story text even
if it contains "شارك" or "تعليق".  Every removal is recorded with a reason so
``briefing brief --explain`` can show it.
"""

from __future__ import annotations

import datetime as dt
import difflib
import html
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache, cached_property

# one invisible-character set and one Arabic letter class: the text layer's
from ..text.arabic import _AR_LETTER, _INVISIBLE_RE, loose_pattern, normalise, split_sentences, strip_clitics, tokenize
from ..models import Article, CleanArticle, Removal, Sentence

__all__ = ["clean_article", "sentences_of"]


# ---------------------------------------------------------------------------
# Lines
# ---------------------------------------------------------------------------


@dataclass
class _Line:
    """One non-empty line of the body, with its markup already removed."""

    number: int  # 1-based line in the article file
    text: str
    bullet: bool = False  # started with "- ", "• ", "1. " ...
    heading: bool = False  # a Markdown "# heading"
    reason: str | None = None  # set when the line is taken out of the story

    @cached_property
    def key(self) -> str:
        return _key(self.text)

    @cached_property
    def words(self) -> int:
        return len(self.text.split())


def _key(text: str) -> str:
    """Comparison form: normalised tokens only (punctuation, '*', ':' dropped)."""
    return " ".join(tokenize(text))


def _keys(*phrases: str) -> frozenset[str]:
    return frozenset(_key(p) for p in phrases)


# HTML left in scraped text.  Block-level tags end a line: "<p>a</p><p>b</p>"
# is two paragraphs that the scraper happened to put on one line.
_HTML_COMMENT_RE = re.compile(r"<!--.*?-->", re.S)
_HTML_SCRIPT_RE = re.compile(r"<(script|style)\b[^>]*>.*?</\1\s*>", re.S | re.I)
_HTML_BLOCK_RE = re.compile(
    r"<\s*(?:br|/?p|/?div|/?li|/?ul|/?ol|/?h[1-6]|/?blockquote|/?section|/?article|/?figure|/?figcaption|/?tr|hr)\b[^>]*>",
    re.I,
)
_HTML_TAG_RE = re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>")

# Markdown.
_MD_IMAGE_RE = re.compile(r"!\[[^\]]*\]\([^)]*\)")
_MD_LINK_RE = re.compile(r"\[([^\]]+)\]\((?:[^()\s]+|\([^)]*\))*(?:\s+\"[^\"]*\")?\)")
_MD_HEADING_RE = re.compile(r"^#{1,6}\s+(.*?)\s*#*\s*$")
_MD_QUOTE_RE = re.compile(r"^(?:>\s?)+")
_MD_STRONG_RE = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1")
_MD_EM_STAR_RE = re.compile(r"(?<![\w*])\*(?=\S)([^*\n]+?)(?<=\S)\*(?![\w*])")
_MD_EM_UNDERSCORE_RE = re.compile(r"(?<![\w_])_(?=\S)([^_\n]+?)(?<=\S)_(?![\w_])")
_MD_CODE_RE = re.compile(r"`([^`]*)`")
# A separator line: nothing but punctuation or symbols ("***", "---", "•••").
_SEPARATOR_RE = re.compile(r"^[\W_]+$")
# List markers.  A dash needs a following space ("-5 درجات" is a number).
_BULLET_RE = re.compile(r"^(?:[-–—*+]\s+|[•▪►●◦■·▸]\s*|[0-9٠-٩]{1,2}\s*[.)\-–]\s+)")

# Emoji and pictographs (ministry Facebook posts: "🔴 أصدر ...", "✅ وكلف ..."),
# with their variation selectors and joiners: decoration, never story text.
_EMOJI_RE = re.compile("[\U0001f000-\U0001faff\u2600-\u27bf\u2b00-\u2bff\ufe0f\ufe0e\u200d\u20e3]+")
TICKER_ITEM_WORDS = 15  # a ticker item is a headline, not a sentence
_SPACES_RE = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")


def _strip_markdown_inline(text: str) -> str:
    text = _MD_IMAGE_RE.sub("", text)
    text = _MD_LINK_RE.sub(r"\1", text)
    text = _MD_STRONG_RE.sub(r"\2", text)
    text = _MD_EM_STAR_RE.sub(r"\1", text)
    text = _MD_EM_UNDERSCORE_RE.sub(r"\1", text)
    return _MD_CODE_RE.sub(r"\1", text)


def _tidy(text: str) -> str:
    text = _EMOJI_RE.sub(" ", text)
    text = _INVISIBLE_RE.sub("", text)
    return _SPACES_RE.sub(" ", text).strip()


def _read_lines(article: Article) -> tuple[list[_Line], list[Removal]]:
    """Split the body into lines, removing HTML and Markdown markup.

    Returns the non-empty lines and the removals of lines that were nothing
    but markup (tags, images, separators).
    """
    lines: list[_Line] = []
    removed: list[Removal] = []
    for offset, raw in enumerate(article.body.split("\n")):
        number = article.body_line + offset
        raw = raw.strip()
        if not raw:
            continue
        had_markup = "<" in raw or "&" in raw or "![" in raw
        raw_pieces = _without_markup(raw).split("\n")
        tickers = [piece for piece in raw_pieces if _is_ticker(piece)]
        removed += [Removal(number, _tidy(piece), "ticker") for piece in tickers]
        pieces = [p for p in (_tidy(piece) for piece in raw_pieces if piece not in tickers) if p]
        for piece in pieces:
            _read_piece(number, piece, lines, removed)
        if not pieces and had_markup:
            removed.append(Removal(number, raw, "image" if re.search(r"<img\b", raw, re.I) else "html"))
        elif not pieces and not tickers:
            removed.append(Removal(number, raw, "separator"))  # emoji only ("👇👇")
    return lines, removed


def _read_piece(number: int, piece: str, lines: list[_Line], removed: list[Removal]) -> None:
    """One markup-free piece of a body line: a story or furniture line added to
    ``lines``, or a removal (a crawler's prefix, a separator, an image)."""
    bare = strip_crawl_prefix(piece)
    # "Copyright 2023 The Associated Press. ...": a year, not a crawler's field
    # (asked only of the few lines that start like a crawler's field)
    if bare != piece and bare and not _key(piece).startswith(_COPYRIGHT_PREFIXES) and not _CRAWL_LINE_RE.match(piece):
        removed.append(Removal(number, piece[: len(piece) - len(bare)].strip(), "crawl-metadata"))
        piece = bare
    line = _parse_piece(number, piece)
    if line is None:
        removed.append(Removal(number, piece, "separator"))
    elif not line.text:
        removed.append(Removal(number, piece, "image"))
    else:
        lines.append(line)


def _without_markup(raw: str) -> str:
    """``raw`` without HTML comments, scripts, tags and entities; block tags become line breaks."""
    text = _HTML_COMMENT_RE.sub(" ", raw)
    text = _HTML_SCRIPT_RE.sub(" ", text)
    text = _HTML_BLOCK_RE.sub("\n", text)
    text = _HTML_TAG_RE.sub("", text)
    text = html.unescape(text)
    if "<" in text:  # escaped markup ("&lt;br /&gt;") is markup once unescaped
        text = _HTML_TAG_RE.sub("", _HTML_BLOCK_RE.sub("\n", text))
    return text


# Wide gaps between the items of a ticker flattened into one line.
_WIDE_GAP_RE = re.compile(r"[ \u00a0]{3,}|\t+")


def _is_ticker(piece: str) -> bool:
    """A news ticker flattened into one line: three or more short items side
    by side, set apart by wide gaps, none ending in a full stop ("gold prices
    today    minister inspects the dams    club names its squad").  Running
    text does not leave such gaps; its sentences end in stops."""
    items = [item.strip() for item in _WIDE_GAP_RE.split(piece.strip())]
    return len(items) >= 3 and all(
        1 <= len(item.split()) <= TICKER_ITEM_WORDS and not _SENTENCE_END_RE.search(item) for item in items
    )


def _parse_piece(number: int, piece: str) -> _Line | None:
    """A line's Markdown structure; None for a separator line."""
    if _SEPARATOR_RE.match(piece):
        return None
    heading = False
    match = _MD_HEADING_RE.match(piece)
    if match:
        piece, heading = match.group(1), True
    piece = _MD_QUOTE_RE.sub("", piece)
    bullet = False
    match = _BULLET_RE.match(piece)
    if match and not heading:
        piece, bullet = piece[match.end() :], True
    return _Line(number, _tidy(_strip_markdown_inline(piece)), bullet=bullet, heading=heading)


# ---------------------------------------------------------------------------
# Label patterns: whole lines that are page furniture wherever they appear
# ---------------------------------------------------------------------------

_COMMENT_EXACT = _keys(
    "اترك تعليقاً",
    "اترك تعليقا",
    "اترك تعليق",
    "اترك رداً",
    "اترك رد",
    "أضف تعليق",
    "أضف تعليقاً",
    "إضافة تعليق",
    "اكتب تعليقك",
    "اكتب تعليقك هنا",
    "التعليقات",
    "تعليقات",
    "التعليق",
    "تعليق",
    "الاسم",
    "الاسم الكامل",
    "اسمك",
    "البريد الإلكتروني",
    "بريدك الإلكتروني",
    "الموقع",
    "الموقع الإلكتروني",
    "إرسال التعليق",
    "أرسل التعليق",
    "إرسال",
    "نشر التعليق",
    "إلغاء الرد",
    "رد",
    "لا توجد تعليقات",
    "كن أول من يعلق",
    "كن أول من يعلق على هذا الخبر",
    "عدد التعليقات",
    "سجل الدخول للتعليق",
    "Leave a Reply",
    "Leave a comment",
    "Cancel reply",
    "Post Comment",
    "Comments",
    "Comment",
    "Name",
    "Email",
    "Website",
    "Submit",
)
# Distinctive opening words of comment-form notices (WordPress and others).
_COMMENT_PREFIXES = tuple(
    _key(p)
    for p in (
        "لن يتم نشر عنوان بريدك الإلكتروني",
        "لن يتم نشر بريدك الإلكتروني",
        "لن يتم نشر البريد الإلكتروني",
        "الحقول الإلزامية مشار إليها",
        "الحقول المطلوبة مشار إليها",
        "الحقول المطلوبة عليها علامة",
        "احفظ اسمي، بريدي الإلكتروني",
        "احفظ اسمي وبريدي الإلكتروني",
        "هذا الموقع يستخدم خدمة أكيسميت",
        "يجب أن تكون مسجل الدخول",
        "يجب عليك تسجيل الدخول",
        "التعليقات المنشورة لا تعبر",
        "الآراء الواردة في التعليقات",
        "جميع التعليقات تعبر عن",
        "Your email address will not be published",
        "Required fields are marked",
        "Save my name, email",
        "You must be logged in",
    )
)
_COMMENT_COUNT_RE = re.compile(r"^(?:(?:ال)?تعليقات?|comments?) \d+$|^\d+ (?:تعليقات?|comments?)$")

_BACK_TO_TOP = _keys(
    "زر الذهاب إلى الأعلى",
    "الذهاب إلى الأعلى",
    "العودة للأعلى",
    "العودة إلى الأعلى",
    "الرجوع للأعلى",
    "للأعلى",
    "إلى الأعلى",
    "أعلى الصفحة",
    "العودة لأعلى الصفحة",
    "Back to top",
    "Scroll to top",
    "Go to top",
)

# A share bar: only share words, optionally with filler words and counts.
# Two-word service names are joined first (see ``_SHARE_JOINS``) so that
# their halves ("ان", "اب") need not count as share words on their own.
_SHARE_JOINS = {_key("فيس بوك"): "فيسبوك", _key("واتس اب"): "واتساب", _key("لينكد إن"): "لينكدان"}
_SHARE_WORDS = _keys(
    "شارك",
    "شاركها",
    "شاركوا",
    "مشاركة",
    "انشر",
    "نشر",
    "طباعة",
    "اطبع",
    "فيسبوك",
    "تويتر",
    "إكس",
    "واتساب",
    "تلغرام",
    "تليغرام",
    "تيليجرام",
    "تلجرام",
    "لينكدان",
    "لينكدإن",
    "ماسنجر",
    "بنترست",
    "ريديت",
    "تمبلر",
    "فايبر",
    "البريد",
    "بريد",
    "إيميل",
    "نسخ",
    "الرابط",
    "رابط",
    "مختصر",
    "Facebook",
    "Twitter",
    "X",
    "WhatsApp",
    "Telegram",
    "LinkedIn",
    "Pinterest",
    "Reddit",
    "Tumblr",
    "Email",
    "Print",
    "Share",
    "Messenger",
    "Copy",
    "Link",
    "VK",
    "Viber",
    "Tweet",
)
_SHARE_FILLERS = _keys(
    "على",
    "عبر",
    "هذا",
    "المقال",
    "الخبر",
    "الموضوع",
    "الصفحة",
    "مع",
    "أصدقائك",
    "via",
    "on",
    "this",
    "article",
    "the",
    "with",
    "friends",
    "by",
)

_TAGS_LABEL_RE = re.compile(
    r"^(?:ال)?(?:وسوم|وسم|كلمات (?:ال)?مفتاحيه|كلمات (?:ال)?دلاليه|اوسمه|هاشتاج|هاشتاغ|تصنيفات|تصنيف|اقسام|قسم|مواضيع)"
    r"(?:\s*[:：]|$)|^(?:tags|tagged|tagged with|keywords|categories|category)(?:\s*[:：]|$)"
)
_HASHTAGS_RE = re.compile(r"^(?:#[^\s#]+[\s،,]*)+$")

_VIEW_COUNTER_RE = re.compile(
    r"^(?:عدد )?(?:ال)?(?:مشاهدات|قراءات|زيارات|views?|reads?|hits?) \d[\d,.]*(?: (?:k|الف))?$"
    r"|^\d[\d,.]*(?: (?:k|الف))? (?:مشاهده|مشاهدات|قراءه|قراءات|زياره|زيارات|views?|reads?)$"
)
_READING_TIME_RE = re.compile(
    r"^(?:(?:مده|وقت) )?(?:ال)?(?:قراءه )?(?:\d+ )?(?:دقيقه|دقايق|دقيقتان|دقيقتين|mins?|minutes?)"
    r"(?: (?:لل)?(?:قراءه|read))?$"
)

_COPYRIGHT_PREFIXES = tuple(_key(p) for p in ("جميع الحقوق محفوظة", "حقوق النشر", "All rights reserved", "Copyright"))
_PROMO_PREFIXES = tuple(
    _key(p)
    for p in (
        "تابعونا على",
        "تابعنا على",
        "تابعونا عبر",
        "تابعنا عبر",
        "تابعوا صفحتنا",
        "للمزيد تابعوا",
        "تابعوا",
        "اشترك في النشرة",
        "اشترك في قناتنا",
        "اشتركوا في",
        "اشترك الآن",
        "للاشتراك في",
        "انضم إلى قناتنا",
        "انضموا إلى",
        "حمل تطبيق",
        "حمّل تطبيق",
        "لمتابعة آخر الأخبار",
        "اضغط هنا",
        "انقر هنا",
        "Follow us",
        "Subscribe",
        "Click here",
        "Download our app",
    )
)

# Notices that read as sentences but only point elsewhere: "read the story at
# its source", the site's terms.
_NOTICE_PREFIXES = tuple(
    _key(p)
    for p in (
        "يمكنك أيضا قراءة الخبر",
        "يمكنك ايضا قراءة الخبر",
        "اقرأ الخبر من المصدر",
        "اقرأ الخبر في المصدر",
        "By using this site",
        "Short link",
    )
)

_RELATED_HEADINGS = _keys(
    "اقرأ أيضاً",
    "اقرأ أيضا",
    "إقرأ أيضاً",
    "اقرأ كذلك",
    "اقرأ المزيد",
    "المزيد من الأخبار",
    "مزيد من الأخبار",
    "المزيد",
    "أخبار ذات صلة",
    "مواضيع ذات صلة",
    "مقالات ذات صلة",
    "ذات صلة",
    "أخبار متعلقة",
    "مواضيع متعلقة",
    "أخبار مشابهة",
    "قد يعجبك أيضاً",
    "قد يهمك أيضاً",
    "قد يهمك",
    "ننصحك بقراءة",
    "شاهد أيضاً",
    "الأكثر قراءة",
    "الأكثر مشاهدة",
    "آخر الأخبار",
    "أحدث الأخبار",
    "أخبار أخرى",
    "Related",
    "Related posts",
    "Related articles",
    "Read more",
    "Read also",
    "See also",
    "More news",
    "You may also like",
    "Latest news",
    "Most read",
)
# Opening words that make a single line a related-story link ("اقرأ أيضا: ...").
_RELATED_PREFIXES = tuple(
    _key(p)
    for p in (
        "اقرأ أيضا",
        "إقرأ أيضا",
        "اقرأ كذلك",
        "اقرأ المزيد",
        "شاهد أيضا",
        "أخبار ذات صلة",
        "مواضيع ذات صلة",
        "مقالات ذات صلة",
        "قد يهمك",
        "قد يعجبك",
        "Read also",
        "Read more",
        "See also",
        "Related",
    )
)
_NAVIGATION = _keys(
    "الصفحة التالية",
    "الصفحة السابقة",
    "Next page",
    "Previous page",
    "Older posts",
    "Newer posts",
    "المقال السابق",
    "المقال التالي",
    "الخبر السابق",
    "الخبر التالي",
    "السابق",
    "التالي",
    "Previous article",
    "Next article",
    "Previous post",
    "Next post",
)

# Site sections, for breadcrumbs and glued category labels ("أخبار محليةالأخبار").
_SECTION_LABELS = sorted(
    {
        _key(p).replace(" ", "")
        for p in (
            "الرئيسية",
            "الصفحة الرئيسية",
            "أخبار",
            "الأخبار",
            "أخبار محلية",
            "الأخبار المحلية",
            "محليات",
            "محلي",
            "محلية",
            "ليبيا",
            "أخبار ليبيا",
            "الأخبار الليبية",
            "سياسة",
            "السياسة",
            "سياسي",
            "سياسية",
            "اقتصاد",
            "الاقتصاد",
            "اقتصادي",
            "اقتصادية",
            "رياضة",
            "الرياضة",
            "عربي",
            "دولي",
            "عربي ودولي",
            "عربي و دولي",
            "عالمي",
            "العالم",
            "أخبار العالم",
            "دولية",
            "أخبار دولية",
            "أخبار عربية",
            "تقارير",
            "تقرير",
            "منوعات",
            "أمن",
            "الأمن",
            "أمني",
            "أمنية",
            "عسكري",
            "مقالات",
            "مقالات الرأي",
            "رأي",
            "الرأي",
            "آراء",
            "حوارات",
            "ثقافة",
            "صحة",
            "تكنولوجيا",
            "علوم",
            "فيديو",
            "صور",
            "عاجل",
            "أخبار عاجلة",
            "الأخبار العاجلة",
            "المغرب العربي",
            "الشرق الأوسط",
            "أفريقيا",
            "إفريقيا",
            "مجتمع",
            "ملفات",
            "تحقيقات",
            "انفوجرافيك",
            "الغرب الليبي",
            "الشرق الليبي",
            "الجنوب الليبي",
            "Home",
            "News",
            "Libya",
            "Politics",
            "Economy",
            "World",
            "Local",
            "Local news",
            "Security",
        )
    },
    key=len,
    reverse=True,
)

_CAPTION_EXACT = _keys("صورة أرشيفية", "أرشيفية", "صورة تعبيرية", "صورة من الأرشيف", "صور", "صورة", "بالصور", "فيديو")
_CAPTION_RE = re.compile(
    r"^[(\[]?\s*(?:ال)?(?:صوره|صور|تصوير|مصدر الصوره|الصوره من|photo|image|credit|فيديو)\s*[:：\-–]"
    r"|^[a-z]{2,6} (?:photo|images?)\s*/"
)
# Camera and upload file names, tested token by token on normalised text.
_IMAGE_NAME_RE = re.compile(
    r"(?:img|dsc|dscn|dscf|dji|pxl|mvimg|vid|sam|gopr|p)[_\- ]?\d{3,}[\w\-]*(?:\.(?:jpe?g|png|gif|webp|heic))?"
    r"|[^\s/\\]+\.(?:jpe?g|png|gif|webp|bmp|tiff?|heic|svg)"
    r"|whatsapp image [\d\-]+ at \d+(?:\.\d+)*(?: ?\(\d+\))?(?:\.jpe?g)?"
    r"|(?:photo|image|screenshot|capture|صوره|صور|الصوره)[_\- ]?(?:رقم ?)?\d+[\w\-]*"
)

_BYLINE_RE = re.compile(
    # Labels that only ever introduce a byline.
    r"^(?:بقلم|written by)\s*[:：\-–—|]?\s*(?P<a>.*)$"
    # Words that also open ordinary sentences ("المصدر أكد ...") need an
    # explicit separator.
    r"|^(?:كتب|كتبت|تحرير|اعداد|ترجمه|تقرير|المصدر|مصدر الخبر|متابعات|متابعه|وكالات|خاص|مراسل|مراسلنا|مراسله"
    r"|source|by|author)\s*[:：\-–—|]\s*(?P<b>.*)$"
    r"|^(?:متابعات|خاص|وكالات|متابعه)$"
)
# Wire-copy credits closing a story: "(إعداد محمد علي للنشرة العربية - تحرير
# سامح الخطيب)", "(تغطية صحفية ...)".
_CREDIT_RE = re.compile(
    r"^[(\[]\s*(?:اعداد|تحرير|تغطيه(?: صحفيه)?|شارك في (?:التغطيه|الاعداد)|ترجمه|اعداد وتحرير)\b[^()\[\]]*[)\]]\.?$"
)
# English wire credits and contributor lines closing a story: "(Reporting by
# <name> in <city>; Editing by <name>)", "<name>, an agency writer in <city>,
# contributed to this report." Their places are where the reporters sat.
_EN_CREDIT_RE = re.compile(
    r"^\(?\s*(?:additional\s+)?(?:reporting|writing|editing|compiled|research)\s+by\b[^()]*\)?\.?$"
    r"|\bcontributed\s+(?:to\s+this\s+(?:report|story|article)|(?:additional\s+)?reporting)\b[^.]*\.?$",
    re.IGNORECASE,
)
# An English byline on its own line: "By <Capitalised Names>[ staff]." (lower-case
# words other than joiners and staff titles mean a sentence: "By Monday, the ...").
_EN_BYLINE_RE = re.compile(
    r"^By\s+[A-Z][\w'’.-]*(?:,?\s+(?:[A-Z][\w'’.-]*|and|in|staff|reporters?|correspondents?|writers?|editors?))*\.?$"
)
_AGENCIES = [
    "وال",
    "رويترز",
    "أ ف ب",
    "ا ف ب",
    "فرانس برس",
    "الأناضول",
    "د ب أ",
    "أسوشيتد برس",
    "سبوتنيك",
    "شينخوا",
    "وكالات",
    "قنا",
    "واس",
    "وام",
    "أ ش أ",
    "وكالة الأنباء الليبية",
    "AFP",
    "Reuters",
    "AP",
    "Anadolu",
    "dpa",
]
_AGENCY_KEYS = _keys(*_AGENCIES)
# Words that mark a short line as the name of an outlet.
_OUTLET_WORDS = _keys(
    "أخبار",
    "بوابة",
    "موقع",
    "شبكة",
    "وكالة",
    "قناة",
    "صحيفة",
    "جريدة",
    "نيوز",
    "راديو",
    "إذاعة",
    "منصة",
    "تلفزيون",
    "مجلة",
    "news",
    "tv",
    "radio",
    "agency",
)

_WEEKDAYS = ["الأحد", "الاثنين", "الإثنين", "الثلاثاء", "الأربعاء", "الخميس", "الجمعة", "السبت"]
_MONTHS = [
    # Egyptian / Gulf / Libyan usage.
    "يناير",
    "فبراير",
    "مارس",
    "أبريل",
    "ابريل",
    "إبريل",
    "مايو",
    "يونيو",
    "يونيه",
    "يوليو",
    "يوليه",
    "أغسطس",
    "سبتمبر",
    "أكتوبر",
    "نوفمبر",
    "ديسمبر",
    # Levantine / Iraqi.
    "كانون الثاني",
    "شباط",
    "آذار",
    "نيسان",
    "أيار",
    "حزيران",
    "تموز",
    "آب",
    "أيلول",
    "تشرين الأول",
    "تشرين الثاني",
    "كانون الأول",
    # Moroccan.
    "ماي",
    "يوليوز",
    "غشت",
    "شتنبر",
    "نونبر",
    "دجنبر",
    # Tunisian / Algerian.
    "جانفي",
    "فيفري",
    "أفريل",
    "جوان",
    "جويلية",
    "أوت",
    # Libyan (Jamahiriya-era) month names, still seen in some datelines.
    "أي النار",
    "النوار",
    "الربيع",
    "الطير",
    "الماء",
    "الصيف",
    "ناصر",
    "هانيبال",
    "الفاتح",
    "التمور",
    "الحرث",
    "الكانون",
]
_DATE_WORDS = frozenset(
    " ".join(_key(w) for w in _WEEKDAYS + [w[2:] for w in _WEEKDAYS] + _MONTHS).split()
    + _key(
        "January February March April May June July August September October November December "
        "Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec "
        "منذ ساعة ساعات ساعتين دقيقة دقائق يوم أيام يومين أسبوع شهر ص م صباحا مساء نشر في بتاريخ تاريخ "
        "النشر آخر تحديث التحديث محدث الساعة على توقيت بتوقيت published updated on at am pm gmt utc ago hours hour "
        "minutes days day"
    ).split()
)


# Machine fields a crawler or a store wrote before the page's text: a Latin
# field name and a machine value ("date 2025-12-22", "url: https://...",
# "id=8812").  Only the form counts, not a list of field names.
_MACHINE_VALUE = (
    r"(?:\d{4}-\d{2}(?:-\d{2})?(?:[T ]\d{1,2}:\d{2}(?::\d{2})?(?:\.\d+)?(?:Z|[+-]\d{2}:?\d{2})?)?|https?://\S+|\d{3,})"
)
_CRAWL_PREFIX_RE = re.compile(rf"^\s*[A-Za-z][A-Za-z_]{{1,19}}\s*[:=]?\s*{_MACHINE_VALUE}(?=\s|$)\s*")
_CRAWL_LINE_RE = re.compile(rf"^(?:\s*[A-Za-z][A-Za-z_]{{1,19}}\s*[:=]?\s*{_MACHINE_VALUE}\s*[,;|]?)+\s*$")
_COUNTER_ONLY_RE = re.compile(r"^[\d٠-٩][\d٠-٩,.،]*\s*[kKمأ]?$")
_WEATHER_WORDS = _keys(
    "درجة",
    "درجات",
    "الحرارة",
    "حرارة",
    "غائم",
    "مشمس",
    "ممطر",
    "صحو",
    "رطوبة",
    "الرطوبة",
    "رياح",
    "الطقس",
    "جزئيا",
    "عظمى",
    "صغرى",
    "weather",
    "sunny",
    "cloudy",
    "humidity",
)


_NUMERIC_DATE_RE = re.compile(
    r"^(?:[A-Za-z]{2,12}\s*:?\s*)?\(?\s*\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}(?:\s*[-–|،,]?\s*\d{1,2}:\d{2}(?:\s*[صمAPap][Mm]?)?)?\s*\)?$"
)
_RELATIVE_TIME_CORE = _keys("أمس", "امس", "البارحة", "yesterday", "today", "ago", "منذ", "قبل")
_RELATIVE_TIME = (
    _RELATIVE_TIME_CORE
    | _keys(
        "يوم",
        "يومين",
        "أيام",
        "ساعة",
        "ساعتين",
        "ساعات",
        "دقيقة",
        "دقيقتين",
        "دقائق",
        "أسبوع",
        "أسبوعين",
        "شهر",
        "hour",
        "hours",
        "minute",
        "minutes",
        "day",
        "days",
        "week",
        "weeks",
        "an",
        "a",
    )
    | frozenset(str(n) for n in range(1, 61))
)


# Feed software's footer, and a trail of pages ("Home > News > ...").
_FOLLOW_RE = re.compile(r"^Follow .{1,40} on (?:WhatsApp|X|Twitter|Facebook|Telegram|Instagram|Google News)\b", re.I)
_RSS_FOOTER_RE = re.compile(r"^The post .{3,300} appeared first on .{2,100}$", re.S)
_TRAIL_RE = re.compile(r"\s+[>»›]\s+")
_CAPTION_CREDITS = _keys("أرشيفية", "ارشيفية", "أرشيف", "تصوير", "صورة", "الصورة", "photo", "file photo", "AFP", "Reuters")


# A photo credit opening a caption: "UN Photo/Jane Doe", "AFP Photo / X",
# "Reuters Pictures/X": one to three capitalised words, "Photo(s)", a slash.
_PHOTO_CREDIT_RE = re.compile(r"^(?:[A-Z][\w.&-]*\s+){1,3}(?:Photos?|Pictures?|Images?)\s*/\s*\S")
_CREDIT_BRACKET_RE = re.compile(r"[(\[]\s*([^()\[\]]{1,25})\s*[)\]]\s*$")


def _credited_photo(line: "_Line") -> bool:
    """A caption ending with its agency credit in brackets: "مقاتلون في أحد
    شوارع طرابلس (أ. ف. ب)", "... (رويترز)"."""
    match = _CREDIT_BRACKET_RE.search(line.text)
    if not match or line.words > 14 or line.text.rstrip().endswith(".") or len(line.text[: match.start()].split()) < 3:
        return False  # "طرابلس (وكالات)" is a dateline, not a caption
    credit = _key(match.group(1))
    letters = credit.replace(" ", "")
    return credit in _AGENCY_KEYS or credit in _CAPTION_CREDITS or (len(letters) <= 4 and len(credit.split()) >= 2)


def _captioned_by_outlet(line: "_Line", source_key: str) -> bool:
    """A photo caption credited at its end: "<who> <where>، <outlet>" or
    "..., أرشيفية" -- short, no final stop, the last comma part an outlet
    name or a photo credit."""
    if line.words > 14 or _NO_FINAL_STOP_RE.search(line.text) or line.text.endswith("."):
        return False
    head, sep, tail = line.text.rpartition("،") if "،" in line.text else line.text.rpartition(",")
    if not sep or not head.strip() or len(tail.split()) > 3:
        return False
    tail_key = _key(tail)
    return tail_key in _CAPTION_CREDITS or bool(source_key and _same_outlet(tail_key, source_key))


def _credited_caption(line: "_Line") -> bool:
    """A short line after the story ending in ", <one or two words>": a photo
    caption and its credit."""
    if line.words > 14 or _NO_FINAL_STOP_RE.search(line.text) or line.text.endswith("."):
        return False
    head, sep, tail = line.text.rpartition("،")
    return bool(sep) and len(head.split()) >= 2 and 1 <= len(tail.split()) <= 2


def _is_weather(key: str, text: str) -> bool:
    """A masthead weather widget: a temperature and weather words, no sentence."""
    tokens = key.split()
    if len(tokens) > 12 or text.endswith((".", "،")):
        return False
    has_degree = "°" in text or "℃" in text
    weather = sum(t in _WEATHER_WORDS for t in tokens)
    return any(c.isdigit() for c in key) and (has_degree or weather >= 2)


def _is_masthead(line: "_Line") -> bool:
    """A date line of the page's masthead: a weekday or month name with a
    year, and at most three other words (a city, a country)."""
    tokens = line.key.split()
    if not 3 <= len(tokens) <= 10 or _NO_FINAL_STOP_RE.search(line.text):
        return False
    has_year = any(len(t) == 4 and t.isdigit() and t[:2] in ("19", "20") for t in tokens)
    named = any(t in _DATE_WORDS and not t.isdigit() for t in tokens)
    others = [t for t in tokens if t not in _DATE_WORDS and not t.isdigit()]
    return has_year and named and len(others) <= 3


def strip_crawl_prefix(text: str) -> str:
    """``text`` without a crawler's leading machine field ("date 2025-12-22 ...")."""
    return _CRAWL_PREFIX_RE.sub("", text, count=1) if _CRAWL_PREFIX_RE.match(text) else text


# Credit words that stand beside an outlet's name: "المرصد – خاص", "الصباح
# نيوز - وكالات".
_CREDIT_WORDS = _keys("خاص", "حصري", "حصريا", "متابعات", "متابعة", "وكالات", "خاص ب", "عاجل")
# A press office posting its own statement: "📌 المكتب الإعلامي", "المكتب
# الإعلامي لوزارة الداخلية", "إدارة الإعلام الأمني", "المركز الإعلامي".
_PRESS_OFFICE_RE = re.compile(
    r"^(?:ال)?(?:مكتب|مركز|اداره|قسم|وحده|منصه|ادارات)\s+(?:ال)?(?:اعلامي|اعلام|الاعلام|صحفي|الصحفي)"
    # alone, or of a body: "المكتب الإعلامي لوزارة الداخلية", "... بحكومة ..."
    r"(?:\s+(?:ال)?(?:امني|عسكري|حكومي))?(?:$|\s+(?:[لب]|في\s)\S*(?:\s+\S+){0,3}$)"
)
_LABEL_SPLIT_RE = re.compile(r"\s*(?:\s[-–—|·]\s|[|/·]|\s[-–—]|[-–—]\s)\s*")


def _source_label(line: _Line, source_key: str) -> str | None:
    """ "outlet-name" or "byline" for a short line that only says where the
    story comes from: an outlet's name with a credit word ("المرصد – خاص",
    "خاص | 218"), an agency, or a press office ("المكتب الإعلامي");
    otherwise None.  Such lines are metadata, not crossheads."""
    if line.text.endswith((".", "،", ":", "؟", "?")):
        return None
    if _PRESS_OFFICE_RE.match(line.key) and len(line.key.split()) <= 6:
        return "byline"
    parts = [_key(p) for p in _LABEL_SPLIT_RE.split(line.text.strip(" -–—|")) if _key(p)]
    if len(parts) < 2:
        return None
    outlet = False
    for part in parts:
        if source_key and (
            _same_outlet(part, source_key)
            or (len(part) >= 3 and part not in _DATELINE_CITIES and (source_key + " ").startswith(part + " "))
        ):
            outlet = True
        elif part in _CREDIT_WORDS or part in _AGENCY_KEYS:
            continue
        else:
            return None
    return "outlet-name" if outlet else "byline"


def _is_share_bar(key: str) -> bool:
    """Only share-service words, fillers ("على", "via") and counts."""
    for pair, joined in _SHARE_JOINS.items():
        key = key.replace(pair, joined)
    tokens = key.split()
    return (
        len(tokens) <= 12
        and any(t in _SHARE_WORDS for t in tokens)
        and all(t in _SHARE_WORDS or t in _SHARE_FILLERS or t.isdigit() for t in tokens)
    )


def _is_image_names(folded: str) -> bool:
    """A line made only of camera/upload file names ("IMG 8601 IMG 8603")."""
    rest = _IMAGE_NAME_RE.sub(" ", folded)
    return rest != folded and not re.sub(r"[\s,،|؛;()\[\]\-–]+", "", rest)


def _is_breadcrumb(tokens: list[str]) -> bool:
    """Whether the line is nothing but section labels, maybe glued together."""
    compact = "".join(tokens)
    # Dynamic programming over prefixes: can compact[:i] be cut into labels?
    reachable = [True] + [False] * len(compact)
    for i in range(len(compact)):
        if not reachable[i]:
            continue
        for label in _SECTION_LABELS:
            if compact.startswith(label, i):
                reachable[i + len(label)] = True
    return reachable[-1]


def _same_outlet(key: str, source_key: str) -> bool:
    """Whether a line names the article's own outlet ("أخبار ليبيا 24")."""

    def compact(k: str) -> str:
        return re.sub(r"^(?:ال|موقع|بوابه|شبكه|صحيفه|جريده)", "", k.replace(" ", ""))

    line, source = compact(key.removeprefix("the ")), compact(source_key.removeprefix("the "))
    if not line or not source:
        return False
    return line == source or (len(source) >= 4 and line.endswith(source) and len(line) - len(source) <= 6)


def _looks_like_outlet(line: _Line) -> bool:
    """A short line that looks like an outlet's name, for header/footer lines."""
    tokens = line.key.split()
    if not 1 <= len(tokens) <= 4 or line.text.endswith((".", "،", ":")):
        return False
    return any(t in _OUTLET_WORDS for t in tokens) or (len(tokens) <= 3 and tokens[-1].isdigit())


@dataclass(frozen=True)
class _Facts:
    """One line in the forms the label rules test."""

    line: _Line
    source_key: str
    folded: str
    tokens: tuple[str, ...]

    @property
    def key(self) -> str:
        return self.line.key

    @property
    def text(self) -> str:
        return self.line.text

    @property
    def size(self) -> int:
        return len(self.tokens)


_Rule = tuple[str | None, Callable[[_Facts], object]]
_MULTIWORD_NAVIGATION = tuple(f"{n} " for n in _NAVIGATION if " " in n)

# Furniture wherever it stands, even when the line reads as a sentence.
# (reason, test); the rules are tried in order, the first that holds wins.
_ANYWHERE_RULES: tuple[_Rule, ...] = (
    ("comment-form", lambda f: f.key in _COMMENT_EXACT or _COMMENT_COUNT_RE.match(f.key)),
    ("comment-form", lambda f: f.size <= 60 and f.key.startswith(_COMMENT_PREFIXES)),
    ("back-to-top", lambda f: f.key in _BACK_TO_TOP),
    ("navigation", lambda f: f.key in _NAVIGATION or (f.size <= 25 and f.key.startswith(_MULTIWORD_NAVIGATION))),
    ("related-headlines", lambda f: f.key in _RELATED_HEADINGS),
    (
        "related-headlines",
        lambda f: f.size <= 30 and f.key.startswith(_RELATED_PREFIXES) and not _looks_like_sentence(f.line),
    ),
    ("promo", lambda f: _FOLLOW_RE.match(f.text)),
    ("feed-footer", lambda f: _RSS_FOOTER_RE.match(f.text)),  # "The post <title> appeared first on <site>."
    ("breadcrumb", lambda f: _is_trail(f.text)),  # "Indebta > News > <title>"
    # "يمكنك أيضا قراءة الخبر في المصدر ...", "By using this site, ..."
    ("promo", lambda f: f.size <= 25 and f.key.startswith(_NOTICE_PREFIXES)),
    # "UN Photo/Jane Doe  The envoy briefs the Council." (a credit opens it)
    ("image-caption", lambda f: f.size <= 30 and _PHOTO_CREDIT_RE.match(f.text)),
    ("tags", lambda f: _is_tag_header(f.text)),  # "Latest news with #Tripoli": a tag page's header
    ("byline", lambda f: f.size <= 40 and _EN_CREDIT_RE.search(f.text)),  # "(Reporting by ...; Editing by ...)"
)

# Short-label patterns: a story sentence is never one.
_LABEL_RULES: tuple[_Rule, ...] = (
    ("share-buttons", lambda f: _is_share_bar(f.key)),
    ("image-filenames", lambda f: _is_image_names(f.folded)),
    ("image-caption", lambda f: _is_caption_label(f)),
    ("view-counter", lambda f: _VIEW_COUNTER_RE.match(f.key)),
    ("counter", lambda f: _COUNTER_ONLY_RE.match(f.text)),  # "1,204" left of a counter once its icon is gone
    ("crawl-metadata", lambda f: _CRAWL_LINE_RE.match(f.text)),  # "date 2025-12-22", "url: https://..."
    ("weather", lambda f: _is_weather(f.key, f.text)),
    ("reading-time", lambda f: _READING_TIME_RE.match(f.key)),
    ("tags", lambda f: _TAGS_LABEL_RE.match(f.folded) or _HASHTAGS_RE.match(f.text)),
    ("copyright", lambda f: f.size <= 25 and (f.key.startswith(_COPYRIGHT_PREFIXES) or "©" in f.text)),
    # "صدام حفتر مع الوفد الأمريكي، فيتو"
    ("image-caption", lambda f: _captioned_by_outlet(f.line, f.source_key) or _credited_photo(f.line)),
    ("promo", lambda f: f.size <= 20 and f.key.startswith(_PROMO_PREFIXES)),
    ("dateline", lambda f: f.size <= 8 and _lone_english_dateline(f.text)),  # "London, 12 September 2023:"
    ("timestamp", lambda f: _is_stamp(f.key, f.tokens)),  # "الثلاثاء 2025/7/1 03:12 م بتوقيت أبوظبي"
    ("masthead", lambda f: _is_masthead(f.line)),  # "الثلاثاء 23 ديسمبر 2025 أبوظبي الإمارات"
    # "2025-09-04", "أمس", "منذ يومين", "3 hours ago" under a teaser
    ("timestamp", lambda f: _NUMERIC_DATE_RE.match(f.text) or _is_relative_time(f.tokens)),
    # before breadcrumbs: "الشرق الأوسط" is the outlet, kept as metadata
    ("outlet-name", lambda f: f.source_key and f.size <= 8 and _same_outlet(f.key, f.source_key)),
    ("breadcrumb", lambda f: f.size <= 8 and _is_breadcrumb(list(f.tokens))),
    # "outlet-name" or "byline", as _source_label says
    (None, lambda f: f.size <= 8 and not _looks_like_sentence(f.line) and _source_label(f.line, f.source_key)),
    ("byline", lambda f: f.size <= 8 and (_BYLINE_RE.match(f.folded.lstrip("-–— ")) or f.key in _AGENCY_KEYS)),
    ("byline", lambda f: f.size <= 25 and _CREDIT_RE.match(f.folded)),
    ("byline", lambda f: f.size <= 10 and _EN_BYLINE_RE.match(f.text)),  # "By Libya Herald staff."
)


def _first_rule(rules: tuple[_Rule, ...], facts: _Facts) -> str | None:
    for reason, test in rules:
        found = test(facts)
        if found:
            return reason or str(found)
    return None


def _label_reason(line: _Line, source_key: str) -> str | None:
    """The reason a line is page furniture wherever it appears, or None."""
    tokens = tuple(line.key.split())
    if not tokens:
        return "separator"
    facts = _Facts(line, source_key, normalise(line.text), tokens)
    reason = _first_rule(_ANYWHERE_RULES, facts)
    if reason is not None or (_looks_like_sentence(line) and len(tokens) > 8):
        return reason
    return _first_rule(_LABEL_RULES, facts)


def _is_trail(text: str) -> bool:
    parts = _TRAIL_RE.split(text)
    return len(parts) >= 3 and all(len(part.split()) <= 12 for part in parts)


def _is_caption_label(f: _Facts) -> bool:
    """A caption label without a final stop: "صورة أرشيفية", "تصوير: ...", "AFP photo / ..."."""
    exact = f.size <= 8 and f.key in _CAPTION_EXACT
    return (exact or (f.size <= 30 and bool(_CAPTION_RE.match(f.folded)))) and not f.text.endswith(".")


def _is_stamp(key: str, tokens: tuple[str, ...]) -> bool:
    """Date words, numbers and a city only, with at least one number."""
    return (
        len(tokens) <= 12
        and any(c.isdigit() for c in key)
        and any(t in _DATE_WORDS for t in tokens)
        and all(t in _DATE_WORDS or t.isdigit() or t in _DATELINE_CITIES for t in tokens)
    )


def _is_relative_time(tokens: tuple[str, ...]) -> bool:
    return len(tokens) <= 4 and all(t in _RELATIVE_TIME for t in tokens) and any(t in _RELATIVE_TIME_CORE for t in tokens)


# ---------------------------------------------------------------------------
# Sentence-ness
# ---------------------------------------------------------------------------

_SENTENCE_END_RE = re.compile(r"[.!…]+[\"'”’»“)\]]*$")
_QUESTION_END_RE = re.compile(r"[؟?][\"'”’»“)\]]*$")
_NO_FINAL_STOP_RE = re.compile(r"[.،,:;؛!…][\"'”’»“)\]]*$")
_LONG_UNPUNCTUATED = 18  # words; headlines are shorter, scraped paragraphs may lack the stop


# A teaser cut short by the page ("... after long debate..."): an ellipsis
# ends a headline-length line.  Such a line is a link, not a sentence.
_TRUNCATED_RE = re.compile(r"(?:\.\.\.|…)[\"'”’»)\]]*$")
TRUNCATED_TEASER_WORDS = 20


def _truncated(line: _Line) -> bool:
    return line.words <= TRUNCATED_TEASER_WORDS and bool(_TRUNCATED_RE.search(line.text))


def _looks_like_sentence(line: _Line) -> bool:
    """Story text: ends with a full stop, or is too long for a headline."""
    words = line.words
    if _SENTENCE_END_RE.search(line.text) and words >= 3 and not _truncated(line):
        return True
    if _QUESTION_END_RE.search(line.text) and words >= 15:
        return True
    return not line.bullet and not line.heading and words >= _LONG_UNPUNCTUATED


# Openers of running text that headlines do not use.
_DISCOURSE_OPENERS = tuple(
    normalise(p) + " "
    for p in (
        "كما",
        "من جهته",
        "من جهتها",
        "من جانبه",
        "من جانبها",
        "من جانبهم",
        "بدوره",
        "بدورها",
        "إلى ذلك",
        "يذكر أن",
        "يذكر ان",
        "يشار إلى",
        "حيث",
        "في حين",
        "بينما",
        "غير أن",
        "لكن",
        "إلا أن",
        "كذلك",
        "أيضا",
    )
)


def _opens_running_text(text: str) -> bool:
    """Whether a line opens the way story text does, not a title.

    Headlines and crossheads almost never open with a conjunction ("وأكد",
    "وفي") or a discourse marker ("كما", "من جانبه").  ``strip_clitics``
    knows the words whose و is part of the word ("وزير", "وفد", "واشنطن").
    """
    folded = normalise(text)
    if (folded + " ").startswith(_DISCOURSE_OPENERS):
        return True
    first = folded.split(" ", 1)[0]
    if first.endswith((":", "：")):
        return False  # "فيدان: ندعم ..." -- a speaker and a quote: a headline
    return first[:1] in ("و", "ف") and strip_clitics(first) != first


def _looks_like_headline(line: _Line) -> bool:
    """Short, without the final full stop or comma of running text, and not
    opening with a conjunction."""
    return (
        2 <= line.words <= 25
        and len(line.text) <= 220
        and (not _NO_FINAL_STOP_RE.search(line.text) or _truncated(line))
        and not _opens_running_text(line.text)
        # Headlines rarely contain a comma; a long line with one is a sentence,
        # unless it is cut short ("في ظل تصاعد الأحداث، تتجه الأنظار نحو..."):
        # a teaser's opening under its headline.
        and (_truncated(line) or not ("،" in line.text and line.words >= 8))
    )


def _looks_like_crosshead(line: _Line) -> bool:
    """A short title line between paragraphs ("مناقشة الملفات الأمنية والعسكرية")."""
    if line.heading:
        return True
    if line.bullet or line.words > 12 or len(line.text) > 120 or _NO_FINAL_STOP_RE.search(line.text):
        return False
    if _QUESTION_END_RE.search(line.text) and line.words > 8:
        return False
    # A short line opening with a conjunction continues the story ("وأكد ...").
    return not _opens_running_text(line.text)


# ---------------------------------------------------------------------------
# Datelines
# ---------------------------------------------------------------------------

_DATELINE_CITIES = _keys(
    "طرابلس",
    "بنغازي",
    "مصراتة",
    "سرت",
    "سبها",
    "البيضاء",
    "درنة",
    "طبرق",
    "الزاوية",
    "زوارة",
    "غريان",
    "الخمس",
    "زليتن",
    "ترهونة",
    "بني وليد",
    "اجدابيا",
    "أجدابيا",
    "المرج",
    "شحات",
    "الكفرة",
    "غات",
    "أوباري",
    "مرزق",
    "غدامس",
    "نالوت",
    "الزنتان",
    "يفرن",
    "صبراتة",
    "جنزور",
    "تاجوراء",
    "الجفرة",
    "هون",
    "ودان",
    "البريقة",
    "راس لانوف",
    "رأس لانوف",
    "القبة",
    "توكرة",
    "الأبيار",
    "ليبيا",
    "القاهرة",
    "تونس",
    "الجزائر",
    "الرباط",
    "الخرطوم",
    "نجامينا",
    "نيامي",
    "باريس",
    "لندن",
    "روما",
    "واشنطن",
    "نيويورك",
    "جنيف",
    "برلين",
    "موسكو",
    "أنقرة",
    "إسطنبول",
    "اسطنبول",
    "الدوحة",
    "أبوظبي",
    "دبي",
    "الرياض",
    "عمان",
    "بيروت",
    "دمشق",
    "بغداد",
    "القدس",
    "غزة",
    "بروكسل",
    "فاليتا",
    "مالطا",
    "أثينا",
    "مدريد",
    "لاهاي",
    "فيينا",
    "بكين",
    "أديس أبابا",
    "نواكشوط",
    "الإسكندرية",
    "جربة",
    "صفاقس",
    "الأمم المتحدة",
)
_AR_WORD = f"[{_AR_LETTER}\u0640\u064b-\u0652]+"  # letters, tatweel and short vowels
_DIGITS = "[0-9٠-٩]"
_MONTH_ALT = "|".join(loose_pattern(m) for m in sorted(_MONTHS, key=len, reverse=True))
_WEEKDAY_ALT = "|".join(loose_pattern(d) for d in _WEEKDAYS)
_AGENCY_ALT = "|".join(loose_pattern(a) for a in sorted(_AGENCIES, key=len, reverse=True))
# An Arabic dateline's place (up to three words) and, after its date, an
# agency in brackets and the dash: shared by the dated and undated patterns.
_DATELINE_PLACE = rf"^(?P<place>{_AR_WORD}(?:\s+{_AR_WORD}){{0,2}})"
_DATELINE_END = r"(?P<agency>\s*\(\s*[^()\n]{1,40}\))?\s*[-–—]+\s*"


# These two take 0.2 s to compile (their month, weekday and agency names are
# spelt letter by letter with optional vowel marks), most of what importing
# this module costs; a build that briefs nothing new never needs them.
@cache
def _dateline_re() -> re.Pattern[str]:
    date = (
        rf"(?P<date>\s*[،,]?\s*(?:في\s+)?(?:(?:{_WEEKDAY_ALT})\s*[،,]?\s*)?{_DIGITS}{{1,2}}\s+(?:{_MONTH_ALT})"
        rf"(?:\s*[/(]\s*(?:{_MONTH_ALT})\s*\)?)?(?:\s*[،,]?\s*{_DIGITS}{{4}})?)?"
    )
    return re.compile(_DATELINE_PLACE + date + _DATELINE_END)


@cache
def _agency_dateline_re() -> re.Pattern[str]:
    return re.compile(rf"^\(?\s*(?P<agency>{_AGENCY_ALT})\s*\)?\s*[-–—]+\s*")


# ``_dateline_re`` without its date (two month alternations, most of its
# compiling), for a text whose date could not match: its date group's first
# digit comes after nothing but letters, marks, spaces, commas and "في", so a
# text whose every digit follows a dash or a bracket has none, and the rest
# of the pattern matches as it would.
_UNDATED_DATELINE_RE = re.compile(_DATELINE_PLACE + "(?P<date>)" + _DATELINE_END)
_DASH_RE = re.compile("[-–—]")
_DIGIT_FIRST_RE = re.compile(r"[^0-9٠-٩\-–—()]*[0-9٠-٩]")  # a digit before any dash or bracket


def _dateline_match(text: str) -> re.Match[str] | None:
    """What ``_dateline_re().match(text)`` finds (where no date can match,
    its date group is "", not None): that pattern takes 0.1 s to compile,
    which a build briefing one article without a dated dateline need not spend."""
    if _DIGIT_FIRST_RE.match(text):
        return _dateline_re().match(text)
    return _UNDATED_DATELINE_RE.match(text)


# "بنغازي، ليبيا– ...": city, comma, country, a dash (often glued to the text)
_CITY_COUNTRY_DATELINE_RE = re.compile(rf"^(?P<place>{_AR_WORD}\s*[،,]\s*{_AR_WORD})(?P<date>)(?P<agency>)\s*[-–—]+\s*")
# English wire datelines: "TRIPOLI, May 12 (Reuters) -", "TUNIS:", "Geneva/Tripoli,
# 9 February 2026 –", "BENGHAZI, Libya, Sept 12 (Reuters) -".  The place is in
# capitals, or followed by a date or an agency.
_EN_MONTH = r"(?i:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-zA-Z]*\.?"
_EN_DATELINE_RE = re.compile(
    r"^(?P<place>[A-Z][A-Za-z'-]+(?:[ /][A-Z][A-Za-z'-]+){0,2}(?:,\s*[A-Z][a-z]+)?)"
    rf"(?P<date>,\s*(?:{_EN_MONTH}\s+\d{{1,2}}|\d{{1,2}}\s+{_EN_MONTH})(?:,?\s*\d{{4}})?)?"
    r"(?P<agency>\s*\([A-Z][^()\n]{1,30}\))?\s*[-–—:](?:\s+|$)"
)


_EN_AGENCY_FIRST_RE = re.compile(r"^\(\s*[A-Z][A-Za-z]{1,12}\s*\)\s*[-–—]\s*")  # "(ANSA) - ROME, FEB 9 -"


def _english_dateline(text: str) -> tuple[str, str] | None:
    agency = _EN_AGENCY_FIRST_RE.match(text)
    if agency:
        inner = _english_dateline(text[agency.end() :])
        if inner:
            return f"{agency.group().strip(' -–—')} {inner[0]}", inner[1]
        return agency.group().strip(" -–—"), text[agency.end() :].strip()
    match = _EN_DATELINE_RE.match(text)
    if not match:
        return None
    place = match.group("place").split(",")[0]
    if not (place.isupper() and len(place) > 2) and not match.group("date") and not match.group("agency"):
        return None
    return match.group().strip(" -–—:"), text[match.end() :].strip()


def _lone_english_dateline(text: str) -> str | None:
    """The dateline when ``text`` is one and nothing else, a date in it
    ("London, 12 September 2023:", "TRIPOLI, May 14 (AP) -"): where the
    paper or the wire sits, page furniture wherever the line stands."""
    match = _EN_DATELINE_RE.match(text.strip() + " ")
    if not match or not match.group("date") or match.end() < len(text.strip()):
        return None
    return match.group().strip(" -–—:")


# "طرابلس (وكالات)", "بنغازي (خاص)": a city and a credit in brackets, on a
# line of its own or opening the first paragraph without a dash.
_WIRE_DATELINE_RE = re.compile(
    rf"^(?P<place>{_AR_WORD}(?:\s+{_AR_WORD})?)\s*[(\[]\s*(?P<credit>[^()\[\]\n]{{1,30}})\s*[)\]]\s*[-–—:]?\s*"
)


def _wire_dateline(text: str) -> tuple[str, str, str] | None:
    """(dateline, credit, rest) for "طرابلس (وكالات) ..." when the place is a
    dateline city and the bracket holds a short credit (an agency, "خاص")."""
    match = _WIRE_DATELINE_RE.match(text)
    if not match or _key(match.group("place")) not in _DATELINE_CITIES:
        return None
    credit = match.group("credit").strip()
    if len(credit.split()) > 4 or any(c.isdigit() for c in credit):
        return None
    return match.group("place").strip(), credit, text[match.end() :].strip()


_HEADER_SPLIT_RE = re.compile(r"\s*(?:\s[-–—|]\s|[|/:：])\s*")


def _header_dateline(line: _Line) -> tuple[str, str] | None:
    """(city, credit) for a header line that pairs a dateline city with an
    outlet or author, in either order and with any separator: "طرابلس - ليبيا
    أوبزرفر", "زوارة/ الأناضول", "القاهرة: جاكلين زاهر", "العين الإخبارية -
    أنقرة".  The other part must be short (a name, not a sentence)."""
    if line.words > 8 or _NO_FINAL_STOP_RE.search(line.text):
        return None
    parts = _HEADER_SPLIT_RE.split(line.text.strip(), maxsplit=1)
    if len(parts) != 2 or not all(parts):
        return None
    for city, other in (parts, parts[::-1]):
        if _key(city) in _DATELINE_CITIES and 1 <= len(other.split()) <= 4 and _key(other) not in _DATELINE_CITIES:
            return city.strip(), other.strip()
    return None


def _split_dateline(text: str) -> tuple[str | None, str]:
    """(dateline, rest) when ``text`` opens with "طرابلس - " and the like."""
    if _DASH_RE.search(text):  # every Arabic dateline ends with a dash (the patterns' compiling is spared)
        match = _dateline_match(text) or _CITY_COUNTRY_DATELINE_RE.match(text)
        if match:
            known_place = (
                _key(match.group("place")) in _DATELINE_CITIES or _key(match.group("place")).split(" ")[0] in _DATELINE_CITIES
            )
            if known_place or match.group("date") or match.group("agency"):
                rest = text[match.end() :].strip()
                return match.group().strip(" -–—"), rest
        match = _agency_dateline_re().match(text)
        if match:
            return match.group().strip(" -–—"), text[match.end() :].strip()
    english = _english_dateline(text)
    if english:
        return english
    return None, text


# ---------------------------------------------------------------------------
# The cleaning passes
# ---------------------------------------------------------------------------

# "البلاد.وقال" -> "البلاد. وقال"; digits after the stop are decimals, so only
# an Arabic letter right after the stop counts as glued text.
_GLUED_STOP_RE = re.compile(rf"(?<=\S)([.!?؟…]+)(?=[{_AR_LETTER}])")
_GLUED_COMMA_RE = re.compile(rf"(?<=\S)([،؛])(?=[{_AR_LETTER}])")


def _unglue(text: str) -> str:
    text = _GLUED_STOP_RE.sub(r"\1 ", text)
    return _GLUED_COMMA_RE.sub(r"\1 ", text)


def _is_title_repeat(line: _Line, title_key: str) -> bool:
    key = line.key
    if not title_key or not key:
        return False
    if key == title_key:
        return True
    if key.startswith(title_key) and len(key.split()) - len(title_key.split()) <= 4:
        return True  # "العنوان - ليبيا 24"
    if key.startswith(title_key + " "):
        # "العنوان - جريدة هرم مصر, اليوم الاثنين 9 فبراير 2026 12:22 مساءً"
        extra = [t for t in key[len(title_key) :].split() if t not in _DATE_WORDS and not t.isdigit()]
        return len(extra) <= 4
    return len(title_key) >= 20 and difflib.SequenceMatcher(None, key, title_key).ratio() >= 0.9


def text_before(whole: str, rest: str) -> str:
    return whole[: len(whole) - len(rest)].strip()


# Title decoration: "العنوان - عين ليبيا", "بوابة الوسط | العنوان", "العنوان |
# أخبار محلية".  Only " - ", " | ", " – ", " — ", "::" and "»" separate it.
_TITLE_SPLIT_RE = re.compile(r"\s+(?:[-–—|»]|::)\s+|\s*[|]\s*")
TITLE_DECORATION_WORDS = 4  # a site or section name is at most this long
# "بالفيديو.. ", "عاجل | ", "شاهد: ": a media or urgency label before a title
_MEDIA_LABEL_RE = re.compile(
    r"^\s*(?:بالفيديو|فيديو|بالصور|صور|شاهد|عاجل|خاص|حصري|انفوجراف|بالفيديو والصور|video|watch|breaking)"
    r"\s*(?:\.\.+|[:|\-–—]|…)\s*",
    re.I,
)


def _decoration(part: str, source_key: str) -> bool:
    """Whether one separated part of a title is a site or section name."""
    key = _key(part)
    tokens = key.split()
    if not tokens or len(tokens) > TITLE_DECORATION_WORDS or part.strip().endswith((".", "؟", "?", "!", ":")):
        return False
    if source_key and _same_outlet(key, source_key):
        return True
    if _is_breadcrumb(tokens) or any(t in _OUTLET_WORDS for t in tokens):
        return True
    if len(tokens) <= 3 and any(t in _SECTION_LABELS for t in tokens):
        return True  # "عين ليبيا", "ليبيا الأحرار": a site named after its country
    if re.fullmatch(r"[A-Za-z0-9 .\-]+", part.strip()) and len(tokens) <= 3:
        return True  # "Libya Observer", "218 TV" after an Arabic title
    return len(tokens) <= 3 and tokens[-1].isdigit()  # "ليبيا 24", "قناة 218"


# A tag or search page's header: a short label ending in one hashtag ("Latest
# news with #Tripoli", "أحدث الأخبار مع #أبوسليم", "#درنة").
_TAG_HEADER_RE = re.compile(r"^(?:[^#]{1,40}\s)?#[^\s#]+$")


def _is_tag_header(text: str) -> bool:
    return len(text.split()) <= 6 and bool(_TAG_HEADER_RE.match(text.strip()))


def clean_title(title: str, source: str = "") -> tuple[str, tuple[str, ...]]:
    """(title without page decoration, the decoration removed).

    Removes HTML remnants, a crawler's machine prefix, and site-name or
    section parts at either end ("- عين ليبيا", "| بوابة الوسط"), judged by
    form: a short part naming the outlet, an outlet word ("بوابة", "news"),
    a section label, or a Latin name after an Arabic title.  The part left
    must keep at least three words, so a short title is never emptied.
    """
    text = html.unescape(_HTML_TAG_RE.sub(" ", html.unescape(title or "")))
    text = _HTML_TAG_RE.sub(" ", text)
    text = _tidy(text)
    removed: list[str] = []
    bare = strip_crawl_prefix(text)
    if bare != text:
        removed.append(text_before(text, bare))
        text = bare
    if _is_tag_header(text):
        return "", (text,)  # "Latest news with #Tripoli" names a tag page, not a story
    source_key = _key(source)
    label = _MEDIA_LABEL_RE.match(text)
    if label and len(text[label.end() :].split()) >= 3:
        removed.append(label.group().strip())
        text = text[label.end() :]
    while True:
        parts = _TITLE_SPLIT_RE.split(text)
        if len(parts) < 2:
            break
        if _decoration(parts[-1], source_key) and len(" ".join(parts[:-1]).split()) >= 3:
            removed.append(parts[-1].strip())
            text = text[: text.rfind(parts[-1])].rstrip(" -–—|»:")
            continue
        if (
            _decoration(parts[0], source_key) and len(" ".join(parts[1:]).split()) >= 3 and _key(parts[0]) not in _DATELINE_CITIES
        ):  # "ليبيا - تونس: ..." names the parties
            removed.append(parts[0].strip())
            text = text[text.find(parts[0]) + len(parts[0]) :].lstrip(" -–—|»:")
            continue
        break
    return text.strip(), tuple(removed)


# Relatedness: the share of a line's content words found elsewhere in the
# story (title and sentence lines).  A related-stories box is a run of lines
# that share almost nothing with the story; story lines share a lot.
RELATED_STORY_LINE = 0.5  # at least this share: the line continues the story
UNRELATED_LINE = 0.2  # at most this share: the line is about something else
STORY_RESUMES_WORDS = 10  # a related line this long reads as the story going on, not a headline
MIN_STORY_WORDS = 12  # fewer distinct content words: too little story to judge relatedness by


def _content(text: str) -> list[str]:
    from .summarise import content_tokens  # summarise does not import clean

    return [t for t in content_tokens(text) if not t.isdigit()]


class _Vocabulary:
    """Content words of the story's lines, counted, so that a line can be
    compared with the story *without* itself."""

    def __init__(self, texts: list[str]):
        self.counts: dict[str, int] = {}
        for text in texts:
            for word in set(_content(text)):
                self.counts[word] = self.counts.get(word, 0) + 1

    def relatedness(self, line: _Line, counted: bool) -> tuple[float, int]:
        """(share of the line's content words found elsewhere, their number)."""
        words = set(_content(line.text))
        if not words:
            return 0.0, 0
        own = 1 if counted else 0
        found = sum(1 for w in words if self.counts.get(w, 0) > own)
        return found / len(words), len(words)


def _teaser(line: _Line) -> bool:
    """A short exclamation or question: how teasers end ("... هذه المدن!!")."""
    return line.words <= 15 and bool(re.search(r"[!؟?][!؟?\"'”»)]*$", line.text))


# Words by which a line speaks of the press itself rather than of the news.
_PRESS_WORDS = _keys(
    "الصحف", "صحف", "الصحافة", "الأنباء", "أنباء", "البوابة", "الموقع", "newspapers", "papers", "press", "headlines"
)


def _announces_roundup(line: _Line, related) -> bool:
    """A short opening line naming the press ("... أبرز ما جاء في الصحف")
    that shares (almost) none of its words with the story after it."""
    if line.words > 25 or not any(t in _PRESS_WORDS for t in line.key.split()):
        return False
    share, size = related(line)
    return size >= 4 and share <= UNRELATED_LINE


def _open(lines: list[_Line]) -> list[_Line]:
    return [line for line in lines if line.reason is None]


@dataclass
class _Cleaning:
    """What the passes of ``clean_article`` share: the page's lines (a pass
    sets ``reason`` on each line it takes out of the story), the story's
    vocabulary, and the metadata found on the way."""

    lines: list[_Line]
    title_key: str
    vocabulary: _Vocabulary
    counted: frozenset[int]  # ids of the lines the vocabulary counts
    removed: list[Removal]  # removals that are not whole lines (markup, a dateline prefix)
    dateline: str | None = None
    metadata_bylines: list[str] = field(default_factory=list)

    def related(self, line: _Line) -> tuple[float, int]:
        """The share of ``line``'s content words found elsewhere in the story, and their number."""
        return self.vocabulary.relatedness(line, id(line) in self.counted)

    def open(self) -> list[_Line]:
        return _open(self.lines)

    def note_dateline(self, place: str, credit: str | None) -> None:
        """Keep the first dateline found; a credit beside it is a byline."""
        self.dateline = self.dateline or place
        if credit is not None:
            self.metadata_bylines.append(credit)


def _start(article: Article) -> _Cleaning:
    """Step 1: labels that are furniture wherever they stand, the title
    repeated with the site's name and time after it ("العنوان - جريدة ...,
    اليوم ..."), and the story's vocabulary: the title and the lines that
    read as sentences (teasers excepted), by which related-story boxes are
    told from the story."""
    lines, removed = _read_lines(article)
    source_key = _key(article.source or "")
    title = clean_title(article.title or "", article.source or "")[0]
    title_key = _key(title)
    for line in lines:
        line.reason = _label_reason(line, source_key)
        if line.reason is None and title_key and line.key.startswith(title_key + " ") and _is_title_repeat(line, title_key):
            line.reason = "headline"
    story_lines = [line for line in lines if line.reason is None and _looks_like_sentence(line) and not _teaser(line)]
    vocabulary = _Vocabulary([title] + [line.text for line in story_lines])
    state = _Cleaning(lines, title_key, vocabulary, frozenset(id(line) for line in story_lines), removed)
    _note_lone_datelines(state)
    return state


def _note_lone_datelines(state: _Cleaning) -> None:
    """A dated English dateline on a line of its own, taken out by the label rules, is the article's dateline."""
    for line in state.lines:
        if line.reason == "dateline":
            state.note_dateline(_lone_english_dateline(line.text) or line.text, None)


def _mark_related_lists(state: _Cleaning) -> None:
    """Step 2: a list under a "related" heading belongs to that heading,
    until the story resumes: a line sharing most of its words with the story."""
    for i, line in enumerate(state.lines):
        if line.reason == "related-headlines" and line.key in _RELATED_HEADINGS:
            _mark_list_under(state, state.lines[i + 1 :])


def _mark_list_under(state: _Cleaning, followers: list[_Line]) -> None:
    for follower in followers:
        if follower.reason is not None:
            continue
        share, size = state.related(follower)
        if size >= 3 and share >= RELATED_STORY_LINE and follower.words >= STORY_RESUMES_WORDS:
            break
        short_teaser = _teaser(follower) and share <= UNRELATED_LINE
        if not short_teaser and (_looks_like_sentence(follower) or not _looks_like_headline(follower)):
            break
        follower.reason = "related-headlines"


def _mark_header(state: _Cleaning) -> None:
    """Step 3: the header, everything before the first story sentence: the
    title repeated, an outlet name, a dateline on a line of its own
    ("طرابلس - ليبيا 24", kept as metadata), an aggregator's announcement or
    ticker, a tag page's masthead."""
    open_lines = state.open()
    first_story = next((i for i, line in enumerate(open_lines) if _looks_like_sentence(line)), len(open_lines))
    # a tag page's label near the top ("وسم: ..."): what stands above it is the site's masthead
    tag_label = next((line.number for line in state.lines[:6] if line.reason == "tags"), 0)
    for line in open_lines[:first_story]:
        if line.number < tag_label:
            line.reason = "masthead"
        else:
            line.reason = _header_reason(state, line, line is open_lines[0] and first_story < len(open_lines))


def _header_reason(state: _Cleaning, line: _Line, opens_page_with_story: bool) -> str | None:
    found, rest = _split_dateline(line.text + " ")
    wire = _wire_dateline(line.text)
    if _is_title_repeat(line, state.title_key):
        return "headline"
    if wire and not wire[2]:
        state.note_dateline(wire[0], wire[1])
        return "dateline"
    if found and (not rest or _looks_like_outlet(_Line(line.number, rest))):
        state.note_dateline(found, rest or None)
        return "dateline"
    if header := _header_dateline(line):
        state.note_dateline(*header)
        return "dateline"
    if _looks_like_outlet(line):
        return "outlet-name"
    if opens_page_with_story and _announces_page(line):
        # "نعرض لكم زوارنا أهم الأخبار في المقال الآتي:": an aggregator's
        # announcement above the page it copies
        return "aggregator-header"
    if _unrelated_header(state, line):
        return "unrelated-header"  # an aggregator's ticker or another story's headline above the body
    return None


def _announces_page(line: _Line) -> bool:
    return line.text.rstrip().endswith((":", "：")) and line.words <= 15 and not _opens_running_text(line.text)


def _unrelated_header(state: _Cleaning, line: _Line) -> bool:
    if len(state.vocabulary.counts) < MIN_STORY_WORDS or line.words > 25 or _NO_FINAL_STOP_RE.search(line.text):
        return False
    share, size = state.related(line)
    return size >= 4 and share <= UNRELATED_LINE


def _mark_roundup_intro(state: _Cleaning) -> None:
    """Step 3b: a roundup's announcement opening the page ("the portal brings
    you the highlights of today's papers."): it names the press, not the news."""
    open_lines = state.open()
    if (
        len(open_lines) >= 2
        and len(state.vocabulary.counts) >= MIN_STORY_WORDS
        and _announces_roundup(open_lines[0], state.related)
    ):
        open_lines[0].reason = "roundup-intro"


def _mark_footer(state: _Cleaning) -> None:
    """Step 4: the footer.  Headline-like lines after the last story sentence
    are related-story lists unless a colon introduced them as the story's list."""
    open_lines = state.open()
    story = [i for i, line in enumerate(open_lines) if _looks_like_sentence(line)]
    if not story:
        return
    trailing = open_lines[story[-1] + 1 :]
    intro_colon = open_lines[story[-1]].text.rstrip().endswith(":")
    headlines = [line for line in trailing if _looks_like_headline(line)]
    for line in trailing:
        reason = _footer_reason(state, line, len(headlines) >= 2, line in headlines and not intro_colon)
        if reason is not None:
            line.reason = reason


def _footer_reason(state: _Cleaning, line: _Line, in_a_list: bool, listed: bool) -> str | None:
    share, size = state.related(line)
    if _looks_like_outlet(line):
        return "outlet-name"
    if line.words >= 10 and size >= 4 and share >= RELATED_STORY_LINE + 0.1:
        return None  # the story going on without its full stops
    if _credited_caption(line):
        return "image-caption"  # "صدام حفتر مع الوفد الأمريكي، فيتو" under the story
    if in_a_list and listed:
        return "related-headlines"
    if not in_a_list and line.words <= 4 and not _NO_FINAL_STOP_RE.search(line.text):
        return "trailing-fragment"
    return None


def _mark_related_runs(state: _Cleaning) -> None:
    """Step 5: runs of three or more headline-like lines inside the story: a
    related-stories box, unless a colon line introduced them as a list.  A
    page with no story sentence at all has no story for a box to be related
    to: its headlines are what it holds (a tag page), kept for the page-kind
    check."""
    if not any(_looks_like_sentence(line) for line in state.open()):
        return
    previous: _Line | None = None  # the line before the current run
    run: list[_Line] = []
    for line in [*state.open(), None]:  # None ends the last run
        if line is not None and _looks_like_headline(line) and not _looks_like_sentence(line) and line.words >= 4:
            run.append(line)
            continue
        if len(run) >= 3 and not (previous and previous.text.endswith(":")):
            for member in run:
                share, size = state.related(member)
                if not (member.words >= 8 and size >= 4 and share >= RELATED_STORY_LINE + 0.1):
                    member.reason = "related-headlines"
        previous, run = line, []


def _mark_lone_teasers(state: _Cleaning) -> None:
    """Step 5b: teasers standing alone inside the story: a short exclamation
    or question sharing nothing with it ("موجة حر تضرب هذه المدن!!")."""
    for line in state.open()[1:]:
        share, size = state.related(line)
        if _teaser(line) and size >= 2 and share <= UNRELATED_LINE:
            line.reason = "related-headlines"


def _mark_crossheads(state: _Cleaning) -> None:
    """Step 6: crossheads between paragraphs (and the deck above the first one)."""
    open_lines = state.open()
    story = [i for i, line in enumerate(open_lines) if _looks_like_sentence(line)]
    last_story = story[-1] if story else -1
    for i, line in enumerate(open_lines):
        if line.heading or (i < last_story and not _looks_like_sentence(line) and _looks_like_crosshead(line)):
            line.reason = "subheading"


def _paragraphs(state: _Cleaning) -> list[str]:
    """Step 7: the story's paragraphs, a dateline opening the first one taken off."""
    paragraphs: list[str] = []
    for line in state.open():
        text = line.text
        if not paragraphs and state.dateline is None:
            text = _strip_lead_dateline(state, line)
        paragraphs.append(_unglue(text))
    return paragraphs


def _strip_lead_dateline(state: _Cleaning, line: _Line) -> str:
    found, rest = _split_dateline(line.text)
    if found and len(rest.split()) >= 3:
        state.dateline = found
        state.removed.append(Removal(line.number, found, "dateline"))
        return rest
    wire = _wire_dateline(line.text)
    if wire and len(wire[2].split()) >= 3:
        state.note_dateline(wire[0], wire[1])
        state.removed.append(Removal(line.number, text_before(line.text, wire[2]), "dateline"))
        return wire[2]
    return line.text


_PASSES = (
    _mark_related_lists,
    _mark_header,
    _mark_roundup_intro,
    _mark_footer,
    _mark_related_runs,
    _mark_lone_teasers,
    _mark_crossheads,
)


def clean_article(article: Article) -> CleanArticle:
    """Separate the story paragraphs of ``article`` from page furniture: the
    passes above, in order, each taking lines out with a reason."""
    state = _start(article)
    for mark in _PASSES:
        mark(state)
    paragraphs = _paragraphs(state)
    removed = state.removed + [Removal(line.number, line.text, line.reason) for line in state.lines if line.reason is not None]
    removed.sort(key=lambda r: r.line)
    bylines = [line.text.strip(" -–—|") for line in state.lines if line.reason in ("byline", "outlet-name")]
    bylines += state.metadata_bylines
    return CleanArticle(
        article=article,
        paragraphs=tuple(paragraphs),
        removed=tuple(removed),
        byline=" · ".join(dict.fromkeys(bylines)) or None,
        dateline=state.dateline,
        subheadings=tuple(line.text for line in state.lines if line.reason == "subheading"),
        lines=tuple((line.text, line.reason) for line in state.lines),
    )


def sentences_of(clean: CleanArticle) -> tuple[Sentence, ...]:
    """The story's sentences, numbered from 0, with their paragraph index."""
    sentences: list[Sentence] = []
    for paragraph_index, paragraph in enumerate(clean.paragraphs):
        for text in split_sentences(paragraph):
            sentences.append(Sentence(index=len(sentences), text=text, paragraph=paragraph_index))
    return tuple(sentences)


# Lines a title may be taken from: kept as story text, or taken out only as
# the headline repeated or a crosshead (a page's own title looks like one).
_TITLE_REASONS = (None, "subheading", "headline")


def propose_title(text: str, source: str = "") -> str:
    """A title for a scraped page, taken from the *cleaned* text: the first
    line that cleaning did not take out as furniture (crawl fields,
    mastheads, outlet names, tickers...), when it reads as a headline and
    story text follows it, without its site-name decoration.  "" otherwise."""
    article = Article(
        path="", slug="", title="", date=dt.date(1970, 1, 1), source=source, url=None, lang="ar", body=text, body_line=1
    )
    reasons = {(r.line, r.text): r.reason for r in clean_article(article).removed}
    lines = [line for line in _read_lines(article)[0] if reasons.get((line.number, line.text)) in _TITLE_REASONS]
    if not lines:
        return ""
    first = lines[0]
    candidate = clean_title(first.text, source)[0]
    story_follows = any(line.number > first.number for line in _read_lines(article)[0])
    if 3 <= len(candidate.split()) <= 20 and not candidate.endswith((".", "؟", "?", "!", ":")) and story_follows:
        return candidate
    return ""


def story_title(clean: CleanArticle) -> tuple[str, str | None]:
    """(the title to brief under, a note when the page's own title was set
    aside).  An aggregator may put another story's headline in the title
    ("وادي الدواسر: ..." over a Derna report): a title sharing almost none
    of its words with a substantial story is replaced by the first crosshead
    that does, or by "" (the brief then derives one from the lead)."""
    article = clean.article
    title = clean_title(article.title or "", article.source or "")[0]
    story = " ".join(clean.paragraphs)
    vocabulary = _Vocabulary([story])
    if not title or len(vocabulary.counts) < MIN_STORY_WORDS:
        return title, None
    share, size = vocabulary.relatedness(_Line(0, title), counted=False)
    if size < 3 or share > UNRELATED_LINE:
        return title, None
    for heading in clean.subheadings:
        h_share, h_size = vocabulary.relatedness(_Line(0, heading), counted=False)
        if h_size >= 3 and h_share > UNRELATED_LINE:
            return clean_title(heading, article.source or "")[0], (
                f"title {title!r} shares {share:.0%} of its words with the story: the crosshead {heading!r} is used instead"
            )
    return "", f"title {title!r} shares {share:.0%} of its words with the story: headline taken from the lead"
