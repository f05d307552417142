"""A published annual report on the portal, and its files: anyone may read them. The list of an
agency's reports is ``portal.views.reports``."""

from __future__ import annotations

import re

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_safe

from gongkai.accounts.access import public_view
from gongkai.portal.cache import public_page
from gongkai.portal.views import portal_agency, portal_context
from gongkai.report.writers.html import CSS
from gongkai.reports.selectors import published_report, published_versions
from gongkai.reports.views import download_response

_TABLE = re.compile(r'(<table class="gk-table[^>]*>.*?</table>)', re.S)
# A table wider than a phone scrolls inside its own box, never the page (WCAG 2.1 1.4.10
# Reflow); the box takes keyboard focus so that it can be scrolled without a mouse (axe:
# scrollable-region-focusable).
SCROLL_BOX = '<div class="table-scroll" role="region" tabindex="0" aria-label="表格（可左右滑动）">'


def scrollable_tables(html: str) -> str:
    """The report's tables each in a scrolling box. The engine's HTML writer escapes all text,
    so a ``<table`` in the markup is always one of its own tables."""
    return _TABLE.sub(lambda m: f"{SCROLL_BOX}{m.group(1)}</div>", html)


@public_view
@public_page
@require_safe
def report_detail(request: HttpRequest, code: str, year: int) -> HttpResponse:
    agency = portal_agency(code)
    draft = published_report(agency, year)
    if draft is None:
        raise Http404("该年度报告尚未公开。")
    return render(
        request,
        "portal/report_detail.html",
        portal_context(
            agency,
            "reports",
            draft=draft,
            # Rendered by the engine's HTML writer at publication, which escapes the text.
            body=mark_safe(scrollable_tables(draft.html)),
            versions=published_versions(agency, year),
            css=CSS.split("@media screen")[0],
        ),
    )


@public_view
@require_safe
def report_file(request: HttpRequest, code: str, year: int, kind: str) -> HttpResponse:
    agency = portal_agency(code)
    draft = published_report(agency, year)
    # DOCX and PDF always; XLSX where the agency's own workbook was imported, and the file of any
    # other kind an imported report came as.
    if draft is None or not (
        kind in ("docx", "pdf") or (kind in ("xlsx", "original") and getattr(draft, kind))
    ):
        raise Http404("没有这个文件。")
    return download_response(draft, kind)
