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
from functools import lru_cache, partial
from itertools import compress
from operator import attrgetter
from typing import Any

from gongkai.report.errors import ReportParseError
from gongkai.report.model import AnnualReport
from gongkai.report.readers.assemble import build_report
from gongkai.report.readers.cells import TextRow
from gongkai.report.readers.document import PAGE_DATE_LABELS, page_published
from gongkai.report.readers.embedded import embedded_page, without_office_markup

_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([\w-]+)""", re.IGNORECASE)
# Line breaks go before the end of every block (and at <br>), spaces before the end of every cell,
# so that the text of a paragraph is a line and a cell's text never runs into the next cell's.
# One scan for every such tag, each looked up in a table of what goes before it: faster than a
# str.replace per tag (50 scans of the page), and far faster than a replacement template.
_BLOCK_TAGS = ("p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "tr", "table", "section")
_BREAKS = (
    *((tag, "\n" + tag) for name in _BLOCK_TAGS for tag in (f"</{name}>", f"</{name.upper()}>")),
    ("<br", "\n<br"),
    ("<BR", "\n<BR"),
)
_SPACES = (("</td>", " </td>"), ("</TD>", " </TD>"), ("</th>", " </th>"), ("</TH>", " </TH>"))
# Where the page allows it, every cell's end and every row's end is also marked in the text, so
# that a table's cells are cut from one text() of the table instead of one per cell (a row's
# mark is a form feed: whitespace, which HTML keeps inside <tr> rather than moving it out).
_CELL_END = "\ue01e"  # a private-use character
_ROW_END = "\x0c"
_MARKED = tuple(
    (old, f"\n{_ROW_END}{old}" if old.lower() == "</tr>" else new) for old, new in _BREAKS
) + tuple((old, new.replace(" ", f" {_CELL_END}")) for old, new in _SPACES)
_SPACE_RUN = re.compile(rf"[^\S{_ROW_END}]+")
_ROW_STAND_IN = "\ue01f"  # a private-use character
_PLAIN_ENDS = dict(_BREAKS + _SPACES)
_MARKED_ENDS = dict(_MARKED)
# The tags of _PLAIN_ENDS, as flat alternatives, the most common end tags of a report page
# first (the pattern tries them in turn at every end tag of the page; every one ends at ">", so
# their order changes what is tried first, not what matches).
_ENDS = re.compile(
    r"(<(?:/(?:td|p|tr|th|div|table|h[1-6]|li|section"
    r"|TD|P|TR|TH|DIV|TABLE|H[1-6]|LI|SECTION)>|br|BR))"
)
# The same cut and marks on a UTF-8 page's bytes: the tags are ASCII, and no byte of a UTF-8
# character is, so the bytes are cut where the text is, and the marked bytes are the marked
# text's UTF-8 (the parser's input) without the page decoded and encoded again.
_BYTE_ENDS = re.compile(_ENDS.pattern.encode("ascii"))
_MARKED_BYTE_ENDS = {old.encode("ascii"): new.encode() for old, new in _MARKED_ENDS.items()}
_TITLE_SPLIT = re.compile(r"\s*[_|｜—–-]\s*")
# Found tag by tag (lexbor's getElementsByTagName, a plain walk of the tree), several times
# faster than one selector query for all four.
_SKIP = ("script", "style", "noscript", "template")
# The first and last template parts: the report is the smallest element holding both.
# The HTML parser's tree building grows with the square of the nesting depth (20,000 levels:
# 2 s; 100,000: minutes). Real pages nest tens deep; a page nested deeper than this is refused
# before it is parsed. Counted over start and end tags, leaving out the elements that never
# nest (void ones) or whose end tag is optional (p, li, td…), so unclosed ones do not add up.
MAX_NESTING = 2_000
_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9]*)")
_FLAT_TAGS = frozenset(
    [
        "area",
        "base",
        "br",
        "col",
        "dd",
        "dt",
        "embed",
        "hr",
        "img",
        "input",
        "li",
        "link",
        "meta",
        "option",
        "p",
        "param",
        "script",
        "source",
        "style",
        "td",
        "th",
        "tr",
        "track",
        "wbr",
    ]
)

_FIRST_PART = "总体情况"
_LAST_PART = "其他需要报告"
_LAST_QUERY = f':lexbor-contains("{_LAST_PART}")'
MAX_SPAN = 100  # a rowspan/colspan larger than any real table is a broken or hostile page


def decode_html(data: bytes) -> str:
    """The page's text in the charset it declares (GBK pages are common), else UTF-8/GB18030."""
    return _decoded(data)[0]


def _decoded(data: bytes) -> tuple[str, bytes | None]:
    """:func:`decode_html`'s text, and the UTF-8 bytes it was decoded from where it is exactly
    their decoding (None where it is not: another charset, a byte-order mark left out)."""
    declared = _CHARSET.search(data[:4096])
    encodings = []
    if declared:
        name = declared.group(1).decode("ascii", "replace").lower()
        encodings.append("gb18030" if name in {"gbk", "gb2312", "gb_2312-80"} else name)
    encodings += ["utf-8-sig", "gb18030"]
    for encoding in encodings:
        try:
            text = data.decode(encoding)
        except (UnicodeDecodeError, LookupError):
            continue
        if encoding == "utf-8" or (encoding == "utf-8-sig" and not data.startswith(_BOM)):
            return text, data
        return text, None
    return data.decode("utf-8", "replace"), None


_BOM = b"\xef\xbb\xbf"


def _cell_text(node: Any) -> str:
    # text_lexbor(): the DOM's textContent, the same text as text(deep=True, separator=""),
    # read in C without a call back a text node.
    return " ".join(str(node.text_lexbor()).replace(_CELL_END, " ").split())


def _spans(attrs: dict[str, str | None]) -> tuple[int, int]:
    """A cell's colspan and rowspan."""
    colspan, rowspan = attrs.get("colspan"), attrs.get("rowspan")
    # A page repeats the same few pairs of spans ("2", None): each pair read once.
    if (colspan is None or len(colspan) <= 8) and (rowspan is None or len(rowspan) <= 8):
        return _span_pair(colspan, rowspan)
    return _read_span(colspan), _read_span(rowspan)


@lru_cache(maxsize=256)
def _span_pair(colspan: str | None, rowspan: str | None) -> tuple[int, int]:
    return _read_span(colspan), _read_span(rowspan)


def _read_span(raw: str | None) -> int:
    raw = str(raw or "1").strip()
    # ASCII digits only ("²".isdigit() is true); a span of a million digits is capped unread
    # (int() refuses more than 4300 digits).
    if not (raw.isascii() and raw.isdigit()):
        return 1
    digits = raw.lstrip("0")
    if len(digits) > len(str(MAX_SPAN)):
        return MAX_SPAN
    return min(int(digits), MAX_SPAN) if digits else 1


# The report's tables, captions and spanning cells, found in one walk of its tree (each query
# walks the tree it is asked of, and each selector costs a test of every element): the few
# spanning cells found in C, as reading two attributes of every cell costs more.
_MEM_ID = attrgetter("mem_id")
_TABLE_PARTS = "table, caption, [colspan], [rowspan], table table"


def table_rows(
    table: Any, index: int, marked: bool, page: tuple[dict[int, tuple[int, int]], bool]
) -> list[TextRow]:
    """The rows of one ``<table>``, rowspans carried down (marked ``spanned``), as texts: their
    cells are made only where the reading asks for them.

    ``marked``: the page's cell and row ends carry :data:`_CELL_END` and :data:`_ROW_END`.
    ``page``: the spans of the report's spanning cells (by ``mem_id``) and whether the report
    has a caption, found once for all its tables (:func:`_table_parts`)."""
    spans, captions = page
    cells = table.css("td, th")
    texts = _marked_texts(table, len(cells), captions) if marked else None
    if texts is None:
        texts = [
            [_cell_text(td) for td in tr.iter() if td.tag in {"td", "th"}] for tr in table.css("tr")
        ]
    # Spans by the cell's place in the table (document order, as the texts are), cell by cell
    # in C: the places of the spanning cells' ids, and their spans.
    at = {}
    if spans:
        ids = list(map(_MEM_ID, cells))
        spanning = list(map(spans.__contains__, ids))
        places = compress(range(len(ids)), spanning)
        at = dict(zip(places, map(spans.__getitem__, compress(ids, spanning)), strict=True))
    return _grid(texts, at, index)


def _marked_texts(table: Any, n_cells: int, captions: bool = True) -> list[list[str]] | None:
    """Each row's cell texts, cut from the table's text at the marks its end tags left; None
    where the marks do not match the table's cells (an end tag left out, a caption)."""
    text = str(table.text_lexbor())
    if text.count(_CELL_END) != n_cells or (captions and table.css_first("caption") is not None):
        return None
    # Each cell's whitespace collapsed and stripped as " ".join(cell.split()) would, in a few
    # passes over the whole table instead of two calls a cell: every run of whitespace but the
    # row mark becomes one space, then the spaces next to a mark go.
    # The row mark is whitespace itself: it stands as a private-use character while the runs
    # are collapsed (str.split and join, in C), unless the page has that character too.
    row_end = _ROW_END if _ROW_STAND_IN in text else _ROW_STAND_IN
    if row_end == _ROW_STAND_IN:
        text = " ".join(text.replace(_ROW_END, row_end).split())
    else:
        text = _SPACE_RUN.sub(" ", text).lstrip(" ")
    for mark in (_CELL_END, row_end):
        text = text.replace(" " + mark, mark).replace(mark + " ", mark)
    *rows, tail = text.split(row_end)
    if len(rows) != len(table.css("tr")) or tail.strip():
        return None
    out = []
    for row in rows:
        cells = row.split(_CELL_END)
        if cells.pop():
            return None  # text after the row's last cell: not cut where the DOM cuts
        out.append(cells)
    return out


def _grid(texts: list[list[str]], spans: dict[int, tuple[int, int]], index: int) -> list[TextRow]:
    rows: list[TextRow] = []
    # column → (text, printed row, printed column, rows still to cover)
    carried: dict[int, tuple[str, int, int, int]] = {}
    at = 0  # the cell's place in the table
    spanning = sorted(spans)  # the places of the spanning cells, and the next one's index
    next_span = 0
    for r, row_texts in enumerate(texts, start=1):
        end = at + len(row_texts)
        own = next_span < len(spanning) and spanning[next_span] < end
        if not carried and not own:
            # No cell above reaches down into this row and none of its own spans: each cell in
            # its printed column.
            rows.append(TextRow(row_texts, index, r))
            at = end
            continue
        # The cells' places are made only where a cell is asked for (few are: most rows are
        # read from their texts), from the cells carried into the row as they are here.
        places = partial(_places, row_texts, dict(carried), spans, at, r)
        if own and not carried:
            # Only the row's own cells span: each text in its place, and the cells that span
            # down carried from their columns (their places plus the columns spanned before).
            row = row_texts
            extra = 0
            while next_span < len(spanning) and (place := spanning[next_span]) < end:
                span, down = spans[place]
                if down > 1:
                    column = place - at + extra
                    carried[column] = (row_texts[place - at], r, column + 1, down - 1)
                extra += span - 1
                next_span += 1
        elif own:
            row = _spread(row_texts, carried, spans, at, r, None)
            while next_span < len(spanning) and spanning[next_span] < end:
                next_span += 1
        else:
            row = _between(row_texts, carried)
        rows.append(TextRow(row, index, r, places))
        at = end
    return rows


def _spread(
    row_texts: list[str],
    carried: dict[int, tuple[str, int, int, int]],
    spans: dict[int, tuple[int, int]],
    at: int,
    r: int,
    places: list[tuple[int, int, bool]] | None,
) -> list[str]:
    """Row ``r``'s texts (its cells the table's from place ``at`` on) with the cells carried
    into it, each in its column, and ``carried`` updated for the rows below; each text's
    printed (row, column, spanned) added to ``places`` unless it is None."""
    row: list[str] = []
    column = 0
    for text in row_texts:
        while column in carried:
            column = _carry(carried, column, row, places)
        row.append(text)
        if places is not None:
            places.append((r, column + 1, False))
        if at in spans:
            span, down = spans[at]
            if down > 1:
                carried[column] = (text, r, column + 1, down - 1)
            column += span
        else:
            column += 1
        at += 1
    while carried and column <= max(carried):
        column = _carry(carried, column, row, places) if column in carried else column + 1
    return row


def _between(row_texts: list[str], carried: dict[int, tuple[str, int, int, int]]) -> list[str]:
    """:func:`_spread` of a row none of whose own cells spans: each carried cell in its column,
    the row's i-th text in the i-th column that none of them takes, a slice at a time."""
    row: list[str] = []
    own = 0  # the row's texts placed so far
    for taken, column in enumerate(sorted(carried)):
        free = column - taken  # the columns before this one that no carried cell takes
        if free > own:
            row += row_texts[own:free]
            own = free
        text, r, c, left = carried[column]
        row.append(text)
        if left > 1:
            carried[column] = (text, r, c, left - 1)
        else:
            del carried[column]
    row += row_texts[own:]
    return row


def _places(
    row_texts: list[str],
    carried: dict[int, tuple[str, int, int, int]],
    spans: dict[int, tuple[int, int]],
    at: int,
    r: int,
) -> list[tuple[int, int, bool]]:
    """Each text's printed (row, column, spanned) in a row that :func:`_grid` built from
    ``carried`` (its own copy as it was before the row, used up here: a row's places are made
    once, then kept by the row)."""
    places: list[tuple[int, int, bool]] = []
    _spread(row_texts, carried, spans, at, r, places)
    return places


def _published(markup: str, marked: bool) -> str | None:
    # The date's label found first: the pattern costs a scan of the whole page where it is not.
    start = _first_date_label(markup)
    if start < 0:
        return None
    tail = markup[start:]
    return page_published(_unmarked(tail) if marked else tail)


# The labels by their last character (期 or 间): a page holds few of those, and finding one
# character is many times faster than finding a word of four in a page of Chinese text.
_LABEL_ENDS: dict[str, tuple[str, ...]] = {}
for _label in PAGE_DATE_LABELS:
    _LABEL_ENDS[_label[-1]] = (*_LABEL_ENDS.get(_label[-1], ()), _label[:-1])
_MAX_LABEL_ENDS = 1000  # more of them before a label than this: each label found whole


def _first_date_label(markup: str) -> int:
    """Where the first of the page-date labels (PAGE_DATE_LABELS) starts; -1 where none is."""
    first = -1
    for end, heads in _LABEL_ENDS.items():
        back = len(heads[0])
        at = markup.find(end, back)
        for _ in range(_MAX_LABEL_ENDS):
            if at < 0 or (first >= 0 and at - back >= first):
                break
            if markup.startswith(heads, at - back):
                first = at - back
                break
            at = markup.find(end, at + 1)
        else:  # a page full of that character: each of its labels found whole
            found = [at for head in heads if (at := markup.find(head + end)) >= 0]
            first = min([first, *found]) if first >= 0 else min(found, default=-1)
    return first


def _unmarked(text: str) -> str:
    return text.replace(_CELL_END, "").replace(_ROW_END, "")


def _carry(
    carried: dict[int, tuple[str, int, int, int]],
    column: int,
    row: list[str],
    places: list[tuple[int, int, bool]] | None,
) -> int:
    text, r, c, left = carried.pop(column)
    row.append(text)
    if places is not None:
        places.append((r, c, True))
    if left > 1:
        carried[column] = (text, r, c, left - 1)
    return column + 1


MAX_CLIMB = 200


def _innermost(table: Any) -> bool:
    # selectolax's css() matches the node itself too.
    return all(inner.mem_id == table.mem_id for inner in table.css("table"))


def _table_parts(report: Any) -> tuple[list[Any], tuple[dict[int, tuple[int, int]], bool]]:
    """The tables in ``report`` (itself included) that hold no other table, and the spans of
    its spanning cells and whether it has a caption (``table_rows``'s ``page``)."""
    # By id: an element matching two of the selectors (<table colspan>) comes twice.
    tables: dict[int, Any] = {}
    spans = {}
    caption = False
    found = 0  # the tables found, each as often as it came
    for node in report.css(_TABLE_PARTS):
        tag = node.tag
        if tag == "table":
            tables.setdefault(node.mem_id, node)
            found += 1
        elif tag == "caption":
            caption = True
        elif tag in _CELLS:
            spans[node.mem_id] = _spans(node.attributes)
    # Where no table of the report lies inside another table, every one is innermost: no query
    # of each table's own tree. A table inside another matches "table table" too, so it came
    # twice: where none did, none is inside another; where one did (or a table has a span of its
    # own), one query of the report, stopping at the first table inside another, decides.
    if found > len(tables) > 1 and report.css_first("table table") is not None:
        return [table for table in tables.values() if _innermost(table)], (spans, caption)
    return list(tables.values()), (spans, caption)


def _report_node(tree: Any) -> tuple[Any, str | None]:
    """The smallest element that holds the whole report (or the body), and its text where the
    search already read it."""
    body = tree.body
    # The elements with a text child that holds the last part, the last of them taken: asked of
    # the body first, where the report is. No element follows the body's own in the document
    # (the parser puts what comes after </body> or </html> inside it), so the body's last match
    # is the whole tree's; the head is searched only where the body has none.
    last = body.css(_LAST_QUERY) if body is not None else []
    if not last:
        last = tree.css(_LAST_QUERY)
    body = body or tree.root
    node = last[-1] if last else None
    # Each step reads the whole subtree's text: on a page nested thousands deep the walk would be
    # quadratic, so past MAX_CLIMB ancestors the body stands for the report.
    for _ in range(MAX_CLIMB):
        if node is None:
            break
        text = str(node.text_lexbor())
        if _FIRST_PART in text:
            return node, text
        node = node.parent
    return body, None


def _title_and_headings(tree: Any) -> tuple[str | None, list[str]]:
    """The page's title (the first of its h1, h2, .title and title elements, in that order,
    that names 政府信息公开) and its h1–h3 headings that name it, in the page's order."""
    # Each tag found by itself (a plain walk of the tree, several times faster than a selector
    # query); the .title query only where no h1 or h2 names it.
    named = [[text for text in map(_cell_text, tree.tags(tag)) if _NAMED in text] for tag in _HEADS]
    if sum(map(bool, named)) > 1:  # headings of two levels: in the page's order
        heads = [text for text in map(_cell_text, tree.css(_HEADS_QUERY)) if _NAMED in text]
    else:
        heads = [text for texts in named for text in texts]
    for texts in named[:2]:
        if texts:
            return texts[0], heads
    for node in tree.css(".title"):
        if node.tag not in {"h1", "h2"} and _NAMED in (text := _cell_text(node)):
            return text, heads
    for node in tree.tags("title"):
        if _NAMED in (text := _cell_text(node)):
            return _TITLE_SPLIT.split(text)[0], heads
    return None, heads


_HEADS = ("h1", "h2", "h3")
_HEADS_QUERY = ", ".join(_HEADS)
_CELLS = frozenset({"td", "th"})
_NAMED = "政府信息公开"


def _nesting(markup: str) -> int:
    """How deep the page's elements nest, at most (see MAX_NESTING)."""
    depth = deepest = 0
    for tag in _TAG.finditer(markup):
        if tag.group(2).lower() in _FLAT_TAGS:
            continue
        if tag.group(1):
            depth = max(depth - 1, 0)
        else:
            depth += 1
            deepest = max(deepest, depth)
    return deepest


def read_html(data: bytes, file: str) -> AnnualReport:
    from selectolax.lexbor import LexborHTMLParser

    markup, raw = _decoded(data)
    page = embedded_page(markup)
    cleaned = without_office_markup(page or markup)
    if page is not None or cleaned is not markup:
        raw = None  # the page read is not the bytes as they came
    markup = cleaned
    marked = _CELL_END not in markup and _ROW_END not in markup
    # The page cut at each end tag (the tags at the odd places), each tag looked up in C; a
    # UTF-8 page cut and marked as bytes, and parsed from them.
    source: str | bytes
    if marked and raw is not None:
        pieces = _BYTE_ENDS.split(raw)
        pieces[1::2] = map(_MARKED_BYTE_ENDS.__getitem__, pieces[1::2])
        source = b"".join(pieces)
    else:
        parts = _ENDS.split(markup)
        parts[1::2] = map((_MARKED_ENDS if marked else _PLAIN_ENDS).__getitem__, parts[1::2])
        source = "".join(parts)
    # A page of fewer tags than the limit cannot nest deeper than it: the scan is skipped. (The
    # marks hold no tag: the page nests as deep marked as not.)
    depth = _nesting(markup) if markup.count("<") > MAX_NESTING else 0
    if depth > MAX_NESTING:
        raise ReportParseError(
            f"网页元素嵌套 {depth} 层，超过上限 {MAX_NESTING} 层，不予读取", file=file
        )
    tree = LexborHTMLParser(source)
    for name in _SKIP:
        for node in tree.tags(name):
            node.decompose()
    report, text = _report_node(tree)
    hint, heads = _title_and_headings(tree)
    if text is None:
        text = str(report.text_lexbor())
    if marked:
        text = _unmarked(text)
    # Blank lines left out here, in C: the document's own cleaning would drop them one by one.
    lines = list(filter(None, map(str.strip, text.splitlines())))
    rows: list[TextRow] = []
    tables, parts_found = _table_parts(report)
    if report.tag == "table":
        tables = tables or [report]
    for index, table in enumerate(tables, start=1):
        rows += table_rows(table, index, marked, parts_found)
    if isinstance(source, bytes):
        published = _published_in_bytes(source, markup)
    else:
        published = _published(source, marked)
    return build_report([*heads, *lines], rows, file=file, hint=hint, published=published)


def _published_in_bytes(marked: bytes, markup: str) -> str | None:
    """:func:`_published` of the marked page's text, from its UTF-8 bytes (``markup``: the
    page's text before it was marked). The first date label is found in the text (no mark
    falls inside a label: the marks go before tags), then in the bytes, and the marked text
    from it on decoded: the same text as the marked text's from that label."""
    start = _first_date_label(markup)
    if start < 0:
        return None
    label = next(label for label in PAGE_DATE_LABELS if markup.startswith(label, start))
    return page_published(_unmarked(marked[marked.find(label.encode()) :].decode("utf-8")))
