"""``gongkai remind``'s work: e-mail each agency's clerks about requests due within N working
days, and its reviewers about overdue ones. Polls the indexed ``due_on`` column (as
healthchecks' ``sendalerts`` does), so a daily cron run is cheap however many requests exist."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from gongkai.accounts.models import User
from gongkai.requests.models import Application
from gongkai.requests.selectors import days_left, due_between, overdue_on
from gongkai.workdays.clock import Calendar, add_working_days
from gongkai.workdays.selectors import platform_calendar


@dataclass(frozen=True)
class Reminder:
    agency: str
    role: str  # clerk / reviewer
    recipients: tuple[str, ...]
    subject: str
    body: str
    agency_id: int | None = None  # the outbox files the message under it


def reminders(today: date, days: int) -> list[Reminder]:
    calendar = platform_calendar()
    horizon = add_working_days(calendar, today, days).due
    found: list[Reminder] = []
    for kind, role, cases in (
        ("soon", User.Role.CLERK, due_between(today, horizon)),
        ("overdue", User.Role.REVIEWER, overdue_on(today)),
    ):
        by_agency: dict[int, list[Application]] = defaultdict(list)
        for application in cases:
            by_agency[application.agency_id].append(application)
        for agency_cases in by_agency.values():
            agency = agency_cases[0].agency
            # Kept even without recipients: the command reports who could not be told.
            recipients = agency_emails(agency.pk, str(role))
            lines = [reminder_line(a, today, calendar) for a in agency_cases]
            found.append(
                build_reminder(kind, agency.name, str(role), recipients, lines, days, agency.pk)
            )
    return found


def agency_emails(agency_id: int, *roles: str) -> tuple[str, ...]:
    return tuple(
        User.objects.filter(agency_id=agency_id, role__in=roles, is_active=True)
        .exclude(email="")
        .order_by("username")
        .values_list("email", flat=True)
    )


def reminder_line(application: Application, today: date, calendar: Calendar) -> str:
    left = days_left(calendar, today, application.due_on)
    if left is None:
        when = "日期异常，请核对"
    else:
        when = f"已超期 {-left} 个工作日" if left < 0 else f"剩余 {left} 个工作日"
    return (
        f"{application.tracking_number}  {application.get_status_display()}  "
        f"期限 {application.due_on:%Y-%m-%d}（{when}）"
    )


def build_reminder(
    kind: str,
    agency: str,
    role: str,
    recipients: tuple[str, ...],
    lines: list[str],
    days: int,
    agency_id: int | None = None,
) -> Reminder:
    if kind == "soon":
        subject = f"【依申请公开】{agency}：{len(lines)} 件申请将在 {days} 个工作日内到期"
        intro = "以下申请的期限即将届满，请及时办理（条例第三十三条）："
    else:
        subject = f"【依申请公开】{agency}：{len(lines)} 件申请已超期"
        intro = "以下申请已超过期限，请督促办理："
    body = "\n".join([intro, "", *lines])
    return Reminder(agency, role, recipients, subject, body, agency_id)
