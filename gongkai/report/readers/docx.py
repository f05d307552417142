"""Word reports (python-docx): paragraphs and tables in body order, merged cells resolved.

The table XML is walked directly (python-docx's ``row.cells`` resolves each vertical merge with
an XPath query and makes the reader slower than the rest put together). A horizontally merged
cell (``gridSpan``) counts once; a vertically merged one (``vMerge``) is repeated, marked
``spanned``, in every row it covers, so a group label reaches every row it heads, as in the
HTML reader. Tables nested in a cell (layout tables) are read too.
"""

from __future__ import annotations

import io
from typing import Any

from gongkai.report.errors import ReportParseError
from gongkai.report.model import AnnualReport
from gongkai.report.readers.assemble import build_report
from gongkai.report.readers.cells import GridCell, GridRow

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _text(element: Any) -> str:
    """The text of the paragraphs directly in ``element`` (not in tables nested in it)."""
    paragraphs = element.findall(f"{_W}p")
    return "\n".join("".join(t.text or "" for t in p.iter(f"{_W}t")) for p in paragraphs)


def _int_attribute(element: Any, path: str, default: int) -> int:
    found = element.find(path)
    raw = found.get(f"{_W}val") if found is not None else None
    return int(raw) if raw is not None and raw.isdigit() else default


def _table_rows(tbl: Any, index: int, out: list[GridRow], lines: list[str]) -> int:
    """Append the rows of the table ``tbl`` (and of tables nested in it); the next index."""
    above: dict[int, str] = {}  # grid column → text of the vertically merged cell there
    next_index = index + 1
    for r, tr in enumerate(tbl.findall(f"{_W}tr"), start=1):
        row: GridRow = []
        column = _int_attribute(tr, f"{_W}trPr/{_W}gridBefore", 0)
        for tc in tr.findall(f"{_W}tc"):
            for nested in tc.findall(f"{_W}tbl"):
                next_index = _table_rows(nested, next_index, out, lines)
            merge = tc.find(f"{_W}tcPr/{_W}vMerge")
            continued = merge is not None and merge.get(f"{_W}val") in (None, "continue")
            text = above.get(column, "") if continued else _text(tc)
            if merge is not None and not continued:
                above[column] = text
            elif merge is None:
                above.pop(column, None)
            row.append(GridCell(text, table=index, row=r, column=column + 1, spanned=continued))
            if not continued:
                lines.append(text)
            column += _int_attribute(tc, f"{_W}tcPr/{_W}gridSpan", 1)
        out.append(row)
    return next_index


def read_docx(data: bytes, file: str) -> AnnualReport:
    import docx

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises KeyError/ValueError/lxml errors on bad parts
        raise ReportParseError(f"DOCX 无法读取（{type(exc).__name__}）", file=file) from None
    lines: list[str] = []
    rows: list[GridRow] = []
    index = 1
    for child in document.element.body.iterchildren():
        if child.tag == f"{_W}p":
            lines.append("".join(t.text or "" for t in child.iter(f"{_W}t")))
        elif child.tag == f"{_W}tbl":
            index = _table_rows(child, index, rows, lines)
    hint = document.core_properties.title or None
    return build_report(lines, rows, file=file, hint=hint)
