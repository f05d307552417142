"""Numbers for the summary page's bar charts (drawn with CSS widths, no JavaScript)."""

from __future__ import annotations

from typing import Any

from gongkai.agencies.models import Agency
from gongkai.report.formats import Row, normalize_label, strip_enumeration
from gongkai.report.model import AnnualReport


def _total(report: AnnualReport, row: str) -> int:
    return int(report.requests.get(row, {}).get("total") or 0)


def _bars(items: list[tuple[str, int]]) -> list[dict[str, Any]]:
    top = max((value for _, value in items), default=0) or 1
    return [{"label": label, "value": v, "width": round(100 * v / top)} for label, v in items]


# The colour of an outcome group (reports.css .g-*), by the words of its heading, so that a
# bar keeps its group's colour whichever groups a report prints or leaves at zero.
GROUP_CLASSES = (
    ("部分公开", "g-partial"),
    ("不予公开", "g-withheld"),
    ("无法提供", "g-unable"),
    ("不予处理", "g-ignored"),
    ("予以公开", "g-open"),
)


def group_class(label: str) -> str:
    """The CSS class of an outcome group's heading ("其他处理" and anything new: g-other)."""
    return next((css for words, css in GROUP_CLASSES if words in label), "g-other")


def outcome_bars(report: AnnualReport) -> list[dict[str, Any]]:
    """Requests by outcome: every result row of table 三, each coloured by its group."""
    template = report.template
    rows = template.rows_as_printed("requests", report.requests)
    # The result rows as printed: every row under 三、本年度办理结果 but （七）总计.
    results = [row for row in rows if row.group and row.key != "result_total"]
    bars = _bars([(_outcome_label(row), _total(report, row.key)) for row in results])
    for bar, row in zip(bars, results, strict=True):
        heading = row.label if row.group == template.results_group else row.group
        bar["css"] = group_class(heading)
    return bars


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


def outcome_groups(report: AnnualReport) -> list[tuple[str, int]]:
    """Answered requests per outcome group as the report's template prints them: each row
    directly under 三、本年度办理结果 is a group ((一)予以公开), and numbered rows count under
    their heading ((三)不予公开 1.–8.); labels without their numbering or notes."""
    template = report.template
    totals: dict[str, int] = {}
    for row in template.rows_as_printed("requests", report.requests):
        if not row.group or row.key == "result_total":
            continue
        heading = row.label if row.group == template.results_group else row.group
        label = strip_enumeration(normalize_label(heading)).split("(")[0]
        totals[label] = totals.get(label, 0) + _total(report, row.key)
    return list(totals.items())


def by_agency_shares(
    agencies: list[Agency],
    history: dict[int, dict[int, AnnualReport]],
    year: int,
    marks: dict[int, str] | None = None,
) -> list[dict[str, Any]]:
    """Per agency, each outcome group's share of its answered requests (a stacked bar, each
    part coloured by its group); ``marks`` names each agency's report state."""
    rows = []
    for agency in agencies:
        report = history.get(agency.pk, {}).get(year)
        if report is None or not report.requests:
            continue
        counts = outcome_groups(report)
        answered = sum(value for _, value in counts)
        parts = [
            {
                "label": label,
                "value": value,
                "share": round(100 * value / answered, 1),
                "css": group_class(label),
            }
            for label, value in counts
            if answered and value
        ]
        mark = (marks or {}).get(agency.pk, "")
        rows.append({"agency": agency.name, "mark": mark, "answered": answered, "parts": parts})
    return rows
