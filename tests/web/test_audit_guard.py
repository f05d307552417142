"""The database itself refuses to change or empty the audit trail (raw SQL, both databases),
except through the explicit maintenance path that flush and restore use."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction

from gongkai.audit.guard import audit_maintenance
from gongkai.audit.models import Event

postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="TRUNCATE exists on PostgreSQL only"
)


def _raw(sql: str) -> None:
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # The test's own deferred foreign-key checks would make TRUNCATE refuse first.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute(sql)


def test_it_refuses_a_raw_delete_of_every_event(clerk_a) -> None:
    before = Event.objects.count()
    assert before > 0
    with pytest.raises(DatabaseError, match="append-only"):
        _raw("DELETE FROM audit_event")
    assert Event.objects.count() == before


def test_it_refuses_a_raw_delete_of_one_event(clerk_a) -> None:
    event = Event.objects.first()
    assert event is not None
    with pytest.raises(DatabaseError, match="append-only"):
        _raw(f"DELETE FROM audit_event WHERE id = {event.pk}")
    assert Event.objects.filter(pk=event.pk).exists()


@postgres_only
def test_it_refuses_a_truncate(clerk_a) -> None:
    before = Event.objects.count()
    with pytest.raises(DatabaseError, match="TRUNCATE refused"):
        _raw("TRUNCATE audit_event")
    with pytest.raises(DatabaseError, match="refused"):
        _raw("TRUNCATE agencies_agency CASCADE")  # reaches audit_event through its foreign key
    assert Event.objects.count() == before


def test_it_refuses_an_update_even_during_maintenance(clerk_a) -> None:
    with audit_maintenance(connection), pytest.raises(DatabaseError, match="append-only"):
        _raw("UPDATE audit_event SET reason = 'x'")


def test_it_lets_maintenance_empty_the_table_and_locks_again_after(clerk_a) -> None:
    with transaction.atomic():
        with audit_maintenance(connection), connection.cursor() as cursor:
            cursor.execute("DELETE FROM audit_event")
        assert Event.objects.count() == 0
        transaction.set_rollback(True)
    assert Event.objects.count() > 0
    with pytest.raises(DatabaseError, match="append-only"):
        _raw("DELETE FROM audit_event")


@pytest.mark.django_db(transaction=True)
def test_the_flush_command_still_empties_the_database(clerk_a) -> None:
    assert Event.objects.filter(action="user.create").exists()
    call_command("flush", interactive=False, verbosity=0)
    # Only what post_migrate writes again (the seeded calendar) is left.
    assert not Event.objects.filter(action="user.create").exists()
    assert Event.objects.exists()
    with pytest.raises(DatabaseError, match="append-only"):
        _raw("DELETE FROM audit_event")


def test_a_sqlite_shell_without_the_function_cannot_delete(tmp_path: Path) -> None:
    from gongkai.audit.migrations import __path__ as migrations_path

    source = (Path(migrations_path[0]) / "0003_refuse_delete_truncate.py").read_text()
    namespace: dict[str, object] = {}
    exec(compile(source, "0003", "exec"), namespace)
    db = sqlite3.connect(tmp_path / "shell.sqlite3")
    db.execute("CREATE TABLE audit_event (id INTEGER PRIMARY KEY, reason TEXT)")
    db.executescript(str(namespace["SQLITE_UP"]))
    db.execute("INSERT INTO audit_event (reason) VALUES ('kept')")
    with pytest.raises(sqlite3.OperationalError, match="gongkai_audit_maintenance"):
        db.execute("DELETE FROM audit_event")
    assert db.execute("SELECT count(*) FROM audit_event").fetchone() == (1,)
