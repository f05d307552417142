"""The DOCX reader: paragraphs and tables in body order, merged cells (gridSpan, vMerge)."""

from __future__ import annotations

import io
from pathlib import Path

import docx
import pytest

from gongkai.report import canonical
from gongkai.report.readers import read_bytes
from gongkai.report.writers import render

DATA = Path(__file__).parent / "data"


@pytest.mark.parametrize(
    "name",
    ["hongze-district-2023", "hongze-district-2024", "huaian-city-2024", "yingkou-archives-2020"],
)
def test_it_reads_back_what_the_docx_writer_prints(name: str) -> None:
    # The writer merges cells the way the official template does (表三's row groups are
    # vertically merged, the header horizontally).
    source = canonical.load(DATA / f"{name}.json")
    back = read_bytes(render(source, "docx").content, f"{name}.docx")
    assert (back.format, back.year) == (source.format, source.year)
    assert (back.proactive, back.requests, back.appeals) == (
        source.proactive,
        source.requests,
        source.appeals,
    )
    for key, text in source.sections.items():
        assert "".join(back.sections[key].split()) == "".join(text.split())


def hand_made() -> bytes:
    """A Word report typed by a clerk: a merged group cell, units in cells, a blank cell."""
    document = docx.Document()
    document.add_paragraph("某某县司法局2023年政府信息公开工作年度报告")
    document.add_paragraph("一、总体情况")
    document.add_paragraph("2023年，我局依法公开政府信息。")
    document.add_paragraph("二、主动公开政府信息情况")
    proactive = document.add_table(rows=3, cols=2)
    for row, cells in zip(
        proactive.rows,
        [("信息内容", "本年处理决定数量"), ("行政许可", "12件"), ("行政处罚", "")],
        strict=True,
    ):
        for cell, text in zip(row.cells, cells, strict=True):
            cell.text = text
    document.add_paragraph("三、收到和处理政府信息公开申请情况")
    requests = document.add_table(rows=3, cols=9)
    rows = [
        ["一、本年新收政府信息公开申请数量", "", "5", "0", "0", "0", "0", "0", "5"],
        ["三、本年度办理结果", "（一）予以公开", "3", "0", "0", "0", "0", "0", "3"],
        [
            "",
            "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
            "2",
            "0",
            "0",
            "0",
            "0",
            "0",
            "2",
        ],
    ]
    for row, cells in zip(requests.rows, rows, strict=True):
        for cell, text in zip(row.cells, cells, strict=True):
            cell.text = text
    requests.cell(0, 0).merge(requests.cell(0, 1))  # label over two columns
    requests.cell(1, 0).merge(requests.cell(2, 0))  # 三、本年度办理结果 over two rows
    requests.cell(1, 0).text = "三、本年度办理结果"
    document.add_paragraph("六、其他需要报告的事项")
    document.add_paragraph("无。")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_it_reads_merged_cells_units_and_blanks_in_a_clerks_document() -> None:
    report = read_bytes(hand_made(), "clerk.docx")
    assert (report.agency, report.year, report.format) == ("某某县司法局", 2023, "2021")
    assert report.requests["new"]["total"] == 5
    assert report.requests["partially_disclosed"]["natural_person"] == 2
    assert report.proactive["licensing"] == {"decisions": 12}
    assert report.proactive["penalty"] == {"decisions": None}
    assert any("行政处罚" in w and "空白" in w for w in report.warnings)
    assert report.sections["other"] == "无。"
