"""Staff pages under /requests/: the dashboard, registering, the case page and its actions,
reply letters, attachments, the ledger (台账) and table 三. Visibility is decided only by
``gongkai.accounts.access``."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from gongkai.accounts.access import (
    Role,
    can_write,
    get_object_for_user,
    role_required,
    staff_required,
    visible_agencies,
    writable_agency_ids,
)
from gongkai.accounts.saved_filters import REQUESTS, filter_query, saved_filter_list
from gongkai.accounts.staff import visible_agency_list
from gongkai.agencies.models import Agency
from gongkai.audit.models import Event
from gongkai.audit.services import event_record
from gongkai.lib.media import serve_upload
from gongkai.lib.params import id_param, year_param
from gongkai.notifications.selectors import applicant_messages
from gongkai.report.formats import tables_for_year
from gongkai.requests import (
    board,
    casework,
    corrections,
    letters,
    notices,
    secrecy,
    selectors,
    services,
)
from gongkai.requests.actions import ACTIONS, available, build_form
from gongkai.requests.caseforms import AttachmentRemoveForm, BulkAssignForm, assigner_agency_ids
from gongkai.requests.forms import RegisterForm
from gongkai.requests.ledger import ledger_xlsx
from gongkai.requests.models import (
    Application,
    Attachment,
    Category,
    Channel,
    NoticeKind,
    Status,
)
from gongkai.workdays.clock import add_working_days
from gongkai.workdays.selectors import platform_calendar, platform_calendar_kept

# The filter's choices (``Status.choices`` builds its list again on each call).
STATUSES, CATEGORIES, CHANNELS = Status.choices, Category.choices, Channel.choices


def _int(value: str | None) -> int | None:
    return id_param(value)


@staff_required
def dashboard(request: HttpRequest) -> HttpResponse:
    params = request.GET
    show_closed = params.get("closed") == "1"
    found = selectors.search_values(
        request.user,
        open_only=not show_closed,
        status=params.get("status", ""),
        category=params.get("category", ""),
        channel=params.get("channel", ""),
        agency_id=_int(params.get("agency")),
        year=year_param(params.get("year")),
        q=params.get("q", ""),
        assignee=request.user if params.get("mine") == "1" else None,
    )
    page = selectors.search_list_page(found, params.get("page"), 50)
    today = timezone.localdate()
    calendar = platform_calendar_kept()
    rows = selectors.list_rows(page.object_list, calendar, today)
    # The filter's choices and the board's, kept with the user's other lookups.
    agencies = visible_agency_list(request.user)
    return render(
        request,
        "requests/dashboard.html",
        {
            "rows": rows,
            "page": page,
            "params": params,
            "statuses": STATUSES,
            "categories": CATEGORIES,
            "channels": CHANNELS,
            "agencies": agencies,
            "can_register": bool(writable_agency_ids(request.user)),
            "today": today,
            "soon": selectors.DUE_SOON_DAYS,
            "board": board.kept_board(
                request.user,
                add_working_days(calendar, today, board.HORIZON_DAYS).due,
                today,
                agencies,
            ),
            "year": today.year,
            "bulk": _bulk_form(request.user),
            "saved_filters": saved_filter_list(request.user, REQUESTS),
            "current_query": filter_query(REQUESTS, params),
        },
    )


def _bulk_form(user: Any, data: Any = None) -> BulkAssignForm | None:
    if not assigner_agency_ids(user):  # no agency's cases to hand out: no one to offer either
        return None
    form = BulkAssignForm(data, user=user)
    return form if form.fields["assignee"].queryset.exists() else None


@role_required(Role.REVIEWER, Role.ADMIN)
@require_POST
def bulk_assign(request: HttpRequest) -> HttpResponse:
    """The dashboard's checked cases given to one clerk (or taken back), all or none."""
    form = BulkAssignForm(request.POST, user=request.user)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect("requests:dashboard")
    try:
        changed = casework.applications_assign(actor=request.user, **form.cleaned_data)
    except services.TransitionError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"已分派 {changed} 件。")
    return redirect("requests:dashboard")


@require_http_methods(["GET", "POST"])
@staff_required
def register(request: HttpRequest) -> HttpResponse:
    agencies = Agency.objects.filter(pk__in=writable_agency_ids(request.user))
    if not agencies.exists():
        raise PermissionDenied("只读账号不能登记申请。")
    form = RegisterForm(request.POST or None, request.FILES or None, agencies=agencies)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        files = data.pop("files")
        try:
            application, code = services.application_register(
                actor=request.user, files=files, **data
            )
        except services.TransitionError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                f"已登记，受理编号 {application.tracking_number}，查询码 {code}"
                "（请告知申请人；查询码只显示这一次）。",
            )
            return redirect("requests:detail", pk=application.pk)
    return render(request, "requests/register.html", {"form": form})


def _case(request: HttpRequest, pk: int) -> Application:
    found: Application = get_object_for_user(
        request.user, selectors.applications_for(request.user), pk=pk
    )
    return found


@staff_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    application = _case(request, pk)
    today = timezone.localdate()
    row = selectors.with_days_left([application], platform_calendar(), today)[0]
    events = Event.objects.filter(
        object_type="requests.application", object_id=str(application.pk)
    ).order_by("at", "pk")
    return render(
        request,
        "requests/detail.html",
        {
            "a": application,
            "row": row,
            "actions": available(request.user, application),
            "events": events,
            "consultations": application.consultations.all(),
            "notices": application.notices.select_related("consultation"),
            "receipt_pending": notices.receipt_pending(application, NoticeKind.CORRECTION)
            or notices.receipt_pending(application, NoticeKind.FEE),
            "attachments": application.attachments.filter(removed_at__isnull=True),
            "removed": application.attachments.exclude(removed_at__isnull=True),
            "can_write": can_write(request.user, application.agency),
            "paragraphs": letters.letter_paragraphs(application),
            "review": secrecy.current_review(application) if application.draft_outcome else None,
            "messages_sent": applicant_messages(application),
        },
    )


@require_http_methods(["GET", "POST"])
@staff_required
def case_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    application = _case(request, pk)
    spec = ACTIONS.get(action)
    if spec is None:
        raise Http404("没有这项操作。")
    if not spec.allowed_for(request.user, application):
        raise PermissionDenied("当前状态或您的角色不能进行此项操作。")
    form = build_form(spec, application, request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            spec.run(request.user, application, dict(form.cleaned_data))
        except services.TransitionError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"已{spec.label}。")
            return redirect("requests:detail", pk=application.pk)
    return render(
        request,
        "requests/action.html",
        {
            "a": application,
            "spec": spec,
            "form": form,
            "paragraphs": letters.letter_paragraphs(application),
        },
    )


@staff_required
def letter_file(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    application = _case(request, pk)
    if not application.letter_text:
        raise Http404("尚未拟定答复告知书。")
    return letter_response(application, kind)


@staff_required
def fee_notice_file(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    application = _case(request, pk)
    if application.fee_notice_on is None:
        raise Http404("本申请没有收费通知。")
    paragraphs = letters.fee_notice_paragraphs(application)
    return letter_response(application, kind, letters.FEE_TITLE, paragraphs)


def letter_response(
    application: Application,
    kind: str,
    title: str = letters.TITLE,
    paragraphs: list[str] | None = None,
) -> HttpResponse:
    name = f"{application.tracking_number}-{title}.{kind}"
    if kind == "pdf":
        body, mime = letters.render_pdf(application, title, paragraphs), "application/pdf"
    elif kind == "docx":
        mime = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
        body = letters.render_docx(application, title, paragraphs)
    else:
        raise Http404("不支持的格式。")
    response = HttpResponse(body, content_type=mime)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{_quote(name)}"
    return response


def _quote(name: str) -> str:
    from urllib.parse import quote

    return quote(name)


@staff_required
def attachment(request: HttpRequest, pk: int, attachment_pk: int) -> HttpResponse:
    application = _case(request, pk)
    try:
        item = application.attachments.get(pk=attachment_pk)
    except Attachment.DoesNotExist:
        raise Http404("没有这个附件。") from None
    # A removed or replaced file is kept for the record, not for the work: only the agency's
    # administrator (who answers for the record) opens it again.
    removed = item.removed_at is not None
    if removed and not (request.user.is_superuser or request.user.role == Role.ADMIN):
        raise Http404("这个附件已删除或替换。")
    # Attachments are mostly proof of identity: every opening of one is on the audit trail.
    event_record(
        actor=request.user,
        action="application.view_attachment",
        obj=application,
        agency=application.agency,
        changes={"attachment": [None, item.original_name]},
        reason="已删除或替换的附件" if removed else "",
    )
    # As a sandboxed download of its checked type, whatever its stored name or content_type.
    return serve_upload(request, "requests", item.file.name, item.original_name)


@require_http_methods(["GET", "POST"])
@role_required(Role.CLERK, Role.REVIEWER, Role.ADMIN)
def attachment_remove(request: HttpRequest, pk: int, attachment_pk: int) -> HttpResponse:
    """Remove an attachment uploaded by mistake, or replace it by a corrected file; the old file
    is kept, private, and both are on the audit trail."""
    application = _case(request, pk)
    item = application.attachments.filter(pk=attachment_pk, removed_at__isnull=True).first()
    if item is None:
        raise Http404("没有这个附件。")
    if not can_write(request.user, application.agency):
        raise PermissionDenied("只读账号不能删除附件。")
    form = AttachmentRemoveForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            corrections.attachment_remove(actor=request.user, attachment=item, **form.cleaned_data)
        except services.TransitionError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request, "已替换附件。" if form.cleaned_data["replacement"] else "已删除附件。"
            )
            return redirect("requests:detail", pk=application.pk)
    return render(
        request, "requests/attachment_remove.html", {"a": application, "item": item, "form": form}
    )


@require_POST
@role_required(Role.CLERK, Role.REVIEWER, Role.ADMIN)
def id_number(request: HttpRequest, pk: int) -> HttpResponse:
    """The full identity number, shown only on request and only with an audit event (the
    detail page shows it masked), to the agency's own staff handling the case — not to a
    supervisor, who has no need of it (个人信息保护法第六条: the minimum necessary). POST: a
    prefetch or a link preview must not open it."""
    application = _case(request, pk)
    if not application.id_number:
        raise Http404("本申请没有身份证明号码。")
    event_record(
        actor=request.user,
        action="application.view_id_number",
        obj=application,
        agency=application.agency,
        reason="查看完整身份证明号码",
    )
    response = render(request, "requests/id_number.html", {"a": application})
    response["Cache-Control"] = "no-store"
    return response


@staff_required
def ledger(request: HttpRequest) -> HttpResponse:
    year = year_param(request.GET.get("year")) or timezone.localdate().year
    agency_id = _int(request.GET.get("agency"))
    qs = selectors.applications_search(
        request.user, open_only=False, year=year, agency_id=agency_id
    ).order_by("agency__short_code", "serial")
    # An export of applicants' data is on the audit trail (by the user's own agency).
    event_record(
        actor=request.user,
        action="application.export_ledger",
        agency=getattr(request.user, "agency", None),
        changes={"year": [None, year], "agency": [None, agency_id]},
    )
    response = HttpResponse(
        ledger_xlsx(qs, year),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = (
        f"attachment; filename*=UTF-8''{_quote(f'依申请公开台账-{year}.xlsx')}"
    )
    return response


@staff_required
def statistics(request: HttpRequest) -> HttpResponse:
    agencies = visible_agencies(request.user)
    agency_pk = _int(request.GET.get("agency")) or getattr(request.user, "agency_id", None)
    agency = agencies.filter(pk=agency_pk).first() or agencies.first()
    year = year_param(request.GET.get("year")) or timezone.localdate().year
    template = tables_for_year(year)
    table = selectors.table_three(agency, year) if agency else {}
    rows = [
        {"row": row, "cells": [table[row.key][c.key] for c in row.columns]}
        for row in template.requests.rows
        if table
    ]
    return render(
        request,
        "requests/statistics.html",
        {
            "agency": agency,
            "agencies": agencies,
            "year": year,
            "rows": rows,
            "columns": template.requests.rows[0].columns,
            "title": template.requests.title,
            "template": template,
        },
    )
