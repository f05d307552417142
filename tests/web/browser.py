"""Browser tests drive Debian's Chromium (never a browser Playwright downloads).

The ``browser`` fixture (tests/web/conftest.py) launches it once per module; a test opens
pages with ``new_page``, logs a persona in with ``log_in`` and follows a link or sends a form
with ``click_to_page``.
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


def click_to_page(page: Any, target: Any) -> Any:
    """Click what loads another page (a link, a form's button: ``target`` is a selector or a
    locator) and return that page's response once it has loaded.

    ``page.click`` returns once the click is dispatched, not when the next page is there: read
    straight after, the page is still the old one, or — mid-navigation, as a PostgreSQL CI run
    caught — empty; and a next click or ``goto`` can cancel a form's POST before it is sent.
    """
    with page.expect_navigation() as navigation:
        if isinstance(target, str):
            page.click(target)
        else:
            target.click()
    return navigation.value


def log_in(page: Any, live_server: Any, username: str) -> None:
    page.goto(f"{live_server.url}/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")
