"""Staff pages for the catalogue's documents: list and search, register, edit, status, files."""

from __future__ import annotations

from datetime import date
from functools import lru_cache, partial
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import SafeString
from django.utils.translation import get_language
from django.views.decorators.http import require_http_methods, require_POST

from gongkai.accounts.access import (
    can_write,
    get_object_for_user,
    role_required,
    staff_required,
    visible_agency_ids,
    writable_agency_ids,
)
from gongkai.accounts.staff import (
    WRITERS,
    agency_context,
    chosen_agency,
    flash_form_action,
    require_write,
    year_choices,
)
from gongkai.agencies.models import Agency
from gongkai.audit.models import Event
from gongkai.audit.selectors import EVENT_ORDER, event_scope, events_in_scope
from gongkai.catalogue.deadlines import document_publish_change
from gongkai.catalogue.forms import (
    AttachmentForm,
    ChangePublishedForm,
    DocumentForm,
    PublishForm,
    ReviewForm,
    StatusForm,
)
from gongkai.catalogue.models import (
    Attachment,
    Category,
    DocType,
    Document,
    DocumentReview,
    Status,
)
from gongkai.catalogue.paging import agency_page, search_page
from gongkai.catalogue.publication import (
    Stage,
    current_review,
    document_publish,
    document_review,
    document_unschedule,
    may_review,
    stage_of,
)
from gongkai.catalogue.selectors import DocumentQuery, late_document_count, late_documents
from gongkai.catalogue.services import (
    DOCUMENT_FIELDS,
    attachment_add,
    document_create,
    document_set_status,
    document_update,
)
from gongkai.lib import form_html
from gongkai.lib.media import serve_titled
from gongkai.lib.prepared import prepared

PAGE_SIZE = 30
LIST_ORDER = ("-written_on", "-id")


@staff_required
def document_list(request: HttpRequest) -> HttpResponse:
    agency = chosen_agency(request)
    query = DocumentQuery.from_params(request.GET.dict())
    late_only = request.GET.get("late") == "1"
    number, count = request.GET.get("page"), request.GET.get("count") == "1"
    if late_only:
        documents = late_documents(Document.objects.filter(agency=agency))
        page = search_page(documents, query, number, PAGE_SIZE, LIST_ORDER, count=count)
    else:  # the same page, from queries compiled once per process
        page = agency_page(agency.pk, query, number, PAGE_SIZE, LIST_ORDER, count=count)
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
            "filters": form_html.kept_unless_debug(filters_html)(
                DocumentQuery(
                    category=query.category,
                    doc_type=query.doc_type,
                    status=query.status,
                    year=query.year,
                ),
                tuple(year_choices(2008)),
                get_language(),
            ),
        },
    )


@lru_cache(maxsize=1000)
def filters_html(filters: DocumentQuery, years: tuple[int, ...], language: str | None) -> str:
    """The list's filter selects with ``filters``' choices selected (its words left out): some
    fifty options, rendered once per process for each selection (the choices are the code's;
    the years and the language are part of the key)."""
    return render_to_string(
        "catalogue/_filters.html",
        {
            "query": filters,
            "categories": Category.choices,
            "types": DocType.choices,
            "statuses": Status.choices,
            "years": years,
        },
    )


# Every column of the document itself (the page shows nearly all of them).
_DOCUMENT_COLUMNS = tuple(f.name for f in Document._meta.concrete_fields)
# Every column of a 保密审查 record and of an audit event; of the reviewer what its name is
# made of (``get_full_name|default:username``).
_REVIEW_COLUMNS = tuple(f.name for f in DocumentReview._meta.concrete_fields)
_REVIEWER_COLUMNS = ("username", "first_name", "last_name")
_EVENT_COLUMNS = tuple(f.name for f in Event._meta.concrete_fields)


# The page's five queries, compiled once per process (gongkai.lib.prepared): building their
# SQL again for each request was a third of the page's time.
#
# Of the successor and of what this document replaced the page shows the title and link: their
# bodies (a whole document's text each) are not read; of the agency its name and short code
# (fewer columns to build into the query and read). The same rows get_object_for_user finds.
_document = prepared(
    lambda pk, agency_ids: (
        Document.objects.select_related("agency", "replaced_by")
        .only(
            *_DOCUMENT_COLUMNS,
            "agency__name",
            "agency__short_code",
            "replaced_by__title",
            "replaced_by__index_number",
        )
        .filter(agency__in=agency_ids)
        .filter(pk=pk)
        .order_by()
    )
)
_attachments = prepared(
    lambda document_id: Attachment.objects.filter(document_id=document_id).order_by("pk")
)
# The reviews of a correction are listed on the correction's page; of the reviewer the table
# shows the name (not the other dozen columns of the account).
_reviews = prepared(
    lambda document_id: (
        DocumentReview.objects.filter(document_id=document_id, correction=None)
        .select_related("reviewer")
        .only(*_REVIEW_COLUMNS, *(f"reviewer__{name}" for name in _REVIEWER_COLUMNS))
        .order_by("-pk")
    )
)
# (pk, title) pairs: no model instances for a link each.
_replaced = prepared(
    lambda document_id: Document.objects.filter(replaced_by=document_id).values_list("pk", "title")
)
# The table names the actor as recorded (actor_name): no need to join each one's account; of
# the agency it shows the name (a dozen more columns to build into the query and read).
_events = prepared(
    lambda object_id, scope: (
        events_in_scope(scope)
        .filter(object_type="catalogue.document", object_id=object_id)
        .order_by(*EVENT_ORDER)
        .select_related(None)
        .select_related("agency")
        .only(*_EVENT_COLUMNS, "agency__name")[:50]
    )
)


@staff_required
def document_detail(request: HttpRequest, pk: int) -> HttpResponse:
    found = _document(pk, tuple(sorted(visible_agency_ids(request.user))))
    if not found:  # not there, or another agency's: 404 either way (get_object_for_user)
        raise Http404
    document: Document = found[0]
    today = timezone.localdate()
    attachments = _attachments(document.pk)
    reviews = _reviews(document.pk)
    for related in (*attachments, *reviews):  # as document.attachments and .reviews give them
        related.document = document
    review = current_review(document, reviews, attachments=attachments)
    return render(
        request,
        "catalogue/document_detail.html",
        {
            "document": document,
            "replaces": _replaced(document.pk),
            "can_write": can_write(request.user, document.agency),
            "stage": stage_of(document, review, today),
            "stages": Stage,
            "review": review,
            "reviews": reviews,
            "attachments": attachments,
            "may_review": may_review(request.user, document),
            # Made when the template shows them (it calls what it is given): a published
            # document's page shows one or two of the five.
            "review_form": partial(ReviewForm, initial={"reviewed_on": today}),
            "publish_form": partial(PublishForm, initial={"published_on": today}),
            "change_form": ChangePublishedForm,
            "status_form": partial(
                form_html.kept_unless_debug(status_form_html),
                document.status,
                document.status_changed_on,
                document.replaced_by.index_number if document.replaced_by else "",
                get_language(),
            ),
            "attachment_form": AttachmentForm,
            "events": _events(str(document.pk), event_scope(request.user)),
            "today": today,
        },
    )


@lru_cache(maxsize=1000)
def status_form_html(
    status: str, changed_on: date | None, replaced_by: str, language: str | None
) -> SafeString:
    """The unbound status form showing ``status``, ``changed_on`` and the successor's 索引号,
    rendered once per process for each (most documents show 现行有效 and no date: one for them
    all), without building the form and its key for each page as ``as_div_kept`` does. It
    renders from these values alone: the document is read only when a sent form is checked."""
    initial = {"status": status, "changed_on": changed_on, "replaced_by": replaced_by}
    return StatusForm(document=Document(), initial=initial).as_div()


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
            messages.success(
                request, f"已保存为草稿，索引号 {document.index_number}；经保密审查后发布。"
            )
            return redirect("catalogue:detail", pk=document.pk)
    return render(request, "catalogue/document_form.html", {"form": form, "document": None})


@require_http_methods(["GET", "POST"])
@role_required(*WRITERS)
def document_edit(request: HttpRequest, pk: int) -> HttpResponse:
    document: Document = get_object_for_user(request.user, Document, pk=pk)
    require_write(request.user, document.agency)
    if document.published_on is not None:
        messages.error(
            request, "文件已发布，不能修改草稿；笔误请“更正”，修改请登记修改后的新文件。"
        )
        return redirect("catalogue:detail", pk=document.pk)
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

    def act(data: dict[str, Any]) -> str:
        document_set_status(
            actor=request.user,
            document=document,
            status=data["status"],
            changed_on=data["changed_on"],
            replaced_by=data["replaced_by"],
            reason=data["reason"],
        )
        return f"效力状态已改为“{document.get_status_display()}”。"

    flash_form_action(request, StatusForm(request.POST, document=document), act)
    return redirect("catalogue:detail", pk=document.pk)


@require_POST
@role_required(*WRITERS)
def document_attach(request: HttpRequest, pk: int) -> HttpResponse:
    document: Document = get_object_for_user(request.user, Document, pk=pk)
    require_write(request.user, document.agency)

    def act(data: dict[str, Any]) -> str:
        attachment_add(
            actor=request.user, document=document, title=data["title"], file=data["file"]
        )
        return "附件已上传；草稿已改动，发布前须重新保密审查。"

    flash_form_action(request, AttachmentForm(request.POST, request.FILES), act, "附件未上传：")
    return redirect("catalogue:detail", pk=document.pk)


@require_POST
@role_required(*WRITERS)
def document_change_published(request: HttpRequest, pk: int) -> HttpResponse:
    """条例第二十六条: record the publication of an amendment or repeal."""
    document: Document = get_object_for_user(request.user, Document, pk=pk)
    require_write(request.user, document.agency)

    def act(data: dict[str, Any]) -> str:
        document_publish_change(
            actor=request.user,
            document=document,
            published_on=data["published_on"],
            reason=data["reason"],
        )
        return "已登记变更公开日期。"

    flash_form_action(request, ChangePublishedForm(request.POST), act)
    return redirect("catalogue:detail", pk=document.pk)


def _errors_text(exc: ValidationError) -> str:
    return "；".join(exc.messages)


@require_POST
@role_required(*WRITERS)
def document_review_view(request: HttpRequest, pk: int) -> HttpResponse:
    """条例第十七条: record the 保密审查 of the draft."""
    document: Document = get_object_for_user(request.user, Document, pk=pk)
    if not may_review(request.user, document):
        raise PermissionDenied("发布前保密审查须由本机关的审核人或管理员进行。")

    def act(data: dict[str, Any]) -> str:
        review = document_review(actor=request.user, document=document, **data)
        return "已登记保密审查：" + ("同意公开。" if review.passed else "不同意公开。")

    flash_form_action(request, ReviewForm(request.POST), act, "保密审查未登记：")
    return redirect("catalogue:detail", pk=document.pk)


@require_POST
@role_required(*WRITERS)
def document_publish_view(request: HttpRequest, pk: int) -> HttpResponse:
    document: Document = get_object_for_user(request.user, Document, pk=pk)
    if not may_review(request.user, document):
        raise PermissionDenied("发布须由本机关的审核人或管理员进行。")

    def act(data: dict[str, Any]) -> str:
        published = document_publish(
            actor=request.user,
            document=document,
            published_on=data["published_on"],
            reason=data["reason"],
        )
        return f"已发布，发布日期 {published.published_on}。"

    flash_form_action(request, PublishForm(request.POST), act, "未发布：")
    return redirect("catalogue:detail", pk=document.pk)


@require_POST
@role_required(*WRITERS)
def document_unschedule_view(request: HttpRequest, pk: int) -> HttpResponse:
    document: Document = get_object_for_user(request.user, Document, pk=pk)
    try:
        document_unschedule(
            actor=request.user, document=document, reason=request.POST.get("reason", "")[:500]
        )
    except ValidationError as exc:
        messages.error(request, "未撤回：" + _errors_text(exc))
    else:
        messages.success(request, "已撤回发布安排，文件回到草稿；修改后须重新保密审查。")
    return redirect("catalogue:detail", pk=document.pk)


@staff_required
def document_attachment(request: HttpRequest, pk: int, attachment_id: int) -> HttpResponse:
    """A file of a document the user may see, drafts included (the reviewer reads them before
    publication); always a download, as on the portal."""
    document: Document = get_object_for_user(request.user, Document, pk=pk)
    item = get_object_or_404(Attachment, document=document, pk=attachment_id)
    return serve_titled(request, "catalogue", item.file.name, item.title)
