"""Reports checked per second (single-report rules 1–5, 9 and completeness), on one core.

Run by hand: ``.venv/bin/python bench/bench_check.py``. Goal: ≥ 25,000 reports/s. The baseline,
measured in the same run, is a bare loop that reads every cell of the three tables once — the
least any checker must do — so the ratio shows the cost of the rules themselves.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from gongkai.report import canonical, prose
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


def check_report_first_time(report: AnnualReport) -> object:
    """A report checked for the first time: its overview's figures not yet read (the prose
    cache serves a stored report checked again, which a bench of the same six reports would
    otherwise measure every round)."""
    prose._read_figures_cached.cache_clear()
    return check_report(report)


def seconds_per_report(fn: Callable[[AnnualReport], object], reports: list[AnnualReport]) -> float:
    start = time.perf_counter()
    for _ in range(50):
        for report in reports:
            fn(report)
    return (time.perf_counter() - start) / (50 * len(reports))


def rate(
    fns: list[Callable[[AnnualReport], object]], reports: list[AnnualReport], seconds: float = 4.0
) -> list[float]:
    """Reports per second of each function: best of many short rounds taken in turns, so that
    the machine's other load weighs on both sides of a ratio alike."""
    best = [float("inf")] * len(fns)
    start = time.perf_counter()
    while time.perf_counter() - start < seconds:
        for i, fn in enumerate(fns):
            best[i] = min(best[i], seconds_per_report(fn, reports))
    return [1 / b for b in best]


def main() -> None:
    reports = [
        canonical.load(p)
        for p in sorted(DATA.glob("*.json"))
        if canonical.load(p).format != "legacy"
    ]
    print(f"{len(reports)} real reports from tests/data (2019 and 2021 formats)")
    baseline, first, again = rate(
        [touch_every_cell, check_report_first_time, check_report], reports
    )
    print(f"baseline (read every cell once): {baseline:>10,.0f} reports/s")
    print(
        f"check_report, first check:       {first:>10,.0f} reports/s  "
        f"({baseline / first:.1f}× the baseline's time; goal ≥ 25,000/s)"
    )
    print(
        f"check_report, checked again:     {again:>10,.0f} reports/s  "
        f"({baseline / again:.1f}× the baseline's time; overview figures cached)"
    )
    series = reports * 200  # a corpus of 800 reports, cross-year rules included
    start = time.perf_counter()
    check_reports(series)
    elapsed = time.perf_counter() - start
    print(f"check_reports on {len(series)} reports: {len(series) / elapsed:,.0f} reports/s")


if __name__ == "__main__":
    main()
