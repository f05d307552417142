"""Per-layout generated tests that a table gives no finding, for ``checks.check_report``.

A report's tables are mostly clean: every cell filled, of its kind, every sum right. Deciding
that with whole-table builtins costs a call (and a pass over the cells) per rule, which for
table 三's 175 cells is most of a check. Instead, for each layout met (the template, the table,
its row keys in order), one Python function is generated and compiled: straight-line code that
reads every cell of the table by name once and tests the rules with plain operators, no loop
and no per-rule dispatch. It answers True only when the table certainly gives no finding:

- table 二: no blank, every cell of its kind (``Kind``): a count a non-negative int, 本年增/减 an
  int, money a non-negative int or float; every row holding exactly the template's columns;
- table 三: every cell of the seven columns a non-negative int, and rules 1–3 hold;
- table 四: every cell of the five columns a non-negative int, and rule 4 holds.

Anything else — a blank, a fraction, a wrong sum, a missing row or column, an unknown row, an
error — answers False, and the checker's general code runs as before; so the findings (and the
errors) are those of the general code in every case (tests/test_clean_tables.py compares them).
The rows, columns and kinds come from the template and the report's own keys; nothing here
names a particular template.
"""

from __future__ import annotations

from collections.abc import Callable
from struct import Struct
from typing import Any

from gongkai.report.findings import KINDS, NOT_RESULTS, ROW_LABELS
from gongkai.report.formats import APPEAL_PARTS, REQUEST_COLUMNS, Kind

__all__ = ["clean_test"]

CleanTest = Callable[[dict[str, dict[str, Any]]], bool]

_REQUEST_COLUMNS = tuple(c.key for c in REQUEST_COLUMNS)  # six applicant columns, then total
_APPEAL_COLUMNS = (*APPEAL_PARTS, "total")
_BOOK_ROWS = ("new", "carried_over", "result_total", "carried_forward")

# Per (template key, table key, row keys in order): the generated test, or None where the
# general code must run (a row the template does not know, a layout the rules cannot read).
# Only known rows are compiled, and the number of layouts kept is bounded: a corpus of
# malformed reports falls back to the general code instead of compiling without end.
_TESTS: dict[tuple[str, str, tuple[str, ...]], CleanTest | None] = {}
_MAX_LAYOUTS = 256


def clean_test(fmt: str, table_key: str, table: dict[str, dict[str, Any]]) -> CleanTest | None:
    """The generated test for ``table`` (table ``table_key`` of a report of template ``fmt``), or
    None if there is none for its layout."""
    key = (fmt, table_key, tuple(table))
    try:
        return _TESTS[key]
    except KeyError:
        pass
    if len(_TESTS) >= _MAX_LAYOUTS:
        return None
    test = _build(fmt, table_key, key[2])
    _TESTS[key] = test
    return test


def _build(fmt: str, table_key: str, rows: tuple[str, ...]) -> CleanTest | None:
    at = (fmt, table_key)
    known = ROW_LABELS[at]
    if any(row not in known for row in rows):
        return None
    if table_key == "proactive":
        return _compile(_proactive_source(KINDS[at], rows))
    if table_key == "requests":
        steps = _requests_source(rows)
        return None if steps is None else _compile(steps)
    if table_key == "appeals":
        return _compile(_appeals_source(rows))
    return None


def _compile(steps: list[str]) -> CleanTest:
    """A function of the table ``t`` that runs ``steps`` in order — statements binding cells to
    locals, and tests (``_test``) returning False when one fails — and returns True after the
    last. Any error on the way (a missing row or column, None in a sum, a negative count or a
    fraction in the unsigned packs) is False too."""
    lines = ["def clean(t):", "    try:"]
    lines += [f"        {line}" for step in steps for line in step.split("\n")]
    lines += ["    except Exception:", "        return False", "    return True"]
    namespace: dict[str, Any] = {f"_counts{n}": _COUNTS[n] for n in range(1, _CHUNK + 1)}
    exec(compile("\n".join(lines), "<clean-table test>", "exec"), namespace)
    test: CleanTest = namespace["clean"]
    return test


def _test(condition: str) -> str:
    return f"if not ({condition}):\n    return False"


def _row(i: int, row: str, columns: tuple[str, ...]) -> tuple[list[str], list[str]]:
    """Statements reading the cells of ``row`` (the table's i-th) into locals, and their names."""
    names = [f"v{i}_{j}" for j in range(len(columns))]
    steps = [f"r{i} = t[{row!r}]"]
    steps += [f"{name} = r{i}[{column!r}]" for name, column in zip(names, columns, strict=True)]
    return steps, names


def _all_counts(names: list[str]) -> list[str]:
    """Statements that fail unless every named cell is a non-negative int: packing them as
    unsigned 64-bit integers raises struct.error on a float, None, a negative or larger int (a
    bool, an int as the general code counts it too, passes), as array('Q') did. In calls of at
    most ``_CHUNK`` cells: the compiler passes more than 30 arguments through a list and a tuple
    built item by item. Table 三's 175 cells (callgrind): one array('Q', [...]) 32.6K
    instructions, one pack of all 30.3K, seven packs of at most 28 17.5K."""
    return [
        f"_counts{len(chunk)}({', '.join(chunk)})"
        for chunk in (names[i : i + _CHUNK] for i in range(0, len(names), _CHUNK))
    ]


_CHUNK = 28
# Per number of cells n: the pack of n unsigned 64-bit integers ("_counts<n>" in a test).
_COUNTS = {n: Struct(f"{n}Q").pack for n in range(1, _CHUNK + 1)}


def _requests_source(rows: tuple[str, ...]) -> list[str] | None:
    if any(row not in rows for row in _BOOK_ROWS):
        return None  # the general code reports (or raises) on a table without these rows
    results = [i for i, row in enumerate(rows) if row not in NOT_RESULTS]
    if not results:
        return None
    steps: list[str] = []
    names: list[list[str]] = []
    for i, row in enumerate(rows):
        reads, row_names = _row(i, row, _REQUEST_COLUMNS)
        # Rule 1, right after the row's reads: a blank (None in the sum) fails at its row.
        steps += [*reads, _test(f"{' + '.join(row_names[:6])} == {row_names[6]}")]
        names.append(row_names)
    steps += _all_counts([name for row_names in names for name in row_names])
    new, over, result_total, forward = (names[rows.index(row)] for row in _BOOK_ROWS)
    # Over the six applicant columns: the total column's rules 2 and 3 follow from theirs and
    # rule 1 of every row, in exact (int) arithmetic.
    for j in range(len(_REQUEST_COLUMNS) - 1):
        # Rule 2: new + carried over = result total + carried forward, per column.
        steps.append(_test(f"{new[j]} + {over[j]} == {result_total[j]} + {forward[j]}"))
        # Rule 3: the result rows add up to the result total, per column.
        steps.append(_test(f"{' + '.join(names[i][j] for i in results)} == {result_total[j]}"))
    return steps


def _appeals_source(rows: tuple[str, ...]) -> list[str]:
    steps: list[str] = []
    names: list[str] = []
    for i, row in enumerate(rows):
        reads, row_names = _row(i, row, _APPEAL_COLUMNS)
        # Rule 4: each group's total is the sum of its four parts.
        steps += [*reads, _test(f"{' + '.join(row_names[:4])} == {row_names[4]}")]
        names += row_names
    return steps + _all_counts(names)


def _proactive_source(kinds: dict[str, dict[str, Kind]], rows: tuple[str, ...]) -> list[str]:
    """Rule 5 by each cell's kind, and no blank. A row must hold exactly the template's columns
    (its length, and a lookup of each): the general code looks every cell's kind up."""
    steps: list[str] = []
    counts: list[str] = []
    signed: list[str] = []
    money: list[str] = []
    for i, row in enumerate(rows):
        columns = kinds[row]
        reads, names = _row(i, row, tuple(columns))
        steps += [*reads, _test(f"len(r{i}) == {len(columns)}")]
        for name, kind in zip(names, columns.values(), strict=True):
            if kind is Kind.MONEY:
                money.append(name)
            elif kind is Kind.SIGNED:
                signed.append(name)
            else:
                counts.append(name)
    if counts:
        steps += _all_counts(counts)
    steps += [_test(f"type({name}) is int") for name in signed]
    # Money: an int or a float, not below 0 (a NaN is not >= 0).
    steps += [
        _test(f"(type({name}) is int or type({name}) is float) and {name} >= 0") for name in money
    ]
    return steps
