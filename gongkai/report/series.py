"""Cross-year rules 6–8 over any set of reports, grouped by agency and ordered by year."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence

from gongkai.report.findings import (
    REQUEST_COLUMN_LABEL,
    ROW_LABELS,
    SEVERITY,
    Collector,
    Finding,
    Rule,
    fmt_number,
    n,
)
from gongkai.report.formats import normalize_label
from gongkai.report.model import AnnualReport

# A place name before an agency's own name ends with one of these (自治区 and 地区 in 区, 自治州
# in 州) and has at least one character before it: 淮安市, 内蒙古自治区, 阿坝藏族羌族自治州.
_PLACE_ENDS = frozenset("省市州盟县区")
_WORD_RUN = re.compile(r"\w*")


def agency_keys(names: Iterable[str]) -> dict[str, str]:
    """Map each agency name to the key it is grouped under across years.

    Names match with spacing and width folded. A title that leaves out the city
    (洪泽区人民政府) joins the one that prints it (淮安市洪泽区人民政府) when exactly one longer
    name ends with it after a place-name prefix; anything less certain stays apart.
    """
    folded = {name: normalize_label(name) for name in names}
    distinct = set(folded.values())
    # Each name offers the tails that follow a place-name prefix of its own (one pass over its
    # characters), so an audit of thousands of agencies is not a comparison of every pair.
    longer_names: dict[str, set[str]] = defaultdict(set)
    for full in distinct:
        # The prefix is word characters only (folded names have no spaces) and ends in a place
        # suffix: the same test as ``^\w+?(?:省|市|自治区|自治州|州|盟|地区|县|区)$``.
        run = _WORD_RUN.match(full)
        words = run.end() if run else 0
        for cut in range(2, min(words, len(full) - 1) + 1):
            if full[cut - 1] in _PLACE_ENDS and full[cut:] in distinct:
                longer_names[full[cut:]].add(full)
    longer = {short: next(iter(fulls)) for short, fulls in longer_names.items() if len(fulls) == 1}
    return {name: longer.get(key, key) for name, key in folded.items()}


def check_series(reports: Sequence[AnnualReport]) -> list[Finding]:
    """Rules 6–8 over consecutive years of the same agency (reports with no agency or year are
    skipped: they cannot be placed in a series)."""
    by_agency: dict[str, dict[int, AnnualReport]] = defaultdict(dict)
    findings: list[Finding] = []
    placed = [
        r for r in reports if r.agency is not None and r.year is not None and r.template.has_tables
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
    """The cross-year rules that both years' templates declare (a rule on table 二's columns
    cannot compare a 2020 report with a 2021 one: the columns differ)."""
    out = Collector(this)
    rules = last.template.cross_year_rules & this.template.cross_year_rules
    for rule, check in _CROSS_YEAR:
        if rule in rules:
            check(last, this, out)
    return out.findings


def _check_carry_over(last: AnnualReport, this: AnnualReport, out: Collector) -> None:
    over, forward = this.requests["carried_over"], last.requests["carried_forward"]
    for column, label in REQUEST_COLUMN_LABEL.items():
        if over[column] is None or forward[column] is None or over[column] == forward[column]:
            continue
        out.add(
            Rule.CARRY_OVER,
            f"表三「{label}」列：{this.year}年「二、上年结转政府信息公开申请数量」为 "
            f"{fmt_number(n(over[column]))}，但{last.year}年报告「四、结转下年度继续办理」为 "
            f"{fmt_number(n(forward[column]))}",
            table="requests",
            row="carried_over",
            row_label=ROW_LABELS[(this.format, "requests")]["carried_over"],
            column=column,
            column_label=label,
            left=forward[column],
            right=over[column],
        )


def _check_in_force(last: AnnualReport, this: AnnualReport, out: Collector) -> None:
    for row_key in ("regulations", "normative_documents"):
        before, now = last.proactive[row_key], this.proactive[row_key]
        if before["in_force"] is None or now["in_force"] is None:
            continue
        expected = n(before["in_force"]) + n(now["issued"]) - n(now["repealed"])
        if expected == now["in_force"]:
            continue
        label = ROW_LABELS[(this.format, "proactive")][row_key]
        out.add(
            Rule.IN_FORCE,
            f"表二「{label}」：{last.year}年现行有效 {fmt_number(n(before['in_force']))} + "
            f"{this.year}年制发 {fmt_number(n(now['issued']))} − 废止 {fmt_number(n(now['repealed']))}"
            f" = {fmt_number(expected)}，但{this.year}年现行有效件数为 {fmt_number(now['in_force'])}"
            "（也可能有文件到期失效）",
            table="proactive",
            row=row_key,
            row_label=label,
            column="in_force",
            column_label="现行有效件数",
            left=expected,
            right=now["in_force"],
        )


def _check_previous_items(last: AnnualReport, this: AnnualReport, out: Collector) -> None:
    for row_key, now in this.proactive.items():
        if "previous" not in now:
            continue
        before = last.proactive[row_key]
        if before["previous"] is None or now["previous"] is None:
            continue
        expected = n(before["previous"]) + n(before["change"])
        if expected == now["previous"]:
            continue
        label = ROW_LABELS[(this.format, "proactive")][row_key]
        out.add(
            Rule.PREVIOUS_ITEMS,
            f"表二「{label}」：{last.year}年上一年项目数量 {fmt_number(n(before['previous']))} + "
            f"本年增/减 {fmt_number(n(before['change']))} = {fmt_number(expected)}，但{this.year}年"
            f"「上一年项目数量」为 {fmt_number(now['previous'])}",
            table="proactive",
            row=row_key,
            row_label=label,
            column="previous",
            column_label="上一年项目数量",
            left=expected,
            right=now["previous"],
        )


_CROSS_YEAR: tuple[tuple[str, Callable[[AnnualReport, AnnualReport, Collector], None]], ...] = (
    (Rule.CARRY_OVER.value, _check_carry_over),
    (Rule.IN_FORCE.value, _check_in_force),
    (Rule.PREVIOUS_ITEMS.value, _check_previous_items),
)
