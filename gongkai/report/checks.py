"""Consistency rules (勾稽关系) over canonical reports — spec "Consistency rules", plus rule 9.

Rules 1–5 are errors and 6–8 warnings, exactly as the spec words them; rule 9 (figures in the
总体情况 prose that contradict tables 三/四) and blank cells (completeness) are warnings. Blank
cells count as 0 in the arithmetic. ``check_report`` runs the rules on one report,
``check_reports`` adds the cross-year rules over any set of reports.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from operator import itemgetter
from typing import Any

from gongkai.report.formats import (
    APPEALS,
    FORMATS,
    OTHER_ONE_ROW,
    REQUEST_COLUMNS,
    Format,
    Kind,
    normalize_label,
)
from gongkai.report.model import AnnualReport, Cell
from gongkai.report.prose import stated_figures


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


# Per format and table: the label of every row, of every (row, column), and each column's kind.
_ROW_LABELS: dict[tuple[Format, str], dict[str, str]] = {}
_COLUMN_LABELS: dict[tuple[Format, str], dict[tuple[str, str], str]] = {}
_KINDS: dict[tuple[Format, str], dict[str, dict[str, Kind]]] = {}
for _fmt in FORMATS.values():
    for _table in _fmt.tables:
        _at = (_fmt.key, _table.key)
        _ROW_LABELS[_at] = {row.key: row.label for row in _table.rows}
        _KINDS[_at] = {row.key: {c.key: c.kind for c in row.columns} for row in _table.rows}
        _COLUMN_LABELS[_at] = {(r.key, c.key): c.label for r in _table.rows for c in r.columns}
# A 2021 report that prints (六)其他处理 as one row (spec) keeps it under "other".
_ROW_LABELS[(Format.F2021, "requests")]["other"] = OTHER_ONE_ROW.label
_KINDS[(Format.F2021, "requests")]["other"] = _KINDS[(Format.F2019, "requests")]["other"]
for _column in REQUEST_COLUMNS:
    _COLUMN_LABELS[(Format.F2021, "requests")][("other", _column.key)] = _column.label
_REQUEST_COLUMN_LABEL = {c.key: c.label for c in REQUEST_COLUMNS}
_APPEAL_PARTS = ("upheld", "corrected", "other", "pending")
_APPEAL_COLUMN_LABEL = {c.key: c.label for c in APPEALS.rows[0].columns}
_NOT_RESULTS = frozenset({"new", "carried_over", "result_total", "carried_forward"})


def _n(value: Cell) -> int | float:
    return 0 if value is None else value


def _fmt_number(value: int | float) -> str:
    return str(value) if isinstance(value, int) or not value.is_integer() else str(int(value))


class _Collector:
    """Builds findings for one report, filling in the agency and year."""

    def __init__(self, report: AnnualReport) -> None:
        self.agency = report.agency
        self.year = report.year
        self.findings: list[Finding] = []

    def add(self, rule: Rule, message: str, **where: object) -> None:
        self.findings.append(
            Finding(rule, SEVERITY[rule], message, agency=self.agency, year=self.year, **where)  # type: ignore[arg-type]
        )


def check_report(report: AnnualReport) -> list[Finding]:
    """Rules 1–5, 9 and completeness for one report. Legacy reports have no tables to check."""
    if report.format is Format.LEGACY:
        return []
    out = _Collector(report)
    _check_proactive(report, out)
    _check_requests(report, out)
    _check_appeals(report, out)
    _check_prose(report, out)
    return out.findings


def _row_ok(row: Sequence[Any]) -> bool:
    """Every cell a non-negative int: the common case, decided without a Python loop."""
    return set(map(type, row)) == {int} and min(row) >= 0


def _check_proactive(report: AnnualReport, out: _Collector) -> None:
    """Rule 5 and completeness for table 二 (mixed kinds: counts, money, 本年增/减)."""
    at = (report.format, "proactive")
    for row_key, cells in report.proactive.items():
        if not _row_ok(list(cells.values())):
            _check_row_cells(out, at, row_key, cells)


def _check_counts(
    out: _Collector,
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
    out: _Collector,
    at: tuple[Format, str],
    row_key: str,
    cells: dict[str, Cell],
) -> None:
    row_kinds = _KINDS[at][row_key]
    blank: list[str] = []
    for column_key, value in cells.items():
        if value is None:
            blank.append(column_key)
        elif not (type(value) is int and value >= 0):
            _check_value(out, at, row_key, column_key, value, row_kinds[column_key])
    if blank:
        table_key = at[1]
        row_label = _ROW_LABELS[at][row_key]
        column_labels = [_COLUMN_LABELS[at][(row_key, c)] for c in blank]
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
    out: _Collector,
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
    row_label = _ROW_LABELS[at][row_key]
    column_label = _COLUMN_LABELS[at][(row_key, column_key)]
    out.add(
        Rule.NON_NEGATIVE,
        f"表{TABLE_NUMBER[table_key]}「{row_label}」行「{column_label}」列：应为{wanted}，实为 {_fmt_number(value)}",
        table=table_key,
        row=row_key,
        row_label=row_label,
        column=column_key,
        column_label=column_label,
        right=value,
    )


_all_columns = itemgetter(*_REQUEST_COLUMN_LABEL)
_six = itemgetter(slice(0, 6))
_appeal_columns = itemgetter(*_APPEAL_PARTS, "total")
_seventh = itemgetter(6)


def _numbers(values: tuple[Cell, ...]) -> tuple[int | float, ...]:
    return tuple(0 if v is None else v for v in values) if None in values else values  # type: ignore[return-value]


def _check_requests(report: AnnualReport, out: _Collector) -> None:
    requests = report.requests
    labels = _ROW_LABELS[(report.format, "requests")]
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
                    + " + ".join(map(_fmt_number, row[:6]))
                    + f" = {_fmt_number(part)}，但总计为 {_fmt_number(total)}",
                    table="requests",
                    row=row_key,
                    row_label=labels[row_key],
                    column="total",
                    column_label="总计",
                    left=part,
                    right=total,
                )
    # Column sums of the result rows (rule 3).
    results = [row for key, row in zip(keys, matrix, strict=True) if key not in _NOT_RESULTS]
    result_sums = list(map(sum, zip(*results, strict=True)))
    new, over, result_total, forward = (
        matrix[keys.index(key)]
        for key in ("new", "carried_over", "result_total", "carried_forward")
    )
    for i, (column, column_label) in enumerate(_REQUEST_COLUMN_LABEL.items()):
        # Rule 2 (the template's own note): 第一项加第二项之和，等于第三项加第四项之和.
        a, b, c, d = new[i], over[i], result_total[i], forward[i]
        if a + b != c + d:
            out.add(
                Rule.COLUMN_BALANCE,
                f"表三「{column_label}」列：本年新收 {_fmt_number(a)} + 上年结转 {_fmt_number(b)}"
                f" = {_fmt_number(a + b)}，但办理结果总计 {_fmt_number(c)} + 结转下年度 {_fmt_number(d)}"
                f" = {_fmt_number(c + d)}",
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
                f"表三「{column_label}」列：各项办理结果（予以公开至其他处理）之和为 {_fmt_number(result_sums[i])}，"
                f"但「（七）总计」为 {_fmt_number(c)}",
                table="requests",
                row="result_total",
                row_label=labels["result_total"],
                column=column,
                column_label=column_label,
                left=result_sums[i],
                right=c,
            )


def _check_appeals(report: AnnualReport, out: _Collector) -> None:
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
                f"{_APPEAL_COLUMN_LABEL[c]} {_fmt_number(v)}"
                for c, v in zip(_APPEAL_PARTS, values, strict=False)
            )
            + f" = {_fmt_number(parts)}，但总计为 {_fmt_number(total)}",
            table="appeals",
            row=row.key,
            row_label=group,
            column="total",
            column_label="总计",
            left=parts,
            right=total,
        )


def _check_prose(report: AnnualReport, out: _Collector) -> None:
    """Rule 9: a figure the 总体情况 states that no reading of tables 三/四 gives."""
    text = report.sections.get("overview")
    if not text:
        return
    for figure in stated_figures(text):
        values = [_table_value(report, ref) for ref in figure.refs]
        if any(v is None for v in values):
            continue  # blank cells are reported by completeness already
        accepted = {_n(v) for v in values}
        if figure.value in accepted:
            continue
        printed = _table_value(report, figure.refs[0])
        out.add(
            Rule.PROSE,
            f"总体情况写明“{figure.what}” {figure.value} {figure.unit}，但{figure.table_label}为 "
            f"{_fmt_number(_n(printed))}：“{figure.sentence}”",
            table=figure.refs[0][0][0],
            row=figure.refs[0][0][1],
            row_label=figure.table_label,
            column="total",
            column_label="总计",
            left=figure.value,
            right=_n(printed),
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


_REGION_PREFIX = re.compile(r"^\w+?(?:省|市|自治区|自治州|州|盟|地区|县|区)$")


def agency_keys(names: Iterable[str]) -> dict[str, str]:
    """Map each agency name to the key it is grouped under across years.

    Names match with spacing and width folded. A title that leaves out the city
    (洪泽区人民政府) joins the one that prints it (淮安市洪泽区人民政府) when exactly one longer
    name ends with it after a place-name prefix; anything less certain stays apart.
    """
    folded = {name: normalize_label(name) for name in names}
    distinct = set(folded.values())
    longer: dict[str, str] = {}
    for short in distinct:
        matches = [
            full
            for full in distinct
            if full != short and full.endswith(short) and _REGION_PREFIX.match(full[: -len(short)])
        ]
        if len(matches) == 1:
            longer[short] = matches[0]
    return {name: longer.get(key, key) for name, key in folded.items()}


def check_reports(reports: Iterable[AnnualReport]) -> list[Finding]:
    """Every report's own findings, then rules 6–8 per agency in year order."""
    reports = list(reports)
    findings = [f for report in reports for f in check_report(report)]
    findings.extend(check_series(reports))
    return findings


def check_series(reports: Sequence[AnnualReport]) -> list[Finding]:
    """Rules 6–8 over consecutive years of the same agency (reports with no agency or year are
    skipped: they cannot be placed in a series)."""
    by_agency: dict[str, dict[int, AnnualReport]] = defaultdict(dict)
    findings: list[Finding] = []
    placed = [
        r
        for r in reports
        if r.agency is not None and r.year is not None and r.format is not Format.LEGACY
    ]
    keys = agency_keys(r.agency for r in placed if r.agency is not None)
    for report in placed:
        assert report.agency is not None and report.year is not None
        years = by_agency[keys[report.agency]]
        if report.year in years:
            findings.append(
                Finding(
                    Rule.DUPLICATE,
                    SEVERITY[Rule.DUPLICATE],
                    f"{report.agency} {report.year}年有不止一份报告；跨年度检查只用最先读到的一份",
                    agency=report.agency,
                    year=report.year,
                )
            )
            continue
        years[report.year] = report
    for years in by_agency.values():
        for year in sorted(years):
            previous = years.get(year - 1)
            if previous is not None:
                findings.extend(_check_pair(previous, years[year]))
    return findings


def _check_pair(last: AnnualReport, this: AnnualReport) -> list[Finding]:
    out = _Collector(this)
    _check_carry_over(last, this, out)
    if last.format is this.format is Format.F2021:
        _check_in_force(last, this, out)
    if last.format is this.format is Format.F2019:
        _check_previous_items(last, this, out)
    return out.findings


def _check_carry_over(last: AnnualReport, this: AnnualReport, out: _Collector) -> None:
    over, forward = this.requests["carried_over"], last.requests["carried_forward"]
    for column, label in _REQUEST_COLUMN_LABEL.items():
        if over[column] is None or forward[column] is None or over[column] == forward[column]:
            continue
        out.add(
            Rule.CARRY_OVER,
            f"表三「{label}」列：{this.year}年「二、上年结转政府信息公开申请数量」为 "
            f"{_fmt_number(_n(over[column]))}，但{last.year}年报告「四、结转下年度继续办理」为 "
            f"{_fmt_number(_n(forward[column]))}",
            table="requests",
            row="carried_over",
            row_label=_ROW_LABELS[(this.format, "requests")]["carried_over"],
            column=column,
            column_label=label,
            left=forward[column],
            right=over[column],
        )


def _check_in_force(last: AnnualReport, this: AnnualReport, out: _Collector) -> None:
    for row_key in ("regulations", "normative_documents"):
        before, now = last.proactive[row_key], this.proactive[row_key]
        if before["in_force"] is None or now["in_force"] is None:
            continue
        expected = _n(before["in_force"]) + _n(now["issued"]) - _n(now["repealed"])
        if expected == now["in_force"]:
            continue
        label = _ROW_LABELS[(this.format, "proactive")][row_key]
        out.add(
            Rule.IN_FORCE,
            f"表二「{label}」：{last.year}年现行有效 {_fmt_number(_n(before['in_force']))} + "
            f"{this.year}年制发 {_fmt_number(_n(now['issued']))} − 废止 {_fmt_number(_n(now['repealed']))}"
            f" = {_fmt_number(expected)}，但{this.year}年现行有效件数为 {_fmt_number(now['in_force'])}"
            "（也可能有文件到期失效）",
            table="proactive",
            row=row_key,
            row_label=label,
            column="in_force",
            column_label="现行有效件数",
            left=expected,
            right=now["in_force"],
        )


def _check_previous_items(last: AnnualReport, this: AnnualReport, out: _Collector) -> None:
    for row_key, now in this.proactive.items():
        if "previous" not in now:
            continue
        before = last.proactive[row_key]
        if before["previous"] is None or now["previous"] is None:
            continue
        expected = _n(before["previous"]) + _n(before["change"])
        if expected == now["previous"]:
            continue
        label = _ROW_LABELS[(this.format, "proactive")][row_key]
        out.add(
            Rule.PREVIOUS_ITEMS,
            f"表二「{label}」：{last.year}年上一年项目数量 {_fmt_number(_n(before['previous']))} + "
            f"本年增/减 {_fmt_number(_n(before['change']))} = {_fmt_number(expected)}，但{this.year}年"
            f"「上一年项目数量」为 {_fmt_number(now['previous'])}",
            table="proactive",
            row=row_key,
            row_label=label,
            column="previous",
            column_label="上一年项目数量",
            left=expected,
            right=now["previous"],
        )
