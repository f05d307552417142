"""Whole public pages cached for anonymous visitors: a portal page costs 10–30 ms of template
work, and 2 cores cannot render that 200 times a second (bench/load.sh).

A page is kept under its full URL and the current *generation*, a counter in the cache that any
committed change to the public content moves on (``bump``, connected to every model's save and
delete except the busy private ones below), so a new generation is never served an older
page. The generation is read before the page is rendered: a change committed while it renders
leaves that copy under the old generation, which nobody asks for again. Pages also expire
after ``PUBLIC_PAGE_CACHE_SECONDS`` (0 turns caching off), which bounds what a write that
bypasses the model signals (a bulk ``update()``) could leave behind. Several server processes
must share the cache (REDIS_URL) for the generation to reach all of them; ``check --deploy``
says so.

Never cached: a logged-in visitor's page, anything but a 200, a page that set a cookie or used
the CSRF token (a form), and streamed files.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.http import HttpRequest, HttpResponse

GENERATION = "gongkai:public:generation"
# Changes that never show on a public page; they are frequent and would empty the cache.
PRIVATE_APPS = frozenset(
    {
        "audit",
        "sessions",
        "requests",
        "admin",
        "contenttypes",
        "api",
        "portal",
        "notifications",
        "documents",
        "redaction",
    }
)
KEPT_HEADERS = ("Content-Type", "Content-Disposition", "Content-Language")


def _generation() -> int:
    return int(cache.get_or_set(GENERATION, 1, timeout=None))


def content_generation() -> int:
    """The current generation, for other things kept until the content changes."""
    return _generation()


def bump() -> None:
    """The public content changed: every cached page is out of date."""
    try:
        cache.incr(GENERATION)
    except ValueError:  # not there (evicted, or a fresh cache)
        cache.set(GENERATION, 2, timeout=None)


def _changed(sender: Any, **kwargs: Any) -> None:
    if sender._meta.app_label not in PRIVATE_APPS:
        transaction.on_commit(bump)


post_save.connect(_changed, dispatch_uid="gongkai.portal.cache.save")
post_delete.connect(_changed, dispatch_uid="gongkai.portal.cache.delete")


def public_page(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    @wraps(view)
    def cached(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        seconds = settings.PUBLIC_PAGE_CACHE_SECONDS
        if not seconds or request.method not in ("GET", "HEAD") or request.user.is_authenticated:
            return view(request, *args, **kwargs)
        url = hashlib.sha256(request.get_full_path().encode()).hexdigest()
        key = f"gongkai:public:{_generation()}:{url}"
        kept = cache.get(key)
        if kept is not None:
            content, headers = kept
            response = HttpResponse(content)
            for name, value in headers:
                response[name] = value
            response["X-Gongkai-Cache"] = "hit"
            return response
        response = view(request, *args, **kwargs)
        if (
            response.status_code == 200
            and not response.streaming
            and not response.cookies
            and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        ):
            headers = [(name, response[name]) for name in KEPT_HEADERS if name in response]
            cache.set(key, (response.content, headers), timeout=seconds)
        return response

    return cached
