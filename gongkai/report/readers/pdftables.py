"""pdfplumber's ruled-table finder (``TableFinder`` with the default "lines" strategies) on a
page's rules, giving the same cells to the last bit in near-linear time where pdfplumber's is
quadratic: rules snapped and joined, their crossings, the cells between crossings, the cells
joined into tables and laid out as rows."""

from __future__ import annotations

import itertools
from bisect import bisect_left, bisect_right
from operator import itemgetter
from typing import TYPE_CHECKING, Any

from gongkai.report.readers.pdfcluster import grouped

if TYPE_CHECKING:
    from gongkai.report.readers.pdfpage import Edges

# pdfplumber's default table settings ("lines" strategies).
SNAP = JOIN = CROSSING = 3.0
EDGE_MIN_LENGTH_PREFILTER = 1.0
EDGE_MIN_LENGTH = 3.0
# The rules looked at around a crossing: a hair wider than the test itself, whose rounding may
# differ from the bounds'.
_EPSILON = 1e-6
# A rule: x0, top, x1, bottom, and its width and height as pdfplumber keeps them (after a join
# they are not always x1 - x0 to the last bit).
Rule = tuple[float, float, float, float, float, float]
Point = tuple[float, float]
Box = tuple[float, float, float, float]


def find_tables(edges: Edges) -> list[list[Box]]:
    """The cells of each of pdfplumber's ``TableFinder(page).tables`` (default settings): the
    same rules snapped and joined, crossings and cells, with the arithmetic done in the same
    order so that every coordinate comes out to the same bit — in near-linear time where
    pdfplumber's is quadratic."""
    vertical = [r for r in edges.vertical if r[5] >= EDGE_MIN_LENGTH_PREFILTER]
    horizontal = [r for r in edges.horizontal if r[4] >= EDGE_MIN_LENGTH_PREFILTER]
    horizontal = _joined(_snapped(horizontal, 1), 1, 0)
    vertical = _joined(_snapped(vertical, 0), 0, 1)
    horizontal = [r for r in horizontal if r[4] >= EDGE_MIN_LENGTH]
    vertical = [r for r in vertical if r[5] >= EDGE_MIN_LENGTH]
    return cells_to_tables(*_cells_and_corners(_crossings(vertical, horizontal)))


def rows(cells: list[Box]) -> list[list[Box | None]]:
    """pdfplumber's ``Table.rows``, as lists of cells: the cells by top, each row with a cell
    (or None) at every left edge of the table."""
    lefts = sorted({cell[0] for cell in cells})
    rows: list[list[Box | None]] = []
    for _, row in itertools.groupby(sorted(cells, key=_TOP_LEFT), _TOP):
        by_left = {cell[0]: cell for cell in row}
        rows.append([by_left.get(x) for x in lefts])
    return rows


_TOP_LEFT = itemgetter(1, 0)
_TOP = itemgetter(1)


def cells_to_tables(
    cells: list[Box], corners: list[tuple[int, int, int, int]] | None = None
) -> list[list[Box]]:
    """pdfplumber's ``cells_to_tables``: cells that share a corner, directly or through other
    cells, make a table (each table's cells in their order in ``cells``); tables of more than
    one cell, by their top left cell. pdfplumber goes over the remaining cells again for every
    cell it adds; here the corners are joined in one pass (union-find). ``corners``: each
    cell's four corners as numbers (one a point), when known, looked up instead of the points."""
    parent = list(range(len(cells)))
    keys: Any = corners
    if keys is None:
        keys = [((x0, top), (x0, bottom), (x1, top), (x1, bottom)) for x0, top, x1, bottom in cells]
    owner: dict[Any, int] = {}
    for i, four in enumerate(keys):
        for corner in four:
            j = owner.setdefault(corner, i)
            if j != i:
                # Both roots, halving the paths on the way (a find inlined: a call a corner
                # cost more than the rest of the loop).
                a = i
                while parent[a] != a:
                    parent[a] = a = parent[parent[a]]
                b = j
                while parent[b] != b:
                    parent[b] = b = parent[parent[b]]
                if a != b:
                    parent[max(a, b)] = min(a, b)

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    groups: dict[int, list[Box]] = {}
    for i, cell in enumerate(cells):
        groups.setdefault(find(i), []).append(cell)
    tables = sorted(groups.values(), key=lambda t: min([(c[1], c[0]) for c in t]))
    return [t for t in tables if len(t) > 1]


def _snapped(rules: list[Rule], axis: int) -> list[Rule]:
    """pdfplumber's ``snap_objects``: rules whose position (x0 of a vertical rule, top of a
    horizontal one) are within SNAP of each other move to their mean."""
    groups = grouped(rules, [r[axis] for r in rules], SNAP, keep_order=False)
    out: list[Rule] = []
    add = out.append
    for group in groups:
        mean = sum([r[axis] for r in group]) / len(group)
        if axis == 0:
            for x0, top, x1, bottom, width, height in group:
                shift = mean - x0
                add((x0 + shift, top, x1 + shift, bottom, width, height))
        else:
            for x0, top, x1, bottom, width, height in group:
                shift = mean - top
                add((x0, top + shift, x1, bottom + shift, width, height))
    return out


def _joined(rules: list[Rule], axis: int, along: int) -> list[Rule]:
    """pdfplumber's ``join_edge_group`` on each line of rules: those on one line (same
    position) that overlap or come within JOIN of each other make one rule."""
    rules = sorted(rules, key=_ITEMS[axis])
    positions = [r[axis] for r in rules]
    by_along = _ITEMS[along]
    out: list[Rule] = []
    start = 0
    while start < len(rules):
        stop = start
        while stop < len(rules) and positions[stop] == positions[start]:
            stop += 1
        line = sorted(rules[start:stop], key=by_along)
        joined = [line[0]]
        for rule in line[1:]:
            last = joined[-1]
            if rule[along] <= last[along + 2] + JOIN:
                if rule[along + 2] > last[along + 2]:
                    x0, top, x1, bottom, width, height = last
                    if along == 0:  # horizontal: x1 moves, the width follows
                        joined[-1] = (x0, top, rule[2], bottom, rule[2] - x0, height)
                    else:  # vertical: bottom moves, the height grows by as much
                        moved = rule[3] - bottom
                        joined[-1] = (x0, top, x1, rule[3], width, height + moved)
            else:
                joined.append(rule)
        out += joined
        start = stop
    return out


_ITEMS = (itemgetter(0), itemgetter(1))


def _crossings(
    vertical: list[Rule], horizontal: list[Rule]
) -> dict[Point, tuple[set[Box], set[Box]]]:
    """pdfplumber's ``edges_to_intersections``: where a vertical and a horizontal rule cross,
    within CROSSING, each crossing with the boxes of its vertical and its horizontal rules."""
    horizontal = sorted(horizontal, key=_TOP_X0)
    tops = [r[1] for r in horizontal]
    boxes = [r[:4] for r in horizontal]
    out: dict[Point, tuple[set[Box], set[Box]]] = {}
    for v in sorted(vertical, key=_X0_TOP):
        box = v[:4]
        x, v_top, _, v_bottom = box
        start = bisect_left(tops, v_top - CROSSING - _EPSILON)
        stop = bisect_right(tops, v_bottom + CROSSING + _EPSILON)
        for h, h_box in zip(horizontal[start:stop], boxes[start:stop], strict=True):
            if (
                v_top <= h[1] + CROSSING
                and v_bottom >= h[1] - CROSSING
                and h[0] - CROSSING <= x <= h[2] + CROSSING
            ):
                point = (x, h[1])
                rules = out.get(point)
                if rules is None:
                    rules = out[point] = (set(), set())
                rules[0].add(box)
                rules[1].add(h_box)
    return out


_TOP_X0 = itemgetter(1, 0)
_X0_TOP = itemgetter(0, 1)


def _cells(crossings: dict[Point, tuple[set[Box], set[Box]]]) -> list[Box]:
    """pdfplumber's ``intersections_to_cells``: for each crossing of rules (in order), the
    smallest cell whose four corners are crossings joined by common rules."""
    return _cells_and_corners(crossings)[0]


def _cells_and_corners(
    crossings: dict[Point, tuple[set[Box], set[Box]]],
) -> tuple[list[Box], list[tuple[int, int, int, int]]]:
    """:func:`_cells`, and each cell's corners by the crossings' numbers in order. The same
    search as pdfplumber's, with each crossing's rules made a set once (not at every test), the
    crossings numbered, and those below and right of each one listed once (not by scanning all
    the others)."""
    points = sorted(crossings)
    at = {point: i for i, point in enumerate(points)}
    # Two crossings in one column are joined when they share a vertical rule, two in one row
    # when they share a horizontal one (pdfplumber's ``edge_connects``).
    vertical = [crossings[point][0] for point in points]
    horizontal = [crossings[point][1] for point in points]
    # The points are in order of x, then y: a column's are a run of them, and the points below
    # one are those after it in its run; a row's, by y, in order.
    columns: list[list[int]] = []
    rows: dict[float, list[int]] = {}
    row_at: list[int] = []
    last_x = None
    for i, (x, y) in enumerate(points):
        if columns and x == last_x:
            columns[-1].append(i)
        else:
            columns.append([i])
            last_x = x
        row = rows.get(y)
        if row is None:
            row = rows[y] = []
        row_at.append(len(row))
        row.append(i)
    cells: list[Box] = []
    corners: list[tuple[int, int, int, int]] = []
    for column in columns:
        for k in range(len(column) - 1):
            i = column[k]
            x, y = points[i]
            acrosses = rows[y][row_at[i] + 1 :]
            if not acrosses:
                continue  # (no cell: none to the right)
            joined: dict[int, bool] = {}  # whether each of them is joined to the point
            point_v, point_h = vertical[i], horizontal[i]
            for down in column[k + 1 :]:
                if point_v.isdisjoint(vertical[down]):
                    continue
                down_h = horizontal[down]
                bottom = points[down][1]
                for across in acrosses:
                    ok = joined.get(across)
                    if ok is None:
                        ok = joined[across] = not point_h.isdisjoint(horizontal[across])
                    if not ok:
                        continue
                    right = points[across][0]
                    corner = at.get((right, bottom))
                    if (
                        corner is not None
                        and not vertical[corner].isdisjoint(vertical[across])
                        and not horizontal[corner].isdisjoint(down_h)
                    ):
                        cells.append((x, y, right, bottom))
                        corners.append((i, down, across, corner))
                        break
                else:
                    continue
                break
    return cells, corners
