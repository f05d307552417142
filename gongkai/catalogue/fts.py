"""The full-text index behind ``selectors.document_search``, per database.

SQLite: an FTS5 table with the trigram tokenizer (Chinese has no spaces between words; trigrams
match any substring of three or more characters) over title, 文号 and body, kept in step with
``catalogue_document`` by triggers. PostgreSQL: pg_trgm GIN indexes on the same expressions that
Django's ``icontains`` generates (``UPPER(col::text) LIKE UPPER(%s)``), so the plain ORM lookup is
index-assisted.

Django rebuilds a SQLite table to alter it, which drops its triggers: a later migration that
alters ``Document`` must call ``install`` again (it is idempotent). ``tests`` check that the
triggers are there after all migrations.
"""

from __future__ import annotations

from typing import Any

FTS_TABLE = "catalogue_document_fts"
_COLUMNS = "title, doc_number, body"

SQLITE_INSTALL = [
    f"CREATE VIRTUAL TABLE IF NOT EXISTS {FTS_TABLE} USING fts5("
    f"{_COLUMNS}, content='catalogue_document', content_rowid='id', tokenize='trigram')",
    "CREATE TRIGGER IF NOT EXISTS catalogue_document_fts_ai AFTER INSERT ON catalogue_document "
    f"BEGIN INSERT INTO {FTS_TABLE}(rowid, {_COLUMNS}) "
    "VALUES (new.id, new.title, new.doc_number, new.body); END",
    "CREATE TRIGGER IF NOT EXISTS catalogue_document_fts_ad AFTER DELETE ON catalogue_document "
    f"BEGIN INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, {_COLUMNS}) "
    "VALUES ('delete', old.id, old.title, old.doc_number, old.body); END",
    "CREATE TRIGGER IF NOT EXISTS catalogue_document_fts_au AFTER UPDATE OF title, doc_number, "
    "body ON catalogue_document "
    f"BEGIN INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, {_COLUMNS}) "
    "VALUES ('delete', old.id, old.title, old.doc_number, old.body); "
    f"INSERT INTO {FTS_TABLE}(rowid, {_COLUMNS}) "
    "VALUES (new.id, new.title, new.doc_number, new.body); END",
    # Index whatever rows exist already (a no-op on an empty table).
    f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('rebuild')",
]
SQLITE_UNINSTALL = [
    "DROP TRIGGER IF EXISTS catalogue_document_fts_ai",
    "DROP TRIGGER IF EXISTS catalogue_document_fts_ad",
    "DROP TRIGGER IF EXISTS catalogue_document_fts_au",
    f"DROP TABLE IF EXISTS {FTS_TABLE}",
]
POSTGRES_INSTALL = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    *(
        f"CREATE INDEX IF NOT EXISTS catalogue_document_{col}_trgm ON catalogue_document "
        f"USING gin (UPPER({col}::text) gin_trgm_ops)"
        for col in ("title", "doc_number", "body")
    ),
]
POSTGRES_UNINSTALL = [
    f"DROP INDEX IF EXISTS catalogue_document_{col}_trgm" for col in ("title", "doc_number", "body")
]


def install(apps: Any, schema_editor: Any) -> None:
    _run(schema_editor, SQLITE_INSTALL, POSTGRES_INSTALL)


def uninstall(apps: Any, schema_editor: Any) -> None:
    _run(schema_editor, SQLITE_UNINSTALL, POSTGRES_UNINSTALL)


def _run(schema_editor: Any, sqlite: list[str], postgres: list[str]) -> None:
    vendor = schema_editor.connection.vendor
    statements = {"sqlite": sqlite, "postgresql": postgres}.get(vendor, [])
    for sql in statements:
        schema_editor.execute(sql, params=None)


def fts_phrase(term: str) -> str:
    """One FTS5 phrase: the term in double quotes, inner quotes doubled (no query syntax)."""
    return '"' + term.replace('"', '""') + '"'
