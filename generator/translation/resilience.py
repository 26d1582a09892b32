"""Retries, a circuit breaker and a rate limiter around a request-per-text backend.

Network engines translate one text per HTTP request.  ``ResilientEngine``
turns such a backend into an ``Engine``: it runs the requests on a thread
pool, spaces them to respect ``max_rate``, retries 429 and 5xx answers with
exponential backoff (or the server's Retry-After), and stops calling the
engine for the rest of the build once ``failure_threshold`` requests in a
row have failed, so that a dead service costs seconds, not minutes.  A text
that fails comes back as ``None``: the caller passes it to the next engine
or leaves it pending.
"""

from __future__ import annotations

import random
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Callable, Protocol, TypeVar

from ..config import TranslateSettings

T = TypeVar("T")

# A server may ask us to wait an hour; a build should not.  Longer waits count
# as a failure of that request instead.
MAX_RETRY_AFTER = 30.0


class EngineFailure(Exception):
    """One request failed.

    ``retryable``: worth trying again (429, 5xx).  ``fatal``: no later request
    can succeed either (bad key), so the circuit opens at once.
    """

    def __init__(
        self,
        message: str,
        *,
        retryable: bool = False,
        retry_after: float | None = None,
        fatal: bool = False,
        status: int | None = None,
    ):
        super().__init__(message)
        self.retryable = retryable
        self.retry_after = retry_after
        self.fatal = fatal
        self.status = status


class RequestBackend(Protocol):
    """Something that translates one text per request (a web API)."""

    name: str
    model: str
    max_chars: int

    def translate_one(self, text: str) -> str:
        """Return the English, or raise EngineFailure (any other exception counts as one too)."""

    def why_unavailable(self) -> str | None:
        """Why this engine cannot be used at all (missing key), or None."""


class RateLimiter:
    """Spaces calls at least ``1/rate`` seconds apart, across threads.

    Each caller reserves the next free slot under the lock and sleeps outside
    it, so waiting workers do not block each other's bookkeeping.  No burst
    allowance: "5 per second" never means 10 in the first half second.
    """

    def __init__(self, rate: float, clock: Callable[[], float] = time.monotonic, sleep: Callable[[float], None] = time.sleep):
        if rate <= 0:
            raise ValueError("rate must be positive")
        self.interval = 1.0 / rate
        self._clock = clock
        self._sleep = sleep
        self._next = 0.0
        self._lock = threading.Lock()

    def acquire(self) -> None:
        with self._lock:
            now = self._clock()
            slot = max(now, self._next)
            self._next = slot + self.interval
        if slot > now:
            self._sleep(slot - now)


class CircuitBreaker:
    """Opens after ``threshold`` consecutive failures; stays open for the build."""

    def __init__(self, threshold: int):
        self.threshold = max(1, threshold)
        self.consecutive_failures = 0
        self.open = False
        self.reason: str | None = None
        self.opened_after = 0
        self._lock = threading.Lock()

    def allow(self) -> bool:
        with self._lock:
            return not self.open

    def success(self) -> None:
        with self._lock:
            self.consecutive_failures = 0

    def failure(self, reason: str, *, fatal: bool = False) -> None:
        with self._lock:
            self.consecutive_failures += 1
            if not self.open and (fatal or self.consecutive_failures >= self.threshold):
                self.open = True
                self.reason = reason
                self.opened_after = self.consecutive_failures


@dataclass
class RequestLog:
    """What happened to one engine's requests in this run (for stats and reports)."""

    requests: int = 0
    retries: int = 0
    failures: int = 0
    last_error: str | None = None


class ResilientEngine:
    """An ``Engine`` made of a one-text-per-request backend plus the safety net."""

    network = True

    def __init__(self, backend: RequestBackend, settings: TranslateSettings, sleep: Callable[[float], None] = time.sleep):
        self.backend = backend
        self.name = backend.name
        self.model = backend.model
        self.max_chars = backend.max_chars
        self.settings = settings
        self.breaker = CircuitBreaker(settings.failure_threshold)
        self.limiter = RateLimiter(settings.max_rate)
        self.log = RequestLog()
        self._sleep = sleep
        self._lock = threading.Lock()

    # -- Engine protocol -------------------------------------------------------------

    def why_unavailable(self) -> str | None:
        return self.backend.why_unavailable()

    @property
    def requests(self) -> int:
        return self.log.requests

    @property
    def failures(self) -> int:
        return self.log.failures

    def status_note(self) -> str | None:
        if self.breaker.open:
            return f"circuit open after {self.breaker.opened_after} failure(s): {self.breaker.reason}"
        if self.log.failures:
            return f"{self.log.failures} failed request(s), last: {self.log.last_error}"
        return None

    def translate_batch(self, texts: list[str]) -> list[str | None]:
        if not texts:
            return []
        workers = max(1, min(self.settings.concurrency, len(texts)))
        if workers == 1:
            return [self._translate(text) for text in texts]
        with ThreadPoolExecutor(max_workers=workers, thread_name_prefix=f"translate-{self.name}") as pool:
            return list(pool.map(self._translate, texts))

    # -- one text ----------------------------------------------------------------------

    def _translate(self, text: str) -> str | None:
        return self.run_request(lambda: self.backend.translate_one(text))

    def run_request(self, request: Callable[[], T]) -> T | None:
        """Make one request through the safety net: rate limit, retries of
        429/5xx, circuit breaker.  None when it failed for good."""
        attempt = 0
        while True:
            if not self.breaker.allow():
                return None
            self.limiter.acquire()
            with self._lock:
                self.log.requests += 1
            try:
                answer = request()
            except EngineFailure as exc:
                failure = exc
            except Exception as exc:  # deep-translator raises many unrelated types
                failure = EngineFailure(f"{type(exc).__name__}: {exc}")
            else:
                self.breaker.success()
                return answer
            delay = self._retry_delay(failure, attempt)
            if delay is None:
                with self._lock:
                    self.log.failures += 1
                    self.log.last_error = str(failure)
                self.breaker.failure(str(failure), fatal=failure.fatal)
                return None
            with self._lock:
                self.log.retries += 1
            self._sleep(delay)
            attempt += 1

    def _retry_delay(self, failure: EngineFailure, attempt: int) -> float | None:
        """Seconds to wait before retrying, or None when this text has failed."""
        if not failure.retryable or attempt >= self.settings.retries:
            return None
        if failure.retry_after is not None:
            return failure.retry_after if failure.retry_after <= MAX_RETRY_AFTER else None
        # Jitter keeps parallel workers that failed together from retrying together.
        return self.settings.backoff * (2**attempt) * (1 + random.random() * 0.1)
