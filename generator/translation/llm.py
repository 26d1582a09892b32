"""The ``llm`` engine: an OpenAI-compatible ``/v1/chat/completions`` server.

Hosted services and local servers (llama.cpp, Ollama, vLLM) speak the same
protocol.  ``[translate.llm]`` gives ``base_url``, ``model`` and the name of
the environment variable holding the key (``api_key_env``; a local server
needs none).

Segments travel in batches of ``batch_size``, each with an id, together with
the glossary's required renderings for the terms in them and the
placeholders (``__G1__``) that stand for protected names.  The answer must be
strict JSON, ``{"translations": [{"id": 1, "en": "..."}]}``.  A model is not
a translation service: it may drop a segment, answer in Arabic, rewrite a
placeholder, refuse, or wrap the JSON in chatter.  Each of those is a failure
for the segment concerned (the whole batch when the JSON does not parse):
such segments are sent once more, then left to the next engine of the chain.
Nothing that failed a check is ever used.

HTTP goes through the same safety net as the web engines
(``ResilientEngine.run_request``): a timeout on every request, retries of 429
and 5xx, rate limiting, and a circuit breaker that stops calling a dead or
hanging server for the rest of the build.
"""

from __future__ import annotations

import json
import os
import re
import threading
from concurrent.futures import ThreadPoolExecutor
from ipaddress import ip_address
from urllib.parse import urlsplit

import requests

from ..config import Config, LLMSettings, TranslateSettings
from .glossary import PLACEHOLDER_RE, Glossary
from .resilience import EngineFailure, ResilientEngine
from .text import has_arabic
from .web import parse_retry_after

# Part of the cache key: a changed prompt must not reuse answers to the old one.
PROMPT_VERSION = "p1"
MAX_CHARS = 2000  # one segment (longer ones are chunked by sentence first)
MAX_BATCH_CHARS = 6000  # all segments of one request
# The exact placeholder written by Glossary.protect; variants ("__g1__",
# "__ G1 __") count as altered.
EXACT_PLACEHOLDER = re.compile(r"__G(\d{1,3})__")
REFUSAL = re.compile(
    r"^\W*(?:I'?m sorry|I am sorry|sorry\b|I can(?:no|')t\b|I am unable|I'm unable|"
    r"as an AI\b|I won'?t\b)",
    re.IGNORECASE,
)

SYSTEM_PROMPT = """\
You translate Arabic news text about Libya into clear, neutral English for an \
analysts' briefing.
Rules:
1. Answer with JSON only, no other text: {"translations": [{"id": <id>, "en": "<English>"}, ...]} \
with exactly one entry for every segment id you were given.
2. Translate each segment on its own; do not merge, split, summarise or add notes.
3. Copy every placeholder such as __G1__ exactly as written, once, where the name belongs in the English \
sentence. Placeholders stand for names that are filled in later.
4. Where a segment contains a term listed under "required renderings", use that English rendering.
5. The English must contain no Arabic script."""


def is_local(url: str) -> bool:
    """True for a server on this machine (it works offline and needs no key)."""
    host = urlsplit(url).hostname or ""
    if host == "localhost":
        return True
    try:
        return ip_address(host).is_loopback
    except ValueError:
        return False


def check_answer(source: str, english: object) -> str | None:
    """Why *english* cannot be used as the translation of *source*, or None."""
    if not isinstance(english, str) or not english.strip():
        return "empty translation"
    if REFUSAL.match(english):
        return "the model refused"
    if has_arabic(english):
        return "the answer still contains Arabic"
    wanted = sorted(EXACT_PLACEHOLDER.findall(source))
    got = sorted(EXACT_PLACEHOLDER.findall(english))
    if wanted != got or len(PLACEHOLDER_RE.findall(english)) != len(got):
        return "a placeholder was lost or altered"
    return None


class LLMBackend:
    """Builds the prompt, makes one chat-completions request, reads the answer."""

    name = "llm"
    max_chars = MAX_CHARS

    def __init__(self, settings: LLMSettings, *, timeout: float, glossary: Glossary | None = None):
        self.settings = settings
        self.url = settings.base_url.rstrip("/") + "/chat/completions"
        parts = urlsplit(settings.base_url)
        self.model = f"{settings.model}@{parts.netloc}{parts.path.rstrip('/')}:{PROMPT_VERSION}"
        self.label = f"llm ({settings.model})"
        self.timeout = timeout
        self.glossary = glossary
        self._local = threading.local()

    def why_unavailable(self) -> str | None:
        if not self.settings.model:
            return "translate.llm.model is not set"
        if urlsplit(self.settings.base_url).scheme not in ("http", "https"):
            return f"translate.llm.base_url {self.settings.base_url!r} is not an http(s) URL"
        return None

    def _session(self) -> requests.Session:
        session = getattr(self._local, "session", None)
        if session is None:
            session = self._local.session = requests.Session()
        return session

    def prompt(self, texts: list[str]) -> str:
        """The user message: the segments with ids, required renderings, placeholders."""
        renderings: dict[str, str] = {}
        if self.glossary is not None:
            for text in texts:
                for term in self.glossary.terms_in(text):
                    if not term.protect:
                        renderings.setdefault(term.variants[0], term.en)
        placeholders = sorted({p for text in texts for p in EXACT_PLACEHOLDER.findall(text)}, key=int)
        request = {
            "segments": [{"id": i + 1, "ar": text} for i, text in enumerate(texts)],
            "required renderings": [{"ar": ar, "en": en} for ar, en in renderings.items()],
            "placeholders to keep": [f"__G{n}__" for n in placeholders],
        }
        return f"Translate these {len(texts)} segment(s) into English.\n" + json.dumps(request, ensure_ascii=False, indent=1)

    def translate_many(self, texts: list[str]) -> tuple[list[str | None], list[str]]:
        """English per text (None where the answer failed a check) and the
        reasons for those failures; raises
        EngineFailure when the request or its JSON failed as a whole."""
        body = {
            "model": self.settings.model,
            "temperature": 0,
            "response_format": {"type": "json_object"},
            "messages": [{"role": "system", "content": SYSTEM_PROMPT}, {"role": "user", "content": self.prompt(texts)}],
        }
        headers = {}
        key = os.environ.get(self.settings.api_key_env, "").strip() if self.settings.api_key_env else ""
        if key:
            headers["Authorization"] = f"Bearer {key}"
        try:
            response = self._session().post(self.url, json=body, headers=headers, timeout=self.timeout)
        except requests.Timeout:
            raise EngineFailure(f"no answer within {self.timeout:g} s") from None
        except requests.ConnectionError as exc:
            raise EngineFailure(f"cannot connect to {self.settings.base_url} ({type(exc).__name__})") from None
        except requests.RequestException as exc:
            raise EngineFailure(f"request failed: {exc}") from None
        status = response.status_code
        if status in (401, 403):
            raise EngineFailure(
                f"HTTP {status}: access refused (check the key in ${self.settings.api_key_env})", fatal=True, status=status
            )
        if status == 429 or status >= 500:
            raise EngineFailure(
                f"HTTP {status}",
                retryable=True,
                status=status,
                retry_after=parse_retry_after(response.headers.get("Retry-After")),
            )
        if not 200 <= status < 300:
            raise EngineFailure(f"HTTP {status}", status=status)
        return self.read_answer(response, texts)

    def translate_one(self, text: str) -> str:
        """One text alone (the ``RequestBackend`` protocol); batches are the normal path."""
        answers, reasons = self.translate_many([text])
        if answers[0] is None:
            raise EngineFailure(reasons[0] if reasons else "rejected")
        return answers[0]

    def read_answer(self, response: requests.Response, texts: list[str]) -> tuple[list[str | None], list[str]]:
        try:
            content = response.json()["choices"][0]["message"]["content"]
            answer = json.loads(content)
            items = answer["translations"]
            if not isinstance(items, list):
                raise TypeError("translations is not a list")
        except (ValueError, KeyError, IndexError, TypeError) as exc:
            raise EngineFailure(f"the answer is not the JSON asked for ({type(exc).__name__})") from None
        by_id: dict[int, object] = {}
        repeated: set[int] = set()
        for item in items:
            if isinstance(item, dict) and isinstance(item.get("id"), int):
                if item["id"] in by_id:
                    repeated.add(item["id"])
                by_id[item["id"]] = item.get("en")
        results: list[str | None] = []
        rejections: list[str] = []
        for number, source in enumerate(texts, 1):
            english = by_id.get(number)
            reason = (
                "segment missing from the answer"
                if number not in by_id
                else "segment answered twice"
                if number in repeated
                else check_answer(source, english)
            )
            if reason:
                rejections.append(reason)
                results.append(None)
            else:
                results.append(str(english).strip())
        return results, rejections


class LLMEngine(ResilientEngine):
    """Batches through the safety net; failed segments are sent once more."""

    def __init__(self, backend: LLMBackend, settings: TranslateSettings):
        super().__init__(backend, settings)
        self.llm = backend
        self.label = backend.label
        self.network = not is_local(backend.settings.base_url)  # a local server works offline
        self.rejected = 0  # segments whose answer failed a check
        self.last_rejection: str | None = None

    def status_note(self) -> str | None:
        note = super().status_note()
        if self.rejected:
            rejected = f"{self.rejected} answer(s) rejected, last: {self.last_rejection}"
            note = f"{note}; {rejected}" if note else rejected
        return note

    def _batches(self, indexes: list[int], texts: list[str]) -> list[list[int]]:
        batches: list[list[int]] = []
        size = 0
        for i in indexes:
            if batches and len(batches[-1]) < self.llm.settings.batch_size and size + len(texts[i]) <= MAX_BATCH_CHARS:
                batches[-1].append(i)
                size += len(texts[i])
            else:
                batches.append([i])
                size = len(texts[i])
        return batches

    def _send(self, batch: list[int], texts: list[str]) -> list[str | None]:
        outcome = self.run_request(lambda: self.llm.translate_many([texts[i] for i in batch]))
        if outcome is None:
            return [None] * len(batch)
        answers, rejections = outcome
        with self._lock:
            self.rejected += len(rejections)
            if rejections:
                self.last_rejection = rejections[-1]
        return answers

    def translate_batch(self, texts: list[str]) -> list[str | None]:
        results: list[str | None] = [None] * len(texts)
        todo = list(range(len(texts)))
        for _ in range(2):  # the first try, and one retry of what failed
            if not todo:
                break
            batches = self._batches(todo, texts)
            workers = max(1, min(self.settings.concurrency, len(batches)))
            with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="translate-llm") as pool:
                answered = list(pool.map(lambda batch: self._send(batch, texts), batches))
            todo = []
            for batch, answers in zip(batches, answered):
                for i, english in zip(batch, answers):
                    if english is None:
                        todo.append(i)
                    else:
                        results[i] = english
        return results


def make_llm(config: Config) -> LLMEngine:
    glossary = Glossary.load(config.content_path, config.content_dir)
    backend = LLMBackend(config.translate.llm, timeout=config.translate.timeout, glossary=glossary)
    return LLMEngine(backend, config.translate)
