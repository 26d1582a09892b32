"""``briefing.toml``: the project's one configuration file.

Validation follows MkDocs: every option is declared once with its type and
default, every problem is gathered before we stop, and each message names the
key (``briefing.toml: translate.engine: unknown engine 'gogle' ...``).
Unknown keys are warnings, not errors, so a typo never silently changes
behaviour but an older file still builds.
"""

from __future__ import annotations

import re
import textwrap
import tomllib
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Callable

from .errors import ConfigError
from .models import Problem
from .safety import output_dir_conflict, url_problem

CONFIG_NAME = "briefing.toml"
# The lexicons a project keeps in its content folder (read by the brief
# stage, the translation glossary and the pages; hashed by the build store).
GAZETTEER_FILE = "gazetteer.yaml"
TAXONOMY_FILE = "topics.yaml"

# Engines are registered in generator.translation; the names are listed here
# too so that configuration can be validated without importing network code.
ENGINE_NAMES = ("none", "memory", "google", "mymemory", "microsoft", "qcri", "libre", "ctranslate2", "llm")
# Where `briefing model install` finds Argos Translate packages (a JSON list of
# package entries: from_code, to_code, package_version, links).
ARGOS_INDEX_URL = "https://raw.githubusercontent.com/argosopentech/argospm-index/main/index.json"


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
class LLMSettings:
    """An OpenAI-compatible chat-completions server (hosted, or llama.cpp/Ollama/vLLM)."""

    base_url: str = "http://127.0.0.1:8080/v1"  # llama.cpp's server default
    model: str = ""
    api_key_env: str = "BRIEFING_LLM_KEY"  # a local server needs none
    batch_size: int = 8  # segments per request


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
    ctranslate2_model: str | None = None  # folder of a converted model (else the one `briefing model` installed)
    model_index_url: str = ARGOS_INDEX_URL
    model_sha256: tuple[tuple[str, str], ...] = ()  # pinned checksums: (package, hex digest)
    llm: LLMSettings = LLMSettings()
    microsoft_region: str | None = None
    offline: bool = False  # never call a network engine (as --offline does for one run)


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
    remote: str | None = None  # never guessed: publish pushes only to a remote the user named
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
    max_article_kb: int = 256  # longer article files are cut here, with a warning
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

    def without_location(self) -> Config:
        """This configuration less where the project lies (its folder and
        file): what the build's records are keyed by, so that a project
        moved, or named by another path, keeps them."""
        return replace(self, root=Path("."), path=None)

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


# --- the schema: every key of briefing.toml, declared once ---------------------------
#
# The reader below validates against it, `briefing init` writes a commented
# briefing.toml from it and `python -m generator.config --markdown` writes
# docs/configuration.md from it (tests/test_config_reference.py keeps that file
# current).  To add a key: add an Option here, next to its table's others, and
# read it in that table's reader with ``c.take(raw, prefix, "name")``.

Check = Callable[[Any], "str | None"]


@dataclass(frozen=True)
class Option:
    key: str  # dotted, as written in the file: "translate.libre.url"
    kind: type | tuple[type, ...]
    default: Any  # None: unset
    help: str
    example: Any = None  # shown in the reference and in `briefing init`'s file
    check: Check | None = None

    @property
    def type_name(self) -> str:
        kinds = self.kind if isinstance(self.kind, tuple) else (self.kind,)
        names = {str: "string", int: "integer", float: "number", bool: "boolean", list: "array", dict: "table"}
        return " or ".join(names.get(k, k.__name__) for k in kinds)


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


_T, _E, _P = TranslateSettings(), EmailSettings(), PublishSettings()
_AR, _EN = DEFAULT_LANGUAGES

SCHEMA: tuple[Option, ...] = (
    Option(
        "base_url",
        str,
        "/",
        "Where the site is published; sub-paths work. Absolute URLs (feeds, "
        "sitemap, canonical links) are built from it; `briefing build --base-url` overrides it. An "
        "`http(s)` address or a path from the server's root.",
        "https://example.github.io/briefing/",
        lambda value: base_url_problem(value),
    ),
    Option("content_dir", str, "content", "Folder of articles (`articles/`) and lexicons, relative to the project."),
    Option(
        "output_dir",
        str,
        "site",
        "Folder the site is written to. It must not be, contain or sit inside the "
        "project root, `content_dir`, `templates_dir` or the cache, and a folder holding files briefing did "
        "not write is refused (briefing's output holds its `build.json`).",
    ),
    Option(
        "focus",
        str,
        "libya",
        "Gazetteer id of the country the digest is about: articles about other "
        "countries, listing pages and multi-story pages are left out with a warning (`briefing build "
        "--include-off-focus` keeps them). An empty string keeps every country.",
        "libya",
    ),
    Option(
        "max_article_kb",
        int,
        256,
        "Longest article file read, in KB; a longer one is cut at a line "
        "break with a warning, so one huge page cannot stall or exhaust the build.",
        512,
        _positive,
    ),
    Option(
        "templates_dir",
        str,
        "templates",
        "The project's own templates: a file here replaces the "
        "packaged theme's file of the same name (e.g. `base.html`, `static/style.css`).",
    ),
    Option(
        "timezone",
        str,
        "Africa/Tripoli",
        "IANA time zone of the news: `briefing run` without `--date` builds for today in this zone; feed and email times use it.",
    ),
    Option(
        "digits",
        str,
        "western",
        "Digits on Arabic pages: `western` (0-9, usual in Libya) or `arabic-indic`.",
        "arabic-indic",
        _one_of("western", "arabic-indic"),
    ),
    *(
        Option(f"languages.{lang.code}.{name}", str, getattr(lang, name), help_, example, check)
        for lang in DEFAULT_LANGUAGES
        for name, help_, example, check in (
            (
                "title",
                f"Site title on {'Arabic' if lang.code == 'ar' else 'English'} pages.",
                "الموجز الليبي اليومي" if lang.code == "ar" else "Libya Daily Briefing",
                None,
            ),
            ("dir", "Text direction: `rtl` or `ltr`.", lang.dir, _one_of("rtl", "ltr")),
            ("locale", "Babel locale for dates and numbers.", "ar_LY" if lang.code == "ar" else "en_US", None),
        )
    ),
    Option(
        "translate.engine",
        str,
        _T.engine,
        f"Machine engine tried after the reviewed memory and the cache: one of {', '.join(ENGINE_NAMES)}.",
        "libre",
        _engine_check,
    ),
    Option("translate.fallback", list, list(_T.fallback), "Further engines, in order, if the engine fails.", ["mymemory"]),
    Option(
        "translate.offline",
        bool,
        _T.offline,
        "Never call a network engine (as `--offline` does): unknown segments stay pending.",
        True,
    ),
    Option("translate.timeout", (int, float), _T.timeout, "Seconds per request.", 30, _positive),
    Option("translate.retries", int, _T.retries, "Retries on HTTP 429 and 5xx, with exponential backoff.", 5, _non_negative),
    Option("translate.backoff", (int, float), _T.backoff, "Seconds before the first retry, doubled each time.", 2, _non_negative),
    Option(
        "translate.failure_threshold",
        int,
        _T.failure_threshold,
        "Consecutive failures after which an engine is skipped for the rest of the build.",
        5,
        _positive,
    ),
    Option("translate.max_rate", (int, float), _T.max_rate, "Requests per second, per engine.", 2, _positive),
    Option("translate.concurrency", int, _T.concurrency, "Requests in flight at once, per engine.", 8, _positive),
    Option(
        "translate.cache_dir",
        str,
        _T.cache_dir,
        "Folder of the translation cache (and the email send log); keep it out of git.",
        ".briefing-cache",
    ),
    Option(
        "translate.libre.url",
        str,
        _T.libre.url,
        'Address of the LibreTranslate server (`engine = "libre"`); self-hosted servers work.',
        "http://127.0.0.1:5000/",
    ),
    Option(
        "translate.libre.api_key_env",
        str,
        _T.libre.api_key_env,
        "Environment variable holding the LibreTranslate API key (keys never go in this file).",
        "MY_LIBRE_KEY",
    ),
    Option(
        "translate.ctranslate2.model",
        str,
        None,
        "Folder of a converted opus-mt or Argos model for the "
        "offline `ctranslate2` engine; unset: the model `briefing model install ar-en` installed.",
        "models/opus-mt-ar-en",
    ),
    Option(
        "translate.ctranslate2.index_url",
        str,
        _T.model_index_url,
        "Package index `briefing model install` reads (Argos Translate's format).",
        "http://127.0.0.1:8000/index.json",
        _no_newline,
    ),
    Option(
        "translate.ctranslate2.sha256",
        dict,
        {},
        "Pinned SHA-256 digests of model packages, by pair; `briefing model install` refuses a download that does not match.",
        {"ar-en": "0" * 64},
    ),
    Option(
        "translate.llm.base_url",
        str,
        _T.llm.base_url,
        "OpenAI-compatible server of the `llm` engine "
        "(`/v1/chat/completions` is appended); a local llama.cpp, Ollama or vLLM server works.",
        "http://127.0.0.1:8080/v1",
        _no_newline,
    ),
    Option(
        "translate.llm.model",
        str,
        _T.llm.model,
        "Model name the server knows (needed when `llm` is in the chain).",
        "qwen2.5-7b-instruct",
        _no_newline,
    ),
    Option(
        "translate.llm.api_key_env",
        str,
        _T.llm.api_key_env,
        "Environment variable holding the API key (a local server needs none).",
        "OPENAI_API_KEY",
    ),
    Option("translate.llm.batch_size", int, _T.llm.batch_size, "Segments sent in one request.", 16, _positive),
    Option(
        "translate.microsoft.region",
        str,
        None,
        "Azure region of the Microsoft Translator resource, if it is regional (key from `BRIEFING_MICROSOFT_KEY`).",
        "westeurope",
    ),
    Option(
        "email.sender",
        str,
        _E.sender,
        "The From address (a display name is allowed).",
        "Libya Daily Briefing <briefing@example.org>",
        _no_newline,
    ),
    Option(
        "email.list_id",
        str,
        _E.list_id,
        "List-Id header, so mail clients can filter the digest.",
        "libya-briefing.example.org",
        _no_newline,
    ),
    Option(
        "email.unsubscribe_url", str, None, "List-Unsubscribe address (https).", "https://example.org/unsubscribe", _no_newline
    ),
    Option("email.unsubscribe_mailto", str, None, "List-Unsubscribe mail address.", "unsubscribe@example.org", _no_newline),
    Option("email.recipients_file", str, _E.recipients_file, "One address per line; keep it out of git.", "recipients.txt"),
    Option("email.smtp_host", str, _E.smtp_host, "SMTP server.", "smtp.example.org"),
    Option("email.smtp_port", int, _E.smtp_port, "SMTP port.", 465, _positive),
    Option(
        "email.smtp_security", str, _E.smtp_security, "`starttls`, `tls` or `none`.", "tls", _one_of("starttls", "tls", "none")
    ),
    Option("email.username_env", str, _E.username_env, "Environment variable holding the SMTP user name.", "SMTP_USER"),
    Option("email.password_env", str, _E.password_env, "Environment variable holding the SMTP password.", "SMTP_PASSWORD"),
    Option(
        "email.send_log",
        str,
        _E.send_log,
        "Record of what was sent to whom, so a re-run never sends twice.",
        ".briefing-cache/sent.jsonl",
    ),
    Option(
        "publish.remote",
        str,
        _P.remote,
        "Git remote `briefing publish` pushes to. Unset: nothing is pushed unless `--remote` names one.",
        "origin",
    ),
    Option("publish.branch", str, _P.branch, "Branch the site is committed to.", "gh-pages"),
    Option(
        "publish.cname", str, _P.cname, "Custom domain, written to the site's CNAME file.", "briefing.example.org", _no_newline
    ),
)
OPTIONS: dict[str, Option] = {option.key: option for option in SCHEMA}
# tables that hold keys (the top level is "")
TABLES = (
    "",
    "languages",
    "translate",
    "translate.libre",
    "translate.ctranslate2",
    "translate.llm",
    "translate.microsoft",
    "email",
    "publish",
)


def known_keys(table: str) -> set[str]:
    """The names allowed directly in *table* ("" for the top level), sub-tables included."""
    prefix = f"{table}." if table else ""
    names = set()
    for key in OPTIONS:
        if key.startswith(prefix):
            names.add(key[len(prefix) :].split(".")[0])
    return names


# --- validation helpers -------------------------------------------------------------

_FROM_SCHEMA: Any = object()  # take(): kind, default and check come from the schema


@dataclass
class _Checker:
    """Collects problems while reading one table of the TOML file."""

    path: str
    problems: list[Problem] = field(default_factory=list)
    seen: set[str] = field(default_factory=set)  # every key read: tests compare it with SCHEMA

    def error(self, key: str, message: str) -> None:
        self.problems.append(Problem(self.path, None, f"{key}: {message}", "error"))

    def warn(self, key: str, message: str) -> None:
        self.problems.append(Problem(self.path, None, f"{key}: {message}", "warning"))

    def take(
        self,
        table: dict,
        prefix: str,
        key: str,
        kind: type | tuple = _FROM_SCHEMA,
        default: Any = _FROM_SCHEMA,
        check: Callable[[Any], str | None] | None = None,
    ) -> Any:
        full = f"{prefix}{key}"
        self.seen.add(full)
        option = OPTIONS.get(full)
        if kind is _FROM_SCHEMA:
            assert option is not None, f"{full} is not in config.SCHEMA"
            kind, check = option.kind, option.check
        if default is _FROM_SCHEMA:
            assert option is not None, f"{full} is not in config.SCHEMA"
            default = list(option.default) if isinstance(option.default, list) else option.default
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

    def unknown(self, table: dict, prefix: str, known: set[str] | None = None) -> None:
        known = (known or set()) | known_keys(prefix.rstrip("."))
        for key in table:
            if key not in known:
                self.warn(f"{prefix}{key}", f"unknown key (known keys: {', '.join(sorted(known))})")


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
        c.unknown(table, prefix)
        out.append(
            Language(
                code=code,
                dir=c.take(table, prefix, "dir"),
                title=c.take(table, prefix, "title"),
                locale=c.take(table, prefix, "locale"),
            )
        )
    codes = {lang.code for lang in out}
    for code in ("ar", "en"):
        if code not in codes and not any(p.message.startswith(f"languages.{code}") for p in c.problems):
            c.error("languages", f"missing language {code!r}: a briefing site is Arabic and English")
            out.append(defaults[code])
    order = {"ar": 0, "en": 1}
    return tuple(sorted(out, key=lambda lang: order[lang.code]))


def _table(c: _Checker, raw: Any, key: str) -> dict | None:
    if raw is None:
        return None
    if not isinstance(raw, dict):
        c.error(key, "expected a table")
        return None
    return raw


def _read_translate(c: _Checker, raw: Any) -> TranslateSettings:
    d = TranslateSettings()
    raw = _table(c, raw, "translate")
    if raw is None:
        return d
    p = "translate."
    c.unknown(raw, p)
    fallback = c.take(raw, p, "fallback")
    good_fallback = []
    for i, name in enumerate(fallback):
        if not isinstance(name, str) or _engine_check(name):
            c.error(f"translate.fallback[{i}]", f"unknown engine {name!r} (choose one of: {', '.join(ENGINE_NAMES)})")
        else:
            good_fallback.append(name)
    libre = d.libre
    libre_raw = _table(c, raw.get("libre"), "translate.libre")
    if libre_raw is not None:
        c.unknown(libre_raw, "translate.libre.")
        libre = LibreSettings(
            url=c.take(libre_raw, "translate.libre.", "url"),
            api_key_env=c.take(libre_raw, "translate.libre.", "api_key_env"),
        )
    model = None
    index_url, pins = d.model_index_url, d.model_sha256
    ct2 = _table(c, raw.get("ctranslate2"), "translate.ctranslate2")
    if ct2 is not None:
        cp = "translate.ctranslate2."
        c.unknown(ct2, cp)
        model = c.take(ct2, cp, "model")
        index_url = c.take(ct2, cp, "index_url")
        pinned = c.take(ct2, cp, "sha256")
        pins = tuple((str(k), str(v).strip().lower()) for k, v in pinned.items())
        for name, digest in pins:
            if not re.fullmatch(r"[0-9a-f]{64}", digest):
                c.error(f"translate.ctranslate2.sha256.{name}", "expected 64 hexadecimal digits")
    llm = d.llm
    llm_raw = _table(c, raw.get("llm"), "translate.llm")
    if llm_raw is not None:
        lp = "translate.llm."
        c.unknown(llm_raw, lp)
        llm = LLMSettings(
            base_url=c.take(llm_raw, lp, "base_url"),
            model=c.take(llm_raw, lp, "model"),
            api_key_env=c.take(llm_raw, lp, "api_key_env"),
            batch_size=c.take(llm_raw, lp, "batch_size"),
        )
    region = None
    ms = _table(c, raw.get("microsoft"), "translate.microsoft")
    if ms is not None:
        c.unknown(ms, "translate.microsoft.")
        region = c.take(ms, "translate.microsoft.", "region")
    engine = c.take(raw, p, "engine")
    if "llm" in (engine, *good_fallback) and not llm.model:
        c.error("translate.llm.model", "the llm engine needs the model name the server knows")
    return TranslateSettings(
        engine=engine,
        fallback=tuple(good_fallback),
        timeout=c.take(raw, p, "timeout"),
        retries=c.take(raw, p, "retries"),
        backoff=c.take(raw, p, "backoff"),
        failure_threshold=c.take(raw, p, "failure_threshold"),
        max_rate=c.take(raw, p, "max_rate"),
        concurrency=c.take(raw, p, "concurrency"),
        cache_dir=c.take(raw, p, "cache_dir"),
        libre=libre,
        ctranslate2_model=model,
        model_index_url=index_url,
        model_sha256=pins,
        llm=llm,
        microsoft_region=region,
        offline=c.take(raw, p, "offline"),
    )


def _read_email(c: _Checker, raw: Any) -> EmailSettings:
    raw = _table(c, raw, "email")
    if raw is None:
        return EmailSettings()
    p = "email."
    c.unknown(raw, p)
    names = sorted(known_keys("email"))
    return EmailSettings(**{name: c.take(raw, p, name) for name in names})


def _read_publish(c: _Checker, raw: Any) -> PublishSettings:
    raw = _table(c, raw, "publish")
    if raw is None:
        return PublishSettings()
    p = "publish."
    c.unknown(raw, p)
    return PublishSettings(
        remote=c.take(raw, p, "remote"),
        branch=c.take(raw, p, "branch"),
        cname=c.take(raw, p, "cname"),
    )


def read_config(data: dict, root: Path, path_label: str = CONFIG_NAME) -> tuple[Config, _Checker]:
    """Validate a parsed TOML document; the checker holds the problems and the keys read."""
    c = _Checker(path_label)
    c.unknown(data, "")
    base_url = c.take(data, "", "base_url")
    if not base_url.endswith("/"):
        base_url += "/"
    timezone = c.take(data, "", "timezone")
    try:
        import zoneinfo

        zoneinfo.ZoneInfo(timezone)
    except Exception:
        c.error("timezone", f"unknown time zone {timezone!r} (use an IANA name such as 'Africa/Tripoli')")
    config = Config(
        root=root,
        base_url=base_url,
        languages=_read_languages(c, data.get("languages")),
        content_dir=c.take(data, "", "content_dir"),
        output_dir=c.take(data, "", "output_dir"),
        templates_dir=c.take(data, "", "templates_dir"),
        timezone=timezone,
        digits=c.take(data, "", "digits"),
        max_article_kb=c.take(data, "", "max_article_kb"),
        focus=c.take(data, "", "focus"),
        translate=_read_translate(c, data.get("translate")),
        email=_read_email(c, data.get("email")),
        publish=_read_publish(c, data.get("publish")),
        path=root / CONFIG_NAME,
    )
    problem = output_dir_conflict(
        root,
        config.output_path,
        {
            "content_dir": config.content_path,
            "templates_dir": config.templates_path,
            "the cache (translate.cache_dir)": config.cache_path,
        },
    )
    if problem:
        c.error("output_dir", problem)
    return config, c


def parse_config(data: dict, root: Path, path_label: str = CONFIG_NAME) -> tuple[Config, list[Problem]]:
    """Validate a parsed TOML document; return the config and every problem found."""
    config, checker = read_config(data, root, path_label)
    return config, checker.problems


def base_url_problem(value: str) -> str | None:
    """A base_url is an http(s) address or a path from the server's root ("/")."""
    return url_problem(value, schemes=("http", "https"), relative_ok=True)


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


# --- the reference: docs/configuration.md and `briefing init`'s briefing.toml -------


def _toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    if isinstance(value, dict):  # an inline table
        return "{" + ", ".join(f"{_toml_value(k)} = {_toml_value(v)}" for k, v in value.items()) + "}"
    return '"' + str(value).replace("\\", "\\\\").replace('"', '\\"') + '"'


def _table_of(key: str) -> str:
    return key.rsplit(".", 1)[0] if "." in key else ""


def reference_markdown() -> str:
    """docs/configuration.md: every key with its type, default, example and meaning."""
    lines = [
        "# Configuration reference",
        "",
        "<!-- Generated from generator/config.py (SCHEMA) by `python -m generator.config --markdown`;",
        "     do not edit by hand: tests/test_config_reference.py fails when this file is out of date. -->",
        "",
        f"A project is configured by `{CONFIG_NAME}` at its root. Every key is optional. Problems are",
        "reported with the key (`briefing.toml: error: translate.engine: unknown engine 'gogle' ...`);",
        "unknown keys are warnings. Secrets (API keys, SMTP passwords) never go in this file: the keys",
        "ending in `_env` name the environment variables that hold them. `briefing init` writes a",
        "file with every key below, commented out.",
    ]
    for table in TABLES:
        options = [o for o in SCHEMA if _table_of(o.key) == table or (table == "languages" and o.key.startswith("languages."))]
        if not options:
            continue
        lines += ["", f"## {'[' + table + ']' if table else 'Top level'}", ""]
        lines += ["| Key | Type | Default | Example | Meaning |", "|---|---|---|---|---|"]
        for o in options:
            default = "*(unset)*" if o.default is None else f"`{_toml_value(o.default)}`"
            example = "" if o.example is None else f"`{_toml_value(o.example)}`"
            meaning = o.help.replace("|", "\\|")
            lines.append(f"| `{o.key}` | {o.type_name} | {default} | {example} | {meaning} |")
    return "\n".join(lines) + "\n"


def commented_toml() -> str:
    """A briefing.toml listing every key at its default, commented out."""
    lines = [
        f"# {CONFIG_NAME}: every key is optional; the commented values are the defaults.",
        "# Uncomment a line to change it. Reference: docs/configuration.md in briefing's",
        "# repository, or `python -m generator.config --markdown`.",
    ]
    current = None
    for o in SCHEMA:
        table = _table_of(o.key)
        if table != current:
            current = table
            lines += ["", f"# [{table}]" if table else "# top level"]
        name = o.key[len(table) + 1 :] if table else o.key
        lines += [f"# {line}" for line in textwrap.wrap(o.help, 76)]
        shown = o.example if o.default is None else o.default
        lines.append(f"# {name} = {_toml_value(shown)}" + ("   # (unset by default)" if o.default is None else ""))
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    import sys

    if sys.argv[1:] == ["--markdown"]:
        sys.stdout.write(reference_markdown())
    elif sys.argv[1:] == ["--toml"]:
        sys.stdout.write(commented_toml())
    else:
        sys.exit("usage: python -m generator.config --markdown | --toml")
