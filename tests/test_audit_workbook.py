"""The audit workbook writes its rows as one string each; the workbook is the one openpyxl's
write-only sheets write when every cell is a styled ``WriteOnlyCell`` (what the audit wrote
before), whatever the cells hold: every part byte for byte, the sheets' XML the same XML
(canonical XML: the rows' text is UTF-8 where openpyxl writes character references)."""

from __future__ import annotations

import math
import zipfile
from copy import copy
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from gongkai.commands import audit
from gongkai.lib.safe_cells import set_cell


def _reference(
    path: Path, summary: list[tuple[list[Any], bool]], findings: list[list[Any]]
) -> None:
    """The workbook as openpyxl writes it cell by cell (the audit's way before its row
    strings), with an empty 跨年度 sheet."""
    book = Workbook(write_only=True)

    def sheet(title: str, header: tuple[str, ...]) -> Any:
        ws = book.create_sheet(title)
        for index, name in enumerate(header, start=1):
            ws.column_dimensions[get_column_letter(index)].width = audit._WIDTHS.get(name, 12)
        ws.freeze_panes = "A2"
        head = []
        for name in header:
            cell = WriteOnlyCell(ws, name)
            cell.font = Font(bold=True)
            cell.fill = audit._HEADER_FILL
            head.append(cell)
        ws.append(head)
        return ws

    first, second = sheet("汇总", audit._SUMMARY), sheet("问题", audit._FINDINGS)
    body = WriteOnlyCell(first)
    body.alignment = audit._BODY_ALIGNMENT
    red = WriteOnlyCell(first)
    red.alignment = audit._BODY_ALIGNMENT
    red.font = audit._ERROR_FONT

    def append(ws: Any, values: list[Any], first_red: bool = False) -> None:
        cells = []
        for index, value in enumerate(values):
            cell = WriteOnlyCell(ws)
            cell._style = copy(red._style if first_red and not index else body._style)
            set_cell(cell, value)
            cells.append(cell)
        ws.append(cells)

    for values, first_red in summary:
        append(first, values, first_red)
    for values in findings:
        append(second, values)
    third = sheet("跨年度", audit._SERIES)
    for ws, header, rows in (
        (first, audit._SUMMARY, len(summary)),
        (second, audit._FINDINGS, len(findings)),
        (third, audit._SERIES, 0),
    ):
        ws.auto_filter.ref = f"A1:{get_column_letter(len(header))}{rows + 1}"
    book.save(path)


def _members(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        # core.xml holds the time the workbook was written.
        members = {n: archive.read(n) for n in archive.namelist() if n != "docProps/core.xml"}
    for name, data in members.items():
        if name.startswith("xl/worksheets/"):
            members[name] = etree.tostring(etree.fromstring(data), method="c14n")
    return members


# Text with what XML and the cells treat specially: markup, carriage returns, edge spaces,
# control characters, formula starts, characters outside the BMP, surrogates, long text.
_TEXT = st.text(
    st.sampled_from([*"ab 中文&<>\"'\r\n\t\x00\x01\x0b\x1f\x7f\ufffe\ud800=+-@#", "😀"]),
    max_size=12,
) | st.sampled_from(["", " ", "=SUM(A1)", "#N/A", "x" * 32780, "中" * 40000])
_VALUE = (
    _TEXT
    | st.none()
    | st.integers(-(10**20), 10**20)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.booleans()
)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    summary=st.lists(
        st.tuples(st.lists(_VALUE, min_size=9, max_size=9), st.booleans()), max_size=4
    ),
    findings=st.lists(st.lists(_VALUE, min_size=12, max_size=12), max_size=4),
)
def test_the_workbook_is_the_one_openpyxl_writes_cell_by_cell(
    summary: list[tuple[list[Any], bool]], findings: list[list[Any]], tmp_path: Path
) -> None:
    expected, got = tmp_path / "expected.xlsx", tmp_path / "got.xlsx"
    _reference(expected, summary, findings)
    book = audit.AuditWorkbook()
    for values, first_red in summary:
        book._append(book._summary, values, first_red)
    for values in findings:
        book._append(book._findings, values)
    book.save(got, [])
    assert _members(got) == _members(expected)


def test_special_values_keep_their_cells(tmp_path: Path) -> None:
    """Values openpyxl writes its own way (booleans, NaN) and text it cuts or quotes."""
    from openpyxl import load_workbook

    values = [True, math.nan, "=1+1", " x ", "a\rb", "中" * 40000, 2**60, 1.5, None]
    book = audit.AuditWorkbook()
    book._append(book._summary, values, True)
    book.save(tmp_path / "a.xlsx", [])
    row = [c for c in load_workbook(tmp_path / "a.xlsx")["汇总"][2]]
    assert [c.value for c in row[:2]] == [True, None]
    assert row[2].value == "=1+1" and row[2].data_type == "s" and row[2].quotePrefix
    assert [c.value for c in row[3:5]] == [" x ", "a\rb"] and len(row[5].value) == 32767
    assert row[6].value == float(2**60) and row[7].value == 1.5
    assert row[0].font.color.rgb.endswith("C00000") and row[1].font.color.type == "theme"
