"""Numbers for the summary page's bar charts (drawn with CSS widths, no JavaScript)."""

from __future__ import annotations

from typing import Any

from gongkai.agencies.models import Agency
from gongkai.report.formats import Row
from gongkai.report.model import AnnualReport

# Outcome groups of table 三 for the shares chart: a row key prefix → the printed heading.
GROUPS = (
    ("disclosed", "予以公开"),
    ("partially_disclosed", "部分公开"),
    ("withheld", "不予公开"),
    ("unavailable", "无法提供"),
    ("not_processed", "不予处理"),
    ("other", "其他处理"),
)


def _total(report: AnnualReport, row: str) -> int:
    return int(report.requests.get(row, {}).get("total") or 0)


def _bars(items: list[tuple[str, int]]) -> list[dict[str, Any]]:
    top = max((value for _, value in items), default=0) or 1
    return [{"label": label, "value": v, "width": round(100 * v / top)} for label, v in items]


def outcome_bars(report: AnnualReport) -> list[dict[str, Any]]:
    """Requests by outcome: every result row of table 三."""
    rows = report.template.rows_as_printed("requests", report.requests)
    # The result rows as printed: every row under 三、本年度办理结果 but （七）总计.
    results = [row for row in rows if row.group and row.key != "result_total"]
    return _bars([(_outcome_label(row), _total(report, row.key)) for row in results])


def _outcome_label(row: Row) -> str:
    """ "1.属于国家秘密" alone does not say which group: prefix the group (（三）不予公开)."""
    return f"{row.group} {row.label}" if row.group.startswith("（") else row.label


def trend_bars(history: dict[int, dict[int, AnnualReport]]) -> list[dict[str, Any]]:
    """New requests (表三 一、本年新收) summed over the agencies, per year."""
    per_year: dict[int, int] = {}
    for years in history.values():
        for year, report in years.items():
            if report.requests:
                per_year[year] = per_year.get(year, 0) + _total(report, "new")
    return _bars([(f"{year}年", per_year[year]) for year in sorted(per_year)])


def group_total(report: AnnualReport, prefix: str) -> int:
    return sum(
        int(cells.get("total") or 0)
        for key, cells in report.requests.items()
        if key == prefix or key.startswith(prefix + ".")
    )


def by_agency_shares(
    agencies: list[Agency], history: dict[int, dict[int, AnnualReport]], year: int
) -> list[dict[str, Any]]:
    """Per agency, each outcome group's share of its answered requests (a stacked bar)."""
    rows = []
    for agency in agencies:
        report = history.get(agency.pk, {}).get(year)
        if report is None or not report.requests:
            continue
        counts = [(label, group_total(report, prefix)) for prefix, label in GROUPS]
        answered = sum(value for _, value in counts)
        parts = [
            {"label": label, "value": value, "share": round(100 * value / answered, 1)}
            for label, value in counts
            if answered and value
        ]
        rows.append({"agency": agency.name, "answered": answered, "parts": parts})
    return rows
