"""The outcome registry (gongkai/requests/outcomes.py) and the templates stay in step, and the
platform's table 三 follows whatever template governs the year — a new one included."""

from __future__ import annotations

import re
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from gongkai.report.checks import check_report
from gongkai.report.formats import Template, current, table_templates
from gongkai.reports.build import report_from_platform
from gongkai.requests import outcomes
from gongkai.requests.models import Application, Outcome
from gongkai.requests.selectors import table_three
from tests.third_template import EXTRA, FIRST_YEAR, third_template

__all__ = ["third_template"]  # the fixture, used by name
PACKAGE = Path(__file__).resolve().parents[2] / "gongkai"


def test_it_has_one_outcome_for_every_result_row_of_the_current_template() -> None:
    assert [o.key for o in outcomes.OUTCOMES] == list(current().result_rows)


def test_every_template_counts_every_outcome_under_one_of_its_rows() -> None:
    for template in table_templates():
        for outcome in outcomes.OUTCOMES:
            row = template.row_for_outcome(outcome.key)
            assert row in template.result_rows, (template.key, outcome.key)


def test_the_choices_and_kinds_come_from_the_registry() -> None:
    assert Outcome.values == [o.key for o in outcomes.OUTCOMES]
    assert {outcomes.NO_CORRECTION, outcomes.FEE_UNPAID} == outcomes.LAPSES
    assert outcomes.get(outcomes.WITHDRAWN).kind is outcomes.Kind.WITHDRAWAL
    chosen = {key for key, _ in outcomes.answer_choices()}
    assert not chosen & outcomes.LAPSES and outcomes.DISCLOSED in chosen
    # 复议前置 (行政复议法（2023）第二十三条): every outcome that withholds something says so.
    withholding = {o.key for o in outcomes.OUTCOMES if o.withholds}
    assert outcomes.PARTIALLY_DISCLOSED in withholding
    assert {k for k in Outcome.values if k.startswith("withheld.")} <= withholding


def test_no_module_outside_the_registry_spells_an_outcome_code() -> None:
    codes = "|".join(re.escape(k) for k in Outcome.values)
    quoted = re.compile(rf"[\"']({codes})[\"']")
    offenders = [
        str(path.relative_to(PACKAGE))
        for path in PACKAGE.rglob("*.py")
        if not {"migrations", "formats", "demo"} & set(path.parts)
        and path.name != "outcomes.py"
        and quoted.search(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []


def test_no_module_outside_the_templates_names_a_template() -> None:
    named = re.compile(r"F20(19|21)")
    offenders = [
        str(path.relative_to(PACKAGE))
        for path in PACKAGE.rglob("*.py")
        if not {"formats", "demo"} & set(path.parts)
        and named.search(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []


def _closed_case(agency: Any, received: date, outcome: str, serial: int) -> None:
    Application.objects.create(
        agency=agency,
        year=received.year,
        serial=serial,
        tracking_number=f"T-{received.year}-{serial}",
        query_code_hash="x",
        channel="in_person",
        received_on=received,
        category="natural_person",
        applicant_name="申请人",
        description="某信息",
        form_wanted="paper",
        delivery="post",
        status="closed",
        period_start=received,
        due_on=received + timedelta(days=28),
        outcome=outcome,
        closed_on=received + timedelta(days=10),
    )


@pytest.mark.django_db
def test_the_platforms_table_three_follows_a_new_template(
    third_template: Template, agency_a: Any
) -> None:
    _closed_case(agency_a, date(FIRST_YEAR, 3, 2), outcomes.DISCLOSED, 1)
    _closed_case(agency_a, date(FIRST_YEAR, 4, 6), outcomes.FEE_UNPAID, 2)
    table = table_three(agency_a, FIRST_YEAR)
    assert list(table) == list(third_template.requests.row_keys)
    assert table[EXTRA.key]["total"] == 0
    assert table["disclosed"]["total"] == 1 and table["other.fee_unpaid"]["total"] == 1
    report = report_from_platform(agency_a, FIRST_YEAR)
    assert report.format == third_template.key
    assert [f for f in check_report(report) if f.rule.value in {"R1", "R2", "R3"}] == []


@pytest.mark.django_db
def test_an_older_template_folds_the_outcomes_it_prints_as_one_row(agency_a: Any) -> None:
    _closed_case(agency_a, date(2020, 3, 2), outcomes.NO_CORRECTION, 1)
    _closed_case(agency_a, date(2020, 5, 6), outcomes.WITHDRAWN, 2)
    table = table_three(agency_a, 2020)
    assert "other.no_correction" not in table
    assert table["other"]["total"] == 2 and table["result_total"]["total"] == 2


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("year", "name", "row"), [(2025, "2021 版", "3.其他"), (2020, "2019 版", "（六）其他处理")]
)
def test_the_statistics_page_counts_in_the_template_of_the_year(
    client: Any, clerk_a: Any, year: int, name: str, row: str
) -> None:
    client.force_login(clerk_a)
    page = client.get(f"/requests/statistics/?year={year}").content.decode()
    assert f"按年度报告{name}表三" in page and row in page
