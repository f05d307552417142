"""The statutory clock in working days — plain Python, no Django.

Rules (see ``shared/spec/requests-workflow.md``):

- A working day is Monday–Friday, minus statutory holidays, plus the make-up working days
  (调休) that the State Council announces each year.
- The day of receipt does not count: day 1 is the next working day (条例第三十三条 counts
  "自收到申请之日起", and by the general rule on periods the first day is not counted).
- A pause (e.g. a third-party consultation, 条例第三十二条) excludes every day from its first to its
  last day inclusive; the clock resumes afterwards — a pause, not a restart.
- The calendar is data. A computation that steps through a year the calendar does not cover is
  still done on Monday–Friday, but the result says ``provisional`` and names the years; callers
  must show that, never present such a date as final.

Usage::

    from gongkai.workdays.clock import Calendar, add_working_days, working_days_between
    cal = Calendar(holidays=..., makeup_workdays=..., years=...)
    result = add_working_days(cal, date(2026, 9, 28), 20)
    result.due, result.provisional, result.uncovered_years
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from gongkai.errors import DomainError

# A loop guard: no statutory period is anywhere near this many calendar days.
_MAX_SPAN_DAYS = 20 * 366


class ClockError(DomainError, ValueError):
    """Bad input to the clock (a negative period, a pause that ends before it starts...)."""


@dataclass(frozen=True)
class Pause:
    """A stretch of days that does not count toward the period, both ends inclusive."""

    start: date
    end: date

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise ClockError(f"暂停期间的结束日 {self.end} 早于开始日 {self.start}")

    def __contains__(self, day: object) -> bool:
        return isinstance(day, date) and self.start <= day <= self.end


@dataclass(frozen=True)
class Calendar:
    """Holidays and make-up working days for the years in ``years``.

    ``years`` lists the years whose schedule is known; a year missing from it is treated as
    Monday–Friday and makes any computation that touches it provisional.
    """

    holidays: frozenset[date] = frozenset()
    makeup_workdays: frozenset[date] = frozenset()
    years: frozenset[int] = frozenset()
    source: str = ""

    def covers(self, year: int) -> bool:
        return year in self.years

    def is_working_day(self, day: date) -> bool:
        if day in self.makeup_workdays:
            return True
        if day in self.holidays:
            return False
        return day.weekday() < 5

    def year_range(self) -> str:
        """The covered years as text, e.g. ``2004–2026`` (gaps spelled out)."""
        return _format_years(sorted(self.years))


@dataclass(frozen=True)
class DueDate:
    """The result of :func:`add_working_days`."""

    received: date
    days: int
    due: date
    uncovered_years: tuple[int, ...] = ()
    paused_days: int = 0

    @property
    def provisional(self) -> bool:
        return bool(self.uncovered_years)


@dataclass(frozen=True)
class WorkingDayCount:
    """The result of :func:`working_days_between`; negative when ``end`` is before ``start``."""

    start: date
    end: date
    days: int
    uncovered_years: tuple[int, ...] = field(default=())

    @property
    def provisional(self) -> bool:
        return bool(self.uncovered_years)


def add_working_days(
    calendar: Calendar, received: date, days: int, pauses: Sequence[Pause] = ()
) -> DueDate:
    """The date on which ``days`` working days have run from ``received`` (not counted).

    ``days == 0`` gives ``received`` itself (answered on the spot). Days inside a pause are
    skipped whether or not they are working days.
    """
    if days < 0:
        raise ClockError(f"期限天数不能为负数：{days}")
    counted = 0
    paused = 0
    uncovered: set[int] = set()
    day = received
    while counted < days:
        day += timedelta(days=1)
        if (day - received).days > _MAX_SPAN_DAYS:
            raise ClockError(f"期限超出可计算范围（{received} 起 {days} 个工作日）")
        if not calendar.covers(day.year):
            uncovered.add(day.year)
        if any(day in pause for pause in pauses):
            paused += 1
            continue
        if calendar.is_working_day(day):
            counted += 1
    return DueDate(
        received=received,
        days=days,
        due=day,
        uncovered_years=tuple(sorted(uncovered)),
        paused_days=paused,
    )


def working_days_between(
    calendar: Calendar, start: date, end: date, pauses: Sequence[Pause] = ()
) -> WorkingDayCount:
    """Working days in ``(start, end]``: ``start`` is not counted, ``end`` is.

    This is the inverse of :func:`add_working_days`: for ``r = add_working_days(c, s, n)``,
    ``working_days_between(c, s, r.due).days == n``. When ``end < start`` the count is negative
    (e.g. "overdue by 3 working days").
    """
    if end < start:
        forward = working_days_between(calendar, end, start, pauses)
        return WorkingDayCount(start, end, -forward.days, forward.uncovered_years)
    if (end - start).days > _MAX_SPAN_DAYS:
        raise ClockError(f"日期跨度过大：{start} 至 {end}")
    count = 0
    uncovered: set[int] = set()
    for offset in range(1, (end - start).days + 1):
        day = start + timedelta(days=offset)
        if not calendar.covers(day.year):
            uncovered.add(day.year)
        if any(day in pause for pause in pauses):
            continue
        if calendar.is_working_day(day):
            count += 1
    return WorkingDayCount(start, end, count, tuple(sorted(uncovered)))


def working_days_count(calendar: Calendar, start: date, end: date) -> int:
    """``working_days_between(calendar, start, end).days`` without pauses, counted without
    stepping through the days: Monday–Friday in ``(start, end]`` by arithmetic, then the
    calendar's exceptions in that span (holidays on a weekday, make-up days on a weekend) by
    bisection. A list of cases counts one span a row, up to years for an old overdue case.
    The same ``ClockError`` for a span beyond the clock's range."""
    if end < start:
        return -working_days_count(calendar, end, start)
    if (end - start).days > _MAX_SPAN_DAYS:
        raise ClockError(f"日期跨度过大：{start} 至 {end}")
    off, on = _exceptions(calendar)
    first, last = start.toordinal(), end.toordinal()
    return (
        _weekdays_through(last)
        - _weekdays_through(first)
        - (bisect_right(off, last) - bisect_right(off, first))
        + (bisect_right(on, last) - bisect_right(on, first))
    )


def _weekdays_through(ordinal: int) -> int:
    """Monday–Friday days among ordinals 1..``ordinal`` (ordinal 1, 1 January of year 1, was a
    Monday)."""
    weeks, rest = divmod(ordinal, 7)
    return weeks * 5 + min(rest, 5)


# A calendar's exceptions as sorted ordinals, for the few calendars a process holds (the one
# kept for lists, gongkai.workdays.selectors); keyed by identity, the calendar kept with them.
_EXCEPTIONS: dict[int, tuple[Calendar, list[int], list[int]]] = {}


def _exceptions(calendar: Calendar) -> tuple[list[int], list[int]]:
    """(weekdays that are not working days, weekend days that are)."""
    kept = _EXCEPTIONS.get(id(calendar))
    if kept is not None and kept[0] is calendar:
        return kept[1], kept[2]
    off = sorted(
        d.toordinal()
        for d in calendar.holidays
        if d.weekday() < 5 and d not in calendar.makeup_workdays
    )
    on = sorted(d.toordinal() for d in calendar.makeup_workdays if d.weekday() >= 5)
    if len(_EXCEPTIONS) >= 8:
        _EXCEPTIONS.clear()
    _EXCEPTIONS[id(calendar)] = (calendar, off, on)
    return off, on


def chinesecalendar_calendar() -> Calendar:
    """The calendar shipped by the ``chinesecalendar`` package (one release covers up to the
    year its maintainers had the State Council's notice for)."""
    import chinese_calendar  # a plain-Python package; imported here so the clock stays optional

    holidays = frozenset(chinese_calendar.holidays)
    workdays = frozenset(chinese_calendar.workdays)
    # A year is covered when the package lists any holiday in it: every year has 元旦.
    years = frozenset(day.year for day in holidays)
    version = _package_version("chinesecalendar")
    # ``holidays`` includes ordinary weekend days inside a holiday block; keeping only the dates
    # that differ from Monday–Friday makes the calendar's data match what an admin would enter.
    return Calendar(
        holidays=frozenset(d for d in holidays if d.weekday() < 5),
        makeup_workdays=frozenset(d for d in workdays if d.weekday() >= 5),
        years=years,
        source=f"chinesecalendar {version}",
    )


def _package_version(name: str) -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(name)
    except PackageNotFoundError:
        return "?"


def _format_years(years: Iterable[int]) -> str:
    runs: list[tuple[int, int]] = []
    for year in years:
        if runs and year == runs[-1][1] + 1:
            runs[-1] = (runs[-1][0], year)
        else:
            runs.append((year, year))
    return "、".join(f"{a}–{b}" if a != b else str(a) for a, b in runs) or "（无）"
