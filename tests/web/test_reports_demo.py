"""The demo's annual reports: a history the supervising office can read, all consistent."""

from __future__ import annotations

from datetime import date
from typing import Any

from gongkai.demo.reports import load_reports_demo
from gongkai.demo.requests import load_requests_demo
from gongkai.report.checks import check_reports
from gongkai.reports.models import Origin, ReportVersion, Status
from gongkai.reports.summary import summarize


def test_it_loads_a_consistent_history_and_this_years_work(
    operator: Any, agency_a: Any, agency_b: Any, client: Any, supervisor: Any
) -> None:
    load_reports_demo(operator, [agency_a, agency_b], 2025)
    imported = ReportVersion.objects.filter(origin=Origin.IMPORTED)
    assert sorted(set(imported.values_list("year", flat=True))) == [2021, 2022, 2023]
    assert ReportVersion.objects.get(agency=agency_a, year=2025).status == Status.DRAFT
    assert ReportVersion.objects.get(agency=agency_b, year=2025).status == Status.PUBLISHED
    history = [d.report for d in imported]
    # The generated years pass every rule, across years too (carry-over, 现行有效).
    assert [f for f in check_reports(history) if f.severity.value == "error"] == []
    assert [f.rule.value for f in check_reports(history) if f.rule.value in ("R6", "R7")] == []
    result = summarize([d.report for d in imported.filter(year=2022)], region="江临市", year=2022)
    assert result.report.requests["new"]["total"] == sum(
        d.report.requests["new"]["total"] for d in imported.filter(year=2022)
    )
    client.force_login(supervisor)
    page = client.get("/reports/supervise/summary/?year=2023").content.decode()
    assert "2021年" in page and "2023年" in page  # the trend chart


def test_the_reports_built_in_the_platform_count_cases_and_are_dated_when_sent(
    operator: Any, agency_a: Any
) -> None:
    """The demo's requests start on 1 January of the year before last, so the two reports the
    platform builds count real cases; each is dated the day it was sent, not the day the demo
    loaded (the on-time one before 31 January, the late one after)."""
    today = date(2026, 12, 4)
    load_requests_demo(operator, [agency_a], today=today, since=date(2024, 1, 1))
    load_reports_demo(operator, [agency_a], 2025)
    on_time = ReportVersion.objects.get(agency=agency_a, year=2024)
    assert on_time.report.requests["new"]["total"] > 0
    assert on_time.report.published == "2025-01-20"
    assert on_time.published_at is not None and on_time.published_at.date() == date(2025, 1, 20)
