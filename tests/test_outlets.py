"""End-to-end checks on articles the pipeline was not built around.

tests/fixtures/outlets/ holds 14 realistic scraped articles in the styles of
different outlets (Libya Observer, Al Wasat, Libya Al-Ahrar, Al-Marsad, 218,
Al Jazeera Net, Reuters Arabic, Anadolu, Asharq Al-Awsat, a ministry's
Facebook page, Sky News Arabia, Alnabaa, Al Ain, a Tunisian outlet), each
with the boilerplate its site adds.  The events are fictional; some names are
in the gazetteer, some are not.  The repository's own lexicons
(content/gazetteer.yaml, topics.yaml, glossary.yaml) are copied into a
throw-away copy of the fixture, so the test checks the lexicons that ship.

Every check goes through the real library: ``brief_article`` per file, and
``prepare(config, offline=True)`` for clustering.
"""

from __future__ import annotations

import datetime as dt
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.briefs.brief import BriefResources, brief_article
from generator.build import prepare
from generator.cli import cli
from generator.config import load_config
from generator.briefs.content import read_articles
from generator.models import Brief

from .conftest import REPO, point_templates_at_repo

FIXTURE = REPO / "tests" / "fixtures" / "outlets"
LEXICONS = ("gazetteer.yaml", "topics.yaml", "glossary.yaml")
D = dt.date.fromisoformat


def copy_outlets(target: Path) -> Path:
    shutil.copytree(FIXTURE, target)
    for name in LEXICONS:
        shutil.copy(REPO / "content" / name, target / "content" / name)
    return point_templates_at_repo(target)


@pytest.fixture(scope="module")
def outlets(tmp_path_factory):
    """(config, briefs by id, prepared build) for a copy of the fixture."""
    root = copy_outlets(tmp_path_factory.mktemp("outlets") / "project")
    config, problems = load_config(root)
    assert not [p for p in problems if p.severity == "error"], problems
    resources, problems = BriefResources.load(config)
    assert not problems, problems
    articles, problems = read_articles(config.content_path, config.root)
    assert not [p for p in problems if p.severity == "error"], problems
    briefs = {}
    for article in articles:
        brief = brief_article(article, resources)
        briefs[brief.id] = brief
    prepared = prepare(config, offline=True)
    return config, briefs, prepared


# ---------------------------------------------------------------------------
# What each article must give
# ---------------------------------------------------------------------------


@dataclass
class Expect:
    id: str
    forbidden: tuple[str, ...]  # boilerplate that must not survive in sentences, key points, headline
    actors: tuple[tuple[str, str, str | None], ...] = ()  # (id or "unknown", English name, role contains)
    kind: str | None = None
    place: str | None = None
    event_date: dt.date | None = None
    dates: tuple[tuple[str, dt.date | None], ...] = ()  # (Arabic text contains, resolved)
    notes: tuple[str, ...] = ()  # substrings of explanation lines
    topics: tuple[str, ...] = ()
    no_topics: tuple[str, ...] = ()
    no_places: tuple[str, ...] = ()
    dateline: str | None = None
    min_points: int = 3
    principal: str | None = None
    counterparts: tuple[str, ...] | None = None
    line: str | None = None  # the English event line


COMMON_FORBIDDEN = ("اقرأ أيضا", "تابعونا", "شارك هذا", "http", "](", "<", "©", "#", "جميع الحقوق")

EXPECT = [
    # (a) one event, three outlets, three spellings
    Expect(
        "2025-06-12/menfi-tetteh-observer",
        forbidden=("نشر في", "ليبيا أوبزرفر", "صورة: أرشيفية", "الوسوم", "تيتيه تحذر", "فيسبوك تويتر"),
        actors=(("mohamed-al-menfi", "Mohamed al-Menfi", "Presidential Council"), ("hanna-tetteh", "Hanna Tetteh", "Envoy")),
        kind="meeting",
        place="tripoli",
        event_date=D("2025-06-12"),
        principal="mohamed-al-menfi",
        counterparts=("hanna-tetteh",),
        dates=(("اليوم الخميس", D("2025-06-12")),),
        topics=("elections-and-politics",),
        dateline="طرابلس",
    ),
    Expect(
        "2025-06-12/menfi-tetteh-alwasat",
        forbidden=("آخر تحديث", "الصورة:", "المنفي يستقبل السفير", "تكالة يدعو", "بوابة الوسط"),
        actors=(("mohamed-al-menfi", "Mohamed al-Menfi", "Presidential Council"), ("hanna-tetteh", "Hanna Tetteh", None)),
        kind="meeting",
        place="tripoli",
        event_date=D("2025-06-12"),
        principal="mohamed-al-menfi",
        counterparts=("hanna-tetteh",),
        topics=("elections-and-politics",),
        dateline="القاهرة",
        # "بعد الاشتباكات التي شهدتها الشهر الماضي": background, not a clashes story
        no_topics=("armed-clashes-and-militias",),
    ),
    Expect(
        "2025-06-12/menfi-tetteh-ahrar",
        forbidden=("ليبيا الأحرار", "t.me"),
        actors=(
            ("mohamed-al-menfi", "Mohamed al-Menfi", "Presidential Council"),
            # "أطلعت تيتيه رئيس المجلس": the title after her name is the verb's object
            ("hanna-tetteh", "Hanna Tetteh", "Special Representative"),
        ),
        kind="meeting",
        place="tripoli",
        event_date=D("2025-06-12"),
        principal="mohamed-al-menfi",
        topics=("elections-and-politics",),
    ),
    # (b) a story over three days, told by three outlets and three voices
    Expect(
        "2025-06-14/zawiya-clashes-marsad",
        forbidden=("المرصد – خاص", "المصدر:", "مقتل قيادي مسلح", "فيسبوك وتويتر"),
        # two armed groups fighting: clashes, not a targeted attack
        kind="clash",
        place="zawiya",
        event_date=D("2025-06-14"),
        line="Armed clashes · Zawiya · Sat 14 Jun 2025",
        topics=("armed-clashes-and-militias",),
        # one hospital and one refinery named in passing are not health or oil stories
        no_topics=("counter-terrorism", "migration", "health", "oil-and-energy"),
    ),
    Expect(
        "2025-06-15/zawiya-ceasefire-218",
        forbidden=("خاص | 218", "شاهد أيضا", "الكلمات المفتاحية"),
        # a ceasefire agreed is a decision, as in the evaluation corpus's gold
        # (was "statement" before the kinds were set on the corpus, issue 13)
        kind="decision",
        place="zawiya",
        event_date=D("2025-06-15"),
        dates=(("اليوم الأحد", D("2025-06-15")), ("أمس السبت", D("2025-06-14"))),
        topics=("armed-clashes-and-militias",),
    ),
    Expect(
        "2025-06-16/zawiya-unsmil-aljazeera",
        forbidden=("المصدر: الجزيرة",),
        actors=(("unsmil", "UN Support Mission in Libya", None),),
        # the UN mission reacting to the clashes: a statement, not an attack
        kind="statement",
        place="zawiya",
        event_date=D("2025-06-16"),
        principal="unsmil",
        dates=(("السبت الماضي", D("2025-06-14")), ("أمس الأحد", D("2025-06-15"))),
        topics=("armed-clashes-and-militias",),
    ),
    # (c) oil-field shutdown, Reuters wire copy
    Expect(
        "2025-06-18/sharara-shutdown-reuters",
        forbidden=("(رويترز) -", "إعداد محمد علي", "تحرير سامح"),
        actors=(("noc", "National Oil Corporation", None),),
        # force majeure declared: a shutdown of the field, by the corporation
        kind="shutdown",
        place="sharara",
        event_date=D("2025-06-18"),
        principal="noc",
        line="Shutdown · Sharara oilfield · Wed 18 Jun 2025 — National Oil Corporation",
        topics=("oil-and-energy",),
        no_places=("cairo",),  # "القوة القاهرة" is force majeure
        no_topics=("armed-clashes-and-militias",),
        dateline="طرابلس (رويترز)",
    ),
    # (d) migrant boat rescue off Zuwara, Anadolu, Arabic-Indic digits
    Expect(
        "2025-06-20/zuwara-rescue-anadolu",
        forbidden=("زوارة/",),
        actors=(("coast-guard", "Coast Guard", None), ("iom", "International Organization for Migration", None)),
        kind="rescue",
        place="zuwara",
        principal="coast-guard",
        counterparts=(),
        line="Rescue · Zuwara · Fri 20 Jun 2025 — Libyan Coast Guard",
        event_date=D("2025-06-20"),
        dates=(("الجمعة", D("2025-06-20")), ("الخميس", D("2025-06-19"))),
        topics=("migration",),
        no_topics=("armed-clashes-and-militias", "oil-and-energy"),
        dateline="زوارة",
    ),
    # (e) Central Bank exchange-rate decision, Asharq Al-Awsat
    Expect(
        "2025-06-22/cbl-exchange-rate-asharq",
        forbidden=("جاكلين زاهر", "مواضيع", "اقتصاد ليبيا"),
        actors=(("central-bank-of-libya", "Central Bank of Libya", None), ("naji-issa", "Naji Issa", "Governor")),
        kind="decision",
        principal="central-bank-of-libya",
        counterparts=(),
        # "اعتبارا من الأحد المقبل" is when the decision takes effect, not the event
        event_date=D("2025-06-22"),
        dates=(("الأحد المقبل", D("2025-06-29")),),
        topics=("central-bank-and-economy",),
        no_topics=("armed-clashes-and-militias",),
        dateline="القاهرة",
    ),
    # (f) appointment decree, a ministry's Facebook post
    Expect(
        "2025-06-24/interior-appointment-facebook",
        forbidden=("🔴", "✅", "📌", "👇", "حكومة_الوحدة", "تابعوا صفحتنا", "الأمن_مسؤولية"),
        actors=(
            ("imad-trabelsi", "Imad Trabelsi", "Interior"),
            # the post in the accusative ("مديرا لمديرية أمن طرابلس"), the city inside it translated
            ("unknown", "Khaled Salem al-Mashay", "Director of the Tripoli Security Directorate"),
            ("unknown", "Faraj al-Qamati", "former Director of the Tripoli Security Directorate"),
        ),
        kind="appointment",
        place="tripoli",
        event_date=D("2025-06-24"),
        principal="imad-trabelsi",
        # the predecessor ("خلفا للعميد ...") is not a party to the appointment
        counterparts=("unknown:khaled-salem-al-mashay",),
    ),
    # (g) phone call, Sky News Arabia
    Expect(
        "2025-06-26/dbeibah-meloni-call-skynews",
        forbidden=("سكاي نيوز عربية -", "- سكاي نيوز"),
        actors=(
            ("abdulhamid-dbeibah", "Abdulhamid Dbeibah", "Prime Minister"),
            ("giorgia-meloni", "Giorgia Meloni", "Prime Minister"),
        ),
        kind="call",
        event_date=D("2025-06-26"),
        principal="abdulhamid-dbeibah",
        counterparts=("giorgia-meloni",),
        topics=("migration",),
        no_topics=("armed-clashes-and-militias",),
    ),
    # (h) assassination, Alnabaa; the victim is not in the gazetteer
    Expect(
        "2025-06-28/janzour-assassination-alnabaa",
        forbidden=("بقلم", "فريق التحرير", "جنزور - النبأ", "محفوظة"),
        actors=(
            ("unknown", "Mustafa Abdulrahman al-Werfalli", "Commander of Infantry Battalion 55"),
            ("presidential-council", "Presidential Council", None),
        ),
        kind="killing",
        place="janzour",
        event_date=D("2025-06-27"),
        counterparts=("unknown:mustafa-abdulrahman-al-werfalli",),
        topics=("armed-clashes-and-militias",),
        dateline="جنزور",
    ),
    # (i) visit abroad, Al Ain; the text's weekday contradicts the dateline
    Expect(
        "2025-07-01/baour-ankara-alain",
        forbidden=("بتوقيت أبوظبي", "العين الإخبارية", "تركيا وليبيا.. 5", "فيدان: ندعم", "منتدى الأعمال"),
        actors=(("taher-al-baour", "Taher al-Baour", "Foreign Affairs"), ("hakan-fidan", "Hakan Fidan", "Foreign Minister")),
        kind="visit",
        place="ankara",
        event_date=None,
        principal="taher-al-baour",
        counterparts=("hakan-fidan",),
        dates=(("اليوم الاثنين", None),),
        notes=("says Monday but 2025-07-01 is a Tuesday",),
        topics=("diplomacy-and-foreign-relations",),
        dateline="أنقرة",
    ),
    # (j) floods in the east, a Tunisian outlet with Maghrebi month names
    Expect(
        "2025-07-04/derna-floods-tunisia",
        forbidden=("نشر في", "على الساعة", "الصباح نيوز", "صفحتنا"),
        actors=(("libyan-red-crescent", "Libyan Red Crescent", None), ("osama-hammad", "Osama Hammad", None)),
        # the floods, not the Red Crescent's statement about them; nobody is their principal
        kind="disaster",
        place="derna",
        event_date=D("2025-07-03"),
        counterparts=(),
        line="Disaster · Derna · Thu 3 Jul 2025",
        dates=(("3 جويلية 2025", D("2025-07-03")), ("28 جوان", D("2025-06-28"))),
        topics=("disasters-and-humanitarian",),
        no_topics=("armed-clashes-and-militias",),
        no_places=("cairo",),
    ),
]


def _brief(outlets, eid: str) -> Brief:
    return outlets[1][eid]


def test_every_article_is_covered(outlets):
    assert sorted(outlets[1]) == sorted(e.id for e in EXPECT)
    assert len(EXPECT) == 14


@pytest.mark.parametrize("e", EXPECT, ids=lambda e: e.id.split("/")[1])
def test_no_boilerplate_survives(outlets, e: Expect):
    brief = _brief(outlets, e.id)
    texts = [s.text for s in brief.sentences] + [k.text for k in brief.key_points] + [brief.headline]
    # an outlet's name alone on a line (Anadolu signs off with "الأناضول") is not a sentence
    assert not [t for t in texts if len(t.split()) <= 3], texts
    for text in texts:
        for fragment in COMMON_FORBIDDEN + e.forbidden:
            assert fragment.strip() not in text, f"{fragment!r} in {text!r}"


@pytest.mark.parametrize("e", EXPECT, ids=lambda e: e.id.split("/")[1])
def test_key_points_and_headline(outlets, e: Expect):
    brief = _brief(outlets, e.id)
    assert e.min_points <= len(brief.key_points) <= 5
    assert [k.sentence_index for k in brief.key_points] == sorted(k.sentence_index for k in brief.key_points)
    headline = brief.headline
    assert headline and 3 <= len(headline.split()) <= 20
    # the lead sentence, where the event is told, is a key point
    assert brief.key_points[0].sentence_index == 0


@pytest.mark.parametrize("e", EXPECT, ids=lambda e: e.id.split("/")[1])
def test_actors_with_roles(outlets, e: Expect):
    brief = _brief(outlets, e.id)
    for aid, name_en, role in e.actors:
        if aid == "unknown":
            found = [a for a in brief.actors if not a.in_gazetteer and a.name_en == name_en]
            assert found, f"{name_en} not among {[a.name_en for a in brief.actors]}"
            actor = found[0]
            assert actor.kind == "person"
            assert actor.rank_en, f"{name_en}: rank missing"
        else:
            found = [a for a in brief.actors if a.id == aid]
            assert found, f"{aid} not among {[a.id for a in brief.actors]}"
            actor = found[0]
            assert name_en in actor.name_en
        if role:
            assert actor.role_en and role in actor.role_en, (actor.name_en, actor.role_en)
    for actor in brief.actors:
        # a readable English name: Latin letters, no Arabic left over, no stray particles
        assert actor.name_en and not any("\u0600" <= c <= "\u06ff" for c in actor.name_en)
        if actor.kind == "person" and not actor.in_gazetteer:
            assert 2 <= len(actor.name_en.split()) <= 4, actor.name_en
    # no person is listed twice under a surname-only mention
    unknown = [a.name_ar for a in brief.actors if a.kind == "person" and not a.in_gazetteer]
    assert len(unknown) == len(set(unknown))
    # the Arabic role is a whole phrase, never a clitic-cut fragment ("لأمين العام")
    for actor in brief.actors:
        if actor.role_ar:
            first = actor.role_ar.split()[0]
            assert not (first.startswith("لأ") or first.startswith("لإ")), (actor.name_en, actor.role_ar)
        assert bool(actor.role_en) == bool(actor.role_ar), (actor.name_en, actor.role_en, actor.role_ar)


@pytest.mark.parametrize("e", EXPECT, ids=lambda e: e.id.split("/")[1])
def test_event(outlets, e: Expect):
    brief = _brief(outlets, e.id)
    event = brief.event
    if e.kind is None:
        assert event is None or event.kind in ("statement",)
    else:
        assert event is not None and event.kind == e.kind
    if e.place:
        assert event is not None and event.place is not None and event.place.id == e.place
    assert brief.event_date == e.event_date
    if e.principal:
        assert event.principal is not None and event.principal.id == e.principal
    if e.counterparts is not None:
        assert tuple(a.id for a in event.counterparts) == e.counterparts
    for place in e.no_places:
        assert place not in [p.id for p in brief.places]
    if e.dateline:
        assert brief.dateline == e.dateline
    if e.line:
        from generator.briefs.eventline import format_event_line
        from generator.i18n import Formatter

        assert format_event_line(event, "en", Formatter("en", "en")) == e.line


@pytest.mark.parametrize("e", EXPECT, ids=lambda e: e.id.split("/")[1])
def test_dates(outlets, e: Expect):
    brief = _brief(outlets, e.id)
    for text, resolved in e.dates:
        found = [m for m in brief.dates if text in m.text]
        assert found, f"{text!r} not among {[m.text for m in brief.dates]}"
        assert found[0].resolved == resolved, (found[0].text, found[0].resolved, found[0].note)
        if resolved is None:
            assert found[0].note
    for note in e.notes:
        assert any(note in line for line in brief.explanation), brief.explanation


@pytest.mark.parametrize("e", EXPECT, ids=lambda e: e.id.split("/")[1])
def test_topics(outlets, e: Expect):
    brief = _brief(outlets, e.id)
    ids = [t.id for t in brief.topics]
    for topic in e.topics:
        assert topic in ids, ids
    for topic in e.no_topics:
        assert topic not in ids, ids
    # no topic without evidence, and none of the all-purpose labels
    assert all(t.evidence for t in brief.topics)
    # evidence is words, without the quotes and brackets around or inside them
    assert not [w for t in brief.topics for w in t.evidence if set(w) & set('«»“”"()[]')]
    assert len(ids) <= 4


@pytest.mark.parametrize(
    "eid, label",
    [
        ("2025-06-14/zawiya-clashes-marsad", "المرصد – خاص"),
        ("2025-06-15/zawiya-ceasefire-218", "خاص | 218"),
        ("2025-06-24/interior-appointment-facebook", "المكتب الإعلامي"),
    ],
)
def test_source_labels_are_byline_metadata(outlets, eid, label):
    """An outlet's or press office's label is where the story comes from,
    not a crosshead: removed as a byline and kept in the brief's byline."""
    brief = _brief(outlets, eid)
    found = [r for r in brief.removed if label in r.text]
    assert found and found[0].reason in ("byline", "outlet-name"), found
    assert brief.byline and label in brief.byline


# ---------------------------------------------------------------------------
# Clustering across the whole fixture
# ---------------------------------------------------------------------------

SAME_EVENT = {"2025-06-12/menfi-tetteh-observer", "2025-06-12/menfi-tetteh-alwasat", "2025-06-12/menfi-tetteh-ahrar"}
THREAD = ["2025-06-16/zawiya-unsmil-aljazeera", "2025-06-15/zawiya-ceasefire-218", "2025-06-14/zawiya-clashes-marsad"]


def _stories(outlets):
    return outlets[2].stories


def test_three_reports_of_one_event_are_one_story(outlets):
    stories = [s for s in _stories(outlets) if {b.id for b in s.briefs} & SAME_EVENT]
    assert len(stories) == 1
    story = stories[0]
    assert {b.id for b in story.briefs} == SAME_EVENT
    assert any("also reported by" in line for line in story.explanation)
    assert story.thread_id is None


def test_multi_day_story_is_one_thread_newest_first(outlets):
    by_brief = {b.id: s for s in _stories(outlets) for b in s.briefs}
    stories = [by_brief[i] for i in THREAD]
    assert len({s.id for s in stories}) == 3  # three days, three events
    assert all(len(s.briefs) == 1 for s in stories)
    assert len({s.thread_id for s in stories}) == 1 and stories[0].thread_id is not None
    for story in stories:
        assert story.related == tuple(s.id for s in stories if s.id != story.id)  # newest first


def test_unrelated_articles_stay_alone(outlets):
    grouped = SAME_EVENT | set(THREAD)
    for story in _stories(outlets):
        ids = {b.id for b in story.briefs}
        if ids & grouped:
            continue
        assert len(story.briefs) == 1, ids
        assert story.thread_id is None, (ids, story.explanation)
        assert story.related == ()


def test_brief_cli_explains_the_thread(outlets):
    root = outlets[0].root
    path = root / "content/articles/2025-06-15/zawiya-ceasefire-218.md"
    result = CliRunner().invoke(cli, ["brief", "-p", str(root), str(path), "--explain"])
    assert result.exit_code == 0, result.output
    assert "part of thread" in result.output
    assert "the same place (Zawiya)" in result.output
