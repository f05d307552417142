"""Consistency rules (勾稽关系) over canonical reports — spec "Consistency rules", plus rule 9.

Rules 1–5 are errors and 6–8 warnings, exactly as the spec words them; rule 9 (figures in the
总体情况 prose that contradict tables 三/四) and blank cells (completeness) are warnings. Blank
cells count as 0 in the arithmetic. ``check_report`` runs the rules on one report,
``check_reports`` adds the cross-year rules (``series``) over any set of reports.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from functools import lru_cache
from itertools import chain, compress, repeat
from operator import add, contains, is_, itemgetter
from typing import Any

from gongkai.report.cleantables import clean_test
from gongkai.report.findings import (
    APPEAL_COLUMN_LABEL,
    COLUMN_LABELS,
    KINDS,
    MONEY_ROWS,
    NOT_RESULTS,
    REQUEST_COLUMN_LABEL,
    ROW_LABELS,
    SEVERITY,
    TABLE_NUMBER,
    Collector,
    Draft,
    Finding,
    Rule,
    Severity,
    fmt_number,
    fmt_numbers,
)
from gongkai.report.formats import APPEAL_PARTS, Kind
from gongkai.report.model import AnnualReport, Cell
from gongkai.report.prose import read_figures, sentence_at
from gongkai.report.series import agency_keys, check_series

__all__ = [
    "SEVERITY",
    "Finding",
    "Rule",
    "Severity",
    "agency_keys",
    "check_report",
    "check_reports",
    "check_series",
]


def check_report(report: AnnualReport) -> list[Finding]:
    """Rules 1–5, 9 and completeness for one report. Legacy reports have no tables to check."""
    if not report.template.has_tables:
        return []
    out = Collector(report)
    # A table that the generated test of its layout finds clean gives no finding: the general
    # code below runs only for the others (and for a layout without a test).
    fmt = report.format
    for table_key, check in _TABLE_CHECKS:
        table = getattr(report, table_key)
        test = clean_test(fmt, table_key, table)
        if test is None or not test(table):
            check(report, out)
    _check_prose(report, out)
    return out.findings


# Speed: a report is checked in tens of microseconds (bench/bench_check.py), so the common case
# — every cell a non-negative int, every sum right — is decided by C-level builtins over whole
# tables (map, sum, min, list equality), and Python loops run only over the rows or columns of
# a table that fails. tests/test_checks_reference.py holds a plain cell-by-cell implementation
# of the same rules and checks that both give the same findings.


def _all_counts(values: list[Any]) -> bool:
    """Every value a non-negative int: a float makes the sum a float, a None makes sum raise."""
    try:
        return type(sum(values)) is int and min(values) >= 0
    except (TypeError, ValueError):  # a blank cell; an empty table
        return False


def _count_row_sums(matrix: list[tuple[Any, ...]]) -> list[int] | None:
    """Each row's sum if every value is a non-negative int, else None: ``_all_counts`` over the
    rows without flattening them, its row sums kept for rule 1 (a float makes a row's sum, and
    so the sum of the sums, a float; a None makes sum raise)."""
    try:
        sums = list(map(sum, matrix))
        if type(sum(sums)) is int and min(chain.from_iterable(matrix)) >= 0:
            return sums
    except (TypeError, ValueError):  # a blank cell; an empty table
        pass
    return None


def _row_ok(row: Sequence[Any]) -> bool:
    """Every cell a non-negative int: the common case, decided without a Python loop."""
    return set(map(type, row)) == {int} and min(row) >= 0


def _check_cells(
    out: Collector,
    at: tuple[str, str],
    table: dict[str, dict[str, Cell]],
    values: list[Cell] | None = None,
) -> bool:
    """Rule 5 and completeness for the rows of ``table`` that are not all non-negative ints.
    ``values``: the table's cells, row by row, if the caller has them. Returns whether a cell
    is blank."""
    if values is None:
        values = list(chain.from_iterable(map(dict.values, table.values())))
    if set(map(type, values)) <= _INT_OR_BLANK and min(filter(None, values), default=0) >= 0:
        # Blank cells beside non-negative counts only (the usual incomplete table): decided for
        # the whole table at once, each row then only looked at for its blanks (completeness).
        return _check_blanks(out, at, table)
    blank = False
    # Looked up at the first failing row only.
    lookups: tuple[dict[str, dict[str, Kind]], dict[tuple[str, tuple[str, ...]], BlankText]] | None
    lookups = None
    for row_key, cells in table.items():
        row: list[Any] = list(cells.values())
        types = set(map(type, row))
        if types == _INT:
            if min(row) >= 0:
                continue
        elif types and types <= _INT_OR_BLANK and min(filter(None, row), default=0) >= 0:
            # Blank cells beside non-negative counts (the usual blank row): completeness only.
            # filter(None, …) leaves out the blanks (and the zeros, which min need not see).
            blank = True
            if lookups is None:
                lookups = (KINDS[at], _BLANK_TEXT[at])
            _put_blank(out, at, lookups[1], row_key, tuple(compress(cells, map(is_, row, _NONES))))
            continue
        elif types and types <= _NUMBER and row_key in MONEY_ROWS[at] and min(row) >= 0:
            continue  # a fee or a purchase total, fractional as money is
        if not blank and None in row:
            blank = True
        if lookups is None:
            lookups = (KINDS[at], _BLANK_TEXT[at])
        _check_row_cells(out, at, *lookups, row_key, cells)
    return blank


def _check_blanks(out: Collector, at: tuple[str, str], table: dict[str, dict[str, Cell]]) -> bool:
    """Completeness for ``table``, whose every cell is blank or a non-negative int. Returns
    whether a cell is blank."""
    # The rows with a blank picked out by one C-level pass (no Python loop over the full rows).
    blank_rows = list(
        compress(table.items(), map(contains, map(dict.values, table.values()), _NONES))
    )
    if not blank_rows:
        return False
    KINDS[at]  # as in _check_cells: raises first for an unregistered template
    texts, table_key = _BLANK_TEXT[at], at[1]
    append, agency, year = out.findings.append, out.agency, out.year
    for row_key, cells in blank_rows:  # _put_blank, inlined: a report may have dozens
        blank = tuple([column for column, value in cells.items() if value is None])
        message, row_label, columns, column_labels = texts.get((row_key, blank)) or _blank_text(
            at, texts, row_key, blank
        )
        # Collector.put, inlined (its call costs as much as the finding).
        draft = Draft()
        draft.rule = Rule.BLANK
        draft.severity = _BLANK_SEVERITY
        draft.message = message
        draft.table = table_key
        draft.row = row_key
        draft.row_label = row_label
        draft.column = columns
        draft.column_label = column_labels
        draft.left = draft.right = draft.sentence = None
        draft.agency = agency
        draft.year = year
        draft.__class__ = Finding  # type: ignore[assignment]
        append(draft)  # type: ignore[arg-type]
    return True


_BLANK_SEVERITY = SEVERITY[Rule.BLANK]
_ROW_TOTAL_SEVERITY = SEVERITY[Rule.ROW_TOTAL]


_INT = frozenset({int})
_INT_OR_BLANK = frozenset({int, type(None)})
_NUMBER = frozenset({int, float})
_NONES = repeat(None)


def _check_proactive(report: AnnualReport, out: Collector) -> None:
    """Rule 5 and completeness for table 二 (mixed kinds: counts, money, 本年增/减)."""
    # All counts (a 2019 report, a whole-number fee) is decided over the whole table at once;
    # else row by row (a fractional fee, a negative 本年增/减, a blank).
    proactive = report.proactive
    values: list[Any] = list(chain.from_iterable(map(dict.values, proactive.values())))
    total: Any
    low: Any
    try:
        total, low = sum(values), min(values)
    except (TypeError, ValueError):  # a blank cell; an empty table
        total = low = None
    if type(total) is int and low >= 0:
        return
    at = (report.format, "proactive")
    # Every cell a non-negative number (a NaN makes the sum unequal to itself), and every one
    # outside the money rows an int: the usual 2021 table 二 with a fractional fee, which
    # passes every kind without a row-by-row look.
    if type(total) is float and total == total and low >= 0:
        money = MONEY_ROWS[at]
        if money:
            rest: list[Any] = [c.values() for key, c in proactive.items() if key not in money]
            if type(sum(chain.from_iterable(rest))) is int:
                return
    _check_cells(out, at, proactive, values)


# Per template and table, then per (row, blank columns): the completeness finding's message and
# labels. Only a registered template's key reaches it (KINDS[at] raises first for any other),
# so the cache stays small.
BlankText = tuple[str, str, str, str]
_BLANK_TEXT: defaultdict[tuple[str, str], dict[tuple[str, tuple[str, ...]], BlankText]] = (
    defaultdict(dict)
)


def _blank_text(
    at: tuple[str, str],
    texts: dict[tuple[str, tuple[str, ...]], BlankText],
    row_key: str,
    blank: tuple[str, ...],
) -> BlankText:
    text = texts.get((row_key, blank))
    if text is None:
        table_key = at[1]
        row_label = ROW_LABELS[at][row_key]
        column_labels = [COLUMN_LABELS[at][(row_key, c)] for c in blank]
        labels = "、".join(f"「{label}」" for label in column_labels)
        text = (
            f"表{TABLE_NUMBER[table_key]}「{row_label}」行 {labels} 为空白，按 0 计算；请填写数字（没有就填 0）",
            row_label,
            ",".join(blank),
            "、".join(column_labels),
        )
        texts[(row_key, blank)] = text
    return text


def _check_row_cells(
    out: Collector,
    at: tuple[str, str],
    kinds: dict[str, dict[str, Kind]],
    texts: dict[tuple[str, tuple[str, ...]], BlankText],
    row_key: str,
    cells: dict[str, Cell],
) -> None:
    blank = [column_key for column_key, value in cells.items() if value is None]
    filled = [value for value in cells.values() if value is not None]
    if filled and not _row_ok(filled):  # not just blanks: a cell to check by its kind
        for column_key, value in cells.items():
            if value is not None and not (type(value) is int and value >= 0):
                _check_value(out, at, row_key, column_key, value, kinds[row_key][column_key])
    if blank:
        _put_blank(out, at, texts, row_key, tuple(blank))


def _put_blank(
    out: Collector,
    at: tuple[str, str],
    texts: dict[tuple[str, tuple[str, ...]], BlankText],
    row_key: str,
    blank: tuple[str, ...],
) -> None:
    message, row_label, columns, column_labels = texts.get((row_key, blank)) or _blank_text(
        at, texts, row_key, blank
    )
    out.put(Rule.BLANK, message, at[1], row_key, row_label, columns, column_labels)


def _check_value(
    out: Collector,
    at: tuple[str, str],
    row_key: str,
    column_key: str,
    value: int | float,
    kind: Kind,
) -> None:
    integral = isinstance(value, int) or value.is_integer()
    if kind is Kind.MONEY:
        ok = value >= 0
        wanted = "非负数"
    elif kind is Kind.SIGNED:
        ok = integral
        wanted = "整数"
    else:
        ok = integral and value >= 0
        wanted = "非负整数"
    if ok:
        return
    table_key = at[1]
    row_label = ROW_LABELS[at][row_key]
    column_label = COLUMN_LABELS[at][(row_key, column_key)]
    out.put(
        Rule.NON_NEGATIVE,
        f"表{TABLE_NUMBER[table_key]}「{row_label}」行「{column_label}」列：应为{wanted}，实为 {fmt_number(value)}",
        table=table_key,
        row=row_key,
        row_label=row_label,
        column=column_key,
        column_label=column_label,
        right=value,
    )


_all_columns = itemgetter(*REQUEST_COLUMN_LABEL)
_six = itemgetter(slice(0, 6))
_four = itemgetter(slice(0, 4))
_appeal_columns = itemgetter(*APPEAL_PARTS, "total")
_seventh = itemgetter(6)
_fifth = itemgetter(4)


def _numbers(matrix: Sequence[tuple[Cell, ...]]) -> list[tuple[int | float, ...]]:
    """``matrix`` with its blank cells as 0: one comprehension over all the cells (``None in``
    a row compares each int with None, a slow comparison), cut back into rows of the same
    width by zip over one iterator."""
    if not matrix:
        return []
    cells = iter([0 if v is None else v for v in chain.from_iterable(matrix)])
    return list(zip(*repeat(cells, len(matrix[0])), strict=False))


@lru_cache(maxsize=32)
def _layout(
    keys: tuple[str, ...],
) -> tuple[int, int, int, int, Callable[[list[tuple[int | float, ...]]], tuple[Any, ...]]]:
    """For table 三's rows in this order: the rows of new, carried over, result total and
    carried forward, and a getter of the result rows (rule 3)."""
    results = [i for i, key in enumerate(keys) if key not in NOT_RESULTS]
    if len(results) == 1:  # itemgetter of one index gives the item, not a 1-tuple
        only = results[0]
        getter: Callable[[list[tuple[int | float, ...]]], tuple[Any, ...]] = lambda m: (m[only],)  # noqa: E731
    else:
        getter = itemgetter(*results)
    return (
        keys.index("new"),
        keys.index("carried_over"),
        keys.index("result_total"),
        keys.index("carried_forward"),
        getter,
    )


def _check_requests(report: AnnualReport, out: Collector) -> None:
    requests = report.requests
    at = (report.format, "requests")
    # One tuple of the 7 columns per row, in the table's row order; blank cells count as 0.
    matrix: list[tuple[int | float, ...]] = list(map(_all_columns, requests.values()))
    # Rule 1: every row's total is the sum of the six applicant columns.
    sums = _count_row_sums(matrix)
    if sums is not None:
        # Integers: six parts = total exactly when all seven sum to twice the total.
        totals = list(map(_seventh, matrix))
        rows_ok = sums == list(map(add, totals, totals))
    else:
        if _check_cells(out, at, requests):
            matrix = _numbers(matrix)
        totals = list(map(_seventh, matrix))
        rows_ok = False
    if not rows_ok:
        parts = list(map(sum, map(_six, matrix)))
        if parts != totals:
            _row_totals(out, ROW_LABELS[at], list(requests), matrix, parts, totals)
    # Rules 2 and 3, over the columns.
    new_i, over_i, result_total_i, forward_i, results = _layout(tuple(requests))
    result_rows = results(matrix)
    result_sums = list(map(sum, zip(*result_rows, strict=True)))
    new, over = matrix[new_i], matrix[over_i]
    result_total, forward = matrix[result_total_i], matrix[forward_i]
    if result_sums == list(result_total) and list(map(add, new, over)) == list(
        map(add, result_total, forward)
    ):
        return
    _column_balances(out, ROW_LABELS[at], new, over, result_total, forward, result_sums)


def _row_totals(
    out: Collector,
    labels: dict[str, str],
    keys: list[str],
    matrix: list[tuple[int | float, ...]],
    parts: Sequence[int | float],
    totals: Sequence[int | float],
) -> None:
    append, agency, year = out.findings.append, out.agency, out.year
    for row_key, row, part, total in zip(keys, matrix, parts, totals, strict=True):
        if part != total:
            label = labels[row_key]
            # Collector.put, inlined: a report with blank totals has a finding on most rows.
            draft = Draft()
            draft.rule = Rule.ROW_TOTAL
            draft.severity = _ROW_TOTAL_SEVERITY
            if type(part) is int and type(total) is int:
                # Six ints (their sum an int: a float among them makes it a float), whose
                # fmt_number is str, as %s writes them: one C-level format.
                draft.message = _ROW_TOTAL_MESSAGE % (label, *row[:6], part, total)
            else:
                numbers = (*fmt_numbers(row[:6]), fmt_number(part), fmt_number(total))
                draft.message = _ROW_TOTAL_MESSAGE % (label, *numbers)
            draft.table = "requests"
            draft.row = row_key
            draft.row_label = label
            draft.column = "total"
            draft.column_label = "总计"
            draft.left = part
            draft.right = total
            draft.agency = agency
            draft.year = year
            draft.sentence = None
            draft.__class__ = Finding  # type: ignore[assignment]
            append(draft)  # type: ignore[arg-type]


_ROW_TOTAL_MESSAGE = "表三「%s」行：六类申请人之和 %s + %s + %s + %s + %s + %s = %s，但总计为 %s"


def _column_balances(
    out: Collector,
    labels: dict[str, str],
    new: tuple[int | float, ...],
    over: tuple[int | float, ...],
    result_total: tuple[int | float, ...],
    forward: tuple[int | float, ...],
    result_sums: Sequence[int | float],
) -> None:
    for i, (column, column_label) in enumerate(REQUEST_COLUMN_LABEL.items()):
        # Rule 2 (the template's own note): 第一项加第二项之和，等于第三项加第四项之和.
        a, b, c, d = new[i], over[i], result_total[i], forward[i]
        if a + b != c + d:
            out.put(
                Rule.COLUMN_BALANCE,
                f"表三「{column_label}」列：本年新收 {fmt_number(a)} + 上年结转 {fmt_number(b)}"
                f" = {fmt_number(a + b)}，但办理结果总计 {fmt_number(c)} + 结转下年度 {fmt_number(d)}"
                f" = {fmt_number(c + d)}",
                table="requests",
                column=column,
                column_label=column_label,
                left=a + b,
                right=c + d,
            )
        # Rule 3: result_total is the sum of every result row present.
        if result_sums[i] != c:
            out.put(
                Rule.RESULT_TOTAL,
                f"表三「{column_label}」列：各项办理结果（予以公开至其他处理）之和为 {fmt_number(result_sums[i])}，"
                f"但「（七）总计」为 {fmt_number(c)}",
                table="requests",
                row="result_total",
                row_label=labels["result_total"],
                column=column,
                column_label=column_label,
                left=result_sums[i],
                right=c,
            )


def _check_appeals(report: AnnualReport, out: Collector) -> None:
    appeals = report.appeals
    matrix: list[tuple[int | float, ...]] = list(map(_appeal_columns, appeals.values()))
    at = (report.format, "appeals")
    if not _all_counts(list(chain.from_iterable(matrix))) and _check_cells(out, at, appeals):
        matrix = _numbers(matrix)
    # Rule 4: every group's total is upheld + corrected + other + pending.
    if list(map(sum, map(_four, matrix))) == list(map(_fifth, matrix)):
        return
    for row, values in zip(report.template.appeals.rows, matrix, strict=True):
        parts, total = sum(values[:4]), values[4]
        if parts == total:
            continue
        group = f"{row.group}（{row.label}）" if row.group else row.label
        out.put(
            Rule.APPEAL_TOTAL,
            f"表四「{group}」："
            + " + ".join(
                f"{APPEAL_COLUMN_LABEL[c]} {fmt_number(v)}"
                for c, v in zip(APPEAL_PARTS, values, strict=False)
            )
            + f" = {fmt_number(parts)}，但总计为 {fmt_number(total)}",
            table="appeals",
            row=row.key,
            row_label=group,
            column="total",
            column_label="总计",
            left=parts,
            right=total,
        )


# Each table's general rule code, run unless the table's generated test finds it clean.
_TABLE_CHECKS = (
    ("proactive", _check_proactive),
    ("requests", _check_requests),
    ("appeals", _check_appeals),
)


def _check_prose(report: AnnualReport, out: Collector) -> None:
    """Rule 9: a figure the 总体情况 states that no reading of tables 三/四 gives."""
    text = report.sections.get("overview")
    if not text:
        return
    compact, figures = read_figures(text)
    for start, value, unit, kind in figures:
        # Each reading: the sum of the ``total`` cells it names (from 0, as a sum starts), None
        # if one is blank; inline, a call per reading costing more than the reading.
        values: list[Cell] = []
        for ref in kind.refs:
            total: Cell = 0
            for table_key, row_key in ref:
                cell = getattr(report, table_key)[row_key]["total"]
                if cell is None:
                    total = None
                    break
                total += cell
            values.append(total)
        # A blank cell is reported by completeness already; a reading that agrees passes.
        if None in values or value in values:
            continue
        printed: int | float = values[0]  # type: ignore[assignment]
        sentence = sentence_at(compact, start)
        out.put(
            Rule.PROSE,
            f"总体情况写明“{kind.what}” {value} {unit}，但{kind.table_label}为 "
            f"{fmt_number(printed)}：“{sentence}”",
            table=kind.refs[0][0][0],
            row=kind.refs[0][0][1],
            row_label=kind.table_label,
            column="total",
            column_label="总计",
            left=value,
            right=printed,
            sentence=sentence,
        )


# --- Cross-year rules ------------------------------------------------------------------------


def check_reports(reports: Iterable[AnnualReport]) -> list[Finding]:
    """Every report's own findings, then rules 6–8 per agency in year order."""
    reports = list(reports)
    findings = [f for report in reports for f in check_report(report)]
    findings.extend(check_series(reports))
    return findings
