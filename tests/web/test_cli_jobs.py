"""The platform's jobs (``demo``, ``remind``, ``report-remind``, ``backup``, ``restore``,
``manage``) run as a user runs them — from cron or a shell, in a folder of their own, with a
fresh environment and no test runner: each sets Django up through the ``gongkai`` command."""

from __future__ import annotations

from pathlib import Path

import pytest

from gongkai.demo import DEMO_PASSWORD
from tests.cli_run import gongkai


@pytest.fixture(scope="module")
def demo_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("platform")
    result = gongkai("demo", "--no-serve", cwd=folder, timeout=600)
    assert result.returncode == 0, result.stderr
    assert DEMO_PASSWORD in result.stdout
    assert (folder / "var" / "gongkai.sqlite3").exists()
    return folder


def test_remind_lists_the_reminders_from_cron(demo_folder: Path) -> None:
    result = gongkai("remind", "--dry-run", "--date", "2026-11-02", cwd=demo_folder)
    assert result.returncode == 0, result.stderr
    assert "共" in result.stdout and "（未发送）" in result.stdout


def test_report_remind_runs_from_cron(demo_folder: Path) -> None:
    result = gongkai("report-remind", "--dry-run", cwd=demo_folder)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr


def test_manage_runs_djangos_checks(demo_folder: Path) -> None:
    result = gongkai("manage", "check", cwd=demo_folder)
    assert result.returncode == 0, result.stderr


def test_backup_and_restore_round_trip(demo_folder: Path) -> None:
    archive = demo_folder / "backup.tar.gz"
    made = gongkai("backup", "-o", str(archive), cwd=demo_folder)
    assert made.returncode == 0, made.stderr
    restored = gongkai("restore", str(archive), "--yes", cwd=demo_folder)
    assert restored.returncode == 0, restored.stderr


def test_remind_without_a_database_says_so_in_one_line(tmp_path: Path) -> None:
    result = gongkai("remind", "--dry-run", cwd=tmp_path)
    assert result.returncode != 0 or "共 0" in result.stdout
    assert "Traceback" not in result.stderr
