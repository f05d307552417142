"""Report web pages: real ``<table>``s with rowspan/colspan, inside the whole page around them.

The page is parsed with selectolax (lexbor). The report is the smallest element holding both the
first and the last part of the template (一、总体情况 … 六、其他需要报告的事项), so navigation and
footers around it are left out of the sections. Only innermost tables are read: a layout table
around the report holds the real ones. A rowspan'd cell is repeated (marked ``spanned``) in the
rows below it, so a group label such as （三）不予公开 reaches every row it heads; a colspan'd
cell counts once.
"""

from __future__ import annotations

import re
from typing import Any

from gongkai.report.model import AnnualReport
from gongkai.report.readers.assemble import build_report
from gongkai.report.readers.cells import GridCell, GridRow
from gongkai.report.readers.document import page_published

_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([\w-]+)""", re.IGNORECASE)
# Line breaks go before the end of every block (and at <br>), spaces before the end of every cell,
# so that the text of a paragraph is a line and a cell's text never runs into the next cell's.
# Plain str.replace: a regex with a replacement template costs more than the parse itself.
_BLOCK_TAGS = ("p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "tr", "table", "section")
_BREAKS = (
    *((tag, "\n" + tag) for name in _BLOCK_TAGS for tag in (f"</{name}>", f"</{name.upper()}>")),
    ("<br", "\n<br"),
    ("<BR", "\n<BR"),
)
_SPACES = (("</td>", " </td>"), ("</TD>", " </TD>"), ("</th>", " </th>"), ("</TH>", " </TH>"))
_TITLE_SPLIT = re.compile(r"\s*[_|｜—–-]\s*")
_SKIP = "script, style, noscript, template"
# The first and last template parts: the report is the smallest element holding both.
_FIRST_PART = "总体情况"
_LAST_PART = "其他需要报告"
MAX_SPAN = 100  # a rowspan/colspan larger than any real table is a broken or hostile page


def decode_html(data: bytes) -> str:
    """The page's text in the charset it declares (GBK pages are common), else UTF-8/GB18030."""
    declared = _CHARSET.search(data[:4096])
    encodings = []
    if declared:
        name = declared.group(1).decode("ascii", "replace").lower()
        encodings.append("gb18030" if name in {"gbk", "gb2312", "gb_2312-80"} else name)
    encodings += ["utf-8-sig", "gb18030"]
    for encoding in encodings:
        try:
            return data.decode(encoding)
        except (UnicodeDecodeError, LookupError):
            continue
    return data.decode("utf-8", "replace")


def _cell_text(node: Any) -> str:
    return " ".join(str(node.text(deep=True, separator="")).split())


def _span(attrs: Any, name: str) -> int:
    raw = str(attrs.get(name) or "1").strip()
    return min(int(raw), MAX_SPAN) if raw.isdigit() and int(raw) > 0 else 1


def table_rows(table: Any, index: int) -> list[GridRow]:
    """The rows of one ``<table>``, rowspans carried down (marked ``spanned``)."""
    rows: list[GridRow] = []
    carried: dict[int, tuple[GridCell, int]] = {}  # column → (cell, rows still to cover)
    # The few spanning cells, found once in C: reading two attributes of every cell costs more.
    spans = {
        node.mem_id: (_span(node.attrs, "colspan"), _span(node.attrs, "rowspan"))
        for node in table.css("td[colspan], td[rowspan], th[colspan], th[rowspan]")
    }
    for r, tr in enumerate(table.css("tr"), start=1):
        row: GridRow = []
        column = 0
        for td in tr.iter():
            if td.tag not in {"td", "th"}:
                continue
            while column in carried:
                column = _carry(carried, column, row)
            cell = GridCell(_cell_text(td), table=index, row=r, column=column + 1)
            row.append(cell)
            span, down = spans.get(td.mem_id, (1, 1))
            if down > 1:
                carried[column] = (cell, down - 1)
            column += span
        while carried and column <= max(carried):
            column = _carry(carried, column, row) if column in carried else column + 1
        rows.append(row)
    return rows


def _carry(carried: dict[int, tuple[GridCell, int]], column: int, row: GridRow) -> int:
    cell, left = carried.pop(column)
    row.append(
        GridCell(cell.text, table=cell.table, row=cell.row, column=cell.column, spanned=True)
    )
    if left > 1:
        carried[column] = (cell, left - 1)
    return column + 1


def _innermost(table: Any) -> bool:
    # selectolax's css() matches the node itself too.
    return all(inner.mem_id == table.mem_id for inner in table.css("table"))


def _report_node(tree: Any) -> Any:
    """The smallest element that holds the whole report (or the body)."""
    body = tree.body or tree.root
    last = tree.css(f':lexbor-contains("{_LAST_PART}")')
    node = last[-1] if last else None
    while node is not None and _FIRST_PART not in str(node.text(deep=True)):
        node = node.parent
    return node if node is not None else body


def _title_hint(tree: Any) -> str | None:
    for selector in ("h1", "h2", ".title", "title"):
        for node in tree.css(selector):
            text = _cell_text(node)
            if "政府信息公开" in text:
                return _TITLE_SPLIT.split(text)[0] if selector == "title" else text
    return None


def read_html(data: bytes, file: str) -> AnnualReport:
    from selectolax.lexbor import LexborHTMLParser

    markup = decode_html(data)
    for old, new in _BREAKS + _SPACES:
        markup = markup.replace(old, new)
    tree = LexborHTMLParser(markup)
    for node in tree.css(_SKIP):
        node.decompose()
    report = _report_node(tree)
    hint = _title_hint(tree)
    lines = str(report.text(deep=True, separator="")).splitlines()
    heads = [_cell_text(h) for h in tree.css("h1, h2, h3") if "政府信息公开" in _cell_text(h)]
    rows: list[GridRow] = []
    tables = [t for t in report.css("table") if _innermost(t)]
    if report.tag == "table":
        tables = tables or [report]
    for index, table in enumerate(tables, start=1):
        rows += table_rows(table, index)
    published = page_published(markup)
    return build_report([*heads, *lines], rows, file=file, hint=hint, published=published)
