"""Log in as each role in headless Chromium (Debian's, never one Playwright downloads)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.web.browser import MARKS, click_to_page, log_in, new_page

pytestmark = MARKS


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    page = new_page(browser)
    yield page
    page.context.close()


ROLES = {
    "clerk_a": "经办人",
    "reviewer_a": "审核人",
    "admin_a": "机关管理员",
    "supervisor": "公开办监督",
    "operator": "平台管理员",
}


@pytest.mark.parametrize("persona", sorted(ROLES))
def test_it_logs_each_role_in_to_its_home(
    transactional_db: Any, live_server: Any, page: Any, everyone: Any, persona: str
) -> None:
    log_in(page, live_server, everyone[persona].username)
    assert page.locator("h1").inner_text() == "工作台"
    assert page.locator(".whoami .role").inner_text() == ROLES[persona]
    assert page.locator("h2", has_text=f"我的角色：{ROLES[persona]}").count() == 1


def test_it_rejects_a_wrong_password(transactional_db: Any, live_server: Any, page: Any, clerk_a):
    page.goto(f"{live_server.url}/login/")
    page.fill("#id_username", "clerk_a")
    page.fill("#id_password", "wrong")
    click_to_page(page, "button[type=submit]")
    assert "用户名或密码不正确" in page.content()


def test_it_keeps_agency_a_out_of_bs_pages(
    transactional_db: Any, live_server: Any, page: Any, everyone: Any, agency_a: Any
) -> None:
    log_in(page, live_server, "clerk_b")
    click_to_page(page, "nav >> text='机关'")
    assert page.url == f"{live_server.url}/agencies/"
    assert "江临市档案局" in page.content() and "江临市教育局" not in page.content()
    response = page.goto(f"{live_server.url}/agencies/{agency_a.pk}/")
    assert response.status == 404


def test_it_computes_a_deadline_and_logs_out(
    transactional_db: Any, live_server: Any, page: Any, everyone: Any
) -> None:
    log_in(page, live_server, "clerk_a")
    click_to_page(page, "nav >> text=期限计算")
    page.fill("#id_received", "2026-09-28")
    page.click("button:has-text('计算')")  # htmx answers in place: wait for the answer
    expect(page.locator(".due strong")).to_have_text("2026年10月30日（星期五）")
    page.click("text=退出")
    page.wait_for_url(f"{live_server.url}/login/")
    page.goto(f"{live_server.url}/")
    assert "/login/" in page.url


def test_it_lets_the_agency_admin_change_the_phone_number(
    transactional_db: Any, live_server: Any, page: Any, everyone: Any, agency_a: Any
) -> None:
    log_in(page, live_server, "admin_a")
    click_to_page(page, "text=修改本机关信息")
    page.fill("#id_phone", "0571-87001234")
    page.fill("#id_reason", "咨询电话调整")
    click_to_page(page, "button:has-text('保存')")
    assert "机关信息已保存" in page.content()
    click_to_page(page, "nav >> text=审计日志")
    assert "咨询电话调整" in page.content()


def test_it_updates_the_deadline_as_the_date_changes(
    transactional_db: Any, live_server: Any, page: Any, everyone: Any
) -> None:
    log_in(page, live_server, "clerk_a")
    page.goto(f"{live_server.url}/calendar/deadline/")
    loads: list[str] = []
    page.on("load", lambda _: loads.append(page.url))
    page.fill("#id_received", "2026-12-10")
    page.dispatch_event("#id_received", "change")
    # htmx swaps the answer in place: no page load, and the provisional warning comes with it.
    expect(page.locator(".due strong")).to_have_text("2027年1月7日（星期四）")
    expect(page.locator(".due .tag")).to_have_text("临时")
    assert loads == []


@pytest.mark.parametrize("persona", sorted(ROLES))
def test_the_staff_menu_keeps_to_one_line_on_a_1280_pixel_screen(
    transactional_db: Any, live_server: Any, browser: Any, everyone: Any, persona: str
) -> None:
    """The commonest office screen: every menu entry and the account links share one row of
    the top bar, none cut off at the right edge."""
    page = new_page(browser, width=1280)
    try:
        log_in(page, live_server, everyone[persona].username)
        boxes = [
            link.bounding_box()
            for link in page.locator(".mainnav a, .whoami a, .whoami button").all()
        ]
        assert len(boxes) >= 5
        rows = {round(box["y"] + box["height"] / 2) for box in boxes}
        assert max(rows) - min(rows) <= 4, f"{persona}: the top bar wraps ({sorted(rows)})"
        assert all(box["x"] + box["width"] <= 1280 for box in boxes)
    finally:
        page.context.close()
