"""Reads over the audit trail, scoped by agency visibility.

Events with no agency (calendar imports, platform-level changes) are shown only to platform
superusers and the auditor (安全审计员), who reads the whole trail: they are not any agency's
records.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import models

from gongkai.accounts.access import visible_agency_ids
from gongkai.accounts.roles import is_auditor
from gongkai.audit.models import Event

EVENT_ORDER = ("-at", "-pk")  # newest first


def event_scope(user: Any) -> tuple[int, ...] | None:
    """The agencies whose events ``user`` sees, or None for every event: superusers and the
    auditor (安全审计员) see every event, also those that belong to no agency (calendar imports,
    log-ins of platform users and the like)."""
    return None if is_auditor(user) else tuple(sorted(visible_agency_ids(user)))


def events_in_scope(scope: tuple[int, ...] | None) -> models.QuerySet[Event]:
    """The events of the agencies ``scope`` (``event_scope``) names, or all of them."""
    events = Event.objects.select_related("agency", "actor")
    return events if scope is None else events.filter(agency__in=scope)


def events_visible_to(
    user: Any,
    *,
    agency_id: int | None = None,
    action: str = "",
    since: date | None = None,
    until: date | None = None,
    text: str = "",
) -> models.QuerySet[Event]:
    scoped = events_in_scope(event_scope(user))
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
    return scoped.order_by(*EVENT_ORDER)


def event_actions(events: models.QuerySet[Event]) -> list[str]:
    return sorted(set(events.values_list("action", flat=True).distinct()))
