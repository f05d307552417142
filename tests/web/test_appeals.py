"""Review and litigation cases, and table 四 computed from them for any year."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from gongkai.appeals.models import CaseKind, Result, Route, Stage
from gongkai.appeals.services import case_decide
from gongkai.appeals.tables import appeals_table
from gongkai.audit.models import Event
from gongkai.report.checks import check_report
from gongkai.report.formats import Format, template
from gongkai.report.model import empty_report
from tests.web.appeals_helpers import open_case

pytestmark = pytest.mark.django_db


def case(actor: Any, agency: Any, kind: str, filed: date, route: str = "", **kw: Any) -> Any:
    return open_case(actor, agency, filed, kind=kind, route=route, **kw)


def decide(actor: Any, c: Any, result: str, on: date) -> None:
    case_decide(actor=actor, case=c, result=result, decided_on=on)


@pytest.fixture
def cases(clerk_a: Any, agency_a: Any, clerk_b: Any, agency_b: Any) -> None:
    review = CaseKind.REVIEW
    suit = CaseKind.LITIGATION
    decide(
        clerk_a, case(clerk_a, agency_a, review, date(2025, 2, 1)), Result.UPHELD, date(2025, 4, 1)
    )
    decide(
        clerk_a,
        case(clerk_a, agency_a, review, date(2025, 3, 1)),
        Result.CORRECTED,
        date(2025, 5, 1),
    )
    # Filed in 2025, decided in 2026: pending in the 2025 table.
    late = case(clerk_a, agency_a, review, date(2025, 12, 20))
    decide(clerk_a, late, Result.UPHELD, date(2026, 2, 10))
    decide(
        clerk_a,
        case(clerk_a, agency_a, suit, date(2025, 6, 1), Route.DIRECT),
        Result.OTHER,
        date(2025, 9, 1),
    )
    case(clerk_a, agency_a, suit, date(2025, 7, 1), Route.DIRECT)  # still pending
    first = case(clerk_a, agency_a, review, date(2024, 11, 1))
    decide(clerk_a, first, Result.UPHELD, date(2024, 12, 30))
    after = case(clerk_a, agency_a, suit, date(2025, 1, 15), Route.AFTER_REVIEW, review_case=first)
    decide(clerk_a, after, Result.UPHELD, date(2025, 6, 30))
    case(clerk_a, agency_a, suit, date(2026, 1, 5), Route.AFTER_REVIEW, review_case=late)
    case(clerk_b, agency_b, review, date(2025, 5, 5))  # another agency's


def row(upheld: int = 0, corrected: int = 0, other: int = 0, pending: int = 0) -> dict:
    total = upheld + corrected + other + pending
    return {
        "upheld": upheld,
        "corrected": corrected,
        "other": other,
        "pending": pending,
        "total": total,
    }


def test_it_builds_table_4_for_a_year_from_the_cases(cases: None, agency_a: Any) -> None:
    assert appeals_table(agency_a, 2025) == {
        "review": row(upheld=1, corrected=1, pending=1),
        "litigation_direct": row(other=1, pending=1),
        "litigation_after_review": row(upheld=1),
    }


def test_each_case_counts_in_the_year_it_was_filed_only(cases: None, agency_a: Any) -> None:
    assert appeals_table(agency_a, 2024) == {
        "review": row(upheld=1),
        "litigation_direct": row(),
        "litigation_after_review": row(),
    }
    assert appeals_table(agency_a, 2026)["litigation_after_review"] == row(pending=1)
    assert appeals_table(agency_a, 2023) == {
        key: row() for key in template(Format.F2021).appeals.row_keys
    }


def test_the_table_passes_the_report_checks(cases: None, agency_a: Any) -> None:
    report = empty_report(Format.F2021, agency=agency_a.name, year=2025)
    report.appeals = appeals_table(agency_a, 2025)
    assert not [f for f in check_report(report) if f.rule == 4 and f.severity == "error"]


def test_it_refuses_inconsistent_cases(clerk_a: Any, agency_a: Any) -> None:
    with pytest.raises(ValidationError) as error:
        case(clerk_a, agency_a, CaseKind.LITIGATION, date(2025, 1, 1))
    assert "route" in error.value.message_dict
    with pytest.raises(ValidationError):
        case(clerk_a, agency_a, CaseKind.REVIEW, date(2025, 1, 1), Route.DIRECT)
    c = case(clerk_a, agency_a, CaseKind.REVIEW, date(2025, 1, 1))
    with pytest.raises(ValidationError) as error:
        decide(clerk_a, c, Result.UPHELD, date(2024, 12, 1))
    assert "decided_on" in error.value.message_dict
    with pytest.raises(ValidationError):
        case_decide(actor=clerk_a, case=c, result=Result.UPHELD, decided_on=None)


def test_it_refuses_a_case_filed_or_decided_after_today(clerk_a: Any, agency_a: Any) -> None:
    # A year typed wrong (2062 for 2026) would count the case in a report not yet begun.
    today = timezone.localdate()
    with pytest.raises(ValidationError) as error:
        case(clerk_a, agency_a, CaseKind.REVIEW, today + timedelta(days=1))
    assert error.value.message_dict["filed_on"] == ["日期不能晚于今天。"]
    c = case(clerk_a, agency_a, CaseKind.REVIEW, today)
    with pytest.raises(ValidationError) as error:
        decide(clerk_a, c, Result.UPHELD, today + timedelta(days=1))
    assert error.value.message_dict["decided_on"] == ["日期不能晚于今天。"]
    decide(clerk_a, c, Result.UPHELD, today)


def test_an_appeal_reopens_a_decided_suit(clerk_a: Any, agency_a: Any) -> None:
    c = case(clerk_a, agency_a, CaseKind.LITIGATION, date(2025, 1, 1), Route.DIRECT)
    decide(clerk_a, c, Result.UPHELD, date(2025, 5, 1))
    case_decide(actor=clerk_a, case=c, result=Result.PENDING, decided_on=None, stage=Stage.SECOND)
    c.refresh_from_db()
    assert (c.stage, c.result, c.decided_on) == (Stage.SECOND, Result.PENDING, None)
    assert appeals_table(agency_a, 2025)["litigation_direct"] == row(pending=1)
    assert Event.objects.filter(action="case.decide", object_id=str(c.pk)).count() == 2


def test_it_links_a_case_to_the_request_it_concerns(clerk_a: Any, agency_a: Any) -> None:
    c = case(
        clerk_a, agency_a, CaseKind.REVIEW, date(2025, 1, 1), request_number="JL-JYJ-2024-0012"
    )
    assert c.request_number == "JL-JYJ-2024-0012"
    assert Event.objects.get(action="case.create", object_id=str(c.pk)).changes[
        "request_number"
    ] == [
        None,
        "JL-JYJ-2024-0012",
    ]


def test_it_links_a_case_to_an_application_in_the_platform(
    clerk_a: Any, agency_a: Any, clerk_b: Any, agency_b: Any
) -> None:
    from tests.web.requests_fixtures import register

    application, _ = register(clerk_a, agency_a, date(2025, 3, 3))
    c = case(clerk_a, agency_a, CaseKind.REVIEW, date(2025, 5, 1), application=application)
    assert c.request_number == application.tracking_number
    assert list(application.appeals.all()) == [c]
    # Another agency's application cannot be the subject of this agency's case.
    theirs, _ = register(clerk_b, agency_b, date(2025, 3, 3))
    with pytest.raises(ValidationError) as error:
        case(clerk_a, agency_a, CaseKind.REVIEW, date(2025, 5, 1), application=theirs)
    assert "application" in error.value.message_dict
