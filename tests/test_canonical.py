"""Canonical JSON: a round trip keeps everything; bad JSON names the key path and the problem."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given, settings

from gongkai.report import canonical
from gongkai.report.errors import ReportDataError
from gongkai.report.formats import (
    Format,
    match_column,
    match_row,
    normalize_label,
    template,
)
from gongkai.report.model import AnnualReport, LegacyFigure
from tests.strategies import consistent_report, consistent_reports

REQUESTS_2021 = template(Format.F2021).requests
PROACTIVE_2019 = template(Format.F2019).proactive


def as_dict(report: AnnualReport) -> dict[str, Any]:
    return json.loads(canonical.dumps(report))


@settings(max_examples=50, deadline=None)
@given(consistent_reports())
def test_it_round_trips_any_report(report: AnnualReport) -> None:
    assert canonical.loads(canonical.dumps(report)) == report


def test_it_round_trips_a_legacy_report() -> None:
    report = AnnualReport(
        format=Format.LEGACY,
        agency="沈阳市档案局",
        year=2017,
        sections={"一、概述": "……"},
        legacy_figures=[
            LegacyFigure("主动公开政府工作信息", 249, "条", "全年主动公开政府工作信息249条。")
        ],
    )
    assert canonical.loads(canonical.dumps(report)) == report


def test_it_keeps_the_spec_key_order_and_printed_row_order() -> None:
    data = as_dict(consistent_report())
    assert list(data)[:6] == ["format", "agency", "year", "title", "published", "sections"]
    assert list(data["requests"])[:3] == ["new", "carried_over", "disclosed"]
    assert list(data["requests"]["new"]) == [
        "natural_person",
        "commercial",
        "research",
        "social_welfare",
        "legal_service",
        "other_org",
        "total",
    ]


def _error(data: Any) -> ReportDataError:
    with pytest.raises(ReportDataError) as info:
        canonical.report_from_dict(data)
    return info.value


def test_it_names_an_unknown_row() -> None:
    data = as_dict(consistent_report())
    data["requests"]["withheld.secret"] = data["requests"]["disclosed"]
    error = _error(data)
    assert error.path == "requests.withheld.secret"
    assert "表三（2021版）没有这一行" in error.problem


def test_it_lists_the_columns_of_a_row_in_the_template_order() -> None:
    # The same message on every run, whatever the hash seed: the columns in the printed order.
    data = as_dict(consistent_report())
    data["requests"]["disclosed"]["nonesuch"] = 1
    error = _error(data)
    assert error.path == "requests.disclosed.nonesuch"
    keys = ", ".join(column.key for column in REQUESTS_2021.row("disclosed").columns)
    assert error.problem.endswith(f"没有这一列；可用的列：{keys}")


def test_it_names_a_string_where_a_count_belongs() -> None:
    data = as_dict(consistent_report())
    data["requests"]["disclosed"]["research"] = "3"
    error = _error(data)
    assert error.path == "requests.disclosed.research"
    assert error.problem == "应为数字或 null，实为文本 '3'"


def test_it_names_a_missing_column_and_a_missing_row() -> None:
    data = as_dict(consistent_report())
    del data["appeals"]["review"]["pending"]
    assert _error(data).path == "appeals.review.pending"
    data = as_dict(consistent_report(Format.F2019))
    del data["proactive"]["procurement"]
    error = _error(data)
    assert (error.path, error.problem) == ("proactive.procurement", "缺少表二的行「政府集中采购」")


def test_it_rejects_booleans_infinities_and_a_wrong_format() -> None:
    data = as_dict(consistent_report())
    data["appeals"]["review"]["total"] = True
    assert _error(data).path == "appeals.review.total"
    data["appeals"]["review"]["total"] = float("inf")
    assert _error(data).problem.startswith("应为有限的数字")
    data["format"] = "2020"
    assert _error(data).problem == "应为 2021、2019、legacy 之一，实为 '2020'"


def test_it_rejects_a_2021_report_mixing_the_single_other_row_with_its_three_parts() -> None:
    data = as_dict(consistent_report())
    data["requests"]["other"] = data["requests"]["other.other"]
    assert _error(data).path == "requests.other"


def test_it_accepts_the_single_other_row_in_a_2021_report() -> None:
    report = consistent_report(single_other=True)
    assert canonical.loads(canonical.dumps(report)).requests["other"] == report.requests["other"]


def test_it_says_where_json_syntax_is_broken() -> None:
    with pytest.raises(ReportDataError) as info:
        canonical.loads('{"format": "2021",\n "agency": }', source="bad.json")
    assert str(info.value).startswith("bad.json:2:12: 不是合法的 JSON")


def test_it_rejects_unknown_top_level_keys_and_bad_dates() -> None:
    data = as_dict(consistent_report())
    assert _error({**data, "agnecy": "x"}).path == "agnecy"
    assert _error({**data, "published": "2023-13-01"}).path == "published"
    assert _error({**data, "year": "2023"}).path == "year"


def test_labels_match_across_width_punctuation_and_line_breaks() -> None:
    assert normalize_label(
        "（二）部分公开(区分处理的，只计这一情形,不计其他情形)"
    ) == normalize_label("(二)部分公开（区分处理的,只计这一情形，不计其他情形）")
    assert (
        match_row(REQUESTS_2021, "3.危及\u201c三安全一稳定\u201d") == "withheld.security_stability"
    )
    assert match_row(REQUESTS_2021, '3.危及"三安全一稳定"') == "withheld.security_stability"
    assert match_row(REQUESTS_2021, "５.要求行政机关确认或重\n新出具已获取信息") == (
        "not_processed.confirm_or_reissue"
    )
    assert match_row(REQUESTS_2021, "3.其他", group="（六）其他处理") == "other.other"
    assert match_row(REQUESTS_2021, "部分公开") == "partially_disclosed"
    assert match_row(REQUESTS_2021, "属于国家机密") is None
    assert match_row(PROACTIVE_2019, "行政规范性文件") == "normative_documents"
    assert match_column(PROACTIVE_2019.row("licensing"), "本年增／减") == "change"
