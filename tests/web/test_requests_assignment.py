"""Case assignment (issue 20): a reviewer or the agency's administrator gives a case to a clerk,
one case from its page or many from the dashboard; "我的案件" and the search find them."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from gongkai.audit.models import Event
from gongkai.requests import casework
from gongkai.requests.guards import TransitionError
from gongkai.requests.models import Application
from tests.web.conftest import client_of
from tests.web.requests_fixtures import (
    on_monday,  # noqa: F401  (fixtures)
    register,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("on_monday")]


@pytest.fixture
def cases(clerk_a, agency_a) -> list[Application]:
    return [
        register(clerk_a, agency_a, date(2026, 2, 6), name="张三丰", description="招生计划")[0],
        register(clerk_a, agency_a, date(2026, 2, 9), name="欧阳明哲", description="校车线路")[0],
        register(clerk_a, agency_a, date(2026, 2, 10), name="李四", description="食堂采购合同")[0],
    ]


def _events(application: Application, action: str) -> list[Event]:
    return list(
        Event.objects.filter(
            object_type="requests.application", object_id=str(application.pk), action=action
        ).order_by("pk")
    )


def test_it_assigns_a_case_with_an_event(cases, reviewer_a, clerk_a) -> None:
    case = casework.application_assign(
        actor=reviewer_a, application=cases[0], assignee=clerk_a, reason="新案"
    )
    assert case.assignee == clerk_a
    (event,) = _events(case, "application.assign")
    assert event.changes["assignee"] == [None, "王晓燕（clerk_a）"]
    assert event.reason == "新案" and event.actor == reviewer_a


def test_it_reassigns_and_records_who_had_it(cases, reviewer_a, clerk_a, admin_a) -> None:
    casework.application_assign(actor=reviewer_a, application=cases[0], assignee=clerk_a)
    casework.application_assign(actor=admin_a, application=cases[0], assignee=reviewer_a)
    events = _events(cases[0], "application.assign")
    assert events[-1].changes["assignee"] == ["王晓燕（clerk_a）", "李建国（reviewer_a）"]
    casework.application_assign(actor=admin_a, application=cases[0], assignee=reviewer_a)
    assert len(_events(cases[0], "application.assign")) == 2  # no change, no event


def test_a_clerk_cannot_assign(cases, clerk_a) -> None:
    with pytest.raises(PermissionDenied):
        casework.application_assign(actor=clerk_a, application=cases[0], assignee=clerk_a)


def test_it_refuses_an_assignee_of_another_agency(cases, reviewer_a, clerk_b) -> None:
    with pytest.raises(TransitionError, match="不是本机关"):
        casework.application_assign(actor=reviewer_a, application=cases[0], assignee=clerk_b)
    cases[0].refresh_from_db()
    assert cases[0].assignee is None


def test_it_refuses_a_supervisor_as_assignee(cases, reviewer_a, supervisor) -> None:
    with pytest.raises(TransitionError):
        casework.application_assign(actor=reviewer_a, application=cases[0], assignee=supervisor)


def test_the_case_page_assigns(cases, reviewer_a, clerk_a) -> None:
    url = reverse("requests:action", kwargs={"pk": cases[0].pk, "action": "assign"})
    client = client_of(reviewer_a)
    assert "分派承办人" in client.get(reverse("requests:detail", kwargs={"pk": cases[0].pk})).text
    response = client.post(url, {"assignee": clerk_a.pk, "reason": "熟悉招生"})
    assert response.status_code == 302
    cases[0].refresh_from_db()
    assert cases[0].assignee == clerk_a
    page = client.get(reverse("requests:detail", kwargs={"pk": cases[0].pk})).text
    assert "承办人" in page and "王晓燕" in page


def test_the_clerk_sees_no_assign_button_and_is_refused(cases, clerk_a) -> None:
    client = client_of(clerk_a)
    page = client.get(reverse("requests:detail", kwargs={"pk": cases[0].pk})).text
    assert "分派承办人" not in page
    url = reverse("requests:action", kwargs={"pk": cases[0].pk, "action": "assign"})
    assert client.post(url, {"assignee": clerk_a.pk}).status_code == 403
    cases[0].refresh_from_db()
    assert cases[0].assignee is None


def test_my_cases_shows_only_mine(cases, reviewer_a, clerk_a) -> None:
    casework.application_assign(actor=reviewer_a, application=cases[1], assignee=clerk_a)
    page = client_of(clerk_a).get(reverse("requests:dashboard") + "?mine=1").text
    assert cases[1].tracking_number in page
    assert cases[0].tracking_number not in page and cases[2].tracking_number not in page
    everything = client_of(clerk_a).get(reverse("requests:dashboard")).text
    assert all(c.tracking_number in everything for c in cases)


@pytest.mark.parametrize(
    ("term", "found"),
    [("欧阳", 1), ("食堂采购", 2), ("-2026-00001", 0), ("招生", 0), ("不存在的词", None)],
)
def test_the_search_covers_number_applicant_and_description(cases, clerk_a, term, found) -> None:
    page = client_of(clerk_a).get(reverse("requests:dashboard"), {"q": term}).text
    for n, case in enumerate(cases):
        assert (case.tracking_number in page) == (n == found), (term, n)


def test_the_dashboard_assigns_the_checked_cases(cases, reviewer_a, clerk_a) -> None:
    client = client_of(reviewer_a)
    page = client.get(reverse("requests:dashboard")).text
    assert 'form="bulk-assign"' in page and 'id="bulk-assign"' in page
    response = client.post(
        reverse("requests:bulk_assign"),
        {"cases": [cases[0].pk, cases[2].pk], "assignee": clerk_a.pk, "reason": "周一分案"},
    )
    assert response.status_code == 302
    assert [Application.objects.get(pk=c.pk).assignee for c in cases] == [clerk_a, None, clerk_a]
    assert _events(cases[2], "application.assign")[0].reason == "周一分案"
    messages = client.get(reverse("requests:dashboard")).text
    assert "已分派 2 件" in messages


def test_bulk_assign_refuses_a_case_of_another_agency(
    cases, reviewer_a, clerk_a, clerk_b, agency_b
) -> None:
    theirs = register(clerk_b, agency_b, date(2026, 2, 6))[0]
    response = client_of(reviewer_a).post(
        reverse("requests:bulk_assign"), {"cases": [cases[0].pk, theirs.pk], "assignee": clerk_a.pk}
    )
    assert response.status_code == 302
    assert Application.objects.get(pk=cases[0].pk).assignee is None  # all or none
    assert Application.objects.get(pk=theirs.pk).assignee is None


def test_bulk_assign_is_refused_to_a_clerk_and_offered_to_no_clerk(cases, clerk_a) -> None:
    client = client_of(clerk_a)
    assert 'id="bulk-assign"' not in client.get(reverse("requests:dashboard")).text
    response = client.post(
        reverse("requests:bulk_assign"), {"cases": [cases[0].pk], "assignee": clerk_a.pk}
    )
    assert response.status_code == 403
    assert Application.objects.get(pk=cases[0].pk).assignee is None


def test_bulk_assign_wants_a_post(reviewer_a) -> None:
    assert client_of(reviewer_a).get(reverse("requests:bulk_assign")).status_code == 405


def test_the_search_is_indexed_on_postgresql() -> None:
    from django.db import connection

    from gongkai.requests.search import COLUMNS

    if connection.vendor != "postgresql":
        pytest.skip("the trigram indexes are PostgreSQL's")
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexname FROM pg_indexes WHERE tablename = 'requests_application'")
        names = {row[0] for row in cursor.fetchall()}
    assert {f"requests_application_{col}_trgm" for col in COLUMNS} <= names
