"""The official table layouts (each template's, from :mod:`gongkai.report.formats`) as a grid of cells.

Every writer draws the same grid: HTML as ``rowspan``/``colspan``, DOCX and XLSX as merged
ranges. Building it once keeps the three outputs cell for cell alike, which is what lets a
reader that knows the printed template read any of them back. Row and column labels come from
:mod:`gongkai.report.formats`; only the template's header texts that belong to no row or column
are spelled here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from gongkai.report.formats import REQUEST_COLUMNS, Row, Table
from gongkai.report.model import AnnualReport, Cell

# Header texts of the official template that are not row or column labels.
CHECK_NOTE = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
APPLICANTS_HEAD = "申请人情况"
ORGANISATIONS_HEAD = "法人或其他组织"
ITEM_HEAD = "信息内容"


@dataclass(frozen=True, slots=True)
class GridCell:
    """One printed cell at (row, col), the top-left of a ``rowspan`` × ``colspan`` range.

    ``role`` is ``head`` (template header), ``label`` (row label) or ``value`` (a number);
    value cells carry their ``key`` ("requests/new/total") and the number itself.
    """

    row: int
    col: int
    text: str
    role: str = "head"
    rowspan: int = 1
    colspan: int = 1
    key: str = ""
    value: Cell = None


@dataclass(slots=True)
class Grid:
    table: Table
    n_cols: int
    widths: tuple[float, ...]  # relative column widths
    header_rows: int = 0  # rows repeated on every page (PDF, DOCX)
    cells: list[GridCell] = field(default_factory=list)
    n_rows: int = 0

    def add(self, cell: GridCell) -> None:
        self.cells.append(cell)
        self.n_rows = max(self.n_rows, cell.row + cell.rowspan)

    def rows(self) -> list[list[GridCell]]:
        """The cells that start on each row, left to right (what HTML prints per ``<tr>``)."""
        out: list[list[GridCell]] = [[] for _ in range(self.n_rows)]
        for cell in sorted(self.cells, key=lambda c: (c.row, c.col)):
            out[cell.row].append(cell)
        return out


def format_number(value: int | float) -> str:
    """A number as printed: integers plainly, money with its decimals and never in e-notation."""
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        return format(Decimal(repr(value)), "f")
    return str(value)


def _value(grid: Grid, row: int, col: int, key: str, value: Cell, colspan: int = 1) -> None:
    text = "" if value is None else format_number(value)
    grid.add(GridCell(row, col, text, "value", colspan=colspan, key=key, value=value))


def request_rows(report: AnnualReport) -> tuple[Row, ...]:
    """Table 三's rows as this report prints them: in the template's own layout or in one it
    accepts (a 2021 report keeping （六）其他处理 as one row, spec)."""
    return report.template.rows_as_printed("requests", report.requests)


# --- Table 二 -------------------------------------------------------------------------------


def proactive_grid(report: AnnualReport) -> Grid:
    """Blocks per article of 条例第二十条: a heading row, a column-header row, the rows."""
    table = report.template.proactive
    n_values = max(len(row.columns) for row in table.rows)
    grid = Grid(table, n_values + 1, (3.0,) + (2.0,) * n_values)
    r = 0
    group = None
    for row in table.rows:
        spans = _spans(len(row.columns), n_values)
        if row.group != group:
            group = row.group
            grid.add(GridCell(r, 0, row.group, colspan=grid.n_cols))
            grid.add(GridCell(r + 1, 0, ITEM_HEAD))
            for (col, span), column in zip(spans, row.columns, strict=True):
                grid.add(GridCell(r + 1, col, column.label, colspan=span))
            r += 2
        grid.add(GridCell(r, 0, row.label, "label"))
        cells = report.proactive.get(row.key, {})
        for (col, span), column in zip(spans, row.columns, strict=True):
            key = f"proactive/{row.key}/{column.key}"
            _value(grid, r, col, key, cells.get(column.key), span)
        r += 1
    return grid


def _spans(n_columns: int, n_values: int) -> list[tuple[int, int]]:
    """Columns 1.. for ``n_columns`` values; the last stretches to the table's right edge."""
    spans = [(1 + i, 1) for i in range(n_columns)]
    last_col, _ = spans[-1]
    spans[-1] = (last_col, n_values - n_columns + 1)
    return spans


# --- Table 三 -------------------------------------------------------------------------------

_LABEL_COLS = 3  # 三、本年度办理结果 | （三）不予公开 | 1.属于国家秘密


def requests_grid(report: AnnualReport) -> Grid:
    table = report.template.requests
    results_group = report.template.results_group
    widths = (0.8, 2.2, 5.0) + (1.35,) * len(REQUEST_COLUMNS)
    grid = Grid(table, _LABEL_COLS + len(REQUEST_COLUMNS), widths, header_rows=3)
    _requests_header(grid)
    rows = request_rows(report)
    first = 3
    for i, row in enumerate(rows):
        r = first + i
        if not row.group:
            grid.add(GridCell(r, 0, row.label, "label", colspan=_LABEL_COLS))
        elif row.group == results_group:
            grid.add(GridCell(r, 1, row.label, "label", colspan=_LABEL_COLS - 1))
        else:
            grid.add(GridCell(r, 2, row.label, "label"))
        cells = report.requests.get(row.key, {})
        for j, column in enumerate(REQUEST_COLUMNS):
            key = f"requests/{row.key}/{column.key}"
            _value(grid, r, _LABEL_COLS + j, key, cells.get(column.key))
    _requests_groups(grid, rows, first, results_group)
    return grid


def _requests_header(grid: Grid) -> None:
    grid.add(GridCell(0, 0, CHECK_NOTE, rowspan=3, colspan=_LABEL_COLS))
    grid.add(GridCell(0, _LABEL_COLS, APPLICANTS_HEAD, colspan=len(REQUEST_COLUMNS)))
    first, *organisations, total = REQUEST_COLUMNS
    grid.add(GridCell(1, _LABEL_COLS, first.label, rowspan=2))
    grid.add(GridCell(1, _LABEL_COLS + 1, ORGANISATIONS_HEAD, colspan=len(organisations)))
    for j, column in enumerate(organisations):
        grid.add(GridCell(2, _LABEL_COLS + 1 + j, column.label))
    grid.add(GridCell(1, _LABEL_COLS + 1 + len(organisations), total.label, rowspan=2))


def _requests_groups(grid: Grid, rows: tuple[Row, ...], first: int, results_group: str) -> None:
    """The merged labels: 三、本年度办理结果 down the left (22 rows in 2021, 20 in 2019), then
    （三）不予公开 etc. over their numbered rows."""
    results = [i for i, row in enumerate(rows) if row.group]
    top = results[0]
    grid.add(GridCell(first + top, 0, results_group, "label", rowspan=len(results)))
    i = 0
    while i < len(rows):
        row = rows[i]
        # Only a numbered row under a sub-group such as （三）不予公开 gets a sub-group cell.
        if row.group in ("", results_group):
            i += 1
            continue
        span = 1
        while i + span < len(rows) and rows[i + span].group == row.group:
            span += 1
        grid.add(GridCell(first + i, 1, row.group, "label", rowspan=span))
        i += span


# --- Table 四 -------------------------------------------------------------------------------


def appeals_grid(report: AnnualReport) -> Grid:
    """行政复议 (5 columns) beside 行政诉讼, split in 未经复议直接起诉 and 复议后起诉 (5 each)."""
    appeals = report.template.appeals
    review, direct, after = appeals.rows
    width = len(review.columns)
    grid = Grid(appeals, 3 * width, (1.0,) * (3 * width), header_rows=3)
    grid.add(GridCell(0, 0, review.label, colspan=width))
    grid.add(GridCell(0, width, direct.group, colspan=2 * width))
    for j, column in enumerate(review.columns):
        grid.add(GridCell(1, j, column.label, rowspan=2))
    for k, row in enumerate((direct, after), start=1):
        grid.add(GridCell(1, k * width, row.label, colspan=width))
        for j, column in enumerate(row.columns):
            grid.add(GridCell(2, k * width + j, column.label))
    for k, row in enumerate(appeals.rows):
        cells = report.appeals.get(row.key, {})
        for j, column in enumerate(row.columns):
            key = f"appeals/{row.key}/{column.key}"
            _value(grid, 3, k * width + j, key, cells.get(column.key))
    return grid


def report_grids(report: AnnualReport) -> tuple[Grid, Grid, Grid]:
    """Tables 二, 三, 四 of a template-format report (not of a legacy one: it has no tables)."""
    if not report.template.has_tables:
        raise ValueError(f"{report.format} 格式的报告没有表格")
    return proactive_grid(report), requests_grid(report), appeals_grid(report)


def blank_cells(report: AnnualReport) -> list[str]:
    """One warning per blank (null) cell: the writer prints it empty, as the template expects."""
    out = []
    if not report.template.has_tables:
        return []
    rows = {row.key: row for row in report.template.known_rows("requests")}
    for grid in report_grids(report):
        for cell in grid.cells:
            if cell.role == "value" and cell.value is None:
                _, row_key, column_key = cell.key.split("/")
                row = rows[row_key] if grid.table.key == "requests" else grid.table.row(row_key)
                where = " ".join(t for t in (row.group, row.label) if t)
                out.append(
                    f"表{grid.table.number}「{where}」「{row.column(column_key).label}」"
                    "为空（null），按模板留空"
                )
    return out
