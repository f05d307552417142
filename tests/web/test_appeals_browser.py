"""In headless Chromium: registering a review case, the clerk types part of the applicant's name
and the request is offered from a search (not a list of every request), then saved with it."""

from __future__ import annotations

from datetime import date
from typing import Any

from gongkai.appeals.models import Case
from tests.web.browser import MARKS, log_in, new_page
from tests.web.requests_fixtures import register

pytestmark = MARKS


def test_the_request_of_a_case_is_found_by_typing(
    transactional_db: Any, live_server: Any, browser: Any, clerk_a: Any, agency_a: Any
) -> None:
    ours = register(clerk_a, agency_a, date(2025, 3, 3), name="欧阳修")[0]
    register(clerk_a, agency_a, date(2025, 3, 4), name="司马光")
    page = new_page(browser)
    log_in(page, live_server, clerk_a.username)
    page.goto(f"{live_server.url}/appeals/new/?agency={agency_a.pk}")
    page.select_option("#id_kind", "review")
    page.fill("#id_body", "江临市人民政府")
    page.fill("#id_applicant", "欧阳修")
    page.fill("#id_filed_on", "2025-05-06")
    page.select_option("#id_stage", "review")
    page.type("#id_application", "欧阳")
    option = page.locator("#application-options option")
    option.first.wait_for(state="attached")
    assert option.count() == 1
    value = option.first.get_attribute("value")
    assert value == f"{ours.tracking_number} 欧阳修"
    page.fill("#id_application", value)
    invalid = page.evaluate("[...document.querySelectorAll(':invalid')].map(e => e.name)")
    assert invalid == [], invalid
    with page.expect_navigation():
        page.click("form.card button[type=submit]")
    assert "errorlist" not in page.content(), page.inner_text("form.card")[:800]
    assert Case.objects.get().application_id == ours.pk
