"""The account pages as a supervisor meets them in headless Chromium: log in, be sent to enrol
an authenticator, scan (read the secret), enter the code, see the recovery codes once, reach the
home page; then a forced password change. Screenshots are left in the test's temporary folder."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.web.accounts_helpers import totp
from tests.web.browser import MARKS, click_to_page, new_page
from tests.web.conftest import PASSWORD

pytestmark = MARKS


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    page = new_page(browser)
    yield page
    page.context.close()


def _password_step(page: Any, live_server: Any, username: str, password: str = PASSWORD) -> None:
    page.goto(f"{live_server.url}/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("button[type=submit]")


def test_a_supervisor_enrols_a_second_factor(
    transactional_db: Any,
    live_server: Any,
    page: Any,
    settings: Any,
    supervisor: Any,
    tmp_path: Path,
) -> None:
    settings.TWO_FACTOR_REQUIRED = True
    _password_step(page, live_server, "supervisor")
    page.wait_for_url(f"{live_server.url}/accounts/security/setup/**")
    assert page.locator("h1").inner_text() == "启用双因素认证"
    image = page.locator("img[alt=身份验证器二维码]")
    assert image.evaluate("img => img.naturalWidth") > 0  # the QR code loaded
    page.screenshot(path=str(tmp_path / "setup.png"), full_page=True)
    secret = page.locator("code.secret").inner_text().strip()
    page.fill("#id_token", totp(secret))
    click_to_page(page, "main button[type=submit]")
    assert page.locator("h1").inner_text() == "双因素认证已启用"
    assert page.locator(".recovery-codes li").count() == 10
    codes = page.locator(".recovery-codes code").all_inner_texts()
    page.screenshot(path=str(tmp_path / "codes.png"), full_page=True)
    page.click("text=我已保存，继续")
    page.wait_for_url(f"{live_server.url}/")
    assert page.locator("h1").inner_text() == "工作台"
    click_to_page(page, "text=账号安全")
    assert "剩余恢复码：10" in page.locator("main").inner_text()
    page.screenshot(path=str(tmp_path / "security.png"), full_page=True)
    # Next time: the password, then a code (here a recovery code; a phone is not at hand).
    click_to_page(page, ".whoami button[type=submit]")  # 退出: gone before the next log-in
    _password_step(page, live_server, "supervisor")
    page.wait_for_url(f"{live_server.url}/accounts/security/verify/**")
    page.screenshot(path=str(tmp_path / "verify.png"), full_page=True)
    page.fill("#id_token", codes[0])
    page.click("main button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")
    assert page.locator("h1").inner_text() == "工作台"


def test_an_initial_password_is_changed_at_the_first_log_in(
    transactional_db: Any, live_server: Any, page: Any, clerk_a: Any, tmp_path: Path
) -> None:
    clerk_a.must_change_password = True
    clerk_a.save(update_fields=["must_change_password"])
    _password_step(page, live_server, "clerk_a")
    page.wait_for_url(f"{live_server.url}/accounts/password/**")
    assert "初始密码" in page.locator("main").inner_text()
    page.fill("#id_old_password", PASSWORD)
    page.fill("#id_new_password1", "zhangsan1")
    page.fill("#id_new_password2", "zhangsan1")
    click_to_page(page, "main button[type=submit]")
    assert "至少需要 10 个字符" in page.locator("main").inner_text()
    page.screenshot(path=str(tmp_path / "password.png"), full_page=True)
    page.fill("#id_old_password", PASSWORD)
    page.fill("#id_new_password1", "Chosen-by-me-7")
    page.fill("#id_new_password2", "Chosen-by-me-7")
    page.click("main button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")
    assert page.locator("h1").inner_text() == "工作台"
