"""Table 三 from the records: equal to counting by hand, and rules 1–3 (and 6 across years)
hold for any random set of case histories."""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gongkai.report.checks import check_report, check_reports
from gongkai.report.formats import APPLICANT_COLUMNS, Format, template
from gongkai.report.model import empty_report
from gongkai.requests.models import Application
from gongkai.requests.selectors import table_three

pytestmark = pytest.mark.django_db
YEAR = 2025
TABLE_RULES = {"R1", "R2", "R3", "R5"}

# (category, received, closed or None, outcome)
History = tuple[str, date, date | None, str]


def _store(agency: Any, histories: list[History]) -> None:
    Application.objects.filter(agency=agency).delete()
    Application.objects.bulk_create(
        Application(
            agency=agency,
            year=received.year,
            serial=n,
            tracking_number=f"T-{received.year}-{n}",
            query_code_hash="x",
            channel="in_person",
            received_on=received,
            category=category,
            applicant_name="申请人",
            description="某信息",
            form_wanted="paper",
            delivery="post",
            status="closed" if closed else "open",
            period_start=received,
            due_on=received + timedelta(days=28),
            outcome=outcome if closed else "",
            closed_on=closed,
        )
        for n, (category, received, closed, outcome) in enumerate(histories, start=1)
    )


def _by_hand(histories: list[History], year: int) -> dict[tuple[str, str], int]:
    """Counting each case the way a clerk would, one question at a time."""
    start, end = date(year, 1, 1), date(year, 12, 31)
    counts: Counter[tuple[str, str]] = Counter()
    for category, received, closed, outcome in histories:
        if received > end or (closed is not None and closed < start):
            continue  # not open at any time in the year
        counts["new" if received >= start else "carried_over", category] += 1
        if closed is not None and closed <= end:
            counts[outcome, category] += 1
            counts["result_total", category] += 1
        else:
            counts["carried_forward", category] += 1
    return counts


histories_strategy = st.lists(
    st.tuples(
        st.sampled_from(APPLICANT_COLUMNS),
        st.dates(date(YEAR - 1, 1, 1), date(YEAR + 1, 6, 30)),
        st.one_of(st.none(), st.integers(0, 400)),
        st.sampled_from(template(Format.F2021).result_rows),
    ).map(lambda t: (t[0], t[1], t[1] + timedelta(days=t[2]) if t[2] is not None else None, t[3])),
    max_size=40,
)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(histories=histories_strategy)
def test_it_always_satisfies_rules_1_to_3_and_6(agency_a, histories) -> None:
    _store(agency_a, histories)
    reports = []
    for year in (YEAR - 1, YEAR, YEAR + 1):
        report = empty_report(Format.F2021, agency=agency_a.name, year=year)
        report.requests = table_three(agency_a, year)
        reports.append(report)
    findings = [f for f in check_reports(reports) if f.rule.value in TABLE_RULES | {"R6"}]
    assert findings == []
    expected = _by_hand(histories, YEAR)
    table = reports[1].requests
    for row, cells in table.items():
        for column in APPLICANT_COLUMNS:
            assert cells[column] == expected[row, column], (row, column)


def test_it_counts_a_small_year_by_hand(agency_a, agency_b) -> None:
    histories: list[History] = [
        ("natural_person", date(2024, 12, 20), date(2025, 1, 15), "disclosed"),  # carried over
        ("natural_person", date(2024, 11, 1), date(2024, 12, 1), "disclosed"),  # not this year
        ("natural_person", date(2025, 3, 1), date(2025, 3, 20), "withheld.state_secret"),
        ("commercial", date(2025, 6, 1), date(2025, 6, 5), "other.fee_unpaid"),
        ("commercial", date(2025, 12, 25), None, ""),  # carried forward, still open
        ("legal_service", date(2025, 12, 30), date(2026, 1, 10), "disclosed"),  # closed next year
        ("research", date(2026, 1, 2), None, ""),  # next year's
    ]
    _store(agency_a, histories)
    _store(agency_b, [("natural_person", date(2025, 5, 1), None, "")])  # another agency's
    with CaptureQueriesContext(connection) as queries:
        table = table_three(agency_a, 2025)
    assert len(queries) == 1  # one aggregate query
    assert table["new"] == _row(natural_person=1, commercial=2, legal_service=1)
    assert table["carried_over"] == _row(natural_person=1)
    assert table["disclosed"] == _row(natural_person=1)
    assert table["withheld.state_secret"] == _row(natural_person=1)
    assert table["other.fee_unpaid"] == _row(commercial=1)
    assert table["result_total"] == _row(natural_person=2, commercial=1)
    assert table["carried_forward"] == _row(commercial=1, legal_service=1)
    report = empty_report(Format.F2021, agency=agency_a.name, year=2025)
    report.requests = table
    assert [f for f in check_report(report) if f.rule.value in TABLE_RULES] == []


def _row(**cells: int) -> dict[str, int]:
    row = {c: cells.get(c, 0) for c in APPLICANT_COLUMNS}
    row["total"] = sum(row.values())
    return row
