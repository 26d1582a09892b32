"""The web-engine safety net, through deep-translator's LibreTranslator and real HTTP.

A LibreTranslate-compatible server runs on 127.0.0.1 in a thread; each test
scripts its answers and inspects the requests it received.
"""

from __future__ import annotations

import json
import threading
import time
from dataclasses import replace
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from generator.config import DEFAULT_LANGUAGES, Config, LibreSettings, TranslateSettings
from generator.translation import translate_segments
from generator.translation.resilience import RateLimiter
from generator.translation.web import MAX_CHARS, parse_retry_after

FIXTURE_MODEL = Path(__file__).parent / "fixtures" / "ct2-tiny"

ARABIC_TO_LATIN = {chr(code): "abcdefghijklmnopqrstuvwxyz"[code % 26] for code in range(0x0621, 0x064B)}


def fake_english(text: str) -> str:
    """A deterministic stand-in for a translation: Arabic letters become Latin
    ones, everything else (placeholders, digits, punctuation) is kept."""
    return "".join(ARABIC_TO_LATIN.get(ch, ch) for ch in text)


class StubLibre:
    """A scriptable LibreTranslate server.  ``behaviour(q, n)`` returns
    (status, json body or None, headers) for the n-th (0-based) request."""

    def __init__(self):
        self.requests: list[dict] = []
        self.times: list[float] = []
        self.release = threading.Event()  # lets hanging handlers finish at teardown
        self.behaviour = lambda q, n: (200, {"translatedText": fake_english(q)}, {})
        self._lock = threading.Lock()
        stub = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_GET(self):  # /languages, for clients that ask
                self._send(200, [{"code": "ar", "name": "Arabic"}, {"code": "en", "name": "English"}], {})

            def do_POST(self):
                fields = {k: v[0] for k, v in parse_qs(urlsplit(self.path).query).items()}
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length) if length else b""
                if raw:
                    if "json" in (self.headers.get("Content-Type") or ""):
                        fields.update(json.loads(raw))
                    else:
                        fields.update({k: v[0] for k, v in parse_qs(raw.decode()).items()})
                with stub._lock:
                    n = len(stub.requests)
                    stub.requests.append(fields)
                    stub.times.append(time.monotonic())
                status, body, headers = stub.behaviour(fields.get("q", ""), n)
                if status is None:  # never answer
                    stub.release.wait(10)
                    return
                self._send(status, body, headers)

            def _send(self, status, body, headers):
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                for key, value in headers.items():
                    self.send_header(key, value)
                self.end_headers()
                self.wfile.write(data)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/"
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)

    @property
    def count(self) -> int:
        return len(self.requests)


@pytest.fixture
def server():
    stub = StubLibre()
    stub.thread.start()
    yield stub
    stub.release.set()
    stub.server.shutdown()
    stub.server.server_close()


def make_config(root: Path, url: str, **settings) -> Config:
    (root / "content").mkdir(exist_ok=True)
    defaults = dict(
        engine="libre",
        libre=LibreSettings(url=url, api_key_env="TEST_LIBRE_KEY"),
        timeout=5.0,
        retries=2,
        backoff=0.01,
        failure_threshold=3,
        max_rate=1000.0,
        concurrency=4,
        cache_dir=".cache",
    )
    defaults.update(settings)
    return Config(root=root, base_url="/", languages=DEFAULT_LANGUAGES, translate=TranslateSettings(**defaults))


SEGMENTS = [
    "أعلنت وزارة الداخلية عن خطة أمنية جديدة في العاصمة.",
    "وصل وفد عسكري إلى مدينة مصراتة صباح اليوم.",
    "قال مسؤول إن الاجتماع تناول ملفات عدة.",
]


def test_translates_through_libre_and_records_provenance(tmp_path, server, monkeypatch):
    monkeypatch.delenv("TEST_LIBRE_KEY", raising=False)
    run = translate_segments(SEGMENTS + [SEGMENTS[0]], make_config(tmp_path, server.url))
    assert server.count == 3  # deduplicated
    for segment in SEGMENTS:
        result = run.results[segment]
        assert (result.provenance, result.engine) == ("machine", "libre")
        assert result.text == fake_english(segment)
    assert {r["source"] for r in server.requests} == {"ar"}
    assert all("api_key" not in r for r in server.requests)  # a keyless self-hosted server
    assert run.stats.translated == 3 and run.stats.requests == 3
    assert run.summary_lines()[0] == "translation: 0 reviewed, 0 cached, 3 translated, 0 pending"


def test_api_key_comes_from_the_configured_environment_variable(tmp_path, server, monkeypatch):
    monkeypatch.setenv("TEST_LIBRE_KEY", "s3cret")
    translate_segments(SEGMENTS[:1], make_config(tmp_path, server.url))
    assert server.requests[0]["api_key"] == "s3cret"


def test_rebuild_makes_no_requests_thanks_to_the_cache(tmp_path, server):
    config = make_config(tmp_path, server.url)
    first = translate_segments(SEGMENTS, config)
    assert server.count == 3
    second = translate_segments(SEGMENTS, config)
    assert server.count == 3
    assert second.stats.cached == 3 and second.stats.requests == 0
    assert {r.engine for r in second.results.values()} == {"libre"}
    assert {s: r.text for s, r in second.results.items()} == {s: r.text for s, r in first.results.items()}
    assert (tmp_path / ".cache" / "translations.sqlite3").exists()


def test_long_article_is_chunked_by_sentence_under_the_limit(tmp_path, server):
    sentences = [
        f"وقال المتحدث باسم الوزارة في بيان رقم {i} إن القوات الأمنية انتشرت في الأحياء الجنوبية للمدينة." for i in range(40)
    ]
    article = " ".join(sentences)
    assert len(article) > 3 * MAX_CHARS["libre"]
    run = translate_segments([article], make_config(tmp_path, server.url))
    limit = MAX_CHARS["libre"]
    assert server.count >= 4
    assert all(len(r["q"]) <= limit for r in server.requests)
    sent = [r["q"] for r in server.requests]
    # never cut inside a sentence: every request is a run of whole sentences
    for q in sent:
        assert q.endswith(".") and q.startswith("وقال")
    english = run.results[article].text
    assert all(fake_english(sentence) in english for sentence in sentences)


def test_429_is_retried_after_retry_after(tmp_path, server):
    def behaviour(q, n):
        if n == 0:
            return 429, {"error": "slow down"}, {"Retry-After": "1"}
        return 200, {"translatedText": fake_english(q)}, {}

    server.behaviour = behaviour
    started = time.monotonic()
    run = translate_segments(SEGMENTS[:1], make_config(tmp_path, server.url, backoff=0.01))
    assert run.results[SEGMENTS[0]].provenance == "machine"
    assert server.count == 2
    assert server.times[1] - server.times[0] >= 0.9  # honoured Retry-After, not the 0.01 s backoff
    assert time.monotonic() - started < 10


def test_5xx_is_retried_with_backoff(tmp_path, server):
    server.behaviour = lambda q, n: (503, {}, {}) if n < 2 else (200, {"translatedText": fake_english(q)}, {})
    run = translate_segments(SEGMENTS[:1], make_config(tmp_path, server.url, retries=3))
    assert run.results[SEGMENTS[0]].text == fake_english(SEGMENTS[0])
    assert server.count == 3


def test_circuit_opens_after_consecutive_failures(tmp_path, server):
    server.behaviour = lambda q, n: (500, {"error": "boom"}, {})
    segments = [f"خبر رقم {i} عن الوضع الأمني في المدينة." for i in range(10)]
    config = make_config(tmp_path, server.url, retries=0, failure_threshold=3, concurrency=1)
    run = translate_segments(segments, config)
    assert server.count == 3  # then the engine is left alone for the rest of the build
    assert all(run.results[s].provenance == "pending" and run.results[s].text is None for s in segments)
    assert run.stats.pending == 10
    assert "libre: circuit open after 3 failure(s)" in run.summary_lines()[0]


def test_circuit_bound_with_retries_and_concurrency(tmp_path, server):
    server.behaviour = lambda q, n: (500, {}, {})
    segments = [f"خبر رقم {i} عن الوضع الأمني في المدينة." for i in range(20)]
    config = make_config(tmp_path, server.url, retries=1, failure_threshold=2, concurrency=4)
    run = translate_segments(segments, config)
    # each failing text costs 1 + retries requests; in-flight workers may finish theirs
    assert server.count <= (2 + 4 - 1) * 2
    assert run.stats.pending == 20


def test_open_circuit_falls_back_to_the_next_engine(tmp_path, server):
    server.behaviour = lambda q, n: (500, {}, {})
    segments = [f"خبر رقم {i} عن الوضع الأمني في المدينة." for i in range(6)]
    config = make_config(
        tmp_path,
        server.url,
        retries=0,
        failure_threshold=2,
        concurrency=1,
        fallback=("ctranslate2",),
        ctranslate2_model=str(FIXTURE_MODEL),
    )
    run = translate_segments(segments, config)
    assert server.count == 2
    assert {run.results[s].engine for s in segments} == {"ctranslate2"}
    assert all(run.results[s].provenance == "machine" for s in segments)
    assert run.stats.engines["ctranslate2"].translated == 6


def test_server_that_never_answers_times_out(tmp_path, server):
    server.behaviour = lambda q, n: (None, None, {})
    config = make_config(tmp_path, server.url, timeout=0.5, retries=2, failure_threshold=2, concurrency=1)
    started = time.monotonic()
    run = translate_segments(SEGMENTS, config)
    elapsed = time.monotonic() - started
    assert all(r.provenance == "pending" for r in run.results.values())
    assert server.count == 2  # timeouts are not retried; two of them open the circuit
    assert elapsed < 10  # generous: two 0.5 s timeouts, not a hang
    assert "no answer within 0.5 s" in run.summary_lines()[0]


@pytest.mark.parametrize("body", [{"translatedText": ""}, {"translatedText": None}, {}, {"translatedText": "   "}])
def test_empty_or_missing_answers_stay_pending(tmp_path, server, body):
    server.behaviour = lambda q, n: (200, body, {})
    run = translate_segments(SEGMENTS[:2], make_config(tmp_path, server.url, retries=0))
    assert all(r.provenance == "pending" and r.text is None for r in run.results.values())
    # and nothing was cached: the next build asks again
    translate_segments(SEGMENTS[:2], make_config(tmp_path, server.url, retries=0))
    assert server.count == 4


def test_echoed_arabic_is_not_a_translation(tmp_path, server):
    server.behaviour = lambda q, n: (200, {"translatedText": q}, {})
    run = translate_segments(SEGMENTS[:1], make_config(tmp_path, server.url, retries=0))
    assert run.results[SEGMENTS[0]].provenance == "pending"


def test_offline_makes_no_requests(tmp_path, server):
    run = translate_segments(SEGMENTS, make_config(tmp_path, server.url), offline=True)
    assert server.count == 0
    assert run.stats.pending == 3
    assert "offline" in run.summary_lines()[0]
    run = translate_segments(SEGMENTS, replace(make_config(tmp_path, server.url), translate=TranslateSettings(engine="none")))
    assert server.count == 0 and run.stats.pending == 3


def test_refused_key_opens_the_circuit_at_once(tmp_path, server):
    server.behaviour = lambda q, n: (403, {"error": "Invalid API key"}, {})
    run = translate_segments(SEGMENTS, make_config(tmp_path, server.url, failure_threshold=5, concurrency=1))
    assert server.count == 1
    assert "access refused" in run.summary_lines()[0]


def test_glossary_names_survive_the_engine(tmp_path, server):
    config = make_config(tmp_path, server.url)
    (tmp_path / "content" / "gazetteer.yaml").write_text(
        "people:\n  - id: khalifa-haftar\n    en: Khalifa Haftar\n    ar: [خليفة حفتر, حفتر]\n"
        "organisations:\n  - id: hor\n    en: House of Representatives\n    short_en: HoR\n    ar: [مجلس النواب]\n",
        encoding="utf-8",
    )
    segment = "التقى المشير خليفة حفتر رئيس مجلس النواب في بنغازي."
    run = translate_segments([segment], config)
    sent = server.requests[0]["q"]
    assert "حفتر" not in sent and "__G1__" in sent and "__G2__" in sent
    english = run.results[segment].text
    assert "Khalifa Haftar" in english and "the House of Representatives" in english
    assert not [p for p in run.problems if p.severity == "warning"]


def test_lost_placeholder_is_put_back_and_reported(tmp_path, server):
    config = make_config(tmp_path, server.url)
    (tmp_path / "content" / "gazetteer.yaml").write_text(
        "people:\n  - id: khalifa-haftar\n    en: Khalifa Haftar\n    ar: [خليفة حفتر]\n", encoding="utf-8"
    )
    server.behaviour = lambda q, n: (200, {"translatedText": fake_english(q).replace("__G1__", "")}, {})
    segment = "التقى خليفة حفتر وفدا أمريكيا."
    run = translate_segments([segment], config)
    assert run.results[segment].text.endswith("[Khalifa Haftar]")
    warnings = [p for p in run.problems if "dropped the placeholder" in p.message]
    assert warnings and warnings[0].path == "content/gazetteer.yaml" and warnings[0].line == 2


def test_requests_respect_max_rate(tmp_path, server):
    segments = [f"خبر رقم {i} عن الوضع." for i in range(8)]
    run = translate_segments(segments, make_config(tmp_path, server.url, max_rate=20.0, concurrency=4))
    assert run.stats.translated == 8
    spread = server.times[-1] - server.times[0]
    assert spread >= 7 / 20 * 0.8  # 8 requests at 20/s need at least 0.35 s


def test_rate_limiter_spaces_calls_across_threads():
    limiter = RateLimiter(50.0)
    stamps = []
    lock = threading.Lock()

    def work():
        for _ in range(5):
            limiter.acquire()
            with lock:
                stamps.append(time.monotonic())

    threads = [threading.Thread(target=work) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    stamps.sort()
    assert stamps[-1] - stamps[0] >= 19 / 50 * 0.8


def test_retry_after_parsing():
    assert parse_retry_after("3") == 3.0
    assert parse_retry_after(None) is None
    assert parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT") == 0.0  # in the past
    assert parse_retry_after("soon") is None


def test_missing_key_skips_the_engine_with_a_clear_problem(tmp_path, monkeypatch):
    monkeypatch.delenv("BRIEFING_MICROSOFT_KEY", raising=False)
    monkeypatch.delenv("BRIEFING_QCRI_KEY", raising=False)
    config = make_config(tmp_path, "http://127.0.0.1:9/", engine="microsoft", fallback=("qcri",))
    run = translate_segments(SEGMENTS[:1], config)
    assert run.results[SEGMENTS[0]].provenance == "pending"
    messages = [p.message for p in run.problems]
    assert any("BRIEFING_MICROSOFT_KEY" in m for m in messages)
    assert any("BRIEFING_QCRI_KEY" in m for m in messages)
