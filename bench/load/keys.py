"""The identity-number key (IDENTITY_KEY) of a load-test database, derived from its name.

    .venv/bin/python bench/load/keys.py gongkai_load

load.sh encrypts the demo's identity numbers with it, and a later ``LOAD_REUSE=1`` run or
bench_staff_pages.py reads them back with the same key (a random key per run made the request
list of a reused database answer 500). The databases hold only generated demo data; the key is
no secret and must never serve a real one.
"""

from __future__ import annotations

import base64
import hashlib
import sys
from urllib.parse import urlsplit


def identity_key(database: str) -> str:
    """A Fernet key (32 bytes, URL-safe Base64) of the database's name."""
    digest = hashlib.sha256(f"gongkai-load-bench:{database}".encode()).digest()
    return base64.urlsafe_b64encode(digest).decode("ascii")


def identity_key_of_url(url: str) -> str:
    """``identity_key`` of the database a ``DATABASE_URL`` names."""
    return identity_key(urlsplit(url).path.lstrip("/"))


if __name__ == "__main__":
    if len(sys.argv) != 2:
        raise SystemExit("用法：bench/load/keys.py 数据库名")
    print(identity_key(sys.argv[1]))
