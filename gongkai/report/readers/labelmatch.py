"""The label matching the table recogniser (module ``tables``) asks of every row, with its
answers cached: a report asks the same few questions many times, and every report asks about
the template's own labels."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from gongkai.report.formats import Row, Table, Template, match_row, matches_label, normalize_label
from gongkai.report.model import Source


@lru_cache(maxsize=8192)
def normal(text: str) -> str:
    return normalize_label(text)


# match_row folds every label it compares; a report asks the same few questions many times.
# Keyed by the table's id (hashing a table hashes every row); the tables are kept alive with
# the answers, so that an id is never reused by another table while its answers are cached.
_MATCHES: dict[tuple[int, str, str], str | None] = {}
_MATCHED_TABLES: dict[int, Table] = {}


def _match_row(table: Table, text: str, group: str) -> str | None:
    key = (id(table), text, group)
    if key not in _MATCHES:
        if len(_MATCHES) > 50_000:
            _MATCHES.clear()
            _MATCHED_TABLES.clear()
        _MATCHED_TABLES[id(table)] = table
        _MATCHES[key] = match_row(table, text, group)
    return _MATCHES[key]


def exact_match(spec: Template, text: str, group: str) -> Match | None:
    """The template row printed as ``text`` under ``group`` (an accepted layout's row first).

    The answers are cached like :func:`_match_row`'s: a report asks about the same labels in
    every table, and every report asks about the template's own."""
    key = (id(spec), text, group)
    if key in _EXACT:
        return _EXACT[key]
    if len(_EXACT) > 50_000:
        _EXACT.clear()
    found: Match | None = None
    for collapse in spec.collapses:  # a layout the template accepts besides its own
        if matches_label(collapse.row, text):
            found = Match(spec.table(collapse.table), collapse.row, text)
            break
    else:
        for table in (spec.requests, spec.proactive, spec.appeals):
            row_key = _match_row(table, text, group)
            if row_key is not None:
                found = Match(table, table.row(row_key), text)
                break
    _TEMPLATES[id(spec)] = spec  # kept alive, so that its id is never another's
    _EXACT[key] = found
    return found


_EXACT: dict[tuple[int, str, str], Match | None] = {}
_TEMPLATES: dict[int, Template] = {}


@dataclass(frozen=True, slots=True)
class Plan:
    """What storing a row's cells needs of each of its columns, worked out once a row."""

    key: str
    label: str
    source_key: str  # table/row/column, the key of the cell's source
    money: bool  # the column counts 万元


@dataclass(frozen=True, slots=True)
class RowPlan:
    """A template row's columns as storing needs them, with what a row read from its texts
    asks of all of them at once."""

    columns: tuple[Plan, ...]
    keys: tuple[str, ...]  # each column's key, in order
    money: tuple[int, ...]  # the places of the columns that count 万元


def plan_of(table: Table, row: Row) -> RowPlan:
    key = (id(table), id(row))
    plan = _PLANS.get(key)
    if plan is None:
        if len(_PLANS) > 10_000:
            _PLANS.clear()
        _KEPT[key] = (table, row)
        columns = tuple(
            Plan(c.key, c.label, f"{table.key}/{row.key}/{c.key}", "万元" in c.label)
            for c in row.columns
        )
        plan = _PLANS[key] = RowPlan(
            columns,
            tuple(c.key for c in columns),
            tuple(i for i, c in enumerate(columns) if c.money),
        )
    return plan


_PLANS: dict[tuple[int, int], RowPlan] = {}
_KEPT: dict[tuple[int, int], tuple[Table, Row]] = {}


def sources_of(plan: tuple[Plan, ...], table: str, printed_row: str) -> dict[str, Source]:
    """Where each column of a row printed as ``printed_row`` in table ``table`` was read, for a
    row read from its texts (no page, no line), keyed as the report's sources are: made once,
    and shared (a :class:`Source` is immutable). Not to be changed by the caller."""
    key = (id(plan), table, printed_row)
    kept = _SOURCES.get(key)
    if kept is None:
        if len(_SOURCES) > 10_000:
            _SOURCES.clear()
        sources = {c.source_key: Source(None, table, printed_row, c.label, None) for c in plan}
        # The plan kept alive with its sources, so that its id is never another's meanwhile.
        kept = _SOURCES[key] = (plan, sources)
    return kept[1]


_SOURCES: dict[tuple[int, str, str], tuple[tuple[Plan, ...], dict[str, Source]]] = {}


@dataclass(frozen=True, slots=True)
class Match:
    table: Table
    row: Row
    label: str  # as printed
