"""The write path for the reading-room register; one audit event per change."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from gongkai.agencies.models import Agency
from gongkai.audit.services import event_record, snapshot
from gongkai.readingroom.models import COUNTER_FIELDS, RegisterDay

TRACKED = (*COUNTER_FIELDS, "note")


@transaction.atomic
def register_day_save(
    *, actor: Any, agency: Agency, day: date, reason: str = "", **counts: Any
) -> RegisterDay:
    """Create or correct the register for one day (one row per agency and day)."""
    unknown = set(counts) - set(TRACKED)
    if unknown:
        raise TypeError(f"register_day_save: unknown fields {sorted(unknown)}")
    if not agency.has_reading_room:
        raise ValidationError(f"{agency.name}未设立政府信息查阅场所，不能登记。")
    entry = RegisterDay.objects.select_for_update().filter(agency=agency, day=day).first()
    created = entry is None
    if entry is None:
        entry = RegisterDay(agency=agency, day=day)
    before = snapshot(entry, TRACKED)
    for name, value in counts.items():
        setattr(entry, name, value)
    entry.full_clean()
    entry.save()
    after = snapshot(entry, TRACKED)
    changes = {
        k: [None if created else before[k], after[k]]
        for k in TRACKED
        if created or before[k] != after[k]
    }
    if changes:
        event_record(
            actor=actor,
            action="readingroom.create" if created else "readingroom.update",
            obj=entry,
            agency=agency,
            changes=changes,
            reason=reason,
        )
    return entry
