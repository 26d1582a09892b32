"""The ``llm`` engine against a chat-completions server of our own on 127.0.0.1
(tests/llm_server.py): good answers, malformed JSON, a dropped segment,
Arabic, altered placeholders, a refusal, a hanging server, a 503; the chain
falls through to the next engine (the tiny CTranslate2 model) for what the
model got wrong, and a rebuild asks nothing."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from generator.config import DEFAULT_LANGUAGES, Config, LLMSettings, TranslateSettings, parse_config
from generator.translation import create_engine, translate_segments
from generator.translation.llm import check_answer, is_local

from .llm_server import FakeLLMServer

FIXTURE = Path(__file__).parent / "fixtures" / "ct2-tiny"
MODEL = "test-model"

SEGMENTS = [
    "التقى وزير الداخلية المكلف عماد الطرابلسي السفير الإيطالي في طرابلس.",
    "وبحث الجانبان التعاون في مكافحة الهجرة غير النظامية.",
    "وأكد الطرابلسي أهمية تبادل المعلومات.",
    "أعلنت حكومة الوحدة الوطنية عن اجتماع أمني.",
    "وصل الوفد إلى بنغازي.",
]

GAZETTEER = """\
people:
  - id: imad-trabelsi
    en: Imad Trabelsi
    ar: [عماد الطرابلسي, الطرابلسي]
organisations: []
places: []
"""
GLOSSARY = """\
- ar: [المكلف]
  en: acting
- ar: [الهجرة غير النظامية]
  en: irregular migration
"""


def project(
    root: Path,
    server: FakeLLMServer,
    *,
    timeout: float = 5.0,
    fallback: tuple[str, ...] = ("ctranslate2",),
    batch_size: int = 3,
    threshold: int = 3,
) -> Config:
    content = root / "content"
    content.mkdir(parents=True, exist_ok=True)
    (content / "gazetteer.yaml").write_text(GAZETTEER, encoding="utf-8")
    (content / "glossary.yaml").write_text(GLOSSARY, encoding="utf-8")
    return Config(
        root=root,
        base_url="/",
        languages=DEFAULT_LANGUAGES,
        translate=TranslateSettings(
            engine="llm",
            fallback=fallback,
            ctranslate2_model=str(FIXTURE),
            timeout=timeout,
            retries=1,
            backoff=0.01,
            failure_threshold=threshold,
            concurrency=1,
            cache_dir=".cache",
            llm=LLMSettings(base_url=server.base_url, model=MODEL, batch_size=batch_size),
        ),
    )


def engines_used(run) -> dict[str, str | None]:
    return {segment: result.engine for segment, result in run.results.items()}


def test_good_answers_are_used_and_a_rebuild_asks_nothing(tmp_path):
    with FakeLLMServer("good") as server:
        config = project(tmp_path, server)
        run = translate_segments(SEGMENTS, config)
        assert set(engines_used(run).values()) == {f"llm ({MODEL})"}
        assert run.stats.translated == 5 and server.requests == 2  # batches of 3 and 2
        first = run.results[SEGMENTS[0]].text
        # the placeholder came back and the house English was put in its place
        assert first.startswith("English for segment 1") and "Imad Trabelsi" in first
        again = translate_segments(SEGMENTS, config)
        assert server.requests == 2 and again.stats.requests == 0
        assert again.stats.cached == 5
        assert {r.text for r in again.results.values()} == {r.text for r in run.results.values()}


def test_the_prompt_carries_segments_renderings_and_placeholders(tmp_path):
    with FakeLLMServer("good") as server:
        translate_segments(SEGMENTS[:3], project(tmp_path, server))
        body = server.bodies[0]
    assert body["model"] == MODEL and body["temperature"] == 0
    assert "JSON" in body["messages"][0]["content"] and "__G1__" in body["messages"][0]["content"]
    request = json.loads(body["messages"][1]["content"].split("\n", 1)[1])
    assert [s["id"] for s in request["segments"]] == [1, 2, 3]
    assert "__G1__" in request["segments"][0]["ar"] and "الطرابلسي" not in request["segments"][0]["ar"]
    assert {"ar": "المكلف", "en": "acting"} in request["required renderings"]
    assert {"ar": "الهجرة غير النظامية", "en": "irregular migration"} in request["required renderings"]
    assert request["placeholders to keep"] == ["__G1__"]


# The server spoils the first (or last) segment of every request.  Round one
# sends batches [0 1 2] [3 4]; what failed goes again in one batch, where the
# segment that is no longer first (or last) now comes back right: so the retry
# is seen to rescue segments, and what fails twice goes to ctranslate2.
@pytest.mark.parametrize(
    "mode, failed, requests, reason",
    [
        ("malformed", set(range(5)), 4, "not the JSON asked for"),
        ("drop", {4}, 3, "segment missing"),
        ("arabic", {0}, 3, "still contains Arabic"),
        ("placeholder", {0, 2}, 3, "placeholder was lost or altered"),  # the two with a name
        ("refuse", {0}, 3, "the model refused"),
    ],
)
def test_bad_answers_are_retried_once_and_never_used(tmp_path, mode, failed, requests, reason):
    with FakeLLMServer(mode) as server:
        run = translate_segments(SEGMENTS, project(tmp_path, server, threshold=10))
    used = engines_used(run)
    for i, segment in enumerate(SEGMENTS):
        assert used[segment] == ("ctranslate2" if i in failed else f"llm ({MODEL})"), (mode, i)
        if i in failed:
            assert not run.results[segment].text.startswith("English for segment")
    assert server.requests == requests
    assert reason in (run.stats.engine("llm").note or "")


def test_bad_answers_without_a_fallback_stay_pending(tmp_path):
    with FakeLLMServer("arabic") as server:
        run = translate_segments(SEGMENTS[:2], project(tmp_path, server, fallback=()))
    assert run.results[SEGMENTS[0]].is_pending and run.results[SEGMENTS[0]].text is None
    assert run.results[SEGMENTS[1]].engine == f"llm ({MODEL})"


def test_a_hanging_server_times_out_and_the_circuit_opens(tmp_path):
    with FakeLLMServer("hang", hang_for=20) as server:
        run = translate_segments(SEGMENTS, project(tmp_path, server, timeout=0.3, threshold=2, batch_size=2))
        requests = server.requests
    assert set(engines_used(run).values()) == {"ctranslate2"}
    # two timeouts open the circuit: the rest of the batches are not sent
    assert requests == 2
    note = run.stats.engine("llm").note
    assert "circuit open" in note and "no answer within 0.3 s" in note


def test_a_503_is_retried(tmp_path):
    with FakeLLMServer("flaky") as server:
        run = translate_segments(SEGMENTS[:2], project(tmp_path, server))
    assert set(engines_used(run).values()) == {f"llm ({MODEL})"}
    assert server.requests == 2


def test_the_key_comes_from_the_environment(tmp_path, monkeypatch):
    with FakeLLMServer("good") as server:
        monkeypatch.delenv("BRIEFING_LLM_KEY", raising=False)
        translate_segments(SEGMENTS[:1], project(tmp_path / "a", server))
        monkeypatch.setenv("BRIEFING_LLM_KEY", "sk-test")
        translate_segments(SEGMENTS[1:2], project(tmp_path / "b", server))
    assert server.authorization == [None, "Bearer sk-test"]


def test_a_local_server_is_used_offline(tmp_path):
    with FakeLLMServer("good") as server:
        config = project(tmp_path, server)
        assert not create_engine("llm", config).network
        run = translate_segments(SEGMENTS[:2], config, offline=True)
    assert run.stats.translated == 2


def test_is_local():
    assert is_local("http://127.0.0.1:8080/v1") and is_local("http://localhost:11434/v1") and is_local("http://[::1]:8000/v1")
    assert not is_local("https://api.example.com/v1")


@pytest.mark.parametrize(
    "source, english, problem",
    [
        ("قال __G1__ إن", "__G1__ said that", None),
        ("قال __G1__ إن", "He said that", "placeholder"),
        ("قال __G1__ إن", "__g1__ said that", "placeholder"),
        ("قال __G1__ إن", "__G1__ said __G1__", "placeholder"),
        ("قال", "قال", "Arabic"),
        ("قال", "Sorry, I cannot help with that.", "refused"),
        ("قال", "  ", "empty"),
        ("قال", None, "empty"),
    ],
)
def test_check_answer(source, english, problem):
    found = check_answer(source, english)
    assert (found is None) if problem is None else (problem in found)


def test_config_keys(tmp_path):
    config, problems = parse_config(
        {
            "translate": {
                "engine": "llm",
                "llm": {"base_url": "http://127.0.0.1:11434/v1", "model": "qwen2.5:7b", "batch_size": 4, "api_key_env": "MY_KEY"},
            }
        },
        tmp_path,
    )
    assert not problems
    assert config.translate.llm == LLMSettings("http://127.0.0.1:11434/v1", "qwen2.5:7b", "MY_KEY", 4)
    _, problems = parse_config({"translate": {"engine": "llm"}}, tmp_path)
    assert any("translate.llm.model" in p.message for p in problems)


def test_one_text_alone_through_the_backend():
    from generator.translation.llm import LLMBackend
    from generator.translation.resilience import EngineFailure

    with FakeLLMServer(["good", "arabic"]) as server:
        backend = LLMBackend(LLMSettings(base_url=server.base_url, model=MODEL), timeout=5)
        assert backend.translate_one("وصل الوفد إلى بنغازي.").startswith("English for segment 1")
        with pytest.raises(EngineFailure, match="still contains Arabic"):
            backend.translate_one("وصل الوفد إلى بنغازي.")
