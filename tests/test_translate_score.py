"""`briefing translate score` on the fixture project's reviewed memory with two
engines: the tiny CTranslate2 model and the llm engine against our own server
on 127.0.0.1.  The scores themselves mean nothing here (random weights, canned
English); the tests check the mechanism: every reviewed segment goes through
each engine alone, the cache serves the second run, failures count as empty
answers, and the table has one row per engine."""

from __future__ import annotations

import re
from pathlib import Path

from click.testing import CliRunner

from generator.cli import cli
from generator.config import load_config
from generator.translation import create_engine
from generator.translation.memory import TranslationMemory
from generator.translation.score import score_engines

from .llm_server import FakeLLMServer

FIXTURE = Path(__file__).parent / "fixtures" / "ct2-tiny"


def configure(project: Path, server: FakeLLMServer) -> Path:
    toml = project / "briefing.toml"
    text = re.sub(
        r"(?m)^engine = .*$", 'engine = "llm"\nfallback = ["ctranslate2"]\nretries = 0', toml.read_text(encoding="utf-8")
    )
    text += (
        f'\n[translate.llm]\nbase_url = "{server.base_url}"\nmodel = "test-model"\n'
        f'\n[translate.ctranslate2]\nmodel = "{FIXTURE.as_posix()}"\n'
    )
    toml.write_text(text, encoding="utf-8")
    return project


def reviewed(project: Path) -> int:
    memory = TranslationMemory.load(project / "content" / "translation-memory.yaml", "memory")
    return len({entry.ar for entry in memory.entries})


def test_score_prints_a_table_for_two_engines_and_reuses_the_cache(project):
    total = reviewed(project)
    assert total >= 5
    with FakeLLMServer("good") as server:
        configure(project, server)
        first = CliRunner().invoke(cli, ["translate", "score", "-p", str(project)], catch_exceptions=False)
        asked = server.requests
        second = CliRunner().invoke(cli, ["translate", "score", "-p", str(project)], catch_exceptions=False)
        assert server.requests == asked > 0  # the second run is served by the cache
    assert first.exit_code == 0, first.output
    lines = first.output.splitlines()
    assert lines[0].split() == ["engine", "segments", "translated", "from", "cache", "chrF", "BLEU"]
    rows = {line.split("  ")[0].strip(): line.split()[-5:] for line in lines[2:4]}
    assert set(rows) == {"llm (test-model)", "ctranslate2"}
    for segments, translated, cached, chrf, bleu in rows.values():
        assert (int(segments), int(translated), int(cached)) == (total, total, 0)
        assert 0.0 <= float(chrf) <= 100.0 and 0.0 <= float(bleu) <= 100.0
    again = {line.split("  ")[0].strip(): line.split()[-5:] for line in second.output.splitlines()[2:4]}
    assert {k: v[2] for k, v in again.items()} == {"llm (test-model)": str(total), "ctranslate2": str(total)}
    assert {k: v[3:] for k, v in again.items()} == {k: v[3:] for k, v in rows.items()}  # same output, same scores


def test_failed_segments_count_as_empty_answers(project):
    total = reviewed(project)
    with FakeLLMServer("malformed") as server:
        config, _ = load_config(configure(project, server))
        report = score_engines(config, ["llm"])
    [score] = report.scores
    assert (score.engine, score.segments, score.translated) == ("llm", total, 0)
    assert score.chrf == 0.0 and score.bleu == 0.0
    assert "not the JSON asked for" in score.note
    assert "not the JSON asked for" in report.table()


def test_an_identical_answer_scores_100(project, tmp_path):
    """The scoring itself: an engine whose output is the reviewed English gets
    chrF and BLEU 100.  The cache is primed with the reviewed English as the
    engine's answers, so the score reads exactly that."""
    from generator.translation.cache import TranslationCache
    from generator.translation.glossary import Glossary

    # reviewed entries without protected names, so that the cached answers are the page text
    (project / "content" / "translation-memory.yaml").write_text(
        "- ar: وقالت المؤسسة في بيان إن البئر الجديدة تأتي ضمن خطة لرفع الإنتاج.\n"
        "  en: The corporation said in a statement that the new well is part of a plan to raise output.\n"
        "- ar: المفوضية تعتمد نتائج الانتخابات البلدية\n"
        "  en: Commission approves municipal election results\n",
        encoding="utf-8",
    )
    with FakeLLMServer("good") as server:
        config, _ = load_config(configure(project, server))
        memory = TranslationMemory.load(config.content_path / "translation-memory.yaml", "memory")
        glossary = Glossary.load(config.content_path, config.content_dir)
        answers = [(glossary.protect(e.ar).text, e.en) for e in memory.entries]
        assert all("__G" not in ar for ar, _ in answers)  # no names: the raw answer is the page text
        with TranslationCache.for_config(config.cache_path) as cache:
            cache.put_many("llm", create_engine("llm", config).model, answers)
        report = score_engines(config, ["llm"])
        assert server.requests == 0
    [score] = report.scores
    assert score.cached == score.segments == score.translated
    assert round(score.chrf, 6) == 100.0 and round(score.bleu, 6) == 100.0
