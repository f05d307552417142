"""The report as an Excel workbook: one sheet per table in the official layout, plus one sheet
with the report's metadata and narrative (and, for a legacy report, its figures).

Numbers are stored as numbers, blank (null) cells as empty cells. The layout is what
:mod:`gongkai.report.readers.xlsx` reads back, by label rather than by position, so a
hand-edited workbook reads too.
"""

from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.cell.cell import Cell as XlCell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from gongkai.lib.safe_cells import set_cell
from gongkai.report.formats import SECTIONS
from gongkai.report.model import AnnualReport
from gongkai.report.writers.layout import Grid, report_grids

# Labels of the metadata sheet; the XLSX reader looks them up here.
META_SHEET = "报告"
FIGURES_SHEET = "数字"
META_FORMAT = "格式"
META_AGENCY = "机关"
META_YEAR = "年度"
META_TITLE = "标题"
META_PUBLISHED = "发布日期"
META_WARNING = "警告"
FIGURE_HEADS = ("事项", "数值", "单位", "原文")
TABLE_SHEETS = ("表二", "表三", "表四")

_FONT = "Noto Serif CJK SC"
_THIN = Side(style="thin", color="000000")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_GROUP_FILL = PatternFill("solid", fgColor="DBE4F1")
_SECTION_LABELS = dict(SECTIONS)


def render_xlsx(report: AnnualReport) -> bytes:
    workbook = Workbook()
    meta = workbook.active
    assert meta is not None  # a new workbook always has its first sheet
    meta.title = META_SHEET
    _write_meta(meta, report)
    if not report.template.has_tables:
        _write_figures(workbook.create_sheet(FIGURES_SHEET), report)
    else:
        for name, grid in zip(TABLE_SHEETS, report_grids(report), strict=True):
            _write_grid(workbook.create_sheet(name), grid)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _text(cell: XlCell, text: str) -> None:
    """Text stays text: a narrative starting with "=" must not become a formula."""
    set_cell(cell, text)


def _write_meta(sheet: Worksheet, report: AnnualReport) -> None:
    rows: list[tuple[str, str | int | None]] = [
        (META_FORMAT, report.format),
        (META_AGENCY, report.agency),
        (META_YEAR, report.year),
        (META_TITLE, report.title),
        (META_PUBLISHED, report.published),
    ]
    first_section = len(rows) + 1
    rows += [(_SECTION_LABELS.get(key, key), text) for key, text in report.sections.items()]
    rows += [(META_WARNING, warning) for warning in report.warnings]
    # Column C keeps each section's key: a legacy report's sections are keyed by their own
    # headings, which a label alone would not give back.
    for r, key in enumerate(report.sections, start=first_section):
        _text(sheet.cell(r, 3), key)
    for r, (label, value) in enumerate(rows, start=1):
        _text(sheet.cell(r, 1), label)
        sheet.cell(r, 1).font = Font(name=_FONT, bold=True)
        cell = sheet.cell(r, 2)
        if isinstance(value, str):
            _text(cell, value)
        else:
            cell.value = value
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        cell.font = Font(name=_FONT)
    sheet.column_dimensions["A"].width = 36
    sheet.column_dimensions["B"].width = 100
    sheet.column_dimensions["C"].width = 12


def _write_figures(sheet: Worksheet, report: AnnualReport) -> None:
    for c, head in enumerate(FIGURE_HEADS, start=1):
        _text(sheet.cell(1, c), head)
        sheet.cell(1, c).font = Font(name=_FONT, bold=True)
    for r, figure in enumerate(report.legacy_figures, start=2):
        _text(sheet.cell(r, 1), figure.what)
        sheet.cell(r, 2).value = figure.value
        _text(sheet.cell(r, 3), figure.unit)
        _text(sheet.cell(r, 4), figure.sentence)
    for letter, width in zip("ABCD", (30, 12, 8, 100), strict=True):
        sheet.column_dimensions[letter].width = width


def _write_grid(sheet: Worksheet, grid: Grid) -> None:
    """The table's title in row 1, then the grid from row 2, merged as printed."""
    top = 2
    _text(sheet.cell(1, 1), grid.table.title)
    sheet.cell(1, 1).font = Font(name=_FONT, bold=True, size=14)
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=grid.n_cols)
    for cell in grid.cells:
        if cell.rowspan > 1 or cell.colspan > 1:
            sheet.merge_cells(
                start_row=top + cell.row,
                start_column=1 + cell.col,
                end_row=top + cell.row + cell.rowspan - 1,
                end_column=cell.col + cell.colspan,
            )
        target = sheet.cell(top + cell.row, 1 + cell.col)
        if cell.role == "value":
            target.value = cell.value
        else:
            _text(target, cell.text)
        target.font = Font(name=_FONT, size=10.5)
        left = cell.role == "label" and cell.rowspan == 1
        target.alignment = Alignment(
            horizontal="left" if left else "center", vertical="center", wrap_text=True
        )
        if cell.colspan == grid.n_cols:
            target.fill = _GROUP_FILL
        for r in range(cell.row, cell.row + cell.rowspan):
            for c in range(cell.col, cell.col + cell.colspan):
                sheet.cell(top + r, 1 + c).border = _BORDER
    scale = 60 / sum(grid.widths)  # about 60 characters across, like the printed page
    for c, width in enumerate(grid.widths, start=1):
        sheet.column_dimensions[get_column_letter(c)].width = max(4.0, width * scale)
    sheet.freeze_panes = sheet.cell(top + grid.header_rows, 1)
