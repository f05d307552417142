"""Seconds a report as PDF: WeasyPrint against headless Chromium printing the same page, in one run.

Run by hand: ``.venv/bin/python bench/bench_render_pdf.py [--rounds 3]``. Needs Debian's chromium
(``/usr/bin/chromium``, driven by Playwright as the browser tests do).

The inputs are the hand-transcribed reports in ``tests/data``. Each round renders every report
three ways, one after the other so that a shared machine's load falls on all three alike:

- ``pdf writer``: ``gongkai.report.writers.pdf.render_pdf`` — one font configuration and one
  parsed stylesheet for the whole batch, the embedded fonts deflated at zlib's default level;
- ``fresh``: WeasyPrint as the writer did before, the page's inline CSS parsed and a font
  configuration built for each report;
- ``chromium``: one browser page, ``set_content`` of the same HTML (inline CSS) and ``pdf()``.

Prints the median seconds a report of each, the ratios to Chromium (the goal: the writer at most
1.5× Chromium) and the machine's load average before and after.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from gongkai.report import canonical
from gongkai.report.model import AnnualReport
from gongkai.report.writers.html import render_page
from gongkai.report.writers.pdf import render_pdf

DATA = Path(__file__).resolve().parent.parent / "tests" / "data"
CHROMIUM = Path("/usr/bin/chromium")
GOAL = 1.5


def fresh(report: AnnualReport) -> bytes:
    import weasyprint

    pdf: bytes = weasyprint.HTML(string=render_page(report)).render().write_pdf()
    return pdf


def load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    if not CHROMIUM.exists():
        print(f"bench_render_pdf: 没有 {CHROMIUM}", file=sys.stderr)
        return 2
    from playwright.sync_api import sync_playwright

    reports = [canonical.load(path) for path in sorted(DATA.glob("*.json"))]
    print(f"{len(reports)} 份报告（{DATA}），{args.rounds} 轮；负载 {load()}")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM))
        page = browser.new_page()

        def chromium(report: AnnualReport) -> bytes:
            page.set_content(render_page(report), wait_until="load")
            return page.pdf(prefer_css_page_size=True)

        writers: dict[str, Callable[[AnnualReport], bytes]] = {
            "pdf writer": render_pdf,
            "fresh": fresh,
            "chromium": chromium,
        }
        for write in writers.values():  # warm up: imports, fonts, the browser's first page
            write(reports[0])
        seconds: dict[str, list[float]] = {name: [] for name in writers}
        for _ in range(args.rounds):
            for report in reports:
                for name, write in writers.items():
                    start = time.perf_counter()
                    pdf = write(report)
                    seconds[name].append(time.perf_counter() - start)
                    if not pdf.startswith(b"%PDF"):
                        print(f"bench_render_pdf: {name} 没有生成 PDF", file=sys.stderr)
                        return 1
        browser.close()
    base = statistics.median(seconds["chromium"])
    print(f"{'':12}{'s/report':>10}{'× chromium':>12}")
    for name, values in seconds.items():
        median = statistics.median(values)
        print(f"{name:12}{median:>10.3f}{median / base:>12.2f}")
    ratio = statistics.median(seconds["pdf writer"]) / base
    gain = statistics.median(seconds["fresh"]) / statistics.median(seconds["pdf writer"])
    print(f"pdf writer / fresh: {1 / gain:.2f}（快 {gain:.2f} 倍）；负载 {load()}")
    print(
        f"目标 pdf writer ≤ {GOAL}× chromium：{'达到' if ratio <= GOAL else '未达到'}（{ratio:.2f}×）"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
