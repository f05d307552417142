"""The database refuses DELETE (both databases) and TRUNCATE (PostgreSQL) on audit events too,
except inside ``gongkai.audit.guard.audit_maintenance`` (restore, flush). UPDATE stays refused
by 0002's trigger, always."""

from django.db import migrations

SQLITE_UP = """
CREATE TRIGGER audit_event_no_delete BEFORE DELETE ON audit_event
WHEN gongkai_audit_maintenance() = 0
BEGIN SELECT RAISE(ABORT, 'audit events are append-only: DELETE refused'); END;
"""
SQLITE_DOWN = "DROP TRIGGER IF EXISTS audit_event_no_delete;"

POSTGRES_UP = """
CREATE OR REPLACE FUNCTION audit_event_no_delete() RETURNS trigger AS $$
BEGIN
    IF current_setting('gongkai.audit_maintenance', true) = 'on' THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION 'audit events are append-only: % refused', TG_OP;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER audit_event_no_delete BEFORE DELETE ON audit_event
FOR EACH ROW EXECUTE FUNCTION audit_event_no_delete();
CREATE TRIGGER audit_event_no_truncate BEFORE TRUNCATE ON audit_event
FOR EACH STATEMENT EXECUTE FUNCTION audit_event_no_delete();
"""
POSTGRES_DOWN = """
DROP TRIGGER IF EXISTS audit_event_no_truncate ON audit_event;
DROP TRIGGER IF EXISTS audit_event_no_delete ON audit_event;
DROP FUNCTION IF EXISTS audit_event_no_delete();
"""


def _execute(schema_editor, sql_by_vendor):
    sql = sql_by_vendor.get(schema_editor.connection.vendor)
    if sql:
        schema_editor.execute(sql, params=None)  # no parameters: % in PL/pgSQL is literal


def forwards(apps, schema_editor):
    _execute(schema_editor, {"sqlite": SQLITE_UP, "postgresql": POSTGRES_UP})


def backwards(apps, schema_editor):
    _execute(schema_editor, {"sqlite": SQLITE_DOWN, "postgresql": POSTGRES_DOWN})


class Migration(migrations.Migration):
    dependencies = [("audit", "0002_append_only_trigger")]
    operations = [migrations.RunPython(forwards, backwards)]
