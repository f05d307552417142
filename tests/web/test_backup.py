"""``gongkai backup`` / ``gongkai restore``: a populated platform round-trips (rows, audit trail,
private files), and a wrong, damaged or unloadable archive changes nothing."""

from __future__ import annotations

import io
import json
import tarfile
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.utils.functional import empty

from gongkai.audit.models import Event
from gongkai.cli import main
from gongkai.lib.backup import (
    BackupError,
    _models,
    backup_create,
    backup_restore,
    manifest_signature,
)
from gongkai.requests.models import Application, Attachment
from tests.web.requests_fixtures import register, use_private_dir

pytestmark = pytest.mark.django_db


@pytest.fixture
def storage_dirs(settings: Any, tmp_path: Path) -> dict[str, Path]:
    from gongkai.catalogue.models import attachment_storage

    dirs = {"requests": tmp_path / "private-requests", "catalogue": tmp_path / "attachments"}
    use_private_dir(settings, str(dirs["requests"]))
    settings.CATALOGUE_ATTACHMENTS_DIR = str(dirs["catalogue"])
    attachment_storage._wrapped = empty
    return dirs


@pytest.fixture
def populated(everyone: Any, clerk_a: Any, agency_a: Any, storage_dirs: dict[str, Path]) -> Any:
    from gongkai.catalogue.models import attachment_storage

    application, _code = register(clerk_a, agency_a, date(2025, 3, 3), name="李四")
    register(clerk_a, agency_a, date(2025, 3, 4), name="王五")
    Attachment.objects.create(
        application=application,
        file=ContentFile(b"%PDF-1.4 proof of identity", name="id.pdf"),
        original_name="身份证.pdf",
        content_type="application/pdf",
        size=26,
    )
    attachment_storage.save("2025/通知.pdf", ContentFile("通知正文".encode()))
    return application


def _snapshot() -> dict[str, int]:
    return {m._meta.label_lower: m._base_manager.count() for m in _models()}


def _tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def test_it_round_trips_rows_audit_trail_and_files(
    populated: Application,
    clerk_a: Any,
    agency_a: Any,
    storage_dirs: dict[str, Path],
    tmp_path: Path,
) -> None:
    archive = tmp_path / "backup.tar.gz"
    before_counts = _snapshot()
    before_app = Application.objects.values().get(pk=populated.pk)
    before_events = list(Event.objects.order_by("pk").values())
    before_files = {area: _tree(root) for area, root in storage_dirs.items()}
    manifest = backup_create(output=archive)
    assert manifest["counts"]["requests.application"] == 2
    assert manifest["files"] == {"requests": 1, "catalogue": 1}

    # Life goes on after the backup: a new request, an edited one, a lost file.
    register(clerk_a, agency_a, date(2025, 3, 5), name="赵六")
    Application.objects.filter(pk=populated.pk).update(applicant_name="改过的名字")
    for path in storage_dirs["requests"].rglob("*.pdf"):
        path.unlink()
    (storage_dirs["catalogue"] / "extra.txt").write_text("after the backup")

    result = backup_restore(archive=archive)

    assert result.rows == sum(before_counts.values())
    # the trail as it was, then the restore's own event
    assert _snapshot() == {**before_counts, "audit.event": before_counts["audit.event"] + 1}
    assert Application.objects.values().get(pk=populated.pk) == before_app
    restored = list(Event.objects.order_by("pk").values())
    assert restored[:-1] == before_events and restored[-1]["action"] == "backup.restore"
    assert {area: _tree(root) for area, root in storage_dirs.items()} == before_files
    # Sequences follow the restored rows: the next request gets a fresh primary key.
    application, _code = register(clerk_a, agency_a, date(2025, 3, 6), name="孙七")
    assert application.pk > max(
        a for a in Application.objects.exclude(pk=application.pk).values_list("pk", flat=True)
    )


def _rewrite(archive: Path, out: Path, change: Any) -> None:
    """Copy ``archive`` to ``out`` with ``change(name, data) -> data`` applied to each member."""
    with tarfile.open(archive, "r:gz") as src, tarfile.open(out, "w:gz") as dst:
        for member in src.getmembers():
            handle = src.extractfile(member)
            data = change(member.name, handle.read() if handle else b"")
            if data is None:
                continue
            info = tarfile.TarInfo(member.name)
            info.size = len(data)
            dst.addfile(info, io.BytesIO(data))


def _assert_refused(archive: Path, message: str) -> None:
    counts = _snapshot()
    names = list(Application.objects.order_by("pk").values_list("applicant_name", flat=True))
    with pytest.raises(BackupError, match=message):
        backup_restore(archive=archive)
    assert _snapshot() == counts
    assert (
        list(Application.objects.order_by("pk").values_list("applicant_name", flat=True)) == names
    )


@pytest.fixture
def archive(populated: Application, tmp_path: Path) -> Path:
    path = tmp_path / "good.tar.gz"
    backup_create(output=path)
    Application.objects.filter(pk=populated.pk).update(applicant_name="备份之后")
    return path


def test_it_refuses_a_file_that_is_not_an_archive(archive: Path, tmp_path: Path) -> None:
    bad = tmp_path / "notes.tar.gz"
    bad.write_bytes(b"just some text")
    _assert_refused(bad, "不是有效的 gongkai 备份文件")


def test_it_refuses_a_truncated_archive(archive: Path, tmp_path: Path) -> None:
    bad = tmp_path / "cut.tar.gz"
    bad.write_bytes(archive.read_bytes()[: archive.stat().st_size // 2])
    _assert_refused(bad, "无法解压")


def test_it_refuses_an_archive_without_a_manifest(archive: Path, tmp_path: Path) -> None:
    bad = tmp_path / "other.tar.gz"
    _rewrite(archive, bad, lambda name, data: None if name == "manifest.json" else data)
    _assert_refused(bad, "manifest.json")


def test_it_refuses_a_member_whose_checksum_differs(archive: Path, tmp_path: Path) -> None:
    bad = tmp_path / "flipped.tar.gz"
    _rewrite(
        archive,
        bad,
        lambda name, data: (
            data.replace(b"\xe6\x9d\x8e", b"\xe5\xbc\xa0") if name == "database.json" else data
        ),
    )
    _assert_refused(bad, "database.json 的校验值不符")


def test_it_refuses_a_backup_of_another_schema(archive: Path, tmp_path: Path) -> None:
    def older(name: str, data: bytes) -> bytes:
        if name != "manifest.json":
            return data
        manifest = json.loads(data)
        manifest["migrations"]["requests"] = "0001_initial"
        return json.dumps(manifest).encode()

    bad = tmp_path / "older.tar.gz"
    _rewrite(archive, bad, _signing(older))
    _assert_refused(bad, "数据库结构与当前数据库不一致")


def test_it_rolls_back_everything_when_a_row_cannot_be_loaded(
    archive: Path, tmp_path: Path
) -> None:
    import hashlib

    broken: dict[str, bytes] = {}

    def dangling(name: str, data: bytes) -> bytes:
        if name == "database.json":
            rows = json.loads(data)
            attachment = next(r for r in rows if r["model"] == "requests.attachment")
            attachment["fields"]["application"] = 999999  # no such request
            data = json.dumps(rows, ensure_ascii=False).encode()
            broken["sha"] = hashlib.sha256(data).hexdigest().encode()
        return data

    step = tmp_path / "step.tar.gz"
    _rewrite(archive, step, dangling)

    bad = tmp_path / "dangling.tar.gz"
    _rewrite(step, bad, _resign({"database.json": broken["sha"].decode()}, with_key=True))
    _assert_refused(bad, "数据无法载入.*数据库未改变")


def _signing(change: Any) -> Any:
    """``change`` as made by someone who holds the signing key (the manifest signed again)."""
    signed: dict[str, bytes] = {}

    def wrapped(name: str, data: bytes) -> bytes:
        data = change(name, data)
        if name == "manifest.json":
            signed["manifest"] = data
        elif name == "manifest.hmac":
            data = manifest_signature(signed["manifest"]).encode()
        return data

    return wrapped


def _resign(digests: dict[str, str], *, with_key: bool) -> Any:
    """Put ``digests`` into the manifest; sign it again only when the forger has the key."""

    def change(name: str, data: bytes) -> bytes:
        if name != "manifest.json":
            return data
        manifest = json.loads(data)
        manifest["sha256"].update(digests)
        return json.dumps(manifest).encode()

    return _signing(change) if with_key else change


def test_it_refuses_a_backup_whose_events_were_edited_and_rehashed(
    archive: Path, tmp_path: Path
) -> None:
    import hashlib

    edited: dict[str, str] = {}

    def rewrite_history(name: str, data: bytes) -> bytes:
        if name == "database.json":
            rows = json.loads(data)
            events = [r for r in rows if r["model"] == "audit.event"]
            assert events
            for row in events:
                row["fields"]["reason"] = "改写历史"
            data = json.dumps(rows, ensure_ascii=False).encode()
            edited["sha"] = hashlib.sha256(data).hexdigest()
        return data

    step = tmp_path / "edited.tar.gz"
    _rewrite(archive, step, rewrite_history)
    forged = tmp_path / "forged.tar.gz"
    _rewrite(step, forged, _resign({"database.json": edited["sha"]}, with_key=False))
    _assert_refused(forged, "备份签名不符")
    assert not Event.objects.filter(reason="改写历史").exists()
    assert not Event.objects.filter(action="backup.restore").exists()


def test_it_refuses_an_unsigned_backup_and_one_signed_with_another_key(
    archive: Path, tmp_path: Path, settings: Any
) -> None:
    unsigned = tmp_path / "unsigned.tar.gz"
    _rewrite(archive, unsigned, lambda name, data: None if name == "manifest.hmac" else data)
    _assert_refused(unsigned, "备份没有签名")
    settings.BACKUP_HMAC_KEY = "another-server-with-another-key"
    _assert_refused(archive, "备份签名不符")
    settings.BACKUP_HMAC_KEY = ""
    _assert_refused(archive, "BACKUP_HMAC_KEY 未设置")


def test_it_records_the_backup_and_the_restore_as_events(archive: Path, tmp_path: Path) -> None:
    assert Event.objects.filter(action="backup.create").exists()
    backup_restore(archive=archive)
    last = Event.objects.order_by("-pk").first()
    assert last is not None and last.action == "backup.restore"
    assert last.changes["archive"] == [None, archive.name]
    # the backup's own event was written after its snapshot: the restored trail lacks it
    assert Event.objects.filter(action="backup.create").count() == 0


def test_it_writes_archives_only_its_owner_can_read(archive: Path) -> None:
    assert archive.stat().st_mode & 0o777 == 0o600


def test_the_commands_back_up_and_restore(
    archive: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "cli.tar.gz"
    assert main(["backup", "-o", str(out)]) == 0
    assert "已备份到" in capsys.readouterr().out
    Application.objects.update(applicant_name="又改了")
    assert main(["restore", str(out)]) == 1  # not a terminal and no --yes: refused
    assert "--yes" in capsys.readouterr().err
    assert main(["restore", str(out), "--yes"]) == 0
    assert "已从" in capsys.readouterr().out
    assert set(Application.objects.values_list("applicant_name", flat=True)) == {"备份之后", "王五"}
    assert main(["restore", str(tmp_path / "missing.tar.gz"), "--yes"]) == 2
    assert "文件不存在" in capsys.readouterr().err
