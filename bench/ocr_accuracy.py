"""Cell accuracy of the OCR path on scans of every real report in tests/data.

Run by hand: ``.venv/bin/python bench/ocr_accuracy.py [--variants 300,150,rot+1,rot-1,noise]
[--reports hongze-district-2024,...]``. Each hand-transcribed report with tables is printed by
our PDF writer, rasterised (tests/scans.py) at 300 dpi, at 150 dpi, turned ±1°, or speckled with
Gaussian noise, wrapped as an image-only PDF and read in-process; every cell of tables 二/三/四
is compared with the transcription. A misread that passed every consistency rule is counted
apart: that is the failure that matters (a wrong number nobody is told about).

Seconds per page are printed with a baseline measured in the same run: one bare Tesseract read
of the whole page (``--psm 6``, what the reader did before it cut tables into cells), over the
same pages, so that a busy machine slows both alike (``--no-baseline`` skips it).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from gongkai.report import canonical
from gongkai.report.checks import check_report
from gongkai.report.model import AnnualReport
from gongkai.report.readers import read_bytes
from gongkai.report.writers import render
from tests.scans import scanned

DATA = Path(__file__).resolve().parent.parent / "tests" / "data"
VARIANTS = {
    "300": {"dpi": 300},
    "150": {"dpi": 150},
    "rot+1": {"dpi": 300, "rotate": 1.0},
    "rot-1": {"dpi": 300, "rotate": -1.0},
    "noise": {"dpi": 300, "noise": 25.0},
}


def reports() -> list[tuple[str, AnnualReport]]:
    found = []
    for path in sorted(DATA.glob("*.json")):
        report = canonical.load(path)
        if report.requests:  # the legacy report has no tables
            found.append((path.stem, report))
    return found


def cells(report: AnnualReport, read: AnnualReport) -> list[tuple[object, object]]:
    return [
        (getattr(report, table)[row][column], getattr(read, table).get(row, {}).get(column))
        for table in ("proactive", "requests", "appeals")
        for row, values in getattr(report, table).items()
        for column in values
    ]


def measure(report: AnnualReport, variant: dict[str, float]) -> tuple[int, int, int, float, int]:
    """Cells right, cells in all, misread cells no rule caught, seconds, pages."""
    scan = scanned(
        render(report, "pdf").content,
        int(variant["dpi"]),
        rotate=variant.get("rotate", 0.0),
        noise=variant.get("noise", 0.0),
    )
    import pymupdf

    pages = pymupdf.open(stream=scan).page_count
    started = time.perf_counter()
    read = read_bytes(scan, "scan.pdf")
    seconds = time.perf_counter() - started
    pairs = cells(report, read)
    right = sum(want == got for want, got in pairs)
    misread = sum(want != got and got is not None for want, got in pairs)
    silent = misread if misread and not check_report(read) else 0
    return right, len(pairs), silent, seconds, pages


def bare_seconds(scan: bytes) -> float:
    """Seconds per page of a bare whole-page Tesseract read of the scan (the baseline)."""
    import subprocess
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        (Path(folder) / "in.pdf").write_bytes(scan)
        subprocess.run(
            ["pdftoppm", "-r", "300", "-gray", "-png", f"{folder}/in.pdf", f"{folder}/p"],
            check=True,
        )
        pages = sorted(Path(folder).glob("p-*.png"))
        started = time.perf_counter()
        for page in pages:
            subprocess.run(
                ["tesseract", str(page), "-", "-l", "chi_sim+eng", "--psm", "6", "tsv"],
                check=True,
                capture_output=True,
                env={"PATH": "/usr/bin:/bin", "OMP_THREAD_LIMIT": "1"},
            )
        return (time.perf_counter() - started) / len(pages)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--variants", default=",".join(VARIANTS))
    parser.add_argument("--reports", default="")
    parser.add_argument("--no-baseline", action="store_true")
    args = parser.parse_args()
    wanted = set(filter(None, args.reports.split(",")))
    print(f"{'report':<26} {'scan':<6} {'cells exact':>14} {'silent':>6} {'s/page':>7}")
    for name, report in reports():
        if wanted and name not in wanted:
            continue
        timings: dict[str, float] = {}
        for variant in args.variants.split(","):
            right, total, silent, seconds, pages = measure(report, VARIANTS[variant])
            timings[variant] = seconds / pages
            print(
                f"{name:<26} {variant:<6} {right:>4}/{total:<4} {right / total:>4.0%} "
                f"{silent:>6} {seconds / pages:>7.1f}",
                flush=True,
            )
        if not args.no_baseline:
            bare = bare_seconds(scanned(render(report, "pdf").content))
            line = f"{name:<26} bare whole-page Tesseract {bare:.1f} s/page (baseline)"
            if "300" in timings:
                line += f"; reader at 300 dpi {timings['300']:.1f} s/page → {timings['300'] / bare:.2f}×"
            print(line, flush=True)


if __name__ == "__main__":
    main()
