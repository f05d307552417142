"""Middleware of the platform's own: request guards that apply to every URL, and the
answer to a refusal that no view caught."""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import unquote_to_bytes

from django.core.exceptions import BadRequest
from django.http import HttpRequest, HttpResponse, HttpResponseNotFound

from gongkai.errors import DomainError, one_line

NUL_MESSAGE = "请求有误：网址或查询参数中含有空字符（NUL，%00），无法处理。"


def refuse_nul(get_response: Callable[[HttpRequest], HttpResponse]) -> Callable[..., HttpResponse]:
    """A NUL in the path or the query string is a 400, in one place: the site's own 400 page
    (``handler400``, in the portal's layout on a public address), saying why.

    PostgreSQL text cannot hold NUL (the query raised, a 500), and no legitimate address or
    search has one. Form fields posted with one are refused by Django's form fields already.
    It comes after the session and user middleware, so that a signed-in user's error page keeps
    the staff navigation."""

    def middleware(request: HttpRequest) -> HttpResponse:
        query = request.META.get("QUERY_STRING", "")
        if request.path.startswith("/api/"):
            # The API refuses NUL itself, with the status codes its OpenAPI document promises
            # (422 for a parameter, 404 for a path); schemathesis holds it to them.
            return get_response(request)
        if "\x00" in request.path or b"\x00" in unquote_to_bytes(query.replace("+", " ")):
            # Answered here rather than raised: Django would log a traceback for each probe.
            from gongkai.lib.error_pages import bad_request

            return bad_request(request, BadRequest(NUL_MESSAGE))
        return get_response(request)

    return middleware


def media_host_only(
    get_response: Callable[[HttpRequest], HttpResponse],
) -> Callable[..., HttpResponse]:
    """On the ``MEDIA_ORIGIN`` host only the signed file links answer (gongkai.lib.media)."""
    from gongkai.lib.media import media_host

    def middleware(request: HttpRequest) -> HttpResponse:
        host = media_host()
        if host and request.get_host() == host and not request.path.startswith("/media/"):
            return HttpResponseNotFound(
                "此地址只提供附件下载。", content_type="text/plain; charset=utf-8"
            )
        return get_response(request)

    return middleware


class DomainErrorMiddleware:
    """A :class:`~gongkai.errors.DomainError` that no view caught becomes a page that says what
    was refused, with the error's status (400 bad input, 409 a step the state forbids): never
    a server error. Views that can show the message beside the user's form catch it there."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, DomainError):
            return None
        from gongkai.lib.error_pages import error_page

        return error_page(
            request, status=exception.status, title="无法办理", message=one_line(exception)
        )
