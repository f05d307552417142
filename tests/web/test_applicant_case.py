"""The applicant's case page (/status/ and /status/case/): the timeline in plain words with its
due dates (临时 where provisional), what the agency asks, the issued letters to download, and a
receipt to print — and nothing about a case to whoever lacks its query code."""

from __future__ import annotations

import io
import re
from datetime import date

import pdfplumber
import time_machine
from django.test import Client
from django.urls import reverse

from gongkai.documents import services as documents
from gongkai.requests import codes, services
from gongkai.requests.models import Application
from tests.web.requests_fixtures import register

PRIVATE = ("张三丰", "330102", "13800000000", "zhang@example.com")


def _look_up(client: Client, application: Application, code: str) -> str:
    response = client.post(
        reverse("requests:status"),
        {"tracking_number": application.tracking_number, "query_code": code},
    )
    assert response.status_code == 200
    return response.content.decode()


def _with_code(application: Application, code: str = "ABCDEFGHJK") -> str:
    Application.objects.filter(pk=application.pk).update(
        query_code_hash=codes.query_code_hash(code)
    )
    return code


def test_it_shows_the_correction_asked_with_its_items_and_the_timeline(clerk_a, agency_a) -> None:
    application, code = register(clerk_a, agency_a, date(2026, 2, 6))
    services.application_request_correction(
        actor=clerk_a,
        application=application,
        requested_on=date(2026, 2, 9),
        correction_days=10,
        items="请写明所需文件的名称或文号。",
    )
    page = _look_up(Client(), application, code)
    assert "待补正" in page and "需要您补正" in page
    assert "请写明所需文件的名称或文号。" in page
    due = re.search(r'<dd id="due">(.*?)</dd>', page, re.S)
    # the period runs from the applicant's receipt, not yet recorded: no date guessed
    assert due and due.group(1) == "自您收到补正告知书之日起 10 个工作日内"
    assert "2026年2月6日" in page and "2026年2月9日" in page  # received, then asked
    assert "补正期间答复期限暂停计算" in page
    assert not [p for p in PRIVATE if p in page]


def test_it_marks_a_due_date_in_an_unpublished_calendar_year_as_provisional(
    clerk_a, agency_a
) -> None:
    with time_machine.travel("2026-12-11 10:00 +0800", tick=False):
        application, code = register(clerk_a, agency_a, date(2026, 12, 10))
        client = Client()
        page = _look_up(client, application, code)
        receipt = client.get(reverse("requests:receipt")).content.decode()
    assert application.due_provisional and application.due_on.year == 2027
    due = re.search(r'<dd id="due">(.*?)</dd>', page, re.S)
    assert due and "2027年" in due.group(1) and "临时" in due.group(1)
    assert application.tracking_number in receipt and "临时" in receipt
    assert "portal/print.css" in receipt and 'media="print"' in receipt
    assert "<style" not in receipt and "<script" not in receipt and " style=" not in receipt
    assert not [p for p in PRIVATE if p in receipt]


def test_it_lists_only_issued_letters_and_serves_them_as_pdf(
    clerk_a, reviewer_a, documents_case
) -> None:
    receipt = documents.document_generate(actor=clerk_a, application=documents_case, kind="receipt")
    documents.document_approve(actor=reviewer_a, document=receipt)
    services.application_request_correction(
        actor=clerk_a,
        application=documents_case,
        requested_on=date(2026, 3, 2),
        correction_days=10,
        items="请写明所需文件的名称。",
    )
    documents_case.refresh_from_db()
    draft = documents.document_generate(
        actor=clerk_a, application=documents_case, kind="correction"
    )
    client = Client()
    page = _look_up(client, documents_case, _with_code(documents_case))
    receipt.refresh_from_db()
    assert receipt.number in page and reverse("requests:case_letter", args=[receipt.pk]) in page
    assert reverse("requests:case_letter", args=[draft.pk]) not in page  # a draft: never shown
    response = client.get(reverse("requests:case_letter", args=[receipt.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    with pdfplumber.open(io.BytesIO(response.content)) as pdf:
        text = "".join(p.extract_text() or "" for p in pdf.pages)
    assert receipt.number in text and "草稿" not in text
    assert client.get(reverse("requests:case_letter", args=[draft.pk])).status_code == 404
    # the case page again, from the session (where the one-time link also lands)
    again = client.get(reverse("requests:case")).content.decode()
    assert receipt.number in again and "办理经过" in again


def test_it_serves_no_letter_without_the_cases_code(
    clerk_a, reviewer_a, agency_a, documents_case
) -> None:
    receipt = documents.document_generate(actor=clerk_a, application=documents_case, kind="receipt")
    documents.document_approve(actor=reviewer_a, document=receipt)
    stranger = Client()
    url = reverse("requests:case_letter", args=[receipt.pk])
    assert stranger.get(url).status_code == 404
    assert stranger.get(reverse("requests:case")).status_code == 404
    assert stranger.get(reverse("requests:receipt")).status_code == 404
    other, other_code = register(clerk_a, agency_a, date(2026, 2, 27))
    _look_up(stranger, other, other_code)  # another case's holder
    assert stranger.get(url).status_code == 404


def test_it_answers_a_wrong_code_and_an_unknown_number_alike(clerk_a, agency_a) -> None:
    case_a, _code = register(clerk_a, agency_a, date(2026, 2, 6))

    def answer(tracking: str) -> str:
        page = Client().post(
            reverse("requests:status"), {"tracking_number": tracking, "query_code": "WRONGCODE1"}
        )
        text = page.content.decode()
        return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", text).replace(tracking, "")

    wrong, unknown = answer(case_a.tracking_number), answer("JL-JYJ-2026-99999")
    assert "受理编号或查询码不正确" in wrong and wrong == unknown


def test_it_dates_the_correction_period_once_the_receipt_is_recorded(clerk_a, agency_a) -> None:
    from gongkai.requests import notices

    application, code = register(clerk_a, agency_a, date(2026, 2, 6))
    services.application_request_correction(
        actor=clerk_a,
        application=application,
        requested_on=date(2026, 2, 9),
        correction_days=10,
        items="请写明所需文件的名称或文号。",
    )
    notice = notices.receipt_of(application, "correction")
    assert notice is not None
    notices.notice_record_delivery(
        actor=clerk_a,
        notice=notice,
        method="post",
        sent_on=date(2026, 2, 9),
        received_on=date(2026, 2, 12),
    )
    application.refresh_from_db()
    page = _look_up(Client(), application, code)
    shown = f"{application.correction_due_on:%Y年%-m月%-d日}"
    due = re.search(r'<dd id="due">(.*?)</dd>', page, re.S)
    assert due and due.group(1).strip() == shown
    assert f"补正期限：{shown}" in page and "自您收到补正告知书之日起" not in page
