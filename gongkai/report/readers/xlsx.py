"""Read an annual report from an Excel workbook: the one ``gongkai render --to xlsx`` writes, or
one a person has edited by hand.

Cells are found by their labels (row labels, column headers, the metadata labels), never by a
fixed position, so inserted blank rows, moved columns or renamed sheets do not matter. A blank
or unreadable cell is ``None`` plus a warning naming the sheet and cell (spec: never 0).
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from collections.abc import Iterator
from pathlib import Path

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter, range_boundaries
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.worksheet._read_only import ReadOnlyWorksheet
from openpyxl.worksheet._reader import WorkSheetParser

from gongkai.report.errors import ReportParseError
from gongkai.report.formats import (
    APPEAL_COLUMNS,
    REQUEST_COLUMNS,
    SECTIONS,
    Kind,
    Row,
    Table,
    Template,
    UnknownFormat,
    format_for_year,
    match_column,
    match_row,
    matches_label,
    normalize_label,
    template,
)
from gongkai.report.model import AnnualReport, Cell, LegacyFigure, empty_report
from gongkai.report.readers.cells import MAX_NUMBER_CHARS
from gongkai.report.writers import xlsx as layout
from gongkai.report.writers.layout import ITEM_HEAD, request_rows

Grid = list[list[object]]
_NUMBER = re.compile(r"^[+-]?(\d+(?:\.\d*)?|\.\d+)$")
# Units that reports write into cells ("251000元"); stripped, the number kept as printed.
_UNIT = re.compile(r"(万元|元|件|个|条|项|次|人次)$")
_SECTION_BY_LABEL = {normalize_label(label): key for key, label in SECTIONS}
_APPEAL_PROBE = Row("", "", APPEAL_COLUMNS)
# A sheet whose used range (cells and merged ranges) spans more cells than this is refused: a
# report's sheets span a few thousand, and openpyxl would have built an object per cell.
MAX_SHEET_CELLS = 4_000_000


class _Reading:
    """The state of one read: the file's name (for messages) and the warnings so far."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.warnings: list[str] = []
        self._seen: set[str] = set()  # a list lookup per warning was quadratic on big sheets

    def warn(self, message: str) -> None:
        if message not in self._seen:
            self._seen.add(message)
            self.warnings.append(message)

    def error(self, message: str, *, table: str | None = None, cell: str | None = None) -> None:
        raise ReportParseError(message, file=self.name, table=table, cell=cell)


def read_xlsx(data: bytes | str | Path, name: str = "") -> AnnualReport:
    """Read a workbook from its bytes (``name`` names it in errors) or from a path."""
    source: io.BytesIO | str | Path = io.BytesIO(data) if isinstance(data, bytes) else data
    name = name or str(data if not isinstance(data, bytes) else "")
    reading = _Reading(name)
    try:
        workbook = _load(source, name)
    except ReportParseError:
        raise
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise ReportParseError(
            f"不是可读的 Excel（.xlsx）工作簿（{str(exc).splitlines()[0] if str(exc) else ''}）",
            file=name,
        ) from None
    except Exception as exc:
        # A damaged member surfaces from openpyxl as zlib.error, EOFError, an lxml syntax
        # error, TypeError…: any of them means the same thing to the person reading it.
        raise ReportParseError(
            f"不是可读的 Excel（.xlsx）工作簿（{type(exc).__name__}）", file=name
        ) from None
    report = _read_meta(workbook, reading)
    fmt = report.template
    if not fmt.has_tables:
        report.legacy_figures = _read_figures(workbook, reading)
    else:
        tables = (fmt.proactive, fmt.requests, fmt.appeals)
        for number, table in zip(layout.TABLE_SHEETS, tables, strict=True):
            sheet = _find_sheet(workbook, number, table)
            if sheet is None:
                reading.error(f"找不到{number}（{table.title}）的工作表", table=table.number)
                continue
            grid = _grid(sheet)
            reader = {"proactive": _read_proactive, "requests": _read_requests}.get(
                table.key, _read_appeals
            )
            reader(report, table, sheet.title, grid, reading)
    # Keep the workbook's recorded warnings first, then what this read found.
    report.warnings += [w for w in reading.warnings if w not in report.warnings]
    return report


# --- workbook helpers ----------------------------------------------------------------------


class _Sheet:
    """One worksheet's values as openpyxl's full load would give them — ``values``: rows 1..max
    by columns 1..max over every cell in the XML and every merged range, a merged range's
    cells other than its top-left None — and its merged ranges (min_col, min_row, max_col,
    max_row)."""

    __slots__ = ("merged", "title", "values")

    def __init__(self, title: str, values: Grid, merged: list[tuple[int, int, int, int]]) -> None:
        self.title = title
        self.values = values
        self.merged = merged


def _load(source: io.BytesIO | str | Path, name: str) -> list[_Sheet]:
    """The workbook's worksheets, in order.

    Speed: openpyxl's full load binds a style object to every cell (and every cell a merged
    range covers) — 90% of reading a report's workbook. Read-only mode skips that, but takes
    the sheet's size from its <dimension> element (which a hand-edited or hostile file may
    get wrong) and drops merged ranges; so each sheet's XML is parsed here with openpyxl's own
    sheet parser, the same one the full load uses: the same values, found in one pass with
    the merged ranges."""
    # data_only: a hand-edited sheet may hold formulas; their last computed values count.
    book = load_workbook(source, data_only=True, read_only=True)
    try:
        return [
            _parse_sheet(ws, name) for ws in book.worksheets if isinstance(ws, ReadOnlyWorksheet)
        ]
    finally:
        book.close()


def _parse_sheet(ws: ReadOnlyWorksheet, name: str) -> _Sheet:
    book = ws.parent
    cells: dict[tuple[int, int], object] = {}
    # openpyxl's private parts, as its read-only worksheet uses them (openpyxl is pinned).
    with ws._get_source() as src:
        parser = WorkSheetParser(
            src,
            ws._shared_strings,
            data_only=book.data_only,
            epoch=book.epoch,
            date_formats=book._date_formats,
            timedelta_formats=book._timedelta_formats,
        )
        for _, row in parser.parse():
            for cell in row:
                cells[cell["row"], cell["column"]] = cell["value"]
        ranges = parser.merged_cells.mergeCell if parser.merged_cells else []
        merged = [range_boundaries(cr.ref) for cr in ranges]
    if not cells:  # openpyxl's rows of a sheet without cells: none
        return _Sheet(ws.title, [], merged)
    max_row = max(r for r, _ in cells)
    max_col = max(c for _, c in cells)
    covered = 0
    for min_c, min_r, max_c, max_r in merged:
        max_row, max_col = max(max_row, max_r), max(max_col, max_c)
        covered += (max_r - min_r + 1) * (max_c - min_c + 1)
    if max(max_row * max_col, covered) > MAX_SHEET_CELLS:
        raise ReportParseError(
            f"工作表「{ws.title}」的范围达 {max_row} 行 × {max_col} 列，不像一份年度报告，不予读取",
            file=name,
        )
    values: Grid = [[None] * max_col for _ in range(max_row)]
    for (r, c), value in cells.items():
        values[r - 1][c - 1] = value
    for min_c, min_r, max_c, max_r in merged:
        for r in range(min_r, max_r + 1):
            for c in range(min_c, max_c + 1):
                if r != min_r or c != min_c:
                    values[r - 1][c - 1] = None
    return _Sheet(ws.title, values, merged)


def _find_sheet(workbook: list[_Sheet], number: str, table: Table) -> _Sheet | None:
    """The sheet named 表三 (any spacing), else the sheet that prints the table's title."""
    wanted = normalize_label(number)
    for sheet in workbook:
        if normalize_label(sheet.title).startswith(wanted):
            return sheet
    title = normalize_label(table.title)
    for sheet in workbook:
        for row in sheet.values[:5]:
            if any(isinstance(v, str) and normalize_label(v) == title for v in row):
                return sheet
    return None


def _grid(sheet: _Sheet) -> Grid:
    """The sheet's values with every merged range filled from its top-left cell, so that each
    row sees the group labels printed across it."""
    grid: Grid = [list(row) for row in sheet.values]
    if not grid:  # no cells: openpyxl gives no rows, merged ranges or not
        return grid
    for min_col, min_row, max_col, max_row in sheet.merged:
        value = sheet.values[min_row - 1][min_col - 1]
        for r in range(min_row, max_row + 1):
            for c in range(min_col, max_col + 1):
                grid[r - 1][c - 1] = value
    return grid


def _text(value: object) -> str:
    return value.strip() if isinstance(value, str) else ""


def _where(sheet: str, r: int, c: int) -> str:
    return f"{sheet}!{get_column_letter(c + 1)}{r + 1}"


def _number(value: object, kind: Kind) -> int | float | None:
    """A cell's number, or None when it holds none (blank, a dash, words)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        # Excel keeps every number as a float; counts are integers.
        return int(value) if kind is not Kind.MONEY and value.is_integer() else value
    if not isinstance(value, str):
        return None
    text = _UNIT.sub("", normalize_label(value).replace(",", ""))
    if not _NUMBER.match(text) or len(text) > MAX_NUMBER_CHARS:
        return None
    return float(text) if "." in text else int(text)


def _store(
    report: AnnualReport,
    table: Table,
    row: Row,
    column_key: str,
    value: object,
    where: str,
    reading: _Reading,
) -> None:
    column = row.column(column_key)
    number = _number(value, column.kind)
    data = getattr(report, table.key)
    data.setdefault(row.key, {})[column_key] = number
    if number is None:
        what = "为空" if value is None or _text(value) == "" else f"无法读作数字（{value!r}）"
        reading.warn(f"{where} 表{table.number}「{row.label}」「{column.label}」{what}，记为 null")


# --- tables ----------------------------------------------------------------------------------


def _read_proactive(
    report: AnnualReport, table: Table, sheet: str, grid: Grid, reading: _Reading
) -> None:
    """Blocks of 信息内容 headers followed by their rows; columns found by header text."""
    header: list[str] | None = None
    seen: set[str] = set()
    item_head = normalize_label(ITEM_HEAD)
    for r, values in enumerate(grid):
        first = _text(values[0]) if values else ""
        if normalize_label(first) == item_head:
            header = [_text(v) for v in values]
            continue
        key = match_row(table, first) if first else None
        if key is None:
            continue
        if header is None:
            reading.error(
                f"「{first}」之前没有「{ITEM_HEAD}」表头行，无法确定各列",
                table=table.number,
                cell=_where(sheet, r, 0),
            )
            return
        row = table.row(key)
        seen.add(key)
        for column in row.columns:
            c = _first_column(header, row, column.key)
            if c is None or c >= len(values):
                reading.warn(
                    f"{sheet} 表{table.number}找不到「{row.label}」的「{column.label}」列，记为 null"
                )
                getattr(report, table.key)[key][column.key] = None
                continue
            _store(report, table, row, column.key, values[c], _where(sheet, r, c), reading)
    _missing_rows(table, seen, sheet, reading)


def _first_column(header: list[str], row: Row, column_key: str) -> int | None:
    for c, text in enumerate(header):
        if c and text and match_column(row, text) == column_key:
            return c
    return None


def _read_requests(
    report: AnnualReport, table: Table, sheet: str, grid: Grid, reading: _Reading
) -> None:
    columns = _request_columns(grid)
    missing = [c.label for c in REQUEST_COLUMNS if c.key not in columns]
    if missing:
        reading.error(f"表头中找不到列：{'、'.join(missing)}", table=table.number)
    first_value = min(columns.values())
    seen: set[str] = set()
    for r, values in enumerate(grid):
        labels = _labels(values[:first_value])
        row = _request_row(table, labels, report.template)
        if row is None:
            continue
        if row.key in seen:
            reading.error(
                f"「{row.label}」出现了两次", table=table.number, cell=_where(sheet, r, 0)
            )
        seen.add(row.key)
        # In the row's column order, not the header's: a row the template lacks (a one-row
        # (六)其他处理) gets a new dict, and canonical JSON keeps the order it is given.
        for column in row.columns:
            c = columns[column.key]
            cell = values[c] if c < len(values) else None
            _store(report, table, row, column.key, cell, _where(sheet, r, c), reading)
    collapse = report.template.collapse_for(table.key, seen)
    if collapse is not None:
        # A layout the template accepts besides its own keeps its rows as printed (spec).
        for key in collapse.rows:
            report.requests.pop(key, None)
        seen.update(collapse.rows)
        reading.warn(f"{sheet} {collapse.note}")
        report.requests = _reordered(report)
    _missing_rows(table, seen, sheet, reading)


def _reordered(report: AnnualReport) -> dict[str, dict[str, Cell]]:
    return {row.key: report.requests[row.key] for row in request_rows(report)}


def _request_columns(grid: Grid) -> dict[str, int]:
    """Column key → index, from the first header rows that name table 三's columns."""
    columns: dict[str, int] = {}
    probe = Row("", "", REQUEST_COLUMNS)
    for values in grid[:12]:
        for c, value in enumerate(values):
            text = _text(value)
            key = match_column(probe, text) if text else None
            if key is not None and key not in columns:
                columns[key] = c
    return columns


def _labels(values: list[object]) -> list[str]:
    """The distinct label texts of a row, left to right (merged cells repeat theirs)."""
    out: list[str] = []
    for value in values:
        text = _text(value)
        if text and (not out or out[-1] != text):
            out.append(text)
    return out


def _request_row(table: Table, labels: list[str], fmt: Template) -> Row | None:
    if not labels:
        return None
    label, group = labels[-1], (labels[-2] if len(labels) > 1 else "")
    key = match_row(table, label, group)
    if key is not None:
        return table.row(key)
    for collapse in fmt.collapses:  # a layout the template accepts besides its own
        if collapse.table == table.key and matches_label(collapse.row, label):
            return collapse.row
    return None


def _read_appeals(
    report: AnnualReport, table: Table, sheet: str, grid: Grid, reading: _Reading
) -> None:
    """Each column is named by the header texts above its number: 行政诉讼 / 复议后起诉 / 结果维持.
    The numbers are on the row below the last header row."""
    header_rows = [
        r for r, values in enumerate(grid) if any(_appeal_column(_text(v)) for v in values)
    ]
    if not header_rows:
        reading.error("表头中找不到「结果维持」等列", table=table.number)
    value_row = header_rows[-1] + 1
    values = grid[value_row] if value_row < len(grid) else []
    seen: set[str] = set()
    for c in range(max(len(v) for v in grid)):
        stack = [_text(grid[r][c]) for r in range(value_row) if c < len(grid[r])]
        stack = [text for text in stack if text]
        row_key = next((k for text in stack if (k := match_row(table, text))), None)
        column_key = _appeal_column(stack[-1]) if stack else None
        if row_key is None or column_key is None:
            continue
        seen.add(row_key)
        cell = values[c] if c < len(values) else None
        row = table.row(row_key)
        _store(report, table, row, column_key, cell, _where(sheet, value_row, c), reading)
    _missing_rows(table, seen, sheet, reading)


def _appeal_column(text: str) -> str | None:
    return match_column(_APPEAL_PROBE, text) if text else None


def _missing_rows(table: Table, seen: set[str], sheet: str, reading: _Reading) -> None:
    for row in table.rows:
        if row.key not in seen:
            reading.warn(f"{sheet} 表{table.number}缺少「{row.label}」一行，各列记为 null")


# --- metadata, narrative, legacy figures ----------------------------------------------------


def _meta_sheet(workbook: list[_Sheet]) -> _Sheet | None:
    for sheet in workbook:
        if normalize_label(sheet.title) == layout.META_SHEET:
            return sheet
    return None


def _meta_rows(sheet: _Sheet) -> Iterator[tuple[int, str, object, str]]:
    for r, values in enumerate(sheet.values, start=1):
        label, value, key = ((*values, None, None, None))[:3]
        if _text(label) or _text(key):
            yield r, _text(label), value, _text(key)


def _read_meta(workbook: list[_Sheet], reading: _Reading) -> AnnualReport:
    sheet = _meta_sheet(workbook)
    fields: dict[str, object] = {}
    sections: dict[str, str] = {}
    warnings: list[str] = []
    labels = {
        normalize_label(label): name
        for label, name in (
            (layout.META_FORMAT, "format"),
            (layout.META_AGENCY, "agency"),
            (layout.META_YEAR, "year"),
            (layout.META_TITLE, "title"),
            (layout.META_PUBLISHED, "published"),
        )
    }
    for r, label, value, key in _meta_rows(sheet) if sheet is not None else ():
        normal = normalize_label(label)
        if key or normal in _SECTION_BY_LABEL:
            # Narrative kept exactly as written (no stripping): it is the report's own text.
            text = value if isinstance(value, str) else "" if value is None else str(value)
            sections[key or _SECTION_BY_LABEL[normal]] = text
        elif normal == layout.META_WARNING:
            if _text(value):
                warnings.append(_text(value))
        elif normal in labels:
            fields[labels[normal]] = value
        else:
            reading.warn(f"{layout.META_SHEET}!A{r}「{label}」不是可识别的项目，已忽略")
    year = _year(fields.get("year"), reading)
    fmt = _format(fields.get("format"), year, reading)
    report = empty_report(
        fmt,
        agency=_text(fields.get("agency")) or None,
        year=year,
        title=_text(fields.get("title")) or None,
        published=_published(fields.get("published"), reading),
        sections=sections,
    )
    report.warnings = warnings
    return report


def _year(value: object, reading: _Reading) -> int | None:
    number = _number(value, Kind.COUNT)
    if value is not None and _text(value) != "" and not isinstance(number, int):
        reading.error(f"{layout.META_YEAR}应为整数年份，实为 {value!r}", cell=layout.META_SHEET)
    return number if isinstance(number, int) else None


def _format(value: object, year: int | None, reading: _Reading) -> Template:
    text = _text(value) or (str(int(value)) if isinstance(value, int | float) else "")
    if text:
        try:
            return template(text)
        except UnknownFormat as exc:
            reading.error(f"{layout.META_FORMAT}应为 {exc.choices} 之一，实为 {text!r}")
    if year is None:
        reading.error(
            f"工作表「{layout.META_SHEET}」既没有{layout.META_FORMAT}也没有{layout.META_YEAR}，无法确定报告格式"
        )
    assert year is not None
    return format_for_year(year)


def _published(value: object, reading: _Reading) -> str | None:
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    text = _text(value)
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text).isoformat()
    except ValueError:
        reading.warn(
            f"{layout.META_SHEET}「{layout.META_PUBLISHED}」不是 YYYY-MM-DD 日期（{text!r}），记为 null"
        )
        return None


def _read_figures(workbook: list[_Sheet], reading: _Reading) -> list[LegacyFigure]:
    sheet = next((s for s in workbook if normalize_label(s.title) == layout.FIGURES_SHEET), None)
    if sheet is None:
        return []
    figures = []
    for r, values in enumerate(sheet.values[1:], start=2):
        what, value, unit, sentence = ((*values, None, None, None, None))[:4]
        if not _text(what) and value is None:
            continue
        number = _number(value, Kind.MONEY)
        if number is None:
            reading.error(f"数值应为数字，实为 {value!r}", cell=f"{sheet.title}!B{r}")
        assert number is not None
        figures.append(LegacyFigure(_text(what), number, _text(unit), _text(sentence)))
    return figures
