"""Recompute a stored, derived column over many records, with an audit event for each record
whose values moved (the calendar changed: ``workdays.signals.calendar_changed``)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from gongkai.audit.services import changes_record, snapshot


def records_recompute(
    records: Iterable[Any],
    fields: tuple[str, ...],
    compute: Callable[[Any], None],
    *,
    actor: Any,
    action: str,
    reason: str,
) -> int:
    """``compute`` sets ``fields`` on each record; the ones that changed are saved, each with
    one event naming old and new values. Returns how many changed."""
    changed = 0
    for record in records:
        before = snapshot(record, fields)
        compute(record)
        if snapshot(record, fields) == before:
            continue
        changed += 1
        record.save()
        changes_record(
            actor=actor,
            action=action,
            obj=record,
            agency=record.agency,
            before=before,
            reason=reason,
        )
    return changed
