"""Consistency rules (勾稽关系) over canonical reports — spec "Consistency rules", plus rule 9.

Rules 1–5 are errors and 6–8 warnings, exactly as the spec words them; rule 9 (figures in the
总体情况 prose that contradict tables 三/四) and blank cells (completeness) are warnings. Blank
cells count as 0 in the arithmetic. ``check_report`` runs the rules on one report,
``check_reports`` adds the cross-year rules (``series``) over any set of reports.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from operator import itemgetter
from typing import Any

from gongkai.report.findings import (
    APPEAL_COLUMN_LABEL,
    APPEAL_PARTS,
    COLUMN_LABELS,
    KINDS,
    NOT_RESULTS,
    REQUEST_COLUMN_LABEL,
    ROW_LABELS,
    SEVERITY,
    TABLE_NUMBER,
    Collector,
    Finding,
    Rule,
    Severity,
    fmt_number,
    n,
)
from gongkai.report.formats import APPEALS, Format, Kind
from gongkai.report.model import AnnualReport, Cell
from gongkai.report.prose import stated_figures
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
    if report.format is Format.LEGACY:
        return []
    out = Collector(report)
    _check_proactive(report, out)
    _check_requests(report, out)
    _check_appeals(report, out)
    _check_prose(report, out)
    return out.findings


def _row_ok(row: Sequence[Any]) -> bool:
    """Every cell a non-negative int: the common case, decided without a Python loop."""
    return set(map(type, row)) == {int} and min(row) >= 0


def _check_proactive(report: AnnualReport, out: Collector) -> None:
    """Rule 5 and completeness for table 二 (mixed kinds: counts, money, 本年增/减)."""
    at = (report.format, "proactive")
    for row_key, cells in report.proactive.items():
        if not _row_ok(list(cells.values())):
            _check_row_cells(out, at, row_key, cells)


def _check_counts(
    out: Collector,
    at: tuple[Format, str],
    table: dict[str, dict[str, Cell]],
    matrix: Sequence[tuple[Any, ...]],
) -> bool:
    """Rule 5 and completeness for a table of counts, given as a matrix of its rows.

    The common case — every cell a non-negative int — is decided at C speed: a float makes the
    sum a float, a None makes sum and min raise. Returns whether a cell is blank.
    """
    try:
        if type(sum(map(sum, matrix))) is int and min(map(min, matrix)) >= 0:
            return False
    except TypeError:
        pass
    blank = False
    for row_key, cells in table.items():
        row = list(cells.values())
        if None in row or not _row_ok(row):
            blank = blank or None in row
            _check_row_cells(out, at, row_key, cells)
    return blank


def _check_row_cells(
    out: Collector,
    at: tuple[Format, str],
    row_key: str,
    cells: dict[str, Cell],
) -> None:
    row_kinds = KINDS[at][row_key]
    blank: list[str] = []
    for column_key, value in cells.items():
        if value is None:
            blank.append(column_key)
        elif not (type(value) is int and value >= 0):
            _check_value(out, at, row_key, column_key, value, row_kinds[column_key])
    if blank:
        table_key = at[1]
        row_label = ROW_LABELS[at][row_key]
        column_labels = [COLUMN_LABELS[at][(row_key, c)] for c in blank]
        labels = "、".join(f"「{label}」" for label in column_labels)
        out.add(
            Rule.BLANK,
            f"表{TABLE_NUMBER[table_key]}「{row_label}」行 {labels} 为空白，按 0 计算；请填写数字（没有就填 0）",
            table=table_key,
            row=row_key,
            row_label=row_label,
            column=",".join(blank),
            column_label="、".join(column_labels),
        )


def _check_value(
    out: Collector,
    at: tuple[Format, str],
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
    out.add(
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
_appeal_columns = itemgetter(*APPEAL_PARTS, "total")
_seventh = itemgetter(6)


def _numbers(values: tuple[Cell, ...]) -> tuple[int | float, ...]:
    return tuple(0 if v is None else v for v in values) if None in values else values  # type: ignore[return-value]


def _check_requests(report: AnnualReport, out: Collector) -> None:
    requests = report.requests
    labels = ROW_LABELS[(report.format, "requests")]
    keys = list(requests)
    # One tuple of the 7 columns per row, in the table's row order; blank cells count as 0.
    matrix: list[tuple[int | float, ...]] = list(map(_all_columns, requests.values()))
    if _check_counts(out, (report.format, "requests"), requests, matrix):
        matrix = list(map(_numbers, matrix))
    # Rule 1: every row's total is the sum of the six applicant columns. Mapped at C speed;
    # Python runs per row only for a row that fails.
    parts = list(map(sum, map(_six, matrix)))
    totals = list(map(_seventh, matrix))
    if parts != totals:
        for row_key, row, part, total in zip(keys, matrix, parts, totals, strict=True):
            if part != total:
                out.add(
                    Rule.ROW_TOTAL,
                    f"表三「{labels[row_key]}」行：六类申请人之和 "
                    + " + ".join(map(fmt_number, row[:6]))
                    + f" = {fmt_number(part)}，但总计为 {fmt_number(total)}",
                    table="requests",
                    row=row_key,
                    row_label=labels[row_key],
                    column="total",
                    column_label="总计",
                    left=part,
                    right=total,
                )
    # Column sums of the result rows (rule 3).
    results = [row for key, row in zip(keys, matrix, strict=True) if key not in NOT_RESULTS]
    result_sums = list(map(sum, zip(*results, strict=True)))
    new, over, result_total, forward = (
        matrix[keys.index(key)]
        for key in ("new", "carried_over", "result_total", "carried_forward")
    )
    for i, (column, column_label) in enumerate(REQUEST_COLUMN_LABEL.items()):
        # Rule 2 (the template's own note): 第一项加第二项之和，等于第三项加第四项之和.
        a, b, c, d = new[i], over[i], result_total[i], forward[i]
        if a + b != c + d:
            out.add(
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
            out.add(
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
    if _check_counts(out, (report.format, "appeals"), appeals, matrix):
        matrix = list(map(_numbers, matrix))
    # Rule 4: every group's total is upheld + corrected + other + pending.
    for row, values in zip(APPEALS.rows, matrix, strict=True):
        parts, total = sum(values[:4]), values[4]
        if parts == total:
            continue
        group = f"{row.group}（{row.label}）" if row.group else row.label
        out.add(
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


def _check_prose(report: AnnualReport, out: Collector) -> None:
    """Rule 9: a figure the 总体情况 states that no reading of tables 三/四 gives."""
    text = report.sections.get("overview")
    if not text:
        return
    for figure in stated_figures(text):
        values = [_table_value(report, ref) for ref in figure.refs]
        if any(v is None for v in values):
            continue  # blank cells are reported by completeness already
        accepted = {n(v) for v in values}
        if figure.value in accepted:
            continue
        printed = _table_value(report, figure.refs[0])
        out.add(
            Rule.PROSE,
            f"总体情况写明“{figure.what}” {figure.value} {figure.unit}，但{figure.table_label}为 "
            f"{fmt_number(n(printed))}：“{figure.sentence}”",
            table=figure.refs[0][0][0],
            row=figure.refs[0][0][1],
            row_label=figure.table_label,
            column="total",
            column_label="总计",
            left=figure.value,
            right=n(printed),
            sentence=figure.sentence,
        )


def _table_value(report: AnnualReport, ref: tuple[tuple[str, str], ...]) -> Cell:
    """The sum of the ``total`` cells that ``ref`` names; None if one is blank."""
    total: int | float = 0
    for table_key, row_key in ref:
        value = getattr(report, table_key)[row_key]["total"]
        if value is None:
            return None
        total += value
    return total


# --- Cross-year rules ------------------------------------------------------------------------


def check_reports(reports: Iterable[AnnualReport]) -> list[Finding]:
    """Every report's own findings, then rules 6–8 per agency in year order."""
    reports = list(reports)
    findings = [f for report in reports for f in check_report(report)]
    findings.extend(check_series(reports))
    return findings
