"""条例第四十九条 — who must do what with the annual report on ``year``, and by when:

- "县级以上人民政府部门应当在每年1月31日前向本级政府信息公开工作主管部门提交本行政机关上一年度
  政府信息公开工作年度报告并向社会公布": a department (and the disclosure office, itself a
  department of its government) submits **and** publishes by 31 January;
- "县级以上地方人民政府的政府信息公开工作主管部门应当在每年3月31日前向社会公布本级政府上一年度
  政府信息公开工作年度报告": a county-level or higher government's own report is published by
  31 March (no submission step).
A township government is named by neither paragraph; it is held to the departments' 31 January,
and the page says that this is the platform's rule, not the 条例's.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from django.utils import timezone

from gongkai.agencies.models import Agency


@dataclass(frozen=True)
class ReportDeadline:
    submit_by: date | None  # None: no submission step (a government's own report)
    publish_by: date
    basis: str

    @property
    def next(self) -> date:
        return self.submit_by or self.publish_by

    def is_late(
        self,
        today: date,
        submitted_at: datetime | None,
        published_at: datetime | None,
        check_submission: bool = True,
    ) -> bool:
        """A step not done by its date (done late, or not yet done once the date passed)."""
        if check_submission and self.submit_by and _late(submitted_at, self.submit_by, today):
            return True
        return _late(published_at, self.publish_by, today)


def _late(done_at: datetime | None, by: date, today: date) -> bool:
    return (timezone.localdate(done_at) if done_at else today) > by


def report_deadline(agency: Agency, year: int) -> ReportDeadline:
    if agency.kind == Agency.Kind.GOVERNMENT and agency.level != Agency.Level.TOWNSHIP:
        return ReportDeadline(
            None, date(year + 1, 3, 31), "条例第四十九条第二款：本级政府报告3月31日前向社会公布"
        )
    if agency.kind == Agency.Kind.GOVERNMENT:
        return ReportDeadline(
            date(year + 1, 1, 31),
            date(year + 1, 1, 31),
            "乡镇人民政府：条例第四十九条未规定，平台参照第一款按1月31日前报送并公布",
        )
    return ReportDeadline(
        date(year + 1, 1, 31),
        date(year + 1, 1, 31),
        "条例第四十九条第一款：1月31日前报送并向社会公布",
    )
