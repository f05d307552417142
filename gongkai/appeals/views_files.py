"""A case's documents (upload, download) and the search that picks the case's request."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.views.decorators.http import require_POST

from gongkai.accounts.access import get_object_for_user, role_required, staff_required
from gongkai.accounts.staff import WRITERS, chosen_agency, require_write
from gongkai.appeals.files import case_file_add
from gongkai.appeals.models import Case, CaseFile
from gongkai.lib.media import serve_titled
from gongkai.requests.models import Application

SEARCH_LIMIT = 10


@require_POST
@role_required(*WRITERS)
def case_file_upload(request: HttpRequest, pk: int) -> HttpResponse:
    case: Case = get_object_for_user(request.user, Case, pk=pk)
    require_write(request.user, case.agency)
    upload = request.FILES.get("file")
    title = request.POST.get("title", "").strip()[:200]
    if upload is None or not title:
        messages.error(request, "文件未上传：请填写文件名称并选择文件。")
        return redirect("appeals:detail", pk=case.pk)
    try:
        case_file_add(actor=request.user, case=case, title=title, file=upload)
    except (ValidationError, PermissionDenied) as exc:
        text = "；".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)
        messages.error(request, f"文件未上传：{text}")
    else:
        messages.success(request, f"已上传“{title}”。")
    return redirect("appeals:detail", pk=case.pk)


@staff_required
def case_file_download(request: HttpRequest, pk: int, file_pk: int) -> HttpResponse:
    """Always a download of its sniffed type (``lib.media``), never shown inline."""
    case: Case = get_object_for_user(request.user, Case, pk=pk)
    item = get_object_or_404(CaseFile, case=case, pk=file_pk)
    return serve_titled(request, "requests", item.file.name, item.title)


@role_required(*WRITERS)
def request_search(request: HttpRequest) -> JsonResponse:
    """The agency's requests whose 受理编号 or applicant matches ``q`` (two characters at
    least), newest first, for the case form's request field."""
    agency = chosen_agency(request)
    require_write(request.user, agency)
    q = request.GET.get("q", "").strip()[:60]
    if len(q) < 2:
        return JsonResponse({"results": []})
    found = (
        Application.objects.filter(agency=agency)
        .filter(Q(tracking_number__icontains=q) | Q(applicant_name__icontains=q))
        .order_by("-received_on", "-pk")
        .values_list("tracking_number", "applicant_name", "received_on")[:SEARCH_LIMIT]
    )
    return JsonResponse(
        {
            "results": [
                {"value": f"{number} {name}", "label": f"{received:%Y-%m-%d} 收到"}
                for number, name, received in found
            ]
        }
    )
