"""The write paths for agencies. Each records an audit event."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from gongkai.agencies.models import Agency
from gongkai.audit.services import changes_record, event_record, snapshot

# Fields an ``agency_update`` may change; the hierarchy itself (parent, kind) is included
# because reorganisations happen, and the audit trail records them.
EDITABLE_FIELDS = (
    "name",
    "short_code",
    "kind",
    "level",
    "parent",
    "disclosure_unit",
    "address",
    "postcode",
    "phone",
    "fax",
    "email",
    "office_hours",
    "reading_room",
    "request_office",
    "guide_procedure",
    "is_active",
)

# What the 政府信息公开指南 shows besides the agency's name (条例第十二条).
GUIDE_FIELDS = (
    "request_office",
    "address",
    "postcode",
    "office_hours",
    "phone",
    "fax",
    "email",
    "guide_procedure",
)


@transaction.atomic
def agency_create(
    *,
    actor: Any,
    name: str,
    short_code: str,
    kind: str,
    disclosure_unit: str,
    parent: Agency | None = None,
    reason: str = "",
    **contact: Any,
) -> Agency:
    unknown = set(contact) - set(EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"agency_create: unknown fields {sorted(unknown)}")
    agency = Agency(
        name=name,
        short_code=short_code,
        kind=kind,
        disclosure_unit=disclosure_unit,
        parent=parent,
        **contact,
    )
    agency.full_clean()
    agency.save()
    event_record(
        actor=actor,
        action="agency.create",
        obj=agency,
        agency=agency,
        changes={
            k: [None, v]
            for k, v in snapshot(agency, EDITABLE_FIELDS).items()
            if v not in ("", None)
        },
        reason=reason,
    )
    return agency


@transaction.atomic
def agency_update(*, actor: Any, agency: Agency, reason: str = "", **fields: Any) -> Agency:
    return _update(actor, agency, reason, fields, EDITABLE_FIELDS, "agency.update")


@transaction.atomic
def agency_guide_update(*, actor: Any, agency: Agency, reason: str = "", **fields: Any) -> Agency:
    """The agency's 政府信息公开指南 (条例第十二条), edited by its admin; one audit event of its
    own, naming the fields changed."""
    return _update(actor, agency, reason, fields, GUIDE_FIELDS, "agency.guide_update")


def _update(
    actor: Any,
    agency: Agency,
    reason: str,
    fields: dict[str, Any],
    allowed: tuple[str, ...],
    action: str,
) -> Agency:
    unknown = set(fields) - set(allowed)
    if unknown:
        raise TypeError(f"{action}: unknown fields {sorted(unknown)}")
    before = snapshot(agency, allowed)
    for name, value in fields.items():
        setattr(agency, name, value)
    agency.full_clean()
    agency.save()
    changes_record(
        actor=actor, action=action, obj=agency, agency=agency, before=before, reason=reason
    )
    return agency
