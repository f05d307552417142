"""The write paths of the catalogue. Each writes one audit event per state change."""

from __future__ import annotations

import secrets
from datetime import date
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import File
from django.db import transaction

from gongkai.agencies.models import Agency
from gongkai.audit.services import event_record, snapshot
from gongkai.catalogue.deadlines import PUBLICATION_WORKING_DAYS as PUBLICATION_WORKING_DAYS
from gongkai.catalogue.deadlines import change_due_set, document_save_recorded, publication_due
from gongkai.catalogue.models import (
    DEFAULT_INDEX_PATTERN,
    Attachment,
    CatalogueSettings,
    Document,
    IndexCounter,
    PowerItem,
    Status,
    YearFigures,
)
from gongkai.catalogue.publication import historical_publication_record, require_draft
from gongkai.catalogue.tables import entered_cells, parse_cell
from gongkai.lib.uploads import DOCUMENT_KINDS, checked_kind
from gongkai.workdays.clock import Calendar

# 条例第二十六条: publish within 20 working days of the information being formed or changed.

DOCUMENT_FIELDS = (
    "title",
    "doc_number",
    "issuer",
    "written_on",
    "category",
    "doc_type",
    "body",
)
STATUS_FIELDS = ("status", "status_changed_on", "replaced_by", "change_publication_due")


def index_pattern(agency: Agency) -> str:
    found = CatalogueSettings.objects.filter(agency=agency).first()
    return found.index_pattern if found else DEFAULT_INDEX_PATTERN


@transaction.atomic
def catalogue_set_pattern(*, actor: Any, agency: Agency, pattern: str, reason: str = "") -> None:
    settings, _ = CatalogueSettings.objects.get_or_create(agency=agency)
    old = settings.index_pattern
    settings.index_pattern = pattern
    settings.full_clean()
    settings.save()
    if old != pattern:
        event_record(
            actor=actor,
            action="catalogue.set_pattern",
            obj=settings,
            agency=agency,
            changes={"index_pattern": [old, pattern]},
            reason=reason,
        )


def _next_index_number(agency: Agency, category: str, year: int) -> str:
    """Take the next serial under a row lock; skip any number already used (e.g. entered
    under an earlier pattern), so the unique constraint is a backstop, not the rule."""
    pattern = index_pattern(agency)
    fields = {"agency": agency.short_code, "category": category, "year": year}
    scope = pattern.replace("{serial", "{_serial").format(**fields, _serial=_Blank())
    counter, _ = IndexCounter.objects.select_for_update().get_or_create(agency=agency, scope=scope)
    serial = counter.last_serial
    while True:
        serial += 1
        number = pattern.format(**fields, serial=serial)
        if not Document.objects.filter(agency=agency, index_number=number).exists():
            break
    counter.last_serial = serial
    counter.save(update_fields=["last_serial"])
    return number


class _Blank:
    """Formats as the empty string whatever the format spec (``{serial:05d}`` → ``""``)."""

    def __format__(self, spec: str) -> str:
        return ""


def _publication_due(written_on: date, calendar: Calendar | None) -> tuple[date, bool]:
    return publication_due(written_on, calendar)


@transaction.atomic
def document_create(
    *,
    actor: Any,
    agency: Agency,
    reason: str = "",
    calendar: Calendar | None = None,
    historical_published_on: date | None = None,
    **fields: Any,
) -> Document:
    """Register a document as a draft; its 索引号 is assigned here and never changes. It is
    published by ``publication.document_publish`` once reviewed — or, for a document published
    before the agency kept its catalogue here, ``historical_published_on`` records that past
    publication (with its own event)."""
    unknown = set(fields) - set(DOCUMENT_FIELDS)
    if unknown:
        raise TypeError(f"document_create: unknown fields {sorted(unknown)}")
    document = Document(agency=agency, **fields)
    document.full_clean(exclude=["index_number", "publication_due"])
    document.publication_due, document.due_provisional = _publication_due(
        document.written_on, calendar
    )
    document.index_number = _next_index_number(agency, document.category, document.written_on.year)
    document.save()
    event_record(
        actor=actor,
        action="document.create",
        obj=document,
        agency=agency,
        changes={k: [None, v] for k, v in snapshot(document, DOCUMENT_FIELDS).items() if v},
        reason=reason,
    )
    if historical_published_on is not None:
        historical_publication_record(
            actor=actor, document=document, published_on=historical_published_on, reason=reason
        )
    return document


@transaction.atomic
def document_update(*, actor: Any, document: Document, reason: str = "", **fields: Any) -> Document:
    """Correct a draft. A new 成文日期 restarts the 第二十六条 clock; a changed draft needs a
    new 保密审查 (its digest no longer matches the review's)."""
    unknown = set(fields) - set(DOCUMENT_FIELDS)
    if unknown:
        raise TypeError(f"document_update: unknown fields {sorted(unknown)}")
    require_draft(document, "修改")
    before = snapshot(document, DOCUMENT_FIELDS)
    for name, value in fields.items():
        setattr(document, name, value)
    if before["written_on"] != snapshot(document, ["written_on"])["written_on"]:
        document.publication_due, document.due_provisional = _publication_due(
            document.written_on, None
        )
    document_save_recorded(
        document, actor=actor, action="document.update", before=before, reason=reason
    )
    return document


@transaction.atomic
def document_set_status(
    *,
    actor: Any,
    document: Document,
    status: str,
    changed_on: date | None,
    replaced_by: Document | None = None,
    reason: str = "",
) -> Document:
    """现行有效 → 已修改 / 已废止 (or back, to correct a mistake), with date and successor."""
    if replaced_by is not None and replaced_by.agency_id != document.agency_id:
        raise ValidationError({"replaced_by": "替代文件须为本机关目录中的文件。"})
    before = snapshot(document, STATUS_FIELDS)
    document.status = status
    document.status_changed_on = changed_on if status != str(Status.IN_FORCE) else None
    document.replaced_by = replaced_by if status != str(Status.IN_FORCE) else None
    change_due_set(document)  # 条例第二十六条: a change is published within 20 working days
    document_save_recorded(
        document, actor=actor, action="document.set_status", before=before, reason=reason
    )
    return document


@transaction.atomic
def checked_extension(file: Any) -> str:
    """The extension of the kind a document's file is, by its content (refused when it is none
    of the kinds a document may carry, or too large)."""
    return checked_kind(file, DOCUMENT_KINDS, settings.CATALOGUE_ATTACHMENT_MAX_BYTES).extension


def stored_name(extension: str) -> str:
    """A random stored name with the extension of the checked kind: the uploaded name never
    becomes a path, nor decides how the file is treated."""
    return f"{secrets.token_hex(16)}.{extension}"


def attachment_add(*, actor: Any, document: Document, title: str, file: File[Any]) -> Attachment:
    require_draft(document, "添加附件")  # a file is part of what the 保密审查 covers
    extension = checked_extension(file)
    attachment = Attachment(document=document, title=title)
    attachment.file.save(stored_name(extension), file, save=False)
    attachment.full_clean()
    attachment.save()
    event_record(
        actor=actor,
        action="document.add_attachment",
        obj=document,
        agency=document.agency,
        changes={"attachment": [None, title]},
    )
    return attachment


POWER_FIELDS = ("code", "kind", "name", "legal_basis", "implementing_body", "responsibility")


@transaction.atomic
def power_item_create(*, actor: Any, agency: Agency, reason: str = "", **fields: Any) -> PowerItem:
    item = PowerItem(agency=agency, **fields)
    item.full_clean()
    item.save()
    event_record(
        actor=actor,
        action="power_item.create",
        obj=item,
        agency=agency,
        changes={k: [None, v] for k, v in snapshot(item, POWER_FIELDS).items() if v},
        reason=reason,
    )
    return item


@transaction.atomic
def year_figures_set(
    *, actor: Any, agency: Agency, year: int, values: dict[str, Any], reason: str = ""
) -> YearFigures:
    """Set some entered table 二 cells (``row/column`` keys); ``None`` clears a cell.

    Raises ``ValidationError`` naming the cell when a key is unknown or a value does not fit.
    """
    columns = {f"{row}/{column.key}": column for row, column in entered_cells(year)}
    cleaned: dict[str, int | float | None] = {}
    errors: dict[str, str] = {}
    for key, raw in values.items():
        if key not in columns:
            errors[key] = f"{year}年表二没有录入项 {key}"
        elif raw is None or str(raw).strip() == "":
            cleaned[key] = None
        else:
            try:
                cleaned[key] = parse_cell(columns[key], raw)
            except ValueError as exc:
                errors[key] = str(exc)
    if errors:
        raise ValidationError(errors)
    figures, _ = YearFigures.objects.select_for_update().get_or_create(agency=agency, year=year)
    before = dict(figures.values)
    merged = {k: v for k, v in {**before, **cleaned}.items() if v is not None}
    changes = {k: [before.get(k), merged.get(k)] for k in cleaned if before.get(k) != merged.get(k)}
    if changes:
        figures.values = merged
        figures.save()
        event_record(
            actor=actor,
            action="year_figures.set",
            obj=figures,
            agency=agency,
            changes=changes,
            reason=reason,
        )
    return figures
