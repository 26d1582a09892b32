"""Every internal link of the demo site works when served under a sub-path.

GitHub Pages serves a project site at https://owner.github.io/REPO/, so a link
written as "/en/" works at a domain's root and breaks there.  The demo site is
served at http://127.0.0.1:PORT/briefing/ (the path of its base_url), crawled
from /briefing/ and from every HTML file in site/, and every href and src on
every page is fetched."""

from __future__ import annotations

import http.server
import threading
import urllib.error
import urllib.request
from collections import deque
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import quote, unquote, urldefrag, urljoin, urlsplit

from click.testing import CliRunner

from generator.cli import cli
from generator.config import load_config

PREFIX = "/briefing/"
SKIPPED_SCHEMES = ("mailto:", "tel:", "javascript:", "data:")


class LinkCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if value is None:
                continue
            if name in ("href", "src"):
                self.links.append(value.strip())
            elif name == "srcset":
                self.links.extend(part.split()[0] for part in value.split(",") if part.strip())


def links_in(html: str) -> list[str]:
    parser = LinkCollector()
    parser.feed(html)
    return parser.links


def serve_under_prefix(site: Path, prefix: str) -> http.server.ThreadingHTTPServer:
    class Handler(http.server.SimpleHTTPRequestHandler):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, directory=str(site), **kwargs)

        def send_head(self):
            # outside the prefix nothing exists, as on a project site
            if not self.path.startswith(prefix):
                self.send_error(404)
                return None
            return super().send_head()

        def translate_path(self, path):
            return super().translate_path("/" + path[len(prefix) :])

        def log_message(self, *args):
            pass

    return http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)


def fetch(url: str) -> tuple[int, str, str]:
    """(status, final URL after redirects, body if HTML else "")."""
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            kind = response.headers.get_content_type()
            body = response.read().decode("utf-8") if kind == "text/html" else ""
            return response.status, response.geturl(), body
    except urllib.error.HTTPError as exc:
        return exc.code, url, ""


def normalise(url: str) -> str:
    """The URL without its fragment, its path percent-encoded as a browser sends it."""
    url = urldefrag(url).url
    parts = urlsplit(url)
    return parts._replace(path=quote(unquote(parts.path), safe="/:@!$&'()*+,;=-._~")).geturl()


def crawl(start: list[str], local_root: str, public_root: str) -> tuple[set[str], list[str]]:
    """Fetch every page reachable from *start* and every link on them, once each.

    Links to *public_root* (the site's base_url) are followed on the local
    server; absolute http(s) links to other hosts are left alone.
    Returns the pages seen and the broken links, as "page -> link (status)"."""
    fetched: dict[str, tuple[int, str, str]] = {}

    def get(url: str) -> tuple[int, str, str]:
        if url not in fetched:
            fetched[url] = fetch(url)
        return fetched[url]

    pages: set[str] = set()
    broken: list[str] = []
    queue = deque(dict.fromkeys(normalise(u) for u in start))
    queued = set(queue)
    while queue:
        page = queue.popleft()
        code, final, html = get(page)
        if code != 200:
            broken.append(f"(start) {page} ({code})")
            continue
        if not html:
            continue
        pages.add(final)
        for link in links_in(html):
            if not link or link.startswith("#") or link.lower().startswith(SKIPPED_SCHEMES):
                continue
            absolute = urljoin(final, link)
            if absolute.startswith(public_root):
                absolute = local_root + absolute[len(public_root) :]
            if urlsplit(absolute).netloc != urlsplit(local_root).netloc:
                continue  # another host
            target = normalise(absolute)
            target_code = get(target)[0]
            if target_code != 200:
                broken.append(f"{final} -> {link} ({target_code})")
            elif target.startswith(local_root) and target not in queued:
                queued.add(target)
                queue.append(target)
    return pages, broken


def test_every_internal_link_resolves_under_a_sub_path(demo_project):
    result = CliRunner().invoke(cli, ["build", "-p", str(demo_project), "--offline"])
    assert result.exit_code == 0, result.output
    config, _ = load_config(demo_project)
    assert urlsplit(config.base_url).path == PREFIX, "serve the site under the path of the demo's base_url"
    site = config.output_path

    server = serve_under_prefix(site, PREFIX)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        local_root = f"http://127.0.0.1:{server.server_address[1]}{PREFIX}"
        html_files = sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html"))
        start = [local_root] + [local_root + name for name in html_files]
        pages, broken = crawl(start, local_root, config.base_url)
    finally:
        server.shutdown()
        server.server_close()

    assert not broken, "broken links:\n" + "\n".join(broken)
    for lang in ("ar", "en"):
        reached = [p for p in pages if p.startswith(f"{local_root}{lang}/")]
        assert len(reached) >= 3, f"too few {lang} pages crawled: {reached}"


def test_crawler_reports_a_broken_link(tmp_path):
    """The crawler itself: an absolute-path link breaks under the prefix and is reported with its page."""
    (tmp_path / "en").mkdir()
    (tmp_path / "index.html").write_text(
        '<a href="en/">ok</a> <a href="#top">frag</a> <a href="https://other.example/">ext</a> <a href="mailto:a@b.c">m</a>',
        encoding="utf-8",
    )
    (tmp_path / "en" / "index.html").write_text(
        '<a href="/en/">root-absolute</a> <img src="missing.png"><a href="../index.html#x">back</a>', encoding="utf-8"
    )
    server = serve_under_prefix(tmp_path, PREFIX)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        local_root = f"http://127.0.0.1:{server.server_address[1]}{PREFIX}"
        pages, broken = crawl([local_root], local_root, "https://example.org/briefing/")
    finally:
        server.shutdown()
        server.server_close()
    assert sorted(broken) == sorted([f"{local_root}en/ -> /en/ (404)", f"{local_root}en/ -> missing.png (404)"])
    assert pages == {local_root, f"{local_root}en/", f"{local_root}index.html"}
