"""The web engines: Google, MyMemory, Microsoft, QCRI and LibreTranslate via deep-translator.

Each is a ``RequestBackend`` (one text per request) that
``resilience.ResilientEngine`` wraps with retries, rate limiting and a circuit
breaker.  This module handles what deep-translator leaves to its callers:

* a timeout on every request (see ``transport``);
* HTTP status and Retry-After, which deep-translator's exceptions drop;
* answers that are not translations: ``None``, empty strings, the Arabic
  echoed back, MyMemory's quota warning sent as the "translation";
* thread safety: deep-translator translators keep per-request state on the
  instance (``_url_params``), so each worker thread gets its own instance.
"""

from __future__ import annotations

import email.utils
import os
import threading
import time
from typing import Any, Callable
from urllib.parse import urlsplit

import requests

from ..config import Config
from .resilience import EngineFailure, ResilientEngine
from .text import mostly_arabic
from .transport import HttpCall, http_call

# Keys come from the environment only, never from files in the project.
KEY_ENV = {"microsoft": "BRIEFING_MICROSOFT_KEY", "qcri": "BRIEFING_QCRI_KEY"}

# Characters per request.  Google: deep-translator refuses 5,000, and the text
# travels in a GET URL where percent-encoded Arabic takes ~6 bytes a character,
# so stay well below the ~16 KB URL limit of Google's front ends.  MyMemory:
# 500 *bytes* of UTF-8, i.e. ~250 Arabic characters.  LibreTranslate:
# deep-translator sends the text in the query string of a POST, and a default
# nginx in front of a self-hosted server rejects request lines over 8 KB.
MAX_CHARS = {"google": 2500, "mymemory": 240, "microsoft": 5000, "qcri": 1000, "libre": 1000}

QCRI_DOMAIN = "general"


def parse_retry_after(value: str | None, now: Callable[[], float] = time.time) -> float | None:
    """Seconds to wait from a Retry-After header (delta-seconds or an HTTP date)."""
    if not value:
        return None
    value = value.strip()
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - now())


def classify(exc: BaseException | None, call: HttpCall) -> EngineFailure:
    """Turn what went wrong in one deep-translator call into an EngineFailure."""
    if isinstance(call.error, requests.Timeout):
        return EngineFailure(f"no answer within {call.timeout:g} s")
    if isinstance(call.error, requests.ConnectionError):
        return EngineFailure(f"cannot connect ({type(call.error).__name__})")
    if isinstance(call.error, requests.RequestException):
        return EngineFailure(f"request failed: {call.error}")
    response = call.response
    if response is not None and not 200 <= response.status_code < 300:
        status = response.status_code
        if status in (401, 403):
            return EngineFailure(f"HTTP {status}: access refused (check the API key)", fatal=True, status=status)
        if status == 429 or status >= 500:
            return EngineFailure(
                f"HTTP {status}",
                retryable=True,
                status=status,
                retry_after=parse_retry_after(response.headers.get("Retry-After")),
            )
        return EngineFailure(f"HTTP {status}", status=status)
    if exc is None:
        return EngineFailure("request failed")
    detail = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    return EngineFailure(f"{type(exc).__name__}{': ' + detail[:120] if detail else ''}")


class DeepTranslatorBackend:
    """One deep-translator class behind the ``RequestBackend`` protocol."""

    def __init__(
        self,
        name: str,
        model: str,
        factory: Callable[[], Any],
        *,
        timeout: float,
        translate_kwargs: dict | None = None,
        unavailable: str | None = None,
    ):
        self.name = name
        self.model = model
        self.max_chars = MAX_CHARS[name]
        self.timeout = timeout
        self._factory = factory
        self._kwargs = translate_kwargs or {}
        self._unavailable = unavailable
        self._local = threading.local()

    def why_unavailable(self) -> str | None:
        return self._unavailable

    def _translator(self):
        translator = getattr(self._local, "translator", None)
        if translator is None:
            translator = self._local.translator = self._factory()
        return translator

    def translate_one(self, text: str) -> str:
        with http_call(self.timeout) as call:
            try:
                # Built inside the block: Microsoft's constructor makes a request too.
                english = self._translator().translate(text, **self._kwargs)
            except Exception as exc:
                raise classify(exc, call) from exc
            if call.response is not None and not 200 <= call.response.status_code < 300:
                raise classify(None, call)  # QCRI returns None on HTTP errors
        if not isinstance(english, str) or not english.strip():
            raise EngineFailure("empty answer")
        if english.lstrip().upper().startswith("MYMEMORY WARNING"):
            raise EngineFailure("quota exceeded: " + english.strip()[:80], fatal=True)
        if mostly_arabic(english):
            raise EngineFailure("answer is still Arabic (the engine echoed its input)")
        return english


def _key(name: str) -> tuple[str | None, str | None]:
    env = KEY_ENV[name]
    key = os.environ.get(env, "").strip()
    return (key, None) if key else (None, f"no API key: set the environment variable {env}")


def make_google(config: Config) -> ResilientEngine:
    from deep_translator import GoogleTranslator

    backend = DeepTranslatorBackend(
        "google", "web", lambda: GoogleTranslator(source="ar", target="en"), timeout=config.translate.timeout
    )
    return ResilientEngine(backend, config.translate)


def make_mymemory(config: Config) -> ResilientEngine:
    from deep_translator import MyMemoryTranslator

    # MyMemory's language table is keyed by locale ("ar-SA"); "ar" is refused.
    backend = DeepTranslatorBackend(
        "mymemory", "web", lambda: MyMemoryTranslator(source="ar-SA", target="en-GB"), timeout=config.translate.timeout
    )
    return ResilientEngine(backend, config.translate)


def make_microsoft(config: Config) -> ResilientEngine:
    from deep_translator import MicrosoftTranslator

    key, missing = _key("microsoft")
    region = config.translate.microsoft_region
    backend = DeepTranslatorBackend(
        "microsoft",
        "v3",
        lambda: MicrosoftTranslator(source="ar", target="en", api_key=key, region=region),
        timeout=config.translate.timeout,
        unavailable=missing,
    )
    return ResilientEngine(backend, config.translate)


def make_qcri(config: Config) -> ResilientEngine:
    from deep_translator import QcriTranslator

    key, missing = _key("qcri")
    backend = DeepTranslatorBackend(
        "qcri",
        QCRI_DOMAIN,
        lambda: QcriTranslator(source="ar", target="en", api_key=key),
        timeout=config.translate.timeout,
        translate_kwargs={"domain": QCRI_DOMAIN},
        unavailable=missing,
    )
    return ResilientEngine(backend, config.translate)


def libre_model(url: str) -> str:
    """Different LibreTranslate servers run different models: cache per server."""
    parts = urlsplit(url)
    return f"{parts.netloc}{parts.path.rstrip('/')}" or url


def make_libre(config: Config) -> ResilientEngine:
    from deep_translator import LibreTranslator

    settings = config.translate.libre
    url = settings.url if settings.url.endswith("/") else settings.url + "/"
    key = os.environ.get(settings.api_key_env, "").strip() if settings.api_key_env else ""

    def factory():
        # deep-translator insists on a key even for servers that need none;
        # give it a stand-in and clear it so that no api_key is sent.
        translator = LibreTranslator(source="ar", target="en", api_key=key or "none", custom_url=url)
        if not key:
            translator.api_key = None
        return translator

    unavailable = (
        None if urlsplit(url).scheme in ("http", "https") else f"translate.libre.url {settings.url!r} is not an http(s) URL"
    )
    backend = DeepTranslatorBackend("libre", libre_model(url), factory, timeout=config.translate.timeout, unavailable=unavailable)
    return ResilientEngine(backend, config.translate)
