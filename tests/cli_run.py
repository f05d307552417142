"""Run ``gongkai`` as a user runs it: a subprocess, from a folder of its own, with a fresh
environment (no variable of the test process, no Django settings, no working directory)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

BIN = Path(sys.executable).parent
GONGKAI = BIN / "gongkai"


def gongkai(*args: str, cwd: Path, env: dict[str, str] | None = None, timeout: float = 300):
    fresh = {
        "PATH": f"{BIN}{os.pathsep}/usr/local/bin:/usr/bin:/bin",
        "HOME": str(cwd),
        "LANG": "C.UTF-8",
        **(env or {}),
    }
    return subprocess.run(
        [str(GONGKAI), *args],
        cwd=cwd,
        env=fresh,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
