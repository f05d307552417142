"""Importing entered table 二 figures: good rows in, bad rows refused one by one with a reason."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.urls import reverse
from openpyxl import Workbook

from gongkai.audit.models import Event
from gongkai.catalogue.imports import FigureImportError, figures_import
from gongkai.catalogue.models import YearFigures

pytestmark = pytest.mark.django_db

MIXED_CSV = """年度,项目,栏目,数值
2025,行政许可,本年处理决定数量,1234
2025,行政处罚,本年处理决定数量,-2
2025,行政强制,处理决定数量,3
2025,行政事业性收费,本年收费金额（单位：万元）,"1,020.55"
2025,行政审批,本年处理决定数量,9
2025,规章,本年制发件数,4
2025年,行政许可,上一年项目数量,12
二〇二五,行政许可,本年处理决定数量,5

2020,行政许可,本年增/减,-7
2020,政府集中采购,采购总金额,88.5
2020,penalty,decisions,41
2025,行政许可,本年处理决定数量,999
2025,行政强制,本年处理决定数量,2.5
"""


def run(actor: Any, agency: Any, name: str, content: bytes) -> Any:
    return figures_import(actor=actor, agency=agency, filename=name, content=content)


def test_it_imports_the_good_rows_and_refuses_each_bad_one(clerk_a: Any, agency_a: Any) -> None:
    report = run(clerk_a, agency_a, "figures.csv", MIXED_CSV.encode())
    assert [(f.row, f.key, f.value) for f in report.imported] == [
        (2, "licensing/decisions", 1234),
        (4, "coercion/decisions", 3),
        (5, "fees/amount", 1020.55),
        (11, "licensing/change", -7),
        (12, "procurement/amount", 88.5),
        (13, "penalty/decisions", 41),
    ]
    refused = {(e.row, e.column): e.message for e in report.refused}
    assert set(refused) == {
        (3, "数值"),
        (6, "项目"),
        (7, "项目"),
        (8, "栏目"),
        (9, "年度"),
        (14, "项目"),
        (15, "数值"),
    }
    assert "负数" in refused[(3, "数值")]
    assert "行政审批" in refused[(6, "项目")]
    assert "自动统计" in refused[(7, "项目")]
    assert "上一年项目数量" in refused[(8, "栏目")] and "本年处理决定数量" in refused[(8, "栏目")]
    assert "第 2 行" in refused[(14, "项目")]
    assert "整数" in refused[(15, "数值")]
    assert report.summary == "figures.csv：导入 6 行，拒绝 7 行。"
    stored = YearFigures.objects.get(agency=agency_a, year=2025).values
    assert stored == {"licensing/decisions": 1234, "coercion/decisions": 3, "fees/amount": 1020.55}
    assert YearFigures.objects.get(agency=agency_a, year=2020).values == {
        "licensing/change": -7,
        "procurement/amount": 88.5,
        "penalty/decisions": 41,
    }
    assert (
        Event.objects.filter(action="year_figures.set", reason="从 figures.csv 导入").count() == 2
    )


def test_it_reads_xlsx_with_numbers_as_numbers(clerk_a: Any, agency_a: Any) -> None:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["年度", "项目", "栏目", "数值"])
    sheet.append([2024, "行政许可", "本年处理决定数量", 77])
    sheet.append([2024, "行政事业性收费", "本年收费金额", 3.25])
    sheet.append([2024, "行政处罚", "本年处理决定数量", None])
    buffer = io.BytesIO()
    workbook.save(buffer)
    report = run(clerk_a, agency_a, "表二.xlsx", buffer.getvalue())
    assert [(f.key, f.value) for f in report.imported] == [
        ("licensing/decisions", 77),
        ("fees/amount", 3.25),
    ]
    assert [(e.row, e.column, e.message) for e in report.refused] == [(4, "数值", "数值为空")]


def test_it_reads_a_gb18030_csv_from_a_chinese_spreadsheet(clerk_a: Any, agency_a: Any) -> None:
    content = "年度,项目,栏目,数值\r\n2025,行政处罚,本年处理决定数量,8\r\n".encode("gb18030")
    report = run(clerk_a, agency_a, "a.csv", content)
    assert [(f.key, f.value) for f in report.imported] == [("penalty/decisions", 8)]


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("a.csv", b"year,row,column,value\n", "第 1 行应为表头"),
        ("a.csv", b"", "第 1 行应为表头"),
        ("a.pdf", b"%PDF", "只支持"),
        ("a.xlsx", b"not a zip", "不是有效的 XLSX"),
    ],
)
def test_it_refuses_a_file_it_cannot_read_as_a_whole(
    clerk_a: Any, agency_a: Any, name: str, content: bytes, message: str
) -> None:
    with pytest.raises(FigureImportError, match=message):
        run(clerk_a, agency_a, name, content)
    assert not YearFigures.objects.exists()


def test_the_import_page_shows_what_was_imported_and_what_was_refused(
    client: Any, clerk_a: Any, agency_a: Any
) -> None:
    client.force_login(clerk_a)
    upload = io.BytesIO(MIXED_CSV.encode())
    upload.name = "figures.csv"
    response = client.post(reverse("catalogue:figures_import"), {"file": upload})
    html = response.content.decode()
    assert response.status_code == 200
    assert "figures.csv：导入 6 行，拒绝 7 行。" in html
    assert "第 3 行" in html and "件数不能为负数：-2" in html


def test_a_supervisor_cannot_import(client: Any, supervisor: Any, agency_a: Any) -> None:
    client.force_login(supervisor)
    upload = io.BytesIO(MIXED_CSV.encode())
    upload.name = "figures.csv"
    url = f"{reverse('catalogue:figures_import')}?agency={agency_a.pk}"
    assert client.post(url, {"file": upload}).status_code == 403
    assert not YearFigures.objects.exists()
