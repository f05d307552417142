"""Rate limits keyed by the client behind a trusted proxy, counting accepted work only; request
bodies capped before they are read; SQLite set to queue concurrent writers (issue 15)."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, RequestFactory
from django.urls import reverse

from gongkai.api import api as api_module
from gongkai.lib.bodylimit import BodyLimit
from gongkai.lib.ratelimit import client_address
from gongkai.requests.models import Application
from tests.web.test_requests_views import _apply_data

DATA = Path(__file__).parent.parent / "data"


@pytest.fixture(autouse=True)
def fresh_rate_limits() -> None:
    cache.clear()


@pytest.mark.parametrize(
    ("remote", "forwarded", "client"),
    [
        ("203.0.113.9", "1.2.3.4", "203.0.113.9"),  # not a proxy: its header is ignored
        ("10.0.0.1", "1.2.3.4, 198.51.100.7", "198.51.100.7"),  # the proxy's own entry
        ("10.0.0.1", "1.2.3.4, 198.51.100.7, 10.0.0.2", "198.51.100.7"),  # two proxies
        ("10.0.0.1", "not-an-address", "10.0.0.1"),
        ("10.0.0.1", "", "10.0.0.1"),
        ("::1", "2001:db8::5", "2001:db8::5"),
    ],
)
def test_it_believes_x_forwarded_for_only_from_a_trusted_proxy(
    settings: Any, remote: str, forwarded: str, client: str
) -> None:
    settings.TRUSTED_PROXIES = ["10.0.0.0/8", "::1"]
    request = RequestFactory().get("/", REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=forwarded)
    assert client_address(request) == client


def _upload(name: str = "r.json") -> dict[str, Any]:
    return {"file": SimpleUploadedFile(name, (DATA / "hongze-district-2023.json").read_bytes())}


@pytest.mark.django_db
def test_the_parse_api_counts_accepted_uploads_per_client(settings: Any, monkeypatch) -> None:
    settings.PARSE_RATE_LIMIT = (2, 3600)
    settings.TRUSTED_PROXIES = ["127.0.0.1"]
    client = Client(HTTP_X_FORWARDED_FOR="198.51.100.7")
    assert client.post("/api/reports/parse", {}).status_code == 422  # no file: not counted
    monkeypatch.setattr(api_module, "MAX_UPLOAD_BYTES", 10)
    assert client.post("/api/reports/check", _upload()).status_code == 413  # not counted
    monkeypatch.undo()
    assert [client.post("/api/reports/parse", _upload()).status_code for _ in range(3)] == [
        200,
        200,
        429,
    ]
    assert "过于频繁" in client.post("/api/reports/check", _upload()).json()["detail"]
    other = Client(HTTP_X_FORWARDED_FOR="198.51.100.8")  # another client behind the proxy
    assert other.post("/api/reports/check", _upload()).status_code == 200


@pytest.mark.django_db
def test_a_form_returned_for_a_typo_does_not_count_against_the_applicant(
    settings: Any, agency_a: Any
) -> None:
    settings.APPLY_RATE_LIMIT = (2, 3600)
    client = Client()
    for _ in range(5):
        typo = client.post(reverse("requests:apply"), _apply_data(agency_a, phone="", email=""))
        assert typo.status_code == 200
    statuses = [
        client.post(reverse("requests:apply"), _apply_data(agency_a)).status_code for _ in range(3)
    ]
    assert statuses == [302, 302, 429] and Application.objects.count() == 2


class Unreadable(io.RawIOBase):
    def read(self, size: int = -1) -> bytes:
        raise AssertionError("the body was read")


def _call(app: BodyLimit, **environ: Any) -> tuple[str, bytes, dict[str, Any]]:
    seen: dict[str, Any] = {}

    def inner(env: dict[str, Any], start_response: Any) -> list[bytes]:
        seen.update(env, body=env["wsgi.input"].read(int(env.get("CONTENT_LENGTH") or 0)))
        start_response("200 OK", [])
        return [b"ok"]

    status: list[str] = []
    wrapped = BodyLimit(inner, limits={"/small/": 10}, default=100)
    base = {"PATH_INFO": "/small/", "REQUEST_METHOD": "POST", "wsgi.input": Unreadable()}
    body = b"".join(wrapped({**base, **environ}, lambda s, h: status.append(s)))
    return status[0], body, seen


def test_a_body_over_its_declared_limit_is_refused_unread() -> None:
    status, body, seen = _call(BodyLimit, CONTENT_LENGTH="4294967296")
    assert status.startswith("413") and "上限 10 字节" in body.decode() and not seen
    status, _, _ = _call(BodyLimit, CONTENT_LENGTH="11")
    assert status.startswith("413")
    status, _, _ = _call(BodyLimit, CONTENT_LENGTH="-1")
    assert status.startswith("413")


def test_a_chunked_body_is_counted_as_it_streams() -> None:
    stream = io.BytesIO(b"x" * 1_000_000)
    status, _, seen = _call(BodyLimit, HTTP_TRANSFER_ENCODING="chunked", **{"wsgi.input": stream})
    assert status.startswith("413") and not seen and stream.tell() <= 11
    small = io.BytesIO(b"a=1&b=2")
    status, _, seen = _call(BodyLimit, HTTP_TRANSFER_ENCODING="chunked", **{"wsgi.input": small})
    assert status.startswith("200") and seen["body"] == b"a=1&b=2" and seen["CONTENT_LENGTH"] == "7"


def test_the_longest_matching_prefix_sets_the_limit(settings: Any) -> None:
    from gongkai.lib.bodylimit import limit_for

    limits = settings.REQUEST_BODY_LIMITS
    default = settings.REQUEST_BODY_DEFAULT_LIMIT
    assert limit_for("/api/reports/parse", limits, default) > 20 * 1024 * 1024
    assert limit_for("/api/requests/status", limits, default) == 64 * 1024
    assert limit_for("/catalogue/new/", limits, default) == default


def _db_settings(tmp_path: Path, **extra: str) -> str:
    code = (
        "import os; os.environ['DJANGO_SETTINGS_MODULE'] = 'gongkai.settings';"
        "from django.conf import settings as s; print(s.DATABASES['default'].get('OPTIONS'))"
    )
    env = {**os.environ, "GONGKAI_VAR_DIR": str(tmp_path / "var"), **extra}
    env.pop("DATABASE_URL", None) if "DATABASE_URL" not in extra else None
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_sqlite_writers_queue_instead_of_failing(tmp_path: Path) -> None:
    options = _db_settings(tmp_path)
    assert "'transaction_mode': 'IMMEDIATE'" in options and "journal_mode=WAL" in options
    assert "'timeout': 30" in options
    postgres = _db_settings(tmp_path, DATABASE_URL="postgres://u@127.0.0.1:5432/x")
    assert "IMMEDIATE" not in postgres
