"""Translation memory, glossary, cache and the PO/XLIFF post-editing round trip."""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

import polib
import pytest
from click.testing import CliRunner

from generator.cli import cli
from generator.config import DEFAULT_LANGUAGES, ENGINE_NAMES, Config, TranslateSettings
from generator.errors import TranslationError
from generator.translation import (
    Glossary,
    check_consistency,
    engine_names,
    merge_into_memory,
    register_engine,
    translate_segments,
    unregister_engine,
)
from generator.translation.cache import TranslationCache
from generator.translation.chunking import chunk_text, join_chunks
from generator.translation.exchange import export_segments, import_reviewed, read_confirmed

MEMORY_HEADER = """\
# Reviewed translation memory.
#   ar: Arabic source   en: reviewed English
# Keep this comment: the import must not touch it.

"""

MEMORY_BODY = """\
- ar: أعلنت وزارة الداخلية عن خطة أمنية جديدة.
  en: The Interior Ministry announced a new security plan.
  note: seed 1, sentence 1

# a comment between entries
- ar: وصل الوفد إلى طرابلس.
  en: 'The delegation arrived in Tripoli.'
"""

GAZETTEER = """\
people:
  - id: abdulsalam-al-zoubi
    en: Abdulsalam al-Zoubi
    ar: [عبدالسلام الزوبي, عبد السلام الزوبي]
  - id: khalifa-haftar
    en: Khalifa Haftar
    ar: [خليفة حفتر, حفتر]
organisations:
  - id: presidential-council
    en: Presidential Council
    short_en: null
    ar: [المجلس الرئاسي]
places:
  - id: tripoli
    en: Tripoli
    ar: [طرابلس]
    kind: city
"""

GLOSSARY = """\
- ar: [منتهية الولاية]
  en: whose mandate has expired
- ar: [مجلس النواب]
  en: House of Representatives
"""


class DictEngine:
    """A stand-in for a web engine: answers from a dict, counts calls."""

    name = "test-dict"
    model = "v1"
    max_chars = 1000
    network = True

    def __init__(self, answers):
        self.answers = answers
        self.requests = 0

    def translate_batch(self, texts):
        self.requests += len(texts)
        return [self.answers.get(text) for text in texts]

    def why_unavailable(self):
        return None


@pytest.fixture
def content(tmp_path) -> Path:
    folder = tmp_path / "content"
    folder.mkdir()
    (folder / "translation-memory.yaml").write_text(MEMORY_HEADER + MEMORY_BODY, encoding="utf-8")
    (folder / "gazetteer.yaml").write_text(GAZETTEER, encoding="utf-8")
    (folder / "glossary.yaml").write_text(GLOSSARY, encoding="utf-8")
    return folder


def config_for(root: Path, engine: str = "none") -> Config:
    return Config(
        root=root, base_url="/", languages=DEFAULT_LANGUAGES, translate=TranslateSettings(engine=engine, cache_dir=".cache")
    )


@pytest.fixture
def dict_engine():
    holder = {}

    def use(answers):
        holder["engine"] = DictEngine(answers)
        return holder["engine"]

    register_engine("test-dict", lambda config: holder["engine"], replace=True)
    yield use
    unregister_engine("test-dict")


# -- registry ---------------------------------------------------------------------------


def test_registry_matches_the_configurable_engine_names():
    # "none" and "memory" name no machine engine: the reviewed memory always runs first
    assert set(engine_names()) == set(ENGINE_NAMES) - {"none", "memory"}


# -- memory --------------------------------------------------------------------------------


def test_exact_match_ignores_hamza_alef_and_diacritics(tmp_path, content):
    variant = "اَعلنت وزارة الداخليه عن خطة أمنيّة جديدة."  # bare alef, heh for teh marbuta, harakat
    run = translate_segments([variant], config_for(tmp_path))
    result = run.results[variant]
    assert (result.provenance, result.text) == ("reviewed", "The Interior Ministry announced a new security plan.")
    assert run.stats.reviewed == 1


def test_near_match_is_a_suggestion_never_a_translation(tmp_path, content):
    near = "أعلنت وزارة الداخلية عن خطة أمنية جديد."  # one letter differs
    run = translate_segments([near], config_for(tmp_path), suggest=True)
    assert run.results[near].provenance == "pending" and run.results[near].text is None
    [(ar, en, score)] = run.suggestions[near]
    assert en == "The Interior Ministry announced a new security plan." and 85 <= score < 100


def test_a_site_build_does_not_search_the_memory_for_near_matches(tmp_path, content):
    """Near matches are for the post-editing export; the site never shows
    them, so the build's run (no ``suggest``) does not pay for the fuzzy search."""
    near = "أعلنت وزارة الداخلية عن خطة أمنية جديد."
    run = translate_segments([near], config_for(tmp_path))
    assert run.results[near].provenance == "pending" and run.suggestions == {}


def test_malformed_memory_is_reported_with_its_line(tmp_path, content):
    (content / "translation-memory.yaml").write_text("- ar: نص\n  en: text\n- ar: [unclosed\n  en: x\n", encoding="utf-8")
    run = translate_segments(["نص"], config_for(tmp_path))
    [problem] = [p for p in run.problems if p.path == "content/translation-memory.yaml"]
    assert problem.severity == "error" and problem.line in (3, 4, 5)
    assert run.results["نص"].provenance == "pending"


def test_entry_without_english_is_reported_and_skipped(tmp_path, content):
    (content / "translation-memory.yaml").write_text(
        "- ar: نص أول\n  en: first\n- ar: نص ثان\n  note: forgot the English\n", encoding="utf-8"
    )
    run = translate_segments(["نص أول", "نص ثان"], config_for(tmp_path))
    assert run.results["نص أول"].provenance == "reviewed"
    [problem] = [p for p in run.problems if "no English" in p.message]
    assert problem.line == 3


def test_segments_without_arabic_are_copied(tmp_path, content):
    run = translate_segments(["UNSMIL", "2025"], config_for(tmp_path))
    assert run.results["UNSMIL"].text == "UNSMIL" and run.stats.pending == 0


# -- glossary ------------------------------------------------------------------------------


def test_protect_and_restore(content):
    glossary = Glossary.load(content)
    text = "التقى عبد السلام الزوبي بالمجلس الرئاسي وحفتر في طرابلس."
    protected = glossary.protect(text)
    assert "الزوبي" not in protected.text and "حفتر" not in protected.text
    assert "بـ __G2__" in protected.text and "و __G3__" in protected.text
    english = "Met __G1__ with __G2__ and __G3__ in __G4__."
    restored, lost = glossary.restore(english, protected)
    assert restored == "Met Abdulsalam al-Zoubi with the Presidential Council and Haftar in Tripoli."
    assert lost == []


def test_restore_tolerates_mangled_placeholders(content):
    glossary = Glossary.load(content)
    protected = glossary.protect("وصل حفتر إلى طرابلس")
    restored, lost = glossary.restore("__ g1 __ arrived in _G2_", protected)
    assert restored == "Haftar arrived in Tripoli" and not lost


def test_restore_reinserts_a_lost_placeholder(content):
    glossary = Glossary.load(content)
    protected = glossary.protect("وصل حفتر إلى طرابلس")
    restored, lost = glossary.restore("He arrived in __G2__", protected)
    assert restored == "He arrived in Tripoli [Haftar]" and [s.english for s in lost] == ["Haftar"]


def test_lowercase_glossary_terms_are_checked_not_protected(content):
    glossary = Glossary.load(content)
    text = "قالت الحكومة منتهية الولاية إن مجلس النواب اجتمع."
    protected = glossary.protect(text)
    assert "منتهية الولاية" in protected.text  # left for the engine: word order matters
    assert "مجلس النواب" not in protected.text  # a proper name: protected
    missing = glossary.missing_terms(text, "The outgoing government said the House of Representatives met.")
    assert [t.en for t in missing] == ["whose mandate has expired"]


def test_glossary_check_warns_on_machine_output(tmp_path, content, dict_engine):
    segment = "قالت الحكومة منتهية الولاية إنها مستعدة."
    dict_engine({segment: "The outgoing government said it was ready."})
    run = translate_segments([segment], config_for(tmp_path, "test-dict"))
    assert run.results[segment].engine == "test-dict"
    [warning] = [p for p in run.problems if "glossary rendering" in p.message]
    assert warning.path == "content/glossary.yaml" and warning.line == 1
    assert warning.severity == "warning"


def test_inconsistent_spelling_of_a_person_is_a_warning(content):
    glossary = Glossary.load(content)
    texts = ["Abdulsalam al-Zoubi met the delegation.", "Zubi said the talks went well.", "Al-Zoubi later left Tripoli."]
    [warning] = check_consistency(texts, glossary)
    assert warning.severity == "warning"
    assert "'Zubi' (1×)" in warning.message and "al-Zoubi" in warning.message
    assert check_consistency(texts[:1] + texts[2:], glossary) == []


def test_malformed_glossary_is_a_problem_not_a_crash(tmp_path, content):
    (content / "glossary.yaml").write_text("- ar: [منتهية الولاية]\n  en: \n- just text\n", encoding="utf-8")
    (content / "gazetteer.yaml").write_text("people: [\n", encoding="utf-8")
    run = translate_segments(["وصل الوفد إلى طرابلس."], config_for(tmp_path))
    paths = {(p.path, p.line) for p in run.problems}
    assert ("content/glossary.yaml", 1) in paths
    assert any(path == "content/gazetteer.yaml" and line for path, line in paths)
    assert run.stats.reviewed == 1


# -- chunking ------------------------------------------------------------------------------


def test_chunks_follow_sentences_and_cut_long_ones_at_the_arabic_comma():
    splitter = lambda text: [s for s in text.replace(". ", ".\n").split("\n")]  # noqa: E731
    long_sentence = "، ".join(["جملة طويلة جدا"] * 12) + "."
    text = "الجملة الأولى. " + long_sentence + " الجملة الأخيرة."
    chunks = chunk_text(text, 60, splitter)
    assert all(len(c.text) <= 60 for c in chunks)
    assert chunks[0].text == "الجملة الأولى."
    assert all(c.text.endswith(("،", ".")) for c in chunks)
    assert "".join(c.text + c.separator for c in chunks) == text


def test_join_keeps_line_breaks():
    chunks = chunk_text("سطر أول.\n\nسطر ثان.", 10, lambda t: ["سطر أول.", "سطر ثان."])
    assert join_chunks(chunks, ["First line.", "Second line."]) == "First line.\n\nSecond line."


# -- cache ------------------------------------------------------------------------------------


def test_cache_persists_across_instances(tmp_path):
    with TranslationCache.for_config(tmp_path / "cache") as cache:
        cache.put("google", "web", "نص", "text")
    with TranslationCache.for_config(tmp_path / "cache") as cache:
        assert cache.get("google", "web", "نص") == "text"
        assert cache.get("libre", "web", "نص") is None  # keyed by engine
        assert cache.get_many("google", "web", ["نص", "آخر"]) == {"نص": "text"}
    mode = sqlite3.connect(tmp_path / "cache" / "translations.sqlite3").execute("PRAGMA journal_mode").fetchone()
    assert mode == ("wal",)


def test_damaged_cache_is_moved_aside(tmp_path):
    (tmp_path / "cache").mkdir()
    (tmp_path / "cache" / "translations.sqlite3").write_bytes(b"garbage" * 1000)
    with TranslationCache.for_config(tmp_path / "cache") as cache:
        assert cache.recovered_from is not None and cache.recovered_from.exists()
        cache.put("google", "web", "نص", "text")


def test_cached_output_keeps_its_engine_and_uses_the_current_glossary(tmp_path, content, dict_engine):
    segment = "وصل حفتر إلى المدينة."
    engine = dict_engine({"وصل __G1__ إلى المدينة.": "__G1__ arrived in the city."})
    config = config_for(tmp_path, "test-dict")
    assert translate_segments([segment], config).results[segment].text == "Haftar arrived in the city."
    assert engine.requests == 1
    # a new English spelling in the gazetteer applies without asking the engine again
    (content / "gazetteer.yaml").write_text(GAZETTEER.replace("Khalifa Haftar", "Khalifa Hifter"), encoding="utf-8")
    engine = dict_engine({})
    run = translate_segments([segment], config)
    assert run.results[segment].text == "Hifter arrived in the city."
    assert run.results[segment].engine == "test-dict" and run.stats.cached == 1 and engine.requests == 0


# -- export / import ---------------------------------------------------------------------------

MACHINE = "وصل حفتر إلى المدينة."
PENDING = "قال مسؤول إن الاجتماع تناول ملفات عدة."
REVIEWED = "وصل الوفد إلى طرابلس."


@pytest.fixture
def translated(tmp_path, content, dict_engine):
    """A project where one segment is reviewed, one machine-translated (cached), one pending."""
    dict_engine({"وصل __G1__ إلى المدينة.": "__G1__ reached the city."})
    config = config_for(tmp_path, "test-dict")
    translate_segments([MACHINE], config)
    dict_engine({})
    return config


def test_po_export_lists_machine_and_pending_segments(translated):
    text, _ = export_segments([REVIEWED, MACHINE, PENDING], translated, "po")
    po = polib.pofile(text)
    by_id = {e.msgid: e for e in po}
    assert set(by_id) == {MACHINE, PENDING}
    assert by_id[MACHINE].msgstr == "Haftar reached the city." and "fuzzy" in by_id[MACHINE].flags
    assert "test-dict" in by_id[MACHINE].tcomment
    assert by_id[PENDING].msgstr == "" and "pending" in by_id[PENDING].tcomment


def test_po_export_shows_a_near_match_in_the_memory(translated):
    near = "وصل الوفد إلى طرابلس"  # the reviewed segment without its full stop
    text, _ = export_segments([near], translated, "po")
    [entry] = polib.pofile(text)
    assert entry.msgid == near and "similar reviewed segment" in entry.tcomment and REVIEWED in entry.tcomment


def test_po_round_trip(tmp_path, translated, content):
    memory = content / "translation-memory.yaml"
    before = memory.read_text(encoding="utf-8")
    segments = [REVIEWED, MACHINE, PENDING]
    text, _ = export_segments(segments, translated, "po")
    # importing an untouched export changes nothing
    (tmp_path / "untouched.po").write_text(text, encoding="utf-8")
    assert import_reviewed(tmp_path / "untouched.po", translated).added == 0
    assert memory.read_text(encoding="utf-8") == before

    po = polib.pofile(text)
    for entry in po:
        if entry.msgid == MACHINE:
            entry.msgstr = "Haftar arrived in the city."
            entry.flags.remove("fuzzy")
    po.save(str(tmp_path / "edited.po"))
    report = import_reviewed(tmp_path / "edited.po", translated)
    assert (report.added, report.updated) == (1, 0)

    after = memory.read_text(encoding="utf-8")
    assert after.startswith(before)  # header comment, entries, comments: all kept byte for byte
    run = translate_segments(segments, translated)
    assert run.results[MACHINE].provenance == "reviewed"
    assert run.results[MACHINE].text == "Haftar arrived in the city."
    assert run.results[REVIEWED].provenance == "reviewed"
    # the next export has only what is still pending, nothing lost
    text2, _ = export_segments(segments, translated, "po")
    assert [e.msgid for e in polib.pofile(text2)] == [PENDING]
    # importing the same file again is a no-op
    assert import_reviewed(tmp_path / "edited.po", translated).unchanged == 1
    assert memory.read_text(encoding="utf-8") == after


def test_xliff_round_trip(tmp_path, translated, content):
    segments = [REVIEWED, MACHINE, PENDING]
    text, _ = export_segments(segments, translated, "xliff")
    assert 'state="needs-review-translation"' in text and 'state="new"' in text
    assert read_confirmed(_write(tmp_path / "export.xlf", text)) == []
    edited = text.replace(
        'state="needs-review-translation">Haftar reached the city.', 'state="final">Haftar arrived in the city.'
    ).replace(
        '<target xml:space="preserve" state="new" />',
        '<target xml:space="preserve" state="translated">An official said the meeting covered several issues.</target>',
    )
    report = import_reviewed(_write(tmp_path / "edited.xlf", edited), translated)
    assert report.added == 2
    run = translate_segments(segments, translated)
    assert {r.provenance for r in run.results.values()} == {"reviewed"}
    assert run.results[PENDING].text == "An official said the meeting covered several issues."
    text2, _ = export_segments(segments, translated, "xliff")
    assert "trans-unit" not in text2


def test_import_updates_changed_entries_in_place(tmp_path, content):
    memory = content / "translation-memory.yaml"
    report = merge_into_memory(
        memory,
        [
            ("وصل الوفد الى طرابلس.", "The delegation reached Tripoli."),  # same segment, alef variant
            ("نص جديد", "new text"),
        ],
    )
    assert (report.added, report.updated, report.unchanged) == (1, 1, 0)
    text = memory.read_text(encoding="utf-8")
    assert text.startswith(MEMORY_HEADER)
    assert "# a comment between entries" in text and "note: seed 1, sentence 1" in text
    assert "- ar: وصل الوفد إلى طرابلس.\n  en: The delegation reached Tripoli.\n" in text  # original ar kept
    assert text.endswith("\n- ar: نص جديد\n  en: new text\n")
    assert text.index("أعلنت") < text.index("وصل الوفد") < text.index("نص جديد")  # order kept
    assert not [p for p in memory.parent.iterdir() if p.name.endswith(".tmp")]


def test_import_quotes_what_yaml_would_misread(tmp_path, content):
    memory = content / "translation-memory.yaml"
    tricky = "Yes: 'quoted' #hash\nsecond line"
    merge_into_memory(memory, [("نص صعب", tricky), ("نص آخر", "null")])
    run = translate_segments(["نص صعب", "نص آخر"], config_for(tmp_path))
    assert run.results["نص صعب"].text == tricky
    assert run.results["نص آخر"].text == "null"


def test_import_refuses_a_broken_memory_file(tmp_path, content):
    memory = content / "translation-memory.yaml"
    memory.write_text("- ar: [broken\n", encoding="utf-8")
    with pytest.raises(TranslationError, match="not changed"):
        merge_into_memory(memory, [("نص", "text")])
    assert memory.read_text(encoding="utf-8") == "- ar: [broken\n"


def test_import_into_a_missing_or_empty_memory(tmp_path):
    memory = tmp_path / "translation-memory.yaml"
    merge_into_memory(memory, [("نص", "text")])
    assert memory.read_text(encoding="utf-8") == "- ar: نص\n  en: text\n"
    memory.write_text("# only a comment\n[]\n", encoding="utf-8")
    merge_into_memory(memory, [("نص", "text")])
    assert memory.read_text(encoding="utf-8") == "# only a comment\n- ar: نص\n  en: text\n"


def test_cli_export_and_import(project, tmp_path):
    runner = CliRunner()
    out = tmp_path / "export.po"
    result = runner.invoke(cli, ["translate", "export", "--project", str(project), "-o", str(out)])
    assert result.exit_code == 0, result.output
    po = polib.pofile(str(out))
    assert "exported" in result.output
    pending = [e for e in po if not e.msgstr]
    if not pending:
        pytest.skip("the fixture project has no untranslated segment")
    pending[0].msgstr = "A reviewed sentence."
    po.save(str(out))
    result = runner.invoke(cli, ["translate", "import", "--project", str(project), str(out)])
    assert result.exit_code == 0, result.output
    assert "1 added" in result.output
    result = runner.invoke(cli, ["translate", "export", "--project", str(project), "--format", "xliff"])
    assert result.exit_code == 0
    sources = re.findall(r'<source xml:space="preserve">(.*?)</source>', result.stdout, re.S)
    assert sources and pending[0].msgid not in sources


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_chunking_never_exceeds_the_limit_or_loses_text():
    import random

    rng = random.Random(1)
    words = "وقال المتحدث، إن القوات الأمنية انتشرت في الأحياء. الجنوبية للمدينة؟ بلامسافاتبلامسافاتبلامسافاتبلامسافات\n".split(
        " "
    )
    for _ in range(300):
        text = " ".join(rng.choice(words) for _ in range(rng.randint(1, 120)))
        limit = rng.randint(5, 200)
        chunks = chunk_text(text, limit)
        assert all(0 < len(c.text) <= limit for c in chunks)
        assert "".join("".join(c.text for c in chunks).split()) == "".join(text.split())
