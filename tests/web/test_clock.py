"""The statutory clock (plain Python, no database)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gongkai.workdays.clock import (
    Calendar,
    ClockError,
    Pause,
    add_working_days,
    chinesecalendar_calendar,
    working_days_between,
    working_days_count,
)

CAL = chinesecalendar_calendar()


def test_it_does_not_count_the_day_of_receipt() -> None:
    # Received Monday 2026-03-02: day 1 is Tuesday.
    assert add_working_days(CAL, date(2026, 3, 2), 1).due == date(2026, 3, 3)


def test_it_skips_the_weekend_after_a_friday_receipt() -> None:
    assert add_working_days(CAL, date(2026, 3, 6), 1).due == date(2026, 3, 9)


def test_it_skips_national_day_and_counts_the_make_up_saturday() -> None:
    # 2026: 1–7 October off; Saturday 10 October is a make-up working day.
    result = add_working_days(CAL, date(2026, 9, 28), 20)
    assert result.due == date(2026, 10, 30)
    assert not result.provisional


def test_it_starts_counting_after_a_holiday_receipt() -> None:
    # Received on 1 October (a holiday): day 1 is 8 October, the first working day after.
    assert add_working_days(CAL, date(2026, 10, 1), 1).due == date(2026, 10, 8)


def test_it_answers_on_the_spot_with_zero_days() -> None:
    assert add_working_days(CAL, date(2026, 3, 7), 0).due == date(2026, 3, 7)


def test_it_excludes_a_pause_with_both_ends_inclusive() -> None:
    received = date(2026, 5, 11)
    plain = add_working_days(CAL, received, 20).due
    paused = add_working_days(CAL, received, 20, [Pause(date(2026, 5, 18), date(2026, 5, 22))])
    # Monday to Friday paused: exactly one working week later.
    assert paused.due == plain + timedelta(days=7)
    assert paused.paused_days == 5


def test_it_marks_a_deadline_in_an_unknown_year_provisional() -> None:
    result = add_working_days(CAL, date(2026, 12, 10), 20)
    assert result.provisional
    assert result.uncovered_years == (2027,)
    # Still computed on Monday–Friday, never silently "final".
    assert result.due == date(2027, 1, 7)


def test_it_is_not_provisional_once_the_year_is_entered() -> None:
    with_2027 = Calendar(
        holidays=CAL.holidays | {date(2027, 1, 1)},
        makeup_workdays=CAL.makeup_workdays,
        years=CAL.years | {2027},
    )
    result = add_working_days(with_2027, date(2026, 12, 10), 20)
    assert not result.provisional
    assert result.due == date(2027, 1, 8)  # 元旦 2027 is a Friday


def test_it_rejects_a_negative_period_and_a_backwards_pause() -> None:
    with pytest.raises(ClockError):
        add_working_days(CAL, date(2026, 3, 2), -1)
    with pytest.raises(ClockError):
        Pause(date(2026, 3, 9), date(2026, 3, 2))


def test_it_counts_working_days_between_excluding_the_start() -> None:
    assert working_days_between(CAL, date(2026, 9, 28), date(2026, 10, 30)).days == 20
    assert working_days_between(CAL, date(2026, 10, 30), date(2026, 9, 28)).days == -20
    assert working_days_between(CAL, date(2026, 3, 2), date(2026, 3, 2)).days == 0


def test_it_spells_out_the_years_it_covers() -> None:
    assert CAL.year_range() == "2004–2026"
    assert Calendar(years=frozenset({2020, 2021, 2024})).year_range() == "2020–2021、2024"


@settings(max_examples=60, deadline=None)
@given(
    received=st.dates(min_value=date(2004, 1, 1), max_value=date(2027, 12, 31)),
    days=st.integers(min_value=0, max_value=60),
    pause_start=st.integers(min_value=0, max_value=40),
    pause_length=st.integers(min_value=0, max_value=20),
)
def test_it_inverts_add_with_between(
    received: date, days: int, pause_start: int, pause_length: int
) -> None:
    start = received + timedelta(days=pause_start)
    pauses = [Pause(start, start + timedelta(days=pause_length))]
    result = add_working_days(CAL, received, days, pauses)
    assert working_days_between(CAL, received, result.due, pauses).days == days
    if days:
        assert CAL.is_working_day(result.due)
        assert not any(result.due in p for p in pauses)
    if result.due > received:
        first_counted_year = (received + timedelta(days=1)).year
        years = range(first_counted_year, result.due.year + 1)
        assert result.provisional == any(not CAL.covers(y) for y in years)
    else:
        assert not result.provisional


ANY_DAY = st.dates(date(1990, 1, 1), date(2060, 12, 31))


@settings(max_examples=400, deadline=None)
@given(
    start=ANY_DAY,
    span=st.one_of(st.integers(-60, 60), st.integers(-20 * 366, 20 * 366)),
    holidays=st.frozensets(ANY_DAY, max_size=30),
    makeup=st.frozensets(ANY_DAY, max_size=10),
    near=st.lists(st.integers(-70, 70), max_size=20),
)
def test_the_arithmetic_count_is_the_day_by_day_one(
    start: date, span: int, holidays: frozenset[date], makeup: frozenset[date], near: list[int]
) -> None:
    """``working_days_count`` (the request list's) says what ``working_days_between`` says,
    for any calendar: holidays and make-up days anywhere, on both, at the span's ends."""
    end = start + timedelta(days=span)
    # Exceptions next to the span's ends and inside it, where an off-by-one would show.
    edges = frozenset(d + timedelta(days=n) for d in (start, end) for n in near)
    calendar = Calendar(holidays=holidays | edges, makeup_workdays=makeup | set(list(edges)[::2]))
    assert (
        working_days_count(calendar, start, end) == working_days_between(calendar, start, end).days
    )
    assert working_days_count(CAL, start, end) == working_days_between(CAL, start, end).days


def test_the_arithmetic_count_refuses_what_the_day_by_day_one_refuses() -> None:
    far = date(2026, 3, 2) + timedelta(days=20 * 366 + 1)
    for ends in ((date(2026, 3, 2), far), (far, date(2026, 3, 2))):
        with pytest.raises(ClockError):
            working_days_between(CAL, *ends)
        with pytest.raises(ClockError):
            working_days_count(CAL, *ends)
