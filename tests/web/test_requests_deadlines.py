"""The stored due date across Spring Festival and National Day with their make-up working days,
補正 restarting the period, consultations pausing it, extensions and 第三十五条 — each date below
counted by hand on the State Council's schedule (time frozen with time_machine)."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine

from gongkai.requests.models import Status
from gongkai.requests.reasons import application_ask_reasons
from gongkai.requests.services import (
    TransitionError,
    application_consult,
    application_extend,
    application_receive_correction,
    application_receive_opinion,
    application_request_correction,
    application_send_fee_notice,
    application_set_later_deadline,
)
from tests.web.requests_fixtures import register

pytestmark = pytest.mark.django_db


def _at(day: str) -> time_machine.travel:
    return time_machine.travel(f"{day} 10:00 +0800", tick=False)


def test_it_counts_20_working_days_across_spring_festival(clerk_a, agency_a) -> None:
    # 2026: off 15–23 February; Saturday 14 and Saturday 28 February are working days.
    with _at("2026-02-06"):
        application, _ = register(clerk_a, agency_a, date(2026, 2, 6))
    # Mon–Fri alone would give 6 March; the holiday week and the two make-up Saturdays move it.
    assert application.due_on == date(2026, 3, 12)
    assert application.due_provisional is False


def test_it_counts_20_working_days_across_national_day(clerk_a, agency_a) -> None:
    # 2025: off 1–8 October; Sunday 28 September and Saturday 11 October are working days.
    with _at("2025-09-25"):
        application, _ = register(clerk_a, agency_a, date(2025, 9, 25))
    assert application.due_on == date(2025, 10, 29)


def test_it_gives_the_tracking_year_of_receipt_and_a_gapless_serial(clerk_a, agency_a) -> None:
    with _at("2026-01-05"):
        first, _ = register(clerk_a, agency_a, date(2025, 12, 31))
        second, _ = register(clerk_a, agency_a, date(2026, 1, 5))
        third, _ = register(clerk_a, agency_a, date(2026, 1, 5))
    assert first.tracking_number == "JL-JYJ-2025-00001"
    assert (second.tracking_number, third.tracking_number) == (
        "JL-JYJ-2026-00001",
        "JL-JYJ-2026-00002",
    )


def test_it_counts_a_make_up_sunday_in_the_7_day_correction_window(clerk_a, agency_a) -> None:
    with _at("2025-09-22"):
        application, _ = register(clerk_a, agency_a, date(2025, 9, 22))
    with _at("2025-10-09"):
        # 23–26 Sep, Sunday 28 Sep (make-up), 29 and 30 Sep: 30 September is the 7th day.
        late = application
        with pytest.raises(TransitionError, match="7 个工作日"):
            application_request_correction(
                actor=clerk_a,
                application=late,
                requested_on=date(2025, 10, 9),
                correction_days=10,
                items="请写明所需信息的文号",
            )
        done = application_request_correction(
            actor=clerk_a,
            application=application,
            requested_on=date(2025, 9, 30),
            correction_days=10,
            items="请写明所需信息的文号",
        )
    assert done.status == Status.CORRECTION


def test_it_restarts_the_period_from_the_corrected_application(clerk_a, agency_a) -> None:
    with _at("2026-02-04"):
        application, _ = register(clerk_a, agency_a, date(2026, 2, 2))
        application = application_request_correction(
            actor=clerk_a,
            application=application,
            requested_on=date(2026, 2, 4),
            correction_days=10,
            items="请补充身份证明",
        )
    # 5, 6, 9–13, Saturday 14 (make-up), then 24 and 25 February after the holiday.
    assert application.due_on == application.correction_due_on == date(2026, 2, 25)
    with _at("2026-02-06"):
        application = application_receive_correction(
            actor=clerk_a, application=application, received_on=date(2026, 2, 6)
        )
    assert application.period_start == date(2026, 2, 6)
    assert application.due_on == date(2026, 3, 12)  # 20 working days from 6 February, anew


def test_it_pauses_the_clock_while_a_third_party_is_consulted(clerk_a, agency_a) -> None:
    with _at("2026-03-02"):
        application, _ = register(clerk_a, agency_a, date(2026, 2, 6))
        consultation = application_consult(
            actor=clerk_a,
            application=application,
            kind="third_party",
            party="江临市某建设公司",
            sent_on=date(2026, 3, 2),
        )
    application.refresh_from_db()
    # The third party has 15 working days (to 23 March); until it answers the clock assumes
    # the whole window: the 8 days left run 24 March – 2 April.
    assert consultation.reply_due_on == date(2026, 3, 23)
    assert application.status == Status.CONSULTING
    assert application.due_on == date(2026, 4, 2)
    with _at("2026-03-06"):
        application = application_receive_opinion(
            actor=clerk_a, consultation=consultation, answered_on=date(2026, 3, 6), opinion="不同意"
        )
    # 3–6 March did not count: day 13 is 9 March, day 20 is 18 March (a pause, not a restart).
    assert application.status == Status.OPEN
    assert application.due_on == date(2026, 3, 18)


def test_it_extends_by_at_most_20_working_days(clerk_a, reviewer_a, agency_a) -> None:
    with _at("2026-03-02"):
        application, _ = register(clerk_a, agency_a, date(2026, 2, 6))
        application = application_extend(
            actor=reviewer_a,
            application=application,
            days=15,
            reason="需调取档案",
            approved_on=date(2026, 3, 2),
            notified_on=date(2026, 3, 2),
        )
        # 12 March + 15 working days: 13, 16–20, 23–27, 30, 31 March, 1 and 2 April.
        assert application.due_on == date(2026, 4, 2)
        with pytest.raises(TransitionError, match="最长不超过 20 个工作日"):
            application_extend(
                actor=reviewer_a,
                application=application,
                days=6,
                reason="再延",
                approved_on=date(2026, 3, 2),
                notified_on=date(2026, 3, 2),
            )
        application = application_extend(
            actor=reviewer_a,
            application=application,
            days=5,
            reason="再延",
            approved_on=date(2026, 3, 2),
            notified_on=date(2026, 3, 2),
        )
    assert application.extension_days == 20


def test_it_sets_a_reasonable_later_deadline_under_article_35(clerk_a, reviewer_a, agency_a):
    with _at("2026-03-02"):
        application, _ = register(clerk_a, agency_a, date(2026, 2, 6))
        application = application_ask_reasons(
            actor=clerk_a, application=application, asked_on=date(2026, 2, 9)
        )
        with pytest.raises(TransitionError, match="应晚于当前答复期限"):
            application_set_later_deadline(
                actor=reviewer_a, application=application, deadline=date(2026, 3, 1), reason="量大"
            )
        application = application_set_later_deadline(
            actor=reviewer_a, application=application, deadline=date(2026, 6, 30), reason="量大"
        )
    assert application.due_on == date(2026, 6, 30)


def test_it_does_not_count_the_fee_window_in_the_reply_period(clerk_a, agency_a) -> None:
    with _at("2026-03-02"):
        application, _ = register(clerk_a, agency_a, date(2026, 2, 6))
        application = application_send_fee_notice(
            actor=clerk_a,
            application=application,
            method="per_volume",
            notice_on=date(2026, 3, 2),
            pages=150,
        )
    assert application.fee_amount == 1700
    # The applicant has 20 working days from the day after: 3 March – 30 March.
    assert application.status == Status.FEE
    assert application.due_on == application.fee_due_on == date(2026, 3, 30)


def test_it_marks_a_due_date_in_a_year_without_calendar_provisional(clerk_a, agency_a) -> None:
    from gongkai.workdays.models import HolidayYear

    last = max(HolidayYear.objects.values_list("year", flat=True))
    with _at(f"{last}-12-20"):
        application, _ = register(clerk_a, agency_a, date(last, 12, 20))
    assert application.due_on.year == last + 1
    assert application.due_provisional is True
