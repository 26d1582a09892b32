"""Arabic -> English translation for the briefing site.

The build calls one function::

    run = translate_segments(segments, config, offline=False)
    run.results[segment]  # TranslatedText: reviewed / machine / pending
    run.summary_lines()

Order: reviewed translation memory -> SQLite cache -> the configured engine
chain (``translate.engine`` then ``translate.fallback``).  Engines live in a
registry (``register_engine``/``create_engine``): ``memory``, ``google``,
``mymemory``, ``microsoft``, ``qcri``, ``libre``, ``ctranslate2`` and ``llm``.
Offline (``--offline`` or ``translate.offline``) only network engines are
skipped; the local ``ctranslate2`` engine still runs, and anything left is
``pending``.

Modules: ``run`` (the pipeline step), ``engines`` (protocol and registry),
``web`` and ``transport`` (deep-translator engines with timeouts),
``resilience`` (retries, circuit breaker, rate limit), ``ct2`` (offline
engine), ``cache``, ``memory``, ``glossary``, ``chunking`` and ``exchange``
(PO/XLIFF export and import for human post-editing).
"""

from __future__ import annotations

from .engines import Engine, create_engine, engine_chain, engine_names, register_engine, unregister_engine
from .glossary import Glossary, check_consistency
from .memory import MergeReport, TranslationMemory, merge_into_memory
from .run import EngineStats, TranslationRun, TranslationStats, translate_segments

__all__ = [
    "Engine",
    "EngineStats",
    "Glossary",
    "MergeReport",
    "TranslationMemory",
    "TranslationRun",
    "TranslationStats",
    "check_consistency",
    "create_engine",
    "engine_chain",
    "engine_names",
    "merge_into_memory",
    "register_engine",
    "translate_segments",
    "unregister_engine",
]
