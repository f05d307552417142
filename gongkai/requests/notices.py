"""送达: the notices and letters of a case and their delivery (how sent, when sent, when
received). Periods that run from the addressee's receipt — the 补正 period (条例第三十条), a
consulted party's 15 working days (条例第三十二条、第三十四条) and the fee payment window
(办法第七条, from the day after receipt) — are recomputed here when the receipt is recorded.

The API other modules call (the documents app records delivery on its letters through it)::

    notice = notice_issue(actor=..., application=..., kind=NoticeKind.CORRECTION,
                          dated_on=date(...), consultation=None)
    notice_record_delivery(actor=..., notice=notice, method=DeliveryMethod.EMS,
                           sent_on=date(...), received_on=date(...) or None,
                           tracking_number="EA123456789CN")
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction

from gongkai.requests import deadlines, guards, record
from gongkai.requests.guards import TransitionError
from gongkai.requests.models import (
    Application,
    Consultation,
    DeliveryMethod,
    Notice,
    NoticeKind,
    Status,
)
from gongkai.workdays.selectors import platform_calendar

# Delivered into the addressee's hands or system on the day it is sent: received that day
# unless told otherwise (e-mail: the day it reaches the addressee's system).
SAME_DAY = frozenset({DeliveryMethod.IN_PERSON, DeliveryMethod.EMAIL})


@transaction.atomic
def notice_issue(
    *,
    actor: Any,
    application: Application,
    kind: str,
    dated_on: date,
    consultation: Consultation | None = None,
    delivery: dict[str, Any] | None = None,
) -> Notice:
    """A notice of the case dated ``dated_on`` (one event on the case). ``delivery`` (method,
    sent_on, received_on, tracking_number) records how it went out when that is known."""
    application, before = record.locked(application)
    guards.require_writer(actor, application.agency)
    notice = attach(application, kind, dated_on, consultation=consultation, delivery=delivery)
    record.save(
        application, actor=actor, action="issue_notice", before=before, extra=changes(notice)
    )
    return notice


@transaction.atomic
def notice_record_delivery(
    *,
    actor: Any,
    notice: Notice,
    method: str,
    sent_on: date,
    received_on: date | None = None,
    tracking_number: str = "",
) -> Notice:
    """Record (or correct) how and when ``notice`` was delivered. A period that runs from its
    receipt is recomputed from ``received_on``; one event on the case, old and new delivery."""
    application, before = record.locked(notice.application)
    guards.require_writer(actor, application.agency)
    notice = Notice.objects.select_for_update().get(pk=notice.pk)
    old = _describe(notice.method, notice.sent_on, notice.received_on, notice.tracking_number)
    _deliver(notice, method, sent_on, received_on, tracking_number)
    _apply_receipt(application, notice)
    extra = changes(notice)
    extra["delivery"][0] = old
    record.save(application, actor=actor, action="record_delivery", before=before, extra=extra)
    return notice


def attach(
    application: Application,
    kind: str,
    dated_on: date,
    *,
    consultation: Consultation | None = None,
    delivery: dict[str, Any] | None = None,
) -> Notice:
    """The notice of a transition, saved with its delivery if given, and the period running
    from its receipt set on ``application`` (which the transition then saves, with
    ``changes(notice)`` in its one event). For use inside a service's transaction."""
    notice = Notice(
        application=application, consultation=consultation, kind=kind, dated_on=dated_on
    )
    if delivery and delivery.get("method"):
        _deliver(notice, **delivery)
    else:
        notice.full_clean()
        notice.save()
    _apply_receipt(application, notice)
    return notice


def save_with_notice(
    application: Application,
    *,
    actor: Any,
    action: str,
    before: dict[str, Any],
    kind: str,
    dated_on: date,
    delivery: dict[str, Any] | None,
    reason: str = "",
    consultation: Consultation | None = None,
    extra: dict[str, Any] | None = None,
) -> Application:
    """A transition that sends a notice: the notice attached (with its delivery when known),
    the case saved, one event naming both."""
    notice = attach(application, kind, dated_on, consultation=consultation, delivery=delivery)
    return record.save(
        application,
        actor=actor,
        action=action,
        before=before,
        reason=reason,
        extra={**(extra or {}), **changes(notice)},
    )


def changes(notice: Notice) -> dict[str, list[Any]]:
    """The notice and its delivery, for the case's audit event."""
    delivery = _describe(notice.method, notice.sent_on, notice.received_on, notice.tracking_number)
    return {"notice": [None, str(notice)], "delivery": [None, delivery]}


def _deliver(
    notice: Notice,
    method: str,
    sent_on: date,
    received_on: date | None = None,
    tracking_number: str = "",
) -> None:
    if method not in DeliveryMethod.values:
        raise TransitionError(f"未知的送达方式：{method}")
    tracking_number = tracking_number.strip()
    if method == DeliveryMethod.EMS and not tracking_number:
        raise TransitionError("以邮政特快专递送达的，请填写邮件号码。")
    guards.not_before(sent_on, notice.dated_on, "发出日期", "文书日期")
    if received_on is None and method in SAME_DAY:
        received_on = sent_on
    if received_on is not None:
        guards.not_before(received_on, sent_on, "收到日期", "发出日期")
    notice.method, notice.sent_on = method, sent_on
    notice.received_on, notice.tracking_number = received_on, tracking_number
    notice.full_clean()
    notice.save()


def _describe(method: str, sent: date | None, received: date | None, number: str) -> str | None:
    if not method:
        return None
    label = str(DeliveryMethod(method).label) + (f" {number}" if number else "")
    return f"{label}，{sent} 发出，{received or '收到日期未登记'}"


def _apply_receipt(application: Application, notice: Notice) -> None:
    """Set the period that runs from this notice's receipt, if one does (on ``application``
    unsaved; a consultation is saved here)."""
    calendar = platform_calendar()
    if notice.kind == NoticeKind.CORRECTION and application.status == Status.CORRECTION:
        if application.correction_days:
            application.correction_due_on = deadlines.from_receipt(
                calendar, notice.dated_on, notice.received_on, application.correction_days
            ).on
    elif notice.kind == NoticeKind.FEE and application.status == Status.FEE:
        application.fee_due_on = deadlines.from_receipt(
            calendar, notice.dated_on, notice.received_on, deadlines.FEE_PAYMENT_DAYS
        ).on
    elif notice.kind == NoticeKind.CONSULTATION and notice.consultation is not None:
        consultation = Consultation.objects.select_for_update().get(pk=notice.consultation_id)
        consultation.received_on = notice.received_on
        consultation.reply_due_on = deadlines.from_receipt(
            calendar, consultation.sent_on, notice.received_on, deadlines.CONSULTATION_DAYS
        ).on
        consultation.full_clean()
        consultation.save()


def receipt_of(application: Application, kind: str) -> Notice | None:
    """The latest notice of ``kind`` of the case (its delivery decides the period)."""
    found: Notice | None = (
        application.notices.filter(kind=kind).order_by("-dated_on", "-pk").first()
    )
    return found


def receipt_pending(application: Application, kind: str) -> bool:
    notice = receipt_of(application, kind)
    return notice is not None and notice.received_on is None
