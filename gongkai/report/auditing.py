"""One file of ``gongkai audit``, read and checked where it is read (in the bounded worker, or in a
worker process for ``--trusted`` files): what comes back is only what the audit's workbook and
JSON print, plus the few cells the cross-year rules compare — never the whole report, so that
the audit's own process stays small however many files it reads.
"""

from __future__ import annotations

import json
from typing import Any

from gongkai.report import canonical
from gongkai.report.checks import Finding, Severity, check_report
from gongkai.report.model import AnnualReport
from gongkai.report.readers import read_path

# The cells of table 三 that rule 6 compares across years (table 二 goes whole: it is small).
SERIES_REQUEST_ROWS = ("carried_over", "carried_forward")


def where_printed(report: AnnualReport, finding: Finding) -> str | None:
    """Where the reader found the cell a finding names: 第4页 第12行 (or the text line)."""
    if not (finding.table and finding.row and finding.column):
        return None
    source = report.sources.get(f"{finding.table}/{finding.row}/{finding.column}")
    if source is None:
        return None
    parts = []
    if source.page is not None:
        parts.append(f"第{source.page}页")
    if source.line is not None:
        parts.append(f"第{source.line}行")
    if source.row:
        parts.append(f"「{source.row}」")
    return " ".join(parts) or None


def audit_file(path: str) -> dict[str, Any]:
    """Read ``path``, check it (rules 1–5, 9, completeness) and answer the audit's entry.

    The report goes through canonical JSON first, as every report the audit checks always has
    (the reader's output validated as canonical data), so the findings are those of the
    report a user would get from ``gongkai parse``."""
    data = json.loads(canonical.dumps(read_path(path), indent=None))
    return audit_entry(canonical.report_from_dict(data))


def audit_entry(report: AnnualReport) -> dict[str, Any]:
    """The JSON-able entry of one checked report (see :func:`audit_file`)."""
    findings = check_report(report)
    return {
        "agency": report.agency,
        "year": report.year,
        "format": report.format,
        "warnings": report.warnings,
        "errors_count": sum(f.severity is Severity.ERROR for f in findings),
        "warnings_count": sum(f.severity is Severity.WARNING for f in findings),
        "findings": [{**f.to_dict(), "printed_at": where_printed(report, f)} for f in findings],
        "series": series_part(report),
    }


def series_part(report: AnnualReport) -> dict[str, Any] | None:
    """What the cross-year rules 6–8 read of a report; None when it cannot be in a series."""
    if report.agency is None or report.year is None or not report.template.has_tables:
        return None
    return {
        "proactive": report.proactive,
        "requests": {key: report.requests[key] for key in SERIES_REQUEST_ROWS},
    }


def series_report(entry: dict[str, Any]) -> AnnualReport | None:
    """The report the cross-year rules compare, rebuilt from an entry's :func:`series_part`."""
    part = entry.get("series")
    if part is None:
        return None
    return AnnualReport(
        format=entry["format"],
        agency=entry["agency"],
        year=entry["year"],
        proactive=part["proactive"],
        requests=part["requests"],
    )
