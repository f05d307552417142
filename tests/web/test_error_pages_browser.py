"""The public 404 in a browser: the portal's layout, axe finds nothing, a phone does not scroll
sideways; a staff 404 keeps the staff navigation. Screenshots go to ``ERROR_SHOTS`` when set."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from tests.web.browser import MARKS, log_in, new_page
from tests.web.test_a11y_browser import _violations

pytestmark = MARKS


def _shot(page: Any, name: str) -> None:
    if os.environ.get("ERROR_SHOTS"):
        shots = Path(os.environ["ERROR_SHOTS"])
        shots.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(shots / f"{name}.png"), full_page=True)


def test_a_missing_public_page_is_a_portal_page(
    live_server: Any, browser: Any, agency_a: Any
) -> None:
    for width in (1200, 375):
        page = new_page(browser, width=width)
        response = page.goto(f"{live_server.url}/portal/JL-JYJ/documents/999999/")
        assert response is not None and response.status == 404
        assert page.locator("h1").inner_text() == "页面不存在"
        assert page.locator(".masthead .agency-name").inner_text() == "江临市教育局"
        assert page.locator(".topbar").count() == 0
        assert _violations(page) == []
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        _shot(page, f"public-404-{width}")
        page.context.close()


def test_a_missing_staff_page_keeps_the_staff_navigation(
    live_server: Any, browser: Any, clerk_a: Any
) -> None:
    page = new_page(browser)
    log_in(page, live_server, clerk_a.username)
    response = page.goto(f"{live_server.url}/requests/999999/")
    assert response is not None and response.status == 404
    assert page.locator(".topbar nav.mainnav").count() == 1
    assert page.locator(".masthead").count() == 0
    _shot(page, "staff-404")
    page.context.close()
