"""How the commands read report files: in the bounded worker (gongkai.report.sandbox) unless
``--trusted`` says the files are the user's own and may be read in-process (faster, no limits)."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path

from gongkai.report import sandbox
from gongkai.report.model import AnnualReport
from gongkai.report.readers import read_path

# A command line waits longer than a web request, long enough for a scanned report read by OCR
# (readers/ocr.py: about 5 s a page, so 30 pages in 240 s); the memory bound is the same. The
# CPU bound counts the worker alone (Tesseract runs in its own processes): cutting a scanned
# page into cells costs it about 1 s a page.
CLI_LIMITS = sandbox.Limits(
    cpu_seconds=120, wall_seconds=300.0, ocr_page_seconds=60.0, ocr_seconds=240.0
)


def add_trusted_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--trusted",
        action="store_true",
        help="文件可信（本机自有文件）：在本进程内读取，不设内存和时间上限",
    )


def bounded_read(path: str | Path) -> AnnualReport:
    return sandbox.read_path(path, CLI_LIMITS)


def reader(trusted: bool) -> Callable[[str | Path], AnnualReport]:
    """``read_path``, bounded in a worker unless ``trusted``."""
    return read_path if trusted else bounded_read
