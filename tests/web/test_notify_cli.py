"""``gongkai notify`` as cron runs it: a subprocess in a folder of its own with a fresh
environment, its own SQLite database, delivering to a real SMTP server on loopback (aiosmtpd)
— with a refusal first, then the retry — and SMS through the console backend."""

from __future__ import annotations

import asyncio
import re
import shutil
import time
from email import message_from_bytes, policy
from pathlib import Path
from typing import Any

import pytest

from tests.cli_run import gongkai

SETUP = """
from django.utils import timezone
from gongkai.agencies.models import Agency
from gongkai.agencies.services import agency_create
from gongkai.requests.services import application_register
agency = agency_create(actor=None, name="江临市教育局", short_code="JL-JYJ",
                       kind=Agency.Kind.DEPARTMENT, disclosure_unit="办公室")
for email, channels in (("zhang@example.com", ["email", "sms"]), ("li@example.com", ["email"])):
    application_register(actor=None, agency=agency, channel="web",
        received_on=timezone.localdate(), category="natural_person", applicant_name="张三丰",
        id_type="居民身份证", id_number="330102199001011234", phone="13800000000",
        email=email, description="招生计划", form_wanted="electronic", delivery="email",
        notify_channels=channels)
print("ok")
"""


@pytest.fixture(scope="module")
def platform_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A migrated database with two online applications (their receipts queued)."""
    folder = tmp_path_factory.mktemp("notify")
    migrated = gongkai("manage", "migrate", "--noinput", cwd=folder, timeout=600)
    assert migrated.returncode == 0, migrated.stderr
    made = gongkai("manage", "shell", "-c", SETUP, cwd=folder)
    assert made.returncode == 0 and "ok" in made.stdout, made.stderr
    return folder


@pytest.fixture
def folder(platform_folder: Path, tmp_path: Path) -> Path:
    """A copy of the platform for one test (its outbox as the set-up left it)."""
    shutil.copytree(platform_folder / "var", tmp_path / "var")
    return tmp_path


class Server:
    """A local SMTP server that refuses the first ``refusals`` recipients with 451."""

    def __init__(self, port: int, refusals: int = 0) -> None:
        from aiosmtpd.controller import Controller

        self.received: list[Any] = []
        self.refusals = refusals
        self.controller = Controller(self, hostname="127.0.0.1", port=port)

    async def handle_RCPT(self, server, session, envelope, address, options):  # type: ignore[no-untyped-def]
        if self.refusals:
            self.refusals -= 1
            return "451 4.3.0 try again later"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):  # type: ignore[no-untyped-def]
        await asyncio.sleep(0)
        self.received.append(message_from_bytes(envelope.content, policy=policy.default))
        return "250 OK"

    def __enter__(self) -> Server:
        self.controller.start()
        return self

    def __exit__(self, *_exc: Any) -> None:
        self.controller.stop()


def _env(port: int) -> dict[str, str]:
    return {
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(port),
        "DEFAULT_FROM_EMAIL": "gongkai@jl.example.gov.cn",
        "NOTIFY_RETRY_SECONDS": "1",
    }


def test_it_delivers_the_receipts_to_the_smtp_server(folder: Path, free_tcp_port: int) -> None:
    with Server(free_tcp_port) as server:
        result = gongkai("notify", cwd=folder, env=_env(free_tcp_port))
    assert result.returncode == 0, result.stderr
    assert "已发送 3 条，待重试 0 条，0 条多次失败不再重试。" in result.stdout
    assert sorted(m["To"] for m in server.received) == ["li@example.com", "zhang@example.com"]
    for message in server.received:
        assert re.fullmatch(
            r"政府信息公开申请 JL-JYJ-\d{4}-0000[12] 已收到", message["Subject"].strip()
        )
        body = message.get_body().get_content()
        assert "http://127.0.0.1:8000/status/link/" in body and "张三丰" not in body
    # the SMS went to the console backend (no provider configured)
    assert "短信 → 13800000000" in result.stdout and "JL-JYJ-" in result.stdout
    assert "zhang@example.com" not in result.stdout  # the command's log masks addresses
    again = gongkai("notify", cwd=folder, env=_env(free_tcp_port))
    assert "已发送 0 条" in again.stdout  # nothing is sent twice


def test_it_retries_a_refused_message_on_the_next_run(folder: Path, free_tcp_port: int) -> None:
    with Server(free_tcp_port, refusals=1) as server:
        first = gongkai("notify", "--limit", "1", cwd=folder, env=_env(free_tcp_port))
        assert first.returncode == 0, first.stderr
        assert "待重试 1 条" in first.stdout and server.received == []
        time.sleep(1.5)  # NOTIFY_RETRY_SECONDS=1: due again
        second = gongkai("notify", cwd=folder, env=_env(free_tcp_port))
    assert second.returncode == 0, second.stderr
    assert "已发送 3 条" in second.stdout
    assert sorted(m["To"] for m in server.received) == ["li@example.com", "zhang@example.com"]


def test_a_dry_run_lists_without_sending(folder: Path, free_tcp_port: int) -> None:
    with Server(free_tcp_port) as server:
        listed = gongkai("notify", "--dry-run", cwd=folder, env=_env(free_tcp_port))
    assert listed.returncode == 0, listed.stderr
    assert "共 3 条到期通知（未发送）。" in listed.stdout and server.received == []


def test_a_bad_option_is_one_line(folder: Path) -> None:
    result = gongkai("notify", "--limit", "0", cwd=folder)
    assert result.returncode == 2 and "--limit" in result.stderr
    assert "Traceback" not in result.stderr
