"""The Content-Security-Policy of every page (issue 16: an uploaded page's script ran as the
admin). Django 5.2 has no CSP of its own (6.0 will): this middleware is small enough that a
dependency is not worth it.

No inline script anywhere: ``script-src 'self'`` without ``'unsafe-inline'`` or
``'unsafe-eval'``, so an injected ``<script>`` or ``onerror=`` does not run. htmx is told not
to inject its indicator ``<style>`` nor to evaluate attributes (``<meta name="htmx-config">``
in base.html). ``<style>`` elements come from our static files, plus the report tables'
stylesheet that pages embed — allowed by its hash, not by ``'unsafe-inline'``; style
attributes stay allowed (see ``policy``). ``frame-ancestors 'none'`` forbids
framing (as X-Frame-Options does for old browsers), ``object-src 'none'``, ``base-uri
'self'``, and forms post only to us. A response that sets its own policy keeps it (downloads
carry ``sandbox``, gongkai.lib.uploads).
"""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Callable
from functools import cache

from django.http import HttpRequest, HttpResponse

HEADER = "Content-Security-Policy"


def style_hash(css: str) -> str:
    digest = hashlib.sha256(css.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


def embedded_css() -> str:
    """The report tables' stylesheet as pages embed it (screen rules left out)."""
    from gongkai.report.writers.html import CSS

    return CSS.split("@media screen")[0]


@cache
def policy() -> str:
    directives = {
        "default-src": "'self'",
        "script-src": "'self'",
        # <style> elements: ours by hash only. style="" attributes: allowed — the report
        # writer sizes table columns with them (an attribute cannot select and read the page,
        # and templates escape every attribute). Browsers without the -elem/-attr directives
        # (before CSP 3) fall back to style-src.
        "style-src": "'self' 'unsafe-inline'",
        "style-src-elem": f"'self' {style_hash(embedded_css())}",
        "style-src-attr": "'unsafe-inline'",
        "img-src": "'self' data:",
        "font-src": "'self'",
        "connect-src": "'self'",
        "object-src": "'none'",
        "base-uri": "'self'",
        "form-action": "'self'",
        "frame-ancestors": "'none'",
    }
    return "; ".join(f"{name} {value}" for name, value in directives.items())


def content_security_policy(
    get_response: Callable[[HttpRequest], HttpResponse],
) -> Callable[..., HttpResponse]:
    def middleware(request: HttpRequest) -> HttpResponse:
        response = get_response(request)
        if HEADER not in response:
            response[HEADER] = policy()
        return response

    return middleware
