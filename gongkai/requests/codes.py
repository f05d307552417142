"""Tracking numbers and query codes: how an applicant names and proves their application."""

from __future__ import annotations

import secrets

from django.core import signing
from django.utils.crypto import constant_time_compare, salted_hmac

from gongkai.agencies.models import Agency
from gongkai.requests.models import Application, TrackingCounter

QUERY_CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read over the phone
QUERY_CODE_LENGTH = 10


def query_code_new() -> str:
    return "".join(secrets.choice(QUERY_CODE_ALPHABET) for _ in range(QUERY_CODE_LENGTH))


def query_code_for_key(key: str) -> str:
    """The query code of an online submission, derived from its one-time key with the site's
    secret: a retried submission shows the applicant the same code again, and it is still stored
    only hashed. The key is random and minted by the server (see ``submission_token_new``)."""
    digest = salted_hmac("gongkai.requests.submission_code", key, algorithm="sha256").digest()
    # 32 letters divide 256: every byte picks a letter without bias.
    return "".join(
        QUERY_CODE_ALPHABET[b % len(QUERY_CODE_ALPHABET)] for b in digest[:QUERY_CODE_LENGTH]
    )


_SUBMISSION_SIGNER = signing.Signer(salt="gongkai.requests.submission")


def submission_token_new() -> str:
    """A signed one-time key for the online form's hidden field."""
    return _SUBMISSION_SIGNER.sign(secrets.token_hex(16))


def submission_key(token: str) -> str | None:
    """The key inside a form's token; None when the token was not minted by this site."""
    try:
        key = _SUBMISSION_SIGNER.unsign(token)
    except signing.BadSignature:
        return None
    return key if len(key) == 32 else None


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
