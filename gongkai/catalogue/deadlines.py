"""条例第二十六条: information is published "自该政府信息形成或者变更之日起20个工作日内" — the
deadline of a new document (from its 成文日期) and of its amendment or repeal (from the date of
the change), each a stored, indexed column; and both recomputed when the working-day calendar
changes (``workdays.signals.calendar_changed``), one event per document that moved."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q

from gongkai.audit.services import changes_record, snapshot
from gongkai.catalogue.models import Document, Status
from gongkai.lib.recompute import records_recompute
from gongkai.workdays.clock import Calendar, add_working_days
from gongkai.workdays.selectors import platform_calendar


def document_save_recorded(
    document: Document, *, actor: Any, action: str, before: dict[str, Any], reason: str
) -> None:
    """Validate and save a catalogue document, and record what changed as one event."""
    document.full_clean()
    document.save()
    changes_record(
        actor=actor,
        action=action,
        obj=document,
        agency=document.agency,
        before=before,
        reason=reason,
    )


PUBLICATION_WORKING_DAYS = 20  # 条例第二十六条
DUE_FIELDS = (
    "publication_due",
    "due_provisional",
    "change_publication_due",
    "change_due_provisional",
)


def publication_due(day: date, calendar: Calendar | None = None) -> tuple[date, bool]:
    result = add_working_days(calendar or platform_calendar(), day, PUBLICATION_WORKING_DAYS)
    return result.due, result.provisional


def change_due_set(document: Document, calendar: Calendar | None = None) -> None:
    """The amendment's or repeal's own deadline, from ``status_changed_on``; none in force."""
    if document.status != Status.IN_FORCE and document.status_changed_on is not None:
        document.change_publication_due, document.change_due_provisional = publication_due(
            document.status_changed_on, calendar
        )
    else:
        document.change_publication_due, document.change_due_provisional = None, False
        document.change_published_on = None


@transaction.atomic
def document_publish_change(
    *, actor: Any, document: Document, published_on: date, reason: str = ""
) -> Document:
    """Record the day the amendment or repeal was made public (条例第二十六条)."""
    document = Document.objects.select_for_update().get(pk=document.pk)
    if document.change_publication_due is None:
        raise ValidationError({"change_published_on": "现行有效的文件没有变更需要公开。"})
    before = snapshot(document, ("change_published_on",))
    document.change_published_on = published_on
    document_save_recorded(
        document, actor=actor, action="document.publish_change", before=before, reason=reason
    )
    return document


@transaction.atomic
def documents_recompute(*, actor: Any, years: Iterable[int], reason: str) -> int:
    """Recompute the open publication deadlines (not yet published) that may run through
    ``years``; returns how many documents changed."""
    years = sorted(years)
    if not years:
        return 0
    first, last = date(years[0], 1, 1), date(years[-1], 12, 31)
    calendar = platform_calendar()
    open_new = Q(published_on__isnull=True, written_on__lte=last, publication_due__gte=first)
    open_change = Q(
        change_published_on__isnull=True,
        status_changed_on__lte=last,
        change_publication_due__gte=first,
    )

    def compute(document: Document) -> None:
        if document.published_on is None:
            document.publication_due, document.due_provisional = publication_due(
                document.written_on, calendar
            )
        if document.change_published_on is None:
            change_due_set(document, calendar)

    return records_recompute(
        Document.objects.select_for_update().filter(open_new | open_change),
        DUE_FIELDS,
        compute,
        actor=actor,
        action="document.recompute_deadline",
        reason=reason,
    )


def on_calendar_changed(
    sender: Any, *, actor: Any, years: list[int], reason: str, **kwargs: Any
) -> None:
    documents_recompute(actor=actor, years=years, reason=f"工作日历变更：{reason}")
