"""Give deep-translator's HTTP calls a timeout, and let us see their responses.

deep-translator calls ``requests.get``/``requests.post`` with no timeout, so a
server that accepts the connection and never answers hangs the build.  It also
turns HTTP errors into exception types that lose the status code and the
Retry-After header, and some of its classes swallow errors altogether.

Rather than monkeypatching ``requests.get`` for the whole process (which other
threads and other code use), each deep-translator engine module's own
``requests`` global is replaced, once, with a small proxy.  Outside an
``http_call()`` block the proxy passes every call straight to ``requests``
unchanged, so deep-translator behaves as before for anyone else.  Inside the
block (per thread) it adds our timeout, reuses a per-thread
``requests.Session`` (keep-alive across a build's many requests), and records
the last response or exception for the caller to classify.
"""
from __future__ import annotations

import importlib
import threading
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Iterator

import requests
from requests import Response  # the dataclass below has a field named "requests"

# Modules of deep-translator whose ``requests`` global we wrap.
DEEP_TRANSLATOR_MODULES = ("google", "mymemory", "microsoft", "qcri", "libre")

_local = threading.local()
_install_lock = threading.Lock()


@dataclass
class HttpCall:
    """What the proxied requests did during one ``http_call()`` block."""

    timeout: float
    session: requests.Session
    requests: int = 0
    response: Response | None = None
    error: BaseException | None = None


class _RequestsProxy:
    """Stands in for the ``requests`` module inside deep-translator modules."""

    def __init__(self, real):
        self._real = real

    def __getattr__(self, name):  # requests.exceptions, requests.Response, ...
        return getattr(self._real, name)

    def get(self, url, params=None, **kwargs):
        return self.request("get", url, params=params, **kwargs)

    def post(self, url, data=None, json=None, **kwargs):
        return self.request("post", url, data=data, json=json, **kwargs)

    def request(self, method, url, **kwargs):
        call: HttpCall | None = getattr(_local, "call", None)
        if call is None:
            return self._real.request(method, url, **kwargs)
        if kwargs.get("timeout") is None:
            kwargs["timeout"] = call.timeout
        call.requests += 1
        call.response, call.error = None, None
        try:
            call.response = call.session.request(method, url, **kwargs)
        except BaseException as exc:
            call.error = exc
            raise
        return call.response


def install() -> None:
    """Wrap ``requests`` in deep-translator's engine modules (idempotent, thread-safe)."""
    with _install_lock:
        for name in DEEP_TRANSLATOR_MODULES:
            module = importlib.import_module(f"deep_translator.{name}")
            current = getattr(module, "requests", None)
            if isinstance(current, _RequestsProxy):
                continue
            if current is not requests:
                # A deep-translator release that imports requests differently
                # would silently lose our timeouts: fail loudly instead.
                raise RuntimeError(f"deep_translator.{name} does not use the requests module as expected; "
                                   "the translation timeout cannot be applied")
            module.requests = _RequestsProxy(requests)  # type: ignore[attr-defined]  # deep_translator's global


def _thread_session() -> requests.Session:
    session = getattr(_local, "session", None)
    if session is None:
        session = _local.session = requests.Session()
    return session


@contextmanager
def http_call(timeout: float) -> Iterator[HttpCall]:
    """Within the block, deep-translator requests made by this thread use *timeout*."""
    install()
    call = HttpCall(timeout=timeout, session=_thread_session())
    previous = getattr(_local, "call", None)
    _local.call = call
    try:
        yield call
    finally:
        _local.call = previous
