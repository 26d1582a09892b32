"""The UI string catalogs: every string of the templates is extracted, has
an Arabic translation (no fuzzy entries), Arabic plurals take all six CLDR
forms, and no UI text is hard-coded in one language in a template.

Update the catalogs after changing templates (see the README):

    pybabel extract -F babel.cfg --no-location --sort-output --omit-header \
        -o templates/locale/messages.pot .
    pybabel update -i templates/locale/messages.pot -d templates/locale
"""

from __future__ import annotations

import re

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po

from generator.config import parse_config
from generator.i18n import catalog_path, load_translations
from generator.site.render import make_environment

from .conftest import REPO

TEMPLATES = REPO / "templates"
PO = catalog_path(TEMPLATES, "ar")
POT = TEMPLATES / "locale" / "messages.pot"


def extracted_ids() -> set[str]:
    """What `pybabel extract -F babel.cfg` finds in the templates."""
    with (REPO / "babel.cfg").open(encoding="utf-8") as fh:
        method_map, options_map = parse_mapping_cfg(fh)
    ids = set()
    for _filename, _lineno, message, _comments, _context in extract_from_dir(str(REPO), method_map, options_map):
        ids.add(message if isinstance(message, str) else message[0])
    return ids


def catalog(path):
    with path.open("rb") as fh:
        return read_po(fh, locale="ar")


def key(message) -> str:
    return message.id if isinstance(message.id, str) else message.id[0]


def test_templates_have_ui_strings_and_babel_finds_them():
    ids = extracted_ids()
    assert {"Key points", "Search", "%(num)s story", "Page not found", "Related coverage, newest first"} <= ids


def test_pot_is_up_to_date_with_the_templates():
    pot_ids = {key(m) for m in catalog(POT) if m.id}
    assert pot_ids == extracted_ids(), "run the pybabel extract/update commands in this file's docstring"


def test_every_template_string_has_an_arabic_translation():
    po = catalog(PO)
    messages = {key(m): m for m in po if m.id}
    missing = sorted(extracted_ids() - set(messages))
    assert missing == [], f"not in {PO.name}: {missing}"
    for msgid, message in messages.items():
        assert "fuzzy" not in message.flags, f"fuzzy entry: {msgid!r}"
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        assert all(s.strip() for s in strings), f"untranslated: {msgid!r}"
        if message.pluralizable:
            assert len(strings) == 6, f"{msgid!r}: Arabic needs six plural forms"
        for placeholder in re.findall(r"%\((\w+)\)s", msgid):
            if placeholder != "num":  # the zero/one/two forms spell the number out
                assert all(f"%({placeholder})s" in s for s in strings), (msgid, placeholder)
    assert not po.obsolete


def test_catalog_declares_the_cldr_plural_rule():
    po = catalog(PO)
    assert po.num_plurals == 6
    assert po.plural_expr.replace(" ", "") == ("(n==0?0:n==1?1:n==2?2:n%100>=3&&n%100<=10?3:n%100>=0&&n%100<=2?4:5)")


def test_catalog_compiles_without_problems():
    translations, problems = load_translations(TEMPLATES, "ar")
    assert problems == []
    assert translations.gettext("Key points") == "أبرز النقاط"


@pytest.fixture(scope="module")
def arabic_env(tmp_path_factory):
    config, _ = parse_config({"templates_dir": str(TEMPLATES)}, tmp_path_factory.mktemp("p"))
    env = make_environment(config)
    translations, _ = load_translations(TEMPLATES, "ar")
    env.install_gettext_translations(translations, newstyle=True)
    return env


PLURALS = [
    # n, stories, reports, articles, results
    (0, "لا قصص", "لا تقارير", "لا مقالات", "لا نتائج"),
    (1, "قصة واحدة", "تقرير واحد", "مقال واحد", "نتيجة واحدة"),
    (2, "قصتان", "تقريران", "مقالان", "نتيجتان"),
    (3, "3 قصص", "3 تقارير", "3 مقالات", "3 نتائج"),
    (11, "11 قصة", "11 تقريرًا", "11 مقالًا", "11 نتيجة"),
    (100, "100 قصة", "100 تقرير", "100 مقال", "100 نتيجة"),
    (102, "102 قصة", "102 تقرير", "102 مقال", "102 نتيجة"),
    (105, "105 قصص", "105 تقارير", "105 مقالات", "105 نتائج"),
]


@pytest.mark.parametrize("n, stories, reports, articles, results", PLURALS, ids=[str(p[0]) for p in PLURALS])
def test_arabic_plurals_render_through_the_real_environment(arabic_env, n, stories, reports, articles, results):
    template = arabic_env.from_string(
        '{{ ngettext("%(num)s story", "%(num)s stories", n, num=n) }}|'
        '{{ ngettext("%(num)s report", "%(num)s reports", n, num=n) }}|'
        '{{ ngettext("%(num)s article", "%(num)s articles", n, num=n) }}|'
        '{{ ngettext("%(num)s result", "%(num)s results", n, num=n) }}'
    )
    assert template.render(n=n) == f"{stories}|{reports}|{articles}|{results}"


def test_english_plurals_fall_back_to_the_source_strings(tmp_path):
    config, _ = parse_config({"templates_dir": str(TEMPLATES)}, tmp_path)
    env = make_environment(config)
    translations, _ = load_translations(TEMPLATES, "en")
    env.install_gettext_translations(translations, newstyle=True)
    t = env.from_string('{{ ngettext("%(num)s story", "%(num)s stories", n, num=n) }}')
    assert [t.render(n=n) for n in (0, 1, 2)] == ["0 stories", "1 story", "2 stories"]


# Words a template may show as they are: language names in themselves (the
# language switch), the HTML doctype and the og:type value of a brief.
ALLOWED_LITERALS = {"English", "العربية", "DOCTYPE", "html", "article"}


@pytest.mark.parametrize("template", sorted(p.name for p in TEMPLATES.glob("*.html")))
def test_no_ui_text_is_hard_coded_in_a_template(template):
    text = (TEMPLATES / template).read_text(encoding="utf-8")
    # attributes people read must come from the catalog or the data
    for attr, value in re.findall(r'\b(aria-label|title|alt|placeholder|content)="([^"]*)"', text):
        literal = re.sub(r"\{\{.*?\}\}|\{%.*?%\}", "", value)
        assert (
            not re.search(r"[A-Za-z\u0600-\u06FF]{2,}", literal)
            or attr == "content"
            and literal in ("website", "article", "noindex", "width=device-width, initial-scale=1")
        ), (template, attr, value)
    # visible text: what is left outside Jinja and outside tags
    visible = re.sub(r"\{#.*?#\}|\{\{.*?\}\}|\{%.*?%\}", " ", text, flags=re.S)
    visible = re.sub(r"<(script|style)\b.*?</\1>", " ", visible, flags=re.S)
    visible = re.sub(r"<[^>]*>", " ", visible)
    words = set(re.findall(r"[A-Za-z\u0600-\u06FF]{2,}", visible)) - ALLOWED_LITERALS
    assert words == set(), f"{template}: hard-coded text {sorted(words)}"
