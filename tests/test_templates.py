"""Each template owns everything format-specific: a third template, registered in a fixture,
is read, checked, rendered and written as canonical JSON with no other change to the code."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest

from gongkai.report import canonical
from gongkai.report.checks import check_report
from gongkai.report.formats import (
    TEMPLATES,
    Format,
    Template,
    format_for_year,
    table_templates,
    template,
)
from gongkai.report.readers import read_path
from gongkai.report.writers import render
from gongkai.report.writers.html import render_fragment
from tests.strategies import consistent_report
from tests.third_template import EXTRA, FIRST_YEAR, KEY, third_template

__all__ = ["third_template"]  # the fixture, used by name


def _report(fmt: str, year: int = FIRST_YEAR) -> canonical.AnnualReport:
    return consistent_report(
        fmt,
        year=year,
        results={"disclosed": {"natural_person": 4}, EXTRA.key: {"commercial": 2}},
    )


def test_it_asks_the_registry_for_the_template_of_a_year() -> None:
    assert format_for_year(2026).key == "2021"
    assert format_for_year(2020).key == "2019"
    assert format_for_year(2018).key == "legacy"
    assert not format_for_year(2018).has_tables
    assert [t.key for t in table_templates()] == ["2021", "2019"]
    assert set(TEMPLATES) == {"2021", "2019", "legacy"}


def test_it_names_every_template_once_by_its_key() -> None:
    for key, found in TEMPLATES.items():
        assert template(key) is found and found.key == key
    with pytest.raises(KeyError, match="未知的报告格式"):
        template("2099")


def test_it_follows_a_new_template_for_the_years_it_governs(third_template: Template) -> None:
    assert format_for_year(FIRST_YEAR) is third_template
    assert format_for_year(FIRST_YEAR - 1).key == Format.F2021
    assert table_templates()[0] is third_template


@pytest.mark.parametrize("to", ["html", "docx", "xlsx", "pdf"])
def test_it_reads_back_a_report_of_the_new_template(third_template: Template, to: str) -> None:
    report = _report(KEY)
    assert EXTRA.key in report.requests
    content = render(report, to).content
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"report.{to}"
        path.write_bytes(content)
        back = read_path(path)
    assert back.format == KEY
    assert back.requests == report.requests
    assert back.proactive == report.proactive and back.appeals == report.appeals


def test_it_checks_the_new_row_with_rule_3(third_template: Template) -> None:
    report = _report(KEY)
    assert [f for f in check_report(report) if f.severity == "error"] == []
    report.requests[EXTRA.key]["commercial"] = 5
    report.requests[EXTRA.key]["total"] = 5
    rules = {(f.rule.value, f.row) for f in check_report(report)}
    assert ("R3", "result_total") in rules
    assert ("R2", "new") in rules or any(r == "R3" for r, _ in rules)


def test_it_renders_the_new_row_in_the_official_layout(third_template: Template) -> None:
    html = render_fragment(_report(KEY))
    assert EXTRA.label in html
    # 三、本年度办理结果 spans one row more than in the 2021 layout (22 → 23).
    assert 'rowspan="23"' in html


def test_it_keeps_the_new_template_in_canonical_json(third_template: Template) -> None:
    report = _report(KEY)
    back = canonical.loads(canonical.dumps(report))
    assert back == report and back.template is third_template
    data = canonical.report_to_dict(report)
    del data["requests"][EXTRA.key]
    with pytest.raises(canonical.ReportDataError, match=EXTRA.label):
        canonical.report_from_dict(data)


def test_it_accepts_the_one_row_other_layout_in_the_new_template(
    third_template: Template,
) -> None:
    report = consistent_report(KEY, year=FIRST_YEAR, single_other=True)
    assert "other" in report.requests and EXTRA.key not in report.requests
    assert canonical.loads(canonical.dumps(report)) == report
    assert [f for f in check_report(report) if f.severity == "error"] == []
