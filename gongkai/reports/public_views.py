"""The portal's pages for published annual reports: anyone may read them."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_safe

from gongkai.accounts.access import public_view
from gongkai.portal.cache import public_page
from gongkai.portal.views import portal_agency, request_links
from gongkai.report.writers.html import CSS
from gongkai.reports.selectors import public_reports, published_report, published_versions
from gongkai.reports.views import download_response


@public_view
@public_page
@require_safe
def public_list(request: HttpRequest, code: str) -> HttpResponse:
    agency = portal_agency(code)
    return render(
        request,
        "reports/public_list.html",
        {
            "agency": agency,
            "section": "reports",
            "request_links": request_links(),
            "reports": public_reports(agency),
        },
    )


@public_view
@public_page
@require_safe
def public_detail(request: HttpRequest, code: str, year: int) -> HttpResponse:
    agency = portal_agency(code)
    draft = published_report(agency, year)
    if draft is None:
        raise Http404("该年度报告尚未公开。")
    return render(
        request,
        "reports/public_detail.html",
        {
            "agency": agency,
            "section": "reports",
            "request_links": request_links(),
            "draft": draft,
            # Rendered by the engine's HTML writer at publication, which escapes the text.
            "body": mark_safe(draft.html),
            "versions": published_versions(agency, year),
            "css": CSS.split("@media screen")[0],
        },
    )


@public_view
@require_safe
def public_file(request: HttpRequest, code: str, year: int, kind: str) -> HttpResponse:
    agency = portal_agency(code)
    draft = published_report(agency, year)
    if draft is None or kind not in ("docx", "pdf"):
        raise Http404("没有这个文件。")
    return download_response(draft, kind)
