"""`briefing model install|list|remove` against a package server of our own on
127.0.0.1 serving an Argos-style index and an .argosmodel built from the tiny
CTranslate2 fixture: verified installs, a truncated download that resumes
with a Range request, a server that ignores Range, a wrong checksum and an
unsafe archive (nothing left behind), and a build that translates with the
installed model."""

from __future__ import annotations

import hashlib
import io
import json
import re
import threading
import zipfile
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import cli
from generator.config import load_config
from generator.translation import create_engine

FIXTURE = Path(__file__).parent / "fixtures" / "ct2-tiny"
PACKAGE = "translate-ar_en-1_0.argosmodel"


def argosmodel(folder: str = "translate-ar_en-1_0", extra: dict[str, bytes] | None = None) -> bytes:
    """An .argosmodel: a zip of one folder with metadata.json, model/ and sentencepiece.model."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr(
            f"{folder}/metadata.json",
            json.dumps({"package_version": "1.0", "argos_version": "1.0", "from_code": "ar", "to_code": "en"}),
        )
        for path in sorted(FIXTURE.rglob("*")):
            if path.is_file():
                zf.write(path, f"{folder}/{path.relative_to(FIXTURE).as_posix()}")
        for name, data in (extra or {}).items():
            zf.writestr(name, data)
    return buffer.getvalue()


class PackageServer:
    """Serves /index.json and /packages/<PACKAGE> (with Range), optionally a .sha256 sidecar.

    ``mode``: "full"; "truncate" (announce the full length, send half, close);
    "no-range" (always the whole file with 200)."""

    def __init__(self, package: bytes, *, entry_extra: dict | None = None, sidecar: str | None = None):
        self.package = package
        self.mode = "full"
        self.sidecar = sidecar
        self.log: list[tuple[str, str | None, int]] = []
        owner = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_GET(self):
                rng = self.headers.get("Range")
                if self.path == "/index.json":
                    entry = {
                        "package_version": "1.0",
                        "argos_version": "1.0",
                        "from_code": "ar",
                        "from_name": "Arabic",
                        "to_code": "en",
                        "to_name": "English",
                        "type": "translate",
                        "links": [f"{owner.base}/packages/{PACKAGE}"],
                        **(entry_extra or {}),
                    }
                    other = dict(entry, from_code="en", to_code="ar", links=[f"{owner.base}/packages/en_ar.argosmodel"])
                    return self.send(200, json.dumps([other, entry]).encode(), rng)
                if self.path == f"/packages/{PACKAGE}.sha256" and owner.sidecar:
                    return self.send(200, f"{owner.sidecar}  {PACKAGE}\n".encode(), rng)
                if self.path != f"/packages/{PACKAGE}":
                    return self.send(404, b"not found", rng)
                data = owner.package
                m = re.fullmatch(r"bytes=(\d+)-", rng or "")
                if m and owner.mode != "no-range" and int(m.group(1)) < len(data):
                    start = int(m.group(1))
                    self.send_response(206)
                    self.send_header("Content-Range", f"bytes {start}-{len(data) - 1}/{len(data)}")
                    self.send_header("Content-Length", str(len(data) - start))
                    self.end_headers()
                    self.wfile.write(data[start:])
                    owner.log.append((self.path, rng, 206))
                    return
                self.send_response(200)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                if owner.mode == "truncate":
                    owner.mode = "full"
                    self.wfile.write(data[: len(data) // 2])
                    self.wfile.flush()
                    self.close_connection = True
                else:
                    self.wfile.write(data)
                owner.log.append((self.path, rng, 200))

            def send(self, status, body, rng):
                self.send_response(status)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
                owner.log.append((self.path, rng, status))

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.base = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join(timeout=5)


def configure(project: Path, server: PackageServer, pin: str | None = None, engine: str = "ctranslate2") -> Path:
    toml = project / "briefing.toml"
    text = re.sub(r"(?m)^engine = .*$", f'engine = "{engine}"', toml.read_text(encoding="utf-8"))
    text += f'\n[translate.ctranslate2]\nindex_url = "{server.base}/index.json"\n'
    if pin:
        text += f'sha256 = {{ "ar-en" = "{pin}" }}\n'
    toml.write_text(text, encoding="utf-8")
    return project


def run(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def leftovers(project: Path) -> list[str]:
    models = project / ".briefing-cache" / "models"
    return sorted(p.relative_to(models).as_posix() for p in models.rglob("*")) if models.exists() else []


@pytest.fixture(scope="module")
def package() -> bytes:
    return argosmodel()


def test_install_verified_by_a_pinned_checksum_then_a_build_translates_with_it(project, package):
    digest = hashlib.sha256(package).hexdigest()
    with PackageServer(package) as server:
        configure(project, server, pin=digest)
        result = run("model", "install", "ar-en", "-p", str(project))
    assert result.exit_code == 0, result.output
    assert "installed ar-en 1.0" in result.output
    assert f"size {len(package)} bytes as announced; SHA-256 from briefing.toml" in result.output
    assert "ar-en" in leftovers(project) and not [p for p in leftovers(project) if p.startswith((".unpack", ".old"))]
    assert not list((project / ".briefing-cache" / "models" / ".downloads").iterdir())

    listed = run("model", "list", "-p", str(project))
    assert re.search(r"^ar-en  1\.0  .*ar-en  sha256 " + digest[:16], listed.output, re.M)

    config, _ = load_config(project)
    assert config.translate.ctranslate2_model is None
    engine = create_engine("ctranslate2", config)
    assert engine.why_unavailable() is None and engine.folder == project / ".briefing-cache" / "models" / "ar-en"

    built = run("build", "-p", str(project), "--offline")
    assert built.exit_code == 0, built.output
    assert re.search(r"translation: \d+ reviewed, 0 cached, [1-9]\d* translated, 0 pending", built.output)
    page = (project / "site" / "en" / "2025-09-10" / "border-patrol" / "index.html").read_text(encoding="utf-8")
    assert "machine: ctranslate2" in page

    removed = run("model", "remove", "ar-en", "-p", str(project))
    assert removed.exit_code == 0 and "removed ar-en" in removed.output
    assert "no model installed" in run("model", "list", "-p", str(project)).output
    assert "run `briefing model install ar-en`" in create_engine("ctranslate2", config).why_unavailable()


def test_a_truncated_download_fails_cleanly_then_resumes_with_a_range_request(project, package):
    digest = hashlib.sha256(package).hexdigest()
    with PackageServer(package, entry_extra={"sha256": digest}) as server:
        configure(project, server)
        server.mode = "truncate"
        first = run("model", "install", "-p", str(project))
        assert first.exit_code != 0 and "broke off" in first.output and "run the command again" in first.output
        assert "ar-en" not in leftovers(project)  # nothing installed
        part = project / ".briefing-cache" / "models" / ".downloads" / f"{PACKAGE}.part"
        assert 0 < part.stat().st_size < len(package)
        have = part.stat().st_size
        second = run("model", "install", "-p", str(project))
    assert second.exit_code == 0, second.output
    assert "SHA-256 from the package index" in second.output
    assert (f"/packages/{PACKAGE}", f"bytes={have}-", 206) in server.log
    assert not part.exists()
    assert (project / ".briefing-cache" / "models" / "ar-en" / "model" / "model.bin").is_file()


def test_a_server_that_ignores_range_starts_clean(project, package):
    digest = hashlib.sha256(package).hexdigest()
    with PackageServer(package, sidecar=digest) as server:
        configure(project, server)
        downloads = project / ".briefing-cache" / "models" / ".downloads"
        downloads.mkdir(parents=True)
        (downloads / f"{PACKAGE}.part").write_bytes(b"stale bytes from another file")
        server.mode = "no-range"
        result = run("model", "install", "-p", str(project))
    assert result.exit_code == 0, result.output
    assert f"SHA-256 from {server.base}/packages/{PACKAGE}.sha256" in result.output
    assert (f"/packages/{PACKAGE}", "bytes=29-", 200) in server.log


def test_a_wrong_checksum_leaves_nothing_behind(project, package):
    with PackageServer(package) as server:
        configure(project, server, pin="0" * 64)
        result = run("model", "install", "-p", str(project))
    assert result.exit_code != 0
    assert "does not match" in result.output and "nothing installed" in result.output
    assert leftovers(project) == [".downloads"]


def test_an_unsafe_archive_is_refused_and_removed(project):
    bad = argosmodel(extra={"../escaped.txt": b"x"})
    with PackageServer(bad) as server:
        configure(project, server, pin=hashlib.sha256(bad).hexdigest())
        result = run("model", "install", "-p", str(project))
    assert result.exit_code != 0 and "unsafe path" in result.output
    assert leftovers(project) == [".downloads"]
    assert not (project / ".briefing-cache" / "escaped.txt").exists()


def test_without_any_checksum_the_report_says_what_was_not_verified(project, package):
    with PackageServer(package) as server:
        configure(project, server)
        result = run("model", "install", "-p", str(project))
    assert result.exit_code == 0, result.output
    digest = hashlib.sha256(package).hexdigest()
    assert "SHA-256 NOT verified" in result.output and f'translate.ctranslate2.sha256.ar-en = "{digest}"' in result.output


def test_an_unknown_pair_names_what_the_index_has(project, package):
    with PackageServer(package) as server:
        configure(project, server)
        result = run("model", "install", "fr-en", "-p", str(project))
    assert result.exit_code != 0 and "no fr-en package" in result.output and "ar-en, en-ar" in result.output


def test_installing_again_replaces_the_model_in_one_step(project, package):
    digest = hashlib.sha256(package).hexdigest()
    with PackageServer(package, entry_extra={"sha256": digest}) as server:
        configure(project, server)
        assert run("model", "install", "-p", str(project)).exit_code == 0
        marker = project / ".briefing-cache" / "models" / "ar-en" / "left-from-before"
        marker.write_text("x")
        again = run("model", "install", "-p", str(project))
    assert again.exit_code == 0, again.output
    assert not marker.exists()  # a fresh folder, not files unpacked over the old one
    assert leftovers(project)[0] == ".downloads" and "ar-en/installed.json" in leftovers(project)
    assert not [p for p in leftovers(project) if p.startswith((".old", ".unpack"))]
