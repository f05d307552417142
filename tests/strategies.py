"""Report factories for tests: a consistent report built from a few figures, and hypothesis
strategies that generate reports of either format (consistent, or arbitrary for round trips)."""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

from gongkai.report.formats import APPLICANT_COLUMNS, Format, Kind, template
from gongkai.report.model import AnnualReport, TableData, empty_report

_BOOK_ROWS = ("new", "carried_over", "result_total", "carried_forward")


def result_rows(fmt: Format, *, single_other: bool = False) -> list[str]:
    rows = list(template(fmt).result_rows)
    if single_other:
        rows = [r for r in rows if not r.startswith("other.")] + ["other"]
    return rows


def requests_table(
    results: dict[str, dict[str, int]],
    carried_over: dict[str, int],
    carried_forward: dict[str, int],
    rows: list[str],
) -> TableData:
    """Table 三 that satisfies rules 1–3: ``new`` is derived so that each column balances."""
    table: TableData = {}
    table["new"] = {}
    table["carried_over"] = {c: carried_over.get(c, 0) for c in APPLICANT_COLUMNS}
    for row in rows:
        table[row] = {c: results.get(row, {}).get(c, 0) for c in APPLICANT_COLUMNS}
    table["result_total"] = {
        c: sum(int(table[row][c] or 0) for row in rows) for c in APPLICANT_COLUMNS
    }
    table["carried_forward"] = {c: carried_forward.get(c, 0) for c in APPLICANT_COLUMNS}
    table["new"] = {
        c: int(table["result_total"][c] or 0)
        + int(table["carried_forward"][c] or 0)
        - int(table["carried_over"][c] or 0)
        for c in APPLICANT_COLUMNS
    }
    order = ["new", "carried_over", *rows, "result_total", "carried_forward"]
    out: TableData = {}
    for row in order:
        cells = dict(table[row])
        cells["total"] = sum(int(v or 0) for v in cells.values())
        out[row] = cells
    return out


def consistent_report(
    fmt: Format = Format.F2021,
    *,
    agency: str | None = "示例市档案局",
    year: int = 2023,
    results: dict[str, dict[str, int]] | None = None,
    carried_over: dict[str, int] | None = None,
    carried_forward: dict[str, int] | None = None,
    overview: str = "",
    single_other: bool = False,
) -> AnnualReport:
    """A report whose tables add up; every cell not named is 0."""
    report = empty_report(
        fmt, agency=agency, year=year, title=f"{agency}{year}年政府信息公开工作年度报告"
    )
    report.sections = {"overview": overview, "problems": "无", "other": "无"}
    for table in (report.proactive, report.appeals):
        for cells in table.values():
            for key in cells:
                cells[key] = 0
    report.requests = requests_table(
        results or {"disclosed": {"natural_person": 3}},
        carried_over or {},
        carried_forward or {},
        result_rows(fmt, single_other=single_other),
    )
    return report


def _money() -> st.SearchStrategy[float]:
    return st.integers(0, 10_000_000).map(lambda cents: cents / 100)


@st.composite
def proactive_tables(draw: st.DrawFn, fmt: Format) -> TableData:
    table: TableData = {}
    for row in template(fmt).proactive.rows:
        cells: dict[str, Any] = {}
        for column in row.columns:
            if column.kind is Kind.MONEY:
                cells[column.key] = draw(_money())
            elif column.kind is Kind.SIGNED:
                cells[column.key] = draw(st.integers(-50, 50))
            else:
                cells[column.key] = draw(st.integers(0, 5000))
        table[row.key] = cells
    return table


@st.composite
def consistent_reports(draw: st.DrawFn, fmt: Format | None = None) -> AnnualReport:
    """A report of either format that passes every single-report rule."""
    fmt = fmt or draw(st.sampled_from([Format.F2019, Format.F2021]))
    single_other = fmt == Format.F2021 and draw(st.booleans())
    rows = result_rows(fmt, single_other=single_other)
    count = st.integers(0, 40)
    results = {
        row: {c: draw(count) for c in APPLICANT_COLUMNS} for row in rows if draw(st.booleans())
    }
    carried_forward = {c: draw(st.integers(0, 5)) for c in APPLICANT_COLUMNS}
    carried_over = {
        c: draw(st.integers(0, sum(r.get(c, 0) for r in results.values()) + carried_forward[c]))
        for c in APPLICANT_COLUMNS
    }
    year = draw(st.integers(2019, 2020) if fmt == Format.F2019 else st.integers(2021, 2030))
    report = empty_report(
        fmt, agency=draw(st.sampled_from(["示例市档案局", "某县人民政府"])), year=year
    )
    report.requests = requests_table(results, carried_over, carried_forward, rows)
    report.proactive = draw(proactive_tables(fmt))
    report.appeals = {}
    for row in ("review", "litigation_direct", "litigation_after_review"):
        parts = {c: draw(st.integers(0, 20)) for c in ("upheld", "corrected", "other", "pending")}
        report.appeals[row] = {**parts, "total": sum(parts.values())}
    new_total = report.requests["new"]["total"]
    report.sections = {
        "overview": f"{year}年，本机关共收到政府信息公开申请{new_total}件，均在法定期限内答复。",
        "problems": "无",
        "other": "无",
    }
    return report
