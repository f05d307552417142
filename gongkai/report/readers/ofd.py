"""OFD reports (GB/T 33190-2016): the text objects of each page, as positioned printed lines.

An OFD is a ZIP package: ``OFD.xml`` names the document root (``DocBody/DocRoot``), whose
``Document.xml`` lists the pages (``Pages/Page/@BaseLoc``); each page's ``Content.xml`` holds
``TextObject`` elements with a ``Boundary`` (``x y w h``, in mm), a font ``Size`` (mm) and
``TextCode`` runs (``X``/``Y`` of the first glyph's baseline within the boundary, ``DeltaX``
the advances between glyphs, where ``g N d`` stands for N advances of d).

Glyphs are placed on the page, grouped into lines by their baseline and sorted left to right;
the lines then take the path a PDF's text lines take (:mod:`pdflines`). A page's ruling lines
are its ``PathObject``s: each path's ``AbbreviatedData`` (``M``/``S`` move, ``L`` line, ``C``
close; curves ``Q``/``B``/``A`` only move the pen) in the object's space, mapped by its ``CTM``
(``a b c d e f``) and placed at its ``Boundary``'s origin; the horizontal and vertical strokes
(and the sides of filled boxes) become the rules of ruled tables (:mod:`ruling`), whose cells
reach the table recogniser as a PDF's ruled cells do. Without rules, tables are read from the
text lines, and the reader says so in ``warnings``.

Every part is parsed without DTDs, entities or network, and libxml2's default depth and size
limits stay on (``huge_tree`` off); the glyph and rule counts of a page are bounded like a PDF page's characters and edges.
"""

from __future__ import annotations

import io
import posixpath
import re
import unicodedata
import zipfile
from dataclasses import dataclass
from typing import Any

from lxml import etree

from gongkai.report.errors import ReportParseError
from gongkai.report.model import AnnualReport
from gongkai.report.readers.assemble import build_report
from gongkai.report.readers.cells import GridCell, GridRow
from gongkai.report.readers.document import PAGE_NUMBER
from gongkai.report.readers.pdflines import PrintedLine, reflow
from gongkai.report.readers.ruling import Placed, Rule, rule, ruled_tables
from gongkai.report.readers.text import line_cells

MM = 72 / 25.4  # points per millimetre: positions are kept in points, as a PDF's are
MAX_PAGES = 60  # as for PDF: a report runs to a dozen pages
MAX_PAGE_GLYPHS = 20_000  # as a PDF page's characters
MAX_PAGE_RULES = 5_000  # as a PDF page's edges
# Path data is read token by token: a table page's paths hold a few thousand numbers.
MAX_PAGE_PATH_TOKENS = 200_000
_PATH_ARGUMENTS = {"S": 2, "M": 2, "L": 2, "Q": 4, "B": 6, "A": 7, "C": 0}
# A glyph further than this from the one before it (in points) is set apart by a space, as
# pdfplumber's default x tolerance does for a PDF.
_GAP = 3.0
_TOKEN = re.compile(r"\S+")


@dataclass(frozen=True, slots=True)
class _Glyph:
    x: float  # left edge, pt
    y: float  # baseline, pt from the top of the page
    size: float  # pt
    char: str
    width: float  # the advance to the next glyph of its run (pt), or its estimated width

    @property
    def right(self) -> float:
        return self.x + self.width


def _width(char: str, size: float) -> float:
    """A glyph's width without a DeltaX: full for CJK (and the quotes CJK fonts set full)."""
    return size if unicodedata.east_asian_width(char) in ("W", "F", "A") else size / 2


def _parser() -> etree.XMLParser:
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        huge_tree=False,
        load_dtd=False,
        dtd_validation=False,
    )


def _parse(archive: zipfile.ZipFile, part: str, file: str) -> Any:
    try:
        data = archive.read(part)
    except KeyError:
        raise ReportParseError(f"OFD 缺少部件 {part}，无法读取", file=file) from None
    try:
        return etree.fromstring(data, _parser())
    except etree.XMLSyntaxError as exc:
        raise ReportParseError(
            f"OFD 部件 {part} 不是有效的 XML（{exc}），不予读取", file=file
        ) from None


def _local(element: Any) -> str:
    tag = element.tag
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _children(element: Any, name: str) -> list[Any]:
    return [e for e in element.iter() if _local(e) == name]


def _resolve(base: str, location: str, members: set[str], file: str) -> str:
    """A location in the package, relative to the part ``base`` or absolute (``/Doc_0/...``)."""
    location = location.strip()
    joined = (
        location.lstrip("/")
        if location.startswith("/")
        else posixpath.join(posixpath.dirname(base), location)
    )
    part = posixpath.normpath(joined)
    if part not in members:
        raise ReportParseError(f"OFD 引用的部件 {location} 不在包内，无法读取", file=file)
    return part


def _numbers(text: str | None, limit: int = 4) -> list[float]:
    """The first ``limit`` numbers of an attribute such as ``DeltaX``, with ``g N d`` expanded
    to N times d (a hostile N expands no further than the glyphs it spaces)."""
    tokens = _TOKEN.findall(text or "")
    out: list[float] = []
    i = 0
    while i < len(tokens) and len(out) < limit:
        if tokens[i] == "g" and i + 2 < len(tokens):
            out += [float(tokens[i + 2])] * max(0, min(int(float(tokens[i + 1])), limit - len(out)))
            i += 3
        else:
            out.append(float(tokens[i]))
            i += 1
    return out


def _glyphs(text_object: Any) -> list[_Glyph]:
    box = _numbers(text_object.get("Boundary"))
    left, top = (box[0], box[1]) if len(box) >= 2 else (0.0, 0.0)
    size = float(text_object.get("Size") or 3.5)
    out: list[_Glyph] = []
    x = y = 0.0
    for code in _children(text_object, "TextCode"):
        text = code.text or ""
        x = float(code.get("X", x))
        y = float(code.get("Y", y))
        deltas = _numbers(code.get("DeltaX"), len(text))
        for i, char in enumerate(text):
            advance = deltas[i] if i < len(deltas) else _width(char, size)
            # An advance that goes back or jumps far is a move of the pen, not the glyph's width.
            width = advance if 0 < advance <= 2 * size else _width(char, size)
            out.append(_Glyph((left + x) * MM, (top + y) * MM, size * MM, char, width * MM))
            x += advance
    return out


def _lines(glyphs: list[_Glyph]) -> list[PrintedLine]:
    """Glyphs grouped by baseline (within a third of their size), each line left to right."""
    rows: list[list[_Glyph]] = []
    for glyph in sorted(glyphs, key=lambda g: (g.y, g.x)):
        if rows and abs(glyph.y - rows[-1][0].y) <= rows[-1][0].size / 3:
            rows[-1].append(glyph)
        else:
            rows.append([glyph])
    return [_line(sorted(row, key=lambda g: g.x)) for row in rows]


def _line(row: list[_Glyph]) -> PrintedLine:
    text = ""
    printed: set[int] = set()
    last: _Glyph | None = None
    for glyph in row:
        if last is not None and glyph.x - last.right > _GAP and not text.endswith(" "):
            text += " "
        if glyph.char == " ":
            printed.add(len(text))
        text += glyph.char
        last = glyph
    sizes = sorted(g.size for g in row)
    return PrintedLine(
        text,
        x0=row[0].x,
        x1=max(g.right for g in row),
        size=sizes[len(sizes) // 2],
        printed_spaces=frozenset(printed),
    )


def _pages(archive: zipfile.ZipFile, members: set[str], file: str) -> tuple[list[str], str | None]:
    root = _parse(archive, "OFD.xml", file)
    doc_roots = [e.text for e in _children(root, "DocRoot") if e.text]
    if not doc_roots:
        raise ReportParseError("OFD.xml 没有指明文档（DocBody/DocRoot），无法读取", file=file)
    titles = [e.text for e in _children(root, "Title") if e.text]
    document_part = _resolve("OFD.xml", doc_roots[0], members, file)
    document = _parse(archive, document_part, file)
    pages = [e.get("BaseLoc") for e in _children(document, "Page") if e.get("BaseLoc")]
    if len(pages) > MAX_PAGES:
        raise ReportParseError(
            f"OFD 有 {len(pages)} 页，超过上限 {MAX_PAGES} 页，不像年度报告，不予读取", file=file
        )
    return [_resolve(document_part, page, members, file) for page in pages], (
        titles[0] if titles else None
    )


def read_ofd(data: bytes, file: str) -> AnnualReport:
    """The report in an OFD package (its ZIP was checked for bombs by the dispatcher)."""
    try:
        return _read(zipfile.ZipFile(io.BytesIO(data)), file)
    except (ValueError, OverflowError) as exc:
        # A Boundary, Size, X/Y or DeltaX that is not a number.
        raise ReportParseError(
            f"OFD 中的坐标或字号不是数字（{exc}），无法读取", file=file
        ) from None


def _read(archive: zipfile.ZipFile, file: str) -> AnnualReport:
    members = set(archive.namelist())
    parts, hint = _pages(archive, members, file)
    lines: list[PrintedLine] = []
    rows: list[GridRow] = []
    ruled: list[GridRow] = []
    tables = 0
    for number, part in enumerate(parts, start=1):
        content = _parse(archive, part, file)
        glyphs: list[_Glyph] = []
        for text_object in _children(content, "TextObject"):
            glyphs += _glyphs(text_object)
            if len(glyphs) > MAX_PAGE_GLYPHS:
                raise ReportParseError(
                    f"OFD 第 {number} 页的文字超过 {MAX_PAGE_GLYPHS} 个，不像年度报告，不予读取",
                    file=file,
                )
        printed = _lines(glyphs)
        lines += [line for line in printed if not PAGE_NUMBER.match(line.text.strip())]
        rows += [
            [GridCell(c.text, page=number, line=c.line) for c in line_cells(line.text, i)]
            for i, line in enumerate(printed, start=1)
        ]
        rules = _rules(content, number, file)
        for table in ruled_tables(rules, [_placed(g) for g in glyphs]) if rules else []:
            tables += 1
            ruled += [
                [
                    GridCell(text, page=number, table=tables, row=r, column=c)
                    for c, text in enumerate(row, start=1)
                    if text is not None  # the rest of a merged cell
                ]
                for r, row in enumerate(table, start=1)
            ]
    if not any(line.text.strip() for line in lines):
        raise ReportParseError("OFD 中没有文字对象（可能是扫描件），无法读取", file=file)
    return build_report(
        reflow(lines),
        ruled,
        file=file,
        hint=hint,
        fallback_rows=rows,
        # As for a PDF: the label-anchored reading walks the ruled cells when there are any.
        stream_cells=None if ruled else [cell for row in rows for cell in row],
    )


def _placed(glyph: _Glyph) -> Placed:
    """A glyph for the table finder: its centre (a CJK glyph sits about 0.88 of its size above
    the baseline, its middle about 0.35 above)."""
    return Placed(
        x=glyph.x + glyph.width / 2,
        y=glyph.y - glyph.size * 0.35,
        char=glyph.char,
        left=glyph.x,
        right=glyph.right,
        line_y=glyph.y,
        size=glyph.size,
    )


def _rules(content: Any, number: int, file: str) -> list[Rule]:
    """The horizontal and vertical strokes of a page's visible paths, in pt."""
    rules: list[Rule] = []
    budget = [MAX_PAGE_PATH_TOKENS]
    for path in _children(content, "PathObject"):
        if path.get("Visible", "true") == "false":
            continue
        stroked = path.get("Stroke", "true") != "false"
        filled = path.get("Fill", "false") == "true"
        if not (stroked or filled):
            continue
        for x0, y0, x1, y1 in _segments(path, budget, number, file):
            found = rule(x0 * MM, y0 * MM, x1 * MM, y1 * MM)
            if found is not None:
                rules.append(found)
        if len(rules) > MAX_PAGE_RULES:
            raise ReportParseError(
                f"OFD 第 {number} 页的线条超过 {MAX_PAGE_RULES} 条，不像年度报告，不予读取",
                file=file,
            )
    return rules


def _segments(
    path: Any, budget: list[int], number: int, file: str
) -> list[tuple[float, float, float, float]]:
    """The straight segments of a path on the page (mm): ``L`` from the pen, ``C`` back to the
    subpath's start."""
    box = _numbers(path.get("Boundary"))
    left, top = (box[0], box[1]) if len(box) >= 2 else (0.0, 0.0)
    ctm = _numbers(path.get("CTM"), 6)
    a, b, c, d, e, f = ctm if len(ctm) == 6 else (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)

    def place(x: float, y: float) -> tuple[float, float]:
        return (a * x + c * y + e + left, b * x + d * y + f + top)

    data = "".join(part.text or "" for part in _children(path, "AbbreviatedData"))
    tokens = _TOKEN.findall(data)
    budget[0] -= len(tokens)
    if budget[0] < 0:
        raise ReportParseError(
            f"OFD 第 {number} 页的路径数据超过 {MAX_PAGE_PATH_TOKENS} 项，不像年度报告，不予读取",
            file=file,
        )
    out: list[tuple[float, float, float, float]] = []
    pen = start = (0.0, 0.0)
    i = 0
    while i < len(tokens):
        command = tokens[i]
        count = _PATH_ARGUMENTS.get(command)
        if count is None or i + count > len(tokens) - 1:
            break  # unknown or truncated: what came before stands
        values = [float(t) for t in tokens[i + 1 : i + 1 + count]]
        i += 1 + count
        if command in ("S", "M"):
            pen = start = place(values[0], values[1])
        elif command == "L":
            end = place(values[0], values[1])
            out.append((*pen, *end))
            pen = end
        elif command == "C":
            out.append((*pen, *start))
            pen = start
        else:  # a curve or an arc: no rule, the pen moves to its end
            pen = place(values[-2], values[-1])
    return out
