"""OFD reports (GB/T 33190-2016): every real report, printed by our PDF writer and re-set as an
OFD's text objects where the PDF prints its glyphs, reads back exactly; hostile packages are
refused in one line."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from gongkai.report import canonical
from gongkai.report.errors import ReportParseError
from gongkai.report.model import AnnualReport
from gongkai.report.readers import read_bytes
from gongkai.report.writers import render
from tests.cli_run import gongkai
from tests.ofd_writer import package, page_xml, pdf_to_ofd

DATA = Path(__file__).parent / "data"
# Shanghai 2019 prints blank cells inside its rows: without the table's ruling lines (not read
# from an OFD yet) the numbers of such a row run together; see the test below.
EXACT = sorted(p.name for p in DATA.glob("*.json") if not p.name.startswith("shanghai"))


def _ofd_of(name: str) -> tuple[AnnualReport, bytes]:
    report = canonical.loads((DATA / name).read_bytes(), source=name)
    return report, pdf_to_ofd(render(report, "pdf").content)


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


def test_it_leaves_blank_and_says_so_where_blank_cells_run_numbers_together() -> None:
    report, ofd = _ofd_of("shanghai-gov-office-2019.json")
    read = read_bytes(ofd, "shanghai.ofd")
    wrong = [
        (table, row, column, value)
        for table in ("proactive", "requests", "appeals")
        for row, cells in getattr(read, table).items()
        for column, value in cells.items()
        if value != getattr(report, table)[row][column]
    ]
    assert wrong, "the rows of run-together numbers are now read: move this report to EXACT"
    assert all(value is None for *_, value in wrong)  # never a guessed number
    assert any("连在一起" in warning and "留空" in warning for warning in read.warnings)


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


def test_it_says_its_tables_were_read_from_text_lines() -> None:
    _, ofd = _ofd_of("hongze-district-2024.json")
    read = read_bytes(ofd, "hongze.ofd")
    assert read.warnings[0] == "表格没有可识别的表格线，按文本行读取"
