"""Reports rendered per second by each writer, with a baseline measured in the same run.

Run by hand: ``.venv/bin/python bench/bench_render.py``. The inputs are the hand-transcribed
reports in ``tests/data`` (every format, the legacy one too). The baseline is ``json.dumps`` of
the same reports' canonical JSON, the cheapest possible "writer": each writer's ratio to it
shows what the official layout costs.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from gongkai.report import canonical
from gongkai.report.model import AnnualReport
from gongkai.report.writers import FORMATS, render

DATA = Path(__file__).resolve().parent.parent / "tests" / "data"


def rate(
    fn: Callable[[AnnualReport], object], reports: list[AnnualReport], seconds: float
) -> float:
    """Reports per second over at least ``seconds`` (and at least one pass over all reports)."""
    done = 0
    start = time.perf_counter()
    while (elapsed := time.perf_counter() - start) < seconds or done == 0:
        for report in reports:
            fn(report)
        done += len(reports)
    return done / elapsed


def main() -> None:
    reports = [canonical.load(path) for path in sorted(DATA.glob("*.json"))]
    print(f"{len(reports)} reports from {DATA}")
    for to in FORMATS:  # warm up: imports (WeasyPrint), font loading
        render(reports[0], to)
    baseline = rate(canonical.dumps, reports, 2.0)
    print(f"{'json.dumps (baseline)':24} {baseline:10.1f} reports/s")
    for to in FORMATS:
        per_second = rate(lambda r, to=to: render(r, to), reports, 3.0)
        ratio = baseline / per_second
        print(f"{to:24} {per_second:10.1f} reports/s   {ratio:8.0f}× the baseline's time")


if __name__ == "__main__":
    main()
