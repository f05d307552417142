"""Reads: the published report of a year, last year's, and the agencies' states for the
supervising office."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import QuerySet

from gongkai.agencies.models import Agency
from gongkai.report.model import AnnualReport
from gongkai.reports.deadlines import ReportDeadline, report_deadline
from gongkai.reports.models import ReportVersion, Status


def published_versions(agency: Agency | int, year: int) -> QuerySet[ReportVersion]:
    return ReportVersion.objects.filter(agency=agency, year=year, status=Status.PUBLISHED).order_by(
        "-version"
    )


def published_report(agency: Agency | int, year: int) -> ReportVersion | None:
    """The latest published version (a correction supersedes the earlier ones)."""
    return published_versions(agency, year).first()


def last_year_report(agency: Agency, year: int) -> AnnualReport | None:
    found = published_report(agency, year - 1)
    return found.report if found is not None else None


def public_reports(agency: Agency) -> list[ReportVersion]:
    """One per year: the latest published version, newest year first."""
    seen: dict[int, ReportVersion] = {}
    for draft in ReportVersion.objects.filter(agency=agency, status=Status.PUBLISHED).order_by(
        "-year", "-version"
    ):
        seen.setdefault(draft.year, draft)
    return list(seen.values())


# The dashboard's states: a report not started has no row at all.
NOT_STARTED = "not_started"
LATE = "late"
STATE_LABELS = {
    NOT_STARTED: "未开始",
    **{str(value): str(label) for value, label in Status.choices},
    LATE: "逾期",
}


@dataclass(frozen=True, slots=True)
class AgencyState:
    agency: Agency
    draft: ReportVersion | None  # the latest version
    published: ReportVersion | None  # the latest published version
    late: bool
    deadline: ReportDeadline | None = None  # 条例第四十九条, by the agency's kind and level

    @property
    def state(self) -> str:
        if self.draft is None:
            return LATE if self.late else NOT_STARTED
        return str(self.draft.status)

    @property
    def label(self) -> str:
        text = STATE_LABELS[self.state]
        return f"{text}（逾期）" if self.late and self.state != LATE else text


def agency_states(agencies: list[Agency], year: int, today: date) -> list[AgencyState]:
    latest: dict[int, ReportVersion] = {}
    published: dict[int, ReportVersion] = {}
    for draft in ReportVersion.objects.filter(agency__in=agencies, year=year).order_by("version"):
        latest[draft.agency_id] = draft
        if draft.status == Status.PUBLISHED:
            published[draft.agency_id] = draft
    states = []
    for agency in agencies:
        draft = latest.get(agency.pk)
        deadline = report_deadline(agency, year)
        late = draft.is_late(today) if draft is not None else today > deadline.next
        states.append(AgencyState(agency, draft, published.get(agency.pk), late, deadline))
    return states
