"""briefing brief: the library's brief of one article, as text and JSON."""

import json

import pytest
from click.testing import CliRunner

from generator.cli import cli

SEED_000 = "content/articles/2025-09-10/zoubi-brennan-security-talks.md"
SEED_001 = "content/articles/2025-09-08/libya-us-talks-tripoli.md"
SEED_002 = "content/articles/2025-09-10/khaled-haftar-uk-delegation.md"

BOILERPLATE = ("IMG", "اترك تعليق", "زر الذهاب", "المزيد من الأخبار", "لن يتم نشر", "أخبار محلية", "- ")


def brief(demo_project, path, *args):
    result = CliRunner().invoke(cli, ["brief", "-p", str(demo_project), str(demo_project / path), *args])
    assert result.exit_code == 0, result.output
    return result


@pytest.fixture(scope="module")
def briefs(tmp_path_factory):
    from .conftest import copy_demo_project

    target = copy_demo_project(tmp_path_factory.mktemp("demo"))
    out = {}
    for path in (SEED_000, SEED_001, SEED_002):
        result = brief(target, path, "--json", "--explain")
        out[path] = json.loads(result.stdout)
    return out


def test_json_schema_fields(briefs):
    data = briefs[SEED_000]
    assert data["schema"] == 1
    assert data["id"] == "2025-09-10/zoubi-brennan-security-talks"
    assert set(data) >= {
        "article",
        "headline",
        "sentences",
        "key_points",
        "actors",
        "places",
        "dates",
        "event_date",
        "event",
        "topics",
        "removed",
        "story",
        "explanation",
    }
    for point in data["key_points"]:
        assert data["sentences"][point["sentence_index"]]["text"] == point["text"]


@pytest.mark.parametrize("path", [SEED_000, SEED_001, SEED_002])
def test_no_boilerplate_in_key_points_and_three_to_five_points(briefs, path):
    points = briefs[path]["key_points"]
    assert 3 <= len(points) <= 5
    indices = [p["sentence_index"] for p in points]
    assert indices == sorted(indices), "key points stay in document order"
    for point in points:
        assert not any(point["text"].startswith(b) or b in point["text"] for b in BOILERPLATE[:5]), point["text"]


@pytest.mark.parametrize(
    "path, people",
    [
        (
            SEED_000,
            {
                "Abdulsalam al-Zoubi": "Undersecretary of Defence",
                "John Brennan": "Deputy Commander",
                "Khalifa Haftar": "General Commander",
            },
        ),
        (
            SEED_001,
            {
                "Abdulsalam al-Zoubi": "Undersecretary of Defence",
                "John Brennan": "Deputy Commander",
                "Mahmoud Hamza": "Military Intelligence",
                "Jeremy Berndt": "Chargé d'affaires",
            },
        ),
        (
            SEED_002,
            {
                "Khaled Haftar": "Chief of Staff",
                "Harvey Smith": "Deputy Chief",
                "Khalifa Haftar": "General Commander",
                "Mohamed al-Menfi": "Presidential Council",
                "Abdulhamid Dbeibah": "Prime Minister",
            },
        ),
    ],
)
def test_actors_include_people_with_roles(briefs, path, people):
    actors = {a["name"]["en"]: a for a in briefs[path]["actors"] if a["kind"] == "person"}
    for name, role in people.items():
        assert name in actors, f"{name} missing from {sorted(actors)}"
        assert actors[name]["role"] and role.lower() in actors[name]["role"]["en"].lower(), (name, actors[name]["role"])


@pytest.mark.parametrize(
    "path, expected, unexpected",
    [
        (SEED_000, {"security-cooperation", "counter-terrorism"}, {"oil-and-energy", "health", "weather"}),
        (SEED_001, {"security-cooperation", "counter-terrorism", "border-security"}, {"oil-and-energy", "weather"}),
        (SEED_002, {"security-cooperation"}, {"oil-and-energy", "migration", "weather"}),
    ],
)
def test_topics_are_sensible(briefs, path, expected, unexpected):
    topics = {t["id"] for t in briefs[path]["topics"]}
    assert expected <= topics, topics
    assert not topics & unexpected
    for topic in briefs[path]["topics"]:
        assert topic["evidence"], topic


def test_seed_000_and_001_are_two_meetings_of_one_thread_and_002_stays_apart(briefs):
    a, b, c = briefs[SEED_000], briefs[SEED_001], briefs[SEED_002]
    assert a["event_date"] == "2025-09-10" and b["event_date"] == "2025-09-08"
    # different event dates: two stories, one thread, linked both ways
    assert a["story"]["id"] != b["story"]["id"]
    assert a["story"]["thread"] and a["story"]["thread"] == b["story"]["thread"]
    assert b["story"]["id"] in a["story"]["related"] and a["story"]["id"] in b["story"]["related"]
    assert any("event dates differ" in line and "one thread" in line for line in a["explanation"])
    assert c["story"]["thread"] not in (a["story"]["thread"],) or c["story"]["thread"] is None
    assert a["story"]["id"] not in c["story"]["related"] and b["story"]["id"] not in c["story"]["related"]


def test_event_line_in_both_languages(briefs):
    event = briefs[SEED_000]["event"]
    assert event["kind"] == "meeting"
    assert event["line"]["en"].startswith(
        "Meeting · Wed 10 Sep 2025 — Abdulsalam al-Zoubi (Undersecretary of Defence, GNU) with Lt Gen John Brennan (Deputy Commander, AFRICOM)"
    )
    assert event["line"]["ar"].startswith("اجتماع · ")
    tripoli = briefs[SEED_001]["event"]
    assert tripoli["place"]["name"]["en"] == "Tripoli"


def test_explain_text_lists_removed_boilerplate(demo_project):
    result = brief(demo_project, SEED_002, "--explain")
    assert f"{SEED_002}:32: image-filenames: IMG 8601" in result.stdout
    assert "comment-form: اترك تعليقاً" in result.stdout
    assert "kept as metadata: byline='أخبار ليبيا 24'" in result.stdout


def test_json_fields_are_the_documented_ones(briefs):
    """docs/brief-json.md is the contract: every top-level field is documented
    and every documented field is present."""
    import re
    from .conftest import REPO

    doc = (REPO / "docs" / "brief-json.md").read_text(encoding="utf-8")
    documented = set()
    for row in re.findall(r"^\| `([^|]+)` \|", doc, flags=re.M):
        documented.update(name.strip(" `") for name in row.split(","))
    data = briefs[SEED_000]
    assert set(data) == documented
