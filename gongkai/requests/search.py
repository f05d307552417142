"""The index behind the dashboard's search over requests (受理编号, applicant, description).

The search is the plain ORM ``icontains`` (``selectors.applications_search``). On PostgreSQL,
pg_trgm GIN indexes on the very expressions Django generates for it
(``UPPER(col::text) LIKE UPPER(%s)``) make it index-assisted, as for the catalogue
(``gongkai.catalogue.fts``). On SQLite a scan of one agency's requests is what it is: a county
office registers hundreds a year, not millions.
"""

from __future__ import annotations

from typing import Any

COLUMNS = ("tracking_number", "applicant_name", "description")

POSTGRES_INSTALL = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    *(
        f"CREATE INDEX IF NOT EXISTS requests_application_{col}_trgm ON requests_application "
        f"USING gin (UPPER({col}::text) gin_trgm_ops)"
        for col in COLUMNS
    ),
]
POSTGRES_UNINSTALL = [f"DROP INDEX IF EXISTS requests_application_{col}_trgm" for col in COLUMNS]


def install(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor == "postgresql":
        for sql in POSTGRES_INSTALL:
            schema_editor.execute(sql, params=None)


def uninstall(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor == "postgresql":
        for sql in POSTGRES_UNINSTALL:
            schema_editor.execute(sql, params=None)
