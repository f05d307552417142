"""The demo's year of requests: varied, consistent, and taken through the services."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine

from gongkai.audit.models import Event
from gongkai.demo.requests import load_requests_demo
from gongkai.notifications.delivery import due
from gongkai.notifications.models import Notification, NotifyStatus
from gongkai.notifications.services import notification_enqueue
from gongkai.report.checks import check_report
from gongkai.report.formats import Format
from gongkai.report.model import empty_report
from gongkai.requests.models import Application, Status
from gongkai.requests.selectors import table_three

pytestmark = pytest.mark.django_db


def test_it_loads_a_varied_year_of_requests(operator, agency_a, agency_b, clerk_a, reviewer_a):
    with time_machine.travel("2026-03-02 10:00 +0800", tick=False):
        count = load_requests_demo(
            operator,
            [agency_a, agency_b],
            today=date(2026, 3, 2),
            per_agency={"JL-JYJ": 40, "JL-DAJ": 10},
        )
    cases = Application.objects.all()
    assert count == cases.count() == 50
    assert len(set(cases.values_list("category", flat=True))) >= 4
    assert len(set(cases.values_list("channel", flat=True))) >= 4
    assert len(set(cases.exclude(outcome="").values_list("outcome", flat=True))) >= 8
    assert cases.filter(status=Status.OPEN).exists() and cases.filter(status=Status.CLOSED).exists()
    assert Event.objects.filter(action="application.register").count() == count
    assert Event.objects.filter(actor=reviewer_a, action="application.answer").exists()
    for year in (2025, 2026):
        report = empty_report(Format.F2021, agency=agency_a.name, year=year)
        report.requests = table_three(agency_a, year)
        assert [f for f in check_report(report) if f.rule.value in {"R1", "R2", "R3"}] == []


def test_its_messages_are_shown_as_sent_not_queued_for_the_notifier(
    operator, agency_a, clerk_a, reviewer_a
):
    earlier = notification_enqueue(
        kind="recovery", channel="email", recipient="someone@example.org", body="查询链接"
    )
    with time_machine.travel("2026-03-02 10:00 +0800", tick=False):
        load_requests_demo(operator, [agency_a], today=date(2026, 3, 2), per_agency={"JL-JYJ": 20})
    demo = Notification.objects.exclude(pk=earlier.pk)
    assert demo.count() >= 20  # at least the receipt of each case, to its example.com address
    assert set(demo.values_list("status", flat=True)) == {NotifyStatus.SENT}
    assert not demo.filter(sent_at__isnull=True).exists()
    # The notifier has nothing of the demo's to send; a message not the demo's is left alone.
    assert list(due().values_list("pk", flat=True)) == [earlier.pk]
