"""``gongkai report-remind``'s work: before 31 January (条例第四十九条) e-mail the reviewers and
clerks of every agency whose report on last year is not yet submitted or published; after the
deadline, tell them it is late. Meant for a daily cron run in January."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from gongkai.accounts.models import User
from gongkai.agencies.models import Agency
from gongkai.reports.models import ReportVersion, Status, submission_deadline

# Submitted is done on the agency's side; accepted and published come after it.
DONE = (Status.SUBMITTED, Status.ACCEPTED, Status.PUBLISHED)


@dataclass(frozen=True)
class ReportReminder:
    agency: str
    recipients: tuple[str, ...]
    subject: str
    body: str


def report_reminders(today: date, days: int) -> list[ReportReminder]:
    """Agencies whose report is not done, when its deadline is at most ``days`` away or past.
    From December the coming deadline is for this year's report; until then, last year's."""
    year = today.year if today.month == 12 else today.year - 1
    deadline = submission_deadline(year)
    if (deadline - today).days > days:
        return []
    done = set(
        ReportVersion.objects.filter(year=year, status__in=DONE).values_list("agency_id", flat=True)
    )
    found = []
    for agency in Agency.objects.filter(is_active=True).exclude(pk__in=done).order_by("short_code"):
        left = (deadline - today).days
        when = f"还有 {left} 天" if left >= 0 else f"已逾期 {-left} 天"
        subject = f"【年度报告】{agency.name}{year}年度报告报送期限 {deadline:%Y年%m月%d日}，{when}"
        body = (
            f"{agency.name}：\n\n依照《政府信息公开条例》第四十九条，{year}年政府信息公开工作"
            f"年度报告应于{deadline:%Y年%m月%d日}前报送上级政务公开工作主管部门并向社会公布。"
            f"本机关的报告尚未报送，{when}。请登录平台“年度报告”栏目生成、检查并报送。\n"
        )
        found.append(ReportReminder(agency.name, _emails(agency), subject, body))
    return found


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
