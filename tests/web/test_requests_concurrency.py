"""Tracking numbers under concurrent submission: gapless and unique on PostgreSQL, where several
web workers really do register at once (SQLite serialises writers anyway)."""

from __future__ import annotations

import threading
from datetime import date
from typing import Any

import pytest
from django.db import connection, connections

from gongkai.requests.models import Application
from tests.web.requests_fixtures import register

WORKERS = 8


def test_it_numbers_concurrent_registrations_without_gaps(
    transactional_db: Any, clerk_a: Any, agency_a: Any
) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (DATABASE_URL=postgres://…)")
    start = threading.Barrier(WORKERS)
    numbers: list[str] = []
    errors: list[BaseException] = []

    def work() -> None:
        try:
            start.wait()
            numbers.append(register(clerk_a, agency_a, date.today())[0].tracking_number)
        except BaseException as error:  # reported below, not lost in the thread
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=work) for _ in range(WORKERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    year = date.today().year
    assert sorted(numbers) == [f"JL-JYJ-{year}-{n:05d}" for n in range(1, WORKERS + 1)]
    assert Application.objects.count() == WORKERS
