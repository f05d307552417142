"""Data at rest: the database file, uploads and backups readable by the platform's user only;
identity numbers encrypted in the database and found by a keyed hash (SQLite and PostgreSQL)."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.db import connection
from django.urls import reverse

from gongkai.audit.models import Event
from gongkai.lib.crypto import PREFIX, decrypt, identity_digest
from gongkai.requests.models import Application
from gongkai.requests.selectors import applicant_month_ordinal
from tests.web.requests_fixtures import register
from tests.web.test_portal import use_attachment_dir

FULL_ID = "330102199001011234"  # what requests_fixtures.register records


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def _stored(pk: int) -> tuple[str, str]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT id_number, id_number_digest FROM requests_application WHERE id = %s", [pk]
        )
        row = cursor.fetchone()
    return row[0], row[1]


def test_a_new_sqlite_database_and_its_folder_are_private(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL"}}
    env["GONGKAI_VAR_DIR"] = str(tmp_path / "var")
    result = subprocess.run(
        [sys.executable, "-m", "gongkai", "manage", "migrate", "--noinput"],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=300,
        preexec_fn=lambda: os.umask(0o022),  # a usual umask: files would be 0644
    )
    assert result.returncode == 0, result.stderr
    assert _mode(tmp_path / "var") == 0o700
    assert _mode(tmp_path / "var" / "gongkai.sqlite3") == 0o600


def test_an_existing_world_readable_database_is_tightened(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from gongkai.lib.paths import make_private_sqlite

    folder = tmp_path / "var"
    folder.mkdir(mode=0o755)
    database = folder / "gongkai.sqlite3"
    database.write_bytes(b"")
    database.chmod(0o644)
    shared = tmp_path / "shared"  # a folder named by DATABASE_URL, e.g. /tmp: left alone
    shared.mkdir()
    shared.chmod(0o1777)
    make_private_sqlite(shared / "other.sqlite3")
    assert _mode(shared) == 0o1777 and _mode(shared / "other.sqlite3") == 0o600
    monkeypatch.setenv("GONGKAI_VAR_DIR", str(folder))
    make_private_sqlite(database)
    assert (_mode(folder), _mode(database)) == (0o700, 0o600)


def test_uploaded_files_and_their_folders_are_private(
    clerk_a: Any, agency_a: Any, settings: Any, tmp_path: Path
) -> None:
    from gongkai.catalogue.services import attachment_add
    from tests.web.catalogue_helpers import make_document

    use_attachment_dir(settings, tmp_path / "attachments")
    document = make_document(clerk_a, agency_a, written_on=date(2025, 3, 3), unpublished=True)
    item = attachment_add(
        actor=clerk_a, document=document, title="通知", file=ContentFile(b"%PDF-1.4", "a.pdf")
    )
    path = Path(item.file.path)
    assert _mode(path) == 0o600
    assert _mode(path.parent) == 0o700 and _mode(tmp_path / "attachments") == 0o700


def test_identity_numbers_are_encrypted_and_searched_by_keyed_hash(
    clerk_a: Any, agency_a: Any
) -> None:
    first, _ = register(clerk_a, agency_a, date(2025, 3, 3))
    second, _ = register(clerk_a, agency_a, date(2025, 3, 4))
    stored, digest = _stored(first.pk)
    assert stored.startswith(PREFIX) and FULL_ID not in stored
    assert stored != _stored(second.pk)[0]  # randomised: equal numbers, unequal tokens
    assert digest == identity_digest(FULL_ID) == identity_digest(" 330102199001011234 ")
    assert len(digest) == 64 and FULL_ID not in digest
    fresh = Application.objects.get(pk=first.pk)
    assert fresh.id_number == FULL_ID
    assert fresh.id_number_masked == "330*************34"
    # the same applicant's second request this month is found through the hash
    assert applicant_month_ordinal(Application.objects.get(pk=second.pk)) == 2
    assert not Application.objects.filter(id_number=FULL_ID).exists()  # no plain-text search


def test_a_wrong_key_is_a_clear_error_not_a_guess(settings: Any) -> None:
    from gongkai.lib.crypto import encrypt

    token = encrypt("110101199003077777")
    settings.IDENTITY_KEY = "8p1QXv9nB3m2c7ZrT6yK4wLq0sD5fG8hJ1kA2bC3dE4="
    with pytest.raises(ImproperlyConfigured, match="IDENTITY_KEY 与加密时所用的密钥不同"):
        decrypt(token)


def test_the_full_number_is_shown_on_request_and_audited(
    client: Any, clerk_a: Any, supervisor: Any, agency_a: Any
) -> None:
    application, _ = register(clerk_a, agency_a, date(2025, 3, 3))
    client.force_login(clerk_a)
    detail = client.get(reverse("requests:detail", args=[application.pk])).content.decode()
    assert "330*************34" in detail and FULL_ID not in detail
    url = reverse("requests:id_number", args=[application.pk])
    assert client.get(url).status_code == 405
    response = client.post(url)
    assert response.status_code == 200 and FULL_ID in response.content.decode()
    assert response["Cache-Control"] == "no-store"
    event = Event.objects.filter(action="application.view_id_number").get()
    assert event.actor == clerk_a and event.object_id == str(application.pk)
    assert FULL_ID not in str(event.changes) + event.reason
    client.force_login(supervisor)
    assert client.post(url).status_code == 403


def test_exports_of_the_trail_and_the_ledger_are_events(client: Any, clerk_a: Any) -> None:
    client.force_login(clerk_a)
    client.get(reverse("audit:export_csv"))
    client.get(reverse("requests:ledger"), {"year": 2025})
    actions = set(Event.objects.values_list("action", flat=True))
    assert {"audit.export", "application.export_ledger"} <= actions


def test_a_backup_carries_the_tokens_not_the_numbers(
    clerk_a: Any, agency_a: Any, tmp_path: Path, settings: Any
) -> None:
    import tarfile

    from gongkai.lib.backup import backup_create, backup_restore
    from tests.web.requests_fixtures import use_private_dir

    use_private_dir(settings, str(tmp_path / "private"))
    use_attachment_dir(settings, tmp_path / "attachments")
    application, _ = register(clerk_a, agency_a, date(2025, 3, 3))
    archive = tmp_path / "b.tar.gz"
    backup_create(output=archive)
    with tarfile.open(archive) as tar:
        dump = tar.extractfile("database.json").read().decode()  # type: ignore[union-attr]
    assert FULL_ID not in dump and PREFIX in dump
    backup_restore(archive=archive)
    assert Application.objects.get(pk=application.pk).id_number == FULL_ID


@pytest.mark.django_db(transaction=True)
def test_the_migration_encrypts_rows_stored_in_clear(clerk_a: Any, agency_a: Any) -> None:
    application, _ = register(clerk_a, agency_a, date(2025, 3, 3))
    call_command("migrate", "requests", "0005", verbosity=0)
    try:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT id_number FROM requests_application WHERE id = %s", [application.pk]
            )
            assert cursor.fetchone()[0] == FULL_ID  # the way back decrypts
    finally:
        # every app: those whose migrations depend on later requests migrations went back too
        call_command("migrate", verbosity=0)
    stored, digest = _stored(application.pk)
    assert stored.startswith(PREFIX) and digest == identity_digest(FULL_ID)
    assert Application.objects.get(pk=application.pk).id_number == FULL_ID
