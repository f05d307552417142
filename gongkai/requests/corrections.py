"""Putting a wrong record right without falsifying it (issue 20): a reason-required correction of
an entered field, a void state for a record entered by mistake, and removing or replacing an
attachment. Each is one event; the old values stay in the event, the removed file stays in
private storage."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from gongkai.audit.services import event_record, jsonable
from gongkai.requests import casework, guards, record
from gongkai.requests.models import FINISHED, Application, Attachment, Status
from gongkai.requests.services import _attach

# The entered fields a clerk may correct. The category (申请人类别) is a column of table 三 and
# the outcome is the reply's: neither is a typing slip to correct here.
CORRECTABLE = (
    "applicant_name",
    "contact_person",
    "phone",
    "email",
    "address",
    "description",
    "channel",
    "received_on",
    "arrived_on",
)
# Fields that move the clock (条例第三十一条、第三十三条): only while the case is open.
RECEIPT = frozenset({"channel", "received_on", "arrived_on"})


def _reason(reason: str) -> str:
    if not reason.strip():
        raise guards.TransitionError("请写明更正或作废的理由。")
    return reason.strip()


@transaction.atomic
def application_correct(
    *, actor: Any, application: Application, reason: str, **values: Any
) -> Application:
    """Correct the entered fields named in ``values`` (a subset of ``CORRECTABLE``). A corrected
    receipt date or channel recomputes the deadline the way every transition does
    (``record.save``); the event keeps each old and new value."""
    unknown = set(values) - set(CORRECTABLE)
    if unknown:
        raise guards.TransitionError(f"这些字段不能在此更正：{'、'.join(sorted(unknown))}。")
    reason = _reason(reason)
    application, before = record.locked(application)
    guards.require_writer(actor, application.agency)
    if application.status == Status.VOID:
        raise guards.TransitionError(f"{application.tracking_number} 已作废，不能更正。")
    changed = {k: v for k, v in values.items() if getattr(application, k) != v}
    if not changed:
        raise guards.TransitionError("没有任何改动。")
    if set(changed) & RECEIPT:
        _check_receipt_change(application, changed)
    changed = {k: v for k, v in changed.items() if getattr(application, k) != v}
    extra = {k: [jsonable(getattr(application, k)), jsonable(v)] for k, v in changed.items()}
    for name, value in changed.items():
        setattr(application, name, value)
    return record.save(
        application, actor=actor, action="correct", before=before, reason=reason, extra=extra
    )


def _check_receipt_change(application: Application, changed: dict[str, Any]) -> None:
    if application.status in FINISHED:
        raise guards.TransitionError("已办结的申请不能更正收到日期或渠道（期限已成定局）。")
    received = changed.get("received_on", application.received_on)
    channel = changed.get("channel", application.channel)
    if "arrived_on" not in changed and channel not in guards.CONFIRMED_CHANNELS:
        # Handed in or submitted online: arrival is receipt (条例第三十一条), so it follows.
        changed["arrived_on"] = received
    guards.check_receipt(channel, received, changed.get("arrived_on", application.arrived_on))
    if received.year != application.year:
        # The tracking number carries the year and the serial of that year's ledger.
        raise guards.TransitionError(
            f"更正后的收到日期（{received}）不在受理年度 {application.year} 内："
            "请将本记录作废后重新登记。"
        )
    first = _first_step(application)
    if first is not None and received > first[1]:
        raise guards.TransitionError(
            f"更正后的收到日期（{received}）晚于已办理的“{first[0]}”（{first[1]}）。"
        )
    if "received_on" in changed and application.correction_received_on is None:
        application.period_start = received  # 条例第三十三条: the period runs from receipt


def _first_step(application: Application) -> tuple[str, date] | None:
    """The earliest step already taken on the case, which a receipt date cannot follow."""
    steps = [
        ("补正告知", application.correction_requested_on),
        ("收费通知", application.fee_notice_on),
        ("延期批准", application.extension_approved_on),
        ("要求说明理由", application.reasons_requested_on),
        *(("征求意见", c.sent_on) for c in application.consultations.all()),
    ]
    dated = [(what, day) for what, day in steps if day is not None]
    return min(dated, key=lambda step: step[1]) if dated else None


@transaction.atomic
def application_void(*, actor: Any, application: Application, reason: str) -> Application:
    """Mark a record entered by mistake as void: it keeps its number and trail and is counted
    nowhere (table 三, the dashboard, reminders, the fee count). Only an open case — a closed
    one may already be in a published annual report — and only by a reviewer or the agency's
    administrator."""
    reason = _reason(reason)
    application, before = record.locked(application)
    if not casework.may_assign(actor, application):
        raise PermissionDenied("只有本机关的审核人或管理员可以作废记录。")
    guards.require_status(
        application, Status.OPEN, Status.CORRECTION, Status.CONSULTING, Status.FEE
    )
    application.status = Status.VOID
    return record.save(application, actor=actor, action="void", before=before, reason=reason)


@transaction.atomic
def attachment_remove(
    *,
    actor: Any,
    attachment: Attachment,
    reason: str,
    replacement: UploadedFile | None = None,
) -> Attachment | None:
    """Hide an attachment from the case (uploaded by mistake, or superseded by ``replacement``,
    which is attached in its place). The file is kept, private, for the audit; returns the
    replacement."""
    reason = _reason(reason)
    attachment = Attachment.objects.select_for_update().get(pk=attachment.pk)
    application = attachment.application
    guards.require_writer(actor, application.agency)
    if attachment.removed_at is not None:
        raise guards.TransitionError(f"附件“{attachment.original_name}”已删除。")
    new = _attach(application, replacement) if replacement is not None else None
    attachment.removed_at = timezone.now()
    attachment.replaced_by = new
    attachment.full_clean()
    attachment.save(update_fields=["removed_at", "replaced_by"])
    event_record(
        actor=actor,
        action="application.replace_attachment" if new else "application.remove_attachment",
        obj=application,
        agency=application.agency,
        changes={"attachment": [attachment.original_name, new.original_name if new else None]},
        reason=reason,
    )
    return new
