"""Write paths for the calendar. Each records an audit event."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction

from gongkai.audit.services import event_record
from gongkai.workdays.clock import Calendar, chinesecalendar_calendar
from gongkai.workdays.models import CalendarDay, HolidayYear
from gongkai.workdays.signals import calendar_changed


@transaction.atomic
def calendar_import_chinesecalendar(*, actor: Any, calendar: Calendar | None = None) -> list[int]:
    """Add the years the package covers that the database does not have yet; returns them.

    Years already present are left alone: an admin may have corrected or entered them.
    """
    source = calendar or chinesecalendar_calendar()
    names = _holiday_names()
    present = set(HolidayYear.objects.values_list("year", flat=True))
    added: list[int] = []
    for year in sorted(source.years - present):
        record = HolidayYear.objects.create(
            year=year,
            source=HolidayYear.Source.CHINESECALENDAR,
            notice=source.source,
            complete=True,
        )
        days = [
            CalendarDay(year=record, date=d, kind=CalendarDay.Kind.HOLIDAY, name=names.get(d, ""))
            for d in sorted(source.holidays)
            if d.year == year
        ] + [
            CalendarDay(year=record, date=d, kind=CalendarDay.Kind.WORKDAY, name=names.get(d, ""))
            for d in sorted(source.makeup_workdays)
            if d.year == year
        ]
        CalendarDay.objects.bulk_create(days)
        added.append(year)
    if added:
        event_record(
            actor=actor,
            action="calendar.import",
            changes={"years": [None, added]},
            reason=f"从 {source.source} 导入",
        )
        calendar_changed_notify(actor=actor, years=added, reason=f"从 {source.source} 导入")
    return added


@transaction.atomic
def calendar_year_set(
    *,
    actor: Any,
    year: int,
    holidays: dict[date, str],
    makeup_workdays: dict[date, str],
    notice: str,
    reason: str = "",
    complete: bool = False,
) -> HolidayYear:
    """Enter (or replace) a year's schedule as announced by the State Council; ``complete``
    declares it the whole schedule (until then deadlines through the year are provisional).
    Open deadlines that run through the year are recomputed."""
    record, created = HolidayYear.objects.get_or_create(
        year=year,
        defaults={"source": HolidayYear.Source.MANUAL, "notice": notice, "complete": complete},
    )
    was_complete = record.complete and not created
    before = sorted(str(d) for d in record.days.values_list("date", flat=True))
    if not created:
        record.source = HolidayYear.Source.MANUAL
        record.notice = notice
        record.complete = complete
        record.save()
        record.days.all().delete()
    days = [
        CalendarDay(year=record, date=d, kind=CalendarDay.Kind.HOLIDAY, name=n)
        for d, n in holidays.items()
    ] + [
        CalendarDay(year=record, date=d, kind=CalendarDay.Kind.WORKDAY, name=n)
        for d, n in makeup_workdays.items()
    ]
    for day in days:
        day.full_clean()
    CalendarDay.objects.bulk_create(days)
    event_record(
        actor=actor,
        action="calendar.set_year",
        obj=record,
        changes={
            "days": [before, sorted(str(d.date) for d in days)],
            "notice": [None, notice],
            "complete": [was_complete, complete],
        },
        reason=reason,
    )
    calendar_changed_notify(actor=actor, years=[year], reason=reason or f"{year} 年节假日安排")
    return record


@transaction.atomic
def calendar_year_declare(*, actor: Any, year: int, complete: bool, reason: str = "") -> None:
    """Declare a year's schedule complete (or, to correct a mistake, provisional again); every
    open deadline that runs through it is recomputed."""
    record = HolidayYear.objects.select_for_update().get(year=year)
    if record.complete == complete:
        return
    record.complete = complete
    record.save(update_fields=["complete"])
    event_record(
        actor=actor,
        action="calendar.declare",
        obj=record,
        changes={"complete": [not complete, complete]},
        reason=reason,
    )
    calendar_changed_notify(
        actor=actor,
        years=[year],
        reason=reason or f"{year} 年节假日安排{'已完整' if complete else '改为暂定'}",
    )


def calendar_changed_notify(*, actor: Any, years: list[int], reason: str) -> None:
    """Tell the apps that store deadlines that ``years`` changed (``signals.calendar_changed``)."""
    calendar_changed.send(sender=HolidayYear, actor=actor, years=sorted(set(years)), reason=reason)


_ENGLISH_NAMES = {
    "New Year's Day": "元旦",
    "Spring Festival": "春节",
    "Tomb-sweeping Day": "清明节",
    "Labour Day": "劳动节",
    "Dragon Boat Festival": "端午节",
    "National Day": "国庆节",
    "Mid-autumn Festival": "中秋节",
    "Anti-Fascist 70th Day": "抗战胜利70周年纪念日",
}


def _holiday_names() -> dict[date, str]:
    import chinese_calendar

    names: dict[date, str] = {}
    for table in (chinese_calendar.holidays, chinese_calendar.workdays):
        for day, name in table.items():
            if name:
                names[day] = _ENGLISH_NAMES.get(name, name)
    return names
