"""Sending the outbox (``gongkai notify``). A notifier claims a batch of due messages in a short
transaction — ``select_for_update(skip_locked=True)``, so notifiers on several servers take
different rows on PostgreSQL (SQLite serialises the claim under its write lock) — and marks
each with its own claim token and a lease (``NOTIFY_LEASE_SECONDS``). It sends outside any
transaction, then records the outcome on the rows it still holds. A notifier that dies
mid-send leaves its messages to be tried again when the lease runs out (so a message is sent
at least once, and twice only after such a crash).

A failed send is retried after ``NOTIFY_RETRY_SECONDS`` × 2^(attempts − 1) (capped at a day);
after ``NOTIFY_MAX_ATTEMPTS`` attempts, or at once for a refusal that will not change (SMTP 5xx
for the recipient), the message is marked failed and left alone."""

from __future__ import annotations

import secrets
import smtplib
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.db.models import F, QuerySet
from django.utils import timezone

from gongkai.notifications import sms
from gongkai.notifications.models import Notification, NotifyChannel, NotifyStatus

MAX_BACKOFF = timedelta(days=1)


@dataclass
class Outcome:
    sent: list[Notification] = field(default_factory=list)
    retry: list[Notification] = field(default_factory=list)
    failed: list[Notification] = field(default_factory=list)


def due(now: datetime | None = None) -> QuerySet[Notification]:
    return Notification.objects.filter(
        status=NotifyStatus.PENDING, next_attempt_at__lte=now or timezone.now()
    ).order_by("next_attempt_at", "pk")


def claim(batch: int) -> list[Notification]:
    """Take up to ``batch`` due messages for this notifier (one attempt counted on each)."""
    now = timezone.now()
    token = secrets.token_hex(16)
    with transaction.atomic():
        ids = list(
            due(now).select_for_update(skip_locked=True).values_list("pk", flat=True)[:batch]
        )
        Notification.objects.filter(pk__in=ids).update(
            claim=token,
            attempts=F("attempts") + 1,
            next_attempt_at=now + timedelta(seconds=settings.NOTIFY_LEASE_SECONDS),
        )
    return list(
        Notification.objects.filter(pk__in=ids, claim=token).select_related("agency").order_by("pk")
    )


def backoff(attempts: int) -> timedelta:
    delay = timedelta(seconds=settings.NOTIFY_RETRY_SECONDS * 2 ** max(attempts - 1, 0))
    return min(delay, MAX_BACKOFF)


def deliver(batch: int = 50) -> Outcome:
    """Claim one batch and send it; the outcome lists what was sent, will be retried, failed."""
    rows = claim(batch)
    outcome = Outcome()
    if not rows:
        return outcome
    mail = get_connection(fail_silently=False)
    texts: Any = None
    try:
        for n in rows:
            try:
                if n.channel == NotifyChannel.SMS:
                    texts = texts or sms.get_backend()
                    texts.send(n.recipient, n.body)
                else:
                    _send_email(mail, n)
            except Exception as error:  # any backend's failure is recorded on the message
                mail.close()  # a broken SMTP session is not reused for the next message
                (outcome.failed if _give_up(n, error) else outcome.retry).append(n)
            else:
                _mark_sent(n)
                outcome.sent.append(n)
    finally:
        mail.close()
    return outcome


def _send_email(connection: Any, n: Notification) -> None:
    message = EmailMessage(n.subject, n.body, to=[n.recipient], connection=connection)
    if not connection.send_messages([message]):
        raise smtplib.SMTPException("邮件服务器没有接受该邮件")


def _mark_sent(n: Notification) -> None:
    n.status, n.sent_at, n.last_error = NotifyStatus.SENT, timezone.now(), ""
    Notification.objects.filter(pk=n.pk, claim=n.claim).update(
        status=n.status, sent_at=n.sent_at, last_error="", claim=""
    )


def _give_up(n: Notification, error: Exception) -> bool:
    permanent = _permanent(error) or n.attempts >= settings.NOTIFY_MAX_ATTEMPTS
    n.last_error = f"{type(error).__name__}: {error}"[:500]
    if permanent:
        n.status = NotifyStatus.FAILED
    else:
        n.next_attempt_at = timezone.now() + backoff(n.attempts)
    Notification.objects.filter(pk=n.pk, claim=n.claim).update(
        status=n.status, next_attempt_at=n.next_attempt_at, last_error=n.last_error, claim=""
    )
    return permanent


def _permanent(error: Exception) -> bool:
    if isinstance(error, sms.SmsError):
        return error.permanent
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return all(code >= 500 for code, _msg in error.recipients.values())
    return False
