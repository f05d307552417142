"""Findings: what a consistency rule reports, with the labels a clerk reads.

Shared by the single-report rules (``checks``) and the cross-year rules (``series``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from gongkai.report.formats import (
    APPEAL_COLUMNS,
    REQUEST_COLUMNS,
    Kind,
    Row,
    template,
)
from gongkai.report.model import AnnualReport, Cell


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


class Rule(StrEnum):
    ROW_TOTAL = "R1"  # 表三 每行：总计 = 六类申请人之和
    COLUMN_BALANCE = "R2"  # 表三 每列：新收 + 上年结转 = 办理结果总计 + 结转下年度
    RESULT_TOTAL = "R3"  # 表三 每列：办理结果总计 = 各项办理结果之和
    APPEAL_TOTAL = "R4"  # 表四 每组：总计 = 维持 + 纠正 + 其他 + 尚未审结
    NON_NEGATIVE = "R5"  # 每个数都是非负整数（本年增/减除外）
    CARRY_OVER = "R6"  # 跨年度：本年上年结转 = 上年结转下年度
    IN_FORCE = "R7"  # 跨年度（2021版）：现行有效 = 上年现行有效 + 本年制发 − 本年废止
    PREVIOUS_ITEMS = "R8"  # 跨年度（2019版）：上一年项目数量 = 上年的上一年项目数量 + 上年增/减
    PROSE = "R9"  # 总体情况文字所述数字与表三/表四不符
    BLANK = "BLANK"  # 空白单元格（按 0 计算）
    DUPLICATE = "DUP"  # 同一机关同一年度有多份报告


SEVERITY: dict[Rule, Severity] = {
    rule: Severity.ERROR
    if rule
    in (
        Rule.ROW_TOTAL,
        Rule.COLUMN_BALANCE,
        Rule.RESULT_TOTAL,
        Rule.APPEAL_TOTAL,
        Rule.NON_NEGATIVE,
    )
    else Severity.WARNING
    for rule in Rule
}

TABLE_NUMBER = {"proactive": "二", "requests": "三", "appeals": "四"}


@dataclass(frozen=True, slots=True)
class Finding:
    rule: Rule
    severity: Severity
    message: str  # Chinese, for a clerk: which cell, the numbers on both sides
    table: str | None = None  # proactive / requests / appeals
    row: str | None = None
    row_label: str | None = None
    column: str | None = None
    column_label: str | None = None
    left: int | float | None = None  # the figure the rule derives (e.g. the sum of the parts)
    right: int | float | None = None  # the figure the report prints (e.g. its total)
    agency: str | None = None
    year: int | None = None
    sentence: str | None = None  # rule 9: the sentence quoted from the prose

    def to_dict(self) -> dict[str, object]:
        return {
            "rule": self.rule.value,
            "severity": self.severity.value,
            "message": self.message,
            "table": self.table,
            "table_number": TABLE_NUMBER.get(self.table or ""),
            "row": self.row,
            "row_label": self.row_label,
            "column": self.column,
            "column_label": self.column_label,
            "left": self.left,
            "right": self.right,
            "agency": self.agency,
            "year": self.year,
            "sentence": self.sentence,
        }


class _PerTable(dict[tuple[str, str], dict[Any, Any]]):
    """Per (template key, table key): a lookup built from the template's rows on first use —
    its own rows and the rows of the layouts it accepts (a 2021 report's one-row （六）)."""

    def __init__(self, build: Callable[[tuple[Row, ...]], dict[Any, Any]]) -> None:
        super().__init__()
        self._build = build

    def __missing__(self, at: tuple[str, str]) -> dict[Any, Any]:
        value = self[at] = self._build(template(at[0]).known_rows(at[1]))
        return value


ROW_LABELS: dict[tuple[str, str], dict[str, str]] = _PerTable(
    lambda rows: {row.key: row.label for row in rows}
)
COLUMN_LABELS: dict[tuple[str, str], dict[tuple[str, str], str]] = _PerTable(
    lambda rows: {(r.key, c.key): c.label for r in rows for c in r.columns}
)
KINDS: dict[tuple[str, str], dict[str, dict[str, Kind]]] = _PerTable(
    lambda rows: {row.key: {c.key: c.kind for c in row.columns} for row in rows}
)
# The rows whose every column is money (2021's 行政事业性收费): any non-negative number passes.
MONEY_ROWS: dict[tuple[str, str], dict[str, bool]] = _PerTable(
    lambda rows: {row.key: True for row in rows if all(c.kind is Kind.MONEY for c in row.columns)}
)
REQUEST_COLUMN_LABEL = {c.key: c.label for c in REQUEST_COLUMNS}
APPEAL_COLUMN_LABEL = {c.key: c.label for c in APPEAL_COLUMNS}
NOT_RESULTS = frozenset({"new", "carried_over", "result_total", "carried_forward"})


def n(value: Cell) -> int | float:
    return 0 if value is None else value


# str of an int costs as much as the rest of a finding's message; the counts of a report are
# mostly small. Keyed by int only where the key's type is checked to be int (1.0 and True hash
# and compare equal to 1).
_SMALL_INTS: dict[int, str] = {i: str(i) for i in range(-16, 2048)}


def fmt_number(value: int | float) -> str:
    if type(value) is int:
        return _SMALL_INTS.get(value) or str(value)
    return str(value) if isinstance(value, int) or not value.is_integer() else str(int(value))


def fmt_numbers(values: Iterable[int | float]) -> list[str]:
    """``fmt_number`` of each value; a plain int (the common case) looked up without a call of
    ``fmt_number``."""
    small = _SMALL_INTS
    return [(small.get(v) or str(v)) if type(v) is int else fmt_number(v) for v in values]


# The generated __init__ of a frozen dataclass sets each field through object.__setattr__, which
# costs as much as the rest of a finding; a report with dozens of blank rows has dozens of
# findings. A draft with the same slots is filled with plain (fast) slot stores and then given
# the class Finding — legal because both layouts are the same slots on object; the result is
# the same frozen Finding (tests/test_checks_reference.py compares it with the dataclass one).
class _Draft:
    __slots__ = Finding.__slots__

    rule: Rule
    severity: Severity
    message: str
    table: str | None
    row: str | None
    row_label: str | None
    column: str | None
    column_label: str | None
    left: int | float | None
    right: int | float | None
    agency: str | None
    year: int | None
    sentence: str | None


Draft = _Draft  # for the checks' hottest loops, which inline ``Collector.put``


# SEVERITY[rule] hashes the rule through Enum.__hash__, a Python call, and ``rule in`` a tuple
# compares it with each error rule as a string: the members are looked up by identity instead.
_ERRORS = tuple(rule for rule in Rule if SEVERITY[rule] is Severity.ERROR)
_SEVERITY_BY_ID = {id(rule): severity for rule, severity in SEVERITY.items()}


class Collector:
    """Builds findings for one report, filling in the agency and year."""

    def __init__(self, report: AnnualReport) -> None:
        self.agency = report.agency
        self.year = report.year
        self.findings: list[Finding] = []

    def add(self, rule: Rule, message: str, **where: object) -> None:
        self.findings.append(
            Finding(rule, SEVERITY[rule], message, agency=self.agency, year=self.year, **where)  # type: ignore[arg-type]
        )

    def put(
        self,
        rule: Rule,
        message: str,
        table: str | None = None,
        row: str | None = None,
        row_label: str | None = None,
        column: str | None = None,
        column_label: str | None = None,
        left: int | float | None = None,
        right: int | float | None = None,
        sentence: str | None = None,
    ) -> None:
        """``add`` for the single-report rules, where findings can be many: the finding built
        without keyword dicts (its fields stored on a bare instance, every one of them)."""
        draft = _Draft()
        draft.rule = rule
        draft.severity = _SEVERITY_BY_ID.get(id(rule)) or (
            Severity.ERROR if rule in _ERRORS else Severity.WARNING
        )
        draft.message = message
        draft.table = table
        draft.row = row
        draft.row_label = row_label
        draft.column = column
        draft.column_label = column_label
        draft.left = left
        draft.right = right
        draft.agency = self.agency
        draft.year = self.year
        draft.sentence = sentence
        draft.__class__ = Finding  # type: ignore[assignment]
        self.findings.append(draft)  # type: ignore[arg-type]
