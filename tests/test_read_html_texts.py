"""The HTML reader hands its table rows on as texts (``TextRow``): the recogniser reads most of
them without making a cell each, and makes the cells of any other row to read it as every
reader's rows are read. Both ways give the same reading: the same report, warnings (with their
cells' places) and sources, on every test page and on generated rows of template labels and
every kind of value. These tests fail where the reading from texts and the reading from cells
part."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any
from unittest import mock

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gongkai.report import canonical
from gongkai.report.formats import table_templates
from gongkai.report.readers import html
from gongkai.report.readers.assemble import build_report
from gongkai.report.readers.cells import TextRow, row_cells
from gongkai.report.readers.tables import read_tables
from tests.test_read_html_identity import EDITS, RECORDED_EDITS, SHANGHAI

DATA = Path(__file__).parent / "data"
PAGES = {
    **{f"shanghai-{name}": edit(SHANGHAI) for name, edit in EDITS.items()},
    **{f"shanghai-{name}": edit(SHANGHAI) for name, edit in RECORDED_EDITS.items()},
    **{p.name: p.read_bytes() for p in sorted((DATA / "html-read").glob("*.html"))},
}


def _assembly(page: bytes) -> tuple[Any, list[TextRow], dict[str, Any]]:
    """What the reader passes on to the report's assembly: lines, rows and the rest."""
    seen: list[tuple[Any, list[TextRow], dict[str, Any]]] = []

    def capture(lines: Any, rows: Any, **rest: Any) -> None:
        seen.append((lines, rows, rest))

    with mock.patch.object(html, "build_report", capture):
        html.read_html(page, "page.html")
    return seen[0]


@pytest.mark.parametrize("name", PAGES)
def test_a_page_reads_the_same_from_its_rows_texts_as_from_their_cells(name: str) -> None:
    lines, rows, rest = _assembly(PAGES[name])
    assert all(isinstance(row, TextRow) for row in rows)  # none on a page of prose
    from_texts = build_report(lines, rows, **rest)
    from_cells = build_report(lines, [row_cells(row) for row in rows], **rest)
    assert canonical.dumps(from_texts) == canonical.dumps(from_cells)
    assert from_texts.warnings == from_cells.warnings


_LABELS = sorted(
    {row.label for spec in table_templates() for table in spec.tables for row in table.rows}
    | {"三、本年度办理结果", "（三）不予公开", "（四）无法提供", "行政复议", "合计", "未知的行"}
)
_VALUES = [
    "0",
    "12",
    "821",
    "",
    " ",
    "-",
    "无",
    "3.5",
    "251000元",
    "6万元",
    "12件",
    "1 2",
    "1,234",
    "１２",
    "123456789012345678901234",  # digits of several cells run together
    "82135",
    "-3",
]


# Each template row's label with its width: a row printed whole, one value a column (the rows a
# page's tables mostly hold), with units in money columns among them.
_WIDTHS = sorted(
    {
        (row.label, len(row.columns))
        for spec in table_templates()
        for table in spec.tables
        for row in table.rows
    }
)


@st.composite
def text_rows(draw: st.DrawFn) -> list[TextRow]:
    rows = []
    for r in range(1, draw(st.integers(1, 40)) + 1):
        if draw(st.booleans()):
            label, width = draw(st.sampled_from(_WIDTHS))
            labels = [*draw(st.lists(st.sampled_from(_LABELS), max_size=1)), label]
            values = draw(st.lists(st.sampled_from(_VALUES), min_size=width, max_size=width))
        else:
            labels = draw(st.lists(st.sampled_from(_LABELS), max_size=3))
            values = draw(st.lists(st.sampled_from(_VALUES), max_size=16))
        texts = [*labels, *values]
        places = None
        if draw(st.integers(0, 4)) == 0:  # cells moved by spans: each cell's own place
            places = [
                (draw(st.integers(1, r)), draw(st.integers(1, 20)), draw(st.booleans()))
                for _ in texts
            ]
        rows.append(TextRow(texts, draw(st.integers(1, 3)), r, places))
    return rows


@settings(max_examples=300, deadline=None)
@given(text_rows(), st.sampled_from(table_templates()))
def test_the_recogniser_reads_rows_from_their_texts_as_from_their_cells(
    rows: list[TextRow], fmt: Any
) -> None:
    from_texts = read_tables(rows, fmt)
    from_cells = read_tables([row.cells() for row in rows], fmt)
    assert from_texts == from_cells
    assert list(from_texts.sources.items()) == list(from_cells.sources.items())


def test_a_source_shared_by_two_readings_cannot_be_changed_through_one() -> None:
    """A row read from its texts takes its sources from a cache shared by every reading:
    immutable, so that no report changes another's."""
    first, second = (html.read_html(PAGES["shanghai-bare"], "page.html") for _ in range(2))
    shared = [key for key, source in first.sources.items() if source is second.sources[key]]
    assert shared
    with pytest.raises(dataclasses.FrozenInstanceError):
        first.sources[shared[0]].row = "改过的行"  # type: ignore[misc]
    assert second.sources[shared[0]].row != "改过的行"
