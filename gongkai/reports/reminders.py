"""``gongkai report-remind``'s work: before the 条例第四十九条 dates (31 January for departments:
submit and publish; 31 March for county-level and higher governments' own reports: publish)
e-mail the reviewers and clerks of every agency with a step not done; after the date, tell them
it is late. Meant for a daily cron run from January to March."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from gongkai.accounts.models import User
from gongkai.agencies.models import Agency
from gongkai.reports.deadlines import report_deadline
from gongkai.reports.models import ReportVersion, Status

# Submitted is done on the agency's side; accepted and published come after it.
DONE = (Status.SUBMITTED, Status.ACCEPTED, Status.PUBLISHED)


@dataclass(frozen=True)
class ReportReminder:
    agency: str
    recipients: tuple[str, ...]
    subject: str
    body: str
    agency_id: int | None = None  # the outbox files the message under it


def report_reminders(today: date, days: int) -> list[ReportReminder]:
    """Agencies with a step of 条例第四十九条 not done — a department's submission or
    publication (31 January), a government's own publication (31 March) — when its date is at
    most ``days`` away or past. From December the coming deadline is for this year's report;
    until then, last year's."""
    year = today.year if today.month == 12 else today.year - 1
    submitted, published = _done(year)
    found = []
    for agency in Agency.objects.filter(is_active=True).order_by("short_code"):
        deadline = report_deadline(agency, year)
        missing = [
            (step, by)
            for step, by, done in (
                ("报送", deadline.submit_by, agency.pk in submitted),
                ("向社会公布", deadline.publish_by, agency.pk in published),
            )
            if by is not None and not done and (by - today).days <= days
        ]
        if missing:
            found.append(_reminder(agency, year, deadline.basis, missing, today))
    return found


def _done(year: int) -> tuple[set[int], set[int]]:
    versions = ReportVersion.objects.filter(year=year)
    submitted = set(
        versions.filter(submitted_at__isnull=False).values_list("agency_id", flat=True)
    ) | set(versions.filter(status__in=DONE).values_list("agency_id", flat=True))
    published = set(versions.filter(status=Status.PUBLISHED).values_list("agency_id", flat=True))
    return submitted, published


def _reminder(
    agency: Agency, year: int, basis: str, missing: list[tuple[str, date]], today: date
) -> ReportReminder:
    by = min(day for _step, day in missing)
    left = (by - today).days
    when = f"还有 {left} 天" if left >= 0 else f"已逾期 {-left} 天"
    steps = "、".join(step for step, _day in missing)
    subject = f"【年度报告】{agency.name}{year}年度报告{steps}期限 {by:%Y年%m月%d日}，{when}"
    body = (
        f"{agency.name}：\n\n依照《政府信息公开条例》第四十九条（{basis}），{year}年政府信息公开"
        f"工作年度报告应于{by:%Y年%m月%d日}前{steps}。本机关尚未{steps}，{when}。"
        "请登录平台“年度报告”栏目生成、检查、报送并公开。\n"
    )
    return ReportReminder(agency.name, _emails(agency), subject, body, agency.pk)


def _emails(agency: Agency) -> tuple[str, ...]:
    return tuple(
        User.objects.filter(
            agency=agency,
            is_active=True,
            role__in=(User.Role.CLERK, User.Role.REVIEWER, User.Role.ADMIN),
        )
        .exclude(email="")
        .order_by("username")
        .values_list("email", flat=True)
    )
