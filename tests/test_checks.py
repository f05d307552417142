"""Rules 1–9 and completeness: a passing and a failing case each, asserting the exact finding."""

from __future__ import annotations

import copy
import re

from hypothesis import given, settings
from hypothesis import strategies as st

from gongkai.report.checks import (
    Finding,
    Rule,
    Severity,
    agency_keys,
    check_report,
    check_reports,
    check_series,
)
from gongkai.report.formats import APPLICANT_COLUMNS, Format, normalize_label
from gongkai.report.model import AnnualReport
from tests.strategies import consistent_report, consistent_reports


def only(findings: list[Finding], rule: Rule) -> list[Finding]:
    return [f for f in findings if f.rule is rule]


def test_it_finds_nothing_in_a_consistent_report() -> None:
    for fmt in (Format.F2019, Format.F2021):
        assert check_report(consistent_report(fmt)) == []


def test_it_finds_nothing_to_check_in_a_legacy_report() -> None:
    assert check_report(AnnualReport(format=Format.LEGACY, agency="沈阳市档案局", year=2017)) == []


def test_rule_1_catches_a_row_whose_total_is_not_the_sum_of_the_applicants() -> None:
    report = consistent_report(results={"disclosed": {"natural_person": 12, "commercial": 3}})
    report.requests["disclosed"]["total"] = 14
    [finding] = only(check_report(report), Rule.ROW_TOTAL)
    assert finding.severity is Severity.ERROR
    assert (finding.table, finding.row, finding.column) == ("requests", "disclosed", "total")
    assert (finding.row_label, finding.column_label) == ("（一）予以公开", "总计")
    assert (finding.left, finding.right) == (15, 14)
    assert finding.message == (
        "表三「（一）予以公开」行：六类申请人之和 12 + 3 + 0 + 0 + 0 + 0 = 15，但总计为 14"
    )


def test_rule_2_catches_a_column_that_does_not_balance() -> None:
    report = consistent_report(
        results={"disclosed": {"natural_person": 10}}, carried_forward={"natural_person": 1}
    )
    report.requests["new"]["natural_person"] = 12
    report.requests["new"]["total"] = 12
    finding, on_total = only(check_report(report), Rule.COLUMN_BALANCE)
    assert on_total.column == "total"
    assert finding.severity is Severity.ERROR
    assert (finding.column, finding.column_label, finding.row) == ("natural_person", "自然人", None)
    assert (finding.left, finding.right) == (12, 11)
    assert finding.message == (
        "表三「自然人」列：本年新收 12 + 上年结转 0 = 12，但办理结果总计 10 + 结转下年度 1 = 11"
    )


def test_rule_3_catches_a_result_total_that_is_not_the_sum_of_the_results() -> None:
    report = consistent_report(
        results={"disclosed": {"research": 2}, "unavailable.not_held": {"research": 1}}
    )
    report.requests["unavailable.not_held"]["research"] = 2
    report.requests["unavailable.not_held"]["total"] = 2
    findings = check_report(report)
    finding, on_total = only(findings, Rule.RESULT_TOTAL)
    assert on_total.column == "total"
    assert (finding.row, finding.column, finding.column_label) == (
        "result_total",
        "research",
        "科研机构",
    )
    assert (finding.left, finding.right) == (4, 3)
    assert finding.message == (
        "表三「科研机构」列：各项办理结果（予以公开至其他处理）之和为 4，但「（七）总计」为 3"
    )
    assert [f.rule for f in findings] == [Rule.RESULT_TOTAL] * 2


def test_rule_3_counts_the_single_other_row_of_a_deviating_2021_report() -> None:
    report = consistent_report(single_other=True, results={"other": {"natural_person": 2}})
    assert "other" in report.requests and "other.other" not in report.requests
    assert check_report(report) == []
    report.requests["other"]["natural_person"] = 3
    report.requests["other"]["total"] = 3
    assert [(f.rule, f.column) for f in check_report(report)] == [
        (Rule.RESULT_TOTAL, "natural_person"),
        (Rule.RESULT_TOTAL, "total"),
    ]


def test_rule_4_catches_a_table_four_group_whose_total_is_wrong() -> None:
    report = consistent_report()
    report.appeals["review"].update(upheld=10, corrected=1)
    [finding] = only(check_report(report), Rule.APPEAL_TOTAL)
    assert finding.severity is Severity.ERROR
    assert (finding.table, finding.row, finding.column) == ("appeals", "review", "total")
    assert (finding.left, finding.right) == (11, 0)
    assert finding.message == (
        "表四「行政复议」：结果维持 10 + 结果纠正 1 + 其他结果 0 + 尚未审结 0 = 11，但总计为 0"
    )


def test_rule_4_names_the_litigation_group_in_full() -> None:
    report = consistent_report()
    report.appeals["litigation_after_review"]["upheld"] = 5
    [finding] = only(check_report(report), Rule.APPEAL_TOTAL)
    assert finding.row_label == "行政诉讼（复议后起诉）"


def test_rule_5_catches_negative_and_fractional_counts_but_not_a_negative_change() -> None:
    report = consistent_report(Format.F2019)
    report.proactive["licensing"]["change"] = -3
    assert check_report(report) == []
    report.proactive["licensing"]["decisions"] = -1
    report.appeals["review"]["pending"] = 0.5
    report.appeals["review"]["total"] = 0.5
    findings = only(check_report(report), Rule.NON_NEGATIVE)
    assert [f.message for f in findings] == [
        "表二「行政许可」行「处理决定数量」列：应为非负整数，实为 -1",
        "表四「行政复议」行「尚未审结」列：应为非负整数，实为 0.5",
        "表四「行政复议」行「总计」列：应为非负整数，实为 0.5",
    ]
    assert all(f.severity is Severity.ERROR for f in findings)


def test_rule_5_accepts_money_with_decimals_and_rejects_negative_money() -> None:
    report = consistent_report()
    report.proactive["fees"]["amount"] = 7730.28
    assert check_report(report) == []
    report.proactive["fees"]["amount"] = -1.5
    [finding] = check_report(report)
    assert (
        finding.message
        == "表二「行政事业性收费」行「本年收费金额（单位：万元）」列：应为非负数，实为 -1.5"
    )


def test_blank_cells_are_a_completeness_warning_and_count_as_zero() -> None:
    report = consistent_report()
    report.requests["withheld.state_secret"]["commercial"] = None
    report.requests["withheld.state_secret"]["research"] = None
    [finding] = check_report(report)
    assert finding.rule is Rule.BLANK and finding.severity is Severity.WARNING
    assert finding.message == (
        "表三「1.属于国家秘密」行 「商业企业」、「科研机构」 为空白，按 0 计算；请填写数字（没有就填 0）"
    )
    report.requests["disclosed"]["natural_person"] = None
    rules = {f.rule for f in check_report(report)}
    assert rules == {Rule.BLANK, Rule.ROW_TOTAL, Rule.RESULT_TOTAL}


def _series(*reports: AnnualReport) -> list[Finding]:
    return check_series(list(reports))


def test_rule_6_catches_a_carry_over_that_differs_from_last_years_carry_forward() -> None:
    last = consistent_report(year=2022, carried_forward={"natural_person": 2})
    this = consistent_report(year=2023, carried_over={"natural_person": 2})
    assert _series(last, this) == []
    this = consistent_report(year=2023, carried_over={"natural_person": 3})
    finding, on_total = _series(this, last)  # any order: the series is sorted by year
    assert on_total.column == "total"
    assert finding.rule is Rule.CARRY_OVER and finding.severity is Severity.WARNING
    assert (finding.year, finding.column, finding.left, finding.right) == (
        2023,
        "natural_person",
        2,
        3,
    )
    assert finding.message == (
        "表三「自然人」列：2023年「二、上年结转政府信息公开申请数量」为 3，"
        "但2022年报告「四、结转下年度继续办理」为 2"
    )


def test_rule_6_groups_by_agency_and_skips_gaps_between_years() -> None:
    a2022 = consistent_report(year=2022, carried_forward={"natural_person": 2})
    b2023 = consistent_report(year=2023, agency="另一个局")
    a2024 = consistent_report(year=2024)
    assert _series(a2022, b2023, a2024) == []


def test_rule_6_treats_a_title_without_the_city_as_the_same_agency() -> None:
    last = consistent_report(year=2023, agency="洪泽区人民政府", carried_forward={"research": 1})
    this = consistent_report(year=2024, agency="淮安市洪泽区人民政府")
    assert [(f.rule, f.column) for f in _series(last, this)] == [
        (Rule.CARRY_OVER, "research"),
        (Rule.CARRY_OVER, "total"),
    ]


def _agency_keys_pairwise(names: list[str]) -> dict[str, str]:
    """The grouping's definition, name against name (what ``agency_keys`` computed before it
    looked up each name's own tails)."""
    prefix = re.compile(r"^\w+?(?:省|市|自治区|自治州|州|盟|地区|县|区)$")
    folded = {name: normalize_label(name) for name in names}
    distinct = set(folded.values())
    longer = {}
    for short in distinct:
        matches = [
            full
            for full in distinct
            if full != short and full.endswith(short) and prefix.match(full[: -len(short)])
        ]
        if len(matches) == 1:
            longer[short] = matches[0]
    return {name: longer.get(key, key) for name, key in folded.items()}


_NAME_PARTS = st.sampled_from(
    [
        "淮安市",
        "洪泽区",
        "江苏省",
        "内蒙古自治区",
        "阿坝州",
        "锡林郭勒盟",
        "吐鲁番地区",
        "沭阳县",
        "区",
        "市",
        "自治州",
        "人民政府",
        "教育局",
        "1",
        "·",
        " ",
        "（",
        "）",
        "A",
        "政府办公室",
    ]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(_NAME_PARTS, max_size=5).map("".join), max_size=12))
def test_agency_keys_group_as_the_pairwise_definition_does(names: list[str]) -> None:
    assert agency_keys(names) == _agency_keys_pairwise(names)


def test_agency_keys_join_a_name_only_when_one_longer_name_ends_with_it() -> None:
    keys = agency_keys(
        ["洪泽区人民政府", "淮安市洪泽区人民政府", "教育局", "甲市教育局", "乙市教育局"]
    )
    assert keys["洪泽区人民政府"] == "淮安市洪泽区人民政府"
    assert keys["教育局"] == "教育局"  # two cities' 教育局: which one is not certain


def test_rule_7_catches_documents_in_force_that_do_not_follow_from_last_year() -> None:
    last = consistent_report(year=2022)
    last.proactive["normative_documents"].update(in_force=10)
    this = consistent_report(year=2023)
    this.proactive["normative_documents"].update(issued=3, repealed=1, in_force=12)
    assert _series(last, this) == []
    this.proactive["normative_documents"]["in_force"] = 11
    [finding] = _series(last, this)
    assert finding.rule is Rule.IN_FORCE and finding.severity is Severity.WARNING
    assert (finding.left, finding.right) == (12, 11)
    assert finding.message == (
        "表二「行政规范性文件」：2022年现行有效 10 + 2023年制发 3 − 废止 1 = 12，"
        "但2023年现行有效件数为 11（也可能有文件到期失效）"
    )


def test_rule_8_catches_a_previous_item_count_that_does_not_follow_from_last_year() -> None:
    last = consistent_report(Format.F2019, year=2019)
    last.proactive["licensing"].update(previous=20, change=-2)
    this = consistent_report(Format.F2019, year=2020)
    this.proactive["licensing"]["previous"] = 18
    assert _series(last, this) == []
    this.proactive["licensing"]["previous"] = 20
    [finding] = _series(last, this)
    assert finding.rule is Rule.PREVIOUS_ITEMS
    assert finding.message == (
        "表二「行政许可」：2019年上一年项目数量 20 + 本年增/减 -2 = 18，但2020年「上一年项目数量」为 20"
    )


def test_rules_7_and_8_do_not_compare_across_a_change_of_format() -> None:
    last = consistent_report(Format.F2019, year=2020)
    last.proactive["regulations"].update(total_published=99)
    this = consistent_report(Format.F2021, year=2021)
    assert _series(last, this) == []


def test_two_reports_for_the_same_agency_and_year_are_reported() -> None:
    [finding] = _series(consistent_report(year=2023), consistent_report(year=2023))
    assert finding.rule is Rule.DUPLICATE


def test_rule_9_passes_when_the_prose_agrees_with_the_tables() -> None:
    report = consistent_report(
        results={"disclosed": {"natural_person": 21}},
        overview="2023 年全区受理政府信息公开申请 21 件，均在法定期限答复。未发生行政复议、行政诉讼案件。",
    )
    assert check_report(report) == []


def test_rule_9_quotes_a_sentence_that_contradicts_table_three() -> None:
    report = consistent_report(
        results={"disclosed": {"natural_person": 20}},
        carried_forward={"natural_person": 2},
        overview="全年共收到政府信息公开申请25件，已全部办结。\n结转下年度办理3件。",
    )
    findings = check_report(report)
    assert [(f.rule, f.left, f.right) for f in findings] == [
        (Rule.PROSE, 25, 22),
        (Rule.PROSE, 3, 2),
    ]
    assert findings[0].severity is Severity.WARNING
    assert findings[0].sentence == "全年共收到政府信息公开申请25件，已全部办结"
    assert findings[0].message == (
        "总体情况写明“收到/受理政府信息公开申请” 25 件，"
        "但表三「一、本年新收政府信息公开申请数量」总计为 22：“全年共收到政府信息公开申请25件，已全部办结”"
    )


def test_rule_9_accepts_a_received_count_that_includes_last_years_carry_over() -> None:
    report = consistent_report(
        results={"disclosed": {"natural_person": 5}},
        carried_over={"natural_person": 2},
        overview="共受理政府信息公开申请5件（含上年结转2件）。",
    )
    assert check_report(report) == []


def test_rule_9_compares_review_and_litigation_counts_with_table_four() -> None:
    report = consistent_report(overview="本年度发生政府信息公开行政复议2件，行政诉讼一件。")
    report.appeals["review"].update(upheld=2, total=2)
    assert [(f.rule, f.left, f.right, f.row) for f in check_report(report)] == [
        (Rule.PROSE, 1, 0, "litigation_direct")
    ]
    report.sections["overview"] = "未发生政府信息公开行政复议、行政诉讼案件。"
    assert [(f.left, f.right, f.row) for f in check_report(report)] == [(0, 2, "review")]


def test_rule_9_ignores_statements_about_corrections_rather_than_cases() -> None:
    report = consistent_report(overview="未发生因政府信息公开行政复议被纠错的情况。")
    report.appeals["review"].update(upheld=1, total=1)
    assert check_report(report) == []


@settings(max_examples=150, deadline=None)
@given(consistent_reports())
def test_a_generated_consistent_report_passes_every_rule(report: AnnualReport) -> None:
    assert check_report(report) == []


@settings(max_examples=200, deadline=None)
@given(consistent_reports(), st.data())
def test_changing_any_single_count_in_table_three_or_four_is_caught(
    report: AnnualReport, data: st.DataObject
) -> None:
    table = data.draw(st.sampled_from(["requests", "appeals"]))
    cells = getattr(report, table)
    row = data.draw(st.sampled_from(sorted(cells)))
    column = data.draw(st.sampled_from(sorted(cells[row])))
    delta = data.draw(st.integers(-50, 50).filter(bool))
    changed = copy.deepcopy(report)
    getattr(changed, table)[row][column] += delta
    assert any(f.severity is Severity.ERROR for f in check_report(changed))


def test_check_reports_runs_single_and_cross_year_rules_together() -> None:
    last = consistent_report(year=2022, carried_forward={"natural_person": 1})
    this = consistent_report(year=2023)
    this.appeals["review"]["total"] = 1
    rules = [f.rule for f in check_reports([last, this])]
    assert rules == [Rule.APPEAL_TOTAL, Rule.CARRY_OVER, Rule.CARRY_OVER]


def test_findings_serialise_with_keys_and_labels() -> None:
    report = consistent_report()
    report.requests["new"]["total"] += 1
    data = check_report(report)[0].to_dict()
    assert data["rule"] == "R1" and data["severity"] == "error"
    assert data["table"] == "requests" and data["table_number"] == "三"
    assert data["row"] == "new" and data["row_label"] == "一、本年新收政府信息公开申请数量"
    assert set(APPLICANT_COLUMNS) <= set(report.requests["new"])


def test_rule_9_reads_full_width_and_chinese_numerals() -> None:
    report = consistent_report(
        results={"disclosed": {"natural_person": 20}},
        overview="全年共收到政府信息公开申请２５件。本年度发生行政复议两起。",
    )
    assert [(f.left, f.right) for f in check_report(report)] == [(25, 20), (2, 0)]
