"""The database's own guard on the audit trail, and the one explicit way past it.

Migrations ``0002`` and ``0003`` install triggers that refuse ``UPDATE``, ``DELETE`` and (on
PostgreSQL) ``TRUNCATE`` on ``audit_event`` for every client — the application, a ``psql`` or
``sqlite3`` shell, an injected statement. ``UPDATE`` is refused always. Emptying the table is
allowed only inside :func:`audit_maintenance`, which whole-database maintenance uses and nothing
else: ``gongkai restore`` (which then records its own event), and ``flush`` (the command of this
app that replaces Django's: the test database between transactional tests, ``gongkai demo
--reset``).

How the trigger knows: on PostgreSQL the session setting ``gongkai.audit_maintenance`` is
``on`` (``set_config`` for the session, cleared again on the way out); on SQLite the trigger
calls ``gongkai_audit_maintenance()``, a function this process registers on each connection
that answers from a context variable. A ``sqlite3`` shell has no such function, so its
``DELETE`` fails. Anyone who owns the database can drop a trigger: the guard stops deletion by
the application and by a single stray or injected statement, not by the database's owner —
that is what the HMAC-signed backups (``gongkai.lib.backup``) and the database's own
privileges are for.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

SETTING = "gongkai.audit_maintenance"
SQLITE_FUNCTION = "gongkai_audit_maintenance"

_maintenance: ContextVar[bool] = ContextVar("audit_maintenance", default=False)


def register_sqlite_function(sender: Any, connection: Any, **kwargs: Any) -> None:
    """``connection_created`` receiver: give SQLite connections the trigger's function."""
    if connection.vendor == "sqlite":
        connection.connection.create_function(
            SQLITE_FUNCTION, 0, lambda: int(_maintenance.get()), deterministic=False
        )


@contextmanager
def audit_maintenance(connection: Any) -> Iterator[None]:
    """Let ``DELETE``/``TRUNCATE`` empty the event table on ``connection`` inside the block."""
    token = _maintenance.set(True)
    postgres = connection.vendor == "postgresql"
    try:
        if postgres:
            with connection.cursor() as cursor:
                cursor.execute("SELECT set_config(%s, 'on', false)", [SETTING])
        yield
    finally:
        _maintenance.reset(token)
        if postgres and connection.connection is not None:
            try:
                with connection.cursor() as cursor:
                    cursor.execute("SELECT set_config(%s, '', false)", [SETTING])
            except Exception:
                # A failed transaction cannot run the reset: close the connection, which
                # takes its session setting with it.
                connection.close()
