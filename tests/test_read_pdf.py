"""The PDF reader beyond the fixtures: tables without ruling lines (read line by line, labels
wrapped over lines put back together), the writer's own PDF, and the page limit."""

from __future__ import annotations

from pathlib import Path

import pytest

from gongkai.report import canonical
from gongkai.report.errors import ReportParseError
from gongkai.report.readers import pdf as pdf_reader
from gongkai.report.readers import read_bytes
from gongkai.report.writers import render

DATA = Path(__file__).parent / "data"


@pytest.fixture(scope="module")
def huaian() -> canonical.AnnualReport:
    return canonical.load(DATA / "huaian-city-2024.json")


def test_it_reads_tables_printed_without_ruling_lines(huaian: canonical.AnnualReport) -> None:
    import weasyprint

    # The official layout with every border removed: pdfplumber finds no table, so the rows
    # come from the text lines, where long labels wrap around their numbers.
    page = render(huaian, "html").content.decode()
    page = page.replace("</style>", "table, th, td { border: none !important; }</style>")
    data = weasyprint.HTML(string=page).write_pdf()
    report = read_bytes(data, "borderless.pdf")
    assert (report.proactive, report.requests, report.appeals) == (
        huaian.proactive,
        huaian.requests,
        huaian.appeals,
    )
    assert report.warnings[0] == "表格没有可识别的表格线，按文本行读取"
    # 表三 runs over a page break: the numbers keep their pages.
    assert report.sources["requests/new/total"].page == 4
    assert report.sources["requests/other.fee_unpaid/total"].page == 5


def test_it_reads_back_the_pdf_writer(huaian: canonical.AnnualReport) -> None:
    report = read_bytes(render(huaian, "pdf").content, "written.pdf")
    assert (report.agency, report.year) == (huaian.agency, huaian.year)
    assert (report.proactive, report.requests, report.appeals) == (
        huaian.proactive,
        huaian.requests,
        huaian.appeals,
    )


def test_it_refuses_a_pdf_of_more_pages_than_a_report_has(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(pdf_reader, "MAX_PAGES", 3)
    with pytest.raises(ReportParseError, match="超过上限 3 页"):
        read_bytes((DATA / "huaian-city-2024.pdf").read_bytes(), "long.pdf")
