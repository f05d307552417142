"""In headless Chromium at a phone's width: the applicant looks the case up, reads what the
agency asks, and prints the receipt — the print stylesheet leaves the site's menus out."""

from __future__ import annotations

from datetime import date
from typing import Any

from gongkai.requests import services
from tests.web.browser import MARKS, click_to_page, new_page
from tests.web.requests_fixtures import register

pytestmark = MARKS


def test_it_shows_the_case_on_a_phone_and_prints_the_receipt(
    transactional_db: Any,
    live_server: Any,
    browser: Any,
    tmp_path: Any,
    clerk_a: Any,
    agency_a: Any,
) -> None:
    application, code = register(clerk_a, agency_a, date(2026, 2, 6))
    services.application_request_correction(
        actor=clerk_a,
        application=application,
        requested_on=date(2026, 2, 9),
        correction_days=10,
        items="请写明所需文件的名称或文号。",
    )
    page = new_page(browser, width=375, height=800)
    problems: list[str] = []
    page.on(  # the strict CSP: a style or script refused would show here
        "console",
        lambda m: problems.append(m.text) if "Content Security Policy" in m.text else None,
    )
    page.goto(f"{live_server.url}/status/")
    page.fill("#id_tracking_number", application.tracking_number)
    page.fill("#id_query_code", code)
    click_to_page(page, "#status-form button[type=submit]")
    assert "请写明所需文件的名称或文号。" in page.inner_text("#asks-correction")
    assert "2026年2月9日" in page.inner_text("#timeline")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375  # no sideways scroll
    page.screenshot(path=str(tmp_path / "case-375.png"), full_page=True)
    click_to_page(page, "text=打印回执")
    assert application.tracking_number in page.inner_text("#receipt")
    header = "getComputedStyle(document.querySelector('.masthead')).display"
    assert page.evaluate(header) != "none"
    page.emulate_media(media="print")
    assert page.evaluate(header) == "none"
    assert page.is_visible("#receipt")
    assert not problems, problems
