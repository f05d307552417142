"""Tracking numbers and query codes: how an applicant names and proves their application."""

from __future__ import annotations

import secrets

from django.utils.crypto import constant_time_compare, salted_hmac

from gongkai.agencies.models import Agency
from gongkai.requests.models import Application, TrackingCounter

QUERY_CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read over the phone
QUERY_CODE_LENGTH = 10


def query_code_new() -> str:
    return "".join(secrets.choice(QUERY_CODE_ALPHABET) for _ in range(QUERY_CODE_LENGTH))


def query_code_hash(code: str) -> str:
    """Keyed with the site's secret: a stolen database alone does not let anyone try codes."""
    normal = code.strip().upper().replace("-", "").replace(" ", "")
    return salted_hmac("gongkai.requests.query_code", normal, algorithm="sha256").hexdigest()


def query_code_matches(application: Application, code: str) -> bool:
    return constant_time_compare(application.query_code_hash, query_code_hash(code))


def next_serial(agency: Agency, year: int) -> int:
    """Gapless per agency and year: the counter row is locked until the registering transaction
    commits, so concurrent registrations queue instead of taking the same number."""
    TrackingCounter.objects.get_or_create(agency=agency, year=year)
    counter = TrackingCounter.objects.select_for_update().get(agency=agency, year=year)
    counter.last += 1
    counter.save(update_fields=["last"])
    return counter.last
