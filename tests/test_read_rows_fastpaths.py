"""The HTML reader's fast paths for a table's rows, each checked against the plain computation.

A row that only cells carried from above reach into is laid out a slice at a time, a row whose
only spans are its own without a cell loop, and every row's places are made only when a cell is
asked for: each is compared here with a walk of every row, cell by cell, over generated grids."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from gongkai.report.readers import html

Carried = dict[int, tuple[str, int, int, int]]


@st.composite
def carried_cells(draw: st.DrawFn) -> Carried:
    """Cells carried into a row from above: any columns, any printed places, any rows left."""
    columns = draw(st.sets(st.integers(0, 12), max_size=8))
    return {
        column: (
            f"c{column}",
            draw(st.integers(1, 9)),
            draw(st.integers(1, 20)),
            draw(st.integers(1, 3)),
        )
        for column in columns
    }


@given(carried_cells(), st.integers(0, 10))
def test_a_row_of_carried_cells_only_is_laid_out_as_a_walk_of_the_row_lays_it_out(
    carried: Carried, n_texts: int
) -> None:
    texts = [f"t{i}" for i in range(n_texts)]
    walked = dict(carried)
    plain = html._spread(texts, walked, {}, 0, 1, None)
    sliced = dict(carried)
    assert html._between(texts, sliced) == plain
    assert sliced == walked  # the cells carried on to the next row, and the rows they have left


@st.composite
def grids(draw: st.DrawFn) -> tuple[list[list[str]], dict[int, tuple[int, int]]]:
    """A table's rows of texts and the spans of its spanning cells, by place in the table."""
    texts = [
        [f"r{r}c{c}" for c in range(draw(st.integers(0, 6)))]
        for r in range(draw(st.integers(1, 8)))
    ]
    n_cells = sum(map(len, texts))
    spans = {}
    if n_cells:
        for place in draw(st.sets(st.integers(0, n_cells - 1), max_size=n_cells)):
            spans[place] = (draw(st.integers(1, 3)), draw(st.integers(1, 4)))
    return texts, spans


@given(grids())
def test_every_row_of_a_grid_has_the_texts_and_places_of_a_walk_of_every_row(
    grid: tuple[list[list[str]], dict[int, tuple[int, int]]],
) -> None:
    texts, spans = grid
    rows = html._grid(texts, spans, 1)
    carried: Carried = {}
    at = 0
    for r, (row_texts, row) in enumerate(zip(texts, rows, strict=True), start=1):
        places: list[tuple[int, int, bool]] = []
        assert row.texts == html._spread(row_texts, carried, spans, at, r, places)
        at += len(row_texts)
        cells = row.cells()
        assert [(cell.row, cell.column, cell.spanned) for cell in cells] == places
        assert [cell.text for cell in cells] == row.texts
        for i, cell in enumerate(cells):
            assert row.cell(i) == cell
