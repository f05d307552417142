"""The public portal: no login, published documents only, one agency per URL prefix."""

from __future__ import annotations

from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_safe

from gongkai.accounts.access import public_view
from gongkai.accounts.staff import year_choices
from gongkai.agencies.models import Agency
from gongkai.catalogue.correction import applied_corrections
from gongkai.catalogue.models import Attachment, Category, DocType, PowerItem, Status
from gongkai.catalogue.paging import search_page
from gongkai.catalogue.selectors import DocumentQuery, public_documents
from gongkai.lib.media import serve_titled
from gongkai.portal.cache import public_page
from gongkai.reports.selectors import public_reports

PAGE_SIZE = 20


def portal_agency(code: str) -> Agency:
    return get_object_or_404(Agency, short_code=code, is_active=True)


def request_links(agency: Agency | None) -> dict[str, str]:
    """The 依申请公开 form and status page; from an agency's pages they carry the agency, so
    that the applicant need not pick it again."""
    links = {"apply": reverse("requests:apply"), "status": reverse("requests:status")}
    if agency is not None:
        links = {k: f"{v}?{urlencode({'agency': agency.short_code})}" for k, v in links.items()}
    return links


def portal_context(agency: Agency | None, section: str = "", **extra: object) -> dict[str, object]:
    """What the portal's layout needs: the agency, the menu section and the request links."""
    return {"agency": agency, "section": section, "request_links": request_links(agency), **extra}


@public_view
@public_page
@require_safe
def index(request: HttpRequest) -> HttpResponse:
    agencies = Agency.objects.filter(is_active=True).select_related("parent")
    return render(request, "portal/index.html", {"agencies": agencies})


@public_view
@public_page
@require_safe
def home(request: HttpRequest, code: str) -> HttpResponse:
    agency = portal_agency(code)
    documents = public_documents(agency.pk)
    latest = documents.exclude(doc_type=DocType.ANNUAL_REPORT).order_by("-published_on", "-id")
    policies = documents.filter(
        doc_type__in=(DocType.REGULATION, DocType.NORMATIVE), status=Status.IN_FORCE
    ).order_by("-written_on")
    return render(
        request,
        "portal/home.html",
        portal_context(
            agency,
            "home",
            latest=list(latest[:10]),
            policies=list(policies[:6]),
            document_count=documents.count(),
        ),
    )


@public_view
@public_page
@require_safe
def document_list(request: HttpRequest, code: str) -> HttpResponse:
    agency = portal_agency(code)
    query = DocumentQuery.from_params(request.GET.dict())
    page = search_page(
        public_documents(agency.pk),
        query,
        request.GET.get("page"),
        PAGE_SIZE,
        ("-published_on", "-id"),
        count=request.GET.get("count") == "1",
    )
    return render(
        request,
        "portal/document_list.html",
        portal_context(
            agency,
            "documents",
            page=page,
            query=query,
            categories=Category.choices,
            types=DocType.choices,
            statuses=Status.choices,
            years=year_choices(2008),
        ),
    )


@public_view
@public_page
@require_safe
def document_detail(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    agency = portal_agency(code)
    document = get_object_or_404(public_documents(agency.pk).select_related("replaced_by"), pk=pk)
    replaces = public_documents(agency.pk).filter(replaced_by=document)
    corrections = applied_corrections(document)
    return render(
        request,
        "portal/document_detail.html",
        portal_context(
            agency, "documents", document=document, replaces=replaces, corrections=corrections
        ),
    )


@public_view
@require_safe
def attachment(request: HttpRequest, code: str, pk: int, attachment_id: int) -> HttpResponse:
    """Always a download (never shown inline on our origin), of its checked type; a file of a
    kind refused today but stored before is still downloadable, as application/octet-stream."""
    agency = portal_agency(code)
    document = get_object_or_404(public_documents(agency.pk), pk=pk)
    item = get_object_or_404(Attachment, document=document, pk=attachment_id)
    return serve_titled(request, "catalogue", item.file.name, item.title)


@public_view
@public_page
@require_safe
def powers(request: HttpRequest, code: str) -> HttpResponse:
    agency = portal_agency(code)
    items = PowerItem.objects.filter(agency=agency)
    return render(request, "portal/powers.html", portal_context(agency, "powers", items=items))


@public_view
@public_page
@require_safe
def powers_json(request: HttpRequest, code: str) -> JsonResponse:
    """The 权责清单 as structured data (one object per item, keys in English, labels in
    Chinese), for re-use by other portals and by the public."""
    agency = portal_agency(code)
    items = [
        {
            "code": item.code,
            "kind": item.kind,
            "kind_label": item.get_kind_display(),
            "name": item.name,
            "legal_basis": item.legal_basis,
            "implementing_body": item.implementing_body,
            "responsibility": item.responsibility,
        }
        for item in PowerItem.objects.filter(agency=agency)
    ]
    return JsonResponse(
        {"agency": agency.name, "agency_code": agency.short_code, "items": items},
        json_dumps_params={"ensure_ascii": False, "indent": 1},
    )


@public_view
@public_page
@require_safe
def reports(request: HttpRequest, code: str) -> HttpResponse:
    """The agency's one page of annual reports: those made and published in the platform, and
    those published as catalogue documents (earlier years, or reports made elsewhere)."""
    agency = portal_agency(code)
    documents = public_documents(agency.pk).filter(doc_type=DocType.ANNUAL_REPORT)
    return render(
        request,
        "portal/reports.html",
        portal_context(
            agency,
            "reports",
            platform_reports=public_reports(agency),
            reports=documents.order_by("-written_on"),
        ),
    )


@public_view
@public_page
@require_safe
def guide(request: HttpRequest, code: str) -> HttpResponse:
    """The agency's 政府信息公开指南 (条例第十二条): who receives applications, where, when and
    how to reach them, the form and the procedure — as its admin last saved it."""
    agency = portal_agency(code)
    return render(request, "portal/guide.html", portal_context(agency, "guide"))
