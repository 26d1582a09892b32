"""Figures reported (generator/text/figures.py) and a thread's timeline page."""

from __future__ import annotations

import re

import pytest

from generator.text.figures import figures_in
from generator.models import Digest, EventLine, Story
from generator.site.render import render_site

from .test_render import D08, D10, TRIPOLI, config_for, html, make_item


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("أسفرت الاشتباكات عن مقتل 5 أشخاص وإصابة 12 آخرين", [("dead", 5), ("injured", 12)]),
        ("ارتفع عدد القتلى إلى ١٢ قتيلا و٣٠ جريحا", [("dead", 12), ("injured", 30)]),
        ("أنقذ خفر السواحل 120 مهاجرا قبالة زوارة", [("migrants-rescued", 120)]),
        ("بلغ إنتاج النفط 1.4 مليون برميل يوميا", [("barrels-per-day", 1_400_000)]),
        ("ينتج الحقل 1,400 برميل في اليوم", [("barrels-per-day", 1_400)]),
        ("ينتج الحقل ألف برميل يوميا", [("barrels-per-day", 1_000)]),
        ("ينتج الحقل ٣ آلاف برميل يوميا", [("barrels-per-day", 3_000)]),
        ("سجل سعر الدولار 7٫25 دينار في السوق الموازية", [("exchange-rate", 7.25)]),
        ("لا يزال 7 في عداد المفقودين", [("missing", 7)]),
        # not a rescue: migrants who went missing
        ("فقدان 40 مهاجرا في البحر", [("missing", 40)]),
        # numbers that are not figures are left out
        ("في عام 2025 التقى 3 وزراء في طرابلس يوم 10 سبتمبر", []),
        ("نقل 500 برميل إلى الميناء", []),  # barrels, but not a day's output
        ("بلغ سعر الصرف 6 دنانير", []),  # no dollar named: not the rate we track
    ],
)
def test_figures_in_a_sentence(sentence, expected):
    assert [(f.kind, f.value) for f in figures_in([(0, sentence)])] == expected


def clash_report(slug, day, outlet, sentences):
    event = EventLine("clash", TRIPOLI, day, None)
    return make_item(slug, day, outlet, sentences[0], sentences, ["Clashes in Tripoli", *sentences], event=event)


@pytest.fixture
def thread_site(tmp_path):
    first = clash_report(
        "clashes", D08, "Libya Observer", ["أسفرت اشتباكات في طرابلس عن مقتل 5 أشخاص وإصابة 12 آخرين.", "وتوقفت الاشتباكات مساء."]
    )
    later = clash_report(
        "toll-rises",
        D10,
        "Al Wasat",
        ["ارتفع عدد القتلى في اشتباكات طرابلس إلى 9 قتلى.", "وقالت الوزارة إن 3 في عداد المفقودين."],
    )
    other = clash_report(
        "toll-other",
        D10,
        "Akhbar Libya 24",
        ["أعلنت مصادر طبية مقتل 7 أشخاص في اشتباكات طرابلس.", "وتم نقل الجرحى إلى المستشفى."],
    )
    s08 = Story("2025-09-08/clashes", (first,), "thread:clashes", ("2025-09-10/toll",))
    s10 = Story("2025-09-10/toll", (later, other), "thread:clashes", ("2025-09-08/clashes",))
    files, problems = render_site(config_for(tmp_path), [Digest(D10, (s10,)), Digest(D08, (s08,))], D10)
    assert not problems
    return files


def rows(page: str, kind: str) -> list[tuple[str, str, str]]:
    found = re.findall(
        rf'<tr class="figure-{kind}">.*?<td class="number"><span title="[^"]*">([^<]+)</span></td>\s*'
        r'<td><a href="[^"]*"><bdi>([^<]+)</bdi></a></td>\s*<td><time datetime="([^"]+)"',
        page,
        re.DOTALL,
    )
    return found


def test_thread_page_lists_events_in_order_and_the_figures_where_reports_disagree(thread_site):
    page = html(thread_site, "en/threads/clashes/index.html")
    timeline = page[page.index('<ol class="timeline">') : page.index("</ol>", page.index('<ol class="timeline">'))]
    assert re.findall(r'<time datetime="([^"]+)"', timeline) == ["2025-09-08", "2025-09-10"]
    assert "Libya Observer" in timeline and "Al Wasat" in timeline and "Akhbar Libya 24" in timeline
    # the toll as each outlet gave it, in date order (then by article): 5, then 7 and 9 on the 10th
    assert rows(page, "dead") == [
        ("5", "Libya Observer", "2025-09-08"),
        ("7", "Akhbar Libya 24", "2025-09-10"),
        ("9", "Al Wasat", "2025-09-10"),
    ]
    assert rows(page, "injured") == [("12", "Libya Observer", "2025-09-08")]
    assert rows(page, "missing") == [("3", "Al Wasat", "2025-09-10")]
    dead_header = page[page.index('<tr class="figure-dead">') : page.index("</tr>", page.index('<tr class="figure-dead">'))]
    assert "Dead" in dead_header and "(reports differ)" in dead_header
    injured = page[page.index('<tr class="figure-injured">') :]
    assert "(reports differ)" not in injured[: injured.index("</tr>")]


def test_story_pages_link_to_their_thread(thread_site):
    page = html(thread_site, "ar/stories/2025-09-10-toll/index.html")
    assert 'href="../../threads/clashes/"' in page
    arabic = html(thread_site, "ar/threads/clashes/index.html")
    assert "<bdi>Libya Observer</bdi>" in arabic  # no registry in this project: names as written
