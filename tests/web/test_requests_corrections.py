"""Correct and void (issue 20): a reason-required correction of an entered field, a void state
for a record entered by mistake that is counted nowhere, attachments removed or replaced — each
an event, nothing lost."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from gongkai.audit.models import Event
from gongkai.requests import corrections, selectors, services
from gongkai.requests.guards import TransitionError
from gongkai.requests.models import Application, Status
from tests.web.conftest import client_of
from tests.web.requests_fixtures import on_monday, private_attachments, register  # noqa: F401  (fixtures)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("on_monday", "private_attachments")]
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def case(clerk_a, agency_a) -> Application:
    return register(clerk_a, agency_a, date(2026, 2, 6))[0]


def _last(application: Application, action: str) -> Event:
    event = (
        Event.objects.filter(
            object_type="requests.application", object_id=str(application.pk), action=action
        )
        .order_by("pk")
        .last()
    )
    assert event is not None, action
    return event


def _detail(user: Any, application: Application) -> str:
    return client_of(user).get(reverse("requests:detail", kwargs={"pk": application.pk})).text


# --- correction ---------------------------------------------------------------------------


def test_it_corrects_a_name_and_keeps_the_old_one(case, clerk_a) -> None:
    corrections.application_correct(
        actor=clerk_a, application=case, applicant_name="张三峰", reason="身份证上是“峰”"
    )
    case.refresh_from_db()
    assert case.applicant_name == "张三峰"
    event = _last(case, "application.correct")
    assert event.changes["applicant_name"] == ["张三丰", "张三峰"]
    assert event.reason == "身份证上是“峰”"


def test_a_correction_wants_a_reason_and_a_change(case, clerk_a) -> None:
    with pytest.raises(TransitionError, match="理由"):
        corrections.application_correct(
            actor=clerk_a, application=case, applicant_name="张三峰", reason=" "
        )
    with pytest.raises(TransitionError, match="没有任何改动"):
        corrections.application_correct(
            actor=clerk_a, application=case, applicant_name="张三丰", reason="核对"
        )


def test_only_the_whitelisted_fields_are_corrected(case, clerk_a) -> None:
    with pytest.raises(TransitionError, match="category"):
        corrections.application_correct(
            actor=clerk_a, application=case, category="legal_person", reason="改类别"
        )


def test_a_corrected_receipt_date_moves_the_deadline(case, clerk_a, agency_a) -> None:
    # the deadline of a case registered on the right day, computed by the same service path
    right = register(clerk_a, agency_a, date(2026, 2, 9))[0]
    old_due = case.due_on
    assert right.due_on > old_due
    corrections.application_correct(
        actor=clerk_a, application=case, received_on=date(2026, 2, 9), reason="登记时日期录错"
    )
    case.refresh_from_db()
    assert case.received_on == case.period_start == date(2026, 2, 9)
    assert case.due_on == right.due_on
    event = _last(case, "application.correct")
    assert event.changes["received_on"] == ["2026-02-06", "2026-02-09"]
    assert event.changes["due_on"] == [old_due.isoformat(), right.due_on.isoformat()]


def test_a_receipt_date_follows_the_channel_rule(case, clerk_a) -> None:
    with pytest.raises(TransitionError, match="到达日期"):
        corrections.application_correct(
            actor=clerk_a,
            application=case,
            channel="post",
            arrived_on=date(2026, 2, 10),
            reason="实为邮寄",
        )
    with pytest.raises(TransitionError, match="受理年度"):
        corrections.application_correct(
            actor=clerk_a, application=case, received_on=date(2025, 12, 30), reason="x"
        )
    # by post, signed for three days after it arrived: both dates as entered
    corrections.application_correct(
        actor=clerk_a,
        application=case,
        channel="post",
        arrived_on=date(2026, 2, 3),
        reason="实为邮寄，2月3日到达",
    )
    case.refresh_from_db()
    assert (case.channel, case.arrived_on, case.received_on) == (
        "post",
        date(2026, 2, 3),
        date(2026, 2, 6),
    )


def test_a_receipt_date_cannot_follow_a_step_taken(case, clerk_a) -> None:
    services.application_consult(
        actor=clerk_a,
        application=case,
        kind="third_party",
        party="某公司",
        sent_on=date(2026, 2, 10),
    )
    with pytest.raises(TransitionError, match="征求意见"):
        corrections.application_correct(
            actor=clerk_a,
            application=case,
            received_on=date(2026, 2, 11),
            arrived_on=date(2026, 2, 11),
            reason="x",
        )


def test_the_case_page_corrects(case, clerk_a) -> None:
    url = reverse("requests:action", kwargs={"pk": case.pk, "action": "correct"})
    client = client_of(clerk_a)
    form = client.get(url).text
    assert "张三丰" in form and "2026-02-06" in form
    data = {name: getattr(case, name) or "" for name in corrections.CORRECTABLE}
    data |= {"phone": "13911112222", "reason": "申请人来电更正号码"}
    response = client.post(url, data)
    assert response.status_code == 302, response.text[:2000]
    case.refresh_from_db()
    assert case.phone == "13911112222" and case.applicant_name == "张三丰"
    changes = _last(case, "application.correct").changes
    assert set(changes) == {"phone"}
    assert client.post(url, {**data, "reason": ""}).status_code == 200  # the reason is required


def test_a_supervisor_cannot_correct(case, supervisor) -> None:
    with pytest.raises(PermissionDenied):
        corrections.application_correct(
            actor=supervisor, application=case, applicant_name="某某", reason="x"
        )


# --- void ---------------------------------------------------------------------------------


def test_a_void_record_is_counted_nowhere(case, clerk_a, reviewer_a, agency_a) -> None:
    other = register(clerk_a, agency_a, date(2026, 2, 9))[0]
    before = selectors.table_three(agency_a, 2026)
    corrections.application_void(actor=reviewer_a, application=case, reason="与 00002 号重复登记")
    case.refresh_from_db()
    assert case.status == Status.VOID and not case.is_open
    assert _last(case, "application.void").changes["status"] == ["open", "void"]
    after = selectors.table_three(agency_a, 2026)
    assert before["new"]["natural_person"] == 2 and after["new"]["natural_person"] == 1
    assert after["carried_forward"]["natural_person"] == 1
    assert list(selectors.due_between(date(2026, 1, 1), date(2026, 12, 31))) == [other]
    assert list(selectors.overdue_on(date(2026, 12, 31))) == [other]
    page = client_of(clerk_a).get(reverse("requests:dashboard")).text
    assert other.tracking_number in page and case.tracking_number not in page
    # … but it is not lost: listed with the closed ones, marked, its trail kept
    full = client_of(clerk_a).get(reverse("requests:dashboard") + "?closed=1").text
    assert case.tracking_number in full and "已作废" in full
    assert "与 00002 号重复登记" in _detail(clerk_a, case)


def test_only_a_reviewer_or_admin_voids_and_with_a_reason(case, clerk_a, admin_a) -> None:
    with pytest.raises(PermissionDenied):
        corrections.application_void(actor=clerk_a, application=case, reason="误登记")
    with pytest.raises(TransitionError):
        corrections.application_void(actor=admin_a, application=case, reason="")
    assert "作废（误登记）" not in _detail(clerk_a, case)
    assert "作废（误登记）" in _detail(admin_a, case)


def test_a_void_case_takes_no_further_step(case, reviewer_a, clerk_a) -> None:
    corrections.application_void(actor=reviewer_a, application=case, reason="测试数据")
    with pytest.raises(TransitionError):
        corrections.application_void(actor=reviewer_a, application=case, reason="再次")
    with pytest.raises(TransitionError):
        corrections.application_correct(
            actor=clerk_a, application=case, applicant_name="某某", reason="x"
        )
    url = reverse("requests:action", kwargs={"pk": case.pk, "action": "consult"})
    assert client_of(clerk_a).get(url).status_code == 403


def test_the_case_page_voids(case, reviewer_a) -> None:
    url = reverse("requests:action", kwargs={"pk": case.pk, "action": "void"})
    response = client_of(reviewer_a).post(url, {"reason": "并非信息公开申请"})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == Status.VOID


# --- attachments --------------------------------------------------------------------------


@pytest.fixture
def with_file(clerk_a, agency_a) -> Application:
    upload = SimpleUploadedFile("身份证.pdf", PDF, content_type="application/pdf")
    return register(clerk_a, agency_a, date(2026, 2, 6), files=[upload])[0]


def _remove_url(application: Application) -> str:
    item = application.attachments.get()
    return reverse(
        "requests:attachment_remove", kwargs={"pk": application.pk, "attachment_pk": item.pk}
    )


def test_an_attachment_is_removed_but_kept(with_file, clerk_a, admin_a) -> None:
    item = with_file.attachments.get()
    url = _remove_url(with_file)
    client = client_of(clerk_a)
    assert "删除或替换" in _detail(clerk_a, with_file)
    assert client.post(url, {"reason": ""}).status_code == 200  # the reason is required
    response = client.post(url, {"reason": "传错了文件"})
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.removed_at is not None and item.file.storage.exists(item.file.name)
    page = _detail(clerk_a, with_file)
    assert "身份证.pdf" not in page.split('id="removed-attachments"')[0]
    assert 'id="removed-attachments"' in page
    event = _last(with_file, "application.remove_attachment")
    assert event.changes["attachment"] == ["身份证.pdf", None] and event.reason == "传错了文件"
    assert client.get(url).status_code == 404  # removed once
    # The file is kept for the record: the clerk no longer opens it, the agency's admin does.
    served = reverse("requests:attachment", kwargs={"pk": with_file.pk, "attachment_pk": item.pk})
    assert client.get(served).status_code == 404
    assert client_of(admin_a).get(served).status_code == 200
    assert _last(with_file, "application.view_attachment").actor == admin_a


def test_an_attachment_is_replaced(with_file, clerk_a) -> None:
    old = with_file.attachments.get()
    upload = SimpleUploadedFile("身份证-清晰.pdf", PDF, content_type="application/pdf")
    response = client_of(clerk_a).post(
        _remove_url(with_file), {"reason": "原件模糊", "replacement": upload}
    )
    assert response.status_code == 302
    old.refresh_from_db()
    assert old.replaced_by is not None and old.replaced_by.original_name == "身份证-清晰.pdf"
    assert "身份证-清晰.pdf" in _detail(clerk_a, with_file)
    assert _last(with_file, "application.replace_attachment").changes["attachment"] == [
        "身份证.pdf",
        "身份证-清晰.pdf",
    ]


def test_a_replacement_is_checked_like_any_upload(with_file, clerk_a) -> None:
    upload = SimpleUploadedFile(
        "x.pdf", b"<script>alert(1)</script>", content_type="application/pdf"
    )
    response = client_of(clerk_a).post(
        _remove_url(with_file), {"reason": "换", "replacement": upload}
    )
    assert response.status_code == 200
    assert with_file.attachments.get().removed_at is None


def test_a_supervisor_cannot_remove_an_attachment(with_file, supervisor) -> None:
    assert client_of(supervisor).post(_remove_url(with_file), {"reason": "x"}).status_code == 403
    assert with_file.attachments.get().removed_at is None
