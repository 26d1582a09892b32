"""Argos Translate packages for the ``ctranslate2`` engine: install, list, remove.

An Argos package (``.argosmodel``) is a zip file of one folder holding
``metadata.json``, a CTranslate2 model in ``model/`` and
``sentencepiece.model``: exactly what ``ct2.locate_model`` reads, so no
conversion and no torch.  The package index (``translate.ctranslate2.index_url``,
the public Argos index by default) is a JSON list of entries with
``from_code``, ``to_code``, ``package_version`` and ``links``.

``install`` streams the package to ``<cache>/models/.downloads/<file>.part``;
an interrupted download is resumed with an HTTP Range request next time (or
started again when the server ignores the Range).  The size is checked
against what the server announced (or the index's ``size``), the SHA-256
against the first checksum known from: ``translate.ctranslate2.sha256`` in
briefing.toml, the index entry (``sha256``/``checksum``), a ``<link>.sha256``
file beside the package.  The public Argos index publishes no checksums, so
without a pin or a sidecar only the size is verified, and the report says
so (and gives the digest to pin).  The zip is unpacked into a temporary
folder beside the target, checked (no path leaves the folder, a model is
there), then renamed into place: ``<cache>/models/ar-en``.  A failed check
removes the download and the temporary folder: nothing half-made is left.
The ``ctranslate2`` engine uses the installed ``ar-en`` model when
``translate.ctranslate2.model`` is not set.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Callable
from urllib.parse import urlsplit

import requests

from ..config import Config
from ..errors import TranslationError

# where installed models live is the engine's knowledge (ct2.py): it finds them there
from .ct2 import INSTALLED_FILE, locate_model, models_path

DOWNLOADS_DIR = ".downloads"
CHUNK = 1 << 13  # small enough that a broken-off transfer keeps most of what arrived
_PAIR = re.compile(r"^([a-z]{2,3})-([a-z]{2,3})$")


@dataclass(frozen=True)
class PackageEntry:
    """One package of the index."""

    from_code: str
    to_code: str
    version: str
    links: tuple[str, ...]
    sha256: str | None = None
    size: int | None = None

    @property
    def pair(self) -> str:
        return f"{self.from_code}-{self.to_code}"


@dataclass(frozen=True)
class Installed:
    pair: str
    folder: Path
    version: str
    url: str
    sha256: str
    verified: str  # what was checked, in words


def parse_pair(pair: str) -> tuple[str, str]:
    m = _PAIR.match(pair)
    if not m:
        raise TranslationError(f"expected a language pair like ar-en, got {pair!r}")
    return m.group(1), m.group(2)


def _version_key(version: str) -> tuple:
    return tuple(int(p) if p.isdigit() else p for p in re.split(r"[._-]", version))


def read_index(data: object, url: str) -> list[PackageEntry]:
    if not isinstance(data, list):
        raise TranslationError(f"{url}: the package index is not a JSON list")
    entries = []
    for raw in data:
        if not isinstance(raw, dict) or raw.get("type", "translate") != "translate":
            continue
        links = raw.get("links")
        if not (
            isinstance(raw.get("from_code"), str) and isinstance(raw.get("to_code"), str) and isinstance(links, list) and links
        ):
            continue
        digest = raw.get("sha256") or raw.get("checksum")
        size = raw.get("size")
        entries.append(
            PackageEntry(
                raw["from_code"],
                raw["to_code"],
                str(raw.get("package_version", "")),
                tuple(str(link) for link in links),
                digest.lower() if isinstance(digest, str) else None,
                size if isinstance(size, int) and size > 0 else None,
            )
        )
    return entries


def fetch_index(url: str, timeout: float) -> list[PackageEntry]:
    try:
        response = requests.get(url, timeout=timeout)
        response.raise_for_status()
        data = response.json()
    except requests.RequestException as exc:
        raise TranslationError(f"cannot read the package index {url}: {exc}") from None
    except ValueError:
        raise TranslationError(f"{url}: the package index is not JSON") from None
    return read_index(data, url)


def choose(entries: list[PackageEntry], pair: str) -> PackageEntry:
    source, target = parse_pair(pair)
    matching = [e for e in entries if (e.from_code, e.to_code) == (source, target)]
    if not matching:
        known = ", ".join(sorted({e.pair for e in entries})) or "none"
        raise TranslationError(f"the package index has no {pair} package (it has: {known})")
    return max(matching, key=lambda e: _version_key(e.version))


# -- download --------------------------------------------------------------------------

Progress = Callable[[int, int | None], None]


def _sidecar_digest(url: str, timeout: float) -> str | None:
    """The digest in ``<url>.sha256`` ("<hex>  <name>" or just "<hex>"), if served."""
    try:
        response = requests.get(url + ".sha256", timeout=timeout)
    except requests.RequestException:
        return None
    if response.status_code != 200:
        return None
    m = re.match(r"\s*([0-9a-fA-F]{64})\b", response.text)
    return m.group(1).lower() if m else None


def _content_total(response: requests.Response, start: int) -> int | None:
    if response.status_code == 206:
        m = re.match(r"bytes (\d+)-\d+/(\d+)", response.headers.get("Content-Range", ""))
        return int(m.group(2)) if m else None
    length = response.headers.get("Content-Length")
    return int(length) if length and length.isdigit() else None


def download(url: str, part: Path, timeout: float, progress: Progress | None = None) -> tuple[int | None, str]:
    """Stream *url* into *part*, resuming what is there; return (announced
    total size, sha256 of the whole file).  Raises TranslationError when the
    transfer breaks (the part file is kept for the next attempt)."""
    have = part.stat().st_size if part.exists() else 0
    headers = {"Range": f"bytes={have}-"} if have else {}
    try:
        response = requests.get(url, headers=headers, stream=True, timeout=timeout)
    except requests.RequestException as exc:
        raise TranslationError(f"cannot download {url}: {exc}") from None
    with response:
        if response.status_code == 416:  # the part is no prefix of this file: start clean
            part.unlink()
            return download(url, part, timeout, progress)
        if response.status_code not in (200, 206):
            raise TranslationError(f"cannot download {url}: HTTP {response.status_code}")
        resumed = response.status_code == 206 and response.headers.get("Content-Range", "").startswith(f"bytes {have}-")
        if not resumed:
            have = 0  # the server sent the whole file
        total = _content_total(response, have)
        digest = hashlib.sha256()
        if resumed:
            with part.open("rb") as done:
                for block in iter(lambda: done.read(CHUNK), b""):
                    digest.update(block)
        written = have
        try:
            with part.open("ab" if resumed else "wb") as out:
                for block in response.iter_content(CHUNK):
                    out.write(block)
                    digest.update(block)
                    written += len(block)
                    if progress:
                        progress(written, total)
        except requests.RequestException as exc:
            raise TranslationError(
                f"the download of {url} broke off after {written} bytes ({type(exc).__name__}); run the command again to resume"
            ) from None
    if total is not None and written != total:
        raise TranslationError(
            f"the download of {url} broke off after {written} of {total} bytes; run the command again to resume"
        )
    return total, digest.hexdigest()


# -- install ---------------------------------------------------------------------------


def _unpack(archive: Path, into: Path) -> None:
    """Unzip *archive* into *into*, refusing members that would land outside it."""
    try:
        with zipfile.ZipFile(archive) as zf:
            for member in zf.namelist():
                path = PurePosixPath(member)
                if path.is_absolute() or ".." in path.parts or "\\" in member:
                    raise TranslationError(f"{archive.name}: unsafe path {member!r} in the package")
            zf.extractall(into)
    except zipfile.BadZipFile:
        raise TranslationError(f"{archive.name} is not a zip file (.argosmodel)") from None


def install(
    config: Config,
    pair: str = "ar-en",
    *,
    index_url: str | None = None,
    sha256: str | None = None,
    progress: Progress | None = None,
) -> Installed:
    """Download, verify and unpack the *pair* package; see the module docstring."""
    timeout = config.translate.timeout
    index_url = index_url or config.translate.model_index_url
    entry = choose(fetch_index(index_url, timeout), pair)
    url = entry.links[0]
    if urlsplit(url).scheme not in ("http", "https"):
        raise TranslationError(f"the package index gives {url!r}, not an http(s) link")
    pins = dict(config.translate.model_sha256)
    expected, source = None, None
    for digest, where in (
        (sha256, "--sha256"),
        (pins.get(pair), "briefing.toml (translate.ctranslate2.sha256)"),
        (entry.sha256, "the package index"),
    ):
        if digest:
            expected, source = digest.lower(), where
            break
    if expected is None and (sidecar := _sidecar_digest(url, timeout)):
        expected, source = sidecar, f"{url}.sha256"

    root = models_path(config)
    downloads = root / DOWNLOADS_DIR
    downloads.mkdir(parents=True, exist_ok=True)
    filename = PurePosixPath(urlsplit(url).path).name or f"{pair}.argosmodel"
    part = downloads / f"{filename}.part"
    total, actual = download(url, part, timeout, progress)
    size = part.stat().st_size
    if entry.size is not None and size != entry.size:
        part.unlink()
        raise TranslationError(f"{filename}: {size} bytes, the index says {entry.size}; download removed")
    if expected is not None and actual != expected:
        part.unlink()
        raise TranslationError(
            f"{filename}: SHA-256 {actual} does not match {expected} from {source}; download removed, nothing installed"
        )
    checked = [f"size {size} bytes" + (" as announced" if total is not None or entry.size else "")]
    checked.append(
        f"SHA-256 from {source}"
        if expected
        else "SHA-256 NOT verified (no checksum in briefing.toml, "
        f'the index or a .sha256 file; pin translate.ctranslate2.sha256.{pair} = "{actual}")'
    )

    target = root / pair
    staging = root / f".unpack-{pair}-{os.getpid()}"
    shutil.rmtree(staging, ignore_errors=True)
    try:
        _unpack(part, staging)
        files = locate_model(staging)  # one folder inside, or the model at the top
        package_dir = files.model_dir.parent if files.model_dir.name == "model" else files.model_dir
        metadata = package_dir / "metadata.json"
        if metadata.is_file():
            meta = json.loads(metadata.read_text(encoding="utf-8"))
            if (meta.get("from_code"), meta.get("to_code")) != parse_pair(pair):
                raise TranslationError(f"{filename} translates {meta.get('from_code')}-{meta.get('to_code')}, not {pair}")
        record = Installed(pair, target, entry.version, url, actual, "; ".join(checked))
        (package_dir / INSTALLED_FILE).write_text(
            json.dumps(
                {"pair": pair, "version": entry.version, "url": url, "sha256": actual, "verified": record.verified}, indent=1
            )
            + "\n",
            encoding="utf-8",
        )
        old = root / f".old-{pair}-{os.getpid()}"
        if target.exists():
            target.replace(old)
        try:
            package_dir.replace(target)  # one rename: the engine sees the old model or the new one
        except OSError:
            if old.exists() and not target.exists():
                old.replace(target)  # keep the model that worked
            raise
        shutil.rmtree(old, ignore_errors=True)
    except (TranslationError, OSError, ValueError) as exc:
        part.unlink(missing_ok=True)
        if isinstance(exc, TranslationError):
            raise
        raise TranslationError(f"{filename}: cannot install: {exc}") from None
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    part.unlink(missing_ok=True)
    return record


def list_installed(config: Config) -> list[Installed]:
    root = models_path(config)
    out = []
    if root.is_dir():
        for folder in sorted(p for p in root.iterdir() if p.is_dir() and not p.name.startswith(".")):
            try:
                meta = json.loads((folder / INSTALLED_FILE).read_text(encoding="utf-8"))
            except (OSError, ValueError):
                continue
            out.append(
                Installed(
                    folder.name,
                    folder,
                    str(meta.get("version", "")),
                    str(meta.get("url", "")),
                    str(meta.get("sha256", "")),
                    str(meta.get("verified", "")),
                )
            )
    return out


def remove(config: Config, pair: str) -> Path:
    parse_pair(pair)
    folder = models_path(config) / pair
    if not folder.is_dir():
        raise TranslationError(f"no {pair} model is installed in {models_path(config)}")
    shutil.rmtree(folder)
    return folder
