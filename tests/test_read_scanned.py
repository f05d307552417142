"""Scanned PDFs: a real report printed by our PDF writer, rasterised and wrapped as an image-only
PDF, is read by OCR: the page is straightened, its ruled tables are cut into cells and each cell
is read on its own (numbers by a digits-only pass). At 300 dpi every table cell of every real
report in tests/data is read exactly. Every page read so is named in ``warnings``; a misread
would be left to the consistency rules, never corrected. OCR has its own time budget in the
bounded worker: a scan that does not fit is refused with a message naming ``gongkai parse``.

bench/ocr_accuracy.py prints the accuracy at 150 dpi and turned or speckled as well."""

from __future__ import annotations

import functools
import shutil
import time
from pathlib import Path

import pymupdf
import pytest

from gongkai.report import canonical, sandbox
from gongkai.report.errors import ReportParseError
from gongkai.report.model import AnnualReport
from gongkai.report.readers import read_bytes
from gongkai.report.readers.ocr import Budget, _Word, lines_of
from gongkai.report.writers import render
from tests.cli_run import gongkai
from tests.scans import scanned

DATA = Path(__file__).parent / "data"
REPORTS = sorted(
    path.stem for path in DATA.glob("*.json") if canonical.load(path).requests
)  # the legacy report has no tables
needs_ocr = pytest.mark.skipif(
    shutil.which("tesseract") is None, reason="make sysdeps installs tesseract-ocr"
)


def _cells(report: AnnualReport, read: AnnualReport) -> list[tuple[str, object, object]]:
    return [
        (f"{table}/{row}/{column}", want, getattr(read, table).get(row, {}).get(column))
        for table in ("proactive", "requests", "appeals")
        for row, values in getattr(report, table).items()
        for column, want in values.items()
    ]


@functools.cache
def _table_scan(name: str) -> bytes:
    """A 300-dpi scan of the report's title page and its pages of tables (the prose pages
    cost OCR time and hold no table cell), made once per session."""
    source = pymupdf.open(stream=render(canonical.load(DATA / f"{name}.json"), "pdf").content)
    texts = [page.get_text() for page in source]
    # Tables 二 to 四 run from the page with 二's header to the page with 四's.
    first = next(i for i, text in enumerate(texts) if "信息内容" in text)
    last = max(i for i, text in enumerate(texts) if "维持" in text)
    source.select(sorted({0, *range(first, last + 1)}))
    return scanned(bytes(source.tobytes()))


@needs_ocr
@pytest.mark.parametrize("name", REPORTS)
def test_every_table_cell_of_a_real_report_scanned_at_300_dpi_is_read_exactly(name: str) -> None:
    report = canonical.load(DATA / f"{name}.json")
    read = read_bytes(_table_scan(name), f"{name}-scan.pdf")
    wrong = [(where, want, got) for where, want, got in _cells(report, read) if want != got]
    assert not wrong, f"{len(wrong)} cells misread: {wrong[:10]}"
    assert any("经文字识别（OCR）读取" in w for w in read.warnings)


@needs_ocr
def test_parse_reads_a_scanned_report_in_the_bounded_worker_and_names_the_ocr_pages(
    tmp_path: Path,
) -> None:
    report = canonical.loads((DATA / "hongze-district-2024.json").read_bytes(), source="hongze")
    (tmp_path / "scan.pdf").write_bytes(scanned(render(report, "pdf").content))
    # Not --trusted: `gongkai parse` gives the worker a budget long enough for a whole scan.
    result = gongkai("parse", "scan.pdf", "-o", "scan.json", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    read = canonical.loads((tmp_path / "scan.json").read_bytes(), source="scan.json")
    wrong = [(where, want, got) for where, want, got in _cells(report, read) if want != got]
    assert not wrong, wrong[:10]
    ocr_pages = [w for w in read.warnings if "经文字识别（OCR）读取" in w]
    assert [w.split("页")[0] for w in ocr_pages] == [f"第{n}" for n in range(1, 6)]
    assert read.year == 2024


@needs_ocr
def test_a_scan_past_the_web_ocr_budget_is_refused_with_a_message_naming_gongkai_parse() -> None:
    scan = _table_scan("hongze-district-2024")
    tight = sandbox.Limits(ocr_page_seconds=15.0, ocr_seconds=0.05)
    with pytest.raises(ReportParseError) as refused:
        sandbox.read_bytes(scan, "scan.pdf", tight)
    assert "文字识别超过时限" in refused.value.message
    assert "gongkai parse" in refused.value.message
    assert refused.value.file == "scan.pdf"


def test_a_page_is_not_begun_when_the_pages_so_far_say_it_cannot_finish_in_the_budget() -> None:
    budget = Budget(page_seconds=15.0, document_seconds=20.0)
    budget.deadline(1, "scan.pdf")
    budget.started = time.monotonic() - 12.0  # one page took 12 s; 8 s are left
    with pytest.raises(ReportParseError, match=r"读到第 2 页停止.*gongkai parse"):
        budget.deadline(2, "scan.pdf")


def test_the_web_ocr_budget_ends_before_the_worker_wall_clock() -> None:
    limits = sandbox.DEFAULT_LIMITS
    assert limits.ocr_page_seconds <= limits.ocr_seconds < limits.wall_seconds


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


def test_a_stream_whose_compressed_data_ends_with_a_carriage_return_is_not_taken_for_damage() -> (
    None
):
    # A scan's page image is one large Flate stream; its last byte is CR or LF one time in a
    # hundred, which the stream pattern took for the line end (CR LF) before endstream.
    import zlib

    from gongkai.report.readers.pdf import MAX_DAMAGED_INFLATED_BYTES, check_streams

    size = MAX_DAMAGED_INFLATED_BYTES * 2
    packed = next(
        p
        for i in range(5000)
        if (p := zlib.compress(bytes(size) + i.to_bytes(2, "big")))[-1:] == b"\r"
    )
    check_streams(b"1 0 obj\n<<>>\nstream\n" + packed + b"\nendstream\nendobj\n", "scan.pdf")
