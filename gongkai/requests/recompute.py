"""Stored deadlines kept true to the calendar: when an administrator enters, edits or declares
complete a year (``workdays.signals.calendar_changed``), every open case whose periods run
through that year has each stored date recomputed — the reply deadline, the 补正 and fee windows
(from the recorded receipt) and the consulted parties' deadlines — with one event per case that
changed, naming the dates before and after."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.db import transaction

from gongkai.audit.services import snapshot
from gongkai.requests import deadlines, notices, record
from gongkai.requests.models import FINISHED, Application, Consultation, NoticeKind, Status
from gongkai.workdays.clock import Calendar
from gongkai.workdays.selectors import platform_calendar


def touching(years: Iterable[int]) -> Any:
    """Open cases whose running periods may cross one of ``years``: started by its end and
    not yet due before its start."""
    years = sorted(years)
    first, last = date(years[0], 1, 1), date(years[-1], 12, 31)
    return (
        Application.objects.exclude(status__in=FINISHED)
        .filter(period_start__lte=last, due_on__gte=first)
        .order_by("pk")
    )


@transaction.atomic
def applications_recompute(*, actor: Any, years: Iterable[int], reason: str) -> int:
    """Recompute the open cases that touch ``years``; returns how many changed."""
    years = list(years)
    if not years:
        return 0
    calendar = platform_calendar()
    changed = 0
    for pk in touching(years).values_list("pk", flat=True):
        changed += _recompute_one(actor, pk, calendar, reason)
    return changed


def _recompute_one(actor: Any, pk: int, calendar: Calendar, reason: str) -> int:
    application, before = record.locked(Application(pk=pk))
    moved = _consultations(application, calendar)
    if application.status == Status.CORRECTION and application.correction_days:
        notice = notices.receipt_of(application, NoticeKind.CORRECTION)
        start = application.correction_requested_on
        assert start is not None
        application.correction_due_on = deadlines.from_receipt(
            calendar,
            notice.dated_on if notice else start,
            notice.received_on if notice else None,
            application.correction_days,
        ).on
    if application.status == Status.FEE and application.fee_notice_on:
        notice = notices.receipt_of(application, NoticeKind.FEE)
        application.fee_due_on = deadlines.from_receipt(
            calendar,
            application.fee_notice_on,
            notice.received_on if notice else None,
            deadlines.FEE_PAYMENT_DAYS,
        ).on
    record.recompute_due(application, calendar)
    after = snapshot(application, record.TRACKED)
    if after == before and not moved:
        return 0
    record.save(
        application,
        actor=actor,
        action="recompute_deadlines",
        before=before,
        reason=reason,
        extra={"consultations": [None, moved]} if moved else None,
        calendar=calendar,
    )
    return 1


def _consultations(application: Application, calendar: Calendar) -> list[str]:
    moved = []
    for consultation in Consultation.objects.select_for_update().filter(application=application):
        due = deadlines.from_receipt(
            calendar, consultation.sent_on, consultation.received_on, deadlines.CONSULTATION_DAYS
        ).on
        if due != consultation.reply_due_on:
            moved.append(f"{consultation.party}：{consultation.reply_due_on} → {due}")
            consultation.reply_due_on = due
            consultation.save(update_fields=["reply_due_on"])
    return moved


def on_calendar_changed(
    sender: Any, *, actor: Any, years: list[int], reason: str, **kwargs: Any
) -> None:
    applications_recompute(actor=actor, years=years, reason=f"工作日历变更：{reason}")
