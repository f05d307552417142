"""In headless Chromium: an applicant submits the public form, the clerk drafts the reply, the
reviewer approves it, and the applicant reads the reply on the status page."""

from __future__ import annotations

from typing import Any

from gongkai.requests.models import Application
from tests.web.browser import MARKS, click_to_page, log_in, new_page
from tests.web.requests_fixtures import use_private_dir

pytestmark = MARKS
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def _page(chromium: Any) -> Any:
    return new_page(chromium, width=1200, height=900)


def test_it_takes_a_request_from_the_public_form_to_the_reply(
    transactional_db: Any,
    live_server: Any,
    browser: Any,
    settings: Any,
    tmp_path: Any,
    clerk_a: Any,
    reviewer_a: Any,
) -> None:
    use_private_dir(settings, tmp_path / "private")
    applicant = _page(browser)
    applicant.goto(f"{live_server.url}/apply/")
    applicant.select_option("#id_agency", label="江临市教育局")
    applicant.select_option("#id_category", "natural_person")
    applicant.fill("#id_applicant_name", "刘芳")
    applicant.fill("#id_id_type", "居民身份证")
    applicant.fill("#id_id_number", "330102198807074321")
    applicant.fill("#id_phone", "13900000000")
    applicant.fill("#id_email", "liu@example.com")
    applicant.fill("#id_description", "江临市第一中学2025年招生简章")
    applicant.select_option("#id_form_wanted", "electronic")
    applicant.select_option("#id_delivery", "email")
    applicant.set_input_files(
        "#id_files", files=[{"name": "身份证.png", "mimeType": "image/png", "buffer": PNG}]
    )
    applicant.check("#id_agree")
    applicant.click("#apply-form button[type=submit]")
    applicant.wait_for_url(f"{live_server.url}/apply/done/")
    tracking = applicant.locator("#tracking-number").inner_text()
    code = applicant.locator("#query-code").inner_text()
    assert tracking.startswith("JL-JYJ-")

    clerk = _page(browser)
    log_in(clerk, live_server, clerk_a.username)
    clerk.goto(f"{live_server.url}/requests/")
    click_to_page(clerk, f"text={tracking}")
    assert clerk.locator("text=身份证.png").count() == 1
    click_to_page(clerk, "a.button:has-text('拟定答复')")
    clerk.select_option("#id_outcome", "disclosed")
    click_to_page(clerk, "#action-form button[type=submit]")
    assert "予以公开" in clerk.locator("#letter").inner_text()
    assert clerk.locator("a.button:has-text('审核并答复')").count() == 0  # the reviewer's

    reviewer = _page(browser)
    log_in(reviewer, live_server, reviewer_a.username)
    reviewer.goto(f"{live_server.url}/requests/")
    click_to_page(reviewer, f"text={tracking}")
    assert "尚未经保密审查" in reviewer.locator("#secrecy-review").inner_text()
    click_to_page(reviewer, "a.button:has-text('保密审查')")  # 条例第十七条
    reviewer.check("#id_passed_0")
    reviewer.fill("#id_opinion", "不涉及国家秘密、商业秘密和个人隐私，同意发出。")
    click_to_page(reviewer, "#action-form button[type=submit]")
    assert "同意发出" in reviewer.locator("#secrecy-review").inner_text()
    click_to_page(reviewer, "a.button:has-text('审核并答复')")
    click_to_page(reviewer, "#action-form button[type=submit]")
    assert "（一）予以公开" in reviewer.locator("#outcome").inner_text()
    assert Application.objects.get(tracking_number=tracking).status == "closed"

    applicant.goto(f"{live_server.url}/status/")
    applicant.fill("#id_tracking_number", tracking)
    applicant.fill("#id_query_code", code)
    click_to_page(applicant, "#status-form button[type=submit]")
    assert applicant.locator("#state").inner_text() == "已办结"
    letter = applicant.locator("#letter").inner_text()
    assert "第三十六条第（二）项" in letter and "行政复议" in letter
    assert "330102198807074321" not in applicant.content()
    applicant.screenshot(path=str(tmp_path / "status.png"), full_page=True)
