"""Writing to the audit trail."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.db import models

from gongkai.audit.models import Event


def event_record(
    *,
    actor: Any,
    action: str,
    obj: models.Model | None = None,
    agency: Any = None,
    changes: Mapping[str, Any] | None = None,
    reason: str = "",
) -> Event:
    """Append one event. ``actor`` is a user or ``None`` for the system (imports, migrations)."""
    user = actor if getattr(actor, "is_authenticated", False) else None
    event = Event(
        actor=user,
        actor_name=_display_name(user),
        agency=agency,
        action=action,
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None and obj.pk is not None else "",
        object_repr=str(obj)[:200] if obj is not None else "",
        changes={k: [jsonable(v) for v in pair] for k, pair in (changes or {}).items()},
        reason=reason,
    )
    event.full_clean()
    event.save()
    return event


def snapshot(obj: models.Model, fields: Iterable[str]) -> dict[str, Any]:
    """Field values as JSON-safe data, for computing ``changes``; foreign keys as ``str(obj)``."""
    values: dict[str, Any] = {}
    for name in fields:
        value = getattr(obj, name)
        values[name] = jsonable(value)
    return values


def changes_record(
    *,
    actor: Any,
    action: str,
    obj: models.Model,
    agency: Any,
    before: Mapping[str, Any],
    reason: str = "",
) -> None:
    """Record the fields of ``before`` (a ``snapshot`` taken before the save) that changed;
    nothing when none did."""
    after = snapshot(obj, before)
    changes = {k: [before[k], after[k]] for k in before if before[k] != after[k]}
    if changes:
        event_record(
            actor=actor, action=action, obj=obj, agency=agency, changes=changes, reason=reason
        )


def jsonable(value: Any) -> Any:
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, list | tuple):
        return [jsonable(v) for v in value]
    return str(value)


def _display_name(user: Any) -> str:
    if user is None:
        return ""
    full = user.get_full_name() if hasattr(user, "get_full_name") else ""
    return f"{full}（{user.get_username()}）" if full else user.get_username()
