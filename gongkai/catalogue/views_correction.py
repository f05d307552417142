"""更正 of a published document (``gongkai.catalogue.correction``): one staff page to prepare
the correction, review it and apply it, with the versions the public saw before."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from gongkai.accounts.access import get_object_for_user, role_required, staff_required
from gongkai.accounts.staff import WRITERS, flash_form_action, require_write
from gongkai.catalogue.correction import (
    applied_corrections,
    correction_apply,
    correction_changes,
    correction_prepare,
    correction_replace_file,
    correction_review,
    correction_review_of,
    correction_withdraw,
    open_correction,
)
from gongkai.catalogue.forms import (
    ApplyCorrectionForm,
    CorrectionFileForm,
    CorrectionForm,
    ReviewForm,
)
from gongkai.catalogue.models import CorrectionFile, Document, DocumentCorrection
from gongkai.catalogue.publication import REVIEWED_FIELDS, may_review
from gongkai.catalogue.services import DOCUMENT_FIELDS
from gongkai.lib.media import serve_titled


def _published_document(request: HttpRequest, pk: int) -> Document | None:
    document: Document = get_object_for_user(request.user, Document, pk=pk)
    require_write(request.user, document.agency)
    return document if document.published_on is not None else None


def _page(
    request: HttpRequest, document: Document, status: int = 200, **forms: Form
) -> HttpResponse:
    correction = open_correction(document)
    if correction is None:  # a new correction starts from the published content
        correction = DocumentCorrection(
            document=document, **{name: getattr(document, name) for name in REVIEWED_FIELDS}
        )
    today = timezone.localdate()
    history = [(item, correction_changes(item)) for item in applied_corrections(document)]
    context: dict[str, Any] = {
        "document": document,
        "correction": correction if correction.pk else None,
        "review": correction_review_of(correction) if correction.pk else None,
        "reviews": list(correction.reviews.select_related("reviewer").order_by("-pk"))
        if correction.pk
        else [],
        "may_review": may_review(request.user, document),
        "form": forms.get("form") or CorrectionForm(instance=correction),
        "review_form": forms.get("review_form") or ReviewForm(initial={"reviewed_on": today}),
        "apply_form": forms.get("apply_form") or ApplyCorrectionForm(),
        "file_form": forms.get("file_form") or CorrectionFileForm(document=document),
        "files": list(correction.files.select_related("replaces")) if correction.pk else [],
        "attachments": list(document.attachments.order_by("pk")),
        "history": history,
    }
    return render(request, "catalogue/correction.html", context, status=status)


def _not_published(request: HttpRequest, pk: int) -> HttpResponse:
    messages.error(request, "文件尚未发布，不需要更正：请直接修改草稿。")
    return redirect("catalogue:detail", pk=pk)


@require_http_methods(["GET", "POST"])
@role_required(*WRITERS)
def document_correct(request: HttpRequest, pk: int) -> HttpResponse:
    """Prepare (or rewrite) the correction; a clerk may, as for a draft."""
    document = _published_document(request, pk)
    if document is None:
        return _not_published(request, pk)
    if request.method == "GET":
        return _page(request, document)
    existing = open_correction(document) or DocumentCorrection(document=document)
    form = CorrectionForm(request.POST, instance=existing)
    if form.is_valid():
        fields = {name: form.cleaned_data[name] for name in DOCUMENT_FIELDS}
        try:
            correction_prepare(
                actor=request.user,
                document=document,
                note=form.cleaned_data["note"],
                reason=form.cleaned_data["reason"],
                **fields,
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, "更正稿已保存；经保密审查后由审核人发布更正。")
            return redirect("catalogue:correct", pk=document.pk)
    return _page(request, document, status=400, form=form)


@require_POST
@role_required(*WRITERS)
def correction_review_view(request: HttpRequest, pk: int) -> HttpResponse:
    """条例第十七条: the 保密审查 of the correction being prepared."""
    document = _published_document(request, pk)
    if document is None:
        return _not_published(request, pk)
    if not may_review(request.user, document):
        raise PermissionDenied("更正的保密审查须由本机关的审核人或管理员进行。")
    form = ReviewForm(request.POST)
    if form.is_valid():
        try:
            review = correction_review(actor=request.user, document=document, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            verdict = "同意公开。" if review.passed else "不同意公开。"
            messages.success(request, "已登记更正的保密审查：" + verdict)
            return redirect("catalogue:correct", pk=document.pk)
    return _page(request, document, status=400, review_form=form)


@require_POST
@role_required(*WRITERS)
def correction_apply_view(request: HttpRequest, pk: int) -> HttpResponse:
    document = _published_document(request, pk)
    if document is None:
        return _not_published(request, pk)
    if not may_review(request.user, document):
        raise PermissionDenied("更正须由本机关的审核人或管理员发布。")
    form = ApplyCorrectionForm(request.POST)
    if form.is_valid():
        try:
            correction = correction_apply(
                actor=request.user, document=document, reason=form.cleaned_data["reason"]
            )
        except ValidationError as exc:
            form.add_error(None, exc.messages)  # the document's fields are not this form's
        else:
            messages.success(request, f"已发布更正，更正日期 {correction.applied_on}。")
            return redirect("catalogue:detail", pk=document.pk)
    return _page(request, document, status=400, apply_form=form)


@require_POST
@role_required(*WRITERS)
def correction_file_upload(request: HttpRequest, pk: int) -> HttpResponse:
    """The corrected version of one of the published files, into the correction."""
    document = _published_document(request, pk)
    if document is None:
        return _not_published(request, pk)
    form = CorrectionFileForm(request.POST, request.FILES, document=document)
    if form.is_valid():
        try:
            correction_replace_file(
                actor=request.user,
                document=document,
                attachment=form.cleaned_data["replaces"],
                title=form.cleaned_data["title"],
                file=form.cleaned_data["file"],
            )
        except ValidationError as exc:
            form.add_error(None, exc.messages)
        else:
            messages.success(request, "更正后的附件已上传；更正稿须经保密审查后发布。")
            return redirect("catalogue:correct", pk=document.pk)
    return _page(request, document, status=400, file_form=form)


def _correction_file(request: HttpRequest, pk: int, file_id: int) -> CorrectionFile:
    document: Document = get_object_for_user(request.user, Document, pk=pk)
    found = CorrectionFile.objects.select_related("replaces")
    return get_object_or_404(found, correction__document=document, pk=file_id)


@staff_required
def correction_file(request: HttpRequest, pk: int, file_id: int) -> HttpResponse:
    """The corrected file, for the reviewer before it is published (always a download)."""
    item = _correction_file(request, pk, file_id)
    return serve_titled(request, "catalogue", item.file.name, item.title)


@staff_required
def correction_file_previous(request: HttpRequest, pk: int, file_id: int) -> HttpResponse:
    """The file the correction replaces: the one kept once it is applied, the published one
    before."""
    item = _correction_file(request, pk, file_id)
    if item.previous_file:
        return serve_titled(request, "catalogue", item.previous_file, item.previous_title)
    return serve_titled(request, "catalogue", item.replaces.file.name, item.replaces.title)


@require_POST
@role_required(*WRITERS)
def correction_withdraw_view(request: HttpRequest, pk: int) -> HttpResponse:
    document = _published_document(request, pk)
    if document is None:
        return _not_published(request, pk)

    def act(data: dict[str, Any]) -> str:
        correction_withdraw(actor=request.user, document=document, reason=data["reason"])
        return "更正稿已撤回，门户显示的内容未变。"

    form = ApplyCorrectionForm(request.POST)  # the reason only
    flash_form_action(request, form, act, "未撤回：")
    return redirect("catalogue:correct", pk=document.pk)
