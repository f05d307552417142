"""In headless Chromium: a clerk builds the annual report from a year of requests, the live
check answers as she types, the reviewer submits and publishes it, it appears on the portal,
and the supervising office sees it on its dashboard and in the 汇总."""

from __future__ import annotations

from typing import Any

from gongkai.reports.models import ReportVersion, Status
from tests.web.browser import MARKS, click_to_page, log_in, new_page
from tests.web.reports_fixtures import YEAR, year_of_requests

pytestmark = MARKS


def _page(chromium: Any) -> Any:
    return new_page(chromium, width=1300, height=1000)


def _acknowledge_warnings(page: Any) -> int:
    done = 0
    while page.locator("#findings input[name=reason]").count():
        form = page.locator("#findings form").first
        form.locator("input[name=reason]").fill("本年度无此类事项，按规定填 0 或留空")
        click_to_page(page, form.locator("button"))
        done += 1
    return done


def test_it_takes_the_report_from_the_records_to_the_portal_and_the_summary(
    transactional_db: Any,
    live_server: Any,
    browser: Any,
    operator: Any,
    agency_a: Any,
    clerk_a: Any,
    reviewer_a: Any,
    supervisor: Any,
) -> None:
    year_of_requests(operator, agency_a)
    clerk = _page(browser)
    log_in(clerk, live_server, clerk_a.username)
    clerk.goto(f"{live_server.url}/reports/?year={YEAR}")
    click_to_page(clerk, "#build-report")
    draft = ReportVersion.objects.get(agency=agency_a, year=YEAR)
    new = draft.report.requests["new"]["total"]
    assert f"新收政府信息公开申请{new}件" in clerk.input_value("#id_overview")

    # The live check reads the prose as it is typed: a wrong figure is flagged before saving.
    overview = clerk.input_value("#id_overview")
    clerk.fill("#id_overview", overview.replace(f"申请{new}件", f"申请{new + 3}件"))
    clerk.wait_for_selector("#findings li:has-text('R9')")
    clerk.fill("#id_overview", overview)
    clerk.wait_for_selector("#findings li:has-text('R9')", state="detached")
    clerk.fill("#id_problems", "一是政策解读形式单一；二是答复文书说理不够充分。下一步将逐项整改。")
    click_to_page(clerk, "#save-narrative")
    clerk.wait_for_selector("text=已保存")
    assert _acknowledge_warnings(clerk) > 0
    assert "0 个错误，0 个提示待说明理由" in clerk.inner_text("#findings")
    assert clerk.locator("#submit-report").count() == 0  # a clerk does not submit

    reviewer = _page(browser)
    log_in(reviewer, live_server, reviewer_a.username)
    reviewer.goto(f"{live_server.url}/reports/{draft.pk}/")
    click_to_page(reviewer, "#submit-report")
    reviewer.wait_for_selector("text=已审核并报送")
    click_to_page(reviewer, "#publish-report")
    reviewer.wait_for_selector("#public-link")
    draft.refresh_from_db()
    assert draft.status == Status.PUBLISHED

    visitor = _page(browser)
    visitor.goto(f"{live_server.url}/portal/{agency_a.short_code}/reports/")
    click_to_page(visitor, f"text={agency_a.name}{YEAR}年政府信息公开工作年度报告")
    assert "三、收到和处理政府信息公开申请情况" in visitor.inner_text("main")
    assert "一是政策解读形式单一" in visitor.inner_text("main")
    with visitor.expect_download() as download:
        visitor.click("text=下载 PDF")
    assert download.value.suggested_filename.endswith(".pdf")

    office = _page(browser)
    log_in(office, live_server, supervisor.username)
    office.goto(f"{live_server.url}/reports/supervise/?year={YEAR}")
    row = office.locator("#agency-states tr", has_text=agency_a.name)
    assert "已公开" in row.inner_text()
    # Nothing started for 2025 and 31 January 2026 has passed: the archives bureau is late.
    assert "逾期" in office.locator("#agency-states tr", has_text="江临市档案局").inner_text()
    click_to_page(office, "text=汇总与图表")
    assert "汇总了 1 个机关" in office.inner_text("#summary-included")
    office.screenshot(path="/tmp/reports-summary.png", full_page=True)
