"""Scanned pages: a PDF page without a text layer, rasterised and read by OCR.

Agencies often publish the report scanned after the seal was stamped: the pages are pictures.
Such a page is rasterised at 300 dpi (``pdftoppm``, poppler-utils), straightened, and its ruled
tables are found and cut into cells (:mod:`ocrgrid`); each cell is read on its own by Tesseract
with its Simplified Chinese data (Debian ``tesseract-ocr``, ``tesseract-ocr-chi-sim``), the
numbers again by a digits-only pass (:mod:`cellread`). The cells reach the recogniser as a
ruled PDF table's do (page, table, row, column). The prose around the tables is read line by
line from the page with the tables and rules whitened: words are grouped into lines by their
vertical centre and set left to right, as a PDF's text lines are.

OCR misreads: every page read this way is named in ``warnings`` with how many of the report's
numbers came from it (the numbers' sources name their page), and the rules report what does
not add up — nothing is corrected silently. Every tool runs as a child process with a time
limit, and in the bounded worker OCR has its own budget per page and per document
(:class:`Budget`); a PDF of more scanned pages than a report has, or a page larger than A3, is
refused at that page.
"""

from __future__ import annotations

import csv
import io
import itertools
import shutil
import tempfile
import time
from contextvars import ContextVar
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from gongkai.report.errors import ReportParseError
from gongkai.report.model import AnnualReport
from gongkai.report.readers import cellread, ocrgrid
from gongkai.report.readers.cells import GridCell, GridRow
from gongkai.report.readers.pdflines import PrintedLine

DPI = 300
LANGUAGES = "chi_sim+eng"
# Seconds per page for each tool (a report page: about 1 s to rasterise, 3–7 s to read).
RASTER_SECONDS = 30
OCR_SECONDS = 60
MAX_SCANNED_PAGES = 30
# The longer side of a scanned page (pt): A3 is 1191; at 300 dpi that is 5000 pixels.
MAX_PAGE_POINTS = 1200
# A gap wider than this (pt) between two words is a space, as for a PDF's text layer.
_GAP = 3.0
_PT = 72 / DPI


@dataclass(frozen=True, slots=True)
class _Word:
    text: str
    left: float
    top: float
    right: float
    bottom: float

    @property
    def middle(self) -> float:
        return (self.top + self.bottom) / 2


def available() -> bool:
    return shutil.which("tesseract") is not None and shutil.which("pdftoppm") is not None


@dataclass
class ScannedPage:
    """What OCR read on one page: its printed lines (prose, and each table row as a line), and
    its ruled tables as rows of cells, each cell read on its own."""

    number: int
    lines: list[PrintedLine]
    tables: list[list[list[tuple[int, str]]]]  # per table, per grid row: (column, text)

    def rows(self, counter: list[int]) -> list[GridRow]:
        """The tables' rows as a ruled PDF table's; ``counter`` counts tables across pages."""
        rows: list[GridRow] = []
        for table in self.tables:
            counter[0] += 1
            for r, row in enumerate(table, start=1):
                rows.append(
                    [
                        GridCell(text, page=self.number, table=counter[0], row=r, column=c)
                        for c, text in row
                    ]
                )
        return rows


@dataclass
class Budget:
    """OCR's own time bound (wall clock) in the bounded worker: per page and per document.

    A scanned page costs seconds where a text page costs milliseconds, so the worker's wall
    clock alone would let a long scan run into it and end as a bare time-out. Under a budget a
    page is not begun when the pages so far say it cannot finish in what is left, and a tool
    still running at the deadline is stopped: either way the refusal says how to read it
    instead (``gongkai parse`` waits longer)."""

    page_seconds: float
    document_seconds: float
    started: float | None = None
    pages: int = 0

    def deadline(self, number: int, file: str) -> float:
        now = time.monotonic()
        if self.started is None:
            self.started = now
        spent = now - self.started
        left = self.document_seconds - spent
        if left <= 0 or (self.pages and left < spent / self.pages):
            raise self.refusal(number, file)
        self.pages += 1
        return now + min(self.page_seconds, left)

    def refusal(self, number: int, file: str) -> ReportParseError:
        return ReportParseError(
            f"PDF 是扫描件，文字识别超过时限（每页 {self.page_seconds:.0f} 秒、全文 "
            f"{self.document_seconds:.0f} 秒），读到第 {number} 页停止。多页扫描件请在服务器上用"
            "命令 gongkai parse 读取（时限更长）",
            file=file,
        )


_budget: ContextVar[Budget | None] = ContextVar("ocr_budget", default=None)


def set_budget(page_seconds: float, document_seconds: float) -> None:
    """Bound OCR's time from now on in this context (the bounded worker sets it per job)."""
    _budget.set(Budget(page_seconds, document_seconds))


def ocr_page(pdf: bytes, number: int, file: str) -> ScannedPage:
    """What OCR reads on page ``number`` (1-based) of the PDF, within the budget if one is set."""
    budget = _budget.get()
    if budget is None:
        return _ocr_page(pdf, number, file, None)
    deadline = budget.deadline(number, file)
    try:
        return _ocr_page(pdf, number, file, deadline)
    except ReportParseError:
        if time.monotonic() >= deadline - 0.2:
            raise budget.refusal(number, file) from None
        raise


def _ocr_page(pdf: bytes, number: int, file: str, deadline: float | None) -> ScannedPage:
    if not available():
        raise ReportParseError(
            f"PDF 第 {number} 页没有文字层（扫描件），需要文字识别，但本机未安装 tesseract/pdftoppm"
            "（make sysdeps 安装）",
            file=file,
        )
    with tempfile.TemporaryDirectory(prefix="gongkai-ocr-") as folder:
        source = Path(folder) / "in.pdf"
        source.write_bytes(pdf)
        image = Path(folder) / "page"
        _run(
            [
                "pdftoppm",
                "-r",
                str(DPI),
                "-gray",
                "-png",
                "-singlefile",
                "-f",
                str(number),
                "-l",
                str(number),
                str(source),
                str(image),
            ],
            _seconds(RASTER_SECONDS, deadline),
            f"第 {number} 页转为图像",
            file,
        )
        return read_image(Path(str(image) + ".png"), number, file, deadline)


def read_image(picture: Path, number: int, file: str, deadline: float | None = None) -> ScannedPage:
    """Straighten the page, cut its ruled tables into cells and read each cell on its own (the
    numbers with a digits-only pass), and the prose around them line by line."""
    from PIL import Image

    with Image.open(picture) as opened:
        gray, _ = ocrgrid.straightened(despeckled(opened.convert("L")))
    found = ocrgrid.tables(gray)
    texts = cellread.read_cells(gray, found, Path(picture).parent, number, file, deadline)
    prose = gray.copy()
    _whiten(prose, [table.box for table in found])
    prose = without_rules(prose)
    prose.save(picture)
    tsv = _run(
        ["tesseract", str(picture), "-", "-l", LANGUAGES, "--psm", "6", "tsv"],
        _seconds(OCR_SECONDS, deadline),
        f"第 {number} 页文字识别",
        file,
    )
    words = _words(tsv)
    tables: list[list[list[tuple[int, str]]]] = []
    lines: list[PrintedLine] = []
    above = 0.0
    for table, cells in zip(found, texts, strict=True):
        lines += lines_of([w for w in words if above <= w.middle < table.box.top])
        above = table.box.bottom
        grid: list[list[tuple[int, str]]] = [[] for _ in range(max(c.row for c in table.cells))]
        for cell, text in zip(table.cells, cells, strict=True):
            grid[cell.row - 1].append((cell.column, text))
        tables.append(grid)
        lines += [
            PrintedLine(" ".join(text.replace("\n", "") for _, text in row if text.strip()))
            for row in grid
            if any(text.strip() for _, text in row)
        ]
    lines += lines_of([w for w in words if w.middle >= above])
    return ScannedPage(number, lines, tables)


# A clean page is white or ink but for the edges of its strokes (about 2% of its pixels grey);
# a speckled scan's paper is grey all over. Tesseract then reads the speckles as marks, slowly
# (a minute a page): a median filter takes them away first. A clean page is left as it is.
_GREY = range(100, 230)
_SPECKLED = 0.08


def despeckled(gray: Any) -> Any:
    from PIL import ImageFilter

    histogram = gray.histogram()
    grey = sum(histogram[level] for level in _GREY) / max(1, gray.width * gray.height)
    return gray.filter(ImageFilter.MedianFilter(3)) if grey > _SPECKLED else gray


def _seconds(limit: int, deadline: float | None) -> float:
    """A tool's time-out: its own limit, or what is left of the budget if that is less."""
    if deadline is None:
        return limit
    return max(0.1, min(limit, deadline - time.monotonic()))


def _whiten(image: Any, boxes: list[ocrgrid.Box]) -> None:
    from PIL import ImageDraw

    draw = ImageDraw.Draw(image)
    for box in boxes:
        draw.rectangle((box.left - 3, box.top - 3, box.right + 3, box.bottom + 3), fill=255)


def without_rules(image: Any) -> Any:
    """Whiten the tables' ruling lines, which Tesseract reads as letters (| [ 1 l) and which cut
    its lines apart. A rule is a thin line of pixels dark along a whole band of _BAND pixels
    (the rules of a table run longer than two bands) with light pixels beside it; a character's
    stroke is shorter, and a bold title's strokes are wider."""
    from PIL import ImageDraw

    marks: list[tuple[int, int, int, int]] = []
    for vertical in (True, False):
        for offset in (0, _BAND // 2):
            marks += _rules(image, vertical, offset)
    draw = ImageDraw.Draw(image)
    for box in marks:
        draw.rectangle(box, fill=255)
    return image


_BAND = 100
_DARK = 90  # a band's mean darker than this (0 black, 255 white) is a rule
_LIGHT = 200  # ... when the pixels _APART beside it are lighter than this: a bold stroke is wide
_APART = 5


def _thin(small: bytes, i: int, step: int) -> bool:
    before, after = i - step, i + step
    return (before < 0 or small[before] > _LIGHT) and (after >= len(small) or small[after] > _LIGHT)


def _rules(image: Any, vertical: bool, offset: int) -> list[tuple[int, int, int, int]]:
    from PIL import Image

    width, height = image.size
    length = height if vertical else width
    bands = (length - offset) // _BAND
    if bands <= 0:
        return []
    box = (
        (0, offset, width, offset + bands * _BAND)
        if vertical
        else (offset, 0, offset + bands * _BAND, height)
    )
    size = (width, bands) if vertical else (bands, height)
    small = image.crop(box).resize(size, Image.Resampling.BOX).tobytes()
    across = width if vertical else bands
    step = _APART if vertical else _APART * across  # to the pixels beside a rule
    marks = []
    for i, value in enumerate(small):
        if value >= _DARK or not _thin(small, i, step):
            continue
        row, column = divmod(i, across)
        if vertical:
            top = offset + row * _BAND
            marks.append((column - 2, top, column + 2, top + _BAND))
        else:
            left = offset + column * _BAND
            marks.append((left, row - 2, left + _BAND, row + 2))
    return marks


_run = cellread.run_tool


def _words(tsv: str) -> list[_Word]:
    words: list[_Word] = []
    for row in csv.DictReader(io.StringIO(tsv), delimiter="\t", quoting=csv.QUOTE_NONE):
        text = (row.get("text") or "").strip()
        if row.get("level") != "5" or not text:
            continue
        left, top = float(row["left"]), float(row["top"])
        words.append(_Word(text, left, top, left + float(row["width"]), top + float(row["height"])))
    return words


def lines_of(words: list[_Word]) -> list[PrintedLine]:
    """Words grouped into lines (a word whose middle lies within the line's height joins it)."""
    rows: list[list[_Word]] = []
    for word in sorted(words, key=lambda w: (w.middle, w.left)):
        if rows and rows[-1][0].top <= word.middle <= rows[-1][0].bottom:
            rows[-1].append(word)
        else:
            rows.append([word])
    return [_line(sorted(row, key=lambda w: w.left)) for row in rows]


def _cjk(char: str) -> bool:
    return "\u3000" <= char <= "\u9fff" or "\uff00" <= char <= "\uffef"


def _line(row: list[_Word]) -> PrintedLine:
    text = row[0].text
    for before, word in itertools.pairwise(row):
        apart = (word.left - before.right) * _PT > _GAP
        # Tesseract's boxes of CJK characters are uneven, so gaps inside a label are noise;
        # a gap beside a number or a Latin word separates cells.
        text += " " if apart and not (_cjk(before.text[-1]) and _cjk(word.text[0])) else ""
        text += word.text
    # No font size: OCR boxes are too uneven to tell body from table print, so paragraphs are
    # joined by the text alone (pdflines without positions).
    return PrintedLine(text)


def ocr_warnings(report: AnnualReport, pages: list[int]) -> list[str]:
    """One warning per page read by OCR, with how many of the report's numbers it gave."""
    warnings = []
    for page in pages:
        count = sum(source.page == page for source in report.sources.values())
        warnings.append(
            f"第{page}页经文字识别（OCR）读取：本页读出的 {count} 个数字可能有误读，请与原件核对"
        )
    return warnings
