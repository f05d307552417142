"""Reads: what the applicant of a case was sent, for the staff case page."""

from __future__ import annotations

from django.db.models import QuerySet

from gongkai.notifications.models import Notification, NotifyKind
from gongkai.requests.models import Application


def applicant_messages(application: Application) -> QuerySet[Notification]:
    """The case's messages to its applicant (the staff's reminders left out), oldest first."""
    return (
        Notification.objects.filter(application=application)
        .exclude(kind=NotifyKind.REMINDER)
        .order_by("created_at", "pk")
    )
