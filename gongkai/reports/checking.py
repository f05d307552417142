"""The engine's findings for one report version, and the keys warnings are acknowledged by."""

from __future__ import annotations

from dataclasses import dataclass, replace

from gongkai.report.checks import Finding, Severity, check_report, check_series
from gongkai.report.model import AnnualReport


def finding_key(finding: Finding) -> str:
    """Stable across re-checks of the same cell: the rule and where it points."""
    parts = (finding.rule.value, finding.table, finding.row, finding.column, finding.sentence)
    return "|".join(part or "" for part in parts)


@dataclass(frozen=True, slots=True)
class Checked:
    finding: Finding
    key: str
    reason: str  # the acknowledged reason for a warning, "" if none

    @property
    def is_error(self) -> bool:
        return self.finding.severity is Severity.ERROR

    @property
    def blocks(self) -> bool:
        """Errors always block; a warning blocks until someone records why it stands."""
        return self.is_error or not self.reason


def findings_for(
    report: AnnualReport, last_year: AnnualReport | None, acknowledged: dict[str, str]
) -> list[Checked]:
    """Rules 1–5, 9 on the report, and the cross-year rules 6–8 against last year's."""
    found = check_report(report)
    if last_year is not None and last_year.year is not None:
        # The series rules group by agency name: compare under this year's name.
        previous = replace(last_year, agency=report.agency)
        found += [f for f in check_series([previous, report]) if f.year == report.year]
    checked = []
    for finding in found:
        key = finding_key(finding)
        reason = "" if finding.severity is Severity.ERROR else acknowledged.get(key, "")
        checked.append(Checked(finding, key, reason))
    return checked
