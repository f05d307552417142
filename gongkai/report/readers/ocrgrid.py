"""The ruled tables of a scanned page: straightened, found by their ruling lines, cut into cells.

A report's tables are ruled. On the page image (grey, 300 dpi) a rule is a run of dark pixels
far longer than any stroke of a character: a horizontal rule is found as a row run of at least
_RUN pixels, a vertical one as a column run. A table is a stack of horizontal rules joined by
vertical ones; its cells are the rectangles between neighbouring rules, merged across a rule
that is missing there (a merged cell). Each cell is then read on its own (module ``ocr``), so
that Tesseract never runs a number of one cell into the next, nor a rule into a digit.

A scan is seldom straight: the page is first turned by the angle (within ±_MAX_SKEW degrees)
that makes its rows of ink sharpest, so that rules run along pixel rows and columns.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

_DARK = 200  # grey below this is ink (a thin rule prints light grey between pixels)
_RUN = 60  # pixels (5 mm at 300 dpi): longer than any character's stroke
_MIN_SEGMENT = 120  # a horizontal rule shorter than this (1 cm) is not a table's
# A vertical rule may be as short as a row of one line of small print; a stroke that long
# is never taken for one, for it must join two horizontal rules.
_MIN_VERTICAL = 40
_NEAR = 4  # rules this close (pixels) are one
_COVER = 0.6  # a rule is present between two cells when it covers this much of their side
_MAX_SKEW = 2.0
_SKEW_STEP = 0.1


@dataclass(frozen=True, slots=True)
class Box:
    left: int
    top: int
    right: int
    bottom: int


@dataclass(frozen=True, slots=True)
class Cell:
    row: int  # 1-based, the grid row of its top
    column: int  # 1-based, the grid column of its left
    box: Box


@dataclass(frozen=True, slots=True)
class Table:
    box: Box
    cells: list[Cell]


def straightened(gray: Any) -> tuple[Any, float]:
    """The page turned so that its lines of ink are level, and the angle it was turned by."""
    from PIL import Image

    angle = skew(gray)
    if abs(angle) < _SKEW_STEP / 2:
        return gray, 0.0
    return gray.rotate(angle, Image.Resampling.BICUBIC, fillcolor=255), angle


def skew(gray: Any) -> float:
    """The angle (degrees, counter-clockwise) that makes the page's rows of ink sharpest: the
    sum of squared row sums of a small copy is largest when text lines and rules are level."""
    import numpy as np
    from PIL import Image

    scale = 800 / max(gray.size)
    small = gray.resize(
        (max(1, int(gray.width * scale)), max(1, int(gray.height * scale))),
        Image.Resampling.BOX,
    )
    ink = Image.eval(small, lambda v: 255 - v)

    def sharpness(angle: float) -> float:
        turned = np.asarray(ink.rotate(angle, Image.Resampling.BILINEAR), dtype=np.float64)
        rows = turned.sum(axis=1)
        return float((rows * rows).sum())

    steps = int(_MAX_SKEW / _SKEW_STEP)
    coarse = [i * _SKEW_STEP * 4 for i in range(-steps // 4, steps // 4 + 1)]
    best = max(coarse, key=sharpness)
    fine = [best + i * _SKEW_STEP for i in range(-3, 4)]
    chosen: float = max(fine, key=sharpness)
    return round(chosen, 2)


def ink(gray: Any) -> Any:
    import numpy as np

    return np.asarray(gray, dtype=np.uint8) < _DARK


def _runs(dark: Any, axis: int, run: int) -> Any:
    """The pixels that belong to a run of at least ``run`` dark pixels along ``axis``."""
    import numpy as np

    moved = dark if axis == 1 else dark.T
    height, width = moved.shape
    if width < run:
        return np.zeros_like(dark)
    # int16 is enough: a page is at most 5000 pixels across (ocr.MAX_PAGE_POINTS at 300 dpi).
    counts = np.zeros((height, width + 1), dtype=np.int16)
    np.cumsum(moved, axis=1, out=counts[:, 1:])
    full = (counts[:, run:] - counts[:, :-run]) == run  # the window starting here is dark
    del counts
    windows = full.shape[1]
    starts = np.zeros((height, windows + 1), dtype=np.int16)
    np.cumsum(full, axis=1, out=starts[:, 1:])
    # A pixel is covered when a full window starts within run pixels before it.
    index = np.arange(width)
    high = np.minimum(index, windows - 1) + 1
    low = np.clip(index - run + 1, 0, None)
    covered = (starts[:, high] - starts[:, low]) > 0
    return covered if axis == 1 else covered.T


@dataclass(frozen=True, slots=True)
class _Rule:
    at: int  # the y of a horizontal rule, the x of a vertical one
    start: int
    end: int


def _rules(mask: Any, axis: int, minimum: int) -> list[_Rule]:
    """Rules of one direction: bands of neighbouring pixel rows (columns) with a long run."""
    import numpy as np

    lines = mask if axis == 1 else mask.T
    counts = lines.sum(axis=1)
    found: list[_Rule] = []
    index = 0
    total = len(counts)
    while index < total:
        if counts[index] < minimum:
            index += 1
            continue
        first = index
        while index < total and counts[index] >= minimum:
            index += 1
        band = lines[first:index].any(axis=0)
        edges = np.flatnonzero(np.diff(np.concatenate(([0], band.astype(np.int8), [0]))))
        for start, end in zip(edges[::2], edges[1::2], strict=True):
            if end - start >= minimum:
                # The band may hold strokes of text beside the rule: the rule is the pixel row
                # (column) that is dark along most of this segment.
                at = first + int(lines[first:index, start:end].sum(axis=1).argmax())
                found.append(_Rule(at, int(start), int(end)))
    return found


def tables(gray: Any) -> list[Table]:
    """The ruled tables of a (straightened) page, top to bottom."""
    dark = ink(gray)
    across, down = _runs(dark, 1, _RUN), _runs(dark, 0, _MIN_VERTICAL)
    horizontal, vertical = _rules(across, 1, _MIN_SEGMENT), _rules(down, 0, _MIN_VERTICAL)
    found = []
    for group in _stacks(horizontal, vertical):
        table = _table(group, vertical, across, down)
        if table is not None:
            found.append(table)
    return found


def _joined(upper: _Rule, lower: _Rule, vertical: list[_Rule]) -> bool:
    return any(
        v.start <= upper.at + _NEAR
        and v.end >= lower.at - _NEAR
        and max(upper.start, lower.start) - _NEAR <= v.at <= min(upper.end, lower.end) + _NEAR
        for v in vertical
    )


def _stacks(horizontal: list[_Rule], vertical: list[_Rule]) -> list[list[_Rule]]:
    """Horizontal rules grouped into tables: each joined to the one above by a vertical rule."""
    stacks: list[list[_Rule]] = []
    for rule in sorted(horizontal, key=lambda r: (r.at, r.start)):
        for stack in reversed(stacks):
            if any(_joined(above, rule, vertical) for above in stack[-6:]):
                stack.append(rule)
                break
        else:
            stacks.append([rule])
    return [stack for stack in stacks if len(stack) >= 2]


def _positions(values: list[int]) -> list[int]:
    merged: list[list[int]] = []
    for value in sorted(values):
        if merged and value - merged[-1][-1] <= _NEAR:
            merged[-1].append(value)
        else:
            merged.append([value])
    return [sum(group) // len(group) for group in merged]


def _covered(mask: Any, fixed: int, start: int, end: int, axis: int) -> bool:
    """Whether a rule runs at ``fixed`` (y for axis 1, x for axis 0) over most of start..end."""
    if end - start <= 2 * _NEAR:
        return True
    low, high = max(0, fixed - _NEAR), fixed + _NEAR + 1
    inner = slice(start + _NEAR, end - _NEAR)
    band = mask[low:high, inner] if axis == 1 else mask[inner, low:high].T
    return float(band.any(axis=0).mean()) >= _COVER


def _table(stack: list[_Rule], vertical: list[_Rule], across: Any, down: Any) -> Table | None:
    left = min(r.start for r in stack)
    right = max(r.end for r in stack)
    ys = _positions([r.at for r in stack])

    def on_rule(y: int) -> bool:
        return any(abs(y - at) <= 2 * _NEAR for at in ys)

    # A vertical rule runs from one horizontal rule to another (not a stroke inside a cell).
    xs = _positions(
        [
            v.at
            for v in vertical
            if left - _NEAR <= v.at <= right + _NEAR and on_rule(v.start) and on_rule(v.end)
        ]
    )
    if len(ys) < 2 or len(xs) < 2:
        return None
    rows, columns = len(ys) - 1, len(xs) - 1
    parent = list(range(rows * columns))

    def find(unit: int) -> int:
        while parent[unit] != unit:
            parent[unit] = parent[parent[unit]]
            unit = parent[unit]
        return unit

    for i in range(rows):
        for j in range(columns):
            unit = i * columns + j
            if j + 1 < columns and not _covered(down, xs[j + 1], ys[i], ys[i + 1], 0):
                parent[find(unit + 1)] = find(unit)
            if i + 1 < rows and not _covered(across, ys[i + 1], xs[j], xs[j + 1], 1):
                parent[find(unit + columns)] = find(unit)
    spans: dict[int, list[int]] = {}
    for unit in range(rows * columns):
        i, j = divmod(unit, columns)
        span = spans.setdefault(find(unit), [i, j, i, j])
        span[0], span[1] = min(span[0], i), min(span[1], j)
        span[2], span[3] = max(span[2], i), max(span[3], j)
    cells = [
        Cell(i0 + 1, j0 + 1, Box(xs[j0], ys[i0], xs[j1 + 1], ys[i1 + 1]))
        for i0, j0, i1, j1 in spans.values()
    ]
    cells.sort(key=lambda c: (c.row, c.column))
    return Table(Box(xs[0], ys[0], xs[-1], ys[-1]), cells)
