"""The next deadline of a case as a pure function of its facts (no Django, no database).

The stored ``Application.due_on`` is always this function's answer; every service function
recomputes it, so the dashboard and ``gongkai remind`` can poll one indexed column.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from gongkai.workdays.clock import Calendar, Pause, add_working_days

REPLY_DAYS = 20  # 条例第三十三条第一款
MAX_EXTENSION_DAYS = 20  # 条例第三十三条第二款
CORRECTION_NOTICE_DAYS = 7  # 条例第三十条: the request for correction within 7 working days
CONSULTATION_DAYS = 15  # 条例第三十二条、第三十四条: the consulted party answers within 15
FEE_PAYMENT_DAYS = 20  # 办法第七条: payment within 20 working days from the day after receipt


@dataclass(frozen=True)
class Interval:
    """Days taken out of the reply period, from ``start`` (sent) to ``end`` (answered or the
    answer's deadline, whichever is first: ``Consultation.pause_end``). The sending day itself
    still counts as a working day of the office."""

    start: date
    end: date

    def as_pause(self) -> Pause | None:
        first = self.start + timedelta(days=1)
        return Pause(first, self.end) if self.end >= first else None


@dataclass(frozen=True)
class CaseClock:
    status: str  # a ``Status`` value
    period_start: date
    extension_days: int = 0
    later_deadline: date | None = None
    correction_due_on: date | None = None
    fee_due_on: date | None = None
    intervals: tuple[Interval, ...] = ()


@dataclass(frozen=True)
class Due:
    on: date
    provisional: bool


def reply_due(calendar: Calendar, clock: CaseClock) -> Due:
    """The reply deadline: 20 working days from ``period_start`` (条例第三十三条), plus an approved
    extension (at most 20, 第三十三条第二款), not counting consultation or fee-payment time
    (第三十二条、第三十四条; 办法). A reasonable later deadline set under 第三十五条 replaces it."""
    if clock.later_deadline is not None:
        return Due(clock.later_deadline, not calendar.covers(clock.later_deadline.year))
    pauses = [p for p in (i.as_pause() for i in clock.intervals) if p is not None]
    result = add_working_days(
        calendar, clock.period_start, REPLY_DAYS + clock.extension_days, pauses
    )
    return Due(result.due, result.provisional)


def next_due(calendar: Calendar, clock: CaseClock) -> Due:
    """What the office must watch next: while waiting for the applicant (补正, fee) that is the
    applicant's deadline, after which the case lapses; otherwise the reply deadline."""
    if clock.status == "correction" and clock.correction_due_on is not None:
        return Due(clock.correction_due_on, not calendar.covers(clock.correction_due_on.year))
    if clock.status == "fee" and clock.fee_due_on is not None:
        return Due(clock.fee_due_on, not calendar.covers(clock.fee_due_on.year))
    return reply_due(calendar, clock)


def working_days_after(calendar: Calendar, start: date, days: int) -> Due:
    result = add_working_days(calendar, start, days)
    return Due(result.due, result.provisional)


def from_receipt(calendar: Calendar, dated_on: date, received_on: date | None, days: int) -> Due:
    """A period that runs from the addressee's receipt of a notice (补正 条例第三十条, 征求意见
    第三十二条、第三十四条, 缴费 办法第七条 "自收到…次日起"): ``days`` working days after the
    receipt; until the receipt is recorded, counted from the notice's own date — the earliest
    it can be, so a reminder is never late — and the case page says the receipt is missing."""
    return working_days_after(calendar, received_on or dated_on, days)
