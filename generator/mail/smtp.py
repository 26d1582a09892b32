"""Sending the composed digest over SMTP, once per reader.

* one message per recipient with its own ``To`` header (no reader sees the
  others' addresses), over one connection;
* a recipient the server refuses is reported and the others still get theirs;
* a send log (JSON lines at ``email.send_log``, keyed by date + lang +
  address) is appended and flushed after every accepted message, so a rerun
  after a crash or a partial failure sends only to those still missing;
* credentials come from environment variables named in ``briefing.toml``
  and are never sent over an unencrypted connection to another host.
"""

from __future__ import annotations

import ipaddress
import json
import os
import smtplib
import socket
import ssl
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Mapping

from ..config import Config
from ..errors import EmailError
from .compose import ComposedEmail, check_address
from ..models import Problem

TIMEOUT = 30.0  # seconds per SMTP operation


# --- recipients ---------------------------------------------------------------------


def read_recipients(path: Path, label: str | None = None) -> tuple[list[str], list[Problem]]:
    """Addresses from a list file: one per line, ``#`` starts a comment, blank
    lines are ignored.  Bad lines are reported as ``file:line`` problems."""
    label = label or str(path)
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        raise EmailError(f"{label}: recipients file not found (email.recipients_file)") from None
    except UnicodeDecodeError as exc:
        raise EmailError(f"{label}: not UTF-8 text: {exc}") from None
    addresses: list[str] = []
    seen: set[str] = set()
    problems: list[Problem] = []
    for number, line in enumerate(lines, 1):
        entry = line.split("#", 1)[0].strip()
        if not entry:
            continue
        try:
            address = check_address(entry, "recipient")
        except EmailError:
            problems.append(Problem(label, number, f"not a valid email address: {entry!r}", "error"))
            continue
        key = address.lower()
        if key in seen:
            problems.append(Problem(label, number, f"duplicate address {address!r} (sent once)", "warning"))
            continue
        seen.add(key)
        addresses.append(address)
    return addresses, problems


# --- send log -----------------------------------------------------------------------


class SendLog:
    """Who already received which digest: JSON lines, one per accepted message."""

    def __init__(self, path: Path):
        self.path = path
        self._sent: set[tuple[str, str, str]] = set()
        if path.exists():
            for line in path.read_text(encoding="utf-8").splitlines():
                try:
                    entry = json.loads(line)
                    self._sent.add((entry["date"], entry["lang"], entry["address"].lower()))
                except (ValueError, KeyError, TypeError, AttributeError):
                    # a line torn by a crash mid-write: that send is not recorded,
                    # so at worst that one reader gets the digest twice
                    continue

    def already_sent(self, date: str, lang: str, address: str) -> bool:
        return (date, lang, address.lower()) in self._sent

    def record(self, date: str, lang: str, address: str, message_id: str) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        entry = {"date": date, "lang": lang, "address": address, "message_id": message_id}
        with self.path.open("a", encoding="utf-8") as fh:
            fh.write(json.dumps(entry, ensure_ascii=False) + "\n")
            fh.flush()
            os.fsync(fh.fileno())
        self._sent.add((date, lang, address.lower()))


# --- sending ------------------------------------------------------------------------


@dataclass
class SendReport:
    sent: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # already in the send log
    failed: list[tuple[str, str]] = field(default_factory=list)  # (address, reason)

    @property
    def ok(self) -> bool:
        return not self.failed


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _credentials(config: Config, env: Mapping[str, str]) -> tuple[str, str] | None:
    settings = config.email
    username = env.get(settings.username_env)
    if not username:
        return None
    password = env.get(settings.password_env)
    if password is None:
        raise EmailError(
            f"email.password_env: ${settings.password_env} is not set (${settings.username_env} is, so a login is expected)"
        )
    return username, password


def connect(config: Config, env: Mapping[str, str] | None = None, timeout: float = TIMEOUT) -> smtplib.SMTP:
    """An open, authenticated (when credentials are set) SMTP connection."""
    settings = config.email
    env = os.environ if env is None else env
    credentials = _credentials(config, env)
    host, port, security = settings.smtp_host, settings.smtp_port, settings.smtp_security
    where = f"{host}:{port}"
    if credentials and security == "none" and not _is_loopback(host):
        raise EmailError(f"email.smtp_security: refusing to send the password unencrypted to {where} (use starttls or tls)")
    context = ssl.create_default_context()
    try:
        if security == "tls":
            smtp: smtplib.SMTP = smtplib.SMTP_SSL(host, port, timeout=timeout, context=context)
        else:
            smtp = smtplib.SMTP(host, port, timeout=timeout)
        try:
            smtp.ehlo()
            if security == "starttls":
                if not smtp.has_extn("starttls"):
                    raise EmailError(
                        f"email.smtp_security: {where} does not offer STARTTLS "
                        "(use 'tls' for implicit TLS, or 'none' for a local relay)"
                    )
                smtp.starttls(context=context)
                smtp.ehlo()
            if credentials:
                smtp.login(*credentials)
        except BaseException:
            smtp.close()
            raise
    except EmailError:
        raise
    except smtplib.SMTPAuthenticationError as exc:
        raise EmailError(f"{where}: login refused for ${settings.username_env}: {exc.smtp_code} {_text(exc.smtp_error)}") from exc
    except (OSError, smtplib.SMTPException, ssl.SSLError) as exc:
        raise EmailError(f"{where}: cannot connect ({settings.smtp_security}): {exc}") from exc
    return smtp


def _text(reply: bytes | str) -> str:
    return reply.decode(errors="replace") if isinstance(reply, bytes) else reply


def _reason(exc: Exception, address: str) -> str:
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        code, text = exc.recipients.get(address, next(iter(exc.recipients.values()), (0, b"")))
        return f"{code} {text.decode(errors='replace') if isinstance(text, bytes) else text}"
    if isinstance(exc, smtplib.SMTPResponseException):
        return f"{exc.smtp_code} {_text(exc.smtp_error)}"
    return str(exc) or type(exc).__name__


def send_digest(
    config: Config,
    composed: ComposedEmail,
    recipients: Iterable[str],
    *,
    log: SendLog | None = None,
    env: Mapping[str, str] | None = None,
    opener: Callable[[], smtplib.SMTP] | None = None,
    progress: Callable[[str, str, str], None] | None = None,
) -> SendReport:
    """Send *composed* to every recipient not yet in the send log.

    *progress(status, address, detail)* is called after each recipient with
    status "sent", "skipped" or "failed"."""
    if composed.message["List-Unsubscribe"] is None:
        raise EmailError("email.unsubscribe_url: set an unsubscribe URL (or unsubscribe_mailto) before sending to a list")
    log = log or SendLog(config.root / config.email.send_log)
    opener = opener or (lambda: connect(config, env))
    envelope_from = composed.message["From"].addresses[0].addr_spec
    date, lang = composed.date.isoformat(), composed.lang
    report = SendReport()
    note = progress or (lambda *_: None)
    smtp: smtplib.SMTP | None = None
    try:
        for address in recipients:
            if log.already_sent(date, lang, address):
                report.skipped.append(address)
                note("skipped", address, "already sent")
                continue
            try:
                message = composed.for_recipient(address)
            except EmailError as exc:
                report.failed.append((address, str(exc)))
                note("failed", address, str(exc))
                continue
            for attempt in (1, 2):
                try:
                    if smtp is None:
                        smtp = opener()  # EmailError here stops the run: nothing can be sent
                    smtp.send_message(message, from_addr=envelope_from, to_addrs=[address])
                except (smtplib.SMTPServerDisconnected, ConnectionError, socket.timeout) as exc:
                    # the server hung up (idle limit, per-connection limit): reconnect once
                    if smtp is not None:
                        smtp.close()
                    smtp = None
                    if attempt == 2:
                        report.failed.append((address, _reason(exc, address)))
                        note("failed", address, _reason(exc, address))
                    continue
                except smtplib.SMTPException as exc:
                    report.failed.append((address, _reason(exc, address)))
                    note("failed", address, _reason(exc, address))
                    break
                log.record(date, lang, address, composed.message_id)
                report.sent.append(address)
                note("sent", address, "")
                break
    finally:
        if smtp is not None:
            try:
                smtp.quit()
            except (smtplib.SMTPException, OSError):
                smtp.close()
    return report
