"""The cells every table reader produces, and how a cell's text becomes a number.

A reader (HTML, scraped text, PDF, DOCX) turns its document into rows of :class:`GridCell`,
each knowing where it was read (page, line, table index, printed position). The shared
recogniser in :mod:`gongkai.report.readers.tables` turns those rows into tables 二/三/四.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import Enum
from functools import lru_cache

# Units that real reports write into a cell ("251000元"): stripped, the number kept as printed.
_UNITS = ("万元", "元", "件", "条", "个", "项", "人次", "次", "份", "家", "人")
_NUMBER = re.compile(r"^[+-]?\d+(?:\.\d+)?$")
_THOUSANDS = re.compile(r"^[+-]?\d{1,3}(?:,\d{3})+(?:\.\d+)?$")
# What a cell prints when it means "nothing here": kept as a blank (None) plus a warning.
_BLANK_MARKS = frozenset({"", "-", "--", "—", "——", "/", "\\", "无", "空", "×", "x"})
_DASHES = str.maketrans({"−": "-", "–": "-", "—": "-", "﹣": "-", "＋": "+"})


class CellKind(Enum):
    NUMBER = "number"
    BLANK = "blank"
    LABEL = "label"


@dataclass(frozen=True, slots=True)
class Parsed:
    kind: CellKind
    value: int | float | None = None
    unit: str = ""  # the unit stripped from the cell, if any
    # Digits too many for one figure (over MAX_NUMBER_CHARS): only a run of several cells'
    # numbers printed together, which the recogniser may cut; never a value by itself.
    run: bool = False
    # What a row read from its texts stores for this cell: the value of a number, None for
    # anything else (a blank, a label, a run of several cells' digits). Worked out once, where
    # the answer is made (parse_cell caches it), so that reading a row needs no test a cell.
    read: int | float | None = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        read = self.value if self.kind is CellKind.NUMBER and not self.run else None
        object.__setattr__(self, "read", read)


@dataclass(slots=True)
class GridCell:
    """One printed cell. ``spanned`` marks a copy placed by a rowspan (the cell above it)."""

    text: str
    page: int | None = None
    line: int | None = None
    table: int | None = None  # index of the printed table in the document (1-based)
    row: int | None = None  # printed row index in that table (1-based)
    column: int | None = None  # printed column index (1-based)
    spanned: bool = False


GridRow = list[GridCell]


Places = list[tuple[int, int, bool]]


@dataclass(slots=True)
class TextRow:
    """A table row as its cells' texts, with where each cell was printed: the cells themselves
    (:class:`GridCell`) are made only where one is asked for (:meth:`cells`), e.g. for a
    warning's place. A web page's rows come this way: most of them are read from their texts
    alone (``tables._Recogniser.take``), and a cell a row costs more than the reading."""

    texts: list[str]
    table: int  # the table's index in the document (1-based)
    row: int  # this row's printed index in that table (1-based)
    # Each cell's printed (row, column, spanned) where a span moved it from its plain place;
    # None: the i-th text is the cell in column i + 1 of this row, spanning nothing into it.
    # Or what makes that list, called the first time a cell is asked for (most rows are read
    # from their texts alone, and never have their places made).
    places: Places | Callable[[], Places] | None = None

    def __len__(self) -> int:
        return len(self.texts)

    def _places(self) -> Places | None:
        places = self.places
        if callable(places):
            places = self.places = places()
        return places

    def cell(self, at: int) -> GridCell:
        """The cell of the ``at``-th text (0-based)."""
        places = self._places()
        if places is None:
            return GridCell(self.texts[at], None, None, self.table, self.row, at + 1)
        r, c, spanned = places[at]
        return GridCell(self.texts[at], None, None, self.table, r, c, spanned)

    def cells(self) -> GridRow:
        table = self.table
        places = self._places()
        if places is None:
            row = self.row
            return [
                GridCell(text, None, None, table, row, c) for c, text in enumerate(self.texts, 1)
            ]
        return [
            GridCell(text, None, None, table, r, c, spanned)
            for text, (r, c, spanned) in zip(self.texts, places, strict=True)
        ]


AnyRow = GridRow | TextRow


def row_cells(row: AnyRow) -> GridRow:
    """The row's cells, made from its texts where it is a :class:`TextRow`."""
    return row.cells() if isinstance(row, TextRow) else row


def row_texts(row: AnyRow) -> list[str]:
    return row.texts if isinstance(row, TextRow) else [cell.text for cell in row]


def fold(text: str) -> str:
    """Full-width digits and letters to ASCII, and every run of whitespace removed."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


# No figure in a report has more than a dozen digits; a longer "number" is damage or an attack
# (int() of a million digits is refused by Python, and slow long before that), so it is a label.
MAX_NUMBER_CHARS = 20
# A row of up to fifteen cells run together (表四) is at most this many digits.
MAX_RUN_CHARS = 64


@lru_cache(maxsize=8192)
def parse_cell(text: str) -> Parsed:
    """Classify a cell: a number (unit stripped), a blank, or a label.

    Cached: a report repeats the same few texts ("0", "", its labels) hundreds of times."""
    folded = fold(text).translate(_DASHES)
    if folded in _BLANK_MARKS:
        return Parsed(CellKind.BLANK)
    unit = ""
    for candidate in _UNITS:
        if folded.endswith(candidate) and len(folded) > len(candidate):
            unit, folded = candidate, folded[: -len(candidate)]
            break
    if _THOUSANDS.match(folded):
        folded = folded.replace(",", "")
    if folded.isascii() and folded.isdigit() and len(folded) <= MAX_RUN_CHARS and not unit:
        return Parsed(CellKind.NUMBER, int(folded), run=len(folded) > MAX_NUMBER_CHARS)
    if not _NUMBER.match(folded) or len(folded) > MAX_NUMBER_CHARS:
        return Parsed(CellKind.LABEL)
    return Parsed(CellKind.NUMBER, to_number(folded), unit)


def to_number(text: str) -> int | float:
    """``"7730.28"`` → 7730.28, ``"0.00"`` → 0.0 (kept as printed), ``"-3"`` → -3."""
    if "." in text:
        return float(text)
    return int(text)


def cell_place(cell: GridCell) -> str:
    """Where a cell is, for a message a person can follow: 第3页 第2个表格 第5行."""
    parts = []
    if cell.page is not None:
        parts.append(f"第{cell.page}页")
    if cell.table is not None:
        parts.append(f"第{cell.table}个表格")
    if cell.row is not None:
        parts.append(f"第{cell.row}行")
    if cell.column is not None:
        parts.append(f"第{cell.column}列")
    if cell.line is not None and cell.row is None:
        parts.append(f"第{cell.line}行")
    return " ".join(parts)


def trim_filler(values: list[tuple[GridCell, Parsed]], width: int) -> list[tuple[GridCell, Parsed]]:
    """Drop the empty filler cells that layouts leave at a row's ends, down to ``width``."""
    values = list(values)
    while len(values) > width and not values[-1][0].text.strip():
        values.pop()
    while len(values) > width and not values[0][0].text.strip():
        values.pop(0)
    return values


MINUS = str.maketrans({"−": "-", "－": "-", "–": "-", "—": "-"})


_PIECE = re.compile(r"^-?\d+(?:\.\d+)?$")


def all_digit_runs(values: list[tuple[GridCell, Parsed]], *, signed: bool = False) -> bool:
    """Every cell a plain run of digits (``signed``: or a signed or decimal piece of one)."""
    if not values:
        return False
    if signed:
        return all(
            p.kind is CellKind.NUMBER and not p.unit and _PIECE.match(fold(c.text).translate(MINUS))
            for c, p in values
        )
    return all(
        p.kind is CellKind.NUMBER
        and isinstance(p.value, int)
        and not p.unit
        and fold(cell.text).isdigit()
        for cell, p in values
    )
