"""Scanned PDFs: a real report printed by our PDF writer, rasterised at 300 dpi and wrapped as
an image-only PDF, is read by OCR. Misreads happen: every page read so is named in ``warnings``,
and a number read wrong is left blank or caught by the consistency rules — never passed as
right. The floor below is what was measured (hongze-district-2024: 144 of 186 cells exact)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pymupdf
import pytest

from gongkai.report import canonical
from gongkai.report.checks import check_report
from gongkai.report.errors import ReportParseError
from gongkai.report.readers import read_bytes
from gongkai.report.readers.ocr import _Word, lines_of
from gongkai.report.writers import render
from tests.cli_run import gongkai
from tests.scans import scanned

DATA = Path(__file__).parent / "data"
CELL_ACCURACY_FLOOR = 0.70
needs_ocr = pytest.mark.skipif(
    shutil.which("tesseract") is None, reason="make sysdeps installs tesseract-ocr"
)


@needs_ocr
def test_parse_reads_a_scanned_report_and_says_which_pages_were_ocr_read(tmp_path: Path) -> None:
    report = canonical.loads((DATA / "hongze-district-2024.json").read_bytes(), source="hongze")
    (tmp_path / "scan.pdf").write_bytes(scanned(render(report, "pdf").content))
    # --trusted: in-process, so that a busy test machine cannot trip the worker's wall clock.
    result = gongkai("parse", "--trusted", "scan.pdf", "-o", "scan.json", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    read = canonical.loads((tmp_path / "scan.json").read_bytes(), source="scan.json")
    cells = [
        (getattr(report, table)[row][column], getattr(read, table)[row][column])
        for table in ("proactive", "requests", "appeals")
        for row, values in getattr(report, table).items()
        for column in values
    ]
    right = sum(want == got for want, got in cells)
    assert right / len(cells) >= CELL_ACCURACY_FLOOR, f"{right}/{len(cells)}"
    misread = [(want, got) for want, got in cells if want != got and got is not None]
    assert not misread or check_report(read), "a misread number passed every rule"
    ocr_pages = [w for w in read.warnings if "经文字识别（OCR）读取" in w]
    assert [w.split("页")[0] for w in ocr_pages] == [f"第{n}" for n in range(1, 6)]
    assert read.year == 2024


def test_ocr_words_on_one_baseline_make_one_line_with_cells_apart() -> None:
    words = [
        _Word("（一）予以", 100, 1000, 300, 1044),
        _Word("公开", 302, 1002, 380, 1046),  # a CJK gap from uneven boxes: no space
        _Word("50", 900, 1001, 940, 1043),
        _Word("0", 1050, 999, 1070, 1041),
        _Word("二、上年", 100, 1100, 260, 1144),
    ]
    assert [line.text for line in lines_of(words)] == ["（一）予以公开 50 0", "二、上年"]


def test_a_scanned_page_larger_than_a3_is_refused_before_it_is_rasterised() -> None:
    document = pymupdf.open()
    page = document.new_page(width=14_400, height=14_400)
    page.insert_image(
        pymupdf.Rect(0, 0, 100, 100),
        pixmap=pymupdf.Pixmap(pymupdf.csGRAY, pymupdf.IRect(0, 0, 4, 4), False),
    )
    with pytest.raises(ReportParseError, match="超过文字识别的上限"):
        read_bytes(bytes(document.tobytes()), "poster.pdf")
