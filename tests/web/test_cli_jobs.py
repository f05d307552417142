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


def test_import_requests_checks_then_imports_an_old_ledger(demo_folder: Path) -> None:
    ledger = demo_folder / "台账.csv"
    ledger.write_text(
        "收到日期,申请人,申请人类别,申请内容,申请渠道,办理结果,办结日期\n"
        "2024-03-04,台账导入人,自然人,校车采购合同,当面提交,予以公开,2024-03-20\n",
        encoding="utf-8",
    )
    bad = demo_folder / "bad.csv"
    bad.write_text("收到日期,申请人,申请人类别,申请内容,申请渠道\n昨天,张三,自然人,x,当面提交\n")
    refused = gongkai(
        "import-requests", str(bad), "--user", "jyj_clerk", "--commit", cwd=demo_folder
    )
    assert refused.returncode == 1 and "第 2 行「收到日期」" in refused.stderr
    checked = gongkai("import-requests", str(ledger), "--user", "jyj_clerk", cwd=demo_folder)
    assert checked.returncode == 0 and "预览" in checked.stdout, checked.stderr
    done = gongkai(
        "import-requests", str(ledger), "--user", "jyj_clerk", "--commit", cwd=demo_folder
    )
    assert done.returncode == 0, done.stderr
    assert "JL-JYJ-2024-" in done.stdout and "已导入 1 件" in done.stdout
    nobody = gongkai("import-requests", str(ledger), "--user", "nobody", cwd=demo_folder)
    assert nobody.returncode == 2 and "没有机关工作人员" in nobody.stderr
