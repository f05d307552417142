"""Demo annual reports: the departments' reports on three earlier years as imported from their
own sites (``report_history``), the year before last built in the platform and published on time,
and for last year one department's draft in progress and one published late — so the
supervising office's dashboard, the cross-year checks and the 汇总 have a history."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, time, timedelta
from typing import Any

from django.utils import timezone

from gongkai.agencies.models import Agency
from gongkai.demo.report_history import load_history_demo
from gongkai.reports.models import ReportVersion
from gongkai.reports.services import (
    draft_findings,
    report_acknowledge,
    report_build,
    report_publish,
    report_submit,
    report_update,
)

PROBLEMS = (
    "一是政策解读形式较为单一，图解、视频解读比例偏低；二是依申请公开答复文书的说理还不够充分。"
    "下一步，本机关将丰富解读形式，加强答复文书审核，提升政府信息公开工作质量。"
)
OTHER = "本年度未收取信息处理费。"


def load_reports_demo(
    operator: Any, departments: Sequence[Agency], year: int | None = None
) -> None:
    """Reports on ``year - 1`` for every department, published; on ``year`` (by default last
    year): the first department's draft (built, not yet submitted) and the second's published."""
    year = year or timezone.localdate().year - 1
    load_history_demo(operator, list(departments), year - 4, year - 2)
    for agency in departments:
        _published(operator, agency, year - 1, on_time=True)
    if departments:
        draft = report_build(actor=operator, agency=departments[0], year=year)
        report_update(actor=operator, draft=draft, sections={"problems": PROBLEMS})
    if len(departments) > 1:
        _published(operator, departments[1], year, on_time=False)


def _published(operator: Any, agency: Agency, year: int, *, on_time: bool) -> ReportVersion:
    draft = report_build(actor=operator, agency=agency, year=year)
    report_update(
        actor=operator, draft=draft, sections={"problems": f"{year}年，{PROBLEMS}", "other": OTHER}
    )
    for checked in draft_findings(draft):
        if checked.is_error:
            raise ValueError(
                f"演示数据：{agency.name}{year}年度报告有错误：{checked.finding.message}"
            )
        if checked.blocks:
            report_acknowledge(
                actor=operator, draft=draft, key=checked.key, reason="演示数据：已核实"
            )
    # The demo loads in one go: the report on time is dated and sent as if before 31 January,
    # the late one a month after its deadline (both in the past).
    day = draft.deadline.replace(day=20) if on_time else draft.deadline + timedelta(days=30)
    day = min(day, timezone.localdate())
    report_submit(actor=operator, draft=draft, today=day)
    report_publish(actor=operator, draft=draft, today=day)
    sent = timezone.make_aware(datetime.combine(day, time(10)))
    ReportVersion.objects.filter(pk=draft.pk).update(submitted_at=sent, published_at=sent)
    return draft
