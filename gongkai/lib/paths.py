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


PRIVATE_DIR_MODE = 0o700
PRIVATE_FILE_MODE = 0o600


def make_private_sqlite(path: Path) -> None:
    """The SQLite file (every applicant's data) readable by the platform's user only: created
    0600 before SQLite opens it (SQLite gives its -wal and -journal files the database file's
    mode), an existing looser one tightened; the platform's own var folder 0700. A folder named
    by DATABASE_URL elsewhere is left as it is (it may be shared, like /tmp)."""
    folder = path.parent
    folder.mkdir(parents=True, exist_ok=True, mode=PRIVATE_DIR_MODE)
    if folder == var_dir() and folder.stat().st_mode & 0o077:
        folder.chmod(PRIVATE_DIR_MODE)
    if not path.exists():
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT, PRIVATE_FILE_MODE))
    for candidate in (path, *(path.with_name(path.name + s) for s in ("-wal", "-shm", "-journal"))):
        if candidate.exists() and candidate.stat().st_mode & 0o077:
            candidate.chmod(PRIVATE_FILE_MODE)


def make_private_tree(root: Path) -> None:
    """Folders 0700 and files 0600 below ``root`` (files restored from a backup)."""
    for path in (root, *root.rglob("*")):
        path.chmod(PRIVATE_DIR_MODE if path.is_dir() else PRIVATE_FILE_MODE)
