"""OFD reports (GB/T 33190-2016): every real report, printed by our PDF writer and re-set as an
OFD's text objects where the PDF prints its glyphs and path objects where it rules its tables,
reads back exactly; its ruled tables are the PDF's, cell for cell; hostile packages are refused
in one line."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pdfplumber
import pytest

from gongkai.report import canonical
from gongkai.report.errors import ReportParseError
from gongkai.report.model import AnnualReport
from gongkai.report.readers import ofd as ofd_reader
from gongkai.report.readers import read_bytes
from gongkai.report.readers.ruling import Rule, ruled_tables
from gongkai.report.writers import render
from tests.cli_run import gongkai
from tests.ofd_writer import package, page_xml, pdf_to_ofd

DATA = Path(__file__).parent / "data"
EXACT = sorted(p.name for p in DATA.glob("*.json"))


def _ofd_of(name: str, rules: bool = True) -> tuple[AnnualReport, bytes]:
    report = canonical.loads((DATA / name).read_bytes(), source=name)
    return report, pdf_to_ofd(render(report, "pdf").content, rules=rules)


@pytest.mark.parametrize("name", EXACT)
def test_it_reads_a_real_report_set_as_ofd_exactly(name: str) -> None:
    report, ofd = _ofd_of(name)
    read = read_bytes(ofd, name.replace(".json", ".ofd"))
    assert read.format == report.format
    assert (read.agency, read.year, read.title, read.published) == (
        report.agency,
        report.year,
        report.title,
        report.published,
    )
    assert read.proactive == report.proactive
    assert read.requests == report.requests
    assert read.appeals == report.appeals
    assert read.sections == report.sections
    assert read.legacy_figures == report.legacy_figures


@pytest.mark.parametrize("name", EXACT)
def test_its_ruled_tables_are_the_pdfs_cell_for_cell(name: str) -> None:
    report = canonical.loads((DATA / name).read_bytes(), source=name)
    pdf = render(report, "pdf").content
    archive = zipfile.ZipFile(io.BytesIO(pdf_to_ofd(pdf)))
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        for number, page in enumerate(document.pages):
            content = ofd_reader._parse(archive, f"Doc_0/Pages/Page_{number}/Content.xml", name)
            glyphs = [
                ofd_reader._placed(glyph)
                for text in ofd_reader._children(content, "TextObject")
                for glyph in ofd_reader._glyphs(text)
            ]
            rules = ofd_reader._rules(content, number, name)
            assert ruled_tables(rules, glyphs) == page.extract_tables(), f"page {number + 1}"


def test_it_reads_blank_cells_as_blank_from_the_ruled_table() -> None:
    report, ofd = _ofd_of("shanghai-gov-office-2019.json")
    read = read_bytes(ofd, "shanghai.ofd")
    assert read.requests["new"]["research"] is None  # printed blank, never 0
    assert read.requests == report.requests
    assert all(source.line is None for source in read.sources.values())  # cells, not lines
    assert read.sources["requests/new/total"].table == "三"


def test_without_ruling_lines_it_leaves_blank_and_says_so_where_numbers_run_together() -> None:
    report, ofd = _ofd_of("shanghai-gov-office-2019.json", rules=False)
    read = read_bytes(ofd, "shanghai.ofd")
    wrong = [
        (table, row, column, value)
        for table in ("proactive", "requests", "appeals")
        for row, cells in getattr(read, table).items()
        for column, value in cells.items()
        if value != getattr(report, table)[row][column]
    ]
    assert wrong
    assert all(value is None for *_, value in wrong)  # never a guessed number
    assert any("连在一起" in warning and "留空" in warning for warning in read.warnings)


def _path(attributes: str, data: str) -> str:
    return f'<ofd:PathObject ID="9" {attributes}><ofd:AbbreviatedData>{data}</ofd:AbbreviatedData></ofd:PathObject>'


def _rules_of(*paths: str) -> list[Rule]:
    from lxml import etree

    return ofd_reader._rules(etree.fromstring(page_xml(list(paths))), 1, "t.ofd")


def test_a_paths_points_are_mapped_by_its_ctm_then_placed_at_its_boundary() -> None:
    mm = 72 / 25.4
    rules = _rules_of(
        # A unit square scaled to 40 × 10 mm, at (20, 30) mm: four sides.
        _path('Boundary="20 30 40 10" CTM="40 0 0 10 0 0"', "M 0 0 L 1 0 L 1 1 L 0 1 C"),
        # A curve moves the pen without a rule; the line after it starts where the curve ended.
        _path('Boundary="0 100 50 50"', "M 0 0 B 5 5 10 5 20 0 L 40 0"),
    )
    assert [tuple(round(v / mm, 3) for v in (r.x0, r.y0, r.x1, r.y1)) for r in rules] == [
        (20, 30, 60, 30),
        (60, 30, 60, 40),
        (20, 40, 60, 40),
        (20, 30, 20, 40),
        (20, 100, 40, 100),
    ]


def test_it_reads_no_rule_from_a_path_that_prints_nothing() -> None:
    assert (
        _rules_of(
            _path('Boundary="0 0 10 10" Stroke="false"', "M 0 0 L 10 0"),
            _path('Boundary="0 0 10 10" Visible="false"', "M 0 0 L 10 0"),
            _path('Boundary="0 0 10 10"', "M 0 0 L 10 10"),  # slanted
            _path('Boundary="0 0 10 10"', "M 0 0 L 10"),  # truncated
        )
        == []
    )


def test_it_refuses_a_page_of_more_lines_than_a_report_rules() -> None:
    paths = [_path(f'Boundary="0 {i % 200} 10 1"', "M 0 0 L 10 0") for i in range(5_001)]
    _one_line_refusal(package([page_xml(paths)]), "第 1 页的线条超过")


def test_it_refuses_path_data_longer_than_a_report_draws() -> None:
    data = "M 0 0 " + "Q 1 1 2 2 " * 50_000
    _one_line_refusal(package([page_xml([_path('Boundary="0 0 1 1"', data)])]), "路径数据超过")


def test_it_refuses_path_data_that_is_not_numbers() -> None:
    _one_line_refusal(package([page_xml([_path('Boundary="0 0 1 1"', "M 0 0 L a b")])]), "不是数字")


def test_the_parse_command_reads_an_ofd(tmp_path: Path) -> None:
    report, ofd = _ofd_of("huaian-city-2024.json")
    (tmp_path / "huaian.ofd").write_bytes(ofd)
    result = gongkai("parse", "huaian.ofd", "-o", "huaian.json", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    read = canonical.loads((tmp_path / "huaian.json").read_bytes(), source="huaian.json")
    assert read.requests == report.requests


def _one_line_refusal(data: bytes, match: str) -> None:
    with pytest.raises(ReportParseError, match=match) as caught:
        read_bytes(data, "hostile.ofd")
    assert "\n" not in str(caught.value)


def test_it_refuses_xml_nested_deeper_than_a_document() -> None:
    deep = "<a>" * 10_000 + "</a>" * 10_000
    page = f'<ofd:Page xmlns:ofd="http://www.ofdspec.org/2016">{deep}</ofd:Page>'.encode()
    _one_line_refusal(package([page]), "不是有效的 XML")


def test_it_refuses_a_page_of_more_text_objects_than_a_report_prints() -> None:
    objects = [
        f'<ofd:TextObject ID="{i}" Boundary="10 10 5 5" Size="3">'
        '<ofd:TextCode X="0" Y="3">0</ofd:TextCode></ofd:TextObject>'
        for i in range(30_000)
    ]
    _one_line_refusal(package([page_xml(objects)]), "第 1 页的文字超过")


def test_it_refuses_a_text_object_that_repeats_one_advance_without_end() -> None:
    objects = [
        '<ofd:TextObject ID="1" Boundary="10 10 5 5" Size="3">'
        '<ofd:TextCode X="0" Y="3" DeltaX="g 1000000000000 3">12</ofd:TextCode></ofd:TextObject>'
    ]
    _one_line_refusal(package([page_xml(objects)]), "不是年度报告")


def test_it_never_reads_an_external_entity(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("政府信息公开 秘密 2023 年度报告", encoding="utf-8")
    page = (
        f'<?xml version="1.0"?><!DOCTYPE p [<!ENTITY x SYSTEM "file://{secret}">]>'
        '<ofd:Page xmlns:ofd="http://www.ofdspec.org/2016"><ofd:TextObject ID="1" '
        'Boundary="10 10 50 5" Size="3"><ofd:TextCode X="0" Y="3">&x;</ofd:TextCode>'
        "</ofd:TextObject></ofd:Page>"
    ).encode()
    with pytest.raises(ReportParseError) as caught:
        read_bytes(package([page]), "hostile.ofd")
    assert "秘密" not in str(caught.value)


def test_it_refuses_a_page_outside_the_package() -> None:
    data = io.BytesIO()
    with zipfile.ZipFile(data, "w") as archive:
        archive.writestr(
            "OFD.xml", "<OFD><DocBody><DocRoot>../../etc/Document.xml</DocRoot></DocBody></OFD>"
        )
    _one_line_refusal(data.getvalue(), "不在包内")


def test_it_refuses_coordinates_that_are_not_numbers() -> None:
    page = page_xml(
        [
            '<ofd:TextObject ID="1" Boundary="a b c d" Size="3"><ofd:TextCode>1</ofd:TextCode>'
            "</ofd:TextObject>"
        ]
    )
    _one_line_refusal(package([page]), "不是数字")


def test_an_ofd_bomb_is_refused_before_it_is_inflated() -> None:
    data = io.BytesIO()
    with zipfile.ZipFile(data, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("OFD.xml", "<OFD/>")
        archive.writestr("Doc_0/Pages/Page_0/Content.xml", b" " * (10 * 1024 * 1024))
    _one_line_refusal(data.getvalue(), "压缩炸弹")


def test_it_says_what_an_ofd_without_text_is() -> None:
    _one_line_refusal(package([page_xml([])]), "没有文字对象")


def test_it_says_its_tables_were_read_from_text_lines_when_nothing_rules_them() -> None:
    _, unruled = _ofd_of("hongze-district-2024.json", rules=False)
    assert read_bytes(unruled, "hongze.ofd").warnings[0] == "表格没有可识别的表格线，按文本行读取"
    _, ruled = _ofd_of("hongze-district-2024.json")
    assert "表格没有可识别的表格线，按文本行读取" not in read_bytes(ruled, "hongze.ofd").warnings
