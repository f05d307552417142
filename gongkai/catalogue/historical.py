"""登记历史公开: a document the agency published before it kept its catalogue here, registered
with its real 发布日期 instead of going through today's 保密审查 → 发布 (``publication``).

Because no review of it is recorded here, only those who may review and publish (the agency's
reviewer or administrator) may register one, they must say where the publication is on record
(公报、网站、文件汇编), and the audit trail marks the event as historical
(``publication.historical_publication_record``). The date may not be after today — a new
document must be reviewed (条例第十七条) — nor before its 成文日期.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from gongkai.accounts.access import can_write
from gongkai.agencies.models import Agency
from gongkai.catalogue.models import Document
from gongkai.catalogue.publication import REVIEWER_ROLES
from gongkai.catalogue.services import document_create
from gongkai.workdays.clock import Calendar


def may_register_historical(user: Any, agency: Agency | None) -> bool:
    if not can_write(user, agency):
        return False
    return bool(user.is_superuser or getattr(user, "role", None) in REVIEWER_ROLES)


@transaction.atomic
def document_register_historical(
    *,
    actor: Any,
    agency: Agency,
    published_on: date,
    reason: str,
    calendar: Calendar | None = None,
    **fields: Any,
) -> Document:
    """Register a document already published on ``published_on``; ``reason`` says where that
    publication is on record."""
    if not may_register_historical(actor, agency):
        raise PermissionDenied("登记历史公开须由本机关的审核人或管理员进行。")
    errors: dict[str, str] = {}
    if not reason.strip():
        errors["reason"] = "请说明原发布的出处（如政府公报期号、网站栏目或文件汇编）。"
    if published_on > timezone.localdate():
        errors["published_on"] = "历史发布日期不能晚于今天；新文件须经保密审查后发布。"
    written_on = fields.get("written_on")
    if isinstance(written_on, date) and published_on < written_on:
        errors["published_on"] = f"发布日期（{published_on}）不能早于成文日期（{written_on}）。"
    if errors:
        raise ValidationError(errors)
    return document_create(
        actor=actor,
        agency=agency,
        reason=reason.strip(),
        calendar=calendar,
        historical_published_on=published_on,
        **fields,
    )
