"""Sending over SMTP to a real (aiosmtpd) server on 127.0.0.1: delivery,
a refused recipient, no resend on rerun, AUTH with credentials from the
environment, and the recipients list file."""

from __future__ import annotations

import email
import email.policy
import json
import socket
from dataclasses import replace

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword
from click.testing import CliRunner

from generator.cli import cli
from generator.commands import email as email_command
from generator.errors import EmailError
from generator.mail.compose import compose_digest
from generator.mail.smtp import SendLog, connect, read_recipients, send_digest

from .test_email_compose import DAY, demo_day_digest, email_config, write_project

READERS = ["amal@example.org", "bashir@example.net", "chris@example.com"]


class Collector:
    """An aiosmtpd handler that keeps every message and refuses chosen recipients."""

    def __init__(self, refuse=()):
        self.refuse = set(refuse)
        self.messages: list[tuple[str, list[str], bytes]] = []

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.refuse:
            return "550 5.1.1 mailbox unavailable"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.messages.append((envelope.mail_from, list(envelope.rcpt_tos), envelope.original_content))
        return "250 Message accepted for delivery"

    def received_by(self) -> list[str]:
        return [to for _, rcpts, _ in self.messages for to in rcpts]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Accounts:
    def __init__(self, login: bytes, password: bytes):
        self.login, self.password = login, password

    def __call__(self, server, session, envelope, mechanism, auth_data):
        ok = isinstance(auth_data, LoginPassword) and (auth_data.login, auth_data.password) == (self.login, self.password)
        # handled=False: let aiosmtpd answer 535 itself on failure
        return AuthResult(success=ok, handled=False)


@pytest.fixture
def server():
    started = []

    def start(refuse=(), **smtp_options):
        handler = Collector(refuse)
        controller = Controller(handler, hostname="127.0.0.1", port=free_port(), **smtp_options)
        controller.start()
        started.append(controller)
        return handler, controller.port

    yield start
    for controller in started:
        controller.stop()


def config_for(tmp_path, port, **overrides):
    return email_config(tmp_path, **{"smtp_host": "127.0.0.1", "smtp_port": port, "smtp_security": "none", **overrides})


def parsed(raw: bytes):
    return email.message_from_bytes(raw, policy=email.policy.default)


def test_digest_arrives_and_parses_back(tmp_path, server):
    handler, port = server()
    config = config_for(tmp_path, port)
    composed = compose_digest(config, demo_day_digest(), "ar")
    report = send_digest(config, composed, READERS[:2], env={})
    assert report.sent == READERS[:2] and report.ok
    assert handler.received_by() == READERS[:2]  # one message per reader
    mail_from, rcpts, raw = handler.messages[0]
    assert mail_from == "briefing@example.org"
    msg = parsed(raw)
    assert msg["To"] == READERS[0]
    assert msg["From"].addresses[0].display_name == "الموجز الليبي اليومي"
    assert msg["Subject"] == composed.subject and "الزوبي يبحث مع نائب قائد" in msg["Subject"]
    assert [p.get_content_type() for p in msg.iter_parts()] == ["text/plain", "text/html"]
    assert msg["List-Unsubscribe"].startswith("<https://example.org/unsubscribe>")
    assert msg["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert msg["Message-ID"] == composed.message_id
    assert parsed(handler.messages[1][2])["To"] == READERS[1]


def test_refused_recipient_is_reported_and_others_delivered(tmp_path, server):
    handler, port = server(refuse={READERS[1]})
    config = config_for(tmp_path, port)
    report = send_digest(config, compose_digest(config, demo_day_digest(), "en"), READERS, env={})
    assert report.sent == [READERS[0], READERS[2]]
    assert [(address, reason.split()[0]) for address, reason in report.failed] == [(READERS[1], "550")]
    assert "mailbox unavailable" in report.failed[0][1]
    assert handler.received_by() == [READERS[0], READERS[2]]
    logged = [json.loads(line) for line in (tmp_path / ".briefing-cache/sent.jsonl").read_text().splitlines()]
    assert [(e["date"], e["lang"], e["address"]) for e in logged] == [
        ("2025-09-10", "en", READERS[0]),
        ("2025-09-10", "en", READERS[2]),
    ]


def test_rerun_sends_only_to_those_still_missing(tmp_path, server):
    handler, port = server(refuse={READERS[1]})
    config = config_for(tmp_path, port)
    composed = compose_digest(config, demo_day_digest(), "ar")
    send_digest(config, composed, READERS, env={})
    assert len(handler.messages) == 2

    again = send_digest(config, composed, READERS, env={})
    assert again.skipped == [READERS[0], READERS[2]]
    assert len(handler.messages) == 2 + 0 + 0  # the refused one is refused again, nothing new arrives
    assert [a for a, _ in again.failed] == [READERS[1]]

    handler.refuse.clear()  # the mailbox is fixed: the next run delivers to it alone
    last = send_digest(config, composed, READERS, env={})
    assert last.sent == [READERS[1]] and len(handler.messages) == 3
    # another language of the same day is a different digest
    english = send_digest(config, compose_digest(config, demo_day_digest(), "en"), READERS[:1], env={})
    assert english.sent == READERS[:1]


@pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS")
def test_login_with_credentials_from_the_environment(tmp_path, server):
    handler, port = server(authenticator=Accounts(b"briefing", b"s3cret"), auth_required=True, auth_require_tls=False)
    config = config_for(tmp_path, port, username_env="TEST_SMTP_USER", password_env="TEST_SMTP_PASS")
    composed = compose_digest(config, demo_day_digest(), "en")
    report = send_digest(config, composed, READERS[:1], env={"TEST_SMTP_USER": "briefing", "TEST_SMTP_PASS": "s3cret"})
    assert report.sent == READERS[:1] and handler.received_by() == READERS[:1]

    with pytest.raises(EmailError, match=r"login refused for \$TEST_SMTP_USER: 535"):
        connect(config, {"TEST_SMTP_USER": "briefing", "TEST_SMTP_PASS": "wrong"})


def test_username_without_password_is_an_error(tmp_path):
    config = email_config(tmp_path, username_env="TEST_SMTP_USER", password_env="TEST_SMTP_PASS")
    with pytest.raises(EmailError, match=r"email\.password_env: \$TEST_SMTP_PASS is not set"):
        connect(config, {"TEST_SMTP_USER": "briefing"})


def test_password_is_never_sent_in_clear_to_another_host(tmp_path):
    config = email_config(tmp_path, smtp_host="mail.example.org", smtp_security="none")
    with pytest.raises(EmailError, match="refusing to send the password unencrypted"):
        connect(config, {"BRIEFING_SMTP_USERNAME": "u", "BRIEFING_SMTP_PASSWORD": "p"})


def test_starttls_required_but_not_offered(tmp_path, server):
    handler, port = server()
    config = config_for(tmp_path, port, smtp_security="starttls")
    with pytest.raises(EmailError, match="does not offer STARTTLS"):
        connect(config, {})
    assert handler.messages == []


def test_unreachable_server_is_a_clear_error(tmp_path):
    config = config_for(tmp_path, free_port())  # nothing listens there
    composed = compose_digest(config, demo_day_digest(), "en")
    with pytest.raises(EmailError, match=r"127\.0\.0\.1:\d+: cannot connect"):
        send_digest(config, composed, READERS[:1], env={})


def test_sending_without_unsubscribe_header_is_refused(tmp_path, server):
    handler, port = server()
    config = config_for(tmp_path, port)
    config = replace(config, email=replace(config.email, unsubscribe_url=None, unsubscribe_mailto=None))
    composed = compose_digest(config, demo_day_digest(), "en")
    with pytest.raises(EmailError, match="unsubscribe"):
        send_digest(config, composed, READERS, env={})
    assert handler.messages == []


# --- recipients file and send log ---------------------------------------------------


def test_recipients_file_comments_blanks_and_bad_lines(tmp_path):
    path = tmp_path / "recipients.txt"
    path.write_text(
        "# readers of the daily briefing\n"
        "amal@example.org\n"
        "\n"
        "bashir@example.net   # desk editor\n"
        "not-an-address\n"
        "Amal@example.org\n"
        "chris@example.com, evil@example.com\n"
        "  chris@example.com  \n",
        encoding="utf-8",
    )
    addresses, problems = read_recipients(path, "recipients.txt")
    assert addresses == ["amal@example.org", "bashir@example.net", "chris@example.com"]
    assert [p.format() for p in problems] == [
        "recipients.txt:5: error: not a valid email address: 'not-an-address'",
        "recipients.txt:6: warning: duplicate address 'Amal@example.org' (sent once)",
        "recipients.txt:7: error: not a valid email address: 'chris@example.com, evil@example.com'",
    ]


def test_missing_recipients_file(tmp_path):
    with pytest.raises(EmailError, match="recipients file not found"):
        read_recipients(tmp_path / "nope.txt")


def test_send_log_survives_a_torn_last_line(tmp_path):
    path = tmp_path / "sent.jsonl"
    path.write_text(
        '{"date": "2025-09-10", "lang": "ar", "address": "amal@example.org", "message_id": "<x>"}\n'
        '{"date": "2025-09-10", "lang": "ar", "addr',
        encoding="utf-8",
    )
    log = SendLog(path)
    assert log.already_sent("2025-09-10", "ar", "AMAL@example.org")
    assert not log.already_sent("2025-09-10", "en", "amal@example.org")


# --- the command, end to end --------------------------------------------------------


def test_email_command_sends_reports_and_does_not_resend(tmp_path, server, monkeypatch):
    handler, port = server(refuse={READERS[2]})
    monkeypatch.setattr(email_command, "load_digests", lambda config, day, offline: ([demo_day_digest()], []))
    root = write_project(tmp_path)
    toml = root / "briefing.toml"
    toml.write_text(toml.read_text() + f'smtp_host = "127.0.0.1"\nsmtp_port = {port}\nsmtp_security = "none"\n')
    (root / "recipients.txt").write_text("\n".join(READERS + ["oops"]) + "\n")
    monkeypatch.delenv("BRIEFING_SMTP_USERNAME", raising=False)
    # through the command group, as `briefing email` runs: it sets up the output the report goes to
    args = ["email", "-p", str(root), "--date", DAY.isoformat(), "--lang", "both"]

    first = CliRunner().invoke(cli, args)
    assert first.exit_code == 1
    assert f"sent {READERS[0]}" in first.output and f"failed {READERS[2]}: 550" in first.output
    assert "recipients.txt:4: error: not a valid email address: 'oops'" in first.output
    assert "2 sent, 0 already sent before, 1 failed, 1 bad address(es)" in first.output
    assert handler.received_by() == READERS[:2]

    second = CliRunner().invoke(cli, args)
    assert "0 sent, 2 already sent before, 1 failed" in second.output
    assert handler.received_by() == READERS[:2]
