"""The dashboard's bulk reminder: the checked cases' reminders go out now, as ``gongkai remind``
would send them (clerks for cases still in time, reviewers for overdue ones), one event a case."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from gongkai.audit.models import Event
from gongkai.requests.bulk_remind import applications_remind
from gongkai.requests.guards import TransitionError
from gongkai.requests.models import Status
from tests.web.notify_helpers import staff_mail
from tests.web.requests_fixtures import register

pytestmark = pytest.mark.django_db


@pytest.fixture
def emails(clerk_a: Any, reviewer_a: Any) -> None:
    for user, address in ((clerk_a, "clerk@jyj.example.cn"), (reviewer_a, "rev@jyj.example.cn")):
        user.email = address
        user.save(update_fields=["email"])


def test_it_mails_clerks_for_cases_in_time_and_reviewers_for_overdue_ones(
    emails: None, clerk_a: Any, reviewer_a: Any, agency_a: Any
) -> None:
    today = timezone.localdate()
    fresh = register(clerk_a, agency_a, today)[0]
    late = register(clerk_a, agency_a, today - timedelta(days=60), name="李四")[0]
    sent = applications_remind(actor=reviewer_a, cases=[fresh, late], today=today)
    delivered = staff_mail()  # gongkai notify
    assert len(sent) == 2 and len(delivered) == 2
    by_recipient = {m.to[0]: m for m in delivered}
    assert fresh.tracking_number in by_recipient["clerk@jyj.example.cn"].body
    overdue = by_recipient["rev@jyj.example.cn"]
    assert "已超期" in overdue.subject and late.tracking_number in overdue.body
    events = Event.objects.filter(action="application.remind")
    assert {e.object_id for e in events} == {str(fresh.pk), str(late.pk)}
    assert all(e.changes["recipients"] == [None, 1] for e in events)


def test_it_refuses_a_clerk_an_outsider_and_a_closed_case(
    clerk_a: Any, reviewer_a: Any, admin_b: Any, agency_a: Any
) -> None:
    case = register(clerk_a, agency_a, timezone.localdate())[0]
    for actor in (clerk_a, admin_b):
        with pytest.raises(PermissionDenied):
            applications_remind(actor=actor, cases=[case])
    case.status = Status.VOID
    with pytest.raises(TransitionError):
        applications_remind(actor=reviewer_a, cases=[case])
    assert mail.outbox == [] and not Event.objects.filter(action="application.remind").exists()


def test_the_dashboard_sends_the_checked_cases_reminders(
    client: Any, emails: None, clerk_a: Any, reviewer_a: Any, agency_a: Any
) -> None:
    case = register(clerk_a, agency_a, timezone.localdate())[0]
    client.force_login(reviewer_a)
    page = client.get(reverse("requests:dashboard")).content.decode()
    assert 'id="bulk-remind"' in page
    response = client.post(reverse("requests:bulk_remind"), {"cases": [case.pk]}, follow=True)
    assert "已排队发送提醒 1 封（1 件）" in response.content.decode()
    assert [m.to for m in staff_mail()] == [["clerk@jyj.example.cn"]]
    empty = client.post(reverse("requests:bulk_remind"), {}, follow=True).content.decode()
    assert "请勾选案件" in empty
    client.force_login(clerk_a)
    assert client.post(reverse("requests:bulk_remind"), {"cases": [case.pk]}).status_code == 403
