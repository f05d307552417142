"""The steps around the clock, read from the law's text, with time frozen and every date counted
by hand on the State Council's 2026 schedule (清明: 4–6 April off).

- 条例第三十二条、第三十四条: the party answers "自收到征求意见书之日起15个工作日内"; the time
  "不计算在前款规定的期限内" (第三十三条) ends at the answer or that deadline, whichever is
  first; a co-producing agency's silence "视为同意公开".
- 条例第三十三条第二款: an extension "经政府信息公开工作机构负责人同意并告知申请人" — both while
  the period runs, with their dates.
- 条例第三十条 / 办法第七条: the 补正 period and the fee window run from the applicant's receipt
  of the notice (送达), the fee window "自收到收费通知的次日起20个工作日".
- 办法第五条: 按量计收 only for paper, e-mail or copied data — never for 查阅.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from gongkai.audit.models import Event
from gongkai.requests import notices
from gongkai.requests import services as s
from gongkai.requests.models import NoticeKind, Status
from tests.web.notify_helpers import staff_mail
from tests.web.requests_fixtures import register, secrecy_passed

pytestmark = pytest.mark.django_db


def _at(day: str) -> time_machine.travel:
    return time_machine.travel(f"{day} 10:00 +0800", tick=False)


def _consulting(clerk: Any, agency: Any, kind: str = "third_party", delivery: Any = None) -> Any:
    with _at("2026-03-03"):
        application, _ = register(clerk, agency, date(2026, 3, 2))
        consultation = s.application_consult(
            actor=clerk,
            application=application,
            kind=kind,
            party="江临宏达建设有限公司",
            sent_on=date(2026, 3, 3),
            delivery=delivery or {"method": "in_person", "sent_on": date(2026, 3, 3)},
        )
    return application, consultation


# --- 1. consultation: the pause is capped at the party's own deadline ---------------------------


def test_it_ends_the_pause_at_the_third_partys_deadline_when_the_opinion_is_late(
    clerk_a, agency_a
) -> None:
    application, consultation = _consulting(clerk_a, agency_a)
    # Received 3 March by hand: 15 working days are 4–6, 9–13, 16–20, 23 and 24 March.
    assert consultation.reply_due_on == date(2026, 3, 24)
    application.refresh_from_db()
    # 3 March is day 1; 25–27, 30, 31 March, 1–3 April, 7–10, 13–17, 20 and 21 April: day 20.
    assert application.due_on == date(2026, 4, 21)
    with _at("2026-06-30"):
        application = s.application_receive_opinion(
            actor=clerk_a,
            consultation=consultation,
            answered_on=date(2026, 6, 30),
            opinion="不同意",
        )
    assert application.due_on == date(2026, 4, 21)  # not 27 July: a late opinion adds nothing
    assert application.status == Status.OPEN
    event = Event.objects.filter(action="application.receive_opinion").get()
    assert "逾期" in event.changes["late"][1]


def test_it_counts_the_third_partys_15_days_from_its_receipt_of_the_letter(
    clerk_a, agency_a
) -> None:
    sent_by_ems = {
        "method": "ems",
        "sent_on": date(2026, 3, 3),
        "tracking_number": "EA123456789CN",
    }
    application, consultation = _consulting(clerk_a, agency_a, delivery=sent_by_ems)
    # Receipt unknown: counted from sending, the earliest it can be.
    assert consultation.reply_due_on == date(2026, 3, 24)
    notice = consultation.notices.get()
    with _at("2026-03-06"):
        notices.notice_record_delivery(
            actor=clerk_a,
            notice=notice,
            method="ems",
            sent_on=date(2026, 3, 3),
            received_on=date(2026, 3, 6),
            tracking_number="EA123456789CN",
        )
    consultation.refresh_from_db()
    application.refresh_from_db()
    # Signed for on Friday 6 March: 9–13, 16–20, 23–27 March.
    assert consultation.received_on == date(2026, 3, 6)
    assert consultation.reply_due_on == date(2026, 3, 27)
    # Three more paused working days (25–27 March): 22, 23 and 24 April.
    assert application.due_on == date(2026, 4, 24)
    event = Event.objects.filter(action="application.record_delivery").get()
    assert "2026-03-06" in event.changes["delivery"][1]


def test_it_records_a_co_producing_agencys_silence_as_consent(clerk_a, agency_a) -> None:
    application, consultation = _consulting(clerk_a, agency_a, kind="agency")
    with _at("2026-03-24"), pytest.raises(s.TransitionError, match="2026-03-24 才届满"):
        s.application_record_silence(actor=clerk_a, consultation=consultation)
    with _at("2026-03-25"):
        application = s.application_record_silence(actor=clerk_a, consultation=consultation)
    assert application.status == Status.OPEN
    assert application.due_on == date(2026, 4, 21)
    event = Event.objects.filter(action="application.record_silence").get()
    assert "视为同意公开" in event.reason
    assert "第三十四条" in event.reason


def test_it_shows_the_consultation_pause_and_the_delivery_on_the_case_page(
    clerk_a, agency_a
) -> None:
    application, _ = _consulting(clerk_a, agency_a)
    client = Client()
    client.force_login(clerk_a)
    with _at("2026-03-05"):
        page = client.get(reverse("requests:detail", kwargs={"pk": application.pk})).content
    text = page.decode()
    assert "2026-03-24" in text  # the party's deadline, which is also where the pause ends
    assert "征求意见函" in text and "直接送达（当面）" in text


# --- 2. extension: approved and told inside the running period, with dates ---------------------


def _due_17_november(clerk: Any, agency: Any) -> Any:
    with _at("2026-10-20"):
        application, _ = register(clerk, agency, date(2026, 10, 20))
    # 21–23, 26–30 October, 2–6, 9–13, 16 and 17 November.
    assert application.due_on == date(2026, 11, 17)
    return application


def test_it_refuses_an_extension_approved_after_the_reply_period_ran_out(
    clerk_a, reviewer_a, agency_a
) -> None:
    application = _due_17_november(clerk_a, agency_a)
    with _at("2026-12-05"), pytest.raises(s.TransitionError, match="第三十三条第二款"):
        s.application_extend(
            actor=reviewer_a,
            application=application,
            days=10,
            reason="需调取档案",
            approved_on=date(2026, 12, 5),
            notified_on=date(2026, 12, 5),
        )
    with _at("2026-12-05"), pytest.raises(s.TransitionError, match="告知申请人应在答复期限"):
        s.application_extend(
            actor=reviewer_a,
            application=application,
            days=10,
            reason="需调取档案",
            approved_on=date(2026, 11, 17),
            notified_on=date(2026, 11, 18),
        )
    application.refresh_from_db()
    assert application.extension_days == 0
    assert application.due_on == date(2026, 11, 17)


def test_it_records_the_approval_and_the_notice_dates_of_an_extension(
    clerk_a, reviewer_a, agency_a
) -> None:
    application = _due_17_november(clerk_a, agency_a)
    with _at("2026-11-17"):
        application = s.application_extend(
            actor=reviewer_a,
            application=application,
            days=10,
            reason="需调取档案",
            approved_on=date(2026, 11, 16),
            notified_on=date(2026, 11, 17),
            delivery={"method": "email", "sent_on": date(2026, 11, 17)},
        )
    # 18–20, 23–27, 30 November and 1 December.
    assert application.due_on == date(2026, 12, 1)
    assert application.extension_approved_on == date(2026, 11, 16)
    assert application.extension_notified_on == date(2026, 11, 17)
    notice = application.notices.get(kind=NoticeKind.EXTENSION)
    assert (notice.dated_on, notice.received_on) == (date(2026, 11, 17), date(2026, 11, 17))
    event = Event.objects.filter(action="application.extend").get()
    assert event.changes["extension_approved_on"] == [None, "2026-11-16"]


# --- 3 and 11. 补正 and fee windows run from the recorded receipt ---------------------------------


def _in_correction_by_ems(clerk: Any, agency: Any) -> Any:
    with _at("2026-03-04"):
        application, _ = register(clerk, agency, date(2026, 3, 2))
        return s.application_request_correction(
            actor=clerk,
            application=application,
            requested_on=date(2026, 3, 4),
            correction_days=10,
            items="请写明所需文件的文号",
            delivery={
                "method": "ems",
                "sent_on": date(2026, 3, 4),
                "tracking_number": "EA000000001CN",
            },
        )


def test_it_counts_the_correction_period_from_the_applicants_receipt(clerk_a, agency_a) -> None:
    application = _in_correction_by_ems(clerk_a, agency_a)
    # Not yet known to be received: estimated from the notice's date (5, 6, 9–13, 16–18 March).
    assert application.correction_due_on == date(2026, 3, 18)
    with _at("2026-03-25"), pytest.raises(s.TransitionError, match="尚未登记"):
        s.application_deem_abandoned(actor=clerk_a, application=application)
    notice = application.notices.get(kind=NoticeKind.CORRECTION)
    with _at("2026-03-09"):
        notices.notice_record_delivery(
            actor=clerk_a,
            notice=notice,
            method="ems",
            sent_on=date(2026, 3, 4),
            received_on=date(2026, 3, 9),
            tracking_number="EA000000001CN",
        )
    application.refresh_from_db()
    # Signed for on Monday 9 March: 10–13, 16–20 and 23 March.
    assert application.correction_due_on == date(2026, 3, 23)
    assert application.due_on == date(2026, 3, 23)
    with _at("2026-03-23"), pytest.raises(s.TransitionError, match="届满"):
        s.application_deem_abandoned(actor=clerk_a, application=application)
    with _at("2026-03-24"):
        closed = s.application_deem_abandoned(actor=clerk_a, application=application)
    assert closed.status == Status.CLOSED


def test_it_counts_the_fee_window_from_the_day_after_receipt_of_the_notice(
    clerk_a, agency_a
) -> None:
    with _at("2026-03-09"):  # the notice of 4 March entered once the receipt came back
        application, _ = register(clerk_a, agency_a, date(2026, 3, 2))
        application = s.application_send_fee_notice(
            actor=clerk_a,
            application=application,
            method="per_volume",
            notice_on=date(2026, 3, 4),
            pages=40,
            delivery={
                "method": "ems",
                "sent_on": date(2026, 3, 4),
                "received_on": date(2026, 3, 9),
                "tracking_number": "EA000000002CN",
            },
        )
    # 办法第七条: from 10 March — 10–13, 16–20, 23–27, 30, 31 March, 1–3 and 7 April (4–6 off).
    assert application.fee_due_on == date(2026, 4, 7)
    with _at("2026-04-07"):
        paid = s.application_record_payment(
            actor=clerk_a, application=application, paid_on=date(2026, 4, 7)
        )
    assert paid.status == Status.OPEN


def test_it_records_a_delivery_from_the_case_page(clerk_a, agency_a) -> None:
    application = _in_correction_by_ems(clerk_a, agency_a)
    notice = application.notices.get(kind=NoticeKind.CORRECTION)
    client = Client()
    client.force_login(clerk_a)
    url = reverse("requests:action", kwargs={"pk": application.pk, "action": "record_delivery"})
    with _at("2026-03-09"):
        page = client.get(reverse("requests:detail", kwargs={"pk": application.pk}))
        assert "尚未登记" in page.content.decode()
        refused = client.post(
            url, {"notice": notice.pk, "delivery_method": "ems", "delivery_sent_on": "2026-03-04"}
        )
        assert "邮件号码" in refused.content.decode()
        done = client.post(
            url,
            {
                "notice": notice.pk,
                "delivery_method": "ems",
                "delivery_sent_on": "2026-03-04",
                "delivery_received_on": "2026-03-09",
                "delivery_tracking": "EA000000001CN",
            },
        )
    assert done.status_code == 302
    application.refresh_from_db()
    assert application.correction_due_on == date(2026, 3, 23)


# --- 4. no per-volume fee for inspection -----------------------------------------------------


def test_it_refuses_a_per_volume_fee_for_inspection(clerk_a, agency_a) -> None:
    with _at("2026-03-04"):
        application, _ = register(clerk_a, agency_a, date(2026, 3, 2))
        application.form_wanted = "inspection"
        application.save()
        with pytest.raises(s.TransitionError, match="查阅的不得按量收费"):
            s.application_send_fee_notice(
                actor=clerk_a,
                application=application,
                method="per_volume",
                notice_on=date(2026, 3, 4),
                pages=150,
            )
    application.refresh_from_db()
    assert application.fee_amount is None and application.status == Status.OPEN


# --- 12. an absurd received date: refused by the form, never a 500 ---------------------------


def test_it_refuses_a_received_date_before_the_regulation_with_a_message(clerk_a, agency_a) -> None:
    client = Client()
    client.force_login(clerk_a)
    with _at("2026-03-04"):
        page = client.post(
            reverse("requests:register"),
            {
                "agency": agency_a.pk,
                "channel": "in_person",
                "received_on": "1999-01-01",
                "category": "natural_person",
                "applicant_name": "张三丰",
                "description": "招生计划",
                "form_wanted": "electronic",
                "delivery": "email",
                "email": "zhang@example.com",
            },
        )
        with pytest.raises(s.TransitionError, match="2019年5月15日"):
            register(clerk_a, agency_a, date(2019, 5, 14))
    assert page.status_code == 200
    assert "早于现行《条例》施行之日" in page.content.decode()
    assert not agency_a_applications(agency_a)


def agency_a_applications(agency: Any) -> list[Any]:
    from gongkai.requests.models import Application

    return list(Application.objects.filter(agency=agency))


def test_it_shows_the_list_with_a_1999_case_and_flags_its_date(
    clerk_a, supervisor, agency_a
) -> None:
    from gongkai.requests.models import Application

    with _at("2026-03-04"):
        application, _ = register(clerk_a, agency_a, date(2026, 3, 2))
    # A row written before the bounds existed (an import, a hand edit).
    old = date(1999, 1, 1)
    Application.objects.filter(pk=application.pk).update(
        received_on=old, period_start=old, due_on=date(1999, 1, 29)
    )
    for user in (clerk_a, supervisor):
        client = Client()
        client.force_login(user)
        with _at("2026-03-04"):
            listing = client.get(reverse("requests:dashboard"))
            detail = client.get(reverse("requests:detail", kwargs={"pk": application.pk}))
        assert listing.status_code == 200 and detail.status_code == 200
        assert "日期异常" in listing.content.decode()
    from gongkai.requests.reminders import reminders

    lines = [r.body for r in reminders(date(2026, 3, 4), 5)]
    assert any("日期异常" in body for body in lines)


# --- 9. 条例第三十一条: the day of receipt, channel by channel --------------------------------


def test_it_takes_an_ordinary_letters_confirmation_day_as_receipt(clerk_a, agency_a) -> None:
    # Arrived Friday 6 March, confirmed with the applicant Monday 9 March: received 9 March,
    # 20 working days from then are 10–13, 16–20, 23–27, 30, 31 March, 1–3 and 7 April.
    with _at("2026-03-09"):
        application, _ = register(
            clerk_a,
            agency_a,
            date(2026, 3, 9),
            channel="letter",
            arrived_on=date(2026, 3, 6),
        )
        with pytest.raises(s.TransitionError, match="当面提交、在线提交的，提交之日"):
            register(clerk_a, agency_a, date(2026, 3, 9), arrived_on=date(2026, 3, 6))
        with pytest.raises(s.TransitionError, match="不能早于到达日期"):
            register(
                clerk_a, agency_a, date(2026, 3, 5), channel="email", arrived_on=date(2026, 3, 6)
            )
    assert (application.arrived_on, application.due_on) == (date(2026, 3, 6), date(2026, 4, 7))
    client = Client()
    client.force_login(clerk_a)
    with _at("2026-03-09"):
        page = client.get(reverse("requests:detail", kwargs={"pk": application.pk}))
    text = page.content.decode()
    assert "2026年3月6日到达" in text and "确认之日为收到申请之日" in text


def test_it_tells_the_online_applicant_which_day_is_the_day_of_receipt(agency_a) -> None:
    page = Client().get(reverse("requests:apply")).content.decode()
    assert "系统即时出具受理回执作为双方确认，提交之日为收到申请之日" in page


# --- 8. 条例第三十五条: ask for reasons first -------------------------------------------------


def test_it_asks_for_reasons_before_refusing_or_delaying_a_large_request(
    clerk_a, reviewer_a, agency_a
) -> None:
    from gongkai.requests import outcomes
    from gongkai.requests.reasons import application_ask_reasons, application_record_reasons

    with _at("2026-03-04"):
        application, _ = register(clerk_a, agency_a, date(2026, 3, 2))
        with pytest.raises(s.TransitionError, match="应先要求申请人说明理由"):
            s.application_draft_reply(
                actor=clerk_a, application=application, outcome=outcomes.EXCESSIVE
            )
        with pytest.raises(s.TransitionError, match="应先要求申请人说明理由"):
            s.application_set_later_deadline(
                actor=reviewer_a,
                application=application,
                deadline=date(2026, 6, 30),
                reason="数量大",
            )
        application = application_ask_reasons(
            actor=clerk_a,
            application=application,
            asked_on=date(2026, 3, 4),
            delivery={"method": "email", "sent_on": date(2026, 3, 4)},
        )
    # Asking does not stop the clock: received 2 March, due 30 March.
    assert application.due_on == date(2026, 3, 30)
    with _at("2026-03-10"):
        application = application_record_reasons(
            actor=clerk_a,
            application=application,
            received_on=date(2026, 3, 10),
            reasons="撰写论文需要",
        )
        application = s.application_set_later_deadline(
            actor=reviewer_a, application=application, deadline=date(2026, 6, 30), reason="理由合理"
        )
        client = Client()
        client.force_login(clerk_a)
        page = client.get(reverse("requests:detail", kwargs={"pk": application.pk}))
    assert application.due_on == date(2026, 6, 30)
    assert application.notices.get(kind=NoticeKind.REASONS).received_on == date(2026, 3, 4)
    assert "撰写论文需要" in page.content.decode()
    assert Event.objects.filter(action="application.ask_reasons").exists()


def test_it_reminds_of_consultation_and_catalogue_deadlines(clerk_a, agency_a) -> None:

    from gongkai.catalogue.services import document_set_status
    from gongkai.cli import main
    from tests.web.catalogue_helpers import make_document

    clerk_a.email = "clerk@jyj.example"
    clerk_a.save(update_fields=["email"])
    _consulting(clerk_a, agency_a)  # the party's deadline is 24 March
    with _at("2026-03-23"):
        document = make_document(
            clerk_a, agency_a, written_on=date(2025, 6, 2), title="关于校车管理的通知"
        )
        # Repealed on Friday 20 February, still 春节 (off to 23 February): 24–27 February,
        # Saturday 28 (make-up), 2–6, 9–13 and 16–20 March — due 20 March.
        document_set_status(
            actor=clerk_a, document=document, status="repealed", changed_on=date(2026, 2, 20)
        )
        assert main(["remind", "--days", "3"]) == 0
    body = "\n".join(m.body for m in staff_mail())
    assert "征求江临宏达建设有限公司意见的答复（届满未答复的请登记）：期限 2026-03-24" in body
    assert "公开《关于校车管理的通知》已废止：期限 2026-03-20，已超期 3 日" in body


def test_it_shows_every_deadline_kind_on_the_dashboard(clerk_a, agency_a) -> None:
    _consulting(clerk_a, agency_a)
    client = Client()
    client.force_login(clerk_a)
    with _at("2026-03-10"):
        page = client.get(reverse("requests:dashboard")).content.decode()
    # The request (its reply), the consulted party's deadline, and — the 2025 report not
    # submitted — the department's 31 January, overdue.
    assert "答复期限（征求意见时间不计入）" in page
    assert "征求意见答复" in page and "2026-03-24" in page
    assert "年度报告报送" in page and "年度报告公开" in page and "2026-01-31" in page


def test_the_dashboard_s_board_reads_only_what_it_shows(clerk_a, operator, agency_a) -> None:
    """The board reads a few columns of each row as plain values and the agencies the page has
    read already: its items are those of whole rows and of its own agency read."""
    from django.urls import reverse as url

    from gongkai.accounts.access import scope_to_user, visible_agencies
    from gongkai.catalogue.models import Status as DocumentStatus
    from gongkai.catalogue.services import document_set_status
    from gongkai.requests import board
    from tests.web.catalogue_helpers import make_document

    _consulting(clerk_a, agency_a)
    with _at("2026-03-10"):
        draft = make_document(operator, agency_a, written_on=date(2026, 3, 2), unpublished=True)
        old = make_document(operator, agency_a, written_on=date(2026, 1, 5))
        document_set_status(
            actor=operator,
            document=old,
            status=DocumentStatus.REPEALED,
            changed_on=date(2026, 3, 2),
            replaced_by=None,
        )
        horizon, today = date(2026, 4, 8), date(2026, 3, 10)
        items = board.other_deadlines(clerk_a, horizon, today, list(visible_agencies(clerk_a)))
        assert items == board.other_deadlines(clerk_a, horizon, today)
        # The same items from whole model instances, as the board first built them.
        consultations = scope_to_user(
            board.consultations_waiting(horizon), clerk_a, via="application__agency"
        )
        new, changed = (scope_to_user(qs, clerk_a) for qs in board.catalogue_due(horizon))
        whole = [
            *(
                (
                    "征求意见答复",
                    f"{c.application.tracking_number} {c.party}",
                    url("requests:detail", args=[c.application_id]),
                    c.application.agency.name,
                    c.reply_due_on,
                )
                for c in consultations
            ),
            *(
                (
                    "主动公开",
                    *(d.title, url("catalogue:detail", args=[d.pk]), d.agency.name),
                    *(d.publication_due, d.due_provisional),
                )
                for d in new
            ),
            *(
                (
                    "公开修改/废止",
                    *(d.title, url("catalogue:detail", args=[d.pk]), d.agency.name),
                    *(d.change_publication_due, d.change_due_provisional),
                )
                for d in changed
            ),
        ]
        read = [
            (i.kind, i.what, i.url, i.agency, i.due)
            + ((i.provisional,) if i.kind != "征求意见答复" else ())
            for i in items
            if i.kind in ("征求意见答复", "主动公开", "公开修改/废止")
        ]
        assert sorted(read) == sorted(whole)
        assert next(i for i in items if i.kind == "征求意见答复").provisional is False
    kinds = {item.kind for item in items}
    assert {"征求意见答复", "主动公开", "公开修改/废止", "年度报告报送"} <= kinds, kinds
    assert {draft.title, old.title} <= {item.what for item in items}


def test_the_board_s_report_steps_follow_each_agency_s_versions(
    operator, city_office, agency_a, agency_b
) -> None:
    """The board reads the year's versions once for both steps: an agency that submitted (any
    version) has no 报送 item, one that published (any version) no 公开 item."""
    from datetime import UTC, datetime

    from gongkai.accounts.access import visible_agencies
    from gongkai.reports.models import ReportVersion
    from gongkai.reports.models import Status as ReportStatus
    from gongkai.requests import board

    at = datetime(2026, 1, 20, tzinfo=UTC)
    for agency, version, status, submitted in (
        (agency_a, 1, ReportStatus.RETURNED, at),  # submitted, returned: 报送 done
        (agency_a, 2, ReportStatus.DRAFT, None),
        (agency_b, 1, ReportStatus.PUBLISHED, at),
        (city_office, 1, ReportStatus.DRAFT, None),
    ):
        ReportVersion.objects.create(
            agency=agency,
            year=2025,
            version=version,
            status=status,
            submitted_at=submitted,
            data={},
        )
    ReportVersion.objects.create(agency=city_office, year=2024, status="published", data={})
    today, horizon = date(2026, 3, 10), date(2026, 4, 8)
    items = board._reports(operator, today, horizon, list(visible_agencies(operator)))
    steps = {(i.agency, i.kind) for i in items}
    assert (agency_a.name, "年度报告报送") not in steps
    assert (agency_a.name, "年度报告公开") in steps
    assert not {(agency_b.name, "年度报告报送"), (agency_b.name, "年度报告公开")} & steps
    assert (city_office.name, "年度报告公开") in steps  # last year's publication does not count


def test_it_keeps_the_reply_letter_as_a_notice_whose_delivery_can_be_recorded(
    clerk_a, reviewer_a, agency_a
) -> None:
    with _at("2026-03-04"):
        application, _ = register(clerk_a, agency_a, date(2026, 3, 2))
        s.application_draft_reply(actor=clerk_a, application=application, outcome="disclosed")
        secrecy_passed(reviewer_a, application)
        closed = s.application_answer(
            actor=reviewer_a, application=application, answered_on=date(2026, 3, 4)
        )
    reply = closed.notices.get(kind=NoticeKind.REPLY)
    with _at("2026-03-09"):
        notices.notice_record_delivery(
            actor=clerk_a,
            notice=reply,
            method="post",
            sent_on=date(2026, 3, 4),
            received_on=date(2026, 3, 7),
        )
    reply.refresh_from_db()
    assert (reply.method, reply.received_on) == ("post", date(2026, 3, 7))
