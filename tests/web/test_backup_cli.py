"""``gongkai backup`` / ``restore`` / ``manage flush`` as subprocesses in a fresh folder and
environment (SQLite under its own var/): the archive is private and signed, another key refuses
it, restore is audited, and the database file refuses a raw DELETE of the trail."""

from __future__ import annotations

import os
import sqlite3
import stat
import subprocess
import sys
from pathlib import Path

import pytest


def _run(tmp_path: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DATABASE_URL", "DJANGO_SETTINGS_MODULE", "BACKUP_HMAC_KEY", "IDENTITY_KEY"}
    }
    clean.update(GONGKAI_VAR_DIR=str(tmp_path / "var"), **env)
    return subprocess.run(
        [sys.executable, "-m", "gongkai", *args],
        env=clean,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.fixture(scope="module")
def platform(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp_path = tmp_path_factory.mktemp("cli")
    result = _run(tmp_path, "manage", "migrate", "--noinput")
    assert result.returncode == 0, result.stderr
    return tmp_path


def _events(tmp_path: Path) -> list[str]:
    with sqlite3.connect(tmp_path / "var" / "gongkai.sqlite3") as db:
        return [row[0] for row in db.execute("SELECT action FROM audit_event ORDER BY id")]


def test_backup_and_restore_are_signed_private_and_audited(platform: Path) -> None:
    archive = platform / "b.tar.gz"
    result = _run(platform, "backup", "-o", str(archive))
    assert result.returncode == 0, result.stderr
    assert stat.S_IMODE(archive.stat().st_mode) == 0o600
    other = _run(platform, "restore", str(archive), "--yes", BACKUP_HMAC_KEY="another-key")
    assert other.returncode == 1 and "备份签名不符" in other.stderr
    result = _run(platform, "restore", str(archive), "--yes")
    assert result.returncode == 0, result.stderr
    assert _events(platform)[-1] == "backup.restore"


def test_a_sqlite_shell_cannot_delete_the_trail_but_flush_can(platform: Path) -> None:
    assert _events(platform)
    with (
        pytest.raises(sqlite3.OperationalError),
        sqlite3.connect(platform / "var" / "gongkai.sqlite3") as db,
    ):
        db.execute("DELETE FROM audit_event")
    assert _events(platform)
    result = _run(platform, "manage", "flush", "--noinput")
    assert result.returncode == 0, result.stderr
    # emptied, then the calendar seeded again by post_migrate (its own event)
    assert _events(platform) == ["calendar.import"]
