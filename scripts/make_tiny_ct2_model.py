#!/usr/bin/env python
"""Generate the tiny CTranslate2 model used by ``tests/test_translation_ct2.py``.

The fixture tests the *plumbing* of the ctranslate2 engine (finding the model
and SentencePiece files, tokenising, batching, detokenising), not translation
quality, so its weights are random.  It is built directly with ctranslate2's
model-spec API and numpy, which means neither torch nor a download is needed,
and the output is small enough (well under 1 MB) to commit.

Layout written (the same as an unpacked ``.argosmodel``)::

    tests/fixtures/ct2-tiny/
        model/               CTranslate2 model: model.bin, config.json, shared_vocabulary.json
        sentencepiece.model  shared Arabic+English SentencePiece model
        README.md

The CTranslate2 vocabulary is exactly the SentencePiece piece list, in id
order, so every piece the tokeniser produces is known to the model.

Usage:  python scripts/make_tiny_ct2_model.py [OUTPUT_DIR]
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUTPUT = ROOT / "tests" / "fixtures" / "ct2-tiny"

# Training text for the tokeniser: a few Arabic news sentences and their
# English renderings, enough for a ~120-piece vocabulary.
CORPUS = """\
بحث وكيل وزارة الدفاع مع نائب قائد القيادة العسكرية الأميركية سبل تعزيز التعاون الأمني.
جاء ذلك خلال لقاء رسمي جرى اليوم الأربعاء في طرابلس.
التقى القائد العام للقوات المسلحة الليبية المشير خليفة حفتر في بنغازي.
أعلنت حكومة الوحدة الوطنية عن اجتماع أمني في مصراتة.
وشهد الاجتماع حضور مسؤولين عسكريين بارزين من الطرفين.
The undersecretary of defence discussed security cooperation with the deputy commander.
This came during an official meeting on Wednesday in Tripoli.
The commander of the Libyan armed forces met officials in Benghazi.
The Government of National Unity announced a security meeting in Misrata.
The meeting was attended by senior military officials from both sides.
"""

VOCAB_SIZE = 120
D_MODEL = 16
FFN = 32
HEADS = 2
LAYERS = 1
SEED = 20240601


def train_sentencepiece(workdir: Path) -> Path:
    import sentencepiece as spm

    (workdir / "corpus.txt").write_text(CORPUS * 3, encoding="utf-8")
    # The trainer records its input path in the model file: train with
    # relative paths from inside the work folder so the bytes are reproducible.
    previous = os.getcwd()
    os.chdir(workdir)
    try:
        _train(spm)
    finally:
        os.chdir(previous)
    return workdir / "sentencepiece.model"


def _train(spm) -> None:
    spm.SentencePieceTrainer.train(
        input="corpus.txt",
        model_prefix="sentencepiece",
        vocab_size=VOCAB_SIZE,
        model_type="unigram",
        character_coverage=1.0,
        # "identity" keeps the normaliser's character map out of the file
        # (nmt_nfkc adds ~200 KB); the fixture only needs to be consistent.
        normalization_rule_name="identity",
        num_threads=1,
        minloglevel=2,
    )


def build_spec(tokens: list[str]):
    import ctranslate2
    from ctranslate2.specs import common_spec, transformer_spec

    rng = np.random.default_rng(SEED)

    def weights(*shape: int) -> np.ndarray:
        return (rng.standard_normal(shape) * 0.1).astype(np.float32)

    def norm(spec: common_spec.LayerNormSpec) -> None:
        spec.gamma = np.ones(D_MODEL, dtype=np.float32)
        spec.beta = np.zeros(D_MODEL, dtype=np.float32)

    def linear(spec: common_spec.LinearSpec, out_dim: int, in_dim: int) -> None:
        spec.weight = weights(out_dim, in_dim)
        spec.bias = np.zeros(out_dim, dtype=np.float32)

    def ffn(spec) -> None:
        norm(spec.layer_norm)
        linear(spec.linear_0, FFN, D_MODEL)
        linear(spec.linear_1, D_MODEL, FFN)

    spec = transformer_spec.TransformerSpec.from_config(LAYERS, HEADS)
    vocab = len(tokens)

    encoder = spec.encoder
    encoder.embeddings[0].weight = weights(vocab, D_MODEL)
    norm(encoder.layer_norm)
    for layer in encoder.layer:
        attention = layer.self_attention
        norm(attention.layer_norm)
        linear(attention.linear[0], 3 * D_MODEL, D_MODEL)  # fused query/key/value
        linear(attention.linear[1], D_MODEL, D_MODEL)
        ffn(layer.ffn)

    decoder = spec.decoder
    decoder.embeddings.weight = weights(vocab, D_MODEL)
    norm(decoder.layer_norm)
    linear(decoder.projection, vocab, D_MODEL)
    # Bias the end-of-sentence token so random decoding stops quickly.
    decoder.projection.bias[tokens.index("</s>")] = 2.0
    for layer in decoder.layer:
        attention = layer.self_attention
        norm(attention.layer_norm)
        linear(attention.linear[0], 3 * D_MODEL, D_MODEL)
        linear(attention.linear[1], D_MODEL, D_MODEL)
        cross = layer.attention
        norm(cross.layer_norm)
        linear(cross.linear[0], D_MODEL, D_MODEL)  # query
        linear(cross.linear[1], 2 * D_MODEL, D_MODEL)  # fused key/value
        linear(cross.linear[2], D_MODEL, D_MODEL)
        ffn(layer.ffn)

    spec.register_source_vocabulary(tokens)
    spec.register_target_vocabulary(tokens)
    spec.validate()
    spec.optimize(quantization="float32")
    return spec, ctranslate2


def main(output: Path) -> None:
    import sentencepiece as spm

    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        sp_path = train_sentencepiece(work)
        sp = spm.SentencePieceProcessor(model_file=str(sp_path))
        tokens = [sp.id_to_piece(i) for i in range(sp.get_piece_size())]
        spec, _ = build_spec(tokens)
        model_dir = work / "out" / "model"
        model_dir.mkdir(parents=True)
        spec.save(str(model_dir))
        shutil.copy(sp_path, work / "out" / "sentencepiece.model")
        (work / "out" / "README.md").write_text(
            "Tiny random-weight CTranslate2 model for tests (plumbing only, not a translator).\n"
            "Regenerate with `python scripts/make_tiny_ct2_model.py`.\n",
            encoding="utf-8",
        )
        if output.exists():
            shutil.rmtree(output)
        shutil.copytree(work / "out", output)

    size = sum(p.stat().st_size for p in output.rglob("*") if p.is_file())
    print(f"wrote {output} ({size / 1024:.0f} KB, vocabulary {len(tokens)})")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_OUTPUT)
