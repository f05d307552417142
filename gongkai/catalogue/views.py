"""Staff pages for the catalogue's documents: list and search, register, edit, status, files."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from gongkai.accounts.access import (
    can_write,
    get_object_for_user,
    role_required,
    staff_required,
    writable_agency_ids,
)
from gongkai.accounts.staff import (
    WRITERS,
    agency_context,
    chosen_agency,
    require_write,
    year_choices,
)
from gongkai.agencies.models import Agency
from gongkai.audit.selectors import events_visible_to
from gongkai.catalogue.deadlines import document_publish_change
from gongkai.catalogue.forms import AttachmentForm, ChangePublishedForm, DocumentForm, StatusForm
from gongkai.catalogue.models import Category, DocType, Document, Status
from gongkai.catalogue.paging import search_page
from gongkai.catalogue.selectors import DocumentQuery, late_document_count, late_documents
from gongkai.catalogue.services import (
    DOCUMENT_FIELDS,
    attachment_add,
    document_create,
    document_set_status,
    document_update,
)

PAGE_SIZE = 30


@staff_required
def document_list(request: HttpRequest) -> HttpResponse:
    agency = chosen_agency(request)
    query = DocumentQuery.from_params(request.GET.dict())
    documents = Document.objects.filter(agency=agency)
    late_only = request.GET.get("late") == "1"
    if late_only:
        documents = late_documents(documents)
    page = search_page(
        documents,
        query,
        request.GET.get("page"),
        PAGE_SIZE,
        ("-written_on", "-id"),
        count=request.GET.get("count") == "1",
    )
    return render(
        request,
        "catalogue/document_list.html",
        {
            **agency_context(request, agency),
            "page": page,
            "query": query,
            "late_only": late_only,
            "late_count": late_document_count(agency.pk),
            "today": timezone.localdate(),
            **filter_choices(),
        },
    )


def filter_choices() -> dict[str, object]:
    return {
        "categories": Category.choices,
        "types": DocType.choices,
        "statuses": Status.choices,
        "years": year_choices(2008),
    }


@staff_required
def document_detail(request: HttpRequest, pk: int) -> HttpResponse:
    found = Document.objects.select_related("agency", "replaced_by")
    document: Document = get_object_for_user(request.user, found, pk=pk)
    events = events_visible_to(request.user).filter(
        object_type="catalogue.document", object_id=str(document.pk)
    )
    return render(
        request,
        "catalogue/document_detail.html",
        {
            "document": document,
            "can_write": can_write(request.user, document.agency),
            "change_form": ChangePublishedForm(),
            "status_form": StatusForm(
                document=document,
                initial={
                    "status": document.status,
                    "changed_on": document.status_changed_on,
                    "replaced_by": document.replaced_by.index_number
                    if document.replaced_by
                    else "",
                },
            ),
            "attachment_form": AttachmentForm(),
            "events": events[:50],
            "today": timezone.localdate(),
        },
    )


@require_http_methods(["GET", "POST"])
@role_required(*WRITERS)
def document_new(request: HttpRequest) -> HttpResponse:
    writable = Agency.objects.filter(pk__in=writable_agency_ids(request.user))
    form = DocumentForm(request.POST or None, agencies=writable)
    if request.method == "POST" and form.is_valid():
        agency = form.cleaned_data.get("agency") or writable.first()
        require_write(request.user, agency)
        fields = {name: form.cleaned_data[name] for name in DOCUMENT_FIELDS}
        try:
            document = document_create(
                actor=request.user, agency=agency, reason=form.cleaned_data["reason"], **fields
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, f"已登记，索引号 {document.index_number}。")
            return redirect("catalogue:detail", pk=document.pk)
    return render(request, "catalogue/document_form.html", {"form": form, "document": None})


@require_http_methods(["GET", "POST"])
@role_required(*WRITERS)
def document_edit(request: HttpRequest, pk: int) -> HttpResponse:
    document: Document = get_object_for_user(request.user, Document, pk=pk)
    require_write(request.user, document.agency)
    form = DocumentForm(request.POST or None, instance=Document.objects.get(pk=document.pk))
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in DOCUMENT_FIELDS}
        try:
            document_update(
                actor=request.user,
                document=document,
                reason=form.cleaned_data["reason"],
                **fields,
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, "已保存。")
            return redirect("catalogue:detail", pk=document.pk)
    return render(request, "catalogue/document_form.html", {"form": form, "document": document})


@require_POST
@role_required(*WRITERS)
def document_status(request: HttpRequest, pk: int) -> HttpResponse:
    document: Document = get_object_for_user(request.user, Document, pk=pk)
    require_write(request.user, document.agency)
    form = StatusForm(request.POST, document=document)
    if form.is_valid():
        try:
            document_set_status(
                actor=request.user,
                document=document,
                status=form.cleaned_data["status"],
                changed_on=form.cleaned_data["changed_on"],
                replaced_by=form.cleaned_data["replaced_by"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as exc:
            messages.error(request, "；".join(exc.messages))
        else:
            messages.success(request, f"效力状态已改为“{document.get_status_display()}”。")
    else:
        messages.error(request, "；".join(e for errs in form.errors.values() for e in errs))
    return redirect("catalogue:detail", pk=document.pk)


@require_POST
@role_required(*WRITERS)
def document_attach(request: HttpRequest, pk: int) -> HttpResponse:
    document: Document = get_object_for_user(request.user, Document, pk=pk)
    require_write(request.user, document.agency)
    form = AttachmentForm(request.POST, request.FILES)
    if form.is_valid():
        attachment_add(
            actor=request.user,
            document=document,
            title=form.cleaned_data["title"],
            file=form.cleaned_data["file"],
        )
        messages.success(request, "附件已上传。")
    else:
        problems = [e for errors in form.errors.values() for e in errors]
        messages.error(request, "附件未上传：" + "；".join(problems))
    return redirect("catalogue:detail", pk=document.pk)


@require_POST
@role_required(*WRITERS)
def document_change_published(request: HttpRequest, pk: int) -> HttpResponse:
    """条例第二十六条: record the publication of an amendment or repeal."""
    document: Document = get_object_for_user(request.user, Document, pk=pk)
    require_write(request.user, document.agency)
    form = ChangePublishedForm(request.POST)
    if form.is_valid():
        try:
            document_publish_change(
                actor=request.user,
                document=document,
                published_on=form.cleaned_data["published_on"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as exc:
            messages.error(request, "；".join(exc.messages))
        else:
            messages.success(request, "已登记变更公开日期。")
    else:
        messages.error(request, "；".join(e for errs in form.errors.values() for e in errs))
    return redirect("catalogue:detail", pk=document.pk)
