"""Middleware of the platform's own."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from gongkai.errors import DomainError, one_line


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
        return render(
            request, "error.html", {"message": one_line(exception)}, status=exception.status
        )
