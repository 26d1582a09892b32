"""The offline CTranslate2 engine, on the tiny random-weight model in tests/fixtures/ct2-tiny.

The fixture is made by scripts/make_tiny_ct2_model.py; it tests loading,
tokenising and batching, not translation quality ("translations" are noise).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from generator.config import DEFAULT_LANGUAGES, Config, TranslateSettings
from generator.errors import TranslationError
from generator.translation import create_engine, translate_segments
from generator.translation.ct2 import CTranslate2Engine, locate_model

FIXTURE = Path(__file__).parent / "fixtures" / "ct2-tiny"

SENTENCES = [
    "التقى القائد العام في طرابلس.",
    "جاء ذلك خلال لقاء رسمي جرى اليوم الأربعاء.",
    "أعلنت حكومة الوحدة الوطنية عن اجتماع أمني.",
    "وشهد الاجتماع حضور مسؤولين عسكريين.",
    "بحث وكيل وزارة الدفاع سبل تعزيز التعاون.",
    "وصل الوفد إلى بنغازي.",
    "قال المسؤول إن الوضع مستقر.",
]


def marian_layout(tmp_path: Path) -> Path:
    """The fixture rearranged like a converted OPUS-MT model (source.spm/target.spm beside model.bin)."""
    folder = tmp_path / "opus-mt-ar-en"
    shutil.copytree(FIXTURE / "model", folder)
    shutil.copy(FIXTURE / "sentencepiece.model", folder / "source.spm")
    shutil.copy(FIXTURE / "sentencepiece.model", folder / "target.spm")
    return folder


def test_fixture_is_small():
    size = sum(p.stat().st_size for p in FIXTURE.rglob("*") if p.is_file())
    assert size < 2_000_000


def test_translates_a_batch_of_sentences():
    engine = CTranslate2Engine(FIXTURE, beam_size=1, max_batch_size=16)
    out = engine.translate_batch(SENTENCES)
    assert len(out) == len(SENTENCES)
    assert all(isinstance(text, str) and text for text in out)
    assert engine.batch_sizes == [len(SENTENCES)]


def test_batching_respects_max_batch_size():
    engine = CTranslate2Engine(FIXTURE, beam_size=2, max_batch_size=3)
    out = engine.translate_batch(SENTENCES)
    assert len(out) == 7
    assert engine.batch_sizes == [3, 3, 1]
    assert engine.requests == 3


def test_argos_and_marian_layouts_are_found(tmp_path):
    argos = locate_model(FIXTURE)
    assert argos.model_dir == FIXTURE / "model" and argos.source_spm.name == "sentencepiece.model"
    assert not argos.append_eos
    marian = locate_model(marian_layout(tmp_path))
    assert marian.source_spm.name == "source.spm" and marian.target_spm.name == "target.spm"
    assert marian.append_eos  # Marian models are trained with </s> ending the source
    out = CTranslate2Engine(marian_layout(tmp_path / "again"), beam_size=1).translate_batch(SENTENCES[:2])
    assert len(out) == 2 and all(out)


def test_unzipped_argos_package_parent_folder_is_accepted(tmp_path):
    shutil.copytree(FIXTURE, tmp_path / "unzipped" / "translate-ar_en-1_0")
    files = locate_model(tmp_path / "unzipped")
    assert files.model_dir == tmp_path / "unzipped" / "translate-ar_en-1_0" / "model"


def test_missing_folder_is_a_clear_error(tmp_path):
    missing = tmp_path / "no-such-model"
    with pytest.raises(TranslationError, match="no-such-model.*does not exist"):
        CTranslate2Engine(missing).translate_batch(["نص"])


def test_folder_without_model_is_a_clear_error(tmp_path):
    (tmp_path / "empty-model").mkdir()
    with pytest.raises(TranslationError, match="no CTranslate2 model in .*empty-model"):
        CTranslate2Engine(tmp_path / "empty-model").translate_batch(["نص"])


def test_missing_tokeniser_is_a_clear_error(tmp_path):
    folder = tmp_path / "no-spm"
    shutil.copytree(FIXTURE / "model", folder)
    with pytest.raises(TranslationError, match="no SentencePiece model in .*no-spm"):
        CTranslate2Engine(folder).translate_batch(["نص"])


def test_damaged_model_is_a_clear_error(tmp_path):
    folder = marian_layout(tmp_path)
    (folder / "model.bin").write_bytes(b"not a model")
    with pytest.raises(TranslationError, match=f"cannot load the model in {folder}"):
        CTranslate2Engine(folder).translate_batch(["نص"])


def test_packed_argosmodel_asks_to_unzip(tmp_path):
    packed = tmp_path / "translate-ar_en.argosmodel"
    packed.write_bytes(b"PK")
    with pytest.raises(TranslationError, match="unzip"):
        CTranslate2Engine(packed).translate_batch(["نص"])


def make_config(root: Path, model: str | None) -> Config:
    (root / "content").mkdir(exist_ok=True)
    return Config(
        root=root,
        base_url="/",
        languages=DEFAULT_LANGUAGES,
        translate=TranslateSettings(engine="ctranslate2", ctranslate2_model=model, cache_dir=".cache"),
    )


def test_registry_engine_relative_to_the_project(tmp_path):
    shutil.copytree(FIXTURE, tmp_path / "models" / "tiny")
    engine = create_engine("ctranslate2", make_config(tmp_path, "models/tiny"))
    assert engine.name == "ctranslate2" and not engine.network
    assert engine.model.startswith("tiny:")


def test_offline_build_uses_the_local_model_and_the_cache(tmp_path):
    config = make_config(tmp_path, str(FIXTURE))
    run = translate_segments(SENTENCES, config, offline=True)  # a local model needs no network
    assert run.stats.translated == len(SENTENCES)
    assert {r.engine for r in run.results.values()} == {"ctranslate2"}
    again = translate_segments(SENTENCES, config, offline=True)
    assert again.stats.cached == len(SENTENCES) and again.stats.requests == 0


def test_load_failure_in_a_build_is_a_problem_not_a_crash(tmp_path):
    run = translate_segments(SENTENCES[:2], make_config(tmp_path, str(tmp_path / "nowhere")))
    assert run.stats.pending == 2
    errors = [p for p in run.problems if p.severity == "error"]
    assert errors and "nowhere" in errors[0].message


def test_unset_model_is_reported(tmp_path):
    run = translate_segments(SENTENCES[:1], make_config(tmp_path, None))
    assert run.stats.pending == 1
    assert any("translate.ctranslate2.model is not set" in p.message for p in run.problems)
