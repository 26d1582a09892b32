"""docs/configuration.md is generated from config.SCHEMA, the schema the reader
validates against: it must be current, and no key the reader accepts may be
missing from it."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

from generator.config import OPTIONS, SCHEMA, commented_toml, parse_config, read_config, reference_markdown

REPO = Path(__file__).resolve().parent.parent
REFERENCE = REPO / "docs" / "configuration.md"


def full_document() -> dict:
    """A briefing.toml that sets every key of the schema to its example (or default)."""
    data: dict = {}
    for option in SCHEMA:
        *tables, name = option.key.split(".")
        target = data
        for table in tables:
            target = target.setdefault(table, {})
        target[name] = option.example if option.example is not None else option.default
    return data


def test_reference_is_current():
    assert REFERENCE.read_text(encoding="utf-8") == reference_markdown(), (
        "docs/configuration.md is stale: python -m generator.config --markdown > docs/configuration.md"
    )


def test_every_key_the_reader_reads_is_in_the_schema_and_the_reference():
    config, checker = read_config(full_document(), Path("/tmp/x"))
    assert checker.problems == []  # every example is valid
    assert checker.seen == set(OPTIONS)  # nothing read that the schema lacks, nothing declared unread
    text = REFERENCE.read_text(encoding="utf-8")
    for key in OPTIONS:
        assert f"| `{key}` |" in text, key
    # the examples arrive in the Config, not only past the validator
    assert config.translate.libre.url == OPTIONS["translate.libre.url"].example
    assert config.translate.ctranslate2_model == OPTIONS["translate.ctranslate2.model"].example
    assert config.translate.microsoft_region == OPTIONS["translate.microsoft.region"].example
    assert config.email.send_log == OPTIONS["email.send_log"].example
    assert config.translate.offline is True


def test_keys_the_issue_found_undocumented_are_documented_and_accepted():
    text = REFERENCE.read_text(encoding="utf-8")
    for key in (
        "translate.libre.url",
        "translate.ctranslate2.model",
        "translate.microsoft.region",
        "email.send_log",
        "translate.offline",
    ):
        assert f"`{key}`" in text
    _, problems = parse_config({"translate": {"offline": True}}, Path("/tmp/x"))
    assert problems == []


def test_defaults_in_the_schema_are_the_reader_defaults():
    config, problems = parse_config({}, Path("/tmp/x"))
    assert problems == []
    assert config.translate.timeout == OPTIONS["translate.timeout"].default
    assert config.email.smtp_port == OPTIONS["email.smtp_port"].default
    assert config.publish.remote is None and OPTIONS["publish.remote"].default is None


def test_commented_toml_uncommented_is_a_valid_configuration():
    text = commented_toml()
    assert all(line.startswith("#") or not line.strip() for line in text.splitlines())
    uncommented = "\n".join(line[2:] for line in text.splitlines() if re.match(r"# ([a-z0-9_]+ = |\[)", line))
    data = tomllib.loads(uncommented)
    _, problems = parse_config(data, Path("/tmp/x"))
    assert problems == []
    for key in OPTIONS:
        assert f"# {key.rsplit('.', 1)[-1]} = " in text, key
