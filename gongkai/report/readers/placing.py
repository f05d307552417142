"""What a row's columns mean, for placing numbers the page did not print in their cells.

A row printed with fewer numbers than cells (``place_by_meaning``). A decimal or a sum in
元/万元 can only be money, a negative number only a change (本年增/减): when the kinds leave one
way to place the numbers in order, they are placed there (the rest blank); otherwise, or when a
number could hold the missing ones run together (``13575394432.52元`` in a row of 项目数量 and
金额), nothing is placed.
"""

from __future__ import annotations

from itertools import combinations

from gongkai.report.formats import Column, Kind, Row
from gongkai.report.readers.cells import CellKind, GridCell, Parsed


def _fits(parsed: Parsed, column: Column) -> bool:
    if parsed.kind is not CellKind.NUMBER:
        return True
    value = parsed.value or 0
    if isinstance(parsed.value, float) or parsed.unit in ("元", "万元"):
        return column.kind is Kind.MONEY
    if value < 0:
        return column.kind is Kind.SIGNED
    return True


def place_by_meaning(
    row: Row, values: list[tuple[GridCell, Parsed]]
) -> list[tuple[GridCell, Parsed] | None] | None:
    """``values`` in their columns (None where nothing was printed), or None if undecided."""
    width = len(row.columns)
    fitting = [
        places
        for places in combinations(range(width), len(values))
        if all(_fits(v[1], row.columns[at]) for v, at in zip(values, places, strict=True))
    ]
    if len(fitting) != 1:
        return None
    places = fitting[0]
    for value, at in zip(values, places, strict=True):
        digits = value[0].text.strip().split(".")[0].lstrip("-")
        # A missing cell right before or after a number of several digits: they may have run
        # together (135|75394432.52), which only a reader of the page can tell.
        gap = (at > 0 and at - 1 not in places) or (at + 1 < width and at + 1 not in places)
        if gap and len(digits) > 1:
            return None
    aligned: list[tuple[GridCell, Parsed] | None] = [None] * width
    for value, at in zip(values, places, strict=True):
        aligned[at] = value
    return aligned
