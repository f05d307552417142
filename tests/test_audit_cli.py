"""``gongkai audit``: read and check a directory of reports in any format, one workbook out."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from openpyxl import load_workbook

from gongkai.cli import main

DATA = Path(__file__).parent / "data"
PUBLISHED = [
    "hongze-district-2023.pdf",
    "hongze-district-2024.pdf",
    "huaian-city-2024.pdf",
    "yingkou-archives-2020.txt",
    "shenyang-archives-2017.txt",
]


@pytest.fixture
def reports(tmp_path: Path) -> Path:
    folder = tmp_path / "reports"
    folder.mkdir()
    for name in PUBLISHED:
        shutil.copy(DATA / name, folder / name)
    (folder / "notes.txt").write_text("会议纪要\n今天开会。\n", encoding="utf-8")
    (folder / ".hidden.txt").write_text("ignored", encoding="utf-8")
    return folder


def test_it_writes_a_summary_a_findings_and_a_cross_year_sheet(
    reports: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "audit.xlsx"
    assert main(["audit", str(reports), "-o", str(out)]) == 2  # notes.txt is unreadable
    book = load_workbook(out)
    assert book.sheetnames == ["汇总", "问题", "跨年度"]
    summary = list(book["汇总"].iter_rows(values_only=True))
    assert summary[0][:4] == ("文件", "机关", "年度", "格式")
    by_file = {Path(row[0]).name: row for row in summary[1:]}
    assert set(by_file) == {*PUBLISHED, "notes.txt"}
    assert by_file["huaian-city-2024.pdf"][1:4] == ("淮安市人民政府", 2024, "2021")
    assert "未找到表三" in by_file["notes.txt"][8]
    # 洪泽 2023 prints 表四 totals of 0 under non-zero results: rule 4 errors.
    assert by_file["hongze-district-2023.pdf"][4] > 0
    findings = list(book["问题"].iter_rows(values_only=True))
    rule_4 = next(r for r in findings[1:] if r[3] == "R4" and "hongze-district-2023" in r[0])
    # The finding points at the page the reader found the cell on.
    assert rule_4[11].startswith("第4页")
    # 洪泽 2023 → 2024 agree across years (结转 0 → 0, 现行有效 5 + 3 − 0 = 8).
    assert [row[0] for row in book["跨年度"].iter_rows(min_row=2, values_only=True)] == []
    assert "共 6 个文件" in capsys.readouterr().err


def test_it_lists_cross_year_findings_per_agency(reports: Path, tmp_path: Path) -> None:
    # The 2023 report carried 3 applications forward, but 2024 says it received none.
    data = json.loads((DATA / "hongze-district-2023.json").read_text(encoding="utf-8"))
    data["requests"]["carried_forward"]["natural_person"] = 3
    data["requests"]["carried_forward"]["total"] = 3
    (reports / "hongze-district-2023.pdf").unlink()
    (reports / "notes.txt").unlink()
    (reports / "hongze-2023-corrected.json").write_text(json.dumps(data), encoding="utf-8")
    out = tmp_path / "audit.xlsx"
    assert main(["audit", str(reports), "-o", str(out)]) == 1
    cross = list(load_workbook(out)["跨年度"].iter_rows(min_row=2, values_only=True))
    assert {(row[0], row[1], row[2]) for row in cross} >= {("淮安市洪泽区人民政府", 2024, "R6")}


def test_it_reads_in_parallel_with_the_same_result(
    reports: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for pdf in reports.glob("*.pdf"):  # PDFs are slow; the other kinds show the same
        pdf.unlink()
    shutil.copy(DATA / "shanghai-gov-office-2019.html", reports)
    assert main(["audit", str(reports), "--json"]) == 2
    serial = json.loads(capsys.readouterr().out)
    assert main(["audit", str(reports), "--json", "--jobs", "2"]) == 2
    parallel = json.loads(capsys.readouterr().out)
    assert serial == parallel
    files = {Path(f["file"]).name: f for f in serial["files"]}
    assert files["yingkou-archives-2020.txt"]["reader_warnings"]
    assert files["notes.txt"]["unreadable"]


def test_it_exits_zero_for_clean_reports(tmp_path: Path) -> None:
    assert (
        main(["audit", str(DATA / "yingkou-archives-2020.txt"), "-o", str(tmp_path / "a.xlsx")])
        == 0
    )


def test_it_asks_for_an_output(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["audit", str(DATA)]) == 2
    assert "-o" in capsys.readouterr().err


def test_its_help_has_an_example(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["audit", "--help"])
    assert "gongkai audit tests/data -o audit.xlsx" in capsys.readouterr().out


def test_the_streamed_workbook_keeps_its_styles_and_text_stays_text(tmp_path: Path) -> None:
    data = json.loads((DATA / "hongze-district-2023.json").read_text(encoding="utf-8"))
    data["agency"] = '=HYPERLINK("http://x")'
    data["requests"]["new"]["natural_person"] = None  # a blank cell: a finding
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "formula.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    (folder / "junk.txt").write_text("不是报告\n", encoding="utf-8")
    out = tmp_path / "audit.xlsx"
    assert main(["audit", str(folder), "-o", str(out), "--jobs", "2"]) == 2
    book = load_workbook(out)
    summary, findings = book["汇总"], book["问题"]
    assert summary.freeze_panes == "A2" and summary.auto_filter.ref == "A1:I3"
    assert summary.column_dimensions["A"].width == 40
    header = summary["A1"]
    assert header.font.b and header.fill.fgColor.rgb.endswith("DBE4F1")
    agency = summary["B2"]
    assert agency.value == data["agency"] and agency.data_type == "s" and agency.quotePrefix
    assert agency.alignment.vertical == "top" and agency.alignment.wrap_text
    # Unreadable (and erroneous) files are named in red; every body cell is top-aligned.
    assert summary["A3"].font.color.rgb.endswith("C00000")
    assert all(c.alignment.wrap_text for row in summary.iter_rows(min_row=2) for c in row)
    rows = list(findings.iter_rows(min_row=2, values_only=True))
    assert rows and all(r[1] == data["agency"] for r in rows)
    assert findings.auto_filter.ref == f"A1:L{len(rows) + 1}"


def test_bounded_and_trusted_workers_give_the_same_workbook(reports: Path, tmp_path: Path) -> None:
    for pdf in reports.glob("*.pdf"):
        pdf.unlink()
    shutil.copy(DATA / "shanghai-gov-office-2019.html", reports)
    shutil.copy(DATA / "hongze-district-2024.json", reports)

    def rows(*flags: str) -> list[list[tuple[object, ...]]]:
        out = tmp_path / f"audit{'-'.join(flags)}.xlsx"
        assert main(["audit", str(reports), "-o", str(out), *flags]) == 2
        book = load_workbook(out)
        return [list(sheet.iter_rows(values_only=True)) for sheet in book.worksheets]

    bounded = rows("--jobs", "2")
    assert len(bounded[0]) == 6
    assert rows("--trusted", "--jobs", "2") == bounded
    assert rows("--trusted") == bounded


def test_the_bounded_children_answer_in_the_files_order_however_far_ahead_they_read(
    reports: Path,
) -> None:
    from gongkai.commands import audit

    files = sorted(str(p) for p in reports.iterdir() if p.suffix == ".txt") * 3
    expected = list(audit._Bounded(files, 1, 100).answers())
    assert [name for name, _, _ in expected] == files
    assert any(error for _, _, error in expected) and any(data for _, data, _ in expected)
    for window in (1, 4):
        assert list(audit._Bounded(files, 2, window).answers()) == expected
