"""The offline engine: a local CTranslate2 model with SentencePiece tokenisation.

Two folder layouts are understood:

* an OPUS-MT (Marian) model converted with ``ct2-transformers-converter``,
  with ``source.spm`` and ``target.spm`` copied next to ``model.bin``::

      opus-mt-ar-en/  model.bin  config.json  shared_vocabulary.json  source.spm  target.spm

* an unpacked Argos Translate package (an ``.argosmodel`` is a zip file;
  ``briefing model install ar-en`` downloads and unpacks one into the cache,
  and this engine uses it when ``translate.ctranslate2.model`` is not set)::

      translate-ar_en-1_0/  model/model.bin ...  sentencepiece.model

The configured folder may also be the parent of a single such folder (what
unzipping an ``.argosmodel`` gives).  The model is loaded on first use, not
when the engine is created, so that a build whose segments are all cached
never pays for loading it.
"""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass
from pathlib import Path

from ..config import Config
from ..errors import TranslationError

BEAM_SIZE = 4
MAX_BATCH_SIZE = 16
# Sentences are translated one per chunk where possible: NMT models are
# trained on sentences and Marian models accept at most 512 tokens.
MAX_CHARS = 400
EOS = "</s>"


@dataclass(frozen=True)
class ModelFiles:
    model_dir: Path  # the CTranslate2 model (model.bin, config.json, vocabularies)
    source_spm: Path
    target_spm: Path
    append_eos: bool  # Marian models expect "</s>" at the end of the source


def locate_model(folder: Path) -> ModelFiles:
    """Find the CTranslate2 model and SentencePiece files in *folder*, or raise TranslationError."""
    if folder.is_file() and folder.suffix == ".argosmodel":
        raise TranslationError(
            f"ctranslate2: {folder} is a packed .argosmodel; unzip it and point "
            "translate.ctranslate2.model at the folder it contains"
        )
    if not folder.is_dir():
        raise TranslationError(f"ctranslate2: model folder {folder} does not exist")
    candidates = [folder]
    subfolders = [p for p in folder.iterdir() if p.is_dir()]
    if len(subfolders) == 1 and not (folder / "model.bin").exists():
        candidates.append(subfolders[0])
    for base in candidates:
        for model_dir in (base / "model", base):
            if (model_dir / "model.bin").is_file():
                return ModelFiles(model_dir, *_spm_files(base, model_dir), append_eos=_needs_eos(base, model_dir))
    raise TranslationError(
        f"ctranslate2: no CTranslate2 model in {folder} (expected model.bin in the folder or in its model/ subfolder)"
    )


def _spm_files(base: Path, model_dir: Path) -> tuple[Path, Path]:
    for where in dict.fromkeys((base, model_dir)):
        if (where / "source.spm").is_file() and (where / "target.spm").is_file():
            return where / "source.spm", where / "target.spm"
        if (where / "sentencepiece.model").is_file():
            return where / "sentencepiece.model", where / "sentencepiece.model"
    raise TranslationError(
        f"ctranslate2: no SentencePiece model in {base} (expected source.spm and target.spm, or sentencepiece.model)"
    )


def _needs_eos(base: Path, model_dir: Path) -> bool:
    """Marian (source.spm) models are trained with "</s>" ending the source;
    Hugging Face's tokenizer adds it, so we must too unless CTranslate2 does."""
    if not ((base / "source.spm").is_file() or (model_dir / "source.spm").is_file()):
        return False
    try:
        config = json.loads((model_dir / "config.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        config = {}
    return not config.get("add_source_eos", False)


def model_id(folder: Path) -> str:
    """A cheap identity for the cache: folder name plus the size of model.bin,
    so that replacing the model in the same folder does not reuse old output."""
    for path in (folder / "model.bin", folder / "model" / "model.bin"):
        if path.is_file():
            return f"{folder.name}:{path.stat().st_size}"
    return folder.name


class CTranslate2Engine:
    name = "ctranslate2"
    network = False
    max_chars = MAX_CHARS

    def __init__(
        self,
        folder: Path | None,
        *,
        beam_size: int = BEAM_SIZE,
        max_batch_size: int = MAX_BATCH_SIZE,
        device: str = "cpu",
        max_decoding_length: int = 256,
    ):
        self.folder = folder
        self.model = model_id(folder) if folder else "unset"
        self.beam_size = beam_size
        self.max_batch_size = max_batch_size
        self.device = device
        self.max_decoding_length = max_decoding_length
        self.batch_sizes: list[int] = []  # one entry per call into CTranslate2
        self.requests = 0
        self.failures = 0
        self._loaded: tuple | None = None
        self._lock = threading.Lock()

    def why_unavailable(self) -> str | None:
        if self.folder is None:
            return "translate.ctranslate2.model is not set and no model is installed (run `briefing model install ar-en`)"
        return None

    def status_note(self) -> str | None:
        return None

    def load(self):
        """Load the model and tokenisers once; TranslationError names the folder on failure."""
        with self._lock:
            if self._loaded is None:
                if self.folder is None:
                    raise TranslationError("ctranslate2: translate.ctranslate2.model is not set")
                files = locate_model(self.folder)
                try:
                    import ctranslate2
                    import sentencepiece

                    translator = ctranslate2.Translator(str(files.model_dir), device=self.device)
                    source = sentencepiece.SentencePieceProcessor(model_file=str(files.source_spm))
                    target = (
                        source
                        if files.target_spm == files.source_spm
                        else sentencepiece.SentencePieceProcessor(model_file=str(files.target_spm))
                    )
                except Exception as exc:  # ctranslate2 raises RuntimeError/ValueError with C++ messages
                    raise TranslationError(f"ctranslate2: cannot load the model in {self.folder}: {exc}") from exc
                self._loaded = (translator, source, target, files)
            return self._loaded

    def translate_batch(self, texts: list[str]) -> list[str | None]:
        translator, source, target, files = self.load()
        results: list[str | None] = [None] * len(texts)
        for start in range(0, len(texts), self.max_batch_size):
            batch = texts[start : start + self.max_batch_size]
            tokens = [source.encode(text, out_type=str) + ([EOS] if files.append_eos else []) for text in batch]
            self.batch_sizes.append(len(batch))
            self.requests += 1
            try:
                outputs = translator.translate_batch(
                    tokens,
                    max_batch_size=self.max_batch_size,
                    beam_size=self.beam_size,
                    max_decoding_length=self.max_decoding_length,
                )
            except Exception as exc:
                self.failures += 1
                raise TranslationError(f"ctranslate2: translation failed with the model in {self.folder}: {exc}") from exc
            for offset, output in enumerate(outputs):
                english = target.decode(output.hypotheses[0]).strip() if output.hypotheses else ""
                results[start + offset] = english or None
        return results


# `briefing model install` (packages.py) puts models here: <cache>/models/<pair>,
# with INSTALLED_FILE once a model is complete
MODELS_DIR = "models"
INSTALLED_FILE = "installed.json"


def models_path(config: Config) -> Path:
    return config.cache_path / MODELS_DIR


def installed_model(config: Config, pair: str = "ar-en") -> Path | None:
    folder = models_path(config) / pair
    return folder if (folder / INSTALLED_FILE).is_file() else None


def make_ctranslate2(config: Config) -> CTranslate2Engine:
    setting = config.translate.ctranslate2_model
    folder = None
    if setting:
        folder = Path(setting).expanduser()
        if not folder.is_absolute():
            folder = config.root / folder
    else:  # what `briefing model install ar-en` put in the cache
        folder = installed_model(config, "ar-en")
    return CTranslate2Engine(folder)
