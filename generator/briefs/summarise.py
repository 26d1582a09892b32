"""Extractive key points and headlines for Arabic news articles.

``key_points`` ranks an article's sentences with a *position-biased TextRank*
(PageRank over the sentence-similarity graph, personalised towards the lead,
as in "PositionRank"/biased TextRank) on TF-IDF vectors of normalised,
clitic-stripped, stopword-filtered tokens, blends that centrality with an
inverted-pyramid position prior and with similarity to the title, and then
picks 3-5 sentences by maximal marginal relevance (MMR) so that two
near-identical sentences are never both chosen.  Sentences that look like
boilerplate (link lists, comment forms, photo captions), that only attribute
("according to a statement ...:"), or that are far too short or long are not
chosen while better sentences remain.

``headline_from_lead`` returns the title when there is one; otherwise it cuts
the first real lead sentence at a clause boundary (the Arabic comma, "حيث",
"بينما", "وذلك", "في إطار" ...) so that the headline is about 8-16 words and
never ends mid-phrase.

Everything is deterministic: no randomness, the centrality solved for
exactly (``_pagerank``), and every tie is broken by sentence position.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from functools import lru_cache

import numpy as np

from ..text.arabic import is_arabic, normalise, strip_clitics, tokenize
from ..models import KeyPoint, Removal, Sentence
from ..text.document import Document
from ..text.textsim import project, vectorise

__all__ = [
    "key_points",
    "headline_from_lead",
    "content_tokens",
    "point_count",
    "STOPWORDS",
    "LOW_INFORMATION",
]

# ---------------------------------------------------------------------------
# Vocabulary lists.  Written naturally; folded with the same normalisation and
# clitic stripping as the text (``_fold``), so "وأكد" and "أكد" both match.
# ---------------------------------------------------------------------------

# Function words: prepositions, conjunctions, pronouns, demonstratives,
# relatives, particles, auxiliaries and quantifiers.  They carry no topic.
_STOPWORDS_SOURCE = """
في من إلى الى على علي عن مع منذ حتى خلال عبر ضمن نحو لدى لدي عند بين دون حول ضد وسط تجاه
قبل بعد فوق تحت أمام امام خلف بدون مثل غير سوى إلا الا عدا لكن لكنه لكنها بل أو او أم ام ثم
إن ان أن كأن لأن لان كي لكي حيث حين بينما إذ اذ إذا اذا لو لولا كلما فيما مما عما ممن عمن
هو هي هم هما هن أنا انا نحن أنت انت أنتم انتم له لها لهم لهما لنا لي به بها بهم فيه فيها
فيهم منه منها منهم عليه عليها عليهم إليه اليه إليها اليها إليهم عنه عنها عنهم معه معها معهم
هذا هذه هذان هاتان هؤلاء ذلك تلك ذلكم أولئك هنا هناك هنالك
الذي التي الذين اللذين اللتين اللاتي اللواتي اللذان اللتان ما ماذا من متى أين اين كيف لماذا
قد لقد لم لن لا ليس ليست سوف كان كانت كانوا يكون تكون يكونوا صار أصبح اصبح أضحى ظل بات
مازال ما زال لايزال لا يزال تم يتم تمت جرى يجري
كل كافة جميع بعض أي اي أية اية أيضا ايضا أيضاً ايضاً كما كذلك فقط نفس ذات عدة عدد أكثر اكثر
أقل اقل جدا جداً حوالي نحو قرابة إضافة اضافة بالإضافة علاوة فضلا فضلاً سواء
وفي ومن وإلى وعلى وعن ومع والتي والذي وهو وهي وقد ولم ولا وما وكان وكانت وأن وان وإن
"""

# Reporting verbs, attribution and time words.  NOT stopwords: a sentence's
# position and length still count them, and "أكد" may carry the news ("he
# confirmed the deal"), but they say little about *what* happened, so they
# get a low weight in the vectors and do not count as content when deciding
# whether a sentence is attribution only.
_LOW_INFORMATION_SOURCE = """
قال يقول قالت تقول أكد اكد يؤكد تؤكد أكدت اكدت مؤكدا مؤكداً مؤكدة مؤكدين أضاف اضاف يضيف أضافت
مضيفا مضيفاً أوضح اوضح يوضح أوضحت موضحا موضحاً أشار اشار يشير أشارت مشيرا مشيراً لفت لافتا
شدد يشدد شددت مشددا مشدداً صرح يصرح صرحت أفاد افاد يفيد أفادت ذكر يذكر ذكرت تابع تابعت
نوه نوهت أعرب اعرب أعربت معربا معرباً أعلن اعلن أعلنت بحسب حسب وفق وفقا وفقاً طبقا نقلا نقلاً
بيان بيانات تصريح تصريحات تصريحاته صحفي صحفية إعلامي اعلامي الإعلامي مكتب المكتب متحدث
الناطق ناطق باسم مصدر مصادر وكالة الأنباء انباء موقع منصة صفحة فيسبوك تويتر إكس الرسمي الرسمية
اليوم أمس امس غدا غداً الليلة صباح مساء ظهر الأسبوع الاسبوع الشهر العام الماضي الماضية الجاري
الحالي الحالية المقبل المقبلة القادم القادمة الاثنين الثلاثاء الأربعاء الاربعاء الخميس الجمعة
السبت الأحد الاحد يوم أيام ايام ساعة ساعات
جاء ذلك يأتي ويأتي تأتي وتأتي
"""

# Patterns (on normalised text) of sentences that are never key points:
# navigation, related-headline lists, comment forms, sharing prompts,
# copyright lines, photo credits.
_BOILERPLATE_RE = re.compile(
    "|".join(
        normalise(p)
        for p in [
            r"اقرأ (أيضا|ايضا|المزيد)",
            r"^للمزيد",
            r"المزيد من (الأخبار|الاخبار|التفاصيل)",
            r"تابعونا|تابعوا (صفحتنا|قناتنا)|تابعوا آخر",
            r"حقوق (النشر|الطبع)|جميع الحقوق",
            r"لن يتم نشر",
            r"الحقول الإلزامية",
            r"اترك (تعليقا|تعليقاً|رد)",
            r"اشترك (في|الآن)|النشرة البريدية",
            r"شارك (هذا|المقال|الخبر)",
            r"زر الذهاب",
            r"(أخبار|اخبار|مواضيع|مقالات) (ذات صلة|متعلقة|مشابهة)",
            r"مصدر الصورة|الصورة (من|:)|تصوير:",
            r"https?://|www\.",
            r"\bimg[ _]?\d",
            r"click here|read more|subscribe",
        ]
    ),
    re.IGNORECASE,
)
_BULLET_RE = re.compile(r"^\s*[-–—•*·▪►]\s*")

# What happened, as opposed to how it was framed.  Stock diplomatic phrases
# ("the two sides discussed ways to strengthen cooperation") say nothing a
# reader needs; outcomes, decisions, figures and the next step do.
_STOCK_RE = re.compile(
    "|".join(
        normalise(p)
        for p in [
            r"سبل تعزيز",
            r"آفاق التعاون",
            r"افاق التعاون",
            r"تعزيز (التعاون|العلاقات|الشراكة)",
            r"العلاقات الثنائية",
            r"(ب|)ما يخدم (مصالح|المصالح)",
            r"المصالح المشتركة",
            r"القضايا ذات الاهتمام المشترك",
            r"الملفات ذات الاهتمام",
            r"(أشاد|اشاد|أشادت|اشادت) بمستوى",
            r"عمق العلاقات",
            r"متانة العلاقات",
            r"العلاقات التاريخية",
            r"(أكد|اكد|أكدا|اكدا|أكدت|اكدت) (على )?(أهمية|اهمية)",
            r"في إطار (حرص|الجهود)",
            r"تبادل وجهات النظر",
            r"روابط الأخوة",
            r"بحث الجانبان",
            r"ناقش الجانبان",
        ]
    )
)
# Outcome words: agreed, decided, signed, killed, injured, reached, will,
# starting from, next...  A number counts too (casualties, sums, dates).
_OUTCOME_WORDS = frozenset(
    strip_clitics(normalise(w))
    for w in """
اتفق اتفقا اتفاق اتفاقا قرر قررت قرار وقع وقعا توقيع أسفر اسفر أدى ادى أودى قتل قتلى قتيل مقتل أصيب اصيب إصابة
جرحى مصرع بلغ بلغت ارتفع ارتفعت انخفض تراجع أعلن اعلن إطلاق اطلاق استئناف استأنف إقالة إعفاء تعيين تكليف
سيتم ستعقد سيعقد ستبدأ سيبدأ المقبل المقبلة المقرر اعتبارا ابتداء موعد مهلة خلال سيطرة سيطر أغلق إغلاق
وافق صادق اعتمد أقر ألغى الغى علق تعليق اعتقل اعتقال أفرج الإفراج غرق انتشال حصيلة مفقود مفقودين
أعلنت اعلنت استعاد استعادت استعادة أطلق أطلقت تمكن تمكنت أوقف أوقفت ضبط سقوط
""".split()
)
# Background: what was already true before the news ("منذ سقوط نظام
# القذافي", "يذكر أن", "وكانت ... قد").
_BACKGROUND_RE = re.compile(
    "|".join(
        normalise(p)
        for p in [
            r"منذ (سقوط|عام|الإطاحة|الاطاحة|سنوات|سنة)",
            r"^(و)?يذكر (أن|ان)",
            r"^(و)?يشار (إلى|الى)",
            r"تتنازع السلطة",
            r"تتقاسم .{0,30}النفوذ",
            r"(تعاني|تشهد) (ليبيا|البلاد) منذ",
        ]
    )
)
STOCK_FACTOR = 0.5  # score multiplier for a stock-phrase or background sentence without an outcome
OUTCOME_BONUS = 0.1  # added per kind of outcome evidence (an outcome word, a number), at most twice
_TERMINAL_RE = re.compile(r"[.!؟?…\"”»)]\s*$")

MIN_WORDS = 6  # shorter sentences are labels, datelines, captions
HARD_MIN_WORDS = 3  # never a key point below this
MAX_WORDS = 70  # longer ones are run-ons from bad splitting
MIN_CONTENT_TOKENS = 3  # fewer content words than this: attribution only

LOW_INFORMATION_WEIGHT = 0.3

# Blend of the final score (sums to 1).  Centrality is the TextRank score
# normalised to [0, 1]; position is the inverted-pyramid prior; title is the
# cosine with the title.  Without a title its share goes to the other two.
W_CENTRALITY = 0.45
W_POSITION = 0.35
W_TITLE = 0.20
DAMPING = 0.85  # PageRank damping; the teleport goes to the position prior

MMR_LAMBDA = 0.7  # relevance vs novelty when picking the next point
REDUNDANT_SIMILARITY = 0.6  # cosine above which a sentence repeats a chosen one
SOFT_REJECT_FACTOR = 0.5  # score multiplier for sentences picked only to fill


@lru_cache(maxsize=200_000)
def _strip(token: str) -> str:
    return strip_clitics(token)


def _fold_words(source: str) -> frozenset[str]:
    out: set[str] = set()
    for word in source.split():
        for tok in tokenize(word):
            out.add(_strip(tok) if not tok.isdigit() else tok)
    return frozenset(out)


STOPWORDS = _fold_words(_STOPWORDS_SOURCE)
LOW_INFORMATION = _fold_words(_LOW_INFORMATION_SOURCE) - STOPWORDS
_LOW_INFORMATION_WEIGHTS = {word: LOW_INFORMATION_WEIGHT for word in LOW_INFORMATION}


def content_tokens(text: str) -> list[str]:
    """Normalised, clitic-stripped tokens of ``text`` without stopwords.

    Numbers are kept (casualty counts and sums are news); one-letter tokens
    (stray clitics, initials) are dropped.  A sentence is read by the
    cleaning, the key points and the clustering: it is tokenised once.
    """
    return list(_content_tokens(text))


@lru_cache(maxsize=1 << 15)
def _content_tokens(text: str) -> tuple[str, ...]:
    out = []
    for tok in tokenize(text):
        if tok[0].isdigit():
            out.append(tok)
            continue
        stem = _strip(tok)
        if len(stem) < 2 or stem in STOPWORDS:
            continue
        out.append(stem)
    return tuple(out)  # cached and shared: immutable


def point_count(usable: int, k_min: int = 3, k_max: int = 5) -> int:
    """How many key points an article with ``usable`` candidate sentences gets.

    Up to ``k_min`` sentences: all of them (an article of 2 sentences gives
    2).  Otherwise one more point per six sentences beyond six:
    <=6 -> 3, 7-12 -> 4, 13+ -> 5 (with the defaults), capped at ``k_max``.
    """
    if usable <= k_min:
        return max(usable, 0)
    return max(k_min, min(k_max, k_min + (usable - 1) // 6))


# ---------------------------------------------------------------------------
# Sentence screening
# ---------------------------------------------------------------------------

HARD, SOFT, OK = 2, 1, 0


def _screen(text: str, tokens: list[str], folded: str | None = None) -> tuple[int, str]:
    """(HARD/SOFT/OK, reason) for one sentence as a key-point candidate;
    ``folded`` is its normalised text when the caller has it."""
    folded = normalise(text) if folded is None else folded
    words = text.split()
    if not folded or not is_arabic(text):
        return HARD, "not Arabic prose"
    if _BOILERPLATE_RE.search(folded):
        return HARD, "boilerplate"
    if _BULLET_RE.match(text) and len(words) <= 25:
        return HARD, "list item (related headlines)"
    if len(words) < HARD_MIN_WORDS:
        return HARD, "too short"
    content = [t for t in tokens if t not in LOW_INFORMATION]
    if text.rstrip().endswith((":", "：")):
        return SOFT, "introduces a quotation"
    if len(words) < MIN_WORDS:
        return SOFT, "too short"
    if len(content) < MIN_CONTENT_TOKENS:
        return SOFT, "attribution only"
    if text.rstrip().endswith(("؟", "?")):
        return SOFT, "question (often a related headline)"
    if not _TERMINAL_RE.search(text) and len(words) < 12:
        return SOFT, "label or crosshead"
    if len(words) > MAX_WORDS:
        return SOFT, "too long"
    return OK, ""


# ---------------------------------------------------------------------------
# TF-IDF and TextRank
# ---------------------------------------------------------------------------


def _pagerank(sim: np.ndarray, prior: np.ndarray) -> np.ndarray:
    """Personalised PageRank on a weighted undirected graph: the rank *r*
    with ``r = DAMPING * r @ M + (1 - DAMPING) * prior``, *M* the walk's
    transitions, solved for directly.  Power iteration, used before, stopped
    at its cap of 50 steps for most articles, up to 4e-5 from this rank, and
    took 210 µs an article against 16; of 5,000 articles' key points none
    changed (86 scores, kept to four decimals, moved in the last)."""
    n = sim.shape[0]
    w = sim.copy()
    np.fill_diagonal(w, 0.0)
    out = w.sum(axis=1)
    walk = np.divide(w, out[:, None], out=np.zeros_like(w), where=out[:, None] > 0)
    # dangling sentences (no similar neighbour) send their mass to the prior
    walk[out == 0] = prior
    rank = np.linalg.solve(np.eye(n) - DAMPING * walk.T, (1 - DAMPING) * prior)
    return rank / rank.sum() if rank.sum() else np.full(n, 1.0 / n)


# Sentences ranked for key points; a news article rarely has more than 60.
MAX_RANKED_SENTENCES = 400


def _flagged(folded: str, flagged: frozenset[str]) -> bool:
    """Whether a sentence (its normalised text) repeats a line the cleaning
    took out (a caption, a teaser, the title with the site's name):
    ``flagged`` holds their normalised texts."""
    folded = folded.strip(" .")
    return bool(folded) and any(folded == f or (len(folded) >= 12 and folded in f) for f in flagged)


def _substance(folded: str, tokens: list[str]) -> float:
    """Score factor for what a sentence (its normalised text) tells: up for
    outcomes and figures, down for stock phrases that carry neither."""
    evidence = int(any(t in _OUTCOME_WORDS for t in tokens)) + int(any(t[0].isdigit() for t in tokens))
    ceiling = 1.0 + 2 * OUTCOME_BONUS  # keeps scores in [0, 1]
    if (_STOCK_RE.search(folded) or _BACKGROUND_RE.search(folded)) and not evidence:
        return STOCK_FACTOR / ceiling
    return (1.0 + OUTCOME_BONUS * evidence) / ceiling


def _select(score: list[float], sim: list[list[float]], soft: np.ndarray, k: int) -> list[int]:
    """Up to ``k`` positions by maximal marginal relevance, in order: first
    among the good sentences, then (only if needed) the soft ones; a
    sentence that says again what a chosen one says is passed over."""
    chosen: list[int] = []
    for pool in (np.flatnonzero(~soft), np.flatnonzero(soft)):
        remaining = [int(j) for j in pool]
        while len(chosen) < k and remaining:
            best, best_value = -1, -math.inf
            for j in remaining:  # ascending position: ties go to the earlier one
                redundancy = max((sim[j][c] for c in chosen), default=0.0)
                value = MMR_LAMBDA * score[j] - (1 - MMR_LAMBDA) * redundancy
                if value > best_value + 1e-12:
                    best, best_value = j, value
            remaining.remove(best)
            if any(sim[best][c] >= REDUNDANT_SIMILARITY for c in chosen):
                continue  # says again what a chosen sentence says
            chosen.append(best)
    return sorted(chosen)


def key_points(
    sentences: tuple[Sentence, ...],
    *,
    title: str = "",
    k_min: int = 3,
    k_max: int = 5,
    flagged: frozenset[str] = frozenset(),
    document: Document | None = None,
) -> tuple[KeyPoint, ...]:
    """The article's key points: 3-5 of its sentences, in document order.

    Each ``KeyPoint`` points back to its sentence (``sentence_index`` is the
    ``Sentence.index``) and records its score in [0, 1].  Boilerplate,
    non-Arabic lines and link lists are never chosen; sentences that are too
    short/long, introduce a quotation or only attribute are chosen only when
    nothing better is left.  Returns ``()`` when no sentence is usable.
    ``document`` is the article's annotation (the folded sentences).
    """
    if not sentences:
        return ()
    # the sentences as the text layer folded them (``document``), else folded here
    folded = [document.of(s).folded if document is not None else normalise(s.text) for s in sentences]
    tokens = [content_tokens(s.text) for s in sentences]
    screens = [
        (HARD, "flagged by the cleaning") if _flagged(f, flagged) else _screen(s.text, t, f)
        for s, t, f in zip(sentences, tokens, folded)
    ]
    usable = [i for i, (level, _) in enumerate(screens) if level != HARD]
    if not usable:
        return ()
    k = point_count(len(usable), k_min, k_max)
    if k == 0:
        return ()
    # The similarity matrix is dense (m x m): rank within a window of the
    # first sentences, which is where an inverted-pyramid story says what
    # matters, so a huge article costs no more than a long one.
    usable = usable[:MAX_RANKED_SENTENCES]

    title_tokens = content_tokens(title) if title.strip() else None
    # TF-IDF over the article's own sentences (textsim's: smoothed IDF,
    # sublinear tf), low-information words down-weighted
    vectors = vectorise([Counter(tokens[i]) for i in usable], term_weights=_LOW_INFORMATION_WEIGHTS)
    matrix = vectors.dense()
    title_vec = project(vectors, Counter(title_tokens)) if title_tokens is not None else None
    sim = np.clip(matrix @ matrix.T, 0.0, 1.0)
    m = len(usable)
    # inverted pyramid: the lead matters most, decaying with rank among the
    # usable sentences (a skipped dateline does not push the lead down)
    position = 1.0 / np.sqrt(1.0 + np.arange(m))
    prior = position / position.sum()
    centrality = _pagerank(sim, prior) if m > 1 else np.ones(1)
    centrality = centrality / centrality.max()
    if title_vec is not None and title_tokens:  # a title with words (some may be in no sentence)
        title_sim = np.clip(matrix @ title_vec, 0.0, 1.0)
        score = W_CENTRALITY * centrality + W_POSITION * position + W_TITLE * title_sim
    else:
        share = W_CENTRALITY + W_POSITION
        score = (W_CENTRALITY / share) * centrality + (W_POSITION / share) * position
    soft = np.array([screens[i][0] == SOFT for i in usable])
    score = np.where(soft, score * SOFT_REJECT_FACTOR, score)
    score = score * np.array([_substance(folded[i], tokens[i]) for i in usable])

    # Python floats: the same values, compared without numpy's per-item cost
    chosen = _select(score.tolist(), sim.tolist(), soft, k)
    return tuple(
        KeyPoint(
            sentence_index=sentences[usable[j]].index,
            text=sentences[usable[j]].text,
            score=round(float(score[j]), 4),
        )
        for j in chosen
    )


# ---------------------------------------------------------------------------
# Headline
# ---------------------------------------------------------------------------

HEADLINE_MIN_WORDS = 8
HEADLINE_MAX_WORDS = 16
HEADLINE_HARD_MAX = 24  # a longer cut is only taken when nothing shorter reads well

_TRAILING_PUNCT = " \t.,،؛;:!?؟…-–—\"'“”«»"
# Words a headline must not end with: prepositions, conjunctions, relatives,
# construct-state heads that announce a following noun.
_DANGLING = {
    normalise(w)
    for w in """في من إلى الى على عن مع بين ضد حول نحو لدى عند منذ خلال عبر ضمن بعد قبل دون و أو او ثم
    التي الذي الذين أن ان إن لـ بـ كـ سبل بحث حيث بينما وذلك وسط إطار اطار جهود لتعزيز بشأن حول""".split()
}
# Clause boundaries inside a sentence, strongest first: (regex, strength).
# A cut is made *before* the matched connector word, or after punctuation.
_CLAUSE_BOUNDARIES = [
    (re.compile(r"\s*[؛;]\s*"), 0.0),
    (re.compile(r"\s*،\s*(?=(?:وذلك|في إطار|في اطار|حيث|بينما|فيما|وسط|مؤكد|مشير|مضيف|موضح|معرب|وأكد|وأضاف|بهدف|من أجل))"), 0.0),
    (re.compile(r"\s+(?=(?:وذلك|حيث|بينما|فيما)\s)"), 0.3),
    (re.compile(r"\s*،\s*"), 0.5),
    (re.compile(r"\s*:\s+"), 0.5),
    (re.compile(r"\s+[-–—]\s+"), 0.5),
    (re.compile(r"\s+(?=(?:في إطار|في اطار|وسط|بهدف|من أجل|من اجل|عقب|إثر|اثر|بعد أن|بعد ان)\s)"), 0.6),
    # weakest: before a prepositional phrase (only when nothing else fits)
    (re.compile(r"\s+(?=(?:في|خلال|مع|على|لبحث|لمناقشة|بشأن)\s)"), 2.5),
]
_DATELINE_RE = re.compile(r"^[^\s،]{2,20}(?:\s[^\s،]{2,20})?\s*[-–—:]\s*$")


def _words(text: str) -> int:
    return len(text.split())


def _cuts(lead: str) -> dict[int, float]:
    """Character offsets where ``lead`` may be cut -> cost of the boundary."""
    cuts: dict[int, float] = {}
    for pattern, strength in _CLAUSE_BOUNDARIES:
        for m in pattern.finditer(lead):
            if m.start() > 0:
                cuts.setdefault(m.start(), strength)
    return cuts


def _cut_cost(lead: str, offset: int, strength: float) -> float:
    """How badly a headline cut at ``offset`` reads (lower is better)."""
    head = lead[:offset].rstrip(_TRAILING_PUNCT)
    n = _words(head)
    last = normalise(head.split()[-1]) if head.split() else ""
    if n < 3 or last in _DANGLING or head.count("(") > head.count(")"):
        return math.inf
    if n < HEADLINE_MIN_WORDS:
        cost = (HEADLINE_MIN_WORDS - n) * 0.6
    elif n <= HEADLINE_MAX_WORDS:
        cost = 0.0
    else:
        cost = (n - HEADLINE_MAX_WORDS) * 0.35
    if n > HEADLINE_HARD_MAX:
        cost += (n - HEADLINE_HARD_MAX) * 1.0
    cost += strength
    after = lead[offset:].lstrip(" ،,:;؛-–—")
    segments = [seg.split() for seg in re.split(r"[،,;؛:]", after)]
    # cutting before "مع <counterpart>" (in the next two clauses) drops who
    # the meeting was with: "بحث الوزير، فلان، مع ..." must keep the "مع"
    if any(seg and normalise(seg[0]) in ("مع", "ومع") for seg in segments[:2]):
        cost += 2.5
    # cutting before a short clause enclosed in commas drops a name
    # ("الوزير، فلان، ...") -- the news usually follows it
    if len(segments) > 1 and 0 < len(segments[0]) <= 3:
        cost += 1.0
    # a head ending in such a short enclosed clause ("..., اليوم الخميس")
    # stops before the predicate: "announced, on Thursday" says nothing yet
    head_clauses = re.split(r"[،,;؛:]", head)
    if len(head_clauses) > 1 and _words(head_clauses[-1]) <= 3:
        cost += 1.5
    return cost


def _shorten(lead: str) -> str:
    lead = lead.strip().rstrip(_TRAILING_PUNCT).strip()
    if _words(lead) <= HEADLINE_MAX_WORDS:
        return lead
    best: tuple[float, int] | None = None
    for offset, strength in sorted(_cuts(lead).items()):
        cost = _cut_cost(lead, offset, strength)
        # prefer the longer of two equally good cuts (more information)
        if cost < math.inf and (best is None or cost <= best[0] + 1e-9):
            best = (cost, offset)
    whole_cost = (_words(lead) - HEADLINE_MAX_WORDS) * 0.35 + max(0, _words(lead) - HEADLINE_HARD_MAX) * 1.0
    if best is not None and best[0] < whole_cost:
        return lead[: best[1]].rstrip(_TRAILING_PUNCT).strip()
    if _words(lead) <= HEADLINE_HARD_MAX:
        return lead
    # no clause boundary at all: the longest word prefix within the limit
    # that does not end on a dangling word
    words = lead.split()
    for n in range(HEADLINE_MAX_WORDS, HEADLINE_MIN_WORDS - 1, -1):
        if normalise(words[n - 1].rstrip(_TRAILING_PUNCT)) not in _DANGLING:
            return " ".join(words[:n]).rstrip(_TRAILING_PUNCT) + "…"
    return " ".join(words[:HEADLINE_MAX_WORDS]).rstrip(_TRAILING_PUNCT) + "…"


def _lead_sentence(sentences: tuple[Sentence, ...]) -> str:
    """The first sentence that is real prose (not a site label or dateline)."""
    for s in sentences:
        text = s.text.strip()
        if not text:
            continue
        if _DATELINE_RE.match(text):
            continue
        level, _ = _screen(text, content_tokens(text))
        if level == OK or (level == SOFT and _words(text) >= MIN_WORDS):
            return text
    return next((s.text.strip() for s in sentences if s.text.strip()), "")


def headline_from_lead(sentences: tuple[Sentence, ...], *, title: str = "") -> str:
    """The title when there is one; otherwise the lead sentence shortened.

    The lead is the first sentence that reads as prose (site labels,
    datelines, link lists are skipped).  A lead of up to 16 words is kept
    whole; a longer one is cut at the clause boundary that gives about 8-16
    words without ending on a preposition or before the name of the
    counterpart; trailing punctuation is stripped.  Never empty when any
    sentence has text.
    """
    if title and title.strip():
        return title.strip()
    lead = _lead_sentence(sentences)
    if not lead:
        return ""
    return _shorten(lead) or lead.strip()


def flagged_texts(removed: tuple[Removal, ...]) -> frozenset[str]:
    """The normalised texts of the lines the cleaning took out (of three
    words or more): a sentence repeating one is never a key point."""
    return frozenset(normalise(r.text).strip(" .") for r in removed if len(r.text.split()) >= 3)
