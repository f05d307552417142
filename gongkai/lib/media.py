"""Serving stored uploads (see ``gongkai.lib.uploads`` for why they are served as they are).

``MEDIA_ORIGIN`` (e.g. ``https://files.gongkai.example.gov.cn``, a second host name pointing at
the same server) moves the bytes of every upload to another origin, so that even a file a
browser mishandles shares nothing with the platform's pages: no cookies, no DOM, no same-origin
requests to the admin. The view on the platform's origin still decides who may have the file
(and records the event where one is due); it then redirects to a link on the media origin that
names the file in a signed token valid for ``MEDIA_LINK_SECONDS`` (60 s by default). On the
media origin, only ``/media/<token>/`` answers (``gongkai.lib.middleware.media_host_only``).
Without ``MEDIA_ORIGIN`` (development, a single host) the file is served directly, with the
same headers.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote, urlsplit

from django.conf import settings
from django.core import signing
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.views.decorators.http import require_safe

from gongkai.accounts.access import public_view
from gongkai.lib.uploads import protect_download, sniff

SALT = "gongkai.lib.media"


def _storages() -> dict[str, Any]:
    from gongkai.catalogue.models import attachment_storage as catalogue_storage
    from gongkai.requests.models import attachment_storage as requests_storage

    return {"requests": requests_storage, "catalogue": catalogue_storage}


def media_host() -> str:
    origin = getattr(settings, "MEDIA_ORIGIN", "")
    return urlsplit(origin).netloc if origin else ""


def serve_upload(request: HttpRequest, area: str, name: str, filename: str) -> HttpResponse:
    """The stored file ``name`` of storage ``area`` as a download called ``filename``."""
    host = media_host()
    if host and request.get_host() != host:
        token = signing.dumps({"a": area, "n": name, "f": filename}, salt=SALT, compress=True)
        origin = settings.MEDIA_ORIGIN.rstrip("/")
        return HttpResponseRedirect(f"{origin}/media/{token}/{quote(filename)}")
    return file_response(area, name, filename)


def serve_titled(request: HttpRequest, area: str, name: str, title: str) -> HttpResponse:
    """:func:`serve_upload` of a file shown under a title: the download is called ``title``
    with the stored name's suffix (none if the stored name has none)."""
    suffix = name.rsplit(".", 1)[-1] if "." in name else ""
    return serve_upload(request, area, name, f"{title}.{suffix}" if suffix else title)


def file_response(area: str, name: str, filename: str) -> FileResponse:
    storage = _storages()[area]
    try:
        handle = storage.open(name, "rb")
    except (FileNotFoundError, ValueError):
        raise Http404("附件文件缺失。") from None
    kind = sniff(handle, name)
    content_type = kind.mime if kind is not None else "application/octet-stream"
    response = FileResponse(
        handle, as_attachment=True, filename=filename, content_type=content_type
    )
    return protect_download(response)


@public_view  # the signature is the permission: the view that signed the link checked it
@require_safe
def media(request: HttpRequest, token: str, filename: str = "") -> FileResponse:
    """A signed link from :func:`serve_upload`; expired or forged links are a 404."""
    try:
        data = signing.loads(token, salt=SALT, max_age=settings.MEDIA_LINK_SECONDS)
    except signing.BadSignature:
        raise Http404("链接无效或已过期，请回到原页面重新打开。") from None
    if data.get("a") not in _storages():
        raise Http404("没有这个附件。")
    return file_response(data["a"], data["n"], data["f"])
