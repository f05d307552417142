"""Reads over the audit trail, scoped by agency visibility.

Events with no agency (calendar imports, platform-level changes) are shown only to platform
superusers and the auditor (安全审计员), who reads the whole trail: they are not any agency's
records.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import models

from gongkai.accounts.access import scope_to_user
from gongkai.accounts.roles import is_auditor
from gongkai.audit.models import Event


def events_visible_to(
    user: Any,
    *,
    agency_id: int | None = None,
    action: str = "",
    since: date | None = None,
    until: date | None = None,
    text: str = "",
) -> models.QuerySet[Event]:
    events = Event.objects.select_related("agency", "actor")
    # Superusers and the auditor (安全审计员) see every event, also those that belong to no
    # agency (calendar imports, log-ins of platform users and the like).
    scoped = events if is_auditor(user) else scope_to_user(events, user)
    if agency_id is not None:
        scoped = scoped.filter(agency_id=agency_id)
    if action:
        scoped = scoped.filter(action__startswith=action)
    if since is not None:
        scoped = scoped.filter(at__date__gte=since)
    if until is not None:
        scoped = scoped.filter(at__date__lte=until)
    if text:
        scoped = scoped.filter(
            models.Q(object_repr__icontains=text)
            | models.Q(reason__icontains=text)
            | models.Q(actor_name__icontains=text)
        )
    return scoped.order_by("-at", "-pk")


def event_actions(events: models.QuerySet[Event]) -> list[str]:
    return sorted(set(events.values_list("action", flat=True).distinct()))
