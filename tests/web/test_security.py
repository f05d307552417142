"""Security items: ``check --deploy`` clean in production, staff account lockout, private
uploads never under a public path, identity numbers masked and their full views audited."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings as django_settings
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import Resolver404, resolve, reverse

from gongkai.audit.models import Event
from gongkai.requests.models import Application, Attachment
from tests.web.conftest import PASSWORD
from tests.web.requests_fixtures import register, use_private_dir

FULL_ID = "330102199001011234"  # what requests_fixtures.register records


def test_check_deploy_is_clean_with_production_settings(tmp_path: Path) -> None:
    # A production environment: none of the test run's own variables.
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE", "DJANGO_SETTINGS_MODULE"}
    }
    env.update(
        DEBUG="0",
        SECRET_KEY="x9$kq!w2-ZPlm7#vbN4@rT8yUe1&hJc6^oGf3*sDa5(iL0)pQ_Vn",
        BACKUP_HMAC_KEY="k3!Vb9-backup-signing-key-of-this-server-only",
        IDENTITY_KEY="8p1QXv9nB3m2c7ZrT6yK4wLq0sD5fG8hJ1kA2bC3dE4=",
        ALLOWED_HOSTS="gongkai.example.gov.cn",
        GONGKAI_VAR_DIR=str(tmp_path / "var"),
        REDIS_URL="redis://127.0.0.1:6379/0",  # read as a setting; nothing connects to it
        PUBLIC_BASE_URL="https://gongkai.example.gov.cn",  # the links in notification e-mails
    )
    result = subprocess.run(
        [sys.executable, "-m", "gongkai", "manage", "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)" in result.stdout
    # without a shared cache, the rate limits would count per server process
    del env["REDIS_URL"]
    result = subprocess.run(
        [sys.executable, "-m", "gongkai", "manage", "check", "--deploy"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert "gongkai.W001" in result.stdout + result.stderr and "REDIS_URL" in result.stderr


# --- account lockout (more in tests/web/test_accounts_lockout.py) -----------------------------


def _login(client: Client, username: str, password: str, address: str = "10.1.1.1") -> Any:
    return client.post(
        reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=address
    )


@pytest.mark.django_db
def test_it_locks_an_account_after_too_many_failures_from_any_address(
    clerk_a: Any, clerk_b: Any
) -> None:
    limit = django_settings.LOGIN_FAILURE_LIMIT
    for n in range(limit - 1):
        response = _login(Client(), clerk_a.username, "wrong-password", address=f"10.0.0.{n}")
        assert "用户名或密码不正确" in response.content.decode()
    locking = _login(Client(), clerk_a.username, "wrong-password", address="10.9.9.9")
    assert "已被锁定" in locking.content.decode() and "30 分钟" in locking.content.decode()
    client = Client()
    refused = _login(client, clerk_a.username, PASSWORD, address="10.2.2.2")
    assert refused.status_code == 200 and "已被锁定" in refused.content.decode()
    assert "_auth_user_id" not in client.session
    # Another clerk is not affected.
    assert _login(Client(), clerk_b.username, PASSWORD).status_code == 302


@pytest.mark.django_db
def test_a_successful_log_in_clears_the_failures(clerk_a: Any) -> None:
    limit = django_settings.LOGIN_FAILURE_LIMIT
    for _ in range(limit - 1):
        _login(Client(), clerk_a.username, "wrong-password")
    assert _login(Client(), clerk_a.username, PASSWORD).status_code == 302
    for _ in range(limit - 1):
        _login(Client(), clerk_a.username, "wrong-password")
    assert _login(Client(), clerk_a.username, PASSWORD).status_code == 302


# --- private uploads --------------------------------------------------------------------------


def _private_roots() -> list[Path]:
    from gongkai.catalogue.models import attachment_storage as catalogue_storage
    from gongkai.requests.models import attachment_storage as requests_storage

    return [Path(requests_storage.location), Path(catalogue_storage.location)]


def test_private_uploads_are_not_under_a_public_path() -> None:
    public = [Path(django_settings.STATIC_ROOT), *map(Path, django_settings.STATICFILES_DIRS)]
    media_root = getattr(django_settings, "MEDIA_ROOT", "")
    if media_root:
        public.append(Path(media_root))
    for root in _private_roots():
        for folder in public:
            assert not root.resolve().is_relative_to(folder.resolve()), (root, folder)
            assert not folder.resolve().is_relative_to(root.resolve()), (root, folder)


def test_private_storages_have_no_public_url() -> None:
    from gongkai.catalogue.models import attachment_storage as catalogue_storage
    from gongkai.requests.models import attachment_storage as requests_storage

    for storage in (requests_storage, catalogue_storage):
        # No MEDIA_URL: whatever URL the storage would build leads to no view at all.
        with pytest.raises(Resolver404):
            resolve("/" + storage.url("2025/01/id.pdf").lstrip("/"))
    for path in ("/media/2025/01/id.pdf", "/private/requests/2025/01/id.pdf", "/attachments/x.pdf"):
        with pytest.raises(Resolver404):
            resolve(path)


@pytest.fixture
def case_with_proof(settings: Any, tmp_path: Path, clerk_a: Any, agency_a: Any) -> Application:
    use_private_dir(settings, tmp_path / "private")
    application, _code = register(clerk_a, agency_a, date(2025, 3, 3))
    Attachment.objects.create(
        application=application,
        file=ContentFile(b"%PDF-1.4 id card", name="id.pdf"),
        original_name="身份证.pdf",
        content_type="application/pdf",
        size=16,
    )
    return application


def _download_url(application: Application) -> str:
    item = application.attachments.get()
    return reverse("requests:attachment", kwargs={"pk": application.pk, "attachment_pk": item.pk})


@pytest.mark.django_db
def test_an_attachment_is_served_only_to_staff_of_its_agency(
    case_with_proof: Application, clerk_b: Any
) -> None:
    url = _download_url(case_with_proof)
    anonymous = Client().get(url)
    assert anonymous.status_code == 302 and reverse("login") in anonymous["Location"]
    other = Client()
    other.force_login(clerk_b)
    assert other.get(url).status_code in {403, 404}
    assert not Event.objects.filter(action="application.view_attachment").exists()


# --- identity numbers -------------------------------------------------------------------------


@pytest.mark.django_db
def test_identity_numbers_are_masked_in_lists_and_on_the_case_page(
    case_with_proof: Application, clerk_a: Any, operator: Any
) -> None:
    client = Client()
    client.force_login(clerk_a)
    for url in (
        reverse("requests:dashboard"),
        reverse("requests:detail", args=[case_with_proof.pk]),
    ):
        page = client.get(url)
        assert page.status_code == 200
        assert FULL_ID not in page.content.decode()
    assert (
        case_with_proof.id_number_masked
        in client.get(reverse("requests:detail", args=[case_with_proof.pk])).content.decode()
    )
    admin = Client()
    admin.force_login(operator)
    for url in (
        reverse("admin:requests_application_changelist"),
        reverse("admin:requests_application_change", args=[case_with_proof.pk]),
    ):
        page = admin.get(url)
        assert page.status_code == 200
        assert FULL_ID not in page.content.decode()


@pytest.mark.django_db
def test_every_opening_of_a_proof_of_identity_is_audited(
    case_with_proof: Application, clerk_a: Any
) -> None:
    client = Client()
    client.force_login(clerk_a)
    url = _download_url(case_with_proof)
    for _ in range(2):
        response = client.get(url)
        assert b"".join(response.streaming_content) == b"%PDF-1.4 id card"
    events = Event.objects.filter(action="application.view_attachment").order_by("pk")
    assert events.count() == 2
    assert all(
        e.actor_id == clerk_a.pk and e.agency_id == case_with_proof.agency_id for e in events
    )
    assert events[0].changes == {"attachment": [None, "身份证.pdf"]}
