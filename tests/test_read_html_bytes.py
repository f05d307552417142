"""A UTF-8 page is cut at its end tags, marked and parsed as bytes (issue 21: the page is no
longer decoded, marked as text and encoded again for the parser). It reads exactly as the same
page read as text does: every test page and edit of one, pages with a byte-order mark, a
declared charset, a page-date label anywhere, and generated pages of tables and dates."""

from __future__ import annotations

from pathlib import Path
from unittest import mock

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gongkai.report import canonical
from gongkai.report.errors import ReportParseError
from gongkai.report.readers import html
from gongkai.report.readers.document import PAGE_DATE_LABELS
from tests.test_read_html_identity import EDITS, RECORDED_EDITS, SHANGHAI

DATA = Path(__file__).parent / "data"
PAGES = {
    **{f"shanghai-{name}": edit(SHANGHAI) for name, edit in EDITS.items()},
    **{f"shanghai-{name}": edit(SHANGHAI) for name, edit in RECORDED_EDITS.items()},
    **{p.name: p.read_bytes() for p in sorted((DATA / "html-read").glob("*.html"))},
    "bom": b"\xef\xbb\xbf" + SHANGHAI,
    "bom-declared-utf-8": b'\xef\xbb\xbf<meta charset="utf-8">' + SHANGHAI,
    "declared-utf-8": b'<meta charset="utf-8">' + SHANGHAI,
    "declared-utf8": b'<meta charset="UTF8">' + SHANGHAI,
    "date-in-a-cell": SHANGHAI.replace(
        b"</p>", "</p><table><tr><td>发布日期</td><td> 2020-01-31</td></tr></table>".encode(), 1
    ),
    "date-late": SHANGHAI + "<p>公开日期：<span>2020年2月3日</span></p>".encode(),
    "dates-two": "<p>成文日期 <br> 2019-12-30</p>".encode()
    + SHANGHAI
    + "<div>发布时间：2020-01-02</div>".encode(),
    # More tags than the nesting limit, and nested deeper than it (refused before parsing).
    "many-tags": SHANGHAI + b"<span></span>" * (html.MAX_NESTING + 1),
    "deep": b"<div>" * (html.MAX_NESTING + 1) + SHANGHAI + b"</div>" * (html.MAX_NESTING + 1),
    "deep-by-one": b"<div>" * (html.MAX_NESTING + 1),  # one tag more than the limit
}


_DECODED = html._decoded


def _as_text(data: bytes) -> tuple[str, None]:
    """The page's text with no bytes to parse: the reader's way before."""
    return _DECODED(data)[0], None


def _reading(data: bytes) -> str:
    try:
        return canonical.dumps(html.read_html(data, "page.html"))
    except ReportParseError as exc:
        return f"error: {exc}"


def _both(data: bytes) -> tuple[str, str]:
    from_bytes = _reading(data)
    with mock.patch.object(html, "_decoded", _as_text):
        from_text = _reading(data)
    return from_bytes, from_text


@pytest.mark.parametrize("name", PAGES)
def test_a_page_reads_the_same_from_its_bytes_as_from_its_text(name: str) -> None:
    from_bytes, from_text = _both(PAGES[name])
    assert from_bytes == from_text


def test_a_page_nested_deeper_than_the_limit_is_refused_from_its_bytes() -> None:
    assert _both(PAGES["deep"])[0].startswith("error: ")
    assert "嵌套" in _both(PAGES["deep-by-one"])[0]
    assert not _both(PAGES["many-tags"])[0].startswith("error: ")


def test_the_bytes_are_parsed_only_where_they_are_the_text() -> None:
    assert html._decoded(SHANGHAI)[1] is SHANGHAI
    assert html._decoded(b'<meta charset="utf-8">' + SHANGHAI)[1] is not None
    assert html._decoded(b"\xef\xbb\xbf" + SHANGHAI)[1] is None  # the mark left out of the text
    gbk = SHANGHAI.decode("utf-8").replace("utf-8", "gbk").encode("gb18030")
    assert html._decoded(gbk)[1] is None


_PIECES = [
    "<p>总体情况</p>",
    "<p>其他需要报告的事项</p>",
    "<table><tr><td>规章</td><td>3</td></tr></table>",
    "<TABLE><TR><TD>1</TD></TR></TABLE>",
    "<td>4</td>",
    "</tr>",
    "<br>",
    "<BR/>",
    "<div>a</div>",
    "</H2>",
    " ",
    "\n",
    "发布",
    "日期",
    "：",
    "2021-03-04",
    "2021年3月4日",
    *PAGE_DATE_LABELS,
    "<span>",
    "</span>",
    "é",
    "\U0001f600",
]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=30).map("".join))
def test_a_generated_page_reads_the_same_from_its_bytes_as_from_its_text(page: str) -> None:
    from_bytes, from_text = _both(f"<html><body>{page}</body></html>".encode())
    assert from_bytes == from_text


_PAGE_PIECES = [*_PIECES, "</td>", "<td>", "发布日期：2020-05-06", "</p>", "</TR>"]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(_PAGE_PIECES), max_size=20).map("".join))
def test_the_page_date_is_read_from_the_marked_bytes_as_from_the_marked_text(page: str) -> None:
    parts = html._ENDS.split(page)
    parts[1::2] = [html._MARKED_ENDS[tag] for tag in parts[1::2]]
    marked = "".join(parts)
    assert html._published_in_bytes(marked.encode(), page) == html._published(marked, True)
