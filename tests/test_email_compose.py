"""Composing the emailed digest: MIME structure, headers, determinism,
header injection, the plain-text part and the `briefing email` command.

These tests build Digest objects directly (`demo_day_digest`, shaped like
the demo day 2025-09-10 but with the cases the demo lacks: an event line, a
story from two outlets, pending and machine translations, Latin inside
Arabic), so they do not depend on the pipeline; test_email_render runs the
real pipeline on the demo project once.  The other email test modules
import the factory from here."""

from __future__ import annotations

import datetime as dt
import email
import email.policy
from dataclasses import replace
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import cli
from generator.commands import email as email_command
from generator.config import parse_config
from generator.errors import EmailError
from generator.mail.compose import FSI, PDI, compose_digest, message_id, subject_text
from generator.models import (
    Actor,
    Article,
    BilingualBrief,
    Brief,
    Digest,
    EventLine,
    KeyPoint,
    Place,
    Sentence,
    Story,
    TranslatedText,
)

REPO = Path(__file__).resolve().parent.parent
DAY = dt.date(2025, 9, 10)


# --- factory ------------------------------------------------------------------------


def email_config(tmp_path: Path, **email_overrides):
    data = {
        "base_url": "https://example.github.io/briefing/",
        "templates_dir": str(REPO / "templates"),
        "languages": {"ar": {"title": "الموجز الليبي اليومي"}, "en": {"title": "Libya Daily Briefing"}},
        "email": {
            "sender": "briefing@example.org",
            "list_id": "briefing.example.org",
            "unsubscribe_url": "https://example.org/unsubscribe",
            "unsubscribe_mailto": "unsubscribe@example.org",
            "recipients_file": "recipients.txt",
            "smtp_host": "127.0.0.1",
            "send_log": ".briefing-cache/sent.jsonl",
            **email_overrides,
        },
    }
    config, problems = parse_config(data, tmp_path)
    assert not [p for p in problems if p.severity == "error"], problems
    return config


def machine(source: str, text: str) -> TranslatedText:
    return TranslatedText(source, text, "machine", "google")


def make_brief(
    slug: str,
    source: str,
    headline_ar: str,
    headline: TranslatedText,
    points: list[tuple[str, TranslatedText]],
    *,
    url: str | None = None,
    event: EventLine | None = None,
    day: dt.date = DAY,
) -> BilingualBrief:
    article = Article(
        path=f"content/articles/{day}/{slug}.md",
        slug=slug,
        title=headline_ar,
        date=day,
        source=source,
        url=url,
        lang="ar",
        body="",
        body_line=1,
    )
    sentences = tuple(Sentence(i, ar, 0) for i, (ar, _) in enumerate(points))
    brief = Brief(
        article=article,
        headline=headline_ar,
        sentences=sentences,
        key_points=tuple(KeyPoint(i, ar) for i, (ar, _) in enumerate(points)),
        event=event,
    )
    return BilingualBrief(brief, headline, tuple(t for _, t in points), tuple(t for _, t in points))


ZOUBI = Actor(
    "abdulsalam-al-zoubi",
    "person",
    "Abdulsalam al-Zoubi",
    "عبدالسلام الزوبي",
    "Undersecretary of Defence, GNU",
    "وكيل وزارة الدفاع",
)
BRENNAN = Actor(
    "john-brennan", "person", "John Brennan", "جون برينان", "Deputy Commander, AFRICOM", "نائب قائد أفريكوم", "Lt Gen", "الفريق"
)
TRIPOLI = Place("tripoli", "Tripoli", "طرابلس")


def demo_day_digest() -> Digest:
    """The demo day's two stories: machine translations, one pending key
    point, an event line, a story reported by two outlets, Latin inside Arabic."""
    zoubi_head = "الزوبي يبحث مع نائب قائد أفريكوم (AFRICOM) تعزيز التعاون الأمني"
    zoubi_points = [
        (
            "بحث وكيل وزارة الدفاع عبدالسلام الزوبي مع الفريق جون برينان سبل تعزيز التعاون الأمني والعسكري بين ليبيا والولايات المتحدة.",
            machine(
                "",
                "Defence Undersecretary Abdulsalam al-Zoubi discussed with Lt Gen John Brennan ways to strengthen security and military cooperation between Libya and the United States.",
            ),
        ),
        (
            "جاء ذلك خلال لقاء رسمي جرى اليوم الأربعاء وفق بيان صادر عن وزارة الدفاع الليبية.",
            machine(
                "", "This came during an official meeting held on Wednesday, according to a Libyan Ministry of Defence statement."
            ),
        ),
        (
            "وشارك رئيس مؤسسة النفط في مؤتمر Gastec بميلانو.",
            TranslatedText("وشارك رئيس مؤسسة النفط في مؤتمر Gastec بميلانو.", None, "pending"),
        ),
    ]
    lead = make_brief(
        "zoubi-brennan-security-talks",
        "Unknown outlet (seed 000)",
        zoubi_head,
        machine(zoubi_head, "Al-Zoubi and AFRICOM deputy commander discuss security cooperation"),
        zoubi_points,
        event=EventLine("meeting", TRIPOLI, DAY, ZOUBI, (BRENNAN,)),
    )
    second = make_brief(
        "libya-us-talks-tripoli",
        "Libya Observer",
        zoubi_head,
        TranslatedText(zoubi_head, "Libya and the US hold security talks in Tripoli", "reviewed"),
        zoubi_points[:2],
        url="https://www.libyaobserver.ly/news/libya-us-talks",
    )
    haftar_head = "الفريق “خالد حفتر” يفتح آفاق التعاون العسكري مع المملكة المتحدة"
    haftar_points = [
        (
            "اجتمع الفريق ركن خالد حفتر رئيس أركان الوحدات الأمنية مع الوفد رفيع المستوى من المملكة المتحدة.",
            machine(
                "",
                "Lt Gen Khaled Haftar, chief of staff of the security units, met a high-level delegation from the United Kingdom.",
            ),
        ),
        (
            "بحث المجتمعون سبل تعزيز التعاون العسكري والأمني بين ليبيا والمملكة المتحدة.",
            TranslatedText("بحث المجتمعون سبل تعزيز التعاون العسكري والأمني بين ليبيا والمملكة المتحدة.", None, "pending"),
        ),
    ]
    haftar = make_brief(
        "khaled-haftar-uk-delegation",
        "Akhbar Libya 24",
        haftar_head,
        TranslatedText(haftar_head, None, "pending"),
        haftar_points,
        url="https://akhbarlibya24.net/khaled-haftar-uk",
    )
    return Digest(DAY, (Story("s1", (lead, second)), Story("s2", (haftar,))))


def big_digest(n: int = 200) -> Digest:
    """A day far too big for one email: n stories with long key points."""
    stories = []
    for i in range(n):
        head = f"خبر رقم {i} عن الأمن في طرابلس وبنغازي وسبها مع تفاصيل إضافية"
        points = [
            (
                f"جملة مفتاحية {j} في الخبر {i}: " + "تعزيز التعاون الأمني والعسكري " * 6,
                machine("", f"Key sentence {j} of story {i}: " + "strengthening security and military cooperation " * 4),
            )
            for j in range(4)
        ]
        stories.append(
            Story(f"s{i}", (make_brief(f"story-{i}", "Outlet", head, machine(head, f"Story {i} about security"), points),))
        )
    return Digest(DAY, tuple(stories))


def parse(msg) -> email.message.EmailMessage:
    return email.message_from_bytes(msg.as_bytes(policy=email.policy.SMTP), policy=email.policy.default)


# --- MIME structure and headers ----------------------------------------------------


def test_message_is_alternative_with_plain_text_first(tmp_path):
    composed = compose_digest(email_config(tmp_path), demo_day_digest(), "ar")
    back = parse(composed.message)
    assert back.get_content_type() == "multipart/alternative"
    parts = list(back.iter_parts())
    assert [p.get_content_type() for p in parts] == ["text/plain", "text/html"]
    assert all(p.get_content_charset() == "utf-8" for p in parts)
    assert "الموجز الليبي اليومي" in parts[0].get_content()
    assert parts[1].get_content().replace("\r\n", "\n").rstrip() == composed.html.rstrip()


def test_arabic_subject_is_rfc2047_encoded_and_parses_back(tmp_path):
    composed = compose_digest(email_config(tmp_path), demo_day_digest(), "ar")
    raw = composed.message.as_bytes(policy=email.policy.SMTP)
    header_block = raw.split(b"\r\n\r\n", 1)[0].decode("ascii")  # headers are pure ASCII on the wire
    subject_raw = header_block.split("Subject:", 1)[1].split("\r\nFrom:", 1)[0]
    assert "=?utf-8?" in subject_raw and subject_raw.rstrip().endswith("?=")
    back = parse(composed.message)
    assert back["Subject"] == composed.subject
    assert back["Subject"].startswith("الموجز الليبي اليومي — 10 سبتمبر 2025: الزوبي")


def test_list_and_unsubscribe_headers(tmp_path):
    back = parse(compose_digest(email_config(tmp_path), demo_day_digest(), "en").message)
    assert back["List-Id"] == "<briefing.example.org>"
    assert back["List-Unsubscribe"] == ("<https://example.org/unsubscribe>, <mailto:unsubscribe@example.org?subject=unsubscribe>")
    assert back["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert back["From"].addresses[0].addr_spec == "briefing@example.org"
    assert back["From"].addresses[0].display_name == "Libya Daily Briefing"
    assert back["To"] is None  # addressed per recipient at sending time


def test_one_click_header_needs_an_https_target(tmp_path):
    config = email_config(tmp_path)
    config = replace(config, email=replace(config.email, unsubscribe_url=None))
    composed = compose_digest(config, demo_day_digest(), "en")
    assert composed.message["List-Unsubscribe"] == "<mailto:unsubscribe@example.org?subject=unsubscribe>"
    assert composed.message["List-Unsubscribe-Post"] is None
    assert any("one-click" in p.message for p in composed.problems)


def test_date_and_message_id_are_deterministic(tmp_path):
    config = email_config(tmp_path)
    first = compose_digest(config, demo_day_digest(), "ar")
    second = compose_digest(config, demo_day_digest(), "ar")
    assert first.message.as_bytes() == second.message.as_bytes()
    assert first.message["Date"] == "Wed, 10 Sep 2025 07:00:00 +0200"  # Africa/Tripoli, not now()
    assert first.message_id == message_id(config, DAY, "ar")
    assert first.message_id.startswith("<briefing.2025-09-10.ar.") and first.message_id.endswith("@briefing.example.org>")
    english = compose_digest(config, demo_day_digest(), "en")
    assert english.message_id != first.message_id


def test_both_is_one_email_arabic_then_english(tmp_path):
    composed = compose_digest(email_config(tmp_path), demo_day_digest(), "both")
    assert composed.message["Content-Language"] == "ar, en"
    assert composed.html.index('class="section section-ar"') < composed.html.index('class="section section-en"')
    assert composed.text.index("الموجز الليبي اليومي") < composed.text.index("Libya Daily Briefing")
    assert ".both." in composed.message_id


def test_unknown_language_is_refused(tmp_path):
    with pytest.raises(EmailError, match="--lang"):
        compose_digest(email_config(tmp_path), demo_day_digest(), "fr")


def test_relative_base_url_is_refused(tmp_path):
    config = replace(email_config(tmp_path), base_url="/")
    with pytest.raises(EmailError, match="base_url"):
        compose_digest(config, demo_day_digest(), "en")


# --- header injection ---------------------------------------------------------------


@pytest.mark.parametrize(
    "field, value",
    [
        ("sender", "briefing@example.org\r\nBcc: victim@example.com"),
        ("list_id", "briefing.example.org\nX-Evil: 1"),
        ("unsubscribe_url", "https://example.org/u\r\nBcc: victim@example.com"),
        ("unsubscribe_mailto", "u@example.org\nBcc: victim@example.com"),
    ],
)
def test_line_breaks_in_config_headers_raise_naming_the_field(tmp_path, field, value):
    config = email_config(tmp_path)
    # parse_config already refuses these; a Config built in code must be refused too
    config = replace(config, email=replace(config.email, **{field: value}))
    with pytest.raises(EmailError, match=rf"email\.{field}: must not contain a line break"):
        compose_digest(config, demo_day_digest(), "ar")


def test_line_break_in_site_title_raises(tmp_path):
    config = email_config(tmp_path)
    bad = tuple(replace(lang, title="Briefing\r\nBcc: x@example.com") if lang.code == "en" else lang for lang in config.languages)
    with pytest.raises(EmailError, match=r"languages\.en\.title"):
        compose_digest(replace(config, languages=bad), demo_day_digest(), "en")


def test_headline_with_line_breaks_cannot_add_headers(tmp_path):
    digest = demo_day_digest()
    lead = digest.stories[0].lead
    evil = replace(lead, headline=TranslatedText("x", "Talks\r\nBcc: victim@example.com\n\nbody", "reviewed"))
    digest = replace(digest, stories=(replace(digest.stories[0], briefs=(evil,)),) + digest.stories[1:])
    composed = compose_digest(email_config(tmp_path), digest, "en")
    back = parse(composed.message)
    assert back["Bcc"] is None
    assert back["Subject"].endswith("Talks Bcc: victim@example.com body")


def test_subject_text_removes_controls_and_bidi_overrides():
    assert subject_text("a\u202eb\u2028c\td\x00e") == "a b c d e"


def test_recipient_with_line_break_is_refused(tmp_path):
    composed = compose_digest(email_config(tmp_path), demo_day_digest(), "en")
    with pytest.raises(EmailError, match="recipient"):
        composed.for_recipient("reader@example.org\r\nBcc: victim@example.com")
    assert composed.for_recipient("reader@example.org")["To"] == "reader@example.org"


# --- the plain-text part ------------------------------------------------------------


def test_plain_text_is_a_reading_version(tmp_path):
    text = compose_digest(email_config(tmp_path), demo_day_digest(), "en").text
    assert "1. Al-Zoubi and AFRICOM deputy commander discuss security cooperation [machine translation (google)]" in text
    assert "Meeting · Tripoli · Wed 10 Sep 2025 — Abdulsalam al-Zoubi" in text
    assert "  - Defence Undersecretary Abdulsalam al-Zoubi" in text
    assert f"also reported by: {FSI}Libya Observer{PDI}" in text
    assert "https://example.github.io/briefing/en/2025-09-10/zoubi-brennan-security-talks/" in text
    assert "original article: https://akhbarlibya24.net/khaled-haftar-uk" in text
    assert "Unsubscribe: https://example.org/unsubscribe" in text
    # a pending headline shows the Arabic original, isolated inside the English line
    assert f"2. {FSI}الفريق “خالد حفتر”" in text and "[awaiting translation]" in text


def test_plain_text_isolates_latin_inside_arabic(tmp_path):
    text = compose_digest(email_config(tmp_path), demo_day_digest(), "ar").text
    assert f"أفريكوم ({FSI}AFRICOM{PDI}) تعزيز" in text
    assert f"مؤتمر {FSI}Gastec{PDI} بميلانو" in text


# --- the command --------------------------------------------------------------------


@pytest.fixture
def fake_build(monkeypatch):
    """`briefing email` gets its digests from the build; stand the build in
    with the factory digest so the command is tested whatever state the
    pipeline stages are in (test_demo covers the real build)."""
    calls = []

    def load_digests(config, day, *, offline):
        calls.append({"day": day, "offline": offline})
        return [demo_day_digest()], []

    monkeypatch.setattr(email_command, "load_digests", load_digests)
    return calls


def write_project(tmp_path: Path) -> Path:
    root = tmp_path / "proj"
    root.mkdir()
    (root / "briefing.toml").write_text(
        'base_url = "https://example.github.io/briefing/"\n'
        f'templates_dir = "{(REPO / "templates").as_posix()}"\n'
        '[email]\nunsubscribe_url = "https://example.org/unsubscribe"\n',
        encoding="utf-8",
    )
    return root


def test_dry_run_writes_eml_and_html_preview(tmp_path, fake_build):
    root = write_project(tmp_path)
    result = CliRunner().invoke(cli, ["email", "-p", str(root), "--date", "2025-09-10", "--lang", "both", "--dry-run"])
    assert result.exit_code == 0, result.output
    out = root / "site-email"
    eml = out / "2025-09-10-both.eml"
    assert eml.exists() and (out / "2025-09-10-both.html").exists()
    back = email.message_from_bytes(eml.read_bytes(), policy=email.policy.default)
    assert [p.get_content_type() for p in back.iter_parts()] == ["text/plain", "text/html"]
    assert fake_build[0] == {"day": DAY, "offline": True}
    assert "2025-09-10-both.eml" in result.output


def test_dry_run_per_language_into_chosen_folder(tmp_path, fake_build):
    root = write_project(tmp_path)
    out = tmp_path / "preview"
    for lang in ("ar", "en"):
        result = CliRunner().invoke(
            cli, ["email", "-p", str(root), "--date", "2025-09-10", "--lang", lang, "--dry-run", "--out", str(out)]
        )
        assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == [
        "2025-09-10-ar.eml",
        "2025-09-10-ar.html",
        "2025-09-10-en.eml",
        "2025-09-10-en.html",
    ]


def test_a_day_without_stories_is_an_error(tmp_path, fake_build):
    root = write_project(tmp_path)
    result = CliRunner().invoke(cli, ["email", "-p", str(root), "--date", "2025-09-11", "--dry-run"])
    assert result.exit_code == 1
    assert "no stories dated 2025-09-11" in result.output


def test_reported_by_names_the_outlet_in_the_readers_language(tmp_path):
    """The outlet registry (content/sources.yaml) names outlets in each
    language, in the email as on the site; an unregistered name stays as written."""
    (tmp_path / "content").mkdir()
    (tmp_path / "content" / "sources.yaml").write_text(
        "outlets:\n"
        "  - id: akhbar-libya-24\n"
        "    en: Akhbar Libya 24\n"
        "    ar: أخبار ليبيا 24\n"
        "    kind: news-site\n"
        "    country: LY\n",
        encoding="utf-8",
    )
    config = email_config(tmp_path)
    arabic = parse(compose_digest(config, demo_day_digest(), "ar").message)
    html = arabic.get_body(("html",)).get_content()
    text = arabic.get_body(("plain",)).get_content()
    assert "أخبار ليبيا 24" in html and "Akhbar Libya 24" not in html
    assert "أخبار ليبيا 24" in text and "Akhbar Libya 24" not in text
    english = parse(compose_digest(config, demo_day_digest(), "en").message)
    assert "Akhbar Libya 24" in english.get_body(("html",)).get_content()
    assert "Libya Observer" in text  # not in the registry: as written
