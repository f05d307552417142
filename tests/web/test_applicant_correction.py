"""The applicant's online 补正 (条例第三十条) from the case page: received the day it is sent,
the reply period restarted from that day through the same service path a clerk uses, an event
saying it came online, refused after the 补正 period with the day it ended, files checked like
the application form's, nothing typed lost on an error, and the clerk sees what was sent."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from gongkai.audit.models import Event
from gongkai.requests import notices, online, services
from gongkai.requests.guards import TransitionError
from gongkai.requests.models import Application, OnlineCorrection, Status
from gongkai.workdays.clock import add_working_days
from gongkai.workdays.selectors import platform_calendar
from tests.web.conftest import client_of
from tests.web.requests_fixtures import private_attachments, register  # noqa: F401

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("private_attachments")]
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
ITEMS = "请写明所需文件的名称或文号。"


def _awaiting_correction(clerk: Any, agency: Any) -> tuple[Application, str]:
    """Received Monday 2 March 2026; 补正 asked on the 3rd, handed over that day, 10 days."""
    with time_machine.travel("2026-03-03 10:00 +0800", tick=False):
        application, code = register(clerk, agency, date(2026, 3, 2))
        services.application_request_correction(
            actor=clerk,
            application=application,
            requested_on=date(2026, 3, 3),
            correction_days=10,
            items=ITEMS,
            delivery={"method": "in_person", "sent_on": date(2026, 3, 3)},
        )
    application.refresh_from_db()
    return application, code


def _look_up(client: Client, application: Application, code: str) -> None:
    response = client.post(
        reverse("requests:status"),
        {"tracking_number": application.tracking_number, "query_code": code},
    )
    assert response.status_code == 200


def test_it_restarts_the_reply_period_from_the_day_the_correction_arrives(
    clerk_a, agency_a
) -> None:
    application, _ = _awaiting_correction(clerk_a, agency_a)
    assert application.status == Status.CORRECTION
    with time_machine.travel("2026-03-10 15:00 +0800", tick=False):
        correction = online.application_correct_online(
            application=application,
            text="所需文件为《江临市2025年义务教育招生工作方案》。",
            files=[SimpleUploadedFile("证明.png", PNG)],
        )
    application.refresh_from_db()
    expected = add_working_days(platform_calendar(), date(2026, 3, 10), 20).due
    assert correction.received_on == date(2026, 3, 10)
    assert application.status == Status.OPEN
    assert application.correction_received_on == application.period_start == date(2026, 3, 10)
    assert application.due_on == expected and expected > date(2026, 4, 1)
    assert [f.original_name for f in correction.files.all()] == ["证明.png"]
    event = Event.objects.filter(action="application.receive_correction").get()
    assert event.actor is None and "在线提交补正" in event.reason
    assert event.changes["online"] == [None, True]
    assert event.changes["attachments"] == [None, ["证明.png"]]
    assert event.changes["due_on"][1] == expected.isoformat()


def test_it_gives_the_same_due_date_as_a_clerk_recording_the_correction(clerk_a, agency_a) -> None:
    online_case, _ = _awaiting_correction(clerk_a, agency_a)
    paper_case, _ = _awaiting_correction(clerk_a, agency_a)
    with time_machine.travel("2026-03-12 09:00 +0800", tick=False):
        online.application_correct_online(application=online_case, text="补正内容")
        services.application_receive_correction(
            actor=clerk_a, application=paper_case, received_on=date(2026, 3, 12)
        )
    online_case.refresh_from_db()
    paper_case.refresh_from_db()
    assert online_case.due_on == paper_case.due_on
    assert online_case.period_start == paper_case.period_start == date(2026, 3, 12)


def test_it_refuses_a_correction_after_the_period_naming_the_day_it_ended(
    clerk_a, agency_a
) -> None:
    application, _ = _awaiting_correction(clerk_a, agency_a)
    ended = application.correction_due_on
    assert ended == add_working_days(platform_calendar(), date(2026, 3, 3), 10).due
    shown = f"{ended:%Y年%-m月%-d日}"
    with time_machine.travel(f"{ended} 12:00 +0800", tick=False):  # the last day still counts
        assert online.accepts_correction(application, ended)
    day_after = date.fromordinal(ended.toordinal() + 1)
    with (
        time_machine.travel(f"{day_after} 09:00 +0800", tick=False),
        pytest.raises(TransitionError, match=shown),
    ):
        online.application_correct_online(application=application, text="迟到的补正")
    application.refresh_from_db()
    assert application.status == Status.CORRECTION and not OnlineCorrection.objects.exists()


def test_it_takes_a_correction_while_the_notices_receipt_is_unrecorded(clerk_a, agency_a) -> None:
    """The period runs from the applicant's receipt: unrecorded, it has not started."""
    with time_machine.travel("2026-03-03 10:00 +0800", tick=False):
        application, _ = register(clerk_a, agency_a, date(2026, 3, 2))
        services.application_request_correction(
            actor=clerk_a,
            application=application,
            requested_on=date(2026, 3, 3),
            correction_days=5,
            items=ITEMS,
        )
    application.refresh_from_db()
    assert notices.receipt_pending(application, "correction")
    with time_machine.travel("2026-04-20 10:00 +0800", tick=False):
        online.application_correct_online(application=application, text="邮件今天才收到")
    application.refresh_from_db()
    assert application.status == Status.OPEN


def test_it_bounds_the_files_like_the_application_form(clerk_a, agency_a) -> None:
    application, _ = _awaiting_correction(clerk_a, agency_a)
    with time_machine.travel("2026-03-10 15:00 +0800", tick=False):
        page = SimpleUploadedFile("x.png", b"<html><script>alert(1)</script></html>")
        with pytest.raises(ValidationError, match=r"x\.png"):
            online.application_correct_online(application=application, text="t", files=[page])
        six = [SimpleUploadedFile(f"{i}.png", PNG) for i in range(6)]
        with pytest.raises(TransitionError, match="最多上传 5 个"):
            online.application_correct_online(application=application, text="t", files=six)
        big = SimpleUploadedFile("big.png", PNG + b"\x00" * (5 * 1024 * 1024))
        with pytest.raises(ValidationError, match="超过 5 MB"):
            online.application_correct_online(application=application, text="t", files=[big])
        with pytest.raises(TransitionError, match="补正内容不能超过"):
            online.application_correct_online(application=application, text="字" * 5001)
        with pytest.raises(TransitionError, match="请写明补正的内容"):
            online.application_correct_online(application=application, text="  ")
    application.refresh_from_db()
    assert application.status == Status.CORRECTION
    assert not OnlineCorrection.objects.exists() and not application.attachments.exists()


def test_the_case_page_takes_the_correction_and_shows_the_restarted_clock(
    clerk_a, agency_a
) -> None:
    application, code = _awaiting_correction(clerk_a, agency_a)
    client = Client()
    with time_machine.travel("2026-03-10 15:00 +0800", tick=False):
        _look_up(client, application, code)
        page = client.get(reverse("requests:case")).content.decode()
        assert 'id="correction-form"' in page and ITEMS in page
        response = client.post(
            reverse("requests:case_correction"),
            {"text": "所需文件为招生方案。", "files": [SimpleUploadedFile("a.pdf", b"%PDF-1.4\n")]},
        )
        assert response.status_code == 302 and response["Location"] == reverse("requests:case")
        page = client.get(reverse("requests:case")).content.decode()
    application.refresh_from_db()
    assert "已收到您的补正" in page and 'id="correction-form"' not in page
    assert "20 个工作日的答复期限从这一天重新计算" in page
    assert f"{application.due_on:%Y年%-m月%-d日}" in page and "2026年3月10日" in page
    # The clerk sees what was sent, text and file.
    staff = client_of(clerk_a).get(reverse("requests:detail", args=[application.pk]))
    text = staff.content.decode()
    assert 'id="online-corrections"' in text and "所需文件为招生方案。" in text
    assert "申请人（在线提交）" in text and "在线提交：（空） → 是" in text
    item = application.attachments.get()
    assert reverse("requests:attachment", args=[application.pk, item.pk]) in text


def test_a_refused_form_keeps_what_was_typed(clerk_a, agency_a) -> None:
    application, code = _awaiting_correction(clerk_a, agency_a)
    client = Client()
    typed = "所需文件为《江临市招生方案》，文号江临教〔2025〕3号。"
    with time_machine.travel("2026-03-10 15:00 +0800", tick=False):
        _look_up(client, application, code)
        response = client.post(
            reverse("requests:case_correction"),
            {"text": typed, "files": [SimpleUploadedFile("a.html", b"<html></html>")]},
        )
    page = response.content.decode()
    assert response.status_code == 400
    assert typed in page and "a.html" in page and 'id="files-again"' in page
    application.refresh_from_db()
    assert application.status == Status.CORRECTION


def test_the_case_page_refuses_after_the_period_with_the_date(clerk_a, agency_a) -> None:
    application, code = _awaiting_correction(clerk_a, agency_a)
    ended = application.correction_due_on
    assert ended is not None
    client = Client()
    day_after = date.fromordinal(ended.toordinal() + 1)
    with time_machine.travel(f"{day_after} 09:00 +0800", tick=False):
        _look_up(client, application, code)
        page = client.get(reverse("requests:case")).content.decode()
        response = client.post(reverse("requests:case_correction"), {"text": "迟到的补正"})
    shown = f"{ended:%Y年%-m月%-d日}"
    assert 'id="correction-form"' not in page and f"补正期限已于 {shown} 届满" in page
    assert response.status_code == 400 and shown in response.content.decode()
    assert not OnlineCorrection.objects.exists()


def test_no_correction_without_the_cases_session(clerk_a, agency_a) -> None:
    application, _ = _awaiting_correction(clerk_a, agency_a)
    response = Client().post(reverse("requests:case_correction"), {"text": "x"})
    assert response.status_code == 404
    application.refresh_from_db()
    assert application.status == Status.CORRECTION


def test_the_body_limit_lets_five_files_through_to_the_correction_only(settings: Any) -> None:
    """The WSGI body limit (gongkai.lib.bodylimit) answers before Django reads the form: the
    correction takes what the application form takes, the rest of /status/ stays small."""
    from gongkai.lib.bodylimit import limit_for

    limits, default = settings.REQUEST_BODY_LIMITS, settings.REQUEST_BODY_DEFAULT_LIMIT
    five = 5 * 5 * 1024 * 1024
    assert limit_for("/status/correction/", limits, default) == limit_for(
        "/apply/", limits, default
    )
    assert limit_for("/status/correction/", limits, default) > five
    assert limit_for("/status/", limits, default) == 64 * 1024
