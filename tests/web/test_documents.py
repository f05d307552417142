"""Every document of a case's life: generated from its template with the right articles,
reviewed (returned with comments, revised, resubmitted, approved) with an event per round,
numbered on approval from a gapless per-agency, per-year, per-kind sequence, sent, and listed
in the ledger with 文号 and 送达."""

from __future__ import annotations

import io
from datetime import date

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from gongkai.audit.models import Event
from gongkai.documents import services
from gongkai.documents.models import Document, DocumentSettings
from gongkai.requests import services as requests
from gongkai.requests.guards import TransitionError
from gongkai.requests.models import Application
from tests.web.conftest import client_of
from tests.web.requests_fixtures import register

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("documents_day")]


def _every_kind(clerk_a, reviewer_a, case) -> dict[str, Document]:
    """A case taken through every step, a document generated at each."""
    made = {"receipt": services.document_generate(actor=clerk_a, application=case, kind="receipt")}
    case = requests.application_request_correction(
        actor=clerk_a,
        application=case,
        requested_on=date(2026, 2, 27),
        correction_days=10,
        items="请写明所需招生计划的学段\n请提供身份证明复印件",
    )
    made["correction"] = services.document_generate(
        actor=clerk_a, application=case, kind="correction"
    )
    requests.application_receive_correction(
        actor=clerk_a, application=case, received_on=date(2026, 3, 2)
    )
    case = requests.application_extend(
        actor=reviewer_a,
        application=case,
        days=20,
        reason="需要调取多所学校的档案",
        approved_on=date(2026, 3, 2),
        notified_on=date(2026, 3, 2),
    )
    made["extension"] = services.document_generate(
        actor=clerk_a, application=case, kind="extension"
    )
    consultation = requests.application_consult(
        actor=clerk_a,
        application=case,
        kind="third_party",
        party="江临市第一中学",
        sent_on=date(2026, 3, 2),
    )
    case.refresh_from_db()
    made["consultation"] = services.document_generate(
        actor=clerk_a, application=case, kind="consultation", consultation=consultation
    )
    requests.application_receive_opinion(
        actor=clerk_a, consultation=consultation, answered_on=date(2026, 3, 2), opinion="同意"
    )
    case = requests.application_send_fee_notice(
        actor=clerk_a, application=case, method="per_volume", notice_on=date(2026, 3, 2), pages=150
    )
    made["fee"] = services.document_generate(actor=clerk_a, application=case, kind="fee")
    case = requests.application_record_payment(
        actor=clerk_a, application=case, paid_on=date(2026, 3, 2)
    )
    from gongkai.documents.replies import reply_draft
    from gongkai.requests.letters import Reply

    made["reply"] = reply_draft(
        actor=clerk_a, application=case, outcome="withheld.state_secret", reply=Reply()
    )
    return made


# What each kind must say, from the 条例 and the 办法.
LAW = {
    "receipt": ("第三十一条", "20个工作日内", "第三十三条第二款", "第三十三条第三款"),
    "correction": (
        "第三十条",
        "1. 请写明所需招生计划的学段",
        "2. 请提供身份证明复印件",
        "视为放弃申请",
    ),
    "extension": ("第三十三条第二款", "延长20个工作日", "需要调取多所学校的档案"),
    "consultation": ("江临市第一中学：", "第三十二条", "15个工作日内", "不予公开"),
    "fee": ("第四十二条", "采用按量计收方式", "1700.00 元", "视为放弃申请"),
    "reply": ("第十四条", "先向江临市人民政府申请行政复议", "第二十三条第一款第（四）项"),
}


def test_every_kind_says_what_the_law_asks(clerk_a, reviewer_a, documents_case) -> None:
    made = _every_kind(clerk_a, reviewer_a, documents_case)
    assert set(made) == set(LAW)
    for kind, phrases in LAW.items():
        text = made[kind].text
        for phrase in phrases:
            assert phrase in text, (kind, phrase)
        assert text.splitlines()[-2:] == ["江临市教育局", "2026年3月2日"], kind
        assert made[kind].status == "draft" and made[kind].number == ""
    assert made["consultation"].addressee == "江临市第一中学"


def test_each_kind_is_numbered_on_approval_in_its_own_sequence(
    clerk_a, reviewer_a, documents_case
) -> None:
    made = _every_kind(clerk_a, reviewer_a, documents_case)
    numbers = {
        kind: services.document_approve(actor=reviewer_a, document=d).number
        for kind, d in made.items()
    }
    assert numbers == {
        "receipt": "江临教依申受〔2026〕1号",
        "correction": "江临教依申补〔2026〕1号",
        "extension": "江临教依申延〔2026〕1号",
        "consultation": "江临教依申征〔2026〕1号",
        "fee": "江临教依申费〔2026〕1号",
        "reply": "江临教依申〔2026〕1号",
    }
    second = register(clerk_a, documents_case.agency, date(2026, 3, 2))[0]
    receipt = services.document_generate(actor=clerk_a, application=second, kind="receipt")
    assert services.document_approve(actor=reviewer_a, document=receipt).number == (
        "江临教依申受〔2026〕2号"
    )


def test_a_draft_is_returned_with_comments_revised_and_resubmitted(
    clerk_a, reviewer_a, documents_case
) -> None:
    document = services.document_generate(actor=clerk_a, application=documents_case, kind="receipt")
    clerk, reviewer = client_of(clerk_a), client_of(reviewer_a)
    step = lambda name: reverse("documents:step", args=[document.pk, name])  # noqa: E731
    assert clerk.post(step("submit")).status_code == 302
    assert clerk.post(step("approve")).status_code == 403  # a clerk does not approve
    reviewer.post(step("return"), {"comments": "请补充查询码的使用说明。"})
    document.refresh_from_db()
    assert document.status == "returned" and document.number == ""
    page = clerk.get(reverse("documents:detail", args=[document.pk])).content.decode()
    assert "请补充查询码的使用说明。" in page and "重新提交审核" in page
    # approving a returned draft is refused until the clerk resubmits it
    with pytest.raises(TransitionError, match="重新提交"):
        services.document_approve(actor=reviewer_a, document=document)
    revised = document.text.replace("凭其查询办理进度。", "凭其在本机关网站查询办理进度。")
    clerk.post(step("edit"), {"text": revised})
    clerk.post(step("submit"))
    reviewer.post(step("approve"))
    document.refresh_from_db()
    assert document.status == "approved" and document.number == "江临教依申受〔2026〕1号"
    assert "在本机关网站查询" in document.text and document.approved_by == reviewer_a
    assert document.generated_text != document.text  # as generated and as edited, both kept
    rounds = Event.objects.filter(object_type="documents.document", object_id=str(document.pk))
    assert list(rounds.order_by("pk").values_list("action", flat=True)) == [
        "document.generate",
        "document.submit",
        "document.return",
        "document.edit",
        "document.submit",
        "document.approve",
    ]
    assert rounds.get(action="document.return").reason == "请补充查询码的使用说明。"


def test_a_letter_without_its_review_body_cannot_be_submitted(operator, clerk_a) -> None:
    from gongkai.agencies.models import Agency
    from gongkai.agencies.services import agency_create

    lone = agency_create(
        actor=operator,
        name="某垂直管理局",
        short_code="CZ",
        kind=Agency.Kind.DEPARTMENT,
        disclosure_unit="办公室",
    )
    clerk_a.agency = lone
    clerk_a.save()
    case = register(clerk_a, lone, date(2026, 2, 26))[0]
    from gongkai.documents.replies import reply_draft
    from gongkai.requests.letters import Reply

    document = reply_draft(actor=clerk_a, application=case, outcome="disclosed", reply=Reply())
    assert "【请填写行政复议机关】" in document.text
    with pytest.raises(TransitionError, match="行政复议机关"):
        services.document_submit(actor=clerk_a, document=document)
    DocumentSettings.objects.create(agency=lone, review_body="某省某局")
    document = reply_draft(actor=clerk_a, application=case, outcome="disclosed", reply=Reply())
    assert "向某省某局申请行政复议" in document.text
    services.document_submit(actor=clerk_a, document=document)


def test_the_ledger_lists_every_document_with_its_number_and_delivery(
    clerk_a, reviewer_a, clerk_b, documents_case
) -> None:
    made = _every_kind(clerk_a, reviewer_a, documents_case)
    fee = services.document_approve(actor=reviewer_a, document=made["fee"])
    services.document_record_delivery(
        actor=clerk_a,
        document=fee,
        method="ems",
        sent_on=date(2026, 3, 2),
        received_on=date(2026, 3, 2),
        tracking_number="1234567890",
    )
    page = client_of(clerk_a).get(reverse("documents:ledger"), {"year": 2026}).content.decode()
    assert page.count("<tr>") == 1 + len(made)
    assert "江临教依申费〔2026〕1号" in page and "邮政特快专递（EMS） 1234567890" in page
    book = load_workbook(
        io.BytesIO(
            client_of(clerk_a).get(reverse("documents:ledger_export"), {"year": 2026}).content
        )
    )
    rows = list(book.active.iter_rows(values_only=True))
    assert rows[0][:2] == ("文号", "文书种类") and len(rows) == 1 + len(made)
    sent = next(r for r in rows if r[0] == "江临教依申费〔2026〕1号")
    assert sent[5] == "已送达" and sent[9] == "邮政特快专递（EMS） 1234567890"
    other = client_of(clerk_b).get(reverse("documents:ledger"), {"year": 2026}).content.decode()
    assert "江临教" not in other and documents_case.tracking_number not in other


def test_a_document_cannot_be_sent_before_it_is_approved(clerk_a, documents_case) -> None:
    draft = services.document_generate(actor=clerk_a, application=documents_case, kind="receipt")
    with pytest.raises(TransitionError, match="签发后"):
        services.document_record_delivery(
            actor=clerk_a, document=draft, sent_on=date(2026, 3, 2), method="in_person"
        )


def test_the_case_page_generates_documents_and_refuses_outsiders(
    clerk_a, clerk_b, supervisor, documents_case
) -> None:
    url = reverse("documents:case", args=[documents_case.pk])
    assert client_of(clerk_b).get(url).status_code == 404
    assert client_of(supervisor).post(url, {"kind": "receipt"}).status_code == 403
    response = client_of(clerk_a).post(url, {"kind": "correction"})
    assert "本申请没有告知补正" in response.content.decode()
    response = client_of(clerk_a).post(url, {"kind": "receipt"})
    document = Document.objects.get()
    assert response.url == reverse("documents:detail", args=[document.pk])
    assert documents_case.tracking_number in client_of(clerk_a).get(url).content.decode()


def test_an_agency_adapts_a_template_and_previews_it(
    clerk_a, documents_case, settings, tmp_path
) -> None:
    own = tmp_path / "documents" / "agency" / "JL-JYJ"
    own.mkdir(parents=True)
    (own / "receipt.txt").write_text(
        "{% autoescape off %}{{ applicant }}：\n您的申请（{{ application.tracking_number }}）"
        "本局已收到，依条例第三十一条、第三十三条办理。\n{{ agency.name }}\n{{ date }}"
        "{% endautoescape %}\n",
        encoding="utf-8",
    )
    settings.TEMPLATES = [
        {**settings.TEMPLATES[0], "DIRS": [tmp_path, *settings.TEMPLATES[0]["DIRS"]]}
    ]
    page = client_of(clerk_a).get(
        reverse("documents:preview"),
        {"kind": "receipt", "tracking_number": documents_case.tracking_number},
    )
    text = page.content.decode()
    assert "本局已收到，依条例第三十一条、第三十三条办理。" in text
    assert "documents/agency/JL-JYJ/receipt.txt" in text
    document = services.document_generate(actor=clerk_a, application=documents_case, kind="receipt")
    assert "本局已收到" in document.text


def test_the_preview_finds_no_case_of_another_agency(clerk_b, documents_case) -> None:
    page = client_of(clerk_b).get(
        reverse("documents:preview"),
        {"kind": "receipt", "tracking_number": documents_case.tracking_number},
    )
    text = page.content.decode()
    assert "没有这个受理编号的申请" in text and documents_case.tracking_number not in text


def test_the_agency_admin_sets_the_prefix_and_review_body(admin_a, clerk_a, agency_a) -> None:
    url = reverse("documents:settings", args=[agency_a.pk])
    assert client_of(clerk_a).get(url).status_code == 403  # an administrator's page
    page = client_of(admin_a).get(url).content.decode()
    assert "江临市教育局依申〔" in page and "江临市人民政府" in page  # defaults, from the hierarchy
    response = client_of(admin_a).post(
        url, {"number_prefix": "江临教", "review_body": "江临市人民政府（试）"}
    )
    assert response.status_code == 302
    page = client_of(admin_a).get(url).content.decode()
    assert "江临教依申〔" in page and "江临市人民政府（试）" in page
    assert Event.objects.filter(action="document.settings", agency=agency_a).exists()


def test_the_clerk_records_delivery_of_an_approved_document(
    clerk_a, reviewer_a, documents_case
) -> None:
    document = services.document_generate(actor=clerk_a, application=documents_case, kind="receipt")
    services.document_approve(actor=reviewer_a, document=document)
    url = reverse("documents:step", args=[document.pk, "deliver"])
    client_of(clerk_a).post(url, {"sent_on": "2026-03-02", "method": "in_person"})
    document.refresh_from_db()
    assert (document.status, document.sent_on, document.delivery_method) == (
        "sent",
        date(2026, 3, 2),
        "直接送达（当面）",
    )
    page = client_of(clerk_a).get(reverse("documents:case", args=[documents_case.pk]))
    assert "2026-03-02 直接送达（当面）" in page.content.decode()
    # One record: the case's notice shows the same delivery.
    notice = document.notice
    assert notice is not None and notice.application == documents_case
    assert (notice.kind, notice.sent_on, notice.method) == (
        "acceptance",
        date(2026, 3, 2),
        "in_person",
    )
    case_page = client_of(clerk_a).get(reverse("requests:detail", args=[documents_case.pk]))
    assert "直接送达（当面）" in case_page.content.decode()


def test_delivering_the_correction_notice_starts_the_correction_period(
    clerk_a, reviewer_a, documents_case
) -> None:
    """The 补正告知书's delivery is the case's one record of it: its receipt sets the period the
    applicant has to correct (条例第三十条), and the workflow's notice is not doubled."""
    case = requests.application_request_correction(
        actor=clerk_a,
        application=documents_case,
        requested_on=date(2026, 2, 27),
        correction_days=10,
        items="请写明所需信息的年份",
    )
    letter = services.document_generate(actor=clerk_a, application=case, kind="correction")
    letter = services.document_approve(actor=reviewer_a, document=letter)
    services.document_record_delivery(
        actor=clerk_a,
        document=letter,
        method="ems",
        sent_on=date(2026, 3, 2),
        tracking_number="EA123456789CN",
    )
    due_before_receipt = Application.objects.get(pk=case.pk).correction_due_on
    services.document_record_delivery(
        actor=clerk_a,
        document=letter,
        method="ems",
        sent_on=date(2026, 3, 2),
        received_on=date(2026, 3, 2),
        tracking_number="EA123456789CN",
    )
    case.refresh_from_db()
    assert case.notices.filter(kind="correction").count() == 1
    assert case.notices.get(kind="correction").received_on == date(2026, 3, 2)
    # 10 working days counted from the day after receipt (3 to 16 March 2026)
    assert case.correction_due_on == date(2026, 3, 16) != due_before_receipt


def test_an_issued_document_is_not_generated_twice(clerk_a, reviewer_a, documents_case) -> None:
    receipt = services.document_generate(actor=clerk_a, application=documents_case, kind="receipt")
    again = services.document_generate(actor=clerk_a, application=documents_case, kind="receipt")
    assert again.pk == receipt.pk  # a draft is regenerated in place
    services.document_approve(actor=reviewer_a, document=receipt)
    with pytest.raises(TransitionError, match="已签发（江临教依申受〔2026〕1号）"):
        services.document_generate(actor=clerk_a, application=documents_case, kind="receipt")


def test_the_ledger_export_does_not_run_a_name_as_a_formula(clerk_a, agency_a) -> None:
    case = register(clerk_a, agency_a, date(2026, 2, 26), name='=HYPERLINK("http://x")')[0]
    services.document_generate(actor=clerk_a, application=case, kind="receipt")
    response = client_of(clerk_a).get(reverse("documents:ledger_export"), {"year": 2026})
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet["E2"].data_type == "s" and sheet["E2"].value.startswith("'=")
