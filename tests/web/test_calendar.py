"""The platform's working-day calendar: seeded from chinesecalendar, completed by an admin."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from gongkai.audit.models import Event
from gongkai.workdays.clock import add_working_days, chinesecalendar_calendar
from gongkai.workdays.models import CalendarDay, HolidayYear
from gongkai.workdays.selectors import platform_calendar
from gongkai.workdays.services import calendar_import_chinesecalendar, calendar_year_set

# The State Council's 2027 schedule is not out when this is written; these are the test's own.
HOLIDAYS_2027 = {date(2027, 1, 1): "元旦", date(2027, 2, 8): "春节"}
MAKEUP_2027 = {date(2027, 2, 6): "春节"}


def test_it_is_seeded_with_every_year_chinesecalendar_covers(db) -> None:
    package = chinesecalendar_calendar()
    assert set(HolidayYear.objects.values_list("year", flat=True)) == set(package.years)
    assert platform_calendar().holidays == package.holidays
    assert platform_calendar().makeup_workdays == package.makeup_workdays


def test_it_names_the_holidays_in_chinese(db) -> None:
    assert CalendarDay.objects.get(date=date(2026, 10, 1)).name == "国庆节"
    saturday = CalendarDay.objects.get(date=date(2026, 10, 10))
    assert saturday.kind == CalendarDay.Kind.WORKDAY


def test_it_never_overwrites_a_year_already_present(db, operator) -> None:
    calendar_year_set(
        actor=operator,
        year=2026,
        holidays={date(2026, 1, 1): "元旦"},
        makeup_workdays={},
        notice="测试",
    )
    assert calendar_import_chinesecalendar(actor=None) == []
    assert HolidayYear.objects.get(year=2026).days.count() == 1


def test_it_stops_being_provisional_once_an_admin_enters_the_year(db, operator) -> None:
    before = add_working_days(platform_calendar(), date(2026, 12, 10), 20)
    assert before.provisional and before.uncovered_years == (2027,)
    calendar_year_set(
        actor=operator,
        year=2027,
        holidays=HOLIDAYS_2027,
        makeup_workdays=MAKEUP_2027,
        notice="国务院办公厅关于2027年部分节假日安排的通知",
        reason="通知已公布",
        complete=True,
    )
    after = add_working_days(platform_calendar(), date(2026, 12, 10), 20)
    assert not after.provisional
    assert after.due == date(2027, 1, 8)  # one day later: 1 January 2027 is now a holiday
    event = Event.objects.get(action="calendar.set_year")
    assert event.actor == operator and event.reason == "通知已公布"


def test_it_rejects_days_that_are_already_what_they_say(db, operator) -> None:
    with pytest.raises(ValidationError):
        calendar_year_set(  # a Saturday is not a working day to take off
            actor=operator,
            year=2027,
            holidays={date(2027, 1, 2): "元旦"},
            makeup_workdays={},
            notice="",
        )
    with pytest.raises(ValidationError):
        calendar_year_set(  # a Monday needs no make-up
            actor=operator,
            year=2027,
            holidays={},
            makeup_workdays={date(2027, 1, 4): "元旦"},
            notice="",
        )


def test_it_lets_the_operator_enter_a_year_in_the_admin(client, operator) -> None:
    client.force_login(operator)
    data = {
        "year": "2027",
        "source": "manual",
        "notice": "国办发明电〔2026〕X号",
        "complete": "on",
        "days-TOTAL_FORMS": "2",
        "days-INITIAL_FORMS": "0",
        "days-MIN_NUM_FORMS": "0",
        "days-MAX_NUM_FORMS": "1000",
        "days-0-date": "2027-01-01",
        "days-0-kind": "holiday",
        "days-0-name": "元旦",
        "days-1-date": "2027-02-06",
        "days-1-kind": "workday",
        "days-1-name": "春节",
    }
    response = client.post(reverse("admin:workdays_holidayyear_add"), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    assert platform_calendar().covers(2027)
    assert platform_calendar().is_working_day(date(2027, 2, 6))
    assert Event.objects.filter(action="calendar.admin_add").exists()
    assert Event.objects.filter(action="calendar.admin_days").exists()


@time_machine.travel(date(2026, 11, 23), tick=False)
def test_it_warns_on_the_overview_that_next_year_is_missing(client, clerk_a) -> None:
    client.force_login(clerk_a)
    page = client.get(reverse("workdays:overview")).content.decode()
    assert "2027 年的节假日安排尚未录入" in page


def test_it_shows_a_years_holidays(client, clerk_a) -> None:
    client.force_login(clerk_a)
    page = client.get(reverse("workdays:year", args=[2026])).content.decode()
    assert "2026年10月1日（星期四） 国庆节" in page
    assert client.get(reverse("workdays:year", args=[2031])).status_code == 404


def test_it_computes_a_deadline_on_the_calculator_page(client, clerk_a) -> None:
    client.force_login(clerk_a)
    page = client.get(
        reverse("workdays:deadline"),
        {
            "received": "2026-12-10",
            "days": "20",
            "pause_from": "2026-12-14",
            "pause_to": "2026-12-18",
        },
    ).content.decode()
    assert "2027年1月14日（星期四）" in page
    assert "临时" in page and "2027 年的节假日安排尚未录入" in page


def test_it_explains_a_half_filled_pause(client, clerk_a) -> None:
    client.force_login(clerk_a)
    page = client.get(
        reverse("workdays:deadline"),
        {"received": "2026-12-10", "days": "20", "pause_from": "2026-12-14"},
    ).content.decode()
    assert "暂停期间需同时填写开始和结束日期" in page
    assert "截止日期" not in page


@time_machine.travel(date(2026, 9, 28), tick=False)
def test_it_shows_todays_deadlines_on_the_home_page(client, clerk_a) -> None:
    client.force_login(clerk_a)
    page = client.get(reverse("home")).content.decode()
    assert "2026年10月30日（星期五）" in page  # 20 working days across National Day
    assert "2026年10月13日（星期二）" in page  # 7 working days: the make-up Saturday counts
