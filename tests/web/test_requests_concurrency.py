"""Tracking numbers under concurrent submission: gapless and unique on PostgreSQL, where several
web workers really do register at once (SQLite serialises writers anyway). The whole public
form under load, with the server killed, is tests/web/test_intake.py."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from django.db import connection, connections
from django.utils import timezone

from gongkai.requests import codes
from gongkai.requests.models import Application, TrackingCounter
from gongkai.requests.services import application_submit_online
from tests.web.requests_fixtures import register

WORKERS = 8


def _at_once(work: Any) -> list[Any]:
    """Run ``work`` in WORKERS threads released together; their results, errors re-raised."""
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (DATABASE_URL=postgres://…)")
    start = threading.Barrier(WORKERS)
    results: list[Any] = []
    errors: list[BaseException] = []

    def run() -> None:
        try:
            start.wait()
            results.append(work())
        except BaseException as error:  # reported below, not lost in the thread
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(WORKERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    return results


def test_it_numbers_concurrent_registrations_without_gaps(
    transactional_db: Any, clerk_a: Any, agency_a: Any
) -> None:
    numbers = _at_once(lambda: register(clerk_a, agency_a, timezone.localdate())[0].tracking_number)
    year = timezone.localdate().year
    assert sorted(numbers) == [f"JL-JYJ-{year}-{n:05d}" for n in range(1, WORKERS + 1)]
    assert Application.objects.count() == WORKERS


def test_it_registers_one_form_posted_by_racing_copies_once(
    transactional_db: Any, agency_a: Any
) -> None:
    key = codes.submission_key(codes.submission_token_new())
    assert key is not None

    def submit() -> tuple[str, str, bool]:
        application, code, created = application_submit_online(
            submission_key=key,
            received_on=timezone.localdate(),
            agency=agency_a,
            category="natural_person",
            applicant_name="刘芳",
            id_type="居民身份证",
            id_number="330102198807074321",
            phone="13900000000",
            description="同一份申请表，八个副本同时提交",
            form_wanted="electronic",
            delivery="email",
            email="liu@example.com",
        )
        return application.tracking_number, code, created

    results = _at_once(submit)
    assert len({(number, code) for number, code, _ in results}) == 1
    assert [created for *_, created in results].count(True) == 1
    assert Application.objects.count() == 1
    # the losers' counter increments rolled back with their inserts: no gap
    assert TrackingCounter.objects.get(agency=agency_a, year=timezone.localdate().year).last == 1


def test_it_numbers_documents_approved_at_once_without_gaps(
    transactional_db: Any, clerk_a: Any, reviewer_a: Any, agency_a: Any
) -> None:
    """文号 (documents): eight reviewers approving eight receipts at once take 1…8 of the
    agency's receipt sequence for the year, none twice, none skipped."""
    from gongkai.documents.models import Document, DocumentCounter
    from gongkai.documents.services import document_approve, document_generate

    drafts = iter(
        [
            document_generate(
                actor=clerk_a,
                application=register(clerk_a, agency_a, timezone.localdate())[0],
                kind="receipt",
            ).pk
            for _ in range(WORKERS)
        ]
    )
    lock = threading.Lock()

    def approve() -> str:
        with lock:
            pk = next(drafts)
        return document_approve(actor=reviewer_a, document=Document.objects.get(pk=pk)).number

    numbers = _at_once(approve)
    year = timezone.localdate().year
    assert sorted(numbers) == sorted(
        f"{agency_a.name}依申受〔{year}〕{n}号" for n in range(1, WORKERS + 1)
    )
    assert DocumentCounter.objects.get(agency=agency_a, year=year, kind="receipt").last == WORKERS
