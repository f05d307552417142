"""The public portal: no login, published documents only, one agency per URL prefix."""

from __future__ import annotations

from django.apps import apps
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.urls import NoReverseMatch, reverse
from django.views.decorators.http import require_safe

from gongkai.accounts.access import public_view
from gongkai.agencies.models import Agency
from gongkai.catalogue.models import Attachment, Category, DocType, PowerItem, Status
from gongkai.catalogue.paging import search_page
from gongkai.catalogue.selectors import DocumentQuery, public_documents
from gongkai.catalogue.staff import year_choices
from gongkai.lib.media import serve_upload
from gongkai.portal.cache import public_page

PAGE_SIZE = 20


def portal_agency(code: str) -> Agency:
    return get_object_or_404(Agency, short_code=code, is_active=True)


def request_links() -> dict[str, str]:
    """The request form and status page of the requests app, or their planned paths while that
    app is not installed."""
    links = {}
    for name, fallback in (("apply", "/apply/"), ("status", "/status/")):
        try:
            links[name] = reverse(f"requests:{name}")
        except NoReverseMatch:
            links[name] = fallback
    return links


def _context(agency: Agency, section: str, **extra: object) -> dict[str, object]:
    return {"agency": agency, "section": section, "request_links": request_links(), **extra}


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
    return render(
        request,
        "portal/home.html",
        _context(
            agency,
            "home",
            latest=latest[:10],
            policies=documents.filter(
                doc_type__in=(DocType.REGULATION, DocType.NORMATIVE), status=Status.IN_FORCE
            ).order_by("-written_on")[:6],
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
    )
    return render(
        request,
        "portal/document_list.html",
        _context(
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
    return render(
        request,
        "portal/document_detail.html",
        _context(agency, "documents", document=document, replaces=replaces),
    )


@public_view
@require_safe
def attachment(request: HttpRequest, code: str, pk: int, attachment_id: int) -> HttpResponse:
    """Always a download (never shown inline on our origin), of its checked type; a file of a
    kind refused today but stored before is still downloadable, as application/octet-stream."""
    agency = portal_agency(code)
    document = get_object_or_404(public_documents(agency.pk), pk=pk)
    item = get_object_or_404(Attachment, document=document, pk=attachment_id)
    suffix = item.file.name.rsplit(".", 1)[-1] if "." in item.file.name else ""
    filename = f"{item.title}.{suffix}" if suffix else item.title
    return serve_upload(request, "catalogue", item.file.name, filename)


@public_view
@public_page
@require_safe
def powers(request: HttpRequest, code: str) -> HttpResponse:
    agency = portal_agency(code)
    items = PowerItem.objects.filter(agency=agency)
    return render(request, "portal/powers.html", _context(agency, "powers", items=items))


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
    """The reports made in the platform (``gongkai.reports``, when installed) and those published
    as catalogue documents (earlier years, or reports made elsewhere)."""
    agency = portal_agency(code)
    documents = public_documents(agency.pk).filter(doc_type=DocType.ANNUAL_REPORT)
    return render(
        request,
        "portal/reports.html",
        _context(
            agency,
            "reports",
            platform_reports=_platform_reports(agency),
            reports=documents.order_by("-written_on"),
        ),
    )


def _platform_reports(agency: Agency) -> list[object]:
    if not apps.is_installed("gongkai.reports"):
        return []
    from gongkai.reports.selectors import public_reports

    return list(public_reports(agency))
