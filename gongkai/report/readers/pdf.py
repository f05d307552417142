"""PDF reports: ruled tables across page breaks, page numbers, wrapped labels.

MuPDF reads each page's glyphs and rules (:mod:`pdfpage`, in C: pdfminer, in Python, took five
times as long for the whole read); pdfplumber's text layout and ruled-table finder, reproduced
there to the bit, lay them out. Tables come from the ruled-table finder, page by page in order, so a table that runs
over a page break simply continues in the next page's rows; a label wrapped over lines stays in
its cell. The narrative sections come from the page text with printed page numbers dropped, its
lines joined into paragraphs by where they start on the page (:mod:`pdflines`). A PDF without
ruled tables is read from its text lines instead (and the reader says so).
"""

from __future__ import annotations

import gc
import re
import time
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import Any, overload

from isal import isal_zlib

from gongkai.report.errors import ReportParseError
from gongkai.report.model import AnnualReport
from gongkai.report.readers import ocr, pdfguard, pdfpage
from gongkai.report.readers.assemble import build_report
from gongkai.report.readers.cells import GridCell, GridRow
from gongkai.report.readers.document import PAGE_NUMBER
from gongkai.report.readers.ocr import ocr_warnings
from gongkai.report.readers.pdflines import PrintedLine, page_lines, reflow
from gongkai.report.readers.text import line_cells

# Annual reports run to a dozen pages; a PDF of hundreds is not one, and reading it would cost
# minutes. Refuse it rather than read it.
MAX_PAGES = 60
# The bounds of a PDF bomb, the same for the scan of plain Flate streams as for other filters.
MAX_STREAM_INFLATED_BYTES = pdfguard.MAX_STREAM_BYTES
MAX_INFLATED_BYTES = pdfguard.MAX_DECODED_BYTES
_STEP = 16 * 1024 * 1024
_PIECE = 64 * 1024
# A damaged Flate stream was re-inflated by pdfminer one byte at a time into a growing bytes
# object — time quadratic in its output (350 KB: 3 s). MuPDF stops at the damage, but a report
# so damaged is still refused: a real report's damage is small (one truncated stream of 53 KB in
# hongze-district-2023.pdf), and a file damaged further is unlikely to read right.
MAX_DAMAGED_INFLATED_BYTES = 256 * 1024
# MuPDF would inflate every stream again (a page's content streams twice: once for its text,
# once for its rules); those inflated here are handed to it instead: the fonts (hundreds of KB
# each) and content streams, up to 32 MB in all (a report's are a few MB).
MIN_KEPT_BYTES = 4 * 1024
MAX_KEPT_BYTES = 32 * 1024 * 1024
# Work caps per page: a report page prints about a thousand characters and a hundred rules;
# the table finder's cost grows faster than linearly in both.
MAX_PAGE_CHARS = 20_000
MAX_PAGE_EDGES = 5_000
# A report page's content stream decodes to tens of KB (40 KB in the test data); far more is
# refused before it is interpreted.
MAX_PAGE_CONTENT_BYTES = 2 * 1024 * 1024
# CPU seconds (of this thread, so a busy machine does not count) checked between pages; a real
# report of 60 pages read in about 15 through pdfminer, in about 2 through MuPDF.
MAX_CPU_SECONDS = 30.0
# Any spacing after the keyword (pdfminer and MuPDF read the stream from the next line), not
# preceded by a letter (``endstream``: checked apart, so that the search looks for the keyword's
# letters first instead of trying every byte of the file); a stream without ``endstream`` runs
# to the end of the file.
_STREAM = re.compile(rb"stream[ \t\f\x00]*(?:\r\n|\r|\n)")
_LETTERS = frozenset(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")
_END = b"endstream"


def stream_spans(data: bytes) -> Iterator[tuple[int, int]]:
    """Where the bytes of every stream written in the file start and end: up to its
    ``endstream``, less the line break before it (a plain search: a lazy regular expression
    scanning a whole file took longer than reading it)."""
    for start, end, _ in _stream_bounds(data):
        yield start, end


def _stream_bounds(data: bytes) -> Iterator[tuple[int, int, int]]:
    """Each stream's start, its end less the line break before ``endstream``, and where
    ``endstream`` begins (the end of the file when it is missing)."""
    at = 0
    while match := _STREAM.search(data, at):
        if match.start() > 0 and data[match.start() - 1] in _LETTERS:
            at = match.start() + 1
            continue
        start = match.end()
        found = data.find(_END, start)
        if found < 0:
            yield start, len(data), len(data)
            return
        at = found + len(_END)
        end = found
        if data[end - 2 : end] == b"\r\n" and end - 2 >= start:
            end -= 2
        elif data[end - 1 : end] in (b"\r", b"\n") and end - 1 >= start:
            end -= 1
        yield start, end, found


def _page_rows(page: pdfpage.Page, page_number: int, tables: list[int]) -> list[GridRow]:
    """The rows of every ruled table on a page; ``tables`` counts tables across pages."""
    rows: list[GridRow] = []
    for table in page.extract_tables():
        tables[0] += 1
        t = tables[0]
        for r, row in enumerate(table, start=1):
            # None is the rest of a merged cell: the text is in the cell it continues.
            rows.append(
                [
                    GridCell(text, page=page_number, table=t, row=r, column=c)
                    for c, text in enumerate(row, start=1)
                    if text is not None
                ]
            )
    return rows


def check_streams(data: bytes, file: str) -> Inflated:
    """Refuse a PDF whose compressed streams would inflate past the bound (a PDF bomb), or
    whose streams are damaged past MAX_DAMAGED_INFLATED_BYTES.

    MuPDF inflates a stream whole, with no limit; here each Flate stream is inflated in bounded
    steps first, one stream stops at MAX_STREAM_INFLATED_BYTES and the total at
    MAX_INFLATED_BYTES — bounded time and memory. (Streams
    under other filters are bounded by :func:`pdfguard.check_streams`.)

    Returns what the larger undamaged streams inflated to, by their bytes in the file (up to
    MAX_KEPT_BYTES in all), for MuPDF to read instead of inflating them again
    (:func:`pdfguard.hand_over`).
    """
    total = damaged = 0
    kept = Inflated()
    room = MAX_KEPT_BYTES
    view = memoryview(data)  # the streams inflated where they lie, not copied out first
    for start, end, raw_end in _stream_bounds(data):
        chunk = view[start:end]
        budget = min(MAX_STREAM_INFLATED_BYTES, MAX_INFLATED_BYTES - total)
        out, broken, pieces = _inflated(chunk, budget, room)
        if broken and raw_end > end:
            # The data itself may end with CR or LF, which was taken for the line break before
            # endstream (a scanned page's image does, one time in a hundred).
            chunk = view[start:raw_end]
            out, broken, pieces = _inflated(chunk, budget, room)
        total += out
        damaged += out if broken else 0
        if out > MAX_STREAM_INFLATED_BYTES:
            raise ReportParseError(
                f"PDF 的一个压缩流解压后超过 {MAX_STREAM_INFLATED_BYTES // 1024 // 1024} MB"
                "（疑为压缩炸弹），不予读取",
                file=file,
            )
        if total > MAX_INFLATED_BYTES:
            raise ReportParseError(
                f"PDF 的压缩内容解压后超过 {MAX_INFLATED_BYTES // 1024 // 1024} MB"
                "（疑为压缩炸弹），不予读取",
                file=file,
            )
        if damaged > MAX_DAMAGED_INFLATED_BYTES:
            raise ReportParseError(
                f"PDF 的压缩内容已损坏（损坏部分超过 {MAX_DAMAGED_INFLATED_BYTES // 1024} KB），"
                "修复读取耗时过长，不予读取",
                file=file,
            )
        if pieces is not None and not broken and out >= MIN_KEPT_BYTES:
            kept.add(bytes(chunk), b"".join(pieces))
            room -= out
    return kept


class Inflated(Mapping[bytes, bytes]):
    """What the scan inflated, by the stream's bytes in the file: looked up by their length,
    then compared whole (a dict hashed every stream's bytes twice, once stored and once looked
    up; a comparison costs a fraction of a hash)."""

    def __init__(self) -> None:
        self._by_length: dict[int, list[tuple[bytes, bytes]]] = {}

    def add(self, raw: bytes, out: bytes) -> None:
        same = self._by_length.setdefault(len(raw), [])
        for i, (known, _) in enumerate(same):
            if known == raw:
                same[i] = (raw, out)
                return
        same.append((raw, out))

    def __getitem__(self, raw: bytes) -> bytes:
        for known, out in self._by_length.get(len(raw), ()):
            if known == raw:
                return out
        raise KeyError(len(raw))

    def __iter__(self) -> Iterator[bytes]:
        for same in self._by_length.values():
            for known, _ in same:
                yield known

    def __len__(self) -> int:
        return sum(map(len, self._by_length.values()))


def _inflated_size(chunk: bytes | memoryview, budget: int) -> tuple[int, bool]:
    """How many bytes a Flate stream inflates to (stopping past ``budget``), and whether it is
    damaged (an error or a truncated end after those bytes). Not Flate at all: (0, True)."""
    out, broken, _ = _inflated(chunk, budget, 0)
    return out, broken


def _inflated(
    chunk: bytes | memoryview, budget: int, room: int
) -> tuple[int, bool, list[bytes] | None]:
    """:func:`_inflated_size`, and the bytes inflated when they fit in ``room`` (else None)."""
    inflater = isal_zlib.decompressobj()
    out = 0
    pieces: list[bytes] | None = [] if room > 0 else None
    try:
        # Input in pieces, so that the output before an error is counted.
        for at in range(0, len(chunk), _PIECE):
            piece = chunk[at : at + _PIECE]
            while piece:
                inflated = inflater.decompress(piece, _STEP)
                out += len(inflated)
                if out > budget:
                    return out, False, None
                if pieces is not None:
                    if out > room:
                        pieces = None
                    else:
                        pieces.append(inflated)
                piece = inflater.unconsumed_tail
            if inflater.eof:
                break
    except pdfguard.INFLATE_ERROR:
        return out, True, None
    return out, not inflater.eof, pieces


def _check_page(doc: Any, page: Any, number: int, started: float, file: str) -> None:
    """Refuse before reading a page's content when the pages so far have used up the reader's
    CPU time, or when its content streams hold far more than a report page."""
    spent = time.thread_time() - started
    if spent > MAX_CPU_SECONDS:
        raise ReportParseError(
            f"PDF 读到第 {number} 页已用 {spent:.0f} 秒，超过上限 {MAX_CPU_SECONDS:.0f} 秒，不予读取",
            file=file,
        )
    size = pdfguard.content_bytes(doc, page, MAX_PAGE_CONTENT_BYTES)
    if size > MAX_PAGE_CONTENT_BYTES:
        raise ReportParseError(
            f"PDF 第 {number} 页的内容流解压后超过 "
            f"{MAX_PAGE_CONTENT_BYTES // 1024 // 1024} MB，不像年度报告，不予读取",
            file=file,
        )


def _check_objects(page: pdfpage.Page, number: int, file: str) -> None:
    """Refuse before the table finder when a page holds far more than a report page."""
    for what, count, limit in (
        ("个字符", len(page.chars), MAX_PAGE_CHARS),
        ("条线", page.edges.count, MAX_PAGE_EDGES),
    ):
        if count > limit:
            raise ReportParseError(
                f"PDF 第 {number} 页有 {count} {what}，超过上限 {limit}，不像年度报告，不予读取",
                file=file,
            )


def _open(data: bytes, file: str) -> Any:
    import pymupdf

    pdfpage.quiet()
    try:
        doc = pymupdf.open(stream=data, filetype="pdf")  # type: ignore[no-untyped-call]
    except Exception as exc:  # MuPDF's FileDataError, EmptyFileError, RuntimeError
        raise ReportParseError(f"PDF 无法读取（{type(exc).__name__}: {exc}）", file=file) from None
    if doc.needs_pass:
        raise ReportParseError("PDF 已加密，需要密码才能打开，无法读取", file=file)
    return doc


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Python's cycle collector held off while a PDF is read: MuPDF's glyphs come as some ten
    thousand small dicts and tuples a report, and the collector's passes over them (and over
    everything else the process holds) cost about a twentieth of the read; what is freed is
    freed by reference counting as before, and any cycles left are collected afterwards."""
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def read_pdf(data: bytes, file: str) -> AnnualReport:
    with _collector_paused():
        return _read_pdf(data, file)


def _read_pdf(data: bytes, file: str) -> AnnualReport:
    started = time.thread_time()
    inflated = check_streams(data, file)
    lines: list[PrintedLine] = []
    rows: list[GridRow] = []
    page_texts: list[tuple[int, list[str]]] = []  # each page's lines, for the text rows
    table_count = [0]
    scanned: list[int] = []  # pages read by OCR
    doc = _open(data, file)
    try:
        pdfguard.check_page_count(data, doc, MAX_PAGES, file)
        pdfguard.check_streams(doc, file, plain_flate_checked=True, inflated=inflated)
        del inflated
        if doc.page_count > MAX_PAGES:
            raise ReportParseError(
                f"PDF 有 {doc.page_count} 页，超过上限 {MAX_PAGES} 页，不像年度报告，不予读取",
                file=file,
            )
        hint = (doc.metadata or {}).get("title")
        for number in range(1, doc.page_count + 1):
            mupdf_page = doc.load_page(number - 1)
            _check_page(doc, mupdf_page, number, started, file)
            page = pdfpage.open_page(mupdf_page)
            _check_objects(page, number, file)
            printed = page_lines(page)
            if _scanned(page, printed):
                read = _ocr(data, page, number, scanned, file)
                printed = read.lines
                rows += read.rows(table_count)
            lines += [line for line in printed if not PAGE_NUMBER.match(line.text.strip())]
            page_texts.append((number, [line.text for line in printed]))
            rows += _page_rows(page, number, table_count)
    except ReportParseError:
        raise
    except Exception as exc:  # MuPDF raises RuntimeError (and subclasses) on damaged files
        raise ReportParseError(f"PDF 无法读取（{type(exc).__name__}: {exc}）", file=file) from None
    finally:
        doc.close()
    if not any(line.text.strip() for line in lines):
        raise ReportParseError("PDF 中没有文字（可能是扫描件），无法读取", file=file)
    report = build_report(
        reflow(lines),
        rows,
        file=file,
        hint=str(hint) if hint else None,
        fallback_rows=_TextRows(page_texts),
    )
    report.warnings[:0] = ocr_warnings(report, scanned)
    return report


class _TextRows(Sequence[GridRow]):
    """The pages' lines as rows of cells (:func:`line_cells`), for a PDF whose ruled tables hold
    no table 三: made when first looked at (a report's ruled tables are read first, and most
    hold every table)."""

    def __init__(self, pages: list[tuple[int, list[str]]]) -> None:
        self.pages = pages
        self._rows: list[GridRow] | None = None

    @property
    def rows(self) -> list[GridRow]:
        if self._rows is None:
            self._rows = [
                [GridCell(c.text, page=number, line=c.line) for c in line_cells(line, i)]
                for number, texts in self.pages
                for i, line in enumerate(texts, start=1)
            ]
        return self._rows

    @overload
    def __getitem__(self, index: int) -> GridRow: ...

    @overload
    def __getitem__(self, index: slice) -> Sequence[GridRow]: ...

    def __getitem__(self, index: int | slice) -> GridRow | Sequence[GridRow]:
        return self.rows[index]

    def __len__(self) -> int:
        return len(self.rows)

    def __iter__(self) -> Iterator[GridRow]:
        return iter(self.rows)


def _scanned(page: pdfpage.Page, printed: list[PrintedLine]) -> bool:
    """A page that prints pictures and no text: a scan."""
    return not any(line.text.strip() for line in printed) and page.has_images()


def _ocr(
    data: bytes, page: pdfpage.Page, number: int, scanned: list[int], file: str
) -> ocr.ScannedPage:
    scanned.append(number)
    if max(page.width, page.height) > ocr.MAX_PAGE_POINTS:
        # Rasterised at 300 dpi, a poster-sized page would take gigabytes.
        raise ReportParseError(
            f"PDF 第 {number} 页是扫描件，页面 {page.width:.0f}×{page.height:.0f} 磅，"
            f"超过文字识别的上限 {ocr.MAX_PAGE_POINTS} 磅（A3 以内），不予读取",
            file=file,
        )
    if len(scanned) > ocr.MAX_SCANNED_PAGES:
        raise ReportParseError(
            f"PDF 的扫描页超过 {ocr.MAX_SCANNED_PAGES} 页，不像年度报告，不予文字识别", file=file
        )
    return ocr.ocr_page(data, number, file)
