"""Amiri for the Arabic pages, subset and served as WOFF2 from the site itself.

The stylesheet uses Amiri for Arabic characters only (its ``unicode-range``),
so each face is cut down to the Arabic block plus the joiners and bidi
isolates, keeping the OpenType features Arabic shaping needs, and compressed
with Brotli (WOFF2).  That takes a few seconds per face, so the result is
kept in the project's cache folder, keyed by the source font and the
subsetting settings; the output bytes depend only on those, never on the
clock, so two builds are byte-identical.
"""

from __future__ import annotations

import hashlib
import io
import logging
import os
from functools import lru_cache
from pathlib import Path

log = logging.getLogger(__name__)

# The faces style.css declares, as files of the fontpkg-amiri package.
FONT_FACES = ("Amiri-Regular", "Amiri-Bold")
# Keep in step with the unicode-range in templates/static/style.css.
ARABIC_UNICODES = (*range(0x0600, 0x0700), *range(0x200C, 0x2010), *range(0x2066, 0x206A))


def _source_folder() -> Path | None:
    try:
        import fontpkg_amiri
    except ImportError:  # the stylesheet falls back to the reader's serif
        return None
    return Path(fontpkg_amiri.ROOT) / "files"


def _options():
    from fontTools import subset

    options = subset.Options()
    options.flavor = "woff2"
    options.notdef_outline = True
    options.recalc_timestamp = False  # the head table keeps the font's own date
    options.name_IDs = ["*"]  # keep the licence and credits
    options.name_languages = ["*"]
    return options


def _settings_key(data: bytes) -> str:
    from fontTools import version

    digest = hashlib.sha256(data)
    digest.update(f"fonttools {version}; unicodes {ARABIC_UNICODES}".encode())
    return digest.hexdigest()[:24]


@lru_cache(maxsize=8)
def subset_woff2(data: bytes) -> bytes:
    """*data* (a TrueType font) cut down to ARABIC_UNICODES, as WOFF2."""
    from fontTools import subset

    options = _options()
    font = subset.load_font(io.BytesIO(data), options)
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=ARABIC_UNICODES)
    subsetter.subset(font)
    out = io.BytesIO()
    subset.save_font(font, out, options)
    return out.getvalue()


def _cached_subset(data: bytes, cache_dir: Path | None) -> bytes:
    if cache_dir is None:
        return subset_woff2(data)
    cached = cache_dir / f"{_settings_key(data)}.woff2"
    if cached.is_file():
        return cached.read_bytes()
    result = subset_woff2(data)
    try:
        cache_dir.mkdir(parents=True, exist_ok=True)
        partial = cached.with_suffix(f".{os.getpid()}.tmp")
        partial.write_bytes(result)
        os.replace(partial, cached)
    except OSError as exc:  # a read-only project still builds
        log.debug("font cache not written: %s", exc)
    return result


def fonts_cached(cache_dir: Path) -> bool:
    """Whether every face's subset is in *cache_dir* already (or there is no
    font to subset): then ``font_files`` only reads files."""
    folder = _source_folder()
    if folder is None:
        return True
    sources = [folder / f"{face}.ttf" for face in FONT_FACES]
    return all((cache_dir / f"{_settings_key(s.read_bytes())}.woff2").is_file() for s in sources if s.is_file())


def font_files(cache_dir: Path | None = None, faces: tuple[str, ...] = FONT_FACES) -> dict[str, bytes]:
    """{"assets/fonts/Amiri-Regular.woff2": bytes, ...} of *faces*, in their
    order; empty without fontpkg-amiri."""
    folder = _source_folder()
    if folder is None:
        return {}
    files = {}
    for face in faces:
        source = folder / f"{face}.ttf"
        if source.is_file():
            files[f"assets/fonts/{face}.woff2"] = _cached_subset(source.read_bytes(), cache_dir)
    return files
