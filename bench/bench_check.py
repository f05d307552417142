"""Reports checked per second (single-report rules 1–5, 9 and completeness), on one core.

Run by hand: ``.venv/bin/python bench/bench_check.py``. Goal: ≥ 20,000 reports/s. The baseline,
measured in the same run, is a bare loop that reads every cell of the three tables once — the
least any checker must do — so the ratio shows the cost of the rules themselves.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from gongkai.report import canonical
from gongkai.report.checks import check_report, check_reports
from gongkai.report.model import AnnualReport

DATA = Path(__file__).resolve().parent.parent / "tests" / "data"


def touch_every_cell(report: AnnualReport) -> int:
    total = 0
    for table in (report.proactive, report.requests, report.appeals):
        for cells in table.values():
            for value in cells.values():
                if value is not None:
                    total += 1
    return total


def rate(
    fn: Callable[[AnnualReport], object], reports: list[AnnualReport], seconds: float = 2.0
) -> float:
    done = 0
    start = time.perf_counter()
    while (elapsed := time.perf_counter() - start) < seconds:
        for report in reports:
            fn(report)
        done += len(reports)
    return done / elapsed


def main() -> None:
    reports = [
        canonical.load(p)
        for p in sorted(DATA.glob("*.json"))
        if canonical.load(p).format.value != "legacy"
    ]
    print(f"{len(reports)} real reports from tests/data (2019 and 2021 formats)")
    baseline = rate(touch_every_cell, reports)
    checked = rate(check_report, reports)
    print(f"baseline (read every cell once): {baseline:>10,.0f} reports/s")
    print(
        f"check_report:                    {checked:>10,.0f} reports/s  "
        f"({baseline / checked:.1f}× the baseline's time; goal ≥ 20,000/s)"
    )
    series = reports * 200  # a corpus of 800 reports, cross-year rules included
    start = time.perf_counter()
    check_reports(series)
    elapsed = time.perf_counter() - start
    print(f"check_reports on {len(series)} reports: {len(series) / elapsed:,.0f} reports/s")


if __name__ == "__main__":
    main()
