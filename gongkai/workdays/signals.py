"""``calendar_changed``: sent inside the transaction that changed the working-day calendar
(a year entered, edited, imported, or declared complete), with ``actor``, ``years`` and
``reason``. The apps that store deadlines (requests, catalogue, appeals) recompute the open ones
that run through those years, each change an event."""

from __future__ import annotations

from django.dispatch import Signal

calendar_changed = Signal()
