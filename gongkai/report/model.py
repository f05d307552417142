"""The annual report as data, and the canonical JSON that every reader, writer and check speaks."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from gongkai.report.errors import ReportDataError
from gongkai.report.formats import Template, template

__all__ = [
    "AnnualReport",
    "Cell",
    "LegacyFigure",
    "ReportDataError",
    "Source",
    "TableData",
    "empty_report",
]

# A cell: an integer count, a number (money), or None for a cell that is blank or unreadable.
Cell = int | float | None
TableData = dict[str, dict[str, Cell]]


@dataclass(slots=True)
class LegacyFigure:
    """A figure stated in the prose of a pre-2019 report, with the sentence it came from."""

    what: str
    value: int | float
    unit: str
    sentence: str


@dataclass(frozen=True, slots=True)
class Source:
    """Where a number was read: page (1-based, PDF), table (二/三/四), and the printed row/column.

    Immutable, so that the readers can share one among the reports that read a number at the
    same place (``readers.labelmatch.sources_of``)."""

    page: int | None = None
    table: str | None = None
    row: str | None = None
    column: str | None = None
    line: int | None = None


@dataclass(slots=True)
class AnnualReport:
    format: str  # the key of its template (``gongkai.report.formats``): "2021", "2019", "legacy"
    agency: str | None = None
    year: int | None = None
    title: str | None = None
    published: str | None = None  # ISO date
    sections: dict[str, str] = field(default_factory=dict)
    proactive: TableData = field(default_factory=dict)
    requests: TableData = field(default_factory=dict)
    appeals: TableData = field(default_factory=dict)
    legacy_figures: list[LegacyFigure] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    # Where each number came from, keyed "table/row/column" (e.g. "requests/new/total").
    # Provenance, not content: two reports with equal figures are equal wherever they were read.
    sources: dict[str, Source] = field(default_factory=dict, compare=False)

    @property
    def template(self) -> Template:
        """The template this report follows (``UnknownFormat`` for an unregistered key)."""
        return template(self.format)

    @property
    def label(self) -> str:
        """How a person names this report: 沈阳市档案局 2017年报告."""
        agency = self.agency or "（未署名机关）"
        year = f"{self.year}年" if self.year is not None else "（年度不明）"
        return f"{agency} {year}报告"


def empty_report(fmt: str | Template, **fields: Any) -> AnnualReport:
    """A report of template ``fmt`` (or its key) with every cell of every table present and
    blank (None)."""
    spec = fmt if isinstance(fmt, Template) else template(fmt)
    report = AnnualReport(format=spec.key, **fields)
    for table in spec.tables:
        data: TableData = {
            row.key: dict.fromkeys((c.key for c in row.columns), None) for row in table.rows
        }
        setattr(report, table.key, data)
    return report
