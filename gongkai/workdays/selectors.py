"""The platform's calendar, read from the database."""

from __future__ import annotations

from datetime import date

from gongkai.workdays.clock import Calendar
from gongkai.workdays.models import CalendarDay, HolidayYear


def platform_calendar() -> Calendar:
    """Every known year at once: about 40 rows a year, so a few thousand rows at most."""
    holidays: set[date] = set()
    workdays: set[date] = set()
    for day, kind in CalendarDay.objects.values_list("date", "kind"):
        (holidays if kind == CalendarDay.Kind.HOLIDAY else workdays).add(day)
    # Only complete years are covered; an incomplete year's days still count, but a deadline
    # that runs through it stays provisional.
    years = frozenset(HolidayYear.objects.filter(complete=True).values_list("year", flat=True))
    return Calendar(
        holidays=frozenset(holidays),
        makeup_workdays=frozenset(workdays),
        years=years,
        source="平台工作日历",
    )
