"""The reply step (条例第三十六条、第三十七条): 部分公开 lists each withheld part with its ground
and describes the disclosed part; 公开 of proactively disclosed information says where it is
(第（一）项); information the agency does not hold or is not responsible for (第（四）/（五）项,
the responsible agency named); the reviewer's answer approves the letter with its 文号."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from gongkai.documents.models import Document, ReplyDetails
from gongkai.documents.replies import reply_draft
from gongkai.requests.guards import TransitionError
from gongkai.requests.letters import Reply
from tests.web.conftest import client_of
from tests.web.requests_fixtures import secrecy_passed

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("documents_day")]


def _draft(client: Client, case: Any, **fields: str) -> Any:
    url = reverse("requests:action", kwargs={"pk": case.pk, "action": "draft_reply"})
    return client.post(url, fields)


def test_a_partial_reply_lists_every_withheld_part_with_its_ground(
    clerk_a, reviewer_a, documents_case
) -> None:
    response = _draft(
        client_of(clerk_a),
        documents_case,
        outcome="partially_disclosed",
        disclosed_part="2025年招生计划总表",
        withheld_1_part="各校学生名单",
        withheld_1_ground="withheld.third_party_rights",
        withheld_2_part="招生工作会议讨论记录",
        withheld_2_ground="withheld.process_information",
    )
    assert response.status_code == 302
    documents_case.refresh_from_db()
    text = documents_case.letter_text
    assert "向您提供可以公开的部分（2025年招生计划总表）" in text
    assert "1. 各校学生名单：不予公开，依据《中华人民共和国政府信息公开条例》第十五条" in text
    assert "2. 招生工作会议讨论记录：不予公开" in text and "第十六条第二款（过程性信息）" in text
    assert "对本答复中不予公开部分的决定不服" in text
    details = ReplyDetails.objects.get(application=documents_case)
    assert details.withheld == [
        ["各校学生名单", "withheld.third_party_rights"],
        ["招生工作会议讨论记录", "withheld.process_information"],
    ]
    document = Document.objects.get(application=documents_case, kind="reply")
    assert document.status == "draft" and document.number == "" and document.text == text
    # the reviewer answers: the letter is approved with the next 文号 of the year
    secrecy_passed(reviewer_a, documents_case)
    answer = reverse("requests:action", kwargs={"pk": documents_case.pk, "action": "answer"})
    assert client_of(reviewer_a).post(answer, {"answered_on": "2026-03-02"}).status_code == 302
    document.refresh_from_db()
    assert (document.status, document.number) == ("approved", "江临教依申〔2026〕1号")
    assert document.approved_by == reviewer_a and document.issued_on == date(2026, 3, 2)


def test_a_partial_reply_without_its_parts_is_refused(clerk_a, documents_case) -> None:
    response = _draft(client_of(clerk_a), documents_case, outcome="partially_disclosed")
    page = response.content.decode()
    assert response.status_code == 200
    assert "须说明予以公开的部分" in page and "逐项列明不予公开的部分" in page
    response = _draft(
        client_of(clerk_a),
        documents_case,
        outcome="partially_disclosed",
        disclosed_part="总表",
        withheld_1_part="名单",
    )
    assert "每一项须写明不予公开的内容并选择理由" in response.content.decode()
    documents_case.refresh_from_db()
    assert documents_case.letter_text == "" and not Document.objects.exists()


def test_proactively_disclosed_information_is_answered_with_where_it_is(
    clerk_a, documents_case
) -> None:
    assert (
        "请填写已主动公开的获取方式"
        in _draft(
            client_of(clerk_a), documents_case, outcome="disclosed", variant="proactive"
        ).content.decode()
    )
    _draft(
        client_of(clerk_a),
        documents_case,
        outcome="disclosed",
        variant="proactive",
        published_where="江临市教育局门户网站“政府信息公开—招生考试”栏目",
    )
    documents_case.refresh_from_db()
    text = documents_case.letter_text
    assert "已经主动公开" in text and "“政府信息公开—招生考试”栏目" in text
    assert "第三十六条第（一）项" in text and "第三十六条第（二）项" not in text
    assert "请注意查收" not in text  # nothing is sent: the applicant is told where to look


def test_information_held_elsewhere_names_the_responsible_agency(clerk_a, documents_case) -> None:
    reply_draft(
        actor=clerk_a,
        application=documents_case,
        outcome="unavailable.not_held",
        reply=Reply(
            variant="elsewhere",
            reason="该信息由市人力资源和社会保障局制作并保存",
            holder="江临市人力资源和社会保障局",
            holder_contact="0571-87001234",
        ),
    )
    documents_case.refresh_from_db()
    text = documents_case.letter_text
    assert "不属于本机关负责公开，理由是：该信息由市人力资源和社会保障局制作并保存。" in text
    assert (
        "负责公开该政府信息的行政机关为江临市人力资源和社会保障局（联系方式：0571-87001234）"
        in text
    )
    assert "第三十六条第（五）项" in text and "第三十六条第（四）项" not in text


def test_information_that_does_not_exist_cites_item_four_only(clerk_a, documents_case) -> None:
    reply_draft(
        actor=clerk_a, application=documents_case, outcome="unavailable.not_held", reply=Reply()
    )
    documents_case.refresh_from_db()
    assert "该政府信息不存在" in documents_case.letter_text
    assert "第三十六条第（四）项" in documents_case.letter_text
    assert (
        "第（五）项" not in documents_case.letter_text
        and "或" not in documents_case.letter_text.split("\n")[2]
    )


def test_a_request_to_confirm_or_reissue_cites_article_two(clerk_a, documents_case) -> None:
    reply_draft(
        actor=clerk_a,
        application=documents_case,
        outcome="not_processed.confirm_or_reissue",
        reply=Reply(),
    )
    documents_case.refresh_from_db()
    assert (
        "条例》第二条" in documents_case.letter_text
        and "第三十八条" not in documents_case.letter_text
    )


def test_an_approved_letter_is_not_redrafted(clerk_a, reviewer_a, documents_case) -> None:
    reply_draft(actor=clerk_a, application=documents_case, outcome="disclosed", reply=Reply())
    document = Document.objects.get(application=documents_case)
    from gongkai.documents.services import document_approve

    document_approve(actor=reviewer_a, document=document)
    with pytest.raises(TransitionError, match="已签发"):
        reply_draft(actor=clerk_a, application=documents_case, outcome="disclosed", reply=Reply())


def test_a_withdrawn_case_gets_its_letter_as_a_draft_document(clerk_a, documents_case) -> None:
    url = reverse("requests:action", kwargs={"pk": documents_case.pk, "action": "withdraw"})
    client_of(clerk_a).post(url, {"withdrawn_on": "2026-03-02", "reason": "申请人来电撤回"})
    document = Document.objects.get(application=documents_case)
    assert (document.kind, document.status) == ("reply", "draft")
    assert "您已撤回该政府信息公开申请" in document.text and "申请人来电撤回" in document.text


def test_a_returned_letter_is_not_answered_until_resubmitted(
    clerk_a, reviewer_a, documents_case
) -> None:
    from gongkai.documents.services import document_return, document_submit

    document = reply_draft(
        actor=clerk_a, application=documents_case, outcome="disclosed", reply=Reply()
    )
    document_return(actor=reviewer_a, document=document, comments="请写明提供的文件名称。")
    secrecy_passed(reviewer_a, documents_case)
    answer = reverse("requests:action", kwargs={"pk": documents_case.pk, "action": "answer"})
    page = client_of(reviewer_a).post(answer, {"answered_on": "2026-03-02"}).content.decode()
    assert "答复告知书已退回修改" in page
    documents_case.refresh_from_db()
    assert documents_case.is_open
    document_submit(actor=clerk_a, document=document)
    assert client_of(reviewer_a).post(answer, {"answered_on": "2026-03-02"}).status_code == 302
    document.refresh_from_db()
    assert document.number == "江临教依申〔2026〕1号"


def test_the_applicant_reads_the_issued_letter_with_its_number(
    clerk_a, reviewer_a, documents_case
) -> None:
    import io

    import pdfplumber

    from gongkai.documents.replies import reply_answer
    from gongkai.requests import codes

    reply_draft(actor=clerk_a, application=documents_case, outcome="disclosed", reply=Reply())
    secrecy_passed(reviewer_a, documents_case)
    reply_answer(actor=reviewer_a, application=documents_case, answered_on=date(2026, 3, 2))
    code = "ABCDEFGHJK"
    Application = type(documents_case)
    Application.objects.filter(pk=documents_case.pk).update(
        query_code_hash=codes.query_code_hash(code)
    )
    client = Client()
    client.post(
        reverse("requests:status"),
        {"tracking_number": documents_case.tracking_number, "query_code": code},
    )
    pdf = client.get(reverse("requests:status_letter")).content
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        text = "".join(page.extract_text() or "" for page in document.pages)
    assert "江临教依申〔2026〕1号" in text and "草稿" not in text


def test_the_fee_step_drafts_the_fee_notice(clerk_a, documents_case) -> None:
    url = reverse("requests:action", kwargs={"pk": documents_case.pk, "action": "send_fee_notice"})
    client_of(clerk_a).post(
        url, {"method": "per_volume", "notice_on": "2026-03-02", "pages": "150"}
    )
    fee = Document.objects.get(application=documents_case, kind="fee")
    assert fee.status == "draft" and "1700.00 元" in fee.text
