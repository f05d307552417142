"""Word reports (python-docx): paragraphs and tables in body order, merged cells resolved.

python-docx returns a horizontally merged cell once per grid column it covers and a vertically
merged one in every row it spans; the first is counted once, the second kept as a ``spanned``
copy (so a group label reaches every row it heads, as in the HTML reader).
"""

from __future__ import annotations

import io
from typing import Any

from gongkai.report.errors import ReportParseError
from gongkai.report.model import AnnualReport
from gongkai.report.readers.assemble import build_report
from gongkai.report.readers.cells import GridCell, GridRow

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _table_rows(table: Any, index: int, out: list[GridRow], lines: list[str]) -> int:
    """Append the rows of ``table`` (and of tables nested in it) to ``out``; the next index."""
    above: list[Any] = []
    next_index = index + 1
    for r, row in enumerate(table.rows, start=1):
        cells: GridRow = []
        seen: list[Any] = []
        for c, cell in enumerate(row.cells, start=1):
            if any(cell._tc is s for s in seen):
                continue
            seen.append(cell._tc)
            for nested in cell.tables:
                next_index = _table_rows(nested, next_index, out, lines)
            spanned = any(cell._tc is a for a in above)
            text = "\n".join(p.text for p in cell.paragraphs)
            cells.append(GridCell(text, table=index, row=r, column=c, spanned=spanned))
            lines.append(text)
        above = seen
        out.append(cells)
    return next_index


def read_docx(data: bytes, file: str) -> AnnualReport:
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises KeyError/ValueError/lxml errors on bad parts
        raise ReportParseError(f"DOCX 无法读取（{type(exc).__name__}）", file=file) from None
    lines: list[str] = []
    rows: list[GridRow] = []
    index = 1
    for child in document.element.body.iterchildren():
        if child.tag == f"{_W}p":
            lines.append(Paragraph(child, document).text)
        elif child.tag == f"{_W}tbl":
            index = _table_rows(Table(child, document), index, rows, lines)
    hint = document.core_properties.title or None
    return build_report(lines, rows, file=file, hint=hint)
