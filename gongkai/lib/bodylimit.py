"""Refuse a request body larger than its path's limit before any of it is read.

A WSGI middleware, wrapped around the application in ``gongkai.wsgi``: Django's own size checks
(DATA_UPLOAD_MAX_MEMORY_SIZE, the views' file limits) run only after the whole body has been
received, and a multipart upload past FILE_UPLOAD_MAX_MEMORY_SIZE is written to the temporary
folder first — a 4 GB body would fill the disk before the 413.

- A ``Content-Length`` over the limit (or not a number): 413 at once, nothing read, and the
  connection closed so that the server does not read the rest either.
- A chunked body (no length): counted while it streams in, held in memory up to the limit
  (at most tens of MB) and 413 as soon as the count passes it; a body within the limit reaches
  Django with its length set (Django reads no body without one).

The limits are settings (REQUEST_BODY_LIMITS by path prefix, the longest matching prefix wins;
REQUEST_BODY_DEFAULT_LIMIT otherwise); the reverse proxy and gunicorn are set to match.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable, Mapping
from typing import Any

Environ = dict[str, Any]
StartResponse = Callable[..., Any]
App = Callable[[Environ, StartResponse], Iterable[bytes]]
_PIECE = 64 * 1024


def limit_for(path: str, limits: Mapping[str, int], default: int) -> int:
    matches = [prefix for prefix in limits if path.startswith(prefix)]
    return limits[max(matches, key=len)] if matches else default


def _refuse(start_response: StartResponse, limit: int, got: str) -> list[bytes]:
    text = f"请求过大（{got}，上限 {limit} 字节），不予接收。\n".encode()
    start_response(
        "413 Request Entity Too Large",
        [
            ("Content-Type", "text/plain; charset=utf-8"),
            ("Content-Length", str(len(text))),
            ("Connection", "close"),
        ],
    )
    return [text]


class BodyLimit:
    def __init__(self, app: App, limits: Mapping[str, int] | None = None, default: int = 0):
        self.app = app
        self._limits = limits
        self._default = default

    def _limit(self, path: str) -> int:
        if self._limits is None:
            from django.conf import settings

            return limit_for(
                path, settings.REQUEST_BODY_LIMITS, settings.REQUEST_BODY_DEFAULT_LIMIT
            )
        return limit_for(path, self._limits, self._default)

    def __call__(self, environ: Environ, start_response: StartResponse) -> Iterable[bytes]:
        limit = self._limit(str(environ.get("PATH_INFO", "")))
        length = str(environ.get("CONTENT_LENGTH") or "").strip()
        if length:
            if not length.isdigit() or int(length) > limit:
                return _refuse(start_response, limit, f"{length} 字节")
            return self.app(environ, start_response)
        if "chunked" in str(environ.get("HTTP_TRANSFER_ENCODING", "")).lower():
            body = bytearray()
            stream = environ["wsgi.input"]
            while piece := stream.read(min(_PIECE, limit + 1 - len(body))):
                body += piece
                if len(body) > limit:
                    return _refuse(start_response, limit, "分块传输超过上限")
            environ["wsgi.input"] = io.BytesIO(bytes(body))
            environ["CONTENT_LENGTH"] = str(len(body))
        return self.app(environ, start_response)
