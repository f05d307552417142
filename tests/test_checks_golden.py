"""The findings on the real reports, pinned: codes, messages, locations and order.

``data/findings/real-reports.json`` holds, for every hand-transcribed report in ``data/`` (and what the PDF
reader gave in ``data/pdf-read/``), and for every crawled text report as the reader reads it,
the findings of ``check_report`` as ``Finding.to_dict`` gives them; under ``"check_reports"``,
the findings of ``check_reports`` over all of them together (the cross-year and duplicate rules
included). A change made for speed must leave every one of them as it is. After a change that
is meant to alter findings, rewrite the file with ``python -m tests.test_checks_golden`` and
review its diff.
"""

from __future__ import annotations

import json
from pathlib import Path

from gongkai.report import canonical
from gongkai.report.checks import check_report, check_reports
from gongkai.report.model import AnnualReport
from gongkai.report.readers import read_path

DATA = Path(__file__).parent / "data"
GOLDEN = DATA / "findings" / "real-reports.json"


def real_reports() -> list[tuple[str, AnnualReport]]:
    found = [
        (path.relative_to(DATA).as_posix(), canonical.load(path))
        for path in sorted([*DATA.glob("*.json"), *(DATA / "pdf-read").glob("*.json")])
    ]
    found += [(path.name, read_path(path)) for path in sorted(DATA.glob("pingtan-*.txt"))]
    return found


def findings_of(reports: list[tuple[str, AnnualReport]]) -> dict[str, list[dict[str, object]]]:
    out = {name: [f.to_dict() for f in check_report(report)] for name, report in reports}
    out["check_reports"] = [f.to_dict() for f in check_reports(r for _, r in reports)]
    return out


def test_the_real_reports_give_the_pinned_findings() -> None:
    reports = real_reports()
    pinned = json.loads(GOLDEN.read_text("utf-8"))
    assert sorted(pinned) == sorted([*(name for name, _ in reports), "check_reports"])
    found = findings_of(reports)
    for name in pinned:
        assert found[name] == pinned[name], name
    # Not vacuous: the pinned findings cover every kind a single report gives here.
    rules = {f["rule"] for findings in pinned.values() for f in findings}
    assert {"R1", "R3", "R4", "R9", "BLANK", "DUP"} <= rules


if __name__ == "__main__":
    text = json.dumps(findings_of(real_reports()), ensure_ascii=False, indent=1)
    GOLDEN.write_text(text + "\n", "utf-8")
