"""A case's documents (uploaded, checked by content, served as a download, each upload an
event) and the request it concerns, chosen by a search rather than from a list of all."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from gongkai.appeals.files import case_file_add
from gongkai.appeals.models import CaseFile
from gongkai.audit.models import Event
from tests.web.appeals_helpers import open_case
from tests.web.requests_fixtures import register, use_private_dir

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(clerk_a: Any, agency_a: Any, settings: Any, tmp_path: Any) -> Any:
    use_private_dir(settings, tmp_path)
    return open_case(clerk_a, agency_a, date(2025, 5, 6))


def pdf(name: str = "申请书.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"%PDF-1.4 review application", content_type="application/pdf")


def test_a_clerk_uploads_a_document_of_the_case_with_an_event(case: Any, clerk_a: Any) -> None:
    item = case_file_add(actor=clerk_a, case=case, title="行政复议申请书", file=pdf())
    assert item.original_name == "申请书.pdf" and item.file.name.endswith(".pdf")
    assert "申请书" not in item.file.name  # the uploaded name never becomes a path
    event = Event.objects.get(action="case.add_file")
    assert event.changes["file"] == [None, "行政复议申请书"]


def test_it_refuses_a_page_or_script_and_another_agencys_staff(
    case: Any, clerk_a: Any, clerk_b: Any
) -> None:
    page = SimpleUploadedFile("答复.pdf", b"<html><script>alert(1)</script></html>")
    with pytest.raises(ValidationError, match="按文件内容判断"):
        case_file_add(actor=clerk_a, case=case, title="答复书", file=page)
    with pytest.raises(PermissionDenied):
        case_file_add(actor=clerk_b, case=case, title="答复书", file=pdf())
    assert not CaseFile.objects.exists()


def test_the_case_page_lists_uploads_and_serves_them_as_downloads(
    client: Any, case: Any, clerk_a: Any, clerk_b: Any
) -> None:
    client.force_login(clerk_a)
    response = client.post(
        reverse("appeals:file_upload", args=[case.pk]), {"title": "答复书", "file": pdf()}
    )
    assert response.status_code == 302
    item = CaseFile.objects.get()
    page = client.get(reverse("appeals:detail", args=[case.pk])).content.decode()
    assert "答复书" in page and reverse("appeals:file", args=[case.pk, item.pk]) in page
    download = client.get(reverse("appeals:file", args=[case.pk, item.pk]))
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert download["Content-Disposition"].startswith("attachment;")
    bad = client.post(
        reverse("appeals:file_upload", args=[case.pk]),
        {"title": "x", "file": SimpleUploadedFile("x.pdf", b"MZ\x90\x00 not a pdf")},
        follow=True,
    )
    assert "文件未上传" in bad.content.decode() and CaseFile.objects.count() == 1
    client.force_login(clerk_b)
    assert client.get(reverse("appeals:file", args=[case.pk, item.pk])).status_code == 404


def test_the_request_is_found_by_number_or_applicant_within_the_agency(
    client: Any, clerk_a: Any, clerk_b: Any, agency_a: Any, agency_b: Any
) -> None:
    ours = register(clerk_a, agency_a, date(2025, 3, 3), name="欧阳修")[0]
    register(clerk_b, agency_b, date(2025, 3, 3), name="欧阳询")
    client.force_login(clerk_a)
    url = reverse("appeals:request_search")
    for q in ("欧阳", ours.tracking_number[-5:]):
        results = client.get(url, {"agency": agency_a.pk, "q": q}).json()["results"]
        assert [r["value"] for r in results] == [f"{ours.tracking_number} 欧阳修"], q
    assert client.get(url, {"agency": agency_a.pk, "q": "欧"}).json() == {"results": []}
    client.force_login(clerk_b)
    assert client.get(url, {"agency": agency_a.pk, "q": "欧阳"}).status_code in {403, 404}


def test_the_case_form_takes_the_chosen_request_and_refuses_an_unknown_number(
    client: Any, clerk_a: Any, agency_a: Any
) -> None:
    ours = register(clerk_a, agency_a, date(2025, 3, 3), name="欧阳修")[0]
    client.force_login(clerk_a)
    new = reverse("appeals:new") + f"?agency={agency_a.pk}"
    page = client.get(new).content.decode()
    assert 'list="application-options"' in page and '<select name="application"' not in page
    form = {
        "kind": "review",
        "route": "",
        "body": "江临市人民政府",
        "applicant": "欧阳修",
        "application": f"{ours.tracking_number} 欧阳修",
        "filed_on": "2025-05-06",
        "stage": "review",
    }
    assert client.post(new, form).status_code == 302
    assert ours.appeals.get().request_number == ours.tracking_number
    wrong = client.post(new, {**form, "application": "JL-JYJ-2025-99999"}).content.decode()
    assert "本机关没有受理编号为“JL-JYJ-2025-99999”的申请" in wrong
