"""Staff pages under /documents/: a case's documents, one document (edit, submit, approve or
return with comments), its DOCX/PDF, the template preview and the ledger (文书台账)."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Q
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
)
from gongkai.agencies.models import Agency
from gongkai.audit.models import Event
from gongkai.documents import selectors, services, texts
from gongkai.documents.forms import (
    DeliverForm,
    EditForm,
    GenerateForm,
    PreviewForm,
    ReturnForm,
    SettingsForm,
)
from gongkai.documents.ledger import ledger_xlsx
from gongkai.documents.models import Document, Kind
from gongkai.documents.remedies import review_body
from gongkai.documents.render import Page, render_docx, render_pdf
from gongkai.requests import selectors as requests_selectors
from gongkai.requests.guards import REVIEWER_ROLES, TransitionError
from gongkai.requests.models import Application


def _case(request: HttpRequest, pk: int) -> Application:
    found: Application = get_object_for_user(
        request.user, requests_selectors.applications_for(request.user), pk=pk
    )
    return found


def _document(request: HttpRequest, pk: int) -> Document:
    found: Document = get_object_for_user(
        request.user, selectors.documents_for(request.user), pk=pk
    )
    return found


def _writer(request: HttpRequest, document_or_case: Document | Application) -> None:
    if not can_write(request.user, document_or_case.agency):
        raise PermissionDenied("只读账号不能办理文书。")


def _is_reviewer(user: object) -> bool:
    return bool(getattr(user, "is_superuser", False) or getattr(user, "role", "") in REVIEWER_ROLES)


@require_http_methods(["GET", "POST"])
@staff_required
def case_documents(request: HttpRequest, pk: int) -> HttpResponse:
    application = _case(request, pk)
    form = GenerateForm(request.POST or None, application=application)
    if request.method == "POST":
        _writer(request, application)
        if form.is_valid():
            try:
                document = services.document_generate(
                    actor=request.user, application=application, **form.cleaned_data
                )
            except TransitionError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, f"已生成{document.get_kind_display()}草稿。")
                return redirect("documents:detail", pk=document.pk)
    return render(
        request,
        "documents/case.html",
        {
            "a": application,
            "documents": application.documents.order_by("created_at", "pk"),
            "form": form,
            "can_write": can_write(request.user, application.agency),
        },
    )


@staff_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    document = _document(request, pk)
    events = Event.objects.filter(
        object_type="documents.document", object_id=str(document.pk)
    ).order_by("at", "pk")
    writer = can_write(request.user, document.agency)
    return render(
        request,
        "documents/detail.html",
        {
            "d": document,
            "events": events,
            "edit_form": EditForm(initial={"text": document.text}),
            "return_form": ReturnForm(),
            "deliver_form": DeliverForm(initial=_delivery_initial(document)),
            "can_write": writer,
            "can_review": writer and _is_reviewer(request.user),
        },
    )


def _delivery_initial(document: Document) -> dict[str, Any]:
    """The delivery recorded so far (to add the receipt or correct it), or today."""
    notice = document.notice
    if notice is None or notice.sent_on is None:
        return {"sent_on": timezone.localdate()}
    fields = ("method", "sent_on", "received_on", "tracking_number")
    return {name: getattr(notice, name) for name in fields}


STEPS = {"edit", "submit", "approve", "return", "deliver"}


@require_POST
@staff_required
def step(request: HttpRequest, pk: int, step: str) -> HttpResponse:
    document = _document(request, pk)
    if step not in STEPS:
        raise Http404("没有这项操作。")
    _writer(request, document)
    if step in ("approve", "return") and not _is_reviewer(request.user):
        raise PermissionDenied("此操作须由审核人办理。")
    try:
        if step == "edit":
            form = EditForm(request.POST)
            if not form.is_valid():
                raise TransitionError("正文不能为空。")
            services.document_edit(actor=request.user, document=document, **form.cleaned_data)
        elif step == "submit":
            services.document_submit(actor=request.user, document=document)
        elif step == "approve":
            services.document_approve(actor=request.user, document=document)
        elif step == "return":
            form = ReturnForm(request.POST)
            if not form.is_valid():
                raise TransitionError("退回时请写明审核意见。")
            services.document_return(actor=request.user, document=document, **form.cleaned_data)
        else:
            deliver = DeliverForm(request.POST)
            if not deliver.is_valid():
                raise TransitionError("请选择送达方式并填写送达日期（日期格式 YYYY-MM-DD）。")
            services.document_record_delivery(
                actor=request.user, document=document, **deliver.cleaned_data
            )
    except TransitionError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, "已保存。")
    return redirect("documents:detail", pk=document.pk)


@require_http_methods(["GET", "POST"])
@role_required(Role.ADMIN)
def agency_settings(request: HttpRequest, pk: int) -> HttpResponse:
    agency: Agency = get_object_for_user(request.user, Agency, via="", pk=pk)
    current = selectors.settings_for(agency)
    form = SettingsForm(request.POST or None, instance=current)
    if request.method == "POST" and form.is_valid():
        try:
            services.document_settings_save(actor=request.user, agency=agency, **form.cleaned_data)
        except TransitionError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "已保存文书设置。")
            return redirect("documents:settings", pk=agency.pk)
    return render(
        request,
        "documents/settings.html",
        {
            "agency": agency,
            "form": form,
            "review_body": selectors.review_body_for(agency),
            "from_hierarchy": review_body(agency),
            "prefix": selectors.number_prefix_for(agency),
        },
    )


def page_of(document: Document) -> Page:
    return Page(
        document.agency.name,
        document.number,
        texts.TITLES[document.kind],
        document.paragraphs(),
        document.is_draft,
    )


def file_response(page: Page, kind: str, name: str) -> HttpResponse:
    if kind == "pdf":
        body, mime = render_pdf(page), "application/pdf"
    elif kind == "docx":
        body = render_docx(page)
        mime = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    else:
        raise Http404("不支持的格式。")
    response = HttpResponse(body, content_type=mime)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(f'{name}.{kind}')}"
    return response


@staff_required
def document_file(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    document = _document(request, pk)
    name = f"{document.application.tracking_number}-{document.get_kind_display()}"
    return file_response(page_of(document), kind, f"{name}-{document.number or '草稿'}")


@staff_required
def preview(request: HttpRequest) -> HttpResponse:
    """The text a template gives for a case, before any document is made: for an agency
    adapting its wording (the template used is named on the page)."""
    form = PreviewForm(request.GET or None)
    context: dict[str, object] = {"form": form}
    if form.is_valid():
        application = (
            requests_selectors.applications_for(request.user)
            .filter(tracking_number=form.cleaned_data["tracking_number"].strip())
            .first()
        )
        kind = form.cleaned_data["kind"]
        if application is None:
            # not echoed back: whether another agency's number exists is not shown either way
            form = PreviewForm(initial={"kind": kind})
            context |= {"form": form, "error": "没有这个受理编号的申请（或您无权查看）。"}
        else:
            try:
                consultation = application.consultations.first()
                text = texts.generate(kind, application, timezone.localdate(), consultation)
            except texts.NotAvailable as error:
                form.add_error(None, str(error))
            else:
                names = texts.template_names(kind, application.agency)
                context |= {
                    "title": texts.TITLES[kind],
                    "paragraphs": text.splitlines(),
                    "template": _template_used(names),
                    "names": names,
                    "a": application,
                }
    context["kinds"] = Kind.choices
    return render(request, "documents/preview.html", context)


def _template_used(names: list[str]) -> str:
    from django.template.loader import select_template

    return str(select_template(names).origin.template_name)


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value else None
    except ValueError:
        return None


def _ledger_rows(request: HttpRequest) -> tuple[int, object]:
    year = _int(request.GET.get("year")) or timezone.localdate().year
    # the 文号's year; a draft, which has none yet, under the year it was made
    qs = selectors.documents_for(request.user).filter(
        Q(year=year) | Q(year__isnull=True, created_at__year=year)
    )
    agency = _int(request.GET.get("agency"))
    if agency:
        qs = qs.filter(agency_id=agency)
    return year, qs.order_by("agency__short_code", "kind", "serial", "pk")


@staff_required
def ledger(request: HttpRequest) -> HttpResponse:
    year, rows = _ledger_rows(request)
    return render(
        request, "documents/ledger.html", {"rows": rows, "year": year, "params": request.GET}
    )


@staff_required
def ledger_export(request: HttpRequest) -> HttpResponse:
    year, rows = _ledger_rows(request)
    response = HttpResponse(
        ledger_xlsx(rows, year),  # type: ignore[arg-type]
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = (
        f"attachment; filename*=UTF-8''{quote(f'文书台账-{year}.xlsx')}"
    )
    return response
