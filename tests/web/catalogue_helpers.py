"""Shared builders for the catalogue, appeals and reading-room tests."""

from __future__ import annotations

from datetime import date
from typing import Any

from gongkai.agencies.models import Agency
from gongkai.catalogue.models import Category, DocType, Document
from gongkai.catalogue.publication import document_publish, document_review
from gongkai.catalogue.services import document_create
from gongkai.workdays.clock import Calendar

# Monday–Friday only, covering the years the tests use: dates are easy to count by hand.
PLAIN_CALENDAR = Calendar(years=frozenset(range(2015, 2035)), source="test")


def make_document(
    actor: Any,
    agency: Agency,
    *,
    written_on: date,
    published_on: date | None = None,
    doc_type: str = DocType.OTHER,
    title: str = "关于做好校园食品安全工作的通知",
    body: str = "各中小学校：为加强校园食品安全管理，现通知如下。",
    doc_number: str = "",
    category: str = Category.EDUCATION,
    unpublished: bool = False,
) -> Document:
    return document_create(
        actor=actor,
        agency=agency,
        calendar=PLAIN_CALENDAR,
        title=title,
        doc_number=doc_number,
        issuer=agency.name,
        written_on=written_on,
        historical_published_on=None if unpublished else (published_on or written_on),
        category=category,
        doc_type=doc_type,
        body=body,
    )


def review_and_publish(reviewer: Any, document: Document, on: date | None = None) -> Document:
    """条例第十七条: the 保密审查 and publication of a draft, both on ``on`` (its 成文日期 by
    default), by an agency's reviewer or administrator."""
    day = on or document.written_on
    document_review(actor=reviewer, document=document, reviewed_on=day, passed=True, opinion="同意")
    return document_publish(actor=reviewer, document=document, published_on=day)
