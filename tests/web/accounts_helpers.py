"""Helpers for the account-security tests: an RFC 6238 code computed here from the secret the
enrolment page shows (not through the library under test), and a two-step log-in."""

from __future__ import annotations

import hashlib
import hmac
import re
import struct
import time
from base64 import b32decode
from typing import Any

from django.test import Client
from django.urls import reverse

from tests.web.conftest import PASSWORD


def totp(secret: str, at: float | None = None, step: int = 30, digits: int = 6) -> str:
    key = b32decode(secret + "=" * (-len(secret) % 8))
    counter = int((time.time() if at is None else at) // step)
    digest = hmac.new(key, struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    number = struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF
    return str(number % 10**digits).zfill(digits)


def password_step(client: Client, username: str, password: str = PASSWORD) -> Any:
    return client.post(reverse("login"), {"username": username, "password": password})


def enrol(client: Client) -> tuple[str, list[str]]:
    """Through the enrolment page as a user would: read the secret, send a code; returns the
    secret and the recovery codes shown."""
    page = client.get(reverse("accounts:second_factor_setup")).content.decode()
    secret = re.search(r'<code class="secret">([A-Z2-7]+)</code>', page)
    assert secret is not None, page[:3000]
    done = client.post(reverse("accounts:second_factor_setup"), {"token": totp(secret[1])})
    assert done.status_code == 200
    codes = re.findall(r"<li><code>([a-z2-7]{8})</code></li>", done.content.decode())
    return secret[1], codes
