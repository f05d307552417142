"""The building blocks of a report template: tables, rows, columns, and the template itself.

A :class:`Template` owns everything that is particular to one official format: its tables and
labels, the printed layouts it accepts besides its own, the labels that tell it from the others,
the cross-year rules that apply to it, how the platform's outcome counts fold into its table 三
and the years it governs. Nothing outside this package names a particular template.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from enum import StrEnum


class Kind(StrEnum):
    COUNT = "count"  # a non-negative integer (rule 5)
    SIGNED = "signed"  # an integer that may be negative: 本年增/减
    MONEY = "money"  # any non-negative number


@dataclass(frozen=True, slots=True)
class Column:
    key: str
    label: str
    kind: Kind = Kind.COUNT
    variants: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Row:
    key: str
    label: str
    columns: tuple[Column, ...]
    variants: tuple[str, ...] = ()
    # The heading printed above the row in the official layout (e.g. "第二十条第（一）项",
    # "（三）不予公开"); writers print it, readers accept it.
    group: str = ""

    def column(self, key: str) -> Column:
        for column in self.columns:
            if column.key == key:
                return column
        raise KeyError(key)


@dataclass(frozen=True, slots=True)
class Table:
    key: str  # the canonical JSON key: proactive / requests / appeals
    number: str  # 二 / 三 / 四
    title: str
    rows: tuple[Row, ...]

    def row(self, key: str) -> Row:
        for row in self.rows:
            if row.key == key:
                return row
        raise KeyError(key)

    @property
    def row_keys(self) -> tuple[str, ...]:
        return tuple(row.key for row in self.rows)


SECTIONS: tuple[tuple[str, str], ...] = (
    ("overview", "一、总体情况"),
    ("proactive", "二、主动公开政府信息情况"),
    ("requests", "三、收到和处理政府信息公开申请情况"),
    ("appeals", "四、政府信息公开行政复议、行政诉讼情况"),
    ("problems", "五、存在的主要问题及改进情况"),
    ("other", "六、其他需要报告的事项"),
)
# The narrative sections kept as text in ``AnnualReport.sections``; 二–四 are the tables.
NARRATIVE_SECTIONS: tuple[str, ...] = ("overview", "problems", "other")
TABLE_KEYS: tuple[str, ...] = ("proactive", "requests", "appeals")


@dataclass(frozen=True, slots=True)
class Collapse:
    """A layout a template accepts besides its own: several of its rows printed as one.

    Canonical JSON keeps such a report as printed, under ``row``'s key, in the place of the
    first collapsed row (spec: a 2021 report that prints （六）其他处理 as one row).
    """

    table: str
    rows: tuple[str, ...]  # the template's rows that the one row stands for
    row: Row
    note: str  # the reader's warning when it meets this layout


@dataclass(frozen=True, eq=False)
class Template:
    """One official template. Compared and hashed by identity: there is one object a template."""

    key: str  # as canonical JSON spells it in "format"
    name: str  # how a person names it: "2021 版"
    basis: str  # the document that set it
    first_year: int | None  # the first report year it governs (None: every year before)
    last_year: int | None  # the last (None: still in force)
    tables: tuple[Table, ...] = ()
    result_rows: tuple[str, ...] = ()  # table 三 rows that add up to （七）总计 (rule 3)
    signatures: tuple[str, ...] = ()  # labels (normalized) only this template prints
    collapses: tuple[Collapse, ...] = ()
    # The platform's outcome codes (the current template's table 三 rows) that this template
    # counts under another row; an outcome code that is one of its rows needs no entry.
    folds: Mapping[str, str] = field(default_factory=dict)
    cross_year_rules: frozenset[str] = frozenset()  # finding rule codes (R6, R7, …)

    def __str__(self) -> str:
        return self.key

    # --- tables -------------------------------------------------------------------------------

    @property
    def has_tables(self) -> bool:
        return bool(self.tables)

    def table(self, key: str) -> Table:
        for table in self.tables:
            if table.key == key:
                return table
        raise KeyError(f"{self.name}没有表 {key}")

    @property
    def proactive(self) -> Table:
        return self.table("proactive")

    @property
    def requests(self) -> Table:
        return self.table("requests")

    @property
    def appeals(self) -> Table:
        return self.table("appeals")

    @property
    def results_group(self) -> str:
        """The heading printed down the left of table 三's result rows (三、本年度办理结果)."""
        return self.requests.row(self.result_rows[0]).group

    def governs(self, year: int) -> bool:
        after_first = self.first_year is None or year >= self.first_year
        return after_first and (self.last_year is None or year <= self.last_year)

    # --- layouts ------------------------------------------------------------------------------

    def collapse_for(self, table: str, present: Collection[str]) -> Collapse | None:
        """The accepted layout that a table whose rows are ``present`` was printed in, if any."""
        for collapse in self.collapses:
            if collapse.table == table and collapse.row.key in present:
                return collapse
        return None

    def rows_as_printed(self, table: str, present: Collection[str] = ()) -> tuple[Row, ...]:
        """The rows of ``table`` in printed order, for a report whose rows are ``present``: a
        collapsed layout's one row stands in the place of the rows it stands for."""
        rows = self.table(table).rows
        collapse = self.collapse_for(table, present)
        if collapse is None:
            return rows
        at = next(i for i, row in enumerate(rows) if row.key == collapse.rows[0])
        kept = tuple(row for row in rows if row.key not in collapse.rows)
        before = sum(1 for row in rows[:at] if row.key not in collapse.rows)
        return (*kept[:before], collapse.row, *kept[before:])

    def known_rows(self, table: str) -> tuple[Row, ...]:
        """Every row a report of this template may hold in ``table``, accepted layouts' too."""
        extra = tuple(c.row for c in self.collapses if c.table == table)
        return (*self.table(table).rows, *extra)

    def known_row(self, table: str, key: str) -> Row:
        """The row ``key`` of ``table``, an accepted layout's row included (``KeyError`` if none)."""
        for row in self.known_rows(table):
            if row.key == key:
                return row
        raise KeyError(key)

    # --- the platform -------------------------------------------------------------------------

    def row_for_outcome(self, outcome: str) -> str | None:
        """The table 三 row that counts a case closed with ``outcome`` (a platform outcome code)."""
        if outcome in self.folds:
            return self.folds[outcome]
        return outcome if outcome in self.requests.row_keys else None
