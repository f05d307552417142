"""Labels that the page wrapped over several lines, in documents read line by line.

In a PDF without ruled tables (or text copied from one) a long label breaks over two or three
lines and its numbers sit on one of them, often the middle one, with fragments of the group
column and of vertical text (三 / 本 / 年 …) interleaved:

    （二）部分公开（区分处理的，只计
    447 7 0 0 0 0 454
    本
    这一情形，不计其他情形）

For a row whose own label is not a template label, the label fragments of up to three lines
above and below (and the row's own piece, or not) are tried, every way that keeps their order;
the combination that spells a template label exactly, for a row of exactly that many numbers
(fewest lines first), is the row's label, and those lines are used up. Nothing is joined on a guess: a combination must match a label exactly.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from itertools import combinations

from gongkai.report.readers.cells import CellKind, GridCell, GridRow, parse_cell

REACH = 3  # lines looked at above and below a row


def _split(row: GridRow) -> tuple[list[GridCell], list[GridCell]]:
    """A row's label cells and the cells from its first number on."""
    for index, cell in enumerate(row):
        if parse_cell(cell.text).kind is CellKind.NUMBER:
            return row[:index], row[index:]
    return list(row), []


def _fragment(row: GridRow) -> str:
    # The rightmost piece of a label-only line is the label column's text.
    return row[-1].text.strip() if row else ""


def _neighbours(rows: Sequence[GridRow], index: int, step: int, used: set[int]) -> list[int]:
    """Up to REACH label-only lines next to ``index`` (stopping at a line with numbers)."""
    found: list[int] = []
    at = index + step
    while 0 <= at < len(rows) and len(found) < REACH:
        labels, numbers = _split(rows[at])
        if numbers:
            break
        if at not in used and labels:
            found.append(at)
        at += step
    return found if step > 0 else found[::-1]


def _subsets(indexes: list[int]) -> list[tuple[int, ...]]:
    return [c for size in range(len(indexes) + 1) for c in combinations(indexes, size)]


def join_wrapped(rows: Sequence[GridRow], width: Callable[[str], int | None]) -> list[GridRow]:
    """``rows`` with each wrapped label put together on its row of numbers (see module doc).

    ``width(text)`` is the number of cells of the template row labelled ``text``, else None: a
    label is only joined onto a row that has exactly that many numbers."""
    used: set[int] = set()
    joined: dict[int, GridRow] = {}
    for index, row in enumerate(rows):
        labels, numbers = _split(row)
        if not numbers or (labels and width(labels[-1].text) is not None):
            continue
        # The row's own label piece may be the label's middle line, or a fragment of the group
        # column (（四）无 / 法提供) that belongs to no label: tried with and without.
        owns = ([labels[-1].text.strip()], []) if labels else ([],)
        above = _subsets(_neighbours(rows, index, -1, used))
        below = _subsets(_neighbours(rows, index, 1, used))
        tries = sorted(
            ((a, own, b) for own in owns for a in above for b in below),
            key=lambda t: (len(t[0]) + len(t[2]), not t[1]),
        )
        for up, own, down in tries:
            if not (up or down):
                continue
            pieces = [_fragment(rows[i]) for i in up] + own + [_fragment(rows[i]) for i in down]
            text = "".join(pieces)
            if width(text) == len(numbers):
                used.update(up + down)
                first = numbers[0]
                joined[index] = [GridCell(text, page=first.page, line=first.line), *numbers]
                break
    return [joined.get(i, row) for i, row in enumerate(rows) if i not in used]
