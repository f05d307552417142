"""Reads: what the applicant of a case was sent, for the staff case page; an agency's outbox."""

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


def agency_outbox(agency_id: int, status: str = "") -> QuerySet[Notification]:
    """One agency's messages (to applicants and to its staff), newest first, ``status`` one of
    ``NotifyStatus`` or every status when empty."""
    found = Notification.objects.filter(agency_id=agency_id)
    if status:
        found = found.filter(status=status)
    return found.select_related("application").order_by("-created_at", "-pk")
