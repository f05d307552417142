"""In headless Chromium: the clerk saves a catalogue document as a draft; it is not on the portal;
the reviewer records the 保密审查 (条例第十七条) and publishes it; then the portal shows it."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from gongkai.catalogue.models import Document
from tests.web.browser import MARKS, click_to_page, log_in, new_page

pytestmark = MARKS

TITLE = "关于开展中小学校车安全专项检查的通知"


def test_a_draft_is_reviewed_then_published_and_only_then_public(
    transactional_db: Any,
    live_server: Any,
    browser: Any,
    clerk_a: Any,
    reviewer_a: Any,
    agency_a: Any,
    tmp_path: Any,
) -> None:
    today = timezone.localdate().isoformat()
    clerk = new_page(browser)
    log_in(clerk, live_server, clerk_a.username)
    clerk.goto(f"{live_server.url}/catalogue/new/")
    clerk.fill("#id_title", TITLE)
    clerk.fill("#id_issuer", agency_a.name)
    clerk.fill("#id_written_on", today)
    clerk.select_option("#id_category", "10")
    clerk.select_option("#id_doc_type", "other")
    clerk.fill("#id_body", "各中小学校：现就校车安全专项检查通知如下。")
    click_to_page(clerk, "form.card button[type=submit]")
    assert "草稿（待保密审查）" in clerk.locator("#stage").inner_text()
    assert clerk.locator("#review-form").count() == 0  # a clerk drafts; a reviewer reviews
    document = Document.objects.get(title=TITLE)

    visitor = new_page(browser)
    visitor.goto(f"{live_server.url}/portal/JL-JYJ/documents/")
    assert TITLE not in visitor.content()

    reviewer = new_page(browser)
    log_in(reviewer, live_server, reviewer_a.username)
    reviewer.goto(f"{live_server.url}/catalogue/{document.pk}/")
    reviewer.check("#id_passed_0")
    reviewer.fill("#id_opinion", "不涉及国家秘密、工作秘密和个人信息，同意公开。")
    click_to_page(reviewer, "#review-form button[type=submit]")
    assert "已审查，待发布" in reviewer.locator("#stage").inner_text()
    assert "同意公开" in reviewer.locator("#reviews").inner_text()
    visitor.reload()
    assert TITLE not in visitor.content()  # reviewed is not yet published

    reviewer.fill("#id_published_on", today)
    click_to_page(reviewer, "#publish-form button[type=submit]")
    assert "已发布" in reviewer.locator("#stage").inner_text()
    reviewer.screenshot(path=str(tmp_path / "published.png"), full_page=True)
    visitor.reload()
    assert TITLE in visitor.content()
