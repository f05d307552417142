"""``gongkai remind``'s part for reviews and suits: the agency's written answer (行政复议法
第四十八条) or defence (行政诉讼法第六十七条) due within N working days or overdue, to the
agency's clerks and reviewers (a missed defence loses the case's evidence: 行政诉讼法第三十四条)."""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from gongkai.accounts.models import User
from gongkai.appeals.models import Case
from gongkai.appeals.selectors import answers_due_by
from gongkai.requests.reminders import Reminder, agency_emails
from gongkai.workdays.clock import add_working_days
from gongkai.workdays.selectors import platform_calendar


def reminders(today: date, days: int) -> list[Reminder]:
    horizon = add_working_days(platform_calendar(), today, days).due
    by_agency: dict[int, list[Case]] = defaultdict(list)
    for case in answers_due_by(horizon):
        by_agency[case.agency_id].append(case)
    found = []
    for cases in by_agency.values():
        agency = cases[0].agency
        recipients = agency_emails(agency.pk, str(User.Role.CLERK), str(User.Role.REVIEWER))
        lines = [_line(case, today) for case in cases]
        subject = f"【复议诉讼】{agency.name}：{len(cases)} 件案件的书面答复/答辩状期限将至或已过"
        body = "\n".join(["以下案件须按期提交书面答复或答辩状：", "", *lines])
        found.append(Reminder(agency.name, "clerk", recipients, subject, body, agency.pk))
    return found


def _line(case: Case, today: date) -> str:
    assert case.answer_due_on is not None
    left = (case.answer_due_on - today).days
    when = f"已超期 {-left} 日" if left < 0 else f"还有 {left} 日"
    return f"{case}  {case.answer_label}期限 {case.answer_due_on:%Y-%m-%d}（{when}）"
