"""The one YAML-with-lines reader (generator/yamlio.py)."""

from __future__ import annotations

import pytest

from generator.yamlio import LINE_KEY, PlainLoader, YamlError, item_lines, key_lines, load_yaml, parse_yaml, parse_yaml_with_nodes

REGISTRY = """\
# outlets
outlets:
  - id: a
    en: A

  - id: b
    reviewed: 2025-09-10
title: x
"quoted": y
"""


def test_key_and_item_lines_come_from_one_parse():
    data, node = parse_yaml_with_nodes(REGISTRY)
    assert data["outlets"][1] == {"id": "b", "reviewed": "2025-09-10"}  # dates stay text, no line keys
    assert item_lines(node, "outlets") == [3, 6]
    assert item_lines(node, "missing") == []
    assert key_lines(node) == {"outlets": 2, "title": 8, "quoted": 9}
    # front matter starts on line 2 of its file
    assert key_lines(node, first_line=2)["title"] == 9


def test_broken_yaml_names_the_line_in_the_file():
    with pytest.raises(YamlError) as caught:
        parse_yaml("a: 1\nb: [2\nc: 3\n", PlainLoader, first_line=2)
    assert caught.value.line is not None and caught.value.line >= 3
    assert caught.value.reason


def test_line_loader_records_mapping_lines_and_load_yaml_reports_problems(tmp_path):
    assert parse_yaml("- ar: x\n  en: y\n- ar: z\n")[1][LINE_KEY] == 3
    bad = tmp_path / "bad.yaml"
    bad.write_text("- ar: [x\n", encoding="utf-8")
    data, problems = load_yaml(bad, "content/bad.yaml")
    assert data is None and problems[0].path == "content/bad.yaml" and problems[0].line is not None
    assert load_yaml(tmp_path / "absent.yaml", "x") == (None, [])


def test_the_bounded_loader_refuses_an_alias_bomb():
    # each level lists the previous one ten times: 10**7 values once expanded
    names = "abcdefg"
    lines = ["a: &a [" + ", ".join(["x"] * 10) + "]"]
    for previous, name in zip(names, names[1:]):
        lines.append(f"{name}: &{name} [" + ", ".join([f"*{previous}"] * 10) + "]")
    with pytest.raises(YamlError, match="aliases"):
        parse_yaml_with_nodes("\n".join(lines) + "\n")
