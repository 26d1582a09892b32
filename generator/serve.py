"""``briefing serve``: build, serve site/ locally, rebuild on change.

The preview server serves the built site on 127.0.0.1, optionally under a
sub-path (``--base-path /repo/``) to mimic a GitHub project site, and answers
unknown paths with the site's own 404 page.  A background thread watches
content/, templates/ and briefing.toml with watchfiles and rebuilds; the
build writes site/ atomically, so a failed rebuild leaves the last good site
in place and being served, and its errors are printed.

site/ is built exactly as ``briefing build`` builds it (same base_url), so
it can be published after a preview.  Only the 404 page, whose links are
absolute, is served with base_url replaced by the preview's own address.
"""

from __future__ import annotations

import http.server
import threading
import traceback
from dataclasses import replace
from pathlib import Path
from typing import Callable

from .build import build
from .config import Config, load_config
from .errors import BriefingError

Echo = Callable[[str], None]


def normalise_base_path(path: str | None) -> str:
    """'/repo', 'repo/', '' -> '/repo/' or '/'."""
    path = (path or "/").strip()
    return "/" + path.strip("/") + "/" if path.strip("/") else "/"


class _Handler(http.server.SimpleHTTPRequestHandler):
    """Static files from the site folder, under a base path, with the site's 404 page."""

    base_path = "/"
    public_url = ""  # the site's base_url, pointed at the preview in the 404 page
    site: Path

    def __init__(self, *args, **kwargs):
        super().__init__(*args, directory=str(self.site), **kwargs)

    def _inside(self) -> bool:
        return self.path.split("?", 1)[0].startswith(self.base_path)

    def send_head(self):
        path = self.path.split("?", 1)[0]
        if self.base_path != "/" and path in ("/", self.base_path.rstrip("/")):
            self.send_response(302)
            self.send_header("Location", self.base_path)
            self.end_headers()
            return None
        if not self._inside():
            self.send_error(404)
            return None
        return super().send_head()

    def translate_path(self, path):
        return super().translate_path("/" + path[len(self.base_path) :] if path.startswith(self.base_path) else path)

    def send_error(self, code, message=None, explain=None):
        page = self.site / "404.html"
        if code == 404 and page.is_file():
            body = page.read_bytes()
            if self.public_url:
                local = f"http://{self.headers.get('Host', 'localhost')}{self.base_path}"
                body = body.replace(self.public_url.encode("utf-8"), local.encode("utf-8"))
            self.send_response(404, message)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)
            return
        super().send_error(code, message, explain)

    def end_headers(self):
        # a preview must never show a stale page from the browser cache
        self.send_header("Cache-Control", "no-store")
        super().end_headers()

    def log_message(self, format, *args):  # noqa: A002 (the base class's name)
        pass


class PreviewServer:
    """Build once, serve, and rebuild in a background thread on every change."""

    def __init__(
        self,
        config: Config,
        *,
        host: str = "127.0.0.1",
        port: int = 8000,
        base_path: str = "/",
        offline: bool = False,
        echo: Echo = print,
        debounce_ms: int = 300,
    ):
        self.host = host
        self.base_path = normalise_base_path(base_path)
        self.offline = offline
        self.echo = echo
        self.debounce_ms = debounce_ms
        self._config = config
        self._stop = threading.Event()
        self._watching = threading.Event()
        self._threads: list[threading.Thread] = []
        self.builds = 0  # successful builds, for tests and messages
        handler = type(
            "Handler", (_Handler,), {"base_path": self.base_path, "site": config.output_path, "public_url": config.base_url}
        )
        self.httpd = http.server.ThreadingHTTPServer((host, port), handler)
        self.httpd.daemon_threads = True

    @property
    def port(self) -> int:
        return self.httpd.server_address[1]

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}{self.base_path}"

    def _current_config(self) -> Config:
        """briefing.toml as it is now (it is watched too)."""
        if self._config.path is not None and self._config.path.exists():
            config, _ = load_config(self._config.root)
            return replace(config, base_url=self._config.base_url)
        return self._config

    def rebuild(self) -> bool:
        """Build the site; on failure print why and keep the last good site."""
        try:
            report = build(self._current_config(), offline=self.offline, skip_unchanged=True)
        except BriefingError as exc:
            self.echo(f"rebuild failed, still serving the last good site:\n{exc}")
            return False
        except Exception:  # a bug must not kill the preview either
            self.echo("rebuild failed, still serving the last good site:\n" + traceback.format_exc())
            return False
        for problem in report.problems:
            self.echo(problem.format())
        self.builds += 1
        self.echo(
            f"built: {report.summary[0] if report.summary else 'site'} "
            f"({len(report.errors)} error(s), {len(report.warnings)} warning(s))"
        )
        return True

    def watched(self) -> list[Path]:
        config = self._config
        paths = [config.content_path, config.templates_path]
        if config.path is not None:
            paths.append(config.path)
        return [p for p in paths if p.exists()]

    def _watch(self) -> None:
        from watchfiles import watch

        try:
            # yield_on_timeout: an empty yield means the watcher is in place
            for changes in watch(
                *self.watched(),
                stop_event=self._stop,
                debounce=self.debounce_ms,
                step=50,
                rust_timeout=200,
                yield_on_timeout=True,
            ):
                self._watching.set()
                if self._stop.is_set():
                    break
                if not changes:
                    continue
                names = sorted({Path(p).name for _, p in changes})
                self.echo(f"changed: {', '.join(names[:5])}{' ...' if len(names) > 5 else ''}; rebuilding")
                self.rebuild()
        except Exception:
            if not self._stop.is_set():
                self.echo("file watching stopped:\n" + traceback.format_exc())

    def start(self, *, watch: bool = True) -> "PreviewServer":
        if not self.rebuild() and not self._config.output_path.is_dir():
            self.echo("no site to serve yet: fix the errors above; serving starts anyway and rebuilds on change")
        serving = threading.Thread(target=self.httpd.serve_forever, name="briefing-serve", daemon=True)
        serving.start()
        self._threads.append(serving)
        if watch:
            watcher = threading.Thread(target=self._watch, name="briefing-watch", daemon=True)
            watcher.start()
            self._threads.append(watcher)
            # changes made right after start() must not be missed
            self._watching.wait(timeout=10)
        return self

    def stop(self) -> None:
        self._stop.set()
        self.httpd.shutdown()
        self.httpd.server_close()
        for thread in self._threads:
            thread.join(timeout=5)

    def __enter__(self) -> "PreviewServer":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()


def serve_forever(server: PreviewServer, *, watch: bool = True) -> None:
    """Run until Ctrl-C (the CLI's loop)."""
    server.start(watch=watch)
    server.echo(f"serving {server.url} (Ctrl-C to stop)")
    try:
        while not server._stop.wait(0.5):
            pass
    except KeyboardInterrupt:
        server.echo("stopping")
    finally:
        server.stop()
