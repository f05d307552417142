"""The supervising office's 汇总: the region's tables as the sum of its agencies' tables.

A cell of the summary is the sum of that cell over the agencies; blank where every agency left
it blank (a blank is not a zero the summary may invent). Only reports in the year's format are
summed; one in another format (an imported report read as a different template) is named, not
guessed into place.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from gongkai.report.formats import format_for_year
from gongkai.report.model import AnnualReport, Cell, TableData, empty_report


@dataclass(slots=True)
class Summary:
    report: AnnualReport
    included: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)


def _add(total: Cell, value: Cell) -> Cell:
    if value is None:
        return total
    return value if total is None else total + value


def summarize(reports: Sequence[AnnualReport], *, region: str, year: int) -> Summary:
    fmt = format_for_year(year)
    summary = Summary(empty_report(fmt, agency=region, year=year))
    summary.report.title = f"{region}{year}年政府信息公开工作年度报告汇总"
    if not fmt.has_tables:
        summary.skipped = [r.label for r in reports]
        return summary
    for report in reports:
        if report.format != fmt.key:
            summary.skipped.append(f"{report.label}（{report.format}版格式）")
            continue
        summary.included.append(report.agency or "")
        for table in fmt.tables:
            _add_table(getattr(summary.report, table.key), getattr(report, table.key))
    return summary


def _add_table(into: TableData, source: TableData) -> None:
    """Cell by cell; a row only some reports print (a 2021 report's single (六)其他处理 row)
    joins the summary as printed rather than being dropped or spread over other rows."""
    for row_key, cells in source.items():
        target = into.setdefault(row_key, dict.fromkeys(cells, None))
        for column_key, value in cells.items():
            target[column_key] = _add(target.get(column_key), value)
