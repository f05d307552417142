"""Writing to the outbox. Each function is called inside the transaction of the event it tells
of, so the message exists exactly when the event does (a rolled-back step leaves no message).
Sending is ``delivery``'s work, never done here; ``notification_retry`` puts a failed message
back in line for it."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.utils import timezone

from gongkai.audit.services import event_record
from gongkai.errors import DomainError
from gongkai.notifications.models import (
    ApplicantChoice,
    Notification,
    NotifyChannel,
    NotifyKind,
    NotifyStatus,
)

SUBJECT_MAX = 200
BODY_MAX = 20_000


def notification_enqueue(
    *,
    kind: str,
    channel: str,
    recipient: str,
    body: str,
    subject: str = "",
    agency: Any = None,
    application: Any = None,
) -> Notification:
    notification = Notification(
        agency=agency if agency is not None else getattr(application, "agency", None),
        application=application,
        kind=kind,
        channel=channel,
        recipient=recipient.strip(),
        subject=subject[:SUBJECT_MAX],
        body=body[:BODY_MAX],
        next_attempt_at=timezone.now(),
    )
    notification.full_clean()
    notification.save()
    return notification


@transaction.atomic
def applicant_choice_set(*, application: Any, email: bool, sms: bool) -> ApplicantChoice:
    """The channels chosen on the public form (SMS only with a phone number, e-mail only with
    an address: the form checks, and here an impossible choice is simply not kept)."""
    choice, _ = ApplicantChoice.objects.update_or_create(
        application=application,
        defaults={
            "email": email and bool(application.email),
            "sms": sms and bool(application.phone),
        },
    )
    return choice


def applicant_channels(application: Any) -> list[tuple[str, str]]:
    """(channel, recipient) for the applicant's messages, as chosen; a case registered by staff
    (no choice stored) is told by e-mail when an address is on file. The address is read now,
    so a corrected one (更正登记信息) is used from then on."""
    choice = ApplicantChoice.objects.filter(application=application).first()
    wants_email = choice.email if choice is not None else True
    wants_sms = choice.sms if choice is not None else False
    found = []
    if wants_email and application.email:
        found.append((str(NotifyChannel.EMAIL), application.email))
    if wants_sms and application.phone:
        found.append((str(NotifyChannel.SMS), application.phone))
    return found


def recovery_link_enqueue(*, application: Any, url: str, hours: int) -> Notification:
    """The lost-query-code link (gongkai.portal.recovery), to the address on file only."""
    body = (
        "您好：\n\n"
        f"有人在政府信息公开门户为受理编号 {application.tracking_number} 的申请请求了查询链接。"
        "打开下面的链接，即可查看办理情况、需要您办理的事项和已发出的文书：\n\n"
        f"{url}\n\n"
        f"链接在 {hours} 小时内有效，只能使用一次。查询码无法找回；"
        "以后可再次通过“找回查询方式”获取新的链接。\n\n"
        "如果这不是您本人的操作，请忽略本邮件，您的申请不受影响。\n\n"
        f"{application.agency.name}\n（本邮件由系统自动发送，请勿回复。）\n"
    )
    return notification_enqueue(
        kind=NotifyKind.RECOVERY,
        channel=NotifyChannel.EMAIL,
        recipient=application.email,
        subject=f"政府信息公开申请 {application.tracking_number} 的查询链接",
        body=body,
        application=application,
    )


@transaction.atomic
def reminders_enqueue(items: Iterable[Any]) -> int:
    """Staff reminders (``gongkai remind``, ``gongkai report-remind``): one message per
    recipient, so each address is retried on its own. Returns how many were queued."""
    count = 0
    for item in items:
        for recipient in item.recipients:
            notification_enqueue(
                kind=NotifyKind.REMINDER,
                channel=NotifyChannel.EMAIL,
                recipient=recipient,
                subject=item.subject,
                body=item.body,
                agency=_agency(item),
            )
            count += 1
    return count


def _agency(item: Any) -> Any:
    from gongkai.agencies.models import Agency

    agency_id = getattr(item, "agency_id", None)
    return Agency.objects.filter(pk=agency_id).first() if agency_id else None


@transaction.atomic
def notification_retry(*, actor: Any, notification: Notification, reason: str = "") -> Notification:
    """Send a failed message again (after its address or the mail server was put right): it
    is pending from now, with a fresh count of attempts; the event keeps the failure it had."""
    locked = Notification.objects.select_for_update().get(pk=notification.pk)
    if locked.status != NotifyStatus.FAILED:
        raise NotFailed(
            f"该通知的状态是“{locked.get_status_display()}”，只有发送失败的通知才能重试。"
        )
    before = {"status": locked.status, "attempts": locked.attempts}
    locked.status, locked.attempts, locked.claim = NotifyStatus.PENDING, 0, ""
    locked.next_attempt_at = timezone.now()
    locked.save(update_fields=["status", "attempts", "claim", "next_attempt_at"])
    event_record(
        actor=actor,
        action="notification.retry",
        obj=locked,
        agency=locked.agency,
        changes={
            "status": [before["status"], locked.status],
            "attempts": [before["attempts"], 0],
        },
        reason="；".join(t for t in (reason.strip(), f"上次失败：{locked.last_error}") if t),
    )
    return locked


class NotFailed(DomainError):
    status = 409
