"""Response and request shapes of the API (the OpenAPI document is generated from them)."""

from __future__ import annotations

from datetime import date
from typing import Any

from ninja import Field, Schema

from gongkai.catalogue.correction import applied_corrections

# Text fields reach the database, and PostgreSQL refuses a NUL byte in text: refused up front (422)
# as Django's form fields do.
NO_NUL = r"^[^\x00]*$"


class Error(Schema):
    detail: str


class InvalidInput(Schema):
    """422: the request's parameters or body do not match the document (one entry per field)."""

    detail: list[dict[str, Any]]


class AgencyOut(Schema):
    code: str
    name: str


class DocumentOut(Schema):
    id: int
    index_number: str
    title: str
    doc_number: str
    issuer: str
    written_on: date
    published_on: date | None
    category: str
    doc_type: str
    status: str
    corrected_on: date | None = Field(description="已更正：最近一次更正的更正日期；未更正为 null")


class CorrectionOut(Schema):
    """一次更正：更正日期和更正说明 (the earlier text is not republished)."""

    corrected_on: date
    note: str


class DocumentDetailOut(DocumentOut):
    body: str
    corrections: list[CorrectionOut]

    @staticmethod
    def resolve_corrections(obj: Any) -> list[dict[str, Any]]:
        return [{"corrected_on": c.applied_on, "note": c.note} for c in applied_corrections(obj)]


class DocumentPage(Schema):
    count: int
    page: int
    page_size: int
    results: list[DocumentOut]


class StatusIn(Schema):
    tracking_number: str = Field(max_length=40, pattern=NO_NUL)
    query_code: str = Field(max_length=40, pattern=NO_NUL)


class StatusOut(Schema):
    tracking_number: str
    agency: str
    received_on: date
    status: str
    status_label: str
    is_open: bool
    due_on: date | None
    due_provisional: bool
    closed_on: date | None
    outcome: str
    outcome_label: str
    letter: list[str]


class ReportListItem(Schema):
    year: int
    version: int
    published_at: str | None


class CheckOut(Schema):
    agency: str | None
    year: int | None
    errors: int
    warnings: int
    findings: list[dict[str, Any]]


class OpenRequestOut(Schema):
    tracking_number: str
    agency: str
    received_on: date
    due_on: date
    status: str
    category: str
    applicant: str
    id_number: str
