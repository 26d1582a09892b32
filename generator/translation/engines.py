"""The engine protocol and the registry of engines by name.

``translate.engine`` and ``translate.fallback`` in briefing.toml name engines
from this registry; ``"none"`` means no machine engine at all.  Factories
import their third-party libraries lazily, so that a build that needs no
engine (everything reviewed or cached) never imports deep-translator or
CTranslate2, and constructing an engine is cheap and makes no request: work
starts on the first ``translate_batch``.
"""

from __future__ import annotations

from typing import Callable, Protocol, runtime_checkable

from ..config import Config
from ..errors import TranslationError

NO_ENGINE = "none"
# translate.engine = "memory": the reviewed memory only (it always runs first,
# in translation/run.py), no machine engine
MEMORY_ONLY = "memory"


@runtime_checkable
class Engine(Protocol):
    name: str  # registry name; also the cache key's engine
    # (optional) ``label``: what TranslatedText.engine records when it says more
    # than the name, e.g. "llm (qwen2.5-7b-instruct)"
    model: str  # what produced the output; part of the cache key
    max_chars: int  # longest text one call may carry
    network: bool  # False for engines that work offline

    def translate_batch(self, texts: list[str]) -> list[str | None]:
        """English for each text, ``None`` where this engine failed for it."""

    def why_unavailable(self) -> str | None:
        """A reason this engine cannot be used at all (missing key, no model), or None."""


EngineFactory = Callable[[Config], Engine]
_REGISTRY: dict[str, EngineFactory] = {}


def register_engine(name: str, factory: EngineFactory, *, replace: bool = False) -> None:
    """Make *factory* available as engine *name* (tests and plug-ins add their own)."""
    if name == NO_ENGINE:
        raise ValueError(f"{NO_ENGINE!r} is reserved for 'no machine engine'")
    if name in _REGISTRY and not replace:
        raise ValueError(f"engine {name!r} is already registered")
    _REGISTRY[name] = factory


def unregister_engine(name: str) -> None:
    _REGISTRY.pop(name, None)


def engine_names() -> tuple[str, ...]:
    return tuple(_REGISTRY)


def create_engine(name: str, config: Config) -> Engine:
    try:
        factory = _REGISTRY[name]
    except KeyError:
        raise TranslationError(
            f"unknown translation engine {name!r} (known: {', '.join((NO_ENGINE, MEMORY_ONLY) + engine_names())})"
        ) from None
    return factory(config)


def _web(name: str) -> EngineFactory:
    def factory(config: Config) -> Engine:
        from . import web

        return getattr(web, f"make_{name}")(config)

    return factory


def _ctranslate2(config: Config) -> Engine:
    from .ct2 import make_ctranslate2

    return make_ctranslate2(config)


for _name in ("google", "mymemory", "microsoft", "qcri", "libre"):
    register_engine(_name, _web(_name))
register_engine("ctranslate2", _ctranslate2)


def _llm(config: Config) -> Engine:
    from .llm import make_llm

    return make_llm(config)


register_engine("llm", _llm)


def engine_chain(config: Config) -> list[str]:
    """Machine engines to try, in order: the configured engine, then the
    fallbacks; "none" and "memory" (which always runs first) are left out."""
    chain = []
    for name in (config.translate.engine, *config.translate.fallback):
        if name not in (NO_ENGINE, MEMORY_ONLY) and name not in chain:
            chain.append(name)
    return chain
