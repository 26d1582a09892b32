"""``briefing.toml``: the project's one configuration file.

Validation follows MkDocs: every option is declared once with its type and
default, every problem is gathered before we stop, and each message names the
key (``briefing.toml: translate.engine: unknown engine 'gogle' ...``).
Unknown keys are warnings, not errors, so a typo never silently changes
behaviour but an older file still builds.
"""
from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from .errors import ConfigError
from .models import Problem

CONFIG_NAME = "briefing.toml"

# Engines are registered in generator.translation; the names are listed here
# too so that configuration can be validated without importing network code.
ENGINE_NAMES = ("none", "memory", "google", "mymemory", "microsoft", "qcri", "libre", "ctranslate2")


@dataclass(frozen=True)
class Language:
    code: str
    dir: str  # "rtl" or "ltr"
    title: str  # site title in this language
    locale: str  # Babel locale for dates and numbers


@dataclass(frozen=True)
class LibreSettings:
    url: str = "https://libretranslate.com/"
    api_key_env: str = "LIBRETRANSLATE_API_KEY"


@dataclass(frozen=True)
class TranslateSettings:
    engine: str = "google"  # the machine engine tried after memory and cache
    fallback: tuple[str, ...] = ()  # further engines, in order, if the first fails
    timeout: float = 15.0  # seconds per request
    retries: int = 3  # on 429 and 5xx
    backoff: float = 1.0  # seconds before the first retry, doubled each time
    failure_threshold: int = 3  # consecutive failures that open an engine's circuit
    max_rate: float = 5.0  # requests per second, per engine
    concurrency: int = 4
    cache_dir: str = ".briefing-cache"
    libre: LibreSettings = LibreSettings()
    ctranslate2_model: str | None = None  # folder of a converted model
    microsoft_region: str | None = None
    offline: bool = False  # never call a network engine (set by --offline)


@dataclass(frozen=True)
class EmailSettings:
    sender: str = "briefing@example.org"
    list_id: str = "briefing.example.org"
    unsubscribe_url: str | None = None
    unsubscribe_mailto: str | None = None
    recipients_file: str = "recipients.txt"
    smtp_host: str = "localhost"
    smtp_port: int = 587
    smtp_security: str = "starttls"  # starttls, tls, none
    username_env: str = "BRIEFING_SMTP_USERNAME"
    password_env: str = "BRIEFING_SMTP_PASSWORD"
    send_log: str = ".briefing-cache/sent.jsonl"


@dataclass(frozen=True)
class PublishSettings:
    remote: str = "origin"
    branch: str = "gh-pages"
    cname: str | None = None


@dataclass(frozen=True)
class Config:
    root: Path
    base_url: str
    languages: tuple[Language, ...]
    content_dir: str = "content"
    output_dir: str = "site"
    templates_dir: str = "templates"
    timezone: str = "Africa/Tripoli"
    digits: str = "western"  # digit policy on Arabic pages: "western" or "arabic-indic"
    focus: str = "libya"  # gazetteer id of the country the digest is about; "" keeps every country
    translate: TranslateSettings = TranslateSettings()
    email: EmailSettings = EmailSettings()
    publish: PublishSettings = PublishSettings()
    path: Path | None = None

    @property
    def content_path(self) -> Path:
        return self.root / self.content_dir

    @property
    def output_path(self) -> Path:
        return self.root / self.output_dir

    @property
    def templates_path(self) -> Path:
        return self.root / self.templates_dir

    @property
    def cache_path(self) -> Path:
        return self.root / self.translate.cache_dir

    def language(self, code: str) -> Language:
        for lang in self.languages:
            if lang.code == code:
                return lang
        raise KeyError(code)

    @property
    def title(self) -> dict[str, str]:
        return {lang.code: lang.title for lang in self.languages}


DEFAULT_LANGUAGES = (
    Language("ar", "rtl", "الموجز اليومي", "ar"),
    Language("en", "ltr", "Daily Briefing", "en_GB"),
)


# --- validation helpers -------------------------------------------------------------

@dataclass
class _Checker:
    """Collects problems while reading one table of the TOML file."""

    path: str
    problems: list[Problem] = field(default_factory=list)

    def error(self, key: str, message: str) -> None:
        self.problems.append(Problem(self.path, None, f"{key}: {message}", "error"))

    def warn(self, key: str, message: str) -> None:
        self.problems.append(Problem(self.path, None, f"{key}: {message}", "warning"))

    def take(self, table: dict, prefix: str, key: str, kind: type | tuple, default: Any,
             check: Callable[[Any], str | None] | None = None) -> Any:
        full = f"{prefix}{key}"
        if key not in table:
            return default
        value = table[key]
        kinds = kind if isinstance(kind, tuple) else (kind,)
        # bool is an int in Python; a number option must not accept true/false
        if not isinstance(value, kinds) or (isinstance(value, bool) and bool not in kinds):
            names = " or ".join(k.__name__ for k in kinds)
            self.error(full, f"expected {names}, got {type(value).__name__} {value!r}")
            return default
        if check:
            message = check(value)
            if message:
                self.error(full, message)
                return default
        return value

    def unknown(self, table: dict, prefix: str, known: set[str]) -> None:
        for key in table:
            if key not in known:
                self.warn(f"{prefix}{key}", f"unknown key (known keys: {', '.join(sorted(known))})")


def _engine_check(value: str) -> str | None:
    if value not in ENGINE_NAMES:
        return f"unknown engine {value!r} (choose one of: {', '.join(ENGINE_NAMES)})"
    return None


def _positive(value: float) -> str | None:
    return None if value > 0 else f"must be greater than 0, got {value!r}"


def _non_negative(value: float) -> str | None:
    return None if value >= 0 else f"must be 0 or more, got {value!r}"


def _one_of(*choices: str) -> Callable[[str], str | None]:
    def check(value: str) -> str | None:
        if value not in choices:
            return f"unknown value {value!r} (choose one of: {', '.join(choices)})"
        return None
    return check


def _no_newline(value: str) -> str | None:
    return "must not contain a line break" if ("\n" in value or "\r" in value) else None


def _read_languages(c: _Checker, raw: Any) -> tuple[Language, ...]:
    if raw is None:
        return DEFAULT_LANGUAGES
    if not isinstance(raw, dict) or not raw:
        c.error("languages", "expected a table of languages such as [languages.ar]")
        return DEFAULT_LANGUAGES
    defaults = {lang.code: lang for lang in DEFAULT_LANGUAGES}
    out = []
    for code, table in raw.items():
        prefix = f"languages.{code}."
        if code not in defaults:
            c.error(f"languages.{code}", "only 'ar' and 'en' are supported")
            continue
        if not isinstance(table, dict):
            c.error(f"languages.{code}", "expected a table")
            continue
        base = defaults[code]
        c.unknown(table, prefix, {"title", "dir", "locale"})
        out.append(Language(
            code=code,
            dir=c.take(table, prefix, "dir", str, base.dir, _one_of("rtl", "ltr")),
            title=c.take(table, prefix, "title", str, base.title),
            locale=c.take(table, prefix, "locale", str, base.locale),
        ))
    codes = {lang.code for lang in out}
    for code in ("ar", "en"):
        if code not in codes and not any(p.message.startswith(f"languages.{code}") for p in c.problems):
            c.error("languages", f"missing language {code!r}: a briefing site is Arabic and English")
            out.append(defaults[code])
    order = {"ar": 0, "en": 1}
    return tuple(sorted(out, key=lambda lang: order[lang.code]))


def _read_translate(c: _Checker, raw: Any) -> TranslateSettings:
    d = TranslateSettings()
    if raw is None:
        return d
    if not isinstance(raw, dict):
        c.error("translate", "expected a table")
        return d
    p = "translate."
    known = {"engine", "fallback", "timeout", "retries", "backoff", "failure_threshold",
             "max_rate", "concurrency", "cache_dir", "libre", "ctranslate2", "microsoft"}
    c.unknown(raw, p, known)
    fallback = c.take(raw, p, "fallback", list, list(d.fallback))
    good_fallback = []
    for i, name in enumerate(fallback):
        if not isinstance(name, str) or _engine_check(name):
            c.error(f"translate.fallback[{i}]", f"unknown engine {name!r} (choose one of: {', '.join(ENGINE_NAMES)})")
        else:
            good_fallback.append(name)
    libre = d.libre
    libre_raw = raw.get("libre")
    if libre_raw is not None:
        if isinstance(libre_raw, dict):
            c.unknown(libre_raw, "translate.libre.", {"url", "api_key_env"})
            libre = LibreSettings(
                url=c.take(libre_raw, "translate.libre.", "url", str, d.libre.url),
                api_key_env=c.take(libre_raw, "translate.libre.", "api_key_env", str, d.libre.api_key_env),
            )
        else:
            c.error("translate.libre", "expected a table")
    model = None
    ct2 = raw.get("ctranslate2")
    if ct2 is not None:
        if isinstance(ct2, dict):
            c.unknown(ct2, "translate.ctranslate2.", {"model"})
            model = c.take(ct2, "translate.ctranslate2.", "model", str, None)
        else:
            c.error("translate.ctranslate2", "expected a table")
    region = None
    ms = raw.get("microsoft")
    if ms is not None:
        if isinstance(ms, dict):
            c.unknown(ms, "translate.microsoft.", {"region"})
            region = c.take(ms, "translate.microsoft.", "region", str, None)
        else:
            c.error("translate.microsoft", "expected a table")
    engine = c.take(raw, p, "engine", str, d.engine, _engine_check)
    if engine == "ctranslate2" and not model:
        c.error("translate.ctranslate2.model", "the ctranslate2 engine needs the folder of a converted model")
    return TranslateSettings(
        engine=engine,
        fallback=tuple(good_fallback),
        timeout=c.take(raw, p, "timeout", (int, float), d.timeout, _positive),
        retries=c.take(raw, p, "retries", int, d.retries, _non_negative),
        backoff=c.take(raw, p, "backoff", (int, float), d.backoff, _non_negative),
        failure_threshold=c.take(raw, p, "failure_threshold", int, d.failure_threshold, _positive),
        max_rate=c.take(raw, p, "max_rate", (int, float), d.max_rate, _positive),
        concurrency=c.take(raw, p, "concurrency", int, d.concurrency, _positive),
        cache_dir=c.take(raw, p, "cache_dir", str, d.cache_dir),
        libre=libre,
        ctranslate2_model=model,
        microsoft_region=region,
    )


def _read_email(c: _Checker, raw: Any) -> EmailSettings:
    d = EmailSettings()
    if raw is None:
        return d
    if not isinstance(raw, dict):
        c.error("email", "expected a table")
        return d
    p = "email."
    fields = {
        "sender": (str, _no_newline), "list_id": (str, _no_newline),
        "unsubscribe_url": (str, _no_newline), "unsubscribe_mailto": (str, _no_newline),
        "recipients_file": (str, None), "smtp_host": (str, None), "smtp_port": (int, _positive),
        "smtp_security": (str, _one_of("starttls", "tls", "none")),
        "username_env": (str, None), "password_env": (str, None), "send_log": (str, None),
    }
    c.unknown(raw, p, set(fields))
    values = {name: c.take(raw, p, name, kind, getattr(d, name), check)
              for name, (kind, check) in fields.items()}
    return EmailSettings(**values)


def _read_publish(c: _Checker, raw: Any) -> PublishSettings:
    d = PublishSettings()
    if raw is None:
        return d
    if not isinstance(raw, dict):
        c.error("publish", "expected a table")
        return d
    p = "publish."
    c.unknown(raw, p, {"remote", "branch", "cname"})
    return PublishSettings(
        remote=c.take(raw, p, "remote", str, d.remote),
        branch=c.take(raw, p, "branch", str, d.branch),
        cname=c.take(raw, p, "cname", str, d.cname, _no_newline),
    )


def parse_config(data: dict, root: Path, path_label: str = CONFIG_NAME) -> tuple[Config, list[Problem]]:
    """Validate a parsed TOML document; return the config and every problem found."""
    c = _Checker(path_label)
    top_known = {"base_url", "languages", "content_dir", "output_dir", "templates_dir",
                 "timezone", "digits", "focus", "translate", "email", "publish"}
    c.unknown(data, "", top_known)
    base_url = c.take(data, "", "base_url", str, "/")
    if not base_url.endswith("/"):
        base_url += "/"
    timezone = c.take(data, "", "timezone", str, "Africa/Tripoli")
    try:
        import zoneinfo
        zoneinfo.ZoneInfo(timezone)
    except Exception:
        c.error("timezone", f"unknown time zone {timezone!r} (use an IANA name such as 'Africa/Tripoli')")
    config = Config(
        root=root,
        base_url=base_url,
        languages=_read_languages(c, data.get("languages")),
        content_dir=c.take(data, "", "content_dir", str, "content"),
        output_dir=c.take(data, "", "output_dir", str, "site"),
        templates_dir=c.take(data, "", "templates_dir", str, "templates"),
        timezone=timezone,
        digits=c.take(data, "", "digits", str, "western", _one_of("western", "arabic-indic")),
        focus=c.take(data, "", "focus", str, "libya"),
        translate=_read_translate(c, data.get("translate")),
        email=_read_email(c, data.get("email")),
        publish=_read_publish(c, data.get("publish")),
        path=root / CONFIG_NAME,
    )
    return config, c.problems


def load_config(root: Path) -> tuple[Config, list[Problem]]:
    """Read ``briefing.toml`` under *root*; raise ConfigError when it cannot be used."""
    path = root / CONFIG_NAME
    if not path.exists():
        raise ConfigError(f"{CONFIG_NAME}: not found in {root} (run briefing in a project folder)")
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        # tomllib reports "(at line N, column M)"; keep its wording, lead with the file
        raise ConfigError(f"{CONFIG_NAME}: error: {exc}") from exc
    config, problems = parse_config(data, root)
    errors = [p for p in problems if p.severity == "error"]
    if errors:
        raise ConfigError("\n".join(p.format() for p in problems), problems)
    return config, problems
