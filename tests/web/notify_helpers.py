"""Running the outbox in the test process, as ``gongkai notify`` does from cron."""

from __future__ import annotations

from django.core import mail

from gongkai.notifications.delivery import deliver


def deliver_all() -> list[mail.EmailMessage]:
    """Send every due message (as ``gongkai notify`` would); returns Django's test outbox."""
    while True:
        outcome = deliver(50)
        if not (outcome.sent or outcome.retry or outcome.failed):
            return mail.outbox


def staff_mail() -> list[mail.EmailMessage]:
    """The delivered messages to staff (reminders), the applicants' own left out."""
    return [m for m in deliver_all() if not m.subject.startswith("政府信息公开申请")]
