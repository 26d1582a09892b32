"""``briefing eval`` (generator/evaluate.py, issue 12)."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from generator.cli import cli
from generator.evaluate import load_gold, pairwise, tfidf_peer

STORIES = Path(__file__).resolve().parent / "fixtures" / "stories"

GOLD = """\
version: 1
articles:
  - file: content/articles/2025-05-12/killing-evening.md
    event: {kind: killing, date: 2025-05-12}
    cluster: kikli
    thread: tripoli
    actors: [{name: Abdulghani al-Kikli, type: person}, {name: Tripoli, type: place}]
    boilerplate: ["- عين ليبيا"]
    story_sentences: ["قُتل عبدالغني الككلي"]
  - file: content/articles/2025-05-13/killing-english.md
    lang: en
    event: {kind: killing, date: 2025-05-12}
    cluster: kikli
    thread: tripoli
    actors: [{name: Abdulghani Kikli, type: person, aliases: [Ghnewa]}, {name: Stability Support Apparatus, type: organisation}]
  - file: content/articles/2025-05-13/killing-wire-rewrite.md
    cluster: kikli
    thread: tripoli
  - file: content/articles/2023-09-12/derna-toll.md
    cluster: derna
    topics: [disasters-and-humanitarian]
  - file: content/articles/2023-09-13/tag-derna.md
    kind: listing
"""


def test_pairwise_scores():
    gold = {"a": "x", "b": "x", "c": "x", "d": "y"}
    predicted = {"a": "1", "b": "1", "c": "2", "d": "2"}
    scores = pairwise(predicted, gold)
    # gold pairs ab ac bc; predicted ab cd: one right of two, one found of three
    assert (scores["tp"], scores["predicted"], scores["actual"]) == (1, 2, 3)
    assert scores["precision"] == 0.5 and round(scores["recall"], 2) == 0.33


def test_peer_joins_pairs_above_its_threshold():
    texts = ["قتل آمر جهاز دعم الاستقرار في طرابلس", "مقتل آمر جهاز دعم الاستقرار بطرابلس", "ارتفاع حصيلة ضحايا فيضانات درنة"]
    groups = tfidf_peer(texts, 0.3)
    assert groups[0] == groups[1] != groups[2]


def test_bad_gold_entries_are_reported_with_their_line_and_the_rest_kept(tmp_path):
    path = tmp_path / "gold.yaml"
    path.write_text("version: 1\narticles:\n  - file: a.md\n    kind: poster\n  - file: b.md\n    cluster: x\n", encoding="utf-8")
    gold, problems = load_gold(path)
    assert [g.file for g in gold] == ["b.md"]
    assert problems[0].format() == f"{path}:3: error: kind 'poster' is not one of article, listing, multi"


def test_eval_command_table_and_json(tmp_path):
    gold = tmp_path / "gold.yaml"
    gold.write_text(GOLD, encoding="utf-8")
    runner = CliRunner()
    table = runner.invoke(cli, ["eval", str(gold), "-p", str(STORIES)])
    assert table.exit_code == 0, table.output
    assert "same event (pairwise)" in table.output and "peer: TF-IDF 3-5-gram" in table.output
    result = runner.invoke(cli, ["eval", str(gold), "-p", str(STORIES), "--json"])
    assert result.exit_code == 0, result.output
    figures = json.loads(result.output)
    assert figures["articles"] == 5
    # the three killing reports (two languages, a wire rewrite) are one story
    assert figures["same_event"]["tp"] == 3 and figures["same_event"]["precision"] == 1.0
    assert figures["actors"]["person"]["recall"] == 1.0  # English and Arabic names matched, aliases allowed
    assert figures["event_date"]["accuracy"] == 1.0
    assert figures["boilerplate"]["leaked"] == 0
    assert figures["left_out"]["non_article"]["recall"] == 1.0  # the listing page is not in the digest
    assert figures["key_points"]["recall"] == 1.0
    assert figures["chains"]["chained_stories"] == 0
