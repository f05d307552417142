"""Back up and restore the whole platform: every database row and the private uploaded files.

The archive (``.tar.gz``) holds ``manifest.json`` (format, version, date, database vendor, the
latest applied migration of each app, row counts per model, file counts per area, a SHA-256 of
every member), ``database.json`` (Django's serializer, models in dependency order, primary keys
kept) and ``files/<area>/...`` for each private storage (request attachments, catalogue
attachments), and ``manifest.hmac``: an HMAC-SHA256 of the manifest's exact bytes keyed with
``BACKUP_HMAC_KEY`` — a secret apart from ``SECRET_KEY``, so another server given the same key
can verify a backup, and whoever edits the rows (the audit trail among them) and recomputes the
SHA-256 list cannot sign the result. Restore checks the signature before anything else.

Why the serializer rather than the SQLite file or ``pg_dump``: one format that round-trips on
both databases and can be restored from one into the other. Restore empties every table with the
backend's own flush SQL and loads the rows in one transaction, so a failure leaves the database
as it was. The audit table's triggers refuse DELETE and TRUNCATE; restore empties it inside
``gongkai.audit.guard.audit_maintenance`` (the one explicit way past them) and appends its own
``backup.restore`` event in the same transaction. Loading a raw row into an empty table never
updates one, so the UPDATE trigger never fires. Files are swapped in only after the database
commit. Archives are created 0600: they hold every applicant's personal data.
"""

from __future__ import annotations

import hashlib
import hmac
import io
import json
import os
import shutil
import tarfile
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, time
from pathlib import Path
from typing import Any

from gongkai.errors import DomainError
from gongkai.lib.paths import make_private_tree

FORMAT = "gongkai-backup"
VERSION = 2  # 2: signed with BACKUP_HMAC_KEY (manifest.hmac)
SIGNATURE_MEMBER = "manifest.hmac"
# Sessions are not worth keeping: a restore logs everybody out.
SKIPPED_MODELS = frozenset({"sessions.session"})


def _encoder() -> type[json.JSONEncoder]:
    from django.core.serializers.json import DjangoJSONEncoder

    class FullPrecisionEncoder(DjangoJSONEncoder):
        """Django's encoder cuts times to milliseconds; a backup keeps the microseconds."""

        def default(self, o: Any) -> Any:
            if isinstance(o, datetime | time):
                return o.isoformat()
            return super().default(o)

    return FullPrecisionEncoder


class BackupError(DomainError):
    """A backup or restore refused, with a one-line reason."""


@dataclass(frozen=True)
class RestoreResult:
    rows: int
    files: int
    created: str


def file_areas() -> dict[str, Path]:
    """Each private storage's folder, by area name (as the archive names them)."""
    from gongkai.catalogue.models import attachment_storage as catalogue_storage
    from gongkai.requests.models import attachment_storage as requests_storage

    return {
        "requests": Path(requests_storage.location),
        "catalogue": Path(catalogue_storage.location),
    }


def _models() -> list[Any]:
    from django.apps import apps
    from django.core import serializers

    app_list = {config: None for config in apps.get_app_configs()}
    ordered = serializers.sort_dependencies(app_list.items(), allow_cycles=True)
    return [m for m in ordered if m._meta.label_lower not in SKIPPED_MODELS and m._meta.managed]


def _migration_state() -> dict[str, str]:
    from django.db.migrations.recorder import MigrationRecorder

    latest: dict[str, str] = {}
    for app, name in MigrationRecorder.Migration.objects.values_list("app", "name"):
        latest[app] = max(latest.get(app, ""), name)
    return dict(sorted(latest.items()))


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _hmac_key() -> bytes:
    from django.conf import settings

    key = getattr(settings, "BACKUP_HMAC_KEY", "")
    if not key:
        raise BackupError(
            "BACKUP_HMAC_KEY 未设置：备份须用此密钥签名、恢复须用同一密钥验证"
            "（生产环境通过环境变量提供，并与 SECRET_KEY 不同）"
        )
    return str(key).encode("utf-8")


def manifest_signature(manifest: bytes) -> str:
    """The ``manifest.hmac`` text for the manifest's exact bytes."""
    return "hmac-sha256:" + hmac.new(_hmac_key(), manifest, hashlib.sha256).hexdigest()


def _files(root: Path) -> Iterator[Path]:
    if root.is_dir():
        yield from sorted(p for p in root.rglob("*") if p.is_file())


def backup_create(*, output: Path) -> dict[str, Any]:
    """Write the archive to ``output``; return its manifest."""
    from django.core import serializers
    from django.db import connection, transaction

    _hmac_key()  # refuse before the work, not after
    with tempfile.TemporaryDirectory(prefix="gongkai-backup-") as tmp:
        dump = Path(tmp) / "database.json"
        counts: dict[str, int] = {}

        def rows() -> Iterator[Any]:
            for model in _models():
                label = model._meta.label_lower
                counts[label] = 0
                for obj in model._base_manager.order_by("pk").iterator(chunk_size=2000):
                    counts[label] += 1
                    yield obj

        outermost = not connection.in_atomic_block
        with transaction.atomic(), dump.open("w", encoding="utf-8") as handle:
            if outermost and connection.vendor == "postgresql":
                # One snapshot for every table, even while the site is in use.
                with connection.cursor() as cursor:
                    cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
            serializers.serialize("json", rows(), stream=handle, ensure_ascii=False, cls=_encoder())
            migrations = _migration_state()
        members: dict[str, str] = {"database.json": _sha256(dump)}
        file_counts: dict[str, int] = {}
        areas = file_areas()
        for area, root in areas.items():
            paths = list(_files(root))
            file_counts[area] = len(paths)
            for path in paths:
                members[f"files/{area}/{path.relative_to(root).as_posix()}"] = _sha256(path)
        manifest = {
            "format": FORMAT,
            "version": VERSION,
            "created": datetime.now(UTC).isoformat(timespec="seconds"),
            "database_vendor": connection.vendor,
            "migrations": migrations,
            "counts": counts,
            "files": file_counts,
            "sha256": members,
        }
        output.parent.mkdir(parents=True, exist_ok=True)
        partial = output.with_name(output.name + ".partial")
        data = json.dumps(manifest, ensure_ascii=False, indent=2).encode("utf-8")
        signature = manifest_signature(data).encode("ascii")
        fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        os.fchmod(fd, 0o600)  # an older partial file keeps its mode otherwise
        with os.fdopen(fd, "wb") as raw, tarfile.open(fileobj=raw, mode="w:gz") as tar:
            for name, content in (("manifest.json", data), (SIGNATURE_MEMBER, signature)):
                info = tarfile.TarInfo(name)
                info.size = len(content)
                info.mode = 0o600
                tar.addfile(info, io.BytesIO(content))
            tar.add(dump, arcname="database.json")
            for area, root in areas.items():
                for path in _files(root):
                    tar.add(path, arcname=f"files/{area}/{path.relative_to(root).as_posix()}")
        partial.replace(output)
    _record_backup(output, manifest)
    return manifest


def _os_user() -> str:
    """Who ran the command: a CLI job has no platform user, the system account is the actor."""
    import getpass

    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return f"uid {os.getuid()}"


def _record_backup(output: Path, manifest: dict[str, Any]) -> None:
    from gongkai.audit.services import event_record

    event_record(
        actor=None,
        action="backup.create",
        changes={
            "archive": [None, output.name],
            "rows": [None, sum(manifest["counts"].values())],
            "archive_sha256": [None, _sha256(output)],
            "os_user": [None, _os_user()],
        },
        reason="由 gongkai backup 备份（含全部审计日志与个人信息）",
    )


def _read_manifest(archive: Path, folder: Path) -> dict[str, Any]:
    """Extract ``archive`` into ``folder`` and check it; the manifest, or BackupError."""
    try:
        with tarfile.open(archive, "r:gz") as tar:
            tar.extractall(folder, filter="data")
    except FileNotFoundError as exc:
        raise BackupError(f"{archive}: 文件不存在") from exc
    except (tarfile.TarError, OSError, EOFError) as exc:
        raise BackupError(f"{archive}: 不是有效的 gongkai 备份文件（无法解压：{exc}）") from exc
    try:
        raw = (folder / "manifest.json").read_bytes()
        manifest = json.loads(raw.decode("utf-8"))
    except (OSError, ValueError) as exc:
        raise BackupError(
            f"{archive}: 不是 gongkai 备份文件（缺少或无法读取 manifest.json）"
        ) from exc
    _verify_signature(archive, folder, raw, manifest)
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError(f"{archive}: 不是 gongkai 备份文件（manifest.json 的 format 不符）")
    if manifest.get("version") != VERSION:
        raise BackupError(
            f"{archive}: 备份格式版本 {manifest.get('version')!r} 不受支持（本程序为 {VERSION}）"
        )
    for name, digest in manifest.get("sha256", {}).items():
        member = folder / name
        if not member.is_file():
            raise BackupError(f"{archive}: 备份不完整，缺少 {name}")
        if _sha256(member) != digest:
            raise BackupError(f"{archive}: 备份已损坏，{name} 的校验值不符")
    if "database.json" not in manifest.get("sha256", {}):
        raise BackupError(f"{archive}: 备份不完整，缺少 database.json")
    return manifest


def _verify_signature(archive: Path, folder: Path, raw: bytes, manifest: Any) -> None:
    if isinstance(manifest, dict) and (manifest.get("format"), manifest.get("version")) == (
        FORMAT,
        1,
    ):
        raise BackupError(
            f"{archive}: 备份格式版本 1 没有签名，不能验证是否被改动；请用本版本重新备份"
        )
    try:
        signature = (folder / SIGNATURE_MEMBER).read_text(encoding="ascii").strip()
    except (OSError, ValueError):
        raise BackupError(f"{archive}: 备份没有签名（缺少 {SIGNATURE_MEMBER}），拒绝恢复") from None
    if not hmac.compare_digest(signature, manifest_signature(raw)):
        raise BackupError(
            f"{archive}: 备份签名不符：清单在备份后被改动，或备份用的不是本机的 BACKUP_HMAC_KEY；"
            "拒绝恢复，数据库未改变"
        )


def _check_schema(archive: Path, manifest: dict[str, Any]) -> None:
    current = _migration_state()
    wanted = manifest.get("migrations", {})
    if current != wanted:
        differ = sorted(a for a in set(current) | set(wanted) if current.get(a) != wanted.get(a))
        app = differ[0]
        raise BackupError(
            f"{archive}: 备份的数据库结构与当前数据库不一致（{app}: 备份为 "
            f"{wanted.get(app, '无')}，当前为 {current.get(app, '无')}）；"
            "请先用同一版本的 gongkai 执行 gongkai manage migrate"
        )


def _load_database(archive: Path, dump: Path, manifest: dict[str, Any]) -> int:
    from django.core import serializers
    from django.core.management.color import no_style
    from django.core.serializers.base import DeserializationError
    from django.db import DatabaseError, IntegrityError, connection, transaction

    from gongkai.audit.guard import audit_maintenance

    models = _models()
    tables = [m._meta.db_table for m in models]
    rows = 0
    try:
        with audit_maintenance(connection), transaction.atomic():
            with connection.cursor() as cursor:
                if connection.vendor == "postgresql":
                    # TRUNCATE refuses while this transaction has unchecked foreign keys.
                    cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
                for sql in connection.ops.sql_flush(
                    no_style(), tables, reset_sequences=False, allow_cascade=True
                ):
                    cursor.execute(sql)
                if connection.vendor == "postgresql":
                    cursor.execute("SET CONSTRAINTS ALL DEFERRED")  # rows load in any order
            with dump.open(encoding="utf-8") as handle:
                for item in serializers.deserialize("json", handle, ignorenonexistent=False):
                    item.save()
                    rows += 1
            with connection.cursor() as cursor:
                for sql in connection.ops.sequence_reset_sql(no_style(), models):
                    cursor.execute(sql)
            connection.check_constraints()
            for model in models:
                label = model._meta.label_lower
                expected = manifest.get("counts", {}).get(label, 0)
                if model._base_manager.count() != expected:
                    raise BackupError(
                        f"{archive}: {label} 恢复后为 {model._base_manager.count()} 行，"
                        f"清单为 {expected} 行；已撤销，数据库未改变"
                    )
            _record_restore(archive, manifest, rows)
    except (DeserializationError, IntegrityError, DatabaseError) as exc:
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise BackupError(f"{archive}: 数据无法载入（{first}）；已撤销，数据库未改变") from exc
    return rows


def _record_restore(archive: Path, manifest: dict[str, Any], rows: int) -> None:
    """The restore's own event, after the restored trail (which cannot say it was restored)."""
    from gongkai.audit.services import event_record

    event_record(
        actor=None,
        action="backup.restore",
        changes={
            "archive": [None, archive.name],
            "created": [None, str(manifest.get("created", ""))],
            "rows": [None, rows],
            "archive_sha256": [None, _sha256(archive)],
            "os_user": [None, _os_user()],
        },
        reason="由 gongkai restore 恢复备份（签名已验证）",
    )


def _swap_files(extracted: Path) -> int:
    count = 0
    for area, root in file_areas().items():
        incoming = extracted / "files" / area
        root.parent.mkdir(parents=True, exist_ok=True)
        staged = root.with_name(root.name + ".restoring")
        old = root.with_name(root.name + ".before-restore")
        for leftover in (staged, old):
            if leftover.exists():
                shutil.rmtree(leftover)
        if incoming.is_dir():
            shutil.copytree(incoming, staged)
            count += sum(1 for p in staged.rglob("*") if p.is_file())
        else:
            staged.mkdir()
        if root.exists():
            root.rename(old)
        make_private_tree(staged)
        staged.rename(root)
        if old.exists():
            shutil.rmtree(old)
    return count


def backup_restore(*, archive: Path) -> RestoreResult:
    """Replace every row and every private file with the archive's. Nothing changes unless the
    archive is whole, matches the database schema and loads completely."""
    with tempfile.TemporaryDirectory(prefix="gongkai-restore-") as tmp:
        folder = Path(tmp)
        manifest = _read_manifest(archive, folder)
        _check_schema(archive, manifest)
        rows = _load_database(archive, folder / "database.json", manifest)
        files = _swap_files(folder)
    from gongkai.portal.cache import bump

    bump()  # the public pages of the replaced data are gone
    return RestoreResult(rows=rows, files=files, created=str(manifest.get("created", "")))
