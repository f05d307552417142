"""A year is provisional until an administrator declares its schedule complete; entering,
editing or declaring a year recomputes every open deadline that runs through it — requests
(reply, fee window, consultations), catalogue publication, appeal answers — one event per
change. 条例第三十三条 (20 working days), 办法第七条, 条例第二十六条, 行政复议法第四十八条.

2027's schedule is not in the seeded calendar; the test enters its own 1 January holiday.
Counting from Thursday 10 December 2026: 11, 14–18, 21–25, 28–31 December, then 1 January
(Friday) and 4–7 January on weekdays alone — 7 January; with 1 January off, 8 January.
"""

from __future__ import annotations

from datetime import date

import pytest
import time_machine

from gongkai.audit.models import Event
from gongkai.catalogue.models import Category, DocType
from gongkai.catalogue.services import document_create
from gongkai.requests import services as s
from gongkai.workdays.models import HolidayYear
from gongkai.workdays.selectors import platform_calendar
from gongkai.workdays.services import calendar_year_declare, calendar_year_set
from tests.web.appeals_helpers import open_case
from tests.web.requests_fixtures import register

pytestmark = pytest.mark.django_db


@pytest.fixture
def open_deadlines(clerk_a, agency_a):
    with time_machine.travel("2026-12-24 10:00 +0800", tick=False):
        reply, _ = register(clerk_a, agency_a, date(2026, 12, 10))
        fee, _ = register(clerk_a, agency_a, date(2026, 12, 1))
        fee = s.application_send_fee_notice(
            actor=clerk_a,
            application=fee,
            method="per_volume",
            notice_on=date(2026, 12, 10),
            pages=40,
            delivery={"method": "in_person", "sent_on": date(2026, 12, 10)},
        )
        document = document_create(
            actor=clerk_a,
            agency=agency_a,
            title="关于做好寒假安全工作的通知",
            issuer=agency_a.name,
            written_on=date(2026, 12, 10),
            category=Category.EDUCATION,
            doc_type=DocType.OTHER,
        )
        # 25, 28–31 Dec, 1 and 4–7 Jan: 10 days
        case = open_case(clerk_a, agency_a, date(2026, 12, 24), copy_received_on=date(2026, 12, 24))
    return reply, fee, document, case


def _fresh(*objects):
    for obj in objects:
        obj.refresh_from_db()


def test_it_recomputes_every_open_deadline_when_a_year_is_entered_and_declared(
    operator, open_deadlines
) -> None:
    reply, fee, document, case = open_deadlines
    assert (reply.due_on, reply.due_provisional) == (date(2027, 1, 7), True)
    assert fee.fee_due_on == date(2027, 1, 7)
    assert (document.publication_due, document.due_provisional) == (date(2027, 1, 7), True)
    assert (case.answer_due_on, case.answer_due_provisional) == (date(2027, 1, 7), True)

    with time_machine.travel("2026-12-24 11:00 +0800", tick=False):
        calendar_year_set(
            actor=operator,
            year=2027,
            holidays={date(2027, 1, 1): "元旦"},
            makeup_workdays={},
            notice="（只录入了元旦）",
        )
    _fresh(reply, fee, document, case)
    # Moved by the new holiday, but still provisional: the year is not declared complete
    # (春节 is not entered yet).
    assert (reply.due_on, reply.due_provisional) == (date(2027, 1, 8), True)
    assert fee.fee_due_on == date(2027, 1, 8)
    assert (document.publication_due, document.due_provisional) == (date(2027, 1, 8), True)
    assert (case.answer_due_on, case.answer_due_provisional) == (date(2027, 1, 8), True)
    assert not platform_calendar().covers(2027)
    event = Event.objects.filter(
        action="application.recompute_deadlines", object_id=str(reply.pk)
    ).get()
    assert event.changes["due_on"] == ["2027-01-07", "2027-01-08"]
    assert "工作日历变更" in event.reason
    assert Event.objects.filter(action="document.recompute_deadline").count() == 1
    assert Event.objects.filter(action="case.recompute_deadline").count() == 1

    with time_machine.travel("2026-12-24 12:00 +0800", tick=False):
        calendar_year_declare(actor=operator, year=2027, complete=True, reason="通知已全部录入")
    _fresh(reply, fee, document, case)
    assert (reply.due_on, reply.due_provisional) == (date(2027, 1, 8), False)
    assert document.due_provisional is False and case.answer_due_provisional is False
    assert HolidayYear.objects.get(year=2027).complete
    declared = Event.objects.filter(
        action="application.recompute_deadlines", object_id=str(reply.pk)
    )
    assert declared.count() == 2
    assert declared.order_by("pk").last().changes["due_provisional"] == [True, False]


def test_it_leaves_closed_cases_and_untouched_years_alone(
    operator, clerk_a, reviewer_a, agency_a
) -> None:
    with time_machine.travel("2026-03-02 10:00 +0800", tick=False):
        march, _ = register(clerk_a, agency_a, date(2026, 3, 2))
    before = Event.objects.count()
    calendar_year_set(
        actor=operator,
        year=2027,
        holidays={date(2027, 1, 1): "元旦"},
        makeup_workdays={},
        notice="",
        complete=True,
    )
    march.refresh_from_db()
    assert march.due_on == date(2026, 3, 30)
    assert Event.objects.count() == before + 1  # the calendar's own event only


@time_machine.travel(date(2026, 11, 23), tick=False)
def test_it_says_on_the_overview_that_a_partly_entered_year_is_provisional(
    client, operator, clerk_a
) -> None:
    calendar_year_set(
        actor=operator,
        year=2027,
        holidays={date(2027, 1, 1): "元旦"},
        makeup_workdays={},
        notice="",
    )
    client.force_login(clerk_a)
    page = client.get("/calendar/").content.decode()
    assert "尚未声明“已完整录入”" in page and "暂定" in page
