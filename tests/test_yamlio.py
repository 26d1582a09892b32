"""The one YAML-with-lines reader (generator/yamlio.py)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.yamlio import (
    LINE_KEY,
    PlainLoader,
    YamlError,
    flat_mapping,
    item_lines,
    key_lines,
    load_yaml,
    parse_yaml,
    parse_yaml_with_nodes,
)

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


# --- flat_mapping: the front matter read without the parser ------------------------

FRONT_MATTER = (
    'title: "بحث وزير الصحة مع رئيس الحكومة"\ndate: 2025-08-12\nsource: 218 News\nlang: ar\nurl: https://example.org/a?b=1\n'
)


def _parsed(text: str):
    """What the parser reads of *text* (data and key lines), or None if it refuses it."""
    try:
        data, node = parse_yaml_with_nodes(text, first_line=2)
    except YamlError:
        return None
    return data, key_lines(node, first_line=2)


def test_flat_front_matter_reads_as_the_parser_reads_it():
    found = flat_mapping(FRONT_MATTER, first_line=2)
    assert found is not None
    assert found == _parsed(FRONT_MATTER)
    assert found[0]["date"] == "2025-08-12" and found[1] == {"title": 2, "date": 3, "source": 4, "lang": 5, "url": 6}


@pytest.mark.parametrize(
    "text",
    [
        "title: yes\n",  # a boolean
        "count: 12\n",  # a number
        "when: 12:30\n",  # a sexagesimal number in YAML 1.1
        "none: ~\n",
        "on: x\n",  # the key is a boolean
        "t: a: b\n",  # the parser refuses it
        "t: x # comment\n",
        "t: x\n\nu: y\n",  # a blank line
        "t: x\n  continued\n",
        'T: "a \\" b"\n',  # an escape
        "t: x\nt: y\n",  # a key repeated
        "t: \x85x\x7f\n",  # characters the parser refuses
        "tags: [a, b]\n",
        "t: x\ty\n",
    ],
)
def test_anything_but_flat_text_is_left_to_the_parser(text):
    assert flat_mapping(text, first_line=2) is None


KEYS = st.sampled_from(["title", "t", "on", "yes", "null", "date", "x_1", "Source"])
# mostly letters, so that many lines are flat; and every character that ends,
# quotes, escapes or types a YAML value
VALUE_CHARS = st.one_of(
    st.sampled_from(list("aZبة7 ")),
    st.sampled_from(list(".:#'\"\\-?!,[{&*%@`|>+_~=<\t") + ["\x85", "\x7f", "\u2028", "0x", "1_0", "ﻻ", "yes", "null", ".inf"]),
)
VALUES = st.lists(VALUE_CHARS, max_size=8).map("".join)
LINES = st.tuples(KEYS, st.sampled_from(["{}", '"{}"', "'{}'"]), VALUES).map(lambda kv: f"{kv[0]}: {kv[1].format(kv[2])}")


@settings(max_examples=600, deadline=None)
@given(st.lists(LINES, min_size=1, max_size=4))
def test_flat_mapping_never_reads_a_line_otherwise_than_the_parser(lines):
    text = "\n".join(lines) + "\n"
    found = flat_mapping(text, first_line=2)
    if found is not None:
        assert found == _parsed(text)
