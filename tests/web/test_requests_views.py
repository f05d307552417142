"""The staff pages (dashboard, register, case page, actions, letters, attachments, ledger,
table 三) and the public ones (/apply/, /status/): what each shows, and who is refused."""

from __future__ import annotations

import io
import re
from datetime import date
from typing import Any

import pytest
import time_machine
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from docx import Document
from openpyxl import load_workbook

from gongkai.requests import codes, services
from gongkai.requests.models import Application, Status
from tests.web.requests_fixtures import register, secrecy_passed, use_private_dir

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


@pytest.fixture(autouse=True)
def frozen() -> Any:
    cache.clear()  # the rate limiter's counters
    with time_machine.travel("2026-03-02 10:00 +0800", tick=False):
        yield


@pytest.fixture(autouse=True)
def private_dir(settings, tmp_path) -> Any:
    return use_private_dir(settings, tmp_path / "private")


@pytest.fixture
def case_a(clerk_a, agency_a) -> Application:
    return register(clerk_a, agency_a, date(2026, 2, 6))[0]


def _as(client: Client, user: Any) -> Client:
    client.force_login(user)
    return client


STAFF_PAGES = [
    ("requests:detail", lambda c: {"pk": c.pk}),
    ("requests:action", lambda c: {"pk": c.pk, "action": "consult"}),
    ("requests:letter", lambda c: {"pk": c.pk, "kind": "docx"}),
    ("requests:attachment", lambda c: {"pk": c.pk, "attachment_pk": 1}),
    ("requests:fee_notice", lambda c: {"pk": c.pk, "kind": "pdf"}),
]


@pytest.mark.parametrize(("name", "kwargs"), STAFF_PAGES)
@pytest.mark.parametrize("persona", ["clerk_b", "admin_b", "other_supervisor"])
def test_it_hides_agency_as_case_from_outsiders(client, everyone, case_a, name, kwargs, persona):
    response = _as(client, everyone[persona]).get(reverse(name, kwargs=kwargs(case_a)))
    assert response.status_code == 404


def test_it_lists_only_visible_cases_on_the_dashboard(client, everyone, case_a, clerk_b, agency_b):
    register(clerk_b, agency_b, date(2026, 2, 20), name="档案用户")
    page = _as(client, everyone["clerk_b"]).get(reverse("requests:dashboard")).content.decode()
    assert "JL-DAJ-2026-00001" in page and case_a.tracking_number not in page
    page = _as(client, everyone["supervisor"]).get(reverse("requests:dashboard")).content.decode()
    assert "JL-DAJ-2026-00001" in page and case_a.tracking_number in page


def test_it_sorts_by_days_left_and_marks_overdue_and_due_soon(client, clerk_a, agency_a) -> None:
    overdue = register(clerk_a, agency_a, date(2026, 1, 5))[0]  # due 2 February
    soon = register(clerk_a, agency_a, date(2026, 2, 3))[0]  # due 9 March: 5 days left
    later = register(clerk_a, agency_a, date(2026, 3, 2))[0]
    page = _as(client, clerk_a).get(reverse("requests:dashboard")).content.decode()
    positions = [page.index(a.tracking_number) for a in (overdue, soon, later)]
    assert positions == sorted(positions)
    row = lambda a: page[page.rindex("<tr", 0, page.index(a.tracking_number)) :][:40]  # noqa: E731
    assert 'class="overdue"' in row(overdue)
    assert 'class="due-soon"' in row(soon)
    assert 'class=""' in row(later)
    assert "超期 16 天" in page  # due 2 February; 3–27 Feb and 2 March, with both make-up Saturdays


def test_it_filters_and_searches(client, clerk_a, agency_a) -> None:
    register(clerk_a, agency_a, date(2026, 2, 6), name="江临科技有限公司", category="commercial")
    register(clerk_a, agency_a, date(2026, 2, 6), name="王五", description="校车采购合同")
    client = _as(client, clerk_a)
    page = client.get(reverse("requests:dashboard"), {"category": "commercial"}).content.decode()
    assert "江临科技有限公司" in page and "王*" not in page  # organisations are not masked
    page = client.get(reverse("requests:dashboard"), {"q": "校车"}).content.decode()
    assert "王*" in page and "江临科技有限公司" not in page


def test_it_masks_identity_in_lists(client, clerk_a, case_a) -> None:
    page = _as(client, clerk_a).get(reverse("requests:dashboard")).content.decode()
    assert "张三丰" not in page and "张**" in page


def test_it_lets_a_supervisor_read_but_not_write(client, supervisor, case_a) -> None:
    client = _as(client, supervisor)
    page = client.get(reverse("requests:detail", kwargs={"pk": case_a.pk})).content.decode()
    assert case_a.tracking_number in page and "征求意见</a>" not in page
    url = reverse("requests:action", kwargs={"pk": case_a.pk, "action": "consult"})
    assert (
        client.post(url, {"kind": "agency", "party": "x", "sent_on": "2026-03-02"}).status_code
        == 403
    )
    assert client.get(reverse("requests:register")).status_code == 403


def test_it_shows_reviewer_buttons_only_to_reviewers(client, clerk_a, reviewer_a, case_a) -> None:
    url = reverse("requests:detail", kwargs={"pk": case_a.pk})
    assert "批准延期" not in _as(client, clerk_a).get(url).content.decode()
    assert "批准延期" in _as(Client(), reviewer_a).get(url).content.decode()
    extend = reverse("requests:action", kwargs={"pk": case_a.pk, "action": "extend"})
    assert _as(Client(), clerk_a).post(extend, {"days": 5, "reason": "x"}).status_code == 403


def test_it_registers_a_letter_with_an_attachment(client, clerk_a, agency_a, private_dir) -> None:
    response = _as(client, clerk_a).post(
        reverse("requests:register"),
        {
            "agency": agency_a.pk,
            "channel": "post",
            "received_on": "2026-02-27",
            "category": "research",
            "applicant_name": "江临大学教育研究所",
            "description": "2025年全市中小学生均公用经费标准",
            "form_wanted": "paper",
            "delivery": "post",
            "address": "江临市学府路1号",
            "files": [SimpleUploadedFile("公函.pdf", PDF, "application/pdf")],
        },
    )
    application = Application.objects.get()
    assert response.status_code == 302
    assert application.received_on == date(2026, 2, 27) and application.channel == "post"
    stored = application.attachments.get()
    assert str(private_dir) in stored.file.path
    download = client.get(
        reverse("requests:attachment", kwargs={"pk": application.pk, "attachment_pk": stored.pk})
    )
    assert b"".join(download.streaming_content) == PDF


def test_it_runs_an_action_and_shows_a_rule_refusal_on_the_form(client, clerk_a, case_a) -> None:
    client = _as(client, clerk_a)
    url = reverse("requests:action", kwargs={"pk": case_a.pk, "action": "request_correction"})
    # received 6 February: 2 March is well past the 7 working days of 条例第三十条
    page = client.post(url, {"requested_on": "2026-03-02", "correction_days": 10, "items": "x"})
    assert page.status_code == 200 and "7 个工作日" in page.content.decode()
    url = reverse("requests:action", kwargs={"pk": case_a.pk, "action": "draft_reply"})
    assert client.post(url, {"outcome": "disclosed", "letter_text": ""}).status_code == 302
    case_a.refresh_from_db()
    assert case_a.draft_outcome == "disclosed" and "予以公开" in case_a.letter_text


def test_it_exports_the_years_ledger(client, clerk_a, case_a, clerk_b, agency_b) -> None:
    register(clerk_b, agency_b, date(2026, 2, 9))
    response = _as(client, clerk_a).get(reverse("requests:ledger"), {"year": 2026})
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "受理编号"
    assert [r[0] for r in rows[1:]] == [case_a.tracking_number]
    assert rows[1][5] == "张**"


def test_it_shows_table_three(client, clerk_a, reviewer_a, case_a) -> None:
    services.application_draft_reply(actor=clerk_a, application=case_a, outcome="disclosed")
    secrecy_passed(reviewer_a, case_a)
    services.application_answer(actor=reviewer_a, application=case_a, answered_on=date(2026, 3, 2))
    page = _as(client, clerk_a).get(reverse("requests:statistics"), {"year": 2026}).content.decode()
    assert "（一）予以公开" in page and "本年新收政府信息公开申请数量" in page


# --- the public side ------------------------------------------------------------------------


def _apply_data(agency: Any, **extra: Any) -> dict[str, Any]:
    return {
        "agency": agency.pk,
        "category": "natural_person",
        "applicant_name": "刘芳",
        "id_type": "居民身份证",
        "id_number": "330102198807074321",
        "phone": "13900000000",
        "email": "liu@example.com",
        "description": "江临市第一中学2025年招生简章",
        "form_wanted": "electronic",
        "delivery": "email",
        "agree": "on",
        "submission": codes.submission_token_new(),
        **extra,
    }


def test_it_takes_an_online_application_and_gives_a_query_code(agency_a, private_dir) -> None:
    client = Client()
    data = _apply_data(agency_a, files=[SimpleUploadedFile("id.png", PNG, "image/png")])
    response = client.post(reverse("requests:apply"), data)
    assert response.status_code == 302
    receipt = client.get(response["Location"]).content.decode()
    application = Application.objects.get()
    assert application.channel == "web" and application.received_on == date(2026, 3, 2)
    assert application.tracking_number in receipt and "查询码" in receipt
    assert application.attachments.get().content_type == "image/png"
    # the receipt is shown once only
    assert client.get(response["Location"]).status_code == 302


def _receipt(client: Client, response: Any) -> tuple[str, str, str]:
    page = client.get(response["Location"]).content.decode()
    number = re.search(r'id="tracking-number">([^<]+)<', page)
    code = re.search(r'id="query-code">([^<]+)<', page)
    assert number and code, page
    return number[1], code[1], page


def test_it_registers_a_form_posted_twice_once(agency_a, private_dir) -> None:
    client = Client()
    data = _apply_data(agency_a)
    first = _receipt(client, client.post(reverse("requests:apply"), data))
    # a double click, or a retry after the connection dropped before the receipt came back
    second = _receipt(client, client.post(reverse("requests:apply"), data))
    assert Application.objects.count() == 1
    assert first[:2] == second[:2]  # the same tracking number and the same query code
    assert 'id="repeated"' not in first[2] and 'id="repeated"' in second[2]
    application = Application.objects.get()
    assert codes.query_code_matches(application, second[1])
    # a fresh form is a new application, with the next number
    third = _receipt(client, client.post(reverse("requests:apply"), _apply_data(agency_a)))
    assert third[0] != first[0] and Application.objects.count() == 2


@pytest.mark.parametrize("token", ["", "0123456789abcdef0123456789abcdef", "forged:sig"])
def test_it_keeps_the_form_when_its_key_is_missing_or_forged(agency_a, token) -> None:
    page = Client().post(reverse("requests:apply"), _apply_data(agency_a, submission=token))
    text = page.content.decode()
    assert page.status_code == 200 and "提交标识" in text
    assert not Application.objects.exists()
    assert "江临市第一中学2025年招生简章" in text  # nothing the applicant typed is lost
    fresh = re.search(r'name="submission" value="([^"]+)"', text)
    assert fresh and codes.submission_key(fresh[1]) is not None


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (SimpleUploadedFile("a.pdf", b"MZ\x90\x00 not a pdf", "application/pdf"), "不是 PDF"),
        (
            SimpleUploadedFile("big.pdf", b"%PDF-" + b"0" * (5 * 1024 * 1024), "application/pdf"),
            "超过 5 MB",
        ),
    ],
)
def test_it_refuses_bad_attachments(agency_a, private_dir, upload, message) -> None:
    page = Client().post(reverse("requests:apply"), _apply_data(agency_a, files=[upload]))
    assert page.status_code == 200 and message in page.content.decode()
    assert not Application.objects.exists()


def test_it_requires_the_csrf_token(agency_a) -> None:
    client = Client(enforce_csrf_checks=True)
    assert client.post(reverse("requests:apply"), _apply_data(agency_a)).status_code == 403


def test_it_rate_limits_submissions_per_address(agency_a) -> None:
    client = Client()
    statuses = [
        client.post(reverse("requests:apply"), _apply_data(agency_a)).status_code for _ in range(6)
    ]
    assert statuses == [302] * 5 + [429]
    assert Application.objects.count() == 5


def test_it_shows_status_without_personal_data(clerk_a, reviewer_a, agency_a) -> None:
    application, code = register(clerk_a, agency_a, date(2026, 2, 6))
    client = Client()
    url = reverse("requests:status")
    wrong = client.post(url, {"tracking_number": application.tracking_number, "query_code": "X"})
    assert "不正确" in wrong.content.decode()
    page = client.post(url, {"tracking_number": application.tracking_number, "query_code": code})
    text = page.content.decode()
    assert "办理中" in text and "2026年3月12日" in text
    for private in ("张三丰", "330102", "13800000000", "zhang@example.com"):
        assert private not in text
    assert client.get(reverse("requests:status_letter")).status_code == 404  # not answered yet
    services.application_draft_reply(actor=clerk_a, application=application, outcome="disclosed")
    secrecy_passed(reviewer_a, application)
    services.application_answer(
        actor=reviewer_a, application=application, answered_on=date(2026, 3, 2)
    )
    page = client.post(url, {"tracking_number": application.tracking_number, "query_code": code})
    assert "已办结" in page.content.decode() and "第三十六条第（二）项" in page.content.decode()
    letter = client.get(reverse("requests:status_letter"))
    assert letter.status_code == 200 and letter.content.startswith(b"%PDF")


def test_it_rate_limits_status_lookups(case_a) -> None:
    client = Client()
    url = reverse("requests:status")
    statuses = [
        client.post(
            url, {"tracking_number": case_a.tracking_number, "query_code": "AAAA"}
        ).status_code
        for _ in range(21)
    ]
    assert statuses[-1] == 429 and set(statuses[:-1]) == {200}


def test_it_closes_a_case_through_the_pages(client, clerk_a, reviewer_a, case_a) -> None:
    clerk = _as(Client(), clerk_a)
    reviewer = _as(Client(), reviewer_a)
    action = lambda name: reverse("requests:action", kwargs={"pk": case_a.pk, "action": name})  # noqa: E731
    assert clerk.post(action("draft_reply"), {"outcome": "unavailable.not_held"}).status_code == 302
    refused = reviewer.post(action("answer"), {"answered_on": "2026-03-02"})
    assert refused.status_code == 200 and "保密审查" in refused.content.decode()
    review = {"reviewed_on": "2026-03-02", "passed": "yes", "opinion": "不涉密，同意发出。"}
    assert clerk.post(action("secrecy_review"), review).status_code == 403
    assert reviewer.post(action("secrecy_review"), review).status_code == 302
    assert reviewer.post(action("answer"), {"answered_on": "2026-03-02"}).status_code == 302
    case_a.refresh_from_db()
    assert case_a.status == Status.CLOSED and case_a.outcome == "unavailable.not_held"


def test_it_opens_the_form_for_the_agency_the_portal_links_from(agency_a) -> None:
    page = Client().get(reverse("requests:apply"), {"agency": agency_a.short_code})
    text = page.content.decode()
    assert f'<option value="{agency_a.pk}" selected>' in text
    assert "/status/?agency=JL-JYJ" in text  # the portal's menu keeps the agency


def test_it_issues_the_fee_notice_and_shows_the_fee_to_the_applicant(clerk_a, agency_a) -> None:
    application, code = register(clerk_a, agency_a, date(2026, 2, 6))
    client = _as(Client(), clerk_a)
    url = reverse("requests:fee_notice", kwargs={"pk": application.pk, "kind": "docx"})
    assert client.get(url).status_code == 404  # no fee notice sent
    services.application_send_fee_notice(
        actor=clerk_a,
        application=application,
        method="per_volume",
        notice_on=date(2026, 3, 2),
        pages=150,
    )
    document = Document(io.BytesIO(client.get(url).content))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "信息处理费缴费通知书" in text and "1700.00 元" in text
    assert "采用按量计收方式" in text and "按按" not in text
    # 办法第七条: the window runs from the day after receipt, unknown when the notice is
    # printed; a date counted from the notice's own date would contradict those words.
    assert "收到本通知次日起 20 个工作日内缴纳" in text and "2026年3月30日" not in text
    page = Client().post(
        reverse("requests:status"),
        {"tracking_number": application.tracking_number, "query_code": code},
    )
    assert "待缴费" in page.content.decode() and "1700.00 元" in page.content.decode()


def test_it_shows_the_reviewer_the_letter_being_approved(clerk_a, reviewer_a, case_a) -> None:
    services.application_draft_reply(
        actor=clerk_a, application=case_a, outcome="unavailable.not_held"
    )
    url = reverse("requests:action", kwargs={"pk": case_a.pk, "action": "answer"})
    page = _as(Client(), reviewer_a).get(url).content.decode()
    assert "经检索，本机关没有您申请公开的政府信息" in page
