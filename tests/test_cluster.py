"""Event clusters and story threads (generator/stories/cluster.py)."""

from __future__ import annotations

import datetime as dt
import importlib.util
import re
from pathlib import Path

import pytest
import numpy as np

from generator.text.arabic import split_sentences
from generator.stories.cluster import EVENT_PUB_WINDOW, cluster_stories, cluster_with_stats
from generator.models import (
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
from generator.briefs.summarise import headline_from_lead, key_points

REPO = Path(__file__).resolve().parent.parent
SEEDS = REPO.parent / "shared" / "seeds"

D = dt.date


# ---------------------------------------------------------------------------
# A small gazetteer, as the entity extraction would resolve it
# ---------------------------------------------------------------------------


def person(id_, en, ar):
    return Actor(id=id_, kind="person", name_en=en, name_ar=ar)


def org(id_, en, ar):
    return Actor(id=id_, kind="organisation", name_en=en, name_ar=ar)


A = {
    "zoubi": person("abdulsalam-al-zoubi", "Abdulsalam al-Zoubi", "عبدالسلام الزوبي"),
    "brennan": person("john-brennan", "John Brennan", "جون برينان"),
    "hamza": person("mahmoud-hamza", "Mahmoud Hamza", "محمود حمزة"),
    "berndt": person("jeremy-berndt", "Jeremy Berndt", "جيرمي بيرنت"),
    "khalifa": person("khalifa-haftar", "Khalifa Haftar", "خليفة حفتر"),
    "khaled": person("khaled-haftar", "Khaled Haftar", "خالد حفتر"),
    "smith": person("unknown:harvey-smith", "Harvey Smith", "هارفي سميث"),
    "andrew": person("unknown:martin-andrew", "Martin Andrew", "مارتن أندرو"),
    "menfi": person("mohamed-al-menfi", "Mohamed al-Menfi", "محمد المنفي"),
    "dbeibah": person("abdulhamid-dbeibah", "Abdulhamid Dbeibah", "عبدالحميد الدبيبة"),
    "haddad": person("mohammed-al-haddad", "Mohammed al-Haddad", "محمد الحداد"),
    "tetteh": person("hanna-tetteh", "Hanna Tetteh", "هانا تيتيه"),
    "africom": org("africom", "AFRICOM", "أفريكوم"),
    "noc": org("noc", "National Oil Corporation", "المؤسسة الوطنية للنفط"),
    "hnec": org("hnec", "High National Elections Commission", "المفوضية الوطنية العليا للانتخابات"),
    "gecol": org("gecol", "General Electricity Company", "الشركة العامة للكهرباء"),
}
P = {
    "tripoli": Place("tripoli", "Tripoli", "طرابلس", "city"),
    "benghazi": Place("benghazi", "Benghazi", "بنغازي", "city"),
    "rajma": Place("al-rajma", "al-Rajma", "الرجمة", "site"),
    "misrata": Place("misrata", "Misrata", "مصراتة", "city"),
    "sebha": Place("sebha", "Sebha", "سبها", "city"),
    "libya": Place("libya", "Libya", "ليبيا", "country"),
    "us": Place("united-states", "United States", "الولايات المتحدة", "country"),
    "uk": Place("united-kingdom", "United Kingdom", "المملكة المتحدة", "country"),
}
T = {
    "security": TopicMatch("security-cooperation", "security cooperation", "التعاون الأمني", ("التعاون الأمني",)),
    "elections": TopicMatch("elections", "elections", "الانتخابات", ("الانتخابات",)),
    "electricity": TopicMatch("electricity", "electricity", "الكهرباء", ("الكهرباء",)),
    "oil": TopicMatch("oil", "oil and gas", "النفط", ("النفط",)),
    "migration": TopicMatch("migration", "migration", "الهجرة", ("الهجرة",)),
}


def pending(text: str) -> TranslatedText:
    return TranslatedText(source=text, text=None, provenance="pending")


def make_item(
    slug: str,
    published: dt.date,
    source: str,
    text: str,
    *,
    title: str = "",
    actors=(),
    places=(),
    event_date: dt.date | None = None,
    kind: str | None = None,
    event_place: str | None = None,
    topics=(),
) -> BilingualBrief:
    """A bilingual brief built as the pipeline would: sentences from
    arabic.split_sentences, key points and headline from summarise, entity
    fields filled by hand as the extraction would fill them."""
    sentences = tuple(Sentence(i, s, 0) for i, s in enumerate(split_sentences(text)))
    actor_objs = tuple(A[a] for a in actors)
    place_objs = tuple(P[p] for p in places)
    event = None
    if kind:
        event = EventLine(
            kind=kind,
            place=P[event_place] if event_place else None,
            date=event_date,
            principal=actor_objs[0] if actor_objs else None,
            counterparts=actor_objs[1:2],
        )
    article = Article(
        path=f"content/articles/{published.isoformat()}/{slug}.md",
        slug=slug,
        title=title,
        date=published,
        source=source,
        url=None,
        lang="ar",
        body=text,
        body_line=1,
    )
    points = key_points(sentences, title=title)
    brief = Brief(
        article=article,
        headline=headline_from_lead(sentences, title=title),
        sentences=sentences,
        key_points=points,
        actors=actor_objs,
        places=place_objs,
        event_date=event_date,
        # a resolved event date comes from a date the text states
        dates=(DateMention("اليوم", event_date),) if event_date else (),
        topics=tuple(T[t] for t in topics),
        event=event,
    )
    return BilingualBrief(brief=brief, headline=pending(brief.headline), key_points=tuple(pending(p.text) for p in points))


# ---------------------------------------------------------------------------
# Seeds, cleaned as generator/briefs/clean.py would (link lists, labels, photo file
# names and the comment form removed)
# ---------------------------------------------------------------------------

_SEED_BOILERPLATE = re.compile(r"^(-|IMG|أخبار محلية|أخبار ليبيا 24|المزيد من الأخبار|اترك تعليقاً|لن يتم نشر|زر الذهاب)")


def seed_text(prefix: str) -> tuple[str, str]:
    """(title, body) of a seed: the first line is the title when the seed has one."""
    path = next(SEEDS.glob(f"{prefix}_*.txt"))
    lines = [ln.strip() for ln in path.read_text(encoding="utf-8").splitlines()]
    lines = [ln for ln in lines if ln and not _SEED_BOILERPLATE.match(ln)]
    # a short line without a full stop is a title or crosshead, not body text
    title = ""
    if prefix != "000" and lines and not lines[0].endswith("."):
        title = lines.pop(0)
    body = [ln for ln in lines if ln.endswith((".", "”.", "؟")) or len(ln.split()) > 12]
    return title, "\n".join(body)


def seed_items(event_date_002: dt.date | None = None) -> dict[str, BilingualBrief]:
    t0, b0 = seed_text("000")
    t1, b1 = seed_text("001")
    t2, b2 = seed_text("002")
    return {
        "000": make_item(
            "zoubi-brennan-security-talks",
            D(2025, 9, 10),
            "Unknown outlet (seed 000)",
            b0,
            title=t0,
            actors=("zoubi", "brennan", "africom", "khalifa"),
            places=("libya", "us"),
            event_date=D(2025, 9, 10),
            kind="meeting",
            topics=("security",),
        ),
        "001": make_item(
            "libya-us-talks-tripoli",
            D(2025, 9, 8),
            "Unknown outlet (seed 001)",
            b1,
            title=t1,
            actors=("zoubi", "brennan", "hamza", "africom", "berndt"),
            places=("tripoli", "libya", "us"),
            event_date=D(2025, 9, 8),
            kind="meeting",
            event_place="tripoli",
            topics=("security", "migration"),
        ),
        "002": make_item(
            "khaled-haftar-uk-delegation",
            D(2025, 9, 10),
            "Akhbar Libya 24",
            b2,
            title=t2,
            actors=("khaled", "smith", "andrew", "khalifa", "menfi", "dbeibah", "haddad"),
            places=("benghazi", "rajma", "tripoli", "libya", "uk"),
            event_date=event_date_002,
            kind="meeting",
            event_place="benghazi",
            topics=("security",),
        ),
    }


# ---------------------------------------------------------------------------
# Hand-written reports
# ---------------------------------------------------------------------------

# Seed 000's event as a second outlet rewrote it the same day.
ZOUBI_OUTLET_B = """\
التقى وكيل وزارة الدفاع بحكومة الوحدة الوطنية عبد السلام الزوبي، اليوم الأربعاء، نائب قائد القيادة الأمريكية في أفريقيا (أفريكوم) الفريق جون برينان، لبحث تعزيز التعاون الأمني والعسكري بين البلدين.
وبحسب بيان وزارة الدفاع، تناول اللقاء عددا من الملفات ذات الاهتمام المشترك، أبرزها دعم الاستقرار ومكافحة الإرهاب وتعزيز الأمن في جميع أنحاء ليبيا.
وحضر الاجتماع من الجانب الليبي مدير إدارة الاستخبارات العسكرية ومدير مكتب وزير الدفاع، ومن الجانب الأمريكي القائم بأعمال السفارة الأمريكية ومدير مكتب التعاون العسكري بالسفارة.
وكان برينان قد التقى أمس الثلاثاء في بنغازي القائد العام للقوات المسلحة المشير خليفة حفتر.
"""

ELECTRICITY = """\
بحث رئيس حكومة الوحدة الوطنية عبدالحميد الدبيبة مع رئيس المجلس الرئاسي محمد المنفي، اليوم الأحد في طرابلس، أزمة انقطاع التيار الكهربائي التي تشهدها مدن الغرب الليبي منذ أسبوعين.
واستعرض الاجتماع خطة الشركة العامة للكهرباء لصيانة محطات التوليد في الخمس وغرب طرابلس وتقليص ساعات طرح الأحمال خلال فصل الصيف.
ووجه الدبيبة بتخصيص ميزانية عاجلة لتوريد قطع الغيار والمولدات، مؤكدا أن عودة الاستقرار للشبكة أولوية قصوى للحكومة.
"""

ELECTIONS = """\
ناقش رئيس المجلس الرئاسي محمد المنفي مع رئيس حكومة الوحدة الوطنية عبدالحميد الدبيبة، اليوم الجمعة، مسودة القوانين الانتخابية التي أحالتها لجنة ستة زائد ستة إلى مجلس النواب.
وتناول اللقاء موعد إجراء الانتخابات الرئاسية والبرلمانية ودور المفوضية الوطنية العليا للانتخابات في تحديث سجل الناخبين.
وأكد المنفي ضرورة التوافق على قاعدة دستورية تضمن قبول جميع الأطراف بنتائج الاقتراع.
"""

ATTACK = """\
قتل شخصان وأصيب خمسة آخرون في هجوم مسلح استهدف بوابة أمنية عند المدخل الغربي لمدينة الزاوية فجر اليوم الأربعاء.
وقال مصدر أمني إن مسلحين مجهولين أطلقوا النار من سيارة مسرعة على عناصر البوابة قبل أن يلوذوا بالفرار نحو منطقة الحرشة.
ونقل المصابون إلى مستشفى الزاوية التعليمي، فيما أغلقت الأجهزة الأمنية الطريق الساحلي لساعات وبدأت عمليات بحث عن المهاجمين.
"""

OIL = """\
أعلنت المؤسسة الوطنية للنفط استئناف الإنتاج في حقل الشرارة النفطي جنوب غرب البلاد بعد توقف دام أسبوعين بسبب احتجاجات محلية.
وقالت المؤسسة في بيان إن الإنتاج سيعود إلى معدله الطبيعي البالغ نحو ثلاثمئة ألف برميل يوميا خلال أيام.
وكان محتجون قد أغلقوا صمامات الحقل للمطالبة بفرص عمل وتحسين الخدمات في مدن الجنوب.
"""


def ids(stories):
    return [s.id for s in stories]


def story_of(stories, item):
    return next(s for s in stories if any(b.id == item.id for b in s.briefs))


# ---------------------------------------------------------------------------
# Seeds
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("event_date_002", [None, D(2025, 9, 10)])
def test_seeds_000_and_001_are_one_thread_002_apart(event_date_002):
    items = seed_items(event_date_002)
    stories, notes = cluster_stories(list(items.values()))
    assert len(stories) == 3
    s0, s1, s2 = (story_of(stories, items[k]) for k in ("000", "001", "002"))
    assert s0.id == "2025-09-10/zoubi-brennan-security-talks"
    assert s1.id == "2025-09-08/libya-us-talks-tripoli"
    # two events of one thread, linked to each other
    assert s0.thread_id == s1.thread_id is not None
    assert s0.related == (s1.id,) and s1.related == (s0.id,)
    # seed 002 (Khaled Haftar and the UK delegation) stays apart from both
    assert s2.thread_id is None and s2.related == ()
    assert len(s2.briefs) == 1
    # the explanation says why, in plain English
    why = " ".join(s0.explanation)
    assert "event dates differ (Mon 8 Sep 2025 vs Wed 10 Sep 2025)" in why
    assert "Abdulsalam al-Zoubi" in why and "John Brennan" in why
    assert "thread" in why
    assert any("event dates differ" in n for n in notes)
    assert any("Khalifa Haftar" in line for line in s2.explanation)  # kept apart despite one common actor


def test_seed_000_rewritten_by_second_outlet_joins_it():
    items = seed_items()
    rewrite = make_item(
        "zoubi-meets-africom-deputy",
        D(2025, 9, 10),
        "Outlet B",
        ZOUBI_OUTLET_B,
        actors=("zoubi", "brennan", "africom", "khalifa"),
        places=("benghazi", "libya", "us"),
        event_date=D(2025, 9, 10),
        kind="meeting",
        topics=("security",),
    )
    stories, _ = cluster_stories(list(items.values()) + [rewrite])
    s0 = story_of(stories, items["000"])
    assert [b.id for b in s0.briefs] == [items["000"].id, rewrite.id]  # the longer report leads
    assert s0.id == items["000"].id
    assert "also reported by Outlet B" in " ".join(s0.explanation)
    assert s0.thread_id == story_of(stories, items["001"]).thread_id is not None


# ---------------------------------------------------------------------------
# Table of pair cases
# ---------------------------------------------------------------------------

CASES = [
    # id, reports (slug, date, outlet, text, fields), expected grouping
    pytest.param(
        [
            ("a", D(2025, 9, 10), "Outlet A", "000", {}),
            ("b", D(2025, 9, 10), "Outlet B", ZOUBI_OUTLET_B, {}),
        ],
        [["a", "b"]],
        id="near-duplicates-no-entities",
    ),
    pytest.param(
        [
            ("a", D(2025, 9, 10), "Outlet A", "000", dict(actors=("zoubi", "brennan"), event_date=D(2025, 9, 10))),
            ("b", D(2025, 9, 11), "Outlet B", ZOUBI_OUTLET_B, dict(actors=("zoubi", "brennan"), event_date=D(2025, 9, 10))),
        ],
        [["a", "b"]],
        id="same-event-published-next-day",
    ),
    pytest.param(
        [
            ("a", D(2025, 9, 10), "Outlet A", "000", dict(actors=("zoubi", "brennan"))),
            ("b", D(2025, 9, 10), "Outlet B", ZOUBI_OUTLET_B, {}),
        ],
        [["a", "b"]],
        id="one-side-without-entities-names-the-actors",
    ),
    pytest.param(
        [
            ("a", D(2025, 9, 10), "Outlet A", "000", dict(actors=("zoubi", "brennan"))),
            ("z", D(2025, 9, 10), "Outlet C", ATTACK, {}),
            ("o", D(2025, 9, 10), "Outlet D", OIL, dict(actors=("noc",), topics=("oil",))),
        ],
        [["a"], ["z"], ["o"]],
        id="unrelated-stay-alone",
    ),
    pytest.param(
        [
            (
                "e",
                D(2025, 9, 7),
                "Outlet A",
                ELECTRICITY,
                dict(actors=("dbeibah", "menfi"), places=("tripoli",), topics=("electricity",), event_date=D(2025, 9, 7)),
            ),
            (
                "v",
                D(2025, 9, 12),
                "Outlet A",
                ELECTIONS,
                dict(actors=("menfi", "dbeibah"), topics=("elections",), event_date=D(2025, 9, 12)),
            ),
        ],
        [["e"], ["v"]],
        id="same-actors-5-days-apart-different-topics",
    ),
    pytest.param(
        [
            ("a", D(2025, 9, 10), "Outlet A", "000", dict(actors=("zoubi", "brennan"), kind="meeting", event_place="tripoli")),
            ("z", D(2025, 9, 10), "Outlet B", ATTACK, dict(actors=("zoubi",), kind="attack", event_place="misrata")),
        ],
        [["a"], ["z"]],
        id="shared-actor-different-kind-and-place",
    ),
]


def build(reports):
    items = {}
    for slug, date, outlet, text, fields in reports:
        title = ""
        if text == "000":
            title, text = seed_text("000")
        items[slug] = make_item(slug, date, outlet, text, title=title, **fields)
    return items


@pytest.mark.parametrize("reports, expected", CASES)
def test_pair_cases(reports, expected):
    items = build(reports)
    stories, notes = cluster_stories(list(items.values()))
    got = sorted(sorted(b.brief.article.slug for b in s.briefs) for s in stories)
    assert got == sorted(sorted(g) for g in expected)
    assert all(s.explanation for s in stories if len(s.briefs) > 1)
    assert notes and notes[0].startswith("clustering:")


def test_five_days_apart_different_topics_explained():
    items = build(CASES[4].values[0])
    stories, notes = cluster_stories(list(items.values()))
    assert all(s.thread_id is None for s in stories)
    assert any("different topics (electricity vs elections)" in n for n in notes)


def test_thread_of_three_related_newest_first():
    common = dict(actors=("zoubi", "brennan", "africom"), kind="meeting", topics=("security",))
    seed_title, seed_body = seed_text("000")
    t1, b1 = seed_text("001")
    items = [
        make_item("day1", D(2025, 9, 8), "Outlet A", b1, title=t1, event_date=D(2025, 9, 8), **common),
        make_item("day3", D(2025, 9, 10), "Outlet B", seed_body, event_date=D(2025, 9, 10), **common),
        # two days later: a day apart would be read as outlets disagreeing on the day
        make_item(
            "day4",
            D(2025, 9, 12),
            "Outlet C",
            ZOUBI_OUTLET_B.replace("اليوم الأربعاء", "اليوم الجمعة"),
            event_date=D(2025, 9, 12),
            **common,
        ),
    ]
    stories, _ = cluster_stories(items)
    assert len(stories) == 3
    thread = {s.thread_id for s in stories}
    assert len(thread) == 1 and None not in thread
    by_slug = {s.lead.brief.article.slug: s for s in stories}
    assert by_slug["day1"].related == (by_slug["day4"].id, by_slug["day3"].id)
    assert by_slug["day4"].related == (by_slug["day3"].id, by_slug["day1"].id)
    assert by_slug["day3"].related == (by_slug["day4"].id, by_slug["day1"].id)
    assert by_slug["day1"].thread_id == f"thread:{by_slug['day1'].id}"


def test_different_event_dates_never_chain_into_one_event():
    # three near-identical reports; the middle one has no event date and would
    # bridge two days two apart by single link (one day apart is tolerated:
    # outlets disagree by a day)
    body = ZOUBI_OUTLET_B
    items = [
        make_item("x1", D(2025, 9, 10), "Outlet A", body, actors=("zoubi", "brennan"), event_date=D(2025, 9, 10)),
        make_item("x2", D(2025, 9, 11), "Outlet B", body, actors=("zoubi", "brennan")),
        make_item("x3", D(2025, 9, 12), "Outlet C", body, actors=("zoubi", "brennan"), event_date=D(2025, 9, 12)),
    ]
    stories, _ = cluster_stories(items)
    for s in stories:
        dates = {b.brief.event_date for b in s.briefs} - {None}
        assert len(dates) <= 1
    assert len(stories) == 2
    assert len({s.thread_id for s in stories}) == 1


# ---------------------------------------------------------------------------
# Determinism and ids
# ---------------------------------------------------------------------------


def test_deterministic_ids_and_order_whatever_the_input_order():
    items = list(seed_items().values()) + list(build(CASES[3].values[0]).values())
    first, first_notes = cluster_stories(items)
    for seed in range(4):
        shuffled = items[:]
        __import__("random").Random(seed).shuffle(shuffled)
        again, notes = cluster_stories(shuffled)
        assert again == first
        assert notes == first_notes
    assert ids(first) == sorted(ids(first))
    assert all(s.id == s.lead.id for s in first)  # "<date>/<slug of lead>"


def test_empty_and_single():
    stories, notes = cluster_stories([])
    assert stories == [] and notes[0].startswith("clustering: 0 brief(s)")
    one = seed_items()["002"]
    stories, _ = cluster_stories([one])
    assert [s.id for s in stories] == [one.id] and stories[0].briefs == (one,)


# ---------------------------------------------------------------------------
# Scale: candidate pairs come from the index, never all pairs
# ---------------------------------------------------------------------------


def _bench_module():
    spec = importlib.util.spec_from_file_location("bench_briefs", REPO / "benchmarks" / "bench_briefs.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_candidate_comparisons_far_below_all_pairs():
    bench = _bench_module()
    items, truth = bench.synthetic_corpus(2000, seed=11)
    result = cluster_with_stats(items)
    n = len(items)
    assert result.stats["all_pairs"] == n * (n - 1) // 2
    assert result.stats["candidate_pairs"] < 0.05 * n * n / 2
    # every report of one event is found (the synthetic threads' next-day
    # meetings of the same two people in the same words are the precision
    # cost of tolerating a day's disagreement: benchmarks/README.md)
    precision, recall, f1 = bench._pairwise_quality(result.stories, truth)
    assert recall > 0.95 and precision > 0.3
    # every story's reports lie within the event window
    for s in result.stories:
        dates = [b.brief.article.date for b in s.briefs]
        assert (max(dates) - min(dates)).days <= EVENT_PUB_WINDOW


def test_index_loses_nothing_against_all_pairs():
    """The speed is not bought with wrong answers: the candidate index gives
    the same quality as comparing every pair within the window."""
    bench = _bench_module()
    items, truth = bench.synthetic_corpus(500, seed=5)
    indexed = bench._pairwise_quality(cluster_with_stats(items).stories, truth)
    naive = bench._pairwise_quality(cluster_with_stats(items, all_pairs=True).stories, truth)
    assert indexed[2] >= naive[2] - 0.03


# ---------------------------------------------------------------------------
# Rebuilds: what depends on one brief alone comes from the build store
# ---------------------------------------------------------------------------


def test_rebuild_reuses_stored_features_and_clusters_as_from_scratch(tmp_path):
    import pickle
    from dataclasses import replace

    from generator.briefs.store import BuildStore

    items, _ = _bench_module().synthetic_corpus(300, seed=3)
    items.sort(key=lambda it: (it.brief.article.date, it.id))
    store = BuildStore(tmp_path / "build-store.sqlite")
    first = cluster_with_stats(items[:-1], store=store)
    assert first.stats["features_reused"] == 0
    store.close()

    # the next build: another process, each brief read back from the store's pickle
    store = BuildStore(tmp_path / "build-store.sqlite")
    items = [replace(it, brief=pickle.loads(pickle.dumps(it.brief))) for it in items]
    plus_one = cluster_with_stats(items, store=store)
    assert plus_one.stats["features_reused"] == len(items) - 1
    assert plus_one.notes[1].startswith(f"clustering: features of {len(items) - 1} of {len(items)} brief(s) and the outcomes")
    fresh = cluster_with_stats(items)
    assert fresh.stats["features_reused"] == 0
    assert plus_one.stories == fresh.stories
    assert plus_one.notes[:1] + plus_one.notes[2:] == fresh.notes
    assert _without_reuse(plus_one.stats) == _without_reuse(fresh.stats)

    # an edited brief is featurised again and its old features forgotten
    edited = replace(items[7], brief=replace(items[7].brief, headline=items[7].brief.headline + " مجددا"))
    changed = items[:7] + [edited] + items[8:]
    again = cluster_with_stats(changed, store=store)
    assert again.stats["features_reused"] == len(items) - 1
    assert again.stories == cluster_with_stats(changed).stories
    assert store.db.execute("SELECT COUNT(*) FROM cluster_features").fetchone()[0] == len(items)


def _without_reuse(stats: dict) -> dict:
    return {k: v for k, v in stats.items() if not k.endswith("_reused")}


def test_a_new_day_scores_its_own_pairs_only_and_clusters_as_from_scratch(tmp_path, monkeypatch):
    """Term weights are those of a report's day, so a build after a new day's
    reports reuses the stored outcome of every pair of older reports and
    scores the new day's pairs only; the stories, notes and figures are those
    of clustering from scratch.  An edited older report, and a deleted one,
    make every pair after it scored again, and still cluster as from scratch."""
    from dataclasses import replace

    from generator.briefs.store import BuildStore
    from generator.stories import cluster as cl

    monkeypatch.setattr(cl, "IDF_MIN_REPORTS", 60)  # the archive's weights by day past its first 60 reports
    items, _ = _bench_module().synthetic_corpus(240, seed=5)
    items.sort(key=lambda it: (it.brief.article.date, it.id))
    last_day = items[-1].brief.article.date
    older = [it for it in items if it.brief.article.date < last_day]
    assert 0 < len(items) - len(older) < 20
    store = BuildStore(tmp_path / "build-store.sqlite")
    first = cl.cluster_with_stats(older, store=store)
    assert first.stats["pairs_reused"] == 0 and first.stats["candidate_pairs"] > 100

    def as_from_scratch(batch, result) -> None:
        fresh = cl.cluster_with_stats(batch)
        assert result.stories == fresh.stories
        assert result.notes[:1] + result.notes[2:] == fresh.notes
        assert _without_reuse(result.stats) == _without_reuse(fresh.stats)

    day = cl.cluster_with_stats(items, store=store)
    as_from_scratch(items, day)
    assert 0 < day.stats["pairs_reused"] < day.stats["candidate_pairs"]
    assert day.stats["pairs_reused"] >= first.stats["candidate_pairs"] * 0.8  # the older pairs (blocking may move a few)
    assert f"the outcomes of {day.stats['pairs_reused']} of {day.stats['candidate_pairs']} candidate pair(s)" in day.notes[1]

    again = cl.cluster_with_stats(items, store=store)  # nothing changed: every pair is reused
    assert again.stats["pairs_reused"] == again.stats["candidate_pairs"]
    as_from_scratch(items, again)

    k = len(older) // 2
    edited = (
        items[:k]
        + [replace(items[k], brief=replace(items[k].brief, headline=items[k].brief.headline + " مجددا"))]
        + items[k + 1 :]
    )
    after_edit = cl.cluster_with_stats(edited, store=store)
    assert after_edit.stats["pairs_reused"] < again.stats["pairs_reused"]
    as_from_scratch(edited, after_edit)

    deleted = edited[: k // 2] + edited[k // 2 + 1 :]
    as_from_scratch(deleted, cl.cluster_with_stats(deleted, store=store))


def test_vectors_of_reports_weighed_as_before_come_from_the_last_clustering(tmp_path, monkeypatch):
    """A report whose weights count the same reports as in the last
    clustering (the briefs up to its reach the same, in the same places)
    takes its vectors and top terms from the file the last clustering left
    (``memo.VectorMemo``), and the candidate pairs of the reports before the
    first whose blocking keys are not the last clustering's; the vectors,
    blocking keys, candidate pairs and stories are those made from scratch,
    bit for bit, after a new day, a report dated back, a deletion, an
    unreadable file and another version of the code."""
    import datetime as dt
    import pickle
    from dataclasses import replace

    import numpy as np

    from generator.briefs.store import BuildStore
    from generator.stories import cluster as cl
    from generator.stories import memo as memo_module
    from generator.text.textsim import as_of_reach

    monkeypatch.setattr(cl, "IDF_MIN_REPORTS", 60)
    items, _ = _bench_module().synthetic_corpus(240, seed=7)
    items.sort(key=lambda it: (it.brief.article.date, it.id))
    last_day = items[-1].brief.article.date
    older = [it for it in items if it.brief.article.date < last_day]
    made: list[tuple] = []
    vectorise = cl._vectorise

    def kept_vectorise(batch, terms, memo):
        vectors = vectorise(batch, terms, memo)
        made.append((*vectors, dict(memo.tops)))  # with the top terms the blocking keys were made of
        return vectors

    monkeypatch.setattr(cl, "_vectorise", kept_vectorise)
    candidates: list[list[tuple[int, int]]] = []
    candidate_pairs = cl._candidate_pairs

    def kept_candidates(*args, **kwargs):
        candidates.append(candidate_pairs(*args, **kwargs))
        return candidates[-1]

    monkeypatch.setattr(cl, "_candidate_pairs", kept_candidates)
    memos: list[memo_module.VectorMemo] = []

    class Recorded(memo_module.VectorMemo):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            memos.append(self)

    monkeypatch.setattr(cl, "VectorMemo", Recorded)
    store = BuildStore(tmp_path / "build-store.sqlite")
    vectors_file = tmp_path / memo_module.VECTOR_FILE

    def as_from_scratch(batch, expect_reused: int) -> int:
        """Cluster *batch* with the store and without, check that the two are
        the same, and return how many candidate pairs were found before."""
        result = cl.cluster_with_stats(batch, store=store)
        reused, found = made[-1], candidates[-1]
        fresh = cl.cluster_with_stats(batch)  # no store: every vector made here
        assert result.stats["vectors_reused"] == expect_reused
        assert found == candidates[-1] and len(found) == result.stats["candidate_pairs"]
        assert result.stories == fresh.stories and result.notes[:1] + result.notes[2:] == fresh.notes
        scratch = made[-1]
        for a, b in zip(reused[:3], scratch[:3]):
            assert a.terms == b.terms and np.array_equal(a.df, b.df)
            for r in range(len(batch)):
                assert np.array_equal(a.idx[r], b.idx[r]) and a.weights[r].tobytes() == b.weights[r].tobytes(), r
        assert all(np.array_equal(x, y) for x, y in zip(reused[3], scratch[3]))  # the blocking keys
        assert reused[4] == scratch[4]
        assert f"and {result.stats['candidates_reused']} candidate pair(s) found before" in result.notes[1]
        return result.stats["candidates_reused"]

    def weighed_as_before(before: list, after: list) -> int:
        """How many reports of *after* count the same reports as in *before*."""
        same = 0
        while same < min(len(before), len(after)) and before[same].id == after[same].id:
            same += 1
        reach_before = as_of_reach(len(before), [it.brief.article.date.toordinal() for it in before], 60)[1]
        reach_after = as_of_reach(len(after), [it.brief.article.date.toordinal() for it in after], 60)[1]
        return sum(1 for r in range(same) if reach_after[r] <= same and reach_before[r] == reach_after[r])

    first = cl.cluster_with_stats(older, store=store)
    assert first.stats["vectors_reused"] == 0 and vectors_file.is_file()
    store.close()
    store = BuildStore(tmp_path / "build-store.sqlite")  # the next build, another process
    # a new day: every older report's vectors, and every pair of two older reports
    assert as_from_scratch(items, len(older)) == sum(1 for pair in candidates[0] if pair[1] < len(older)) > 100
    written = (vectors_file.stat().st_ino, vectors_file.stat().st_mtime_ns)
    assert f"and the vectors of {len(items)} brief(s)" in cl.cluster_with_stats(items, store=store).notes[1]
    assert (vectors_file.stat().st_ino, vectors_file.stat().st_mtime_ns) == written  # the same batch: the file holds it already
    k = len(items) // 2
    dated_back = items[:k] + items[k + 1 :]
    assert 0 < as_from_scratch(dated_back, weighed_as_before(items, dated_back))  # a deletion: those before its day
    assert 0 < weighed_as_before(items, dated_back) < k
    as_from_scratch(items, weighed_as_before(dated_back, items))  # and the report back again
    keys = [cl.FeatureMemo(store).key(it.brief) for it in items]
    assert memo_module.VectorMemo(
        store, keys, as_of_reach(len(items), [it.brief.article.date.toordinal() for it in items], 60)[1]
    ).reused == len(items)
    assert memo_module.VectorMemo(store, keys, [1] * len(items)).reused == 0  # weighed otherwise: nothing is taken

    # a word only the last report has (in every n-gram it makes), then a new day's report with it too:
    # the last report keeps its vector, but its terms crossed MIN_DF, so its top terms are found again
    rare = " زنزفيلي"
    with_rare = items[:-1] + [replace(items[-1], brief=replace(items[-1].brief, headline=items[-1].brief.headline + rare))]
    cl.cluster_with_stats(with_rare, store=store)
    follow_up = replace(
        items[-2].brief,
        headline=items[-2].brief.headline + rare,
        article=replace(items[-2].brief.article, date=last_day + dt.timedelta(days=1), slug="rare-word-follow-up"),
    )
    as_from_scratch(with_rare + [replace(items[-2], brief=follow_up)], len(items))
    assert memos[-2].found_again >= 1
    whole = vectors_file.read_bytes()
    vectors_file.write_bytes(whole[: len(whole) * 9 // 10])  # the rows cut short
    assert as_from_scratch(items, 0) == 0
    vectors_file.write_bytes(whole[:5000])  # the header cut short
    assert as_from_scratch(items, 0) == 0
    vectors_file.write_bytes(b"not vectors at all")
    assert as_from_scratch(items, 0) == 0
    header_at = len(memo_module.VectorMemo.MAGIC) + 8
    stored = vectors_file.read_bytes()
    size = int.from_bytes(stored[len(memo_module.VectorMemo.MAGIC) : header_at], "little")
    header = pickle.loads(stored[header_at : header_at + size])
    assert header["keys"] == [cl.FeatureMemo(store).key(it.brief) for it in items]
    cl.cluster_with_stats(older, all_pairs=True, store=store)  # every pair: no candidate pair of the index is kept
    assert as_from_scratch(items, len(older)) == 0
    monkeypatch.setattr(memo_module, "cluster_code_version", lambda: "another version of the code")
    assert as_from_scratch(items, 0) == 0


def test_the_vector_file_is_written_whole_through_short_writes(tmp_path, monkeypatch):
    """``memo._write_all`` hands ``os.writev`` hundreds of rows at a time;
    a system call may write less than it was given, and what it left is
    written next (as where there is no ``writev`` and each call writes one
    buffer)."""
    import os

    import numpy as np

    from generator.stories import memo as memo_module

    real = os.writev
    calls = []

    def at_most_seven_bytes(fd, buffers):
        calls.append(len(buffers))
        return real(fd, [bytes(b"".join(bytes(b) for b in buffers)[:7])])

    monkeypatch.setattr(os, "writev", at_most_seven_bytes)
    rows = [np.arange(n, dtype=np.float64) * 0.5 for n in (0, 3, 1, 0, 9)] * 150  # more rows than one call takes
    with open(tmp_path / "rows.bin", "wb", buffering=0) as f:
        written = memo_module._write_all(f.fileno(), [row.data for row in rows])
    expected = b"".join(row.tobytes() for row in rows)
    assert written == len(expected) and (tmp_path / "rows.bin").read_bytes() == expected
    assert max(calls) == 512 and len(calls) > len(expected) // 7
    monkeypatch.delattr(os, "writev")  # as on Windows
    with open(tmp_path / "rows.bin", "wb", buffering=0) as f:
        assert memo_module._write_all(f.fileno(), [row.data for row in rows]) == len(expected)
    assert (tmp_path / "rows.bin").read_bytes() == expected


def test_only_the_pairs_someone_is_told_about_are_kept_and_worded():
    """A pair is kept with its worded reason when it is linked or shares
    actors (what ``-v`` and ``brief --explain`` show); any other pair
    compared leaves its score only.  A score asked for on demand is the one
    the comparison made, kept or not."""
    from generator.stories import cluster as cl

    items, _ = _bench_module().synthetic_corpus(300, seed=3)
    memo = cl.FeatureMemo(None)
    batch = cl._batch(sorted(items, key=lambda it: (it.brief.article.date, it.id)), memo)
    scores = cl._PairScores(batch, memo.vocabulary.terms, False)
    assert scores.comparisons and len(scores.comparisons) < scores.compared  # both kinds are in the corpus
    assert len(scores._score) == scores.compared
    for c in scores.comparisons:
        assert c.decision != "apart" or c.shared_actors, c
        assert c.reason.startswith(("one event (", "one event? no: ")), c.reason
    kept = dict(zip(scores.pairs, scores.comparisons))
    made = dict(scores._score)
    assert {pair: made[pair] for pair in kept} == {pair: c.score for pair, c in kept.items()}
    scores._score.clear()  # every score is now made on demand
    for n, ((i, j), score) in enumerate(made.items()):
        if n % 5 == 0:  # kept and not kept alike
            # (the cosine of one pair and of all pairs at once differ in the last bit)
            assert scores.score_of(j, i) == pytest.approx(score, rel=1e-12)


@pytest.mark.parametrize("seed", [1, 2, 3, 4])
def test_posting_pairs_are_those_of_each_posting_list_on_its_own(seed):
    """All posting lists at once (``_posting_pairs``) give the pairs that
    each list gives on its own: each report with the earlier reports of its
    list within the key's window, unless it has more than
    MAX_KEY_NEIGHBOURS of them; and whether the key blocks like an actor."""
    import random

    from generator.stories import cluster as cl

    rng = random.Random(seed)
    n = 120
    pubs = np.array(sorted(rng.randrange(0, 40) for _ in range(n)), dtype=np.int64)
    keys_of: list[list[tuple[str, int]]] = []
    for _ in range(n):
        chosen = {(rng.choice(cl._BlockingKeys.KINDS), rng.randrange(6)) for _ in range(rng.randrange(0, 9))}
        keys_of.append(sorted(chosen))
    # one key most reports carry: too common to block on
    for keys in keys_of[: n - 5]:
        keys.append(("p", 99))
    shift = cl._BlockingKeys.SHIFT
    rows = [np.array([(cl._BlockingKeys.KINDS.index(k) << shift) | v for k, v in keys], dtype=np.int64) for keys in keys_of]

    expected: list[tuple[int, bool]] = []
    postings: dict[tuple[str, int], list[int]] = {}
    for doc, keys in enumerate(keys_of):
        for key in keys:
            postings.setdefault(key, []).append(doc)
    for (kind, _), docs in postings.items():
        window = cl.THREAD_PUB_WINDOW if kind in "ape" else cl.TERM_WINDOW
        for at, j in enumerate(docs):
            earlier = [i for i in docs[:at] if pubs[j] - pubs[i] <= window]
            if len(earlier) <= cl.MAX_KEY_NEIGHBOURS:
                expected.extend((i * n + j, kind in "ae") for i in earlier)

    codes, by_actor = cl._posting_pairs(rows, pubs)
    assert sorted(zip(codes.tolist(), by_actor.tolist())) == sorted(expected)
    assert len(expected) > 100 and any(a for _, a in expected) and not all(a for _, a in expected)
    # from a report on: the pairs whose later report is that one or after it, and only those
    first = n * 2 // 3
    codes, by_actor = cl._posting_pairs(rows, pubs, first)
    later = sorted((code, actor) for code, actor in expected if code % n >= first)
    assert sorted(zip(codes.tolist(), by_actor.tolist())) == later and 0 < len(later) < len(expected)


def _story(pub: int, actor: str = "a:haftar"):
    """A one-report story as ``_story_links`` reads it (the features it uses)."""
    from collections import Counter
    from types import SimpleNamespace

    return [
        SimpleNamespace(
            pub=pub, page_kind="article", salient={actor}, event_place=None, concepts=Counter({actor: 2, "k:meeting": 1})
        )
    ]


def test_story_links_look_back_over_a_window_not_the_whole_archive():
    """A salient actor met in more stories than MAX_KEY_NEIGHBOURS over the
    archive still links stories close in time (it blocked nothing at all
    once the archive held more than that many of its stories); a story with
    more than that many earlier ones in the window links none of them; and a
    newer story never takes an older story's candidate away."""
    from generator.stories import cluster as cl

    spread = [_story(5 * k) for k in range(cl.MAX_KEY_NEIGHBOURS + 10)]  # five days apart: a few in each window
    _, links = cl._story_links(spread)
    pairs = {(x, y) for _, x, y, _ in links}
    assert (0, 1) in pairs and (38, 39) in pairs
    assert all(spread[y][0].pub - spread[x][0].pub <= cl.THREAD_LONG_WINDOW for x, y in pairs)

    crowded = [_story(0) for _ in range(cl.MAX_KEY_NEIGHBOURS + 4)]  # one day: each sees all before it
    seen: set = set()
    for size in range(2, len(crowded) + 1):
        _, links = cl._story_links(crowded[:size])
        now = {(x, y) for _, x, y, _ in links}
        assert seen <= now, size  # growing at the new end only adds
        seen = now
    assert not any(y > cl.MAX_KEY_NEIGHBOURS for _, y in seen)  # too many before it: that key blocks nothing for it
    assert (0, cl.MAX_KEY_NEIGHBOURS) in seen
