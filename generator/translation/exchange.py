"""Human post-editing: export segments to PO or XLIFF, import the edits back.

Export writes every segment that is not reviewed yet: machine translations
(PO: flagged ``fuzzy``; XLIFF: ``state="needs-review-translation"``) and
pending ones (empty; ``state="new"``), with the engine and any near matches
from the memory in a comment.  Any PO editor (Poedit, Lokalize, Weblate) or
XLIFF tool can then be used.

Import takes the entries a translator has confirmed -- PO: non-empty msgstr
without the fuzzy flag; XLIFF: a target whose state is translated, final or
signed-off, or a unit marked ``approved="yes"`` -- and merges them into
``content/translation-memory.yaml`` as reviewed (see ``memory.merge_into_memory``).
Unconfirmed entries are ignored, so importing an untouched export changes
nothing.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

import polib

from .. import __version__
from ..config import Config
from ..errors import TranslationError
from .memory import MEMORY_FILE, MergeReport, merge_into_memory
from .run import TranslationRun, translate_segments

FORMATS = ("po", "xliff")
XLIFF_NS = "urn:oasis:names:tc:xliff:document:1.2"
XML_NS = "http://www.w3.org/XML/1998/namespace"
CONFIRMED_STATES = {"translated", "final", "signed-off"}


@dataclass(frozen=True)
class ExportItem:
    source: str
    text: str | None
    engine: str | None
    suggestions: tuple[tuple[str, str, float], ...] = ()

    def comment_lines(self) -> list[str]:
        lines = [
            f"machine translation by {self.engine}, not reviewed" if self.text is not None else "pending: no translation yet"
        ]
        for ar, en, score in self.suggestions:
            lines.append(f"similar reviewed segment ({score:.0f}%): {ar} => {en}")
        return lines


def export_items(run: TranslationRun) -> list[ExportItem]:
    """The machine-translated and pending segments of a run, in run order."""
    items = []
    for source, result in run.results.items():
        if result.provenance == "reviewed" or result.engine == "copy":
            continue
        items.append(ExportItem(source, result.text, result.engine, tuple(run.suggestions.get(source, ()))))
    return items


def export_segments(segments: list[str], config: Config, fmt: str = "po") -> tuple[str, TranslationRun]:
    """The export file's text for *segments*, from memory and cache only (no engine is called)."""
    if fmt not in FORMATS:
        raise TranslationError(f"unknown export format {fmt!r} (choose one of: {', '.join(FORMATS)})")
    run = translate_segments(segments, config, offline=True, suggest=True)
    items = export_items(run)
    return (to_po(items) if fmt == "po" else to_xliff(items)), run


def to_po(items: list[ExportItem]) -> str:
    po = polib.POFile(wrapwidth=0)
    po.metadata = {
        "Project-Id-Version": f"briefing {__version__}",
        "POT-Creation-Date": dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M+0000"),
        "Language": "en",
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "X-Source-Language": "ar",
    }
    for item in items:
        entry = polib.POEntry(msgid=item.source, msgstr=item.text or "", tcomment="\n".join(item.comment_lines()))
        if item.text is not None:
            entry.flags.append("fuzzy")
        po.append(entry)
    return str(po)


def _unit_id(source: str) -> str:
    return "s" + hashlib.sha1(source.encode("utf-8")).hexdigest()[:16]


def to_xliff(items: list[ExportItem]) -> str:
    ET.register_namespace("", XLIFF_NS)
    root = ET.Element(f"{{{XLIFF_NS}}}xliff", {"version": "1.2"})
    file_el = ET.SubElement(
        root,
        f"{{{XLIFF_NS}}}file",
        {"original": MEMORY_FILE, "source-language": "ar", "target-language": "en", "datatype": "plaintext"},
    )
    body = ET.SubElement(file_el, f"{{{XLIFF_NS}}}body")
    for item in items:
        unit = ET.SubElement(body, f"{{{XLIFF_NS}}}trans-unit", {"id": _unit_id(item.source)})
        source = ET.SubElement(unit, f"{{{XLIFF_NS}}}source", {f"{{{XML_NS}}}space": "preserve"})
        source.text = item.source
        target = ET.SubElement(
            unit,
            f"{{{XLIFF_NS}}}target",
            {f"{{{XML_NS}}}space": "preserve", "state": "needs-review-translation" if item.text is not None else "new"},
        )
        target.text = item.text or ""
        for line in item.comment_lines():
            note = ET.SubElement(unit, f"{{{XLIFF_NS}}}note", {"from": "briefing"})
            note.text = line
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def read_confirmed(path: Path) -> list[tuple[str, str]]:
    """(Arabic, English) pairs a translator confirmed in a PO or XLIFF file."""
    try:
        head = path.read_text(encoding="utf-8")[:512].lstrip()
    except (OSError, UnicodeDecodeError) as exc:
        raise TranslationError(f"{path}: cannot read: {exc}") from exc
    if head.startswith("<"):
        return _read_xliff(path)
    return _read_po(path)


def _read_po(path: Path) -> list[tuple[str, str]]:
    try:
        po = polib.pofile(str(path))
    except (OSError, ValueError) as exc:
        raise TranslationError(f"{path}: not a valid PO file: {exc}") from exc
    return [(e.msgid, e.msgstr) for e in po if e.msgid and e.msgstr.strip() and "fuzzy" not in e.flags and not e.obsolete]


def _read_xliff(path: Path) -> list[tuple[str, str]]:
    try:
        tree = ET.parse(path)
    except ET.ParseError as exc:
        raise TranslationError(f"{path}: not a valid XLIFF file: {exc}") from exc
    pairs = []
    # Match on local names so files re-saved without the namespace still work.
    for unit in tree.iter():
        if unit.tag.rsplit("}", 1)[-1] != "trans-unit":
            continue
        children = {child.tag.rsplit("}", 1)[-1]: child for child in unit}
        source, target = children.get("source"), children.get("target")
        if source is None or target is None:
            continue
        english = "".join(target.itertext()).strip()
        confirmed = target.get("state") in CONFIRMED_STATES or unit.get("approved") == "yes"
        if english and confirmed:
            pairs.append(("".join(source.itertext()), english))
    return pairs


def import_reviewed(path: Path, config: Config) -> MergeReport:
    """Merge the confirmed entries of a PO/XLIFF file into the translation memory."""
    pairs = read_confirmed(path)
    return merge_into_memory(config.content_path / MEMORY_FILE, pairs, f"{config.content_dir}/{MEMORY_FILE}")
