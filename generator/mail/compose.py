"""The emailed digest: one day's stories as a ``multipart/alternative`` message.

The HTML part is built for mail clients, not browsers: a 600 px table layout
from ``templates/email/``, its CSS inlined with css-inline (clients such as
Gmail and Outlook drop ``<head>`` styles), and only the ``@media`` rules kept
in a ``<style>`` block for the clients that honour dark mode and narrow
screens.  Arabic tables and cells carry ``dir="rtl"`` themselves because
clients throw away the attributes of the root ``<html>`` element.

Everything here is deterministic: the Date header is the digest's day at a
fixed hour in ``config.timezone`` and the Message-ID is derived from date,
language and list id, so composing the same day twice gives the same message.

``lang="both"`` gives ONE email holding the Arabic section and then the
English one: a reader of either language gets one message a day, not two.
"""

from __future__ import annotations

import copy
import datetime as dt
import email.policy
import email.utils
import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from email.header import Header
from email.headerregistry import Address
from email.message import EmailMessage
from zoneinfo import ZoneInfo

import css_inline
import jinja2
from markupsafe import Markup, escape

from ..text import arabic
from ..config import Config
from ..errors import EmailError
from ..briefs.eventline import format_event_line
from ..i18n import formatter
from ..models import BilingualBrief, Digest, Problem, TranslatedText
from ..stories.notes import template_helpers as note_helpers
from ..safety import safe_url, url_problem
from ..site.templating import render_template, template_environment
from ..site.urls import absolute_url, brief_path, digest_path, note_target_path
from ..briefs.sources import load_registry
from ..site.theme_lookup import load_theme_translations

LANGS = ("ar", "en", "both")
# Gmail clips HTML bodies above ~102 KB ("[Message clipped]"); stay well under.
GMAIL_CLIP_BYTES = 102 * 1024
HTML_BUDGET_BYTES = 90_000
# The Date header: the digest's day at this hour in config.timezone (never now()).
SEND_TIME = dt.time(7, 0)
SUBJECT_MAX = 110  # characters; long subjects are cut at a word boundary

FSI, PDI = "\u2068", "\u2069"  # first-strong isolate / pop directional isolate

# A conservative addr-spec: ASCII only (no SMTPUTF8), a dotted domain, nothing
# that could close a header or start a new address.
_ADDRESS_RE = re.compile(
    r"^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?"
    r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+$"
)
_LIST_ID_RE = re.compile(r"^[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+$")
# Characters that end or split a header line in some parser: CR, LF, NUL and
# the Unicode line separators that some clients also break on.
_LINE_BREAKS = re.compile("[\r\n\x00\x85\u2028\u2029]")
_URL_FORBIDDEN = re.compile(r"[\s<>\"'\\,]")
_SCHEME_RE = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")  # an email link must be absolute


# --- header safety ------------------------------------------------------------------


def check_header_value(name: str, value: str) -> str:
    """Refuse a value that would start a new header line (header injection)."""
    if _LINE_BREAKS.search(value):
        raise EmailError(f"{name}: must not contain a line break (header injection?): {value!r}")
    return value


def check_address(address: str, name: str = "address") -> str:
    """A plain ASCII addr-spec, or EmailError naming *name*."""
    check_header_value(name, address)
    address = address.strip()
    if not _ADDRESS_RE.match(address) or ".." in address:
        raise EmailError(f"{name}: not a valid email address: {address!r}")
    return address


def check_url(name: str, url: str, schemes: tuple[str, ...] = ("https",)) -> str:
    check_header_value(name, url)
    if url_problem(url, schemes=schemes) or not _SCHEME_RE.match(url) or _URL_FORBIDDEN.search(url):
        raise EmailError(f"{name}: expected an {' or '.join(schemes)} URL without spaces or quotes, got {url!r}")
    return url


def subject_text(text: str) -> str:
    """Content (a headline) made safe for the Subject: line breaks, control
    and bidi-override characters become spaces, whitespace collapses."""
    cleaned = "".join(" " if unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp") else ch for ch in text)
    return " ".join(cleaned.split())


def _shorten(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if " " in cut:
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(" ·:—-") + "…"


# --- bidi filters -------------------------------------------------------------------


def html_bidi(text: str | None) -> Markup:
    """Escape *text*; inside Arabic, wrap Latin runs in ``<span dir="ltr">``.

    The site uses ``<bdi>``, which several mail clients drop; a span with
    ``dir`` survives everywhere and ``unicode-bidi:isolate`` upgrades it to
    an isolate where CSS is honoured."""
    if not text:
        return Markup("")
    return Markup(
        arabic.isolate_runs(
            text, lambda run: f'<span dir="ltr" style="unicode-bidi:isolate">{escape(run)}</span>', lambda rest: str(escape(rest))
        )
    )


def html_name(text: str | None) -> Markup:
    """A name that may be in either script (an outlet), isolated in its own
    direction: "Unknown outlet (seed 000)" inside Arabic otherwise shows its
    closing parenthesis on the wrong side."""
    if not text:
        return Markup("")
    direction = "rtl" if arabic.is_arabic(text) else "ltr"
    return Markup(f'<span dir="{direction}" style="unicode-bidi:isolate">{html_bidi(text)}</span>')


def text_bidi(text: str | None) -> str:
    """Plain-text counterpart: Latin runs inside Arabic between FSI and PDI."""
    return arabic.isolate_runs(text, lambda run: f"{FSI}{run}{PDI}") if text else ""


def text_isolate(text: str | None) -> str:
    """A whole run of the other script (Arabic original in English text)."""
    return f"{FSI}{text_bidi(text)}{PDI}" if text else ""


# --- the composed email -------------------------------------------------------------


@dataclass(frozen=True)
class ComposedEmail:
    date: dt.date
    lang: str  # ar, en or both
    message: EmailMessage  # without To: see for_recipient()
    html: str
    text: str
    full_stories: int  # stories shown in full
    linked_stories: int  # stories listed as headline links (when the day is too big)
    total_stories: int
    problems: tuple[Problem, ...] = field(default=(), compare=False)

    @property
    def message_id(self) -> str:
        return self.message["Message-ID"]

    @property
    def subject(self) -> str:
        return str(self.message["Subject"])

    @property
    def html_bytes(self) -> int:
        return len(self.html.encode("utf-8"))

    def for_recipient(self, address: str) -> EmailMessage:
        """A copy addressed to one reader (newsletters send one message per
        recipient so that no reader sees the others' addresses)."""
        msg = copy.deepcopy(self.message)
        msg["To"] = check_address(address, "recipient")
        return msg


def message_id(config: Config, day: dt.date, lang: str) -> str:
    """Stable across reruns so a resend is recognisable (and threads in clients)."""
    list_id = config.email.list_id
    digest = hashlib.sha256(f"{day.isoformat()}|{lang}|{list_id}".encode()).hexdigest()[:16]
    return f"<briefing.{day.isoformat()}.{lang}.{digest}@{list_id}>"


def message_date(config: Config, day: dt.date) -> str:
    return email.utils.format_datetime(dt.datetime.combine(day, SEND_TIME, tzinfo=ZoneInfo(config.timezone)))


def _absolute_base(config: Config) -> str:
    base = config.base_url
    if not re.match(r"^https?://[^/\s]+", base):
        raise EmailError(f"base_url: links in an email must be absolute (https://...), got {base!r}")
    return base if base.endswith("/") else base + "/"


def _safe_content_url(url: str | None) -> str | None:
    """An article's own address, if it is an http(s) URL (never javascript: etc.)."""
    url = safe_url(url, schemes=("http", "https"))
    if url and _SCHEME_RE.match(url) and not _URL_FORBIDDEN.search(url):
        return url
    return None


def _unsubscribe_targets(config: Config) -> tuple[str | None, str | None]:
    settings = config.email
    https = check_url("email.unsubscribe_url", settings.unsubscribe_url) if settings.unsubscribe_url else None
    mailto = None
    if settings.unsubscribe_mailto:
        raw = check_header_value("email.unsubscribe_mailto", settings.unsubscribe_mailto.strip())
        if raw.lower().startswith("mailto:"):
            mailto = check_url("email.unsubscribe_mailto", raw, ("mailto",))
            check_address(mailto[len("mailto:") :].split("?", 1)[0], "email.unsubscribe_mailto")
        else:
            mailto = f"mailto:{check_address(raw, 'email.unsubscribe_mailto')}?subject=unsubscribe"
    return https, mailto


def _sender(config: Config, display: str) -> Address:
    raw = check_header_value("email.sender", config.email.sender)
    name, addr = email.utils.parseaddr(raw)
    try:
        username, _, domain = check_address(addr, "email.sender").partition("@")
    except EmailError:
        raise EmailError(
            f"email.sender: expected 'address@domain' or 'Name <address@domain>' (quote a name that holds a comma), got {raw!r}"
        ) from None
    return Address(display_name=subject_text(name or display), username=username, domain=domain)


def encode_header_text(name: str, text: str) -> str:
    """*text* as a folded header value: ASCII as is, anything else as UTF-8
    RFC 2047 encoded words, folded for ``set_raw``."""
    check_header_value(name, text)
    charset = "us-ascii" if text.isascii() else "utf-8"
    return Header(text, charset, header_name=name).encode(linesep="\n")


def _format_sender(sender: Address) -> str:
    name = sender.display_name
    if not name:
        return sender.addr_spec
    if name.isascii():
        return str(sender)  # quotes specials as needed
    encoded = Header(name, "utf-8").encode(linesep="\n")
    return f"{encoded}\n <{sender.addr_spec}>"


class _Renderer:
    """Templates for one composition: an environment per language so that
    each section gets its own gettext catalog."""

    def __init__(self, config: Config, langs: tuple[str, ...]):
        self.config = config
        self.base = _absolute_base(config)
        self.problems: list[Problem] = []
        self.envs: dict[str, jinja2.Environment] = {}
        self.registry, _ = load_registry(config.content_path)  # its problems are reported by the build
        for lang in langs + ("en",):
            if lang in self.envs:
                continue
            translations, found = load_theme_translations(config, lang)
            self.problems.extend(p for p in found if "untranslated" not in p.message)
            env = template_environment(config, translations)
            env.filters["bidi"] = html_bidi
            env.filters["name"] = html_name
            env.filters["text_bidi"] = text_bidi
            env.filters["isolate"] = text_isolate
            self.envs[lang] = env

    def context(self, lang: str, digest: Digest, full: int, links: int, unsubscribe: str | None) -> dict:
        config = self.config
        language = config.language(lang)
        fmt = formatter(language.locale, lang, config.digits)
        base = self.base
        rtl = language.dir == "rtl"
        return {
            "config": config,
            "lang": lang,
            "dir": language.dir,
            "align": "right" if rtl else "left",
            "title": language.title,
            "digest": digest,
            "full_stories": digest.stories[:full],
            "linked_stories": digest.stories[full : full + links],
            "hidden_stories": len(digest.stories[full + links :]),
            "fmt": fmt,
            "digest_url": absolute_url(base, digest_path(lang, digest.date)),
            "brief_url": lambda item: absolute_url(base, brief_path(lang, item)),
            "content_url": _safe_content_url,
            "event_line": lambda event: format_event_line(event, lang, fmt),
            "list_id": config.email.list_id,
            "unsubscribe": unsubscribe,
            # outlets by their names in the reader's language (content/sources.yaml)
            "outlet_name": lambda name: self.registry.display(name, lang),
            **note_helpers(lang, lambda target: absolute_url(base, note_target_path(lang, target)), html_bidi, text_bidi),
        }

    def render(self, lang: str, template: str, context: dict) -> str:
        """Render, turning template mistakes into an EmailError naming file and line."""
        return render_template(self.envs[lang], template, context, EmailError)


def _inline(html: str) -> str:
    # keep_at_rules: every ordinary rule is inlined, and only the @media rules
    # (dark mode, narrow screens) stay in a <style> block for clients that use them.
    inliner = css_inline.CSSInliner(load_remote_stylesheets=False, keep_at_rules=True)
    return inliner.inline(html)


def _subject(config: Config, digest: Digest, lang: str) -> str:
    langs = ("ar", "en") if lang == "both" else (lang,)
    for code in langs:
        check_header_value(f"languages.{code}.title", config.language(code).title)
    if lang == "both":
        title = " · ".join(config.language(code).title for code in ("en", "ar"))
        return _shorten(f"{title} — {digest.date.isoformat()}", SUBJECT_MAX)
    fmt = formatter(config.language(lang).locale, lang, config.digits)
    subject = f"{config.language(lang).title} — {fmt.date(digest.date, 'long')}"
    if digest.stories:
        subject += ": " + subject_text(_headline(digest.stories[0].lead, lang))
    return _shorten(subject, SUBJECT_MAX)


def _headline(item: BilingualBrief, lang: str) -> str:
    if lang == "ar":
        return item.brief.headline
    t: TranslatedText = item.headline
    return t.text or t.source


def _render_parts(
    renderer: _Renderer, digest: Digest, langs: tuple[str, ...], full: int, links: int, subject: str, unsubscribe: str | None
) -> tuple[str, str]:
    sections_html, sections_text = [], []
    for code in langs:
        ctx = renderer.context(code, digest, full, links, unsubscribe)
        sections_html.append(Markup(renderer.render(code, "email/_section.html", ctx)))
        sections_text.append(renderer.render(code, "email/_section.txt", ctx))
    first = langs[0]
    outer = renderer.context(first, digest, full, links, unsubscribe)
    outer.update(subject=subject, sections=sections_html, langs=langs, preheader=_preheader(digest, first))
    html = _inline(renderer.render(first, "email/digest.html", outer))
    outer.update(sections=sections_text)
    text = renderer.render(first, "email/digest.txt", outer)
    return html, text


def _preheader(digest: Digest, lang: str) -> str:
    return " · ".join(subject_text(_headline(s.lead, lang)) for s in digest.stories[:3])


def compose_digest(config: Config, digest: Digest, lang: str, *, budget: int = HTML_BUDGET_BYTES) -> ComposedEmail:
    """The day's email in *lang* (ar, en or both), ready to address and send.

    When the HTML of all stories would exceed *budget* bytes (Gmail clips at
    102 KB), as many stories as fit are shown in full and the rest are listed
    as headline links to the site."""
    if lang not in LANGS:
        raise EmailError(f"--lang: expected one of {', '.join(LANGS)}, got {lang!r}")
    langs = ("ar", "en") if lang == "both" else (lang,)
    list_id = check_header_value("email.list_id", config.email.list_id)
    if not _LIST_ID_RE.match(list_id):
        raise EmailError(f"email.list_id: expected a domain-like id such as 'briefing.example.org', got {list_id!r}")
    https_unsub, mailto_unsub = _unsubscribe_targets(config)
    subject = _subject(config, digest, lang)
    display = config.language("en" if lang == "both" else lang).title
    sender = _sender(config, display)

    renderer = _Renderer(config, langs)
    unsubscribe = https_unsub or mailto_unsub
    total = len(digest.stories)

    def size(html: str) -> int:
        return len(html.encode("utf-8"))

    def largest(count: int, render) -> tuple[int, str, str] | None:
        """The largest n in 0..count whose rendering fits, by bisection (the
        size grows with n; 8 renders for 200 stories instead of 200)."""
        best = None
        lo, hi = 0, count
        while lo <= hi:
            mid = (lo + hi) // 2
            html, text = render(mid)
            if size(html) <= budget:
                best, lo = (mid, html, text), mid + 1
            else:
                hi = mid - 1
        return best

    # First as many full stories as fit, the others as headline links; if
    # even the links alone are too many, as many links as fit and a link to
    # the day's page on the site.
    full, links = total, 0
    html, text = _render_parts(renderer, digest, langs, total, 0, subject, unsubscribe)
    if size(html) > budget:
        found = largest(total - 1, lambda n: _render_parts(renderer, digest, langs, n, total - n, subject, unsubscribe))
        if found:
            full, html, text = found
            links = total - full
        else:
            found = largest(total - 1, lambda n: _render_parts(renderer, digest, langs, 0, n, subject, unsubscribe))
            if found is None:
                raise EmailError(
                    f"digest {digest.date.isoformat()}: the email exceeds {budget} bytes "
                    "even without stories (check templates/email/)"
                )
            (links, html, text), full = found, 0

    msg = EmailMessage(policy=email.policy.SMTP)
    # Subject and From are encoded here rather than by the policy: CPython's
    # folder can put the space between two words *between* RFC 2047 encoded
    # words, where decoders drop it ("مع نائب" came back as "معنائب").  The
    # compat32 Header encoder keeps every space inside an encoded word.
    msg.set_raw("Subject", encode_header_text("Subject", subject))
    msg.set_raw("From", _format_sender(sender))
    msg["Date"] = message_date(config, digest.date)
    msg["Message-ID"] = message_id(config, digest.date, lang)
    msg["List-Id"] = f"<{list_id}>"
    targets = [t for t in (https_unsub, mailto_unsub) if t]
    if targets:
        msg["List-Unsubscribe"] = ", ".join(f"<{t}>" for t in targets)
    if https_unsub:
        # RFC 8058 one-click: only meaningful with an https target
        msg["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    # Outlook/Exchange: no out-of-office replies to a list
    msg["X-Auto-Response-Suppress"] = "OOF, AutoReply"
    # base64 keeps every line short whatever the script (Arabic in
    # quoted-printable triples in size and is no more readable).
    msg.set_content(text, subtype="plain", charset="utf-8", cte="base64")
    msg.add_alternative(html, subtype="html", charset="utf-8", cte="base64")
    # after add_alternative, which moves Content-* headers into the first part
    msg["Content-Language"] = ", ".join(langs)
    # A fixed boundary keeps reruns byte-identical; "=_" cannot occur in base64 bodies.
    msg.set_boundary("=_briefing_" + hashlib.sha256(msg["Message-ID"].encode()).hexdigest()[:24])

    problems = list(renderer.problems)
    if not targets:
        problems.append(
            Problem(
                "briefing.toml",
                None,
                "email.unsubscribe_url: not set: the email has no List-Unsubscribe header, and sending is refused",
                "warning",
            )
        )
    elif not https_unsub:
        problems.append(
            Problem(
                "briefing.toml",
                None,
                "email.unsubscribe_url: not set: no one-click unsubscribe (Gmail and Yahoo expect it from bulk senders)",
                "warning",
            )
        )
    if full < total:
        problems.append(
            Problem(
                f"digest {digest.date.isoformat()}",
                None,
                f"{lang}: {full} of {total} stories in full, {links} as links only, "
                f"{total - full - links} on the site only (the HTML would exceed {budget} bytes)",
                "warning",
            )
        )
    return ComposedEmail(digest.date, lang, msg, html, text, full, links, total, tuple(problems))


__all__ = [
    "ComposedEmail",
    "compose_digest",
    "check_address",
    "check_header_value",
    "check_url",
    "subject_text",
    "html_bidi",
    "text_bidi",
    "message_id",
    "message_date",
    "GMAIL_CLIP_BYTES",
    "HTML_BUDGET_BYTES",
    "LANGS",
]
