"""``gongkai report-remind``: agencies whose report on last year is not submitted hear about
the 31 January deadline (条例第四十九条); those that submitted hear nothing."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail

from gongkai.cli import main
from gongkai.reports.models import ReportVersion, Status
from tests.web.notify_helpers import staff_mail

pytestmark = pytest.mark.django_db


@pytest.fixture
def mailboxes(clerk_a: Any, reviewer_a: Any, clerk_b: Any, supervisor: Any) -> None:
    for user, address in (
        (clerk_a, "clerk@jyj.example"),
        (reviewer_a, "review@jyj.example"),
        (clerk_b, "clerk@daj.example"),
        (supervisor, "office@jl.example"),
    ):
        user.email = address
        user.save(update_fields=["email"])


def test_it_mails_the_agencies_not_yet_submitted(mailboxes, agency_b, capsys) -> None:
    ReportVersion.objects.create(agency=agency_b, year=2025, status=Status.PUBLISHED, data={})
    assert main(["report-remind", "--date", "2026-01-25"]) == 0
    recipients = sorted(tuple(m.to) for m in staff_mail())
    # one message per recipient: each address is retried on its own
    assert recipients == [("clerk@jyj.example",), ("review@jyj.example",)]
    assert "还有 6 天" in mail.outbox[0].subject and "第四十九条" in mail.outbox[0].body
    out = capsys.readouterr().out
    # The city office itself has no staff with an e-mail address: named, not skipped silently.
    assert "江临市人民政府办公室" in out and "无法提醒" in out


def test_it_reminds_a_department_that_submitted_to_publish_too(mailboxes, agency_b) -> None:
    # 条例第四十九条第一款: "提交…并向社会公布" — both by 31 January.
    ReportVersion.objects.create(agency=agency_b, year=2025, status=Status.SUBMITTED, data={})
    assert main(["report-remind", "--date", "2026-01-25"]) == 0
    [to_b] = [m for m in staff_mail() if m.to == ["clerk@daj.example"]]
    assert "向社会公布期限 2026年01月31日" in to_b.subject and "报送、" not in to_b.subject


def test_it_says_nothing_long_before_the_deadline(mailboxes, capsys) -> None:
    assert main(["report-remind", "--date", "2025-12-01"]) == 0
    assert staff_mail() == [] and "共 0 封提醒" in capsys.readouterr().out


def test_it_tells_a_late_agency_it_is_late(mailboxes, agency_a) -> None:
    main(["report-remind", "--date", "2026-02-03", "--dry-run"])
    assert staff_mail() == []
    main(["report-remind", "--date", "2026-02-03"])
    assert any("已逾期 3 天" in m.subject for m in staff_mail())


def test_it_rejects_a_bad_date_in_one_line(capsys) -> None:
    assert main(["report-remind", "--date", "2026-13-01"]) == 2
    assert "gongkai report-remind" in capsys.readouterr().err
