"""The API's endpoints. Each is a thin adapter over the selectors, services and the engine."""

from __future__ import annotations

from pathlib import PurePath
from typing import Any

from django.conf import settings
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Field, File, NinjaAPI, Query, Schema, Status
from ninja.files import UploadedFile
from ninja.security import HttpBearer

from gongkai.accounts.access import is_staff_user
from gongkai.agencies.models import Agency
from gongkai.api import schemas
from gongkai.api.models import StaffToken, token_digest
from gongkai.catalogue.models import Document
from gongkai.catalogue.selectors import DocumentQuery, document_search, public_documents
from gongkai.errors import DomainError, one_line
from gongkai.lib import ratelimit
from gongkai.portal.applications import application_lookup
from gongkai.report.canonical import report_to_dict
from gongkai.report.checks import check_report
from gongkai.report.errors import ReportError
from gongkai.report.findings import Severity
from gongkai.report.model import AnnualReport
from gongkai.report.sandbox import WorkerRefused
from gongkai.report.sandbox import read_bytes as read_bounded
from gongkai.reports.selectors import public_reports, published_report
from gongkai.requests import letters
from gongkai.requests.selectors import applications_search

# A report is at most a few MB; anything far larger is refused before the engine reads it.
MAX_UPLOAD_BYTES = 20 * 1024 * 1024
PAGE_SIZE = 20
MAX_PAGE_SIZE = 100
MAX_PAGE = 10_000  # deep offsets cost the database a scan; nobody pages that far by hand
# Every endpoint with parameters or a body answers 422 when they do not parse (ninja's own).
INVALID: dict[int, type[schemas.InvalidInput]] = {422: schemas.InvalidInput}
STAFF_URL_NAMES = frozenset({"staff_open_requests"})


class StaffBearer(HttpBearer):
    """``Authorization: Bearer <token>``; the token's user must still be active staff."""

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        found = (
            StaffToken.objects.select_related("user", "user__agency")
            .filter(digest=token_digest(token), is_active=True)
            .first()
        )
        if found is None or not is_staff_user(found.user):
            return None
        today = timezone.localdate()
        if found.last_used_on != today:
            StaffToken.objects.filter(pk=found.pk).update(last_used_on=today)
        request.user = found.user
        return found.user


api = NinjaAPI(
    title="gongkai 政府信息公开开放接口",
    version="1",
    urls_namespace="api",
    description="主动公开目录、依申请公开办理进度、年度报告（规范 JSON）与报告检查。",
)


@api.exception_handler(DomainError)
def domain_error(request: HttpRequest, exc: DomainError) -> HttpResponse:
    """Any refusal that an endpoint did not answer itself: JSON with the error's status."""
    return api.create_response(request, {"detail": one_line(exc)}, status=exc.status)


def _agency(code: str) -> Agency:
    if "\x00" in code:  # a path parameter: no schema pattern reaches it before the query
        raise Http404("no such agency")
    return get_object_or_404(Agency, short_code=code, is_active=True)


@api.get("/agencies", response=list[schemas.AgencyOut], tags=["catalogue"])
def agency_list(request: HttpRequest) -> list[dict[str, str]]:
    return [{"code": a.short_code, "name": a.name} for a in Agency.objects.filter(is_active=True)]


class DocumentFilters(Schema):
    q: str = Field("", max_length=100, pattern=schemas.NO_NUL)
    category: str = Field("", max_length=100, pattern=schemas.NO_NUL)
    type: str = Field("", max_length=100, pattern=schemas.NO_NUL)
    status: str = Field("", max_length=100, pattern=schemas.NO_NUL)
    year: str = Field("", max_length=100, pattern=schemas.NO_NUL)
    page: int = Field(1, ge=1, le=MAX_PAGE)
    page_size: int = Field(PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE)


@api.get(
    "/agencies/{code}/documents",
    response={200: schemas.DocumentPage, 404: schemas.Error, **INVALID},
    tags=["catalogue"],
)
def document_list(request: HttpRequest, code: str, filters: Query[DocumentFilters]) -> Status[Any]:
    """The agency's published documents matching ``q`` and the filters, newest first."""
    agency = _agency(code)
    params = {k: str(v) for k, v in filters.dict().items() if k not in {"page", "page_size"}}
    found: QuerySet[Document] = document_search(
        public_documents(agency.pk), DocumentQuery.from_params(params)
    ).order_by("-published_on", "-pk")
    start = (filters.page - 1) * filters.page_size
    return Status(
        200,
        {
            "count": found.count(),
            "page": filters.page,
            "page_size": filters.page_size,
            "results": list(found[start : start + filters.page_size]),
        },
    )


@api.get(
    "/agencies/{code}/documents/{document_id}",
    response={200: schemas.DocumentDetailOut, 404: schemas.Error, **INVALID},
    tags=["catalogue"],
)
def document_detail(request: HttpRequest, code: str, document_id: int) -> Document:
    document = get_object_or_404(public_documents(_agency(code).pk), pk=document_id)
    return document


@api.post(
    "/requests/status",
    response={
        200: schemas.StatusOut,
        400: schemas.Error,
        404: schemas.Error,
        429: schemas.Error,
        **INVALID,
    },
    tags=["requests"],
)
def request_status(request: HttpRequest, payload: schemas.StatusIn) -> Status[Any]:
    """The applicant's view of a case, as on the /status/ page and under the same rate limit."""
    if ratelimit.hit(request, "status", settings.STATUS_RATE_LIMIT):
        return Status(429, {"detail": "查询过于频繁，请稍后再试。"})
    a = application_lookup(payload.tracking_number, payload.query_code)
    if a is None:
        return Status(404, {"detail": "受理编号或查询码不正确。"})
    return Status(
        200,
        {
            "tracking_number": a.tracking_number,
            "agency": a.agency.name,
            "received_on": a.received_on,
            "status": a.status,
            "status_label": a.get_status_display(),
            "is_open": a.is_open,
            "due_on": a.due_on if a.is_open else None,
            "due_provisional": a.due_provisional if a.is_open else False,
            "closed_on": a.closed_on,
            "outcome": a.outcome,
            "outcome_label": a.outcome_label(),
            "letter": [] if a.is_open else letters.letter_paragraphs(a),
        },
    )


@api.get(
    "/agencies/{code}/reports",
    response={200: list[schemas.ReportListItem], 404: schemas.Error},
    tags=["reports"],
)
def report_list(request: HttpRequest, code: str) -> list[dict[str, Any]]:
    return [
        {
            "year": d.year,
            "version": d.version,
            "published_at": d.published_at.isoformat() if d.published_at else None,
        }
        for d in public_reports(_agency(code))
    ]


@api.get(
    "/agencies/{code}/reports/{year}",
    response={200: dict[str, Any], 404: schemas.Error, **INVALID},
    tags=["reports"],
)
def report_detail(request: HttpRequest, code: str, year: int) -> Status[Any]:
    """The latest published version of the year's report, as canonical JSON."""
    draft = published_report(_agency(code), year)
    if draft is None:
        return Status(404, {"detail": f"{year} 年度报告尚未公开。"})
    return Status(200, report_to_dict(draft.report))


def _read_upload(request: HttpRequest, file: UploadedFile) -> AnnualReport | Status[dict[str, str]]:
    """The report read from the upload in the bounded worker, or the answer saying why not:
    413 too large, 429 too many (accepted uploads count, per client address), 400 unreadable
    or past a limit of the worker (the message names the file and the limit), 503 busy."""
    name = PurePath(file.name or "upload").name[:200] or "upload"
    if file.size is not None and file.size > MAX_UPLOAD_BYTES:
        limit = MAX_UPLOAD_BYTES // 1024 // 1024
        return Status(413, {"detail": f"{name}: 文件过大（{file.size} 字节，上限 {limit} MB）"})
    if ratelimit.hit(request, "parse", settings.PARSE_RATE_LIMIT):
        return Status(429, {"detail": "读取报告过于频繁，请稍后再试。"})
    try:
        return read_bounded(file.read(), name)
    except WorkerRefused as exc:
        return Status(503 if exc.limit == "busy" else 400, {"detail": str(exc)})
    except ReportError as exc:
        return Status(400, {"detail": str(exc)})


UPLOAD_RESPONSES = {
    400: schemas.Error,
    413: schemas.Error,
    429: schemas.Error,
    503: schemas.Error,
    **INVALID,
}


@api.post("/reports/check", response={200: schemas.CheckOut, **UPLOAD_RESPONSES}, tags=["reports"])
def report_check(request: HttpRequest, file: File[UploadedFile]) -> Status[Any]:
    """Read an uploaded report (PDF, DOCX, XLSX, HTML, text or canonical JSON) and check it."""
    read = _read_upload(request, file)
    if isinstance(read, Status):
        return read
    findings = check_report(read)
    return Status(
        200,
        {
            "agency": read.agency,
            "year": read.year,
            "errors": sum(f.severity == Severity.ERROR for f in findings),
            "warnings": sum(f.severity == Severity.WARNING for f in findings),
            "findings": [f.to_dict() for f in findings],
        },
    )


@api.post("/reports/parse", response={200: dict[str, Any], **UPLOAD_RESPONSES}, tags=["reports"])
def report_parse(request: HttpRequest, file: File[UploadedFile]) -> Status[Any]:
    """Read an uploaded report and return it as canonical JSON."""
    read = _read_upload(request, file)
    if isinstance(read, Status):
        return read
    return Status(200, report_to_dict(read))


class OpenRequestFilters(Schema):
    agency: str = Field("", max_length=40, pattern=schemas.NO_NUL)
    page: int = Field(1, ge=1, le=MAX_PAGE)


@api.get(
    "/staff/requests",
    response={
        200: list[schemas.OpenRequestOut],
        401: schemas.Error,
        **INVALID,
    },
    auth=StaffBearer(),
    tags=["staff"],
    url_name="staff_open_requests",
)
def staff_open_requests(request: HttpRequest, filters: Query[OpenRequestFilters]) -> Status[Any]:
    """Open requests of the agencies the token's user may see, soonest due first; the
    applicant's name and identity number are masked."""
    agency = Agency.objects.filter(short_code=filters.agency).first() if filters.agency else None
    if filters.agency and agency is None:
        return Status(200, [])
    found = applications_search(request.user, agency_id=agency.pk if agency else None)
    start = (filters.page - 1) * MAX_PAGE_SIZE
    return Status(
        200,
        [
            {
                "tracking_number": a.tracking_number,
                "agency": a.agency.name,
                "received_on": a.received_on,
                "due_on": a.due_on,
                "status": a.status,
                "category": a.category,
                "applicant": a.applicant_name_masked,
                "id_number": a.id_number_masked,
            }
            for a in found[start : start + MAX_PAGE_SIZE]
        ],
    )
