"""Scanned pages: a PDF page without a text layer, rasterised and read by OCR into printed lines.

Agencies often publish the report scanned after the seal was stamped: the pages are pictures.
Such a page is rasterised at 300 dpi (``pdftoppm``, poppler-utils) and read by Tesseract with
its Simplified Chinese data (Debian ``tesseract-ocr``, ``tesseract-ocr-chi-sim``), whose TSV
output gives each word with its box. Words are grouped into lines by their vertical centre and
set left to right, with a space where a gap is wider than the PDF text layer's tolerance, so
the lines take the path a PDF's text lines take (the recogniser and its consistency rules).

OCR misreads: every page read this way is named in ``warnings`` with how many of the report's
numbers came from it (the numbers' sources name their page), and the rules report what does
not add up — nothing is corrected silently. Both tools run as child processes with a time
limit per page; a PDF of more scanned pages than a report has, or a page larger than A3, is
refused at that page.
"""

from __future__ import annotations

import csv
import io
import itertools
import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from gongkai.report.errors import ReportParseError
from gongkai.report.model import AnnualReport
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


def ocr_page(pdf: bytes, number: int, file: str) -> list[PrintedLine]:
    """The printed lines OCR reads on page ``number`` (1-based) of the PDF."""
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
            RASTER_SECONDS,
            f"第 {number} 页转为图像",
            file,
        )
        picture = Path(str(image) + ".png")
        without_rules(picture)
        tsv = _run(
            ["tesseract", str(picture), "-", "-l", LANGUAGES, "--psm", "6", "tsv"],
            OCR_SECONDS,
            f"第 {number} 页文字识别",
            file,
        )
    return lines_of(_words(tsv))


def without_rules(picture: Path) -> None:
    """Whiten the tables' ruling lines, which Tesseract reads as letters (| [ 1 l) and which cut
    its lines apart. A rule is a thin line of pixels dark along a whole band of _BAND pixels
    (the rules of a table run longer than two bands) with light pixels beside it; a character's
    stroke is shorter, and a bold title's strokes are wider."""
    from PIL import Image, ImageDraw

    with Image.open(picture) as opened:
        image = opened.convert("L")
    marks: list[tuple[int, int, int, int]] = []
    for vertical in (True, False):
        for offset in (0, _BAND // 2):
            marks += _rules(image, vertical, offset)
    draw = ImageDraw.Draw(image)
    for box in marks:
        draw.rectangle(box, fill=255)
    image.save(picture)


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


def _run(command: list[str], seconds: int, what: str, file: str) -> str:
    try:
        done = subprocess.run(
            command,
            capture_output=True,
            timeout=seconds,
            check=False,
            stdin=subprocess.DEVNULL,
            # One thread: Tesseract's OpenMP threads spin on a busy server and gain little.
            env={"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "OMP_THREAD_LIMIT": "1"},
        )
    except subprocess.TimeoutExpired:
        raise ReportParseError(f"PDF {what}超过 {seconds} 秒，不予读取", file=file) from None
    if done.returncode != 0:
        error = done.stderr.decode("utf-8", "replace").strip().splitlines()
        reason = error[-1] if error else f"退出码 {done.returncode}"
        raise ReportParseError(f"PDF {what}失败（{reason}）", file=file)
    return done.stdout.decode("utf-8", "replace")


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
