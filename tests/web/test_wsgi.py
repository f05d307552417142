"""The WSGI module as a server imports it (issue 21): in a fresh process, importing
``gongkai.wsgi`` loads the URLconf with every view and freezes what exists then out of the
cyclic collector's full collections, and the application still answers."""

from __future__ import annotations

import base64
import json
import secrets
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

PROBE = """
import gc, io, json, sys
import gongkai.wsgi as w
frozen = gc.get_freeze_count()
views = sorted(m for m in sys.modules if m.startswith("gongkai.") and m.endswith(".views"))
status = []
environ = {
    "REQUEST_METHOD": "GET", "PATH_INFO": "/api/agencies", "SERVER_NAME": "127.0.0.1",
    "SERVER_PORT": "80", "HTTP_HOST": "127.0.0.1", "wsgi.url_scheme": "http",
    "wsgi.input": io.BytesIO(), "wsgi.errors": sys.stderr,
}
body = b"".join(w.application(environ, lambda s, h, e=None: status.append(s)))
print(json.dumps({
    "frozen": frozen,
    "views": views,
    "status": status, "body": body[:1].decode(),
}))
"""


def test_import_loads_the_views_and_freezes_them(tmp_path: Path) -> None:
    env = {
        "PATH": "/usr/bin:/bin",
        "HOME": str(tmp_path),
        "LANG": "C.UTF-8",
        "PYTHONPATH": str(ROOT),
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_hex(32),
        "IDENTITY_KEY": base64.urlsafe_b64encode(secrets.token_bytes(32)).decode(),
        "BACKUP_HMAC_KEY": secrets.token_hex(32),
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",
        "GONGKAI_VAR_DIR": str(tmp_path),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
    }
    subprocess.run(
        [
            str(Path(sys.executable).parent / "gongkai"),
            "manage",
            "migrate",
            "--no-input",
            "-v",
            "0",
        ],
        env=env,
        cwd=tmp_path,
        check=True,
        timeout=300,
    )
    done = subprocess.run(
        [sys.executable, "-c", PROBE], env=env, cwd=tmp_path, capture_output=True, timeout=120
    )
    assert done.returncode == 0, done.stderr.decode()[-2000:]
    seen = json.loads(done.stdout.decode().splitlines()[-1])
    # Django, the project and every view module: far more than the interpreter alone (~20,000).
    assert seen["frozen"] > 60_000
    assert {"gongkai.requests.views", "gongkai.catalogue.views"} <= set(seen["views"])
    assert seen["status"] == ["200 OK"] and seen["body"] == "["
