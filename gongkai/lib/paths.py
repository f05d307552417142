"""Where the platform keeps its files. Shared by settings and by CLI commands that must not
create anything (``gongkai deadline`` only reads)."""

from __future__ import annotations

import os
from pathlib import Path


def var_dir() -> Path:
    """``$GONGKAI_VAR_DIR``, else ``./var`` relative to the working directory."""
    return Path(os.environ.get("GONGKAI_VAR_DIR", "var")).resolve()


def default_sqlite_path() -> Path:
    return var_dir() / "gongkai.sqlite3"


def platform_database_configured() -> bool:
    """True when a platform database may exist: ``DATABASE_URL`` is set, or the default SQLite
    file is there."""
    return bool(os.environ.get("DATABASE_URL")) or default_sqlite_path().exists()
