"""briefing.toml validation: every problem gathered, each naming its key."""

from pathlib import Path

import pytest

from generator.config import ENGINE_NAMES, load_config, parse_config
from generator.errors import ConfigError


def messages(data: dict) -> list[str]:
    _, problems = parse_config(data, Path("/tmp/x"))
    return [p.format() for p in problems]


def test_defaults_are_valid():
    config, problems = parse_config({}, Path("/tmp/x"))
    assert problems == []
    assert [lang.code for lang in config.languages] == ["ar", "en"]
    assert config.language("ar").dir == "rtl" and config.language("en").dir == "ltr"
    assert config.translate.engine == "google"
    assert config.base_url == "/"


def test_unknown_engine_names_key_and_choices():
    assert messages({"translate": {"engine": "gogle"}}) == [
        "briefing.toml: error: translate.engine: unknown engine 'gogle' (choose one of: " + ", ".join(ENGINE_NAMES) + ")"
    ]


def test_every_problem_is_gathered_before_stopping():
    found = messages(
        {
            "base_url": 5,
            "digits": "roman",
            "translate": {"engine": "gogle", "timeout": -1, "fallback": ["libre", "bing"]},
            "languages": {"ar": {"dir": "up"}},
        }
    )
    assert "briefing.toml: error: base_url: expected str, got int 5" in found
    assert "briefing.toml: error: digits: unknown value 'roman' (choose one of: western, arabic-indic)" in found
    assert "briefing.toml: error: translate.timeout: must be greater than 0, got -1" in found
    assert any(m.startswith("briefing.toml: error: translate.fallback[1]: unknown engine 'bing'") for m in found)
    assert "briefing.toml: error: languages.ar.dir: unknown value 'up' (choose one of: rtl, ltr)" in found
    assert any("missing language 'en'" in m for m in found)
    assert len([m for m in found if ": error: " in m]) == 7


@pytest.mark.parametrize(
    "data, key",
    [
        ({"colour": "blue"}, "colour"),
        ({"translate": {"engin": "google"}}, "translate.engin"),
        ({"languages": {"en": {"titel": "x"}, "ar": {}}}, "languages.en.titel"),
        ({"email": {"smtp_hostname": "x"}}, "email.smtp_hostname"),
    ],
)
def test_unknown_keys_are_warnings_naming_the_key(data, key):
    found = messages(data)
    assert len(found) == 1
    assert found[0].startswith(f"briefing.toml: warning: {key}: unknown key (known keys: ")


def test_boolean_is_not_a_number():
    assert messages({"translate": {"retries": True}}) == ["briefing.toml: error: translate.retries: expected int, got bool True"]


def test_newline_in_header_values_is_rejected():
    found = messages({"email": {"sender": "a@example.org\nBcc: victim@example.org"}})
    assert found == ["briefing.toml: error: email.sender: must not contain a line break"]


def test_load_config_reports_toml_syntax_with_line(tmp_path):
    (tmp_path / "briefing.toml").write_text('base_url = "x"\n[translate\n', encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        load_config(tmp_path)
    assert str(info.value).startswith("briefing.toml: error: ")
    assert "line 2" in str(info.value)


def test_load_config_missing_file(tmp_path):
    with pytest.raises(ConfigError, match="briefing.toml: not found"):
        load_config(tmp_path)


def test_load_config_raises_with_all_errors(tmp_path):
    (tmp_path / "briefing.toml").write_text('digits = "x"\n[translate]\nengine = "gogle"\n', encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        load_config(tmp_path)
    text = str(info.value)
    assert "digits: unknown value 'x'" in text and "translate.engine: unknown engine 'gogle'" in text


def test_repository_config_is_clean():
    config, problems = load_config(Path(__file__).resolve().parent.parent)
    assert problems == []
    assert config.base_url.endswith("/")
