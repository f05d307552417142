"""Uploaded files: which kinds we take (judged by content, never by name or the browser's
word), and how every stored upload is served so that it can never run as a page of ours.

An uploaded ``.html`` or ``.svg`` served inline on the platform's origin ran its script with the
session of whoever opened it (issue 16: a clerk became superuser through the admin's browser).
So: an allow-list of inert document formats checked by their bytes; and every stored upload —
including any of a now-refused kind stored before the allow-list — is answered as a download
(``Content-Disposition: attachment``) with the type its content was checked to be (else
``application/octet-stream``), ``X-Content-Type-Options: nosniff`` and
``Content-Security-Policy: sandbox`` (even opened directly, it gets an opaque origin, no script,
no forms). With ``MEDIA_ORIGIN`` set, the file itself comes from that other origin
(``gongkai.lib.media``).
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from typing import IO, Any

from django.core.exceptions import ValidationError

OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # Word 97–2003, Excel 97–2003, WPS, ET
ZIP = b"PK\x03\x04"
DOWNLOAD_CSP = "sandbox; default-src 'none'"
MAX_ZIP_MEMBERS = 100_000  # the names are read, never the contents


@dataclass(frozen=True)
class FileKind:
    key: str
    label: str
    mime: str
    extension: str


PDF = FileKind("pdf", "PDF", "application/pdf", "pdf")
OFD = FileKind("ofd", "OFD", "application/ofd", "ofd")
DOC = FileKind("doc", "Word 97–2003", "application/msword", "doc")
WPS = FileKind("wps", "WPS 文字", "application/vnd.ms-works", "wps")
XLS = FileKind("xls", "Excel 97–2003", "application/vnd.ms-excel", "xls")
ET = FileKind("et", "WPS 表格", "application/vnd.ms-excel", "et")
DOCX = FileKind(
    "docx",
    "Word",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "docx",
)
XLSX = FileKind(
    "xlsx", "Excel", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"
)
ZIPFILE = FileKind("zip", "ZIP", "application/zip", "zip")
PNG = FileKind("png", "PNG", "image/png", "png")
JPEG = FileKind("jpeg", "JPEG", "image/jpeg", "jpg")
GIF = FileKind("gif", "GIF", "image/gif", "gif")

# Catalogue attachments: what agencies publish (OFD is the national e-document format).
DOCUMENT_KINDS = (PDF, OFD, DOC, DOCX, XLS, XLSX, WPS, ET, PNG, JPEG, GIF, ZIPFILE)
# An applicant's proof of identity (the public form): a scan or a photo.
IDENTITY_KINDS = (PDF, JPEG, PNG)
IDENTITY_MAX_BYTES = 5 * 1024 * 1024
_OLE2_BY_EXTENSION = {"doc": DOC, "wps": WPS, "xls": XLS, "et": ET}


def sniff(handle: IO[bytes], name: str = "") -> FileKind | None:
    """The kind of the file's content, or None when it is none of ours. ``name`` only tells
    the old binary Office formats apart, whose container is the same. Leaves the position at 0."""
    handle.seek(0)
    head = handle.read(16)
    handle.seek(0)
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith((b"GIF87a", b"GIF89a")):
        return GIF
    if head.startswith(OLE2):
        return _OLE2_BY_EXTENSION.get(name.rsplit(".", 1)[-1].lower() if "." in name else "")
    if head.startswith(ZIP):
        return _zip_kind(handle)
    return None


def _zip_kind(handle: IO[bytes]) -> FileKind | None:
    try:
        with zipfile.ZipFile(handle) as archive:
            infos = archive.infolist()
            if len(infos) > MAX_ZIP_MEMBERS:
                return None
            names = {info.filename for info in infos}
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return None
    finally:
        handle.seek(0)
    if "OFD.xml" in names:
        return OFD
    if "[Content_Types].xml" in names:
        if any(n.startswith("word/") for n in names):
            return DOCX
        if any(n.startswith("xl/") for n in names):
            return XLSX
    return ZIPFILE


def kinds_text(kinds: tuple[FileKind, ...]) -> str:
    return "、".join(dict.fromkeys(k.label for k in kinds))


def checked_kind(upload: Any, kinds: tuple[FileKind, ...], max_bytes: int) -> FileKind:
    """The upload's kind if it is one of ``kinds`` and not larger than ``max_bytes``; else a
    ValidationError naming the file and what is accepted."""
    name = getattr(upload, "name", "") or "附件"
    size = getattr(upload, "size", None) or 0
    if size > max_bytes:
        raise ValidationError(f"附件“{name}”超过 {max_bytes // (1024 * 1024)} MB。")
    handle = upload.file if hasattr(upload, "file") and upload.file is not None else upload
    kind = sniff(handle, name)
    if kind not in kinds:
        raise ValidationError(
            f"附件“{name}”的内容不是 {kinds_text(kinds)} 中的任何一种"
            "（按文件内容判断；网页、SVG、脚本等可执行内容一律不收）。"
        )
    assert kind is not None
    return kind


def protect_download(response: Any) -> Any:
    """The headers every download of stored or user-supplied content carries."""
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = DOWNLOAD_CSP
    response["Cross-Origin-Resource-Policy"] = "same-origin"
    return response
