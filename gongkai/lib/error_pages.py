"""The error pages (400, 403, 404, 500, a refused CSRF token and an uncaught
:class:`~gongkai.errors.DomainError`), in the layout of the side of the site the visitor is on.

A visitor of the public portal, the application form or the status look-up sees the portal's
layout: Chinese, the agency's masthead where the address names one, and no link into the staff
side (not even its home page). Every other address keeps the staff layout with its navigation.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse, HttpResponseServerError
from django.shortcuts import render
from django.template import loader
from django.urls import Resolver404, resolve
from django.views.decorators.csrf import requires_csrf_token

# Where the public side of the site lives: the portal (gongkai/portal/urls.py) and the
# 依申请公开 form and look-up (gongkai/requests/urls.py). tests/web/test_error_pages.py checks
# that every public HTML view is under one of them.
PUBLIC_PREFIXES = ("/portal/", "/apply/", "/status/")

FORBIDDEN = "您无权访问此页面。"
NOT_FOUND = "您要找的页面不存在，或尚未公开。"
BAD_REQUEST = "请求有误，无法处理。请检查网址后重试。"
SERVER_ERROR = "服务器暂时无法处理您的请求，请稍后再试。"
CSRF_FAILED = "页面已过期，或浏览器未保存本站的 Cookie。请返回上一页、刷新后重新提交。"


def is_public_path(path: str) -> bool:
    return path.startswith(PUBLIC_PREFIXES)


def _portal_agency(path: str) -> Any:
    """The agency whose portal the address is under, if it is one the portal shows."""
    from gongkai.agencies.models import Agency

    if not path.startswith("/portal/"):
        return None
    try:
        code = resolve(path).kwargs.get("code")
    except Resolver404:
        code = path.split("/")[2] or None
    if not code or "\x00" in code:  # PostgreSQL text cannot hold a NUL: no agency has one
        return None
    return Agency.objects.filter(short_code=code, is_active=True).first()


def error_page(
    request: HttpRequest, *, status: int, title: str, message: str, staff_template: str = ""
) -> HttpResponse:
    """The page of an error: the portal's layout on a public address, else the staff page
    ``staff_template`` (default ``error.html``)."""
    context: dict[str, object] = {"title": title, "message": message}
    if is_public_path(request.path):
        from gongkai.portal.views import portal_context

        context.update(portal_context(_portal_agency(request.path)))
        return render(request, "portal/error.html", context, status=status)
    return render(request, staff_template or "error.html", context, status=status)


def _reason(exception: Exception | None, default: str) -> str:
    """A view's own Chinese message for a refusal, else the default: Django's own exceptions
    carry English, or a dict of the patterns the resolver tried, never shown."""
    text = exception.args[0] if exception is not None and exception.args else ""
    if isinstance(text, str) and any("\u4e00" <= ch <= "\u9fff" for ch in text):
        return text.strip().splitlines()[0]
    return default


@requires_csrf_token
def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    message = _reason(exception, BAD_REQUEST)  # e.g. the NUL refused by ``refuse_nul``
    return error_page(request, status=400, title="请求有误", message=message)


@requires_csrf_token
def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    message = _reason(exception, FORBIDDEN)
    return error_page(
        request, status=403, title="无权访问", message=message, staff_template="403.html"
    )


@requires_csrf_token
def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    # Always the same words: a view's reason could tell that a record exists.
    return error_page(
        request, status=404, title="页面不存在", message=NOT_FOUND, staff_template="404.html"
    )


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """``CSRF_FAILURE_VIEW``: Django's own page is English and names its internals."""
    return error_page(request, status=403, title="无法提交", message=CSRF_FAILED)


@requires_csrf_token
def server_error(request: HttpRequest) -> HttpResponse:
    """Rendered without context processors or the database, either of which may be what
    failed (as Django's own ``server_error`` does)."""
    name = "portal/500.html" if is_public_path(request.path) else "500.html"
    return HttpResponseServerError(loader.get_template(name).render({"message": SERVER_ERROR}))
