"""Two notifiers at once (two servers running ``gongkai notify`` from cron) on PostgreSQL: each
claims with ``select_for_update(skip_locked=True)``, so every message is sent exactly once.
SQLite serialises the claim under its write lock; the test needs real concurrency."""

from __future__ import annotations

import threading
import time
from typing import Any, ClassVar

import pytest
from django.db import connection, connections

from gongkai.notifications.delivery import deliver
from gongkai.notifications.models import Notification, NotifyStatus
from gongkai.notifications.services import notification_enqueue

MESSAGES = 60
NOTIFIERS = 2


class Slow:
    """An e-mail backend that takes a little time per message (as SMTP does) and keeps what
    it was given, from every thread."""

    sent: ClassVar[list[str]] = []
    lock = threading.Lock()

    def __init__(self, **_kwargs: Any) -> None:
        pass

    def open(self) -> None:
        pass

    def close(self) -> None:
        pass

    def send_messages(self, messages: list[Any]) -> int:
        time.sleep(0.005)
        with Slow.lock:
            Slow.sent.extend(m.subject for m in messages)
        return len(messages)


def test_two_notifiers_never_send_a_message_twice(
    transactional_db: Any, settings: Any, agency_a: Any
) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (DATABASE_URL=postgres://…)")
    settings.EMAIL_BACKEND = f"{__name__}.Slow"
    Slow.sent = []
    for n in range(MESSAGES):
        notification_enqueue(
            kind="reminder",
            channel="email",
            recipient=f"clerk{n}@jyj.example",
            subject=f"提醒 {n}",
            body="期限提醒",
            agency=agency_a,
        )
    start = threading.Barrier(NOTIFIERS)
    errors: list[BaseException] = []
    claimed: list[list[int]] = [[] for _ in range(NOTIFIERS)]

    def notifier(index: int) -> None:
        try:
            start.wait()
            while True:
                outcome = deliver(batch=5)
                if not outcome.sent:
                    return
                claimed[index].extend(n.pk for n in outcome.sent)
        except BaseException as error:  # reported below, not lost in the thread
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=notifier, args=(i,)) for i in range(NOTIFIERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    assert errors == []
    assert sorted(Slow.sent) == sorted(f"提醒 {n}" for n in range(MESSAGES))  # each once
    assert all(claimed), claimed  # both notifiers did part of the work
    assert not set(claimed[0]) & set(claimed[1])
    assert Notification.objects.filter(status=NotifyStatus.SENT).count() == MESSAGES
    assert set(Notification.objects.values_list("attempts", flat=True)) == {1}
