"""The write paths of the reading-room register; one audit event per change."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from gongkai.accounts.access import can_write
from gongkai.agencies.models import Agency
from gongkai.audit.services import event_record, snapshot
from gongkai.readingroom.models import COUNTER_FIELDS, VISIT_COUNTS, RegisterDay, Visit
from gongkai.requests.models import mask_name

TRACKED = (*COUNTER_FIELDS, "note")
VISIT_FIELDS = ("day", "visitor", "purpose", "consulted", *VISIT_COUNTS, "note")
# 条例（2007）came into force on 2008-05-01: no register of this platform's kind is older.
FIRST_DAY = date(2008, 5, 1)
# A day's totals: above the busiest archive reading room, below a typo's extra digits.
MAX_DAY_COUNT = 100_000


def _require_day(day: date) -> None:
    today = timezone.localdate()
    if day > today:
        raise ValidationError(f"登记日期 {day:%Y-%m-%d} 晚于今天（{today:%Y-%m-%d}），不能登记。")
    if day < FIRST_DAY:
        raise ValidationError(f"登记日期 {day:%Y-%m-%d} 早于 {FIRST_DAY:%Y-%m-%d}，请核对。")


def _require_room(agency: Agency) -> None:
    if not agency.has_reading_room:
        raise ValidationError(f"{agency.name}未设立政府信息查阅场所，不能登记。")


@transaction.atomic
def register_day_save(
    *, actor: Any, agency: Agency, day: date, reason: str = "", **counts: Any
) -> RegisterDay:
    """Create or correct a day's totals (the register as kept before visits; the demo and
    imported ledgers use it). New days on the staff pages are registered visit by visit."""
    unknown = set(counts) - set(TRACKED)
    if unknown:
        raise TypeError(f"register_day_save: unknown fields {sorted(unknown)}")
    _require_room(agency)
    _require_day(day)
    for name in COUNTER_FIELDS:
        if int(counts.get(name) or 0) > MAX_DAY_COUNT:
            raise ValidationError(f"{name} 的数字 {counts[name]} 超过一日的上限 {MAX_DAY_COUNT}。")
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


def _visit_changes(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    """Changed fields; the visitor's name only masked (the trail is read more widely)."""
    changes = {k: [before[k], after[k]] for k in after if before.get(k) != after[k]}
    if "visitor" in changes:
        changes["visitor"] = [_mask(before["visitor"]), _mask(after["visitor"])]
    return changes


def _mask(name: Any) -> Any:
    return mask_name(name) if name else name


@transaction.atomic
def visit_record(*, actor: Any, agency: Agency, **fields: Any) -> Visit:
    """One visit, added to its day (a second visit the same day is another row, never a
    replacement of the first)."""
    if not can_write(actor, agency):
        raise PermissionDenied("只有本机关的工作人员可以登记。")
    unknown = set(fields) - set(VISIT_FIELDS)
    if unknown:
        raise TypeError(f"visit_record: unknown fields {sorted(unknown)}")
    _require_room(agency)
    _require_day(fields["day"])
    visit = Visit(agency=agency, created_by=actor, **fields)
    visit.full_clean()
    visit.save()
    empty = dict.fromkeys(VISIT_FIELDS)
    event_record(
        actor=actor,
        action="readingroom.visit",
        obj=visit,
        agency=agency,
        changes=_visit_changes(empty, snapshot(visit, VISIT_FIELDS)),
    )
    return visit


@transaction.atomic
def visit_correct(*, actor: Any, visit: Visit, reason: str, **fields: Any) -> Visit:
    """Correct a visit as registered; the reason and the old values go to the audit trail."""
    visit = Visit.objects.select_for_update().get(pk=visit.pk)
    if not can_write(actor, visit.agency):
        raise PermissionDenied("只有本机关的工作人员可以更正登记。")
    if not reason.strip():
        raise ValidationError("更正登记须说明理由。")
    unknown = set(fields) - set(VISIT_FIELDS)
    if unknown:
        raise TypeError(f"visit_correct: unknown fields {sorted(unknown)}")
    _require_day(fields.get("day", visit.day))
    before = snapshot(visit, VISIT_FIELDS)
    for name, value in fields.items():
        setattr(visit, name, value)
    visit.full_clean()
    visit.save()
    changes = _visit_changes(before, snapshot(visit, VISIT_FIELDS))
    if changes:
        event_record(
            actor=actor,
            action="readingroom.visit_update",
            obj=visit,
            agency=visit.agency,
            changes=changes,
            reason=reason.strip(),
        )
    return visit
