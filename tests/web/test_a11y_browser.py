"""Accessibility of every public page: axe-core (bundled, MPL-2.0, by the pinned
``axe-playwright-python``; nothing is fetched) run in Debian's Chromium with the WCAG 2.0/2.1
A and AA rules must find nothing, at a desktop width and at a phone's 375 px — where no page may
scroll sideways either. Screenshots of the phone width go to ``A11Y_SHOTS`` when it is set."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.cache import cache
from django.utils import timezone

from gongkai.catalogue.models import DocType
from gongkai.report.canonical import report_to_dict
from gongkai.report.readers import read_path
from gongkai.reports import services as reports
from gongkai.reports.models import ReportVersion
from gongkai.requests import online, services
from tests.web.browser import MARKS, new_page
from tests.web.case_fixtures import reply_with_release
from tests.web.catalogue_helpers import make_document
from tests.web.requests_fixtures import private_attachments, register  # noqa: F401

pytestmark = MARKS
DATA = Path(__file__).parents[1] / "data"
WCAG_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}
# axe files these under best practice, not WCAG: every page has one h1, and headings do not
# skip a level (a screen reader's list of headings is how a blind visitor finds the sections).
HEADINGS = {"runOnly": {"type": "rule", "values": ["page-has-heading-one", "heading-order"]}}
AXE = Axe()


@pytest.fixture
def world(
    transactional_db: Any,
    private_attachments: Any,  # noqa: F811
    clerk_a: Any,
    reviewer_a: Any,
    agency_a: Any,
    settings: Any,
) -> dict[str, Any]:
    # A dozen look-ups and two applications from one address: more than a visitor's share,
    # and the counts of earlier tests in this process must not refuse them.
    settings.STATUS_RATE_LIMIT = settings.APPLY_RATE_LIMIT = (100, 900)
    cache.clear()
    document = make_document(
        clerk_a,
        agency_a,
        written_on=date(2025, 3, 3),
        title="江临市中小学校学生欠费管理办法",
        doc_number="临教发〔2025〕3号",
        doc_type=DocType.NORMATIVE,
        body="第一条 为规范中小学校学生欠费管理，制定本办法。\n第二条 本办法自发布之日起施行。",
    )
    for day in range(1, 23):  # enough to page
        make_document(clerk_a, agency_a, written_on=date(2024, 1, day), title=f"教育工作简报{day}")
    report = read_path(DATA / "yingkou-archives-2020.json")
    version = ReportVersion.objects.create(agency=agency_a, year=2020, data=report_to_dict(report))
    reports._publish(version, report)  # the page, DOCX and PDF rendered as at publication
    today = timezone.localdate()
    waiting, waiting_code = register(clerk_a, agency_a, today)
    services.application_request_correction(
        actor=clerk_a,
        application=waiting,
        requested_on=today,
        correction_days=10,
        items="请写明所需文件的名称或文号。",
        delivery={"method": "in_person", "sent_on": today},
    )
    corrected, corrected_code = register(clerk_a, agency_a, today)
    services.application_request_correction(
        actor=clerk_a,
        application=corrected,
        requested_on=today,
        correction_days=10,
        items="请写明所需文件的名称。",
    )
    online.application_correct_online(application=corrected, text="《招生方案》")
    replied, replied_code = register(clerk_a, agency_a, today)
    reply_with_release(clerk_a, reviewer_a, replied, today)
    return {
        "document": document,
        "waiting": (waiting.tracking_number, waiting_code),
        "replied": (replied.tracking_number, replied_code),
        "corrected": (corrected.tracking_number, corrected_code),
    }


def _violations(page: Any) -> list[str]:
    found = []
    for options in (WCAG_AA, HEADINGS):
        results = AXE.run(page, options=options)
        found += [
            f"{v['id']} ({v['impact']}): {v['help']} — "
            + "; ".join(n["target"][0] if n["target"] else "?" for n in v["nodes"][:5])
            for v in results.response["violations"]
        ]
    return found


def _look_up(page: Any, base: str, number: str, code: str) -> None:
    page.goto(f"{base}/status/")
    page.fill("#id_tracking_number", number)
    page.fill("#id_query_code", code)
    with page.expect_navigation():
        page.click("#status-form button[type=submit]")


def _apply(page: Any, base: str) -> None:
    page.goto(f"{base}/apply/?agency=JL-JYJ")
    page.select_option("#id_agency", label="江临市教育局")
    page.select_option("#id_category", index=1)
    page.fill("#id_applicant_name", "张三丰")
    page.fill("#id_id_type", "居民身份证")
    page.fill("#id_id_number", "330102199001011234")
    page.fill("#id_phone", "13800000000")
    page.fill("#id_email", "zhang@example.com")
    page.fill("#id_description", "2025年江临市义务教育阶段学校招生计划")
    page.select_option("#id_form_wanted", index=1)
    page.select_option("#id_delivery", value="email")
    page.check("#id_agree")
    with page.expect_navigation():
        page.click("#apply-form button[type=submit]")


def _visits(base: str, world: dict[str, Any]) -> list[tuple[str, Any]]:
    """(name, how to get there) for every public page; a step is a URL or a function."""
    code = "JL-JYJ"
    doc = world["document"].pk
    waiting, replied = world["waiting"], world["replied"]

    def post_empty(url: str, form: str) -> Any:
        def go(page: Any) -> None:
            page.goto(f"{base}{url}")
            # the browser's own check of required fields would stop the post: ours answers
            page.eval_on_selector(form, "f => { f.noValidate = true; }")
            with page.expect_navigation():
                page.click(f"{form} button[type=submit]")

        return go

    def case_of(number: str, secret: str, then: str = "/status/case/") -> Any:
        def go(page: Any) -> None:
            _look_up(page, base, number, secret)
            if then:
                page.goto(f"{base}{then}")

        return go

    def recover(page: Any) -> None:
        page.goto(f"{base}/status/recover/")
        page.fill("#id_tracking_number", "JL-JYJ-2026-99999")
        page.fill("#id_email", "someone@example.com")
        with page.expect_navigation():
            page.click("#recover-form button[type=submit]")

    def correction_refused(page: Any) -> None:
        case_of(*waiting)(page)
        page.fill("#id_text", "")
        with page.expect_navigation():
            page.click("#correction-form button[type=submit]")

    return [
        ("门户首页", f"{base}/portal/"),
        ("机关首页", f"{base}/portal/{code}/"),
        ("主动公开目录", f"{base}/portal/{code}/documents/"),
        ("目录检索", f"{base}/portal/{code}/documents/?q=欠费"),
        ("目录检索无结果", f"{base}/portal/{code}/documents/?q=没有这个"),
        ("公开文件", f"{base}/portal/{code}/documents/{doc}/"),
        ("公开指南", f"{base}/portal/{code}/guide/"),
        ("权责清单", f"{base}/portal/{code}/powers/"),
        ("年度报告", f"{base}/portal/{code}/reports/"),
        ("一份年度报告", f"{base}/portal/{code}/reports/2020/"),
        ("申请表", f"{base}/apply/?agency={code}"),
        ("申请表出错", post_empty(f"/apply/?agency={code}", "#apply-form")),
        ("受理回执（提交后）", lambda page: _apply(page, base)),
        ("查询", f"{base}/status/"),
        ("查询出错", post_empty("/status/", "#status-form")),
        ("查询结果", case_of(*waiting, then="")),
        ("办理情况（待补正）", case_of(*waiting)),
        ("在线补正出错", correction_refused),
        ("办理情况（已在线补正）", case_of(*world["corrected"])),
        ("办理情况（已答复）", case_of(*replied)),
        ("打印回执", case_of(*replied, then="/status/receipt/")),
        ("找回查询方式", f"{base}/status/recover/"),
        ("找回查询方式出错", post_empty("/status/recover/", "#recover-form")),
        ("找回查询方式（已提交）", recover),
        ("查询链接无效", f"{base}/status/link/not-a-token/"),
        ("页面不存在", f"{base}/portal/NO-SUCH/"),
        ("登录", f"{base}/login/"),
    ]


def test_every_public_page_passes_axe_and_fits_a_phone(
    live_server: Any, browser: Any, world: dict[str, Any]
) -> None:
    shots = Path(os.environ["A11Y_SHOTS"]) if os.environ.get("A11Y_SHOTS") else None
    found: dict[str, list[str]] = {}
    for width in (1200, 375):
        page = new_page(browser, width=width, height=900)
        page.set_default_timeout(10_000)
        for name, step in _visits(live_server.url, world):
            page.context.clear_cookies()
            if callable(step):
                step(page)
            else:
                page.goto(step)
            problems = _violations(page)
            if width == 375:
                wide = page.evaluate("document.documentElement.scrollWidth")
                if wide > 375:
                    problems.append(f"scrolls sideways: {wide} px wide")
                if shots is not None:
                    shots.mkdir(parents=True, exist_ok=True)
                    page.screenshot(path=str(shots / f"{name}.png"), full_page=True)
            if problems:
                found[f"{name} @ {width}px ({page.url})"] = problems
        page.context.close()
    assert not found, "\n".join(f"{k}:\n  " + "\n  ".join(v) for k, v in found.items())


def test_the_too_many_requests_page_passes_axe(
    live_server: Any, browser: Any, transactional_db: Any, settings: Any
) -> None:
    settings.STATUS_RATE_LIMIT = (0, 900)  # every complete look-up is one too many
    page = new_page(browser, width=375)
    response = None
    page.goto(f"{live_server.url}/status/")
    page.fill("#id_tracking_number", "JL-JYJ-2026-00001")
    page.fill("#id_query_code", "ABCDEFGHJK")
    with page.expect_navigation() as navigation:
        page.click("#status-form button[type=submit]")
    response = navigation.value
    assert response is not None and response.status == 429
    assert _violations(page) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    page.context.close()


def test_axe_finds_what_it_should(live_server: Any, browser: Any, transactional_db: Any) -> None:
    """The check above can fail: a picture without text, an unlabelled field and a page
    without an h1 are found."""
    page = new_page(browser)
    page.goto(f"{live_server.url}/status/")
    assert _violations(page) == []
    page.evaluate(
        """() => {
        const main = document.querySelector('main');
        const img = document.createElement('img');
        img.src = 'data:image/gif;base64,R0lGODlhAQABAAAAACw=';
        main.appendChild(img);
        main.appendChild(document.createElement('input'));
        }"""
    )
    page.evaluate("() => document.querySelector('h1').remove()")
    found = " ".join(_violations(page))
    assert "image-alt" in found and "label" in found and "page-has-heading-one" in found
    page.context.close()
