"""Staff view of the audit trail, and its export. There is no view that changes an event."""

from __future__ import annotations

from typing import Any

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from gongkai.accounts.access import audit_reader_required, visible_agencies
from gongkai.accounts.roles import is_auditor
from gongkai.agencies.models import Agency
from gongkai.audit.export import events_csv, events_xlsx
from gongkai.audit.forms import EventFilterForm
from gongkai.audit.selectors import event_actions, events_visible_to
from gongkai.audit.services import event_record

PAGE_SIZE = 50
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _filtered(request: HttpRequest) -> tuple[EventFilterForm, Any]:
    user = request.user
    agencies = Agency.objects.all() if is_auditor(user) else visible_agencies(user)
    form = EventFilterForm(
        request.GET or None,
        agencies=agencies.order_by("short_code"),
        actions=event_actions(events_visible_to(user)),
    )
    filters = form.cleaned_data if form.is_valid() else {}
    events = events_visible_to(
        user,
        agency_id=filters.get("agency"),
        action=filters.get("action") or "",
        since=filters.get("since"),
        until=filters.get("until"),
        text=filters.get("text") or "",
    )
    return form, events


@require_GET
@audit_reader_required
def event_list(request: HttpRequest) -> HttpResponse:
    form, events = _filtered(request)
    page = Paginator(events, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "audit/event_list.html",
        {"form": form, "page": page, "query": query.urlencode()},
    )


@require_GET
@audit_reader_required
def event_export(request: HttpRequest, fmt: str) -> HttpResponse:
    _form, events = _filtered(request)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    if fmt == "xlsx":
        response = HttpResponse(events_xlsx(events.iterator()), content_type=XLSX)
    else:
        response = HttpResponse(
            events_csv(events.iterator()), content_type="text/csv; charset=utf-8"
        )
    response["Content-Disposition"] = f'attachment; filename="audit-{stamp}.{fmt}"'
    # Recorded after the rows were written: the export does not contain its own event.
    event_record(
        actor=request.user,
        action="audit.export",
        agency=getattr(request.user, "agency", None),
        changes={"format": [None, fmt], "filter": [None, request.GET.urlencode()]},
    )
    return response
