"""Text scraped from a report page, in the two shapes it comes in.

* One cell per line, each ending in ``|``, and a line of bare ``|||`` where a row ends
  (``yingkou-archives-2020.txt``).
* Markdown tables (``| 规章 | 0 | 0 | 0 |``), as document converters write them.
* One row per line, the label followed by its numbers (``（一）予以公开 0 0 0 0 0 0 0``), where
  the separators between numbers may be lost (``230 000023``): the table recogniser recovers
  those with the consistency rules.

Pre-2019 prose goes to the legacy reader through :func:`assemble.build_report`.
"""

from __future__ import annotations

import re

from gongkai.report.errors import ReportParseError
from gongkai.report.model import AnnualReport
from gongkai.report.readers.assemble import build_report
from gongkai.report.readers.cells import GridCell, GridRow
from gongkai.report.readers.document import (
    crawler_header,
    page_published,
    split_inline_headings,
)
from gongkai.report.readers.embedded import without_office_markup

# A label, then the numbers of its row: "（一）予以公开 0 0 0", "数量230 000023", "0 0 0".
# A number as a row prints it: full-width digits are folded later; a unit may follow.
_NUMBER = r"[-－−]?[\d０-９][\d０-９.,]*(?:万元|元|人次|件|条|个|项|份)?"
_ROW = re.compile(
    rf"^(?P<label>.*?[^\d０-９\s.,，+\-－−])??\s*(?P<numbers>{_NUMBER}(?:\s+{_NUMBER})*)\s*$"
)
_MD_HEADING = re.compile(r"^\s*#{1,6}\s+")
_MD_RULE = re.compile(r"^[|:\-\s]+$")
# A report is a few hundred lines (营口's one-cell-per-line text: 340); reading costs time per line.
MAX_LINES = 20_000
_ENCODINGS = ("utf-8-sig", "gb18030", "utf-16")


def decode(data: bytes, file: str) -> str:
    """Text in UTF-8 (with or without BOM) or GB18030, as Chinese sites publish it."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            # An odd byte count or a lone surrogate: damaged, not another encoding.
            raise ReportParseError(
                f"UTF-16 文本已损坏（第 {exc.start + 1} 字节起无法解码）", file=file
            ) from None
    for encoding in _ENCODINGS[:2]:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ReportParseError("无法识别的文本编码（应为 UTF-8 或 GB18030）", file=file)


def line_cells(line: str, number: int) -> GridRow:
    """A line of label-and-numbers as cells: each piece of the label, then each number.

    The label's space-separated pieces are cells: in text taken from a PDF they are the columns
    of the label (vertical text, the group, the row's own label)."""
    text = line.strip()
    match = _ROW.match(text)
    if not match:
        return [GridCell(piece, line=number) for piece in text.split()] or [
            GridCell("", line=number)
        ]
    cells = [GridCell(piece, line=number) for piece in (match.group("label") or "").split()]
    cells += [GridCell(n, line=number) for n in match.group("numbers").split()]
    return cells


def text_rows(lines: list[str], first: int = 1) -> list[GridRow]:
    """Rows of cells from every shape of scraped text (they may mix in one file); ``first`` is
    the number of the first line."""
    rows: list[GridRow] = []
    current: GridRow = []
    for number, raw in enumerate(lines, start=first):
        line = _MD_HEADING.sub("", raw)
        stripped = line.strip()
        if len(stripped) > 1 and stripped.startswith("|") and stripped.endswith("|"):
            # A Markdown table row (a converter's output): one row per line.
            if current:
                rows.append(current)
                current = []
            if not _MD_RULE.match(stripped):
                cells = [c.strip() for c in stripped[1:-1].split("|")]
                rows.append([GridCell(c, line=number) for c in cells])
            continue
        if "|" not in line:
            if current:
                rows.append(current)
                current = []
            if line.strip():
                rows.append(line_cells(line, number))
            continue
        parts = [p.strip() for p in line.split("|")]
        cells = parts[:-1] if not parts[-1] else parts
        # "|||" ends a row; " |" (only whitespace before one marker) is a blank cell.
        blank_cell = len(cells) == 1 and line.split("|")[0] != ""
        if not any(cells) and not blank_cell:
            if current:
                rows.append(current)
                current = []
            continue
        current += [GridCell(text, line=number) for text in cells]
    if current:
        rows.append(current)
    return rows


def read_text(data: bytes, file: str) -> AnnualReport:
    text = without_office_markup(decode(data, file))
    lines = text.splitlines()
    if len(lines) > MAX_LINES:
        raise ReportParseError(
            f"文本有 {len(lines)} 行，超过上限 {MAX_LINES} 行，不像一份年度报告，不予读取",
            file=file,
        )
    header, body = crawler_header(lines)
    prose = [_MD_HEADING.sub("", line).replace("|", " ").strip() for line in lines[body:]]
    stream = [GridCell(line, line=number) for number, line in enumerate(lines, start=1)][body:]
    published = _header_date(header.get("发布时间") or header.get("发布日期"))
    return build_report(
        split_inline_headings(prose),
        text_rows(lines[body:], first=body + 1),
        file=file,
        hint=header.get("标题"),
        rows_are_lines=True,
        published=published or page_published("\n".join(lines[body : body + 40])),
        stream_cells=stream,
        publisher=header.get("发布机构"),
    )


def _header_date(text: str | None) -> str | None:
    match = re.match(r"\s*(\d{4})\s*[-年/.]\s*(\d{1,2})\s*[-月/.]\s*(\d{1,2})", text or "")
    if not match:
        return None
    year, month, day = (int(g) for g in match.groups())
    return f"{year:04d}-{month:02d}-{day:02d}"
