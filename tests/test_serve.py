"""briefing serve: the preview server under a base path, rebuilding when
content changes and keeping the last good site when a rebuild fails."""

from __future__ import annotations

import time
import urllib.error
import urllib.request

import pytest

from generator.config import load_config
from generator.serve import PreviewServer, normalise_base_path

WAIT = 30  # seconds: bounded polling for a rebuild


def get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode("utf-8", "replace")


def wait_for(predicate, what: str):
    deadline = time.monotonic() + WAIT
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.2)
    pytest.fail(f"gave up after {WAIT}s waiting for {what}")


@pytest.fixture
def server(demo_project):
    config, _ = load_config(demo_project)
    lines: list[str] = []
    preview = PreviewServer(config, port=0, base_path="/briefing/", offline=True, echo=lines.append, debounce_ms=100)
    preview.lines = lines
    preview.start()
    try:
        yield preview
    finally:
        preview.stop()


def test_base_path_forms():
    assert normalise_base_path("/repo") == normalise_base_path("repo/") == "/repo/"
    assert normalise_base_path("") == normalise_base_path("/") == normalise_base_path(None) == "/"


def test_serves_under_the_base_path_and_rebuilds_on_change(server, demo_project):
    assert server.url.startswith("http://127.0.0.1:") and server.url.endswith("/briefing/")
    status, page = get(server.url + "en/2025-09-10/khaled-haftar-uk-delegation/")
    assert status == 200 and "Akhbar Libya 24" in page
    # outside the base path nothing exists, as on a project site; the 404 page
    # links back into the preview
    status, page = get(server.url.replace("/briefing/", "/elsewhere/"))
    assert status == 404
    status, page = get(server.url + "no/such/page/")
    assert status == 404 and f'href="{server.url}en/"' in page

    article = demo_project / "content/articles/2025-09-10/khaled-haftar-uk-delegation.md"
    text = article.read_text(encoding="utf-8")
    article.write_text(text.replace("source: Akhbar Libya 24", "source: Preview Test Outlet"), encoding="utf-8")
    wait_for(
        lambda: "Preview Test Outlet" in get(server.url + "en/2025-09-10/khaled-haftar-uk-delegation/")[1], "the rebuilt page"
    )


def test_failed_rebuild_keeps_serving_the_last_good_site(server, demo_project):
    builds = server.builds
    good = get(server.url + "ar/")[1]
    toml = demo_project / "briefing.toml"
    toml.write_text(toml.read_text(encoding="utf-8") + "\ndigits = [\n", encoding="utf-8")  # broken TOML
    wait_for(lambda: any("rebuild failed" in line for line in server.lines), "the failed rebuild")
    assert server.builds == builds
    assert get(server.url + "ar/") == (200, good)
    assert any("briefing.toml" in line for line in server.lines)
