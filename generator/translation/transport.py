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

A timeout in requests bounds each socket read, not the request: a server
that sends one byte a second never trips it.  So each request also has a
total deadline (connect, headers and the whole body): a timer shuts the
request's socket down when it passes, which wakes the blocked read, and the
request fails with ``DeadlineExceeded`` (a ``requests.Timeout``).  Bodies
larger than ``MAX_RESPONSE_BYTES`` fail too.
"""

from __future__ import annotations

import importlib
import socket
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Iterator

import requests
from requests import Response  # the dataclass below has a field named "requests"
from requests.adapters import HTTPAdapter
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool

# No translation answer is this large; a server sending more is broken or hostile.
MAX_RESPONSE_BYTES = 4 * 1024 * 1024

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
    # sockets of the request in flight, shut down when its deadline passes
    sockets: list = field(default_factory=list)
    expired: bool = False


class DeadlineExceeded(requests.Timeout):
    """The whole request (connect, headers, body) took longer than its deadline."""


class ResponseTooLarge(requests.RequestException):
    """The answer's body was larger than MAX_RESPONSE_BYTES."""


def _watch(connection: HTTPConnection) -> None:
    call: HttpCall | None = getattr(_local, "call", None)
    if call is not None and connection.sock is not None:
        call.sockets.append(connection.sock)


class _WatchedHTTPConnection(HTTPConnection):
    def getresponse(self, *args, **kwargs):
        _watch(self)  # a reused keep-alive connection is watched too
        return super().getresponse(*args, **kwargs)


class _WatchedHTTPSConnection(HTTPSConnection):
    def getresponse(self, *args, **kwargs):
        _watch(self)
        return super().getresponse(*args, **kwargs)


class _WatchedHTTPPool(HTTPConnectionPool):
    ConnectionCls = _WatchedHTTPConnection


class _WatchedHTTPSPool(HTTPSConnectionPool):
    ConnectionCls = _WatchedHTTPSConnection


class _WatchedAdapter(HTTPAdapter):
    """Connections whose sockets the deadline timer can find."""

    def init_poolmanager(self, *args, **kwargs):
        super().init_poolmanager(*args, **kwargs)
        self.poolmanager.pool_classes_by_scheme = {"http": _WatchedHTTPPool, "https": _WatchedHTTPSPool}


def _expire(call: HttpCall) -> None:
    call.expired = True
    for sock in list(call.sockets):
        try:
            sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass


def _send(call: HttpCall, method: str, url: str, **kwargs) -> requests.Response:
    """One request within ``call.timeout`` seconds in all, its body read in full."""
    call.sockets = []
    call.expired = False
    timer = threading.Timer(call.timeout, _expire, (call,))
    timer.daemon = True
    started = time.monotonic()
    timer.start()
    try:
        response = call.session.request(method, url, stream=True, **kwargs)
        body = bytearray()
        for chunk in response.iter_content(64 * 1024):
            body += chunk
            if len(body) > MAX_RESPONSE_BYTES:
                response.close()
                raise ResponseTooLarge(f"answer larger than {MAX_RESPONSE_BYTES // (1024 * 1024)} MB")
        response._content = bytes(body)  # what .text and .json() read
        response._content_consumed = True  # type: ignore[attr-defined]
    except requests.RequestException:
        if call.expired:
            raise DeadlineExceeded(f"no complete answer within {call.timeout:g} s") from None
        raise
    finally:
        timer.cancel()
    if call.expired or time.monotonic() - started > call.timeout:
        # the shut-down socket may have looked like the end of a short body
        response.close()
        raise DeadlineExceeded(f"no complete answer within {call.timeout:g} s")
    return response


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
        kwargs.pop("stream", None)
        call.requests += 1
        call.response, call.error = None, None
        try:
            call.response = _send(call, method, url, **kwargs)
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
                raise RuntimeError(
                    f"deep_translator.{name} does not use the requests module as expected; "
                    "the translation timeout cannot be applied"
                )
            module.requests = _RequestsProxy(requests)  # type: ignore[attr-defined]  # deep_translator's global


def _thread_session() -> requests.Session:
    session = getattr(_local, "session", None)
    if session is None:
        session = _local.session = requests.Session()
        for prefix in ("http://", "https://"):
            session.mount(prefix, _WatchedAdapter())
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
