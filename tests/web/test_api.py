"""The public API: catalogue, request status, published reports, check/parse, staff tokens."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from gongkai.api import api as api_module
from gongkai.api.models import StaffToken, staff_token_create
from gongkai.audit.models import Event
from gongkai.report.canonical import report_to_dict
from gongkai.report.readers import read_path
from gongkai.reports.models import ReportDraft, Status
from tests.web.catalogue_helpers import make_document
from tests.web.requests_fixtures import register

pytestmark = pytest.mark.django_db
DATA = Path(__file__).parent.parent / "data"


@pytest.fixture(autouse=True)
def fresh_rate_limits() -> None:
    cache.clear()


@pytest.fixture
def documents(clerk_a: Any, agency_a: Any) -> dict[str, Any]:
    return {
        "published": make_document(
            clerk_a, agency_a, written_on=date(2025, 3, 3), title="江临市学生欠费管理办法"
        ),
        "other": make_document(clerk_a, agency_a, written_on=date(2025, 4, 1), title="招生计划"),
        "draft": make_document(
            clerk_a, agency_a, written_on=date(2025, 3, 3), unpublished=True, title="草稿"
        ),
    }


def test_it_serves_an_openapi_document_listing_every_endpoint(client) -> None:
    schema = client.get("/api/openapi.json").json()
    assert schema["openapi"].startswith("3.")
    assert {
        "/api/agencies",
        "/api/agencies/{code}/documents",
        "/api/agencies/{code}/documents/{document_id}",
        "/api/requests/status",
        "/api/agencies/{code}/reports",
        "/api/agencies/{code}/reports/{year}",
        "/api/reports/check",
        "/api/reports/parse",
        "/api/staff/requests",
    } <= set(schema["paths"])


def test_it_serves_the_docs_page_from_its_own_static_files(client) -> None:
    page = client.get("/api/docs").content.decode()
    assert "/static/ninja/swagger-ui-bundle.js" in page and "cdn" not in page.lower()


def test_it_lists_active_agencies(client, agency_a, agency_b) -> None:
    codes = {a["code"] for a in client.get("/api/agencies").json()}
    assert {"JL-JYJ", "JL-DAJ"} <= codes


def test_it_searches_only_published_documents(client, agency_a, documents) -> None:
    page = client.get("/api/agencies/JL-JYJ/documents").json()
    titles = {d["title"] for d in page["results"]}
    assert page["count"] == 2 and titles == {"江临市学生欠费管理办法", "招生计划"}
    found = client.get("/api/agencies/JL-JYJ/documents", {"q": "欠费"}).json()
    assert [d["title"] for d in found["results"]] == ["江临市学生欠费管理办法"]


def test_it_pages_the_catalogue(client, agency_a, documents) -> None:
    first = client.get("/api/agencies/JL-JYJ/documents", {"page_size": 1}).json()
    second = client.get("/api/agencies/JL-JYJ/documents", {"page_size": 1, "page": 2}).json()
    assert first["count"] == 2 and len(first["results"]) == len(second["results"]) == 1
    assert first["results"][0]["id"] != second["results"][0]["id"]
    bad = client.get("/api/agencies/JL-JYJ/documents", {"page": 0})
    assert bad.status_code == 422 and bad.json()["detail"][0]["loc"] == ["query", "page"]
    too_big = client.get("/api/agencies/JL-JYJ/documents", {"page_size": 101})
    assert too_big.status_code == 422


def test_it_shows_a_published_document_and_hides_a_draft(client, agency_a, documents) -> None:
    shown = client.get(f"/api/agencies/JL-JYJ/documents/{documents['published'].pk}")
    assert shown.status_code == 200 and shown.json()["body"]
    assert client.get(f"/api/agencies/JL-JYJ/documents/{documents['draft'].pk}").status_code == 404
    # Another agency's path does not reach agency A's document.
    assert (
        client.get(f"/api/agencies/NOPE/documents/{documents['published'].pk}").status_code == 404
    )


def test_it_tells_an_applicant_the_status_of_a_request(client, clerk_a, agency_a) -> None:
    application, code = register(clerk_a, agency_a, timezone.localdate())
    body = {"tracking_number": application.tracking_number.lower(), "query_code": code}
    found = client.post("/api/requests/status", body, content_type="application/json")
    assert found.status_code == 200
    data = found.json()
    assert data["tracking_number"] == application.tracking_number and data["is_open"]
    assert data["due_on"] == application.due_on.isoformat()
    assert "applicant_name" not in data and "id_number" not in data


def test_it_refuses_a_wrong_query_code_and_limits_guessing(client, clerk_a, agency_a) -> None:
    application, _code = register(clerk_a, agency_a, timezone.localdate())
    body = {"tracking_number": application.tracking_number, "query_code": "WRONG"}
    statuses = [
        client.post("/api/requests/status", body, content_type="application/json").status_code
        for _ in range(21)
    ]
    assert statuses[:20] == [404] * 20 and statuses[20] == 429


@pytest.fixture
def published_report(agency_a: Any) -> ReportDraft:
    report = read_path(DATA / "yingkou-archives-2020.json")
    return ReportDraft.objects.create(
        agency=agency_a,
        year=2020,
        status=Status.PUBLISHED,
        data=report_to_dict(report),
        published_at=timezone.now(),
    )


def test_it_publishes_annual_reports_as_canonical_json(client, published_report) -> None:
    listed = client.get("/api/agencies/JL-JYJ/reports").json()
    assert [(r["year"], r["version"]) for r in listed] == [(2020, 1)]
    got = client.get("/api/agencies/JL-JYJ/reports/2020")
    assert got.status_code == 200
    assert got.json() == report_to_dict(read_path(DATA / "yingkou-archives-2020.json"))
    assert client.get("/api/agencies/JL-JYJ/reports/2019").status_code == 404


def test_it_hides_a_draft_report(client, agency_a, published_report) -> None:
    ReportDraft.objects.filter(pk=published_report.pk).update(status="draft")
    assert client.get("/api/agencies/JL-JYJ/reports/2020").status_code == 404


def _upload(name: str, content: bytes) -> dict[str, Any]:
    return {"file": SimpleUploadedFile(name, content)}


def test_it_checks_an_uploaded_report(client) -> None:
    content = (DATA / "shuyang-county-2025.txt").read_bytes()
    response = client.post("/api/reports/check", _upload("shuyang-county-2025.txt", content))
    assert response.status_code == 200
    data = response.json()
    assert data["year"] == 2025
    assert data["errors"] + data["warnings"] == len(data["findings"])


def test_it_parses_an_uploaded_report_to_canonical_json(client) -> None:
    path = DATA / "shuyang-county-2025.txt"
    response = client.post("/api/reports/parse", _upload(path.name, path.read_bytes()))
    assert response.status_code == 200
    assert response.json() == json.loads(json.dumps(report_to_dict(read_path(path))))


def test_it_refuses_a_file_that_is_not_a_report_with_a_clear_error(client) -> None:
    response = client.post("/api/reports/parse", _upload("notes.txt", b"\x00\x01 not a report"))
    assert response.status_code == 400
    assert response.json()["detail"].startswith("notes.txt")


def test_it_refuses_an_upload_over_the_limit(client, monkeypatch) -> None:
    monkeypatch.setattr(api_module, "MAX_UPLOAD_BYTES", 10)
    response = client.post("/api/reports/check", _upload("big.txt", b"x" * 11))
    assert response.status_code == 413 and "文件过大" in response.json()["detail"]


def test_it_refuses_a_request_without_a_file(client) -> None:
    assert client.post("/api/reports/check", {}).status_code == 422


# Staff endpoints: bearer tokens scoped through accounts.access.


@pytest.fixture
def cases(clerk_a: Any, clerk_b: Any, agency_a: Any, agency_b: Any) -> dict[str, Any]:
    today = timezone.localdate()
    return {
        "a": register(clerk_a, agency_a, today, name="张三丰")[0],
        "b": register(clerk_b, agency_b, today, name="李四光")[0],
    }


def _bearer(raw: str) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def test_it_refuses_the_staff_list_without_a_valid_token(client, cases) -> None:
    assert client.get("/api/staff/requests").status_code == 401
    assert client.get("/api/staff/requests", **_bearer("not-a-token")).status_code == 401


def test_it_scopes_a_token_to_its_users_agency_and_masks_identity(
    client, operator, clerk_a, cases
) -> None:
    _token, raw = staff_token_create(actor=operator, user=clerk_a, name="ledger sync")
    rows = client.get("/api/staff/requests", **_bearer(raw)).json()
    assert [r["tracking_number"] for r in rows] == [cases["a"].tracking_number]
    assert rows[0]["applicant"] != "张三丰" and rows[0]["applicant"].startswith("张")
    assert "330102199001011234" not in json.dumps(rows)
    assert client.get("/api/staff/requests", {"agency": "JL-DAJ"}, **_bearer(raw)).json() == []


def test_it_lets_a_supervisor_token_see_its_subordinates(client, operator, supervisor, cases):
    _token, raw = staff_token_create(actor=operator, user=supervisor, name="督查")
    rows = client.get("/api/staff/requests", **_bearer(raw)).json()
    assert {r["tracking_number"] for r in rows} == {c.tracking_number for c in cases.values()}


def test_it_stores_only_a_digest_and_audits_the_issue(operator, clerk_a) -> None:
    token, raw = staff_token_create(actor=operator, user=clerk_a, name="ledger sync")
    assert raw not in token.digest and len(token.digest) == 64
    assert Event.objects.filter(action="api_token.create").count() == 1


def test_it_refuses_a_revoked_token_or_a_deactivated_user(client, operator, clerk_a, cases):
    token, raw = staff_token_create(actor=operator, user=clerk_a, name="x")
    assert client.get("/api/staff/requests", **_bearer(raw)).status_code == 200
    assert StaffToken.objects.get(pk=token.pk).last_used_on == timezone.localdate()
    StaffToken.objects.filter(pk=token.pk).update(is_active=False)
    assert client.get("/api/staff/requests", **_bearer(raw)).status_code == 401
    StaffToken.objects.filter(pk=token.pk).update(is_active=True)
    clerk_a.is_active = False
    clerk_a.save()
    assert client.get("/api/staff/requests", **_bearer(raw)).status_code == 401


def test_a_session_login_is_not_a_token(client, clerk_a, cases) -> None:
    client.force_login(clerk_a)
    assert client.get("/api/staff/requests").status_code == 401


def test_it_refuses_a_nul_byte_before_it_reaches_the_database(client, agency_a) -> None:
    body = {"tracking_number": "JL\x00", "query_code": "x"}
    response = client.post("/api/requests/status", body, content_type="application/json")
    assert response.status_code == 422
    assert client.get("/api/agencies/JL-JYJ/documents", {"q": "a\x00"}).status_code == 422
    assert client.get("/api/agencies/JL%00/reports").status_code == 404
