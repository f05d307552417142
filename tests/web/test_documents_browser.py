"""In headless Chromium: the clerk drafts a 部分公开 reply with its withheld parts, the reviewer
returns the letter with comments, the clerk revises and resubmits it, and the reviewer's answer
issues it with its 文号; the ledger lists it."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from gongkai.documents.models import Document, DocumentSettings
from tests.web.browser import MARKS, click_to_page, log_in, new_page
from tests.web.requests_fixtures import register

pytestmark = MARKS


def test_a_partial_reply_goes_through_review_to_its_number(
    transactional_db: Any,
    live_server: Any,
    browser: Any,
    clerk_a: Any,
    reviewer_a: Any,
    agency_a: Any,
    tmp_path: Any,
) -> None:
    DocumentSettings.objects.create(agency=agency_a, number_prefix="江临教")
    case = register(clerk_a, agency_a, timezone.localdate())[0]
    clerk = new_page(browser)
    log_in(clerk, live_server, clerk_a.username)
    clerk.goto(f"{live_server.url}/requests/{case.pk}/draft_reply/")
    clerk.select_option("#id_outcome", "partially_disclosed")
    clerk.fill("#id_disclosed_part", "招生计划总表")
    clerk.fill("#id_withheld_1_part", "各校学生名单")
    clerk.select_option("#id_withheld_1_ground", "withheld.third_party_rights")
    clerk.screenshot(path=str(tmp_path / "reply-form.png"), full_page=True)
    click_to_page(clerk, "#action-form button[type=submit]")
    click_to_page(clerk, "#documents-link")
    click_to_page(clerk, "#documents a:has-text('答复告知书')")
    click_to_page(clerk, "button:has-text('提交审核')")
    assert clerk.locator("#status").inner_text() == "待审核"

    reviewer = new_page(browser)
    log_in(reviewer, live_server, reviewer_a.username)
    document = Document.objects.get(application=case)
    reviewer.goto(f"{live_server.url}/documents/{document.pk}/")
    reviewer.fill("#id_comments", "第一项请写明是哪几所学校的名单。")
    click_to_page(reviewer, "button:has-text('退回')")
    assert reviewer.locator("#status").inner_text() == "退回修改"

    clerk.reload()
    assert "第一项请写明是哪几所学校的名单" in clerk.locator("#comments").inner_text()
    text = clerk.locator("#id_text").input_value()
    clerk.fill("#id_text", text.replace("各校学生名单", "第一中学、第七中学学生名单"))
    click_to_page(clerk, "button:has-text('保存修改')")
    click_to_page(clerk, "button:has-text('重新提交审核')")
    clerk.screenshot(path=str(tmp_path / "document.png"), full_page=True)

    reviewer.goto(f"{live_server.url}/requests/{case.pk}/secrecy_review/")  # 条例第十七条
    reviewer.check("#id_passed_0")
    reviewer.fill("#id_opinion", "不涉及国家秘密，学生名单不予公开，同意发出。")
    click_to_page(reviewer, "#action-form button[type=submit]")
    reviewer.goto(f"{live_server.url}/requests/{case.pk}/answer/")
    assert "第一中学、第七中学学生名单" in reviewer.content()
    click_to_page(reviewer, "#action-form button[type=submit]")
    reviewer.goto(f"{live_server.url}/documents/?year={timezone.localdate().year}")
    ledger = reviewer.locator("#ledger").inner_text()
    assert f"江临教依申〔{timezone.localdate().year}〕1号" in ledger and "已签发" in ledger
