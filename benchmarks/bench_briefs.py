"""Benchmark: key-point extraction and event/thread clustering at scale.

    python benchmarks/bench_briefs.py                 # sizes 1000 10000
    python benchmarks/bench_briefs.py --sizes 500 2000 --quick
    python benchmarks/bench_briefs.py --brief-stage --content tests/corpus \
        --compare-with /tmp/old-checkout      # the brief stage, old vs new tree


Generates synthetic Arabic news reports (templates x a vocabulary of actors,
places, verbs and topics; publication dates spread over ~60 days; every event
reported by one to three outlets, rewritten, so there are deliberate
near-duplicates; some events continue over several days as threads), then
measures:

* key points (``generator.briefs.summarise.key_points``): briefs per second;
* ``generator.briefs.brief.brief_article`` when the cleaning stage is importable;
* ``--brief-stage``: the brief stage alone (clean + brief every article with
  the lexicons a build loads): the synthetic reports of the smallest size, or
  with ``--content PROJECT`` that project's articles, gazetteer and topics.
  ``--compare-with DIR`` runs the same measurement with DIR's ``generator``
  (an older checkout) in a subprocess of the same run and prints both times
  and their ratio;
* clustering (``generator.stories.cluster``) time at each size, the ratio
  time(largest)/time(smallest) next to linear and quadratic growth, the
  number of candidate pairs compared vs all pairs, tracemalloc peak memory;
* a naive peer measured in the same run: all pairs (within the date window)
  compared with the same decisions, at the smallest size, and extrapolated
  (clearly labelled, not run) to the largest;
* cluster quality against the generator's ground truth (pairwise precision,
  recall and F1 of "same event"), a check that speed is not bought with
  wrong answers.

The generator (``synthetic_corpus``) is also used by tests/test_cluster.py.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
import time
import tracemalloc
from collections import defaultdict
from pathlib import Path

# ``--generator-root DIR`` (used by --compare-with) imports another tree's generator
_ROOT_FLAG = "--generator-root"
_GENERATOR_ROOT = (
    sys.argv[sys.argv.index(_ROOT_FLAG) + 1] if _ROOT_FLAG in sys.argv[:-1] else str(Path(__file__).resolve().parent.parent)
)
sys.path.insert(0, _GENERATOR_ROOT)
if _ROOT_FLAG in sys.argv[:-1]:
    # An editable install's finder would fill in modules the other tree lacks
    # from this checkout (a pre-layout tree has no generator.briefs): without
    # it, every module comes from that tree or the import fails.
    sys.meta_path[:] = [f for f in sys.meta_path if not getattr(f, "__module__", "").startswith("__editable__")]


def _module(*names: str):
    """The first of *names* that imports: the module under this layout, then
    under the flat layout of older commits (for --compare-with)."""
    import importlib

    for name in names:
        try:
            return importlib.import_module(name)
        except ModuleNotFoundError:
            continue
    raise ModuleNotFoundError(names[0])


split_sentences = _module("generator.text.arabic", "generator.arabic").split_sentences
cluster_with_stats = _module("generator.stories.cluster", "generator.cluster").cluster_with_stats
from generator.models import (  # noqa: E402
    Actor,
    Article,
    BilingualBrief,
    Brief,
    DateMention,
    EventLine,
    Place,
    Sentence,
    TopicMatch,
    TranslatedText,
)

_summarise = _module("generator.briefs.summarise", "generator.summarise")
headline_from_lead, key_points = _summarise.headline_from_lead, _summarise.key_points

START = dt.date(2025, 7, 1)
DAYS = 60

# --- vocabulary --------------------------------------------------------------

_FIRST = (
    "محمد أحمد علي عمر خالد مصطفى يوسف إبراهيم فتحي أسامة صلاح عقيلة حسن سالم سليمان سعيد عادل عماد "
    "فرج جمال كمال ناصر منصور رمضان طارق هشام وليد بشير مختار مراد نوري فيصل ماجد عبدالسلام عبدالحميد "
    "عبدالله عبدالرحمن"
).split()
_LAST = (
    "الزوبي الدبيبة المنفي الحداد حفتر صالح المشري تكالة باشاغا الكبير حماد الثني معيتيق الككلي "
    "الشريف العبيدي الفيتوري الورفلي المقريف الغويل العوامي الحاسي شكشك المسماري الناظوري اللافي "
    "الكوني العقوري القطراني الطبيب بلحاج الصلابي الزنتاني المصراتي البدري التاجوري الجويلي "
    "النمروش الشهوبي الطرابلسي بوشناف الزليتني البعيو السويحلي المرغني الشلوف الرقيق السنوسي"
).split()
_ROLES = [
    "وزير الداخلية",
    "وزير الدفاع",
    "وزير الخارجية",
    "رئيس المجلس الرئاسي",
    "رئيس حكومة الوحدة الوطنية",
    "رئيس مجلس النواب",
    "رئيس المجلس الأعلى للدولة",
    "رئيس الأركان العامة",
    "محافظ مصرف ليبيا المركزي",
    "رئيس المؤسسة الوطنية للنفط",
    "وكيل وزارة الدفاع",
    "سفير الاتحاد الأوروبي",
    "المبعوث الأممي",
    "سفير الولايات المتحدة",
    "سفير إيطاليا",
    "سفير فرنسا",
    "سفير تركيا",
    "القائم بأعمال السفارة البريطانية",
    "عميد بلدية",
    "رئيس جهاز المخابرات",
    "النائب العام",
    "رئيس هيئة الرقابة الإدارية",
    "وزير الصحة",
    "وزير النفط والغاز",
    "وزير المواصلات",
    "وزير الحكم المحلي",
    "رئيس المفوضية العليا للانتخابات",
]
_PLACES = [
    ("tripoli", "Tripoli", "طرابلس"),
    ("benghazi", "Benghazi", "بنغازي"),
    ("misrata", "Misrata", "مصراتة"),
    ("sebha", "Sebha", "سبها"),
    ("zawiya", "Zawiya", "الزاوية"),
    ("sirte", "Sirte", "سرت"),
    ("tobruk", "Tobruk", "طبرق"),
    ("derna", "Derna", "درنة"),
    ("zliten", "Zliten", "زليتن"),
    ("gharyan", "Gharyan", "غريان"),
    ("ajdabiya", "Ajdabiya", "أجدابيا"),
    ("bayda", "Bayda", "البيضاء"),
    ("zuwara", "Zuwara", "زوارة"),
    ("ghat", "Ghat", "غات"),
    ("kufra", "Kufra", "الكفرة"),
    ("sabratha", "Sabratha", "صبراتة"),
    ("khoms", "Khoms", "الخمس"),
    ("marj", "Marj", "المرج"),
    ("tunis", "Tunis", "تونس"),
    ("cairo", "Cairo", "القاهرة"),
    ("rome", "Rome", "روما"),
    ("ankara", "Ankara", "أنقرة"),
    ("geneva", "Geneva", "جنيف"),
    ("algiers", "Algiers", "الجزائر"),
]
_OUTLETS = [
    "Libya Observer",
    "Al Wasat",
    "Libya Al Ahrar",
    "218 News",
    "Akhbar Libya 24",
    "Al Marsad",
    "Libya Review",
    "Alnabaa",
    "Lana",
    "Al Saa 24",
    "Fawasel",
    "Al Hadath",
]
_TOPICS = {
    "security": (
        "التعاون الأمني",
        [
            "تعزيز التعاون الأمني والعسكري",
            "تأمين الحدود الجنوبية",
            "مكافحة الإرهاب والجريمة المنظمة",
            "تبادل المعلومات الاستخباراتية",
            "توحيد المؤسسة العسكرية",
            "تدريب عناصر الشرطة",
        ],
    ),
    "elections": (
        "الانتخابات",
        [
            "إجراء الانتخابات الرئاسية والبرلمانية",
            "القوانين الانتخابية",
            "تحديث سجل الناخبين",
            "انتخابات المجالس البلدية",
            "خارطة الطريق الأممية",
            "توزيع بطاقات الناخبين",
        ],
    ),
    "oil": (
        "النفط",
        [
            "رفع معدلات إنتاج النفط",
            "صيانة الحقول النفطية",
            "عقود الاستكشاف مع الشركات الأجنبية",
            "توزيع إيرادات النفط",
            "تأمين الموانئ النفطية",
            "حقل الشرارة",
        ],
    ),
    "electricity": (
        "الكهرباء",
        [
            "أزمة انقطاع التيار الكهربائي",
            "صيانة محطات توليد الكهرباء",
            "خطة طرح الأحمال",
            "ربط الشبكة الكهربائية",
            "توريد قطع الغيار للمحطات",
            "محطة الخمس البخارية",
        ],
    ),
    "migration": (
        "الهجرة",
        [
            "مكافحة الهجرة غير الشرعية",
            "ترحيل المهاجرين غير النظاميين",
            "مراكز إيواء المهاجرين",
            "تأمين السواحل الغربية",
            "شبكات تهريب البشر",
            "العودة الطوعية للمهاجرين",
        ],
    ),
    "economy": (
        "الاقتصاد",
        [
            "سعر صرف الدينار",
            "أزمة السيولة في المصارف",
            "الميزانية العامة للدولة",
            "دعم المحروقات",
            "رواتب موظفي القطاع العام",
            "احتياطيات النقد الأجنبي",
        ],
    ),
    "health": (
        "الصحة",
        [
            "توريد الأدوية والمستلزمات الطبية",
            "علاج مرضى الأورام",
            "حملة التطعيم الوطنية",
            "تطوير المستشفيات العامة",
            "نقص الكوادر الطبية",
            "مراكز غسيل الكلى",
        ],
    ),
    "clashes": (
        "الاشتباكات",
        [
            "اشتباكات مسلحة بين مجموعات متنافسة",
            "إغلاق الطرق الرئيسية",
            "سقوط قذائف عشوائية",
            "وقف إطلاق النار",
            "نزوح عائلات من المنطقة",
            "إصابة مدنيين",
        ],
    ),
}
_KINDS = {
    "meeting": ["بحث {p} مع {c}", "التقى {p} {c}", "ناقش {p} مع {c}", "استقبل {p} {c}", "اجتمع {p} مع {c}"],
    "visit": [
        "وصل {p} إلى {place} في زيارة رسمية التقى خلالها {c}",
        "زار {p} مدينة {place} حيث التقى {c}",
        "بدأ {p} زيارة إلى {place} يلتقي خلالها {c}",
    ],
    "call": ["أجرى {p} اتصالا هاتفيا مع {c}", "تلقى {p} اتصالا هاتفيا من {c}", "بحث {p} هاتفيا مع {c}"],
    "statement": ["أعلن {p} في بيان", "أكد {p} في تصريح صحفي", "قال {p} في كلمة متلفزة"],
    "attack": ["استهدف هجوم مسلح موقعا في {place}", "تعرض مقر أمني في {place} لهجوم", "شهدت {place} هجوما مسلحا"],
    "appointment": ["أصدر {p} قرارا بتكليف {c}", "كلف {p} {c} بمهام جديدة", "عين {p} {c} في منصب جديد"],
}
_WEEKDAYS = ["الاثنين", "الثلاثاء", "الأربعاء", "الخميس", "الجمعة", "السبت", "الأحد"]
_FILLER = [
    "وشدد الجانبان على أهمية {t} ومواصلة التنسيق المشترك في الفترة المقبلة",
    "وتطرق اللقاء إلى {t} والعقبات التي تواجه تنفيذ الاتفاقات السابقة",
    "وأوضح البيان أن الاجتماع تناول {t} وسبل دعم المؤسسات المعنية",
    "ويأتي ذلك في ظل اهتمام متزايد بملف {t} على المستويين المحلي والدولي",
    "وأشار المكتب الإعلامي إلى أن الطرفين اتفقا على تشكيل لجنة فنية لمتابعة {t}",
    "ودعا المشاركون إلى تسريع الخطوات العملية المتعلقة ب{t} خلال الأسابيع القادمة",
    "كما استعرض الحاضرون تقريرا مفصلا حول {t} وما تحقق من نتائج",
    "ولفت المسؤول إلى أن ملف {t} يحظى بأولوية قصوى لدى الحكومة",
    "وأكدت مصادر مطلعة أن المباحثات تناولت أيضا {t} وآليات التمويل اللازمة",
    "وتعهد الجانب الزائر بتقديم الدعم الفني في مجال {t}",
    "وجرى خلال اللقاء استعراض الخطط المستقبلية بشأن {t} والتحديات القائمة",
    "ويرى مراقبون أن التطورات الأخيرة في {t} قد تنعكس على المشهد السياسي في البلاد",
]
# Words that make one event's agenda its own (in real news: the specifics).
_DETAIL_WORDS = (
    "المنحة القرض الاتفاقية المذكرة الشحنة الصفقة المحطة الطريق الجسر المطار الميناء المعبر "
    "السجن المستشفى الجامعة المدرسة المصنع المخزن الحقل الخزان الشبكة الجمارك الضرائب "
    "الجوازات التأشيرات الرواتب المعاشات السيولة الوقود الغاز الدقيق الأعلاف الأسمدة "
    "الإسكان الطاقة الشمسية الاتصالات الإنترنت البريد النقل البحري السكك القطارات الحافلات "
    "الطائرات المسيرة الرادارات الزوارق الدوريات الكاميرات البصمة الأرشيف السجلات الوثائق "
    "النازحين الأسرى المفقودين الجثامين الألغام الذخائر المخلفات الحرائق السيول الجفاف"
).split()
_EXTRA_WORDS = (
    "مؤسسات برامج مشروعات لجان فرق خطط آليات تقارير ملفات قرارات اتفاقيات شراكات ورش دورات "
    "الجنوب الغرب الشرق الوسط الساحل الحدود الموانئ المطارات البلديات المناطق القطاعات"
).split()


def _pending(text: str) -> TranslatedText:
    return TranslatedText(source=text, text=None, provenance="pending")


def _people(rng: random.Random, n: int) -> list[tuple[Actor, str]]:
    """(actor, role) pairs with distinct names."""
    seen, out = set(), []
    while len(out) < n:
        first, last = rng.choice(_FIRST), rng.choice(_LAST)
        if (first, last) in seen:
            continue
        seen.add((first, last))
        slug = f"p{len(out):03d}"
        out.append((Actor(id=slug, kind="person", name_en=f"Person {slug}", name_ar=f"{first} {last}"), rng.choice(_ROLES)))
    return out


def synthetic_corpus(n: int, seed: int = 7, *, entity_rate: float = 0.85, date_rate: float = 0.7):
    """``n`` synthetic bilingual briefs and the ground truth (brief id -> event id).

    Each event is reported by 1-3 outlets (rewritten: different templates,
    filler and sentence order) on the event day or the day after; ~20% of
    events continue a thread of 2-4 events on following days with the same
    actors.  The extraction's fields are filled for ``entity_rate`` of the
    reports and the event date for ``date_rate`` of them.
    """
    rng = random.Random(seed)
    people = _people(rng, max(40, n // 25))
    places = [Place(pid, en, ar, "city") for pid, en, ar in _PLACES]
    libya = Place("libya", "Libya", "ليبيا", "country")
    topics = {k: TopicMatch(k, k, label, (label,)) for k, (label, _) in _TOPICS.items()}

    # events first, then reports until n
    events = []
    while sum(e["reports"] for e in events) < n:
        day = rng.randrange(DAYS)
        kind = rng.choices(list(_KINDS), weights=[5, 2, 2, 2, 1, 1])[0]
        topic = rng.choice(list(_TOPICS))
        principal, counterpart = rng.sample(people, 2)
        place = rng.choice(places)
        length = rng.choice([2, 3, 4]) if rng.random() < 0.2 else 1
        for step in range(length):
            focus = rng.sample(_TOPICS[topic][1], 3)  # each event of a thread has its own agenda
            events.append(
                dict(
                    focus=focus,
                    detail=" ".join(rng.sample(_DETAIL_WORDS, 4)),
                    id=f"e{len(events):05d}",
                    day=min(DAYS - 1, day + step * rng.choice([1, 1, 2])),
                    kind=kind,
                    topic=topic,
                    principal=principal,
                    counterpart=counterpart,
                    place=place if step == 0 or rng.random() < 0.5 else rng.choice(places),
                    reports=rng.choices([1, 2, 3], weights=[5, 3, 2])[0],
                )
            )
    items, truth = [], {}
    count = 0
    for ev in events:
        outlets = rng.sample(_OUTLETS, ev["reports"])
        for outlet in outlets:
            if count >= n:
                break
            count += 1
            text = _report_text(rng, ev)
            date = START + dt.timedelta(days=ev["day"] + (1 if rng.random() < 0.3 else 0))
            slug = f"r{count:06d}"
            sentences = tuple(Sentence(i, s, 0) for i, s in enumerate(split_sentences(text)))
            points = key_points(sentences)
            has_entities = rng.random() < entity_rate
            p_actor, p_role = ev["principal"]
            c_actor, c_role = ev["counterpart"]
            actors = (p_actor, c_actor) if has_entities else ()
            if has_entities and rng.random() < 0.3:
                actors += (rng.choice(people)[0],)  # a background mention
            event_date = START + dt.timedelta(days=ev["day"]) if rng.random() < date_rate else None
            event = EventLine(ev["kind"], ev["place"], event_date, p_actor, (c_actor,)) if has_entities else None
            brief = Brief(
                article=Article(
                    path=f"synthetic/{slug}.md",
                    slug=slug,
                    title="",
                    date=date,
                    source=outlet,
                    url=None,
                    lang="ar",
                    body=text,
                    body_line=1,
                ),
                headline=headline_from_lead(sentences),
                sentences=sentences,
                key_points=points,
                actors=actors,
                places=(ev["place"], libya) if has_entities else (),
                event_date=event_date,
                # the date as the resolver states it: the text names the weekday
                dates=(DateMention(f"اليوم {_WEEKDAYS[event_date.weekday()]}", event_date),) if event_date else (),
                topics=(topics[ev["topic"]],) if has_entities else (),
                event=event,
            )
            items.append(
                BilingualBrief(brief=brief, headline=_pending(brief.headline), key_points=tuple(_pending(p.text) for p in points))
            )
            truth[brief.id] = ev["id"]
    return items, truth


def _report_text(rng: random.Random, ev: dict) -> str:
    p_actor, p_role = ev["principal"]
    c_actor, c_role = ev["counterpart"]
    place = ev["place"].name_ar
    weekday = _WEEKDAYS[(START + dt.timedelta(days=ev["day"])).weekday()]
    label, phrases = _TOPICS[ev["topic"]]
    lead = rng.choice(_KINDS[ev["kind"]]).format(p=f"{p_role} {p_actor.name_ar}", c=f"{c_role} {c_actor.name_ar}", place=place)
    focus = list(ev["focus"])
    rng.shuffle(focus)
    verb = rng.choice(["لبحث", "لمناقشة", "وتناول اللقاء", "حيث جرى بحث"])
    sentences = [f"{lead}، اليوم {weekday}، في {place}، {verb} {focus[0]} و{focus[1]}."]
    sentences.append(f"وتناول الجانبان {ev['detail']} و{focus[2]}.")
    body = []
    for filler in rng.sample(_FILLER, rng.randint(3, 7)):
        phrase = rng.choice(focus + [label])
        extra = " ".join(rng.sample(_EXTRA_WORDS, 3))
        body.append(filler.format(t=phrase) + f" و{extra}.")
    body.append(f"وحضر اللقاء عدد من المسؤولين من الجانبين بينهم {c_role} {c_actor.name_ar}.")
    rng.shuffle(body)
    return "\n".join(sentences + body)


# --- measurements --------------------------------------------------------------


def _pairwise_quality(stories, truth) -> tuple[float, float, float]:
    """Pairwise precision/recall/F1 of "same event" against the ground truth."""
    predicted = {}
    for s in stories:
        for b in s.briefs:
            predicted[b.id] = s.id

    def pairs(groups):
        total = 0
        for members in groups.values():
            total += len(members) * (len(members) - 1) // 2
        return total

    by_pred, by_true, by_both = defaultdict(list), defaultdict(list), defaultdict(list)
    for bid, sid in predicted.items():
        by_pred[sid].append(bid)
        by_true[truth[bid]].append(bid)
        by_both[(sid, truth[bid])].append(bid)
    tp, pp, tt = pairs(by_both), pairs(by_pred), pairs(by_true)
    precision = tp / pp if pp else 1.0
    recall = tp / tt if tt else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def _timed(fn, *args, **kwargs):
    """(result, seconds, peak bytes): timed without tracemalloc (it slows
    Python code several times), then run again under tracemalloc for memory."""
    t0 = time.perf_counter()
    out = fn(*args, **kwargs)
    elapsed = time.perf_counter() - t0
    tracemalloc.start()
    fn(*args, **kwargs)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return out, elapsed, peak


def bench_key_points(items, limit: int = 2000) -> None:
    sample = [it.brief.sentences for it in items[:limit]]
    t0 = time.perf_counter()
    for sentences in sample:
        key_points(sentences)
    elapsed = time.perf_counter() - t0
    print(f"key_points: {len(sample)} briefs in {elapsed:.2f}s = {len(sample) / elapsed:,.0f} briefs/s")
    try:
        from generator.briefs.brief import brief_article
    except Exception as exc:  # the cleaning stage may not exist yet
        print(f"brief_article: skipped (cannot import: {exc})")
        return
    articles = [it.brief.article for it in items[: min(limit, 500)]]
    try:
        t0 = time.perf_counter()
        for article in articles:
            brief_article(article)
        elapsed = time.perf_counter() - t0
        print(f"brief_article: {len(articles)} articles in {elapsed:.2f}s = {len(articles) / elapsed:,.0f} briefs/s")
    except Exception as exc:
        print(f"brief_article: failed ({type(exc).__name__}: {exc})")


def _stage_inputs(project: str | None, size: int, seed: int, lexicons: str | None = None):
    """(articles, resources) for the brief stage: a project's own articles and
    lexicons, or ``size`` synthetic reports, with the lexicons of the project
    ``lexicons`` (as a build of them would load) or none."""
    BriefResources = _module("generator.briefs.brief", "generator.brief").BriefResources
    from generator.config import load_config

    if project is None:
        corpus, _ = synthetic_corpus(size, seed=seed)
        resources = BriefResources.load(load_config(Path(lexicons).resolve())[0])[0] if lexicons else BriefResources()
        return [it.brief.article for it in corpus], resources
    read_articles = _module("generator.briefs.content", "generator.content").read_articles

    config, _ = load_config(Path(project).resolve())
    resources, _ = BriefResources.load(config)
    articles, _ = read_articles(config.content_path, config.root, config.max_article_kb * 1024)
    if size:
        articles = articles[:size]
    return articles, resources


def brief_stage_seconds(
    project: str | None, size: int, seed: int, repeat: int, lexicons: str | None = None
) -> tuple[int, float, float, str]:
    """(articles, best wall seconds and best CPU seconds of ``repeat`` runs,
    briefs digest) of briefing every article.  CPU time is this process's
    own: on a shared machine it does not count the time spent waiting for
    a core, which wall time does.  The first run is what a build pays (a
    build briefs each article once, cold); later runs find the caches warm."""
    import hashlib

    brief_article = _module("generator.briefs.brief", "generator.brief").brief_article

    articles, resources = _stage_inputs(project, size, seed, lexicons)
    best, best_cpu = float("inf"), float("inf")
    digest = ""
    for _ in range(repeat):
        t0, c0 = time.perf_counter(), time.process_time()
        briefs = [brief_article(a, resources) for a in articles]
        best, best_cpu = min(best, time.perf_counter() - t0), min(best_cpu, time.process_time() - c0)
        # the same briefs from both trees: speed not bought with other answers
        digest = hashlib.sha256(repr(briefs).encode()).hexdigest()[:12]
    return len(articles), best, best_cpu, digest


def bench_brief_stage(args) -> int:
    lexicons = f"the lexicons of {args.lexicons}" if args.lexicons else "no lexicons"
    label = f"project {args.content}" if args.content else f"{args.stage_size} synthetic reports ({lexicons})"
    n, seconds, cpu, digest = brief_stage_seconds(
        args.content, args.stage_size if not args.content else 0, args.seed, args.repeat, args.lexicons
    )
    if args.machine:
        print(f"{n} {seconds:.6f} {cpu:.6f} {digest}")
        return 0
    print(f"brief stage, {label}: best of {args.repeat}")
    print(
        f"  this tree ({_GENERATOR_ROOT}): {n} articles in {seconds:.2f}s (CPU {cpu:.2f}s) = {n / seconds:,.0f} briefs/s  [briefs {digest}]"
    )
    if args.compare_with:
        import subprocess

        cmd = [sys.executable, __file__, "--brief-stage", "--machine", "--seed", str(args.seed), "--repeat", str(args.repeat)]
        cmd += ["--stage-size", str(args.stage_size), _ROOT_FLAG, str(Path(args.compare_with).resolve())]
        if args.content:
            cmd += ["--content", str(Path(args.content).resolve())]
        if args.lexicons:
            cmd += ["--lexicons", str(Path(args.lexicons).resolve())]
        out = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout.split()
        old_n, old_seconds, old_cpu, old_digest = int(out[0]), float(out[1]), float(out[2]), out[3]
        print(
            f"  old tree ({args.compare_with}): {old_n} articles in {old_seconds:.2f}s (CPU {old_cpu:.2f}s)  [briefs {old_digest}]"
        )
        same = "same briefs" if old_digest == digest else "BRIEFS DIFFER"
        print(f"  wall: old {old_seconds:.2f}s  new {seconds:.2f}s  speed-up {old_seconds / seconds:.2f}x  ({same})")
        print(f"  CPU:  old {old_cpu:.2f}s  new {cpu:.2f}s  speed-up {old_cpu / cpu:.2f}x")
    return 0


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--no-naive", action="store_true", help="skip the all-pairs peer")
    parser.add_argument("--brief-stage", action="store_true", help="measure the brief stage only")
    parser.add_argument("--content", metavar="PROJECT", help="brief this project's articles with its gazetteer and topics")
    parser.add_argument(
        "--lexicons", metavar="PROJECT", help="brief the synthetic reports with this project's gazetteer and topics"
    )
    parser.add_argument("--stage-size", type=int, default=1000, help="synthetic reports briefed by --brief-stage")
    parser.add_argument("--repeat", type=int, default=1, help="runs of the brief stage; the best counts")
    parser.add_argument("--compare-with", metavar="DIR", help="also run the brief stage with DIR's generator")
    parser.add_argument("--machine", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument(_ROOT_FLAG, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.brief_stage:
        return bench_brief_stage(args)
    sizes = sorted(args.sizes)

    print(f"generating {sizes[-1]} synthetic reports over {DAYS} days ...")
    t0 = time.perf_counter()
    corpus, truth = synthetic_corpus(sizes[-1], seed=args.seed)
    print(f"  generated in {time.perf_counter() - t0:.1f}s (incl. sentence splitting, key points, headlines)")
    bench_key_points(corpus)

    results = {}
    print("\nclustering (indexed candidates):")
    print(
        f"{'n':>7} {'time s':>8} {'peak MiB':>9} {'candidates':>11} {'all pairs':>12} {'share':>7} "
        f"{'stories':>8} {'threads':>8} {'P':>5} {'R':>5} {'F1':>5}"
    )
    for n in sizes:
        items = corpus[:n]
        res, elapsed, peak = _timed(cluster_with_stats, items)
        p, r, f1 = _pairwise_quality(res.stories, truth)
        st = res.stats
        results[n] = elapsed
        print(
            f"{n:>7} {elapsed:>8.2f} {peak / 2**20:>9.1f} {st['candidate_pairs']:>11,} {st['all_pairs']:>12,} "
            f"{100 * st['candidate_pairs'] / max(1, st['all_pairs']):>6.2f}% {st['stories']:>8} "
            f"{st['threads']:>8} {p:>5.2f} {r:>5.2f} {f1:>5.2f}"
        )
    if len(sizes) > 1:
        small, large = sizes[0], sizes[-1]
        factor = large / small
        print(
            f"\nratio time({large})/time({small}) = {results[large] / results[small]:.1f}x "
            f"(linear would be {factor:.0f}x, quadratic {factor**2:.0f}x)"
        )

    if not args.no_naive:
        small = sizes[0]
        res, elapsed, peak = _timed(cluster_with_stats, corpus[:small], all_pairs=True)
        p, r, f1 = _pairwise_quality(res.stories, truth)
        print(f"\npeer: naive all-pairs (every pair within the {7}-day window, same decisions)")
        print(
            f"{small:>7} {elapsed:>8.2f}s peak {peak / 2**20:.1f} MiB, compared {res.stats['candidate_pairs']:,} pairs, "
            f"P {p:.2f} R {r:.2f} F1 {f1:.2f}  (measured)"
        )
        if len(sizes) > 1:
            large = sizes[-1]
            est = elapsed * (large / small) ** 2
            print(f"{large:>7} ~{est:>7.0f}s  (EXTRAPOLATED as n^2 from the {small} run, not run)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
