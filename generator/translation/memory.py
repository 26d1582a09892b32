"""The reviewed translation memory: ``content/translation-memory.yaml``.

A YAML list of ``{ar, en, note?}``.  Lookups are exact on ``normalise(ar)``
(so hamza, alef, diacritic and quote variants of the same sentence match).
Near matches (rapidfuzz ratio >= 85) are only *suggestions* for a human: a
sentence that differs by one word may differ in meaning ("not"), so it is
never used as a translation.

Writing (``merge_into_memory``) edits the file as text: new entries are
appended, changed ones are updated where they stand, and everything else
(the comment block at the top, comments between entries, notes, order,
quoting style) is left byte for byte as it was.
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

import yaml

from ..errors import TranslationError
from ..models import Problem
from .text import normalise
from ..yamlio import LINE_KEY, PlainLoader, YamlError, compose_yaml, load_yaml, parse_yaml

MEMORY_FILE = "translation-memory.yaml"
SUGGESTION_THRESHOLD = 85.0
MAX_SUGGESTIONS = 3


@dataclass(frozen=True)
class MemoryEntry:
    ar: str
    en: str
    note: str | None = None
    line: int | None = None


@dataclass
class TranslationMemory:
    entries: list[MemoryEntry] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    label: str = f"content/{MEMORY_FILE}"

    def __post_init__(self) -> None:
        self._index: dict[str, MemoryEntry] = {}
        for entry in self.entries:
            key = normalise(entry.ar)
            first = self._index.get(key)
            if first is None:
                self._index[key] = entry
            elif first.en != entry.en:
                self.problems.append(
                    Problem(
                        self.label,
                        entry.line,
                        f"same Arabic as the entry at line {first.line} with a different English; the first one is used",
                        "warning",
                    )
                )
        self._keys = list(self._index)

    @classmethod
    def load(cls, path: Path, label: str) -> "TranslationMemory":
        data, problems = load_yaml(path, label)
        entries: list[MemoryEntry] = []
        if data is not None and not isinstance(data, list):
            problems.append(Problem(label, 1, "expected a list of entries (- ar: ...  en: ...)", "error"))
            data = None
        for item in data or []:
            if not isinstance(item, dict):
                problems.append(Problem(label, None, f"expected an entry with ar and en, got {item!r}", "error"))
                continue
            line = item.get(LINE_KEY)
            ar, en, note = item.get("ar"), item.get("en"), item.get("note")
            if not isinstance(ar, str) or not ar.strip():
                problems.append(Problem(label, line, "entry has no Arabic text (ar)", "error"))
                continue
            if not isinstance(en, str) or not en.strip():
                problems.append(Problem(label, line, "entry has no English text (en)", "error"))
                continue
            unknown = set(item) - {"ar", "en", "note", LINE_KEY}
            if unknown:
                problems.append(
                    Problem(label, line, f"unknown key(s) {', '.join(sorted(unknown))} (known: ar, en, note)", "warning")
                )
            entries.append(MemoryEntry(ar, en.strip(), note if isinstance(note, str) else None, line))
        return cls(entries, problems, label)

    def __len__(self) -> int:
        return len(self._index)

    def lookup(self, source: str) -> MemoryEntry | None:
        if not self._index:  # nothing reviewed yet: no need to fold the segment
            return None
        return self._index.get(normalise(source))

    def suggestions(
        self, source: str, threshold: float = SUGGESTION_THRESHOLD, limit: int = MAX_SUGGESTIONS
    ) -> list[tuple[str, str, float]]:
        """Near matches as (memory Arabic, memory English, score 0-100), best first."""
        if not self._keys:
            return []
        from rapidfuzz import fuzz, process  # here: only the post-editing export asks (18 ms to import)

        key = normalise(source)
        found = process.extract(key, self._keys, scorer=fuzz.ratio, score_cutoff=threshold, limit=limit + 1)
        out = []
        for candidate, score, _ in found:
            if candidate == key:
                continue
            entry = self._index[candidate]
            out.append((entry.ar, entry.en, round(float(score), 1)))
        return out[:limit]


# -- writing ---------------------------------------------------------------------------


@dataclass
class MergeReport:
    added: int = 0
    updated: int = 0
    unchanged: int = 0

    def describe(self, label: str) -> str:
        return f"{label}: {self.added} added, {self.updated} updated, {self.unchanged} unchanged"


def _scalar(value: str) -> str:
    """*value* as a YAML scalar for one line after "key: "."""
    style = '"' if ("\n" in value or "\r" in value) else None
    dumped = yaml.safe_dump(
        {"k": value}, allow_unicode=True, width=2**31, default_style=style, default_flow_style=False, sort_keys=False
    )
    if style:
        dumped = dumped.split(": ", 1)[1]  # the key is quoted too in this style
    else:
        dumped = dumped[len("k: ") :]
    return dumped.rstrip("\n")


def _entry_nodes(text: str, label: str):
    """The root sequence node of the memory file, or None for an empty file."""
    try:
        root = compose_yaml(text)
    except YamlError as exc:
        where = f":{exc.line}" if exc.line else ""
        raise TranslationError(f"{label}{where}: invalid YAML, not changed: {exc.reason}") from exc
    if root is not None and not isinstance(root, yaml.SequenceNode):
        raise TranslationError(f"{label}: expected a list of entries, not changed")
    return root


def merge_into_memory(path: Path, pairs: Iterable[tuple[str, str]], label: str | None = None) -> MergeReport:
    """Add reviewed (Arabic, English) pairs to the memory file at *path*.

    Existing entries with the same normalised Arabic are updated in place
    (their ``ar`` spelling and ``note`` kept); new ones are appended in the
    order given.  The file is replaced atomically, and only after the new
    text has been re-read and found to hold every entry the old one held.
    """
    label = label or str(path)
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    root = _entry_nodes(text, label)

    existing: dict[str, tuple[yaml.MappingNode, dict]] = {}
    for node in root.value if root is not None else []:
        if not isinstance(node, yaml.MappingNode):
            continue
        fields = {k.value: v for k, v in node.value if isinstance(k, yaml.ScalarNode)}
        ar = fields.get("ar")
        if isinstance(ar, yaml.ScalarNode) and ar.value.strip():
            existing.setdefault(normalise(ar.value), (node, fields))

    # The same segment twice in one import: the last English wins.
    planned: dict[str, tuple[str, str]] = {}
    for ar, en in pairs:
        ar, en = ar.strip(), en.strip()
        if ar and en:
            planned[normalise(ar)] = (ar, en)

    report = MergeReport()
    edits: list[tuple[int, int, str]] = []  # (start, end, replacement) in the old text
    appended: list[tuple[str, str]] = []
    for key, (ar, en) in planned.items():
        found = existing.get(key)
        if found is None:
            appended.append((ar, en))
            report.added += 1
            continue
        node, fields = found
        en_node = fields.get("en")
        if isinstance(en_node, yaml.ScalarNode) and en_node.value.strip() == en:
            report.unchanged += 1
            continue
        report.updated += 1
        if isinstance(en_node, yaml.ScalarNode):
            start, end = en_node.start_mark.index, en_node.end_mark.index
            old = text[start:end]
            trailing = old[len(old.rstrip("\n")) :]  # block scalars own their final newlines
            edits.append((start, end, _scalar(en) + trailing))
        else:  # an entry without usable English: add the key after the Arabic
            at = fields["ar"].end_mark.index
            edits.append((at, at, f"\n{' ' * node.start_mark.column}en: {_scalar(en)}"))

    if not edits and not appended:
        return report

    new_text = text
    for start, end, replacement in sorted(edits, reverse=True):
        new_text = new_text[:start] + replacement + new_text[end:]
    if appended:
        new_text = _append_entries(new_text, root, appended)

    _verify(text, new_text, planned, label)
    _write_atomically(path, new_text)
    return report


def _append_entries(text: str, root, entries: list[tuple[str, str]]) -> str:
    items = [f"- ar: {_scalar(ar)}\n  en: {_scalar(en)}\n" for ar, en in entries]
    if root is not None and root.flow_style:
        if root.value:
            raise TranslationError(
                "the translation memory is written as a flow list [...]; write it as a block list (- ar: ...) to import into it"
            )
        # An empty "[]": replace it with the block list.
        return text[: root.start_mark.index] + "".join(items).rstrip("\n") + text[root.end_mark.index :]
    if text and not text.endswith("\n"):
        text += "\n"
    # Follow the file's style: a blank line between entries if it uses them,
    # and after a header comment.
    spaced = "\n\n- " in text or (root is None and bool(text.strip()))
    if spaced:
        return text + "".join("\n" + item for item in items)
    return text + "".join(items)


def _verify(old_text: str, new_text: str, planned: dict[str, tuple[str, str]], label: str) -> None:
    """Refuse to write unless every old entry survives and every new one is there."""

    def entries(text: str) -> dict[str, str | None]:
        data = parse_yaml(text, PlainLoader) if text.strip() else []
        out: dict[str, str | None] = {}
        for item in data or []:
            if isinstance(item, dict) and isinstance(item.get("ar"), str):
                out.setdefault(normalise(item["ar"]), item.get("en"))
        return out

    try:
        before, after = entries(old_text), entries(new_text)
    except YamlError as exc:
        raise TranslationError(f"{label}: internal error, the merged file would not parse; not changed ({exc})") from exc
    missing = [k for k in before if k not in after]
    wrong = [k for k, (_, en) in planned.items() if (after.get(k) or "").strip() != en]
    if missing or wrong:
        raise TranslationError(f"{label}: internal error, the merge would lose or garble entries; not changed")


def _write_atomically(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        if path.exists():
            os.chmod(tmp, path.stat().st_mode & 0o7777)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
