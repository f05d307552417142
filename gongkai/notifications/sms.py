"""SMS backends. A backend is a class with ``send(recipient, body)`` that returns when the
provider accepted the message and raises otherwise (``SmsError(permanent=True)`` for a number
that will never work). ``SMS_BACKEND`` names it; no provider is built in — a deployment writes
the few lines for its own gateway."""

from __future__ import annotations

import sys
from typing import Protocol

from django.conf import settings
from django.utils.module_loading import import_string


class SmsError(Exception):
    def __init__(self, message: str, *, permanent: bool = False) -> None:
        super().__init__(message)
        self.permanent = permanent


class SmsBackend(Protocol):
    def send(self, recipient: str, body: str) -> None: ...


class ConsoleBackend:
    """Development: prints the message (like Django's console e-mail backend)."""

    def send(self, recipient: str, body: str) -> None:
        sys.stdout.write(f"短信 → {recipient}\n{body}\n{'-' * 40}\n")
        sys.stdout.flush()


class LocmemBackend:
    """Tests: keeps the messages in ``LocmemBackend.outbox``."""

    outbox: list[tuple[str, str]] = []  # noqa: RUF012 - shared on purpose, like mail.outbox

    def send(self, recipient: str, body: str) -> None:
        LocmemBackend.outbox.append((recipient, body))


def get_backend() -> SmsBackend:
    backend: SmsBackend = import_string(settings.SMS_BACKEND)()
    return backend
