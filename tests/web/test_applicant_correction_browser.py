"""In headless Chromium at a phone's width: the applicant sends the 补正 online with a file, sees
the reply period restarted from today, and — once the agency has replied (partly disclosed,
the redacted PDF released, 保密审查 passed) — downloads the reply letter and the released file."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.cache import cache
from django.utils import timezone

from gongkai.requests import services
from gongkai.requests.models import Status
from gongkai.workdays.clock import add_working_days
from gongkai.workdays.selectors import platform_calendar
from tests.web.browser import MARKS, click_to_page, new_page
from tests.web.case_fixtures import reply_with_release
from tests.web.requests_fixtures import private_attachments, register  # noqa: F401

pytestmark = MARKS
SHOTS = Path("/tmp/casepage")
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def test_the_applicant_corrects_online_then_downloads_the_reply_and_the_released_file(
    transactional_db: Any,
    live_server: Any,
    browser: Any,
    tmp_path: Path,
    private_attachments: Any,  # noqa: F811
    clerk_a: Any,
    reviewer_a: Any,
    agency_a: Any,
) -> None:
    cache.clear()  # the look-up counts of earlier tests in this process (rate limit)
    today = timezone.localdate()
    application, code = register(clerk_a, agency_a, today)
    services.application_request_correction(
        actor=clerk_a,
        application=application,
        requested_on=today,
        correction_days=10,
        items="请写明所需文件的名称或文号。",
        delivery={"method": "in_person", "sent_on": today},
    )
    page = new_page(browser, width=375, height=800)
    page.goto(f"{live_server.url}/status/")
    page.fill("#id_tracking_number", application.tracking_number)
    page.fill("#id_query_code", code)
    click_to_page(page, "#status-form button[type=submit]")  # before the goto cancels it
    page.goto(f"{live_server.url}/status/case/")
    assert page.is_visible("#correction-form")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    page.fill("#id_text", "所需文件为《江临市2025年义务教育招生工作方案》。")
    scan = tmp_path / "证明.png"
    scan.write_bytes(PNG)
    page.set_input_files("#id_files", str(scan))
    click_to_page(page, "#correction-form button[type=submit]")
    assert page.is_visible("#messages")
    application.refresh_from_db()
    assert application.status == Status.OPEN and application.period_start == today
    due = add_working_days(platform_calendar(), today, 20).due
    assert application.due_on == due
    assert f"{due:%Y年%-m月%-d日}" in page.inner_text("#due")
    assert "重新计算" in page.inner_text("#timeline")
    assert not page.is_visible("#correction-form")
    page.screenshot(path=str(SHOTS / "corrected-375.png"), full_page=True)

    # The agency replies: 部分公开, the redacted PDF released before the reply goes out.
    _answered, released = reply_with_release(clerk_a, reviewer_a, application, today)
    page.reload()
    assert released.original_name in page.inner_text("#released")
    with page.expect_download() as letter:
        page.click("#reply-letter")
    assert letter.value.suggested_filename.endswith(".pdf")
    assert Path(letter.value.path()).read_bytes().startswith(b"%PDF-")
    with page.expect_download() as file:
        page.click("#released a")
    assert file.value.suggested_filename == released.original_name
    assert Path(file.value.path()).read_bytes().startswith(b"%PDF-")
    page.screenshot(path=str(SHOTS / "replied-375.png"), full_page=True)
