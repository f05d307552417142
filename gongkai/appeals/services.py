"""The write paths for review and litigation cases; one audit event per change."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction

from gongkai.agencies.models import Agency
from gongkai.appeals import deadlines
from gongkai.appeals.models import Case, CaseKind, Result, Stage
from gongkai.audit.services import changes_record, event_record, snapshot
from gongkai.lib.recompute import records_recompute
from gongkai.workdays.selectors import platform_calendar

CASE_FIELDS = (
    "kind",
    "route",
    "body",
    "case_number",
    "applicant",
    "application",
    "request_number",
    "review_case",
    "filed_on",
    "copy_received_on",
    "answered_on",
    "stage",
    "summary",
)
DECISION_FIELDS = ("stage", "result", "decided_on")
DERIVED = ("answer_due_on",)  # computed, recorded in every event that moves it


@transaction.atomic
def case_create(*, actor: Any, agency: Agency, reason: str = "", **fields: Any) -> Case:
    unknown = set(fields) - set(CASE_FIELDS)
    if unknown:
        raise TypeError(f"case_create: unknown fields {sorted(unknown)}")
    case = Case(agency=agency, **fields)
    case.full_clean()
    answer_due_set(case)
    case.save()
    event_record(
        actor=actor,
        action="case.create",
        obj=case,
        agency=agency,
        changes={k: [None, v] for k, v in snapshot(case, CASE_FIELDS + DERIVED).items() if v},
        reason=reason,
    )
    return case


@transaction.atomic
def case_update(*, actor: Any, case: Case, reason: str = "", **fields: Any) -> Case:
    unknown = set(fields) - set(CASE_FIELDS)
    if unknown:
        raise TypeError(f"case_update: unknown fields {sorted(unknown)}")
    return _apply(actor, case, "case.update", CASE_FIELDS, fields, reason)


@transaction.atomic
def case_decide(
    *,
    actor: Any,
    case: Case,
    result: str,
    decided_on: date | None,
    stage: str | None = None,
    reason: str = "",
) -> Case:
    """Record the result (or move to a new stage: an appeal to 二审 reopens it as 尚未审结)."""
    fields: dict[str, Any] = {"result": result, "decided_on": decided_on}
    if result == str(Result.PENDING):
        fields["decided_on"] = None
    if stage:
        fields["stage"] = stage
    return _apply(actor, case, "case.decide", DECISION_FIELDS, fields, reason)


def _apply(
    actor: Any,
    case: Case,
    action: str,
    tracked: tuple[str, ...],
    fields: dict[str, Any],
    reason: str,
) -> Case:
    before = snapshot(case, tracked + DERIVED)
    for name, value in fields.items():
        setattr(case, name, value)
    case.full_clean()
    answer_due_set(case)
    case.save()
    changes_record(
        actor=actor, action=action, obj=case, agency=case.agency, before=before, reason=reason
    )
    return case


def answer_due_set(case: Case) -> None:
    """The agency's answer deadline from the copy's receipt (see ``appeals.deadlines``); none
    before the copy arrives, and none for an appeal or a retrial."""
    due = None
    if case.copy_received_on is not None:
        calendar = platform_calendar()
        if case.kind == CaseKind.REVIEW:
            due = deadlines.review_answer_due(calendar, case.copy_received_on)
        elif case.stage == Stage.FIRST:
            due = deadlines.defence_due(calendar, case.copy_received_on)
    case.answer_due_on = due.on if due else None
    case.answer_due_provisional = bool(due and due.provisional)


@transaction.atomic
def cases_recompute(*, actor: Any, years: list[int], reason: str) -> int:
    """Recompute the open answer deadlines that may run through ``years`` (the calendar
    changed); one event per case that moved. Returns how many moved."""
    if not years:
        return 0
    first, last = date(min(years), 1, 1), date(max(years), 12, 31)
    return records_recompute(
        Case.objects.select_for_update().filter(
            answered_on__isnull=True, copy_received_on__lte=last, answer_due_on__gte=first
        ),
        ("answer_due_on", "answer_due_provisional"),
        answer_due_set,
        actor=actor,
        action="case.recompute_deadline",
        reason=reason,
    )


def on_calendar_changed(
    sender: Any, *, actor: Any, years: list[int], reason: str, **kwargs: Any
) -> None:
    cases_recompute(actor=actor, years=years, reason=f"工作日历变更：{reason}")
