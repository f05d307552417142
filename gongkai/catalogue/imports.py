"""Import entered table 二 figures from CSV or XLSX, row by row, with a report of every row.

The file has one figure per line under the header ``年度, 项目, 栏目, 数值`` (e.g.
``2025, 行政许可, 本年处理决定数量, 1234``). 项目 and 栏目 are matched against the official
labels (and their accepted variants) in ``gongkai.report.formats``, or may be given as keys
(``licensing``, ``decisions``). Each good row is imported; each bad row is refused with its row
number, the column at fault and what is wrong. Nothing is dropped silently.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import PurePath
from typing import Any

from gongkai.agencies.models import Agency
from gongkai.catalogue.services import year_figures_set
from gongkai.catalogue.tables import CATALOGUE_ROWS, CellError, parse_cell, proactive_format
from gongkai.errors import DomainError
from gongkai.report import sandbox
from gongkai.report.errors import ReportError
from gongkai.report.formats import Row, Table, match_column, match_row

HEADER = ("年度", "项目", "栏目", "数值")
MAX_ROWS = 10_000


class FigureImportError(DomainError, ValueError):
    """The file as a whole cannot be read (format, header); no row was imported."""


@dataclass(frozen=True)
class RowError:
    row: int  # as numbered in the spreadsheet: the header is row 1
    column: str
    message: str

    def __str__(self) -> str:
        return f"第 {self.row} 行「{self.column}」：{self.message}"


@dataclass(frozen=True)
class ImportedFigure:
    row: int
    year: int
    key: str  # row/column
    value: int | float


@dataclass
class ImportReport:
    filename: str
    imported: list[ImportedFigure] = field(default_factory=list)
    refused: list[RowError] = field(default_factory=list)

    @property
    def summary(self) -> str:
        return (
            f"{self.filename}：导入 {len(self.imported)} 行，"
            f"拒绝 {len({e.row for e in self.refused})} 行。"
        )


def read_rows(filename: str, content: bytes) -> list[list[Any]]:
    suffix = PurePath(filename).suffix.lower()
    if suffix == ".xlsx":
        return _read_xlsx(filename, content)
    if suffix in {".csv", ".txt"}:
        return _read_csv(filename, content)
    raise FigureImportError(f"{filename}：只支持 .csv 和 .xlsx 文件。")


def _read_csv(filename: str, content: bytes) -> list[list[Any]]:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = content.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise FigureImportError(f"{filename}：无法识别文件编码（应为 UTF-8 或 GB18030）。")
    return [list(r) for r in csv.reader(io.StringIO(text))]


def _read_xlsx(filename: str, content: bytes) -> list[list[Any]]:
    # Read in the bounded worker (gongkai.report.sandbox): an XLSX is a ZIP of XML that can
    # inflate far past its size, and openpyxl has no bound of its own.
    try:
        return sandbox.sheet_rows(content, filename)
    except sandbox.WorkerRefused as exc:
        raise FigureImportError(f"{exc}。") from None
    except ReportError as exc:  # openpyxl raises many types for a damaged file
        raise FigureImportError(f"{filename}：不是有效的 XLSX 文件（{exc}）。") from None


def figures_import(*, actor: Any, agency: Agency, filename: str, content: bytes) -> ImportReport:
    rows = read_rows(filename, content)
    if not rows or [str(c or "").strip() for c in rows[0][:4]] != list(HEADER):
        found = "、".join(str(c or "") for c in rows[0][:4]) if rows else "（空文件）"
        raise FigureImportError(
            f"{filename}：第 1 行应为表头“{'、'.join(HEADER)}”，实际为“{found}”。"
        )
    if len(rows) - 1 > MAX_ROWS:
        raise FigureImportError(f"{filename}：行数超过 {MAX_ROWS}，请分批导入。")
    report = ImportReport(filename)
    seen: dict[tuple[int, str], int] = {}
    for number, cells in enumerate(rows[1:], start=2):
        cells = [*cells, None, None, None, None][:4]
        if all(str(c or "").strip() == "" for c in cells):
            continue  # blank lines between blocks are common in hand-made sheets
        figure = _parse_row(number, cells, report.refused)
        if figure is None:
            continue
        earlier = seen.get((figure.year, figure.key))
        if earlier is not None:
            report.refused.append(RowError(number, "项目", f"与第 {earlier} 行是同一项，已拒绝"))
            continue
        seen[(figure.year, figure.key)] = number
        report.imported.append(figure)
    _save(actor, agency, filename, report.imported)
    return report


def _parse_row(number: int, cells: list[Any], refused: list[RowError]) -> ImportedFigure | None:
    year_raw, row_raw, column_raw, value_raw = cells
    try:
        year = int(str(year_raw).strip().removesuffix("年"))
    except ValueError:
        refused.append(RowError(number, "年度", f"“{year_raw or ''}”不是年份"))
        return None
    if not 2008 <= year <= 2100:  # the 条例 took effect in 2008
        refused.append(RowError(number, "年度", f"年份 {year} 超出范围（2008 年起）"))
        return None
    table = proactive_format(year)
    row = _match_row(table, str(row_raw or ""))
    if row is None:
        refused.append(RowError(number, "项目", f"{year}年表二没有“{row_raw or ''}”这一项"))
        return None
    if row.key in CATALOGUE_ROWS:
        refused.append(RowError(number, "项目", f"“{row.label}”由主动公开目录自动统计，不能导入"))
        return None
    column_key = _match_column(row, str(column_raw or ""))
    if column_key is None:
        allowed = "、".join(c.label for c in row.columns)
        refused.append(
            RowError(
                number, "栏目", f"“{row.label}”没有栏目“{column_raw or ''}”（可用：{allowed}）"
            )
        )
        return None
    try:
        value = parse_cell(row.column(column_key), value_raw if value_raw is not None else "")
    except CellError as exc:
        refused.append(RowError(number, "数值", str(exc)))
        return None
    return ImportedFigure(number, year, f"{row.key}/{column_key}", value)


def _match_row(table: Table, text: str) -> Row | None:
    key = text.strip() if text.strip() in table.row_keys else match_row(table, text)
    return table.row(key) if key else None


def _match_column(row: Row, text: str) -> str | None:
    for column in row.columns:
        if text.strip() == column.key:
            return column.key
    return match_column(row, text)


def _save(actor: Any, agency: Agency, filename: str, figures: list[ImportedFigure]) -> None:
    by_year: dict[int, dict[str, int | float]] = {}
    for figure in figures:
        by_year.setdefault(figure.year, {})[figure.key] = figure.value
    for year, values in sorted(by_year.items()):
        year_figures_set(
            actor=actor, agency=agency, year=year, values=values, reason=f"从 {filename} 导入"
        )
