"""Back up and restore the whole platform: every database row and the private uploaded files.

The archive (``.tar.gz``) holds ``manifest.json`` (format, version, date, database vendor, the
latest applied migration of each app, row counts per model, file counts per area, a SHA-256 of
every member), ``database.json`` (Django's serializer, models in dependency order, primary keys
kept) and ``files/<area>/...`` for each private storage (request attachments, catalogue
attachments).

Why the serializer rather than the SQLite file or ``pg_dump``: one format that round-trips on
both databases and can be restored from one into the other. Restore empties every table with the
backend's own flush SQL and loads the rows in one transaction, so a failure leaves the database
as it was; the audit table's append-only trigger rejects UPDATE only, and loading a raw row into
an empty table never updates one. Files are swapped in only after the database commit.
"""

from __future__ import annotations

import hashlib
import io
import json
import shutil
import tarfile
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, time
from pathlib import Path
from typing import Any

from gongkai.errors import DomainError

FORMAT = "gongkai-backup"
VERSION = 1
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


def _files(root: Path) -> Iterator[Path]:
    if root.is_dir():
        yield from sorted(p for p in root.rglob("*") if p.is_file())


def backup_create(*, output: Path) -> dict[str, Any]:
    """Write the archive to ``output``; return its manifest."""
    from django.core import serializers
    from django.db import connection, transaction

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
        with tarfile.open(partial, "w:gz") as tar:
            data = json.dumps(manifest, ensure_ascii=False, indent=2).encode("utf-8")
            info = tarfile.TarInfo("manifest.json")
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
            tar.add(dump, arcname="database.json")
            for area, root in areas.items():
                for path in _files(root):
                    tar.add(path, arcname=f"files/{area}/{path.relative_to(root).as_posix()}")
        partial.replace(output)
    return manifest


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
        manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise BackupError(
            f"{archive}: 不是 gongkai 备份文件（缺少或无法读取 manifest.json）"
        ) from exc
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

    models = _models()
    tables = [m._meta.db_table for m in models]
    rows = 0
    try:
        with transaction.atomic():
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
    except (DeserializationError, IntegrityError, DatabaseError) as exc:
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise BackupError(f"{archive}: 数据无法载入（{first}）；已撤销，数据库未改变") from exc
    return rows


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
