"""Ruled tables from ruling lines and placed glyphs: the cells a page's lines enclose, as rows.

For documents that print their tables as lines and text at positions (an OFD's ``PathObject``s
and ``TextObject``s), this finds the tables the way pdfplumber's line strategy finds a PDF's, so
that both give the table recogniser the same rows: lines within ``SNAP`` of each other are one
line, collinear pieces that touch are joined, a cell is the smallest rectangle whose four sides
are drawn, and cells that share corners make one table. A row lists the table's columns left to
right: the text of the cell that starts there, or ``None`` where a merged cell from the left or
above covers it (the PDF reader's convention).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

SNAP = 3.0  # pt: pdfplumber's snap, join and intersection tolerances
# Work bound: a report's table page has a few hundred lines; their crossings grow as the square.
MAX_CROSSINGS = 50_000


@dataclass(frozen=True, slots=True)
class Rule:
    """A horizontal (``y0 == y1``) or vertical (``x0 == x1``) line, in pt, y down the page."""

    x0: float
    y0: float
    x1: float
    y1: float

    @property
    def horizontal(self) -> bool:
        return self.y0 == self.y1


@dataclass(frozen=True, slots=True)
class Placed:
    """A glyph's centre and what it prints; ``line_y`` groups glyphs into printed lines."""

    x: float
    y: float
    char: str
    left: float
    right: float
    line_y: float
    size: float


Table = list[list[str | None]]


def rule(x0: float, y0: float, x1: float, y1: float, slack: float = 0.5) -> Rule | None:
    """The segment as a rule when it is horizontal or vertical (within ``slack``), else None."""
    if abs(y1 - y0) <= slack and abs(x1 - x0) > slack:
        y = (y0 + y1) / 2
        return Rule(min(x0, x1), y, max(x0, x1), y)
    if abs(x1 - x0) <= slack and abs(y1 - y0) > slack:
        x = (x0 + x1) / 2
        return Rule(x, min(y0, y1), x, max(y0, y1))
    return None


def _cluster(values: list[float]) -> dict[float, float]:
    """Each value → the mean of its cluster (values within SNAP of their neighbour)."""
    out: dict[float, float] = {}
    group: list[float] = []
    for value in sorted(set(values)):
        if group and value - group[-1] > SNAP:
            mean = sum(group) / len(group)
            out |= dict.fromkeys(group, mean)
            group = []
        group.append(value)
    if group:
        out |= dict.fromkeys(group, sum(group) / len(group))
    return out


def _joined(rules: Sequence[Rule]) -> tuple[list[Rule], list[Rule]]:
    """Snapped to common positions, collinear pieces joined: (horizontals, verticals)."""
    ys = _cluster([r.y0 for r in rules if r.horizontal])
    xs = _cluster([r.x0 for r in rules if not r.horizontal])
    lines: dict[tuple[bool, float], list[tuple[float, float]]] = defaultdict(list)
    for r in rules:
        if r.horizontal:
            lines[True, ys[r.y0]].append((r.x0, r.x1))
        else:
            lines[False, xs[r.x0]].append((r.y0, r.y1))
    horizontals: list[Rule] = []
    verticals: list[Rule] = []
    for (horizontal, at), spans in lines.items():
        merged: list[list[float]] = []
        for start, end in sorted(spans):
            if merged and start <= merged[-1][1] + SNAP:
                merged[-1][1] = max(merged[-1][1], end)
            else:
                merged.append([start, end])
        for start, end in merged:
            if horizontal:
                horizontals.append(Rule(start, at, end, at))
            else:
                verticals.append(Rule(at, start, at, end))
    return horizontals, verticals


Point = tuple[float, float]


def _cells(rules: Sequence[Rule]) -> list[tuple[float, float, float, float]]:
    """The smallest rectangles whose four sides are drawn (x0, top, x1, bottom)."""
    horizontals, verticals = _joined(rules)
    if len(horizontals) * len(verticals) > MAX_CROSSINGS:
        raise ValueError("too many ruling lines")
    # Each crossing → the horizontal and vertical line (by index) it lies on.
    on_h: dict[Point, set[int]] = defaultdict(set)
    on_v: dict[Point, set[int]] = defaultdict(set)
    for v_index, v in enumerate(verticals):
        for h_index, h in enumerate(horizontals):
            if h.x0 - SNAP <= v.x0 <= h.x1 + SNAP and v.y0 - SNAP <= h.y0 <= v.y1 + SNAP:
                point = (v.x0, h.y0)
                on_h[point].add(h_index)
                on_v[point].add(v_index)
    by_x: dict[float, list[Point]] = defaultdict(list)
    by_y: dict[float, list[Point]] = defaultdict(list)
    for point in sorted(on_h):
        by_x[point[0]].append(point)
        by_y[point[1]].append(point)
    cells = []
    for point in sorted(on_h, key=lambda p: (p[1], p[0])):
        below = [p for p in by_x[point[0]] if p[1] > point[1] and on_v[p] & on_v[point]]
        right = [p for p in by_y[point[1]] if p[0] > point[0] and on_h[p] & on_h[point]]
        cell = _first_cell(point, below, right, on_h, on_v)
        if cell is not None:
            cells.append(cell)
    return cells


def _first_cell(
    point: Point,
    below: list[Point],
    right: list[Point],
    on_h: dict[Point, set[int]],
    on_v: dict[Point, set[int]],
) -> tuple[float, float, float, float] | None:
    for down in below:
        for across in right:
            corner = (across[0], down[1])
            if corner in on_h and on_v[corner] & on_v[across] and on_h[corner] & on_h[down]:
                return (point[0], point[1], corner[0], corner[1])
    return None


def _tables(
    cells: list[tuple[float, float, float, float]],
) -> list[list[tuple[float, float, float, float]]]:
    """Cells grouped into tables (cells sharing a corner), in page order."""
    parent = list(range(len(cells)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    by_corner: dict[Point, int] = {}
    for i, (x0, top, x1, bottom) in enumerate(cells):
        for corner in ((x0, top), (x1, top), (x0, bottom), (x1, bottom)):
            if corner in by_corner:
                parent[find(i)] = find(by_corner[corner])
            else:
                by_corner[corner] = i
    groups: dict[int, list[tuple[float, float, float, float]]] = defaultdict(list)
    for i, cell in enumerate(cells):
        groups[find(i)].append(cell)
    tables = [group for group in groups.values() if len(group) > 1]
    return sorted(tables, key=lambda t: (min(c[1] for c in t), min(c[0] for c in t)))


def _text(glyphs: list[Placed]) -> str:
    """The glyphs of a cell as printed lines (top to bottom), a space where a gap is wide."""
    lines: list[list[Placed]] = []
    for glyph in sorted(glyphs, key=lambda g: (g.line_y, g.left)):
        if lines and abs(glyph.line_y - lines[-1][0].line_y) <= lines[-1][0].size / 3:
            lines[-1].append(glyph)
        else:
            lines.append([glyph])
    out = []
    for line in lines:
        text = ""
        last: Placed | None = None
        for glyph in sorted(line, key=lambda g: g.left):
            if last is not None and glyph.left - last.right > SNAP and not text.endswith(" "):
                text += " "
            text += glyph.char
            last = glyph
        out.append(text)
    return "\n".join(out)


def ruled_tables(rules: Sequence[Rule], glyphs: Sequence[Placed]) -> list[Table]:
    """The page's ruled tables, each as rows of cell texts (None where a merged cell covers)."""
    out: list[Table] = []
    for cells in _tables(_cells(rules)):
        columns = sorted({c[0] for c in cells})
        tops = sorted({c[1] for c in cells})
        at = {(c[1], c[0]): c for c in cells}
        inside: dict[tuple[float, float, float, float], list[Placed]] = defaultdict(list)
        for glyph in glyphs:
            for cell in cells:
                if cell[0] <= glyph.x < cell[2] and cell[1] <= glyph.y < cell[3]:
                    inside[cell].append(glyph)
                    break
        out.append(
            [
                [_text(inside[at[top, x]]) if (top, x) in at else None for x in columns]
                for top in tops
            ]
        )
    return out
