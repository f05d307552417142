"""``gongkai check`` in-process: output, --json, exit codes 0/1/2, real reports."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from gongkai.cli import build_parser, main
from gongkai.report import canonical
from tests.strategies import consistent_report

DATA = Path(__file__).parent / "data"


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def write(tmp_path: Path, name: str, text: str) -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_it_exits_0_and_says_so_for_a_consistent_report(tmp_path: Path, capsys) -> None:
    good = write(tmp_path, "good.json", canonical.dumps(consistent_report()))
    code, out, _ = run(capsys, "check", good)
    assert code == 0
    assert "未发现问题" in out and "0 个错误" in out


def test_it_exits_1_and_prints_the_finding_for_an_inconsistent_report(tmp_path, capsys) -> None:
    report = consistent_report()
    report.requests["new"]["natural_person"] += 1
    bad = write(tmp_path, "bad.json", canonical.dumps(report))
    code, out, _ = run(capsys, "check", bad)
    assert code == 1
    assert "错误 R1 表三「一、本年新收政府信息公开申请数量」行" in out


def test_it_exits_2_when_a_file_cannot_be_read(tmp_path: Path, capsys) -> None:
    good = write(tmp_path, "good.json", canonical.dumps(consistent_report()))
    broken = write(tmp_path, "broken.json", '{"format": "2021", "requests": 3}')
    code, out, _ = run(capsys, "check", good, broken, str(tmp_path / "missing.json"))
    assert code == 2
    assert "broken.json: 规范 JSON 有误：proactive: 缺少表二" in out
    assert "missing.json: 无法打开文件" in out
    assert "Traceback" not in out


def test_json_output_lists_files_findings_and_cross_year_findings(tmp_path, capsys) -> None:
    last = consistent_report(year=2022, carried_forward={"commercial": 1})
    this = consistent_report(year=2023)
    files = [
        write(tmp_path, "2022.json", canonical.dumps(last)),
        write(tmp_path, "2023.json", canonical.dumps(this)),
    ]
    code, out, _ = run(capsys, "check", "--json", *files)
    data = json.loads(out)
    assert code == 0  # cross-year rules are warnings
    assert [f["findings"] for f in data["files"]] == [[], []]
    assert [(f["rule"], f["column"], f["year"]) for f in data["cross_year"]] == [
        ("R6", "commercial", 2023),
        ("R6", "total", 2023),
    ]


def test_it_reports_table_four_of_the_hongze_2023_report(capsys) -> None:
    code, out, _ = run(capsys, "check", "--json", str(DATA / "hongze-district-2023.json"))
    [file] = json.loads(out)["files"]
    assert code == 1
    assert [(f["rule"], f["row"], f["left"], f["right"]) for f in file["findings"]] == [
        ("R4", "review", 11, 0),
        ("R4", "litigation_after_review", 5, 0),
    ]


def test_it_warns_that_the_hongze_2024_overview_contradicts_table_three(capsys) -> None:
    code, out, _ = run(capsys, "check", "--json", str(DATA / "hongze-district-2024.json"))
    [file] = json.loads(out)["files"]
    assert code == 0
    [finding] = file["findings"]
    assert (finding["rule"], finding["left"], finding["right"]) == ("R9", 17, 95)
    assert "区政府办代表区政府受理政府信息公开申请17件" in finding["sentence"]


@pytest.mark.parametrize(
    "name", ["huaian-city-2024.json", "yingkou-archives-2020.json", "shenyang-archives-2017.json"]
)
def test_the_other_real_reports_are_consistent(name: str, capsys) -> None:
    code, out, _ = run(capsys, "check", "--json", str(DATA / name))
    assert code == 0
    assert json.loads(out)["files"][0]["findings"] == []


def test_the_hongze_series_is_checked_across_years(tmp_path: Path, capsys) -> None:
    files = [str(DATA / "hongze-district-2023.json"), str(DATA / "hongze-district-2024.json")]
    _, out, _ = run(capsys, "check", "--json", *files)
    assert json.loads(out)["cross_year"] == []
    # The 2023 title leaves out 淮安市; the two years are still one agency's series.
    changed = canonical.load(files[1])
    changed.requests["carried_over"]["natural_person"] = 2
    files[1] = write(tmp_path, "2024.json", canonical.dumps(changed))
    _, out, _ = run(capsys, "check", "--json", *files)
    assert [(f["rule"], f["column"]) for f in json.loads(out)["cross_year"]] == [
        ("R6", "natural_person")
    ]


def test_every_command_has_help_with_an_example() -> None:
    parser = build_parser()
    subparsers = next(a for a in parser._actions if a.dest == "command")
    for name, sub in subparsers.choices.items():  # type: ignore[attr-defined]
        assert "例" in (sub.description or "") + (sub.epilog or ""), f"{name} has no example"
