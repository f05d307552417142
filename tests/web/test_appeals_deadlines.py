"""The agency's own deadlines in a review or a suit, from the laws' text, time frozen.

- 行政复议法（2023）第四十八条: the written answer "自收到行政复议申请书副本…之日起十日内";
  第八十八条第二款: the law's "十日" are working days, statutory holidays not counted.
- 行政诉讼法第六十七条: the defence "在收到起诉状副本之日起十五日内" — calendar days; the day of
  receipt is not counted and a last day on a 休假日 moves to the next working day (民事诉讼法
  第八十五条).
Dates counted by hand on the 2026 schedule: 春节 15–23 February off, Saturdays 14 and 28
February working days.
"""

from __future__ import annotations

from datetime import date

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from gongkai.appeals.models import CaseKind, Route
from gongkai.appeals.services import case_update
from gongkai.audit.models import Event
from gongkai.cli import main
from tests.web.appeals_helpers import open_case
from tests.web.notify_helpers import staff_mail

pytestmark = pytest.mark.django_db


def _at(day: str) -> time_machine.travel:
    return time_machine.travel(f"{day} 10:00 +0800", tick=False)


def _review(actor, agency, copy_received: date):
    return open_case(actor, agency, copy_received, copy_received_on=copy_received)


def _suit(actor, agency, copy_received: date):
    return open_case(
        actor,
        agency,
        copy_received,
        kind=CaseKind.LITIGATION,
        route=Route.DIRECT,
        applicant="李某",
        copy_received_on=copy_received,
    )


def test_it_gives_a_review_answer_10_working_days_from_the_copy(clerk_a, agency_a) -> None:
    with _at("2026-02-11"):
        case = _review(clerk_a, agency_a, date(2026, 2, 11))
    # 12, 13, Saturday 14 (make-up), 24–27, Saturday 28 February, 2 and 3 March.
    assert case.answer_due_on == date(2026, 3, 3)
    event = Event.objects.filter(action="case.create").get()
    assert event.changes["answer_due_on"] == [None, "2026-03-03"]


def test_it_gives_a_defence_15_days_from_the_complaint_moved_past_a_holiday(
    clerk_a, agency_a
) -> None:
    with _at("2026-03-06"):
        across_spring_festival = _suit(clerk_a, agency_a, date(2026, 2, 3))
        ordinary = _suit(clerk_a, agency_a, date(2026, 3, 2))
        on_a_saturday = _suit(clerk_a, agency_a, date(2026, 3, 6))
    assert across_spring_festival.answer_due_on == date(2026, 2, 24)  # 18 February is 春节
    assert ordinary.answer_due_on == date(2026, 3, 17)
    assert on_a_saturday.answer_due_on == date(2026, 3, 23)  # 21 March is a Saturday


def test_it_shows_open_answers_on_the_dashboard_and_closes_them_when_filed(
    clerk_a, agency_a, clerk_b
) -> None:
    with _at("2026-03-04"):
        case = _review(clerk_a, agency_a, date(2026, 2, 11))
        client = Client()
        client.force_login(clerk_a)
        page = client.get(reverse("requests:dashboard")).content.decode()
        assert "复议书面答复" in page and "2026-03-03" in page and "已超期" in page
        other = Client()
        other.force_login(clerk_b)
        assert "2026-03-03" not in other.get(reverse("requests:dashboard")).content.decode()
        case_update(actor=clerk_a, case=case, answered_on=date(2026, 3, 2))
        page = client.get(reverse("requests:dashboard")).content.decode()
        detail = client.get(reverse("appeals:detail", kwargs={"pk": case.pk})).content.decode()
    assert "复议书面答复" not in page
    assert "2026年3月3日" in detail and "已提交" in detail


def test_it_reminds_the_agency_of_an_answer_due(clerk_a, reviewer_a, agency_a, capsys) -> None:
    clerk_a.email, reviewer_a.email = "clerk@jyj.example", "review@jyj.example"
    clerk_a.save(update_fields=["email"])
    reviewer_a.save(update_fields=["email"])
    with _at("2026-03-10"):
        _suit(clerk_a, agency_a, date(2026, 3, 2))  # defence due 17 March
        assert main(["remind", "--days", "5"]) == 0
    messages = staff_mail()
    assert sorted(m.to[0] for m in messages) == ["clerk@jyj.example", "review@jyj.example"]
    assert all("答辩状期限 2026-03-17（还有 7 日）" in m.body for m in messages)


def test_it_refuses_a_filed_answer_before_the_copy(clerk_a, agency_a) -> None:
    from django.core.exceptions import ValidationError

    with _at("2026-03-04"):
        case = _review(clerk_a, agency_a, date(2026, 2, 11))
        with pytest.raises(ValidationError):
            case_update(actor=clerk_a, case=case, answered_on=date(2026, 2, 10))
