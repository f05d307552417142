"""``gongkai remind``: clerks hear about requests due within N working days, reviewers about
overdue ones; other agencies' staff hear nothing."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine

from gongkai.accounts.services import user_create
from gongkai.cli import main
from gongkai.requests.reminders import reminders
from tests.web.conftest import PASSWORD
from tests.web.notify_helpers import staff_mail
from tests.web.requests_fixtures import register

pytestmark = pytest.mark.django_db


@pytest.fixture
def mailboxes(operator, clerk_a, reviewer_a, clerk_b) -> None:
    for user, address in ((clerk_a, "clerk@jyj.example"), (reviewer_a, "review@jyj.example")):
        user.email = address
        user.save(update_fields=["email"])
    clerk_b.email = "clerk@daj.example"
    clerk_b.save(update_fields=["email"])
    _ = user_create, PASSWORD


def test_it_mails_clerks_about_soon_and_reviewers_about_overdue(
    mailboxes, clerk_a, clerk_b, agency_a, agency_b, capsys
) -> None:
    with time_machine.travel("2026-03-02 10:00 +0800", tick=False):
        overdue = register(clerk_a, agency_a, date(2026, 1, 5))[0]  # due 2 February
        soon = register(clerk_a, agency_a, date(2026, 2, 3))[0]  # due 9 March
        register(clerk_a, agency_a, date(2026, 3, 2))  # due 30 March: not yet
        assert main(["remind", "--days", "5"]) == 0
        delivered = staff_mail()  # gongkai notify
    by_recipient = {tuple(m.to): m for m in delivered}
    assert set(by_recipient) == {("clerk@jyj.example",), ("review@jyj.example",)}
    clerk_mail = by_recipient["clerk@jyj.example",]
    assert (
        soon.tracking_number in clerk_mail.body and overdue.tracking_number not in clerk_mail.body
    )
    assert "剩余 5 个工作日" in clerk_mail.body
    review_mail = by_recipient["review@jyj.example",]
    assert overdue.tracking_number in review_mail.body and "已超期 16 个工作日" in review_mail.body
    assert "共 2 封提醒，2 封邮件已加入发送队列" in capsys.readouterr().out


def test_it_lists_without_sending_on_a_dry_run(mailboxes, clerk_a, agency_a, capsys) -> None:
    with time_machine.travel("2026-03-02 10:00 +0800", tick=False):
        register(clerk_a, agency_a, date(2026, 1, 5))
        assert main(["remind", "--dry-run"]) == 0
    assert staff_mail() == []
    assert "（未发送）" in capsys.readouterr().out


def test_it_counts_the_window_in_working_days(mailboxes, clerk_a, agency_a) -> None:
    # Due 9 October 2025, the first working day after National Day: from 30 September that is
    # 1 working day away, though 9 calendar days.
    with time_machine.travel("2025-09-30 10:00 +0800", tick=False):
        register(clerk_a, agency_a, date(2025, 9, 4))
        found = reminders(date(2025, 9, 30), 1)
    assert [r.role for r in found] == ["clerk"]
    assert "剩余 1 个工作日" in found[0].body


def test_it_refuses_a_bad_date(capsys) -> None:
    assert main(["remind", "--date", "2026-13-01"]) == 2
    assert "gongkai remind" in capsys.readouterr().err


def test_it_names_agencies_whose_staff_have_no_address(clerk_b, agency_b, capsys) -> None:
    with time_machine.travel("2026-03-02 10:00 +0800", tick=False):
        register(clerk_b, agency_b, date(2026, 1, 5))  # overdue; 档案局 has no reviewer at all
        assert main(["remind"]) == 0
    assert staff_mail() == []
    assert "无法提醒" in capsys.readouterr().out
