"""Every ``gongkai`` sub-command runs as a user runs it: ``--help`` for each, and a real run of
each engine command, from a temporary folder with a fresh environment. (The platform's jobs are
run the same way in tests/web/test_cli_jobs.py.)"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from gongkai.cli import COMMAND_MODULES
from tests.cli_run import gongkai

DATA = Path(__file__).parent / "data"
COMMANDS = [name.rsplit(".", 1)[1].replace("_", "-") for name in COMMAND_MODULES]


def test_every_command_module_is_listed_in_the_top_level_help(tmp_path: Path) -> None:
    result = gongkai("--help", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    for command in COMMANDS:
        assert command in result.stdout


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_prints_its_help_with_an_example(command: str, tmp_path: Path) -> None:
    result = gongkai(command, "--help", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "例" in result.stdout and "Traceback" not in result.stderr


def test_check_parse_render_and_audit_run_from_an_empty_folder(tmp_path: Path) -> None:
    shutil.copy(DATA / "hongze-district-2023.json", tmp_path / "hongze.json")
    shutil.copy(DATA / "yingkou-archives-2020.txt", tmp_path / "yingkou.txt")
    checked = gongkai("check", "--json", "hongze.json", cwd=tmp_path)
    assert checked.returncode == 1  # the real report's 表四 does not add up (R4)
    assert {f["rule"] for f in json.loads(checked.stdout)["files"][0]["findings"]} >= {"R4"}
    parsed = gongkai("parse", "yingkou.txt", "-o", "yingkou.json", cwd=tmp_path)
    assert parsed.returncode == 0, parsed.stderr
    assert json.loads((tmp_path / "yingkou.json").read_text())["format"] == "2019"
    rendered = gongkai("render", "hongze.json", "--to", "xlsx", "-o", "hongze.xlsx", cwd=tmp_path)
    assert rendered.returncode == 0, rendered.stderr
    assert (tmp_path / "hongze.xlsx").read_bytes()[:2] == b"PK"
    audited = gongkai("audit", ".", "-o", "audit.xlsx", "--jobs", "1", cwd=tmp_path)
    assert audited.returncode in (0, 1), audited.stderr
    assert (tmp_path / "audit.xlsx").exists()


def test_deadline_runs_without_a_platform_database(tmp_path: Path) -> None:
    result = gongkai("deadline", "2026-09-28", "--calendar", "chinesecalendar", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "2026年10月30日" in result.stdout
    assert not (tmp_path / "var").exists()  # it only reads


def test_a_bad_file_gets_one_line_and_exit_2(tmp_path: Path) -> None:
    (tmp_path / "nothing.txt").write_text("这不是一份年度报告。\n", encoding="utf-8")
    result = gongkai("parse", "nothing.txt", cwd=tmp_path)
    assert result.returncode == 2
    assert "nothing.txt" in result.stderr and "Traceback" not in result.stderr
