"""Helpers for the browser tests (tests/test_browser.py).

* ``SubPathServer``: serves one folder under a sub-path such as
  ``http://127.0.0.1:PORT/briefing/``, the way the site is published on
  GitHub Pages.  Everything outside the sub-path is a 404, so a root-relative
  link (``/assets/...``) that would break on the real host breaks here too.
  A miss under the sub-path gets the site's 404.html (status 404), as on
  GitHub Pages.  The port is picked by the OS and known before serving starts, so the site
  can be built with the exact base URL it will be served from.  The thread
  is a daemon and ``stop()`` (or leaving the ``with`` block) shuts it down.
* ``launch_chromium``: Debian's Chromium (``apt-get install chromium``)
  driven by Playwright; never Playwright's own downloaded browsers.
* ``axe_source``: axe-core's ``axe.min.js`` as bundled in the
  ``axe-playwright-python`` wheel, so CI needs only pip, no npm.
"""

from __future__ import annotations

import http.server
import io
import os
import posixpath
import shutil
import threading
import traceback
import urllib.parse
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("BRIEFING_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-quic",
    "--no-first-run",
    "--disable-component-update",
    "--disable-sync",
]

MIME_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".mjs": "text/javascript; charset=utf-8",
    ".json": "application/json",
    ".wasm": "application/wasm",
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".woff2": "font/woff2",
    ".woff": "font/woff",
    ".xml": "application/xml",
    ".txt": "text/plain; charset=utf-8",
}


class _Handler(http.server.SimpleHTTPRequestHandler):
    """Maps ``<prefix>...`` to the served folder; 404 everywhere else."""

    prefix = "/briefing/"
    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map, **MIME_TYPES, "": "application/octet-stream"}

    def _inside(self) -> str | None:
        path = urllib.parse.urlsplit(self.path).path
        if path + "/" == self.prefix:
            return ""  # /briefing -> redirect handled by the base class (folder)
        if path.startswith(self.prefix):
            return path[len(self.prefix) - 1 :]
        return None

    def send_head(self):
        if self._inside() is None:
            self.send_error(404, "outside the served sub-path")
            return None
        path = self.translate_path(self.path)
        if os.path.isdir(path):
            if urllib.parse.urlsplit(self.path).path.endswith("/") and not os.path.isfile(os.path.join(path, "index.html")):
                return self._not_found()
        elif not os.path.isfile(path):
            return self._not_found()
        return super().send_head()

    def _not_found(self):
        """Like GitHub Pages: the site's own 404.html, if it has one, with status 404."""
        page = Path(self.directory) / "404.html"
        if not page.is_file():
            self.send_error(404, "not found")
            return None
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)

    def translate_path(self, path):
        path = urllib.parse.urlsplit(path).path
        inside = path[len(self.prefix) - 1 :] if path.startswith(self.prefix) else "/"
        inside = posixpath.normpath(urllib.parse.unquote(inside))
        result = Path(self.directory)
        for part in inside.split("/"):
            if part and part not in (".", ".."):
                result /= part
        if path.endswith("/"):
            return str(result) + os.sep
        return str(result)

    def list_directory(self, path):  # GitHub Pages lists no folders either
        self.send_error(404, "no index.html in this folder")
        return None

    def end_headers(self):
        self.send_header("Cache-Control", "no-store")
        super().end_headers()

    def log_message(self, format, *args):  # keep pytest output clean
        pass


class SubPathServer:
    """``with SubPathServer(folder, "/briefing/") as s: s.url -> http://127.0.0.1:PORT/briefing/``

    The socket is bound in ``__init__`` (so ``url`` is known before the folder
    has any content); requests are answered once ``start()`` is called.
    """

    def __init__(self, folder: Path, prefix: str = "/briefing/"):
        if not (prefix.startswith("/") and prefix.endswith("/")):
            raise ValueError("prefix must start and end with '/'")
        self.folder = Path(folder)
        handler = type("Handler", (_Handler,), {"prefix": prefix})

        def make(*args, **kwargs):
            return handler(*args, directory=str(self.folder), **kwargs)

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), make)
        self.httpd.daemon_threads = True
        self.port = self.httpd.server_address[1]
        self.origin = f"http://127.0.0.1:{self.port}"
        self.url = f"{self.origin}{prefix}"
        self._thread: threading.Thread | None = None

    def start(self) -> "SubPathServer":
        if self._thread is None:
            self._thread = threading.Thread(
                target=self.httpd.serve_forever, kwargs={"poll_interval": 0.1}, name=f"site-server:{self.port}", daemon=True
            )
            self._thread.start()
        return self

    def stop(self) -> None:
        if self._thread is not None:
            self.httpd.shutdown()
            self._thread.join(timeout=5)
            self._thread = None
        self.httpd.server_close()

    def __enter__(self) -> "SubPathServer":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()


@contextmanager
def built_and_served(project: Path, prefix: str = "/briefing/"):
    """Build *project* offline for the URL it is then served from (under
    *prefix*) and yield the running ``SubPathServer``; the build must succeed."""
    from click.testing import CliRunner

    from generator.cli import cli

    server = SubPathServer(project / "site", prefix)  # binds the port first
    try:
        result = CliRunner().invoke(cli, ["build", "-p", str(project), "--offline", "--base-url", server.url])
        trace = "".join(traceback.format_exception(*result.exc_info)) if result.exc_info else ""
        assert result.exit_code == 0, f"{result.output}\n{trace[-3000:]}"
        server.start()
        yield server
    finally:
        server.stop()


def launch_chromium(playwright):
    """Debian's Chromium through Playwright; fails (never skips) when missing."""
    exe = CHROMIUM if os.path.isabs(CHROMIUM) else shutil.which(CHROMIUM)
    if not exe or not os.path.exists(exe):
        pytest.fail(
            f"Chromium not found at {CHROMIUM!r}: the browser tests need Debian's Chromium. "
            "Install it with `apt-get install chromium` (.ci/run does this), or point "
            "BRIEFING_CHROMIUM at a Chromium binary. Do not run `playwright install`.",
            pytrace=False,
        )
    try:
        return playwright.chromium.launch(executable_path=exe, args=CHROMIUM_ARGS)
    except Exception as exc:  # noqa: BLE001 - the message is what matters
        pytest.fail(
            f"could not launch Chromium at {exe}: {exc}\nIs it installed and working? `apt-get install chromium` (Debian).",
            pytrace=False,
        )


@lru_cache(maxsize=1)
def axe_source() -> str:
    """axe-core's axe.min.js from the axe-playwright-python wheel."""
    try:
        from importlib.resources import files

        return (files("axe_playwright_python") / "axe.min.js").read_text(encoding="utf-8")
    except (ModuleNotFoundError, FileNotFoundError) as exc:
        pytest.fail(
            f"axe.min.js not available ({exc}): pip install axe-playwright-python (the `test` extra of pyproject.toml)",
            pytrace=False,
        )
