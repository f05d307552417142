"""Recording a state change: the locked row, the due date recomputed on the platform calendar,
``full_clean``, the save and its one audit event."""

from __future__ import annotations

from typing import Any

from gongkai.audit.services import event_record, snapshot
from gongkai.notifications.events import application_event_notify
from gongkai.requests import deadlines
from gongkai.requests.models import FINISHED, Application
from gongkai.workdays.clock import Calendar
from gongkai.workdays.selectors import platform_calendar

# Fields whose old/new values the audit event records.
TRACKED = (
    "status",
    "period_start",
    "due_on",
    "due_provisional",
    "extension_days",
    "extension_approved_on",
    "extension_notified_on",
    "later_deadline",
    "reasons_requested_on",
    "reasons_received_on",
    "correction_requested_on",
    "correction_days",
    "correction_due_on",
    "correction_received_on",
    "fee_method",
    "fee_amount",
    "fee_notice_on",
    "fee_due_on",
    "fee_paid_on",
    "draft_outcome",
    "outcome",
    "closed_on",
)


def clock(application: Application) -> deadlines.CaseClock:
    consultations = application.consultations.all() if application.pk else []
    # 条例第三十二条、第三十四条: the pause ends at the answer or the party's deadline,
    # whichever is first (a late answer does not stretch it).
    intervals = [deadlines.Interval(c.sent_on, c.pause_end) for c in consultations]
    if application.fee_notice_on and application.fee_due_on:
        intervals.append(
            deadlines.Interval(
                application.fee_notice_on, application.fee_paid_on or application.fee_due_on
            )
        )
    return deadlines.CaseClock(
        status=application.status,
        period_start=application.period_start,
        extension_days=application.extension_days,
        later_deadline=application.later_deadline,
        correction_due_on=application.correction_due_on,
        fee_due_on=application.fee_due_on,
        intervals=tuple(intervals),
    )


def recompute_due(application: Application, calendar: Calendar | None = None) -> None:
    if application.status in FINISHED:
        return  # the last deadline stays on record: the ledger shows whether it was kept
    due = deadlines.next_due(calendar or platform_calendar(), clock(application))
    application.due_on, application.due_provisional = due.on, due.provisional


def save(
    application: Application,
    *,
    actor: Any,
    action: str,
    before: dict[str, Any],
    reason: str = "",
    extra: dict[str, Any] | None = None,
    calendar: Calendar | None = None,
) -> Application:
    recompute_due(application, calendar)
    application.full_clean()
    application.save()
    after = snapshot(application, TRACKED)
    changes = {k: [before.get(k), v] for k, v in after.items() if before.get(k) != v}
    changes.update(extra or {})
    event_record(
        actor=actor,
        action=f"application.{action}",
        obj=application,
        agency=application.agency,
        changes=changes,
        reason=reason,
    )
    # The applicant's message, if this step is one they are told of: in this transaction.
    application_event_notify(application, action)
    return application


def locked(application: Application) -> tuple[Application, dict[str, Any]]:
    """The row locked for this transaction, fresh from the database (two clerks clicking at
    once must not both close a case)."""
    fresh = Application.objects.select_for_update().select_related("agency").get(pk=application.pk)
    return fresh, snapshot(fresh, TRACKED)
