"""Browser tests drive Debian's Chromium (never a browser Playwright downloads).

The ``browser`` fixture (tests/web/conftest.py) launches it once per module; a test opens
pages with ``new_page`` and logs a persona in with ``log_in``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.web.conftest import PASSWORD

CHROMIUM = Path("/usr/bin/chromium")
# Without the background-networking flags Chromium keeps trying hosts this machine cannot reach.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

MARKS = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed"),
]


def new_page(browser: Any, width: int = 1200, height: int = 900, javascript: bool = True) -> Any:
    context = browser.new_context(
        locale="zh-CN", viewport={"width": width, "height": height}, java_script_enabled=javascript
    )
    return context.new_page()


def log_in(page: Any, live_server: Any, username: str) -> None:
    page.goto(f"{live_server.url}/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")
