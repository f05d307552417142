"""The HTML reader's table cells, from generated tables, equal a plain reading of the same
tables: each cell's text read from the parsed tree one by one, its spans from its attributes,
and the rowspans carried down cell by cell. The reader's own way (cells cut from the table's
marked text, spans found by a selector and placed by the cells' order, rows without spans built
at once) is faster; this test fails where it reads any cell differently."""

from __future__ import annotations

from typing import Any
from unittest import mock

from hypothesis import given, settings
from hypothesis import strategies as st
from selectolax.lexbor import LexborHTMLParser

from gongkai.report.readers import html
from gongkai.report.readers.cells import GridCell, GridRow, row_cells

_SPANS = [None, "1", "2", "3", "0", " 2 ", "x", "007", "150", "", "²"]
_PIECES = [
    "总体情况",
    "申请",
    "12",
    "0",
    " ",
    "\u3000",
    "\n",
    "\t",
    "&nbsp;",
    "<br>",
    "<p>段落</p>",
    "<div>3</div>",
    "<span>件</span>",
    "<b> 4 </b>",
    "a",
]
_RARE = ["\ue01e", "\x0c"]  # the reader's own marks, in a page: the tree is read cell by cell


@st.composite
def tables(draw: st.DrawFn) -> str:
    upper = draw(st.booleans())
    # Mostly pages whose every end tag is written: the reader's fastest way.
    cell_ends = draw(st.integers(0, 3)) > 0
    row_ends = draw(st.integers(0, 3)) > 0
    pieces_from = _PIECES + _RARE * (draw(st.integers(0, 5)) == 0)
    rows = []
    for _ in range(draw(st.integers(1, 6))):
        cells = []
        for _ in range(draw(st.integers(0, 6))):
            tag = draw(st.sampled_from(["td", "th"]))
            tag = tag.upper() if upper else tag
            attrs = ""
            for name in ("colspan", "rowspan"):
                # Spans are rare in a report's rows: most rows are laid out at once.
                value = draw(st.sampled_from(_SPANS)) if draw(st.integers(0, 4)) == 0 else None
                if value is not None:
                    attrs += f' {name}="{value}"'
            pieces = draw(st.lists(st.sampled_from(pieces_from)))
            end = f"</{tag}>" if cell_ends else ""
            cells.append(f"<{tag}{attrs}>{''.join(pieces)}{end}")
        tr = "TR" if upper else "tr"
        rows.append(f"<{tr}>{''.join(cells)}" + (f"</{tr}>" if row_ends else ""))
    caption = "<caption>说明</caption>" if draw(st.integers(0, 9)) == 0 else ""
    return f"<html><body><table>{caption}{''.join(rows)}</table></body></html>"


def _span(raw: str | None) -> int:
    raw = (raw or "1").strip()
    if not (raw.isascii() and raw.isdigit()):
        return 1
    return min(int(raw), html.MAX_SPAN) if int(raw) else 1


def _plain_rows(page: str) -> list[GridRow]:
    """The table's cells read one by one from the tree, laid out one by one."""
    parts = html._ENDS.split(page)
    parts[1::2] = [html._PLAIN_ENDS[tag] for tag in parts[1::2]]
    table = LexborHTMLParser("".join(parts)).css_first("table")
    assert table is not None
    return _plain_table(table, 1)


def _plain_table(table: Any, index: int) -> list[GridRow]:
    rows: list[GridRow] = []
    carried: dict[int, tuple[GridCell, int]] = {}  # column → (cell, rows still to cover)

    def carry(column: int, row: GridRow) -> None:
        cell, left = carried.pop(column)
        row.append(GridCell(cell.text, None, None, cell.table, cell.row, cell.column, True))
        if left > 1:
            carried[column] = (cell, left - 1)

    for r, tr in enumerate(table.css("tr"), start=1):
        row: GridRow = []
        column = 0
        for node in tr.iter():
            if node.tag not in {"td", "th"}:
                continue
            # The reader's cell mark stands for a space wherever it is (a page may hold it).
            text = str(node.text(deep=True, separator="")).replace("\ue01e", " ")
            text = " ".join(text.split())
            across = _span(node.attributes.get("colspan"))
            down = _span(node.attributes.get("rowspan"))
            while column in carried:
                carry(column, row)
                column += 1
            cell = GridCell(text, None, None, index, r, column + 1)
            row.append(cell)
            if down > 1:
                carried[column] = (cell, down - 1)
            column += across
        while carried and column <= max(carried):
            if column in carried:
                carry(column, row)
            column += 1
        rows.append(row)
    return rows


def _read_rows(page: str) -> list[GridRow]:
    """The rows the reader passes on to the report's assembly."""
    seen: list[list[GridRow]] = []

    def capture(lines: Any, rows: Any, **_: Any) -> None:
        seen.append([row_cells(row) for row in rows])

    with mock.patch.object(html, "build_report", capture):
        html.read_html(page.encode(), "table.html")
    return seen[0]


@settings(max_examples=400, deadline=None)
@given(tables())
def test_the_reader_reads_every_cell_as_a_plain_reading_of_the_tree_does(page: str) -> None:
    assert _read_rows(page) == _plain_rows(page)


def test_the_plain_reading_carries_a_rowspan_down_and_counts_a_colspan_once() -> None:
    page = (
        '<table><tr><td rowspan="2">甲</td><td colspan="2">乙</td></tr>'
        "<tr><td>1</td><td>2</td></tr></table>"
    )
    texts = [[(c.text, c.column, c.spanned) for c in row] for row in _plain_rows(page)]
    assert texts == [
        [("甲", 1, False), ("乙", 2, False)],
        [("甲", 1, True), ("1", 2, False), ("2", 3, False)],
    ]
    assert _read_rows(page) == _plain_rows(page)


@st.composite
def pages_of_tables(draw: st.DrawFn) -> str:
    """Pages of several generated tables, one of them at times inside a cell of another (a
    layout table around the report's)."""
    bodies = [
        draw(tables()).removeprefix("<html><body>").removesuffix("</body></html>")
        for _ in range(draw(st.integers(1, 4)))
    ]
    if len(bodies) > 1 and draw(st.booleans()):
        inner = bodies.pop(draw(st.integers(0, len(bodies) - 1)))
        outer = draw(st.integers(0, len(bodies) - 1))
        cut = bodies[outer].rfind("<td>")
        if cut < 0:
            cut = bodies[outer].find("<table>") + len("<table>")
            inner = f"<tr><td>{inner}</td></tr>"
        else:
            cut += len("<td>")
        bodies[outer] = bodies[outer][:cut] + inner + bodies[outer][cut:]
    return "<html><body>" + "<p>段落</p>".join(bodies) + "</body></html>"


def _plain_page(page: str) -> list[GridRow]:
    """Every innermost table of the page read as :func:`_plain_rows` reads one."""
    parts = html._ENDS.split(page)
    parts[1::2] = [html._PLAIN_ENDS[tag] for tag in parts[1::2]]
    tree = LexborHTMLParser("".join(parts))
    innermost = [
        table
        for table in tree.css("table")
        if len(table.css("table")) == 1  # itself only
    ]
    return [row for i, table in enumerate(innermost, 1) for row in _plain_table(table, i)]


@settings(max_examples=300, deadline=None)
@given(pages_of_tables())
def test_the_reader_reads_every_innermost_table_of_a_page_as_a_plain_reading_does(
    page: str,
) -> None:
    # A page of several tables has its spanning cells found by one query of the page, and a
    # page whose tables hold none another has no table's tree searched for tables.
    assert _read_rows(page) == _plain_page(page)
