"""Reading the XLSX back: the workbook the writer makes, and one a person has edited by hand."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from gongkai.report.canonical import load
from gongkai.report.errors import ReportParseError
from gongkai.report.formats import Format
from gongkai.report.readers.xlsx import read_xlsx
from gongkai.report.writers import render

DATA = Path(__file__).parent / "data"


def workbook_of(name: str) -> Workbook:
    report = load(DATA / name)
    return load_workbook(io.BytesIO(render(report, "xlsx").content))


def save(workbook: Workbook, tmp_path: Path) -> Path:
    path = tmp_path / "edited.xlsx"
    workbook.save(path)
    return path


def test_it_reads_numbers_typed_as_text_with_units(tmp_path: Path) -> None:
    workbook = workbook_of("huaian-city-2024.json")
    workbook["表二"]["B15"] = "96171.6万元"  # 行政事业性收费
    workbook["表三"]["J5"] = "3,119"
    report = read_xlsx(save(workbook, tmp_path))
    assert report.proactive["fees"]["amount"] == 96171.6
    assert report.requests["new"]["total"] == 3119


def test_it_finds_rows_by_label_and_sheets_by_name_not_position(tmp_path: Path) -> None:
    workbook = workbook_of("huaian-city-2024.json")
    sheet = workbook["表三"]
    for c in (1, *range(4, 11)):  # swap 一、本年新收… and 二、上年结转… (same merged shape)
        above, below = sheet.cell(5, c), sheet.cell(6, c)
        above.value, below.value = below.value, above.value
    sheet.title = "表三 申请情况"
    workbook.move_sheet(sheet, offset=-3)
    original = load(DATA / "huaian-city-2024.json")
    report = read_xlsx(save(workbook, tmp_path))
    assert report.requests == original.requests
    assert report.proactive == original.proactive and report.appeals == original.appeals


def test_it_takes_the_value_of_a_formula(tmp_path: Path) -> None:
    # openpyxl does not compute formulas, so a formula saved by openpyxl has no cached value:
    # the reader must say the cell is blank rather than invent a number.
    workbook = workbook_of("hongze-district-2023.json")
    workbook["表四"]["E5"] = "=SUM(A5:D5)"
    report = read_xlsx(save(workbook, tmp_path))
    assert report.appeals["review"]["total"] is None
    assert any("表四!E5" in w and "为空" in w for w in report.warnings)


def test_it_reads_a_blank_cell_as_null_with_a_warning_naming_the_cell(tmp_path: Path) -> None:
    workbook = workbook_of("yingkou-archives-2020.json")
    workbook["表三"]["E5"] = None
    workbook["表三"]["F5"] = "—"
    report = read_xlsx(save(workbook, tmp_path))
    assert report.requests["new"]["commercial"] is None
    assert report.requests["new"]["research"] is None
    assert "表三!E5 表三「一、本年新收政府信息公开申请数量」「商业企业」为空，记为 null" in (
        report.warnings
    )
    assert any("表三!F5" in w and "无法读作数字" in w for w in report.warnings)


def test_it_keeps_a_2021_report_with_a_one_row_other(tmp_path: Path) -> None:
    original = load(DATA / "hongze-district-2024.json")
    report = read_xlsx(save(workbook_of("hongze-district-2024.json"), tmp_path))
    assert original.format == Format.F2021 and "other" in report.requests
    assert "other.other" not in report.requests
    assert report.requests == original.requests


def test_it_names_the_file_when_it_is_not_a_workbook(tmp_path: Path) -> None:
    path = tmp_path / "report.xlsx"
    path.write_bytes(b"not a zip")
    with pytest.raises(ReportParseError, match=r"report\.xlsx.*不是可读的 Excel"):
        read_xlsx(path)


def test_it_says_which_table_is_missing(tmp_path: Path) -> None:
    workbook = workbook_of("huaian-city-2024.json")
    del workbook["表四"]
    with pytest.raises(ReportParseError, match=r"表四.*找不到"):
        read_xlsx(save(workbook, tmp_path))


def test_it_warns_about_a_missing_row(tmp_path: Path) -> None:
    workbook = workbook_of("huaian-city-2024.json")
    workbook["表二"]["A5"] = None  # the label of 行政规范性文件 erased
    report = read_xlsx(save(workbook, tmp_path))
    assert report.proactive["normative_documents"] == dict.fromkeys(
        ("issued", "repealed", "in_force")
    )
    assert any("缺少「行政规范性文件」" in w for w in report.warnings)


def test_it_infers_the_format_from_the_year_when_the_sheet_omits_it(tmp_path: Path) -> None:
    workbook = workbook_of("yingkou-archives-2020.json")
    workbook["报告"]["A1"] = None
    workbook["报告"]["B1"] = None
    workbook["报告"]["B3"] = 2020
    report = read_xlsx(save(workbook, tmp_path))
    assert report.format == Format.F2019
    assert report.year == 2020
