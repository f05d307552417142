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


_kept: dict[str, tuple[int, float, Calendar]] = {}


def platform_calendar_kept() -> Calendar:
    """``platform_calendar()`` kept in this process, for a page that shows deadlines (the
    request list reads the whole calendar on each request otherwise): while the content
    generation stays (gongkai.portal.cache; every committed change to a calendar day or year
    moves it on, through the model signals the services and the admin all send) and for at
    most ``PUBLIC_PAGE_CACHE_SECONDS`` (0: read each time). A deadline to be stored is
    computed from ``platform_calendar()`` itself."""
    import time

    from django.conf import settings

    from gongkai.portal.cache import content_generation

    seconds = settings.PUBLIC_PAGE_CACHE_SECONDS
    if not seconds:
        return platform_calendar()
    generation = content_generation()  # read before the calendar: a later change moves it
    now = time.monotonic()
    kept = _kept.get("calendar")
    if kept is not None and kept[0] == generation and now - kept[1] < seconds:
        return kept[2]
    calendar = platform_calendar()
    _kept["calendar"] = (generation, now, calendar)
    return calendar
