"""The public portal in headless Chromium (Debian's): search, open a document, read the feed,
and a phone-sized screen without sideways scrolling."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from gongkai.catalogue.models import DocType
from tests.web.browser import MARKS, new_page
from tests.web.catalogue_helpers import make_document

pytestmark = MARKS


@pytest.fixture
def catalogue(transactional_db: Any, clerk_a: Any, agency_a: Any) -> dict[str, Any]:
    docs = {
        "fees": make_document(
            clerk_a,
            agency_a,
            written_on=date(2025, 3, 3),
            title="江临市中小学校学生欠费管理办法",
            doc_number="临教发〔2025〕3号",
            doc_type=DocType.NORMATIVE,
            body="第一条 为规范中小学校学生欠费管理，制定本办法。\n第二条 本办法自发布之日起施行。",
        ),
        "food": make_document(
            clerk_a,
            agency_a,
            written_on=date(2025, 4, 7),
            title="关于做好校园食品安全工作的通知",
            doc_number="临教办〔2025〕12号",
        ),
    }
    for day in range(1, 25):  # enough to page
        make_document(
            clerk_a, agency_a, written_on=date(2024, 1, day), title=f"2024年第{day}期教育工作简报"
        )
    return docs


def test_it_searches_from_the_home_page_and_opens_a_document(
    live_server: Any, browser: Any, catalogue: dict
) -> None:
    page = new_page(browser, javascript=False)
    page.goto(f"{live_server.url}/portal/JL-JYJ/")
    page.fill("#portal-q", "欠费管理")
    with page.expect_navigation():
        page.click(".searchbar button")
    assert page.locator(".count").inner_text() == "找到 1 件"
    with page.expect_navigation():
        page.click("text=江临市中小学校学生欠费管理办法")
    assert page.locator("h1").inner_text() == "江临市中小学校学生欠费管理办法"
    assert "临教发〔2025〕3号" in page.locator(".docmeta").inner_text()
    assert page.locator(".body-text p").count() == 2
    page.context.close()


def test_it_filters_and_pages_without_javascript(
    live_server: Any, browser: Any, catalogue: dict
) -> None:
    page = new_page(browser, javascript=False)
    page.goto(f"{live_server.url}/portal/JL-JYJ/documents/")
    assert page.locator(".results > li").count() == 20
    with page.expect_navigation():
        page.click("text=下一页")
    assert page.locator(".pager span").inner_text() == "第 2 / 2 页"
    page.goto(f"{live_server.url}/portal/JL-JYJ/documents/")
    page.select_option("select[name=type]", "normative")
    with page.expect_navigation():
        page.click(".filters button")
    assert page.locator(".results > li").count() == 1
    page.context.close()


def test_it_reads_the_feed(live_server: Any, browser: Any, catalogue: dict) -> None:
    page = new_page(browser, javascript=False)
    page.goto(f"{live_server.url}/portal/JL-JYJ/")
    href = page.locator("link[type='application/atom+xml']").get_attribute("href")
    response = page.request.get(f"{live_server.url}{href}")
    assert response.ok and response.headers["content-type"].startswith("application/atom+xml")
    assert "关于做好校园食品安全工作的通知" in response.text()
    page.context.close()


@pytest.mark.parametrize("path", ["", "documents/", "documents/{fees}/", "powers/"])
def test_it_fits_a_phone_screen(live_server: Any, browser: Any, catalogue: dict, path: str) -> None:
    page = new_page(browser, width=390, javascript=False)
    page.goto(f"{live_server.url}/portal/JL-JYJ/{path.format(fees=catalogue['fees'].pk)}")
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0
    page.context.close()
