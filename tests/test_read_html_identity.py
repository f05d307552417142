"""The HTML reader reads every test page exactly as it did before it was made faster (issue 21):
the same canonical JSON, warnings and sources (table, row and column of every value) included,
as recorded in ``tests/data/html-read/``."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest

from gongkai.report import canonical
from gongkai.report.readers import read_bytes

DATA = Path(__file__).parent / "data"
RECORDED = DATA / "html-read"
SHANGHAI = (DATA / "shanghai-gov-office-2019.html").read_bytes()
WRITTEN = sorted(p.name for p in RECORDED.glob("*.html"))

# Edits of the real page that the reader reads as the page itself: its tables cut from the
# marked text or cell by cell from the tree, its charset declared.
EDITS: dict[str, Callable[[bytes], bytes]] = {
    "bare": lambda page: page,
    "portal": lambda page: (
        b"<html><head><title>x</title></head><body><div>nav</div>" + page + b"</body></html>"
    ),
    "no-cell-end-tags": lambda page: page.replace(b"</td>", b""),
    "no-row-end-tags": lambda page: page.replace(b"</tr>", b""),
    "upper-case": lambda page: re.sub(
        rb"</?(td|tr|table|p|div)\b", lambda match: match.group().upper(), page
    ),
    "caption": lambda page: page.replace(b"<tr", b"<caption>cap</caption><tr", 1),
    "gbk": lambda page: page.decode("utf-8").replace("utf-8", "gbk").encode("gb18030"),
    # Header cells for data cells (spans on th), and spans on elements that are not cells.
    "th-cells": lambda page: page.replace(b"<td", b"<th").replace(b"</td>", b"</th>"),
    "spans-on-tables-and-rows": lambda page: page.replace(
        b"<table", b'<table rowspan="2" colspan="3"'
    ).replace(b"<tr", b'<tr rowspan="4" colspan="2"'),
}


@pytest.mark.parametrize("edit", EDITS)
def test_the_reader_reads_the_real_page_as_recorded(edit: str) -> None:
    recorded = (RECORDED / "shanghai-gov-office-2019.json").read_text("utf-8")
    assert canonical.dumps(read_bytes(EDITS[edit](SHANGHAI), "page.html")) == recorded


# Edits that change what the reader reads (tables in tables, spans, table sections, comments,
# line breaks and empty cells inside cells), each pinned to its own recorded reading:
# ``shanghai-gov-office-2019-<edit>.json``.
RECORDED_EDITS: dict[str, Callable[[bytes], bytes]] = {
    "layout-table": lambda page: (
        b"<html><body><table><tr><td>nav</td><td>" + page + b"</td></tr></table></body></html>"
    ),
    "table-in-a-cell": lambda page: page.replace(
        "<p>规章</p>".encode(), "<table><tr><td>规章</td><td>1</td></tr></table>".encode()
    ),
    "thead-tfoot": lambda page: page.replace(
        b"<tbody>", "<thead><tr><th>表头</th><th>2</th></tr></thead><tbody>".encode(), 1
    ).replace(b"</tbody>", "</tbody><tfoot><tr><td>脚注</td></tr></tfoot>".encode(), 1),
    "comments": lambda page: page.replace(
        b'<p align="center">13</p>', b'<p align="center">1<!-- x -->3</p><!-- y -->', 1
    ).replace(b"</tr><tr>", b"</tr><!-- row --><tr>"),
    "line-breaks": lambda page: page.replace(
        "规范性文件".encode(), "规范性<br>文件".encode()
    ).replace(b"<p>", b"<p><br/>", 5),
    "empty-cells": lambda page: (
        page.replace(b">60<", b"><", 1)
        .replace(b"</tr>", b"<td></td><td>&nbsp;</td></tr>", 4)
        .replace(b'<td colspan="5"', b'<td></td><td colspan="5"', 1)
    ),
    "spans": lambda page: (
        page.replace(b'colspan="2"', b'colspan="3"', 2)
        .replace(b'rowspan="2"', b'rowspan=" 3 "', 1)
        .replace(b'rowspan="3"', b'rowspan="0"', 1)
        .replace(b'colspan="2"', b'colspan="999" rowspan="2"', 1)
    ),
    "scripts-in-cells": lambda page: page.replace(
        b'<p align="center">13</p>', b'<p align="center">13<script>x="<td>9</td>"</script></p>', 1
    ).replace(b"<p>", b"<style>p{}</style><p>", 3),
}


@pytest.mark.parametrize("edit", RECORDED_EDITS)
def test_the_reader_reads_an_edited_page_as_recorded(edit: str) -> None:
    recorded = (RECORDED / f"shanghai-gov-office-2019-{edit}.json").read_text("utf-8")
    assert canonical.dumps(read_bytes(RECORDED_EDITS[edit](SHANGHAI), "page.html")) == recorded


def test_the_reader_reads_a_page_holding_its_own_cell_mark_as_recorded() -> None:
    page = SHANGHAI.replace(b"</p>", "\ue01e</p>".encode(), 1)
    recorded = (RECORDED / "shanghai-gov-office-2019-marked.json").read_text("utf-8")
    assert canonical.dumps(read_bytes(page, "page.html")) == recorded


def test_every_written_page_has_its_recorded_reading() -> None:
    assert WRITTEN and all((RECORDED / name).with_suffix(".json").exists() for name in WRITTEN)


@pytest.mark.parametrize("name", WRITTEN)
def test_the_reader_reads_a_written_page_as_recorded(name: str) -> None:
    recorded = (RECORDED / name).with_suffix(".json").read_text("utf-8")
    read = canonical.dumps(read_bytes((RECORDED / name).read_bytes(), f"{Path(name).stem}.html"))
    assert read == recorded
