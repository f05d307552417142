"""Uploads that cannot script: kinds judged by content, every stored upload served as a
sandboxed download of its checked type, optionally from another origin (MEDIA_ORIGIN)."""

from __future__ import annotations

import io
import zipfile
from datetime import date
from typing import Any
from urllib.parse import quote

import docx
import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from gongkai.catalogue.models import Attachment, attachment_storage
from gongkai.catalogue.services import attachment_add
from gongkai.lib import uploads
from gongkai.lib.media import serve_titled
from gongkai.requests.models import Attachment as RequestAttachment
from tests.web.catalogue_helpers import make_document, review_and_publish
from tests.web.requests_fixtures import register, use_private_dir
from tests.web.test_portal import use_attachment_dir

OLE2_BODY = uploads.OLE2 + b"\x00" * 504
HTML = b"<!doctype html><script>fetch('/admin/')</script>"
SVG = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'


def _zip(names: list[str]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        for name in names:
            z.writestr(name, "<x/>")
    return out.getvalue()


def _docx() -> bytes:
    out = io.BytesIO()
    docx.Document().save(out)
    return out.getvalue()


def _xlsx() -> bytes:
    out = io.BytesIO()
    openpyxl.Workbook().save(out)
    return out.getvalue()


@pytest.mark.parametrize(
    ("name", "content", "kind"),
    [
        ("a.pdf", b"%PDF-1.7\n", uploads.PDF),
        ("a.ofd", _zip(["OFD.xml", "Doc_0/Document.xml"]), uploads.OFD),
        ("a.doc", OLE2_BODY, uploads.DOC),
        ("a.wps", OLE2_BODY, uploads.WPS),
        ("a.xls", OLE2_BODY, uploads.XLS),
        ("a.et", OLE2_BODY, uploads.ET),
        ("a.docx", _docx(), uploads.DOCX),
        ("a.xlsx", _xlsx(), uploads.XLSX),
        ("anything.bin", _docx(), uploads.DOCX),  # the content decides, not the name
        ("a.zip", _zip(["a.txt"]), uploads.ZIPFILE),
        ("a.png", b"\x89PNG\r\n\x1a\n0000", uploads.PNG),
        ("a.jpg", b"\xff\xd8\xff\xe0", uploads.JPEG),
        ("a.gif", b"GIF89a", uploads.GIF),
        ("a.html", HTML, None),
        ("a.svg", SVG, None),
        ("a.pdf", HTML, None),  # a page named .pdf is still a page
        ("a.exe", OLE2_BODY, None),
        ("a.zip", b"PK\x03\x04 broken", None),
        ("a.txt", b"", None),
    ],
)
def test_it_knows_each_kind_by_its_content(name: str, content: bytes, kind: Any) -> None:
    assert uploads.sniff(io.BytesIO(content), name) == kind


def test_it_refuses_too_large_a_file() -> None:
    upload = SimpleUploadedFile("a.pdf", b"%PDF-" + b"0" * 2048)
    with pytest.raises(ValidationError, match="超过 0 MB"):
        uploads.checked_kind(upload, uploads.DOCUMENT_KINDS, 1024)


@pytest.mark.parametrize(("name", "content"), [("x.html", HTML), ("x.svg", SVG)])
def test_the_catalogue_refuses_a_page_or_an_svg(
    client: Any,
    clerk_a: Any,
    agency_a: Any,
    settings: Any,
    tmp_path: Any,
    name: str,
    content: bytes,
) -> None:
    use_attachment_dir(settings, tmp_path)
    document = make_document(clerk_a, agency_a, written_on=date(2025, 3, 3))
    client.force_login(clerk_a)
    upload = SimpleUploadedFile(name, content, content_type="image/png")
    page = client.post(
        reverse("catalogue:attach", args=[document.pk]),
        {"title": "附件", "file": upload},
        follow=True,
    )
    assert "附件未上传" in page.content.decode() and "可执行内容一律不收" in page.content.decode()
    assert not Attachment.objects.exists()
    with pytest.raises(ValidationError):
        attachment_add(actor=clerk_a, document=document, title="t", file=ContentFile(content, name))


def _assert_sandboxed_download(response: Any, content_type: str) -> None:
    assert response.status_code == 200
    assert response["Content-Type"] == content_type
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"].startswith("sandbox")


def test_a_stored_page_of_a_refused_kind_is_still_a_download(
    client: Any, clerk_a: Any, reviewer_a: Any, agency_a: Any, settings: Any, tmp_path: Any
) -> None:
    # Stored before the allow-list existed: still there, never shown inline.
    use_attachment_dir(settings, tmp_path)
    document = make_document(clerk_a, agency_a, written_on=date(2025, 3, 3), unpublished=True)
    name = attachment_storage.save("2024/old.html", ContentFile(HTML))
    old = Attachment.objects.create(document=document, title="旧附件", file=name)
    good = attachment_add(
        actor=clerk_a, document=document, title="通知", file=ContentFile(b"%PDF-1.4", "a.pdf")
    )
    review_and_publish(reviewer_a, document)
    base = f"/portal/JL-JYJ/documents/{document.pk}/files/"
    response = client.get(f"{base}{old.pk}/")
    _assert_sandboxed_download(response, "application/octet-stream")
    assert b"".join(response.streaming_content) == HTML
    _assert_sandboxed_download(client.get(f"{base}{good.pk}/"), "application/pdf")


def test_a_request_attachment_is_served_by_its_content_not_its_stored_type(
    client: Any, clerk_a: Any, agency_a: Any, settings: Any, tmp_path: Any
) -> None:
    use_private_dir(settings, str(tmp_path))
    application, _ = register(clerk_a, agency_a, date(2025, 3, 3))
    item = RequestAttachment.objects.create(
        application=application,
        file=ContentFile(SVG, name="x.svg"),
        original_name="身份证.svg",
        content_type="image/svg+xml",  # what a browser once claimed
        size=len(SVG),
    )
    client.force_login(clerk_a)
    response = client.get(reverse("requests:attachment", args=[application.pk, item.pk]))
    _assert_sandboxed_download(response, "application/octet-stream")


def test_with_a_media_origin_files_come_from_there_only(
    client: Any, clerk_a: Any, reviewer_a: Any, agency_a: Any, settings: Any, tmp_path: Any
) -> None:
    settings.MEDIA_ORIGIN = "https://files.example.gov.cn"
    settings.ALLOWED_HOSTS = ["*"]
    use_attachment_dir(settings, tmp_path)
    document = make_document(clerk_a, agency_a, written_on=date(2025, 3, 3), unpublished=True)
    item = attachment_add(
        actor=clerk_a, document=document, title="通知", file=ContentFile(b"%PDF-1.4", "a.pdf")
    )
    review_and_publish(reviewer_a, document)
    response = client.get(f"/portal/JL-JYJ/documents/{document.pk}/files/{item.pk}/")
    assert response.status_code == 302
    link = response["Location"]
    assert link.startswith("https://files.example.gov.cn/media/")
    path = link.removeprefix("https://files.example.gov.cn")
    served = client.get(path, HTTP_HOST="files.example.gov.cn")
    _assert_sandboxed_download(served, "application/pdf")
    assert b"".join(served.streaming_content) == b"%PDF-1.4"
    # the media host answers nothing else; a forged or stale link is a 404
    assert client.get("/portal/JL-JYJ/", HTTP_HOST="files.example.gov.cn").status_code == 404
    assert client.get("/admin/", HTTP_HOST="files.example.gov.cn").status_code == 404
    forged = path.replace("/media/", "/media/x")
    assert client.get(forged, HTTP_HOST="files.example.gov.cn").status_code == 404
    settings.MEDIA_LINK_SECONDS = -1
    assert client.get(path, HTTP_HOST="files.example.gov.cn").status_code == 404


@pytest.mark.parametrize(
    ("name", "title", "filename"),
    [
        ("2025/3f9a.pdf", "通知", "通知.pdf"),
        ("2025/3f9a.tar.gz", "表", "表.gz"),
        ("old", "旧", "旧"),
    ],
)
def test_a_titled_download_is_named_by_its_title_and_the_stored_suffix(
    rf: Any, settings: Any, name: str, title: str, filename: str
) -> None:
    settings.MEDIA_ORIGIN = "https://files.example.gov.cn"  # the name is then in the link
    response = serve_titled(rf.get("/"), "catalogue", name, title)
    assert response.status_code == 302 and response["Location"].endswith(f"/{quote(filename)}")
